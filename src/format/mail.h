/* mail.h: an email as bytes (RFC 5322 with MIME, RFC 2045-2047): the
 * headers Date, Message-ID, From, To and Subject, and a plain-text UTF-8
 * body in base64. Pure: the caller gives the time and the Message-ID.
 * Header values are the caller's data (names from the staff import), so
 * any line break or control character in them becomes a space, and any
 * text that is not ASCII an encoded word: nothing a name holds can add a
 * header or a recipient. */
#ifndef OV_FORMAT_MAIL_H
#define OV_FORMAT_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"

typedef struct {
    const char *from;       /* an address */
    const char *to_addr;    /* an address */
    const char *to_name;    /* the recipient's name, "" for none */
    const char *subject;    /* UTF-8 */
    const char *body;       /* UTF-8, lines ended by "\n" */
    const char *message_id; /* without the angle brackets: "local@domain" */
    int64_t date;           /* Unix seconds */
} MailMessage;

/* Appends the whole message, lines ended CRLF, to out. */
void mail_compose(Buf *out, const MailMessage *m);

/* Whether s is an address this program sends to: local@domain, printable
 * ASCII without spaces, angle brackets, quotes, commas or semicolons, at
 * most 254 bytes. */
bool mail_address_ok(const char *s);

/* The domain of an address (after its last '@'), or "" when none. */
const char *mail_domain(const char *addr);

#endif
