/* mail.c: the email writer of mail.h. */
#include "format/mail.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(Buf *out, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16;
        if (i + 1 < n) v |= (uint32_t)s[i + 1] << 8;
        if (i + 2 < n) v |= s[i + 2];
        buf_addc(out, b64[v >> 18 & 63]);
        buf_addc(out, b64[v >> 12 & 63]);
        buf_addc(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
        buf_addc(out, i + 2 < n ? b64[v & 63] : '=');
    }
}

static bool ascii_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e) return false;
    return true;
}

/* A header's text with every control character a space. */
static char *clean(const char *s)
{
    char *c = xstrdup(s);
    for (char *p = c; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
    return c;
}

/* RFC 2047 encoded words (at most 75 characters each), split between UTF-8
 * characters (never inside one), separated by folding white space. */
static void encoded_words(Buf *out, const char *s)
{
    size_t n = strlen(s), i = 0;
    bool first = true;
    while (i < n) {
        size_t take = n - i < 36 ? n - i : 36; /* 48 base64 characters: a word of 60, a line under 78 */
        /* Back to the start of a character; bytes that are no UTF-8 (a run of
         * continuation bytes) are cut where they fall rather than never. */
        size_t whole = take;
        while (i + take < n && take > 1 && ((unsigned char)s[i + take] & 0xc0) == 0x80) take--;
        if (take == 1 && i + take < n && ((unsigned char)s[i + take] & 0xc0) == 0x80) take = whole;
        if (!first) buf_adds(out, "\r\n ");
        buf_adds(out, "=?UTF-8?B?");
        base64(out, (const unsigned char *)s + i, take);
        buf_adds(out, "?=");
        first = false;
        i += take;
    }
}

static void header_text(Buf *out, const char *s)
{
    char *c = clean(s);
    if (ascii_printable(c))
        buf_adds(out, c);
    else
        encoded_words(out, c);
    free(c);
}

static void date_header(Buf *out, int64_t at)
{
    static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)at;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) memset(&tm, 0, sizeof tm);
    buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday % 7], tm.tm_mday,
             months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void mail_compose(Buf *out, const MailMessage *m)
{
    date_header(out, m->date);
    buf_addf(out, "Message-ID: <%s>\r\n", m->message_id);
    buf_addf(out, "From: %s\r\n", m->from);
    buf_adds(out, "To: ");
    if (m->to_name && *m->to_name) {
        char *c = clean(m->to_name);
        if (ascii_printable(c)) {
            buf_addc(out, '"');
            for (const char *p = c; *p; p++) {
                if (*p == '"' || *p == '\\') buf_addc(out, '\\');
                buf_addc(out, *p);
            }
            buf_addc(out, '"');
        } else {
            encoded_words(out, c);
        }
        free(c);
        buf_addf(out, " <%s>\r\n", m->to_addr);
    } else {
        buf_addf(out, "%s\r\n", m->to_addr);
    }
    buf_adds(out, "Subject: ");
    header_text(out, m->subject);
    buf_adds(out, "\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n"
                  "Auto-Submitted: auto-generated\r\n\r\n");
    /* The body with CRLF line ends, in lines of 76 base64 characters. */
    Buf crlf = {0};
    for (const char *p = m->body; *p; p++) {
        if (*p == '\n' && (p == m->body || p[-1] != '\r')) buf_addc(&crlf, '\r');
        buf_addc(&crlf, *p);
    }
    for (size_t i = 0; i < crlf.len; i += 57) {
        base64(out, (const unsigned char *)crlf.data + i, crlf.len - i < 57 ? crlf.len - i : 57);
        buf_adds(out, "\r\n");
    }
    buf_free(&crlf);
}

bool mail_address_ok(const char *s)
{
    size_t n = strlen(s);
    const char *at = strrchr(s, '@');
    if (n == 0 || n > 254 || !at || at == s || !at[1] || strchr(s, '@') != at) return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p > 0x7e || strchr("<>\"(),;:[]\\", *p)) return false;
    return strchr(at + 1, '.') != NULL || strcmp(at + 1, "localhost") == 0;
}

const char *mail_domain(const char *addr)
{
    const char *at = strrchr(addr, '@');
    return at ? at + 1 : "";
}
