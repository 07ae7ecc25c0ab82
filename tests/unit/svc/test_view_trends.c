/* test_view_trends.c: compliance over time (view_trends.h) against
 * hand-built facts: each month end applies the due rules to the facts as
 * they stood then (sessions up to then, people in post, cases open), the
 * current month stops at today, each figure's list is as long as the
 * figure, and only those who may see the service, team or person may see
 * its trends. Today is 2026-11-23 (view_fixture.h). */
#include "svc/view_trends.h"
#include "view_fixture.h"

/* Beside the fixture's organisation (see view_fixture.h), in Team A:
 *   K1, a social worker (every 4 weeks), supervised on 2026-08-20 only: due
 *       2026-09-17, so within policy at the end of August, overdue at the
 *       end of September and after;
 *   K2, who left on 2026-09-15: in post at the end of August only;
 *   C9, K1's child protection case (every 2 months), opened on 2026-09-25
 *       and never discussed: due 2026-11-25, within policy today
 *       (2026-11-23) though it would not be at the month's last day;
 *   S8, K1's session on 2026-10-05, cancelled. */
static void more(Store *s)
{
    organisation(s);
    fixture_import(IMPORT_STAFF, "staff.csv",
                   FIXTURE_STAFF_CSV "K1,Kit Keen,social-worker,Team A,M1,M1,2021-01-01,\n"
                                     "K2,Kai Gone,social-worker,Team A,M1,M1,2021-01-01,2026-09-15\n");
    fixture_import(IMPORT_CASES, "cases.csv",
                   "id,category,worker,allocated_date,closed_date\n"
                   "C1,child-protection,W1,2026-01-01,\nC2,family-placement,W1,2026-01-01,\n"
                   "C3,child-in-need,W2,2026-01-01,\nC4,child-in-need,W1,2025-01-01,2026-06-01\n"
                   "C9,child-protection,K1,2026-09-25,\n");
    fixture_import(IMPORT_SESSIONS, "sessions.csv",
                   "id,date,supervisor,supervisee,status\nS1,2026-10-01,M1,W1,held\nS7,2026-08-20,M1,K1,held\n"
                   "S8,2026-10-05,M1,K1,cancelled\n");
    fixture_import(IMPORT_DISCUSSIONS, "discussions.csv", "session,case\nS1,C1\n");
}

static bool listed(const TrendsView *v, const char *id)
{
    for (size_t i = 0; i < v->nitems; i++)
        if (strcmp(v->items[i].id, id) == 0) return true;
    return false;
}

static void test_month_ends(Store *s)
{
    more(s);
    SvcActor a = as(&v_senior);
    TrendsView v;
    CHECK_INT(view_trends(st, &a, TRENDS_SERVICE, "Children", date_from_ymd(2026, 8, 1), date_from_ymd(2026, 11, 1),
                          &v),
              SVC_OK);
    CHECK_INT(v.n, 4);
    if (v.n == 4) {
        CHECK_STR(v.months[0].month, "2026-08");
        CHECK_INT(v.months[0].end, date_from_ymd(2026, 8, 31));
        CHECK_INT(v.months[3].end, today); /* the current month stops at today */
        /* M1, W1, W2, K1 and K2 in August; K2 left in September. */
        CHECK_INT(v.months[0].staff.all, 5);
        CHECK_INT(v.months[1].staff.all, 4);
        /* C1 to C3; C9 from September (C4 closed in June). */
        CHECK_INT(v.months[0].cases.all, 3);
        CHECK_INT(v.months[1].cases.all, 4);
        CHECK_INT(v.months[3].cases.all, 4);
        CHECK_INT(v.months[2].cancelled, 1);
        CHECK_INT(v.months[2].cancelled_unknown, 1); /* imported: who cancelled is not known */
        CHECK_INT(v.months[2].held, 1);              /* S1 */
        CHECK_INT(v.months[0].held, 1);              /* S7 */
        long cp = 0;
        for (size_t i = 0; i < v.ncategories; i++)
            if (strcmp(v.categories[i], "Child protection plan") == 0) cp = v.months[1].by_category[i].all;
        CHECK_INT(cp, 2); /* C1 and C9 */
    }
    view_trends_free(&v);
    /* K1: within policy at the end of August, overdue at the end of September. */
    CHECK_INT(view_trends_list(st, &a, TRENDS_SERVICE, "Children", date_from_ymd(2026, 8, 1), TL_STAFF_OVERDUE, &v),
              SVC_OK);
    CHECK(!listed(&v, "K1"));
    CHECK_INT(v.nitems, (size_t)(v.months[0].staff.all - v.months[0].staff.ok));
    view_trends_free(&v);
    CHECK_INT(view_trends_list(st, &a, TRENDS_SERVICE, "Children", date_from_ymd(2026, 9, 1), TL_STAFF_OVERDUE, &v),
              SVC_OK);
    CHECK(listed(&v, "K1"));
    CHECK(!listed(&v, "K2")); /* gone */
    CHECK_INT(v.nitems, (size_t)(v.months[0].staff.all - v.months[0].staff.ok));
    view_trends_free(&v);
    /* C9 is within policy today, this month. */
    CHECK_INT(view_trends_list(st, &a, TRENDS_SERVICE, "Children", date_from_ymd(2026, 11, 1), TL_CASES_OVERDUE, &v),
              SVC_OK);
    CHECK(!listed(&v, "C9"));
    CHECK_INT(v.nitems, (size_t)(v.months[0].cases.all - v.months[0].cases.ok));
    view_trends_free(&v);
    /* The cancelled session, in October's list. */
    CHECK_INT(view_trends_list(st, &a, TRENDS_SERVICE, "Children", date_from_ymd(2026, 10, 1), TL_CANCELLED, &v),
              SVC_OK);
    CHECK(listed(&v, "S8"));
    CHECK_INT(v.nitems, 1);
    view_trends_free(&v);
    /* Today's month is today's due list. */
    TrendsView t;
    CHECK_INT(view_trends(st, &a, TRENDS_TEAM, "Team A", date_from_ymd(2026, 11, 1), date_from_ymd(2026, 11, 1), &t),
              SVC_OK);
    DueFilter f = {.asof = today, .team = "Team A"};
    DueList l;
    CHECK_INT(view_due(st, &a, &f, &l), SVC_OK);
    long staff = 0, staff_ok = 0, cases = 0, cases_ok = 0;
    for (size_t i = 0; i < l.n; i++) {
        bool ok = l.rows[i].r.status != STATUS_OVERDUE;
        if (l.rows[i].kind == DUE_KIND_STAFF) staff++, staff_ok += ok;
        if (l.rows[i].kind == DUE_KIND_CASE) cases++, cases_ok += ok;
    }
    if (t.n == 1) {
        CHECK_INT(t.months[0].staff.all, staff);
        CHECK_INT(t.months[0].staff.ok, staff_ok);
        CHECK_INT(t.months[0].cases.all, cases);
        CHECK_INT(t.months[0].cases.ok, cases_ok);
    }
    due_list_free(&l);
    view_trends_free(&t);
}

static void test_person(Store *s)
{
    more(s);
    SvcActor a = as(&v_m1);
    TrendsView v;
    CHECK_INT(view_trends(st, &a, TRENDS_PERSON, "K2", date_from_ymd(2026, 8, 1), date_from_ymd(2026, 10, 1), &v),
              SVC_OK);
    CHECK_STR(v.title, "Kai Gone");
    if (v.n == 3) {
        CHECK_INT(v.months[0].staff.all, 1);
        CHECK_INT(v.months[1].staff.all, 0); /* left */
    }
    view_trends_free(&v);
}

static void test_access(Store *s)
{
    more(s);
    TrendsView v;
    Date m = date_from_ymd(2026, 11, 1);
    SvcActor a = as(&v_w1);
    CHECK_INT(view_trends(st, &a, TRENDS_SERVICE, "Children", m, m, &v), SVC_REFUSED);
    CHECK_INT(view_trends(st, &a, TRENDS_TEAM, "Team A", m, m, &v), SVC_REFUSED);
    CHECK_INT(view_trends_list(st, &a, TRENDS_SERVICE, "Children", m, TL_CASES_OVERDUE, &v), SVC_REFUSED);
    CHECK_INT(view_trends(st, &a, TRENDS_PERSON, "W2", m, m, &v), SVC_REFUSED);
    CHECK_INT(view_trends(st, &a, TRENDS_PERSON, "W1", m, m, &v), SVC_OK); /* their own */
    view_trends_free(&v);
    a = as(&v_senior);
    CHECK_INT(view_trends(st, &a, TRENDS_SERVICE, "Adults", m, m, &v), SVC_REFUSED);
    a = as(&v_x1);
    CHECK_INT(view_trends(st, &a, TRENDS_TEAM, "Team A", m, m, &v), SVC_REFUSED);
    a = as(&v_m1);
    CHECK_INT(view_trends(st, &a, TRENDS_TEAM, "Team A", m, m, &v), SVC_OK);
    view_trends_free(&v);
    a = as(&v_auditor);
    CHECK_INT(view_trends(st, &a, TRENDS_SERVICE, "Adults", m, m, &v), SVC_OK);
    view_trends_free(&v);
    CHECK_INT(view_trends(st, &a, TRENDS_SERVICE, "No Such Service", m, m, &v), SVC_NOT_FOUND);
}

static void test_period(void)
{
    Date first, last;
    SvcError e = {0};
    CHECK_INT(trends_period(NULL, NULL, today, &first, &last, &e), SVC_OK);
    CHECK_INT(first, date_from_ymd(2025, 12, 1));
    CHECK_INT(last, date_from_ymd(2026, 11, 1));
    CHECK_INT(trends_period("2026-03", "2026-05", today, &first, &last, &e), SVC_OK);
    CHECK_INT(first, date_from_ymd(2026, 3, 1));
    CHECK_INT(last, date_from_ymd(2026, 5, 1));
    const struct {
        const char *from, *to, *field;
    } bad[] = {{"2026-13", NULL, "from"}, {"26-01", NULL, "from"},        {NULL, "2026-12", "to"},
               {NULL, "soon", "to"},      {"2026-06", "2026-05", "from"}, {"2023-01", NULL, "from"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        e = (SvcError){0};
        CHECK_INT(trends_period(bad[i].from, bad[i].to, today, &first, &last, &e), SVC_INVALID);
        CHECK_STR(e.field, bad[i].field);
    }
    TrendList l;
    CHECK(trends_list_parse("cases-overdue", &l) && l == TL_CASES_OVERDUE);
    CHECK(!trends_list_parse("cases", &l));
}

int main(void)
{
    if (!fixture_init()) return 1;
    test_period();
    RUN_STORES(test_month_ends);
    RUN_STORES(test_person);
    RUN_STORES(test_access);
    fixture_done();
    TEST_DONE();
}
