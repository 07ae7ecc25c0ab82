/* notice.c: the account notices of notice.h. */
#include "svc/notice.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

bool notice_add(Store *st, int64_t user_ref, int64_t now, const char *what, int64_t by_ref, const char *by_actor)
{
    Param p[] = {P_INT(user_ref), P_INT(now), P_STR(what), by_ref ? P_INT(by_ref) : P_NULL,
                 by_ref || !by_actor ? P_NULL : P_STR(by_actor)};
    return store_exec(st, STMT_NOTICE_ADD, p, 5, NULL) == STORE_OK;
}

SvcResult notice_list(Store *st, const Viewer *v, bool unseen_only, NoticeList *out)
{
    memset(out, 0, sizeof *out);
    Param p[] = {P_INT(v->user_ref), P_INT(unseen_only ? 1 : 0), P_INT(NOTICE_MAX)};
    StoreRows *r = store_query(st, STMT_NOTICES_OF, p, 3);
    if (!r) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &cap, out->n + 1, sizeof *out->items);
        Notice *n = &out->items[out->n++];
        n->ref = store_col_int(r, 0);
        n->at = store_col_int(r, 1);
        svc_col_copy(r, 2, n->what, sizeof n->what);
        svc_col_copy(r, 3, n->by, sizeof n->by);
        n->seen = !store_col_null(r, 4);
    }
    store_rows_close(r);
    if (got < 0) notice_list_free(out);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void notice_list_free(NoticeList *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

SvcResult notice_seen(Store *st, const SvcActor *a, int64_t upto)
{
    if (store_begin(st) != STORE_OK) return svc_finish(st, SVC_FAILED, false);
    Param p[] = {P_INT(a->viewer->user_ref), P_INT(upto), P_INT(a->now)};
    return svc_finish(st, SVC_OK, store_exec(st, STMT_NOTICES_SEEN, p, 3, NULL) == STORE_OK);
}
