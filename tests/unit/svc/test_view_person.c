/* test_view_person.c: one person (view_person.h): they, those above them
 * and auditors see their supervision, with its records, cancellations and
 * sessions; colleagues and other teams do not; an unknown id is not found. */
#include "svc/agreement.h"
#include "svc/due.h"
#include "svc/booking.h"
#include "svc/concern.h"
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

/* The row of kind and id in a person's due list, or NULL. */
static const DueRow *row_of(const PersonView *p, DueKind kind, const char *id)
{
    for (size_t i = 0; i < p->due.n; i++)
        if (p->due.rows[i].kind == kind && strncmp(p->due.rows[i].id, id, strlen(id)) == 0) return &p->due.rows[i];
    return NULL;
}

/* Supervision made in the application counts once its record is sent, from
 * the session's date; a session booked after its date is a late entry; an
 * unsent draft falls due sign-within after the session; an agreed stricter
 * frequency is the rule; an open allegation is due at the next session. */
static void test_app_figures(Store *s)
{
    organisation(s);
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1);
    SvcError e = {0};
    PersonView p;
    const DueRow *row;
    /* Imported history only: no checklist rows (imports do not say which
     * topics were covered). */
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    CHECK(!row_of(&p, DUE_KIND_CHECKLIST, "C2"));
    row = row_of(&p, DUE_KIND_STAFF, "W1");
    CHECK(row && row->r.status == STATUS_OVERDUE && row->r.days_overdue == 25); /* due 2026-10-29 */
    view_person_free(&p);

    /* Booked three weeks after its date, held, nothing written. */
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book(&v_m1, "W1", "2026-11-02"), &record, &e), SVC_OK);
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    row = row_of(&p, DUE_KIND_STAFF, "W1");
    CHECK(row && row->r.status == STATUS_OVERDUE && row->r.days_overdue == 25); /* still overdue */
    CHECK(row && row->r.last == date_from_ymd(2026, 10, 1));
    CHECK(row && row->has_unsent && row->unsent == date_from_ymd(2026, 11, 2)); /* held, record not sent */
    row = row_of(&p, DUE_KIND_RECORD, "record-");
    CHECK(row != NULL);
    if (row) {
        CHECK_STR(row->owner, "M1");
        CHECK_INT(row->r.due, date_from_ymd(2026, 11, 9)); /* sign-within 7d of the session */
        CHECK_INT(row->r.status, STATUS_OVERDUE);          /* the draft is overdue */
        CHECK_INT(row->r.days_overdue, 14);
    }
    CHECK(!row_of(&p, DUE_KIND_LATE_ENTRY, "W1")); /* counts for nothing yet */
    view_person_free(&p);

    /* Sent: counts from the session's date, as a late entry of 21 days. */
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    row = row_of(&p, DUE_KIND_STAFF, "W1");
    CHECK(row && row->r.last == date_from_ymd(2026, 11, 2) && row->r.due == date_from_ymd(2026, 11, 30));
    CHECK(row && !row->has_unsent);
    CHECK(!row_of(&p, DUE_KIND_RECORD, "record-"));
    row = row_of(&p, DUE_KIND_LATE_ENTRY, "W1");
    CHECK(row != NULL);
    if (row) {
        CHECK_STR(row->owner, "M1");
        CHECK_INT(row->r.last, date_from_ymd(2026, 11, 2));
        CHECK_INT(row->r.days_overdue, 21);
        CHECK_INT(row->r.status, STATUS_OVERDUE);
    }
    /* W1 now has supervision in the application: the family placement's
     * checklist counts from the first booking. */
    row = row_of(&p, DUE_KIND_CHECKLIST, "C2");
    CHECK(row && row->r.due == date_from_ymd(2026, 12, 2) && strcmp(row->owner, "W1") == 0);
    view_person_free(&p);

    /* An agreement of every 3 weeks, stricter than the role's 4. */
    AgreementTerms t = {"3w", "90", "Room 2", "Both keep copies", "All areas", "Private", "Escalate"};
    int64_t ag = 0;
    CHECK_INT(agreement_write(st, &m1, ref_of("W1"), &t, &ag, &e), SVC_OK);
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    row = row_of(&p, DUE_KIND_STAFF, "W1");
    CHECK(row && row->r.due == date_from_ymd(2026, 11, 30)); /* proposed only: not in force */
    view_person_free(&p);
    CHECK_INT(agreement_agree(st, &w1, ag, &e), SVC_OK);
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    row = row_of(&p, DUE_KIND_STAFF, "W1");
    CHECK(row && row->r.due == date_from_ymd(2026, 11, 23) && row->r.source == DUE_SOURCE_AGREEMENT);
    if (row) CHECK_STR(row->r.rule, "agreement every 3w");
    view_person_free(&p);
    /* As of the day before it was agreed, the role's rule was in force. */
    DueList before = {0};
    char err[256];
    DueFilter f = {.asof = today - 1, .worker = "W1"};
    CHECK_INT(due_compute(st, pol, &f, &before, err, sizeof err), 0);
    for (size_t i = 0; i < before.n; i++)
        if (before.rows[i].kind == DUE_KIND_STAFF) CHECK_STR(before.rows[i].r.rule, "role social-worker every 4w");
    due_list_free(&before);

    /* An allegation on the family placement: due at the next session. */
    CHECK_INT(concern_raise(st, &w1, "C2", "allegation", "2026-11-10", "A carer was heard shouting", &e), SVC_OK);
    book(&v_m1, "W1", "2026-11-27");
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    row = row_of(&p, DUE_KIND_CONCERN, "C2");
    CHECK(row != NULL);
    if (row) {
        CHECK_STR(row->r.rule, "open allegation");
        CHECK_INT(row->r.due, date_from_ymd(2026, 11, 23)); /* W1's supervision is due today, before the 27th */
    }
    view_person_free(&p);
    /* A session after it that passes the case by: missed. */
    CHECK_INT(record_start(st, &m1, book(&v_m1, "W1", "2026-11-20"), &record, &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    row = row_of(&p, DUE_KIND_CONCERN, "C2");
    CHECK(row && row->r.status == STATUS_OVERDUE && row->r.due == date_from_ymd(2026, 11, 20));
    if (row) CHECK_STR(row->r.rule, "open allegation (missed on 2026-11-20)");
    row = row_of(&p, DUE_KIND_LATE_ENTRY, "W1"); /* the anchor now: booked 3 days after its date */
    CHECK(row && row->r.days_overdue == 3 && row->r.last == date_from_ymd(2026, 11, 20));
    view_person_free(&p);
    /* Resolved: no longer listed. */
    ConcernList cl;
    CHECK_INT(concerns_open_of_worker(st, &v_m1, ref_of("W1"), &cl), SVC_OK);
    CHECK_INT(cl.n, 1);
    int64_t concern = cl.n ? cl.items[0].ref : 0;
    concern_list_free(&cl);
    CHECK_INT(concern_resolve(st, &m1, concern, "2026-11-23", "Unfounded after a visit", &e), SVC_OK);
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    CHECK(!row_of(&p, DUE_KIND_CONCERN, "C2"));
    view_person_free(&p);

    /* The family placement's checklist: covered in part, the topic left out
     * still sets the date; covered whole and sent, a month from then. */
    const Category *fp = policy_category(pol, "family-placement", 16);
    const char *topics[POLICY_CHECKLIST_MAX];
    size_t ntopics = 0;
    for (size_t i = 0; fp && i < fp->nchecklist; i++) topics[ntopics++] = fp->checklist[i].id;
    CHECK(ntopics > 1);
    CHECK_INT(record_start(st, &m1, book(&v_m1, "W1", "2026-11-23"), &record, &e), SVC_OK);
    CaseNoteInput note = {.case_id = "C2",
                          .decision = "Carry on",
                          .rationale = "Settled",
                          .checklist = topics,
                          .nchecklist = ntopics};
    CHECK_INT(record_add_case_note(st, &m1, record, &note, &e), SVC_OK);
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    row = row_of(&p, DUE_KIND_CHECKLIST, "C2");
    CHECK(row && row->r.due == date_from_ymd(2026, 12, 2)); /* a draft covers nothing yet */
    view_person_free(&p);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(view_person(st, &m1, "W1", 200, &p), SVC_OK);
    row = row_of(&p, DUE_KIND_CHECKLIST, "C2");
    CHECK(row && row->r.due == date_from_ymd(2026, 12, 23) && row->r.status == STATUS_OK);
    if (row) CHECK_INT(row->r.last, date_from_ymd(2026, 11, 23));
    view_person_free(&p);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_person_in_scope);
    RUN_STORES(test_person_out_of_scope);
    RUN_STORES(test_person_not_found);
    RUN_STORES(test_app_figures);
    fixture_done();
    TEST_DONE();
}
