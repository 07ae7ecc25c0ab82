/* svc/staff.c: the decisions of svc/staff.h. */
#include "svc/staff.h"

#include <string.h>

#include "core/util.h"

static int load(Store *st, int64_t ref, Staff *out)
{
    memset(out, 0, sizeof *out);
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, STMT_SVC_STAFF, p, 1);
    if (!r) return STORE_ERROR;
    int got = store_next(r);
    if (got == 1) {
        out->ref = store_col_int(r, 0);
        strfmt(out->id, sizeof out->id, "%s", store_col_text(r, 1, NULL));
        strfmt(out->name, sizeof out->name, "%s", store_col_text(r, 2, NULL));
        strfmt(out->role, sizeof out->role, "%s", store_col_text(r, 3, NULL));
        out->supervisor_ref = store_col_null(r, 4) ? 0 : store_col_int(r, 4);
        out->line_manager_ref = store_col_null(r, 5) ? 0 : store_col_int(r, 5);
        out->service_ref = store_col_null(r, 6) ? 0 : store_col_int(r, 6);
        out->has_left = !store_col_null(r, 7);
        strfmt(out->left_date, sizeof out->left_date, "%s", store_col_text(r, 7, NULL));
        size_t n;
        const char *start = store_col_text(r, 8, &n);
        if (!date_parse(start, n, &out->start)) out->start = 0;
        out->fte = (Fte)store_col_int(r, 9);
    }
    store_rows_close(r);
    return got;
}

int staff_load(Store *st, int64_t ref, Staff *out) { return load(st, ref, out); }

int staff_load_id(Store *st, const char *id, Staff *out)
{
    int64_t ref = 0;
    Param p[] = {P_STR(id)};
    int got = store_query_int(st, STMT_SVC_STAFF_BY_ID, p, 1, &ref);
    if (got <= 0) return got;
    return load(st, ref, out);
}

SvcResult svc_session_minutes(Store *st, const Policy *pol, const Staff *s, int *minutes)
{
    Param p[] = {P_INT(s->ref)};
    StoreRows *r = store_query(st, STMT_AGREEMENT_IN_FORCE, p, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) *minutes = (int)store_col_int(r, AG_MINUTES);
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    if (got == 1) return SVC_OK;
    const Role *role = policy_role(pol, s->role, strlen(s->role));
    *minutes = role ? role->session_minutes : 90;
    return SVC_OK;
}
