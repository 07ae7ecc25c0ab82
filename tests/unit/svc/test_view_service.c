/* test_view_service.c: the services and a service's figures
 * (view_service.h): auditors see every service, senior managers theirs,
 * nobody else any; a service that does not exist is not found. */
#include "svc/view_service.h"
#include "view_fixture.h"

static void test_services_in_scope(Store *s)
{
    organisation(s);
    SvcActor a = as(&v_senior);
    ServiceList l;
    CHECK_INT(view_services(st, &a, &l), SVC_OK);
    CHECK_INT(l.n, 1);
    if (l.n) {
        CHECK_STR(l.services[0].name, "Children");
        CHECK_INT(l.services[0].teams, 1);
    }
    view_services_free(&l);
    a = as(&v_auditor);
    CHECK_INT(view_services(st, &a, &l), SVC_OK);
    CHECK_INT(l.n, 2);
    if (l.n == 2) {
        CHECK_STR(l.services[0].name, "Adults");
        CHECK_STR(l.services[1].name, "Children");
    }
    view_services_free(&l);
}

static void test_services_out_of_scope(Store *s)
{
    organisation(s);
    const Viewer *refused[] = {&v_m1, &v_l1, &v_w1, &v_unlinked};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        SvcActor a = as(refused[i]);
        ServiceList l;
        CHECK_INT(view_services(st, &a, &l), SVC_REFUSED);
    }
}

static void test_service_in_scope(Store *s)
{
    organisation(s);
    const Viewer *allowed[] = {&v_senior, &v_auditor};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        SvcActor a = as(allowed[i]);
        ServiceView v;
        CHECK_INT(view_service(st, &a, "Children", &v), SVC_OK);
        CHECK_STR(v.name, "Children");
        CHECK_INT(v.nteams, 1);
        if (v.nteams) {
            const ServiceTeam *t = &v.teams[0];
            CHECK_STR(t->name, "Team A");
            CHECK_STR(t->manager_id, "M1");
            CHECK_STR(t->manager_name, "Mo Manager");
            CHECK_INT(t->staff, 3); /* M1, W1, W2 */
            CHECK_INT(t->staff_ok + t->staff_over, t->staff);
            CHECK_INT(t->cases, 3); /* C1, C2, C3; C4 is closed */
            CHECK_INT(t->cases_ok + t->cases_over, t->cases);
        }
        CHECK(has_row(&v.due, DUE_KIND_STAFF, "W1"));
        CHECK(!has_row(&v.due, DUE_KIND_STAFF, "X1"));
        view_service_free(&v);
    }
}

static void test_service_out_of_scope(Store *s)
{
    organisation(s);
    SvcActor a = as(&v_senior);
    ServiceView v;
    CHECK_INT(view_service(st, &a, "Adults", &v), SVC_REFUSED);
    /* Refused before looking: a senior manager does not learn which
     * other services exist. */
    CHECK_INT(view_service(st, &a, "No Such Service", &v), SVC_REFUSED);
    const Viewer *refused[] = {&v_m1, &v_l1, &v_unlinked};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        a = as(refused[i]);
        CHECK_INT(view_service(st, &a, "Children", &v), SVC_REFUSED);
    }
}

static void test_service_not_found(Store *s)
{
    organisation(s);
    SvcActor a = as(&v_auditor);
    ServiceView v;
    CHECK_INT(view_service(st, &a, "No Such Service", &v), SVC_NOT_FOUND);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_services_in_scope);
    RUN_STORES(test_services_out_of_scope);
    RUN_STORES(test_service_in_scope);
    RUN_STORES(test_service_out_of_scope);
    RUN_STORES(test_service_not_found);
    fixture_done();
    TEST_DONE();
}
