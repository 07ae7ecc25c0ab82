/* fuzz_http.c: requests over a real connection to the server of
 * web/http.h (libmicrohttpd, set up as `oversight serve` sets it up),
 * running in this process on a loopback port with a handler that checks
 * what reaches a page: multipart bodies (decoded by libmicrohttpd's post
 * processor and held to http.h's rules), urlencoded bodies, query strings
 * and cookies, and whole raw requests.
 *
 * Input: a mode byte (its value modulo 5; the letters A to E are 0 to 4),
 * then:
 *   0 a raw request's line and headers, one a line: sent with CR LF line
 *     ends and "Connection: close", and none of the headers that would
 *     make the server wait for a body (Content-Length, Transfer-Encoding,
 *     Expect, Connection), so that the request is whole; any answer is
 *     HTTP, and the server may close without one (libmicrohttpd does on
 *     some requests it cannot parse), but it never leaves the connection
 *     hanging. (A request left unfinished is held until the connection's
 *     timeout, libmicrohttpd's, even when the client has shut its side:
 *     that is the slow-client tests' matter, not this driver's.)
 *   1 a multipart/form-data body (boundary "fuzzBOUNDARY", its length
 *     declared) to a path that may upload;
 *   2 fields made into a multipart body: NUL-separated name, value, name,
 *     value...; a name starting with '@' is a file's. Names are kept to
 *     letters, digits, '-' and '_' and made unique; the boundary is one
 *     the values do not hold. The page sees exactly the text fields sent,
 *     in order, and the first file's bytes, unless a text value is not
 *     clean text (UTF-8 without control characters but tab, CR and LF),
 *     which is refused (400);
 *   3 an urlencoded body: refused (400) exactly when http_parse_form
 *     refuses it, else the page sees exactly the fields it gives;
 *   4 a query string, then after a newline a Cookie header's value: the
 *     cookies a page reads are text the header held.
 * In modes 1 to 4 the server must answer, with 200 when the page ran; in
 * every mode it answers (or closes) within a few seconds and stays up (a
 * plain request after a refusal is answered 200). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "web/http.h"
#include "fuzz.h"

#define BOUNDARY "fuzzBOUNDARY"
/* libmicrohttpd 0.9.75 parses a query string into its own list of
 * arguments (which http.c does not use) in the connection's memory; past
 * about 1,000 pieces ("&&&..." in 1 KB) that memory runs out, and it then
 * neither answers nor closes until the connection's timeout, which http.c
 * (on_uri) sets to a second for such a query (docs/reliability.md, "Hostile
 * input"). Since it is still not answered, the driver sends no request line
 * whose query has more pieces than this, so that the long runs look for
 * what is not known. */
#define QUERY_PIECES_MAX 800
#define WAIT_SECONDS 10 /* well under the 30 s after which libmicrohttpd gives a connection up */

static HttpServer *server;

/* What the last request that reached the handler held, for the driver:
 * the text fields and query fields as name NUL value NUL, the upload, the
 * session cookie. */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    bool reached;
    Buf form, query, upload, cookie;
    bool has_upload, has_cookie;
} seen;

static bool clean(const char *s) { return fuzz_clean_text((const unsigned char *)s, strlen(s)); }

static void add_fields(Buf *out, const HttpField *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf_add(out, f[i].name, strlen(f[i].name) + 1);
        buf_add(out, f[i].value, strlen(f[i].value) + 1);
    }
}

/* The page: what http.h promises a handler, checked for every request. */
static void handler(void *ctx, const HttpRequest *rq, HttpResponse *rs)
{
    (void)ctx;
    FUZZ_ASSERT(rq->method && rq->path && rq->client);
    FUZZ_ASSERT(rq->nform <= HTTP_MAX_FIELDS && rq->nquery <= HTTP_MAX_FIELDS);
    for (size_t i = 0; i < rq->nform; i++) FUZZ_ASSERT(clean(rq->form[i].name) && clean(rq->form[i].value));
    for (size_t i = 0; i < rq->nquery; i++) FUZZ_ASSERT(clean(rq->query[i].name) && clean(rq->query[i].value));
    for (const char *c = rq->path; *c; c++) FUZZ_ASSERT((unsigned char)*c >= 0x20 && *c != 0x7f);
    if (rq->upload) {
        FUZZ_ASSERT(rq->upload_field && rq->upload_name && clean(rq->upload_field) && clean(rq->upload_name));
        FUZZ_ASSERT(rq->upload_len <= HTTP_MAX_UPLOAD && rq->upload[rq->upload_len] == 0);
    }
    const char *cookie = http_cookie(rq, "ov_session");
    pthread_mutex_lock(&seen_lock);
    seen.reached = true;
    add_fields(&seen.form, rq->form, rq->nform);
    add_fields(&seen.query, rq->query, rq->nquery);
    seen.has_upload = rq->upload != NULL;
    if (rq->upload) buf_add(&seen.upload, rq->upload, rq->upload_len);
    seen.has_cookie = cookie != NULL;
    if (cookie) buf_adds(&seen.cookie, cookie);
    pthread_mutex_unlock(&seen_lock);
    buf_adds(&rs->body, "ok\n");
}

static bool may_upload(void *ctx, const HttpRequest *rq)
{
    (void)ctx;
    return strcmp(rq->path, "/upload") == 0;
}

static void forget_seen(void)
{
    pthread_mutex_lock(&seen_lock);
    seen.reached = seen.has_upload = seen.has_cookie = false;
    seen.form.len = seen.query.len = seen.upload.len = seen.cookie.len = 0;
    pthread_mutex_unlock(&seen_lock);
}

/* How long the answer at the start of a (NUL-terminated) is in all, from
 * its headers' Content-Length; -1 while that is not known. */
static long answer_length(const char *a)
{
    const char *end = strstr(a, "\r\n\r\n"), *cl = strcasestr(a, "\r\nContent-Length:");
    if (!end || !cl || cl > end) return -1;
    return (long)(end + 4 - a) + strtol(cl + 17, NULL, 10);
}

/* Sends req on a new connection and reads the answer, to its end or until
 * the server closes the connection: the status answered, 0 for none, -1
 * when the connection could not be made or nothing came for WAIT_SECONDS. */
static int try_exchange(const Buf *req)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    FUZZ_ASSERT(fd >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)http_port(server))};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {WAIT_SECONDS, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    /* Closed with a reset as soon as the answer is in, before the server
     * closes: thousands of connections a second would otherwise leave the
     * server's side in TIME_WAIT, and a new connection from a port reused
     * meanwhile waits seconds for its SYN to be taken (which a first
     * version of this driver took for the server hanging). */
    struct linger lg = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    /* libFuzzer's timer signal (SIGALRM, every second or so) interrupts
     * system calls: EINTR is not an answer. An interrupted connect goes on
     * by itself; poll says when it is made. */
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        struct pollfd pfd = {.fd = fd, .events = POLLOUT};
        int err = errno, rc = 0;
        socklen_t len = sizeof err;
        while (err == EINTR && (rc = poll(&pfd, 1, WAIT_SECONDS * 1000)) < 0 && errno == EINTR) continue;
        if (err == EINTR && rc == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
            /* made */
        } else {
            fprintf(stderr, "fuzz_http: cannot connect: %s\n", strerror(err));
            close(fd);
            return -1;
        }
    }
    for (size_t off = 0; off < req->len;) {
        ssize_t n = send(fd, req->data + off, req->len - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break; /* the server may answer and close before reading it all */
        off += (size_t)n;
    }
    char answer[8192];
    size_t got = 0;
    long whole = -1;
    while (whole < 0 || got < (size_t)whole) {
        if (got == sizeof answer - 1) {
            whole = -2; /* longer than any answer here: read on to the close */
            got = 12;   /* keeping the status line */
        }
        ssize_t n = recv(fd, answer + got, sizeof answer - 1 - got, 0);
        if (n == 0) break;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != ECONNRESET) {
            fprintf(stderr, "fuzz_http: no answer: %s\n", strerror(errno));
            close(fd);
            return -1;
        }
        if (n < 0) break;
        got += (size_t)n;
        answer[got] = 0;
        if (whole == -1) whole = answer_length(answer);
    }
    close(fd);
    answer[got] = 0;
    if (got == 0) return 0;
    FUZZ_ASSERT(got >= 12 && strncmp(answer, "HTTP/1.", 7) == 0);
    int status = (int)strtol(answer + 9, NULL, 10);
    FUZZ_ASSERT(status >= 100 && status <= 599);
    return status;
}

/* try_exchange, which must get an answer or at least a close: no
 * connection, or nothing for WAIT_SECONDS, is the server down or hanging. */
static int exchange(const Buf *req)
{
    int status = try_exchange(req);
    FUZZ_ASSERT(status >= 0);
    return status;
}

static void start_server(void)
{
    char err[256];
    HttpConfig c = {.addr = "127.0.0.1:0", .threads = 1, .handler = handler, .may_upload = may_upload};
    server = http_start(&c, err, sizeof err);
    if (!server) fprintf(stderr, "fuzz_http: %s\n", err);
    FUZZ_ASSERT(server != NULL);
}

static void head(Buf *req, const char *target, const char *type, size_t body_len)
{
    buf_addf(req,
             "POST %s HTTP/1.1\r\nHost: fuzz\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
             target, type, body_len);
}

/* Mode 2: the fields of the input as a multipart body into req, and into
 * want the text fields (name NUL value NUL) and the first file's bytes.
 * False when a text value is not clean (the server refuses the body). */
static bool multipart_fields(const uint8_t *data, size_t size, Buf *req, Buf *want, Buf *file, bool *has_file)
{
    Buf body = {0}, boundary = {0};
    buf_adds(&boundary, BOUNDARY);
    while (memmem(data, size, boundary.data, boundary.len)) buf_addc(&boundary, 'x');
    bool all_clean = true;
    size_t nfields = 0;
    *has_file = false;
    for (size_t at = 0, i = 0; at < size && nfields < HTTP_MAX_FIELDS; i++) {
        const uint8_t *nul = memchr(data + at, 0, size - at);
        size_t len = nul ? (size_t)(nul - data - at) : size - at;
        const char *name = (const char *)data + at;
        at += len + 1;
        const uint8_t *vnul = at < size ? memchr(data + at, 0, size - at) : NULL;
        size_t vlen = at < size ? (vnul ? (size_t)(vnul - data - at) : size - at) : 0;
        const char *value = at < size ? (const char *)data + at : "";
        at += vlen + 1;
        bool is_file = len > 0 && name[0] == '@';
        Buf clean_name = {0};
        for (size_t k = is_file; k < len; k++)
            if ((name[k] >= 'a' && name[k] <= 'z') || (name[k] >= 'A' && name[k] <= 'Z') ||
                (name[k] >= '0' && name[k] <= '9') || name[k] == '-' || name[k] == '_')
                buf_addc(&clean_name, name[k]);
        buf_addf(&clean_name, "_%zu", i); /* unique */
        buf_addf(&body, "--%s\r\nContent-Disposition: form-data; name=\"%s\"", buf_str(&boundary),
                 buf_str(&clean_name));
        if (is_file) buf_adds(&body, "; filename=\"f.csv\"\r\nContent-Type: text/csv");
        buf_adds(&body, "\r\n\r\n");
        buf_add(&body, value, vlen);
        buf_adds(&body, "\r\n");
        if (is_file) {
            if (!*has_file) buf_add(file, value, vlen);
            *has_file = true;
        } else {
            Buf v = {0};
            buf_add(&v, value, vlen);
            if (memchr(value, 0, vlen) || !fuzz_clean_text((const unsigned char *)value, vlen)) all_clean = false;
            buf_add(want, buf_str(&clean_name), clean_name.len + 1);
            buf_add(want, buf_str(&v), v.len + 1);
            buf_free(&v);
            nfields++;
        }
        buf_free(&clean_name);
    }
    buf_addf(&body, "--%s--\r\n", buf_str(&boundary));
    char type[200];
    strfmt(type, sizeof type, "multipart/form-data; boundary=%s", buf_str(&boundary));
    head(req, "/upload", type, body.len);
    buf_add(req, body.data, body.len);
    buf_free(&body);
    buf_free(&boundary);
    return all_clean;
}

static bool starts_with_nocase(const char *line, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && strncasecmp(line, prefix, k) == 0;
}

/* Mode 0: the input's lines as a request's head, made whole (see above). */
static void raw_head(const uint8_t *data, size_t size, Buf *req)
{
    for (size_t at = 0; at < size;) {
        const uint8_t *nl = memchr(data + at, '\n', size - at);
        size_t end = nl ? (size_t)(nl - data) : size;
        const char *line = (const char *)data + at;
        size_t n = end - at;
        at = end + 1;
        if (n && line[n - 1] == '\r') n--;
        if (n == 0 || starts_with_nocase(line, n, "content-length") ||
            starts_with_nocase(line, n, "transfer-encoding") || starts_with_nocase(line, n, "expect") ||
            starts_with_nocase(line, n, "connection"))
            continue;
        buf_add(req, line, n);
        buf_adds(req, "\r\n");
    }
    buf_adds(req, "Connection: close\r\n\r\n");
}

/* Whether the request line of req (up to its first line break) has a query
 * of more than QUERY_PIECES_MAX pieces. */
static bool query_too_long(const Buf *req)
{
    const char *line = buf_str(req), *end = memchr(line, '\n', req->len);
    const char *q = memchr(line, '?', end ? (size_t)(end - line) : req->len);
    size_t pieces = 1;
    for (const char *c = q; c && c < (end ? end : line + req->len); c++) pieces += *c == '&';
    return q && pieces > QUERY_PIECES_MAX;
}

static bool same(const Buf *a, const Buf *b) { return a->len == b->len && memcmp(buf_str(a), buf_str(b), a->len) == 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!server) start_server();
    if (size == 0) return 0;
    int mode = data[0] % 5;
    data++, size--;
    Buf req = {0}, want = {0}, file = {0};
    bool has_file = false, ok_expected = true;
    HttpRequest parsed = {0};
    char *copy = NULL;
    size_t cookie_at = 0, cookie_len = 0; /* the Cookie header's value, in req */
    bool has_cookie_line = false;
    switch (mode) {
    case 0: raw_head(data, size, &req); break;
    case 1:
        head(&req, "/upload", "multipart/form-data; boundary=" BOUNDARY, size);
        buf_add(&req, (const char *)data, size);
        break;
    case 2: ok_expected = multipart_fields(data, size, &req, &want, &file, &has_file); break;
    case 3:
        head(&req, "/form", "application/x-www-form-urlencoded", size);
        buf_add(&req, (const char *)data, size);
        copy = xmalloc(size + 1);
        memcpy(copy, data, size);
        copy[size] = 0;
        ok_expected = size == 0 || http_parse_form(copy, size, &parsed);
        if (ok_expected) add_fields(&want, parsed.form, parsed.nform);
        break;
    default: {
        /* Bytes that would end the request line or a header are left out:
         * what is fuzzed is what the line and header hold. */
        const uint8_t *nl = memchr(data, '\n', size);
        size_t qlen = nl ? (size_t)(nl - data) : size;
        buf_adds(&req, "GET /page?");
        for (size_t i = 0; i < qlen; i++)
            if (data[i] != '\r' && data[i] != ' ' && data[i] != 0) buf_addc(&req, (char)data[i]);
        buf_adds(&req, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");
        if (nl) {
            buf_adds(&req, "Cookie: ");
            has_cookie_line = true;
            cookie_at = req.len;
            for (size_t i = qlen + 1; i < size; i++)
                if (data[i] != '\r' && data[i] != '\n' && data[i] != 0) buf_addc(&req, (char)data[i]);
            cookie_len = req.len - cookie_at;
            buf_adds(&req, "\r\n");
        }
        buf_adds(&req, "\r\n");
    }
    }
    if (query_too_long(&req)) goto done;
    forget_seen();
    int status = exchange(&req);
    if (mode != 0) {
        FUZZ_ASSERT(status != 0); /* a whole request is answered */
        FUZZ_ASSERT((status == 200) == seen.reached);
    }
    if (mode == 1) FUZZ_ASSERT(status == 200 || status == 400);
    if (mode == 2 || mode == 3) {
        FUZZ_ASSERT(status == (ok_expected ? 200 : 400));
        if (ok_expected) FUZZ_ASSERT(same(&seen.form, &want));
    }
    if (mode == 2 && ok_expected) {
        FUZZ_ASSERT(seen.has_upload == has_file);
        if (has_file) FUZZ_ASSERT(same(&seen.upload, &file));
    }
    if (mode == 4 && seen.has_cookie) {
        /* The session cookie's value is text of the header's. */
        FUZZ_ASSERT(has_cookie_line &&
                    memmem(buf_str(&req) + cookie_at, cookie_len, buf_str(&seen.cookie), seen.cookie.len));
    }
    if (status != 200) {
        /* Still up, and serving. */
        Buf plain = {0};
        buf_adds(&plain, "GET /after HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n");
        forget_seen();
        FUZZ_ASSERT(exchange(&plain) == 200 && seen.reached);
        buf_free(&plain);
    }
done:
    free(copy);
    buf_free(&req);
    buf_free(&want);
    buf_free(&file);
    return 0;
}
