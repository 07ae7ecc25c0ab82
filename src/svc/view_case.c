/* view_case.c: the views of view_case.h. */
#include "svc/view_case.h"

#include <string.h>

static int details(Store *st, const char *id, CaseView *out)
{
    Param p[] = {P_STR(id)};
    StoreRows *q = store_query(st, STMT_PAGE_CASE, p, 1);
    if (!q) return STORE_ERROR;
    int got = store_next(q);
    if (got == 1) {
        Arena *a = &out->strings;
        out->ref = store_col_int(q, 0);
        out->id = svc_col_dup(a, q, 1);
        out->category = svc_col_dup(a, q, 2);
        out->worker_ref = store_col_int(q, 3);
        out->worker_id = svc_col_dup(a, q, 4);
        out->worker_name = svc_col_dup(a, q, 5);
        out->allocated_date = svc_col_dup(a, q, 6);
        out->closed_date = svc_col_dup(a, q, 7);
        out->every = svc_col_dup(a, q, 8);
        out->name = svc_col_dup(a, q, 9);
    }
    store_rows_close(q);
    return got;
}

SvcResult view_case(Store *st, const SvcActor *a, const char *id, int history, CaseView *out)
{
    memset(out, 0, sizeof *out);
    int got = details(st, id, out);
    SvcResult rc = got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
    if (rc == SVC_OK) {
        Access acc = access_case(st, a->viewer, out->ref);
        rc = acc == ACCESS_FAILED ? SVC_FAILED : acc == ACCESS_ALLOWED ? SVC_OK : SVC_NOT_FOUND;
    }
    DueFilter f = {.asof = a->today, .worker = out->worker_id};
    if (rc == SVC_OK) rc = view_due(st, a, &f, &out->worker_due);
    if (rc == SVC_OK) rc = view_case_discussions(st, out->ref, history, &out->strings, &out->discussions);
    if (rc != SVC_OK) {
        view_case_free(out);
        return rc;
    }
    for (size_t i = 0; i < out->worker_due.n && !out->due; i++) {
        const DueRow *row = &out->worker_due.rows[i];
        if (row->kind == DUE_KIND_CASE && strcmp(row->id, out->id) == 0) out->due = row;
    }
    return SVC_OK;
}

void view_case_free(CaseView *v)
{
    due_list_free(&v->worker_due);
    view_history_free(&v->discussions);
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}

SvcResult view_case_decisions(Store *st, const SvcActor *a, const char *id, int limit, Record *out)
{
    memset(out, 0, sizeof *out);
    int64_t ref = 0;
    Param p[] = {P_STR(id)};
    int got = store_query_int(st, STMT_CASE_FIND, p, 1, &ref);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_NOT_FOUND;
    return case_notes_of(st, a->viewer, ref, limit, out);
}
