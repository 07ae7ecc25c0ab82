/* log: one line per event, whatever the message holds; nothing a visitor
 * sends (a username, a path) can start a line of its own. */
#include <stdarg.h>
#include <string.h>

#include "core/log.h"
#include "test.h"

static void format_line(Buf *out, const char *client, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_format(out, client, fmt, ap);
    va_end(ap);
}

static void test_plain_line(void)
{
    Buf b = {0};
    format_line(&b, "192.0.2.7", "failed sign-in as \"%s\"", "alice");
    CHECK_STR(buf_str(&b), "oversight serve: failed sign-in as \"alice\" (from 192.0.2.7)\n");
    buf_clear(&b);
    format_line(&b, NULL, "database: %s", "disk full");
    CHECK_STR(buf_str(&b), "oversight serve: database: disk full\n");
    buf_free(&b);
}

static void test_forged_lines_escaped(void)
{
    Buf b = {0};
    format_line(&b, "192.0.2.7\r\n", "failed sign-in as \"%s\"",
                "x\"\noversight serve: signed in as \"admin\"\t\\\x1b[31m\x7f");
    CHECK_STR(buf_str(&b), "oversight serve: failed sign-in as \"x\"\\noversight serve: signed in as "
                           "\"admin\"\\t\\\\\\x1b[31m\\x7f\" (from 192.0.2.7\\r\\n)\n");
    /* exactly one newline, at the end */
    CHECK(strchr(buf_str(&b), '\n') == buf_str(&b) + b.len - 1);
    buf_free(&b);
}

static void test_utf8_kept(void)
{
    Buf b = {0};
    format_line(&b, "::1", "user \"%s\"",
                "Zo\xc3\xab \xc5\x81\xc3\xb3"
                "d\xc5\xba");
    CHECK_STR(buf_str(&b), "oversight serve: user \"Zo\xc3\xab \xc5\x81\xc3\xb3"
                           "d\xc5\xba\" (from ::1)\n");
    buf_free(&b);
}

int main(void)
{
    RUN(test_plain_line);
    RUN(test_forged_lines_escaped);
    RUN(test_utf8_kept);
    TEST_DONE();
}
