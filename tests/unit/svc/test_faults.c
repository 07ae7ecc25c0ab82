/* test_faults.c: every use case that writes, with the database failing
 * under it (store_fault.h), on both backends.
 *
 * The use cases run as one journey over the organisation of
 * view_fixture.h (an agreement, a booking and its agenda, a record written,
 * sent, disputed, escalated, amended and signed, its actions followed up,
 * concerns, discussions, imports, accounts, sessions, write keys, the
 * policy), each step one service call whose success the next ones build
 * on. Each step runs first with its Nth call to the database failing, for
 * N = 1, 2, ... until the step gets through without reaching call N; then
 * it has succeeded, on the same connection that failed under it a moment
 * before. A fault is made once (the call fails, later ones work) and
 * persistently (the call and every later one fail: the disk is gone), as
 * SQLite's own fault-injection tests do. The faults are, in turn:
 *
 *   - the store's calls failing (begin, statement, row, commit), with the
 *     backend's own error, on each backend;
 *   - SQLite's disk: its writes and syncs failing under it (a VFS);
 *   - PostgreSQL's connection ended by the server inside the transaction.
 *
 * Creating a new database's schema (store_migrate) is tried the same way:
 * with any call failing, no table is left.
 *
 * After every failed attempt:
 *
 *   - the service answered SVC_FAILED: never success, never a refusal or
 *     "not found" that would tell the person something untrue; and the
 *     store's error says what failed;
 *   - nothing was half-written: every table's rows, read over a connection
 *     of their own, are what they were before the attempt;
 *   - the connection holds no transaction (a left one would keep the
 *     database's write lock);
 * and after the success, the step's effect is there.
 *
 * OVERSIGHT_LONG=1: every N in both ways. Without it (make test) the
 * persistent fault at every N and the one-off fault at every fourth for
 * the store's faults; 1, 2, 4, 8, ... for the disk's and for the steps that
 * hash a password (a tenth of a second each); 1, 4, 16, ... for dropped
 * connections (a new connection each); and before these sparse N, the
 * commit (the sync) failing alone, as they may pass over it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/action.h"
#include "svc/admin.h"
#include "svc/agreement.h"
#include "svc/booking.h"
#include "svc/calendar.h"
#include "svc/concern.h"
#include "svc/discussion.h"
#include "svc/escalation.h"
#include "svc/inbox.h"
#include "svc/notice.h"
#include "svc/password_link.h"
#include "svc/policy_change.h"
#include "svc/record.h"
#include "svc/sealed.h"
#include "svc/session.h"
#include "svc/write_key.h"
#include "store_fault.h"
#include "view_fixture.h"

static bool long_run;
static SvcError e;
static AdminActor cli = {.operator= "command line (unix user tester)", .now = 1790000000};

/* What the steps made, for the steps after them. */
static int64_t w1_ref, agreement, booking, booking2, booking3, item, record, record2, action, esc, concern, user_ann,
    note_c1, note_c2;
static char link_token[TOKEN_CHARS + 1], session_hash[65];

/* Figures for the summary. */
static long attempts, faults_injected, findings;

/* ---- the database as another connection sees it ---- */

static sqlite3 *side_sqlite;
static PGconn *side_pg;
static Buf side_pg_sql; /* PostgreSQL: one query for every table's count and hash */

static void side_open(void)
{
    if (test_db.pg) {
        side_pg = PQconnectdb(test_db.where);
        CHECK(PQstatus(side_pg) == CONNECTION_OK);
        PGresult *t = PQexec(side_pg, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                      "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1");
        buf_clear(&side_pg_sql);
        if (PQntuples(t) == 0) buf_adds(&side_pg_sql, "SELECT 'no tables', 0, 0");
        for (int i = 0; i < PQntuples(t); i++)
            buf_addf(&side_pg_sql,
                     "%sSELECT '%s', count(*), coalesce(sum(hashtextextended(x::text, 0)::numeric), 0) "
                     "FROM \"%s\" x",
                     i ? " UNION ALL " : "", PQgetvalue(t, i, 0), PQgetvalue(t, i, 0));
        PQclear(t);
    } else {
        CHECK_INT(sqlite3_open_v2(test_db.where, &side_sqlite, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    }
}

static void side_close(void)
{
    if (side_pg) PQfinish(side_pg);
    if (side_sqlite) sqlite3_close(side_sqlite);
    side_pg = NULL, side_sqlite = NULL;
}

/* One integer from a query (the same SQL on both backends); -1 on failure. */
static long long side_int(const char *sql)
{
    long long v = -1;
    if (side_pg) {
        PGresult *r = PQexec(side_pg, sql);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
            v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        else
            fprintf(stderr, "  %s: %s", sql, PQerrorMessage(side_pg));
        PQclear(r);
        return v;
    }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(side_sqlite, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    else
        fprintf(stderr, "  %s: %s\n", sql, sqlite3_errmsg(side_sqlite));
    sqlite3_finalize(s);
    return v;
}

/* A row as bytes (a blob may hold NULs). */
typedef struct {
    char *s;
    size_t n;
} RowBytes;

static int cmp_row(const void *a, const void *b)
{
    const RowBytes *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) h = (h ^ c[i]) * 1099511628211u;
    return h;
}

/* Every table's rows, as "table count hash" lines (rows sorted, so the
 * order a backend returns them in does not matter). */
static void snapshot(Buf *out)
{
    buf_clear(out);
    if (side_pg) {
        PGresult *r = PQexec(side_pg, side_pg_sql.data);
        for (int i = 0; i < PQntuples(r); i++)
            buf_addf(out, "%s %s %s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
        if (PQresultStatus(r) != PGRES_TUPLES_OK) buf_addf(out, "(cannot read: %s)", PQerrorMessage(side_pg));
        PQclear(r);
        return;
    }
    sqlite3_stmt *t = NULL;
    sqlite3_prepare_v2(side_sqlite,
                       "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                       "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY 1",
                       -1, &t, NULL);
    while (sqlite3_step(t) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(t, 0);
        char sql[300];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        sqlite3_stmt *r = NULL;
        sqlite3_prepare_v2(side_sqlite, sql, -1, &r, NULL);
        RowBytes *rows = NULL;
        size_t n = 0, cap = 0;
        while (sqlite3_step(r) == SQLITE_ROW) {
            Buf row = {0};
            for (int c = 0; c < sqlite3_column_count(r); c++) {
                const void *v = sqlite3_column_blob(r, c);
                int len = sqlite3_column_bytes(r, c);
                buf_addf(&row, "%d:%d:", sqlite3_column_type(r, c), len);
                if (v) buf_add(&row, v, (size_t)len);
            }
            if (n == cap) rows = xrealloc(rows, (cap = cap ? cap * 2 : 64) * sizeof *rows);
            rows[n++] = (RowBytes){row.data, row.len}; /* owned now */
        }
        sqlite3_finalize(r);
        if (n) qsort(rows, n, sizeof *rows, cmp_row);
        uint64_t h = 14695981039346656037u;
        for (size_t i = 0; i < n; i++) h = fnv(fnv(h, rows[i].s ? rows[i].s : "", rows[i].n), "\n", 1), free(rows[i].s);
        free(rows);
        buf_addf(out, "%s %zu %016llx\n", name, n, (unsigned long long)h);
    }
    sqlite3_finalize(t);
}

/* The tables whose lines differ, for the message. */
static void say_differences(const Buf *before, const Buf *after)
{
    const char *a = before->data ? before->data : "", *b = after->data ? after->data : "";
    while (*a || *b) {
        size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");
        if (na != nb || memcmp(a, b, na) != 0) fprintf(stderr, "    was %.*s, now %.*s\n", (int)na, a, (int)nb, b);
        a += na + (a[na] != 0), b += nb + (b[nb] != 0);
    }
}

/* ---- the steps ---- */

typedef struct {
    const char *name;
    SvcResult (*run)(void);
    const char *check; /* SQL counting what the step's success makes... */
    long long want;    /* ...and the count it must give then */
    bool slow;         /* it hashes a password (a tenth of a second): the short run tries fewer N */
} Step;

static SvcResult agreement_propose(void)
{
    SvcActor m1 = as(&v_m1);
    AgreementTerms t = {"4w", "75", "Room 2", "Both keep copies", "All areas", "Private", "Escalate"};
    return agreement_write(st, &m1, w1_ref, &t, &agreement, &e);
}

static SvcResult agreement_accept(void)
{
    SvcActor w1 = as(&v_w1);
    return agreement_agree(st, &w1, agreement, &e);
}

static SvcResult book(int64_t *ref, const char *date)
{
    SvcActor m1 = as(&v_m1);
    BookingInput in = {.supervisee_ref = w1_ref, .date = date, .start_time = "10:00", .minutes = "", .place = "Room 2"};
    char warning[300];
    return booking_add(st, &m1, &in, ref, warning, sizeof warning, &e);
}

static SvcResult booking_book(void) { return book(&booking, "2026-11-19"); }

static SvcResult booking_book_another(void) { return book(&booking2, "2026-12-03"); }

static SvcResult booking_moved(void)
{
    SvcActor w1 = as(&v_w1);
    BookingInput in = {.supervisee_ref = w1_ref,
                       .date = "2026-11-20",
                       .start_time = "11:00",
                       .minutes = "",
                       .place = "Room 9"};
    char warning[300];
    return booking_move(st, &w1, booking, &in, "Court hearing", warning, sizeof warning, &e);
}

static SvcResult booking_cancelled(void)
{
    SvcActor w1 = as(&v_w1);
    return booking_cancel(st, &w1, booking2, "Leave", &e);
}

static SvcResult agenda_worry(void)
{
    SvcActor w1 = as(&v_w1);
    return agenda_add(st, &w1, booking, "worry", "Housing", NULL, true, &e);
}

static SvcResult agenda_topic(void)
{
    SvcActor m1 = as(&v_m1);
    return agenda_add(st, &m1, booking, "topic", "Caseload", NULL, false, &e);
}

static SvcResult agenda_samples(void)
{
    SvcActor m1 = as(&v_m1);
    int added = 0;
    return agenda_sample(st, &m1, booking, 5, &added, &e);
}

static SvcResult agenda_private(void)
{
    SvcActor m1 = as(&v_m1);
    return agenda_confidential(st, &m1, item, true, &e);
}

static SvcResult record_begin(void)
{
    SvcActor m1 = as(&v_m1);
    return record_start(st, &m1, booking, &record, &e);
}

/* Text for the areas, workload and wellbeing (the latter confidential). */
static const char *texts[64];
static bool conf[64];

static SvcResult record_write(void)
{
    SvcActor m1 = as(&v_m1);
    for (size_t i = 0; i < record_ntopics; i++) {
        if (strcmp(record_topics[i].id, "workload") == 0) texts[i] = "Twenty cases";
        if (strcmp(record_topics[i].id, "wellbeing") == 0) texts[i] = "A private matter", conf[i] = true;
    }
    return record_save(st, &m1, record, texts, conf, &e);
}

static SvcResult record_kept(void)
{
    SvcActor m1 = as(&v_m1);
    RecordField f[] = {{"action-text", "Book training"}, {"action-due", "2026-12-10"}};
    const char *kept[64] = {0};
    for (size_t i = 0; i < record_ntopics; i++)
        if (strcmp(record_topics[i].id, "workload") == 0) kept[i] = "Eighteen cases";
    return record_keep(st, &m1, record, kept, conf, f, 2, &e);
}

static SvcResult record_case_note(void)
{
    SvcActor m1 = as(&v_m1);
    const char *answers[POLICY_PROMPTS_MAX] = {"Missed visits"};
    CaseNoteInput n = {.case_id = "C1",
                       .prompts = "three-questions",
                       .answers = answers,
                       .decision = "Visit weekly",
                       .rationale = "Missed visits"};
    return record_add_case_note(st, &m1, record, &n, &e);
}

static SvcResult record_action(void)
{
    SvcActor m1 = as(&v_m1);
    return record_add_action(st, &m1, record, "W1", "Book court skills training", "2026-12-10", "C1", &e);
}

static SvcResult record_sent(void)
{
    SvcActor m1 = as(&v_m1);
    return record_send(st, &m1, record, &e);
}

static SvcResult record_private(void)
{
    SvcActor w1 = as(&v_w1);
    return record_confidential(st, &w1, record, "wellbeing", true, &e);
}

static SvcResult record_disagreed(void)
{
    SvcActor w1 = as(&v_w1);
    return record_disagree(st, &w1, record, "It leaves out my request", &e);
}

static SvcResult escalation_raised(void)
{
    SvcActor w1 = as(&v_w1);
    return escalation_raise(st, &w1, record, "Please look", &esc, &e);
}

static SvcResult escalation_answered(void)
{
    SvcActor l1 = as(&v_l1);
    return escalation_respond(st, &l1, esc, "Looking into it", false, &e);
}

static SvcResult escalation_higher(void)
{
    SvcActor w1 = as(&v_w1);
    return escalation_escalate(st, &w1, esc, "Not resolved", &e);
}

static SvcResult escalation_resolved(void)
{
    SvcActor senior = as(&v_senior);
    return escalation_respond(st, &senior, esc, "Caseload reduced", true, &e);
}

static SvcResult record_amended(void)
{
    SvcActor m1 = as(&v_m1);
    return record_amend(st, &m1, record, "Add the caseload request", &e);
}

static SvcResult record_signed(void)
{
    SvcActor w1 = as(&v_w1);
    return record_sign(st, &w1, record, &e);
}

static SvcResult action_reported(void)
{
    SvcActor w1 = as(&v_w1);
    return action_report_done(st, &w1, action, "Booked for January", &e);
}

static SvcResult action_confirmed(void)
{
    SvcActor m1 = as(&v_m1);
    return action_confirm(st, &m1, action, true, "", &e);
}

static SvcResult concern_raised(void)
{
    SvcActor w1 = as(&v_w1);
    return concern_raise(st, &w1, "C2", "incident", "2026-11-22", "A fall at school", &e);
}

static SvcResult concern_resolved(void)
{
    SvcActor m1 = as(&v_m1);
    return concern_resolve(st, &m1, concern, "2026-11-23", "Seen by the school nurse", &e);
}

static SvcResult discussion_held(void)
{
    SvcActor w1 = as(&v_w1);
    return discussion_informal(st, &w1, "C2", "2026-11-21", "Keep the placement", "Stable", &e);
}

static SvcResult group_held(void)
{
    SvcActor m1 = as(&v_m1);
    const char *who[] = {"W1", "W2"};
    GroupCase cases[] = {{"C1", "Joint visit"}, {"C3", "Refer to the panel"}};
    return group_session(st, &m1, "2026-11-22", who, 2, cases, 2, &e);
}

static SvcResult inbox_read_all(void)
{
    SvcActor m1 = as(&v_m1);
    return inbox_mark_read(st, &m1);
}

static SvcResult feed_made(void)
{
    SvcActor w1 = as(&v_w1);
    char token[TOKEN_CHARS + 1];
    return calendar_feed_new(st, &w1, token);
}

static SvcResult import_sessions(void)
{
    const char *csv = "id,date,supervisor,supervisee\nS2,2026-11-02,M1,W2\nS3,2026-11-03,L1,M1\n";
    CsvReader *r = csv_new_mem(csv, strlen(csv));
    ImportReport rep = {0};
    int rc = import_run(st, pol, IMPORT_SESSIONS, r, "sessions.csv", &rep);
    import_report_free(&rep);
    csv_free(r);
    return rc == IMPORT_OK ? SVC_OK : rc == IMPORT_ENV ? SVC_FAILED : SVC_INVALID;
}

static SvcResult admin_imported(void)
{
    const char *csv = "id,category,worker,allocated_date,closed_date\nC5,child-in-need,W2,2026-11-01,\n";
    CsvReader *r = csv_new_mem(csv, strlen(csv));
    ImportReport rep = {0};
    SvcResult rc = admin_import(st, &cli, pol, IMPORT_CASES, r, "cases.csv", &rep, &e);
    import_report_free(&rep);
    csv_free(r);
    return rc;
}

static SvcResult account_added(void)
{
    AccountRole auditor = {"auditor", ""};
    return admin_account_add(st, &cli, "ann", "W2", NULL, &auditor, 1, link_token, &e);
}

static SvcResult role_granted(void)
{
    AccountRole admin = {"admin", ""};
    return admin_role_grant(st, &cli, "ann", &admin, &e);
}

static SvcResult role_revoked(void)
{
    AccountRole auditor = {"auditor", ""};
    return admin_role_revoke(st, &cli, "ann", &auditor, &e);
}

static SvcResult password_chosen(void)
{
    return password_link_use(st, link_token, "a long enough password", cli.now + 60, &e);
}

static SessionStarted started;

static SvcResult signed_in(void)
{
    SessionAttempt at = {.client = "192.0.2.1", .now = cli.now + 120};
    SvcResult rc = session_sign_in(st, "ann", "a long enough password", &at, &started, &e);
    if (rc == SVC_OK) account_token_hash(started.token, session_hash);
    return rc;
}

static SvcResult wrong_password(void)
{
    SessionAttempt at = {.client = "192.0.2.9", .now = cli.now + 130};
    SessionStarted s;
    SvcResult rc = session_sign_in(st, "ann", "not the password", &at, &s, &e);
    return rc == SVC_INVALID ? SVC_OK : rc == SVC_OK ? SVC_CONFLICT : rc; /* counted: the step's success */
}

static SvcResult signed_out(void) { return session_end(st, session_hash, cli.now + 180); }

static SvcResult password_changed(void)
{
    SessionAttempt at = {.client = "192.0.2.1", .now = cli.now + 240};
    return session_change_password(st, "ann", "a long enough password", "another long password",
                                   "another long password", &at, &e);
}

/* Two-factor sign-in for ann: turned on (with the app's secret, kept
 * here), used to sign in, turned off; each code at a later step. */
static char totp_secret[TOTP_SECRET_CHARS + 1], half_hash[65];
#define TOTP_AT (cli.now + 10 * TOTP_STEP)

static SvcResult two_factor_turned_on(void)
{
    char offer[SEALED_MAX], code[TOTP_DIGITS + 1];
    SvcResult rc = session_totp_offer(user_ann, TOTP_AT, totp_secret, offer, &e);
    if (rc != SVC_OK) return rc;
    if (!totp_code(totp_secret, TOTP_AT, code)) return SVC_INVALID;
    SessionAttempt at = {.client = "192.0.2.1", .now = TOTP_AT};
    RecoveryCodes codes;
    return session_two_factor_on(st, "ann", "another long password", offer, code, &at, &codes, &e);
}

static SvcResult signed_in_half(void)
{
    SessionAttempt at = {.client = "192.0.2.1", .now = TOTP_AT + 2 * TOTP_STEP};
    SessionStarted half;
    SvcResult rc = session_sign_in(st, "ann", "another long password", &at, &half, &e);
    if (rc == SVC_OK) account_token_hash(half.token, half_hash);
    return rc == SVC_OK && !half.code_due ? SVC_CONFLICT : rc;
}

static SvcResult second_factor(void)
{
    char code[TOTP_DIGITS + 1];
    if (!totp_code(totp_secret, TOTP_AT + 2 * TOTP_STEP, code)) return SVC_INVALID;
    SessionAttempt at = {.client = "192.0.2.1", .now = TOTP_AT + 2 * TOTP_STEP};
    SessionStarted full;
    return session_second_factor(st, half_hash, code, &at, &full, &e);
}

static SvcResult two_factor_turned_off(void)
{
    char code[TOTP_DIGITS + 1];
    if (!totp_code(totp_secret, TOTP_AT + 4 * TOTP_STEP, code)) return SVC_INVALID;
    SessionAttempt at = {.client = "192.0.2.1", .now = TOTP_AT + 4 * TOTP_STEP};
    return session_two_factor_off(st, "ann", "another long password", code, &at, &e);
}

static SvcResult account_disabled(void) { return admin_disable(st, &cli, "sol", &e); }

static SvcResult account_enabled(void) { return admin_enable(st, &cli, "sol", &e); }

static SvcResult team_changed(void)
{
    AdminTeamChange to = {"Family support", "W2"};
    return admin_team_set(st, &cli, "Team B", &to, NULL, &e);
}

/* A booking sent with a write key: the key is taken with it, by the
 * commit hook, in the same transaction. */
static SvcResult keyed_booking(void)
{
    WriteKey k;
    int64_t ref = 0;
    write_key_arm(&k, st, user_ann, "0123456789abcdefKEY", cli.now + 300);
    SvcResult rc = book(&ref, "2026-12-10");
    write_key_disarm(&k, NULL);
    return rc;
}

static SvcResult record_lift_asked(void)
{
    SvcActor w1 = as(&v_w1);
    return record_lift_confidential(st, &w1, record, "wellbeing", &e);
}

static SvcResult record_lift_agreed(void)
{
    SvcActor m1 = as(&v_m1);
    return record_lift_confidential(st, &m1, record, "wellbeing", &e);
}

static SvcResult record_case_note_more(void)
{
    SvcActor m1 = as(&v_m1);
    const char *checks[] = {"incidents"};
    CaseNoteInput n = {.case_id = "C2",
                       .decision = "Keep",
                       .rationale = "Stable",
                       .checklist = checks,
                       .nchecklist = 1};
    return record_add_case_note(st, &m1, record, &n, &e);
}

static SvcResult record_note_corrected(void)
{
    SvcActor m1 = as(&v_m1);
    return record_correct_case_note(st, &m1, record, note_c1, "Visit twice a week", "More missed visits", &e);
}

static SvcResult record_note_withdrawn(void)
{
    SvcActor m1 = as(&v_m1);
    return record_withdraw_case_note(st, &m1, record, note_c2, "Discussed in error", &e);
}

static SvcResult booking_book_today(void) { return book(&booking3, "2026-11-23"); }

static SvcResult record_begin_next(void)
{
    SvcActor m1 = as(&v_m1);
    return record_start(st, &m1, booking3, &record2, &e);
}

static SvcResult record_followed_up(void)
{
    SvcActor m1 = as(&v_m1);
    return record_follow_up(st, &m1, record2, action, "open", "Waiting for a date", &e);
}

static SvcResult staff_unlinked(void) { return admin_staff_link(st, &cli, "ann", NULL, &e); }

static SvcResult two_factor_required(void) { return admin_two_factor_require(st, &cli, "ann", &e); }

static SvcResult password_reset(void)
{
    char token[TOKEN_CHARS + 1];
    return admin_password_reset(st, &cli, "sol", NULL, token, &e);
}

static SvcResult notices_seen(void)
{
    SvcActor sol = as(&v_senior);
    return notice_seen(st, &sol, INT64_MAX);
}

extern const char policy_national_text[];
extern const size_t policy_national_text_len;

static SvcResult policy_applied(void)
{
    return policy_apply(st, &cli, today, policy_national_text, policy_national_text_len, "national.policy", NULL, &e);
}

/* Refs the checks cannot know before the steps run. */
static void learn_refs(const char *step)
{
    if (strcmp(step, "agenda_worry") == 0) item = side_int("SELECT max(ref) FROM agenda_items WHERE kind = 'worry'");
    if (strcmp(step, "record_action") == 0) action = side_int("SELECT max(ref) FROM actions");
    if (strcmp(step, "record_amended") == 0) {
        note_c1 = side_int("SELECT max(n.ref) FROM case_notes n JOIN cases c ON c.ref = n.case_ref "
                           "WHERE c.id = 'C1' AND n.version = 2");
        note_c2 = side_int("SELECT max(n.ref) FROM case_notes n JOIN cases c ON c.ref = n.case_ref "
                           "WHERE c.id = 'C2' AND n.version = 2");
    }
    if (strcmp(step, "concern_raised") == 0) concern = side_int("SELECT max(ref) FROM case_concerns");
    if (strcmp(step, "account_added") == 0) user_ann = side_int("SELECT ref FROM users WHERE username = 'ann'");
}

#define STEP(fn, check, want)       \
    {                               \
#fn, fn, check, want, false \
    }
#define STEP_SLOW(fn, check, want) \
    {                              \
#fn, fn, check, want, true \
    }
static const Step steps[] = {
    STEP(agreement_propose, "SELECT count(*) FROM agreements", 1),
    STEP(agreement_accept, "SELECT count(*) FROM agreements WHERE supervisee_agreed_at IS NOT NULL", 1),
    STEP(booking_book, "SELECT count(*) FROM bookings WHERE date = '2026-11-19'", 1),
    STEP(booking_moved, "SELECT count(*) FROM bookings WHERE date = '2026-11-20' AND place = 'Room 9'", 1),
    STEP(booking_book_another, "SELECT count(*) FROM bookings", 2),
    STEP(booking_cancelled, "SELECT count(*) FROM bookings WHERE status = 'cancelled'", 1),
    STEP(agenda_worry, "SELECT count(*) FROM agenda_items WHERE kind = 'worry'", 1),
    STEP(agenda_topic, "SELECT count(*) FROM agenda_items WHERE kind = 'topic'", 1),
    STEP(agenda_samples, "SELECT count(*) FROM agenda_items WHERE kind = 'sample'", 2),
    STEP(agenda_private, "SELECT count(*) FROM agenda_items WHERE confidential_supervisor = 1", 1),
    STEP(record_begin, "SELECT count(*) FROM records", 1),
    STEP(record_write, "SELECT count(*) FROM record_items WHERE text = 'Twenty cases'", 1),
    STEP(record_kept,
         "SELECT count(*) FROM record_drafts d JOIN record_items i ON i.record_ref = d.record_ref "
         "WHERE i.text = 'Eighteen cases'",
         2),
    STEP(record_case_note, "SELECT count(*) FROM case_notes WHERE record_ref IS NOT NULL", 1),
    STEP(record_case_note_more, "SELECT count(*) FROM case_notes WHERE record_ref IS NOT NULL", 2),
    STEP(record_action, "SELECT count(*) FROM actions", 1),
    STEP(record_sent, "SELECT count(*) FROM record_versions WHERE state = 'sent'", 1),
    STEP(record_private, "SELECT count(*) FROM record_confidential", 1),
    STEP(record_disagreed, "SELECT count(*) FROM disagreements", 1),
    STEP(record_lift_asked, "SELECT count(*) FROM record_confidential WHERE lift_proposed_at IS NOT NULL", 1),
    STEP(record_lift_agreed, "SELECT count(*) FROM record_confidential WHERE lifted_at IS NOT NULL", 1),
    STEP(escalation_raised, "SELECT count(*) FROM escalations", 1),
    STEP(escalation_answered, "SELECT count(*) FROM escalation_events", 2),
    STEP(escalation_higher, "SELECT count(*) FROM escalations WHERE level = 2", 1),
    STEP(escalation_resolved, "SELECT count(*) FROM escalations WHERE status = 'resolved'", 1),
    STEP(record_amended, "SELECT count(*) FROM record_versions", 2),
    STEP(record_note_corrected, "SELECT count(*) FROM case_notes WHERE decision = 'Visit twice a week'", 1),
    STEP(record_note_withdrawn, "SELECT count(*) FROM case_notes WHERE withdrawn = 'Discussed in error'", 1),
    STEP(record_sent, "SELECT count(*) FROM record_versions WHERE state = 'sent'", 1),
    STEP(record_signed, "SELECT count(*) FROM record_versions WHERE state = 'signed'", 1),
    STEP(booking_book_today, "SELECT count(*) FROM bookings WHERE date = '2026-11-23'", 1),
    STEP(record_begin_next, "SELECT count(*) FROM records", 2),
    STEP(record_followed_up, "SELECT count(*) FROM action_updates WHERE note = 'Waiting for a date'", 1),
    STEP(action_reported, "SELECT count(*) FROM action_updates WHERE reported = 1", 1),
    STEP(action_confirmed, "SELECT count(*) FROM actions WHERE status = 'done'", 1),
    STEP(concern_raised, "SELECT count(*) FROM case_concerns", 1),
    STEP(concern_resolved, "SELECT count(*) FROM case_concerns WHERE resolved_date IS NOT NULL", 1),
    STEP(discussion_held, "SELECT count(*) FROM sessions WHERE type = 'informal'", 1),
    STEP(group_held, "SELECT count(*) FROM sessions WHERE type = 'group'", 1),
    STEP(inbox_read_all,
         "SELECT count(*) FROM inbox i JOIN staff s ON s.ref = i.staff_ref "
         "WHERE s.id = 'M1' AND i.read_at IS NULL",
         0),
    STEP(feed_made, "SELECT count(*) FROM calendar_feeds", 1),
    STEP(import_sessions, "SELECT count(*) FROM sessions WHERE id IN ('S2', 'S3')", 2),
    STEP(admin_imported, "SELECT count(*) FROM cases WHERE id = 'C5'", 1),
    STEP_SLOW(account_added, "SELECT count(*) FROM users WHERE username = 'ann'", 1),
    STEP(role_granted, "SELECT count(*) FROM user_roles", 3),
    STEP(role_revoked, "SELECT count(*) FROM user_roles WHERE role = 'auditor'", 0),
    STEP_SLOW(password_chosen, "SELECT count(*) FROM password_links", 0),
    STEP_SLOW(signed_in, "SELECT count(*) FROM web_sessions WHERE ended_at IS NULL", 1),
    STEP_SLOW(wrong_password, "SELECT count(*) FROM sign_in_failures", 2),
    STEP(signed_out, "SELECT count(*) FROM web_sessions WHERE ended_at IS NULL", 0),
    STEP_SLOW(password_changed, "SELECT count(*) FROM account_notices", 5),
    STEP_SLOW(two_factor_turned_on, "SELECT count(*) FROM users WHERE totp_enabled = 1", 1),
    STEP_SLOW(signed_in_half, "SELECT count(*) FROM web_sessions WHERE second_factor_due = 1 AND ended_at IS NULL", 1),
    STEP(second_factor, "SELECT count(*) FROM web_sessions WHERE second_factor_due = 0 AND ended_at IS NULL", 1),
    STEP_SLOW(two_factor_turned_off, "SELECT count(*) FROM users WHERE totp_enabled = 1", 0),
    STEP(account_disabled, "SELECT count(*) FROM users WHERE disabled = 1", 1),
    STEP(account_enabled, "SELECT count(*) FROM users WHERE disabled = 1", 0),
    STEP(notices_seen,
         "SELECT count(*) FROM account_notices n JOIN users u ON u.ref = n.user_ref "
         "WHERE u.username = 'sol' AND n.seen_at IS NULL",
         0),
    STEP(staff_unlinked, "SELECT count(*) FROM users WHERE username = 'ann' AND staff_ref IS NULL", 1),
    STEP(two_factor_required, "SELECT count(*) FROM users WHERE totp_required = 1", 1),
    STEP_SLOW(password_reset, "SELECT count(*) FROM password_links", 1),
    STEP(policy_applied, "SELECT count(*) FROM policy_history", 2),
    STEP(team_changed,
         "SELECT count(*) FROM teams t JOIN services s ON s.ref = t.service_ref "
         "WHERE s.name = 'Family support'",
         1),
    STEP(keyed_booking, "SELECT count(*) FROM write_keys", 1),
};
#define NSTEPS (sizeof steps / sizeof *steps)

/* One attempt of step with call nth failing; true when the fault was
 * reached (and everything above checked), false when the step got through
 * without reaching it (then it has succeeded, and that is checked). */
static Buf before, after; /* after an attempt that changed nothing, the next one's before */
static bool before_known;

/* Where the faults are: the store's calls failing (store_fault_arm), the
 * disk under SQLite (fault_vfs_arm), or PostgreSQL's connection ended by
 * the server before the call (store_fault_arm_real with drop_connection). */
typedef enum { FAULTS_IN_STORE, FAULTS_ON_DISK, FAULTS_DROPPED } FaultPlace;
static FaultPlace place;

/* Has the server end the store's connection (every other connection to
 * the test's database but the side one's), and waits until it has. */
static void drop_connection(void *arg)
{
    (void)arg;
    PQclear(PQexec(side_pg, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    for (int i = 0; i < 1000 && side_int("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                         " AND pid <> pg_backend_pid()") > 0;
         i++)
        usleep(1000);
}

/* What the failure of each place says. */
static bool says_why(const char *err)
{
    if (place == FAULTS_DROPPED) return strstr(err, "connection") != NULL;
    return strstr(err, "I/O error") || strstr(err, "closed the connection");
}

/* One attempt of step s with call nth failing (and with persistent, every
 * later one). true when the step is done (it succeeded: the journey goes
 * on), false when it failed and everything above was checked. */
/* Arms the place's faults: the nth call, or with commits the nth commit
 * (the nth sync on the disk). */
static void arm(Store *s, long nth, bool persistent, bool commits)
{
    if (place == FAULTS_ON_DISK && commits)
        fault_vfs_arm_syncs(nth, persistent);
    else if (place == FAULTS_ON_DISK)
        fault_vfs_arm(nth, persistent);
    else if (commits)
        store_fault_arm_commits(s, nth, persistent, place == FAULTS_DROPPED ? drop_connection : NULL, NULL);
    else if (place == FAULTS_DROPPED)
        store_fault_arm_real(s, nth, persistent, drop_connection, NULL);
    else
        store_fault_arm(s, nth, persistent);
}

static StoreFaultReport disarm(Store *s)
{
    return place == FAULTS_ON_DISK ? fault_vfs_disarm() : store_fault_disarm(s);
}

static bool attempt(const Step *s, long nth, bool persistent, bool commits)
{
    if (!before_known) snapshot(&before);
    memset(&e, 0, sizeof e);
    arm(st, nth, persistent, commits);
    SvcResult rc = s->run();
    StoreFaultReport rep = disarm(st);
    attempts++;
    faults_injected += rep.injected;
    bool reached = rep.injected > 0;
    snapshot(&after);
    const char *how = persistent ? "from" : "at";
    const char *first = place == FAULTS_ON_DISK ? rep.first_op == FAULT_COMMIT ? "sync" : "write"
                        : rep.first_op == FAULT_EXEC || rep.first_op == FAULT_QUERY ? stmt_name(rep.first_stmt)
                                                                                    : fault_op_names[rep.first_op];
    bool ok = true;
    if (rc == SVC_OK) {
        /* Only a dropped connection may be got over (reconnected outside a
         * transaction); a failed call never leaves a success behind. */
        if (reached && place != FAULTS_DROPPED && !test_check(false)) {
            fprintf(stderr, "  %s, fault %s call %ld (%s%s): success reported\n", s->name, how, nth, first,
                    rep.first_op == FAULT_COMMIT ? ", the commit" : "");
            ok = false;
        }
        long long got = side_int(s->check);
        if (!test_check(got == s->want)) {
            fprintf(stderr, "  %s: %s gives %lld, want %lld\n", s->name, s->check, got, s->want);
            ok = false;
        }
        learn_refs(s->name);
    } else if (!reached) {
        test_check(false);
        fprintf(stderr, "  %s: %d (%s: %s) with no fault\n", s->name, rc, e.field, e.message);
        ok = false;
    } else {
        if (!test_check(rc == SVC_FAILED)) {
            fprintf(stderr, "  %s, fault %s call %ld (%s): answered %d (%s: %s), not a failure\n", s->name, how, nth,
                    first, rc, e.field, e.message);
            ok = false;
        } else if (!test_check(says_why(store_error(st)))) {
            fprintf(stderr, "  %s, fault %s call %ld (%s): the error says \"%s\"\n", s->name, how, nth, first,
                    store_error(st));
            ok = false;
        }
        if (!test_check(strcmp(before.data, after.data) == 0)) {
            fprintf(stderr, "  %s, fault %s call %ld (%s): the database changed\n", s->name, how, nth, first);
            say_differences(&before, &after);
            ok = false;
        }
        if (!test_check(!store_fault_in_tx(st))) {
            fprintf(stderr, "  %s, fault %s call %ld (%s): left in a transaction\n", s->name, how, nth, first);
            store_rollback(st);
            ok = false;
        }
    }
    findings += !ok;
    /* What the attempt left is what the next one starts from. */
    Buf was = before;
    before = after, after = was;
    before_known = true;
    return rc == SVC_OK || !reached;
}

/* The journey, each step under faults at every call in turn. */
static void journey(Store *s)
{
    organisation(s);
    side_open();
    before_known = false;
    w1_ref = ref_of("W1");
    agreement = booking = booking2 = booking3 = item = record = record2 = action = esc = concern = user_ann = 0;
    note_c1 = note_c2 = 0;
    long attempts_then = attempts;
    for (size_t i = 0; i < NSTEPS; i++) {
        /* The short run's N: every one for the store's faults, whose
         * attempts are cheap; 1, 2, 4, 8, ... where an attempt costs a
         * password hash or a new connection (or 1, 4, 16, ...). */
        long grow = long_run ? 1 : place == FAULTS_DROPPED ? 4 : steps[i].slow || place == FAULTS_ON_DISK ? 2 : 1;
        /* The short run's sparse N may pass over the commit, the call that
         * matters most (the sync): it fails first, on its own. */
        if (grow > 1 && attempt(&steps[i], 1, true, true)) {
            test_check(false);
            fprintf(stderr, "  %s: got through with its commit failing\n", steps[i].name);
            continue;
        }
        for (long n = 1;; n = grow == 1 ? n + 1 : n * grow) {
            long faults_then = faults_injected;
            if (attempt(&steps[i], n, true, false)) {
                /* Every step calls the database: one that got through its
                 * first attempt was never faulted, and proves nothing. */
                if (n == 1 && !test_check(faults_injected > faults_then))
                    fprintf(stderr, "  %s: no fault reached it\n", steps[i].name);
                break;
            }
            if ((long_run || (grow == 1 && n % 4 == 1)) && attempt(&steps[i], n, false, false)) break;
            if (!test_check(n < 100000)) break; /* a step that never gets through */
        }
    }
    static const char *const places[] = {"", " (the disk failing)", " (the connection dropped)"};
    printf("# %s%s: %zu steps, %ld attempts\n", test_db.name, places[place], NSTEPS, attempts - attempts_then);
    side_close();
    buf_free(&before);
    buf_free(&after);
}

/* How many tables the test's database holds, seen from a connection of
 * its own. */
static long long tables_now(void)
{
    side_open();
    long long n = side_int(test_db.pg ? "SELECT count(*) FROM information_schema.tables"
                                        " WHERE table_schema = current_schema()"
                                      : "SELECT count(*) FROM sqlite_master");
    side_close();
    return n;
}

/* Creating the schema of a new, empty database (oversight init) with the
 * Nth call failing: store_migrate fails, not one table is left, and the
 * same connection then migrates it whole. */
static void migrate_under_faults(bool pg)
{
    char name[64], err[512] = "";
    const char *uri = getenv("OVERSIGHT_TEST_PG");
    if (!test_check(test_db_create_(pg, uri, name, sizeof name))) return;
    Store *s = NULL;
    if (!test_check(store_open(test_db.where, true, &s, err, sizeof err) == STORE_OK)) {
        fprintf(stderr, "  %s\n", err);
        return;
    }
    long grow = long_run || !pg ? 1 : 2; /* a migration on PostgreSQL takes a while */
    bool done = false;
    /* n 0: the commit alone fails (sparse N may pass over it). */
    for (long n = grow == 1 ? 1 : 0; !done && test_check(n < 10000); n = grow == 1 || n == 0 ? n + 1 : n * grow) {
        for (int persistent = 1; !done && persistent >= 0; persistent--) {
            if (!persistent && !long_run && n % 4 != 1) continue;
            if (n == 0)
                store_fault_arm_commits(s, 1, true, NULL, NULL);
            else
                store_fault_arm(s, n, persistent);
            int rc = store_migrate(s);
            StoreFaultReport rep = store_fault_disarm(s);
            attempts++;
            faults_injected += rep.injected;
            bool ok = true;
            if (!rep.injected) {
                int version = -1;
                ok = test_check(rc == STORE_OK) && test_check(store_schema_version(s, &version) == STORE_OK) &&
                     test_check(version == store_expected_version());
                if (!ok) fprintf(stderr, "  migrate: %d, version %d: %s\n", rc, version, store_error(s));
                done = true;
            } else {
                long long tables = tables_now();
                if (!test_check(rc == STORE_ENV && says_why(store_error(s)))) {
                    fprintf(stderr, "  migrate, fault %s call %ld: %d, \"%s\"\n", persistent ? "from" : "at", n, rc,
                            store_error(s));
                    ok = false;
                }
                if (!test_check(tables == 0)) {
                    fprintf(stderr, "  migrate, fault %s call %ld: %lld tables left\n", persistent ? "from" : "at", n,
                            tables);
                    ok = false;
                }
                if (!test_check(!store_fault_in_tx(s))) {
                    fprintf(stderr, "  migrate, fault %s call %ld: left in a transaction\n", persistent ? "from" : "at",
                            n);
                    ok = false;
                }
            }
            findings += !ok;
        }
    }
    store_close(s);
    test_db_drop_(uri, name);
}

static void test_migrate_faults_sqlite(void) { migrate_under_faults(false); }
static void test_migrate_faults_postgresql(void) { migrate_under_faults(true); }

/* Runs the journey with faults in place on a new database of the backend
 * (pg: PostgreSQL, at OVERSIGHT_TEST_PG), as RUN_STORES would give it. */
static void journey_on(bool pg, FaultPlace where)
{
    char name[64];
    const char *uri = getenv("OVERSIGHT_TEST_PG");
    if (!test_check(test_db_create_(pg, uri, name, sizeof name))) return;
    Store *s = test_store_open();
    if (s) {
        place = where;
        journey(s);
        place = FAULTS_IN_STORE;
        store_close(s);
    }
    test_db_drop_(uri, name);
}

/* The store's calls failing. */
static void test_store_faults_sqlite(void) { journey_on(false, FAULTS_IN_STORE); }
static void test_store_faults_postgresql(void) { journey_on(true, FAULTS_IN_STORE); }

/* SQLite's writes and syncs failing under it (fault_vfs_install). */
static void test_disk_faults_sqlite(void) { journey_on(false, FAULTS_ON_DISK); }

/* PostgreSQL's connection ended by the server before each failing call:
 * the backend meets a real lost connection inside a transaction. */
static void test_dropped_connections_postgresql(void) { journey_on(true, FAULTS_DROPPED); }

/* A PostgreSQL test, or its line when there is no server: skipped when
 * left out on purpose, else failed (as RUN_STORES, test.h). */
static void run_pg(const char *name, void (*fn)(void))
{
    const char *uri = getenv("OVERSIGHT_TEST_PG"), *no_pg = getenv("OVERSIGHT_TEST_NO_PG");
    if (uri && *uri) return test_run_(name, fn);
    test_begin_();
    if (no_pg && strcmp(no_pg, "1") == 0)
        return test_end_(name, "PostgreSQL left out on purpose (OVERSIGHT_TEST_NO_PG=1)");
    test_check(false);
    fprintf(stderr, "  %s: OVERSIGHT_TEST_PG is not set: set it, or OVERSIGHT_TEST_NO_PG=1\n", name);
    test_end_(name, NULL);
}

/* OVERSIGHT_FAULTS_ONLY=sqlite or postgresql runs one backend's tests
 * (tests/reliability/test_store_faults.sh, once per backend). */
int main(void)
{
    const char *l = getenv("OVERSIGHT_LONG"), *only = getenv("OVERSIGHT_FAULTS_ONLY");
    long_run = l && strcmp(l, "1") == 0;
    char keys[] = "/tmp/test_faults.XXXXXX", key[64];
    if (!mkdtemp(keys)) {
        printf("Bail out! no folder for the key file\n");
        return 1;
    }
    strfmt(key, sizeof key, "%s/db.key", keys);
    sealed_use_key_file(key); /* two-factor secrets are sealed under it */
    if (!fixture_init() || !session_init() || !fault_vfs_install()) return 1;
    if (!only || strcmp(only, "postgresql") != 0) {
        RUN(test_store_faults_sqlite);
        RUN(test_disk_faults_sqlite);
        RUN(test_migrate_faults_sqlite);
    }
    if (!only || strcmp(only, "sqlite") != 0) {
        run_pg("test_store_faults_postgresql", test_store_faults_postgresql);
        run_pg("test_dropped_connections_postgresql", test_dropped_connections_postgresql);
        run_pg("test_migrate_faults_postgresql", test_migrate_faults_postgresql);
    }
    fixture_done();
    unlink(key);
    rmdir(keys);
    size_t cases = 0; /* a use case may be more than one step (a record sent twice) */
    for (size_t i = 0; i < NSTEPS; i++) {
        bool again = false;
        for (size_t k = 0; k < i; k++) again = again || steps[k].run == steps[i].run;
        cases += !again;
    }
    printf("# summary: %zu use cases, %ld attempts, %ld faults injected, %ld failures found\n", cases, attempts,
           faults_injected, findings);
    TEST_DONE();
}
