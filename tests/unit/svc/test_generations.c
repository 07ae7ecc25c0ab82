/* The generations the page cache relies on (store.h, 016_scoped_generations.sql):
 * every table of the schema has a decision, written down below, and the
 * database's triggers carry it out; a write about a team's people moves
 * that team's generation and no other; a change to the organisation moves
 * the database-wide one; the teams a manager's list is checked against
 * cover every row it shows. On both backends (RUN_STORES). */
#include "svc/concern.h"
#include "svc/due.h"
#include "view_fixture.h"

/* What a change to each table moves. A table the due lists read (any
 * DUE_* statement) must move a generation; a new table fails
 * test_every_table_decided until it is added here and, if it is not NONE,
 * given its triggers in a migration. */
typedef enum { TEAM, WHOLE, NONE } Moves;
static const struct {
    const char *table;
    Moves moves;
} decisions[] = {
    /* What the due lists show of a team's people: the team of the person
     * a row is about (the supervisee, a case's worker). */
    {"sessions", TEAM},
    {"attendees", TEAM},
    {"discussions", TEAM},
    {"agreements", TEAM},
    {"bookings", TEAM},
    {"records", TEAM},
    {"record_versions", TEAM},
    {"case_notes", TEAM},
    {"case_concerns", TEAM},
    {"actions", TEAM},
    {"escalations", TEAM},
    /* The organisation and the rules: who is in which team, whose case,
     * the policy in force; imports. */
    {"settings", WHOLE},
    {"imports", WHOLE},
    {"teams", WHOLE},
    {"staff", WHOLE},
    {"services", WHOLE},
    {"cases", WHOLE},
    {"policy_history", WHOLE},
    /* Nothing a kept page shows: accounts, sign-in, audit, the texts of
     * agendas, records and case notes, histories, inboxes, keys; the
     * generations themselves; the search indexes (derived from staff and
     * cases). */
    {"users", NONE},
    {"user_roles", NONE},
    {"web_sessions", NONE},
    {"sign_in_failures", NONE},
    {"audit_log", NONE},
    {"booking_events", NONE},
    {"agenda_items", NONE},
    {"record_items", NONE},
    {"case_note_answers", NONE},
    {"action_updates", NONE},
    {"disagreements", NONE},
    {"escalation_events", NONE},
    {"inbox", NONE},
    {"calendar_feeds", NONE},
    {"data_generation", NONE},
    {"team_generation", NONE},
    {"password_links", NONE},
    {"account_notices", NONE},
    {"recovery_codes", NONE},
    {"record_confidential", NONE},
    {"record_confidential_events", NONE},
    {"record_drafts", NONE},
    {"write_keys", NONE},
    /* The record log: nothing on a due list reads it. */
    {"log_state", NONE},
    {"log_leaves", NONE},
    {"log_nodes", NONE},
    {"log_checkpoints", NONE},
    {"log_keys", NONE},
    /* The read trail: nothing on a due list reads it. */
    {"read_trail", NONE},
    /* What the retention policy purged: no due list reads it (the texts it
     * blanks in case_notes and actions move their own generations). */
    {"purges", NONE},
    /* Feedback and workload concerns: no due list reads them (the team and
     * service pages read them afresh, outside the kept lists). */
    {"feedback_marks", NONE},
    {"feedback_answers", NONE},
    {"workload_concerns", NONE},
    /* Quality audits, reminders and the mail queue: no due list reads them
     * (the audit pages and the inbox read them afresh). */
    {"audit_draws", NONE},
    {"audits", NONE},
    {"audit_answers", NONE},
    {"audit_actions", NONE},
    {"reminders", NONE},
    {"notify_prefs", NONE},
    {"mail_queue", NONE},
    {"mail_items", NONE},
    {"schema_migrations", NONE},
    {"search_staff", NONE},
    {"search_staff_data", NONE},
    {"search_staff_idx", NONE},
    {"search_staff_config", NONE},
    {"search_cases", NONE},
    {"search_cases_data", NONE},
    {"search_cases_idx", NONE},
    {"search_cases_config", NONE},
};
#define NDECISIONS (sizeof decisions / sizeof *decisions)

/* A check that says what failed. */
#define EXPECT(ok, ...)                        \
    do {                                       \
        bool ok_ = (ok);                       \
        if (!ok_) {                            \
            fprintf(stderr, "  " __VA_ARGS__); \
            fprintf(stderr, "\n");             \
        }                                      \
        test_check(ok_);                       \
    } while (0)

static int decided(const char *table)
{
    for (size_t i = 0; i < NDECISIONS; i++)
        if (strcmp(decisions[i].table, table) == 0) return (int)i;
    return -1;
}

/* The first column of every row of a query on the test's database, over a
 * connection of its own, each at most 63 bytes: how many. */
static size_t column(const char *sqlite_sql, const char *pg_sql, char out[][64], size_t max)
{
    size_t n = 0;
    if (test_db.pg) {
        PGconn *c = PQconnectdb(test_db.where);
        PGresult *r = PQexec(c, pg_sql);
        CHECK_INT(PQresultStatus(r), PGRES_TUPLES_OK);
        for (int i = 0; i < PQntuples(r) && n < max; i++) strfmt(out[n++], 64, "%s", PQgetvalue(r, i, 0));
        PQclear(r);
        PQfinish(c);
        return n;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    CHECK_INT(sqlite3_open(test_db.where, &db), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, sqlite_sql, -1, &q, NULL), SQLITE_OK);
    while (q && sqlite3_step(q) == SQLITE_ROW && n < max) strfmt(out[n++], 64, "%s", sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

/* Every table of the schema (sql/<dialect>/0*.sql) has a decision, and the
 * database carries it out: a table that moves a generation has triggers
 * for insert, update and delete; one that moves none has none. */
static void test_every_table_decided(Store *s)
{
    (void)s;
    static char tables[256][64];
    size_t n = column("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                      " AND table_type = 'BASE TABLE' ORDER BY table_name",
                      tables, 256);
    CHECK(n > 30);
    for (size_t i = 0; i < n; i++) {
        int d = decided(tables[i]);
        EXPECT(d >= 0, "table %s has no decision in test_generations.c: what does a change to it move?", tables[i]);
        if (d < 0) continue;
        char sq[256], pq[320], count[1][64];
        strfmt(sq, sizeof sq,
               "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '%s'"
               " AND name LIKE 'generation_%%'",
               tables[i]);
        strfmt(pq, sizeof pq,
               "SELECT count(*) FROM information_schema.triggers WHERE event_object_table = '%s'"
               " AND trigger_schema = current_schema() AND trigger_name LIKE 'generation_%%'",
               tables[i]);
        CHECK_INT(column(sq, pq, count, 1), 1);
        int want = decisions[d].moves == NONE ? 0 : 3;
        EXPECT(strtol(count[0], NULL, 10) == want, "table %s: %s generation triggers, want %d", tables[i], count[0],
               want);
    }
}

/* Every table a due list reads (the DUE_* statements) moves a generation:
 * else a kept list would outlive a change to it. */
static void test_due_lists_read_decided_tables(Store *s)
{
    for (int id = 0; id < STMT_COUNT; id++) {
        if (strncmp(stmt_name((StmtId)id), "DUE_", 4) != 0) continue;
        const char *sql = stmt_sql((StmtId)id, test_db.pg ? DIALECT_POSTGRESQL : DIALECT_SQLITE);
        for (const char *p = sql; (p = strstr(p, " ")) != NULL; p++) {
            if (strncmp(p, " FROM ", 6) != 0 && strncmp(p, " JOIN ", 6) != 0) continue;
            const char *t = p + 6;
            size_t len = strspn(t, "abcdefghijklmnopqrstuvwxyz_");
            if (!len || t[len] == '(') continue; /* a subquery or a function */
            char table[64], cte[80];
            strfmt(table, sizeof table, "%.*s", (int)len, t);
            strfmt(cte, sizeof cte, "WITH %s(", table);
            if (strstr(sql, cte)) continue; /* the statement's own list (WITH scope(ref) AS ...) */
            int d = decided(table);
            EXPECT(d >= 0 && decisions[d].moves != NONE, "%s reads %s, which moves no generation",
                   stmt_name((StmtId)id), table);
        }
    }
    (void)s;
}

static int64_t whole_of(Store *s)
{
    int64_t whole;
    StoreTeamGen *teams;
    size_t n;
    CHECK_INT(store_generations(s, STORE_GEN_ALL, NULL, &whole, &teams, &n), STORE_OK);
    store_generations_free(teams, n);
    return whole;
}

/* A team's generation ("" the people in no team). */
static int64_t team_of(Store *s, const char *team)
{
    int64_t whole, g = -1;
    StoreTeamGen *teams;
    size_t n;
    CHECK_INT(store_generations(s, STORE_GEN_ALL, NULL, &whole, &teams, &n), STORE_OK);
    for (size_t i = 0; i < n; i++)
        if (strcmp(teams[i].team, team) == 0) g = teams[i].n;
    store_generations_free(teams, n);
    EXPECT(g >= 0, "no generation for team \"%s\"", team);
    return g;
}

typedef struct {
    int64_t whole, a, b, none;
} Gens;

static Gens gens(Store *s) { return (Gens){whole_of(s), team_of(s, "Team A"), team_of(s, "Team B"), team_of(s, "")}; }

/* What moved between two readings: "whole", "A", "B", "none" (no team),
 * space-separated, or "" for nothing. */
static const char *moved(Gens was, Gens is, char *out, size_t n)
{
    strfmt(out, n, "%s%s%s%s", was.whole != is.whole ? "whole " : "", was.a != is.a ? "A " : "",
           was.b != is.b ? "B " : "", was.none != is.none ? "none " : "");
    return out;
}

/* Runs sql (the same in both dialects) on its own connection: what it moved. */
static const char *after(Store *s, const char *sql, char *out, size_t n)
{
    Gens was = gens(s);
    test_db_exec(sql, sql);
    return moved(was, gens(s), out, n);
}

static void test_writes_move_their_team(Store *s)
{
    organisation(s);
    char m[64];
    /* W1 (Team A): an attendance, a case's discussion, the session itself. */
    CHECK_STR(after(s, "UPDATE attendees SET date = date WHERE staff_ref = (SELECT ref FROM staff WHERE id = 'W1')", m,
                    sizeof m),
              "A ");
    CHECK_STR(after(s, "UPDATE discussions SET held = held", m, sizeof m), "A ");
    CHECK_STR(after(s, "UPDATE sessions SET late_days = 2 WHERE id = 'S1'", m, sizeof m), "A ");
    /* X1 (Team B) gets a concern on a case of theirs: Team B's only. */
    CHECK_STR(after(s,
                    "INSERT INTO cases (id, category, worker_ref, allocated_date)"
                    " SELECT 'C9', 'family-placement', ref, '2026-01-01' FROM staff WHERE id = 'X1'",
                    m, sizeof m),
              "whole ");
    /* (a change to the organisation made outside oversight leaves nothing
     * to trust until oversight's next commit) */
    CHECK_INT(whole_of(s), -1);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK(whole_of(s) > 0);
    Gens was = gens(s);
    Viewer head = viewer_of("L1");
    SvcActor a = as(&head);
    SvcError e = {0};
    CHECK_INT(concern_raise(s, &a, "C9", "incident", "2026-11-20", "A fall at school", &e), SVC_OK);
    CHECK_STR(moved(was, gens(s), m, sizeof m), "B ");
    /* Agenda items and audit rows: nothing a kept page shows. */
    CHECK_STR(after(s, "INSERT INTO audit_log (at, action, detail) VALUES (1, 'x', 'y')", m, sizeof m), "");
    /* S9's agreement: Directorate's, S9's team, alone. */
    int64_t directorate = team_of(s, "Directorate");
    CHECK_STR(after(s,
                    "INSERT INTO agreements (supervisee_ref, supervisor_ref, every, minutes, place, record_keeping,"
                    " content, confidentiality, disagreements, written_by_ref, written_at)"
                    " SELECT ref, ref, '4w', 60, 'p', 'r', 'c', 'f', 'd', ref, 1 FROM staff WHERE id = 'S9'",
                    m, sizeof m),
              "");
    CHECK(team_of(s, "Directorate") > directorate);
    /* A policy change or an import: the database-wide one, once. */
    was = gens(s);
    fixture_import(IMPORT_SESSIONS, "sessions.csv", "id,date,supervisor,supervisee\nS2,2026-11-02,L1,X1\n");
    CHECK_STR(moved(was, gens(s), m, sizeof m), "whole ");
    CHECK(whole_of(s) >= 0);
}

/* One statement over rows of several teams moves each of them, whichever
 * its event (an insert, an update, an upsert, a delete), and one that
 * writes no row moves none. On PostgreSQL the team triggers run once per
 * statement (017_statement_generations.sql): an import's millions of rows
 * then cost one check of the database-wide mark, not one per row. */
static void test_statements_move_every_team(Store *s)
{
    organisation(s);
    char m[64];
    CHECK_STR(after(s,
                    "INSERT INTO attendees (session_ref, staff_ref, date, held_individual)"
                    " SELECT x.ref, y.ref, x.date, 0 FROM sessions x, staff y WHERE x.id = 'S1' AND y.id = 'X1'",
                    m, sizeof m),
              "B ");
    CHECK_STR(after(s, "UPDATE attendees SET date = date", m, sizeof m), "A B ");
    CHECK_STR(after(s, "UPDATE sessions SET late_days = 3 WHERE id = 'S1'", m, sizeof m), "A B ");
    CHECK_STR(after(s, "UPDATE attendees SET date = date WHERE staff_ref = -1", m, sizeof m), "");
    CHECK_STR(after(s, "DELETE FROM attendees WHERE staff_ref = (SELECT ref FROM staff WHERE id = 'X1')", m, sizeof m),
              "B ");
    CHECK_STR(after(s,
                    "INSERT INTO discussions (session_ref, case_ref, date, held)"
                    " SELECT session_ref, case_ref, date, held FROM discussions WHERE 1 = 1"
                    " ON CONFLICT (session_ref, case_ref) DO UPDATE SET held = excluded.held",
                    m, sizeof m),
              "A ");
    CHECK_STR(after(s, "DELETE FROM discussions", m, sizeof m), "A ");
    if (!test_db.pg) return; /* SQLite has row triggers only */
    char rows[64][64];
    size_t n = column(NULL,
                      "SELECT event_object_table || ' ' || trigger_name FROM information_schema.triggers"
                      " WHERE trigger_schema = current_schema() AND trigger_name LIKE 'generation_%'"
                      " AND action_orientation <> 'STATEMENT' ORDER BY 1",
                      rows, 64);
    for (size_t i = 0; i < n; i++) EXPECT(false, "%s: a generation trigger that runs for each row", rows[i]);
    CHECK_INT(n, 0);
}

/* A manager's list is kept against the teams of everyone it can hold: each
 * row's team is among them. L1 supervises M1 (Team A) and X1 (Team B) and
 * manages Team B. */
static void test_managed_teams_cover_the_list(Store *s)
{
    organisation(s);
    /* K1 supervises themselves (an import only warns of it), in a team
     * they do not manage, and W3 in Team B: their list holds their own row. */
    fixture_import(IMPORT_STAFF, "staff.csv",
                   FIXTURE_STAFF_CSV "K1,Kit Self,manager,Directorate,K1,L1,2020-01-01,\n"
                                     "W3,Wil Worker,social-worker,Team B,K1,K1,2021-01-01,\n");
    const char *managers[] = {"L1", "M1", "K1"};
    for (size_t k = 0; k < 3; k++) {
        int64_t whole;
        StoreTeamGen *teams;
        size_t n;
        CHECK_INT(store_generations(s, STORE_GEN_MANAGED, managers[k], &whole, &teams, &n), STORE_OK);
        Viewer v = viewer_of(managers[k]);
        SvcActor a = as(&v);
        DueFilter f = {.asof = today, .manager = managers[k]};
        DueList l;
        CHECK_INT(view_due(s, &a, &f, &l), SVC_OK);
        CHECK(l.n > 0);
        for (size_t i = 0; i < l.n; i++) {
            bool found = false;
            for (size_t j = 0; j < n; j++) found |= strcmp(teams[j].team, l.rows[i].team) == 0;
            EXPECT(found, "%s's list: row %s of team \"%s\" is not among the teams read", managers[k], l.rows[i].id,
                   l.rows[i].team);
        }
        due_list_free(&l);
        store_generations_free(teams, n);
    }
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_every_table_decided);
    RUN_STORES(test_due_lists_read_decided_tables);
    RUN_STORES(test_writes_move_their_team);
    RUN_STORES(test_statements_move_every_team);
    RUN_STORES(test_managed_teams_cover_the_list);
    fixture_done();
    TEST_DONE();
}
