/* concern.c: the decisions of concern.h. */
#include "svc/concern.h"

#include <string.h>

static SvcResult load(Store *st, StmtId stmt, int64_t ref, ConcernList *out);

/* The case's worker and their supervisor record incidents and allegations;
 * to anyone else the case is answered as one that does not exist. */
static SvcResult may_write(Store *st, const SvcActor *a, int64_t case_ref, SvcError *e, const char *none)
{
    Access acc = access_write_case(st, a->viewer, case_ref);
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    return acc == ACCESS_ALLOWED ? SVC_OK : svc_fail(e, SVC_NOT_FOUND, "", "%s", none);
}

SvcResult concern_raise(Store *st, const SvcActor *a, const char *case_id, const char *kind, const char *date,
                        const char *text, SvcError *e)
{
    Param c[] = {P_STR(case_id ? case_id : "")};
    StoreRows *q = store_query(st, STMT_CASE_BY_ID, c, 1);
    if (!q) return SVC_FAILED;
    int got = store_next(q);
    int64_t case_ref = got == 1 ? store_col_int(q, 0) : 0;
    char category[65] = "";
    if (got == 1) strfmt(category, sizeof category, "%s", store_col_text(q, 1, NULL));
    store_rows_close(q);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return svc_fail(e, SVC_NOT_FOUND, "", "There is no such case");
    SvcResult rc = may_write(st, a, case_ref, e, "There is no such case");
    if (rc != SVC_OK) return rc;
    const Category *cat = policy_category(a->pol, category, strlen(category));
    if (!cat || !cat->nchecklist)
        return svc_fail(e, SVC_CONFLICT, "", "Incidents and allegations are followed up on family placement cases");
    if (!kind || (strcmp(kind, "incident") != 0 && strcmp(kind, "allegation") != 0))
        return svc_fail(e, SVC_INVALID, "concern-kind", "Choose incident or allegation");
    if ((rc = svc_past_date(e, "concern-date", "the date", date, a->today, 0)) != SVC_OK ||
        (rc = svc_text(e, "concern-text", "what happened", text, SVC_TEXT_MAX, true)) != SVC_OK)
        return rc;
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Param p[] = {P_INT(case_ref), P_STR(kind), P_STR(text), P_STR(date), P_INT(a->viewer->staff_ref)};
    bool ok = store_exec(st, STMT_CONCERN_ADD, p, 5, NULL) == STORE_OK && store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok ? SVC_OK : SVC_FAILED;
}

SvcResult concern_resolve(Store *st, const SvcActor *a, int64_t ref, const char *date, const char *resolution,
                          SvcError *e)
{
    int64_t case_ref = 0;
    Param p[] = {P_INT(ref)};
    int got = store_query_int(st, STMT_CONCERN_CASE, p, 1, &case_ref);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return svc_fail(e, SVC_NOT_FOUND, "", "There is no such incident or allegation");
    SvcResult rc = may_write(st, a, case_ref, e, "There is no such incident or allegation");
    if (rc != SVC_OK) return rc;
    if ((rc = svc_past_date(e, "concern-date", "the date", date, a->today, 0)) != SVC_OK ||
        (rc = svc_text(e, "resolution", "how it was resolved", resolution, SVC_TEXT_MAX, true)) != SVC_OK)
        return rc;
    ConcernList l = {0};
    if (load(st, STMT_CONCERNS_OF_CASE, case_ref, &l) != SVC_OK) return SVC_FAILED;
    for (size_t i = 0; i < l.n; i++)
        if (l.items[i].ref == ref && strcmp(date, l.items[i].raised_date) < 0) {
            concern_list_free(&l);
            return svc_fail(e, SVC_INVALID, "concern-date", "It cannot be resolved before it was raised");
        }
    concern_list_free(&l);
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Param u[] = {P_INT(ref), P_STR(date), P_STR(resolution)};
    int64_t changed = 0;
    bool ok = store_exec(st, STMT_CONCERN_RESOLVE, u, 3, &changed) == STORE_OK;
    if (ok && changed == 0) {
        store_rollback(st);
        return svc_fail(e, SVC_CONFLICT, "", "This was resolved already");
    }
    ok = ok && store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok ? SVC_OK : SVC_FAILED;
}

static SvcResult load(Store *st, StmtId stmt, int64_t ref, ConcernList *out)
{
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, stmt, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        Concern *k = &out->items[out->n++];
        memset(k, 0, sizeof *k);
        k->ref = store_col_int(r, 0);
        strfmt(k->case_id, sizeof k->case_id, "%s", store_col_text(r, 1, NULL));
        strfmt(k->kind, sizeof k->kind, "%s", store_col_text(r, 2, NULL));
        strfmt(k->raised_date, sizeof k->raised_date, "%s", store_col_text(r, 3, NULL));
        strfmt(k->resolved_date, sizeof k->resolved_date, "%s", store_col_text(r, 4, NULL));
        strfmt(k->raised_by, sizeof k->raised_by, "%s", store_col_text(r, 5, NULL));
        size_t n;
        const char *s = store_col_text(r, 6, &n);
        k->text = arena_strndup(&out->strings, s, n);
        s = store_col_text(r, 7, &n);
        k->resolution = arena_strndup(&out->strings, s, n);
    }
    store_rows_close(r);
    if (got == 0) return SVC_OK;
    concern_list_free(out); /* what was read before the failure */
    return SVC_FAILED;
}

SvcResult concerns_of_case(Store *st, const Viewer *v, int64_t case_ref, ConcernList *out)
{
    memset(out, 0, sizeof *out);
    Access acc = access_case(st, v, case_ref);
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    if (acc != ACCESS_ALLOWED) return SVC_NOT_FOUND;
    Access may = access_write_case(st, v, case_ref);
    if (may == ACCESS_FAILED) return SVC_FAILED;
    out->may_write = may == ACCESS_ALLOWED;
    return load(st, STMT_CONCERNS_OF_CASE, case_ref, out);
}

SvcResult concern_case_id(Store *st, const Viewer *v, int64_t ref, char case_id[65])
{
    case_id[0] = 0;
    int64_t case_ref = 0;
    Param p[] = {P_INT(ref)};
    int got = store_query_int(st, STMT_CONCERN_CASE, p, 1, &case_ref);
    if (got < 0) return SVC_FAILED;
    Access acc = got == 1 ? access_case(st, v, case_ref) : ACCESS_REFUSED;
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    if (acc != ACCESS_ALLOWED) return SVC_NOT_FOUND;
    Param c[] = {P_INT(case_ref)};
    StoreRows *q = store_query(st, STMT_CASE_ID_OF, c, 1);
    if (!q) return SVC_FAILED;
    got = store_next(q);
    if (got == 1) svc_col_copy(q, 0, case_id, 65);
    store_rows_close(q);
    return got == 1 ? SVC_OK : got < 0 ? SVC_FAILED : SVC_NOT_FOUND;
}

SvcResult concerns_open_of_worker(Store *st, const Viewer *v, int64_t worker_ref, ConcernList *out)
{
    memset(out, 0, sizeof *out);
    Access acc = access_person(st, v, worker_ref);
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    if (acc != ACCESS_ALLOWED) return SVC_NOT_FOUND;
    return load(st, STMT_CONCERNS_OPEN_OF_WORKER, worker_ref, out);
}

void concern_list_free(ConcernList *l)
{
    free(l->items);
    arena_free(&l->strings);
    memset(l, 0, sizeof *l);
}
