/* web.h: the web application: routes, signed-in sessions, pages. Served by
 * http.c; data from the store through the same services as the command line
 * (due.c, accounts.c). */
#ifndef OV_WEB_H
#define OV_WEB_H

#include <stdio.h>

#include "web/http.h"
#include "core/policy.h"

#define WEB_IDLE_TIMEOUT (30 * 60)         /* seconds without a request */
#define WEB_ABSOLUTE_TIMEOUT (12 * 60 * 60) /* seconds since signing in */
#define WEB_MAX_FAILURES 5                 /* failed sign-ins per account ... */
#define WEB_FAILURE_WINDOW (15 * 60)       /* ... in this many seconds, then a pause */
#define WEB_MAX_ADDRESS_FAILURES 50        /* failed sign-ins from one address in the window */
#define WEB_CODE_TIMEOUT (5 * 60)          /* seconds to enter the two-factor code */

typedef struct WebApp WebApp;

/* An app over the database at db under the policy pol (which must outlive
 * it), with connections for up to `threads`
 * requests at once. NULL with err on failure. */
WebApp *web_new(const char *db, const Policy *pol, unsigned threads, char *err, size_t errlen);
void web_free(WebApp *app);
/* Marks cookies Secure: when served over HTTPS, here or by a proxy. */
void web_set_secure_cookies(WebApp *app, bool secure);

/* The http.h handler; ctx is the WebApp. */
void web_handle(void *ctx, const HttpRequest *rq, HttpResponse *rs);

/* The http.h upload check: only a signed-in admin may send a file. */
bool web_may_upload(void *ctx, const HttpRequest *rq);

/* Every route, one per line: METHOD PATH[*] WHO [csrf], where * marks a
 * prefix and WHO is anyone, signed-in, admin or api (signed in; answers
 * JSON). For the access tests. */
void web_print_routes(FILE *out);

#endif
