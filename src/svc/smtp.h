/* smtp.h: sending one email to an SMTP server (libcurl, confined to
 * smtp.c by tools/codecheck). The settings come from the command line
 * (oversight serve, oversight mail send: docs/deploy.md). */
#ifndef OV_SVC_SMTP_H
#define OV_SVC_SMTP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *url;      /* smtp://host[:port] (STARTTLS required) or smtps://host[:port] */
    const char *user;     /* NULL: no authentication */
    const char *password; /* with user */
    /* Allows smtp:// without STARTTLS, and only to a loopback address
     * (a test server, or a relay on the same machine). */
    bool plain_loopback;
    long timeout; /* seconds for the whole exchange; 0: 60 */
} SmtpConfig;

/* Once, before any thread sends (curl_global_init). false when it fails. */
bool smtp_global_init(void);

/* Why the settings cannot be used (a sentence), or NULL. */
const char *smtp_config_problem(const SmtpConfig *c);

typedef enum {
    SMTP_SENT,        /* the server accepted the message */
    SMTP_REFUSED,     /* the server refused this message (or its recipient) */
    SMTP_UNREACHABLE, /* no server to talk to: connection, TLS or sign-in failed; another message would fail too */
} SmtpResult;

/* Sends msg (a whole message, CRLF lines) from from to to; when not sent,
 * the reason in err. */
SmtpResult smtp_send(const SmtpConfig *c, const char *from, const char *to, const char *msg, size_t len, char *err,
                     size_t errlen);

#endif
