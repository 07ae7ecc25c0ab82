/* test_mail.c: the email writer (format/mail.h): the headers RFC 5322 asks
 * for, UTF-8 names and subjects as RFC 2047 encoded words split between
 * characters, a base64 body in lines of 76, and nothing in a name able to
 * add a header; and which addresses are sent to. */
#include <string.h>

#include "format/mail.h"
#include "test.h"

static Buf compose(const char *name, const char *subject, const char *body)
{
    MailMessage m = {.from = "oversight@council.example",
                     .to_addr = "zoe@council.example",
                     .to_name = name,
                     .subject = subject,
                     .body = body,
                     .message_id = "oversight.1.1.0@council.example",
                     .date = 1796671730};
    Buf b = {0};
    mail_compose(&b, &m);
    buf_addc(&b, 0);
    return b;
}

static void test_headers(void)
{
    Buf b = compose("Amelia Mwangi", "Supervision is due", "Hello\n");
    CHECK_HAS(b.data, "Date: Mon, 07 Dec 2026 19:28:50 +0000\r\n");
    CHECK_HAS(b.data, "Message-ID: <oversight.1.1.0@council.example>\r\n");
    CHECK_HAS(b.data, "From: oversight@council.example\r\n");
    CHECK_HAS(b.data, "To: \"Amelia Mwangi\" <zoe@council.example>\r\n");
    CHECK_HAS(b.data, "Subject: Supervision is due\r\n");
    CHECK_HAS(b.data, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                      "Content-Transfer-Encoding: base64\r\n");
    /* "Hello\r\n" */
    CHECK_HAS(b.data, "\r\n\r\nSGVsbG8NCg==\r\n");
    buf_free(&b);
}

static void test_utf8_name_is_encoded(void)
{
    Buf b = compose("Zoë Ångström", "Ça", "x");
    /* "Zoë Ångström" in base64 */
    CHECK_HAS(b.data, "To: =?UTF-8?B?Wm/DqyDDhW5nc3Ryw7Zt?= <zoe@council.example>\r\n");
    CHECK_HAS(b.data, "Subject: =?UTF-8?B?w4dh?=\r\n");
    buf_free(&b);
}

static void test_long_subject_split_between_characters(void)
{
    char subject[200];
    for (int i = 0; i < 40; i++) memcpy(subject + 2 * i, "é", 2); /* 80 bytes of two-byte characters */
    subject[80] = 0;
    Buf b = compose("", subject, "x");
    const char *s = strstr(b.data, "Subject: ");
    CHECK(s != NULL);
    /* Three words of whole characters (36 bytes each, 8 left). */
    CHECK_HAS(s, "?=\r\n =?UTF-8?B?");
    const char *end = strstr(s, "\r\nMIME");
    for (const char *line = s; line && line < end; line = strstr(line + 1, "\r\n"))
        CHECK(strcspn(line + 2, "\r") <= 78);
    CHECK_HAS(b.data, "To: zoe@council.example\r\n");
    buf_free(&b);
}

/* Not UTF-8: a run of continuation bytes longer than a word is cut where
 * it falls, each word its share of the bytes (it once walked back past the
 * word's start and read far beyond the text). */
static void test_not_utf8_is_cut_anyway(void)
{
    char subject[120];
    memset(subject, 0x80, 100);
    subject[100] = 0;
    Buf b = compose("", subject, "x");
    const char *s = strstr(b.data, "Subject: ");
    CHECK(s != NULL);
    /* 100 bytes: words of 36, 36 and 28 bytes, base64 48, 48 and 40 characters. */
    int words = 0;
    for (const char *w = s; (w = strstr(w, "=?UTF-8?B?")) != NULL; w++) {
        const char *end = strstr(w, "?=");
        CHECK(end != NULL);
        if (end) CHECK(end - (w + 10) == (words < 2 ? 48 : 40));
        words++;
    }
    CHECK_INT(words, 3);
    buf_free(&b);
}

static void test_no_header_injection(void)
{
    Buf b = compose("Eve\r\nBcc: victim@example.org", "Hi\nBcc: other@example.org", "x");
    CHECK(strstr(b.data, "\r\nBcc:") == NULL);
    CHECK(strstr(b.data, "\nBcc:") == NULL);
    CHECK_HAS(b.data, "To: \"Eve  Bcc: victim@example.org\" <zoe@council.example>\r\n");
    buf_free(&b);
    b = compose("A \"quoted\" \\ name", "x", "x");
    CHECK_HAS(b.data, "To: \"A \\\"quoted\\\" \\\\ name\" <zoe@council.example>\r\n");
    buf_free(&b);
}

static void test_body_lines(void)
{
    char body[400];
    memset(body, 'a', 300);
    body[300] = 0;
    Buf b = compose("", "x", body);
    const char *s = strstr(b.data, "\r\n\r\n") + 4;
    size_t lines = 0;
    for (const char *p = s; *p; lines++) {
        size_t n = strcspn(p, "\r");
        CHECK(n <= 76);
        p += n + 2;
    }
    CHECK_INT(lines, 6); /* 300 bytes: 57 a line */
    buf_free(&b);
}

static void test_addresses(void)
{
    CHECK(mail_address_ok("zoe@council.example"));
    CHECK(mail_address_ok("first.last+tag@sub.council.example"));
    CHECK(mail_address_ok("root@localhost"));
    CHECK(!mail_address_ok(""));
    CHECK(!mail_address_ok("no-at.example"));
    CHECK(!mail_address_ok("@council.example"));
    CHECK(!mail_address_ok("zoe@"));
    CHECK(!mail_address_ok("zoe@nodot"));
    CHECK(!mail_address_ok("a@b@c.example"));
    CHECK(!mail_address_ok("zoe @council.example"));
    CHECK(!mail_address_ok("zoe@council.example>, x@evil.example"));
    CHECK(!mail_address_ok("zoe@council.example\r\nBcc: x@evil.example"));
    CHECK(!mail_address_ok("zoë@council.example"));
    CHECK_STR(mail_domain("zoe@council.example"), "council.example");
    CHECK_STR(mail_domain("none"), "");
}

int main(void)
{
    RUN(test_headers);
    RUN(test_utf8_name_is_encoded);
    RUN(test_long_subject_split_between_characters);
    RUN(test_not_utf8_is_cut_anyway);
    RUN(test_no_header_injection);
    RUN(test_body_lines);
    RUN(test_addresses);
    TEST_DONE();
}
