/* test_admin_import.c: an admin's import (admin_import, svc/admin.h) on
 * both databases (RUN_STORES, test.h): the rows, the import log entry and
 * the audit row are saved in one transaction, so a store that fails after
 * the rows were written and before the commit keeps none of them; the
 * command line and the admin page leave the same audit row; a refused file
 * leaves nothing at all, and so does a file naming a session that
 * supervision made. (Through the real binary and server:
 * tests/cli/test_admin.sh, test_refusal.sh and test_import.sh.) */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svc/access.h"
#include "svc/accounts.h"
#include "svc/admin.h"
#include "svc/admin_view.h"
#include "svc/booking.h"
#include "svc/import.h"
#include "svc/record.h"
#include "svc/staff.h"
#include "svc/view.h"
#include "test.h"

static Store *st;
static Policy *pol;
static Viewer v_ada;   /* ada: the organisation's one admin */
static AdminActor web; /* ada at the admin page */
static AdminActor cli; /* the operator at the command line */

static const char *const CASES = "id,category,worker,allocated_date\n"
                                 "C1,child-in-need,W1,2026-01-05\n"
                                 "C2,child-protection,W1,2026-02-01\n";

/* One worker, and ada, the only admin. */
static void organisation(Store *s)
{
    st = s;
    const char *staff = "id,name,role,team,start_date\n"
                        "A1,Ada Admin,manager,Team A,2020-01-01\n"
                        "W1,Wyn Worker,social-worker,Team A,2021-01-01\n";
    CsvReader *r = csv_new_mem(staff, strlen(staff));
    ImportReport rep;
    CHECK_INT(import_run(st, pol, IMPORT_STAFF, r, "staff.csv", &rep), IMPORT_OK);
    import_report_free(&rep);
    csv_free(r);
    char err[256];
    AccountRole admin = {"admin", ""};
    CHECK_INT(account_add(st, "ada", "A1", "a long enough password", &admin, 1, err, sizeof err), ACCOUNT_OK);
    Param p[] = {P_STR("ada")};
    int64_t ref = 0;
    CHECK_INT(store_query_int(st, STMT_ADMIN_USER_REF, p, 1, &ref), 1);
    CHECK_INT(access_load(st, ref, 0, &v_ada), STORE_OK);
    web = (AdminActor){.viewer = &v_ada, .now = 1790000000};
    cli = (AdminActor){.operator= "command line (unix user tester)", .now = 1790000100};
}

/* Imports text as name through admin_import by a. */
static SvcResult import_as(const AdminActor *a, ImportKind kind, const char *name, const char *text, ImportReport *rep)
{
    CsvReader *r = csv_new_mem(text, strlen(text));
    SvcError e = {0};
    SvcResult rc = admin_import(st, a, pol, kind, r, name, rep, &e);
    csv_free(r);
    return rc;
}

static size_t audit_rows(void)
{
    AuditLog log;
    CHECK_INT(admin_audit_log(st, &cli, &log), SVC_OK);
    size_t n = log.n;
    admin_audit_log_free(&log);
    return n;
}

/* The latest audit row as "action|detail|who". */
static void last_audit(char *out, size_t n)
{
    AuditLog log;
    CHECK_INT(admin_audit_log(st, &cli, &log), SVC_OK);
    CHECK(log.n > 0);
    strfmt(out, n, "%s", "");
    if (log.n) strfmt(out, n, "%s|%s|%s", log.items[0].action, log.items[0].detail, log.items[0].who);
    admin_audit_log_free(&log);
}

/* How many entries the import log holds. */
static size_t imports_logged(void)
{
    ImportLog log;
    CHECK_INT(admin_imports(st, &cli, &log), SVC_OK);
    size_t n = log.n;
    admin_imports_free(&log);
    return n;
}

static bool case_exists(const char *id)
{
    Param p[] = {P_STR(id)};
    int64_t ref = 0;
    return store_query_int(st, STMT_CASE_FIND, p, 1, &ref) == 1;
}

/* The command line and the admin page: the same row but for the actor;
 * the import log stamped with the actor's time. */
static void test_both_doors(Store *s)
{
    organisation(s);
    ImportReport rep;
    char from_cli[400], from_web[400];
    CHECK_INT(import_as(&cli, IMPORT_CASES, "cases.csv", CASES, &rep), SVC_OK);
    CHECK_INT(rep.rows, 2);
    import_report_free(&rep);
    last_audit(from_cli, sizeof from_cli);
    CHECK_INT(import_as(&web, IMPORT_CASES, "cases.csv", CASES, &rep), SVC_OK);
    import_report_free(&rep);
    last_audit(from_web, sizeof from_web);
    CHECK_STR(from_cli, "import|cases file cases.csv: 2 rows|command line (unix user tester)");
    CHECK_STR(from_web, "import|cases file cases.csv: 2 rows|ada");
    CHECK_INT(audit_rows(), 2);
    CHECK(case_exists("C1") && case_exists("C2"));
    ImportLog log;
    CHECK_INT(admin_imports(st, &cli, &log), SVC_OK);
    CHECK_INT(log.n, 3); /* the staff, then the cases twice */
    /* The same text on both backends, as admin_view.h promises. */
    if (log.n == 3) {
        CHECK_STR(log.items[0].imported_at, "2026-09-21T14:13:20Z"); /* web.now */
        CHECK_STR(log.items[1].imported_at, "2026-09-21T14:15:00Z"); /* cli.now */
    }
    admin_imports_free(&log);
}

/* A file with problems, or an actor who is not an admin: nothing written,
 * not even an audit row. */
static void test_refused(Store *s)
{
    organisation(s);
    ImportReport rep;
    const char *bad = "id,category,worker,allocated_date\n"
                      "C1,child-in-need,W1,2026-01-05\n"
                      "C2,wizardry,W1,2026-02-01\n";
    CHECK_INT(import_as(&web, IMPORT_CASES, "cases.csv", bad, &rep), SVC_INVALID);
    CHECK_INT(rep.nerrors, 1);
    if (rep.nerrors) CHECK_HAS(rep.errors[0], "cases.csv:3: category \"wizardry\"");
    import_report_free(&rep);

    Viewer nobody = v_ada;
    nobody.admin = false;
    AdminActor not_admin = {.viewer = &nobody, .now = 1790000200};
    CHECK_INT(import_as(&not_admin, IMPORT_CASES, "cases.csv", CASES, &rep), SVC_REFUSED);
    import_report_free(&rep);

    CHECK(!case_exists("C1"));
    CHECK_INT(imports_logged(), 1); /* the staff */
    CHECK_INT(audit_rows(), 0);
}

/* The store refuses the audit row, after every row of the file was
 * written: the rows, the import log entry and the audit row are all gone,
 * and the report ends as the command line's does. */
static void test_audit_write_fails(Store *s)
{
    organisation(s);
    test_db_exec(
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN RAISE EXCEPTION 'refused by the test'; END $$;"
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()");
    ImportReport rep;
    CHECK_INT(import_as(&cli, IMPORT_CASES, "cases.csv", CASES, &rep), SVC_FAILED);
    CHECK(rep.nerrors > 0);
    if (rep.nerrors) {
        const char *last = rep.errors[rep.nerrors - 1];
        CHECK_HAS(last, "cases.csv: the database could not be written: ");
        CHECK_HAS(last, "refused by the test");
        CHECK_HAS(last, "; nothing was imported");
    }
    import_report_free(&rep);
    CHECK(!case_exists("C1"));
    CHECK(!case_exists("C2"));
    CHECK_INT(imports_logged(), 1);
    CHECK_INT(audit_rows(), 0);

    /* The store takes writes again once the trigger goes. */
    test_db_exec("DROP TRIGGER refuse_audit", "DROP TRIGGER refuse_audit ON audit_log");
    CHECK_INT(import_as(&cli, IMPORT_CASES, "cases.csv", CASES, &rep), SVC_OK);
    import_report_free(&rep);
    CHECK(case_exists("C1"));
    CHECK_INT(audit_rows(), 1);
}

/* PostgreSQL: a check deferred to the commit fails it, after the audit row
 * was written: nothing is kept either. */
static void test_commit_fails(Store *s)
{
    organisation(s);
    if (!test_db.pg) {
        CHECK(true); /* SQLite checks nothing at commit that a test can make fail */
        return;
    }
    test_db_exec(NULL, "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$"
                       " BEGIN RAISE EXCEPTION 'refused at commit by the test'; END $$;"
                       "CREATE CONSTRAINT TRIGGER refuse_audit AFTER INSERT ON audit_log DEFERRABLE INITIALLY DEFERRED"
                       " FOR EACH ROW EXECUTE FUNCTION refuse_audit()");
    ImportReport rep;
    CHECK_INT(import_as(&web, IMPORT_CASES, "cases.csv", CASES, &rep), SVC_FAILED);
    CHECK(rep.nerrors > 0);
    if (rep.nerrors) CHECK_HAS(rep.errors[rep.nerrors - 1], "refused at commit by the test");
    import_report_free(&rep);
    CHECK(!case_exists("C1"));
    CHECK_INT(imports_logged(), 1);
    CHECK_INT(audit_rows(), 0);
}

/* W1's sessions as "id date type status supervisor;" for each. */
static void sessions_of_w1(char *out, size_t n)
{
    Staff w1;
    CHECK_INT(staff_load_id(st, "W1", &w1), 1);
    Arena arena = {0};
    History h = {0};
    CHECK_INT(view_person_sessions(st, w1.ref, 20, &arena, &h), SVC_OK);
    Buf b = {0};
    buf_adds(&b, "");
    for (size_t i = 0; i < h.n; i++)
        buf_addf(&b, "%s %s %s %s %s;", h.entries[i].session, h.entries[i].date, h.entries[i].type, h.entries[i].status,
                 h.entries[i].supervisor_id);
    strfmt(out, n, "%s", b.data);
    buf_free(&b);
    view_history_free(&h);
    arena_free(&arena);
}

/* A session supervision made (booked, held, its record signed by both):
 * a sessions file naming it (to move it, change its supervisor, status
 * and attendee) and a discussions file adding to it are refused with the
 * line, and nothing of either file is written. */
static void test_recorded_session(Store *s)
{
    organisation(s);
    ImportReport rep;
    CHECK_INT(import_as(&cli, IMPORT_STAFF, "staff.csv",
                        "id,name,role,team,supervisor,line_manager,start_date\n"
                        "A1,Ada Admin,manager,Team A,,,2020-01-01\n"
                        "W1,Wyn Worker,social-worker,Team A,A1,A1,2021-01-01\n",
                        &rep),
              SVC_OK);
    import_report_free(&rep);
    CHECK_INT(import_as(&cli, IMPORT_CASES, "cases.csv", CASES, &rep), SVC_OK);
    import_report_free(&rep);
    Staff a1, w1;
    CHECK_INT(staff_load_id(st, "A1", &a1), 1);
    CHECK_INT(staff_load_id(st, "W1", &w1), 1);
    Viewer va, vw;
    CHECK_INT(access_load(st, 0, a1.ref, &va), STORE_OK);
    CHECK_INT(access_load(st, 0, w1.ref, &vw), STORE_OK);
    SvcActor sup = {.viewer = &va, .pol = pol, .today = date_from_ymd(2026, 11, 2), .now = 1790000000};
    SvcActor see = {.viewer = &vw, .pol = pol, .today = date_from_ymd(2026, 11, 9), .now = 1790000100};
    BookingInput in = {.supervisee_ref = w1.ref,
                       .date = "2026-11-09",
                       .start_time = "10:00",
                       .minutes = "",
                       .place = "Room 2"};
    int64_t booking = 0, record = 0;
    char warning[300];
    SvcError e = {0};
    CHECK_INT(booking_add(st, &sup, &in, &booking, warning, sizeof warning, &e), SVC_OK);
    sup.today = date_from_ymd(2026, 11, 9);
    CHECK_INT(record_start(st, &sup, booking, &record, &e), SVC_OK);
    CHECK_INT(record_send(st, &sup, record, &e), SVC_OK);
    CHECK_INT(record_sign(st, &see, record, &e), SVC_OK);

    char before[400], after[400];
    sessions_of_w1(before, sizeof before);
    char id[40] = "";
    sscanf(before, "%39s", id);
    CHECK_HAS(before, " 2026-11-09 individual held A1;");
    char file[600], want[300];
    strfmt(file, sizeof file,
           "id,date,supervisor,supervisee,status\n"
           "I1,2026-10-01,A1,W1,held\n"
           "%s,2026-11-10,W1,W1,cancelled\n",
           id);
    CHECK_INT(import_as(&web, IMPORT_SESSIONS, "sessions.csv", file, &rep), SVC_INVALID);
    CHECK_INT(rep.nerrors, 1);
    strfmt(want, sizeof want, "sessions.csv:3: id \"%s\": was recorded in the application", id);
    if (rep.nerrors) CHECK_HAS(rep.errors[0], want);
    import_report_free(&rep);

    strfmt(file, sizeof file, "session,case\n%s,C2\n", id);
    CHECK_INT(import_as(&cli, IMPORT_DISCUSSIONS, "discussions.csv", file, &rep), SVC_INVALID);
    CHECK_INT(rep.nerrors, 1);
    strfmt(want, sizeof want, "discussions.csv:2: session \"%s\": was recorded in the application", id);
    if (rep.nerrors) CHECK_HAS(rep.errors[0], want);
    import_report_free(&rep);

    sessions_of_w1(after, sizeof after);
    CHECK_STR(after, before); /* not moved, not cancelled, and I1 not written either */
    Record r;
    CHECK_INT(record_get(st, &va, record, 0, &r), SVC_OK);
    CHECK_STR(r.state, "signed");
    CHECK_INT(r.supervisor_ref, a1.ref);
    CHECK_STR(r.date, "2026-11-09");
    record_free(&r);
    CHECK_INT(imports_logged(), 3); /* the staff twice and the cases: neither refused file */
}

/* A file is read and checked before the write lock is taken: one with a
 * problem is refused at once, naming its line, while another writer holds
 * the lock (before, it waited for the lock and failed as a store error). */
static void test_checked_before_locking(Store *s)
{
    organisation(s);
    Store *holder = test_store_open();
    CHECK_INT(store_begin(holder), STORE_OK);
    ImportReport rep;
    time_t start = time(NULL);
    const char *bad = "id,category,worker,allocated_date\nC1,child-in-need,NOSUCH,2026-01-05\n";
    CHECK_INT(import_as(&web, IMPORT_CASES, "cases.csv", bad, &rep), SVC_INVALID);
    CHECK(time(NULL) - start <= 2);
    CHECK(rep.nerrors == 1 && strstr(rep.errors[0], "cases.csv:2: worker \"NOSUCH\"") != NULL);
    import_report_free(&rep);
    store_rollback(holder);
    store_close(holder);
}

/* A staff file is written in bulk, like the others: on PostgreSQL a few
 * statements for the file (a COPY and a set statement for the rows, then
 * for the links), not a round trip or two per row; on both backends with a
 * link to a row further down the file resolved and a row that names no one
 * losing the links it had. */
static int64_t staff_ref_of(Store *s, const char *id)
{
    Staff one;
    CHECK_INT(staff_load_id(s, id, &one), 1);
    return one.ref;
}

static void test_staff_in_bulk(Store *s)
{
    organisation(s);
    Buf f = {0};
    buf_adds(&f, "id,name,role,team,supervisor,line_manager,start_date,left_date\n");
    buf_adds(&f, "W1,Wyn Worker,social-worker,Team A,M300,M300,2021-01-01,\n");
    for (int i = 2; i < 300; i++)
        buf_addf(&f, "W%d,Worker %d,social-worker,Team B,M300,,2021-01-01,2026-03-31\n", i, i);
    buf_adds(&f, "M300,Mo Manager,manager,Team A,,,2020-01-01,\n");
    ImportReport rep;
    store_cost_take(s);
    CsvReader *r = csv_new_mem(f.data, f.len);
    CHECK_INT(import_run(s, pol, IMPORT_STAFF, r, "staff.csv", &rep), IMPORT_OK);
    csv_free(r);
    import_report_free(&rep);
    StoreCost c = store_cost_take(s);
    /* SQLite runs a bulk row by row through its prepared statements (no
     * round trips to save), so the count is PostgreSQL's. */
    if (strcmp(store_backend_name(s), "postgresql") == 0) {
        if (c.statements > 30) fprintf(stderr, "  300 staff rows: %lld statements\n", (long long)c.statements);
        CHECK(c.statements <= 30);
    }
    Staff w;
    CHECK_INT(staff_load_id(s, "W1", &w), 1);
    CHECK_INT(w.supervisor_ref, staff_ref_of(s, "M300"));
    CHECK_INT(w.line_manager_ref, staff_ref_of(s, "M300"));
    CHECK_INT(staff_load_id(s, "W299", &w), 1);
    CHECK_INT(w.supervisor_ref, staff_ref_of(s, "M300"));
    CHECK_INT(w.line_manager_ref, 0);
    CHECK(w.has_left);
    /* W1 again, naming no one: its links go. */
    const char *again = "id,name,role,team,start_date\nW1,Wyn Worker,social-worker,Team A,2021-01-01\n";
    r = csv_new_mem(again, strlen(again));
    CHECK_INT(import_run(s, pol, IMPORT_STAFF, r, "staff.csv", &rep), IMPORT_OK);
    csv_free(r);
    import_report_free(&rep);
    CHECK_INT(staff_load_id(s, "W1", &w), 1);
    CHECK_INT(w.supervisor_ref, 0);
    CHECK_INT(w.line_manager_ref, 0);
    buf_free(&f);
}

int main(void)
{
    char err[256];
    pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    if (!pol || !accounts_init()) {
        printf("Bail out! the default policy or the accounts module: %s\n", pol ? "" : err);
        return 1;
    }
    RUN_STORES(test_both_doors);
    RUN_STORES(test_refused);
    RUN_STORES(test_audit_write_fails);
    RUN_STORES(test_commit_fails);
    RUN_STORES(test_recorded_session);
    RUN_STORES(test_checked_before_locking);
    RUN_STORES(test_staff_in_bulk);
    policy_free(pol);
    TEST_DONE();
}
