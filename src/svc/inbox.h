/* svc/inbox.h: the in-app inbox. Services leave a person a message (a
 * case note on one of their cases, a record to sign, a response to an
 * escalation) inside the transaction that caused it; the person reads their
 * own inbox only. */
#ifndef OV_SVC_INBOX_H
#define OV_SVC_INBOX_H

#include "svc/svc.h"
#include "core/util.h"

/* Adds a message inside the caller's transaction. link: a path in the web
 * application. true on success. */
bool svc_inbox(Store *st, int64_t staff_ref, int64_t now, const char *text, const char *link);

typedef struct {
    int64_t ref, at;
    char *text, *link;
    bool unread;
} InboxMessage;

typedef struct {
    InboxMessage *items;
    size_t n, cap;
    Arena strings;
} Inbox;

/* The viewer's latest messages (at most limit), newest first. */
SvcResult inbox_read(Store *st, const Viewer *v, int limit, Inbox *out);
/* How many the viewer has not read; 0 for accounts without a staff record. */
SvcResult inbox_unread(Store *st, const Viewer *v, int64_t *count);
/* Marks all the viewer's messages read. */
SvcResult inbox_mark_read(Store *st, const SvcActor *a);
void inbox_free(Inbox *in);

#endif
