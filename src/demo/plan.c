/* plan.c: the plan of the demo council's supervision (plan.h).
 *
 * Reads the council (its people, the days they were supervised, the cases
 * they hold, the due list) and draws everything else from the seed: who has
 * which agreement, who is in the sample, their sessions and what becomes of
 * each record, then the special cases worth seeing (disputes resolved,
 * escalated and just raised, confidential items, cancellations), and last
 * the time of every step. */
#include "demo/plan.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo/text.h"
#include "svc/council.h"
#include "svc/due.h"

#define MAX_SAMPLE 80       /* people with records: a few hundred records at most */
#define MAX_AGREEMENTS 2000 /* people with agreements: a national council gets a sample */
#define WINDOW_DAYS 105     /* the months of records before the demo's day */
#define MAX_SESSIONS 6      /* past sessions per person in the window */

/* The plan being made, and what making it needs. */
typedef struct {
    DemoPlan *d;
    Store *st;
    const Policy *pol;
    Date today;
    Rng rng; /* handed on to the plan when it is made */
    size_t peoplecap, plancap, agcap, infcap, groupcap, evcap;
    uint32_t seq;
    char *err;
    size_t errlen;
    int rc;
} Planner;

static inline Date dmax(Date a, Date b) { return a > b ? a : b; }

static int weekday(Date d) { return (int)(((d % 7) + 7 + 4) % 7); } /* 0 is Sunday */
static Date weekday_back(Date d) { return weekday(d) == 6 ? d - 1 : weekday(d) == 0 ? d - 2 : d; }
static Date weekday_forward(Date d) { return weekday(d) == 6 ? d + 2 : weekday(d) == 0 ? d + 1 : d; }

/* Unix time of a civil date and a time of day, in local time. */
static int64_t local_time(Date d, int minutes)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = dd;
    tm.tm_hour = minutes / 60;
    tm.tm_min = minutes % 60;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    return t == (time_t)-1 ? (int64_t)d * 86400 + minutes * 60 : (int64_t)t;
}

static int minutes_of(const char *hhmm)
{
    return (hhmm[0] - '0') * 600 + (hhmm[1] - '0') * 60 + (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
}

static bool in_post(const PlanPerson *p, Date d) { return p->start <= d && (p->left == PLAN_NO_DATE || p->left > d); }

/* Days until supervision falls due for someone last supervised on d: the
 * policy's interval, or the role's target when it is more often, as the
 * agreements the demo writes say (and an agreement in force binds). */
static int32_t span_days(const Planner *g, const PlanPerson *p, Date d)
{
    const Role *r = policy_role(g->pol, p->role, strlen(p->role));
    if (!r) return 28;
    Interval iv = policy_phase_on(r, p->start, d < p->start ? p->start : d)->every;
    if (g->pol->pro_rata && p->fte > 0 && p->fte < FTE_FULL) iv = interval_pro_rata(iv, p->fte);
    if (r->has_target && interval_add(d, r->target) < interval_add(d, iv)) iv = r->target;
    int32_t n = interval_add(d, iv) - d;
    return n < 5 ? 5 : n;
}

static bool busy_on(const PersonPlan *pl, Date d)
{
    size_t lo = 0, hi = pl->nbusy;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pl->busy[mid] == d) return true;
        if (pl->busy[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Plans a step for day at minutes after midnight. */
static void event_push(Planner *g, Date day, int minutes, uint8_t kind, int32_t a, int32_t b)
{
    DemoPlan *d = g->d;
    xgrow((void **)&d->events, &g->evcap, d->nevents + 1, sizeof(PlanEvent));
    d->events[d->nevents++] = (PlanEvent){local_time(day, minutes), day, g->seq++, kind, a, b};
}

/* In time order; steps planned for the same time in the order planned. */
static int event_cmp(const void *a, const void *b)
{
    const PlanEvent *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---------------------------------------------------------------- reading the council */

static int fail_store(Planner *g, const char *what)
{
    if (!g->rc) {
        strfmt(g->err, g->errlen, "demo supervision: %s: %s", what, store_error(g->st));
        g->rc = 3;
    }
    return g->rc;
}

static int person_cmp(const void *a, const void *b)
{
    int64_t x = ((const PlanPerson *)a)->ref, y = ((const PlanPerson *)b)->ref;
    return x < y ? -1 : x > y;
}

static int32_t index_of_ref(const Planner *g, int64_t ref)
{
    if (!ref) return -1;
    PlanPerson key = {.ref = ref};
    const PlanPerson *p = bsearch(&key, g->d->people, (size_t)g->d->npeople, sizeof(PlanPerson), person_cmp);
    return p ? (int32_t)(p - g->d->people) : -1;
}

static int32_t index_of_id(const Planner *g, const char *id)
{
    for (int32_t i = 0; id && *id && i < g->d->npeople; i++)
        if (strcmp(g->d->people[i].id, id) == 0) return i;
    return -1;
}

/* Adds p to the plan's people (council_people's callback). */
static void add_person(void *ctx, const CouncilPerson *c)
{
    Planner *g = ctx;
    DemoPlan *d = g->d;
    xgrow((void **)&d->people, &g->peoplecap, (size_t)d->npeople + 1, sizeof(PlanPerson));
    d->people[d->npeople++] = (PlanPerson){
        .ref = c->ref,
        .id = arena_strndup(&d->strings, c->id, strlen(c->id)),
        .sup_ref = c->supervisor_ref,
        .lm_ref = c->line_manager_ref,
        .start = c->has_start ? c->start : PLAN_NO_DATE,
        .left = c->has_left ? c->left : PLAN_NO_DATE,
        .fte = c->fte,
        .plan = -1,
    };
    strfmt(d->people[d->npeople - 1].role, sizeof d->people[0].role, "%s", c->role);
}

static int load_people(Planner *g)
{
    if (council_people(g->st, add_person, g) != SVC_OK) return fail_store(g, "reading the staff");
    qsort(g->d->people, (size_t)g->d->npeople, sizeof(PlanPerson), person_cmp);
    for (int32_t i = 0; i < g->d->npeople; i++) {
        PlanPerson *p = &g->d->people[i];
        p->sup = index_of_ref(g, p->sup_ref);
        p->lm = index_of_ref(g, p->lm_ref);
        p->place = (uint8_t)rng_below(&g->rng, (uint32_t)text_places.n);
        p->slot = (uint8_t)rng_below(&g->rng, (uint32_t)text_start_times.n);
        if (p->start == PLAN_NO_DATE) p->start = g->today;
    }
    return 0;
}

/* Marks who holds open cases of a category with a checklist (family
 * placement in the shipped policies). 0, or a store failure. */
static int mark_checklist_workers(Planner *g)
{
    for (size_t c = 0; c < g->pol->ncategories; c++) {
        if (!g->pol->categories[c].nchecklist) continue;
        int64_t *refs;
        size_t n;
        if (council_category_workers(g->st, g->pol->categories[c].id, g->today, &refs, &n) != SVC_OK)
            return fail_store(g, "reading cases");
        for (size_t k = 0; k < n; k++) {
            int32_t i = index_of_ref(g, refs[k]);
            if (i >= 0) g->d->people[i].checklist_cases = true;
        }
        free(refs);
    }
    return 0;
}

/* Supervised by someone in post long enough to have met them. */
static bool supervisee(const Planner *g, const PlanPerson *p)
{
    if (p->sup < 0 || !in_post(p, g->today) || p->start > g->today - 21) return false;
    const PlanPerson *s = &g->d->people[p->sup];
    return in_post(s, g->today) && s->start <= g->today - 60;
}

/* ---------------------------------------------------------------- planning */

/* The agreed date whose review falls on target (as near as the calendar
 * allows). */
static Date agreed_for_review(const Planner *g, Date target)
{
    Interval r = g->pol->agreement_review;
    Date a = target - (interval_add(target, r) - target);
    while (interval_add(a, r) < target) a++;
    while (a > DATE_MIN && interval_add(a - 1, r) >= target) a--;
    return a;
}

const char *plan_place(const PlanPerson *p)
{
    return strcmp(p->role, "residential") == 0 ? text_home_place : text_places.items[p->place];
}

/* An agreement for a supervisee: none, written and waiting, or agreed (in
 * force, due for review soon, or past its review date), at random or of the
 * kind forced (>= 0). Returns false for none. */
static bool plan_agreement(Planner *g, int32_t who, int force, PlanAgreement *a)
{
    const PlanPerson *p = &g->d->people[who], *s = &g->d->people[p->sup];
    Rng *r = &g->rng;
    const Date earliest = dmax(p->start, s->start) + 5, today = g->today;
    memset(a, 0, sizeof *a);
    a->who = who;
    uint32_t x = rng_below(r, 1000);
    a->kind = x < 80    ? AG_NONE
              : x < 150 ? AG_WAITING
              : x < 240 ? AG_REVIEW_SOON
              : x < 280 ? AG_REVIEW_DUE
                        : AG_IN_FORCE;
    if (force >= 0) a->kind = (uint8_t)force;
    if (who == g->d->worker || who == g->d->manager) a->kind = AG_IN_FORCE;
    if (a->kind == AG_NONE) return false;
    if (a->kind == AG_WAITING) {
        a->write[0] = weekday_back(today - rng_range(r, 1, 20));
        a->nver = 1;
        return a->write[0] >= earliest;
    }
    Date agreed = PLAN_NO_DATE;
    if (a->kind == AG_REVIEW_SOON) agreed = weekday_back(agreed_for_review(g, today + rng_range(r, 3, 28)));
    if (a->kind == AG_REVIEW_DUE) agreed = weekday_back(agreed_for_review(g, today - rng_range(r, 1, 45)));
    if (agreed == PLAN_NO_DATE || agreed < earliest) {
        /* In force: agreed since the last review would have fallen due, and
         * not due again within five weeks. */
        a->kind = AG_IN_FORCE;
        Date lo = dmax(earliest, agreed_for_review(g, today + 36)), hi = today - 3;
        if (lo > hi) return false;
        agreed = weekday_back(rng_range(r, lo, hi));
        if (agreed < earliest) return false;
    }
    /* Some replaced an earlier agreement at its review. */
    Date first = weekday_back(agreed_for_review(g, agreed) - rng_range(r, 0, 30));
    if (a->kind == AG_IN_FORCE && rng_permille(r, 300) && first - 6 >= earliest) {
        a->agree[0] = first;
        a->write[0] = weekday_back(first - rng_range(r, 0, 6));
        a->nver = 1;
    }
    a->agree[a->nver] = agreed;
    a->write[a->nver] = dmax(earliest, weekday_back(agreed - rng_range(r, 0, 6)));
    if (a->nver == 1 && a->write[1] <= a->agree[0]) a->write[1] = a->agree[0] + 1;
    if (a->write[a->nver] > agreed) return false;
    a->nver++;
    return true;
}

static void sess_times(Planner *g, const PlanPerson *p, PlanSession *s)
{
    Rng *r = &g->rng;
    const Phrases *t = &text_start_times;
    s->start = minutes_of(rng_permille(r, 750) ? t->items[p->slot] : t->items[rng_below(r, (uint32_t)t->n)]);
    s->by_supervisee = rng_permille(r, 150);
}

/* The record's life after the session: sent (or still a draft), then signed
 * (or still waiting on the demo's day). */
static void sess_fate(Planner *g, PlanSession *s)
{
    Rng *r = &g->rng;
    uint32_t x = rng_below(r, 1000);
    int delay = x < 550 ? 0 : x < 800 ? 1 : x < 950 ? rng_range(r, 2, 4) : rng_range(r, 5, 8);
    s->send = weekday_forward(s->date + delay);
    x = rng_below(r, 1000);
    delay = x < 600   ? rng_range(r, 0, 2)
            : x < 850 ? rng_range(r, 3, 6)
            : x < 950 ? rng_range(r, 7, 14)
                      : rng_range(r, 20, 40);
    s->sign = weekday_forward(s->send + delay);
    s->fate = s->send >= g->today ? FATE_DRAFT : s->sign >= g->today ? FATE_WAITING : FATE_SIGNED;
}

/* The sample person's sessions: the dates they were already supervised
 * (none of ours falls on one), whether they are overdue today, and from
 * that the dates of their sessions and the one booked next. */
static int plan_sessions(Planner *g, int32_t who)
{
    PlanPerson *p = &g->d->people[who];
    Rng *r = &g->rng;
    const Date today = g->today;
    PersonPlan pl = {.who = who};
    if (council_attended(g->st, p->ref, today - 500, &pl.busy, &pl.nbusy) != SVC_OK) {
        free(pl.busy);
        return fail_store(g, "reading sessions");
    }

    DueFilter f = {.asof = today, .worker = p->id};
    DueList l;
    char err[256];
    int rc = due_compute(g->st, g->pol, &f, &l, err, sizeof err);
    if (rc) {
        free(pl.busy);
        if (rc == 3) return fail_store(g, "the due list");
        strfmt(g->err, g->errlen, "demo supervision: %s", err);
        return g->rc = 1;
    }
    bool has_last = false;
    Date last = 0;
    for (size_t i = 0; i < l.n; i++)
        if (l.rows[i].kind == DUE_KIND_STAFF && strcmp(l.rows[i].id, p->id) == 0) {
            pl.overdue = l.rows[i].r.status == STATUS_OVERDUE;
            has_last = l.rows[i].r.has_last;
            last = l.rows[i].r.last;
        }
    due_list_free(&l);

    /* Those overdue today have records only from before their supervision
     * lapsed, so they stay overdue; the others up to the last few days. */
    /* Met as agreed: the agreement's frequency is the person's due rule. */
    const int32_t span = span_days(g, p, today), target = span;
    const Date end = !pl.overdue ? today - 1 : has_last ? last - 1 : PLAN_NO_DATE;
    Date dates[MAX_SESSIONS];
    int n = 0;
    if (end != PLAN_NO_DATE) {
        const PlanPerson *s = &g->d->people[p->sup];
        Date lo = dmax(dmax(p->start, s->start) + 14, dmax((pl.overdue ? end : today) - WINDOW_DAYS, today - 330));
        Date d = end - (pl.overdue ? rng_range(r, 0, 5) : rng_range(r, 0, target * 2 / 3));
        while (n < MAX_SESSIONS) {
            d = weekday_back(d);
            while (d >= lo && busy_on(&pl, d)) d = weekday_back(d - 1);
            if (d < lo) break;
            dates[n++] = d;
            d -= rng_range(r, target * 85 / 100, span);
        }
    }
    for (int k = n - 1; k >= 0; k--) {
        xgrow((void **)&pl.s, &pl.cap, pl.n + 1, sizeof(PlanSession));
        PlanSession *s = &pl.s[pl.n];
        memset(s, 0, sizeof *s);
        s->date = dates[k];
        sess_times(g, p, s);
        if (pl.n == 0) {
            s->booked = dmax(p->start, weekday_back(s->date - rng_range(r, 10, 21)));
            s->booked_min = rng_range(r, 9 * 60, 12 * 60);
        } else {
            s->booked = pl.s[pl.n - 1].date;
            s->booked_min = pl.s[pl.n - 1].start + 90;
        }
        s->agenda = dmax(s->booked, weekday_back(s->date - rng_range(r, 1, 3)));
        s->prebook = s->cancel = s->rebook = PLAN_NO_DATE;
        s->dispute = s->escalate = s->respond = s->amend = s->sign2 = PLAN_NO_DATE;
        sess_fate(g, s);
        pl.n++;
    }

    /* The next session: booked at the end of the last, or (for someone
     * overdue) booked in the last few days to catch up. */
    if (!pl.overdue || rng_permille(r, 600) || who == g->d->worker) {
        xgrow((void **)&pl.s, &pl.cap, pl.n + 1, sizeof(PlanSession));
        PlanSession *u = &pl.s[pl.n];
        memset(u, 0, sizeof *u);
        u->upcoming = true;
        Date next;
        if (pl.n > 0 && !pl.overdue) {
            const PlanSession *prev = &pl.s[pl.n - 1];
            next = prev->date + rng_range(r, target, span);
            if (next <= today) next = today + rng_range(r, 1, 7);
            u->booked = prev->date;
            u->booked_min = prev->start + 90;
        } else {
            next = today + rng_range(r, 2, 12);
            u->booked = weekday_back(today - rng_range(r, 1, 4));
            u->booked_min = rng_range(r, 9 * 60, 12 * 60);
        }
        u->date = weekday_forward(next);
        sess_times(g, p, u);
        u->agenda = dmax(u->booked, weekday_back(today - rng_range(r, 1, 3)));
        u->prebook = u->cancel = u->rebook = PLAN_NO_DATE;
        u->dispute = u->escalate = u->respond = u->amend = u->sign2 = u->send = u->sign = PLAN_NO_DATE;
        pl.n++;
    }
    if (pl.n == 0) {
        free(pl.busy);
        return 0;
    }
    p->plan = (int32_t)g->d->nplans;
    xgrow((void **)&g->d->plans, &g->plancap, g->d->nplans + 1, sizeof(PersonPlan));
    g->d->plans[g->d->nplans++] = pl;
    return 0;
}

/* ---------------------------------------------------------------- the special cases */

typedef bool (*SessionTest)(Planner *g, const PersonPlan *pl, PlanSession *s);

int32_t plan_escalation_to(const DemoPlan *d, const PersonPlan *pl)
{
    const PlanPerson *p = &d->people[pl->who], *s = &d->people[p->sup];
    if (s->lm < 0 || s->lm == pl->who || !in_post(&d->people[s->lm], d->today)) return -1;
    return s->lm;
}

static bool test_resolved(Planner *g, const PersonPlan *pl, PlanSession *s)
{
    Rng *r = &g->rng;
    if (s->upcoming || s->fate != FATE_SIGNED || s->date < g->today - 90 || s->date > g->today - 30) return false;
    if (plan_escalation_to(g->d, pl) < 0) return false;
    Date dispute = weekday_forward(s->send + rng_range(r, 1, 2)), escalate = weekday_forward(dispute + 1);
    Date respond = weekday_forward(escalate + rng_range(r, 2, 6)), amend = weekday_forward(respond + 1);
    Date sign2 = weekday_forward(amend + rng_range(r, 1, 3));
    if (sign2 >= g->today) return false;
    s->fate = FATE_RESOLVED;
    s->dispute = dispute, s->escalate = escalate, s->respond = respond, s->amend = amend, s->sign2 = sign2;
    return true;
}

static bool test_escalated(Planner *g, const PersonPlan *pl, PlanSession *s)
{
    if (s->upcoming || (s->fate != FATE_SIGNED && s->fate != FATE_WAITING)) return false;
    if (s->send < g->today - 40 || s->send > g->today - 14 || plan_escalation_to(g->d, pl) < 0) return false;
    Date dispute = weekday_forward(s->send + 1), escalate = weekday_forward(dispute + rng_range(&g->rng, 0, 2));
    if (interval_add(escalate, g->pol->escalation_response) >= g->today) return false;
    s->fate = FATE_ESCALATED;
    s->dispute = dispute, s->escalate = escalate;
    return true;
}

static bool test_disputed(Planner *g, const PersonPlan *pl, PlanSession *s)
{
    (void)pl;
    if (s->upcoming || (s->fate != FATE_SIGNED && s->fate != FATE_WAITING)) return false;
    if (s->send < g->today - 8 || s->send > g->today - 2) return false;
    s->dispute = weekday_forward(s->send + 1);
    if (s->dispute >= g->today) return false;
    s->fate = FATE_DISPUTED;
    return true;
}

/* Sent a week or more ago and not signed: overdue for signing. */
static bool test_unsigned(Planner *g, const PersonPlan *pl, PlanSession *s)
{
    (void)pl;
    if (s->upcoming || s->fate != FATE_SIGNED || s->send > g->today - 9 || s->send < g->today - 30) return false;
    s->fate = FATE_WAITING;
    return true;
}

static bool test_confidential(Planner *g, const PersonPlan *pl, PlanSession *s)
{
    (void)g, (void)pl;
    if (s->upcoming || s->fate != FATE_SIGNED || s->confidential) return false;
    return s->confidential = true;
}

static bool test_worry(Planner *g, const PersonPlan *pl, PlanSession *s)
{
    (void)g, (void)pl;
    if (s->upcoming || s->fate == FATE_DRAFT || s->worry_confidential) return false;
    return s->worry_confidential = true;
}

/* A booking made, cancelled a day or so before, and the session rebooked. */
static bool test_prebook(Planner *g, const PersonPlan *pl, PlanSession *s)
{
    if (s->upcoming || s == &pl->s[0]) return false;
    Date pre = weekday_back(s->date - rng_range(&g->rng, 2, 4)), cancel = weekday_back(pre - 1);
    if (cancel <= s->booked || busy_on(pl, pre) || pre == s->date) return false;
    for (size_t k = 0; k < pl->n; k++)
        if (pl->s[k].date == pre) return false;
    s->prebook = pre;
    s->cancel = cancel;
    s->agenda = dmax(s->agenda, cancel);
    return true;
}

static bool test_cancel_upcoming(Planner *g, const PersonPlan *pl, PlanSession *s)
{
    (void)pl;
    Date cancel = weekday_back(g->today - 1);
    if (!s->upcoming || s->booked > cancel || s->sample) return false;
    s->cancel = cancel;
    s->rebook = weekday_forward(s->date + rng_range(&g->rng, 5, 10));
    return true;
}

/* Marks the first session passing test, searching the demo manager's other
 * supervisees first, then anyone but the demo worker (or, with worker, the
 * worker only), from a random place; each person at most once (used).
 * Returns whether one was found. */
static bool choose(Planner *g, SessionTest test, bool worker, bool *used)
{
    if (!g->d->nplans) return false;
    size_t from = rng_below(&g->rng, (uint32_t)g->d->nplans);
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < g->d->nplans; k++) {
            PersonPlan *pl = &g->d->plans[(from + k) % g->d->nplans];
            const PlanPerson *p = &g->d->people[pl->who];
            bool is_worker = pl->who == g->d->worker;
            if (worker != is_worker || (used && used[pl - g->d->plans])) continue;
            if (!worker && pass == 0 && (g->d->manager < 0 || p->sup != g->d->manager)) continue;
            for (size_t i = 0; i < pl->n; i++)
                if (test(g, pl, &pl->s[i])) {
                    if (used) used[pl - g->d->plans] = true;
                    return true;
                }
        }
    return false;
}

/* ---------------------------------------------------------------- informal and group */

static void plan_informal(Planner *g, int32_t who, bool by_worker)
{
    const PlanPerson *p = &g->d->people[who];
    const PersonPlan *pl = p->plan >= 0 ? &g->d->plans[p->plan] : NULL;
    Date d = weekday_back(g->today - rng_range(&g->rng, 3, 12));
    for (int tries = 0; tries < 10; tries++, d = weekday_back(d - 1)) {
        bool clash = pl && busy_on(pl, d);
        for (size_t k = 0; pl && k < pl->n; k++) clash = clash || pl->s[k].date == d || pl->s[k].prebook == d;
        if (!clash) break;
    }
    if (d < p->start) return;
    xgrow((void **)&g->d->inf, &g->infcap, g->d->ninf + 1, sizeof(PlanInformal));
    g->d->inf[g->d->ninf++] = (PlanInformal){who, by_worker, d};
}

/* A group session led by leader with up to eight of their supervisees. */
static void plan_group(Planner *g, int32_t leader)
{
    PlanGroup gr = {.leader = leader, .date = weekday_back(g->today - rng_range(&g->rng, 6, 20))};
    for (int32_t i = 0; i < g->d->npeople && gr.natt < 8; i++)
        if (g->d->people[i].sup == leader && supervisee(g, &g->d->people[i])) gr.att[gr.natt++] = i;
    if (gr.natt < 2) return;
    xgrow((void **)&g->d->groups, &g->groupcap, g->d->ngroups + 1, sizeof(PlanGroup));
    g->d->groups[g->d->ngroups++] = gr;
}

bool plan_practitioner(const PlanPerson *p)
{
    static const char *const roles[] = {"social-worker", "nqsw", "senior-practitioner", "residential"};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (strcmp(p->role, roles[i]) == 0) return true;
    return false;
}

/* ---------------------------------------------------------------- the events */

static void push_plans(Planner *g)
{
    Rng *r = &g->rng;
    for (size_t a = 0; a < g->d->nags; a++) {
        const PlanAgreement *ag = &g->d->ags[a];
        for (int v = 0; v < ag->nver; v++) {
            event_push(g, ag->write[v], rng_range(r, 9 * 60, 12 * 60), EV_AG_WRITE, (int32_t)a, v);
            if (ag->kind != AG_WAITING || v + 1 < ag->nver)
                event_push(g, ag->agree[v], rng_range(r, 12 * 60 + 30, 17 * 60), EV_AG_AGREE, (int32_t)a, v);
        }
    }
    for (size_t k = 0; k < g->d->nplans; k++) {
        const PersonPlan *pl = &g->d->plans[k];
        for (size_t i = 0; i < pl->n; i++) {
            const PlanSession *s = &pl->s[i];
            int32_t a = (int32_t)k, b = (int32_t)i;
            if (s->prebook != PLAN_NO_DATE) {
                event_push(g, s->booked, s->booked_min, EV_PREBOOK, a, b);
                event_push(g, s->cancel, 12 * 60, EV_CANCEL, a, b);
            } else {
                event_push(g, s->booked, s->booked_min, EV_BOOK, a, b);
            }
            if (s->agenda != PLAN_NO_DATE && s->agenda < g->today)
                event_push(g, s->agenda, 17 * 60 + 15, EV_AGENDA, a, b);
            if (s->upcoming) {
                if (s->cancel != PLAN_NO_DATE) event_push(g, s->cancel, 17 * 60 + 45, EV_CANCEL_UPCOMING, a, b);
                continue;
            }
            event_push(g, s->date, s->start, EV_HOLD, a, b);
            if (s->fate == FATE_DRAFT) continue;
            int sent = s->send == s->date ? s->start + 150 : rng_range(r, 9 * 60, 16 * 60);
            event_push(g, s->send, sent, EV_SEND, a, b);
            switch (s->fate) {
            case FATE_SIGNED:
                event_push(g, s->sign, s->sign == s->send ? sent + 60 : rng_range(r, 9 * 60, 17 * 60), EV_SIGN, a, b);
                break;
            case FATE_RESOLVED:
                event_push(g, s->respond, 14 * 60, EV_RESPOND, a, b);
                event_push(g, s->amend, 10 * 60, EV_AMEND, a, b);
                event_push(g, s->sign2, 15 * 60, EV_SIGN2, a, b);
                /* fall through */
            case FATE_ESCALATED: event_push(g, s->escalate, 11 * 60 + 30, EV_ESCALATE, a, b); /* fall through */
            case FATE_DISPUTED: event_push(g, s->dispute, 10 * 60, EV_DISPUTE, a, b); break;
            default: break;
            }
        }
    }
    for (size_t i = 0; i < g->d->ninf; i++)
        event_push(g, g->d->inf[i].date, rng_range(r, 10 * 60, 16 * 60), EV_INFORMAL, (int32_t)i, 0);
    for (size_t i = 0; i < g->d->ngroups; i++) event_push(g, g->d->groups[i].date, 14 * 60, EV_GROUP, (int32_t)i, 0);
}

int demo_plan(Store *st, const Policy *pol, const DemoSupervisionParams *p, DemoPlan *out, char *err, size_t errlen)
{
    DemoPlan *d = out;
    *d = (DemoPlan){.pol = pol, .today = p->today, .worker = -1, .manager = -1};
    Planner g = {.d = d, .st = st, .pol = pol, .today = p->today, .err = err, .errlen = errlen};
    rng_seed_one(&g.rng, p->seed * 0xD1B54A32D192ED03ull + 0x5EED);
    if (load_people(&g)) return g.rc;
    d->worker = index_of_id(&g, p->worker);
    d->manager = index_of_id(&g, p->manager);

    /* Who: everyone supervised, shuffled, the demo's own people first. */
    int32_t *order = xcalloc((size_t)d->npeople + 1, sizeof *order);
    size_t nsup = 0, ncore = 0;
    for (int32_t i = 0; i < d->npeople; i++)
        if (supervisee(&g, &d->people[i])) order[nsup++] = i;
    rng_shuffle(&g.rng, order, nsup);
    for (size_t i = 0; i < nsup; i++) {
        const PlanPerson *q = &d->people[order[i]];
        if (order[i] == d->worker || order[i] == d->manager || (d->manager >= 0 && q->sup == d->manager)) {
            int32_t t = order[ncore];
            order[ncore++] = order[i];
            order[i] = t;
        }
    }
    /* Someone with family placement cases (a category with a checklist)
     * among the sample, for its checklists and incidents. */
    if (mark_checklist_workers(&g) == 0) {
        bool have = false;
        for (size_t i = 0; i < ncore; i++) have = have || d->people[order[i]].checklist_cases;
        for (size_t i = ncore; i < nsup && !have; i++)
            if (d->people[order[i]].checklist_cases) {
                int32_t t = order[ncore];
                order[ncore] = order[i];
                order[i] = t;
                have = true;
            }
    }
    size_t nsample = ncore + (size_t)(14 + d->npeople / 25);
    if (nsample > MAX_SAMPLE) nsample = ncore > MAX_SAMPLE ? ncore : MAX_SAMPLE;
    if (nsample > nsup) nsample = nsup;
    size_t nag = nsup < MAX_AGREEMENTS ? nsup : MAX_AGREEMENTS;

    int kinds[AG_REVIEW_DUE + 1] = {0};
    for (size_t i = 0; i < nag; i++) {
        PlanAgreement a;
        if (!plan_agreement(&g, order[i], -1, &a)) {
            kinds[AG_NONE]++;
            continue;
        }
        kinds[a.kind]++;
        xgrow((void **)&d->ags, &g.agcap, d->nags + 1, sizeof(PlanAgreement));
        d->ags[d->nags++] = a;
    }
    /* Every kind at least once, when the draw left one out. */
    for (int kind = AG_NONE; kind <= AG_REVIEW_DUE; kind++) {
        for (size_t k = d->nags; !kinds[kind] && kind != AG_IN_FORCE && k-- > 0;) {
            PlanAgreement a;
            int32_t who = d->ags[k].who;
            if (d->ags[k].kind != AG_IN_FORCE || who == d->worker || who == d->manager) continue;
            if (kind == AG_NONE) {
                d->ags[k] = d->ags[--d->nags];
                kinds[kind]++;
            } else if (plan_agreement(&g, who, kind, &a) && a.kind == kind) {
                d->ags[k] = a;
                kinds[kind]++;
            }
        }
    }
    for (size_t i = 0; i < nsample && !g.rc; i++) plan_sessions(&g, order[i]);
    free(order);
    if (g.rc) return g.rc;

    /* The states worth seeing: disputes (resolved, escalated and waiting,
     * just raised), confidential items, cancellations. */
    bool *used = xcalloc(d->nplans + 1, sizeof *used);
    choose(&g, test_resolved, false, used);
    choose(&g, test_escalated, false, used);
    choose(&g, test_disputed, false, used);
    choose(&g, test_unsigned, false, used);
    choose(&g, test_unsigned, false, used);
    free(used);
    if (!choose(&g, test_confidential, true, NULL)) choose(&g, test_confidential, false, NULL);
    choose(&g, test_confidential, false, NULL);
    choose(&g, test_worry, false, NULL);
    choose(&g, test_prebook, false, NULL);
    choose(&g, test_cancel_upcoming, false, NULL);
    if (d->worker >= 0 && d->people[d->worker].plan >= 0) {
        PersonPlan *pl = &d->plans[d->people[d->worker].plan];
        if (pl->n && pl->s[pl->n - 1].upcoming) pl->s[pl->n - 1].sample = true;
    }

    /* Informal discussions and group sessions. */
    if (d->worker >= 0 && d->people[d->worker].sup >= 0 && supervisee(&g, &d->people[d->worker]))
        plan_informal(&g, d->worker, true);
    for (size_t k = 0, extra = d->nplans / 12; k < d->nplans && extra; k++) {
        int32_t who = d->plans[k].who;
        if (who == d->worker || !plan_practitioner(&d->people[who])) continue;
        plan_informal(&g, who, rng_permille(&g.rng, 500));
        extra--;
    }
    if (d->manager >= 0) plan_group(&g, d->manager);
    for (size_t k = 0, extra = d->nplans / 30; k < d->nplans && extra; k++) {
        int32_t leader = d->people[d->plans[k].who].sup;
        bool seen = leader == d->manager;
        for (size_t i = 0; i < d->ngroups; i++) seen = seen || d->groups[i].leader == leader;
        if (seen) continue;
        size_t before = d->ngroups;
        plan_group(&g, leader);
        if (d->ngroups > before) extra--;
    }

    push_plans(&g);
    if (d->nevents) qsort(d->events, d->nevents, sizeof *d->events, event_cmp);
    d->rng = g.rng;
    return 0;
}

void demo_plan_free(DemoPlan *d)
{
    for (size_t k = 0; k < d->nplans; k++) {
        free(d->plans[k].s);
        free(d->plans[k].busy);
    }
    free(d->people);
    free(d->plans);
    free(d->ags);
    free(d->inf);
    free(d->groups);
    free(d->events);
    arena_free(&d->strings);
    memset(d, 0, sizeof *d);
}
