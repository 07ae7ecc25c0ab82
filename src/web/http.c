/* http.c: the HTTP layer behind http.h, on libmicrohttpd: one daemon per
 * thread, each with its own listening socket on the one address
 * (SO_REUSEPORT), so that the kernel spreads new connections over the
 * threads one by one. (libmicrohttpd's own thread pool shares one socket,
 * and the thread that wakes first accepts a client's connections in a run:
 * a client opening thirty at once had them all on one thread, answered
 * several times slower than the connections of another thread.)
 *
 * A request's whole body, whatever its encoding, is held to HTTP_MAX_BODY
 * (HTTP_MAX_UPLOAD for a multipart upload the handler allowed), counted as
 * its bytes arrive and before any is kept. What can be refused from the
 * headers alone is answered in the first call for the request, before a
 * byte of the body is read and instead of "100 Continue": a declared
 * Content-Length over the cap (413), headers over HTTP_MAX_HEADERS (431), a
 * path or query string that cannot be read (400). A body that passes the
 * cap without having declared its length (chunked) ends the connection
 * there: libmicrohttpd cannot answer in the middle of a body. Multipart
 * bodies are decoded by libmicrohttpd's post processor as they arrive, and
 * cookies by libmicrohttpd; an urlencoded body and the query string, as the
 * client sent it, by this file's decoder. The answers to these refusals
 * are the handler's (HttpConfig.refuse), with the security headers as
 * every answer. Only headers past libmicrohttpd's per-connection memory
 * (HTTP_MEMORY, four times HTTP_MAX_HEADERS), or a request line it cannot
 * parse, are answered by libmicrohttpd's own fixed text. */
#include "web/http.h"

#include <ctype.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "web/watch.h"

struct HttpServer {
    struct MHD_Daemon **daemons; /* one per thread, all listening on port */
    unsigned ndaemons;
    HttpHandler handler;
    HttpUploadCheck may_upload;
    HttpRefusal refuse;
    bool tls;
    void *ctx;
    volatile int stopping;
    unsigned port;
    Watch *watch;     /* the deadlines and connection limits */
    char trusted[64]; /* HttpConfig.trusted_proxy as address_text writes it; "" none */
};

/* A text field of a multipart body. */
typedef struct {
    char *name;
    Buf value;
} Part;

/* One request while it arrives: created when its first line is read (with
 * the raw query string, which libmicrohttpd would decode without saying
 * whether a %00 cut a value short), then the body up to its limit. */
typedef struct {
    bool started;  /* the headers have been seen */
    bool bad_path; /* the raw path holds %00 or a control character */
    char *query;   /* raw, without the '?' */
    size_t limit, received;
    bool too_large, malformed;
    Buf body; /* any body but a multipart one, whole */
    struct MHD_PostProcessor *multipart;
    Part parts[HTTP_MAX_FIELDS];
    size_t nparts;
    char *upload_field, *upload_name; /* the first file */
    bool has_upload;
    Buf upload;
    /* The part the post processor is in, and where its bytes go (NULL:
     * dropped). */
    char *part_name, *part_file;
    Buf *part_into;
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
        log_event(NULL, "too many response headers; %s dropped", name);
        return;
    }
    strfmt(rs->headers[rs->nheaders++], sizeof rs->headers[0], "%s\n%s", name, value);
}

void http_attachment(HttpResponse *rs, const char *content_type, const char *filename, const void *data, size_t n)
{
    char disposition[160], name[96];
    size_t k = 0;
    /* A name of safe characters only: it is a header's quoted string. */
    for (const char *p = filename; *p && k + 1 < sizeof name; p++)
        name[k++] = (isalnum((unsigned char)*p) || strchr("-_.", *p)) ? *p : '-';
    name[k] = 0;
    strfmt(disposition, sizeof disposition, "attachment; filename=\"%s\"", name);
    buf_clear(&rs->body);
    buf_add(&rs->body, data, n);
    rs->content_type = content_type;
    http_add_header(rs, "Content-Disposition", disposition);
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

/* A byte no text we accept holds: NUL and the control characters other
 * than tab and line breaks. */
static bool control_char(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

/* UTF-8 without control characters (see control_char). */
static bool clean_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (control_char(*p)) return false;
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
            if (!form_decode(pair) || !form_decode(value) || !clean_text(pair) || !clean_text(value)) return false;
            f[(*n)++] = (HttpField){pair, value};
        }
        pair = next;
    }
    return true;
}

bool http_parse_query(char *s, size_t len, HttpRequest *rq) { return parse_urlencoded(s, len, rq->query, &rq->nquery); }
bool http_parse_form(char *s, size_t len, HttpRequest *rq) { return parse_urlencoded(s, len, rq->form, &rq->nform); }

/* ---- multipart bodies, through libmicrohttpd's post processor ---- */

static bool same_part(const Pending *p, const char *name, const char *filename)
{
    return p->part_name && strcmp(p->part_name, name) == 0 &&
           (filename ? p->part_file && strcmp(p->part_file, filename) == 0 : !p->part_file);
}

/* A new part of a multipart body: the first file becomes the upload, a text
 * field one of p->parts. False when its name or file name is not clean
 * text, or there are more than HTTP_MAX_FIELDS text fields. */
static bool start_part(Pending *p, const char *name, const char *filename)
{
    free(p->part_name);
    free(p->part_file);
    p->part_name = xstrdup(name);
    p->part_file = filename ? xstrdup(filename) : NULL;
    p->part_into = NULL;
    if (!clean_text(name) || (filename && !clean_text(filename))) return false;
    if (filename) {
        if (p->has_upload) return true; /* a second file: not expected, dropped */
        p->has_upload = true;
        p->upload_field = xstrdup(name);
        p->upload_name = xstrdup(filename);
        p->part_into = &p->upload;
        return true;
    }
    if (p->nparts == HTTP_MAX_FIELDS) return false;
    Part *part = &p->parts[p->nparts++];
    part->name = xstrdup(name);
    p->part_into = &part->value;
    return true;
}

/* A piece of a multipart body's part, at offset off of its bytes. A text
 * field's bytes are checked as they come: one holding a NUL or another
 * control character makes the body malformed (its UTF-8 is checked once
 * it is whole, as a sequence may span two pieces). A file's bytes are
 * anything. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *name, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    Pending *p = cls;
    if (!name) return MHD_YES; /* a part without a name: nothing asks for it */
    /* libmicrohttpd may report a part once before any of its bytes have
     * arrived, then its first bytes at offset 0 again: a piece at 0 for the
     * part just started and still empty continues it. (So a repeated name
     * after an empty value reads as one field; no form of ours repeats.) */
    bool continued = off > 0 || (same_part(p, name, filename) && (!p->part_into || p->part_into->len == 0));
    if (!continued && !start_part(p, name, filename)) {
        p->malformed = true;
        return MHD_NO;
    }
    if (!p->part_into) return MHD_YES;
    if (!filename)
        for (size_t i = 0; i < size; i++)
            if (control_char((unsigned char)data[i])) {
                p->malformed = true;
                return MHD_NO;
            }
    buf_add(p->part_into, data, size);
    return MHD_YES;
}

/* ---- responding ---- */

/* The connection's entry in the watch (set when it started). */
static WatchConn *watched(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

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
    watch_response(s->watch, watched(conn), rs->body.len, watch_now());
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ok;
}

/* The answer to a request this file refuses (400, 413, 431), as the
 * handler words it (HttpConfig.refuse), or a line of plain text. */
static enum MHD_Result send_refusal(HttpServer *s, struct MHD_Connection *conn, const HttpRequest *rq, int status)
{
    HttpResponse rs = {.status = status, .content_type = "text/plain; charset=utf-8"};
    if (s->refuse)
        s->refuse(s->ctx, rq, status, &rs);
    else
        buf_adds(&rs.body, status == 413   ? "The request is too large.\n"
                           : status == 431 ? "The request's headers are too large.\n"
                                           : "The request could not be read.\n");
    rs.status = status;
    enum MHD_Result ok = send_response(s, conn, &rs);
    buf_free(&rs.body);
    return ok;
}

static void address_text(const struct sockaddr *sa, char *out, size_t n)
{
    strfmt(out, n, "unknown");
    if (!sa) return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    address_text(ci ? ci->client_addr : NULL, out, n);
}

/* An address as address_text writes it, from text: false when text is not
 * one IPv4 or IPv6 address (spaces around it allowed). */
static bool address_normal(const char *text, size_t len, char *out, size_t n)
{
    char a[64];
    unsigned char bin[16];
    while (len && (*text == ' ' || *text == '\t')) text++, len--;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t')) len--;
    if (!len || len >= sizeof a) return false;
    memcpy(a, text, len);
    a[len] = 0;
    if (inet_pton(AF_INET, a, bin) == 1) return inet_ntop(AF_INET, bin, out, (socklen_t)n) != NULL;
    if (inet_pton(AF_INET6, a, bin) == 1) return inet_ntop(AF_INET6, bin, out, (socklen_t)n) != NULL;
    return false;
}

/* Behind the trusted proxy, the client is the last address of the
 * X-Forwarded-For it sends (the one it appended; the ones before it are
 * whatever the client claimed). Anything but an address there leaves the
 * proxy's own. */
static void forwarded_client(const HttpServer *s, struct MHD_Connection *conn, char *client, size_t n)
{
    if (!s->trusted[0] || strcmp(client, s->trusted) != 0) return;
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!xff) return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    char normal[64];
    if (address_normal(last, strlen(last), normal, sizeof normal)) strfmt(client, n, "%s", normal);
}

/* Whether the path of a raw URI (up to its '?') holds a NUL, encoded or
 * not, or another control character: libmicrohttpd would decode "%00" and
 * hand on the path cut short there. */
static bool path_unreadable(const char *uri)
{
    for (const char *c = uri; *c && *c != '?'; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f) return true;
        if (c[0] == '%' && c[1] && c[2]) {
            int hi = hex(c[1]), lo = hex(c[2]);
            if (hi >= 0 && lo >= 0 && (hi * 16 + lo < 0x20 || hi * 16 + lo == 0x7f)) return true;
        }
    }
    return false;
}

/* The first thing known of a request: its line, with the path and query
 * string as the client sent them. What this returns is the request's
 * *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    Pending *p = xcalloc(1, sizeof *p);
    const char *q = strchr(uri, '?');
    p->query = xstrdup(q ? q + 1 : "");
    p->bad_path = path_unreadable(uri);
    /* libmicrohttpd goes on to split the query into its own list, a record
     * of its connection's memory for each '&'-separated piece, although this
     * file never reads that list. A query of about a thousand pieces runs
     * that memory out, and libmicrohttpd 0.9.75 then neither answers nor
     * closes the connection until its timeout. Such a query is refused by
     * the decoder anyway (over HTTP_MAX_FIELDS: 400), so the connection is
     * given a second: answered 400 when libmicrohttpd copes, closed then
     * when it does not. */
    size_t pieces = 1;
    for (const char *c = q; c && *c; c++) pieces += *c == '&';
    if (q && pieces > HTTP_MAX_FIELDS) MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, 1u);
    return p;
}

static enum MHD_Result add_size(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CR LF */
    return MHD_YES;
}

/* Sets up a request once its headers are in: the body's limit (asking the
 * handler about an upload) and the post processor for a multipart body.
 * Returns the status to refuse it with at once, before its body is read
 * (0: none). */
static int start(HttpServer *s, Pending *p, struct MHD_Connection *conn, const char *url, const char *method)
{
    p->started = true;
    p->rq = (HttpRequest){.method = method, .path = url, .conn = conn, .client = p->client};
    client_address(conn, p->client, sizeof p->client);
    forwarded_client(s, conn, p->client, sizeof p->client);
    size_t headers = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_size, &headers);
    if (headers > HTTP_MAX_HEADERS) return 431;
    if (p->bad_path || !http_parse_query(p->query, strlen(p->query), &p->rq)) return 400;
    p->limit = HTTP_MAX_BODY;
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    if (type && strncasecmp(type, "multipart/form-data", 19) == 0) {
        if (s->may_upload && s->may_upload(s->ctx, &p->rq)) p->limit = HTTP_MAX_UPLOAD;
        p->multipart = MHD_create_post_processor(conn, 64 * 1024, on_part, p);
        if (!p->multipart) return 400; /* no boundary, or one too long */
    }
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > p->limit) return 413;
    return 0;
}

/* A piece of the body, counted against the limit before it is kept: fed to
 * the post processor, or kept whole for parse_request. False once the body
 * passes the limit. */
static bool take_body(Pending *p, const char *data, size_t size)
{
    if (size > p->limit - p->received) return false;
    p->received += size;
    if (p->malformed) return true; /* counted, and dropped */
    if (!p->multipart)
        buf_add(&p->body, data, size);
    else if (MHD_post_process(p->multipart, data, size) != MHD_YES)
        p->malformed = true;
    return true;
}

/* The body into p->rq (the query is in since start); false when it cannot
 * be read. */
static bool parse_request(Pending *p, struct MHD_Connection *conn)
{
    HttpRequest *rq = &p->rq;
    if (p->multipart) {
        /* Refuses a body that ended before its closing delimiter, whose
         * last value would otherwise be read cut short. */
        bool whole = MHD_destroy_post_processor(p->multipart) == MHD_YES;
        p->multipart = NULL;
        if (!whole) return false;
        for (size_t i = 0; i < p->nparts; i++) {
            const char *value = buf_str(&p->parts[i].value);
            if (!clean_text(value)) return false;
            rq->form[rq->nform++] = (HttpField){p->parts[i].name, value};
        }
        if (p->has_upload) {
            rq->upload_field = p->upload_field;
            rq->upload_name = p->upload_name;
            rq->upload = buf_str(&p->upload);
            rq->upload_len = p->upload.len;
        }
        return true;
    }
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    if (p->body.len && type && strncasecmp(type, "application/x-www-form-urlencoded", 33) == 0)
        return http_parse_form(p->body.data, p->body.len, rq);
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
        /* A response queued now is sent without reading the body (nor
         * sending "100 Continue"); libmicrohttpd then closes the
         * connection. */
        watch_headers(s->watch, watched(conn), watch_now());
        int refused = start(s, p, conn, url, method);
        if (!refused) return MHD_YES;
        log_event(p->client, "refused %s %s: answered %d before reading its body", method, url, refused);
        return send_refusal(s, conn, &p->rq, refused);
    }
    if (*upload_data_size) {
        if (!take_body(p, upload_data, *upload_data_size)) {
            log_event(p->client, "refused %s %s: its body passed %zu bytes; connection closed", method, url, p->limit);
            return MHD_NO;
        }
        watch_body(s->watch, watched(conn), *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (p->malformed || !parse_request(p, conn)) return send_refusal(s, conn, &p->rq, 400);

    HttpResponse rs = {.status = 200};
    watch_answering(s->watch, watched(conn));
    s->handler(s->ctx, &p->rq, &rs);
    enum MHD_Result ok;
    if (rs.body.overflow) {
        log_event(p->client, "%s %s: the response passed %zu bytes; answered 500", method, url,
                  rs.body.max ? rs.body.max : BUF_MAX_DEFAULT);
        buf_free(&rs.body);
        rs = (HttpResponse){.status = 500, .content_type = "text/plain; charset=utf-8"};
        buf_adds(&rs.body, "The page was too large to send.\n");
    }
    ok = send_response(s, conn, &rs);
    buf_free(&rs.body);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode code)
{
    (void)code;
    HttpServer *s = cls;
    watch_done(s->watch, watched(conn), watch_now());
    Pending *p = *con_cls;
    if (!p) return;
    free(p->query);
    buf_free(&p->body);
    if (p->multipart) MHD_destroy_post_processor(p->multipart);
    for (size_t i = 0; i < p->nparts; i++) {
        free(p->parts[i].name);
        buf_free(&p->parts[i].value);
    }
    free(p->upload_field);
    free(p->upload_name);
    buf_free(&p->upload);
    free(p->part_name);
    free(p->part_file);
    free(p);
    *con_cls = NULL;
}

/* ---- the server ---- */

/* TLS 1.2 and 1.3 only, with forward secrecy and authenticated encryption
 * (AES-GCM, ChaCha20-Poly1305): GnuTLS's priority string. */
#define HTTP_TLS_PRIORITIES                                                                                   \
    "SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:" \
    "-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:%SAFE_RENEGOTIATION"

/* libmicrohttpd's per-connection memory: the request line and headers
 * with room to spare, so that headers over HTTP_MAX_HEADERS reach start()
 * and are answered there (431) rather than by libmicrohttpd. */
#define HTTP_MEMORY (4 * (size_t)HTTP_MAX_HEADERS)

/* libmicrohttpd's messages about one connection that a slow or hostile
 * client can have it write once per connection: counted, for the watch's
 * line a minute, rather than logged each. */
static const struct {
    const char *text;
    WatchNote note;
} library_notes[] = {
    {"reached connection limit", WATCH_REFUSED_FULL},
    {"Connection socket is closed when reading request", WATCH_ENDED_EARLY},
    {"Socket has been disconnected when reading request", WATCH_ENDED_EARLY},
    {"closed by remote side with incomplete request", WATCH_ENDED_EARLY},
    {"Failed to send", WATCH_ENDED_EARLY},
};

/* libmicrohttpd's own messages, as lines of the server's log, but for
 * those of library_notes. A hostile client can have it write others once
 * per connection too (plain text to the TLS port, a Content-Length it cannot
 * parse, a request it refuses): of each kind (its format), the first in a
 * minute is written and the rest counted, in one line a minute. */
static void on_library_message(void *cls, const char *fmt, va_list ap)
{
    HttpServer *s = cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) msg[--n] = 0;
    for (size_t i = 0; s->watch && i < sizeof library_notes / sizeof library_notes[0]; i++)
        if (strstr(msg, library_notes[i].text)) {
            watch_note(s->watch, library_notes[i].note);
            return;
        }
    if (s->watch && !watch_message(s->watch, fmt, msg, watch_now())) return;
    log_event(NULL, "libmicrohttpd: %s", msg);
}

/* Whether a new connection may come in: the watch's limits, in all and
 * per address. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)addrlen;
    HttpServer *s = cls;
    char client[64];
    address_text(addr, client, sizeof client);
    return watch_admit(s->watch, client, s->trusted[0] && strcmp(client, s->trusted) == 0) ? MHD_YES : MHD_NO;
}

/* A connection starts (into the watch, its entry the socket context) or
 * ends (out of it: libmicrohttpd closes the socket only after this). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    HttpServer *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        char client[64];
        client_address(conn, client, sizeof client);
        bool proxy = s->trusted[0] && strcmp(client, s->trusted) == 0;
        *socket_context = ci ? watch_open(s->watch, ci->connect_fd, client, proxy, watch_now()) : NULL;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        watch_close(s->watch, *socket_context);
        *socket_context = NULL;
    }
}

/* Open connections in all: as many as the descriptors allow, keeping some
 * for the database, files and the log, up to HTTP_MAX_CONNECTIONS. The soft
 * limit on descriptors is raised to the hard one first (commonly 1024 to
 * tens of thousands): with epoll an idle connection costs little. */
static unsigned connection_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 256;
    if (rl.rlim_cur < rl.rlim_max) {
        rlim_t was = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0) rl.rlim_cur = was;
    }
    rlim_t fds = rl.rlim_cur;
    rlim_t n = fds > 1024 ? fds - 256 : fds / 2;
    return n > HTTP_MAX_CONNECTIONS ? HTTP_MAX_CONNECTIONS : n < 16 ? 16 : (unsigned)n;
}

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
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV},
                    *res;
    int rc = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res);
    if (rc != 0) {
        strfmt(err, errlen, "--listen \"%s\": %s", addr, gai_strerror(rc));
        return false;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return true;
}

/* One daemon with its thread and its listening socket on ss, which others
 * share (SO_REUSEPORT, libmicrohttpd's address reuse). The logger first, as
 * libmicrohttpd asks, so that all its messages go through it. The limits on
 * connections are the watch's (on_accept), which knows the address of a
 * connection it refuses; libmicrohttpd's own limit, higher, only backs
 * them up. Its idle timeout stays: it ends a client that stops reading an
 * answer altogether. The TLS options are ignored by a plain daemon, so they
 * can always be given. */
static struct MHD_Daemon *start_daemon(HttpServer *s, const HttpConfig *c, const struct sockaddr_storage *ss,
                                       unsigned max_connections)
{
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (ss->ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    if (s->tls) flags |= MHD_USE_TLS;
    return MHD_start_daemon(flags, 0, on_accept, s, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_library_message, s,
                            MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss, MHD_OPTION_CONNECTION_TIMEOUT,
                            (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, max_connections, MHD_OPTION_NOTIFY_CONNECTION,
                            on_connection, s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, HTTP_MEMORY,
                            MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                            MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
                            s->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, c->tls_cert_pem,
                            MHD_OPTION_HTTPS_MEM_KEY, c->tls_key_pem, MHD_OPTION_HTTPS_PRIORITIES, HTTP_TLS_PRIORITIES,
                            MHD_OPTION_END);
}

static void stop_daemons(HttpServer *s)
{
    for (unsigned i = 0; i < s->ndaemons; i++)
        if (s->daemons[i]) MHD_stop_daemon(s->daemons[i]);
}

HttpServer *http_start(const HttpConfig *c, char *err, size_t errlen)
{
    struct sockaddr_storage ss = {0};
    if (!parse_listen(c->addr, &ss, err, errlen)) return NULL;
    HttpServer *s = xcalloc(1, sizeof *s);
    s->handler = c->handler;
    s->may_upload = c->may_upload;
    s->refuse = c->refuse;
    s->ctx = c->ctx;
    s->tls = c->tls_cert_pem && c->tls_key_pem;
    if (c->trusted_proxy &&
        !address_normal(c->trusted_proxy, strlen(c->trusted_proxy), s->trusted, sizeof s->trusted)) {
        strfmt(err, errlen, "--trusted-proxy \"%s\": want one IPv4 or IPv6 address, e.g. 127.0.0.1", c->trusted_proxy);
        free(s);
        return NULL;
    }
    WatchLimits limits = {.max_connections = connection_limit(),
                          .max_per_address = c->max_per_address,
                          .timeout = c->client_timeout ? c->client_timeout : HTTP_CLIENT_TIMEOUT,
                          .min_rate = HTTP_MIN_RATE};
    s->watch = watch_new(&limits);
    if (!watch_start(s->watch)) {
        strfmt(err, errlen, "cannot start the thread that ends slow connections");
        watch_free(s->watch);
        free(s);
        return NULL;
    }
    s->ndaemons = c->threads ? c->threads : 1;
    s->daemons = xcalloc(s->ndaemons, sizeof *s->daemons);
    for (unsigned i = 0; i < s->ndaemons; i++) {
        s->daemons[i] = start_daemon(s, c, &ss, limits.max_connections + 64);
        if (!s->daemons[i]) {
            strfmt(err, errlen, "cannot listen on %s (in use, not an address of this machine%s?)", c->addr,
                   s->tls ? ", or the certificate and key do not match" : "");
            stop_daemons(s);
            watch_free(s->watch);
            free(s->daemons);
            free(s);
            return NULL;
        }
        if (i == 0) { /* the others listen on the port the first was given (--listen ...:0) */
            const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemons[0], MHD_DAEMON_INFO_BIND_PORT);
            s->port = di ? di->port : 0;
            if (ss.ss_family == AF_INET6)
                ((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)s->port);
            else
                ((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)s->port);
        }
    }
    char per_address[32] = "any number", proxy[100] = "";
    if (limits.max_per_address) strfmt(per_address, sizeof per_address, "%u", limits.max_per_address);
    if (s->trusted[0]) strfmt(proxy, sizeof proxy, " but the trusted proxy %s", s->trusted);
    log_event(NULL, "taking up to %u connections, %s from one address%s; a request's headers due within %u s, %s",
              limits.max_connections, per_address, proxy, limits.timeout,
              "its body and the reading of its answer within that and a second for each 500 bytes");
    return s;
}

unsigned http_port(const HttpServer *s) { return s->port; }

void http_closing(HttpServer *s) { s->stopping = 1; }

void http_stop(HttpServer *s, int grace_seconds)
{
    s->stopping = 1;
    for (unsigned i = 0; i < s->ndaemons; i++) {
        MHD_socket fd = MHD_quiesce_daemon(s->daemons[i]);
        if (fd != MHD_INVALID_SOCKET) close(fd);
    }
    for (int waited = 0; waited < grace_seconds * 20; waited++) {
        unsigned open = 0;
        for (unsigned i = 0; i < s->ndaemons; i++) {
            const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemons[i], MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
            open += di ? di->num_connections : 0;
        }
        if (open == 0) break;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    stop_daemons(s);
    watch_free(s->watch);
    free(s->daemons);
    free(s);
}
