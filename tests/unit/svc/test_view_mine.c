/* test_view_mine.c: My supervision and My team (view_mine.h): each
 * person's own, nobody else's; nothing for an account with no staff
 * record. */
#include "svc/view_mine.h"
#include "view_fixture.h"

static void test_mine_is_my_own(Store *s)
{
    organisation(s);
    SvcActor a = as(&v_w1);
    MyView my;
    CHECK_INT(view_mine(st, &a, 10, &my), SVC_OK);
    CHECK_STR(my.id, "W1");
    CHECK_STR(my.name, "Wyn Worker");
    CHECK(has_row(&my.due, DUE_KIND_STAFF, "W1"));
    CHECK(has_row(&my.due, DUE_KIND_CASE, "C1"));
    CHECK(has_row(&my.due, DUE_KIND_CASE, "C2"));
    CHECK(!has_row(&my.due, DUE_KIND_CASE, "C4")); /* closed */
    CHECK(!has_row(&my.due, DUE_KIND_CASE, "C3")); /* W2's */
    CHECK(!has_row(&my.due, DUE_KIND_STAFF, "W2"));
    CHECK_INT(my.sessions.n, 1);
    if (my.sessions.n) {
        CHECK_STR(my.sessions.entries[0].session, "S1");
        CHECK_STR(my.sessions.entries[0].date, "2026-10-01");
        CHECK_STR(my.sessions.entries[0].supervisor_id, "M1");
        CHECK_STR(my.sessions.entries[0].supervisor_name, "Mo Manager");
    }
    view_mine_free(&my);
    /* The due list alone, as the API asks for it. */
    CHECK_INT(view_mine(st, &a, 0, &my), SVC_OK);
    CHECK_INT(my.sessions.n, 0);
    CHECK(has_row(&my.due, DUE_KIND_STAFF, "W1"));
    view_mine_free(&my);
    /* Someone else's own list holds none of W1's. */
    a = as(&v_w2);
    CHECK_INT(view_mine(st, &a, 10, &my), SVC_OK);
    CHECK(has_row(&my.due, DUE_KIND_CASE, "C3"));
    CHECK(!has_row(&my.due, DUE_KIND_CASE, "C1"));
    CHECK_INT(my.sessions.n, 0);
    view_mine_free(&my);
}

static void test_mine_needs_a_staff_record(Store *s)
{
    organisation(s);
    MyView my;
    SvcActor a = as(&v_unlinked);
    CHECK_INT(view_mine(st, &a, 10, &my), SVC_NOT_FOUND);
    a = as(&v_auditor); /* sees everything, but has no supervision of their own */
    CHECK_INT(view_mine(st, &a, 10, &my), SVC_NOT_FOUND);
    MyTeamView t;
    CHECK_INT(view_my_team(st, &a, &t), SVC_NOT_FOUND);
}

static void test_my_team(Store *s)
{
    organisation(s);
    SvcActor a = as(&v_m1);
    MyTeamView t;
    CHECK_INT(view_my_team(st, &a, &t), SVC_OK);
    CHECK_STR(t.id, "M1");
    CHECK(t.manages);
    DueList l;
    CHECK_INT(view_due(st, &a, &t.due, &l), SVC_OK);
    CHECK(has_row(&l, DUE_KIND_STAFF, "W1"));
    CHECK(has_row(&l, DUE_KIND_STAFF, "W2"));
    CHECK(has_row(&l, DUE_KIND_CASE, "C3"));
    CHECK(!has_row(&l, DUE_KIND_STAFF, "M1")); /* not themselves */
    CHECK(!has_row(&l, DUE_KIND_STAFF, "X1"));
    due_list_free(&l);
    view_my_team_free(&t);
    /* A worker manages nobody: an empty list, not someone else's. */
    a = as(&v_w1);
    CHECK_INT(view_my_team(st, &a, &t), SVC_OK);
    CHECK(!t.manages);
    CHECK_INT(view_due(st, &a, &t.due, &l), SVC_OK);
    CHECK_INT(l.n, 0);
    due_list_free(&l);
    view_my_team_free(&t);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_mine_is_my_own);
    RUN_STORES(test_mine_needs_a_staff_record);
    RUN_STORES(test_my_team);
    fixture_done();
    TEST_DONE();
}
