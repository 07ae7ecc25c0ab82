/* test_admin.c: the administration service (svc/admin.h) and its views
 * (svc/admin_view.h) called directly, on both databases (RUN_STORES,
 * test.h): who may change accounts, the lock-out rules through either
 * door (a signed-in admin, the command line), conflicts that leave nothing
 * written, and the audit row each change leaves in its own transaction.
 * (The same through the real binary and server: tests/cli/test_admin.sh.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/access.h"
#include "svc/accounts.h"
#include "svc/admin.h"
#include "svc/admin_view.h"
#include "svc/import.h"
#include "svc/setting.h"
#include "test.h"

static Store *st;
static Policy *pol;
static Viewer v_ada;   /* ada: the organisation's one admin, linked to staff A1 */
static AdminActor web; /* ada at the admin pages */
static AdminActor cli; /* the operator at the command line */
static const char *const OPERATOR = "command line (unix user tester)";

static void import_text(ImportKind kind, const char *name, const char *text)
{
    CsvReader *r = csv_new_mem(text, strlen(text));
    ImportReport rep = {0};
    int rc = import_run(st, pol, kind, r, name, &rep);
    for (size_t i = 0; i < rep.nerrors; i++) fprintf(stderr, "  %s\n", rep.errors[i]);
    CHECK_INT(rc, IMPORT_OK);
    import_report_free(&rep);
    csv_free(r);
}

static int64_t user_ref(const char *username)
{
    Param p[] = {P_STR(username)};
    int64_t ref = 0;
    CHECK_INT(store_query_int(st, STMT_ADMIN_USER_REF, p, 1, &ref), 1);
    return ref;
}

static int64_t audit_rows(void)
{
    AuditLog log;
    CHECK_INT(admin_audit_log(st, &cli, &log), SVC_OK);
    int64_t n = (int64_t)log.n;
    admin_audit_log_free(&log);
    return n;
}

/* The latest audit row as "action|detail|who". */
static void last_audit(char *out, size_t n)
{
    AuditLog log;
    CHECK_INT(admin_audit_log(st, &cli, &log), SVC_OK);
    CHECK(log.n > 0);
    if (log.n) strfmt(out, n, "%s|%s|%s", log.items[0].action, log.items[0].detail, log.items[0].who);
    admin_audit_log_free(&log);
}

/* Two staff, two teams and ada, the only admin. */
static void organisation(Store *s)
{
    st = s;
    import_text(IMPORT_STAFF, "staff.csv",
                "id,name,role,team,supervisor,line_manager,start_date\n"
                "A1,Ada Admin,manager,Team A,,,2020-01-01\n"
                "W1,Wyn Worker,social-worker,Team A,A1,A1,2021-01-01\n"
                "W2,Wren Worker,social-worker,Team B,A1,A1,2021-01-01\n");
    import_text(IMPORT_TEAMS, "teams.csv", "name,service,manager\nTeam A,Children,A1\nTeam B,,\n");
    char err[256];
    AccountRole admin = {"admin", ""};
    CHECK_INT(account_add(st, "ada", "A1", "a long enough password", &admin, 1, err, sizeof err), ACCOUNT_OK);
    CHECK_INT(access_load(st, user_ref("ada"), 0, &v_ada), STORE_OK);
    CHECK(v_ada.admin);
    web = (AdminActor){.viewer = &v_ada, .now = 1790000000};
    cli = (AdminActor){.operator= OPERATOR, .now = 1790000100};
}

static SvcResult add_plain(const AdminActor *a, const char *username)
{
    SvcError e = {0};
    return admin_account_add(st, a, username, NULL, "a long enough password", NULL, 0, &e);
}

/* Nobody removes their own admin role or disables themselves. */
static void test_self(Store *s)
{
    organisation(s);
    CHECK_INT(add_plain(&cli, "bob"), SVC_OK);
    AccountRole admin = {"admin", ""};
    SvcError e = {0};
    CHECK_INT(admin_role_grant(st, &cli, "bob", &admin, &e), SVC_OK); /* ada is not the last admin now */
    int64_t before = audit_rows();
    CHECK_INT(admin_role_revoke(st, &web, "ada", &admin, &e), SVC_INVALID);
    CHECK_STR(e.message, "You cannot remove your own admin role");
    CHECK_STR(e.field, "role");
    CHECK_INT(admin_disable(st, &web, "ada", &e), SVC_INVALID);
    CHECK_STR(e.message, "You cannot disable your own account");
    CHECK_INT(audit_rows(), before);
    Viewer again;
    CHECK_INT(access_load(st, user_ref("ada"), 0, &again), STORE_OK);
    CHECK(again.admin);
    /* Another admin may. */
    CHECK_INT(admin_role_revoke(st, &cli, "ada", &admin, &e), SVC_OK);
}

/* The last active admin keeps the role and the account, through either door. */
static void test_last_admin(Store *s)
{
    organisation(s);
    AccountRole admin = {"admin", ""};
    SvcError e = {0};
    CHECK_INT(admin_role_revoke(st, &cli, "ada", &admin, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "ada is the last active admin and cannot lose the admin role");
    CHECK_INT(admin_disable(st, &cli, "ada", &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "cannot be disabled");
    CHECK_INT(audit_rows(), 0);

    /* A second admin, then the first goes: the second is the last. */
    AccountRole roles[] = {{"admin", ""}, {"auditor", ""}};
    CHECK_INT(admin_account_add(st, &web, "bob", "W1", "a long enough password", roles, 2, &e), SVC_OK);
    CHECK_INT(audit_rows(), 3); /* the account and each role */
    CHECK_INT(admin_disable(st, &cli, "ada", &e), SVC_OK);
    CHECK_INT(admin_role_revoke(st, &cli, "bob", &admin, &e), SVC_CONFLICT);
    CHECK_INT(admin_disable(st, &cli, "bob", &e), SVC_CONFLICT);
    /* A disabled admin is not one that keeps anyone able to administer. */
    CHECK_INT(admin_role_revoke(st, &cli, "ada", &admin, &e), SVC_OK);
    CHECK_INT(admin_enable(st, &cli, "ada", &e), SVC_OK);
}

/* Only admins change accounts or see the admin views; a role removed a
 * moment ago counts, even for a viewer loaded before. */
static void test_not_admin(Store *s)
{
    organisation(s);
    CHECK_INT(add_plain(&cli, "wyn"), SVC_OK);
    Viewer v_wyn;
    CHECK_INT(access_load(st, user_ref("wyn"), 0, &v_wyn), STORE_OK);
    AdminActor wyn = {.viewer = &v_wyn, .now = 1790000000};
    SvcError e = {0};
    CHECK_INT(admin_disable(st, &wyn, "ada", &e), SVC_REFUSED);
    CHECK_INT(add_plain(&wyn, "eve"), SVC_REFUSED);
    AdminAccounts list;
    CHECK_INT(admin_accounts(st, &wyn, &list), SVC_REFUSED);
    admin_accounts_free(&list);
    AuditLog log;
    CHECK_INT(admin_audit_log(st, &wyn, &log), SVC_REFUSED);
    admin_audit_log_free(&log);

    /* Wyn becomes an admin; a second admin removes the role again; Wyn's
     * viewer, loaded while an admin, no longer works. */
    AccountRole admin = {"admin", ""};
    CHECK_INT(admin_role_grant(st, &cli, "wyn", &admin, &e), SVC_OK);
    CHECK_INT(access_load(st, user_ref("wyn"), 0, &v_wyn), STORE_OK);
    CHECK(v_wyn.admin);
    CHECK_INT(admin_role_revoke(st, &web, "wyn", &admin, &e), SVC_OK);
    int64_t before = audit_rows();
    CHECK_INT(admin_disable(st, &wyn, "ada", &e), SVC_REFUSED);
    CHECK_INT(audit_rows(), before);
}

/* Each door leaves the same row but for the actor. */
static void test_audit_rows(Store *s)
{
    organisation(s);
    CHECK_INT(add_plain(&cli, "wyn"), SVC_OK);
    char from_cli[400], from_web[400];
    last_audit(from_cli, sizeof from_cli);
    CHECK_STR(from_cli, "account|account wyn added|command line (unix user tester)");
    AccountRole senior = {"senior-manager", "Children"};
    SvcError e = {0};
    CHECK_INT(admin_role_grant(st, &cli, "wyn", &senior, &e), SVC_OK);
    last_audit(from_cli, sizeof from_cli);
    CHECK_INT(admin_role_revoke(st, &cli, "wyn", &senior, &e), SVC_OK);
    CHECK_INT(admin_role_grant(st, &web, "wyn", &senior, &e), SVC_OK);
    last_audit(from_web, sizeof from_web);
    CHECK_STR(from_cli, "role|granted senior-manager:Children to wyn|command line (unix user tester)");
    CHECK_STR(from_web, "role|granted senior-manager:Children to wyn|ada");

    CHECK_INT(admin_password_reset(st, &web, "wyn", "another long password", &e), SVC_OK);
    last_audit(from_web, sizeof from_web);
    CHECK_STR(from_web, "account|password of wyn reset|ada");
    CHECK_INT(admin_two_factor_require(st, &cli, "wyn", &e), SVC_OK);
    last_audit(from_cli, sizeof from_cli);
    CHECK_STR(from_cli, "account|two-factor sign-in required of wyn|command line (unix user tester)");
    CHECK_INT(admin_staff_link(st, &web, "wyn", "W1", &e), SVC_OK);
    last_audit(from_web, sizeof from_web);
    CHECK_STR(from_web, "account|account wyn linked to staff W1|ada");
    CHECK_INT(admin_staff_link(st, &web, "wyn", "W2", &e), SVC_OK);
    last_audit(from_web, sizeof from_web);
    CHECK_STR(from_web, "account|account wyn linked to staff W2 (was W1)|ada");
    AdminTeamChange to = {"Adults", "W1"};
    CHECK_INT(admin_team_set(st, &web, "Team B", &to, NULL, &e), SVC_OK);
    last_audit(from_web, sizeof from_web);
    CHECK_STR(from_web, "team|team Team B: service \"Adults\", manager \"W1\"|ada");

    /* One row per change. */
    int64_t rows = 0;
    AuditLog log;
    CHECK_INT(admin_audit_log(st, &web, &log), SVC_OK);
    for (size_t i = 0; i < log.n; i++) rows += strcmp(log.items[i].detail, "account wyn added") == 0;
    admin_audit_log_free(&log);
    CHECK_INT(rows, 1);
}

/* A change that someone else's change made impossible meanwhile: a
 * conflict, nothing written, no audit row. */
static void test_conflicts(Store *s)
{
    organisation(s);
    CHECK_INT(add_plain(&cli, "wyn"), SVC_OK);
    SvcError e = {0};
    AccountRole auditor = {"auditor", ""};
    CHECK_INT(admin_role_grant(st, &web, "wyn", &auditor, &e), SVC_OK);
    CHECK_INT(admin_disable(st, &web, "wyn", &e), SVC_OK);
    CHECK_INT(admin_two_factor_require(st, &web, "wyn", &e), SVC_OK);
    int64_t before = audit_rows();
    CHECK_INT(admin_role_grant(st, &web, "wyn", &auditor, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "has the role auditor already");
    CHECK_INT(admin_role_revoke(st, &web, "wyn", &(AccountRole){"senior-manager", "Adults"}, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "may have been removed meanwhile");
    CHECK_INT(admin_disable(st, &cli, "wyn", &e), SVC_CONFLICT);
    CHECK_INT(admin_enable(st, &cli, "ada", &e), SVC_CONFLICT);
    CHECK_INT(admin_two_factor_require(st, &cli, "wyn", &e), SVC_CONFLICT);
    CHECK_INT(admin_two_factor_reset(st, &cli, "wyn", &e), SVC_CONFLICT);
    CHECK_INT(admin_staff_link(st, &cli, "wyn", NULL, &e), SVC_CONFLICT);
    CHECK_INT(admin_staff_link(st, &cli, "ada", "A1", &e), SVC_CONFLICT);
    /* A team form shown before someone else saved it. */
    AdminTeamChange to = {"Stale", ""}, shown = {"", ""};
    CHECK_INT(admin_team_set(st, &web, "Team A", &to, &shown, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "its service is now \"Children\" and its manager \"A1\"");
    AdminTeams teams;
    CHECK_INT(admin_team(st, &web, "Team A", &teams), SVC_OK);
    CHECK_STR(teams.items[0].service, "Children");
    admin_teams_free(&teams);
    shown = (AdminTeamChange){"Children", "A1"};
    CHECK_INT(audit_rows(), before);
    CHECK_INT(admin_team_set(st, &web, "Team A", &to, &shown, &e), SVC_OK);
    CHECK_INT(audit_rows(), before + 1);
}

/* Bad input names the field and writes nothing; unknown accounts and teams
 * are not found. */
static void test_invalid(Store *s)
{
    organisation(s);
    SvcError e = {0};
    AccountRole boss = {"boss", ""}, senior = {"senior-manager", ""}, scoped = {"auditor", "Children"};
    CHECK_INT(admin_account_add(st, &cli, "eve", NULL, "a long enough password", &boss, 1, &e), SVC_INVALID);
    CHECK_STR(e.field, "role");
    CHECK_HAS(e.message, "There is no role \"boss\"");
    CHECK_INT(admin_account_add(st, &cli, "eve", NULL, "a long enough password", &senior, 1, &e), SVC_INVALID);
    CHECK_STR(e.field, "scope");
    CHECK_INT(admin_account_add(st, &cli, "eve", NULL, "a long enough password", &scoped, 1, &e), SVC_INVALID);
    CHECK_INT(admin_account_add(st, &cli, "eve", NULL, "short", NULL, 0, &e), SVC_INVALID);
    CHECK_STR(e.field, "password");
    CHECK_INT(admin_account_add(st, &cli, "eve smith", NULL, "a long enough password", NULL, 0, &e), SVC_INVALID);
    CHECK_STR(e.field, "username");
    CHECK_INT(admin_account_add(st, &cli, "eve", "NOPE", "a long enough password", NULL, 0, &e), SVC_INVALID);
    CHECK_STR(e.field, "staff");
    CHECK_INT(admin_account_add(st, &cli, "eve", "A1", "a long enough password", NULL, 0, &e), SVC_INVALID);
    CHECK_HAS(e.message, "has an account already");
    CHECK_INT(admin_account_add(st, &cli, "ada", NULL, "a long enough password", NULL, 0, &e), SVC_INVALID);
    CHECK_HAS(e.message, "exists already");
    CHECK_INT(admin_disable(st, &cli, "nobody", &e), SVC_NOT_FOUND);
    CHECK_INT(admin_staff_link(st, &cli, "ada", "NOPE", &e), SVC_INVALID);
    AdminTeamChange to = {"", "NOBODY"};
    CHECK_INT(admin_team_set(st, &cli, "Team A", &to, NULL, &e), SVC_INVALID);
    CHECK_STR(e.field, "manager");
    CHECK_INT(admin_team_set(st, &cli, "No Team", &to, NULL, &e), SVC_NOT_FOUND);
    CHECK_INT(audit_rows(), 0);
    AdminAccounts all;
    CHECK_INT(admin_accounts(st, &cli, &all), SVC_OK);
    CHECK_INT(all.n, 1);
    admin_accounts_free(&all);
}

/* The views: accounts with their roles, one account, teams. */
static void test_views(Store *s)
{
    organisation(s);
    SvcError e = {0};
    AccountRole roles[] = {{"senior-manager", "Children"}, {"auditor", ""}};
    CHECK_INT(admin_account_add(st, &cli, "wyn", "W1", "a long enough password", roles, 2, &e), SVC_OK);
    AdminAccounts all;
    CHECK_INT(admin_accounts(st, &web, &all), SVC_OK);
    CHECK_INT(all.n, 2);
    if (all.n == 2) {
        CHECK_STR(all.items[0].username, "ada");
        CHECK_INT(all.items[0].nroles, 1);
        CHECK_STR(all.items[1].username, "wyn");
        CHECK_STR(all.items[1].staff_id, "W1");
        CHECK_STR(all.items[1].staff_name, "Wyn Worker");
        CHECK_INT(all.items[1].nroles, 2);
        if (all.items[1].nroles == 2) {
            CHECK_STR(all.items[1].roles[0].role, "auditor");
            CHECK_STR(all.items[1].roles[1].scope, "Children");
        }
    }
    admin_accounts_free(&all);
    AdminAccounts one;
    CHECK_INT(admin_account(st, &web, "wyn", &one), SVC_OK);
    CHECK_INT(one.n, 1);
    CHECK_INT(one.items[0].nroles, 2);
    CHECK(!one.items[0].disabled);
    admin_accounts_free(&one);
    CHECK_INT(admin_account(st, &web, "nobody", &one), SVC_NOT_FOUND);
    admin_accounts_free(&one);
    AdminTeams teams;
    CHECK_INT(admin_teams(st, &web, &teams), SVC_OK);
    CHECK_INT(teams.n, 2);
    for (size_t i = 0; i < teams.n; i++)
        if (strcmp(teams.items[i].name, "Team A") == 0) {
            CHECK_STR(teams.items[i].manager_id, "A1");
            CHECK_INT(teams.items[i].staff, 2);
        }
    admin_teams_free(&teams);
    CHECK_INT(admin_team(st, &web, "No Team", &teams), SVC_NOT_FOUND);
    admin_teams_free(&teams);
}

/* Putting a policy in force: checked whole, stored, audited. */
static void test_policy(Store *s)
{
    organisation(s);
    SvcError e = {0};
    const char *bad = "name: x\nrole nqsw every 1 fortnight\n";
    CHECK_INT(admin_policy_put(st, &cli, bad, strlen(bad), "bad.policy", &e), SVC_INVALID);
    CHECK_HAS(e.message, "bad.policy:");
    char *text;
    size_t len;
    CHECK_INT(setting_policy_text(st, &text, &len), 0);
    free(text);
    CHECK_INT(admin_policy_put(st, &cli, policy_default_text, policy_default_text_len, "default.policy", &e), SVC_OK);
    CHECK_INT(setting_policy_text(st, &text, &len), 1);
    CHECK_INT(len, policy_default_text_len);
    free(text);
    char row[400];
    last_audit(row, sizeof row);
    CHECK_HAS(row, "policy|policy \"");
    CHECK_HAS(row, "put in force");
}

int main(void)
{
    char err[256];
    pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    if (!pol || !accounts_init()) {
        printf("Bail out! the default policy or the accounts module: %s\n", pol ? "" : err);
        return 1;
    }
    RUN_STORES(test_self);
    RUN_STORES(test_last_admin);
    RUN_STORES(test_not_admin);
    RUN_STORES(test_audit_rows);
    RUN_STORES(test_conflicts);
    RUN_STORES(test_invalid);
    RUN_STORES(test_views);
    RUN_STORES(test_policy);
    policy_free(pol);
    TEST_DONE();
}
