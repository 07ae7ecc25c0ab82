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
    size_t row; /* the person's staff row in the list, SIZE_MAX if none */
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

/* The policy's labels of its roles and categories (or the id when one has
 * none), copied once and kept with the list: the policy in force may
 * change while the list is in use. */
typedef struct {
    const char **role, **category;
} Labels;

static const char *label_copy(DueList *l, const char *label, const char *id)
{
    const char *s = label && *label ? label : id;
    return arena_strndup(&l->strings, s, strlen(s));
}

static Labels labels_copy(DueList *l, const Policy *pol)
{
    Labels b = {xmalloc((pol->nroles + 1) * sizeof *b.role), xmalloc((pol->ncategories + 1) * sizeof *b.category)};
    for (size_t i = 0; i < pol->nroles; i++) b.role[i] = label_copy(l, pol->roles[i].label, pol->roles[i].id);
    for (size_t i = 0; i < pol->ncategories; i++)
        b.category[i] = label_copy(l, pol->categories[i].label, pol->categories[i].id);
    return b;
}

static void labels_free(Labels *b)
{
    free(b->role);
    free(b->category);
}

static DueRow *add_row(DueList *l)
{
    xgrow((void **)&l->rows, &l->cap, l->n + 1, sizeof *l->rows);
    DueRow *row = &l->rows[l->n++];
    memset(row, 0, sizeof *row);
    row->r.fte = FTE_FULL;
    row->source_label = "";
    return row;
}

/* Sorting: most overdue first, then due date, kind and id. The first two
 * are packed into one integer, the kind and the first seven bytes of the id
 * into another (in the order strcmp gives them), so that only ids that
 * share those bytes are compared as strings; the rows themselves move once,
 * after the sort. */
typedef struct {
    uint64_t key, kind_id;
    const char *id;
    size_t from; /* the row's index before sorting; SIZE_MAX once placed */
} SortKey;

static uint64_t sort_key(const DueRow *r)
{
    uint64_t late = (uint32_t)(INT32_MAX - (int64_t)r->r.days_overdue); /* descending */
    uint64_t due = (uint32_t)((int64_t)r->r.due + (INT32_C(1) << 30));
    return late << 32 | due;
}

static uint64_t kind_id_key(const DueRow *r)
{
    uint64_t k = (uint64_t)r->kind << 56;
    for (int i = 0; i < 7 && r->id[i]; i++) k |= (uint64_t)(unsigned char)r->id[i] << (48 - 8 * i);
    return k;
}

static int compare_keys(const void *pa, const void *pb)
{
    const SortKey *a = pa, *b = pb;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    if (a->kind_id != b->kind_id) return a->kind_id < b->kind_id ? -1 : 1;
    return strcmp(a->id, b->id);
}

static void sort_rows(DueList *l)
{
    SortKey *keys = xmalloc(l->n * sizeof *keys + 1);
    for (size_t i = 0; i < l->n; i++)
        keys[i] = (SortKey){sort_key(&l->rows[i]), kind_id_key(&l->rows[i]), l->rows[i].id, i};
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
        row->r.every = pol->agreement_review;
        row->r.due = interval_add(from, pol->agreement_review);
        interval_format(pol->agreement_review, iv);
        strfmt(row->r.rule, sizeof row->r.rule, "agreement review every %s", iv);
    } else if (strcmp(kind, "sign-off") == 0) {
        row->kind = DUE_KIND_SIGN_OFF;
        row->r.every = pol->sign_within;
        row->r.due = interval_add(from, pol->sign_within);
        interval_format(pol->sign_within, iv);
        strfmt(row->r.rule, sizeof row->r.rule, "record version %lld signed within %s of sending", (long long)number,
               iv);
    } else if (strcmp(kind, "record") == 0) {
        /* The person's own row says so too: held, record not sent. */
        if (pe->row != SIZE_MAX) {
            DueRow *staff = &out->rows[pe->row];
            if (!staff->has_unsent || from > staff->unsent) staff->has_unsent = true, staff->unsent = from;
        }
        row->kind = DUE_KIND_RECORD;
        row->r.every = pol->sign_within;
        row->r.due = interval_add(from, pol->sign_within);
        interval_format(pol->sign_within, iv);
        strfmt(row->r.rule, sizeof row->r.rule, "record sent within %s of the session", iv);
    } else if (strcmp(kind, "late-entry") == 0 || strcmp(kind, "case-late-entry") == 0) {
        /* Due on the session's day, entered number days later: overdue by
         * that much for as long as the person's supervision (or the case's
         * discussion) counts from it. */
        row->kind = kind[0] == 'c' ? DUE_KIND_CASE_LATE_ENTRY : DUE_KIND_LATE_ENTRY;
        row->r.due = from;
        row->r.status = STATUS_OVERDUE;
        row->r.days_overdue = (int32_t)number;
        strfmt(row->r.rule, sizeof row->r.rule, "session entered %lld days after its date", (long long)number);
        return;
    } else if (strcmp(kind, "action") == 0) {
        row->kind = DUE_KIND_ACTION;
        row->r.due = from;
        strfmt(row->r.rule, sizeof row->r.rule, "action agreed in supervision");
    } else {
        row->kind = DUE_KIND_ESCALATION;
        row->r.every = pol->escalation_response;
        row->r.due = from;
        interval_format(pol->escalation_response, iv);
        strfmt(row->r.rule, sizeof row->r.rule, "escalation level %lld answered within %s", (long long)number, iv);
    }
    set_status(pol, asof, &row->r);
}

/* The people the list is for, and how the statements below find what they
 * hold: scope is NULL for the whole organisation (the DUE_*_ALL statements
 * read everything once), else the refs of the people in scope and listed,
 * "1,2,3", for the DUE_*_SCOPE statements (one statement each, whatever the
 * number of people, reading only what those people hold). */
typedef struct {
    const Person *people;
    size_t npeople;
    const int64_t *refs; /* people[i].ref, ascending */
    const char *scope;
} Scope;

/* The person with staff ref ref, or NULL: a binary search of the refs,
 * which stay in the processor's cache (a hash map's lookups did not). */
static const Person *person_of(const Scope *sc, int64_t ref)
{
    size_t lo = 0, hi = sc->npeople;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sc->refs[mid] < ref)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sc->npeople && sc->refs[lo] == ref ? &sc->people[lo] : NULL;
}

static int compare_people(const void *pa, const void *pb)
{
    int64_t a = ((const Person *)pa)->ref, b = ((const Person *)pb)->ref;
    return (a > b) - (a < b);
}

/* Whether a person is listed: in scope and on the staff on the date. */
static bool listed(const Person *pe, Date asof) { return pe->in_scope && staff_listed_on(&pe->facts, asof); }

/* The supervision kinds for the people in scope. */
static int add_extras(Store *st, const Policy *pol, Date asof, const Scope *sc, DueList *out, char *err, size_t errlen)
{
    char d[11];
    date_format(asof, d);
    Param p[] = {P_TEXT(d, 10), sc->scope ? P_STR(sc->scope) : P_NULL};
    StoreRows *r = store_query(st, sc->scope ? STMT_DUE_EXTRAS_SCOPE : STMT_DUE_EXTRAS_ALL, p, sc->scope ? 2 : 1);
    if (!r) return store_failed(st, err, errlen);
    int got;
    while ((got = store_next(r)) == 1) {
        const Person *pe = person_of(sc, store_col_int(r, DX_SUBJECT_REF));
        if (pe && listed(pe, asof)) extra_row(r, pol, pe, asof, out);
    }
    store_rows_close(r);
    return got < 0 ? store_failed(st, err, errlen) : 0;
}

/* The worker of a case row, when in scope and listed; NULL otherwise. */
static const Person *case_worker(StoreRows *r, int col, const Scope *sc, Date asof)
{
    const Person *w = person_of(sc, store_col_int(r, col));
    return w && listed(w, asof) ? w : NULL;
}

static DueRow *worker_case_row(DueList *out, DueKind kind, StoreRows *r, int col, const Person *w)
{
    DueRow *row = add_row(out);
    row->kind = kind;
    row->id = col_copy(r, &out->strings, col);
    row->name = "";
    row->owner = w->id;
    row->owner_name = w->name;
    row->team = w->team;
    return row;
}

/* Open incidents and allegations on the cases of the people in scope, due
 * at the worker's next session. */
static int add_concerns(Store *st, const Policy *pol, Date asof, const Scope *sc, DueList *out, char *err,
                        size_t errlen)
{
    char d[11];
    date_format(asof, d);
    Param p[] = {P_TEXT(d, 10), sc->scope ? P_STR(sc->scope) : P_NULL};
    StoreRows *r = store_query(st, sc->scope ? STMT_DUE_CONCERNS_SCOPE : STMT_DUE_CONCERNS_ALL, p, sc->scope ? 2 : 1);
    if (!r) return store_failed(st, err, errlen);
    int got;
    while ((got = store_next(r)) == 1) {
        const Person *w = case_worker(r, DC_WORKER_REF, sc, asof);
        ConcernFacts c = {.allegation = store_col_int(r, DC_ALLEGATION) != 0};
        if (!w || !opt_date(r, DC_RAISED, &c.raised)) continue;
        c.has_last_discussed = opt_date(r, DC_LAST_DISCUSSED, &c.last_discussed);
        c.has_next_booked = opt_date(r, DC_NEXT_BOOKED, &c.next_booked);
        c.has_worker_last_individual = w->facts.has_last_individual;
        c.worker_last_individual = w->facts.last_individual;
        DueResult staff;
        staff_due(pol, &w->facts, asof, &staff);
        c.worker_due = staff.due;
        concern_due(pol, &c, asof, &worker_case_row(out, DUE_KIND_CONCERN, r, DC_CASE, w)->r);
    }
    store_rows_close(r);
    return got < 0 ? store_failed(st, err, errlen) : 0;
}

/* One case's checklist row from the covered dates gathered for it. */
static void checklist_row(const Policy *pol, const Category *cat, Date asof, Date since, const bool *has,
                          const Date *covered, DueList *out, DueRow *row)
{
    ChecklistFacts c = {.category = cat, .since = since, .has_covered = has, .covered = covered};
    checklist_due(pol, &c, asof, &row->r);
    row->source_label = label_copy(out, cat->label, cat->id);
}

/* The checklist rows of category cat for the cases of the people in scope. */
static int checklist_query(Store *st, const Policy *pol, const Category *cat, Date asof, const Scope *sc, DueList *out,
                           char *err, size_t errlen)
{
    char d[11];
    date_format(asof, d);
    Param p[] = {P_TEXT(d, 10), P_STR(cat->id), sc->scope ? P_STR(sc->scope) : P_NULL};
    StoreRows *r =
        store_query(st, sc->scope ? STMT_DUE_CHECKLISTS_SCOPE : STMT_DUE_CHECKLISTS_ALL, p, sc->scope ? 3 : 2);
    if (!r) return store_failed(st, err, errlen);
    bool has[POLICY_CHECKLIST_MAX];
    Date covered[POLICY_CHECKLIST_MAX], since = 0;
    DueRow *row = NULL;
    int got;
    while ((got = store_next(r)) == 1) {
        size_t n;
        const char *id = store_col_text(r, DK_CASE, &n);
        if (!row || strlen(row->id) != n || memcmp(row->id, id, n) != 0) {
            /* A new case: the one before is complete. */
            if (row) checklist_row(pol, cat, asof, since, has, covered, out, row);
            row = NULL;
            const Person *w = case_worker(r, DK_WORKER_REF, sc, asof);
            if (!w) continue;
            Date allocated = 0, first = 0;
            opt_date(r, DK_ALLOCATED, &allocated);
            opt_date(r, DK_FIRST_BOOKED, &first);
            since = allocated > first ? allocated : first;
            memset(has, 0, sizeof has);
            memset(covered, 0, sizeof covered);
            row = worker_case_row(out, DUE_KIND_CHECKLIST, r, DK_CASE, w);
        }
        Date on;
        if (!opt_date(r, DK_NOTE_DATE, &on)) continue;
        const char *list = store_col_text(r, DK_CHECKLIST, &n);
        for (size_t i = 0; i < cat->nchecklist; i++) {
            size_t tn = strlen(cat->checklist[i].id);
            for (const char *t = list; t < list + n;) {
                const char *comma = memchr(t, ',', (size_t)(list + n - t));
                size_t len = comma ? (size_t)(comma - t) : (size_t)(list + n - t);
                if (len == tn && memcmp(t, cat->checklist[i].id, tn) == 0 && (!has[i] || on > covered[i]))
                    has[i] = true, covered[i] = on;
                t += len + 1;
            }
        }
    }
    if (row && got == 0) checklist_row(pol, cat, asof, since, has, covered, out, row);
    store_rows_close(r);
    return got < 0 ? store_failed(st, err, errlen) : 0;
}

/* The checklist topics of each category that has a checklist-every rule,
 * for cases whose worker's supervision is booked in the application (only
 * its case notes say which topics were covered). */
static int add_checklists(Store *st, const Policy *pol, Date asof, const Scope *sc, DueList *out, char *err,
                          size_t errlen)
{
    int rc = 0;
    for (size_t k = 0; !rc && k < pol->ncategories; k++) {
        const Category *cat = &pol->categories[k];
        if (cat->has_checklist_every && cat->nchecklist) rc = checklist_query(st, pol, cat, asof, sc, out, err, errlen);
    }
    return rc;
}

/* Whether one name given to find names anything: 1 yes, 0 no, <0 failure. */
static int names_one(Store *st, StmtId stmt, const char *name)
{
    int64_t ref;
    Param p[] = {P_STR(name)};
    return store_query_int(st, stmt, p, 1, &ref);
}

int due_check_filter(Store *st, const DueFilter *f, char *err, size_t errlen)
{
    const struct {
        const char *value, *option, *what;
        StmtId stmt;
    } names[] = {
        {f->team, "--team", "no team is named", STMT_TEAM_FIND},
        {f->supervisor, "--supervisor", "no staff member has the id", STMT_STAFF_FIND},
        {f->worker, "--worker", "no staff member has the id", STMT_STAFF_FIND},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (!names[i].value) continue;
        int got = names_one(st, names[i].stmt, names[i].value);
        if (got < 0) return store_failed(st, err, errlen);
        if (got == 0) {
            strfmt(err, errlen,
                   "%s \"%s\": %s \"%s\": check the spelling against the imported staff, or leave %s out to"
                   " list everyone",
                   names[i].option, names[i].value, names[i].what, names[i].value, names[i].option);
            return 1;
        }
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
    int64_t *by_ref = NULL;
    Arena *a = &out->strings;
    Labels labels = labels_copy(out, pol);

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
        const char *agreed = store_col_text(r, DUE_STAFF_AGREEMENT_EVERY, &n);
        pe.facts.has_agreement = n && interval_parse(agreed, n, &pe.facts.agreement_every);
        pe.in_scope = same(f->team, pe.team) && same(f->supervisor, pe.supervisor) && same(f->worker, pe.id);
        pe.row = SIZE_MAX;
        pe.ref = store_col_int(r, DUE_STAFF_REF);
        xgrow((void **)&people, &cap, npeople + 1, sizeof *people);
        people[npeople++] = pe;
    }
    store_rows_close(r);
    if (rc) goto done;
    if (got < 0) {
        rc = store_failed(st, err, errlen);
        goto done;
    }
    /* In ref order, to be found by ref: SQLite reads the staff so,
     * PostgreSQL in whatever order its rows lie in. */
    bool in_order = true;
    for (size_t i = 1; in_order && i < npeople; i++) in_order = people[i - 1].ref < people[i].ref;
    if (!in_order) qsort(people, npeople, sizeof *people, compare_people);
    by_ref = xmalloc(npeople * sizeof *by_ref + 1);
    for (size_t i = 0; i < npeople; i++) by_ref[i] = people[i].ref;
    Scope sc = {people, npeople, by_ref, NULL};
    for (size_t i = 0; i < npeople; i++) {
        Person *pe = &people[i];
        if (!pe->in_scope || !staff_listed_on(&pe->facts, f->asof)) continue;
        pe->row = out->n;
        DueRow *row = add_row(out);
        row->kind = DUE_KIND_STAFF;
        row->id = pe->id;
        row->name = pe->name;
        row->owner = pe->supervisor;
        row->owner_name = pe->supervisor_name;
        row->team = pe->team;
        staff_due(pol, &pe->facts, f->asof, &row->r);
        if (row->r.source == DUE_SOURCE_ROLE) row->source_label = labels.role[pe->facts.role - pol->roles];
    }

    r = store_query(st, case_stmt, p, np);
    if (!r) {
        rc = store_failed(st, err, errlen);
        goto done;
    }
    while ((got = store_next(r)) == 1) {
        const Person *w = person_of(&sc, store_col_int(r, DUE_CASE_WORKER_REF));
        if (!w || !w->in_scope) continue;
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
        if (row->r.source == DUE_SOURCE_CATEGORY) row->source_label = labels.category[c.category - pol->categories];
    }
    store_rows_close(r);
    if (!rc && got < 0) rc = store_failed(st, err, errlen);
    if (rc) goto done;
    /* The other kinds: for the whole organisation, read once for everyone;
     * for part of it, for the people listed, and not at all when nobody is. */
    Buf refs = {0};
    bool whole = !arg;
    for (size_t i = 0; !whole && i < npeople; i++)
        if (listed(&people[i], f->asof)) buf_addf(&refs, "%s%lld", refs.len ? "," : "", (long long)people[i].ref);
    bool anyone = whole || refs.len;
    sc.scope = whole ? NULL : buf_str(&refs);
    if (anyone) rc = add_extras(st, pol, f->asof, &sc, out, err, errlen);
    if (anyone && !rc) rc = add_concerns(st, pol, f->asof, &sc, out, err, errlen);
    if (anyone && !rc) rc = add_checklists(st, pol, f->asof, &sc, out, err, errlen);
    buf_free(&refs);
    if (rc) goto done;

    if (f->has_status) {
        size_t k = 0;
        for (size_t i = 0; i < out->n; i++)
            if (out->rows[i].r.status == f->status) out->rows[k++] = out->rows[i];
        out->n = k;
    }
    sort_rows(out);
done:
    labels_free(&labels);
    free(people);
    free(by_ref);
    if (rc) due_list_free(out);
    return rc;
}
