/* test_choices.c: the lists a form offers (choices.h). Each way a person
 * comes into a manager's group session (supervised, line-managed, in a team
 * they manage) is found on its own, and nobody else is offered: not the
 * viewer, not a leaver, not another team. */
#include "svc/choices.h"
#include "view_fixture.h"

/* The fixture's organisation, with people who come in by one way only. */
static void more_people(Store *s)
{
    organisation(s);
    fixture_import(IMPORT_STAFF, "staff.csv",
                   FIXTURE_STAFF_CSV "Y1,Yan Teamed,social-worker,Team B,S9,S9,2021-01-01,\n"
                                     "Z1,Zed Lined,social-worker,Directorate,S9,L1,2021-01-01,\n"
                                     "Q1,Quin Supervised,social-worker,Directorate,L1,S9,2021-01-01,\n"
                                     "G1,Gone Leaver,social-worker,Team B,L1,L1,2021-01-01,2026-10-01\n");
}

static bool offered(const Choices *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i].id, id) == 0) return true;
    return false;
}

static void test_group_attendees(Store *s)
{
    more_people(s);
    Viewer l1 = viewer_of("L1");
    SvcActor a = as(&l1);
    Choices c;
    CHECK_INT(choices_group_attendees(st, &a, &c), SVC_OK);
    CHECK(offered(&c, "Q1")); /* supervised only */
    CHECK(offered(&c, "Z1")); /* line-managed only */
    CHECK(offered(&c, "Y1")); /* in the team L1 manages only */
    CHECK(offered(&c, "X1")); /* all three */
    CHECK(offered(&c, "M1"));
    CHECK(!offered(&c, "L1")); /* not the leader */
    CHECK(!offered(&c, "G1")); /* left before today */
    CHECK(!offered(&c, "W1")); /* supervised by M1, in M1's team */
    CHECK_INT(c.n, 5);
    /* By name: Mo, Quin, Xan, Yan, Zed. */
    CHECK_STR(c.items[0].label, "Mo Manager");
    CHECK_STR(c.items[4].label, "Zed Lined");
    choices_free(&c);
}

static void test_informal_cases(Store *s)
{
    organisation(s);
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), l1 = as(&v_l1);
    Choices c;
    CHECK_INT(choices_informal_cases(st, &m1, &c), SVC_OK); /* their supervisees' open cases */
    CHECK(offered(&c, "C1") && offered(&c, "C2") && offered(&c, "C3") && !offered(&c, "C4"));
    CHECK_INT(c.n, 3);
    choices_free(&c);
    CHECK_INT(choices_informal_cases(st, &w1, &c), SVC_OK); /* their own */
    CHECK(offered(&c, "C1") && offered(&c, "C2") && !offered(&c, "C3"));
    CHECK_INT(c.n, 2);
    choices_free(&c);
    CHECK_INT(choices_informal_cases(st, &l1, &c), SVC_OK); /* the supervisees' supervisees' are not theirs */
    CHECK_INT(c.n, 0);
    choices_free(&c);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_group_attendees);
    RUN_STORES(test_informal_cases);
    fixture_done();
    TEST_DONE();
}
