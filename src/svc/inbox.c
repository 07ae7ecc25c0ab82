/* svc/inbox.c: the decisions of svc/inbox.h. */
#include "svc/inbox.h"

#include <string.h>

bool svc_inbox(Store *st, int64_t staff_ref, int64_t now, const char *text, const char *link)
{
    if (!staff_ref) return true;
    Param p[] = {P_INT(staff_ref), P_INT(now), P_STR(text), P_STR(link)};
    return store_exec(st, STMT_INBOX_ADD, p, 4, NULL) == STORE_OK;
}

SvcResult inbox_read(Store *st, const Viewer *v, int limit, Inbox *out)
{
    memset(out, 0, sizeof *out);
    if (!v->staff_ref) return SVC_OK;
    Param p[] = {P_INT(v->staff_ref), P_INT(limit)};
    StoreRows *r = store_query(st, STMT_INBOX_OF, p, 2);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        InboxMessage *m = &out->items[out->n++];
        size_t n;
        m->ref = store_col_int(r, 0);
        m->at = store_col_int(r, 1);
        const char *s = store_col_text(r, 2, &n);
        m->text = arena_strndup(&out->strings, s, n);
        s = store_col_text(r, 3, &n);
        m->link = arena_strndup(&out->strings, s, n);
        m->unread = store_col_null(r, 4);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult inbox_unread(Store *st, const Viewer *v, int64_t *count)
{
    *count = 0;
    if (!v->staff_ref) return SVC_OK;
    Param p[] = {P_INT(v->staff_ref)};
    return store_query_int(st, STMT_INBOX_UNREAD, p, 1, count) < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult inbox_mark_read(Store *st, const SvcActor *a)
{
    if (!a->viewer->staff_ref) return SVC_OK;
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Param p[] = {P_INT(a->viewer->staff_ref), P_INT(a->now)};
    bool ok = store_exec(st, STMT_INBOX_READ_ALL, p, 2, NULL) == STORE_OK && store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok ? SVC_OK : SVC_FAILED;
}

void inbox_free(Inbox *in)
{
    free(in->items);
    arena_free(&in->strings);
    memset(in, 0, sizeof *in);
}
