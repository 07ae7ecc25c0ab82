/* notice.h: account notices. Every change made to an account by someone
 * else (a password reset, a role, a staff link, two-factor sign-in,
 * disabling and enabling) is told to the person it concerns: the change
 * writes a notice in its own transaction, beside its audit row, and the
 * person sees it on every page until they acknowledge it, and in the list
 * "Changes to your account" on their account page. An admin can act, but
 * not unseen by the person they act on. */
#ifndef OV_SVC_NOTICE_H
#define OV_SVC_NOTICE_H

#include "svc/svc.h"

/* At most this many notices are read at once. */
#define NOTICE_MAX 50

/* Adds a notice for the account user_ref inside the caller's transaction:
 * what (a sentence: "You were granted the role auditor"), made at now by
 * the account by_ref (0 for none) or, with none, by by_actor (the command
 * line's operator; NULL when the person did it themselves). true on
 * success. */
bool notice_add(Store *st, int64_t user_ref, int64_t now, const char *what, int64_t by_ref, const char *by_actor);

typedef struct {
    int64_t ref, at;
    char what[320];
    char by[160]; /* an admin's username, the command line's operator, or "" (the person) */
    bool seen;
} Notice;

typedef struct {
    Notice *items; /* newest first */
    size_t n;
} NoticeList;

/* The viewer's notices, newest first: those not yet acknowledged when
 * unseen_only, else the latest NOTICE_MAX. SVC_OK or SVC_FAILED. */
SvcResult notice_list(Store *st, const Viewer *v, bool unseen_only, NoticeList *out);
void notice_list_free(NoticeList *l);

/* The viewer acknowledges their notices up to upto (the newest shown to
 * them): one that arrived since stays until it too is shown. */
SvcResult notice_seen(Store *st, const SvcActor *a, int64_t upto);

#endif
