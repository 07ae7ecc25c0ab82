/* test_session.c: the session service (svc/session.h) called directly, on
 * both databases (RUN_STORES, test.h): signing in, the throttle by
 * username and by address, timeouts and the once-a-minute "last seen",
 * sign-out, second factors (set-up, codes never taken twice, turning off),
 * changing one's password, and the conflicts of requests that race.
 * (The same over HTTP: tests/cli/test_serve.sh and test_two_factor.sh.) */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "svc/admin.h"
#include "svc/import.h"
#include "svc/session.h"
#include "test.h"

static Store *st; /* the test's database, as accounts() was given it */
static Policy *pol;
static const int64_t T0 = 1790000000; /* "now" at the start of each test */

#define PASSWORD "correct horse battery"

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
    SvcResult rc = session_sign_in(st, user, password, "192.0.2.1", now, s, &e);
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
    CHECK_INT(session_sign_in(st, "alice", "not the password", "192.0.2.1", T0, &s, &e), SVC_INVALID);
    CHECK_HAS(e.message, "not right");
    CHECK_INT(session_sign_in(st, "nobody", PASSWORD, "192.0.2.1", T0, &s, &e), SVC_INVALID);
    CHECK_HAS(e.message, "not right");
    CHECK_INT(session_sign_in(st, "alice", "", "192.0.2.1", T0, &s, &e), SVC_INVALID);
    CHECK_HAS(e.message, "Enter your username and password");
    CHECK_STR(s.token, "");

    /* A disabled account neither signs in nor keeps its session. */
    AdminActor operator= {.operator= "command line (unix user tester)", .now = T0};
    CHECK_INT(admin_disable(st, &operator, "bob", &e), SVC_OK);
    CHECK_INT(session_find(st, b.token, T0, &found), SVC_NOT_FOUND);
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, "192.0.2.1", T0, &s, &e), SVC_INVALID);
}

/* Failed sign-ins counted against a key since t. */
static int64_t failures(const char *key, int64_t t)
{
    int64_t n = -1;
    Param p[] = {P_STR(key), P_INT(t)};
    CHECK_INT(store_query_int(st, STMT_SIGN_IN_FAILURES_SINCE, p, 2, &n), 1);
    return n;
}

static void test_throttle(Store *db)
{
    accounts(db);
    SessionStarted s;
    SvcError e = {0};
    /* By username: a failure counts against the username and the address ... */
    CHECK_INT(session_sign_in(st, "alice", "wrong password", "192.0.2.1", T0, &s, &e), SVC_INVALID);
    CHECK_INT(failures("alice", T0), 1);
    CHECK_INT(failures("address 192.0.2.1", T0), 1);
    /* ... and five within the window pause even the right password, from anywhere. */
    Param n[] = {P_STR("alice"), P_INT(T0 + 1)};
    CHECK_INT(store_begin(st), STORE_OK);
    for (int i = 1; i < SESSION_MAX_FAILURES; i++)
        CHECK_INT(store_exec(st, STMT_SIGN_IN_FAILURE_ADD, n, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, "192.0.2.9", T0 + 10, &s, &e), SVC_REFUSED);
    CHECK_HAS(e.message, "wait 15 minutes");
    CHECK_INT(failures("alice", T0), SESSION_MAX_FAILURES); /* a paused attempt is not counted */
    CHECK_INT(failures("address 192.0.2.9", T0), 0);
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, "192.0.2.9", T0 + 10, &s, &e), SVC_OK);
    /* Once the window has passed, the right password signs in and clears them. */
    int64_t later = T0 + SESSION_FAILURE_WINDOW + 5;
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, "192.0.2.9", later, &s, &e), SVC_OK);
    CHECK_INT(failures("alice", 0), 0);

    /* By address: what cannot be a username counts against the address only ... */
    CHECK_INT(session_sign_in(st, "no such user", "whatever", "198.51.100.7", later, &s, &e), SVC_INVALID);
    CHECK_INT(failures("no such user", later), 0);
    CHECK_INT(failures("address 198.51.100.7", later), 1);
    /* ... and many accounts tried from one place pause it for everyone. */
    Param f[] = {P_STR("address 198.51.100.7"), P_INT(later)};
    CHECK_INT(store_begin(st), STORE_OK);
    for (int i = 1; i < SESSION_MAX_ADDRESS_FAILURES; i++)
        CHECK_INT(store_exec(st, STMT_SIGN_IN_FAILURE_ADD, f, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, "198.51.100.7", later, &s, &e), SVC_REFUSED);
    CHECK_INT(session_sign_in(st, "bob", PASSWORD, "198.51.100.8", later, &s, &e), SVC_OK);
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
    /* Within the minute a request writes nothing ... */
    int64_t g = generation();
    CHECK_INT(session_find(st, quiet, T0 + SESSION_SEEN_EVERY - 1, &found), SVC_OK);
    CHECK_INT(generation(), g);
    /* ... after it, one write moves "last seen" on. */
    CHECK_INT(session_find(st, seen, T0 + SESSION_SEEN_EVERY, &found), SVC_OK);
    CHECK(generation() > g);
    g = generation();
    CHECK_INT(session_find(st, seen, T0 + SESSION_SEEN_EVERY + 1, &found), SVC_OK);
    CHECK_INT(generation(), g);
    /* Only the session written to lasts past the idle timeout from sign-in. */
    CHECK_INT(session_find(st, quiet, T0 + SESSION_IDLE_TIMEOUT + 1, &found), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, seen, T0 + SESSION_IDLE_TIMEOUT + 1, &found), SVC_OK);
    CHECK_STR(found.username, "bob");
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

static void test_two_factor(Store *db)
{
    accounts(db);
    SessionStarted s;
    Session me;
    CHECK_INT(session_find(st, signed_in("alice", PASSWORD, T0, &s), T0, &me), SVC_OK);
    int64_t user = me.user_ref;

    /* Set-up: one secret, the same on every visit, until a code turns it on. */
    char secret[TOTP_SECRET_CHARS + 1], again[TOTP_SECRET_CHARS + 1], code[TOTP_DIGITS + 1];
    CHECK_INT(session_totp_secret(st, user, secret), SVC_OK);
    CHECK_INT(strlen(secret), TOTP_SECRET_CHARS);
    CHECK_INT(session_totp_secret(st, user, again), SVC_OK);
    CHECK_STR(again, secret);
    SvcError e = {0};
    CHECK_INT(session_two_factor_switch(st, user, true, "", T0, &e), SVC_INVALID);
    CHECK_HAS(e.message, "Enter the code");
    wrong_code(secret, T0, code);
    CHECK_INT(session_two_factor_switch(st, user, true, code, T0, &e), SVC_INVALID);
    CHECK_HAS(e.message, "not right");
    CHECK_INT(totp_code(secret, T0, code), true);
    CHECK_INT(session_two_factor_switch(st, user, true, code, T0, &e), SVC_OK);
    /* A second request turning it on, or opening the set-up, comes too late. */
    CHECK_INT(session_two_factor_switch(st, user, true, code, T0, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "turned on already");
    CHECK_INT(session_totp_secret(st, user, again), SVC_CONFLICT);

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
    CHECK_INT(session_second_factor(st, h.token_hash, code, "192.0.2.1", T0 + 2, &full, &e), SVC_INVALID);
    CHECK_INT(session_second_factor(st, h.token_hash, "", "192.0.2.1", T0 + 2, &full, &e), SVC_INVALID);
    CHECK_HAS(e.message, "Enter the code");
    /* ... but the next step's code does, with a fresh token. */
    CHECK(totp_code(secret, T0 + TOTP_STEP, code));
    CHECK_INT(session_second_factor(st, h.token_hash, code, "192.0.2.1", T0 + TOTP_STEP, &full, &e), SVC_OK);
    CHECK(!full.code_due);
    CHECK(strcmp(full.token, half_token) != 0);
    Session f;
    CHECK_INT(session_find(st, half_token, T0 + TOTP_STEP, &f), SVC_NOT_FOUND);
    CHECK_INT(session_find(st, full.token, T0 + TOTP_STEP, &f), SVC_OK);
    CHECK(!f.code_due);
    CHECK(f.totp_enabled);
    /* The half session is spent: a second completion is a conflict. */
    CHECK(totp_code(secret, T0 + 2 * TOTP_STEP, code));
    CHECK_INT(session_second_factor(st, h.token_hash, code, "192.0.2.1", T0 + 2 * TOTP_STEP, &full, &e), SVC_CONFLICT);

    /* A half session expires when the code does not come in time. */
    strfmt(half_token, sizeof half_token, "%s", signed_in("alice", PASSWORD, T0 + 100, &half));
    CHECK_INT(session_find(st, half_token, T0 + 100 + SESSION_CODE_TIMEOUT + 1, &h), SVC_NOT_FOUND);

    /* Wrong codes count as failed sign-ins. */
    strfmt(half_token, sizeof half_token, "%s", signed_in("alice", PASSWORD, T0 + 200, &half));
    CHECK_INT(session_find(st, half_token, T0 + 200, &h), SVC_OK);
    wrong_code(secret, T0 + 200, code);
    for (int i = 0; i < SESSION_MAX_FAILURES; i++)
        CHECK_INT(session_second_factor(st, h.token_hash, code, "192.0.2.1", T0 + 200, &full, &e), SVC_INVALID);
    CHECK(totp_code(secret, T0 + 200, code));
    CHECK_INT(session_second_factor(st, h.token_hash, code, "192.0.2.1", T0 + 200, &full, &e), SVC_REFUSED);

    /* Turning it off: not while an admin requires it; then with a code. */
    Param req[] = {P_INT(user), P_INT(1)};
    CHECK_INT(store_begin(st), STORE_OK);
    CHECK_INT(store_exec(st, STMT_USER_SET_TOTP_REQUIRED, req, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK(totp_code(secret, T0 + 10 * TOTP_STEP, code));
    CHECK_INT(session_two_factor_switch(st, user, false, code, T0 + 10 * TOTP_STEP, &e), SVC_INVALID);
    CHECK_HAS(e.message, "requires two-factor");
    req[1] = P_INT(0);
    CHECK_INT(store_begin(st), STORE_OK);
    CHECK_INT(store_exec(st, STMT_USER_SET_TOTP_REQUIRED, req, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(session_two_factor_switch(st, user, false, code, T0 + 10 * TOTP_STEP, &e), SVC_OK);
    CHECK_INT(session_two_factor_switch(st, user, false, code, T0 + 11 * TOTP_STEP, &e), SVC_CONFLICT);
    /* The key is forgotten: setting up again gives a new one. */
    CHECK_INT(session_totp_secret(st, user, again), SVC_OK);
    CHECK(strcmp(again, secret) != 0);
    /* And the password alone signs in again. */
    SessionStarted plain;
    signed_in("alice", PASSWORD, T0 + 12 * TOTP_STEP + SESSION_FAILURE_WINDOW, &plain);
    CHECK(!plain.code_due);
}

/* ---- your own password ---- */

static void test_change_password(Store *db)
{
    accounts(db);
    SessionStarted a;
    const char *token = signed_in("alice", PASSWORD, T0, &a);
    SvcError e = {0};
    const char *fresh = "a brand new password";
    CHECK_INT(session_change_password(st, "alice", "", fresh, fresh, T0, &e), SVC_INVALID);
    CHECK_STR(e.field, "current");
    CHECK_INT(session_change_password(st, "alice", "wrong password", fresh, fresh, T0, &e), SVC_INVALID);
    CHECK_STR(e.field, "current");
    CHECK_HAS(e.message, "not right");
    CHECK_INT(session_change_password(st, "alice", PASSWORD, "short", "short", T0, &e), SVC_INVALID);
    CHECK_STR(e.field, "new");
    CHECK_HAS(e.message, "at least 12 characters");
    CHECK_INT(session_change_password(st, "alice", PASSWORD, fresh, "a brand new passwort", T0, &e), SVC_INVALID);
    CHECK_STR(e.field, "confirm");
    Session found;
    CHECK_INT(session_find(st, token, T0, &found), SVC_OK); /* nothing changed yet */
    CHECK_INT(session_change_password(st, "alice", PASSWORD, fresh, fresh, T0 + 1, &e), SVC_OK);
    CHECK_INT(session_find(st, token, T0 + 2, &found), SVC_NOT_FOUND); /* every session ends */
    SessionStarted s;
    CHECK_INT(session_sign_in(st, "alice", PASSWORD, "192.0.2.1", T0 + 3, &s, &e), SVC_INVALID);
    signed_in("alice", fresh, T0 + 3, &s);
    signed_in("bob", PASSWORD, T0 + 3, &s); /* only alice's password changed */
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
    c->rc = session_change_password(c->st, "alice", PASSWORD, c->fresh, c->fresh, T0, &c->e);
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
    CHECK_INT(session_sign_in(st, "alice", c[won].fresh, "192.0.2.1", T0 + 1, &s, &e), SVC_OK);
    CHECK_INT(session_sign_in(st, "alice", c[lost].fresh, "192.0.2.1", T0 + 1, &s, &e), SVC_INVALID);
    for (int i = 0; i < 2; i++) store_close(c[i].st);
}

int main(void)
{
    char err[256] = "";
    pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    if (!pol) {
        printf("Bail out! the default policy: %s\n", err);
        return 1;
    }
    RUN_STORES(test_sign_in);
    RUN_STORES(test_throttle);
    RUN_STORES(test_timeouts);
    RUN_STORES(test_last_seen);
    RUN_STORES(test_sign_out);
    RUN_STORES(test_two_factor);
    RUN_STORES(test_change_password);
    RUN_STORES(test_password_race);
    policy_free(pol);
    TEST_DONE();
}
