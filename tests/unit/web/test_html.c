/* html: text is escaped, names are percent-encoded into links, html_f
 * understands its five conversions and refuses any other, and HTML_RAW
 * writes its literal as it is. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "web/html.h"
#include "test.h"

static const char *text(const char *s)
{
    static Buf b;
    buf_clear(&b);
    html_text(&b, s);
    return buf_str(&b);
}

static const char *url(const char *s)
{
    static Buf b;
    buf_clear(&b);
    html_url_component(&b, s);
    return buf_str(&b);
}

static void test_text(void)
{
    CHECK_STR(text(""), "");
    CHECK_STR(text("plain words"), "plain words");
    CHECK_STR(text("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK_STR(text("a & b \"c\""), "a &amp; b &quot;c&quot;");
    CHECK_STR(text("&amp;"), "&amp;amp;"); /* escaped again: text is never markup */
    CHECK_STR(text("caf\xc3\xa9 \xe2\x80\x94 ok"), "caf\xc3\xa9 \xe2\x80\x94 ok");
    CHECK_STR(text(">"), "&gt;");
}

static void test_url_component(void)
{
    CHECK_STR(url("abc-XYZ_0.9~"), "abc-XYZ_0.9~");
    CHECK_STR(url("a b/c?d#e"), "a%20b%2Fc%3Fd%23e");
    CHECK_STR(url("\"><script>"), "%22%3E%3Cscript%3E");
    CHECK_STR(url("caf\xc3\xa9"), "caf%C3%A9");
    CHECK_STR(url("100%"), "100%25");
}

static void test_html_f(void)
{
    Buf b = {0};
    html_f(&b, "<a href=\"/people/%u\">%s</a> %d %ld 100%%", "A&B/1", "<Ann & \"Bo\">", -3, 1234567890123L);
    CHECK_STR(buf_str(&b), "<a href=\"/people/A%26B%2F1\">&lt;Ann &amp; &quot;Bo&quot;&gt;</a> -3 1234567890123 100%");
    buf_clear(&b);
    html_f(&b, "<p>%s|%u</p>", (const char *)NULL, (const char *)NULL); /* NULL is the empty string */
    CHECK_STR(buf_str(&b), "<p>|</p>");
    buf_clear(&b);
    html_f(&b, "no conversions");
    CHECK_STR(buf_str(&b), "no conversions");
    buf_clear(&b);
    html_f(&b, "%s%s", "a", "b");
    CHECK_STR(buf_str(&b), "ab");
    buf_free(&b);
}

/* html_f with fmt in a child process: did it abort? (Called through a
 * pointer: tools/codecheck rightly refuses a format that is not a literal.) */
static bool aborts(const char *fmt)
{
    void (*format)(Buf *, const char *, ...) = html_f;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        Buf b = {0};
        format(&b, fmt, "x");
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void test_html_f_refuses_unknown(void)
{
    CHECK(aborts("<p>%x</p>"));
    CHECK(aborts("<p>%.5s</p>"));
    CHECK(aborts("<p>%lu</p>"));
    CHECK(aborts("<p>50%</p>")); /* a lone % at the end */
    CHECK(!aborts("<p>%s</p>"));
}

static void test_raw(void)
{
    Buf b = {0};
    HTML_RAW(&b, "<p class=\"x\">");
    HTML_RAW(&b, "a & b"
                 " </p>");
    CHECK_STR(buf_str(&b), "<p class=\"x\">a & b </p>");
    buf_free(&b);
}

static void test_page_frame(void)
{
    Buf b = {0};
    HtmlLink nav[] = {{"Home & away", "/"}, {"Team", "/team"}};
    HtmlPage p =
        {.title = "<Title>", .signed_in_as = "ann\"", .csrf = "tok", .nav = nav, .nnav = 2, .current = "/team"};
    html_page_start(&b, &p);
    html_page_end(&b);
    const char *s = buf_str(&b);
    CHECK_HAS(s, "<title>&lt;Title&gt; - Oversight</title>");
    CHECK_HAS(s, ">ann&quot;</span>");
    CHECK_HAS(s, "Home &amp; away");
    CHECK_HAS(s, "href=\"/team\" aria-current=\"page\"");
    CHECK(strstr(s, "<Title>") == NULL);
    CHECK_HAS(s, "</html>\n");
    buf_free(&b);
}

int main(void)
{
    RUN(test_text);
    RUN(test_url_component);
    RUN(test_html_f);
    RUN(test_html_f_refuses_unknown);
    RUN(test_raw);
    RUN(test_page_frame);
    TEST_DONE();
}
