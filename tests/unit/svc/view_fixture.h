/* view_fixture.h: the small organisation the service tests (test_view_*.c,
 * test_svc.c, test_choices.c and others) look at. It builds data only: each test runs on a new,
 * empty database of each backend (RUN_STORES, test.h) and starts by
 * calling organisation(s) on it. Included by each test file; everything
 * here is static.
 *
 *   Directorate (no service): L1 and S9, service managers
 *   Team A (service Children, managed by M1): M1 (supervised by L1),
 *       W1 and W2 (supervised by M1)
 *   Team B (service Adults, managed by L1): X1 (supervised by L1)
 *   Cases: C1, C2 and C4 (closed) of W1, C3 of W2
 *   Session S1: M1 with W1, in which C1 was discussed.
 *
 * Viewers: v_m1, v_w1, v_w2, v_l1, v_x1 (staff with no granted roles),
 * v_auditor, v_senior (S9's account: senior manager of Children) and
 * v_unlinked (an account with no staff record).
 *
 *     int main(void)
 *     {
 *         if (!fixture_init()) return 1;
 *         RUN_STORES(test_...);
 *         fixture_done();
 *         TEST_DONE();
 *     }
 */
#ifndef OV_TEST_VIEW_FIXTURE_H
#define OV_TEST_VIEW_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "svc/accounts.h"
#include "svc/import.h"
#include "svc/staff.h"
#include "svc/view.h"
#include "test.h"

/* The staff file of the organisation above. A test that wants more people
 * imports it again with its own rows appended (an import updates the rows
 * it names and adds the others), each ending in its left_date, empty for
 * someone still employed:
 *     fixture_import(IMPORT_STAFF, "staff.csv", FIXTURE_STAFF_CSV "K1,...,2020-01-01,\n"); */
#define FIXTURE_STAFF_CSV                                                                                              \
    "id,name,role,team,supervisor,line_manager,start_date,left_date\n"                                                 \
    "L1,Lee Head,service-manager,Directorate,,,2019-01-01,\n"                                                          \
    "M1,Mo Manager,manager,Team A,L1,L1,2020-01-01,\n"                                                                 \
    "W1,Wyn Worker,social-worker,Team A,M1,M1,2021-01-01,\n"                                                           \
    "W2,Wren Worker,social-worker,Team A,M1,M1,2021-01-01,\n"                                                          \
    "X1,Xan Outsider,social-worker,Team B,L1,L1,2021-01-01,\n"                                                         \
    "S9,Sol Senior,service-manager,Directorate,,,2019-01-01,\n"

static Store *st; /* the test's database, as organisation() was given it */
static Policy *pol;
static Date today;
static Viewer v_m1, v_w1, v_w2, v_l1, v_x1, v_auditor, v_senior, v_unlinked;

/* The policy, the day and the accounts module, the same for every test;
 * false (and "Bail out!") if they cannot be had. */
static bool fixture_init(void)
{
    char err[256] = "";
    pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    if (!pol || !accounts_init()) {
        printf("Bail out! the default policy or the accounts module: %s\n", pol ? "" : err);
        return false;
    }
    today = date_from_ymd(2026, 11, 23);
    return true;
}

static void fixture_done(void)
{
    policy_free(pol);
    pol = NULL;
}

static void fixture_import(ImportKind kind, const char *name, const char *text)
{
    CsvReader *r = csv_new_mem(text, strlen(text));
    ImportReport rep = {0};
    int rc = import_run(st, pol, kind, r, name, &rep);
    if (rc != IMPORT_OK)
        for (size_t i = 0; i < rep.nerrors; i++) fprintf(stderr, "  %s\n", rep.errors[i]);
    CHECK_INT(rc, IMPORT_OK);
    import_report_free(&rep);
    csv_free(r);
}

static int64_t ref_of(const char *id)
{
    Staff s;
    CHECK_INT(staff_load_id(st, id, &s), 1);
    return s.ref;
}

static Viewer viewer_of(const char *id)
{
    Viewer v;
    CHECK_INT(access_load(st, 0, ref_of(id), &v), STORE_OK);
    return v;
}

/* The actor a page or answer would pass for viewer v. */
static SvcActor as(const Viewer *v) { return (SvcActor){.viewer = v, .pol = pol, .today = today, .now = 1790000000}; }

/* The organisation above, made in the test's database s. */
static void organisation(Store *s)
{
    st = s;
    fixture_import(IMPORT_STAFF, "staff.csv", FIXTURE_STAFF_CSV);
    fixture_import(IMPORT_TEAMS, "teams.csv", "name,service,manager\nTeam A,Children,M1\nTeam B,Adults,L1\n");
    fixture_import(IMPORT_CASES, "cases.csv",
                   "id,category,worker,allocated_date,closed_date\n"
                   "C1,child-protection,W1,2026-01-01,\nC2,family-placement,W1,2026-01-01,\n"
                   "C3,child-in-need,W2,2026-01-01,\nC4,child-in-need,W1,2025-01-01,2026-06-01\n");
    fixture_import(IMPORT_SESSIONS, "sessions.csv", "id,date,supervisor,supervisee\nS1,2026-10-01,M1,W1\n");
    fixture_import(IMPORT_DISCUSSIONS, "discussions.csv", "session,case\nS1,C1\n");
    v_m1 = viewer_of("M1"), v_w1 = viewer_of("W1"), v_w2 = viewer_of("W2"), v_l1 = viewer_of("L1");
    v_x1 = viewer_of("X1");
    memset(&v_auditor, 0, sizeof v_auditor);
    v_auditor.user_ref = 99, v_auditor.auditor = true; /* as access_load makes one */
    memset(&v_unlinked, 0, sizeof v_unlinked);
    v_unlinked.user_ref = 98;
    char err[256];
    AccountRole senior = {"senior-manager", "Children"};
    CHECK_INT(account_add(st, "sol", "S9", "a long enough password", &senior, 1, err, sizeof err), ACCOUNT_OK);
    int64_t user = 0;
    Param u[] = {P_STR("sol")};
    CHECK_INT(store_query_int(st, STMT_ADMIN_USER_REF, u, 1, &user), 1);
    CHECK_INT(access_load(st, user, ref_of("S9"), &v_senior), STORE_OK);
    CHECK_INT(v_senior.nservices, 1);
}

/* Whether the due list holds a row of kind and id. */
static inline bool has_row(const DueList *l, DueKind kind, const char *id)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->rows[i].kind == kind && strcmp(l->rows[i].id, id) == 0) return true;
    return false;
}

#endif
