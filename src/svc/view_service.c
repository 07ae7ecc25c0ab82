/* view_service.c: the views of view_service.h. */
#include "svc/view_service.h"

#include <stdlib.h>
#include <string.h>

/* One service's row (STMT_PAGE_SERVICES, STMT_PAGE_SERVICE_ONE): 1 added,
 * 0 none, <0 failure. */
static int add_services(StoreRows *q, const Viewer *v, ServiceList *out, size_t *cap)
{
    if (!q) return -1;
    int got;
    while ((got = store_next(q)) == 1) {
        if (!access_service(v, store_col_text(q, 0, NULL))) continue;
        xgrow((void **)&out->services, cap, out->n + 1, sizeof *out->services);
        out->services[out->n++] = (ServiceEntry){svc_col_dup(&out->strings, q, 0), store_col_int(q, 1)};
    }
    store_rows_close(q);
    return got;
}

static int by_name(const void *x, const void *y)
{
    return strcmp(((const ServiceEntry *)x)->name, ((const ServiceEntry *)y)->name);
}

/* Every service for an auditor; otherwise only the viewer's own, each read
 * by name, so that a senior manager's list costs their services, not the
 * organisation's. */
SvcResult view_services(Store *st, const SvcActor *a, ServiceList *out)
{
    memset(out, 0, sizeof *out);
    const Viewer *v = a->viewer;
    if (!access_services(v)) return SVC_REFUSED;
    size_t cap = 0;
    int got = 0;
    if (v->auditor) got = add_services(store_query(st, STMT_PAGE_SERVICES, NULL, 0), v, out, &cap);
    for (size_t i = 0; !v->auditor && got >= 0 && i < v->nservices; i++) {
        Param p[] = {P_STR(v->services[i])};
        got = add_services(store_query(st, STMT_PAGE_SERVICE_ONE, p, 1), v, out, &cap);
    }
    if (got >= 0) {
        if (out->n > 1) qsort(out->services, out->n, sizeof *out->services, by_name);
        return SVC_OK;
    }
    view_services_free(out);
    return SVC_FAILED;
}

void view_services_free(ServiceList *l)
{
    free(l->services);
    arena_free(&l->strings);
    memset(l, 0, sizeof *l);
}

static SvcResult read_teams(Store *st, const char *service, ServiceView *out)
{
    Param p[] = {P_STR(service)};
    StoreRows *q = store_query(st, STMT_PAGE_SERVICE_TEAMS, p, 1);
    if (!q) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(q)) == 1) {
        xgrow((void **)&out->teams, &cap, out->nteams + 1, sizeof *out->teams);
        out->teams[out->nteams++] = (ServiceTeam){
            .name = svc_col_dup(&out->strings, q, 0),
            .manager_id = svc_col_dup(&out->strings, q, 1),
            .manager_name = svc_col_dup(&out->strings, q, 2),
        };
    }
    store_rows_close(q);
    return got == 0 ? SVC_OK : SVC_FAILED;
}

/* Rows come most overdue first, not by team: each counts for its team. */
static void count(ServiceView *v)
{
    for (size_t i = 0; i < v->due.n; i++) {
        const DueRow *row = &v->due.rows[i];
        for (size_t k = 0; k < v->nteams; k++) {
            if (strcmp(v->teams[k].name, row->team) != 0) continue;
            ServiceTeam *t = &v->teams[k];
            bool ok = row->r.status != STATUS_OVERDUE;
            if (row->kind == DUE_KIND_STAFF)
                t->staff++, t->staff_ok += ok, t->staff_over += !ok;
            else if (row->kind == DUE_KIND_CASE)
                t->cases++, t->cases_ok += ok, t->cases_over += !ok;
            else
                t->other_over += !ok;
            break;
        }
    }
}

SvcResult view_service_teams(Store *st, const SvcActor *a, const char *name, ServiceView *out)
{
    memset(out, 0, sizeof *out);
    if (!access_service(a->viewer, name)) return SVC_REFUSED;
    int64_t ref = 0;
    Param p[] = {P_STR(name)};
    int got = store_query_int(st, STMT_SERVICE_FIND, p, 1, &ref);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_NOT_FOUND;
    out->name = arena_strndup(&out->strings, name, strlen(name));
    out->filter = (DueFilter){.asof = a->today, .service = out->name};
    SvcResult rc = read_teams(st, out->name, out);
    if (rc != SVC_OK) view_service_free(out);
    return rc;
}

SvcResult view_service(Store *st, const SvcActor *a, const char *name, ServiceView *out)
{
    SvcResult rc = view_service_teams(st, a, name, out);
    if (rc == SVC_OK) rc = view_due(st, a, &out->filter, &out->due);
    if (rc != SVC_OK) {
        view_service_free(out);
        return rc;
    }
    count(out);
    return SVC_OK;
}

void view_service_free(ServiceView *v)
{
    free(v->teams);
    due_list_free(&v->due);
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}
