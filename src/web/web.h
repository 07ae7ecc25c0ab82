/* web.h: the web application, as the command line starts it: routes,
 * signed-in sessions, pages (router.c). Served by http.c; data from the
 * store through the same services as the command line. Sessions' timeouts
 * and the sign-in throttle are svc/session.h's. */
#ifndef OV_WEB_H
#define OV_WEB_H

#include <stdint.h>
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
/* Adds to every answer from the database a header X-Oversight-Cost:
 * "statements=N rows=M", the work the request cost (store_cost_take), so
 * that tests can see whether a page's cost grows with the organisation.
 * Off unless asked for (oversight serve --cost-header): it is for tests,
 * not for the people using the application. */
void web_set_cost_header(WebApp *app, bool on);
/* The address people reach the application at ("https://oversight.example",
 * no path), which pages and calendars write into absolute addresses; never
 * taken from a request's Host header, which the client chooses. */
void web_set_public_url(WebApp *app, const char *url);
/* The record log's signing key file (svc/log_key.h), read when a
 * supervision file is downloaded and the log has grown since its last
 * checkpoint: a new one is then signed for it. Without one ("", or no such
 * file) the latest checkpoint must cover the file, else the page says to
 * ask an administrator to run `oversight log checkpoint`. */
void web_set_log_key_file(WebApp *app, const char *path);
/* The server is stopping (SIGTERM): /healthz answers 503 from now on, so
 * that a load balancer stops sending requests here; every other request is
 * still served. */
void web_set_stopping(WebApp *app);
/* Whether something (a load balancer) has asked /healthz within the last
 * WEB_HEALTH_WATCHED seconds before now: only then is there anyone to see
 * web_set_stopping, and a wait for it worth making (oversight serve --drain). */
#define WEB_HEALTH_WATCHED 60
bool web_health_watched(WebApp *app, int64_t now);
/* Checks a --public-url: http or https, a host name or address and an
 * optional port, nothing else. NULL when good, else what is wrong. */
const char *web_public_url_problem(const char *url);

/* The http.h handler; ctx is the WebApp. */
void web_handle(void *ctx, const HttpRequest *rq, HttpResponse *rs);

/* The http.h upload check: only a signed-in admin may send a file. */
bool web_may_upload(void *ctx, const HttpRequest *rq);

/* The http.h refusal: a problem document under /api/, else plain text. */
void web_refuse(void *ctx, const HttpRequest *rq, int status, HttpResponse *rs);

/* Every route, one per line: METHOD PATH[*] WHO [csrf], where * marks a
 * prefix and WHO is anyone, signed-in, admin or api (signed in; answers
 * JSON). For the access tests. */
void web_print_routes(FILE *out);

/* Which route of the table a method and decoded path reach, with no
 * request (the router's own lookup, callable by tests and the fuzz
 * drivers). known: some route has the path, for some method; found: one
 * answers this method (HEAD wherever GET), and then method and path are
 * the route's as web_print_routes prints them (prefix: its path is a
 * prefix, printed with a '*'), and arg the rest of the path the route
 * leaves over: one segment, no '/', never empty, "" for an exact route
 * (it points into path, or into argbuf for a '*' in the middle of the
 * route's path, where a segment of WEB_ROUTE_ARG_MAX bytes or more is no
 * match). */
#define WEB_ROUTE_ARG_MAX 128
typedef struct {
    bool known, found;
    const char *method, *path;
    bool prefix;
    const char *arg;
    char argbuf[WEB_ROUTE_ARG_MAX];
} WebRoute;
void web_route_find(const char *method, const char *path, WebRoute *out);

#endif
