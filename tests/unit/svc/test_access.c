/* test_access.c: the decisions of svc/access.h on a small organisation, on
 * both databases (RUN_STORES, test.h): who may see which person, case, team,
 * service and supervision record, and who may not: peers, people above,
 * other teams and services, admins (no record content) and accounts with
 * nothing. (The same rules over every route: tests/cli/test_access.sh.)
 *
 * The organisation, services Children (Team A) and Adults (Team B) under a
 * Directorate:
 *   D1 director, line manager of L1, Z9 and MB; manages the Directorate team
 *   L1 head of Children; M1 manages Team A, line-managed by L1
 *   Team A: S2 (supervised and line-managed by M1), W1 (the same),
 *           W2 (supervised by S2, line-managed by M1),
 *           W3 (supervised and line-managed by L1: M1 only manages the team)
 *   MB manages Team B; X1 in Team B, supervised and line-managed by MB
 * and accounts: w1 (W1's, also an admin), senior (Z9's, senior manager of
 * Children), adults (senior manager of Adults), auditor, audw3 (W3's, an
 * auditor), admin, nobody.
 *
 * Then the write rules, apart from the read ones: a read right is never a
 * write right (the attack of an auditor, and of a senior manager, recording
 * a group session with decisions on cases they could only read). */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "svc/access.h"
#include "svc/accounts.h"
#include "svc/booking.h"
#include "svc/discussion.h"
#include "svc/import.h"
#include "svc/record.h"
#include "test.h"

static Store *st;
static Policy *pol;
static Date today;

static void import_text(ImportKind kind, const char *name, const char *text)
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

static const struct {
    const char *username, *staff;
    AccountRole role; /* none when role.role is NULL */
} accounts[] = {
    {"w1", "W1", {"admin", NULL}},
    {"senior", "Z9", {"senior-manager", "Children"}},
    {"adults", NULL, {"senior-manager", "Adults"}},
    {"auditor", NULL, {"auditor", NULL}},
    {"audw3", "W3", {"auditor", NULL}},
    {"admin", NULL, {"admin", NULL}},
    {"nobody", NULL, {NULL, NULL}},
};

static void organisation(Store *s)
{
    st = s;
    import_text(IMPORT_STAFF, "staff.csv",
                "id,name,role,team,supervisor,line_manager,start_date\n"
                "D1,Dee Director,service-manager,Directorate,,,2018-01-01\n"
                "L1,Lee Head,service-manager,Directorate,D1,D1,2019-01-01\n"
                "Z9,Zed Senior,service-manager,Directorate,D1,D1,2019-01-01\n"
                "M1,Mo Manager,manager,Team A,L1,L1,2020-01-01\n"
                "S2,Sam Practitioner,senior-practitioner,Team A,M1,M1,2020-06-01\n"
                "W1,Wyn Worker,social-worker,Team A,M1,M1,2021-01-01\n"
                "W2,Wren Worker,social-worker,Team A,S2,M1,2021-01-01\n"
                "W3,Wil Worker,social-worker,Team A,L1,L1,2021-01-01\n"
                "MB,Max Manager,manager,Team B,D1,D1,2020-01-01\n"
                "X1,Xan Outsider,social-worker,Team B,MB,MB,2021-01-01\n");
    import_text(IMPORT_TEAMS, "teams.csv",
                "name,service,manager\nDirectorate,Directorate,D1\nTeam A,Children,M1\nTeam B,Adults,MB\n");
    import_text(IMPORT_CASES, "cases.csv",
                "id,category,worker,allocated_date,closed_date\n"
                "C1,child-in-need,W1,2026-01-01,\nC2,child-in-need,W2,2026-01-01,\n"
                "C4,child-in-need,W1,2025-01-01,2026-06-01\nCX,child-in-need,X1,2026-01-01,\n");
    /* Written directly: account_add would spend most of the test hashing passwords. */
    CHECK_INT(store_begin(st), STORE_OK);
    for (size_t i = 0; i < sizeof accounts / sizeof *accounts; i++) {
        int64_t user = 0, staff = 0;
        Param f[] = {P_STR(accounts[i].staff ? accounts[i].staff : "")};
        if (accounts[i].staff) CHECK_INT(store_query_int(st, STMT_STAFF_FIND, f, 1, &staff), 1);
        Param u[] = {P_STR(accounts[i].username), staff ? P_INT(staff) : P_NULL, P_STR("no password"),
                     P_INT(1790000000)};
        CHECK_INT(store_query_int(st, STMT_USER_ADD, u, 4, &user), 1);
        if (accounts[i].role.role) {
            const char *scope = accounts[i].role.scope ? accounts[i].role.scope : "";
            Param r[] = {P_INT(user), P_STR(accounts[i].role.role), P_STR(scope)};
            CHECK_INT(store_exec(st, STMT_USER_ROLE_ADD, r, 3, NULL), STORE_OK);
        }
    }
    CHECK_INT(store_commit(st), STORE_OK);
}

static int64_t find(StmtId stmt, const char *key)
{
    int64_t ref = 0;
    Param p[] = {P_STR(key)};
    if (store_query_int(st, stmt, p, 1, &ref) != 1) fprintf(stderr, "  no %s\n", key);
    return ref;
}

static int64_t staff_ref(const char *id) { return find(STMT_STAFF_FIND, id); }

/* The viewer called name: "@username" for an account, else a staff id (a
 * member of staff signed in with an account that has no granted role). */
static Viewer viewer(const char *name)
{
    Viewer v;
    memset(&v, 0, sizeof v);
    int64_t user = 0, staff = 0;
    if (name[0] == '@') {
        user = find(STMT_ADMIN_USER_REF, name + 1);
        for (size_t i = 0; i < sizeof accounts / sizeof *accounts; i++)
            if (strcmp(accounts[i].username, name + 1) == 0 && accounts[i].staff) staff = staff_ref(accounts[i].staff);
    } else {
        staff = staff_ref(name);
    }
    CHECK_INT(access_load(st, user, staff, &v), STORE_OK);
    return v;
}

static const char *access_name(Access a)
{
    return a == ACCESS_ALLOWED ? "allowed" : a == ACCESS_REFUSED ? "refused" : "failed";
}

typedef struct {
    const char *viewer, *thing;
    Access want;
} Rule;

#define A ACCESS_ALLOWED
#define R ACCESS_REFUSED

/* Checks each rule with decide(st, viewer, ref of thing), naming any that fails. */
static void check_rules(const Rule *rules, size_t n, Access (*decide)(Store *, const Viewer *, int64_t),
                        int64_t (*ref_of)(const char *), const char *what)
{
    for (size_t i = 0; i < n; i++) {
        Viewer v = viewer(rules[i].viewer);
        int64_t ref = ref_of(rules[i].thing);
        Access got = decide(st, &v, ref);
        if (!test_check(got == rules[i].want))
            fprintf(stderr, "  %s %s %s: %s, want %s\n", rules[i].viewer, what, rules[i].thing, access_name(got),
                    access_name(rules[i].want));
    }
}

static void test_load(Store *s)
{
    organisation(s);
    Viewer v = viewer("M1");
    CHECK(v.manages);
    CHECK(!v.admin && !v.auditor);
    CHECK_INT(v.nservices, 0);
    v = viewer("S2"); /* supervises W2 */
    CHECK(v.manages);
    v = viewer("W1");
    CHECK(!v.manages);
    CHECK_INT(v.user_ref, 0);
    v = viewer("@w1");
    CHECK(v.admin);
    CHECK(!v.manages);
    CHECK_INT(v.staff_ref, staff_ref("W1"));
    v = viewer("@senior");
    CHECK_INT(v.nservices, 1);
    CHECK_STR(v.services[0], "Children");
    CHECK(!v.manages && !v.admin && !v.auditor);
    v = viewer("@auditor");
    CHECK(v.auditor && !v.admin);
    CHECK_INT(v.staff_ref, 0);
    v = viewer("@nobody");
    CHECK(!v.auditor && !v.admin && !v.manages);
    CHECK_INT(v.nservices, 0);
}

static void test_person(Store *s)
{
    organisation(s);
    static const Rule rules[] = {
        /* oneself, and not peers, people above or other teams */
        {"W1", "W1", A},
        {"W1", "W2", R},
        {"W1", "M1", R},
        {"W1", "X1", R},
        /* a supervisor their supervisees only */
        {"S2", "W2", A},
        {"S2", "W1", R},
        {"S2", "W3", R},
        {"S2", "M1", R},
        /* a team manager their team, whoever supervises them */
        {"M1", "W1", A},
        {"M1", "W2", A},
        {"M1", "S2", A},
        {"M1", "W3", A},
        {"M1", "L1", R},
        {"M1", "X1", R},
        {"M1", "MB", R},
        {"M1", "D1", R},
        /* a line manager everyone below, however deep */
        {"L1", "M1", A},
        {"L1", "W1", A},
        {"L1", "W2", A},
        {"L1", "W3", A},
        {"L1", "X1", R},
        {"L1", "D1", R},
        {"D1", "W1", A},
        {"D1", "X1", A},
        {"D1", "L1", A},
        {"MB", "X1", A},
        {"MB", "W1", R},
        {"MB", "M1", R},
        /* a senior manager the teams of their service, and themselves */
        {"@senior", "W1", A},
        {"@senior", "M1", A},
        {"@senior", "W3", A},
        {"@senior", "Z9", A},
        {"@senior", "X1", R},
        {"@senior", "L1", R},
        {"@adults", "X1", A},
        {"@adults", "MB", A},
        {"@adults", "W1", R},
        /* an auditor everyone */
        {"@auditor", "W1", A},
        {"@auditor", "X1", A},
        {"@auditor", "D1", A},
        /* an admin nobody, unless the admin is also a worker: then themselves */
        {"@admin", "W1", R},
        {"@admin", "D1", R},
        {"@w1", "W1", A},
        {"@w1", "W2", R},
        {"@nobody", "W1", R},
    };
    check_rules(rules, sizeof rules / sizeof *rules, access_person, staff_ref, "person");
    Viewer m1 = viewer("M1");
    CHECK_INT(access_person(st, &m1, 999999), ACCESS_REFUSED); /* no such person */
}

static int64_t case_ref(const char *id) { return find(STMT_CASE_FIND, id); }

static void test_case(Store *s)
{
    organisation(s);
    static const Rule rules[] = {
        {"W1", "C1", A},      {"W1", "C4", A}, /* closed, still theirs to read */
        {"W1", "C2", R},      {"W2", "C1", R},      {"S2", "C2", A},       {"S2", "C1", R},       {"M1", "C1", A},
        {"M1", "C2", A},      {"M1", "CX", R},      {"L1", "C1", A},       {"D1", "CX", A},       {"MB", "CX", A},
        {"MB", "C1", R},      {"X1", "CX", A},      {"X1", "C1", R},       {"@senior", "C1", A},  {"@senior", "CX", R},
        {"@adults", "CX", A}, {"@adults", "C1", R}, {"@auditor", "C1", A}, {"@auditor", "CX", A}, {"@admin", "C1", R},
        {"@w1", "C1", A},     {"@w1", "C2", R},     {"@nobody", "C1", R},
    };
    check_rules(rules, sizeof rules / sizeof *rules, access_case, case_ref, "case");
    Viewer auditor = viewer("@auditor"), m1 = viewer("M1");
    CHECK_INT(access_case(st, &auditor, 999999), ACCESS_REFUSED); /* no such case: not even an auditor */
    CHECK_INT(access_case(st, &m1, 999999), ACCESS_REFUSED);
}

static int64_t team_ref(const char *name) { return find(STMT_TEAM_FIND, name); }

static void test_team(Store *s)
{
    organisation(s);
    static const Rule rules[] = {
        /* its manager and everyone above the manager in the line */
        {"M1", "Team A", A},
        {"L1", "Team A", A},
        {"D1", "Team A", A},
        {"M1", "Team B", R},
        {"L1", "Team B", R},
        {"MB", "Team B", A},
        {"D1", "Team B", A},
        {"MB", "Team A", R},
        /* not its members, nor a supervisor in it */
        {"W1", "Team A", R},
        {"S2", "Team A", R},
        {"W3", "Team A", R},
        /* senior managers of its service, auditors */
        {"@senior", "Team A", A},
        {"@senior", "Team B", R},
        {"@adults", "Team B", A},
        {"@adults", "Team A", R},
        {"@auditor", "Team A", A},
        {"@auditor", "Team B", A},
        {"@admin", "Team A", R},
        {"@w1", "Team A", R},
        {"@nobody", "Team A", R},
    };
    check_rules(rules, sizeof rules / sizeof *rules, access_team, team_ref, "team");
    Viewer m1 = viewer("M1"), senior = viewer("@senior");
    CHECK_INT(access_team(st, &m1, 999999), ACCESS_REFUSED);
    CHECK_INT(access_team(st, &senior, 999999), ACCESS_REFUSED);
}

static void test_service_and_admin(Store *s)
{
    organisation(s);
    Viewer senior = viewer("@senior"), adults = viewer("@adults"), auditor = viewer("@auditor"),
           admin = viewer("@admin"), w1 = viewer("@w1"), m1 = viewer("M1"), d1 = viewer("D1");
    CHECK(access_service(&senior, "Children"));
    CHECK(!access_service(&senior, "Adults"));
    CHECK(!access_service(&senior, "children")); /* names are exact */
    CHECK(access_service(&adults, "Adults"));
    CHECK(!access_service(&adults, "Children"));
    CHECK(access_service(&auditor, "Children"));
    CHECK(access_service(&auditor, "Adults"));
    /* Managing a team, or everyone in the line, is not seeing a service's figures. */
    CHECK(!access_service(&m1, "Children"));
    CHECK(!access_service(&d1, "Children"));
    CHECK(!access_service(&admin, "Children"));
    CHECK(access_all_services(&auditor));
    CHECK(!access_all_services(&senior));
    CHECK(!access_all_services(&admin));
    CHECK(access_admin(&admin));
    CHECK(access_admin(&w1));
    CHECK(!access_admin(&auditor));
    CHECK(!access_admin(&senior));
    CHECK(!access_admin(&m1));
}

/* A held supervision of supervisor with supervisee; its record's ref. */
static int64_t record_of(const char *supervisor, const char *supervisee)
{
    Viewer v = viewer(supervisor);
    SvcActor a = {.viewer = &v, .pol = pol, .today = today, .now = 1790000000};
    SvcError e = {0};
    BookingInput in = {.supervisee_ref = staff_ref(supervisee),
                       .date = "2026-11-20",
                       .start_time = "10:00",
                       .minutes = "",
                       .place = "Room 2"};
    int64_t booking = 0, record = 0;
    char warning[300];
    CHECK_INT(booking_add(st, &a, &in, &booking, warning, sizeof warning, &e), SVC_OK);
    CHECK_INT(record_start(st, &a, booking, &record, &e), SVC_OK);
    return record;
}

static void test_record(Store *s)
{
    organisation(s);
    int64_t w1 = record_of("M1", "W1"), w2 = record_of("S2", "W2");
    static const struct {
        const char *viewer;
        int w1, w2; /* SVC_OK or SVC_NOT_FOUND for each record */
    } rules[] = {
        {"M1", SVC_OK, SVC_OK}, /* party to one, team manager of both */
        {"W1", SVC_OK, SVC_NOT_FOUND},
        {"W2", SVC_NOT_FOUND, SVC_OK},
        {"S2", SVC_NOT_FOUND, SVC_OK},
        {"W3", SVC_NOT_FOUND, SVC_NOT_FOUND},
        {"L1", SVC_OK, SVC_OK},
        {"X1", SVC_NOT_FOUND, SVC_NOT_FOUND},
        {"MB", SVC_NOT_FOUND, SVC_NOT_FOUND},
        {"@senior", SVC_OK, SVC_OK},
        {"@adults", SVC_NOT_FOUND, SVC_NOT_FOUND},
        {"@auditor", SVC_OK, SVC_OK},
        {"@admin", SVC_NOT_FOUND, SVC_NOT_FOUND}, /* no record content */
        {"@w1", SVC_OK, SVC_NOT_FOUND},
        {"@nobody", SVC_NOT_FOUND, SVC_NOT_FOUND},
    };
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        Viewer v = viewer(rules[i].viewer);
        Record r;
        int got = record_get(st, &v, w1, 0, &r);
        if (!test_check(got == rules[i].w1))
            fprintf(stderr, "  %s reads W1's record: %d, want %d\n", rules[i].viewer, got, rules[i].w1);
        if (got == SVC_OK) CHECK_INT(r.supervisee_ref, staff_ref("W1"));
        record_free(&r);
        got = record_get(st, &v, w2, 0, &r);
        if (!test_check(got == rules[i].w2))
            fprintf(stderr, "  %s reads W2's record: %d, want %d\n", rules[i].viewer, got, rules[i].w2);
        record_free(&r);
    }
    Viewer auditor = viewer("@auditor");
    Record r;
    CHECK_INT(record_get(st, &auditor, 999999, 0, &r), SVC_NOT_FOUND);
    record_free(&r);
}

static void test_write_supervise(Store *s)
{
    organisation(s);
    static const Rule rules[] = {
        /* the supervisor, the team's manager, anyone above in the line */
        {"S2", "W2", A},
        {"M1", "W1", A},
        {"M1", "W2", A},
        {"M1", "W3", A},
        {"L1", "W1", A},
        {"L1", "W3", A},
        {"D1", "X1", A},
        {"MB", "X1", A},
        /* not oneself, peers, people above, other teams */
        {"W1", "W1", R},
        {"W1", "W2", R},
        {"S2", "W1", R},
        {"S2", "M1", R},
        {"M1", "X1", R},
        {"MB", "W1", R},
        /* no role writes by itself: each of these may read W1 or X1 */
        {"@senior", "W1", R},
        {"@senior", "M1", R},
        {"@senior", "Z9", R},
        {"@adults", "X1", R},
        {"@auditor", "W1", R},
        {"@auditor", "X1", R},
        {"@audw3", "W1", R},
        {"@audw3", "X1", R},
        {"@admin", "W1", R},
        {"@w1", "W2", R},
        {"@nobody", "W1", R},
    };
    check_rules(rules, sizeof rules / sizeof *rules, access_write_supervise, staff_ref, "supervises");
    Viewer m1 = viewer("M1");
    CHECK_INT(access_write_supervise(st, &m1, 999999), ACCESS_REFUSED);
}

static void test_write_own(Store *s)
{
    organisation(s);
    static const Rule own[] = {
        {"W1", "W1", A},     {"M1", "W1", A},     {"S2", "W2", A},      {"@w1", "W1", A},
        {"@audw3", "W3", A}, /* an auditor who is a worker writes their own side */
        {"M1", "W2", R},     /* the team's manager, not the supervisor */
        {"L1", "W1", R},     {"W2", "W1", R},     {"@senior", "W1", R}, {"@auditor", "W1", R},
        {"@audw3", "W1", R}, {"@admin", "W1", R}, {"@nobody", "W1", R}, {"X1", "W1", R},
    };
    check_rules(own, sizeof own / sizeof *own, access_write_own, staff_ref, "writes as themselves or supervisor for");
    static const Rule supervisor[] = {
        {"M1", "W1", A}, {"S2", "W2", A}, {"L1", "W3", A},      {"W1", "W1", R},       {"M1", "W2", R},
        {"L1", "W1", R}, {"D1", "W1", R}, {"@senior", "W1", R}, {"@auditor", "W1", R}, {"@w1", "W1", R},
    };
    check_rules(supervisor, sizeof supervisor / sizeof *supervisor, access_write_supervisor, staff_ref,
                "writes the agreement of");
    static const Rule cases[] = {
        {"W1", "C1", A},     {"M1", "C1", A},      {"S2", "C2", A},      {"W2", "C2", A},       {"X1", "CX", A},
        {"MB", "CX", A},     {"@w1", "C1", A},     {"M1", "C2", R},      {"L1", "C1", R},       {"D1", "CX", R},
        {"W2", "C1", R},     {"@senior", "C1", R}, {"@adults", "CX", R}, {"@auditor", "C1", R}, {"@audw3", "CX", R},
        {"@admin", "C1", R}, {"@nobody", "C1", R},
    };
    check_rules(cases, sizeof cases / sizeof *cases, access_write_case, case_ref, "writes on case");
    Viewer w1 = viewer("W1");
    CHECK_INT(access_write_case(st, &w1, 999999), ACCESS_REFUSED);
    CHECK_INT(access_write_own(st, &w1, 999999), ACCESS_REFUSED);
    Viewer senior = viewer("@senior"), adults = viewer("@adults"), auditor = viewer("@auditor"),
           audw3 = viewer("@audw3");
    CHECK(access_write_service(&senior, "Children"));
    CHECK(!access_write_service(&senior, "Adults"));
    CHECK(!access_write_service(&adults, "Adults")); /* no staff record to sign a response with */
    CHECK(!access_write_service(&auditor, "Children"));
    CHECK(!access_write_service(&audw3, "Children"));
    CHECK(access_write_party(&w1, 0, staff_ref("W1")));
    CHECK(!access_write_party(&w1, staff_ref("M1"), staff_ref("W2")));
    CHECK(!access_write_party(&auditor, 0, 0)); /* no staff record is nobody's party */
}

/* The case notes on case id, as an auditor reads them. */
static size_t notes_on(const char *id)
{
    Viewer auditor = viewer("@auditor");
    Record r;
    CHECK_INT(case_notes_of(st, &auditor, case_ref(id), 50, &r), SVC_OK);
    size_t n = r.nnotes;
    record_free(&r);
    return n;
}

/* The attack: a group session with a decision on a case, by someone who may
 * read the attendees' supervision but not record it. */
static void test_group_session_writes(Store *s)
{
    organisation(s);
    SvcError e = {0};
    const char *outsiders[] = {"X1", "W1"}, *children[] = {"W1", "W2"};
    GroupCase close_x[] = {{"CX", "Close the case"}}, close_1[] = {{"C1", "Close the case"}};
    Viewer audw3 = viewer("@audw3"), senior = viewer("@senior"), mb = viewer("MB"), m1 = viewer("M1");
    SvcActor a = {.viewer = &audw3, .pol = pol, .today = today, .now = 1790000000};
    CHECK_INT(group_session(st, &a, "2026-11-20", outsiders, 2, close_x, 1, &e), SVC_INVALID);
    CHECK_STR(e.field, "attendees");
    a.viewer = &senior; /* senior manager of Children, outside the line */
    CHECK_INT(group_session(st, &a, "2026-11-20", children, 2, close_1, 1, &e), SVC_INVALID);
    a.viewer = &mb; /* X1's manager, but W1 is not theirs */
    CHECK_INT(group_session(st, &a, "2026-11-20", outsiders, 2, close_x, 1, &e), SVC_INVALID);
    CHECK_INT(notes_on("CX"), 0);
    CHECK_INT(notes_on("C1"), 0);
    /* Not yours is answered as not there. */
    const char *nobody[] = {"W1", "NOSUCH"}, *theirs[] = {"W1", "X1"};
    a.viewer = &m1;
    SvcError e2 = {0};
    CHECK_INT(group_session(st, &a, "2026-11-20", nobody, 2, close_1, 1, &e), SVC_INVALID);
    CHECK_INT(group_session(st, &a, "2026-11-20", theirs, 2, close_1, 1, &e2), SVC_INVALID);
    char want[200];
    strfmt(want, sizeof want, "%s", e.message);
    char *q = strstr(want, "NOSUCH");
    CHECK(q != NULL);
    if (q) memcpy(q, "X1\"", 3), q[3] = 0;
    CHECK_STR(e2.message, want);
    /* Their team's manager may. */
    CHECK_INT(group_session(st, &a, "2026-11-20", children, 2, close_1, 1, &e), SVC_OK);
    CHECK_INT(notes_on("C1"), 1);
}

int main(void)
{
    char err[256];
    pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    if (!pol) {
        printf("Bail out! the default policy: %s\n", err);
        return 1;
    }
    today = date_from_ymd(2026, 11, 23);
    RUN_STORES(test_load);
    RUN_STORES(test_person);
    RUN_STORES(test_case);
    RUN_STORES(test_team);
    RUN_STORES(test_service_and_admin);
    RUN_STORES(test_record);
    RUN_STORES(test_write_supervise);
    RUN_STORES(test_write_own);
    RUN_STORES(test_group_session_writes);
    policy_free(pol);
    TEST_DONE();
}
