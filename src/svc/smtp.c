/* smtp.c: smtp.h through libcurl, the one file that includes curl.h. */
#include "svc/smtp.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

bool smtp_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }

/* The host of an smtp:// or smtps:// URL, into host. */
static bool url_host(const char *url, char *host, size_t n)
{
    const char *p = strstr(url, "://");
    if (!p) return false;
    p += 3;
    const char *at = strpbrk(p, "@/");
    if (at && *at == '@') p = at + 1;
    size_t len;
    if (*p == '[') {
        const char *close = strchr(p, ']');
        if (!close) return false;
        p++;
        len = (size_t)(close - p);
    } else {
        len = strcspn(p, ":/");
    }
    if (len == 0 || len >= n) return false;
    memcpy(host, p, len);
    host[len] = 0;
    return true;
}

static bool loopback(const char *host)
{
    return strcasecmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0;
}

const char *smtp_config_problem(const SmtpConfig *c)
{
    char host[256];
    bool smtps = strncasecmp(c->url, "smtps://", 8) == 0, smtp = strncasecmp(c->url, "smtp://", 7) == 0;
    if (!smtps && !smtp) return "must begin smtp:// (STARTTLS) or smtps:// (TLS)";
    if (!url_host(c->url, host, sizeof host)) return "names no host";
    if (strpbrk(c->url, " \r\n")) return "must not contain spaces or line breaks";
    if (c->plain_loopback && !smtp) return "sending without TLS is for smtp:// only";
    if (c->plain_loopback && !loopback(host))
        return "sending without TLS is allowed only to a loopback address (127.0.0.1, ::1, localhost)";
    if (c->user && !c->password) return "a user needs a password";
    return NULL;
}

typedef struct {
    const char *data;
    size_t len, off;
} Reader;

static size_t read_cb(char *dst, size_t size, size_t n, void *arg)
{
    Reader *r = arg;
    size_t room = size * n, left = r->len - r->off;
    size_t take = left < room ? left : room;
    memcpy(dst, r->data + r->off, take);
    r->off += take;
    return take;
}

SmtpResult smtp_send(const SmtpConfig *c, const char *from, const char *to, const char *msg, size_t len, char *err,
                     size_t errlen)
{
    const char *problem = smtp_config_problem(c);
    if (problem) {
        strfmt(err, errlen, "the SMTP URL %s", problem);
        return SMTP_UNREACHABLE;
    }
    CURL *curl = curl_easy_init();
    if (!curl) {
        strfmt(err, errlen, "cannot start the SMTP client");
        return SMTP_UNREACHABLE;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    char angle_from[300], angle_to[300];
    strfmt(angle_from, sizeof angle_from, "<%s>", from);
    strfmt(angle_to, sizeof angle_to, "<%s>", to);
    struct curl_slist *rcpt = curl_slist_append(NULL, angle_to);
    Reader r = {msg, len, 0};
    curl_easy_setopt(curl, CURLOPT_URL, c->url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    /* STARTTLS or TLS, always, unless allowed off for a loopback server. */
    curl_easy_setopt(curl, CURLOPT_USE_SSL, c->plain_loopback ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, angle_from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(curl, CURLOPT_READDATA, &r);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, c->timeout > 0 ? c->timeout : 60L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    if (c->user) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, c->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, c->password);
    }
    CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    if (rc != CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        if (code)
            strfmt(err, errlen, "%s (server said %ld)", errbuf[0] ? errbuf : curl_easy_strerror(rc), code);
        else
            strfmt(err, errlen, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) return SMTP_SENT;
    /* The server answered this message (its sender, recipient or data) with
     * an error: another message may go. Anything before that (no
     * connection, no TLS, sign-in refused, no answer) would fail for every
     * message alike. */
    bool before = code == 0 || rc == CURLE_USE_SSL_FAILED || rc == CURLE_LOGIN_DENIED ||
                  rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_PEER_FAILED_VERIFICATION ||
                  rc == CURLE_OPERATION_TIMEDOUT;
    return before ? SMTP_UNREACHABLE : SMTP_REFUSED;
}
