/* notify.h: reminders, in the application and by email.
 *
 * A reminder is made once per person, kind, subject and day: its row in
 * `reminders` is the claim, inserted first in the transaction that leaves
 * the inbox message and queues the email, so two runs (or two servers on
 * one database) never make it twice, and a run that fails makes none of
 * it. What an email says is only what kind of thing waits and the link to
 * its page, never what a record holds (docs/security.md). Each person
 * chooses, per kind, whether reminders also come by email, and whether
 * one by one or as a daily digest (notify_prefs_*); with no email address
 * in the staff data, they are in the application only. */
#ifndef OV_SVC_NOTIFY_H
#define OV_SVC_NOTIFY_H

#include "svc/svc.h"

typedef enum {
    NOTIFY_SUPERVISION, /* the person's own supervision, or a supervisee's, due soon or overdue */
    NOTIFY_SIGNATURE,   /* a record waiting for the person's signature */
    NOTIFY_ESCALATION,  /* an escalation with them near (or past) its response date */
    NOTIFY_AUDIT,       /* an audit assigned to them (notify_audit_assigned) */
    NOTIFY_KINDS
} NotifyKind;

/* "supervision", "signature", "escalation", "audit". */
const char *notify_kind_name(NotifyKind k);

/* Escalations are reminded of from this many days before their response date. */
#define NOTIFY_ESCALATION_DAYS 3

/* Makes one reminder inside the caller's transaction: claims it, leaves
 * the inbox message and queues the email the person chose. *made: false
 * when it had been made already (then nothing is written). subject names
 * what it is about, unique within the kind (e.g. "audit:12"); text is a
 * sentence without record content; link a path in the web application.
 * false when the store fails. */
bool notify_person(Store *st, int64_t staff_ref, NotifyKind kind, const char *subject, Date day, int64_t now,
                   const char *text, const char *link, bool *made);

/* The hook for whoever assigns an audit: call inside the transaction that
 * assigns it. subject: the audit's own name for itself, e.g. "audit:12";
 * link: its page. */
bool notify_audit_assigned(Store *st, int64_t staff_ref, const char *subject, Date day, int64_t now, const char *link);

typedef struct {
    size_t considered, made; /* reminders found due today, and those new */
} NotifyStats;

/* Called after each batch: done of total reminders considered. */
typedef void (*NotifyProgress)(void *ctx, size_t done, size_t total);

/* The daily run: supervision due soon or overdue (the due rules: the
 * person and their supervisor), records waiting for a signature, and
 * escalations within NOTIFY_ESCALATION_DAYS of their response date (whoever
 * they are with). Idempotent for the day. 0 done; 1 the data does not fit
 * the policy (err); 3 the store failed (err). */
int notify_run(Store *st, const Policy *pol, Date today, int64_t now, NotifyProgress fn, void *ctx, NotifyStats *out,
               char *err, size_t errlen);

/* How a person's reminders reach them. */
typedef enum { NOTIFY_EACH, NOTIFY_DIGEST, NOTIFY_NONE } NotifyDelivery;

typedef struct {
    NotifyDelivery delivery;
    bool email[NOTIFY_KINDS]; /* by email, for each kind */
    bool has_email;           /* the staff data has an address for them */
    char address[256];
} NotifyPrefs;

/* The viewer's choice (the defaults when they made none: each by email,
 * every kind). SVC_NOT_FOUND for an account without a staff record. */
SvcResult notify_prefs_get(Store *st, const Viewer *v, NotifyPrefs *out);
/* Changes the viewer's own choice (delivery and email[] are read). */
SvcResult notify_prefs_set(Store *st, const SvcActor *a, const NotifyPrefs *p, SvcError *e);
/* "each", "digest", "none"; and back (false when it is none of them). */
const char *notify_delivery_name(NotifyDelivery d);
bool notify_delivery_parse(const char *s, NotifyDelivery *out);

#endif
