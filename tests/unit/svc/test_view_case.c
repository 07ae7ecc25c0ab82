/* test_view_case.c: one case and its decisions (view_case.h): whoever may
 * read the worker's supervision sees it; to anyone else it does not exist,
 * the same answer as for an id that is no case. */
#include "svc/view_case.h"
#include "view_fixture.h"

static void test_case_in_scope(Store *s)
{
    organisation(s);
    const Viewer *allowed[] = {&v_w1, &v_m1, &v_l1, &v_senior, &v_auditor};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        SvcActor a = as(allowed[i]);
        CaseView c;
        CHECK_INT(view_case(st, &a, "C1", 200, &c), SVC_OK);
        CHECK_STR(c.id, "C1");
        CHECK_STR(c.category, "child-protection");
        CHECK_STR(c.worker_id, "W1");
        CHECK_STR(c.worker_name, "Wyn Worker");
        CHECK_INT(c.worker_ref, ref_of("W1"));
        CHECK_STR(c.allocated_date, "2026-01-01");
        CHECK_STR(c.closed_date, "");
        CHECK(c.due != NULL);
        if (c.due) {
            CHECK_STR(c.due->id, "C1");
            CHECK(c.due->r.has_last);
            CHECK_INT(c.due->r.last, date_from_ymd(2026, 10, 1));
        }
        CHECK_INT(c.discussions.n, 1);
        if (c.discussions.n) CHECK_STR(c.discussions.entries[0].session, "S1");
        view_case_free(&c);
        Record notes;
        CHECK_INT(view_case_decisions(st, &a, "C1", 200, &notes), SVC_OK);
        CHECK_INT(notes.nnotes, 0);
        record_free(&notes);
    }
    /* A closed case is shown, and not due. */
    SvcActor a = as(&v_w1);
    CaseView c;
    CHECK_INT(view_case(st, &a, "C4", 200, &c), SVC_OK);
    CHECK_STR(c.closed_date, "2026-06-01");
    CHECK(c.due == NULL);
    CHECK_INT(c.discussions.n, 0);
    view_case_free(&c);
}

static void test_case_out_of_scope(Store *s)
{
    organisation(s);
    const Viewer *refused[] = {&v_w2, &v_x1, &v_unlinked};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        SvcActor a = as(refused[i]);
        CaseView c;
        CHECK_INT(view_case(st, &a, "C1", 200, &c), SVC_NOT_FOUND);
        Record notes;
        CHECK_INT(view_case_decisions(st, &a, "C1", 200, &notes), SVC_NOT_FOUND);
    }
}

static void test_case_not_found(Store *s)
{
    organisation(s);
    SvcActor a = as(&v_auditor);
    CaseView c;
    CHECK_INT(view_case(st, &a, "NO-SUCH-CASE", 200, &c), SVC_NOT_FOUND);
    Record notes;
    CHECK_INT(view_case_decisions(st, &a, "NO-SUCH-CASE", 200, &notes), SVC_NOT_FOUND);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_case_in_scope);
    RUN_STORES(test_case_out_of_scope);
    RUN_STORES(test_case_not_found);
    fixture_done();
    TEST_DONE();
}
