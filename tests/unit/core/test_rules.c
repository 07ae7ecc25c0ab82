/* test_rules.c: when supervision and case discussions fall due, derived from
 * the contract's "When staff supervision is due", "When a case discussion is
 * due" and "Default policy", against the shipped default policy. */
#include <stdint.h>
#include <stdlib.h>

#include "core/date.h"
#include "core/policy.h"
#include "core/rules.h"
#include "test.h"

/* Build with -DTEST_INLINE_POLICY to test against the inline copy of the
 * contract's default policy instead of the shipped one. */
static const char inline_policy[] = "policy \"test\"\n"
                                    "due-soon 7d\n"
                                    "part-time pro-rata\n"
                                    "every-case 6m\n"
                                    "role nqsw \"Newly qualified\"\n"
                                    "  every 1w until 6w\n"
                                    "  every 2w until 52w\n"
                                    "  every 4w\n"
                                    "role social-worker\n"
                                    "  every 4w target 3w\n"
                                    "role senior-practitioner\n"
                                    "  every 4w target 3w\n"
                                    "role manager\n"
                                    "  every 4w target 3w\n"
                                    "role service-manager\n"
                                    "  every 4w\n"
                                    "role admin\n"
                                    "  every 6w target 3w\n"
                                    "role residential\n"
                                    "  every 1m\n"
                                    "category child-protection\n"
                                    "  every 2m\n"
                                    "category child-in-need\n"
                                    "  every 3m\n"
                                    "category looked-after-stable\n"
                                    "  every 3m\n"
                                    "category looked-after\n"
                                    "category family-placement\n"
                                    "category residential\n"
                                    "  every session\n";

/* pol[0]: the default policy; pol[1]: the same without pro-rata; pol[2]: the
 * same with a 3-day due-soon window. 1 and 2 are shallow copies of 0. */
static Policy *base;
static Policy pol[3];

static Date ymd(const char *s)
{
    int y, m, d;
    if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3) {
        fprintf(stderr, "bad test date %s\n", s);
        abort();
    }
    return date_from_ymd(y, m, d);
}

static const char *fmt(Date d, char buf[11])
{
    date_format(d, buf);
    return buf;
}

static Interval iv_of(const char *s)
{
    Interval iv;
    if (!interval_parse(s, strlen(s), &iv)) {
        fprintf(stderr, "bad test interval %s\n", s);
        abort();
    }
    return iv;
}

/* Two intervals are the same if they span the same time from any date. */
static bool same_interval(Interval a, Interval b)
{
    static const char *const from[] = {"2026-01-31", "2024-02-29", "2025-06-15"};
    for (size_t i = 0; i < sizeof from / sizeof from[0]; i++)
        if (interval_add(ymd(from[i]), a) != interval_add(ymd(from[i]), b)) return false;
    return true;
}

/* ---- the shipped policy says what the contract's table says ---- */

static void test_default_policy(void)
{
    const Policy *p = base;
    CHECK_INT(p->due_soon_days, 7);
    CHECK(p->pro_rata);
    CHECK(p->has_every_case);
    CHECK(same_interval(p->every_case, iv_of("6m")));

    const Role *r = policy_role(p, "nqsw", 4);
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(r->nphases, 3);
        if (r->nphases == 3) {
            CHECK(same_interval(r->phases[0].every, iv_of("1w")));
            CHECK(r->phases[0].has_until);
            CHECK(same_interval(r->phases[0].until, iv_of("6w")));
            CHECK(same_interval(r->phases[1].every, iv_of("2w")));
            CHECK(r->phases[1].has_until);
            CHECK(same_interval(r->phases[1].until, iv_of("52w")));
            CHECK(same_interval(r->phases[2].every, iv_of("4w")));
            CHECK(!r->phases[2].has_until);
        }
    }
    static const struct {
        const char *id, *every, *target;
    } roles[] = {
        {"social-worker", "4w", "3w"}, {"senior-practitioner", "4w", "3w"},
        {"manager", "4w", "3w"},       {"service-manager", "4w", NULL},
        {"admin", "6w", "3w"},         {"residential", "1m", NULL},
    };
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        r = policy_role(p, roles[i].id, strlen(roles[i].id));
        if (!r) fprintf(stderr, "  role %s\n", roles[i].id);
        CHECK(r != NULL);
        if (!r) continue;
        CHECK_INT(r->nphases, 1);
        CHECK(same_interval(r->phases[0].every, iv_of(roles[i].every)));
        CHECK(!r->phases[0].has_until);
        CHECK_INT(r->has_target, roles[i].target != NULL);
        if (r->has_target && roles[i].target) CHECK(same_interval(r->target, iv_of(roles[i].target)));
    }
    CHECK(policy_role(p, "nobody", 6) == NULL);
    /* lookups take n bytes */
    CHECK(policy_role(p, "adminX", 5) != NULL);

    static const struct {
        const char *id, *every;
        bool session;
    } cats[] = {
        {"child-protection", "2m", false}, {"child-in-need", "3m", false},    {"looked-after-stable", "3m", false},
        {"looked-after", NULL, false},     {"family-placement", NULL, false}, {"residential", NULL, true},
    };
    for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
        const Category *c = policy_category(p, cats[i].id, strlen(cats[i].id));
        if (!c) fprintf(stderr, "  category %s\n", cats[i].id);
        CHECK(c != NULL);
        if (!c) continue;
        CHECK_INT(c->has_every, cats[i].every != NULL);
        if (c->has_every && cats[i].every) CHECK(same_interval(c->every, iv_of(cats[i].every)));
        CHECK_INT(c->every_session, cats[i].session);
    }
    CHECK(policy_category(p, "nothing", 7) == NULL);
}

/* ---- staff ---- */

static void test_staff_listed(void)
{
    const Role *r = policy_role(base, "social-worker", 13);
    CHECK(r != NULL);
    StaffFacts s = {.role = r, .start = ymd("2026-03-02"), .fte = FTE_FULL};
    CHECK(!staff_listed_on(&s, ymd("2026-03-01"))); /* start > D */
    CHECK(staff_listed_on(&s, ymd("2026-03-02")));  /* start == D */
    CHECK(staff_listed_on(&s, ymd("2030-01-01")));  /* no left date */
    s.has_left = true;
    s.left = ymd("2026-06-30");
    CHECK(staff_listed_on(&s, ymd("2026-06-29")));
    CHECK(staff_listed_on(&s, ymd("2026-06-30")));  /* left == D: still listed */
    CHECK(!staff_listed_on(&s, ymd("2026-07-01"))); /* left < D */
    CHECK(!staff_listed_on(&s, ymd("2026-03-01")));
    /* started and left on the same day */
    s.left = s.start;
    CHECK(staff_listed_on(&s, ymd("2026-03-02")));
    CHECK(!staff_listed_on(&s, ymd("2026-03-03")));
    CHECK(!staff_listed_on(&s, ymd("2026-03-01")));
}

typedef struct {
    const char *role;
    const char *start;
    const char *fte;  /* NULL: 1 */
    const char *last; /* most recent held individual session, NULL if none */
    const char *asof;
    int pol;
    const char *due;
    DueStatus status;
    int days_overdue;
} StaffRow;

static const StaffRow staff_rows[] = {
    /* anchor: the last individual session */
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-02", 0, "2026-03-30", STATUS_OK, 0},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-10", 0, "2026-03-30", STATUS_OK, 0},
    /* status boundaries: 8 days ok, 7 due-soon, 0 due-soon, -1 overdue */
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-22", 0, "2026-03-30", STATUS_OK, 0},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-23", 0, "2026-03-30", STATUS_DUE_SOON, 0},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-24", 0, "2026-03-30", STATUS_DUE_SOON,
     0}, /* past the 3w target: target is not a due date */
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-29", 0, "2026-03-30", STATUS_DUE_SOON, 0},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-30", 0, "2026-03-30", STATUS_DUE_SOON, 0},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-31", 0, "2026-03-30", STATUS_OVERDUE, 1},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-05-01", 0, "2026-03-30", STATUS_OVERDUE, 32},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2027-03-30", 0, "2026-03-30", STATUS_OVERDUE, 365},
    /* anchor: the start date when there is no session */
    {"social-worker", "2026-03-02", NULL, NULL, "2026-03-02", 0, "2026-03-30", STATUS_OK, 0},
    {"social-worker", "2026-03-02", NULL, NULL, "2026-04-01", 0, "2026-03-30", STATUS_OVERDUE, 2},
    /* every role of the default policy */
    {"senior-practitioner", "2026-03-02", NULL, NULL, "2026-03-02", 0, "2026-03-30", STATUS_OK, 0},
    {"manager", "2026-03-02", NULL, NULL, "2026-03-02", 0, "2026-03-30", STATUS_OK, 0},
    {"service-manager", "2026-03-02", NULL, NULL, "2026-03-02", 0, "2026-03-30", STATUS_OK, 0},
    {"admin", "2026-03-02", NULL, NULL, "2026-03-02", 0, "2026-04-13", STATUS_OK, 0},
    {"admin", "2020-01-01", NULL, "2026-03-02", "2026-04-07", 0, "2026-04-13", STATUS_DUE_SOON, 0},
    {"residential", "2026-03-02", NULL, NULL, "2026-03-02", 0, "2026-04-02", STATUS_OK, 0},
    {"residential", "2026-01-31", NULL, NULL, "2026-01-31", 0, "2026-02-28", STATUS_OK, 0},
    {"residential", "2020-01-01", NULL, "2024-01-31", "2024-02-29", 0, "2024-02-29", STATUS_DUE_SOON, 0},
    {"residential", "2020-01-01", NULL, "2026-08-31", "2026-10-01", 0, "2026-09-30", STATUS_OVERDUE, 1},

    /* nqsw, start 2025-01-06: 6w is 2025-02-17, 52w is 2026-01-05 */
    {"nqsw", "2025-01-06", NULL, NULL, "2025-01-06", 0, "2025-01-13", STATUS_DUE_SOON, 0},
    {"nqsw", "2025-01-06", NULL, NULL, "2025-01-14", 0, "2025-01-13", STATUS_OVERDUE, 1},
    {"nqsw", "2025-01-06", NULL, "2025-01-20", "2025-01-20", 0, "2025-01-27", STATUS_DUE_SOON, 0},
    {"nqsw", "2025-01-06", NULL, "2025-02-16", "2025-02-16", 0, "2025-02-23", STATUS_DUE_SOON,
     0}, /* day before 6w: 1w */
    {"nqsw", "2025-01-06", NULL, "2025-02-16", "2025-02-25", 0, "2025-02-23", STATUS_OVERDUE,
     2},                                                                                     /* phase on A, not on D */
    {"nqsw", "2025-01-06", NULL, "2025-02-17", "2025-02-17", 0, "2025-03-03", STATUS_OK, 0}, /* at 6w: 2w */
    {"nqsw", "2025-01-06", NULL, "2025-02-17", "2025-02-25", 0, "2025-03-03", STATUS_DUE_SOON, 0},
    {"nqsw", "2025-01-06", NULL, "2026-01-04", "2026-01-04", 0, "2026-01-18", STATUS_OK, 0}, /* day before 52w: 2w */
    {"nqsw", "2025-01-06", NULL, "2026-01-04", "2026-01-21", 0, "2026-01-18", STATUS_OVERDUE, 3},
    {"nqsw", "2025-01-06", NULL, "2026-01-05", "2026-01-05", 0, "2026-02-02", STATUS_OK, 0}, /* at 52w: 4w */
    {"nqsw", "2025-01-06", NULL, "2026-05-21", "2026-05-21", 0, "2026-06-18", STATUS_OK, 0}, /* after */
    /* no session for a long time: the anchor is the start, in phase 1 */
    {"nqsw", "2025-01-06", NULL, NULL, "2025-06-01", 0, "2025-01-13", STATUS_OVERDUE, 139},

    /* part time, pro-rata */
    {"social-worker", "2020-01-01", "0.8", "2026-03-02", "2026-03-02", 0, "2026-04-06", STATUS_OK, 0},  /* 35d */
    {"social-worker", "2020-01-01", "0.6", "2026-03-02", "2026-03-02", 0, "2026-04-18", STATUS_OK, 0},  /* 47d */
    {"social-worker", "2020-01-01", "0.33", "2026-03-02", "2026-03-02", 0, "2026-05-26", STATUS_OK, 0}, /* 85d */
    {"social-worker", "2020-01-01", "0.5", "2026-03-02", "2026-03-02", 0, "2026-04-27", STATUS_OK, 0},  /* 56d */
    {"social-worker", "2020-01-01", "0.7", "2026-03-02", "2026-03-02", 0, "2026-04-11", STATUS_OK, 0},  /* 40d */
    {"social-worker", "2020-01-01", "1.0", "2026-03-02", "2026-03-02", 0, "2026-03-30", STATUS_OK, 0},
    {"social-worker", "2020-01-01", "0.8", "2026-03-02", "2026-04-07", 0, "2026-04-06", STATUS_OVERDUE, 1},
    {"social-worker", "2020-01-01", "0.8", "2026-03-02", "2026-03-30", 0, "2026-04-06", STATUS_DUE_SOON, 0},
    {"social-worker", "2020-01-01", "0.8", "2026-03-02", "2026-03-29", 0, "2026-04-06", STATUS_OK, 0},
    {"admin", "2020-01-01", "0.7", "2026-03-02", "2026-03-02", 0, "2026-05-01", STATUS_OK,
     0}, /* 6w/0.7 = 60d exactly */
    {"residential", "2020-01-01", "0.8", "2026-01-31", "2026-01-31", 0, "2026-03-31", STATUS_OK, 0},  /* 2m */
    {"residential", "2020-01-01", "0.6", "2026-01-31", "2026-01-31", 0, "2026-03-31", STATUS_OK, 0},  /* 2m */
    {"residential", "2020-01-01", "0.33", "2026-01-31", "2026-01-31", 0, "2026-05-31", STATUS_OK, 0}, /* 4m */
    {"residential", "2020-01-01", "0.2", "2026-01-31", "2026-01-31", 0, "2026-06-30", STATUS_OK, 0},  /* 5m, clamped */
    {"residential", "2020-01-01", "0.5", "2025-12-31", "2025-12-31", 0, "2026-02-28", STATUS_OK, 0},  /* 2m, clamped */
    {"nqsw", "2025-01-06", "0.5", "2025-02-16", "2025-02-16", 0, "2025-03-02", STATUS_OK, 0},         /* 1w -> 14d */
    {"nqsw", "2025-01-06", "0.5", "2025-02-17", "2025-02-17", 0, "2025-03-17", STATUS_OK,
     0}, /* 2w -> 28d; phases are not scaled */
    {"nqsw", "2025-01-06", "0.8", "2026-01-05", "2026-01-05", 0, "2026-02-09", STATUS_OK, 0}, /* 4w -> 35d */
    {"nqsw", "2025-01-06", "0.6", NULL, "2025-01-06", 0, "2025-01-18", STATUS_OK, 0},         /* 1w -> 12d */

    /* a policy without pro-rata */
    {"social-worker", "2020-01-01", "0.6", "2026-03-02", "2026-03-02", 1, "2026-03-30", STATUS_OK, 0},
    {"residential", "2020-01-01", "0.33", "2026-01-31", "2026-01-31", 1, "2026-02-28", STATUS_OK, 0},
    /* a policy with a 3-day due-soon window */
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-26", 2, "2026-03-30", STATUS_OK, 0},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-27", 2, "2026-03-30", STATUS_DUE_SOON, 0},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-30", 2, "2026-03-30", STATUS_DUE_SOON, 0},
    {"social-worker", "2020-01-01", NULL, "2026-03-02", "2026-03-31", 2, "2026-03-30", STATUS_OVERDUE, 1},
};

static void test_staff_due(void)
{
    for (size_t i = 0; i < sizeof staff_rows / sizeof staff_rows[0]; i++) {
        const StaffRow *t = &staff_rows[i];
        const Policy *p = &pol[t->pol];
        StaffFacts s = {0};
        s.role = policy_role(p, t->role, strlen(t->role));
        if (!s.role) {
            fprintf(stderr, "  row %zu: no role %s\n", i, t->role);
            CHECK(s.role != NULL);
            continue;
        }
        s.start = ymd(t->start);
        s.fte = FTE_FULL;
        if (t->fte) CHECK(fte_parse(t->fte, strlen(t->fte), &s.fte) == NULL);
        if (t->last) {
            s.has_last_individual = true;
            s.last_individual = ymd(t->last);
        }
        Date asof = ymd(t->asof);
        CHECK(staff_listed_on(&s, asof));
        DueResult out;
        memset(&out, 0x5a, sizeof out);
        staff_due(p, &s, asof, &out);
        char got[11], want[11];
        int before = test_checks_failed_in_fn;
        CHECK_STR(fmt(out.due, got), fmt(ymd(t->due), want));
        CHECK_STR(due_status_name(out.status), due_status_name(t->status));
        CHECK_INT(out.days_overdue, t->days_overdue);
        CHECK_INT(out.has_last, t->last != NULL);
        if (t->last && out.has_last) CHECK_INT(out.last, ymd(t->last));
        CHECK(memchr(out.rule, '\0', sizeof out.rule) != NULL);
        CHECK(out.rule[0] != '\0' && out.rule[0] != 0x5a);
        if (test_checks_failed_in_fn != before)
            fprintf(stderr, "  ^ staff row %zu: %s start %s fte %s last %s as of %s (policy %d); rule \"%.*s\"\n", i,
                    t->role, t->start, t->fte ? t->fte : "1", t->last ? t->last : "-", t->asof, t->pol,
                    (int)sizeof out.rule, out.rule);
    }
}

/* ---- cases ---- */

static void test_case_open(void)
{
    const Category *c = policy_category(base, "child-protection", 16);
    CHECK(c != NULL);
    CaseFacts k = {.category = c, .allocated = ymd("2026-03-02")};
    CHECK(!case_open_on(&k, ymd("2026-03-01"))); /* allocated after D */
    CHECK(case_open_on(&k, ymd("2026-03-02")));  /* allocated == D */
    CHECK(case_open_on(&k, ymd("2036-03-02")));
    k.has_closed = true;
    k.closed = ymd("2026-05-10");
    CHECK(case_open_on(&k, ymd("2026-05-09")));
    CHECK(!case_open_on(&k, ymd("2026-05-10"))); /* closed == D: closed */
    CHECK(!case_open_on(&k, ymd("2026-05-11")));
    CHECK(!case_open_on(&k, ymd("2026-03-01")));
    /* closed on the day it was allocated: never open */
    k.closed = k.allocated;
    CHECK(!case_open_on(&k, ymd("2026-03-02")));
}

typedef struct {
    const char *category;
    const char *allocated;
    const char *every;       /* the case's own, NULL if none */
    const char *last;        /* last discussed, NULL if never */
    const char *worker_last; /* the worker's last held individual session, NULL if none */
    const char *asof;
    int pol;
    const char *due;
    DueStatus status;
    int days_overdue;
    int every_session; /* 1: rule mentions every-session; 0: it must not; -1: don't care */
} CaseRow;

static const CaseRow case_rows[] = {
    /* anchor: allocated when never discussed */
    {"child-protection", "2026-01-10", NULL, NULL, NULL, "2026-02-01", 0, "2026-03-10", STATUS_OK, 0, 0},
    {"child-protection", "2026-01-10", NULL, NULL, NULL, "2026-01-10", 0, "2026-03-10", STATUS_OK, 0, 0},
    /* anchor: last discussed */
    {"child-protection", "2025-06-01", NULL, "2026-01-20", NULL, "2026-03-15", 0, "2026-03-20", STATUS_DUE_SOON, 0, 0},
    {"child-in-need", "2025-06-01", NULL, "2025-12-15", NULL, "2026-03-15", 0, "2026-03-15", STATUS_DUE_SOON, 0, 0},
    {"child-in-need", "2025-06-01", NULL, "2025-12-15", NULL, "2026-03-07", 0, "2026-03-15", STATUS_OK, 0, 0},
    {"child-in-need", "2025-06-01", NULL, "2025-12-15", NULL, "2026-03-08", 0, "2026-03-15", STATUS_DUE_SOON, 0, 0},
    {"child-in-need", "2025-06-01", NULL, "2025-12-15", NULL, "2026-03-16", 0, "2026-03-15", STATUS_OVERDUE, 1, 0},
    {"looked-after-stable", "2025-06-01", NULL, "2025-12-14", NULL, "2026-03-15", 0, "2026-03-14", STATUS_OVERDUE, 1,
     0},
    {"looked-after-stable", "2025-06-01", NULL, NULL, NULL, "2025-06-01", 0, "2025-09-01", STATUS_OK, 0, 0},
    /* every-case maximum only */
    {"looked-after", "2025-06-01", NULL, "2025-09-15", NULL, "2026-03-15", 0, "2026-03-15", STATUS_DUE_SOON, 0, 0},
    {"looked-after", "2025-06-01", NULL, NULL, NULL, "2025-06-01", 0, "2025-12-01", STATUS_OK, 0, 0},
    {"family-placement", "2025-06-01", NULL, "2025-09-01", NULL, "2026-03-15", 0, "2026-03-01", STATUS_OVERDUE, 14, 0},
    {"family-placement", "2025-06-01", NULL, NULL, NULL, "2026-01-01", 0, "2025-12-01", STATUS_OVERDUE, 31, 0},
    /* a worker's session not discussing the case matters only for every-session categories */
    {"child-protection", "2025-06-01", NULL, "2026-01-20", "2026-02-02", "2026-02-10", 0, "2026-03-20", STATUS_OK, 0,
     0},
    {"looked-after", "2025-06-01", NULL, NULL, "2025-06-10", "2025-07-01", 0, "2025-12-01", STATUS_OK, 0, 0},

    /* the case's own every: stricter wins */
    {"looked-after", "2025-06-01", "1m", "2026-02-10", NULL, "2026-03-15", 0, "2026-03-10", STATUS_OVERDUE, 5, 0},
    {"child-protection", "2025-06-01", "4w", "2026-02-01", NULL, "2026-03-15", 0, "2026-03-01", STATUS_OVERDUE, 14, 0},
    {"child-protection", "2025-06-01", "10d", "2026-03-10", NULL, "2026-03-15", 0, "2026-03-20", STATUS_DUE_SOON, 0, 0},
    {"family-placement", "2026-01-31", "1m", NULL, NULL, "2026-02-01", 0, "2026-02-28", STATUS_OK, 0, 0},
    {"child-in-need", "2025-06-01", "2w", "2026-03-01", NULL, "2026-03-15", 0, "2026-03-15", STATUS_DUE_SOON, 0, 0},
    /* looser: the category's interval or the every-case 6m still wins */
    {"child-in-need", "2025-06-01", "4m", "2026-01-15", NULL, "2026-03-15", 0, "2026-04-15", STATUS_OK, 0, 0},
    {"child-protection", "2025-06-01", "3m", "2026-01-20", NULL, "2026-03-15", 0, "2026-03-20", STATUS_DUE_SOON, 0, 0},
    {"looked-after", "2025-06-01", "9m", "2025-10-01", NULL, "2026-03-15", 0, "2026-04-01", STATUS_OK, 0, 0},
    {"looked-after", "2025-06-01", "12m", NULL, NULL, "2025-12-02", 0, "2025-12-01", STATUS_OVERDUE, 1, 0},
    {"family-placement", "2025-06-01", "52w", NULL, NULL, "2025-06-01", 0, "2025-12-01", STATUS_OK, 0, 0},
    {"child-protection", "2025-06-01", "365d", NULL, NULL, "2025-06-01", 0, "2025-08-01", STATUS_OK, 0, 0},

    /* month ends */
    {"child-protection", "2026-08-31", NULL, NULL, NULL, "2026-09-01", 0, "2026-10-31", STATUS_OK, 0, 0},
    {"child-protection", "2026-08-31", "1m", NULL, NULL, "2026-09-01", 0, "2026-09-30", STATUS_OK, 0, 0},
    {"looked-after", "2025-01-01", NULL, "2025-08-31", NULL, "2026-01-01", 0, "2026-02-28", STATUS_OK, 0, 0},
    {"child-in-need", "2026-05-31", NULL, NULL, NULL, "2026-05-31", 0, "2026-08-31", STATUS_OK, 0, 0},
    {"child-in-need", "2026-11-30", NULL, NULL, NULL, "2027-03-01", 0, "2027-02-28", STATUS_OVERDUE, 1, 0},
    /* leap years */
    {"looked-after", "2023-01-01", NULL, "2023-08-31", NULL, "2024-02-01", 0, "2024-02-29", STATUS_OK, 0, 0},
    {"child-in-need", "2023-01-01", NULL, "2023-11-30", NULL, "2024-02-29", 0, "2024-02-29", STATUS_DUE_SOON, 0, 0},
    {"child-protection", "2023-01-01", NULL, "2023-12-31", NULL, "2024-03-01", 0, "2024-02-29", STATUS_OVERDUE, 1, 0},
    {"child-protection", "2023-01-01", NULL, "2024-12-31", NULL, "2025-03-01", 0, "2025-02-28", STATUS_OVERDUE, 1, 0},
    {"looked-after", "2099-01-01", NULL, "2099-08-31", NULL, "2100-01-01", 0, "2100-02-28", STATUS_OK, 0, 0},
    {"looked-after", "1999-01-01", NULL, "1999-08-31", NULL, "2000-01-01", 0, "2000-02-29", STATUS_OK, 0, 0},

    /* residential: every session */
    /* no session of the worker since allocation: only the every-case 6m */
    {"residential", "2026-01-05", NULL, NULL, NULL, "2026-02-01", 0, "2026-07-05", STATUS_OK, 0, 0},
    /* a session that did not discuss it: due on the session's date ... */
    {"residential", "2026-01-05", NULL, NULL, "2026-02-02", "2026-02-02", 0, "2026-02-02", STATUS_DUE_SOON, 0, 1},
    /* ... overdue the day after */
    {"residential", "2026-01-05", NULL, NULL, "2026-02-02", "2026-02-03", 0, "2026-02-02", STATUS_OVERDUE, 1, 1},
    {"residential", "2026-01-05", NULL, NULL, "2026-02-02", "2026-03-04", 0, "2026-02-02", STATUS_OVERDUE, 30, 1},
    /* discussed on S's date: no candidate */
    {"residential", "2026-01-05", NULL, "2026-02-02", "2026-02-02", "2026-02-10", 0, "2026-08-02", STATUS_OK, 0, 0},
    /* discussed after S (in a group session, say): no candidate */
    {"residential", "2026-01-05", NULL, "2026-02-05", "2026-02-02", "2026-02-10", 0, "2026-08-05", STATUS_OK, 0, 0},
    /* discussed before S only: S is the due date */
    {"residential", "2026-01-05", NULL, "2026-01-20", "2026-02-02", "2026-02-10", 0, "2026-02-02", STATUS_OVERDUE, 8,
     1},
    {"residential", "2026-01-05", NULL, "2026-02-01", "2026-02-02", "2026-02-02", 0, "2026-02-02", STATUS_DUE_SOON, 0,
     1},
    /* S before the allocation: no candidate */
    {"residential", "2026-02-10", NULL, NULL, "2026-02-09", "2026-02-20", 0, "2026-08-10", STATUS_OK, 0, 0},
    {"residential", "2026-02-10", NULL, NULL, "2025-11-01", "2026-02-10", 0, "2026-08-10", STATUS_OK, 0, 0},
    /* S on the allocation date counts */
    {"residential", "2026-02-10", NULL, NULL, "2026-02-10", "2026-02-12", 0, "2026-02-10", STATUS_OVERDUE, 2, 1},
    {"residential", "2026-01-05", NULL, "2026-01-06", "2026-01-05", "2026-01-10", 0, "2026-07-06", STATUS_OK, 0, 0},
    /* the earliest candidate wins: the 6m came first */
    {"residential", "2024-06-01", NULL, "2025-01-01", "2025-08-01", "2025-08-10", 0, "2025-07-01", STATUS_OVERDUE, 40,
     0},
    /* the case's own every together with every session */
    {"residential", "2026-01-05", "1m", NULL, NULL, "2026-01-10", 0, "2026-02-05", STATUS_OK, 0, 0},
    {"residential", "2026-01-05", "1m", NULL, "2026-01-20", "2026-01-21", 0, "2026-01-20", STATUS_OVERDUE, 1, 1},
    {"residential", "2026-01-05", "2w", "2026-01-06", "2026-02-02", "2026-02-03", 0, "2026-01-20", STATUS_OVERDUE, 14,
     0},

    /* a policy with a 3-day due-soon window */
    {"child-in-need", "2025-06-01", NULL, "2025-12-15", NULL, "2026-03-11", 2, "2026-03-15", STATUS_OK, 0, 0},
    {"child-in-need", "2025-06-01", NULL, "2025-12-15", NULL, "2026-03-12", 2, "2026-03-15", STATUS_DUE_SOON, 0, 0},
    {"child-in-need", "2025-06-01", NULL, "2025-12-15", NULL, "2026-03-16", 2, "2026-03-15", STATUS_OVERDUE, 1, 0},
    /* cases are not pro-rata: the policy without pro-rata changes nothing */
    {"child-protection", "2025-06-01", NULL, "2026-01-20", NULL, "2026-03-15", 1, "2026-03-20", STATUS_DUE_SOON, 0, 0},
};

static void test_case_due(void)
{
    for (size_t i = 0; i < sizeof case_rows / sizeof case_rows[0]; i++) {
        const CaseRow *t = &case_rows[i];
        const Policy *p = &pol[t->pol];
        CaseFacts k = {0};
        k.category = policy_category(p, t->category, strlen(t->category));
        if (!k.category) {
            fprintf(stderr, "  row %zu: no category %s\n", i, t->category);
            CHECK(k.category != NULL);
            continue;
        }
        k.allocated = ymd(t->allocated);
        if (t->every) {
            k.has_every = true;
            k.every = iv_of(t->every);
        }
        if (t->last) {
            k.has_last_discussed = true;
            k.last_discussed = ymd(t->last);
        }
        if (t->worker_last) {
            k.has_worker_last_individual = true;
            k.worker_last_individual = ymd(t->worker_last);
        }
        Date asof = ymd(t->asof);
        CHECK(case_open_on(&k, asof));
        DueResult out;
        memset(&out, 0x5a, sizeof out);
        case_due(p, &k, asof, &out);
        char got[11], want[11];
        int before = test_checks_failed_in_fn;
        CHECK_STR(fmt(out.due, got), fmt(ymd(t->due), want));
        CHECK_STR(due_status_name(out.status), due_status_name(t->status));
        CHECK_INT(out.days_overdue, t->days_overdue);
        CHECK_INT(out.has_last, t->last != NULL);
        if (t->last && out.has_last) CHECK_INT(out.last, ymd(t->last));
        CHECK(memchr(out.rule, '\0', sizeof out.rule) != NULL);
        CHECK(out.rule[0] != '\0' && out.rule[0] != 0x5a);
        if (memchr(out.rule, '\0', sizeof out.rule)) {
            if (t->every_session == 1) CHECK_HAS(out.rule, "every-session");
            if (t->every_session == 0) CHECK(strstr(out.rule, "every-session") == NULL);
        }
        if (test_checks_failed_in_fn != before)
            fprintf(
                stderr,
                "  ^ case row %zu: %s allocated %s every %s last %s worker %s as of %s (policy %d); rule \"%.*s\"\n", i,
                t->category, t->allocated, t->every ? t->every : "-", t->last ? t->last : "-",
                t->worker_last ? t->worker_last : "-", t->asof, t->pol, (int)sizeof out.rule, out.rule);
    }
}

/* ---- supervision made in the application ---- */

/* An agreement in force replaces the role's interval only when it falls due
 * sooner; the rule reported is then the agreement's. */
static void test_agreement_stricter(void)
{
    const Policy *p = &pol[0];
    StaffFacts s = {.role = policy_role(p, "social-worker", 13), .start = ymd("2025-01-01"), .fte = FTE_FULL};
    s.has_last_individual = true, s.last_individual = ymd("2026-11-02");
    DueResult out;
    staff_due(p, &s, ymd("2026-11-20"), &out);
    CHECK_INT(out.due, ymd("2026-11-30")); /* role: every 4w */
    CHECK_INT(out.source, DUE_SOURCE_ROLE);
    s.has_agreement = true, s.agreement_every = iv_of("3w");
    staff_due(p, &s, ymd("2026-11-20"), &out);
    CHECK_INT(out.due, ymd("2026-11-23"));
    CHECK_STR(out.rule, "agreement every 3w");
    CHECK_INT(out.source, DUE_SOURCE_AGREEMENT);
    CHECK_INT(out.status, STATUS_DUE_SOON);
    staff_due(p, &s, ymd("2026-11-25"), &out);
    CHECK_INT(out.status, STATUS_OVERDUE);
    CHECK_INT(out.days_overdue, 2);
    /* Less often than the policy: the policy stands. */
    s.agreement_every = iv_of("6w");
    staff_due(p, &s, ymd("2026-11-20"), &out);
    CHECK_INT(out.due, ymd("2026-11-30"));
    CHECK_STR(out.rule, "role social-worker every 4w");
    /* Part time 0.8: 4w is 35 days, so an agreed 5 weeks is no stricter,
     * 4 weeks is. */
    CHECK(fte_parse("0.8", 3, &s.fte) == NULL);
    s.agreement_every = iv_of("5w");
    staff_due(p, &s, ymd("2026-11-20"), &out);
    CHECK_INT(out.due, ymd("2026-12-07"));
    CHECK_INT(out.source, DUE_SOURCE_ROLE);
    CHECK_INT(out.fte, s.fte);
    CHECK_INT(out.base.n, 4);
    s.agreement_every = iv_of("4w");
    staff_due(p, &s, ymd("2026-11-20"), &out);
    CHECK_INT(out.due, ymd("2026-11-30"));
    CHECK_STR(out.rule, "agreement every 4w");
}

/* An open allegation: due at the worker's next session; missed when a
 * session after it was raised passes the case by; the next booking or the
 * worker's own due date otherwise. */
static void test_concern_due(void)
{
    const Policy *p = &pol[0];
    ConcernFacts c = {.allegation = true, .raised = ymd("2026-11-01"), .worker_due = ymd("2026-11-28")};
    DueResult out;
    concern_due(p, &c, ymd("2026-11-10"), &out);
    CHECK_INT(out.due, ymd("2026-11-28")); /* nothing booked: when the worker is due */
    CHECK_STR(out.rule, "open allegation");
    CHECK_INT(out.source, DUE_SOURCE_CONCERN);
    c.has_next_booked = true, c.next_booked = ymd("2026-11-17");
    concern_due(p, &c, ymd("2026-11-10"), &out);
    CHECK_INT(out.due, ymd("2026-11-17")); /* the next session booked */
    CHECK_INT(out.status, STATUS_DUE_SOON);
    /* A session on the day it was raised is not after it. */
    c.has_worker_last_individual = true, c.worker_last_individual = ymd("2026-11-01");
    concern_due(p, &c, ymd("2026-11-10"), &out);
    CHECK_INT(out.due, ymd("2026-11-17"));
    /* A session after it that did not discuss the case: missed. */
    c.worker_last_individual = ymd("2026-11-05");
    concern_due(p, &c, ymd("2026-11-10"), &out);
    CHECK_INT(out.due, ymd("2026-11-05"));
    CHECK_INT(out.status, STATUS_OVERDUE);
    CHECK_INT(out.days_overdue, 5);
    CHECK_STR(out.rule, "open allegation (missed on 2026-11-05)");
    CHECK(out.has_missed && out.missed == ymd("2026-11-05"));
    /* Discussed at that session: due at the next one again. */
    c.has_last_discussed = true, c.last_discussed = ymd("2026-11-05");
    concern_due(p, &c, ymd("2026-11-10"), &out);
    CHECK_INT(out.due, ymd("2026-11-17"));
    CHECK(!out.has_missed);
    CHECK_INT(out.last, ymd("2026-11-05"));
    c.allegation = false;
    concern_due(p, &c, ymd("2026-11-10"), &out);
    CHECK_STR(out.rule, "open incident");
}

/* Each checklist topic at least every checklist-every: the topic covered
 * least recently sets the date. */
static void test_checklist_due(void)
{
    const Policy *p = &pol[0];
    const Category *cat = policy_category(p, "family-placement", 16);
    CHECK(cat && cat->has_checklist_every && cat->nchecklist == 7);
    if (!cat || cat->nchecklist != 7) return;
    CHECK_STR(cat->checklist_every.unit == UNIT_MONTH ? "1m" : "?", "1m");
    bool has[7] = {0};
    Date covered[7] = {0};
    ChecklistFacts c = {.category = cat, .since = ymd("2026-10-15"), .has_covered = has, .covered = covered};
    DueResult out;
    checklist_due(p, &c, ymd("2026-11-10"), &out);
    CHECK_INT(out.due, ymd("2026-11-15")); /* nothing covered: a month from since */
    CHECK(!out.has_last);
    CHECK_INT(out.status, STATUS_DUE_SOON);
    CHECK_HAS(out.rule, "checklist approval every 1m");
    for (int i = 0; i < 7; i++) has[i] = true, covered[i] = ymd("2026-11-01");
    covered[3] = ymd("2026-10-20"); /* household */
    checklist_due(p, &c, ymd("2026-11-25"), &out);
    CHECK_INT(out.due, ymd("2026-11-20"));
    CHECK_INT(out.status, STATUS_OVERDUE);
    CHECK_INT(out.days_overdue, 5);
    CHECK_INT(out.last, ymd("2026-10-20"));
    CHECK_HAS(out.rule, "checklist household every 1m");
    CHECK_INT(out.source, DUE_SOURCE_CHECKLIST);
}

static void test_status_names(void)
{
    CHECK_STR(due_status_name(STATUS_OK), "ok");
    CHECK_STR(due_status_name(STATUS_DUE_SOON), "due-soon");
    CHECK_STR(due_status_name(STATUS_OVERDUE), "overdue");
    DueStatus s;
    CHECK(due_status_parse("ok", &s) && s == STATUS_OK);
    CHECK(due_status_parse("due-soon", &s) && s == STATUS_DUE_SOON);
    CHECK(due_status_parse("overdue", &s) && s == STATUS_OVERDUE);
    CHECK(!due_status_parse("late", &s));
    CHECK(!due_status_parse("", &s));
    CHECK(!due_status_parse("OK", &s));
}

int main(void)
{
    char err[256] = "";
#ifdef TEST_INLINE_POLICY
    base = policy_parse(inline_policy, sizeof inline_policy - 1, "inline.policy", err, sizeof err);
#else
    (void)inline_policy;
    base = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
#endif
    if (!base) {
        fprintf(stderr, "policy_parse: %s\n", err);
        printf("not ok 1 - policy_parse\n1..1\n");
        return 1;
    }
    pol[0] = *base;
    pol[1] = *base;
    pol[1].pro_rata = false;
    pol[2] = *base;
    pol[2].due_soon_days = 3;

    RUN(test_default_policy);
    RUN(test_staff_listed);
    RUN(test_staff_due);
    RUN(test_case_open);
    RUN(test_case_due);
    RUN(test_status_names);
    RUN(test_agreement_stricter);
    RUN(test_concern_due);
#ifndef TEST_INLINE_POLICY /* the inline copy has no checklist */
    RUN(test_checklist_due);
#endif
    policy_free(base);
    TEST_DONE();
}
