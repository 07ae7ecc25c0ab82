/* test_feedback.c: feedback on supervision (svc/feedback.h) and workload
 * (svc/workload.h), on both databases: who is asked and who may answer,
 * once; that no answer can be tied to a person (the table's columns, the
 * order of its rows, fewer than five people showing nothing, a service's
 * whole not giving away a small team); caseloads against the policy; a
 * workload concern going up the line as time passes, and who answers it. */
#include "svc/booking.h"
#include "svc/feedback.h"
#include "svc/record.h"
#include "svc/workload.h"
#include "view_fixture.h"

/* Team A gets five more workers (K1..K5), and Team C (service Children,
 * managed by M1) two (Z1, Z2), all supervised by M1. */
static void more_people(void)
{
    fixture_import(IMPORT_STAFF, "staff.csv",
                   FIXTURE_STAFF_CSV "K1,Kai One,social-worker,Team A,M1,M1,2021-01-01,\n"
                                     "K2,Kai Two,social-worker,Team A,M1,M1,2021-01-01,\n"
                                     "K3,Kai Three,social-worker,Team A,M1,M1,2021-01-01,\n"
                                     "K4,Kai Four,social-worker,Team A,M1,M1,2021-01-01,\n"
                                     "K5,Kai Five,social-worker,Team A,M1,M1,2021-01-01,\n"
                                     "Z1,Zed One,social-worker,Team C,M1,M1,2021-01-01,\n"
                                     "Z2,Zed Two,social-worker,Team C,M1,M1,2021-01-01,\n");
    fixture_import(IMPORT_TEAMS, "teams.csv",
                   "name,service,manager\nTeam A,Children,M1\nTeam B,Adults,L1\nTeam C,Children,M1\n");
}

static int day = 1;

/* A record of M1's with supervisee id, sent and signed by them. */
static int64_t signed_record(const char *id)
{
    SvcActor m1 = as(&v_m1);
    SvcError e = {0};
    char date[11], w[300];
    strfmt(date, sizeof date, "2026-11-%02d", day++);
    BookingInput in = {.supervisee_ref = ref_of(id),
                       .date = date,
                       .start_time = "10:00",
                       .minutes = "",
                       .place = "Room 2"};
    int64_t booking = 0, record = 0;
    CHECK_INT(booking_add(st, &m1, &in, &booking, w, sizeof w, &e), SVC_OK);
    CHECK_INT(record_start(st, &m1, booking, &record, &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    Viewer v = viewer_of(id);
    SvcActor me = as(&v);
    CHECK_INT(record_sign(st, &me, record, &e), SVC_OK);
    return record;
}

/* id answers for record with every question scored score and comment. */
static SvcResult answer(const char *id, int64_t record, const char *score, const char *comment)
{
    Viewer v = viewer_of(id);
    SvcActor a = as(&v);
    SvcError e = {0};
    const char *scores[FEEDBACK_QUESTIONS] = {score, score, score, score};
    return feedback_give(st, &a, record, scores, comment, &e);
}

static SvcActor later(const Viewer *v)
{
    SvcActor a = as(v);
    a.today = date_from_ymd(2027, 1, 5);
    return a;
}

static FeedbackWhy team_why(const Viewer *v, const char *team, FeedbackReport *r)
{
    SvcActor a = later(v);
    SvcError e = {0};
    CHECK_INT(feedback_team_report(st, &a, team, "", r, &e), SVC_OK);
    return r->whole.why;
}

static void test_asking(Store *s)
{
    organisation(s);
    more_people();
    day = 1;
    int64_t rec = signed_record("W1");
    SvcError e = {0};
    FeedbackAsk ask;
    CHECK_INT(feedback_asked(st, &v_w1, rec, &ask), SVC_OK);
    CHECK_INT(ask, FEEDBACK_ASKED);
    CHECK_INT(feedback_asked(st, &v_m1, rec, &ask), SVC_OK); /* the supervisor is not asked */
    CHECK_INT(ask, FEEDBACK_NOT_ASKED);
    /* A record sent but not signed: not yet. */
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), w2 = as(&v_w2);
    char w[300];
    BookingInput in = {.supervisee_ref = ref_of("W1"),
                       .date = "2026-11-22",
                       .start_time = "10:00",
                       .minutes = "",
                       .place = "Room 2"};
    int64_t booking = 0, unsigned_rec = 0;
    CHECK_INT(booking_add(st, &m1, &in, &booking, w, sizeof w, &e), SVC_OK);
    CHECK_INT(record_start(st, &m1, booking, &unsigned_rec, &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, unsigned_rec, &e), SVC_OK);
    CHECK_INT(feedback_asked(st, &v_w1, unsigned_rec, &ask), SVC_OK);
    CHECK_INT(ask, FEEDBACK_NOT_ASKED);
    const char *good[FEEDBACK_QUESTIONS] = {"4", "5", "3", "4"};
    CHECK_INT(feedback_give(st, &w1, unsigned_rec, good, "", &e), SVC_CONFLICT);
    /* Anyone but the supervisee: as if there were no such record. */
    CHECK_INT(feedback_give(st, &m1, rec, good, "", &e), SVC_NOT_FOUND);
    CHECK_INT(feedback_give(st, &w2, rec, good, "", &e), SVC_NOT_FOUND);
    CHECK_INT(feedback_not_now(st, &w2, rec, &e), SVC_NOT_FOUND);
    /* Bad answers name their field. */
    const char *bad[FEEDBACK_QUESTIONS] = {"6", "5", "3", "4"};
    CHECK_INT(feedback_give(st, &w1, rec, bad, "", &e), SVC_INVALID);
    CHECK_STR(e.field, "q1");
    const char *missing[FEEDBACK_QUESTIONS] = {"4", "5", NULL, "4"};
    CHECK_INT(feedback_give(st, &w1, rec, missing, "", &e), SVC_INVALID);
    CHECK_STR(e.field, "q3");
    const char *zero[FEEDBACK_QUESTIONS] = {"4", "5", "3", "0"};
    CHECK_INT(feedback_give(st, &w1, rec, zero, "", &e), SVC_INVALID);
    CHECK_STR(e.field, "q4");
    char long_comment[FEEDBACK_COMMENT_MAX + 2];
    memset(long_comment, 'x', sizeof long_comment - 1);
    long_comment[sizeof long_comment - 1] = 0;
    CHECK_INT(feedback_give(st, &w1, rec, good, long_comment, &e), SVC_INVALID);
    CHECK_STR(e.field, "comment");
    /* "Not now", then an answer after all, then no second one. */
    CHECK_INT(feedback_not_now(st, &w1, rec, &e), SVC_OK);
    CHECK_INT(feedback_asked(st, &v_w1, rec, &ask), SVC_OK);
    CHECK_INT(ask, FEEDBACK_LATER);
    CHECK_INT(feedback_not_now(st, &w1, rec, &e), SVC_OK);
    CHECK_INT(feedback_give(st, &w1, rec, good, "Helpful", &e), SVC_OK);
    CHECK_INT(feedback_asked(st, &v_w1, rec, &ask), SVC_OK);
    CHECK_INT(ask, FEEDBACK_GIVEN);
    CHECK_INT(feedback_give(st, &w1, rec, good, "Again", &e), SVC_CONFLICT);
    CHECK_INT(feedback_not_now(st, &w1, rec, &e), SVC_CONFLICT);
}

static void test_anonymity(Store *s)
{
    organisation(s);
    more_people();
    day = 1;
    /* Nine people answer, in this order, each with a comment naming their place in it. */
    const char *who[] = {"W1", "W2", "K1", "K2", "K3", "K4", "K5", "Z1", "Z2"};
    const size_t n = sizeof who / sizeof *who;
    FeedbackReport r;
    for (size_t i = 0; i < 4; i++) {
        char comment[16];
        strfmt(comment, sizeof comment, "order-%zu", i);
        CHECK_INT(answer(who[i], signed_record(who[i]), i % 2 ? "2" : "4", comment), SVC_OK);
    }
    /* Four people: nothing at all, to anyone. */
    CHECK_INT(team_why(&v_m1, "Team A", &r), FEEDBACK_TOO_FEW);
    CHECK_INT(r.whole.people, 0);
    CHECK_INT(r.whole.answers, 0);
    CHECK_INT(r.whole.ncomments, 0);
    CHECK_STR(r.whole.mean[0], "");
    feedback_report_free(&r);
    SvcActor sen = later(&v_senior);
    SvcError e = {0};
    CHECK_INT(feedback_service_report(st, &sen, "Children", "", &r, &e), SVC_OK);
    CHECK_INT(r.whole.why, FEEDBACK_TOO_FEW);
    CHECK_INT(r.whole.answers, 0);
    feedback_report_free(&r);
    /* A second record of W1's: still four people. */
    CHECK_INT(answer("W1", signed_record("W1"), "3", ""), SVC_OK);
    CHECK_INT(team_why(&v_m1, "Team A", &r), FEEDBACK_TOO_FEW);
    feedback_report_free(&r);
    for (size_t i = 4; i < n; i++) {
        char comment[16];
        strfmt(comment, sizeof comment, "order-%zu", i);
        CHECK_INT(answer(who[i], signed_record(who[i]), i % 2 ? "2" : "4", comment), SVC_OK);
    }
    /* Team A: seven people, eight answers (4 2 4 2 4 2 4, and W1's 3). */
    CHECK_INT(team_why(&v_m1, "Team A", &r), FEEDBACK_SHOWN);
    CHECK_INT(r.whole.people, 7);
    CHECK_INT(r.whole.answers, 8);
    CHECK_STR(r.whole.mean[2], "3.1"); /* 25 / 8 */
    CHECK_INT(r.whole.count[0][3], 4);
    CHECK_INT(r.whole.count[0][1], 3);
    CHECK_INT(r.whole.count[0][2], 1);
    CHECK_INT(r.whole.ncomments, 7);
    feedback_report_free(&r);
    /* The service: Team C's two people would be its whole less Team A. */
    CHECK_INT(feedback_service_report(st, &sen, "Children", "", &r, &e), SVC_OK);
    CHECK_INT(r.whole.why, FEEDBACK_WOULD_REVEAL);
    CHECK_INT(r.whole.answers, 0);
    CHECK_INT(r.nteams, 2);
    CHECK_STR(r.teams[0].name, "Team A");
    CHECK_INT(r.teams[0].why, FEEDBACK_SHOWN);
    CHECK_STR(r.teams[1].name, "Team C");
    CHECK_INT(r.teams[1].why, FEEDBACK_TOO_FEW);
    CHECK_INT(r.teams[1].answers, 0);
    CHECK_INT(r.teams[1].ncomments, 0);
    CHECK_INT(r.nquarters, 1);
    CHECK_STR(r.quarters[0], "2026-Q4");
    feedback_report_free(&r);
    /* The quarter that has not ended shows nothing. */
    SvcActor m1 = as(&v_m1);
    CHECK_INT(feedback_team_report(st, &m1, "Team A", "2026-Q4", &r, &e), SVC_OK);
    CHECK_INT(r.whole.why, FEEDBACK_NOT_ENDED);
    CHECK_INT(r.whole.answers, 0);
    feedback_report_free(&r);
    CHECK_INT(feedback_team_report(st, &m1, "Team A", "2026-Q5", &r, &e), SVC_INVALID);
    CHECK_STR(e.field, "quarter");
    /* Who may see: the team's manager, the service's senior managers and
     * auditors; not a worker, not the line above the manager, not
     * another service's; a service only to its senior managers. */
    SvcActor w1 = later(&v_w1), l1 = later(&v_l1), x1 = later(&v_x1), aud = later(&v_auditor), lm1 = later(&v_m1);
    CHECK_INT(feedback_team_report(st, &w1, "Team A", "", &r, &e), SVC_REFUSED);
    CHECK_INT(feedback_team_report(st, &l1, "Team A", "", &r, &e), SVC_REFUSED);
    CHECK_INT(feedback_team_report(st, &x1, "Team A", "", &r, &e), SVC_REFUSED);
    CHECK_INT(feedback_team_report(st, &x1, "No such team", "", &r, &e), SVC_REFUSED);
    CHECK_INT(feedback_team_report(st, &aud, "Team A", "", &r, &e), SVC_OK);
    feedback_report_free(&r);
    CHECK_INT(feedback_service_report(st, &lm1, "Children", "", &r, &e), SVC_REFUSED);
    CHECK_INT(feedback_service_report(st, &aud, "Children", "", &r, &e), SVC_OK);
    feedback_report_free(&r);

    /* The answers' table holds no person, record, session or time. */
    StoreRows *q = store_query(st, STMT_COPY_SCHEMA, NULL, 0);
    CHECK(q != NULL);
    const char *allowed[] = {"id", "team_ref", "service_ref", "quarter", "q1", "q2", "q3", "q4", "comment"};
    size_t columns = 0;
    while (q && store_next(q) == 1) {
        size_t len;
        const char *table = store_col_text(q, 0, &len);
        if (len != strlen("feedback_answers") || memcmp(table, "feedback_answers", len) != 0) continue;
        char col[64];
        svc_col_copy(q, 1, col, sizeof col);
        bool known = false;
        for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++) known = known || strcmp(col, allowed[i]) == 0;
        if (!known) fprintf(stderr, "  feedback_answers has a column %s\n", col);
        CHECK(known);
        columns++;
    }
    if (q) store_rows_close(q);
    CHECK_INT(columns, sizeof allowed / sizeof *allowed);
    /* Read as a copy or an export reads it (in key order), the answers do
     * not come in the order they were given, and their keys are random. */
    q = store_query(st, STMT_COPY_FEEDBACK_ANSWERS_READ, NULL, 0);
    CHECK(q != NULL);
    size_t rows = 0, in_order = 0, with_comment = 0;
    char prev_id[64] = "";
    while (q && store_next(q) == 1) {
        char id[64], comment[32];
        svc_col_copy(q, 0, id, sizeof id);
        svc_col_copy(q, 8, comment, sizeof comment);
        CHECK_INT(strlen(id), TOKEN_CHARS);
        CHECK(strcmp(prev_id, id) < 0);
        strfmt(prev_id, sizeof prev_id, "%s", id);
        if (comment[0]) {
            char want[16];
            strfmt(want, sizeof want, "order-%zu", with_comment);
            in_order += strcmp(comment, want) == 0;
            with_comment++;
        }
        rows++;
    }
    if (q) store_rows_close(q);
    CHECK_INT(rows, n + 1);
    CHECK_INT(with_comment, n);
    CHECK(in_order < n); /* all nine in the order given: one chance in 362880 */
}

static void test_caseload(Store *s)
{
    organisation(s);
    int watch, max;
    CHECK_INT(caseload_level(pol, "social-worker", 17, &watch, &max), CASELOAD_WITHIN);
    CHECK_INT(watch, 18);
    CHECK_INT(max, 22);
    CHECK_INT(caseload_level(pol, "social-worker", 18, &watch, &max), CASELOAD_WATCH);
    CHECK_INT(caseload_level(pol, "social-worker", 22, &watch, &max), CASELOAD_WATCH);
    CHECK_INT(caseload_level(pol, "social-worker", 23, &watch, &max), CASELOAD_OVER);
    CHECK_INT(caseload_level(pol, "manager", 40, &watch, &max), CASELOAD_NOT_JUDGED);
    CHECK_INT(caseload_level(pol, "no-such-role", 40, &watch, &max), CASELOAD_NOT_JUDGED);
    CaseloadList l;
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), x1 = as(&v_x1), sen = as(&v_senior);
    CHECK_INT(caseload_team(st, &m1, "Team A", &l), SVC_OK);
    CHECK_INT(l.n, 3);
    for (size_t i = 0; i < l.n; i++)
        if (strcmp(l.rows[i].id, "W1") == 0) CHECK_INT(l.rows[i].cases, 2); /* C4 is closed */
    caseload_list_free(&l);
    CHECK_INT(caseload_team(st, &x1, "Team A", &l), SVC_REFUSED);
    CHECK_INT(caseload_service(st, &m1, "Children", &l), SVC_REFUSED);
    CHECK_INT(caseload_service(st, &sen, "Children", &l), SVC_OK);
    CHECK_INT(l.n, 3);
    caseload_list_free(&l);
    CHECK_INT(caseload_mine(st, &w1, &l), SVC_OK);
    CHECK_INT(l.n, 1);
    CHECK_INT(l.rows[0].cases, 2);
    CHECK_INT(l.rows[0].level, CASELOAD_WITHIN);
    caseload_list_free(&l);
}

static void test_workload(Store *s)
{
    organisation(s);
    SvcActor w1 = as(&v_w1), m1 = as(&v_m1), l1 = as(&v_l1), w2 = as(&v_w2);
    SvcError e = {0};
    int64_t ref = 0;
    CHECK_INT(workload_raise(st, &w1, "  ", &ref, &e), SVC_INVALID);
    CHECK_STR(e.field, "text");
    CHECK_INT(workload_raise(st, &w1, "Twenty-five cases and two in court", &ref, &e), SVC_OK);
    WorkloadList l;
    /* With M1, W1's supervisor, for the policy's 5 days. */
    CHECK_INT(workload_with_me(st, &m1, &l), SVC_OK);
    CHECK_INT(l.n, 1);
    CHECK_INT(l.items[0].level, 0);
    CHECK_STR(l.items[0].respond_by, "2026-11-28");
    workload_list_free(&l);
    CHECK_INT(workload_with_me(st, &l1, &l), SVC_OK);
    CHECK_INT(l.n, 0);
    workload_list_free(&l);
    CHECK_INT(workload_get(st, &w2, ref, &l), SVC_NOT_FOUND); /* another worker */
    CHECK_INT(workload_get(st, &l1, ref, &l), SVC_NOT_FOUND); /* not yet gone up to them */
    CHECK_INT(workload_respond(st, &l1, ref, "We will", &e), SVC_NOT_FOUND);
    CHECK_INT(workload_respond(st, &w1, ref, "Myself", &e), SVC_NOT_FOUND);
    /* Unanswered past the time: M1's line manager, L1, has it. */
    SvcActor l1_late = l1, m1_late = m1;
    l1_late.today = m1_late.today = today + 6;
    CHECK_INT(workload_with_me(st, &l1_late, &l), SVC_OK);
    CHECK_INT(l.n, 1);
    CHECK_INT(l.items[0].level, 1);
    workload_list_free(&l);
    /* Past it twice: the senior managers of Children. */
    SvcActor sen_late = as(&v_senior);
    sen_late.today = today + 12;
    CHECK_INT(workload_with_me(st, &sen_late, &l), SVC_OK);
    CHECK_INT(l.n, 1);
    CHECK_INT(l.items[0].level, 2);
    workload_list_free(&l);
    WorkloadFigures f;
    CHECK_INT(workload_service(st, &sen_late, "Children", &f), SVC_OK);
    CHECK_INT(f.open, 1);
    CHECK_INT(f.gone_up, 1);
    CHECK_INT(workload_service(st, &m1, "Children", &f), SVC_REFUSED);
    /* The line manager answers; a second answer is a conflict. */
    CHECK_INT(workload_respond(st, &l1_late, ref, "", &e), SVC_INVALID);
    CHECK_STR(e.field, "response");
    CHECK_INT(workload_respond(st, &l1_late, ref, "Two cases move to K", &e), SVC_OK);
    CHECK_INT(workload_respond(st, &m1_late, ref, "Too", &e), SVC_CONFLICT);
    CHECK_INT(workload_mine(st, &w1, &l), SVC_OK);
    CHECK_INT(l.n, 1);
    CHECK_STR(l.items[0].status, "answered");
    CHECK_STR(l.items[0].response, "Two cases move to K");
    workload_list_free(&l);
    CHECK_INT(workload_service(st, &sen_late, "Children", &f), SVC_OK);
    CHECK_INT(f.open, 0);
    CHECK_INT(f.answered, 1);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_asking);
    RUN_STORES(test_anonymity);
    RUN_STORES(test_caseload);
    RUN_STORES(test_workload);
    fixture_done();
    TEST_DONE();
}
