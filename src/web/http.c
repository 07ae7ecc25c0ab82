/* http.c: the HTTP layer behind http.h, on libmicrohttpd's epoll thread pool.
 *
 * A request's body is collected up to HTTP_MAX_BODY (HTTP_MAX_UPLOAD for a
 * multipart upload the handler allowed); a larger declared Content-Length
 * is refused with 413 before a byte of it is read, and an undeclared one
 * once it passes the cap. Multipart bodies are decoded by libmicrohttpd's
 * post processor as they arrive. Oversized headers are refused by
 * libmicrohttpd itself (431) through its per-connection memory limit. */
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

typedef struct {
    char *name;
    Buf value;
} Part;

typedef struct {
    Buf body;
    size_t limit;
    bool too_large, malformed;
    struct MHD_PostProcessor *multipart;
    Part parts[HTTP_MAX_FIELDS]; /* text fields of a multipart body */
    size_t nparts;
    char *upload_field, *upload_name;
    bool has_upload;
    Buf upload;
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

const char *http_cookie(const HttpRequest *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

static const char *find_field(const HttpField *f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, name) == 0) return f[i].value;
    return NULL;
}

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

/* Decodes a form component in place ('+' is a space); false on a bad escape. */
static bool form_decode(char *s)
{
    char *out = s;
    for (; *s; s++) {
        if (*s == '+') {
            *out++ = ' ';
        } else if (*s == '%') {
            int hi = hex(s[1]), lo = hi < 0 ? -1 : hex(s[2]);
            if (lo < 0) return false;
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

/* An urlencoded body into fields (pointing into body, which is modified). */
static bool parse_form(char *body, HttpRequest *rq)
{
    for (char *pair = body; pair && *pair;) {
        char *next = strchr(pair, '&');
        if (next) *next++ = 0;
        if (*pair) {
            if (rq->nform == HTTP_MAX_FIELDS) return false;
            char *eq = strchr(pair, '=');
            char *value = eq ? eq + 1 : pair + strlen(pair);
            if (eq) *eq = 0;
            if (!form_decode(pair) || !form_decode(value) || !clean_text(pair) || !clean_text(value))
                return false;
            rq->form[rq->nform++] = (HttpField){pair, value};
        }
        pair = next;
    }
    return true;
}

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    HttpRequest *rq = cls;
    if (rq->nquery < HTTP_MAX_FIELDS) rq->query[rq->nquery++] = (HttpField){key, value ? value : ""};
    return MHD_YES;
}

/* One piece of a multipart body: a text field's value or the file's bytes,
 * possibly in several calls for the same field. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    Pending *p = cls;
    if (!key) return MHD_YES;
    if (filename && (!p->has_upload || strcmp(p->upload_field, key) == 0)) {
        if (!p->has_upload) {
            p->has_upload = true;
            p->upload_field = xstrdup(key);
            p->upload_name = xstrdup(filename);
        }
        if (p->upload.len + size > p->limit) {
            p->too_large = true;
            return MHD_NO;
        }
        buf_add(&p->upload, data, size);
        return MHD_YES;
    }
    if (filename) return MHD_YES; /* a second file: not expected, ignored */
    Part *part = p->nparts ? &p->parts[p->nparts - 1] : NULL;
    if (!part || off == 0 || strcmp(part->name, key) != 0) {
        if (p->nparts == HTTP_MAX_FIELDS) {
            p->malformed = true;
            return MHD_NO;
        }
        part = &p->parts[p->nparts++];
        part->name = xstrdup(key);
    }
    if (part->value.len + size > HTTP_MAX_BODY) {
        p->too_large = true;
        return MHD_NO;
    }
    buf_add(&part->value, data, size);
    return MHD_YES;
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    HttpServer *s = cls;
    Pending *p = *con_cls;
    if (!p) {
        p = xcalloc(1, sizeof *p);
        *con_cls = p;
        p->limit = HTTP_MAX_BODY;
        const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
        if (type && strncasecmp(type, "multipart/form-data", 19) == 0) {
            HttpRequest head = {.method = method, .path = url, .conn = conn};
            if (s->may_upload && s->may_upload(s->ctx, &head)) p->limit = HTTP_MAX_UPLOAD;
            p->multipart = MHD_create_post_processor(conn, 64 * 1024, on_part, p);
            if (!p->multipart) p->malformed = true;
        }
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > p->limit) p->too_large = true;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (p->too_large || p->malformed) {
            /* read and dropped */
        } else if (p->multipart) {
            if (MHD_post_process(p->multipart, upload_data, *upload_data_size) != MHD_YES && !p->too_large)
                p->malformed = true;
        } else if (p->body.len + *upload_data_size <= p->limit) {
            buf_add(&p->body, upload_data, *upload_data_size);
        } else {
            p->too_large = true;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (p->too_large) return send_plain(s, conn, 413, "The request is too large.\n");
    if (p->malformed) return send_plain(s, conn, 400, "The form could not be read.\n");

    HttpRequest rq = {.method = method, .path = url, .conn = conn};
    char client[64];
    client_address(conn, client, sizeof client);
    rq.client = client;
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_query, &rq);
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    if (p->body.len && type && strncmp(type, "application/x-www-form-urlencoded", 33) == 0 &&
        !parse_form(p->body.data, &rq))
        return send_plain(s, conn, 400, "The form could not be read.\n");
    for (size_t i = 0; i < p->nparts; i++) {
        const char *value = buf_str(&p->parts[i].value);
        if (!clean_text(p->parts[i].name) || !clean_text(value))
            return send_plain(s, conn, 400, "The form could not be read.\n");
        rq.form[rq.nform++] = (HttpField){p->parts[i].name, value};
    }
    if (p->has_upload) {
        rq.upload_field = p->upload_field;
        rq.upload_name = p->upload_name;
        rq.upload = buf_str(&p->upload);
        rq.upload_len = p->upload.len;
    }
    for (size_t i = 0; i < rq.nquery; i++)
        if (!clean_text(rq.query[i].value)) return send_plain(s, conn, 400, "The address could not be read.\n");

    HttpResponse rs = {.status = 200};
    s->handler(s->ctx, &rq, &rs);
    enum MHD_Result ok = send_response(s, conn, &rs);
    buf_free(&rs.body);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)conn, (void)code;
    Pending *p = *con_cls;
    if (!p) return;
    buf_free(&p->body);
    if (p->multipart) MHD_destroy_post_processor(p->multipart);
    for (size_t i = 0; i < p->nparts; i++) {
        free(p->parts[i].name);
        buf_free(&p->parts[i].value);
    }
    free(p->upload_field);
    free(p->upload_name);
    buf_free(&p->upload);
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
