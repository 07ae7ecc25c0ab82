/* svc/mail.h: the mail queue's sender and its state for an admin.
 *
 * Emails are queued by svc/notify.h in the transaction of the reminder
 * that causes them. A sender takes each due one under a claim (a write
 * transaction: two senders on one database never take the same email),
 * sends it outside any transaction, then records the answer: sent; or
 * tried again later, with backoff (a minute, doubling, at most six
 * hours), keeping the attempts and the last error; or, after
 * MAIL_MAX_ATTEMPTS, given up with the reason kept for the admin. A sender
 * stopped mid-send leaves a claim that runs out (MAIL_CLAIM_SECONDS), and
 * the email is sent again then. */
#ifndef OV_SVC_MAIL_H
#define OV_SVC_MAIL_H

#include "svc/smtp.h"
#include "svc/svc.h"

#define MAIL_MAX_ATTEMPTS 8
#define MAIL_CLAIM_SECONDS 600

typedef struct {
    SmtpConfig smtp;
    const char *from;     /* the From address */
    const char *base_url; /* the web application's address, for the links ("https://oversight.example.org") */
} MailSettings;

/* Why the settings cannot be used (a sentence naming the option), or NULL. */
const char *mail_settings_problem(const MailSettings *s);

typedef struct {
    size_t sent, retried, failed;
} MailStats;

/* Closes the digests of the days before today, then sends up to limit
 * emails due at now. 0 done (each failed send is in the queue, not an
 * error); 3 the store failed (err). */
int mail_send_due(Store *st, const MailSettings *s, int64_t now, Date today, size_t limit, MailStats *out, char *err,
                  size_t errlen);

typedef struct {
    int64_t ref, created, next, sent;
    char *staff_id, *to, *subject, *status, *error, *digest_day;
    int64_t attempts;
} MailEntry;

typedef struct {
    MailEntry *items;
    size_t n, cap;
    Arena strings;
} MailQueueView;

/* Every email not sent, and the latest `sent` sent, newest first. Admins
 * only (a viewer), or the command line (v NULL). */
SvcResult mail_queue_view(Store *st, const Viewer *v, int sent, MailQueueView *out);
void mail_queue_view_free(MailQueueView *q);

#endif
