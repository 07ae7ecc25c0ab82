/* retention.h: the policy's retention periods applied (docs/policy.md,
 * "Retention"; `oversight retention run`).
 *
 * What expires is a whole unit of text under one commitment key: a
 * supervision record (every version's items, case notes and their answers,
 * actions and follow-ups written in it, disagreements, the reasons for new
 * versions, its drafts, its session's agenda and booking reasons, and the
 * words of escalations about it), or the case notes of a session held
 * outside a record (informal, group). A record expires when its own period
 * has run out ("retain records ... after leaving": from the supervisee's
 * last day; "after signing": from its last signature) and, when it
 * discussed cases, also the case-discussion period of each of them (from
 * the case's closing: an open case keeps it); a session outside a record
 * when the case-discussion period of each case it discussed has. A kind
 * with no "retain" line, or "never", keeps everything. Something expires
 * the day after its period ends: kept 72m after leaving on 2020-03-31, it
 * is kept through 2026-03-31 and purged from 2026-04-01.
 *
 * Purging blanks or deletes the texts and deletes the commitment key, so
 * the texts are gone and nothing left can prove what they were; the
 * skeleton stays (who, when, which cases, each version's state and times),
 * with a purges row and a `purged` entry in the record log naming the
 * policy line and the log's leaves whose texts are gone. Those leaves are
 * hashes, so the log's root and every proof still compute. */
#ifndef OV_RETENTION_H
#define OV_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/policy.h"
#include "svc/svc.h"

#define RETENTION_RULE_MAX 96

/* One thing whose texts have expired. */
typedef struct {
    bool session;     /* a session outside a record (false: a record) */
    int64_t ref;      /* the record's or the session's ref */
    char date[11];    /* its date */
    char who[140];    /* a record: "SUPERVISEE with SUPERVISOR" (staff ids); a session: "SESSION with SUPERVISOR" */
    char expired[11]; /* the last day it was kept */
    RetainKind kind;  /* the kind whose line gave that day (the later one, for a record with cases) */
    char rule[RETENTION_RULE_MAX]; /* that line, as the policy writes it */
} Expired;

typedef struct {
    Expired *item;
    size_t n, cap;
} ExpiredList;

/* Everything not purged yet whose texts have expired on as_of under pol,
 * records first, each in ref order, appended to out: 0 or <0 (the store).
 * Free with retention_list_free. Writes nothing. */
int retention_expired(Store *st, const Policy *pol, Date as_of, ExpiredList *out);
void retention_list_free(ExpiredList *l);

/* Purges the n items (from retention_expired) in one transaction at now:
 * texts, keys, a purges row and a `purged` log entry each. SVC_OK;
 * SVC_CONFLICT when the record log is not set up (an administrator runs
 * `oversight log init` first: err says so) or an item was purged
 * meanwhile; SVC_FAILED when the store failed. Nothing is written unless
 * all are. Afterwards, outside the transaction, the caller runs
 * store_scrub once, so that no copy of the texts remains in the files. */
SvcResult retention_purge(Store *st, const Policy *pol, const Expired *items, size_t n, Date as_of, int64_t now,
                          SvcError *err);

/* When record_ref (or, with session, a session outside a record) was
 * purged: 1 with *at (Unix seconds), as_of and rule filled; 0 when it was
 * not; <0 on failure. */
typedef struct {
    int64_t at;
    char as_of[11];
    char rule[RETENTION_RULE_MAX];
} PurgeInfo;
int retention_purged(Store *st, bool session, int64_t ref, PurgeInfo *out);

#endif
