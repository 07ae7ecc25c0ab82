/* view_person.c: the view of view_person.h. */
#include "svc/view_person.h"

#include <string.h>

static int details(Store *st, const char *id, PersonView *out)
{
    Param p[] = {P_STR(id)};
    StoreRows *q = store_query(st, STMT_PAGE_PERSON, p, 1);
    if (!q) return STORE_ERROR;
    int got = store_next(q);
    if (got == 1) {
        Arena *a = &out->strings;
        out->ref = store_col_int(q, 0);
        out->id = svc_col_dup(a, q, 1);
        out->name = svc_col_dup(a, q, 2);
        out->role = svc_col_dup(a, q, 3);
        out->team = svc_col_dup(a, q, 4);
        out->supervisor_id = svc_col_dup(a, q, 5);
        out->supervisor_name = svc_col_dup(a, q, 6);
        out->line_manager_id = svc_col_dup(a, q, 7);
        out->line_manager_name = svc_col_dup(a, q, 8);
        out->start_date = svc_col_dup(a, q, 9);
        out->left_date = svc_col_dup(a, q, 10);
    }
    store_rows_close(q);
    return got;
}

static SvcResult records(Store *st, int limit, PersonView *out)
{
    Param p[] = {P_INT(out->ref), P_INT(limit)};
    StoreRows *q = store_query(st, STMT_RECORDS_OF_PERSON, p, 2);
    if (!q) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(q)) == 1) {
        xgrow((void **)&out->records, &cap, out->nrecords + 1, sizeof *out->records);
        out->records[out->nrecords++] = (PersonRecord){
            .ref = store_col_int(q, 0),
            .date = svc_col_dup(&out->strings, q, 1),
            .version = (int)store_col_int(q, 2),
            .state = svc_col_dup(&out->strings, q, 3),
            .supervisor_id = svc_col_dup(&out->strings, q, 4),
            .supervisor_name = svc_col_dup(&out->strings, q, 5),
        };
    }
    store_rows_close(q);
    return got == 0 ? SVC_OK : SVC_FAILED;
}

static SvcResult cancellations(Store *st, int limit, PersonView *out)
{
    Param p[] = {P_INT(out->ref), P_INT(limit)};
    StoreRows *q = store_query(st, STMT_BOOKING_CANCELLED_OF, p, 2);
    if (!q) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(q)) == 1) {
        xgrow((void **)&out->cancellations, &cap, out->ncancellations + 1, sizeof *out->cancellations);
        out->cancellations[out->ncancellations++] = (PersonCancellation){
            .booking_ref = store_col_int(q, 0),
            .date = svc_col_dup(&out->strings, q, 1),
            .by_name = svc_col_dup(&out->strings, q, 2),
            .reason = svc_col_dup(&out->strings, q, 3),
        };
    }
    store_rows_close(q);
    return got == 0 ? SVC_OK : SVC_FAILED;
}

SvcResult view_person(Store *st, const SvcActor *a, const char *id, int history, PersonView *out)
{
    memset(out, 0, sizeof *out);
    int got = details(st, id, out);
    SvcResult rc = got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
    if (rc == SVC_OK) {
        Access acc = access_person(st, a->viewer, out->ref);
        rc = acc == ACCESS_FAILED ? SVC_FAILED : acc == ACCESS_ALLOWED ? SVC_OK : SVC_REFUSED;
    }
    DueFilter f = {.asof = a->today, .worker = out->id};
    if (rc == SVC_OK) rc = view_due(st, a, &f, &out->due);
    if (rc == SVC_OK && history > 0) rc = records(st, history, out);
    if (rc == SVC_OK && history > 0) rc = cancellations(st, history, out);
    if (rc == SVC_OK) rc = view_person_sessions(st, out->ref, history, &out->strings, &out->sessions);
    if (rc != SVC_OK) view_person_free(out);
    return rc;
}

void view_person_free(PersonView *v)
{
    due_list_free(&v->due);
    free(v->records);
    free(v->cancellations);
    view_history_free(&v->sessions);
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}
