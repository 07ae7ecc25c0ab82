/* due.c: computes the due list from the store's facts and the rules. */
#include "svc/due.h"

#include <stdint.h>
#include <string.h>

/* One person in scope, as the staff query returned them. */
typedef struct {
    int64_t ref;
    const char *id, *name, *team, *supervisor, *supervisor_name;
    StaffFacts facts;
    bool in_scope;
} Person;

static bool same(const char *want, const char *have) { return !want || strcmp(want, have) == 0; }

static bool opt_date(StoreRows *r, int col, Date *d)
{
    size_t n;
    const char *s = store_col_text(r, col, &n);
    return n && date_parse(s, n, d);
}

/* A copy of a text column that lives as long as the list. */
static const char *col_copy(StoreRows *r, Arena *a, int col)
{
    size_t n;
    const char *s = store_col_text(r, col, &n);
    return arena_strndup(a, s, n);
}

static DueRow *add_row(DueList *l)
{
    xgrow((void **)&l->rows, &l->cap, l->n + 1, sizeof *l->rows);
    DueRow *row = &l->rows[l->n++];
    memset(row, 0, sizeof *row);
    return row;
}

/* Sorting: most overdue first, then due date, kind and id. The first three
 * are packed into one integer so that only equal keys compare ids; the rows
 * themselves move once, after the sort. */
typedef struct {
    uint64_t key;
    DueKind kind;
    const char *id;
    size_t from; /* the row's index before sorting; SIZE_MAX once placed */
} SortKey;

static uint64_t sort_key(const DueRow *r)
{
    uint64_t late = (uint32_t)(INT32_MAX - (int64_t)r->r.days_overdue); /* descending */
    uint64_t due = (uint32_t)((int64_t)r->r.due + (INT32_C(1) << 30));
    return late << 32 | due;
}

static int compare_keys(const void *pa, const void *pb)
{
    const SortKey *a = pa, *b = pb;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    return strcmp(a->id, b->id);
}

static void sort_rows(DueList *l)
{
    SortKey *keys = xmalloc(l->n * sizeof *keys + 1);
    for (size_t i = 0; i < l->n; i++) keys[i] = (SortKey){sort_key(&l->rows[i]), l->rows[i].kind, l->rows[i].id, i};
    qsort(keys, l->n, sizeof *keys, compare_keys);
    /* Position i takes the row from keys[i].from: follow each cycle once. */
    for (size_t start = 0; start < l->n; start++) {
        if (keys[start].from == SIZE_MAX || keys[start].from == start) continue;
        DueRow held = l->rows[start];
        size_t at = start;
        while (keys[at].from != start) {
            size_t next = keys[at].from;
            l->rows[at] = l->rows[next];
            keys[at].from = SIZE_MAX;
            at = next;
        }
        l->rows[at] = held;
        keys[at].from = SIZE_MAX;
    }
    free(keys);
}

/* The narrowest query that covers the filter; the rest is filtered here. */
static void choose_scope(const DueFilter *f, StmtId *staff, StmtId *cases, const char **arg)
{
    if (f->worker) {
        *staff = STMT_DUE_STAFF_ONE, *cases = STMT_DUE_CASES_WORKER, *arg = f->worker;
    } else if (f->manager) {
        *staff = STMT_DUE_STAFF_MANAGER, *cases = STMT_DUE_CASES_MANAGER, *arg = f->manager;
    } else if (f->service) {
        *staff = STMT_DUE_STAFF_SERVICE, *cases = STMT_DUE_CASES_SERVICE, *arg = f->service;
    } else if (f->supervisor) {
        *staff = STMT_DUE_STAFF_SUPERVISOR, *cases = STMT_DUE_CASES_SUPERVISOR, *arg = f->supervisor;
    } else if (f->team) {
        *staff = STMT_DUE_STAFF_TEAM, *cases = STMT_DUE_CASES_TEAM, *arg = f->team;
    } else {
        *staff = STMT_DUE_STAFF_ALL, *cases = STMT_DUE_CASES_ALL, *arg = NULL;
    }
}

/* Any store failure here is the environment's: the queries take no input
 * that could be wrong. */
static int store_failed(Store *st, char *err, size_t errlen)
{
    strfmt(err, errlen, "%s", store_error(st));
    return 3;
}

/* Status and days overdue of a row whose due date is set. */
static void set_status(const Policy *pol, Date asof, DueResult *r)
{
    r->days_overdue = asof > r->due ? asof - r->due : 0;
    r->status = asof > r->due ? STATUS_OVERDUE : r->due - asof <= pol->due_soon_days ? STATUS_DUE_SOON : STATUS_OK;
}

/* One row of DUE_EXTRAS_*: for a supervisee in scope, the row. */
static void extra_row(StoreRows *r, const Policy *pol, const Person *pe, Date asof, DueList *out)
{
    size_t n;
    const char *kind = store_col_text(r, DX_KIND, &n);
    Date from;
    if (!opt_date(r, DX_FROM, &from)) return;
    DueRow *row = add_row(out);
    Arena *a = &out->strings;
    row->id = col_copy(r, a, DX_ID);
    row->name = pe->name;
    row->team = pe->team;
    row->owner = col_copy(r, a, DX_OWNER_ID);
    row->owner_name = col_copy(r, a, DX_OWNER_NAME);
    row->r.has_last = opt_date(r, DX_LAST, &row->r.last);
    char iv[16];
    int64_t number = store_col_int(r, DX_NUMBER);
    if (strcmp(kind, "agreement") == 0) {
        row->kind = DUE_KIND_AGREEMENT;
        row->r.due = interval_add(from, pol->agreement_review);
        interval_format(pol->agreement_review, iv);
        strfmt(row->r.rule, sizeof row->r.rule, "agreement review every %s", iv);
    } else if (strcmp(kind, "sign-off") == 0) {
        row->kind = DUE_KIND_SIGN_OFF;
        row->r.due = interval_add(from, pol->sign_within);
        interval_format(pol->sign_within, iv);
        strfmt(row->r.rule, sizeof row->r.rule, "record version %lld signed within %s of sending", (long long)number,
               iv);
    } else if (strcmp(kind, "action") == 0) {
        row->kind = DUE_KIND_ACTION;
        row->r.due = from;
        strfmt(row->r.rule, sizeof row->r.rule, "action agreed in supervision");
    } else {
        row->kind = DUE_KIND_ESCALATION;
        row->r.due = from;
        interval_format(pol->escalation_response, iv);
        strfmt(row->r.rule, sizeof row->r.rule, "escalation level %lld answered within %s", (long long)number, iv);
    }
    set_status(pol, asof, &row->r);
}

/* The supervision kinds for the people in scope: one query per person for
 * a small scope (a page's cost follows the team, not the organisation), one
 * query for everything otherwise. */
static int add_extras(Store *st, const Policy *pol, const DueFilter *f, const Person *people, size_t npeople,
                      const StrMap *by_ref, DueList *out, char *err, size_t errlen)
{
    char asof[11];
    date_format(f->asof, asof);
    size_t in_scope = 0;
    for (size_t i = 0; i < npeople; i++) in_scope += people[i].in_scope;
    bool each = in_scope <= 64;
    for (size_t i = 0; i < (each ? npeople : 1); i++) {
        if (each && (!people[i].in_scope || !staff_listed_on(&people[i].facts, f->asof))) continue;
        Param p[] = {P_TEXT(asof, 10), each ? P_INT(people[i].ref) : P_NULL};
        StoreRows *r = store_query(st, each ? STMT_DUE_EXTRAS_ONE : STMT_DUE_EXTRAS_ALL, p, each ? 2 : 1);
        if (!r) return store_failed(st, err, errlen);
        int got;
        while ((got = store_next(r)) == 1) {
            int64_t subject = store_col_int(r, DX_SUBJECT_REF), idx;
            if (!strmap_get(by_ref, (const char *)&subject, sizeof subject, &idx)) continue;
            const Person *pe = &people[idx];
            if (!pe->in_scope || !staff_listed_on(&pe->facts, f->asof)) continue;
            extra_row(r, pol, pe, f->asof, out);
        }
        store_rows_close(r);
        if (got < 0) return store_failed(st, err, errlen);
    }
    return 0;
}

int due_compute(Store *st, const Policy *pol, const DueFilter *f, DueList *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    StmtId staff_stmt, case_stmt;
    const char *arg;
    choose_scope(f, &staff_stmt, &case_stmt, &arg);
    char asof[11];
    date_format(f->asof, asof);
    Param p[2] = {P_TEXT(asof, 10), arg ? P_STR(arg) : P_NULL};
    int np = arg ? 2 : 1, rc = 0, got;

    Person *people = NULL;
    size_t npeople = 0, cap = 0;
    StrMap *by_ref = strmap_new();
    Arena *a = &out->strings;

    StoreRows *r = store_query(st, staff_stmt, p, np);
    if (!r) {
        rc = store_failed(st, err, errlen);
        goto done;
    }
    while ((got = store_next(r)) == 1) {
        size_t n;
        const char *role = store_col_text(r, DUE_STAFF_ROLE, &n);
        Person pe = {0};
        pe.facts.role = policy_role(pol, role, n);
        pe.id = col_copy(r, a, DUE_STAFF_ID);
        if (!pe.facts.role) {
            strfmt(err, errlen, "staff %s has role \"%s\", which the policy \"%s\" does not define", pe.id, role,
                   pol->name);
            rc = 1;
            break;
        }
        pe.name = col_copy(r, a, DUE_STAFF_NAME);
        pe.team = col_copy(r, a, DUE_STAFF_TEAM);
        pe.supervisor = col_copy(r, a, DUE_STAFF_SUPERVISOR);
        pe.supervisor_name = col_copy(r, a, DUE_STAFF_SUPERVISOR_NAME);
        opt_date(r, DUE_STAFF_START, &pe.facts.start);
        pe.facts.fte = (Fte)store_col_int(r, DUE_STAFF_FTE);
        pe.facts.has_left = opt_date(r, DUE_STAFF_LEFT, &pe.facts.left);
        pe.facts.has_last_individual = opt_date(r, DUE_STAFF_LAST, &pe.facts.last_individual);
        pe.in_scope = same(f->team, pe.team) && same(f->supervisor, pe.supervisor) && same(f->worker, pe.id);
        int64_t ref = store_col_int(r, DUE_STAFF_REF);
        pe.ref = ref;
        strmap_put(by_ref, (const char *)&ref, sizeof ref, (int64_t)npeople, NULL);
        xgrow((void **)&people, &cap, npeople + 1, sizeof *people);
        people[npeople++] = pe;
    }
    store_rows_close(r);
    if (rc) goto done;
    if (got < 0) {
        rc = store_failed(st, err, errlen);
        goto done;
    }
    for (size_t i = 0; i < npeople; i++) {
        const Person *pe = &people[i];
        if (!pe->in_scope || !staff_listed_on(&pe->facts, f->asof)) continue;
        DueRow *row = add_row(out);
        row->kind = DUE_KIND_STAFF;
        row->id = pe->id;
        row->name = pe->name;
        row->owner = pe->supervisor;
        row->owner_name = pe->supervisor_name;
        row->team = pe->team;
        staff_due(pol, &pe->facts, f->asof, &row->r);
    }

    r = store_query(st, case_stmt, p, np);
    if (!r) {
        rc = store_failed(st, err, errlen);
        goto done;
    }
    while ((got = store_next(r)) == 1) {
        int64_t wref = store_col_int(r, DUE_CASE_WORKER_REF), idx;
        if (!strmap_get(by_ref, (const char *)&wref, sizeof wref, &idx) || !people[idx].in_scope) continue;
        const Person *w = &people[idx];
        size_t n;
        const char *cat = store_col_text(r, DUE_CASE_CATEGORY, &n);
        CaseFacts c = {.category = policy_category(pol, cat, n)};
        const char *id = store_col_text(r, DUE_CASE_ID, &n);
        if (!c.category) {
            strfmt(err, errlen, "case %s has category \"%s\", which the policy \"%s\" does not define", id, cat,
                   pol->name);
            rc = 1;
            break;
        }
        DueRow *row = add_row(out);
        row->kind = DUE_KIND_CASE;
        row->id = arena_strndup(a, id, n);
        const char *child = store_col_text(r, DUE_CASE_NAME, &n);
        row->name = arena_strndup(a, child, n);
        row->owner = w->id;
        row->owner_name = w->name;
        row->team = w->team;
        opt_date(r, DUE_CASE_ALLOCATED, &c.allocated);
        c.has_closed = opt_date(r, DUE_CASE_CLOSED, &c.closed);
        const char *every = store_col_text(r, DUE_CASE_EVERY, &n);
        c.has_every = n && interval_parse(every, n, &c.every);
        c.has_last_discussed = opt_date(r, DUE_CASE_LAST, &c.last_discussed);
        c.has_worker_last_individual = w->facts.has_last_individual;
        c.worker_last_individual = w->facts.last_individual;
        case_due(pol, &c, f->asof, &row->r);
    }
    store_rows_close(r);
    if (!rc && got < 0) rc = store_failed(st, err, errlen);
    if (rc) goto done;
    rc = add_extras(st, pol, f, people, npeople, by_ref, out, err, errlen);
    if (rc) goto done;

    if (f->has_status) {
        size_t k = 0;
        for (size_t i = 0; i < out->n; i++)
            if (out->rows[i].r.status == f->status) out->rows[k++] = out->rows[i];
        out->n = k;
    }
    sort_rows(out);
done:
    free(people);
    strmap_free(by_ref);
    if (rc) due_list_free(out);
    return rc;
}
