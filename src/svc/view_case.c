/* view_case.c: the views of view_case.h. */
#include "svc/view_case.h"

#include <stdlib.h>
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

SvcResult view_case_decision_history(Store *st, const SvcActor *a, int64_t case_ref, int limit, CaseDecisions *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = case_note_history_of(st, a->viewer, case_ref, limit, &out->notes);
    if (rc != SVC_OK) return rc;
    const Record *r = &out->notes;
    out->items = xcalloc(r->nnotes + 1, sizeof *out->items);
    bool *taken = xcalloc(r->nnotes + 1, sizeof *taken);
    /* The notes come newest first; a decision's notes share its origin. */
    for (size_t i = 0; i < r->nnotes; i++) {
        if (taken[i]) continue;
        CaseDecision *d = &out->items[out->n++];
        const CaseNote **chain = xcalloc(r->nnotes + 1, sizeof *chain);
        size_t n = 0;
        for (size_t k = i; k < r->nnotes; k++)
            if (!taken[k] && r->notes[k].origin_ref == r->notes[i].origin_ref) {
                taken[k] = true;
                chain[n++] = &r->notes[k];
            }
        /* Latest version first: it is the decision now. */
        for (size_t x = 1; x < n; x++)
            for (size_t y = x; y > 0 && chain[y]->version > chain[y - 1]->version; y--) {
                const CaseNote *t = chain[y];
                chain[y] = chain[y - 1];
                chain[y - 1] = t;
            }
        d->now = chain[0];
        /* Its text was set in the latest version that changed it; before
         * that, each version that made or changed it is its history. */
        size_t set = 0;
        while (set + 1 < n && !chain[set]->changed) set++;
        for (size_t k = set + 1; k < n; k++)
            if (chain[k]->changed) chain[d->nearlier++] = chain[k];
        if (d->nearlier) {
            d->earlier = chain;
        } else {
            free(chain);
        }
    }
    free(taken);
    return SVC_OK;
}

void case_decisions_free(CaseDecisions *d)
{
    for (size_t i = 0; d->items && i < d->n; i++) free((void *)d->items[i].earlier);
    free(d->items);
    record_free(&d->notes);
    memset(d, 0, sizeof *d);
}
