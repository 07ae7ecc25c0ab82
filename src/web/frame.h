/* frame.h: what every page and API handler of the web application shares:
 * the request (Req) and its visitor, the page frame, whole-page answers,
 * forms that keep what was typed, and the mapping of service answers onto
 * HTTP. Not for use outside src/web. */
#ifndef OV_WEB_FRAME_H
#define OV_WEB_FRAME_H

#include <pthread.h>

#include "svc/access.h"
#include "svc/accounts.h"
#include "core/date.h"
#include "svc/due.h"
#include "web/html.h"
#include "web/http.h"
#include "web/page_cache.h"
#include "core/policy.h"
#include "store/store.h"
#include "svc/svc.h"
#include "svc/trail.h"
#include "web/web.h"

/* The application (router.c makes it): what every request shares. */
struct WebApp {
    /* The policy in force: the one the server started with, until another
     * is applied, here, on another server or from the command line
     * (web_policy_take_up). Read it once per use. */
    _Atomic(const Policy *) pol;
    _Atomic int64_t policy_version; /* setting_policy_version when pol was taken up; -1 not yet asked */
    Policy **applied;               /* the policies taken up here, kept until web_free */
    size_t napplied;
    pthread_mutex_t applied_lock;
    _Atomic bool stopping;        /* web_set_stopping: /healthz answers 503 */
    _Atomic int64_t health_asked; /* when /healthz was last asked (Unix time); 0 never */
    struct WebPool *pool;         /* the database connections (pool.h) */
    bool secure_cookies;
    bool cost_header;        /* web_set_cost_header */
    char public_url[256];    /* web_set_public_url */
    PageCache *cache;        /* due lists as rendered, while the data is unchanged */
    char log_key_file[4096]; /* web_set_log_key_file; "" none */
    Trail *trail;            /* the read trail's queued writer (svc/trail.h) */
};

/* Takes up the policy in force in the database when it is not the one in
 * memory (one cheap statement when it is): every server on a database, and
 * the command line, apply policies there, so none may answer by an older
 * one. Requests under way keep the policy they had. A failure keeps the
 * policy in memory (logged); the request's own statements fail the same. */
void web_policy_take_up(WebApp *app, Store *st);
/* The same, with the version already read (the session's statement reads
 * it with the session, svc/session.h): no statement when it is the same,
 * or older than the one in memory (a request whose snapshot began before
 * another took up a newer one). */
void web_policy_take_up_version(WebApp *app, Store *st, int64_t version);

/* Enough for every team's page of a large council, a few MiB in all. */
#define PAGE_CACHE_ENTRIES 512
#define PAGE_CACHE_BYTES (32u << 20)

/* The cookie that carries a session's token. */
#define WEB_SESSION_COOKIE "ov_session"

/* The signed-in user of a request (the router finds it from the session
 * cookie, svc/session.h). */
typedef struct {
    bool signed_in;
    bool code_due;   /* password right, second factor still to come: not signed in */
    bool must_enrol; /* two-factor sign-in is required of the account and not set up */
    bool totp_enabled;
    char token_hash[65];
    int64_t user_ref;
    char csrf[TOKEN_CHARS + 1];
    char username[USERNAME_MAX + 1];
    char staff_id[65];
    char staff_name[256];
    int64_t policy_version; /* setting_policy_version, read with the session */
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
    /* The form being written (form_start to form_end): the prefix of its
     * fields' ids, and whether it is the form this request posted. */
    const char *form_ids;
    bool form_posted;
} Req;

/* Starts the answer afresh: empties the body and clears its overflow
 * (util.h), dropping whatever a form's answer may have begun. */
void web_answer_afresh(Req *r);

/* The frame of a page for this visitor, begun afresh (web_answer_afresh);
 * current is the navigation entry (an href) this page belongs to, or NULL. */
void page_start(Req *r, const char *title, const char *current);
/* page_notices.c: the banner of changes made to the visitor's account that
 * they have not yet acknowledged (nothing when none); page_start calls it. */
void account_notice_banner(Req *r);
void page_end(Req *r);

/* Whole answers (frame.c). Each replaces whatever the body held. */
void page_server_error(Req *r); /* 500, logged with the store's error; 503 when busy or unavailable */
/* The store's last failure was only a wait for the write lock that ran out
 * (store_busy), or the database server gone or unreachable
 * (store_unavailable): adds "Retry-After: WEB_RETRY_AFTER" and returns true,
 * for a "try again" answer (503) instead of a server error. */
bool web_store_busy(Req *r);
bool web_store_unavailable(Req *r);
#define WEB_RETRY_AFTER 5                       /* seconds */
void page_not_found(Req *r);                    /* 404 */
void page_refused(Req *r, const char *what);    /* 403, logged */
void page_bad_request(Req *r, const char *why); /* 400 */
/* 409: another request changed the thing first; why says what to do. */
void page_conflict(Req *r, const char *why);

/* Records in the read trail (svc/trail.h) that this request reads what it
 * is about to show: kind and ref of the thing ("record" and its ref, ...),
 * as: the viewer's part in it ("supervisor", "self", ...; NULL: none, the
 * account's role is recorded, trail_role), detail a few words for people.
 * Called once per page or API answer, after the service has allowed the
 * read and before anything of it is written out. false when the read
 * cannot be recorded (the trail's queue is full, or it cannot be written):
 * the answer is then a 503 with Retry-After saying so, and the caller
 * shows nothing of what it read. */
bool web_trail_read(Req *r, const char *kind, int64_t ref, const char *as, const char *detail);

/* Today in the server's local time: the as-of date of every due list. */
Date web_today(void);

/* A date as people read it, "19 August 2026" (GOV.UK style). */
#define WEB_DATE_CHARS 20
void web_date(Date d, char out[WEB_DATE_CHARS]);
/* The same for a stored 'YYYY-MM-DD' (anything else is copied). */
void web_date_text(const char *iso, char out[WEB_DATE_CHARS]);

/* A GOV.UK error summary for one problem, linking to the field it is about. */
void web_error_summary(Buf *b, const char *field_id, const char *problem);

/* ---- what was typed, when the sign-in ended while typing ----
 *
 * A form that changes something (a csrf route of the route table, for the
 * signed-in) posted after the session ended is not lost: the sign-in form
 * (and the second-factor form after it) carries its fields as hidden
 * fields, "carried-NAME", with the path it was sent to as "carried-to";
 * once signed in, a page holds them again under their own names with a
 * fresh form token, to be sent as they were, under the normal rules (the
 * route's own checks). Only paths of such routes are carried to, and at
 * most WEB_CARRY_FIELDS fields of WEB_CARRY_BYTES together (else nothing
 * is carried, and the sign-in page says so). The same page answers a form
 * whose token is not the session's (signed in again in another tab). */
#define WEB_CARRY_FIELDS 200
#define WEB_CARRY_BYTES (256 * 1024) /* within HTTP_MAX_BODY once escaped */
/* Whether path is one a form may be carried to (router.c). */
bool web_route_carried_to(const char *path);
/* Whether this request carries a form (as above): its fields' count is
 * within bounds, carried-to is such a path, and it was posted from this
 * site's own page. */
bool web_carrying(const Req *r);
/* The hidden fields that carry this request's form on: its own posted
 * fields (but its token) when it was the form, or the ones it carries. */
void web_carry_hidden(Req *r);
/* Whether this request's own posted form can be carried (see the caps).
 * Only a form the browser says was posted from this site's own pages is
 * carried (Sec-Fetch-Site, else Origin): another site's page must not make
 * a form it wrote come back, after signing in, to be sent with one click. */
bool web_carry_fits(const Req *r);
/* Whether this request's form would be carried but for the caps. */
bool web_carry_wanted(const Req *r);
/* The page that gives back what was carried, to send with the token csrf
 * (the session just begun, or the one the visitor has) of the account
 * username. A form typed in another account's session (the sign-in form
 * names it, "typed-by") is not given back: on a shared computer the next
 * person to sign in must not send someone else's typing as their own. */
void web_carried_page(Req *r, const char *csrf, const char *username);

/* A GOV.UK tag for a due status. */
void web_status_tag(Buf *b, DueStatus s);

/* Forms (form.c). A form posted back with a problem shows what was
 * typed: form_value is the posted value when the request is a POST, else
 * fallback. The fields of the form that was posted (its action is the
 * request's path) show what was posted; the page's other forms show their
 * defaults. e (may be NULL) puts its message at the field whose id it names. */
const char *form_value(const Req *r, const char *name, const char *fallback);
void form_start(Req *r, const char *action);
/* The hidden fields every form that changes something carries: the
 * session's form token and a new one-time write key (svc/write_key.h), so
 * that sending it twice applies it once. form_start writes them. */
void form_tokens(Req *r);
/* One of several forms on a page with the same fields: each field's id is
 * ids followed by its name (the name is unchanged), and the form is the
 * posted one only when its action was posted and `mine` is true. */
void form_start_ids(Req *r, const char *action, const char *ids, bool mine);
void form_end(Req *r);
void form_input(Req *r, const char *id, const char *label, const char *hint, const char *value, const char *width,
                const SvcError *e);
void form_textarea(Req *r, const char *id, const char *label, const char *hint, const char *value, int rows,
                   const SvcError *e);
/* options: label and value (in href) of each choice. */
void form_select(Req *r, const char *id, const char *label, const char *hint, const HtmlLink *options, size_t n,
                 const char *value, const SvcError *e);
/* Radios in a fieldset whose legend is legend; options as form_select's.
 * The first item's id is the field's, for the error summary's link. */
void form_radios(Req *r, const char *id, const char *legend, const HtmlLink *options, size_t n, const char *value,
                 const SvcError *e);
/* One checkbox item (put them in a govuk-checkboxes div). */
void form_checkbox(Req *r, const char *id, const char *label, bool checked);
void form_button(Req *r, const char *label, bool secondary);
/* The error summary of a problem, when there is one. */
void form_problem(Req *r, const SvcError *e);

/* Dates, as GOV.UK's date input: three fields NAME-day, NAME-month and
 * NAME-year in a fieldset whose legend is label (hint NULL: "For example,
 * 27 3 2026"). value is YYYY-MM-DD or "". Every date a form asks for is
 * entered through these. e at fault for NAME (a service's problem with the
 * date) marks all three; at NAME-day, NAME-month or NAME-year (from
 * form_date_read) marks the parts that are wrong. */
void form_date(Req *r, const char *name, const char *label, const char *hint, const char *value, const SvcError *e);
/* The date posted in NAME's fields, as YYYY-MM-DD in iso (returned); or,
 * when none of them was posted, the field NAME as posted (one YYYY-MM-DD,
 * for clients that send it so; the service checks it). NULL with e set,
 * in GOV.UK's words, when the parts are not a date: "Enter " what (nothing
 * entered: "Enter the date the session is booked for"), label " must
 * include a month", label " must be a real date", "Year must include 4
 * numbers", label " must be between 1900 and 2099"; e's field is the
 * first part at fault (NAME-day, -month or -year). */
const char *form_date_read(const Req *r, const char *name, const char *label, const char *what, char iso[11],
                           SvcError *e);
/* form_date_read's check of the three parts as typed (NULL for one not
 * posted), with no request: *wrong gets a bit per part at fault (1 day, 2
 * month, 4 year). For the unit tests and form_date. */
#define FORM_YEAR_MIN 1900
#define FORM_YEAR_MAX 2099
const char *form_date_parse(const char *day, const char *month, const char *year, const char *name, const char *label,
                            const char *what, char iso[11], unsigned *wrong, SvcError *e);

/* The services' answers, and small shared pieces (frame.c). */

/* The acting user for the services: the viewer, the policy, today, now. */
SvcActor web_actor(const Req *r);
/* true when a service's answer ended the request: refused (403; 404 on a
 * POST, as not found, svc/access.h), not found (404), both logged with
 * what and the route, or failed (500), with that page. Otherwise false; for
 * SVC_INVALID and SVC_CONFLICT the status is set to 400 or 409 and the
 * caller shows its form again with the problem. */
bool web_svc_refusal(Req *r, SvcResult rc, const char *what);
/* A Unix time as people read it, "19 August 2026 14:05" (local time). */
void web_time(int64_t t, char out[WEB_DATE_CHARS + 8]);

/* A positive decimal key from a path ("42"); 0 when it is anything else. */
int64_t web_ref(const char *s);
/* One row of a GOV.UK summary list; both escaped. */
void web_summary_row(Buf *b, const char *key, const char *value);
/* Text people wrote, as a paragraph: line breaks kept (app-prose),
 * everything escaped; nothing when text is NULL or "". */
void web_prose(Buf *b, const char *text);
/* web_date_text into out, returning out. */
const char *web_date_of(const char *iso, char out[WEB_DATE_CHARS]);

#endif
