/* http.c: the HTTP layer behind http.h, on libmicrohttpd's epoll thread pool.
 *
 * A request's body is collected up to HTTP_MAX_BODY (HTTP_MAX_UPLOAD for a
 * multipart upload the handler allowed); a larger declared Content-Length
 * is refused with 413 before a byte of it is read, and an undeclared one
 * once it passes the cap. The whole body is then parsed in place by this
 * file's own parsers, as is the query string as the client sent it:
 * libmicrohttpd decodes only the path and the headers. Oversized headers
 * are refused by libmicrohttpd itself (431) through its per-connection
 * memory limit. */
#include "web/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct HttpServer {
    struct MHD_Daemon *daemon;
    HttpHandler handler;
    HttpUploadCheck may_upload;
    bool tls;
    void *ctx;
    volatile int stopping;
    unsigned port;
};

/* One request while it arrives: created when its first line is read (with
 * the raw query string, which libmicrohttpd would decode without saying
 * whether a %00 cut a value short), then the body up to its limit. */
typedef struct {
    bool started; /* the headers have been seen */
    char *query;  /* raw, without the '?' */
    char *cookies; /* a copy of the Cookie header, parsed in place into rq */
    Buf body;
    size_t limit;
    bool too_large;
    char client[64];
    HttpRequest rq;
} Pending;

/* Headers every response carries: what the browser may load and run, and
 * that no other site may frame or learn from our pages. */
static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self';"
     " form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

const char *http_header(const HttpRequest *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

static const char *find_field(const HttpField *f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, name) == 0) return f[i].value;
    return NULL;
}

const char *http_cookie(const HttpRequest *rq, const char *name) { return find_field(rq->cookie, rq->ncookie, name); }
const char *http_form(const HttpRequest *rq, const char *name) { return find_field(rq->form, rq->nform, name); }
const char *http_query(const HttpRequest *rq, const char *name) { return find_field(rq->query, rq->nquery, name); }

void http_add_header(HttpResponse *rs, const char *name, const char *value)
{
    if (rs->nheaders == (int)(sizeof rs->headers / sizeof rs->headers[0])) {
        fprintf(stderr, "oversight serve: too many response headers; %s dropped\n", name);
        return;
    }
    strfmt(rs->headers[rs->nheaders++], sizeof rs->headers[0], "%s\n%s", name, value);
}

void http_redirect(HttpResponse *rs, const char *location)
{
    rs->status = 303;
    http_add_header(rs, "Location", location);
}

/* ---- parsing ---- */

static int hex(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes a form component in place ('+' is a space); false on a bad
 * escape or an encoded NUL, which would cut the value short unseen. */
static bool form_decode(char *s)
{
    char *out = s;
    for (; *s; s++) {
        if (*s == '+') {
            *out++ = ' ';
        } else if (*s == '%') {
            int hi = hex(s[1]), lo = hi < 0 ? -1 : hex(s[2]);
            if (lo < 0 || hi * 16 + lo == 0) return false;
            *out++ = (char)(hi * 16 + lo);
            s += 2;
        } else {
            *out++ = *s;
        }
    }
    *out = 0;
    return true;
}

/* UTF-8 without NUL or other control characters than tab and line breaks. */
static bool clean_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') return false;
        int need = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (need < 0 || (need == 1 && *p < 0xC2) || (need == 3 && *p > 0xF4)) return false;
        p++;
        for (int i = 0; i < need; i++, p++)
            if ((*p & 0xC0) != 0x80) return false;
    }
    return true;
}

/* name=value&... into f[*n...]: the one decoder of query strings and forms. */
static bool parse_urlencoded(char *s, size_t len, HttpField *f, size_t *n)
{
    if (memchr(s, 0, len)) return false; /* a raw NUL would end the text early */
    for (char *pair = s; pair && *pair;) {
        char *next = strchr(pair, '&');
        if (next) *next++ = 0;
        if (*pair) {
            if (*n == HTTP_MAX_FIELDS) return false;
            char *eq = strchr(pair, '=');
            char *value = eq ? eq + 1 : pair + strlen(pair);
            if (eq) *eq = 0;
            if (!form_decode(pair) || !form_decode(value) || !clean_text(pair) || !clean_text(value))
                return false;
            f[(*n)++] = (HttpField){pair, value};
        }
        pair = next;
    }
    return true;
}

bool http_parse_query(char *s, size_t len, HttpRequest *rq) { return parse_urlencoded(s, len, rq->query, &rq->nquery); }
bool http_parse_form(char *s, size_t len, HttpRequest *rq) { return parse_urlencoded(s, len, rq->form, &rq->nform); }

static char *skip_space(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

void http_parse_cookies(char *header, HttpRequest *rq)
{
    for (char *pair = header; pair && *pair;) {
        char *next = strchr(pair, ';');
        if (next) *next++ = 0;
        pair = skip_space(pair);
        char *eq = strchr(pair, '=');
        if (eq && eq > pair && rq->ncookie < HTTP_MAX_FIELDS) {
            *eq = 0;
            for (char *e = eq; e > pair && (e[-1] == ' ' || e[-1] == '\t');) *--e = 0;
            char *value = skip_space(eq + 1), *end = value + strlen(value);
            while (end > value && (end[-1] == ' ' || end[-1] == '\t')) *--end = 0;
            if (end - value >= 2 && value[0] == '"' && end[-1] == '"') {
                end[-1] = 0;
                value++;
            }
            rq->cookie[rq->ncookie++] = (HttpField){pair, value};
        }
        pair = next;
    }
}

/* The next parameter of a header value such as `form-data; name="a";
 * filename="b.csv"`, from *cursor (just after a ';'), NUL-terminated in
 * place. 1 with *key and *value set, 0 after the last, -1 when malformed.
 * A quoted value ends at the next quote: browsers send a quote in a name
 * as %22, and a Windows path's backslashes are not escapes. */
static int next_param(char **cursor, char **key, char **value)
{
    char *p = skip_space(*cursor);
    if (!*p) return 0;
    *key = p;
    p += strcspn(p, "=;");
    if (*p == '=') {
        *p++ = 0;
        p = skip_space(p);
        if (*p == '"') {
            *value = ++p;
            p = strchr(p, '"');
            if (!p) return -1;
            *p++ = 0;
            p += strcspn(p, ";");
        } else {
            *value = p;
            p += strcspn(p, ";");
            for (char *e = p; e > *value && (e[-1] == ' ' || e[-1] == '\t');) *--e = 0;
        }
    } else {
        *value = p; /* no value: the empty string once p is ended below */
    }
    if (*p) *p++ = 0;
    *cursor = p;
    for (char *e = *key + strlen(*key); e > *key && (e[-1] == ' ' || e[-1] == '\t');) *--e = 0;
    return 1;
}

/* The boundary of a multipart Content-Type into out; false when missing or
 * longer than RFC 2046 allows (70 characters). */
static bool multipart_boundary(const char *content_type, char *out, size_t size)
{
    char copy[512];
    if (!content_type || strlen(content_type) >= sizeof copy) return false;
    strfmt(copy, sizeof copy, "%s", content_type);
    char *cursor = strchr(copy, ';'), *key, *value;
    if (!cursor) return false;
    cursor++;
    int got;
    while ((got = next_param(&cursor, &key, &value)) == 1) {
        if (strcasecmp(key, "boundary") != 0) continue;
        size_t n = strlen(value);
        if (n == 0 || n > 70 || n >= size) return false;
        memcpy(out, value, n + 1);
        return true;
    }
    return false;
}

/* A part's headers (NUL-terminated, CRLF between lines): the name and file
 * name of its Content-Disposition, NULL when absent. False when malformed. */
static bool part_disposition(char *headers, char **name, char **filename)
{
    *name = *filename = NULL;
    for (char *line = headers; line;) {
        char *eol = strstr(line, "\r\n");
        if (eol) *eol = 0;
        if (strncasecmp(line, "Content-Disposition:", 20) == 0) {
            char *v = skip_space(line + 20), *key, *value;
            if (strncasecmp(v, "form-data", 9) != 0) return false;
            char *cursor = v + 9 + strspn(v + 9, " \t");
            if (*cursor && *cursor != ';') return false;
            if (*cursor) cursor++;
            int got;
            while ((got = next_param(&cursor, &key, &value)) == 1) {
                if (strcasecmp(key, "name") == 0) *name = value;
                else if (strcasecmp(key, "filename") == 0) *filename = value;
            }
            if (got < 0) return false;
        }
        line = eol ? eol + 2 : NULL;
    }
    return true;
}

bool http_parse_multipart(char *body, size_t len, const char *content_type, HttpRequest *rq)
{
    char boundary[72], delim[80];
    if (!multipart_boundary(content_type, boundary, sizeof boundary)) return false;
    size_t dn = strlen(strfmt(delim, sizeof delim, "\r\n--%s", boundary));
    char *end = body + len, *p;
    /* The first delimiter may open the body, without the CRLF before it. */
    if (len >= dn - 2 && memcmp(body, delim + 2, dn - 2) == 0) {
        p = body + dn - 2;
    } else {
        p = memmem(body, len, delim, dn);
        if (!p) return false;
        p += dn;
    }
    for (;;) {
        /* After a delimiter: "--" closes the body; else blanks, then CRLF. */
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return true;
        while (p < end && (*p == ' ' || *p == '\t')) p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return false;
        p += 2;
        char *next = memmem(p, (size_t)(end - p), delim, dn);
        if (!next) return false; /* unterminated */
        char *headers = p, *content;
        size_t header_len;
        if (next - p >= 2 && p[0] == '\r' && p[1] == '\n') {
            header_len = 0; /* a part without headers */
            content = p + 2;
        } else {
            char *blank = memmem(p, (size_t)(next - p), "\r\n\r\n", 4);
            if (!blank) return false;
            header_len = (size_t)(blank - p);
            content = blank + 4;
        }
        if (memchr(headers, 0, header_len)) return false;
        headers[header_len] = 0;
        size_t content_len = (size_t)(next - content);
        content[content_len] = 0; /* over the next delimiter's CR, already found */
        p = next + dn;
        char *name, *filename;
        if (!part_disposition(headers, &name, &filename)) return false;
        if (!name) continue;
        if (!clean_text(name)) return false;
        if (filename) {
            if (!clean_text(filename)) return false;
            if (rq->upload) continue; /* a second file: not expected, ignored */
            rq->upload_field = name;
            rq->upload_name = filename;
            rq->upload = content;
            rq->upload_len = content_len;
            continue;
        }
        if (rq->nform == HTTP_MAX_FIELDS || strlen(content) != content_len || !clean_text(content)) return false;
        rq->form[rq->nform++] = (HttpField){name, content};
    }
}

/* ---- responding ---- */

static enum MHD_Result send_response(HttpServer *s, struct MHD_Connection *conn, HttpResponse *rs)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(rs->body.len, rs->body.data ? rs->body.data : "", MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", rs->content_type ? rs->content_type : "text/html; charset=utf-8");
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
    MHD_add_response_header(r, "Cache-Control", rs->cacheable ? "public, max-age=31536000, immutable" : "no-store");
    if (s->tls) MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
    for (int i = 0; i < rs->nheaders; i++) {
        char *nl = strchr(rs->headers[i], '\n');
        if (!nl) continue;
        *nl = 0;
        MHD_add_response_header(r, rs->headers[i], nl + 1);
    }
    if (s->stopping) MHD_add_response_header(r, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result send_plain(HttpServer *s, struct MHD_Connection *conn, int status, const char *text)
{
    HttpResponse rs = {.status = status, .content_type = "text/plain; charset=utf-8"};
    buf_adds(&rs.body, text);
    enum MHD_Result ok = send_response(s, conn, &rs);
    buf_free(&rs.body);
    return ok;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    strfmt(out, n, "unknown");
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

/* The first thing known of a request: its line, with the query string as
 * the client sent it. What this returns is the request's *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls, (void)conn;
    Pending *p = xcalloc(1, sizeof *p);
    const char *q = strchr(uri, '?');
    p->query = xstrdup(q ? q + 1 : "");
    return p;
}

/* Sets up a request once its headers are in: the body's limit (asking the
 * handler about an upload), the cookies, and whether to refuse the body. */
static void start(HttpServer *s, Pending *p, struct MHD_Connection *conn, const char *url, const char *method)
{
    p->started = true;
    p->rq = (HttpRequest){.method = method, .path = url, .conn = conn, .client = p->client};
    client_address(conn, p->client, sizeof p->client);
    const char *cookies = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie");
    p->cookies = xstrdup(cookies ? cookies : "");
    http_parse_cookies(p->cookies, &p->rq);
    p->limit = HTTP_MAX_BODY;
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    if (type && strncasecmp(type, "multipart/form-data", 19) == 0 && s->may_upload && s->may_upload(s->ctx, &p->rq))
        p->limit = HTTP_MAX_UPLOAD;
    p->body.max = p->limit;
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > p->limit) p->too_large = true;
}

/* The query and the body into p->rq; false when either cannot be read. */
static bool parse_request(Pending *p, struct MHD_Connection *conn)
{
    HttpRequest *rq = &p->rq;
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    if (!http_parse_query(p->query, strlen(p->query), rq)) return false;
    if (!p->body.len || !type) return true;
    if (strncasecmp(type, "application/x-www-form-urlencoded", 33) == 0)
        return http_parse_form(p->body.data, p->body.len, rq);
    if (strncasecmp(type, "multipart/form-data", 19) == 0)
        return http_parse_multipart(p->body.data, p->body.len, type, rq);
    return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    HttpServer *s = cls;
    Pending *p = *con_cls;
    if (!p) { /* not seen by on_uri: cannot happen, but costs nothing to survive */
        p = on_uri(NULL, "", conn);
        *con_cls = p;
    }
    if (!p->started) {
        start(s, p, conn, url, method);
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (p->too_large) {
            /* read and dropped */
        } else if (*upload_data_size <= p->limit - p->body.len) {
            buf_add(&p->body, upload_data, *upload_data_size);
        } else {
            p->too_large = true;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (p->too_large) return send_plain(s, conn, 413, "The request is too large.\n");
    if (!parse_request(p, conn)) return send_plain(s, conn, 400, "The request could not be read.\n");

    HttpResponse rs = {.status = 200};
    s->handler(s->ctx, &p->rq, &rs);
    enum MHD_Result ok;
    if (rs.body.overflow) {
        fprintf(stderr, "oversight serve: %s %s from %s: the response passed %zu bytes; answered 500\n", method, url,
                p->client, rs.body.max ? rs.body.max : BUF_MAX_DEFAULT);
        ok = send_plain(s, conn, 500, "The page was too large to send.\n");
    } else {
        ok = send_response(s, conn, &rs);
    }
    buf_free(&rs.body);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)conn, (void)code;
    Pending *p = *con_cls;
    if (!p) return;
    free(p->query);
    free(p->cookies);
    buf_free(&p->body);
    free(p);
    *con_cls = NULL;
}

/* ---- the server ---- */

static bool parse_listen(const char *addr, struct sockaddr_storage *ss, char *err, size_t errlen)
{
    char host[256];
    const char *colon = strrchr(addr, ':');
    if (!colon || colon[1] == 0) {
        strfmt(err, errlen, "--listen \"%s\": want ADDRESS:PORT, e.g. 127.0.0.1:8080", addr);
        return false;
    }
    size_t hn = (size_t)(colon - addr);
    if (hn >= sizeof host) hn = sizeof host - 1;
    memcpy(host, addr, hn);
    host[hn] = 0;
    if (hn >= 2 && host[0] == '[' && host[hn - 1] == ']') {
        memmove(host, host + 1, hn - 2);
        host[hn - 2] = 0;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *res;
    int rc = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res);
    if (rc != 0) {
        strfmt(err, errlen, "--listen \"%s\": %s", addr, gai_strerror(rc));
        return false;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return true;
}

HttpServer *http_start(const HttpConfig *c, char *err, size_t errlen)
{
    struct sockaddr_storage ss = {0};
    if (!parse_listen(c->addr, &ss, err, errlen)) return NULL;
    HttpServer *s = xcalloc(1, sizeof *s);
    s->handler = c->handler;
    s->may_upload = c->may_upload;
    s->ctx = c->ctx;
    s->tls = c->tls_cert_pem && c->tls_key_pem;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    if (s->tls) flags |= MHD_USE_TLS;
    /* The TLS options are ignored by a plain daemon, so they can always be given. */
    s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
                                 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                                 MHD_OPTION_THREAD_POOL_SIZE, c->threads,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                                 MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
                                 MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->max_per_address,
                                 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(2 * HTTP_MAX_HEADERS),
                                 MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
                                 MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                                 MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
                                 s->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, c->tls_cert_pem,
                                 MHD_OPTION_HTTPS_MEM_KEY, c->tls_key_pem,
                                 MHD_OPTION_END);
    if (!s->daemon) {
        strfmt(err, errlen, "cannot listen on %s (in use, not an address of this machine%s?)", c->addr,
               s->tls ? ", or the certificate and key do not match" : "");
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : 0;
    return s;
}

unsigned http_port(const HttpServer *s) { return s->port; }

void http_stop(HttpServer *s, int grace_seconds)
{
    s->stopping = 1;
    MHD_socket fd = MHD_quiesce_daemon(s->daemon);
    if (fd != MHD_INVALID_SOCKET) close(fd);
    for (int waited = 0; waited < grace_seconds * 20; waited++) {
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!di || di->num_connections == 0) break;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(s->daemon);
    free(s);
}
