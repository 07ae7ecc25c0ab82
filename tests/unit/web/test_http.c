/* http parsing, without a server: query strings and urlencoded forms, good
 * and bad. A value is read whole or the request is refused; nothing is cut
 * short. Multipart bodies and cookies, decoded by libmicrohttpd, are tested
 * over HTTP in tests/cli/test_serve.sh and test_admin.sh. */
#include <stdlib.h>
#include <string.h>

#include "web/http.h"
#include "web/web.h"
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
    CHECK(!query("a=%00", &rq)); /* an encoded NUL would cut the value short */
    CHECK(!query("a=x%00y", &rq));
    CHECK(!query("a%00b=1", &rq));
    CHECK(!query("a=%01", &rq)); /* control characters */
    CHECK(!query("a=%1b[2J", &rq));
    CHECK(!query("a=%ff%fe", &rq)); /* not UTF-8 */
    CHECK(!query("a=%C0%AF", &rq)); /* an overlong encoding */
    CHECK(!query("a=%E2%82", &rq)); /* a truncated sequence */
    CHECK(!query("a=%zz", &rq));    /* bad escapes */
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
    CHECK(!form("no%00te=ab", 10, &rq));
    CHECK(!form("note=a\0b", 8, &rq)); /* a raw NUL inside the body */
    CHECK(!form("note=a\x01"
                "b",
                8, &rq));
    CHECK(!form("note=%zz", 8, &rq));
    CHECK(form("a=1", 3, &rq));
    CHECK_INT(rq.nquery, 0); /* a form is not the query */
    release();
}

/* --public-url: the address pages and calendars write, so nothing a
 * visitor could steer and nothing but a scheme, host and port. */
static void test_public_url(void)
{
    CHECK(web_public_url_problem("https://oversight.example.org") == NULL);
    CHECK(web_public_url_problem("https://oversight.example.org/") == NULL);
    CHECK(web_public_url_problem("http://127.0.0.1:8080") == NULL);
    CHECK(web_public_url_problem("https://[::1]:8443") == NULL);
    CHECK(web_public_url_problem("oversight.example.org") != NULL);
    CHECK(web_public_url_problem("ftp://oversight.example.org") != NULL);
    CHECK(web_public_url_problem("javascript:alert(1)") != NULL);
    CHECK(web_public_url_problem("https://") != NULL);
    CHECK(web_public_url_problem("https://:8080") != NULL);
    CHECK(web_public_url_problem("https://x.example/path") != NULL);
    CHECK(web_public_url_problem("https://x.example?q=1") != NULL);
    CHECK(web_public_url_problem("https://user@x.example") != NULL);
    CHECK(web_public_url_problem("https://x.example\r\nX: y") != NULL);
    CHECK(web_public_url_problem("https://x.example\"><script>") != NULL);
}

int main(void)
{
    RUN(test_query);
    RUN(test_query_refused);
    RUN(test_form);
    RUN(test_public_url);
    TEST_DONE();
}
