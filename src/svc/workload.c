/* workload.c: the decisions of workload.h. */
#include "svc/workload.h"

#include <string.h>

#include "svc/inbox.h"

/* Text people write here: required, and white space alone is not text. */
static SvcResult required_text(SvcError *e, const char *field, const char *label, const char *s)
{
    const char *c = s ? s : "";
    while (*c == ' ' || *c == '\t' || *c == '\r' || *c == '\n') c++;
    if (!*c) return svc_fail(e, SVC_INVALID, field, "Enter %s", label);
    return svc_text(e, field, label, s, SVC_TEXT_MAX, true);
}

/* ---- caseloads ---- */

CaseloadLevel caseload_level(const Policy *pol, const char *role, int cases, int *watch, int *max)
{
    const Role *r = policy_role(pol, role, strlen(role));
    *watch = *max = 0;
    if (!r || !r->caseload.set) return CASELOAD_NOT_JUDGED;
    *watch = r->caseload.watch;
    *max = r->caseload.max;
    return cases > *max ? CASELOAD_OVER : cases >= *watch ? CASELOAD_WATCH : CASELOAD_WITHIN;
}

const char *caseload_level_words(CaseloadLevel l)
{
    return l == CASELOAD_OVER     ? "Over the maximum"
           : l == CASELOAD_WATCH  ? "Watch"
           : l == CASELOAD_WITHIN ? "Within"
                                  : "No threshold";
}

void caseload_list_free(CaseloadList *l)
{
    free(l->rows);
    arena_free(&l->strings);
    memset(l, 0, sizeof *l);
}

static SvcResult caseloads(Store *st, const SvcActor *a, StmtId id, Param who, CaseloadList *out)
{
    char today[11];
    date_format(a->today, today);
    Param p[] = {who, P_STR(today)};
    StoreRows *r = store_query(st, id, p, 2);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->rows, &out->cap, out->n + 1, sizeof *out->rows);
        CaseloadRow *c = &out->rows[out->n++];
        c->id = svc_col_dup(&out->strings, r, 0);
        c->name = svc_col_dup(&out->strings, r, 1);
        c->role = svc_col_dup(&out->strings, r, 2);
        c->team = svc_col_dup(&out->strings, r, 3);
        c->cases = (int)store_col_int(r, 4);
        c->level = caseload_level(a->pol, c->role, c->cases, &c->watch, &c->max);
        out->watched += c->level == CASELOAD_WATCH;
        out->over += c->level == CASELOAD_OVER;
    }
    store_rows_close(r);
    if (got < 0) {
        caseload_list_free(out);
        return SVC_FAILED;
    }
    return SVC_OK;
}

SvcResult caseload_team(Store *st, const SvcActor *a, const char *team, CaseloadList *out)
{
    memset(out, 0, sizeof *out);
    int64_t ref = 0;
    Param p[] = {P_STR(team)};
    StoreRows *r = store_query(st, STMT_FEEDBACK_TEAM, p, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) ref = store_col_int(r, 0);
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_REFUSED;
    Access acc = access_team(st, a->viewer, ref);
    if (acc != ACCESS_ALLOWED) return acc == ACCESS_FAILED ? SVC_FAILED : SVC_REFUSED;
    return caseloads(st, a, STMT_CASELOAD_TEAM, P_STR(team), out);
}

SvcResult caseload_service(Store *st, const SvcActor *a, const char *service, CaseloadList *out)
{
    memset(out, 0, sizeof *out);
    if (!access_service(a->viewer, service)) return SVC_REFUSED;
    return caseloads(st, a, STMT_CASELOAD_SERVICE, P_STR(service), out);
}

SvcResult caseload_mine(Store *st, const SvcActor *a, CaseloadList *out)
{
    memset(out, 0, sizeof *out);
    if (!a->viewer->staff_ref) return SVC_OK;
    return caseloads(st, a, STMT_CASELOAD_ONE, P_INT(a->viewer->staff_ref), out);
}

/* ---- workload concerns ---- */

enum {
    WL_REF,
    WL_STAFF_REF,
    WL_STAFF_ID,
    WL_STAFF_NAME,
    WL_SUPERVISOR_REF,
    WL_SUPERVISOR_NAME,
    WL_LINE_MANAGER_REF,
    WL_LINE_MANAGER_NAME,
    WL_SERVICE,
    WL_RAISED_AT,
    WL_RAISED_DATE,
    WL_TEXT,
    WL_STATUS,
    WL_RESPONSE,
    WL_RESPONDED_BY,
    WL_RESPONDED_AT,
};

void workload_list_free(WorkloadList *l)
{
    free(l->items);
    arena_free(&l->strings);
    memset(l, 0, sizeof *l);
}

/* Whether someone holds level k of x. */
static bool held(const Workload *x, int k)
{
    return k == 0 ? x->supervisor_ref != 0 : k == 1 ? x->line_manager_ref != 0 : x->service[0] != 0;
}

/* The level as of today: one step each time the response time passes
 * unanswered, and past any level nobody holds. */
static void place(Workload *x, const Policy *pol, Date today)
{
    Date raised;
    if (!date_parse(x->raised_date, strlen(x->raised_date), &raised)) raised = today;
    Date due = interval_add(raised, pol->workload_response);
    /* An answered one stays at the level it was answered at. */
    Date asof = x->open || !x->responded_at ? today : (Date)(x->responded_at / 86400);
    int k = 0;
    while (k < WORKLOAD_LEVELS - 1 && (!held(x, k) || asof > due)) {
        if (held(x, k)) due = interval_add(due, pol->workload_response);
        k++;
    }
    x->level = k;
    if (x->open) date_format(due, x->respond_by);
}

/* Whether x is, or was when answered, the viewer's to answer: whoever holds
 * its level or one it passed, never the worker themselves. */
static bool answerer(const Viewer *v, const Workload *x)
{
    if (!v->staff_ref || v->staff_ref == x->staff_ref) return false;
    if (v->staff_ref == x->supervisor_ref) return true;
    if (x->level >= 1 && v->staff_ref == x->line_manager_ref) return true;
    return x->level >= 2 && access_write_service(v, x->service);
}

static bool may_answer(const Viewer *v, const Workload *x) { return x->open && answerer(v, x); }

static bool may_read(const Viewer *v, const Workload *x)
{
    if (v->auditor || may_answer(v, x) || (x->service[0] && access_service(v, x->service))) return true;
    return v->staff_ref && (v->staff_ref == x->staff_ref || v->staff_ref == x->supervisor_ref ||
                            (x->level >= 1 && v->staff_ref == x->line_manager_ref));
}

static SvcResult read_list(Store *st, const SvcActor *a, StmtId id, const Param *p, int np, WorkloadList *out)
{
    memset(out, 0, sizeof *out);
    StoreRows *r = store_query(st, id, p, np);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        Workload *x = &out->items[out->n++];
        memset(x, 0, sizeof *x);
        Arena *s = &out->strings;
        x->ref = store_col_int(r, WL_REF);
        x->staff_ref = store_col_int(r, WL_STAFF_REF);
        x->staff_id = svc_col_dup(s, r, WL_STAFF_ID);
        x->staff_name = svc_col_dup(s, r, WL_STAFF_NAME);
        x->supervisor_ref = store_col_int(r, WL_SUPERVISOR_REF);
        x->supervisor_name = svc_col_dup(s, r, WL_SUPERVISOR_NAME);
        x->line_manager_ref = store_col_int(r, WL_LINE_MANAGER_REF);
        x->line_manager_name = svc_col_dup(s, r, WL_LINE_MANAGER_NAME);
        x->service = svc_col_dup(s, r, WL_SERVICE);
        x->raised_at = store_col_int(r, WL_RAISED_AT);
        x->raised_date = svc_col_dup(s, r, WL_RAISED_DATE);
        x->text = svc_col_dup(s, r, WL_TEXT);
        x->status = svc_col_dup(s, r, WL_STATUS);
        x->response = svc_col_dup(s, r, WL_RESPONSE);
        x->responded_by = svc_col_dup(s, r, WL_RESPONDED_BY);
        x->responded_at = store_col_int(r, WL_RESPONDED_AT);
        x->open = strcmp(x->status, "open") == 0;
        place(x, a->pol, a->today);
        x->may_respond = may_answer(a->viewer, x);
    }
    store_rows_close(r);
    if (got < 0) {
        workload_list_free(out);
        return SVC_FAILED;
    }
    return SVC_OK;
}

SvcResult workload_get(Store *st, const SvcActor *a, int64_t ref, WorkloadList *out)
{
    Param p[] = {P_INT(ref)};
    SvcResult rc = read_list(st, a, STMT_WORKLOAD_GET, p, 1, out);
    if (rc != SVC_OK) return rc;
    if (out->n == 1 && may_read(a->viewer, &out->items[0])) return SVC_OK;
    workload_list_free(out);
    return SVC_NOT_FOUND;
}

SvcResult workload_mine(Store *st, const SvcActor *a, WorkloadList *out)
{
    Param p[] = {P_INT(a->viewer->staff_ref ? a->viewer->staff_ref : -1)};
    return read_list(st, a, STMT_WORKLOAD_OF_STAFF, p, 1, out);
}

/* Keeps the items the viewer may answer now, once each. */
static void keep_answerable(WorkloadList *l)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++) dup = l->items[j].ref == l->items[i].ref;
        if (l->items[i].may_respond && !dup) l->items[k++] = l->items[i];
    }
    l->n = k;
}

SvcResult workload_with_me(Store *st, const SvcActor *a, WorkloadList *out)
{
    const Viewer *v = a->viewer;
    Param p[] = {P_INT(v->staff_ref ? v->staff_ref : -1)};
    SvcResult rc = read_list(st, a, STMT_WORKLOAD_OPEN_MANAGED, p, 1, out);
    char since[11];
    date_format(a->today, since); /* only the open ones are wanted */
    for (size_t s = 0; rc == SVC_OK && v->staff_ref && s < v->nservices; s++) {
        WorkloadList more;
        Param q[] = {P_STR(v->services[s]), P_STR(since)};
        rc = read_list(st, a, STMT_WORKLOAD_SERVICE, q, 2, &more);
        if (rc != SVC_OK) break;
        for (size_t i = 0; i < more.n; i++) {
            Workload x = more.items[i];
            if (!x.may_respond) continue;
            /* Its strings live in more's arena: copy them into out's. */
            const char **f[] =
                {&x.staff_id,    &x.staff_name, &x.supervisor_name, &x.line_manager_name, &x.service,
                 &x.raised_date, &x.text,       &x.status,          &x.response,          &x.responded_by};
            for (size_t j = 0; j < sizeof f / sizeof *f; j++)
                *f[j] = arena_strndup(&out->strings, *f[j], strlen(*f[j]));
            xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
            out->items[out->n++] = x;
        }
        workload_list_free(&more);
    }
    if (rc != SVC_OK) {
        workload_list_free(out);
        return rc;
    }
    keep_answerable(out);
    return SVC_OK;
}

SvcResult workload_service(Store *st, const SvcActor *a, const char *service, WorkloadFigures *out)
{
    memset(out, 0, sizeof *out);
    if (!access_service(a->viewer, service)) return SVC_REFUSED;
    char since[11];
    date_format(a->today - 365, since);
    WorkloadList l;
    Param p[] = {P_STR(service), P_STR(since)};
    SvcResult rc = read_list(st, a, STMT_WORKLOAD_SERVICE, p, 2, &l);
    if (rc != SVC_OK) return rc;
    for (size_t i = 0; i < l.n; i++) {
        out->open += l.items[i].open;
        out->gone_up += l.items[i].open && l.items[i].level > 0;
        out->answered += !l.items[i].open && strcmp(l.items[i].raised_date, since) >= 0;
    }
    workload_list_free(&l);
    return SVC_OK;
}

SvcResult workload_raise(Store *st, const SvcActor *a, const char *text, int64_t *ref, SvcError *e)
{
    int64_t me = a->viewer->staff_ref;
    if (!me) return svc_fail(e, SVC_REFUSED, "", "Only staff can say their workload is unmanageable");
    SvcResult rc = required_text(e, "text", "what makes your workload unmanageable", text);
    if (rc != SVC_OK) return rc;
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Param q[] = {P_INT(me)};
    StoreRows *r = store_query(st, STMT_FEEDBACK_PLACE, q, 1);
    if (!r) return svc_finish(st, SVC_FAILED, false);
    int64_t service = 0, supervisor = 0;
    int got = store_next(r);
    if (got == 1) {
        service = store_col_int(r, 1);
        supervisor = store_col_int(r, 2);
    }
    store_rows_close(r);
    if (got != 1) return svc_finish(st, SVC_FAILED, false);
    if (!supervisor && !service)
        return svc_finish(st,
                          svc_fail(e, SVC_CONFLICT, "",
                                   "Nobody can take this: you have no supervisor and your team belongs to no service."
                                   " Ask an administrator."),
                          false);
    char today[11], link[64];
    date_format(a->today, today);
    Param p[] = {P_INT(me),
                 supervisor ? P_INT(supervisor) : P_NULL,
                 service ? P_INT(service) : P_NULL,
                 P_INT(a->now),
                 P_STR(today),
                 P_STR(text)};
    bool ok = store_query_int(st, STMT_WORKLOAD_ADD, p, 6, ref) == 1;
    strfmt(link, sizeof link, "/workload/%lld", (long long)*ref);
    ok = ok && svc_inbox(st, supervisor, a->now, "A worker says their workload is unmanageable", link);
    return svc_finish(st, SVC_OK, ok);
}

SvcResult workload_respond(Store *st, const SvcActor *a, int64_t ref, const char *text, SvcError *e)
{
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    WorkloadList l;
    SvcResult rc = workload_get(st, a, ref, &l);
    if (rc == SVC_NOT_FOUND) rc = svc_fail(e, rc, "", "There is no such workload concern");
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    Workload x = l.items[0]; /* its strings are l's: l is freed once x is done with */
    if (!x.open && answerer(a->viewer, &x))
        rc = svc_fail(e, SVC_CONFLICT, "", "This workload concern was answered meanwhile: read the answer");
    else if (!x.may_respond)
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such workload concern"); /* not theirs (access.h) */
    else
        rc = required_text(e, "response", "what will change", text);
    int64_t staff_ref = x.staff_ref;
    workload_list_free(&l);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    char link[64];
    strfmt(link, sizeof link, "/workload/%lld", (long long)ref);
    Param p[] = {P_INT(ref), P_STR(text), P_INT(a->viewer->staff_ref), P_INT(a->now)};
    int64_t changed = 0;
    bool ok = store_exec(st, STMT_WORKLOAD_RESPOND, p, 4, &changed) == STORE_OK && changed == 1 &&
              svc_inbox(st, staff_ref, a->now, "Your workload concern has an answer", link);
    return svc_finish(st, SVC_OK, ok);
}
