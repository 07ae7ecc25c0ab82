/* council.c: the organisation read whole (council.h). */
#include "svc/council.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* A date column: false when NULL (or not a date). */
static bool col_date(StoreRows *r, int col, Date *d)
{
    size_t n;
    const char *s = store_col_text(r, col, &n);
    return !store_col_null(r, col) && date_parse(s, n, d);
}

/* Ends a read: SVC_OK after the last row, SVC_FAILED after a failure. */
static SvcResult finish(StoreRows *r, int got)
{
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult council_staff_count(Store *st, int64_t *n)
{
    *n = 0;
    return store_query_int(st, STMT_STAFF_COUNT, NULL, 0, n) < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult council_people(Store *st, void (*each)(void *ctx, const CouncilPerson *p), void *ctx)
{
    StoreRows *r = store_query(st, STMT_DEMO_STAFF, NULL, 0);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        CouncilPerson p = {0};
        p.ref = store_col_int(r, 0);
        svc_col_copy(r, 1, p.id, sizeof p.id);
        svc_col_copy(r, 2, p.role, sizeof p.role);
        p.supervisor_ref = svc_col_int0(r, 3);
        p.line_manager_ref = svc_col_int0(r, 4);
        p.has_start = col_date(r, 5, &p.start);
        p.has_left = col_date(r, 6, &p.left);
        p.fte = (Fte)store_col_int(r, 7);
        each(ctx, &p);
    }
    return finish(r, got);
}

SvcResult council_team_of(Store *st, const char *worker, CouncilTeam *out)
{
    memset(out, 0, sizeof *out);
    Param p[] = {P_STR(worker)};
    StoreRows *r = store_query(st, STMT_DEMO_TEAM_OF, p, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) {
        svc_col_copy(r, 0, out->manager, sizeof out->manager);
        svc_col_copy(r, 1, out->senior, sizeof out->senior);
        svc_col_copy(r, 2, out->service, sizeof out->service);
    }
    SvcResult rc = finish(r, got);
    return rc == SVC_OK && got == 0 ? SVC_NOT_FOUND : rc;
}

SvcResult council_attended(Store *st, int64_t staff_ref, Date since, Date **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char day[11];
    date_format(since, day);
    Param q[] = {P_INT(staff_ref), P_STR(day)};
    StoreRows *r = store_query(st, STMT_DEMO_ATTENDED, q, 2);
    if (!r) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(r)) == 1) {
        Date d;
        if (!col_date(r, 0, &d)) continue;
        xgrow((void **)out, &cap, *n + 1, sizeof **out);
        (*out)[(*n)++] = d;
    }
    return finish(r, got);
}

SvcResult council_open_cases(Store *st, int64_t worker_ref, Date day, CouncilCase *out, size_t max, size_t *n)
{
    *n = 0;
    char d[11];
    date_format(day, d);
    Param q[] = {P_INT(worker_ref), P_STR(d)};
    StoreRows *r = store_query(st, STMT_DEMO_OPEN_CASES, q, 2);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1)
        if (*n < max) {
            svc_col_copy(r, 0, out[*n].id, sizeof out[*n].id);
            svc_col_copy(r, 1, out[*n].category, sizeof out[*n].category);
            (*n)++;
        }
    return finish(r, got);
}

SvcResult council_category_workers(Store *st, const char *category, Date day, int64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char d[11];
    date_format(day, d);
    Param q[] = {P_STR(category), P_STR(d)};
    StoreRows *r = store_query(st, STMT_DEMO_CATEGORY_WORKERS, q, 2);
    if (!r) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)out, &cap, *n + 1, sizeof **out);
        (*out)[(*n)++] = store_col_int(r, 0);
    }
    return finish(r, got);
}
