/* http.h: the HTTP server under `oversight serve`, on libmicrohttpd.
 *
 * This is the one place where HTTP requests are parsed. It enforces the
 * limits (deadlines for a slow client's headers, body and reading of the
 * answer, connections in all and per address, header and body sizes: 431
 * and 413 before the body is read, a body counted as it arrives rather
 * than buffered), refuses a path holding a NUL or control
 * character (400), serves TLS 1.2 and 1.3 only, decodes query strings and
 * urlencoded bodies (with the pure functions under "Parsing" below),
 * multipart bodies and cookies (through libmicrohttpd), refusing a value
 * that would be read cut short or holds control characters, and adds the
 * security headers to every response.
 * Handlers see a parsed HttpRequest and fill an HttpResponse; a response
 * whose body passed its Buf's cap is not sent but answered with a 500. */
#ifndef OV_HTTP_H
#define OV_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"

#define HTTP_MAX_BODY (1u << 20)      /* form posts */
#define HTTP_MAX_UPLOAD (64u << 20)   /* a multipart upload (a CSV file), when the handler allows it */
#define HTTP_MAX_HEADERS (16u * 1024) /* all request headers together */
#define HTTP_MAX_FIELDS 256           /* the record page is one form of many fields */
/* Slow clients (web/watch.h): a request's headers are due within
 * HTTP_CLIENT_TIMEOUT seconds (HttpConfig.client_timeout) of the
 * connection's start or of the client's having read all of its previous
 * answer; its body and its answer within that and one second more for
 * each HTTP_MIN_RATE bytes.
 * Open connections: HTTP_MAX_CONNECTIONS, fewer when file descriptors are
 * short. */
#define HTTP_CLIENT_TIMEOUT 15
#define HTTP_MIN_RATE 500
#define HTTP_MAX_CONNECTIONS 10000

typedef struct {
    const char *name, *value;
} HttpField;

typedef struct {
    const char *method; /* "GET", "POST", ... */
    const char *path;   /* decoded, without the query string */
    const char *client; /* the peer's address (behind a trusted proxy, its client's), for logs and throttling */
    HttpField query[HTTP_MAX_FIELDS];
    size_t nquery;
    HttpField form[HTTP_MAX_FIELDS]; /* an urlencoded body, or a multipart body's text fields */
    size_t nform;
    /* A multipart/form-data body's file (the first one): its field's name,
     * the file name the browser gave, and its bytes (NUL-terminated). */
    const char *upload_field, *upload_name, *upload;
    size_t upload_len;
    void *conn; /* for http_header */
} HttpRequest;

typedef struct {
    int status;
    const char *content_type; /* default text/html; charset=utf-8 */
    Buf body;
    char headers[8][512]; /* extra headers, "Name\nvalue" (Set-Cookie, Location) */
    int nheaders;
    bool cacheable; /* static assets only: otherwise no-store */
} HttpResponse;

/* A request header or cookie, NULL when absent. */
const char *http_header(const HttpRequest *rq, const char *name);
const char *http_cookie(const HttpRequest *rq, const char *name);
/* A form or query field, NULL when absent. */
const char *http_form(const HttpRequest *rq, const char *name);
const char *http_query(const HttpRequest *rq, const char *name);

/* ---- Parsing ----
 * The decoder of query strings and urlencoded bodies, callable without a
 * server (tests, fuzzers). It decodes in place and adds fields to rq that
 * point into the text given, which must outlive them. A text is len bytes
 * followed by a NUL. Names and values must be UTF-8 without NUL (%00
 * included) or control characters other than tab, CR and LF; a bad
 * escape, such a character or more than HTTP_MAX_FIELDS fields make the
 * whole text refused (false; the server answers 400), never truncated.
 * The server holds a multipart body's text fields to the same rule. */

/* A query string (without the '?') into rq->query. */
bool http_parse_query(char *s, size_t len, HttpRequest *rq);
/* An application/x-www-form-urlencoded body into rq->form. */
bool http_parse_form(char *s, size_t len, HttpRequest *rq);

void http_add_header(HttpResponse *rs, const char *name, const char *value);
/* The answer is a file to save: its bytes (copied), content type (a
 * literal), and a Content-Disposition naming it filename (any character
 * but letters, digits, '-', '_' and '.' made '-'). */
void http_attachment(HttpResponse *rs, const char *content_type, const char *filename, const void *data, size_t n);
void http_redirect(HttpResponse *rs, const char *location); /* 303 See Other */

typedef void (*HttpHandler)(void *ctx, const HttpRequest *rq, HttpResponse *rs);
/* Asked before a multipart body is read, with the request's method, path
 * and headers (no body yet): may it be up to HTTP_MAX_UPLOAD bytes? Other
 * bodies are limited to HTTP_MAX_BODY. */
typedef bool (*HttpUploadCheck)(void *ctx, const HttpRequest *rq);
/* Words the answer to a request refused before it reached the handler:
 * status is 400 (unreadable), 413 (too large) or 431 (headers too large),
 * rs->status already set. rq has its method, path, client and headers; its
 * query, when that could not be read, only in part or not at all. */
typedef void (*HttpRefusal)(void *ctx, const HttpRequest *rq, int status, HttpResponse *rs);

typedef struct HttpServer HttpServer;

typedef struct {
    const char *addr; /* "127.0.0.1:8080", "[::1]:8080" or ":8080" */
    unsigned threads; /* threads answering, each with its own listening socket on addr */
    HttpHandler handler;
    HttpUploadCheck may_upload; /* NULL: no body over HTTP_MAX_BODY */
    HttpRefusal refuse;         /* NULL: a line of plain text */
    void *ctx;                  /* for handler, may_upload and refuse */
    const char *tls_cert_pem;   /* certificate chain and key, PEM text: */
    const char *tls_key_pem;    /* HTTPS when both are given */
    unsigned max_per_address;   /* open connections from one client address (IPv6: /64); 0: no limit */
    /* The address of a reverse proxy or load balancer in front (NULL: none).
     * Its connections are not limited per address (they carry everyone's
     * requests), and a request it sends is taken to come from the last
     * address of its X-Forwarded-For (the one the proxy appended: what it
     * saw), for the logs and the sign-in throttle. Nobody else's
     * X-Forwarded-For is believed. */
    const char *trusted_proxy;
    unsigned client_timeout; /* seconds; 0: HTTP_CLIENT_TIMEOUT */
} HttpConfig;

/* Starts listening with c->threads threads. NULL with err on failure. */
HttpServer *http_start(const HttpConfig *c, char *err, size_t errlen);
/* The port actually bound (useful with port 0). */
unsigned http_port(const HttpServer *s);
/* From now on every answer closes its connection ("Connection: close"),
 * so that a proxy keeps no connection here that the stop would cut under
 * its next request; requests are still taken as before. */
void http_closing(HttpServer *s);
/* Stops accepting, lets requests in flight finish (up to grace_seconds),
 * then stops. */
void http_stop(HttpServer *s, int grace_seconds);

#endif
