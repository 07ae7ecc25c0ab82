/* test_view_team.c: a team (view_team.h): its manager, those above the
 * manager, its service's senior managers and auditors see it; its members
 * and other teams do not; a team that does not exist is not found. */
#include "svc/booking.h"
#include "svc/record.h"
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

/* A session held in the application whose record is not sent: the team's
 * due list shows the member still due from before, held with the record
 * not sent, and the record to send; once sent, the figure moves. */
static void test_team_held_unsent(Store *s)
{
    organisation(s);
    SvcActor m1 = as(&v_m1);
    SvcError e = {0};
    char warning[300];
    BookingInput in = {.supervisee_ref = ref_of("W2"), .date = "2026-11-20", .start_time = "10:00", .place = "Room 2"};
    int64_t booking = 0, record = 0;
    CHECK_INT(booking_add(st, &m1, &in, &booking, warning, sizeof warning, &e), SVC_OK);
    CHECK_INT(record_start(st, &m1, booking, &record, &e), SVC_OK);
    TeamView t;
    CHECK_INT(view_team(st, &m1, "Team A", &t), SVC_OK);
    DueList l;
    CHECK_INT(view_due(st, &m1, &t.due, &l), SVC_OK);
    bool staff = false, listed = false;
    for (size_t i = 0; i < l.n; i++) {
        const DueRow *row = &l.rows[i];
        if (row->kind == DUE_KIND_STAFF && strcmp(row->id, "W2") == 0)
            staff = !row->r.has_last && row->r.status == STATUS_OVERDUE && row->has_unsent &&
                    row->unsent == date_from_ymd(2026, 11, 20);
        if (row->kind == DUE_KIND_RECORD && strcmp(row->name, "Wren Worker") == 0) listed = true;
        CHECK(row->kind != DUE_KIND_LATE_ENTRY); /* booked three days late, but it counts for nothing yet */
    }
    CHECK(staff);
    CHECK(listed);
    due_list_free(&l);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(view_due(st, &m1, &t.due, &l), SVC_OK);
    staff = listed = false;
    for (size_t i = 0; i < l.n; i++) {
        const DueRow *row = &l.rows[i];
        if (row->kind == DUE_KIND_STAFF && strcmp(row->id, "W2") == 0)
            staff = row->r.has_last && row->r.last == date_from_ymd(2026, 11, 20) && !row->has_unsent;
        if (row->kind == DUE_KIND_LATE_ENTRY && strcmp(row->id, "W2") == 0) listed = row->r.days_overdue == 3;
        CHECK(row->kind != DUE_KIND_RECORD);
    }
    CHECK(staff);
    CHECK(listed);
    due_list_free(&l);
    view_team_free(&t);
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
    RUN_STORES(test_team_held_unsent);
    RUN_STORES(test_team_out_of_scope);
    RUN_STORES(test_team_not_found);
    fixture_done();
    TEST_DONE();
}
