/* test_view_person.c: one person (view_person.h): they, those above them
 * and auditors see their supervision, with its records, cancellations and
 * sessions; colleagues and other teams do not; an unknown id is not found. */
#include "svc/booking.h"
#include "svc/record.h"
#include "svc/view_person.h"
#include "view_fixture.h"

static int64_t book(const Viewer *v, const char *supervisee, const char *date)
{
    SvcActor a = as(v);
    SvcError e = {0};
    BookingInput in = {.supervisee_ref = ref_of(supervisee),
                       .date = date,
                       .start_time = "10:00",
                       .minutes = "",
                       .place = "Room 2"};
    int64_t ref = 0;
    char warning[300];
    CHECK_INT(booking_add(st, &a, &in, &ref, warning, sizeof warning, &e), SVC_OK);
    return ref;
}

/* W1's history beyond S1: a record (a session held through Oversight)
 * and a cancelled one. */
static void history(void)
{
    SvcActor m1 = as(&v_m1);
    SvcError e = {0};
    int64_t cancelled = book(&v_m1, "W1", "2026-12-01");
    CHECK_INT(booking_cancel(st, &m1, cancelled, "Court hearing", &e), SVC_OK);
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book(&v_m1, "W1", "2026-11-20"), &record, &e), SVC_OK);
}

static void test_person_in_scope(Store *s)
{
    organisation(s);
    history();
    const Viewer *allowed[] = {&v_w1, &v_m1, &v_l1, &v_senior, &v_auditor};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        SvcActor a = as(allowed[i]);
        PersonView p;
        CHECK_INT(view_person(st, &a, "W1", 200, &p), SVC_OK);
        CHECK_STR(p.id, "W1");
        CHECK_STR(p.name, "Wyn Worker");
        CHECK_STR(p.role, "social-worker");
        CHECK_STR(p.team, "Team A");
        CHECK_STR(p.supervisor_id, "M1");
        CHECK_STR(p.supervisor_name, "Mo Manager");
        CHECK_STR(p.line_manager_id, "M1");
        CHECK_STR(p.start_date, "2021-01-01");
        CHECK_STR(p.left_date, "");
        CHECK(has_row(&p.due, DUE_KIND_STAFF, "W1"));
        CHECK(has_row(&p.due, DUE_KIND_CASE, "C1"));
        CHECK(!has_row(&p.due, DUE_KIND_CASE, "C3"));
        CHECK_INT(p.nrecords, 1);
        if (p.nrecords) {
            CHECK_STR(p.records[0].date, "2026-11-20");
            CHECK_STR(p.records[0].state, "draft");
            CHECK_INT(p.records[0].version, 1);
            CHECK_STR(p.records[0].supervisor_name, "Mo Manager");
        }
        CHECK_INT(p.ncancellations, 1);
        if (p.ncancellations) {
            CHECK_STR(p.cancellations[0].date, "2026-12-01");
            CHECK_STR(p.cancellations[0].by_name, "Mo Manager");
            CHECK_STR(p.cancellations[0].reason, "Court hearing");
        }
        /* Newest first: the cancelled one, the one held for the record, S1. */
        CHECK_INT(p.sessions.n, 3);
        if (p.sessions.n == 3) {
            CHECK_STR(p.sessions.entries[0].date, "2026-12-01");
            CHECK_STR(p.sessions.entries[0].status, "cancelled");
            CHECK_STR(p.sessions.entries[1].date, "2026-11-20");
            CHECK_STR(p.sessions.entries[2].session, "S1");
        }
        view_person_free(&p);
    }
    /* As the API asks: the limit holds for each list. */
    SvcActor a = as(&v_m1);
    PersonView p;
    CHECK_INT(view_person(st, &a, "W1", 1, &p), SVC_OK);
    CHECK_INT(p.sessions.n, 1);
    CHECK_INT(p.sessions.limit, 1);
    view_person_free(&p);
}

static void test_person_out_of_scope(Store *s)
{
    organisation(s);
    history(); /* refused with a history to see, not for want of one */
    const Viewer *refused[] = {&v_w2, &v_x1, &v_unlinked};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        SvcActor a = as(refused[i]);
        PersonView p;
        CHECK_INT(view_person(st, &a, "W1", 200, &p), SVC_REFUSED);
    }
    /* Nor upwards: a worker does not read their manager's supervision. */
    SvcActor a = as(&v_w1);
    PersonView p;
    CHECK_INT(view_person(st, &a, "M1", 200, &p), SVC_REFUSED);
}

static void test_person_not_found(Store *s)
{
    organisation(s);
    SvcActor a = as(&v_auditor);
    PersonView p;
    CHECK_INT(view_person(st, &a, "NOBODY", 200, &p), SVC_NOT_FOUND);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_person_in_scope);
    RUN_STORES(test_person_out_of_scope);
    RUN_STORES(test_person_not_found);
    fixture_done();
    TEST_DONE();
}
