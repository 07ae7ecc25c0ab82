/* http parsing, without a server: query strings and urlencoded forms,
 * cookies and multipart bodies, good and bad. A value is read whole or the
 * request is refused; nothing is cut short. */
#include <stdlib.h>
#include <string.h>

#include "web/http.h"
#include "test.h"

/* A writable copy of s (len bytes, then a NUL), freed at the end of a test. */
static char *held[64];
static size_t nheld;

static char *copy(const char *s, size_t len)
{
    char *c = xmalloc(len + 1);
    memcpy(c, s, len);
    c[len] = 0;
    held[nheld++] = c;
    return c;
}

static void release(void)
{
    for (size_t i = 0; i < nheld; i++) free(held[i]);
    nheld = 0;
}

static bool query(const char *s, HttpRequest *rq)
{
    memset(rq, 0, sizeof *rq);
    return http_parse_query(copy(s, strlen(s)), strlen(s), rq);
}

static bool form(const char *s, size_t len, HttpRequest *rq)
{
    memset(rq, 0, sizeof *rq);
    return http_parse_form(copy(s, len), len, rq);
}

static void test_query(void)
{
    HttpRequest rq;
    CHECK(query("", &rq));
    CHECK_INT(rq.nquery, 0);
    CHECK(query("a=1&b=two+words&c=%C3%A9%20x&flag&&d=", &rq));
    CHECK_INT(rq.nquery, 5);
    CHECK_STR(http_query(&rq, "a"), "1");
    CHECK_STR(http_query(&rq, "b"), "two words");
    CHECK_STR(http_query(&rq, "c"), "\xc3\xa9 x");
    CHECK_STR(http_query(&rq, "flag"), "");
    CHECK_STR(http_query(&rq, "d"), "");
    CHECK(http_query(&rq, "e") == NULL);
    CHECK(query("a=1&a=2", &rq));
    CHECK_STR(http_query(&rq, "a"), "1"); /* the first one */
    CHECK(query("a%3Db=c%26d", &rq));
    CHECK_STR(http_query(&rq, "a=b"), "c&d");
    CHECK(query("t=a%09b%0D%0Ac", &rq)); /* tab and line breaks are text */
    CHECK_STR(http_query(&rq, "t"), "a\tb\r\nc");
    release();
}

static void test_query_refused(void)
{
    HttpRequest rq;
    CHECK(!query("a=%00", &rq));        /* an encoded NUL would cut the value short */
    CHECK(!query("a=x%00y", &rq));
    CHECK(!query("a%00b=1", &rq));
    CHECK(!query("a=%01", &rq));        /* control characters */
    CHECK(!query("a=%1b[2J", &rq));
    CHECK(!query("a=%ff%fe", &rq));     /* not UTF-8 */
    CHECK(!query("a=%C0%AF", &rq));     /* an overlong encoding */
    CHECK(!query("a=%E2%82", &rq));     /* a truncated sequence */
    CHECK(!query("a=%zz", &rq));        /* bad escapes */
    CHECK(!query("a=%4", &rq));
    CHECK(!query("a=%", &rq));
    Buf many = {0};
    for (int i = 0; i < HTTP_MAX_FIELDS; i++) buf_addf(&many, "%sk%d=v", i ? "&" : "", i);
    CHECK(query(buf_str(&many), &rq));
    CHECK_INT(rq.nquery, HTTP_MAX_FIELDS);
    buf_adds(&many, "&one=more");
    CHECK(!query(buf_str(&many), &rq));
    buf_free(&many);
    release();
}

static void test_form(void)
{
    HttpRequest rq;
    const char *ok = "csrf=abc&note=line+one%0D%0Aline+two&empty=";
    CHECK(form(ok, strlen(ok), &rq));
    CHECK_INT(rq.nform, 3);
    CHECK_STR(http_form(&rq, "note"), "line one\r\nline two");
    CHECK_STR(http_form(&rq, "empty"), "");
    CHECK(!form("note=a%00b", 10, &rq));
    CHECK(!form("note=a\0b", 8, &rq)); /* a raw NUL inside the body */
    CHECK(!form("note=a\x01" "b", 8, &rq));
    CHECK(!form("note=%zz", 8, &rq));
    CHECK(form("a=1", 3, &rq));
    CHECK_INT(rq.nquery, 0); /* a form is not the query */
    release();
}

static void test_cookies(void)
{
    HttpRequest rq = {0};
    const char *header = "session=abc123; pre=\"q r\";  other = x ;junk; =novalue; session=second; last=";
    char *h = copy(header, strlen(header));
    http_parse_cookies(h, &rq);
    CHECK_STR(http_cookie(&rq, "session"), "abc123");
    CHECK_STR(http_cookie(&rq, "pre"), "q r");
    CHECK_STR(http_cookie(&rq, "other"), "x");
    CHECK_STR(http_cookie(&rq, "last"), "");
    CHECK(http_cookie(&rq, "junk") == NULL);
    CHECK(http_cookie(&rq, "") == NULL);
    CHECK(http_cookie(&rq, "missing") == NULL);

    HttpRequest none = {0};
    http_parse_cookies(copy("", 0), &none);
    CHECK_INT(none.ncookie, 0);
    CHECK(http_cookie(&none, "session") == NULL);

    Buf many = {0};
    for (int i = 0; i < HTTP_MAX_FIELDS + 10; i++) buf_addf(&many, "c%d=%d; ", i, i);
    HttpRequest lots = {0};
    http_parse_cookies(copy(buf_str(&many), many.len), &lots);
    CHECK_INT(lots.ncookie, HTTP_MAX_FIELDS); /* the rest skipped, not refused */
    CHECK_STR(http_cookie(&lots, "c63"), "63");
    CHECK(http_cookie(&lots, "c64") == NULL);
    buf_free(&many);
    release();
}

static bool multipart(const char *type, const char *body, size_t len, HttpRequest *rq)
{
    memset(rq, 0, sizeof *rq);
    return http_parse_multipart(copy(body, len), len, type, rq);
}

#define MP(s) s, sizeof s - 1

static void test_multipart(void)
{
    HttpRequest rq;
    static const char body[] = "preamble, ignored\r\n"
                               "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"csrf\"\r\n"
                               "\r\n"
                               "tok\r\n"
                               "--XyZ\r\n"
                               "content-disposition: form-data; name=\"file\"; filename=\"C:\\data\\staff.csv\"\r\n"
                               "Content-Type: text/csv\r\n"
                               "\r\n"
                               "a,b\r\n1,\0\x01\xff\r\n"
                               "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"note\"\r\n"
                               "\r\n"
                               "two\r\nlines\r\n"
                               "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"second\"; filename=\"b.csv\"\r\n"
                               "\r\n"
                               "ignored\r\n"
                               "--XyZ\r\n"
                               "Content-Disposition: form-data; filename=\"nameless\"\r\n"
                               "\r\n"
                               "skipped\r\n"
                               "--XyZ--\r\n"
                               "epilogue";
    CHECK(multipart("multipart/form-data; boundary=XyZ", MP(body), &rq));
    CHECK_INT(rq.nform, 2);
    CHECK_STR(http_form(&rq, "csrf"), "tok");
    CHECK_STR(http_form(&rq, "note"), "two\r\nlines");
    CHECK_STR(rq.upload_field, "file");
    CHECK_STR(rq.upload_name, "C:\\data\\staff.csv");
    CHECK_INT(rq.upload_len, 10); /* the CRLF before a delimiter belongs to it */
    CHECK(rq.upload && memcmp(rq.upload, "a,b\r\n1,\0\x01\xff", 10) == 0 && rq.upload[10] == 0);

    /* A quoted boundary, upper case parameter names, the body opening with
     * the delimiter, blanks after it, an empty value and an empty file. */
    static const char quoted[] = "--a b\t \r\n"
                                 "Content-Disposition: form-data; NAME=\"empty\"\r\n"
                                 "\r\n"
                                 "\r\n"
                                 "--a b\r\n"
                                 "Content-Disposition: form-data; name=\"upload\"; filename=\"\"\r\n"
                                 "\r\n"
                                 "\r\n"
                                 "--a b--";
    CHECK(multipart("Multipart/Form-Data; charset=utf-8; Boundary=\"a b\"", MP(quoted), &rq));
    CHECK_STR(http_form(&rq, "empty"), "");
    CHECK_STR(rq.upload_field, "upload");
    CHECK_STR(rq.upload_name, "");
    CHECK_INT(rq.upload_len, 0);
    release();
}

static void test_multipart_refused(void)
{
    HttpRequest rq;
    static const char ok[] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B--\r\n";
    CHECK(multipart("multipart/form-data; boundary=B", MP(ok), &rq));
    CHECK(!multipart("multipart/form-data", MP(ok), &rq));              /* no boundary */
    CHECK(!multipart("multipart/form-data; boundary=", MP(ok), &rq));
    CHECK(!multipart(NULL, MP(ok), &rq));
    CHECK(!multipart("multipart/form-data; boundary=C", MP(ok), &rq)); /* another boundary */
    char longb[120] = "multipart/form-data; boundary=";
    memset(longb + strlen(longb), 'x', 71);
    CHECK(!multipart(longb, MP(ok), &rq)); /* over RFC 2046's 70 characters */
    const char *type = "multipart/form-data; boundary=B";
    CHECK(!multipart(type, "", 0, &rq));
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc"), &rq)); /* unterminated */
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B"), &rq));
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\na\0b\r\n--B--"), &rq));
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\na\x01" "b\r\n--B--"), &rq));
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--B--"), &rq));
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--B--"), &rq)); /* open quote */
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--B--"), &rq));
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: form-data; name=\"a\"\r\nv\r\n--B--"), &rq)); /* no blank line */
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: form-data; name=\"a\0\"\r\n\r\nv\r\n--B--"), &rq));
    CHECK(!multipart(type, MP("--Bjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B--"), &rq));
    CHECK(!multipart(type, MP("--B\r\nContent-Disposition: form-data; name=\"%01\"; filename=\"a\x01\"\r\n\r\nv\r\n--B--"), &rq));

    Buf many = {0};
    for (int i = 0; i <= HTTP_MAX_FIELDS; i++)
        buf_addf(&many, "--B\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i);
    buf_adds(&many, "--B--");
    CHECK(!multipart(type, many.data, many.len, &rq));
    buf_free(&many);
    release();
}

int main(void)
{
    RUN(test_query);
    RUN(test_query_refused);
    RUN(test_form);
    RUN(test_cookies);
    RUN(test_multipart);
    RUN(test_multipart_refused);
    TEST_DONE();
}
