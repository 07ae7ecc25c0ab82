/* my_records.c: the view of my_records.h. */
#include "svc/my_records.h"

#include <string.h>

SvcResult view_my_records(Store *st, const SvcActor *a, int limit, MyRecords *out)
{
    memset(out, 0, sizeof *out);
    out->limit = limit;
    if (!a->viewer->staff_ref) return SVC_NOT_FOUND;
    Param p[] = {P_INT(a->viewer->staff_ref), P_INT(limit)};
    StoreRows *q = store_query(st, STMT_RECORDS_MINE, p, 2);
    if (!q) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(q)) == 1) {
        xgrow((void **)&out->records, &cap, out->n + 1, sizeof *out->records);
        bool supervising = store_col_int(q, 4) == a->viewer->staff_ref;
        out->records[out->n++] = (MyRecord){
            .ref = store_col_int(q, 0),
            .date = svc_col_dup(&out->strings, q, 1),
            .version = (int)store_col_int(q, 2),
            .state = svc_col_dup(&out->strings, q, 3),
            .supervising = supervising,
            .other_id = svc_col_dup(&out->strings, q, supervising ? 7 : 5),
            .other_name = svc_col_dup(&out->strings, q, supervising ? 8 : 6),
        };
    }
    store_rows_close(q);
    if (got == 0) return SVC_OK;
    view_my_records_free(out);
    return SVC_FAILED;
}

void view_my_records_free(MyRecords *l)
{
    free(l->records);
    arena_free(&l->strings);
    memset(l, 0, sizeof *l);
}
