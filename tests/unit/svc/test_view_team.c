/* test_view_team.c: a team (view_team.h): its manager, those above the
 * manager, its service's senior managers and auditors see it; its members
 * and other teams do not; a team that does not exist is not found. */
#include "svc/view_team.h"
#include "view_fixture.h"

static void test_team_in_scope(Store *s)
{
    organisation(s);
    const Viewer *allowed[] = {&v_m1, &v_l1, &v_senior, &v_auditor};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        SvcActor a = as(allowed[i]);
        TeamView t;
        CHECK_INT(view_team(st, &a, "Team A", &t), SVC_OK);
        CHECK_STR(t.name, "Team A");
        CHECK_STR(t.service, "Children");
        CHECK_STR(t.manager_id, "M1");
        CHECK_STR(t.manager_name, "Mo Manager");
        /* Only those who may see the service are offered it. */
        CHECK_INT(t.service_open, allowed[i] == &v_senior || allowed[i] == &v_auditor);
        DueList l;
        CHECK_INT(view_due(st, &a, &t.due, &l), SVC_OK);
        CHECK(has_row(&l, DUE_KIND_STAFF, "W1"));
        CHECK(has_row(&l, DUE_KIND_STAFF, "M1"));
        CHECK(has_row(&l, DUE_KIND_CASE, "C3"));
        CHECK(!has_row(&l, DUE_KIND_STAFF, "X1"));
        due_list_free(&l);
        view_team_free(&t);
    }
}

static void test_team_out_of_scope(Store *s)
{
    organisation(s);
    const Viewer *refused[] = {&v_w1, &v_x1, &v_unlinked};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        SvcActor a = as(refused[i]);
        TeamView t;
        CHECK_INT(view_team(st, &a, "Team A", &t), SVC_REFUSED);
    }
    /* The senior manager of Children is not of Adults. */
    SvcActor a = as(&v_senior);
    TeamView t;
    CHECK_INT(view_team(st, &a, "Team B", &t), SVC_REFUSED);
}

static void test_team_not_found(Store *s)
{
    organisation(s);
    SvcActor a = as(&v_auditor);
    TeamView t;
    CHECK_INT(view_team(st, &a, "No Such Team", &t), SVC_NOT_FOUND);
    CHECK_INT(view_team(st, &a, "", &t), SVC_NOT_FOUND);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_team_in_scope);
    RUN_STORES(test_team_out_of_scope);
    RUN_STORES(test_team_not_found);
    fixture_done();
    TEST_DONE();
}
