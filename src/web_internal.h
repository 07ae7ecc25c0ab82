/* web_internal.h: what the parts of the web application share (web.c's
 * routing and sessions, web_pages.c, web_admin.c, web_api.c). Not for use
 * outside the web application. */
#ifndef OV_WEB_INTERNAL_H
#define OV_WEB_INTERNAL_H

#include <pthread.h>

#include "access.h"
#include "accounts.h"
#include "date.h"
#include "due.h"
#include "html.h"
#include "http.h"
#include "page_cache.h"
#include "policy.h"
#include "store.h"
#include "web.h"

struct WebApp {
    const Policy *pol;
    char dummy_hash[PASSWORD_HASH_MAX]; /* checked when no such account exists */
    Store **stores;
    bool *busy;
    unsigned nstores;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    bool secure_cookies;
    PageCache *cache; /* due lists as rendered, while the data is unchanged */
};

/* Enough for every team's page of a large council, a few MiB in all. */
#define PAGE_CACHE_ENTRIES 512
#define PAGE_CACHE_BYTES (32u << 20)

/* The signed-in user of a request. */
typedef struct {
    bool signed_in;
    bool code_due;  /* password right, second factor still to come: not signed in */
    bool must_enrol; /* two-factor sign-in is required of the account and not set up */
    bool totp_enabled;
    char token_hash[65];
    int64_t user_ref;
    char csrf[TOKEN_CHARS + 1];
    char username[USERNAME_MAX + 1];
    char staff_id[65];
    char staff_name[256];
    Viewer viewer;
} Visitor;

/* One request on its way through a page. arg is the rest of the path after
 * a route's prefix ("S0001" for /people/S0001), "" for exact routes. */
typedef struct {
    WebApp *app;
    Store *st;
    const HttpRequest *rq;
    HttpResponse *rs;
    const Visitor *v;
    const char *arg;
} Req;

/* The frame of a page for this visitor; current is the navigation entry
 * (an href) this page belongs to, or NULL. */
void page_start(Req *r, const char *title, const char *current);
void page_end(Req *r);

/* Whole answers. Each replaces whatever the body held. */
void page_server_error(Req *r);           /* 500, logged with the store's error */
void page_not_found(Req *r);              /* 404 */
void page_refused(Req *r, const char *what); /* 403, logged */
void page_bad_request(Req *r, const char *why); /* 400 */

/* Today in the server's local time: the as-of date of every due list. */
Date web_today(void);

/* A date as people read it, "19 August 2026" (GOV.UK style). */
#define WEB_DATE_CHARS 20
void web_date(Date d, char out[WEB_DATE_CHARS]);
/* The same for a stored 'YYYY-MM-DD' (anything else is copied). */
void web_date_text(const char *iso, char out[WEB_DATE_CHARS]);

/* A GOV.UK error summary for one problem, linking to the field it is about. */
void web_error_summary(Buf *b, const char *field_id, const char *problem);

/* A GOV.UK tag for a due status. */
const char *web_status_tag(DueStatus s);

/* The pages (web_pages.c). */
void page_my_supervision(Req *r);
void page_my_team(Req *r);
void page_services(Req *r);
void page_service(Req *r);
void page_team(Req *r);
void page_person(Req *r);
void page_case(Req *r);

/* The admin pages (web_admin.c). */
void page_admin(Req *r);
void page_admin_imports(Req *r);
void post_admin_import(Req *r);
void page_admin_users(Req *r);
void post_admin_users(Req *r);
void page_admin_user(Req *r);
void post_admin_user(Req *r);
void page_admin_teams(Req *r);
void page_admin_team(Req *r);
void post_admin_team(Req *r);
void page_admin_policy(Req *r);
void post_admin_policy(Req *r);

/* The JSON API (web_api.c). */
void api_not_signed_in(Req *r); /* 401 */
void api_two_factor_first(Req *r); /* 403: the account must set up two-factor sign-in */
void api_me(Req *r);
void api_my_due(Req *r);
void api_team_due(Req *r);
void api_team(Req *r);
void api_services(Req *r);
void api_service(Req *r);
void api_person(Req *r);
void api_case(Req *r);

#endif
