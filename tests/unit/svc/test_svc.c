/* test_svc.c: the supervision services called directly, on a small
 * organisation, on both databases (RUN_STORES, test.h): who may do what,
 * what is refused and why, versions and disagreements kept, confidential
 * items withheld, and what reaches the due list. (The same services over
 * HTTP: tests/cli/test_journey.sh.) */
#include "svc/action.h"
#include "svc/agreement.h"
#include "svc/booking.h"
#include "svc/concern.h"
#include "svc/discussion.h"
#include "svc/due.h"
#include "svc/escalation.h"
#include "svc/inbox.h"
#include "svc/record.h"
#include "svc/view_case.h"
#include "view_fixture.h"

/* The due row of kind and id for worker W1 on today; NULL if none. */
static bool due_row(const char *worker, DueKind kind, const char *id_prefix, DueRow *out)
{
    DueFilter f = {.asof = today, .worker = worker};
    DueList l;
    char err[256];
    CHECK_INT(due_compute(st, pol, &f, &l, err, sizeof err), 0);
    bool found = false;
    for (size_t i = 0; i < l.n && !found; i++)
        if (l.rows[i].kind == kind && strncmp(l.rows[i].id, id_prefix, strlen(id_prefix)) == 0) {
            found = true;
            out->r = l.rows[i].r;
        }
    due_list_free(&l);
    return found;
}

static void test_agreement(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1);
    AgreementTerms t = {"9w", "90", "Room 2", "Both keep copies", "All areas", "Private", "Escalate"};
    int64_t ref = 0;
    CHECK_INT(agreement_write(st, &w1, ref_of("W1"), &t, &ref, &e), SVC_NOT_FOUND);
    CHECK_INT(agreement_write(st, &m1, ref_of("W1"), &t, &ref, &e), SVC_INVALID);
    CHECK_STR(e.field, "every");
    CHECK_HAS(e.message, "at least every 4 weeks");
    t.every = "3w", t.minutes = "10";
    CHECK_INT(agreement_write(st, &m1, ref_of("W1"), &t, &ref, &e), SVC_INVALID);
    CHECK_STR(e.field, "minutes");
    t.minutes = "90", t.place = "";
    CHECK_INT(agreement_write(st, &m1, ref_of("W1"), &t, &ref, &e), SVC_INVALID);
    CHECK_STR(e.field, "place");
    t.place = "Room 2";
    CHECK_INT(agreement_write(st, &m1, ref_of("W1"), &t, &ref, &e), SVC_OK);
    Agreement ag;
    bool found;
    Date review;
    CHECK_INT(agreement_current(st, &v_w1, ref_of("W1"), &ag, &found), SVC_OK);
    CHECK(found);
    CHECK_INT(agreement_state(&ag, found, ref_of("M1"), pol, today, &review), AGREEMENT_PROPOSED);
    agreement_free(&ag);
    CHECK_INT(agreement_agree(st, &m1, ref, &e), SVC_NOT_FOUND); /* not theirs: as if not there */
    CHECK_INT(agreement_agree(st, &w1, ref, &e), SVC_OK);
    CHECK_INT(agreement_agree(st, &w1, ref, &e), SVC_CONFLICT);
    CHECK_INT(agreement_current(st, &v_w1, ref_of("W1"), &ag, &found), SVC_OK);
    CHECK_INT(agreement_state(&ag, found, ref_of("M1"), pol, today, &review), AGREEMENT_IN_FORCE);
    CHECK_INT(review, date_from_ymd(2027, 11, 23));
    CHECK_INT(agreement_state(&ag, found, ref_of("L1"), pol, today, &review), AGREEMENT_NONE); /* a new supervisor */
    CHECK_INT(agreement_state(&ag, found, ref_of("M1"), pol, date_from_ymd(2027, 11, 23), &review),
              AGREEMENT_REVIEW_DUE);
    agreement_free(&ag);
    CHECK_INT(agreement_current(st, &v_x1, ref_of("W1"), &ag, &found), SVC_NOT_FOUND); /* not theirs to read */
    DueRow row;
    CHECK(due_row("W1", DUE_KIND_AGREEMENT, "W1", &row));
    CHECK_INT(row.r.due, date_from_ymd(2027, 11, 23));
}

static int64_t book(const Viewer *v, const char *supervisee, const char *date, char *warning)
{
    SvcActor a = as(v);
    SvcError e = {0};
    BookingInput in = {.supervisee_ref = ref_of(supervisee),
                       .date = date,
                       .start_time = "10:00",
                       .minutes = "",
                       .place = "Room 2"};
    int64_t ref = 0;
    char w[300];
    CHECK_INT(booking_add(st, &a, &in, &ref, warning ? warning : w, 300, &e), SVC_OK);
    return ref;
}

static void test_booking(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor x1 = as(&v_x1), w1 = as(&v_w1), m1 = as(&v_m1);
    /* An agreement in force sets the length a session is booked for. */
    AgreementTerms t = {"4w", "75", "Room 2", "Both keep copies", "All areas", "Private", "Escalate"};
    int64_t ref = 0;
    CHECK_INT(agreement_write(st, &m1, ref_of("W1"), &t, &ref, &e), SVC_OK);
    CHECK_INT(agreement_agree(st, &w1, ref, &e), SVC_OK);
    BookingInput in = {.supervisee_ref = ref_of("W1"), .date = "2026-11-30", .start_time = "25:00", .place = "Room 2"};
    char warning[300];
    CHECK_INT(booking_add(st, &m1, &in, &ref, warning, sizeof warning, &e), SVC_INVALID);
    CHECK_STR(e.field, "start-time");
    in.start_time = "10:00";
    CHECK_INT(booking_add(st, &x1, &in, &ref, warning, sizeof warning, &e), SVC_NOT_FOUND);
    /* W1 was last supervised on 2026-10-01: due 2026-10-29, so any date now is late. */
    ref = book(&v_w1, "W1", "2026-11-30", warning);
    CHECK_HAS(warning, "after the date");
    Booking b;
    CHECK_INT(booking_get(st, &v_m1, ref, &b), SVC_OK);
    CHECK_INT(b.minutes, 75); /* the agreement's length */
    CHECK_STR(b.status, "booked");
    CHECK_INT(booking_get(st, &v_x1, ref, &b), SVC_NOT_FOUND);
    CHECK_INT(booking_get(st, &v_auditor, ref, &b), SVC_OK);
    CHECK_INT(booking_cancel(st, &w1, ref, "", &e), SVC_INVALID);
    CHECK_INT(booking_cancel(st, &x1, ref, "not mine", &e), SVC_NOT_FOUND);
    CHECK_INT(booking_cancel(st, &w1, ref, "Court hearing", &e), SVC_OK);
    CHECK_INT(booking_get(st, &v_m1, ref, &b), SVC_OK);
    CHECK_STR(b.status, "cancelled");
    CHECK_INT(booking_cancel(st, &m1, ref, "again", &e), SVC_CONFLICT);
    DueRow row;
    CHECK(due_row("W1", DUE_KIND_STAFF, "W1", &row));
    CHECK_INT(row.r.last, date_from_ymd(2026, 10, 1)); /* a cancelled session does not count */
    Inbox in_m1;
    CHECK_INT(inbox_read(st, &v_m1, 10, &in_m1), SVC_OK);
    CHECK(in_m1.n >= 1);
    if (in_m1.n) CHECK_HAS(in_m1.items[0].text, "Court hearing");
    inbox_free(&in_m1);
    /* The agenda: worries are the supervisee's; cases must be theirs. */
    ref = book(&v_m1, "W1", "2026-11-23", NULL);
    CHECK_INT(agenda_add(st, &m1, ref, "worry", "x", NULL, false, &e), SVC_REFUSED);
    CHECK_INT(agenda_add(st, &w1, ref, "case", "", "C3", false, &e), SVC_INVALID);
    CHECK_STR(e.field, "case");
    CHECK_INT(agenda_add(st, &m1, ref, "case", "", "C4", false, &e), SVC_INVALID); /* closed */
    CHECK_INT(agenda_add(st, &m1, ref, "topic", "Caseload", NULL, false, &e), SVC_OK);
    CHECK_INT(agenda_add(st, &w1, ref, "worry", "Housing", NULL, true, &e), SVC_OK);
    int added = 0;
    CHECK_INT(agenda_sample(st, &w1, ref, 1, &added, &e), SVC_REFUSED);
    CHECK_INT(agenda_sample(st, &m1, ref, 5, &added, &e), SVC_OK);
    CHECK_INT(added, 2); /* W1 holds two open cases */
    CHECK_INT(agenda_sample(st, &m1, ref, 1, &added, &e), SVC_OK);
    CHECK_INT(added, 0); /* none left that is not on the agenda */
    Agenda ag;
    CHECK_INT(agenda_items(st, &v_m1, &b, &ag), SVC_OK);
    CHECK_INT(booking_get(st, &v_m1, ref, &b), SVC_OK);
    agenda_free(&ag);
    CHECK_INT(agenda_items(st, &v_m1, &b, &ag), SVC_OK);
    CHECK_INT(ag.n, 4);
    if (ag.n == 4) {
        CHECK_STR(ag.items[0].kind, "worry"); /* the worker's worries first */
        CHECK_STR(ag.items[0].text, "Housing");
        int64_t worry = ag.items[0].ref;
        agenda_free(&ag);
        CHECK_INT(agenda_confidential(st, &m1, worry, true, &e), SVC_OK); /* now both */
        CHECK_INT(agenda_items(st, &v_auditor, &b, &ag), SVC_OK);
        CHECK(ag.items[0].hidden);
        CHECK_STR(ag.items[0].text, "");
        agenda_free(&ag);
        /* Neither side lifts it alone. */
        CHECK_INT(agenda_confidential(st, &m1, worry, false, &e), SVC_CONFLICT);
        CHECK_INT(agenda_confidential(st, &w1, worry, false, &e), SVC_CONFLICT);
        CHECK_INT(agenda_items(st, &v_auditor, &b, &ag), SVC_OK);
        CHECK(ag.items[0].hidden);
        CHECK_STR(ag.items[0].text, "");
    }
    agenda_free(&ag);
}

static void test_record(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), x1 = as(&v_x1);
    int64_t later = book(&v_m1, "W1", "2026-12-01", NULL), record = 0;
    CHECK_INT(record_start(st, &m1, later, &record, &e), SVC_CONFLICT); /* not yet */
    int64_t booking = book(&v_m1, "W1", "2026-11-20", NULL);
    CHECK_INT(record_start(st, &w1, booking, &record, &e), SVC_REFUSED);
    CHECK_INT(record_start(st, &m1, booking, &record, &e), SVC_OK);
    DueRow row;
    CHECK(due_row("W1", DUE_KIND_STAFF, "W1", &row));
    CHECK_INT(row.r.last, date_from_ymd(2026, 10, 1));      /* held, record not sent: counts for nothing */
    CHECK(due_row("W1", DUE_KIND_RECORD, "record-", &row)); /* listed as a record to send */
    CHECK_INT(row.r.last, date_from_ymd(2026, 11, 20));
    const char *texts[32] = {0};
    bool conf[32] = {0};
    for (size_t i = 0; i < record_ntopics; i++) {
        if (strcmp(record_topics[i].id, "workload") == 0) texts[i] = "Twenty cases";
        if (strcmp(record_topics[i].id, "wellbeing") == 0) texts[i] = "A private matter", conf[i] = true;
    }
    CHECK_INT(record_save(st, &w1, record, texts, conf, &e), SVC_REFUSED);
    CHECK_INT(record_save(st, &m1, record, texts, conf, &e), SVC_OK);
    const char *answers[POLICY_PROMPTS_MAX] = {"Missed visits"};
    CaseNoteInput n = {.case_id = "C3",
                       .prompts = "three-questions",
                       .answers = answers,
                       .decision = "d",
                       .rationale = "r"};
    CHECK_INT(record_add_case_note(st, &m1, record, &n, &e), SVC_INVALID); /* W2's case */
    n.case_id = "C1", n.decision = "";
    CHECK_INT(record_add_case_note(st, &m1, record, &n, &e), SVC_INVALID);
    CHECK_STR(e.field, "decision");
    n.decision = "Visit weekly", n.departs = true, n.departure = "";
    CHECK_INT(record_add_case_note(st, &m1, record, &n, &e), SVC_INVALID);
    CHECK_STR(e.field, "departure");
    n.departure = "Agreed with the family";
    n.prompts = "no-such-set";
    CHECK_INT(record_add_case_note(st, &m1, record, &n, &e), SVC_INVALID);
    n.prompts = "three-questions";
    CHECK_INT(record_add_case_note(st, &m1, record, &n, &e), SVC_OK);
    const char *checks[] = {"incidents"}, *bad[] = {"nonsense"};
    CaseNoteInput fp = {.case_id = "C2", .decision = "Keep", .rationale = "Stable", .checklist = bad, .nchecklist = 1};
    CHECK_INT(record_add_case_note(st, &m1, record, &fp, &e), SVC_INVALID);
    CHECK_STR(e.field, "checklist");
    fp.checklist = checks;
    CHECK_INT(record_add_case_note(st, &m1, record, &fp, &e), SVC_OK);
    CHECK_INT(record_add_action(st, &m1, record, "X1", "Train", "2026-12-10", NULL, &e), SVC_INVALID);
    CHECK_INT(record_add_action(st, &m1, record, "W1", "Train", "2026-13-10", NULL, &e), SVC_INVALID);
    CHECK_INT(record_add_action(st, &m1, record, "W1", "Book court skills training", "2026-12-10", "C1", &e), SVC_OK);
    CHECK_INT(record_sign(st, &w1, record, &e), SVC_CONFLICT); /* a draft */
    CHECK(due_row("W1", DUE_KIND_CASE, "C1", &row));
    CHECK(!row.r.has_last || row.r.last != date_from_ymd(2026, 11, 20)); /* not until sent */
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK(due_row("W1", DUE_KIND_STAFF, "W1", &row));
    CHECK_INT(row.r.last, date_from_ymd(2026, 11, 20)); /* sent: counts from the session's date */
    CHECK(!due_row("W1", DUE_KIND_RECORD, "record-", &row));
    CHECK(due_row("W1", DUE_KIND_SIGN_OFF, "record-", &row));
    CHECK_INT(row.r.due, date_from_ymd(2026, 11, 30));
    CHECK(due_row("W1", DUE_KIND_ACTION, "action-", &row));
    CHECK_INT(row.r.due, date_from_ymd(2026, 12, 10));
    CHECK(due_row("W1", DUE_KIND_CASE, "C1", &row));
    CHECK_INT(row.r.last, date_from_ymd(2026, 11, 20));                     /* discussed */
    CHECK_INT(record_save(st, &m1, record, texts, conf, &e), SVC_CONFLICT); /* sent: locked */
    /* Confidential once both marked it: the two read it, nobody else. */
    CHECK_INT(record_confidential(st, &w1, record, "wellbeing", true, &e), SVC_OK);
    Record r;
    CHECK_INT(record_get(st, &v_x1, record, 0, &r), SVC_NOT_FOUND);
    const Viewer *others[] = {&v_auditor, &v_l1, &v_senior};
    for (size_t k = 0; k < 3; k++) {
        CHECK_INT(record_get(st, others[k], record, 0, &r), SVC_OK);
        bool hidden = false;
        for (size_t i = 0; i < r.nitems; i++)
            if (strcmp(r.items[i].topic, "wellbeing") == 0) hidden = r.items[i].hidden && !*r.items[i].text;
        CHECK(hidden);
        record_free(&r);
    }
    CHECK_INT(record_get(st, &v_w1, record, 0, &r), SVC_OK);
    CHECK_INT(r.nnotes, 2);
    if (r.nnotes) {
        CHECK_INT(r.notes[0].nanswers, 1);
        CHECK(r.notes[0].departs);
    }
    for (size_t i = 0; i < r.nitems; i++)
        if (strcmp(r.items[i].topic, "wellbeing") == 0) CHECK_STR(r.items[i].text, "A private matter");
    record_free(&r);
    /* Disagreement, kept; amendment is a new version. */
    CHECK_INT(record_disagree(st, &m1, record, "no", &e), SVC_REFUSED);
    CHECK_INT(record_disagree(st, &w1, record, "", &e), SVC_INVALID);
    CHECK_INT(record_disagree(st, &w1, record, "It leaves out my request", &e), SVC_OK);
    CHECK_INT(record_sign(st, &w1, record, &e), SVC_CONFLICT);
    CHECK_INT(record_amend(st, &w1, record, "mine", &e), SVC_REFUSED);
    CHECK_INT(record_amend(st, &m1, record, "", &e), SVC_INVALID);
    /* Escalation: level 1 is M1's line manager, L1. */
    int64_t esc = 0;
    CHECK_INT(escalation_raise(st, &x1, record, "x", &esc, &e), SVC_NOT_FOUND);
    CHECK_INT(escalation_raise(st, &w1, record, "Please look", &esc, &e), SVC_OK);
    CHECK_INT(escalation_raise(st, &w1, record, "again", &esc, &e), SVC_CONFLICT);
    EscalationList l;
    CHECK_INT(escalation_get(st, &v_l1, esc, &l), SVC_OK);
    CHECK_INT(l.items[0].level, 1);
    CHECK(l.items[0].may_respond);
    escalation_list_free(&l);
    SvcActor l1 = as(&v_l1), senior = as(&v_senior);
    CHECK_INT(escalation_respond(st, &w1, esc, "self", false, &e), SVC_NOT_FOUND);
    CHECK_INT(escalation_respond(st, &l1, esc, "Looking into it", false, &e), SVC_OK);
    CHECK_INT(escalation_escalate(st, &l1, esc, "x", &e), SVC_NOT_FOUND);
    CHECK_INT(escalation_escalate(st, &w1, esc, "Not resolved", &e), SVC_OK);
    CHECK_INT(escalation_respond(st, &l1, esc, "late", false, &e), SVC_NOT_FOUND); /* now with the senior managers */
    CHECK_INT(escalation_respond(st, &senior, esc, "Caseload reduced", true, &e), SVC_OK);
    CHECK_INT(escalation_get(st, &v_w1, esc, &l), SVC_OK);
    CHECK_STR(l.items[0].status, "resolved");
    CHECK_INT(l.items[0].nevents, 5); /* raised, response, escalated, response, resolved */
    escalation_list_free(&l);
    CHECK_INT(record_amend(st, &m1, record, "Add the caseload request", &e), SVC_OK);
    CHECK_INT(record_get(st, &v_m1, record, 0, &r), SVC_OK);
    CHECK_INT(r.version, 2);
    CHECK_STR(r.state, "draft");
    CHECK_INT(r.nnotes, 2); /* copied */
    CHECK_INT(r.ndisagreements, 1);
    record_free(&r);
    for (size_t i = 0; i < record_ntopics; i++)
        texts[i] = strcmp(record_topics[i].id, "workload") == 0 ? "Eighteen" : NULL;
    CHECK_INT(record_save(st, &m1, record, texts, conf, &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(record_sign(st, &w1, record, &e), SVC_OK);
    CHECK_INT(record_get(st, &v_w1, record, 1, &r), SVC_OK); /* the first version, as it was */
    CHECK_STR(r.state, "disputed");
    for (size_t i = 0; i < r.nitems; i++)
        if (strcmp(r.items[i].topic, "workload") == 0) CHECK_STR(r.items[i].text, "Twenty cases");
    record_free(&r);
    CHECK_INT(record_get(st, &v_w1, record, 2, &r), SVC_OK);
    CHECK_STR(r.state, "signed");
    for (size_t i = 0; i < r.nitems; i++)
        if (strcmp(r.items[i].topic, "workload") == 0) CHECK_STR(r.items[i].text, "Eighteen");
    record_free(&r);
    CHECK(!due_row("W1", DUE_KIND_SIGN_OFF, "record-", &row));
    /* The case's history shows the decision once, from the latest version. */
    int64_t c1 = 0;
    Param p[] = {P_STR("C1")};
    CHECK_INT(store_query_int(st, STMT_CASE_FIND, p, 1, &c1), 1);
    CHECK_INT(case_notes_of(st, &v_auditor, c1, 10, &r), SVC_OK);
    CHECK_INT(r.nnotes, 1);
    record_free(&r);
    CHECK_INT(case_notes_of(st, &v_x1, c1, 10, &r), SVC_NOT_FOUND);
    /* The action is followed up at the next session. */
    ActionList al;
    CHECK_INT(actions_of(st, &v_w1, ref_of("W1"), true, &al), SVC_OK);
    CHECK_INT(al.n, 1);
    int64_t action = al.n ? al.items[0].ref : 0;
    action_list_free(&al);
    int64_t next = 0;
    CHECK_INT(record_start(st, &m1, book(&v_m1, "W1", "2026-11-23", NULL), &next, &e), SVC_OK);
    CHECK_INT(record_follow_up(st, &m1, next, action, "done", "", &e), SVC_INVALID); /* done needs a note */
    CHECK_INT(record_follow_up(st, &m1, next, action, "done", "Booked for January", &e), SVC_OK);
    CHECK_INT(record_follow_up(st, &m1, next, action, "open", "", &e), SVC_CONFLICT);
    CHECK_INT(actions_of(st, &v_w1, ref_of("W1"), true, &al), SVC_OK);
    CHECK_INT(al.n, 0);
    action_list_free(&al);
}

/* How many of W's inbox messages begin with text. */
static int told(const Viewer *v, const char *text)
{
    Inbox in;
    CHECK_INT(inbox_read(st, v, 200, &in), SVC_OK);
    int n = 0;
    for (size_t i = 0; i < in.n; i++) n += strncmp(in.items[i].text, text, strlen(text)) == 0;
    inbox_free(&in);
    return n;
}

/* A record of W1's on date, written by M1 with a decision on each of
 * cases (NULL-ended), sent; its ref. */
static int64_t sent_record(const char *date, const char *const *cases)
{
    SvcActor m1 = as(&v_m1);
    SvcError e = {0};
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book(&v_m1, "W1", date, NULL), &record, &e), SVC_OK);
    for (size_t i = 0; cases[i]; i++) {
        CaseNoteInput n = {.case_id = cases[i], .decision = "Visit weekly", .rationale = "Risk has risen"};
        CHECK_INT(record_add_case_note(st, &m1, record, &n, &e), SVC_OK);
    }
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    return record;
}

/* A decision corrected, one withdrawn and one carried over in version 2:
 * the worker is told once for each decision made and once for each change,
 * never again for one carried over; the case shows the decision as it
 * stands with what it was before, and a withdrawn one as withdrawn, not as
 * standing. */
static void test_decisions_corrected(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1);
    const char *cases[] = {"C1", "C2", NULL};
    int64_t record = sent_record("2026-11-20", cases);
    CHECK_INT(told(&v_w1, "A decision on case C1 was recorded"), 1);
    CHECK_INT(told(&v_w1, "A decision on case C2 was recorded"), 1);
    CHECK_INT(record_sign(st, &w1, record, &e), SVC_OK);
    CHECK_INT(record_amend(st, &m1, record, "The visits were wrong", &e), SVC_OK);
    Record r;
    CHECK_INT(record_get(st, &v_m1, record, 0, &r), SVC_OK);
    CHECK_INT(r.nnotes, 2);
    int64_t c1 = r.notes[0].ref, c2 = r.notes[1].ref, c1_first = r.notes[0].origin_ref;
    CHECK(c1 != c1_first && !r.notes[0].changed); /* carried over: the same decision, unchanged */
    record_free(&r);
    CHECK_INT(record_correct_case_note(st, &w1, record, c1, "Visit twice a week", "Risk has risen", &e), SVC_REFUSED);
    CHECK_INT(record_correct_case_note(st, &m1, record, c1, "", "Risk has risen", &e), SVC_INVALID);
    CHECK_STR(e.field, "decision");
    CHECK_INT(record_correct_case_note(st, &m1, record, c1_first, "Visit twice a week", "Why", &e), SVC_NOT_FOUND);
    CHECK_INT(record_correct_case_note(st, &m1, record, c1, "Visit twice a week", "Risk has risen", &e), SVC_OK);
    /* Version 3: C1 corrected again, C2 carried over twice, then withdrawn. */
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(told(&v_w1, "A decision on case C1 was corrected"), 1);
    CHECK_INT(told(&v_w1, "A decision on case C2"), 1); /* carried over: not told again (was 2 before) */
    CHECK_INT(record_sign(st, &w1, record, &e), SVC_OK);
    CHECK_INT(record_amend(st, &m1, record, "The placement decision is withdrawn", &e), SVC_OK);
    CHECK_INT(record_get(st, &v_m1, record, 0, &r), SVC_OK);
    int64_t c2v3 = r.notes[1].ref;
    record_free(&r);
    CHECK_INT(record_withdraw_case_note(st, &m1, record, c2v3, "", &e), SVC_INVALID);
    CHECK_STR(e.field, "withdraw");
    CHECK_INT(record_withdraw_case_note(st, &m1, record, c2v3, "Made in error", &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(told(&v_w1, "A decision on case C2 was withdrawn"), 1);
    CHECK_INT(told(&v_w1, "A decision on case C1"), 2); /* recorded, corrected: not told of it in version 3 */
    (void)c2;

    /* The case: one decision each, as it stands. */
    Param p[] = {P_STR("C1")};
    int64_t case1 = 0, case2 = 0;
    CHECK_INT(store_query_int(st, STMT_CASE_FIND, p, 1, &case1), 1);
    Param q[] = {P_STR("C2")};
    CHECK_INT(store_query_int(st, STMT_CASE_FIND, q, 1, &case2), 1);
    CaseDecisions d;
    CHECK_INT(view_case_decision_history(st, &w1, case1, 50, &d), SVC_OK);
    CHECK_INT(d.n, 1);
    CHECK_STR(d.items[0].now->decision, "Visit twice a week");
    CHECK_INT(d.items[0].now->version, 3);
    CHECK_INT(d.items[0].nearlier, 1);
    CHECK_STR(d.items[0].earlier[0]->decision, "Visit weekly");
    CHECK_INT(d.items[0].earlier[0]->version, 1);
    case_decisions_free(&d);
    CHECK_INT(view_case_decision_history(st, &w1, case2, 50, &d), SVC_OK);
    CHECK_INT(d.n, 1);
    CHECK_STR(d.items[0].now->withdrawn, "Made in error");
    case_decisions_free(&d);
    SvcActor x1 = as(&v_x1);
    CHECK_INT(view_case_decision_history(st, &x1, case1, 50, &d), SVC_NOT_FOUND);
    /* The current decisions (the API's): the corrected one only, none withdrawn. */
    CHECK_INT(case_notes_of(st, &v_w1, case1, 50, &r), SVC_OK);
    CHECK_INT(r.nnotes, 1);
    CHECK_STR(r.notes[0].decision, "Visit twice a week");
    record_free(&r);
    CHECK_INT(case_notes_of(st, &v_w1, case2, 50, &r), SVC_OK);
    CHECK_INT(r.nnotes, 0);
    record_free(&r);
}

/* The owner says an action is done, the supervisor confirms or says not
 * yet; each step is a follow-up, shown with the action and the record. */
static void test_actions_followed_up(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), w2 = as(&v_w2), l1 = as(&v_l1);
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book(&v_m1, "W1", "2026-11-20", NULL), &record, &e), SVC_OK);
    CHECK_INT(record_add_action(st, &m1, record, "W1", "Book court skills training", "2026-12-10", NULL, &e), SVC_OK);
    CHECK_INT(record_add_action(st, &m1, record, "M1", "Find a mentor", "2026-12-10", NULL, &e), SVC_OK);
    Record r;
    CHECK_INT(record_get(st, &v_m1, record, 0, &r), SVC_OK);
    int64_t mine = r.actions[0].ref, his = r.actions[1].ref;
    record_free(&r);
    ActionView v;
    CHECK_INT(action_view(st, &w2, mine, &v), SVC_NOT_FOUND); /* another worker */
    CHECK_INT(action_view(st, &l1, mine, &v), SVC_OK);        /* the line above reads it */
    CHECK(!v.may_report && !v.may_confirm);
    action_view_free(&v);
    CHECK_INT(action_view(st, &w1, mine, &v), SVC_OK);
    CHECK(v.may_report && !v.may_confirm);
    action_view_free(&v);
    CHECK_INT(action_report_done(st, &m1, mine, "Done", &e), SVC_REFUSED); /* not the owner */
    CHECK_INT(action_report_done(st, &w2, mine, "Done", &e), SVC_NOT_FOUND);
    CHECK_INT(action_report_done(st, &w1, mine, "", &e), SVC_INVALID);
    CHECK_INT(action_report_done(st, &w1, mine, "Booked for March", &e), SVC_OK);
    CHECK_INT(action_report_done(st, &w1, mine, "Again", &e), SVC_CONFLICT);
    CHECK_INT(told(&v_m1, "Wyn Worker says an action is done"), 1);
    CHECK_INT(action_confirm(st, &w1, mine, true, "", &e), SVC_REFUSED);  /* not the supervisor */
    CHECK_INT(action_confirm(st, &m1, mine, false, "", &e), SVC_INVALID); /* not yet: say why */
    CHECK_INT(action_confirm(st, &m1, mine, false, "The date is not fixed", &e), SVC_OK);
    CHECK_INT(action_view(st, &w1, mine, &v), SVC_OK);
    CHECK(!v.action.reported_at && v.may_report && strcmp(v.action.status, "open") == 0);
    action_view_free(&v);
    CHECK_INT(action_report_done(st, &w1, mine, "Fixed for 3 March", &e), SVC_OK);
    CHECK_INT(action_confirm(st, &m1, mine, true, "", &e), SVC_OK);
    CHECK_INT(action_confirm(st, &m1, mine, true, "", &e), SVC_CONFLICT);
    CHECK_INT(told(&v_w1, "Your supervisor confirmed an action done"), 1);
    /* The supervisor's own: their word closes it. */
    CHECK_INT(action_report_done(st, &m1, his, "Asked two colleagues", &e), SVC_OK);
    /* Every step is a follow-up, with the action and on its record. */
    CHECK_INT(record_get(st, &v_l1, record, 0, &r), SVC_OK);
    CHECK_INT(r.nactions, 2);
    CHECK_STR(r.actions[0].status, "done");
    CHECK_INT(r.actions[0].nupdates, 4);
    CHECK(r.actions[0].updates[0].reported);
    CHECK_STR(r.actions[0].updates[0].note, "Booked for March");
    CHECK_STR(r.actions[0].updates[1].note, "The date is not fixed");
    CHECK_STR(r.actions[0].updates[3].status, "done");
    CHECK_STR(r.actions[1].status, "done");
    CHECK_INT(r.actions[1].nupdates, 1);
    record_free(&r);
    ActionList l;
    CHECK_INT(actions_of(st, &v_w1, ref_of("W1"), false, &l), SVC_OK);
    CHECK_INT(l.n, 2);
    CHECK_INT(l.items[0].nupdates + l.items[1].nupdates, 5);
    action_list_free(&l);
}

/* What the supervisor types on the record page and has not added is kept
 * with the draft: replaced whole at each keep, never by a bad name, and
 * only by the supervisor of a draft. */
static void test_record_keep(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1);
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book(&v_m1, "W1", "2026-11-20", NULL), &record, &e), SVC_OK);
    const char *texts[32] = {0};
    bool conf[32] = {0};
    texts[0] = "Eighteen cases";
    RecordField f[] = {{"decision", "Half a thought"}, {"answer-worries", "Missed visits"}, {"check-respite", "yes"}};
    CHECK_INT(record_keep(st, &w1, record, texts, conf, f, 3, &e), SVC_REFUSED);
    CHECK_INT(record_keep(st, &m1, record, texts, conf, f, 3, &e), SVC_OK);
    RecordView v;
    CHECK_INT(record_view(st, &m1, record, 0, &v), SVC_OK);
    CHECK_INT(v.ndraft, 3);
    CHECK_STR(v.draft[0].name, "answer-worries");
    CHECK_STR(v.draft[2].value, "Half a thought");
    bool saved = false;
    for (size_t i = 0; i < v.rec.nitems; i++)
        saved = saved || (strcmp(v.rec.items[i].topic, record_topics[0].id) == 0 &&
                          strcmp(v.rec.items[i].text, "Eighteen cases") == 0);
    CHECK(saved);
    record_view_free(&v);
    RecordField bad[] = {{"Decision; DROP", "x"}};
    CHECK_INT(record_keep(st, &m1, record, NULL, NULL, bad, 1, &e), SVC_INVALID);
    /* The page's fields named after policy ids, which may hold capitals, '_'
     * and '.' and be 64 long, are kept. */
    RecordField ids[] = {{"answer-Next_steps.2", "Visit"},
                         {"check-a123456789b123456789c123456789d123456789e123456789f1234567890123", "yes"}};
    CHECK_INT(record_keep(st, &m1, record, NULL, NULL, ids, 2, &e), SVC_OK);
    CHECK_INT(record_view(st, &m1, record, 0, &v), SVC_OK);
    CHECK_INT(v.ndraft, 2);
    record_view_free(&v);
    CHECK_INT(record_keep(st, &m1, record, NULL, NULL, f, 1, &e), SVC_OK); /* replaced whole */
    CHECK_INT(record_view(st, &m1, record, 0, &v), SVC_OK);
    CHECK_INT(v.ndraft, 1);
    record_view_free(&v);
    CHECK_INT(record_view(st, &w1, record, 0, &v), SVC_OK); /* the supervisee sees no draft */
    CHECK_INT(v.ndraft, 0);
    record_view_free(&v);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(record_keep(st, &m1, record, NULL, NULL, f, 1, &e), SVC_CONFLICT); /* sent: nothing to keep */
    /* Answers written under another set of prompts are saved with the discussion. */
    int64_t second = 0;
    CHECK_INT(record_start(st, &m1, book(&v_m1, "W1", "2026-11-21", NULL), &second, &e), SVC_OK);
    const char *answers[POLICY_PROMPTS_MAX] = {0}, *other[] = {"worries"}, *said[] = {"Missed visits"};
    const char *nosuch[] = {"no-such-prompt"};
    CaseNoteInput n = {.case_id = "C1",
                       .prompts = "four-functions",
                       .answers = answers,
                       .other_prompts = nosuch,
                       .other_answers = said,
                       .nother = 1,
                       .decision = "Visit weekly",
                       .rationale = "Risk"};
    CHECK_INT(record_add_case_note(st, &m1, second, &n, &e), SVC_INVALID);
    n.other_prompts = other;
    CHECK_INT(record_add_case_note(st, &m1, second, &n, &e), SVC_OK);
    Record r;
    CHECK_INT(record_get(st, &v_m1, second, 0, &r), SVC_OK);
    CHECK_INT(r.notes[0].nanswers, 1);
    CHECK_STR(r.notes[0].answers[0].prompt, "worries");
    record_free(&r);
}

static void test_discussions(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor w2 = as(&v_w2), m1 = as(&v_m1), x1 = as(&v_x1);
    DueRow before, row;
    CHECK(due_row("W2", DUE_KIND_STAFF, "W2", &before));
    CHECK_INT(discussion_informal(st, &x1, "C3", "2026-11-22", "Keep going", "", &e), SVC_INVALID);
    CHECK_INT(discussion_informal(st, &w2, "C3", "2026-12-22", "Keep going", "", &e), SVC_INVALID); /* future */
    CHECK_INT(discussion_informal(st, &w2, "C3", "2026-11-22", "", "", &e), SVC_INVALID);
    SvcActor w1 = as(&v_w1);
    CHECK_INT(discussion_informal(st, &w1, "C4", "2026-11-22", "Closed already", "", &e), SVC_INVALID);
    CHECK_INT(discussion_informal(st, &w2, "C3", "2026-11-22", "Keep going", "", &e), SVC_OK);
    CHECK(due_row("W2", DUE_KIND_CASE, "C3", &row));
    CHECK_INT(row.r.last, date_from_ymd(2026, 11, 22)); /* counts for the case */
    CHECK(due_row("W2", DUE_KIND_STAFF, "W2", &row));
    CHECK_INT(row.r.last, before.r.last); /* not for the person */
    const char *att[] = {"W1", "W2"}, *bad[] = {"W1", "X1"};
    GroupCase cases[] = {{"C1", "Review the plan"}, {"C3", "Close in January"}}, stray[] = {{"C2", ""}};
    CHECK_INT(group_session(st, &m1, "2026-11-21", bad, 2, cases, 2, &e), SVC_INVALID); /* X1 is not M1's */
    CHECK_INT(group_session(st, &m1, "2026-11-21", att, 2, stray, 1, &e), SVC_INVALID); /* no decision */
    CHECK_INT(group_session(st, &m1, "2026-11-21", att, 1, cases, 2, &e), SVC_INVALID); /* a group of one */
    CHECK_INT(group_session(st, &m1, "2026-11-21", att, 2, cases, 2, &e), SVC_OK);
    CHECK(due_row("W2", DUE_KIND_STAFF, "W2", &row));
    CHECK_INT(row.r.last, before.r.last); /* group supervision never replaces individual */
}

static void test_concerns(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor w1 = as(&v_w1), m1 = as(&v_m1), x1 = as(&v_x1), w2 = as(&v_w2);
    CHECK_INT(concern_raise(st, &w1, "C1", "incident", "2026-11-20", "x", &e), SVC_CONFLICT); /* child protection */
    CHECK_INT(concern_raise(st, &x1, "C2", "incident", "2026-11-20", "x", &e), SVC_NOT_FOUND);
    CHECK_INT(concern_raise(st, &w2, "C2", "incident", "2026-11-20", "x", &e), SVC_NOT_FOUND); /* not W2's to see */
    CHECK_INT(concern_raise(st, &w1, "C2", "rumour", "2026-11-20", "x", &e), SVC_INVALID);
    CHECK_INT(concern_raise(st, &w1, "C2", "allegation", "2026-11-30", "x", &e), SVC_INVALID); /* future */
    CHECK_INT(concern_raise(st, &w1, "C2", "allegation", "2026-11-20", "", &e), SVC_INVALID);
    CHECK_INT(concern_raise(st, &w1, "C2", "allegation", "2026-11-20", "A neighbour's complaint", &e), SVC_OK);
    ConcernList l;
    CHECK_INT(concerns_open_of_worker(st, &v_m1, ref_of("W1"), &l), SVC_OK);
    CHECK_INT(l.n, 1);
    int64_t ref = l.n ? l.items[0].ref : 0;
    concern_list_free(&l);
    CHECK_INT(concerns_open_of_worker(st, &v_x1, ref_of("W1"), &l), SVC_NOT_FOUND);
    CHECK_INT(concern_resolve(st, &m1, ref, "2026-11-22", "", &e), SVC_INVALID);
    CHECK_INT(concern_resolve(st, &m1, ref, "2026-11-19", "Before it was raised", &e), SVC_INVALID);
    CHECK_STR(e.field, "concern-date");
    CHECK_INT(concern_resolve(st, &m1, ref, "2026-11-22", "Unfounded after the LADO's review", &e), SVC_OK);
    CHECK_INT(concern_resolve(st, &m1, ref, "2026-11-22", "again", &e), SVC_CONFLICT);
    CHECK_INT(concerns_open_of_worker(st, &v_m1, ref_of("W1"), &l), SVC_OK);
    CHECK_INT(l.n, 0);
    concern_list_free(&l);
    int64_t c2 = 0;
    Param p[] = {P_STR("C2")};
    CHECK_INT(store_query_int(st, STMT_CASE_FIND, p, 1, &c2), 1);
    CHECK_INT(concerns_of_case(st, &v_auditor, c2, &l), SVC_OK);
    CHECK_INT(l.n, 1); /* kept, resolved */
    if (l.n) CHECK_STR(l.items[0].resolved_date, "2026-11-22");
    concern_list_free(&l);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_agreement);
    RUN_STORES(test_booking);
    RUN_STORES(test_record);
    RUN_STORES(test_decisions_corrected);
    RUN_STORES(test_actions_followed_up);
    RUN_STORES(test_record_keep);
    RUN_STORES(test_discussions);
    RUN_STORES(test_concerns);
    fixture_done();
    TEST_DONE();
}
