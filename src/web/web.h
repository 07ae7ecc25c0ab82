/* web.h: the web application, as the command line starts it: routes,
 * signed-in sessions, pages (router.c). Served by http.c; data from the
 * store through the same services as the command line. Sessions' timeouts
 * and the sign-in throttle are svc/session.h's. */
#ifndef OV_WEB_H
#define OV_WEB_H

#include <stdio.h>

#include "web/http.h"
#include "core/policy.h"

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
