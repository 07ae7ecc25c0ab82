/* test_session.c: the session service (svc/session.h) called directly, on
 * both databases (RUN_STORES, test.h): signing in, the throttle (by account
 * and address, by address, wrong codes by account), timeouts and the
 * once-a-minute "last seen", sign-out, second factors (set-up from a sealed
 * offer, the password asked, codes never taken twice, recovery codes,
 * secrets sealed in the database, turning off), changing one's password,
 * and the conflicts of requests that race.
 * (The same over HTTP: tests/cli/test_serve.sh and test_two_factor.sh.) */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svc/admin.h"
#include "svc/import.h"
#include "svc/session.h"
#include "test.h"

static Store *st; /* the test's database, as accounts() was given it */
static Policy *pol;
static const int64_t T0 = 1790000000; /* "now" at the start of each test */

#define PASSWORD "correct horse battery"

/* An attempt from the address from, at the time at. */
#define AT(from, at) (&(SessionAttempt){.client = (from), .now = (at)})

/* The two accounts every test starts from, in the test's database s:
 * alice is linked to the staff record W1; bob to none. */
static void accounts(Store *s)
{
    st = s;
    CHECK(accounts_init());
    CHECK(session_init());
    const char *staff = "id,name,role,team,supervisor,line_manager,start_date\n"
                        "M1,Mo Manager,manager,Team A,,,2020-01-01\n"
                        "W1,Wyn Worker,social-worker,Team A,M1,M1,2021-01-01\n";
    CsvReader *csv = csv_new_mem(staff, strlen(staff));
    ImportReport rep = {0};
    CHECK_INT(import_run(st, pol, IMPORT_STAFF, csv, "staff.csv", &rep), IMPORT_OK);
    CHECK_INT(rep.rows, 2);
    import_report_free(&rep);
    csv_free(csv);
    char err[512];
    CHECK_INT(account_add(st, "alice", "W1", PASSWORD, NULL, 0, err, sizeof err), ACCOUNT_OK);
    CHECK_INT(account_add(st, "bob", NULL, PASSWORD, NULL, 0, err, sizeof err), ACCOUNT_OK);
}

/* Signs in as user with the password at now; the session's token, or "". */
static const char *signed_in(const char *user, const char *password, int64_t now, SessionStarted *s)
{
    SvcError e = {0};
    SvcResult rc = session_sign_in(st, user, password, AT("192.0.2.1", now), s, &e);
    CHECK_INT(rc, SVC_OK);
    if (rc != SVC_OK) fprintf(stderr, "  sign-in as %s: %s\n", user, e.message);
    return rc == SVC_OK ? s->token : "";
}

/* The database's generation: it moves on with every committed write. */
static int64_t generation(void)
{
    int64_t g = -1;
    CHECK_INT(store_generation(st, &g), STORE_OK);
    return g;
}

/* ---- signing in ---- */

static void test_sign_in(Store *db)
{
    accounts(db);
    SessionStarted s;
    const char *token = signed_in("alice", PASSWORD, T0, &s);
    CHECK_INT(strlen(token), TOKEN_CHARS);
    CHECK(!s.code_due);
    Session found;
    CHECK_INT(session_find(st, token, T0 + 1, &found), SVC_OK);
    CHECK_STR(found.username, "alice");
    CHECK_STR(found.staff_id, "W1");
    CHECK_STR(found.staff_name, "Wyn Worker");
    CHECK(found.staff_ref > 0 && found.user_ref > 0);
    CHECK_INT(strlen(found.csrf), TOKEN_CHARS);
    CHECK_INT(strlen(found.token_hash), 64);
    CHECK(strcmp(found.token_hash, token) != 0); /* only the hash is kept */
    CHECK(!found.code_due && !found.totp_enabled && !found.totp_required);

    SessionStarted b;
    CHECK_INT(session_find(st, signed_in("bob", PASSWORD, T0, &b), T0, &found), SVC_OK);
    CHECK_STR(found.username, "bob");
    CHECK_STR(found.staff_id, "");
    CHECK_INT(found.staff_ref, 0);

    /* Tokens that are not a live session's. */
    CHECK_INT(session_find(st, NULL, T0, &found), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, "short", T0, &found), SVC_NOT_FOUND);
    char other[TOKEN_CHARS + 1];
    account_new_token(other);
    CHECK_INT(session_find(st, other, T0, &found), SVC_NOT_FOUND);
    CHECK_STR(found.username, "");

    /* Wrong passwords, unknown accounts and missing fields. */
    SvcError e = {0};
    CHECK_INT(session_sign_in(st, "alice", "not the password", AT("192.0.2.1", T0), &s, &e), SVC_INVALID);
    CHECK_HAS(e.message, "not right");
    CHECK_INT(session_sign_in(st, "nobody", PASSWORD, AT("192.0.2.1", T0), &s, &e), SVC_INVALID);
    CHECK_HAS(e.message, "not right");
    CHECK_INT(session_sign_in(st, "alice", "", AT("192.0.2.1", T0), &s, &e), SVC_INVALID);
    CHECK_HAS(e.message, "Enter your username and password");
    CHECK_STR(s.token, "");

    /* A disabled account neither signs in nor keeps its session. */
    AdminActor operator= {.operator= "command line (unix user tester)", .now = T0};
    CHECK_INT(admin_disable(st, &operator, "bob", &e), SVC_OK);
    CHECK_INT(session_find(st, b.token, T0, &found), SVC_NOT_FOUND);
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, AT("192.0.2.1", T0), &s, &e), SVC_INVALID);
}

/* Failed attempts counted against a key since t. */
static int64_t failures(const char *key, int64_t t)
{
    int64_t n = -1;
    Param p[] = {P_STR(key), P_INT(t)};
    CHECK_INT(store_query_int(st, STMT_SIGN_IN_FAILURES_RECENT, p, 2, &n), 1);
    return n;
}

/* Adds n failures under key at t. */
static void add_failures(const char *key, int n, int64_t t)
{
    Param f[] = {P_STR(key), P_INT(t)};
    CHECK_INT(store_begin(st), STORE_OK);
    for (int i = 0; i < n; i++) CHECK_INT(store_exec(st, STMT_SIGN_IN_FAILURE_ADD, f, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
}

static void test_throttle_pair(Store *db)
{
    accounts(db);
    SessionStarted s;
    SvcError e = {0};
    const char *A = "192.0.2.1";
    /* A failure counts against the account and address together, and the address. */
    for (int i = 0; i < THROTTLE_PAIR_FREE; i++)
        CHECK_INT(session_sign_in(st, "alice", "wrong password", AT(A, T0), &s, &e), SVC_INVALID);
    CHECK_INT(failures("pair alice 192.0.2.1", T0), THROTTLE_PAIR_FREE);
    CHECK_INT(failures("address 192.0.2.1", T0), THROTTLE_PAIR_FREE);
    /* Past the free ones, that pair waits 2 seconds, then 4, 8 ... */
    SessionAttempt *a = AT(A, T0 + 1);
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, a, &s, &e), SVC_REFUSED);
    CHECK_INT(a->retry_after, 1);
    CHECK_HAS(e.message, "wait 1 second");
    CHECK_INT(failures("pair alice 192.0.2.1", T0), THROTTLE_PAIR_FREE); /* a paused attempt is not counted */
    CHECK_INT(session_sign_in(st, "alice", "wrong again", AT(A, T0 + 2), &s, &e), SVC_INVALID);
    a = AT(A, T0 + 3);
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, a, &s, &e), SVC_REFUSED);
    CHECK_INT(a->retry_after, 3); /* 4 seconds after T0 + 2 */
    /* The same account from another address is not slowed at all: the
     * guesser slows only themselves. */
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, AT("192.0.2.99", T0 + 3), &s, &e), SVC_OK);
    /* Nor are other accounts from the guesser's address. */
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, AT(A, T0 + 3), &s, &e), SVC_OK);
    /* Once the pause has passed, the right password signs in and clears the pair. */
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, AT(A, T0 + 6), &s, &e), SVC_OK);
    CHECK_INT(failures("pair alice 192.0.2.1", 0), 0);
    CHECK_INT(failures("address 192.0.2.1", 0), THROTTLE_PAIR_FREE + 1); /* the address keeps its count */
    /* The pause grows, but never past its cap. */
    add_failures("pair alice 192.0.2.1", 40, T0 + 100);
    a = AT(A, T0 + 100);
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, a, &s, &e), SVC_REFUSED);
    CHECK_INT(a->retry_after, THROTTLE_PAIR_CAP);
    CHECK_HAS(e.message, "wait 15 minutes");
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, AT(A, T0 + 100 + THROTTLE_PAIR_CAP), &s, &e), SVC_OK);
    /* Failures are forgotten after THROTTLE_MEMORY. */
    add_failures("pair bob 192.0.2.1", 40, T0 + 200);
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, AT(A, T0 + 201), &s, &e), SVC_REFUSED);
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, AT(A, T0 + 200 + THROTTLE_MEMORY + 1), &s, &e), SVC_OK);
}

/* Finding: fifty junk sign-ins from one address (a proxy everyone is behind)
 * made the right password of every other account fail. */
static void test_throttle_address(Store *db)
{
    accounts(db);
    SessionStarted s;
    SvcError e = {0};
    const char *nat = "198.51.100.7";
    for (int i = 0; i < 50; i++) {
        char junk[32];
        strfmt(junk, sizeof junk, "junk%d", i);
        CHECK_INT(session_sign_in(st, junk, "whatever", AT(nat, T0), &s, &e), SVC_INVALID);
    }
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, AT(nat, T0), &s, &e), SVC_OK);
    /* Far past the address's limit ... */
    add_failures("address 198.51.100.7", THROTTLE_ADDRESS_FREE, T0 + 10);
    add_failures("pair alice 198.51.100.7", 1, T0 + 10);
    /* ... a right password for an account with no failures from there still signs in ... */
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, AT(nat, T0 + 10), &s, &e), SVC_OK);
    /* ... and a first try of any other name is checked, whether or not it
     * is an account's, so that the pause tells nobody which names are real ... */
    CHECK_INT(session_sign_in(st, "ghost", "whatever", AT(nat, T0 + 10), &s, &e), SVC_INVALID);
    /* ... but a name that has failed from there waits, even with the right password. */
    SessionAttempt *a = AT(nat, T0 + 10);
    CHECK_INT(session_sign_in(st, "ghost", "whatever", a, &s, &e), SVC_REFUSED);
    CHECK(a->retry_after > 0 && a->retry_after <= THROTTLE_ADDRESS_CAP);
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, AT(nat, T0 + 11), &s, &e), SVC_REFUSED);
    /* From elsewhere alice signs in as ever. */
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, AT("198.51.100.8", T0 + 11), &s, &e), SVC_OK);
    /* The pause is capped. */
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, AT(nat, T0 + 10 + THROTTLE_ADDRESS_CAP), &s, &e), SVC_OK);
}

/* ---- sessions ---- */

static void test_timeouts(Store *db)
{
    accounts(db);
    SessionStarted a, b;
    Session found;
    /* Idle. */
    char idle[TOKEN_CHARS + 1];
    strfmt(idle, sizeof idle, "%s", signed_in("alice", PASSWORD, T0, &a));
    CHECK_INT(session_find(st, idle, T0 + SESSION_IDLE_TIMEOUT, &found), SVC_OK);
    CHECK_INT(session_find(st, idle, T0 + 2 * SESSION_IDLE_TIMEOUT + 1, &found), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, idle, T0 + 2 * SESSION_IDLE_TIMEOUT, &found), SVC_NOT_FOUND); /* ended, for good */
    /* However busy, a session ends 12 hours after signing in. */
    const char *busy = signed_in("alice", PASSWORD, T0, &b);
    int64_t t = T0;
    for (; t + 20 * 60 <= T0 + SESSION_ABSOLUTE_TIMEOUT; t += 20 * 60)
        CHECK_INT(session_find(st, busy, t, &found), SVC_OK);
    CHECK_INT(session_find(st, busy, T0 + SESSION_ABSOLUTE_TIMEOUT + 1, &found), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, busy, T0 + SESSION_ABSOLUTE_TIMEOUT, &found), SVC_NOT_FOUND); /* ended, for good */
}

static void test_last_seen(Store *db)
{
    accounts(db);
    SessionStarted a, b;
    Session found;
    char quiet[TOKEN_CHARS + 1];
    strfmt(quiet, sizeof quiet, "%s", signed_in("alice", PASSWORD, T0, &a));
    const char *seen = signed_in("bob", PASSWORD, T0, &b);
    /* Within the minute a request writes nothing; after it, one write moves
     * "last seen" on (the idle timeout below shows which were written). That
     * write is bookkeeping: the data's generation stays, so kept pages stay
     * valid and a watcher of the data sees no change. */
    int64_t g = generation();
    CHECK_INT(session_find(st, quiet, T0 + SESSION_SEEN_EVERY - 1, &found), SVC_OK);
    CHECK_INT(session_find(st, seen, T0 + SESSION_SEEN_EVERY, &found), SVC_OK);
    CHECK_INT(session_find(st, seen, T0 + SESSION_SEEN_EVERY + 1, &found), SVC_OK);
    CHECK_INT(generation(), g);
    /* Only the session written to lasts past the idle timeout from sign-in. */
    CHECK_INT(session_find(st, quiet, T0 + SESSION_IDLE_TIMEOUT + 1, &found), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, seen, T0 + SESSION_IDLE_TIMEOUT + 1, &found), SVC_OK);
    CHECK_STR(found.username, "bob");
}

/* A database that refuses to change web_sessions, as a full disk refuses
 * every write: "last seen" cannot be written, and reading goes on. */
static void test_last_seen_unwritable(Store *db)
{
    accounts(db);
    SessionStarted a;
    Session found;
    char token[TOKEN_CHARS + 1];
    strfmt(token, sizeof token, "%s", signed_in("alice", PASSWORD, T0, &a));
    test_db_exec("CREATE TRIGGER no_room BEFORE UPDATE ON web_sessions BEGIN SELECT RAISE(ABORT, 'disk full'); END",
                 "CREATE FUNCTION no_room() RETURNS trigger LANGUAGE plpgsql AS "
                 "$$BEGIN RAISE EXCEPTION 'disk full'; END$$; "
                 "CREATE TRIGGER no_room BEFORE UPDATE ON web_sessions FOR EACH ROW EXECUTE FUNCTION no_room()");
    /* Every minute a write is due, and fails; the session is found all the same. */
    for (int64_t t = T0 + SESSION_SEEN_EVERY; t <= T0 + SESSION_IDLE_TIMEOUT; t += SESSION_SEEN_EVERY) {
        CHECK_INT(session_find(st, token, t, &found), SVC_OK);
        CHECK_STR(found.username, "alice");
    }
    /* Nothing was written, so the idle timeout runs from sign-in: the
     * session is over (ending it cannot be written either, and is not
     * needed: it is over by its times). */
    CHECK_INT(session_find(st, token, T0 + SESSION_IDLE_TIMEOUT + 1, &found), SVC_NOT_FOUND);
    CHECK_STR(found.username, "");
    /* With room again, sessions are seen and written as ever. */
    test_db_exec("DROP TRIGGER no_room", "DROP TRIGGER no_room ON web_sessions; DROP FUNCTION no_room()");
    int64_t t1 = T0 + SESSION_IDLE_TIMEOUT + 10;
    strfmt(token, sizeof token, "%s", signed_in("alice", PASSWORD, t1, &a));
    CHECK_INT(session_find(st, token, t1 + SESSION_SEEN_EVERY, &found), SVC_OK);
    CHECK_INT(session_find(st, token, t1 + SESSION_IDLE_TIMEOUT + 1, &found), SVC_OK);
}

static void test_sign_out(Store *db)
{
    accounts(db);
    SessionStarted a, b;
    Session mine, other;
    char token[TOKEN_CHARS + 1];
    strfmt(token, sizeof token, "%s", signed_in("alice", PASSWORD, T0, &a));
    const char *elsewhere = signed_in("alice", PASSWORD, T0, &b);
    CHECK_INT(session_find(st, token, T0, &mine), SVC_OK);
    CHECK_INT(session_end(st, mine.token_hash, T0 + 5), SVC_OK);
    CHECK_INT(session_find(st, token, T0 + 6, &other), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, elsewhere, T0 + 6, &other), SVC_OK); /* only that session ends */
    CHECK_STR(other.username, "alice");
    CHECK_INT(session_end(st, mine.token_hash, T0 + 7), SVC_OK); /* twice is no error */
}

/* ---- second factors ---- */

/* A code for the secret at time t that is not right at t: its digits moved on by one. */
static void wrong_code(const char *secret, int64_t t, char out[TOTP_DIGITS + 1])
{
    CHECK(totp_code(secret, t, out));
    for (int i = 0; out[i]; i++) out[i] = (char)('0' + (out[i] - '0' + 1) % 10);
}

/* The account's stored two-factor secret (as the database holds it). */
static void stored_secret(const char *user, char out[SEALED_MAX])
{
    Param p[] = {P_STR(user)};
    StoreRows *r = store_query(st, STMT_ADMIN_USER_REF, p, 1);
    int64_t ref = 0;
    if (r && store_next(r) == 1) ref = store_col_int(r, 0);
    if (r) store_rows_close(r);
    out[0] = 0;
    Param q[] = {P_INT(ref)};
    r = store_query(st, STMT_USER_TOTP, q, 1);
    if (r && store_next(r) == 1) strfmt(out, SEALED_MAX, "%s", store_col_text(r, 0, NULL));
    if (r) store_rows_close(r);
}

/* Turns two-factor sign-in on for user at t; its secret in secret, the
 * recovery codes in codes. */
static void turned_on(const char *user, int64_t t, char secret[TOTP_SECRET_CHARS + 1], RecoveryCodes *codes)
{
    SessionStarted s;
    Session me;
    SvcError e = {0};
    CHECK_INT(session_find(st, signed_in(user, PASSWORD, t, &s), t, &me), SVC_OK);
    char offer[SEALED_MAX], code[TOTP_DIGITS + 1];
    CHECK_INT(session_totp_offer(me.user_ref, t, secret, offer, &e), SVC_OK);
    CHECK(totp_code(secret, t, code));
    CHECK_INT(session_two_factor_on(st, user, PASSWORD, offer, code, AT("192.0.2.1", t), codes, &e), SVC_OK);
}

static void test_two_factor(Store *db)
{
    accounts(db);
    SessionStarted s;
    Session me;
    CHECK_INT(session_find(st, signed_in("alice", PASSWORD, T0, &s), T0, &me), SVC_OK);
    int64_t user = me.user_ref;

    /* Set-up: the secret offered travels sealed in the form; nothing is written. */
    char secret[TOTP_SECRET_CHARS + 1], again[TOTP_SECRET_CHARS + 1], code[TOTP_DIGITS + 1];
    char offer[SEALED_MAX], offer2[SEALED_MAX];
    SvcError e = {0};
    int64_t g = generation();
    CHECK_INT(session_totp_offer(user, T0, secret, offer, &e), SVC_OK);
    CHECK_INT(session_totp_offer(user, T0, again, offer2, &e), SVC_OK);
    CHECK_INT(generation(), g);
    CHECK_INT(strlen(secret), TOTP_SECRET_CHARS);
    CHECK(strstr(offer, secret) == NULL);
    CHECK_INT(session_totp_offered(user, offer, T0 + 60, again, &e), SVC_OK);
    CHECK_STR(again, secret);
    /* An offer opens only for its account, and only for an hour. */
    CHECK_INT(session_totp_offered(user + 1, offer, T0, again, &e), SVC_INVALID);
    CHECK_INT(session_totp_offered(user, offer, T0 + SESSION_OFFER_TIMEOUT + 1, again, &e), SVC_INVALID);
    CHECK_HAS(e.message, "too old");

    /* Turning it on takes the password and a code. */
    RecoveryCodes codes;
    CHECK(totp_code(secret, T0, code));
    CHECK_INT(session_two_factor_on(st, "alice", "", offer, code, AT("192.0.2.1", T0), &codes, &e), SVC_INVALID);
    CHECK_STR(e.field, "password");
    CHECK_INT(session_two_factor_on(st, "alice", "wrong password", offer, code, AT("192.0.2.1", T0), &codes, &e),
              SVC_INVALID);
    CHECK_STR(e.field, "password");
    CHECK_INT(session_two_factor_on(st, "alice", PASSWORD, offer, "", AT("192.0.2.1", T0), &codes, &e), SVC_INVALID);
    CHECK_HAS(e.message, "Enter the code");
    wrong_code(secret, T0, code);
    CHECK_INT(session_two_factor_on(st, "alice", PASSWORD, offer, code, AT("192.0.2.1", T0), &codes, &e), SVC_INVALID);
    CHECK_HAS(e.message, "not right");
    CHECK_INT(generation(), g); /* only failures counted (bookkeeping): no data changed */
    char stored[SEALED_MAX];
    stored_secret("alice", stored);
    CHECK_STR(stored, "");
    CHECK(totp_code(secret, T0, code));
    CHECK_INT(session_two_factor_on(st, "alice", PASSWORD, offer, code, AT("192.0.2.1", T0), &codes, &e), SVC_OK);
    /* Ten recovery codes, all different. */
    for (int i = 0; i < RECOVERY_CODES; i++) {
        CHECK_INT(strlen(codes.code[i]), RECOVERY_CODE_CHARS);
        for (int j = 0; j < i; j++) CHECK(strcmp(codes.code[i], codes.code[j]) != 0);
    }
    /* The secret is kept sealed, not in the clear. */
    stored_secret("alice", stored);
    CHECK(sealed_is_sealed(stored));
    CHECK(strstr(stored, secret) == NULL);
    /* A second request turning it on comes too late. */
    RecoveryCodes none;
    CHECK_INT(session_two_factor_on(st, "alice", PASSWORD, offer, code, AT("192.0.2.1", T0), &none, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "turned on already");

    /* Signing in now opens a half session ... */
    SessionStarted half;
    char half_token[TOKEN_CHARS + 1];
    strfmt(half_token, sizeof half_token, "%s", signed_in("alice", PASSWORD, T0 + 1, &half));
    CHECK(half.code_due);
    Session h;
    CHECK_INT(session_find(st, half_token, T0 + 2, &h), SVC_OK);
    CHECK(h.code_due && h.totp_enabled);
    /* ... which the code already taken cannot complete (no replay) ... */
    SessionStarted full;
    CHECK_INT(session_second_factor(st, h.token_hash, code, AT("192.0.2.1", T0 + 2), &full, &e), SVC_INVALID);
    CHECK_INT(session_second_factor(st, h.token_hash, "", AT("192.0.2.1", T0 + 2), &full, &e), SVC_INVALID);
    CHECK_HAS(e.message, "Enter the code");
    /* ... but the next step's code does, with a fresh token. */
    CHECK(totp_code(secret, T0 + TOTP_STEP, code));
    CHECK_INT(session_second_factor(st, h.token_hash, code, AT("192.0.2.1", T0 + TOTP_STEP), &full, &e), SVC_OK);
    CHECK(!full.code_due && !full.recovery_used);
    CHECK(strcmp(full.token, half_token) != 0);
    Session f;
    CHECK_INT(session_find(st, half_token, T0 + TOTP_STEP, &f), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, full.token, T0 + TOTP_STEP, &f), SVC_OK);
    CHECK(!f.code_due);
    CHECK(f.totp_enabled);
    /* The half session is spent: a second completion is a conflict. */
    CHECK(totp_code(secret, T0 + 2 * TOTP_STEP, code));
    CHECK_INT(session_second_factor(st, h.token_hash, code, AT("192.0.2.1", T0 + 2 * TOTP_STEP), &full, &e),
              SVC_CONFLICT);

    /* A half session expires when the code does not come in time. */
    strfmt(half_token, sizeof half_token, "%s", signed_in("alice", PASSWORD, T0 + 100, &half));
    CHECK_INT(session_find(st, half_token, T0 + 100 + SESSION_CODE_TIMEOUT + 1, &h), SVC_NOT_FOUND);

    /* A recovery code completes a sign-in, once. */
    strfmt(half_token, sizeof half_token, "%s", signed_in("alice", PASSWORD, T0 + 200, &half));
    CHECK_INT(session_find(st, half_token, T0 + 200, &h), SVC_OK);
    char typed[RECOVERY_CODE_CHARS + 1];
    strfmt(typed, sizeof typed, "%s", codes.code[3]);
    for (char *c = typed; *c; c++) *c = *c == '-' ? ' ' : *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
    CHECK_INT(session_second_factor(st, h.token_hash, typed, AT("192.0.2.1", T0 + 200), &full, &e), SVC_OK);
    CHECK(full.recovery_used);
    strfmt(half_token, sizeof half_token, "%s", signed_in("alice", PASSWORD, T0 + 201, &half));
    CHECK_INT(session_find(st, half_token, T0 + 201, &h), SVC_OK);
    CHECK_INT(session_second_factor(st, h.token_hash, codes.code[3], AT("192.0.2.1", T0 + 201), &full, &e),
              SVC_INVALID);
    /* Only their hashes are kept. */
    StoreRows *r = store_query(st, STMT_COPY_RECOVERY_CODES_READ, NULL, 0);
    int rows = 0;
    while (r && store_next(r) == 1) {
        rows++;
        for (int i = 0; i < RECOVERY_CODES; i++) CHECK(strstr(store_col_text(r, 1, NULL), codes.code[i]) == NULL);
    }
    if (r) store_rows_close(r);
    CHECK_INT(rows, RECOVERY_CODES);

    /* Turning it off: not while an admin requires it; then with the password and a code. */
    Param req[] = {P_INT(user), P_INT(1)};
    CHECK_INT(store_begin(st), STORE_OK);
    CHECK_INT(store_exec(st, STMT_USER_SET_TOTP_REQUIRED, req, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    int64_t t = T0 + 10 * TOTP_STEP;
    CHECK(totp_code(secret, t, code));
    CHECK_INT(session_two_factor_off(st, "alice", PASSWORD, code, AT("192.0.2.1", t), &e), SVC_INVALID);
    CHECK_HAS(e.message, "requires two-factor");
    req[1] = P_INT(0);
    CHECK_INT(store_begin(st), STORE_OK);
    CHECK_INT(store_exec(st, STMT_USER_SET_TOTP_REQUIRED, req, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(session_two_factor_off(st, "alice", "wrong password", code, AT("192.0.2.1", t), &e), SVC_INVALID);
    CHECK_STR(e.field, "password");
    CHECK_INT(session_two_factor_off(st, "alice", PASSWORD, code, AT("192.0.2.1", t), &e), SVC_OK);
    CHECK_INT(session_two_factor_off(st, "alice", PASSWORD, code, AT("192.0.2.1", t + TOTP_STEP), &e), SVC_CONFLICT);
    /* The key is forgotten. */
    stored_secret("alice", stored);
    CHECK_STR(stored, "");
    /* And the password alone signs in again. */
    SessionStarted plain;
    signed_in("alice", PASSWORD, t + 60, &plain);
    CHECK(!plain.code_due);
}

/* Finding: the limit on wrong codes started again with each password step:
 * 16 wrong codes in four cycles, never refused. Wrong codes now count per
 * account, whichever half session sends them. */
static void test_code_limit(Store *db)
{
    accounts(db);
    char secret[TOTP_SECRET_CHARS + 1], code[TOTP_DIGITS + 1];
    RecoveryCodes codes;
    turned_on("alice", T0, secret, &codes);
    SvcError e = {0};
    SessionStarted half, full;
    Session h;
    int wrong = 0, refused = 0;
    int64_t t = T0 + 100;
    for (int cycle = 0; cycle < 4; cycle++) {
        char token[TOKEN_CHARS + 1];
        strfmt(token, sizeof token, "%s", signed_in("alice", PASSWORD, t, &half));
        CHECK_INT(session_find(st, token, t, &h), SVC_OK);
        for (int i = 0; i < 4; i++) {
            wrong_code(secret, t, code);
            SvcResult rc = session_second_factor(st, h.token_hash, code, AT("192.0.2.1", t), &full, &e);
            wrong += rc == SVC_INVALID;
            refused += rc == SVC_REFUSED;
            t++;
        }
    }
    CHECK_INT(wrong, THROTTLE_CODE_MAX);
    CHECK_INT(refused, 16 - THROTTLE_CODE_MAX);
    /* Locked: even the right code waits, and the answer says how long. */
    char token[TOKEN_CHARS + 1];
    strfmt(token, sizeof token, "%s", signed_in("alice", PASSWORD, t, &half));
    CHECK_INT(session_find(st, token, t, &h), SVC_OK);
    CHECK(totp_code(secret, t, code));
    SessionAttempt *a = AT("192.0.2.1", t);
    CHECK_INT(session_second_factor(st, h.token_hash, code, a, &full, &e), SVC_REFUSED);
    CHECK(a->retry_after > 0 && a->retry_after <= THROTTLE_CODE_WINDOW);
    CHECK_HAS(e.message, "Too many failed attempts");
    /* From another address too: the count is the account's. */
    CHECK_INT(session_second_factor(st, h.token_hash, code, AT("203.0.113.5", t), &full, &e), SVC_REFUSED);
    /* After the window, the right code signs in and clears the count. */
    t += a->retry_after;
    strfmt(token, sizeof token, "%s", signed_in("alice", PASSWORD, t, &half));
    CHECK_INT(session_find(st, token, t, &h), SVC_OK);
    CHECK(totp_code(secret, t, code));
    CHECK_INT(session_second_factor(st, h.token_hash, code, AT("192.0.2.1", t), &full, &e), SVC_OK);
    CHECK_INT(failures("code 1", 0) + failures("code 2", 0), 0);
}

/* Secrets from before sealing are sealed on first use; rotating the key
 * seals every secret again under the new one. */
static void test_sealed_secrets(Store *db)
{
    accounts(db);
    char secret[TOTP_SECRET_CHARS + 1], code[TOTP_DIGITS + 1], stored[SEALED_MAX];
    RecoveryCodes codes;
    turned_on("alice", T0, secret, &codes);
    /* bob's secret as an older version left it: in the clear. */
    char clear[TOTP_SECRET_CHARS + 1];
    totp_new_secret(clear);
    Param p[] = {P_STR("bob")};
    int64_t bob = 0;
    CHECK_INT(store_query_int(st, STMT_ADMIN_USER_REF, p, 1, &bob), 1);
    Param u[] = {P_INT(bob), P_INT(0), P_STR(clear)};
    CHECK_INT(store_begin(st), STORE_OK);
    CHECK_INT(store_exec(st, STMT_USER_TOTP_TURN_ON, u, 3, NULL), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    SessionStarted half, full;
    Session h;
    SvcError e = {0};
    int64_t t = T0 + 100;
    CHECK_INT(session_find(st, signed_in("bob", PASSWORD, t, &half), t, &h), SVC_OK);
    CHECK(totp_code(clear, t, code));
    CHECK_INT(session_second_factor(st, h.token_hash, code, AT("192.0.2.1", t), &full, &e), SVC_OK);
    stored_secret("bob", stored);
    CHECK(sealed_is_sealed(stored) && strstr(stored, clear) == NULL);

    /* Rotation: a new key first, every secret sealed again, the old key retired. */
    char before[SEALED_MAX];
    stored_secret("alice", before);
    char err[256];
    CHECK(sealed_rotate(err, sizeof err));
    CHECK(!sealed_is_current(before));
    int64_t n = 0;
    CHECK_INT(session_reseal_secrets(st, &n, &e), SVC_OK);
    CHECK_INT(n, 2);
    CHECK(sealed_retire(err, sizeof err));
    stored_secret("alice", stored);
    CHECK(sealed_is_current(stored) && strcmp(stored, before) != 0);
    t += 2 * TOTP_STEP;
    CHECK_INT(session_find(st, signed_in("alice", PASSWORD, t, &half), t, &h), SVC_OK);
    CHECK(totp_code(secret, t, code));
    CHECK_INT(session_second_factor(st, h.token_hash, code, AT("192.0.2.1", t), &full, &e), SVC_OK);
    /* A secret copied from one account into another does not open there. */
    char bobs[SEALED_MAX];
    stored_secret("bob", bobs);
    Param c[] = {P_INT(bob), P_STR(bobs), P_STR(stored)};
    CHECK_INT(store_begin(st), STORE_OK);
    CHECK_INT(store_exec(st, STMT_USER_TOTP_SEAL, c, 3, NULL), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(session_find(st, signed_in("bob", PASSWORD, t, &half), t, &h), SVC_OK);
    CHECK_INT(session_second_factor(st, h.token_hash, code, AT("192.0.2.1", t), &full, &e), SVC_FAILED);
    CHECK_HAS(e.message, "does not open");
}

/* ---- your own password ---- */

static void test_change_password(Store *db)
{
    accounts(db);
    SessionStarted a;
    const char *token = signed_in("alice", PASSWORD, T0, &a);
    SvcError e = {0};
    const char *fresh = "a brand new password";
    CHECK_INT(session_change_password(st, "alice", "", fresh, fresh, AT("192.0.2.1", T0), &e), SVC_INVALID);
    CHECK_STR(e.field, "current");
    CHECK_INT(session_change_password(st, "alice", "wrong password", fresh, fresh, AT("192.0.2.1", T0), &e),
              SVC_INVALID);
    CHECK_STR(e.field, "current");
    CHECK_HAS(e.message, "not right");
    CHECK_INT(session_change_password(st, "alice", PASSWORD, "short", "short", AT("192.0.2.1", T0), &e), SVC_INVALID);
    CHECK_STR(e.field, "new");
    CHECK_HAS(e.message, "at least 12 characters");
    CHECK_INT(session_change_password(st, "alice", PASSWORD, fresh, "a brand new passwort", AT("192.0.2.1", T0), &e),
              SVC_INVALID);
    CHECK_STR(e.field, "confirm");
    Session found;
    CHECK_INT(session_find(st, token, T0, &found), SVC_OK); /* nothing changed yet */
    CHECK_INT(session_change_password(st, "alice", PASSWORD, fresh, fresh, AT("192.0.2.1", T0 + 1), &e), SVC_OK);
    CHECK_INT(session_find(st, token, T0 + 2, &found), SVC_NOT_FOUND); /* every session ends */
    SessionStarted s;
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, AT("192.0.2.1", T0 + 3), &s, &e), SVC_INVALID);
    signed_in("alice", fresh, T0 + 3, &s);
    signed_in("bob", PASSWORD, T0 + 3, &s); /* only alice's password changed */
}

/* Finding: changing a password was not throttled, so a stolen session
 * could guess the current password at full speed. */
static void test_change_password_throttled(Store *db)
{
    accounts(db);
    SvcError e = {0};
    const char *fresh = "a brand new password";
    for (int i = 0; i < THROTTLE_PAIR_FREE; i++)
        CHECK_INT(session_change_password(st, "alice", "a guess", fresh, fresh, AT("192.0.2.1", T0), &e), SVC_INVALID);
    SessionAttempt *a = AT("192.0.2.1", T0);
    CHECK_INT(session_change_password(st, "alice", PASSWORD, fresh, fresh, a, &e), SVC_REFUSED);
    CHECK(a->retry_after > 0);
    /* The same count as signing in: that pair waits there too. */
    SessionStarted s;
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, AT("192.0.2.1", T0), &s, &e), SVC_REFUSED);
    /* And turning two-factor sign-in on or off. */
    char code[TOTP_DIGITS + 1] = "123456";
    CHECK_INT(session_two_factor_off(st, "alice", PASSWORD, code, AT("192.0.2.1", T0), &e), SVC_REFUSED);
    CHECK_INT(session_change_password(st, "alice", PASSWORD, fresh, fresh, AT("192.0.2.1", T0 + 2), &e), SVC_OK);
}

/* Two requests change the same password at once, each with the right
 * current password: one wins; the other is told, and undoes nothing. */
typedef struct {
    Store *st;
    const char *fresh;
    SvcResult rc;
    SvcError e;
} Change;

static void *change(void *arg)
{
    Change *c = arg;
    c->rc = session_change_password(c->st, "alice", PASSWORD, c->fresh, c->fresh, AT("192.0.2.1", T0), &c->e);
    return NULL;
}

static void test_password_race(Store *db)
{
    accounts(db);
    Change c[2] = {{.fresh = "the first new password"}, {.fresh = "the second new password"}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) c[i].st = test_store_open();
    if (!c[0].st || !c[1].st) {
        for (int i = 0; i < 2; i++) store_close(c[i].st);
        return;
    }
    for (int i = 0; i < 2; i++) CHECK_INT(pthread_create(&th[i], NULL, change, &c[i]), 0);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    int won = c[0].rc == SVC_OK ? 0 : 1, lost = 1 - won;
    CHECK_INT(c[won].rc, SVC_OK);
    /* The loser either checked its current password after the winner wrote
     * (no longer right) or before (a conflict when it came to write). */
    CHECK(c[lost].rc == SVC_CONFLICT || (c[lost].rc == SVC_INVALID && strcmp(c[lost].e.field, "current") == 0));
    if (c[lost].rc == SVC_CONFLICT) CHECK_HAS(c[lost].e.message, "changed by another request");
    printf("# the losing request: %s\n",
           c[lost].rc == SVC_CONFLICT ? "a conflict" : "its current password no longer right");
    SessionStarted s;
    SvcError e = {0};
    CHECK_INT(session_sign_in(st, "alice", c[won].fresh, AT("192.0.2.1", T0 + 1), &s, &e), SVC_OK);
    CHECK_INT(session_sign_in(st, "alice", c[lost].fresh, AT("192.0.2.1", T0 + 1), &s, &e), SVC_INVALID);
    for (int i = 0; i < 2; i++) store_close(c[i].st);
}

int main(void)
{
    char err[256] = "", keys[] = "/tmp/test_session.XXXXXX", key[64];
    if (!mkdtemp(keys)) {
        printf("Bail out! no folder for the key file\n");
        return 1;
    }
    strfmt(key, sizeof key, "%s/db.key", keys);
    sealed_use_key_file(key);
    pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    if (!pol) {
        printf("Bail out! the default policy: %s\n", err);
        return 1;
    }
    RUN_STORES(test_sign_in);
    RUN_STORES(test_throttle_pair);
    RUN_STORES(test_throttle_address);
    RUN_STORES(test_timeouts);
    RUN_STORES(test_last_seen);
    RUN_STORES(test_last_seen_unwritable);
    RUN_STORES(test_sign_out);
    RUN_STORES(test_two_factor);
    RUN_STORES(test_code_limit);
    RUN_STORES(test_sealed_secrets);
    RUN_STORES(test_change_password);
    RUN_STORES(test_change_password_throttled);
    RUN_STORES(test_password_race);
    policy_free(pol);
    unlink(key);
    rmdir(keys);
    TEST_DONE();
}
