/* view_trends.c: the views of view_trends.h. */
#include "svc/view_trends.h"

#include <stdlib.h>
#include <string.h>

static const char *const list_names[TL_COUNT] = {
    "staff-overdue", "cases-overdue",   "held",        "cancelled",     "late", "unsent",
    "unsigned",      "actions-overdue", "escalations", "disagreements",
};
static const char *const list_titles[TL_COUNT] = {
    "Staff overdue for supervision at the month's end",
    "Cases overdue for discussion at the month's end",
    "Sessions held in the month",
    "Sessions cancelled in the month",
    "Sessions held in the month and entered late",
    "Records not sent at the month's end",
    "Records sent and not signed at the month's end",
    "Actions overdue at the month's end",
    "Escalations raised in the month",
    "Disagreements with records raised in the month",
};

const char *trends_list_name(TrendList l) { return l < TL_COUNT ? list_names[l] : ""; }
const char *trends_list_title(TrendList l) { return l < TL_COUNT ? list_titles[l] : ""; }

bool trends_list_parse(const char *s, TrendList *out)
{
    for (int i = 0; s && i < TL_COUNT; i++)
        if (strcmp(s, list_names[i]) == 0) return *out = (TrendList)i, true;
    return false;
}

/* "YYYY-MM" to the month's first day. */
static bool month_parse(const char *s, Date *out)
{
    if (!s || strlen(s) != 7 || s[4] != '-') return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9')) return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (y < 1900 || m < 1 || m > 12) return false;
    *out = date_from_ymd(y, m, 1);
    return true;
}

static Date month_first(Date d)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    return date_from_ymd(y, m, 1);
}

/* Whole months from a to b (first days). */
static long months_between(Date a, Date b)
{
    int ya, ma, yb, mb, d;
    date_to_ymd(a, &ya, &ma, &d);
    date_to_ymd(b, &yb, &mb, &d);
    return (long)(yb - ya) * 12 + (mb - ma);
}

SvcResult trends_period(const char *from, const char *to, Date today, Date *first, Date *last, SvcError *e)
{
    Date now = month_first(today);
    *last = now;
    if (to && *to) {
        if (!month_parse(to, last)) return svc_fail(e, SVC_INVALID, "to", "to: give a month as YYYY-MM, like 2026-03");
        if (*last > now) return svc_fail(e, SVC_INVALID, "to", "to: the month must be this month or earlier");
    }
    *first = date_add_months(*last, -(TRENDS_MONTHS_DEFAULT - 1));
    if (from && *from) {
        if (!month_parse(from, first))
            return svc_fail(e, SVC_INVALID, "from", "from: give a month as YYYY-MM, like 2025-04");
        if (*first > *last) return svc_fail(e, SVC_INVALID, "from", "from: the month must be no later than to");
        if (months_between(*first, *last) >= TRENDS_MONTHS_MAX)
            return svc_fail(e, SVC_INVALID, "from", "from: at most %d months can be shown at once", TRENDS_MONTHS_MAX);
    }
    return SVC_OK;
}

/* ---- the facts ---- */

typedef struct {
    int64_t ref;
    const char *id, *name;
    StaffFacts facts;
    size_t att, natt; /* its attendance dates: Facts.dates[att..att+natt) */
} TPerson;

typedef struct {
    int64_t ref;
    const char *id, *name;
    CaseFacts facts;
    const TPerson *worker;
    size_t disc, ndisc;
} TCase;

typedef struct {
    TPerson *people;
    size_t npeople;
    int64_t *refs;
    TCase *cases;
    size_t ncases;
    Date *att, *disc; /* attendance and discussion dates, grouped by person and case */
    size_t natt, ndisc;
    Buf scope; /* "1,2,3" */
} Facts;

static bool opt_date(StoreRows *r, int col, Date *d)
{
    size_t n;
    const char *s = store_col_text(r, col, &n);
    return n && date_parse(s, n, d);
}

static int by_ref(const void *x, const void *y)
{
    int64_t a = ((const TPerson *)x)->ref, b = ((const TPerson *)y)->ref;
    return (a > b) - (a < b);
}

static TPerson *person_of(Facts *f, int64_t ref)
{
    size_t lo = 0, hi = f->npeople;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->refs[mid] < ref)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->npeople && f->refs[lo] == ref ? &f->people[lo] : NULL;
}

static void facts_free(Facts *f)
{
    free(f->people);
    free(f->refs);
    free(f->cases);
    free(f->att);
    free(f->disc);
    buf_free(&f->scope);
}

static TCase *case_of(Facts *f, int64_t ref)
{
    size_t lo = 0, hi = f->ncases;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->cases[mid].ref < ref)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->ncases && f->cases[lo].ref == ref ? &f->cases[lo] : NULL;
}

/* Rows (ref, date) grouped by ref, oldest first, into dates; each person's
 * (or case's) share of them is noted with it. */
static int read_dates(StoreRows *r, Date **dates, size_t *n, Facts *f, bool cases)
{
    if (!r) return -1;
    size_t cap = 0;
    int got;
    while ((got = store_next(r)) == 1) {
        int64_t ref = store_col_int(r, 0);
        Date d;
        if (!opt_date(r, 1, &d)) continue;
        size_t *at, *count;
        if (cases) {
            TCase *c = case_of(f, ref);
            if (!c) continue;
            at = &c->disc, count = &c->ndisc;
        } else {
            TPerson *p = person_of(f, ref);
            if (!p) continue;
            at = &p->att, count = &p->natt;
        }
        if (!*count) *at = *n;
        xgrow((void **)dates, &cap, *n + 1, sizeof **dates);
        (*dates)[(*n)++] = d;
        (*count)++;
    }
    store_rows_close(r);
    return got;
}

/* The latest of dates[0..n) on or before d. */
static bool last_on(const Date *dates, size_t n, Date d, Date *out)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dates[mid] <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo) return false;
    *out = dates[lo - 1];
    return true;
}

/* The people in scope and what happened to them and their cases from
 * from to to. Their agreements are read as they stand today (the store
 * keeps no history of which was in force when), so that a month's figures
 * are the same whichever period they are shown in. */
static SvcResult read_facts(Store *st, const Policy *pol, TrendsScope scope, const char *name, Date from, Date to,
                            Date today, Facts *f, Arena *a)
{
    memset(f, 0, sizeof *f);
    char end[11], start[11], now[11];
    date_format(to, end);
    date_format(from, start);
    date_format(today, now);
    StmtId stmt = scope == TRENDS_SERVICE ? STMT_DUE_STAFF_SERVICE
                  : scope == TRENDS_TEAM  ? STMT_DUE_STAFF_TEAM
                                          : STMT_DUE_STAFF_ONE;
    Param p[] = {P_TEXT(now, 10), P_STR(name)};
    StoreRows *r = store_query(st, stmt, p, 2);
    if (!r) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(r)) == 1) {
        size_t n;
        const char *role = store_col_text(r, DUE_STAFF_ROLE, &n);
        TPerson pe = {.ref = store_col_int(r, DUE_STAFF_REF)};
        pe.facts.role = policy_role(pol, role, n);
        if (!pe.facts.role) continue; /* the due list says so; not counted here either */
        pe.id = svc_col_dup(a, r, DUE_STAFF_ID);
        pe.name = svc_col_dup(a, r, DUE_STAFF_NAME);
        opt_date(r, DUE_STAFF_START, &pe.facts.start);
        pe.facts.fte = (Fte)store_col_int(r, DUE_STAFF_FTE);
        pe.facts.has_left = opt_date(r, DUE_STAFF_LEFT, &pe.facts.left);
        const char *agreed = store_col_text(r, DUE_STAFF_AGREEMENT_EVERY, &n);
        pe.facts.has_agreement = n && interval_parse(agreed, n, &pe.facts.agreement_every);
        xgrow((void **)&f->people, &cap, f->npeople + 1, sizeof *f->people);
        f->people[f->npeople++] = pe;
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    qsort(f->people, f->npeople, sizeof *f->people, by_ref);
    f->refs = xmalloc(f->npeople * sizeof *f->refs + 1);
    for (size_t i = 0; i < f->npeople; i++) {
        f->refs[i] = f->people[i].ref;
        buf_addf(&f->scope, "%s%lld", i ? "," : "", (long long)f->people[i].ref);
    }
    const char *sc = f->npeople ? buf_str(&f->scope) : "-1";
    Param q[] = {P_STR(sc), P_TEXT(end, 10), P_TEXT(start, 10)};
    if (read_dates(store_query(st, STMT_TRENDS_ATTENDED, q, 3), &f->att, &f->natt, f, false) < 0) return SVC_FAILED;
    /* The first month end: a case closed before it is open at none. */
    Date first_end = date_add_months(from, 1) - 1;
    char first[11];
    date_format(first_end, first);
    Param qc[] = {P_STR(sc), P_TEXT(end, 10), P_TEXT(first, 10)};
    r = store_query(st, STMT_TRENDS_CASES, qc, 3);
    if (!r) return SVC_FAILED;
    cap = 0;
    while ((got = store_next(r)) == 1) {
        size_t n;
        const char *cat = store_col_text(r, TC_CATEGORY, &n);
        TCase c = {.ref = store_col_int(r, TC_REF)};
        c.facts.category = policy_category(pol, cat, n);
        c.worker = person_of(f, store_col_int(r, TC_WORKER_REF));
        if (!c.facts.category || !c.worker) continue;
        c.id = svc_col_dup(a, r, TC_ID);
        c.name = svc_col_dup(a, r, TC_NAME);
        opt_date(r, TC_ALLOCATED, &c.facts.allocated);
        c.facts.has_closed = opt_date(r, TC_CLOSED, &c.facts.closed);
        const char *every = store_col_text(r, TC_EVERY, &n);
        c.facts.has_every = n && interval_parse(every, n, &c.facts.every);
        xgrow((void **)&f->cases, &cap, f->ncases + 1, sizeof *f->cases);
        f->cases[f->ncases++] = c;
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    if (read_dates(store_query(st, STMT_TRENDS_DISCUSSED, q, 3), &f->disc, &f->ndisc, f, true) < 0) return SVC_FAILED;
    return SVC_OK;
}

/* ---- the months ---- */

typedef struct {
    TrendsView *v;
    const Policy *pol;
    Date first;   /* the first month's first day */
    bool collect; /* the items of list, in months[0] */
    TrendList list;
    size_t cap;
} Calc;

static void item(Calc *c, TrendList l, const char *kind, const char *id, Date date, const char *pid, const char *pname,
                 const char *detail)
{
    if (!c->collect || l != c->list) return;
    TrendsView *v = c->v;
    Arena *a = &v->strings;
    char d[11] = "";
    if (date) date_format(date, d);
    xgrow((void **)&v->items, &c->cap, v->nitems + 1, sizeof *v->items);
    v->items[v->nitems++] =
        (TrendItem){arena_strndup(a, kind, strlen(kind)),   arena_strndup(a, id, strlen(id)),
                    arena_strndup(a, d, strlen(d)),         arena_strndup(a, pid, strlen(pid)),
                    arena_strndup(a, pname, strlen(pname)), arena_strndup(a, detail, strlen(detail))};
}

static void staff_months(Calc *c, const Facts *f)
{
    for (size_t i = 0; i < f->npeople; i++) {
        const TPerson *pe = &f->people[i];
        StaffFacts s = pe->facts;
        for (size_t k = 0; k < c->v->n; k++) {
            TrendMonth *m = &c->v->months[k];
            if (!staff_listed_on(&s, m->end)) continue;
            s.has_last_individual = last_on(f->att + pe->att, pe->natt, m->end, &s.last_individual);
            DueResult r;
            staff_due(c->pol, &s, m->end, &r);
            bool ok = r.status != STATUS_OVERDUE;
            m->staff.all++, m->staff.ok += ok;
            if (!ok) item(c, TL_STAFF_OVERDUE, "person", pe->id, r.due, pe->id, pe->name, r.rule);
        }
    }
}

static void case_months(Calc *c, const Facts *f)
{
    for (size_t i = 0; i < f->ncases; i++) {
        const TCase *ca = &f->cases[i];
        CaseFacts cf = ca->facts;
        const TPerson *w = ca->worker;
        size_t cat = (size_t)(cf.category - c->pol->categories);
        for (size_t k = 0; k < c->v->n; k++) {
            TrendMonth *m = &c->v->months[k];
            if (!case_open_on(&cf, m->end)) continue;
            cf.has_last_discussed = last_on(f->disc + ca->disc, ca->ndisc, m->end, &cf.last_discussed);
            cf.has_worker_last_individual = last_on(f->att + w->att, w->natt, m->end, &cf.worker_last_individual);
            DueResult r;
            case_due(c->pol, &cf, m->end, &r);
            bool ok = r.status != STATUS_OVERDUE;
            m->cases.all++, m->cases.ok += ok;
            m->by_category[cat].all++, m->by_category[cat].ok += ok;
            if (!ok) item(c, TL_CASES_OVERDUE, "case", ca->id, r.due, w->id, w->name, r.rule);
        }
    }
}

/* The month a date falls in, or SIZE_MAX outside the period (or after the
 * month's end: today, for the current month). */
static size_t month_of(const Calc *c, Date d)
{
    if (d < c->first) return SIZE_MAX;
    long k = months_between(c->first, month_first(d));
    if (k < 0 || (size_t)k >= c->v->n || d > c->v->months[k].end) return SIZE_MAX;
    return (size_t)k;
}

static Date day_of(int64_t unix_time) { return (Date)(unix_time / 86400); }

static int session_months(Store *st, Calc *c, const char *scope, const char *start, const char *end)
{
    Param p[] = {P_STR(scope), P_TEXT(end, 10), P_TEXT(start, 10)};
    StoreRows *r = store_query(st, STMT_TRENDS_SESSIONS, p, 3);
    if (!r) return -1;
    int got;
    while ((got = store_next(r)) == 1) {
        Date d;
        size_t k;
        if (!opt_date(r, TS_DATE, &d) || (k = month_of(c, d)) == SIZE_MAX) continue;
        TrendMonth *m = &c->v->months[k];
        const char *status = store_col_text(r, TS_STATUS, NULL), *type = store_col_text(r, TS_TYPE, NULL);
        const char *sid = store_col_text(r, TS_SUPERVISOR_ID, NULL),
                   *sname = store_col_text(r, TS_SUPERVISOR_NAME, NULL);
        const char *id = store_col_text(r, TS_ID, NULL);
        char detail[300];
        if (strcmp(status, "held") == 0) {
            m->held++;
            int64_t late = store_col_int(r, TS_LATE_DAYS);
            item(c, TL_HELD, "session", id, d, sid, sname, type);
            if (late > 0) {
                m->late++;
                strfmt(detail, sizeof detail, "%s, entered %lld days after its date", type, (long long)late);
                item(c, TL_LATE, "session", id, d, sid, sname, detail);
            }
            continue;
        }
        m->cancelled++;
        const char *by = store_col_text(r, TS_CANCELLED_BY, NULL), *why = store_col_text(r, TS_REASON, NULL);
        if (strcmp(by, "supervisor") == 0)
            m->cancelled_by_supervisor++;
        else if (strcmp(by, "supervisee") == 0)
            m->cancelled_by_supervisee++;
        else if (*by)
            m->cancelled_by_other++;
        else
            m->cancelled_unknown++;
        strfmt(detail, sizeof detail, "%s, cancelled by %s%s%s", type, *by ? by : "(not recorded)", *why ? ": " : "",
               why);
        item(c, TL_CANCELLED, "session", id, d, sid, sname, detail);
    }
    store_rows_close(r);
    return got;
}

static int record_months(Store *st, Calc *c, const char *scope, const char *end)
{
    Param p[] = {P_STR(scope), P_TEXT(end, 10)};
    StoreRows *r = store_query(st, STMT_TRENDS_RECORDS, p, 2);
    if (!r) return -1;
    int got;
    while ((got = store_next(r)) == 1) {
        Date d, sent = 0;
        if (!opt_date(r, TR_DATE, &d)) continue;
        bool has_sent = opt_date(r, TR_SENT, &sent);
        size_t n;
        store_col_text(r, TR_SIGNED_AT, &n);
        bool has_signed = n > 0;
        Date signed_on = has_signed ? day_of(store_col_int(r, TR_SIGNED_AT)) : 0;
        char id[24];
        strfmt(id, sizeof id, "%lld", (long long)store_col_int(r, TR_REF));
        const char *pid = store_col_text(r, TR_SUPERVISEE_ID, NULL),
                   *pname = store_col_text(r, TR_SUPERVISEE_NAME, NULL);
        for (size_t k = 0; k < c->v->n; k++) {
            TrendMonth *m = &c->v->months[k];
            if (d > m->end) break;
            if (!has_sent || sent > m->end) {
                m->unsent++;
                item(c, TL_UNSENT, "record", id, d, pid, pname, "not sent");
            } else if (!has_signed || signed_on > m->end) {
                m->unsigned_++;
                item(c, TL_UNSIGNED, "record", id, d, pid, pname, "sent, not signed");
            }
        }
    }
    store_rows_close(r);
    return got;
}

static int action_months(Store *st, Calc *c, const char *scope, const char *end)
{
    Param p[] = {P_STR(scope), P_TEXT(end, 10)};
    StoreRows *r = store_query(st, STMT_TRENDS_ACTIONS, p, 2);
    if (!r) return -1;
    int got;
    while ((got = store_next(r)) == 1) {
        Date due;
        if (!opt_date(r, TX_DUE, &due)) continue;
        Date agreed = day_of(store_col_int(r, TX_CREATED_AT));
        size_t n;
        store_col_text(r, TX_CLOSED_AT, &n);
        bool closed = n > 0;
        Date closed_on = closed ? day_of(store_col_int(r, TX_CLOSED_AT)) : 0;
        char id[24];
        strfmt(id, sizeof id, "%lld", (long long)store_col_int(r, TX_REF));
        const char *pid = store_col_text(r, TX_SUPERVISEE_ID, NULL),
                   *pname = store_col_text(r, TX_SUPERVISEE_NAME, NULL);
        for (size_t k = 0; k < c->v->n; k++) {
            TrendMonth *m = &c->v->months[k];
            if (agreed > m->end || due >= m->end || (closed && closed_on <= m->end)) continue;
            m->actions_overdue++;
            item(c, TL_ACTIONS_OVERDUE, "action", id, due, pid, pname, "open past its date");
        }
    }
    store_rows_close(r);
    return got;
}

static int raised_months(Store *st, Calc *c, const char *scope, Date last_end)
{
    Param p[] = {P_STR(scope), P_INT(((int64_t)last_end + 1) * 86400), P_INT((int64_t)c->first * 86400)};
    StoreRows *r = store_query(st, STMT_TRENDS_RAISED, p, 3);
    if (!r) return -1;
    int got;
    while ((got = store_next(r)) == 1) {
        Date raised = day_of(store_col_int(r, TE_RAISED_AT));
        size_t k = month_of(c, raised);
        if (k == SIZE_MAX) continue;
        TrendMonth *m = &c->v->months[k];
        char id[24], detail[80];
        strfmt(id, sizeof id, "%lld", (long long)store_col_int(r, TE_REF));
        const char *pid = store_col_text(r, TE_SUPERVISEE_ID, NULL),
                   *pname = store_col_text(r, TE_SUPERVISEE_NAME, NULL);
        if (strcmp(store_col_text(r, TE_KIND, NULL), "disagreement") == 0) {
            m->disagreements++;
            item(c, TL_DISAGREEMENTS, "record", id, raised, pid, pname, "the supervisee disagreed with the record");
            continue;
        }
        m->escalations++;
        size_t n;
        store_col_text(r, TE_RESOLVED_AT, &n);
        if (n) {
            long days = (long)(day_of(store_col_int(r, TE_RESOLVED_AT)) - raised);
            m->escalations_resolved++, m->escalation_days += days;
            strfmt(detail, sizeof detail, "resolved in %ld days", days);
        } else {
            strfmt(detail, sizeof detail, "not resolved yet");
        }
        item(c, TL_ESCALATIONS, "escalation", id, raised, pid, pname, detail);
    }
    store_rows_close(r);
    return got;
}

/* Who the scope is, and whether the viewer may see it. */
static SvcResult allowed(Store *st, const SvcActor *a, TrendsScope scope, const char *name)
{
    int64_t ref = 0;
    Param p[] = {P_STR(name)};
    if (scope == TRENDS_SERVICE) {
        if (!access_service(a->viewer, name)) return SVC_REFUSED;
        int got = store_query_int(st, STMT_SERVICE_FIND, p, 1, &ref);
        return got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
    }
    int got = store_query_int(st, scope == TRENDS_TEAM ? STMT_TEAM_FIND : STMT_STAFF_FIND, p, 1, &ref);
    if (got <= 0) return got < 0 ? SVC_FAILED : SVC_NOT_FOUND;
    Access acc = scope == TRENDS_TEAM ? access_team(st, a->viewer, ref) : access_person(st, a->viewer, ref);
    return acc == ACCESS_FAILED ? SVC_FAILED : acc == ACCESS_ALLOWED ? SVC_OK : SVC_REFUSED;
}

static SvcResult compute(Store *st, const SvcActor *a, TrendsScope scope, const char *name, Date first, Date last,
                         bool collect, TrendList list, TrendsView *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = allowed(st, a, scope, name);
    if (rc != SVC_OK) return rc;
    const Policy *pol = a->pol;
    TrendsView *v = out;
    v->scope = scope;
    v->name = arena_strndup(&v->strings, name, strlen(name));
    v->title = v->name;
    v->n = (size_t)months_between(first, last) + 1;
    v->months = xcalloc(v->n, sizeof *v->months);
    v->ncategories = pol->ncategories;
    v->categories = xcalloc(pol->ncategories + 1, sizeof *v->categories);
    for (size_t i = 0; i < pol->ncategories; i++) {
        const Category *cat = &pol->categories[i];
        const char *s = cat->label && *cat->label ? cat->label : cat->id;
        v->categories[i] = arena_strndup(&v->strings, s, strlen(s));
    }
    for (size_t k = 0; k < v->n; k++) {
        TrendMonth *m = &v->months[k];
        Date f = date_add_months(first, (int64_t)k);
        m->end = date_add_months(f, 1) - 1;
        if (m->end > a->today) m->end = a->today;
        char d[11];
        date_format(f, d);
        memcpy(m->month, d, 7);
        m->by_category = xcalloc(pol->ncategories + 1, sizeof *m->by_category);
    }
    Date last_end = v->months[v->n - 1].end;
    Facts f;
    Calc c = {.v = v, .pol = pol, .first = first, .collect = collect, .list = list};
    rc = read_facts(st, pol, scope, name, first, last_end, a->today, &f, &v->strings);
    if (rc == SVC_OK && scope == TRENDS_PERSON && f.npeople) v->title = f.people[0].name;
    if (rc == SVC_OK) {
        staff_months(&c, &f);
        case_months(&c, &f);
        char start[11], end[11];
        date_format(first, start);
        date_format(last_end, end);
        const char *sc = f.npeople ? buf_str(&f.scope) : "-1";
        if (session_months(st, &c, sc, start, end) < 0 || record_months(st, &c, sc, end) < 0 ||
            action_months(st, &c, sc, end) < 0 || raised_months(st, &c, sc, last_end) < 0)
            rc = SVC_FAILED;
    }
    facts_free(&f);
    if (rc != SVC_OK) view_trends_free(v);
    return rc;
}

SvcResult view_trends(Store *st, const SvcActor *a, TrendsScope scope, const char *name, Date first, Date last,
                      TrendsView *out)
{
    return compute(st, a, scope, name, month_first(first), month_first(last), false, TL_COUNT, out);
}

SvcResult view_trends_list(Store *st, const SvcActor *a, TrendsScope scope, const char *name, Date month,
                           TrendList list, TrendsView *out)
{
    return compute(st, a, scope, name, month_first(month), month_first(month), true, list, out);
}

void view_trends_free(TrendsView *v)
{
    for (size_t k = 0; k < v->n; k++) free(v->months[k].by_category);
    free(v->months);
    free(v->categories);
    free(v->items);
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}
