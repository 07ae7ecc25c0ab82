/* view.c: the pieces the view services share (view.h). */
#include "svc/view.h"

#include <stdio.h>
#include <string.h>

SvcResult view_due(Store *st, const SvcActor *a, const DueFilter *f, DueList *out)
{
    char err[512];
    int rc = due_compute(st, a->pol, f, out, err, sizeof err);
    if (rc == 0) return SVC_OK;
    if (rc == 1) fprintf(stderr, "oversight: due list: %s\n", err);
    due_list_free(out);
    return SVC_FAILED;
}

/* Both statements answer: id, date, type, status, supervisor id, name,
 * the record's ref (NULL when none). */
static SvcResult history(Store *st, StmtId stmt, int64_t ref, int limit, Arena *arena, History *out)
{
    memset(out, 0, sizeof *out);
    out->limit = limit;
    if (limit <= 0) return SVC_OK;
    Param p[] = {P_INT(ref), P_INT(limit)};
    StoreRows *q = store_query(st, stmt, p, 2);
    if (!q) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(q)) == 1) {
        xgrow((void **)&out->entries, &cap, out->n + 1, sizeof *out->entries);
        out->entries[out->n++] = (HistoryEntry){
            .session = svc_col_dup(arena, q, 0),
            .date = svc_col_dup(arena, q, 1),
            .type = svc_col_dup(arena, q, 2),
            .status = svc_col_dup(arena, q, 3),
            .supervisor_id = svc_col_dup(arena, q, 4),
            .supervisor_name = svc_col_dup(arena, q, 5),
            .record_ref = store_col_int(q, 6),
        };
    }
    store_rows_close(q);
    if (got == 0) return SVC_OK;
    view_history_free(out);
    return SVC_FAILED;
}

SvcResult view_person_sessions(Store *st, int64_t staff_ref, int limit, Arena *arena, History *out)
{
    return history(st, STMT_PAGE_PERSON_SESSIONS, staff_ref, limit, arena, out);
}

SvcResult view_case_discussions(Store *st, int64_t case_ref, int limit, Arena *arena, History *out)
{
    return history(st, STMT_PAGE_CASE_DISCUSSIONS, case_ref, limit, arena, out);
}

void view_history_free(History *h)
{
    free(h->entries);
    h->entries = NULL;
    h->n = 0;
}
