/* retention.c: what the policy's retention periods have expired, and
 * purging it (retention.h says what a purge deletes and what it keeps).
 *
 * Finding is one pass over the records and one over the sessions with case
 * notes outside a record, each row carrying the dates its expiry is
 * reckoned from; the arithmetic is here, in C, from the policy, so that
 * the SQL stays the same on both backends. */
#include "svc/retention.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "svc/record_log.h"

void retention_list_free(ExpiredList *l)
{
    free(l->item);
    memset(l, 0, sizeof *l);
}

/* A date column: true and *out when it holds one. */
static bool col_date(StoreRows *r, int col, Date *out)
{
    if (store_col_null(r, col)) return false;
    size_t len = 0;
    const char *s = store_col_text(r, col, &len);
    return date_parse(s, len, out);
}

/* The last day a thing is kept, and the kind whose line gave it: false
 * when it is kept for ever. A record's own period, then, when it discussed
 * cases, theirs: the later of the two. */
static bool kept_until(const Policy *pol, StoreRows *r, bool session, Date *until, RetainKind *kind)
{
    bool have = false;
    if (!session) {
        const Retention *rt = &pol->retain[RETAIN_RECORDS];
        if (!rt->set || rt->never) return false;
        Date from;
        if (rt->after == RETAIN_AFTER_LEAVING) {
            if (!col_date(r, RT_LEFT_DATE, &from)) return false; /* still employed: kept */
        } else if (!store_col_null(r, RT_LAST_AT)) {
            int64_t at = store_col_int(r, RT_LAST_AT);
            from = (Date)(at > 0 ? at / 86400 : 0);
        } else if (!col_date(r, RT_DATE, &from)) {
            return false;
        }
        have = policy_retain_until(pol, RETAIN_RECORDS, from, until);
        *kind = RETAIN_RECORDS;
        if (!have) return false;
    }
    if (store_col_int(r, RT_NOTES) > 0) {
        Date closed, c_until;
        if (store_col_int(r, RT_OPEN_CASES) > 0 || !col_date(r, RT_CLOSED_MAX, &closed)) return false;
        if (!policy_retain_until(pol, RETAIN_CASE_DISCUSSIONS, closed, &c_until)) return false;
        if (!have || c_until > *until) {
            *until = c_until;
            *kind = RETAIN_CASE_DISCUSSIONS;
        }
        have = true;
    }
    return have;
}

static int scan(Store *st, const Policy *pol, Date as_of, bool session, ExpiredList *out)
{
    StoreRows *r = store_query(st, session ? STMT_RETENTION_SESSIONS : STMT_RETENTION_RECORDS, NULL, 0);
    if (!r) return STORE_ERROR;
    int rc;
    while ((rc = store_next(r)) == 1) {
        Date until;
        RetainKind kind = RETAIN_RECORDS;
        if (!kept_until(pol, r, session, &until, &kind) || as_of <= until) continue;
        xgrow((void **)&out->item, &out->cap, out->n + 1, sizeof *out->item);
        Expired *e = &out->item[out->n++];
        memset(e, 0, sizeof *e);
        e->session = session;
        e->ref = store_col_int(r, RT_REF);
        svc_col_copy(r, RT_DATE, e->date, sizeof e->date);
        strfmt(e->who, sizeof e->who, "%s with %s", store_col_text(r, RT_SUPERVISEE_ID, NULL),
               store_col_text(r, RT_SUPERVISOR_ID, NULL));
        date_format(until, e->expired);
        e->kind = kind;
        strfmt(e->rule, sizeof e->rule, "%s", pol->retain[kind].text);
    }
    store_rows_close(r);
    return rc;
}

int retention_expired(Store *st, const Policy *pol, Date as_of, ExpiredList *out)
{
    int rc = scan(st, pol, as_of, false, out);
    if (rc == 0) rc = scan(st, pol, as_of, true, out);
    return rc;
}

int retention_purged(Store *st, bool session, int64_t ref, PurgeInfo *out)
{
    memset(out, 0, sizeof *out);
    StoreRows *r = store_query(st, session ? STMT_RETENTION_PURGE_OF_SESSION : STMT_RETENTION_PURGE_OF_RECORD,
                               (Param[]){P_INT(ref)}, 1);
    if (!r) return STORE_ERROR;
    int rc = store_next(r);
    if (rc == 1) {
        out->at = store_col_int(r, 0);
        svc_col_copy(r, 1, out->as_of, sizeof out->as_of);
        svc_col_copy(r, 2, out->rule, sizeof out->rule);
    }
    store_rows_close(r);
    return rc;
}

/* The log indexes of an item's leaves, collected (the walk may not use the
 * store, which is reading them). */
typedef struct {
    int64_t *idx;
    size_t n, cap;
} Leaves;

static int collect(void *ctx, const LogLeaf *leaf)
{
    Leaves *l = ctx;
    xgrow((void **)&l->idx, &l->cap, l->n + 1, sizeof *l->idx);
    l->idx[l->n++] = leaf->idx;
    return 0;
}

static const StmtId record_purge[] = {
    STMT_RETENTION_RECORD_ITEMS,           STMT_RETENTION_RECORD_REASONS,     STMT_RETENTION_RECORD_ANSWERS,
    STMT_RETENTION_RECORD_NOTES,           STMT_RETENTION_RECORD_ACTIONS,     STMT_RETENTION_RECORD_FOLLOW_UPS,
    STMT_RETENTION_RECORD_DISAGREEMENTS,   STMT_RETENTION_RECORD_DRAFTS,      STMT_RETENTION_RECORD_AGENDA,
    STMT_RETENTION_RECORD_BOOKING_REASONS, STMT_RETENTION_RECORD_ESCALATIONS, STMT_RETENTION_RECORD_KEY,
};
static const StmtId session_purge[] = {STMT_RETENTION_SESSION_ANSWERS, STMT_RETENTION_SESSION_NOTES,
                                       STMT_RETENTION_SESSION_KEY};

/* One item, in the open transaction: its texts and key, its log entry
 * (the leaves recording it, read before the entry joins them), its row. */
static bool purge_one(Store *st, const Policy *pol, const Expired *e, Date as_of, int64_t now, SvcError *err)
{
    Leaves leaves = {0};
    int rc = e->session ? record_log_leaves_of_session(st, e->ref, collect, &leaves)
                        : record_log_leaves_of_record(st, e->ref, collect, &leaves);
    bool ok = rc == 0;
    const StmtId *stmts = e->session ? session_purge : record_purge;
    size_t nstmts =
        e->session ? sizeof session_purge / sizeof *session_purge : sizeof record_purge / sizeof *record_purge;
    for (size_t i = 0; ok && i < nstmts; i++)
        ok = store_exec(st, stmts[i], (Param[]){P_INT(e->ref)}, 1, NULL) == STORE_OK;
    int64_t idx = 0;
    if (ok) {
        Entry en = {.type = ENTRY_PURGED,
                    .at = now,
                    .record = e->session ? 0 : e->ref,
                    .session = e->session ? e->ref : 0,
                    .rule = e->rule,
                    .leaves = leaves.idx,
                    .nleaves = leaves.n};
        LogSource src = {.record_ref = e->session ? 0 : e->ref, .session_ref = e->session ? e->ref : 0};
        ok = record_log_append(st, &en, &src, &idx, NULL, err);
    }
    if (ok) {
        char day[11];
        date_format(as_of, day);
        Param p[] = {e->session ? P_NULL : P_INT(e->ref),
                     e->session ? P_INT(e->ref) : P_NULL,
                     P_INT(now),
                     P_STR(day),
                     P_STR(pol->name),
                     P_STR(e->rule),
                     P_INT(idx)};
        ok = store_exec(st, STMT_RETENTION_PURGE_ADD, p, 7, NULL) == STORE_OK;
    }
    free(leaves.idx);
    return ok;
}

SvcResult retention_purge(Store *st, const Policy *pol, const Expired *items, size_t n, Date as_of, int64_t now,
                          SvcError *err)
{
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    LogState ls;
    int got = record_log_state(st, &ls);
    if (got < 0) return svc_finish(st, SVC_FAILED, false);
    if (got == 0 || !ls.ready)
        return svc_finish(st,
                          svc_fail(err, SVC_CONFLICT, "",
                                   "the record log is not set up: an administrator runs `oversight log init --origin "
                                   "NAME` first, so that each purge is recorded in it"),
                          false);
    bool ok = true;
    SvcResult rc = SVC_OK;
    for (size_t i = 0; ok && rc == SVC_OK && i < n; i++) {
        PurgeInfo was;
        int done = retention_purged(st, items[i].session, items[i].ref, &was);
        if (done < 0)
            ok = false;
        else if (done == 1)
            rc = svc_fail(err, SVC_CONFLICT, "", "%s %lld was purged already, on %s",
                          items[i].session ? "session" : "record", (long long)items[i].ref, was.as_of);
        else
            ok = purge_one(st, pol, &items[i], as_of, now, err);
    }
    if (!ok && err && err->message[0]) rc = SVC_FAILED;
    return svc_finish(st, rc, ok);
}
