/* test_admin.c: the administration service (svc/admin.h) and its views
 * (svc/admin_view.h) called directly, on both databases (RUN_STORES,
 * test.h): who may change accounts, the lock-out rules through either
 * door (a signed-in admin, the command line), conflicts that leave nothing
 * written, and the audit row each change leaves in its own transaction;
 * that an admin cannot become someone else: no password seen or set, only
 * a one-time link; no role or staff record given to oneself; every change
 * told to the person; a disabled or reset account's feed and sessions end.
 * (The same through the real binary and server: tests/cli/test_admin.sh.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/access.h"
#include "svc/accounts.h"
#include "svc/admin.h"
#include "svc/admin_view.h"
#include "svc/calendar.h"
#include "svc/import.h"
#include "svc/notice.h"
#include "svc/password_link.h"
#include "svc/session.h"
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

/* An account with no staff record or roles: with a password through the
 * command line, with a link through the web (which gives none). */
static SvcResult add_plain(const AdminActor *a, const char *username)
{
    SvcError e = {0};
    char link[TOKEN_CHARS + 1];
    return admin_account_add(st, a, username, NULL, a->viewer ? NULL : "a long enough password", NULL, 0, link, &e);
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
    char link[TOKEN_CHARS + 1];
    AccountRole roles[] = {{"admin", ""}, {"auditor", ""}};
    CHECK_INT(admin_account_add(st, &web, "bob", "W1", NULL, roles, 2, link, &e), SVC_OK);
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
    CHECK_INT(admin_accounts_page(st, &wyn, "ada", 1, &list, &e), SVC_REFUSED);
    admin_accounts_free(&list);
    AdminPeople people;
    CHECK_INT(admin_people_find(st, &wyn, "ada", 1, &people, &e), SVC_REFUSED);
    admin_people_free(&people);
    CHECK_INT(admin_person(st, &wyn, "A1", &people), SVC_REFUSED);
    admin_people_free(&people);
    AdminTeams teams;
    CHECK_INT(admin_teams_page(st, &wyn, NULL, 1, &teams, &e), SVC_REFUSED);
    admin_teams_free(&teams);
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
    char link[TOKEN_CHARS + 1];
    CHECK_INT(admin_role_grant(st, &cli, "wyn", &senior, &e), SVC_OK);
    last_audit(from_cli, sizeof from_cli);
    CHECK_INT(admin_role_revoke(st, &cli, "wyn", &senior, &e), SVC_OK);
    CHECK_INT(admin_role_grant(st, &web, "wyn", &senior, &e), SVC_OK);
    last_audit(from_web, sizeof from_web);
    CHECK_STR(from_cli, "role|granted senior-manager:Children to wyn|command line (unix user tester)");
    CHECK_STR(from_web, "role|granted senior-manager:Children to wyn|ada");

    CHECK_INT(admin_password_reset(st, &web, "wyn", NULL, link, &e), SVC_OK);
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
    CHECK_INT(admin_account_add(st, &cli, "eve", NULL, "a long enough password", &boss, 1, NULL, &e), SVC_INVALID);
    CHECK_STR(e.field, "role");
    CHECK_HAS(e.message, "There is no role \"boss\"");
    CHECK_INT(admin_account_add(st, &cli, "eve", NULL, "a long enough password", &senior, 1, NULL, &e), SVC_INVALID);
    CHECK_STR(e.field, "scope");
    CHECK_INT(admin_account_add(st, &cli, "eve", NULL, "a long enough password", &scoped, 1, NULL, &e), SVC_INVALID);
    CHECK_INT(admin_account_add(st, &cli, "eve", NULL, "short", NULL, 0, NULL, &e), SVC_INVALID);
    CHECK_STR(e.field, "password");
    CHECK_INT(admin_account_add(st, &cli, "eve smith", NULL, "a long enough password", NULL, 0, NULL, &e), SVC_INVALID);
    CHECK_STR(e.field, "username");
    CHECK_INT(admin_account_add(st, &cli, "eve", "NOPE", "a long enough password", NULL, 0, NULL, &e), SVC_INVALID);
    CHECK_STR(e.field, "staff");
    CHECK_INT(admin_account_add(st, &cli, "eve", "A1", "a long enough password", NULL, 0, NULL, &e), SVC_INVALID);
    CHECK_HAS(e.message, "has an account already");
    CHECK_INT(admin_account_add(st, &cli, "ada", NULL, "a long enough password", NULL, 0, NULL, &e), SVC_INVALID);
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
    CHECK_INT(admin_account_add(st, &cli, "wyn", "W1", "a long enough password", roles, 2, NULL, &e), SVC_OK);
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
    CHECK_INT(admin_teams_page(st, &web, NULL, 1, &teams, &e), SVC_OK);
    CHECK_INT(teams.n, 2);
    CHECK(!teams.more);
    for (size_t i = 0; i < teams.n; i++)
        if (strcmp(teams.items[i].name, "Team A") == 0) {
            CHECK_STR(teams.items[i].manager_id, "A1");
            CHECK_INT(teams.items[i].staff, 2);
        }
    admin_teams_free(&teams);
    CHECK_INT(admin_team(st, &web, "No Team", &teams), SVC_NOT_FOUND);
    admin_teams_free(&teams);
    /* Teams a page at a time, and found by their name or their service's. */
    char csv[4096] = "name,service,manager\nTeam A,Children,A1\nTeam B,,\n";
    for (int i = 1; i <= 30; i++) {
        size_t o = strlen(csv);
        snprintf(csv + o, sizeof csv - o, "Unit %02d,%s,\n", i, i % 2 ? "Fostering" : "Adoption");
    }
    import_text(IMPORT_TEAMS, "teams.csv", csv);
    CHECK_INT(admin_teams_page(st, &web, "", 1, &teams, &e), SVC_OK);
    CHECK_INT(teams.n, 25);
    CHECK(teams.more);
    if (teams.n == 25) CHECK_STR(teams.items[24].name, "Unit 23");
    admin_teams_free(&teams);
    CHECK_INT(admin_teams_page(st, &web, NULL, 2, &teams, &e), SVC_OK);
    CHECK_INT(teams.n, 7);
    CHECK(!teams.more);
    if (teams.n == 7) CHECK_STR(teams.items[6].name, "Unit 30");
    admin_teams_free(&teams);
    CHECK_INT(admin_teams_page(st, &web, "NIT 1", 1, &teams, &e), SVC_OK); /* Unit 10 to Unit 19 */
    CHECK_INT(teams.n, 10);
    admin_teams_free(&teams);
    CHECK_INT(admin_teams_page(st, &web, "fostering", 1, &teams, &e), SVC_OK); /* by their service */
    CHECK_INT(teams.n, 15);
    if (teams.n == 15) CHECK_STR(teams.items[0].service, "Fostering");
    admin_teams_free(&teams);
    CHECK_INT(admin_teams_page(st, &web, "children", 1, &teams, &e), SVC_OK);
    CHECK_INT(teams.n, 1);
    if (teams.n == 1) CHECK_INT(teams.items[0].staff, 2);
    admin_teams_free(&teams);
    CHECK_INT(admin_teams_page(st, &web, "zzqxv", 1, &teams, &e), SVC_OK);
    CHECK_INT(teams.n, 0);
    admin_teams_free(&teams);
    CHECK_INT(admin_teams_page(st, &web, "u", 1, &teams, &e), SVC_INVALID);
    admin_teams_free(&teams);
}

/* The ids of the people found by query on page, as "id,id,...", and
 * whether more follow ('+' at the end). */
static SvcResult found(const char *query, long page, char *out, size_t n)
{
    AdminPeople list;
    SvcError e = {0};
    SvcResult rc = admin_people_find(st, &web, query, page, &list, &e);
    Buf b = {0};
    for (size_t i = 0; i < list.n; i++) buf_addf(&b, "%s%s", i ? "," : "", list.items[i].id);
    strfmt(out, n, "%s%s", buf_str(&b), list.more ? "+" : "");
    buf_free(&b);
    admin_people_free(&list);
    return rc;
}

/* Finding people a page at a time: by staff id or its beginning in any
 * case (the exact id first, then ids in order), by the beginnings of the
 * words of a name with or without accents, an apostrophe in a name or
 * not; nothing found is not a problem, too little typed is. */
static void test_people_find(Store *s)
{
    organisation(s);
    char csv[8192] = "id,name,role,team,supervisor,line_manager,start_date\n"
                     "A1,Ada Admin,manager,Team A,,,2020-01-01\n"
                     "W1,Wyn Worker,social-worker,Team A,A1,A1,2021-01-01\n"
                     "W2,Wren Worker,social-worker,Team B,A1,A1,2021-01-01\n"
                     "W10,Siobhán O'Brien,social-worker,Team B,A1,A1,2021-01-01\n"
                     "Z1,Zoë Ng,social-worker,,A1,A1,2021-01-01\n";
    for (int i = 1; i <= 30; i++) {
        size_t o = strlen(csv);
        snprintf(csv + o, sizeof csv - o, "PX%02d,Pat Number%02d,social-worker,Team B,A1,A1,2021-01-01\n", i, i);
    }
    import_text(IMPORT_STAFF, "staff.csv", csv);
    SvcError e = {0};
    CHECK_INT(admin_account_add(st, &cli, "wyn", "W1", "a long enough password", NULL, 0, NULL, &e), SVC_OK);
    char ids[512];
    CHECK_INT(found("wyn", 1, ids, sizeof ids), SVC_OK);
    CHECK_STR(ids, "W1");
    CHECK_INT(found("  W1 ", 1, ids, sizeof ids), SVC_OK); /* the exact id first, then those it begins */
    CHECK_STR(ids, "W1,W10");
    CHECK_INT(found("w", 1, ids, sizeof ids), SVC_INVALID);
    CHECK_INT(found("wr wo", 1, ids, sizeof ids), SVC_OK);
    CHECK_STR(ids, "W2");
    CHECK_INT(found("o'brien", 1, ids, sizeof ids), SVC_OK);
    CHECK_STR(ids, "W10");
    CHECK_INT(found("SIOBHAN", 1, ids, sizeof ids), SVC_OK);
    CHECK_STR(ids, "W10");
    CHECK_INT(found("siobhán o", 1, ids, sizeof ids), SVC_OK);
    CHECK_STR(ids, "W10");
    CHECK_INT(found("zoe", 1, ids, sizeof ids), SVC_OK);
    CHECK_STR(ids, "Z1");
    CHECK_INT(found("Zoë", 1, ids, sizeof ids), SVC_OK);
    CHECK_STR(ids, "Z1");
    CHECK_INT(found("zzqxv", 1, ids, sizeof ids), SVC_OK);
    CHECK_STR(ids, "");
    CHECK_INT(found("\"'", 1, ids, sizeof ids), SVC_INVALID);
    /* 30 ids begin px: 25, more, then the 5 left. */
    CHECK_INT(found("px", 1, ids, sizeof ids), SVC_OK);
    CHECK(strncmp(ids, "PX01,PX02,", 10) == 0 && strstr(ids, ",PX25+") != NULL);
    CHECK_INT(found("px", 2, ids, sizeof ids), SVC_OK);
    CHECK_STR(ids, "PX26,PX27,PX28,PX29,PX30");
    CHECK_INT(found("pat", 2, ids, sizeof ids), SVC_OK); /* by name too */
    CHECK_STR(ids, "PX26,PX27,PX28,PX29,PX30");
    AdminPeople list;
    CHECK_INT(admin_people_find(st, &web, "wyn", 1, &list, &e), SVC_OK);
    if (list.n == 1) {
        CHECK_STR(list.items[0].username, "wyn");
        CHECK_STR(list.items[0].team, "Team A");
    }
    admin_people_free(&list);
    CHECK_INT(admin_person(st, &web, "Z1", &list), SVC_OK);
    if (list.n == 1) CHECK_STR(list.items[0].name, "Zoë Ng");
    admin_people_free(&list);
    CHECK_INT(admin_person(st, &web, "Q9", &list), SVC_NOT_FOUND);
    admin_people_free(&list);

    /* Accounts: by username, by their person's name or id, a page at a time. */
    for (int i = 1; i <= 27; i++) {
        char name[16];
        snprintf(name, sizeof name, "u%02d", i);
        CHECK_INT(add_plain(&cli, name), SVC_OK);
    }
    AdminAccounts acc;
    CHECK_INT(admin_accounts_page(st, &web, NULL, 1, &acc, &e), SVC_OK);
    CHECK_INT(acc.n, 25);
    CHECK(acc.more);
    if (acc.n == 25) CHECK_STR(acc.items[0].username, "ada");
    admin_accounts_free(&acc);
    CHECK_INT(admin_accounts_page(st, &web, "", 2, &acc, &e), SVC_OK);
    CHECK_INT(acc.n, 4); /* of 29: u25, u26, u27 and wyn */
    CHECK(!acc.more);
    if (acc.n == 4) CHECK_STR(acc.items[3].username, "wyn");
    admin_accounts_free(&acc);
    CHECK_INT(admin_accounts_page(st, &web, "Wyn Work", 1, &acc, &e), SVC_OK);
    CHECK_INT(acc.n, 1);
    if (acc.n == 1) CHECK_STR(acc.items[0].staff_id, "W1");
    admin_accounts_free(&acc);
    CHECK_INT(admin_accounts_page(st, &web, "u1", 1, &acc, &e), SVC_OK);
    CHECK_INT(acc.n, 10); /* u10 to u19 */
    admin_accounts_free(&acc);
    CHECK_INT(admin_accounts_page(st, &web, "zzqxv", 1, &acc, &e), SVC_OK);
    CHECK_INT(acc.n, 0);
    admin_accounts_free(&acc);
    CHECK_INT(admin_accounts_page(st, &web, "u", 1, &acc, &e), SVC_INVALID);
    CHECK_STR(e.field, "q");
    admin_accounts_free(&acc);
}

/* Whether username signs in with password at now. */
static bool signs_in(const char *username, const char *password, int64_t now)
{
    SessionStarted s;
    SvcError e = {0};
    return session_sign_in(st, username, password, &(SessionAttempt){.client = "192.0.2.1", .now = now}, &s, &e) ==
           SVC_OK;
}

/* A new account and a reset give a one-time link, never a password: the
 * web cannot give one; the link works once, until it expires, for an
 * enabled account; the person's own choice is the password. */
static void test_password_link(Store *s)
{
    organisation(s);
    SvcError e = {0};
    char link[TOKEN_CHARS + 1], again[TOKEN_CHARS + 1], who[USERNAME_MAX + 1];
    int64_t t = web.now;
    CHECK_INT(admin_account_add(st, &web, "wyn", "W1", "a password ada knows", NULL, 0, link, &e), SVC_REFUSED);
    CHECK_HAS(e.message, "An admin does not set another person's password");
    CHECK_INT(admin_account_add(st, &web, "wyn", "W1", NULL, NULL, 0, link, &e), SVC_OK);
    CHECK_INT(strlen(link), TOKEN_CHARS);
    CHECK_INT(password_link_check(st, link, t + 60, who), SVC_OK);
    CHECK_STR(who, "wyn");
    CHECK_INT(password_link_check(st, link, t + PASSWORD_LINK_NEW_SECONDS, who), SVC_NOT_FOUND); /* expired */
    CHECK_INT(password_link_check(st, "not a token", t + 60, who), SVC_NOT_FOUND);
    CHECK_INT(password_link_use(st, link, "short", t + 60, &e), SVC_INVALID);
    CHECK_STR(e.field, "password");
    CHECK_INT(password_link_use(st, link, "wyn's own password", t + 60, &e), SVC_OK);
    CHECK(signs_in("wyn", "wyn's own password", t + 70));
    /* Used: refused, and the password stays the person's. */
    CHECK_INT(password_link_check(st, link, t + 80, who), SVC_NOT_FOUND);
    CHECK_INT(password_link_use(st, link, "ada's password for wyn", t + 80, &e), SVC_NOT_FOUND);
    CHECK(!signs_in("wyn", "ada's password for wyn", t + 90));

    /* A reset: no password from the web; the old one stops working; the link
     * works for an hour. */
    CHECK_INT(admin_password_reset(st, &web, "wyn", "a password ada knows", link, &e), SVC_REFUSED);
    CHECK(signs_in("wyn", "wyn's own password", t + 100));
    CHECK_INT(admin_password_reset(st, &web, "wyn", NULL, link, &e), SVC_OK);
    CHECK(!signs_in("wyn", "wyn's own password", t + 110));
    CHECK_INT(password_link_check(st, link, t + PASSWORD_LINK_RESET_SECONDS - 1, who), SVC_OK);
    CHECK_INT(password_link_check(st, link, t + PASSWORD_LINK_RESET_SECONDS, who), SVC_NOT_FOUND);
    CHECK_INT(password_link_use(st, link, "wyn's late password", t + PASSWORD_LINK_RESET_SECONDS, &e), SVC_NOT_FOUND);
    CHECK(!signs_in("wyn", "wyn's late password", t + PASSWORD_LINK_RESET_SECONDS + 10));
    /* A new link replaces the old; disabling the account ends it. */
    CHECK_INT(admin_password_reset(st, &cli, "wyn", NULL, again, &e), SVC_OK);
    CHECK_INT(password_link_check(st, link, cli.now + 1, who), SVC_NOT_FOUND);
    CHECK_INT(password_link_check(st, again, cli.now + 1, who), SVC_OK);
    CHECK_INT(admin_disable(st, &cli, "wyn", &e), SVC_OK);
    CHECK_INT(password_link_check(st, again, cli.now + 2, who), SVC_NOT_FOUND);
    /* The command line's operator may give a password (no link then). */
    CHECK_INT(admin_enable(st, &cli, "wyn", &e), SVC_OK);
    CHECK_INT(admin_password_reset(st, &cli, "wyn", "given at the machine", NULL, &e), SVC_OK);
    CHECK(signs_in("wyn", "given at the machine", cli.now + 10));
}

/* Nobody gives their own account a role or a staff record: not a signed-in
 * admin, not the operator (their account is the one named as their unix
 * user), unless there is no admin at all yet. */
static void test_not_to_self(Store *s)
{
    organisation(s);
    SvcError e = {0};
    AccountRole auditor = {"auditor", ""}, admin = {"admin", ""};
    int64_t before = audit_rows();
    CHECK_INT(admin_role_grant(st, &web, "ada", &auditor, &e), SVC_INVALID);
    CHECK_STR(e.message, "You cannot give your own account a role: another admin must");
    CHECK_STR(e.field, "role");
    CHECK_INT(admin_staff_link(st, &web, "ada", "W2", &e), SVC_INVALID);
    CHECK_STR(e.message, "You cannot give your own account a staff record: another admin must");
    CHECK_INT(admin_staff_link(st, &web, "ada", NULL, &e), SVC_OK); /* giving one up is allowed */
    CHECK_INT(admin_staff_link(st, &web, "ada", "A1", &e), SVC_INVALID);
    AdminActor own = cli;
    own.own = "tester";
    CHECK_INT(add_plain(&cli, "tester"), SVC_OK);
    CHECK_INT(admin_role_grant(st, &own, "tester", &auditor, &e), SVC_INVALID);
    CHECK_INT(admin_staff_link(st, &own, "tester", "W2", &e), SVC_INVALID);
    CHECK_INT(admin_account_add(st, &own, "tester", NULL, "a long enough password", &admin, 1, NULL, &e), SVC_INVALID);
    CHECK_INT(audit_rows(), before + 2); /* the unlink and tester's account */
    /* Another admin may. */
    CHECK_INT(admin_role_grant(st, &own, "ada", &auditor, &e), SVC_OK);
    CHECK_INT(admin_role_grant(st, &web, "tester", &auditor, &e), SVC_OK);
    /* A staff record with an account gets no second one. */
    CHECK_INT(add_plain(&cli, "wyn"), SVC_OK);
    CHECK_INT(admin_staff_link(st, &cli, "wyn", "W1", &e), SVC_OK);
    char link[TOKEN_CHARS + 1];
    CHECK_INT(admin_account_add(st, &web, "wyn2", "W1", NULL, NULL, 0, link, &e), SVC_INVALID);
    CHECK_STR(e.message, "Staff member \"W1\" has an account already");
}

/* With no admin yet, the operator may make their own account the first. */
static void test_first_admin(Store *s)
{
    st = s;
    SvcError e = {0};
    AccountRole admin = {"admin", ""}, auditor = {"auditor", ""};
    AdminActor own = {.operator= OPERATOR, .own = "tester", .now = 1790000000};
    CHECK_INT(admin_account_add(st, &own, "tester", NULL, "a long enough password", &admin, 1, NULL, &e), SVC_OK);
    CHECK_INT(admin_role_grant(st, &own, "tester", &auditor, &e), SVC_INVALID);
}

/* Every change to an account is told to its person, in the change's
 * transaction: what, when, by whom; a refused change tells nothing. */
static void test_notices(Store *s)
{
    organisation(s);
    SvcError e = {0};
    char link[TOKEN_CHARS + 1];
    AccountRole auditor = {"auditor", ""};
    CHECK_INT(admin_account_add(st, &web, "wyn", NULL, NULL, &auditor, 1, link, &e), SVC_OK);
    CHECK_INT(admin_role_revoke(st, &cli, "wyn", &auditor, &e), SVC_OK);
    CHECK_INT(admin_staff_link(st, &web, "wyn", "W1", &e), SVC_OK);
    CHECK_INT(admin_staff_link(st, &cli, "wyn", NULL, &e), SVC_OK);
    CHECK_INT(admin_two_factor_require(st, &web, "wyn", &e), SVC_OK);
    CHECK_INT(admin_disable(st, &web, "wyn", &e), SVC_OK);
    CHECK_INT(admin_enable(st, &web, "wyn", &e), SVC_OK);
    CHECK_INT(admin_password_reset(st, &web, "wyn", NULL, link, &e), SVC_OK);
    CHECK_INT(admin_role_revoke(st, &web, "wyn", &auditor, &e), SVC_CONFLICT); /* refused: no notice */
    CHECK_INT(password_link_use(st, link, "wyn's own password", web.now + 5, &e), SVC_OK);
    static const char *const said[][2] = {
        {"You chose your password through a link", ""},
        {"Your password was reset: a link to choose a new one was made; your calendar address was ended", "ada"},
        {"Your account was enabled again", "ada"},
        {"Your account was disabled", "ada"},
        {"Two-factor sign-in was required of your account", "ada"},
        {"Your account was unlinked from staff record W1", OPERATOR},
        {"Your account was linked to staff record W1", "ada"},
        {"The role auditor was removed from you", OPERATOR},
        {"You were granted the role auditor", "ada"},
        {"Your account was made", "ada"},
    };
    size_t nsaid = sizeof said / sizeof *said;
    Viewer v_wyn = {.user_ref = user_ref("wyn")};
    NoticeList l;
    CHECK_INT(notice_list(st, &v_wyn, true, &l), SVC_OK);
    CHECK_INT(l.n, nsaid);
    for (size_t i = 0; i < l.n && i < nsaid; i++) {
        CHECK_STR(l.items[i].what, said[i][0]);
        CHECK_STR(l.items[i].by, said[i][1]);
        CHECK(!l.items[i].seen);
    }
    /* Acknowledged up to the newest shown: one made since stays. */
    int64_t upto = l.n ? l.items[0].ref : 0;
    notice_list_free(&l);
    CHECK_INT(admin_two_factor_reset(st, &web, "wyn", &e), SVC_CONFLICT); /* none set up: no notice */
    CHECK_INT(admin_role_grant(st, &web, "wyn", &auditor, &e), SVC_OK);
    SvcActor a = {.viewer = &v_wyn, .now = web.now + 10};
    CHECK_INT(notice_seen(st, &a, upto), SVC_OK);
    CHECK_INT(notice_list(st, &v_wyn, true, &l), SVC_OK);
    CHECK_INT(l.n, 1);
    if (l.n) CHECK_STR(l.items[0].what, "You were granted the role auditor");
    notice_list_free(&l);
    CHECK_INT(notice_list(st, &v_wyn, false, &l), SVC_OK);
    CHECK_INT(l.n, nsaid + 1);
    if (l.n > 1) CHECK(l.items[1].seen);
    notice_list_free(&l);
    /* Only the person's own. */
    CHECK_INT(notice_list(st, &v_ada, false, &l), SVC_OK);
    CHECK_INT(l.n, 0);
    notice_list_free(&l);
}

/* Disabling, resetting or unlinking an account ends its calendar feed (it
 * answers as an unknown feed) and its sessions. */
static void test_feed_and_sessions_end(Store *s)
{
    organisation(s);
    SvcError e = {0};
    CHECK_INT(admin_account_add(st, &cli, "wyn", "W1", "wyn's own password", NULL, 0, NULL, &e), SVC_OK);
    int64_t w1 = 0;
    Param p[] = {P_STR("W1")};
    CHECK_INT(store_query_int(st, STMT_STAFF_FIND, p, 1, &w1), 1);
    Viewer v_wyn;
    CHECK_INT(access_load(st, user_ref("wyn"), w1, &v_wyn), STORE_OK);
    SvcActor a = {.viewer = &v_wyn, .now = web.now};
    char feed[TOKEN_CHARS + 1], link[TOKEN_CHARS + 1];
    Date today = date_from_ymd(2026, 9, 1);
    BookingList bl;
    SessionStarted started;
    Session found;

    CHECK_INT(calendar_feed_new(st, &a, feed), SVC_OK);
    CHECK_INT(calendar_feed(st, feed, today, &bl), SVC_OK);
    booking_list_free(&bl);
    CHECK_INT(session_sign_in(st, "wyn", "wyn's own password", &(SessionAttempt){.client = "192.0.2.1", .now = web.now},
                              &started, &e),
              SVC_OK);
    CHECK_INT(session_find(st, started.token, web.now + 1, &found), SVC_OK);
    CHECK_INT(admin_disable(st, &web, "wyn", &e), SVC_OK);
    CHECK_INT(calendar_feed(st, feed, today, &bl), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, started.token, web.now + 2, &found), SVC_NOT_FOUND);
    CHECK_INT(admin_enable(st, &web, "wyn", &e), SVC_OK);
    CHECK_INT(calendar_feed(st, feed, today, &bl), SVC_NOT_FOUND); /* ended, not paused */

    CHECK_INT(calendar_feed_new(st, &a, feed), SVC_OK);
    CHECK_INT(session_sign_in(st, "wyn", "wyn's own password", &(SessionAttempt){.client = "192.0.2.1", .now = web.now},
                              &started, &e),
              SVC_OK);
    CHECK_INT(admin_password_reset(st, &web, "wyn", NULL, link, &e), SVC_OK);
    CHECK_INT(calendar_feed(st, feed, today, &bl), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, started.token, web.now + 3, &found), SVC_NOT_FOUND);

    CHECK_INT(calendar_feed_new(st, &a, feed), SVC_OK);
    CHECK_INT(admin_staff_link(st, &web, "wyn", NULL, &e), SVC_OK);
    CHECK_INT(calendar_feed(st, feed, today, &bl), SVC_NOT_FOUND);
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
    RUN_STORES(test_people_find);
    RUN_STORES(test_password_link);
    RUN_STORES(test_not_to_self);
    RUN_STORES(test_first_admin);
    RUN_STORES(test_notices);
    RUN_STORES(test_feed_and_sessions_end);
    policy_free(pol);
    TEST_DONE();
}
