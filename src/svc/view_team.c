/* view_team.c: the view of view_team.h. */
#include "svc/view_team.h"

#include <string.h>

SvcResult view_team(Store *st, const SvcActor *a, const char *name, TeamView *out)
{
    memset(out, 0, sizeof *out);
    Param p[] = {P_STR(name)};
    StoreRows *q = store_query(st, STMT_PAGE_TEAM, p, 1);
    if (!q) return SVC_FAILED;
    int got = store_next(q);
    if (got == 1) {
        out->ref = store_col_int(q, 0);
        out->name = svc_col_dup(&out->strings, q, 1);
        out->service = svc_col_dup(&out->strings, q, 2);
        out->manager_id = svc_col_dup(&out->strings, q, 3);
        out->manager_name = svc_col_dup(&out->strings, q, 4);
    }
    store_rows_close(q);
    SvcResult rc = got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
    if (rc == SVC_OK) {
        Access acc = access_team(st, a->viewer, out->ref);
        rc = acc == ACCESS_FAILED ? SVC_FAILED : acc == ACCESS_ALLOWED ? SVC_OK : SVC_REFUSED;
    }
    if (rc != SVC_OK) {
        view_team_free(out);
        return rc;
    }
    out->service_open = out->service[0] && access_service(a->viewer, out->service);
    out->due = (DueFilter){.asof = a->today, .team = out->name};
    return SVC_OK;
}

void view_team_free(TeamView *v)
{
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}
