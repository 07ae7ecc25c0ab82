/* session.c: sessions, the sign-in throttle, the password check, second
 * factors and changing one's own password (see session.h).
 *
 * Each change is one transaction. store_begin takes the database's write
 * lock, so what a change reads after it is what it writes over: a change
 * that finds the account no longer as the request saw it (another request
 * came first) is a conflict, never a silent overwrite. */
#include "svc/session.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

/* ---- the password check ---- */

static char dummy_hash[PASSWORD_HASH_MAX];
static bool dummy_ready;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    char password[21];
    account_random_password(password);
    dummy_ready = account_hash_password(password, dummy_hash);
    account_forget(password, sizeof password);
}

bool session_init(void)
{
    pthread_once(&dummy_once, make_dummy_hash);
    return dummy_ready;
}

/* An account as sign-in sees it. */
typedef struct {
    int64_t ref;
    char hash[256];
    bool disabled;
    bool totp_enabled;
} Account;

/* 1 found, 0 no such account, <0 a store failure. */
static int account_find(Store *st, const char *username, Account *a)
{
    memset(a, 0, sizeof *a);
    Param p[] = {P_STR(username)};
    StoreRows *r = store_query(st, STMT_USER_FIND, p, 1);
    if (!r) return STORE_ENV;
    int got = store_next(r);
    if (got == 1) {
        a->ref = store_col_int(r, 0);
        svc_col_copy(r, 1, a->hash, sizeof a->hash);
        a->disabled = store_col_int(r, 2) != 0;
        a->totp_enabled = store_col_int(r, 4) != 0;
    }
    store_rows_close(r);
    return got;
}

/* Whether password is the account's and the account may sign in: 1 yes, 0
 * no, <0 a store failure. Hashing costs the same whether or not the account
 * exists, so the answer's timing does not tell which usernames are real. */
static int password_right(Store *st, const char *username, const char *password, Account *a)
{
    int got = account_find(st, username, a);
    if (got < 0) return got;
    bool matches = account_password_matches(got == 1 ? a->hash : dummy_hash, password);
    return got == 1 && matches && !a->disabled;
}

/* ---- the throttle ---- */

/* Failed sign-ins are counted by username and by client address (the key
 * "address ADDR", which no username can be: usernames have no spaces), so
 * that neither guessing one account's password nor trying many accounts
 * from one place goes on for long. */
static void address_key(const char *client, char out[80]) { strfmt(out, 80, "address %s", client ? client : ""); }

/* SVC_OK to go on, SVC_REFUSED paused, SVC_FAILED. */
static SvcResult throttle(Store *st, const char *username, const char *client, int64_t now, SvcError *e)
{
    int64_t by_name = 0, by_address = 0;
    char address[80];
    address_key(client, address);
    Param f[] = {P_STR(username), P_INT(now - SESSION_FAILURE_WINDOW)};
    Param a[] = {P_STR(address), P_INT(now - SESSION_FAILURE_WINDOW)};
    if ((account_valid_username(username) && store_query_int(st, STMT_SIGN_IN_FAILURES_SINCE, f, 2, &by_name) < 0) ||
        store_query_int(st, STMT_SIGN_IN_FAILURES_SINCE, a, 2, &by_address) < 0)
        return SVC_FAILED;
    if (by_name < SESSION_MAX_FAILURES && by_address < SESSION_MAX_ADDRESS_FAILURES) return SVC_OK;
    return svc_fail(e, SVC_REFUSED, "", "Too many failed attempts: wait 15 minutes, then try again");
}

/* Counts a failed sign-in against the username (when it could be one) and
 * the client's address, in one transaction. */
static bool count_failure(Store *st, const char *username, const char *client, int64_t now)
{
    char address[80];
    address_key(client, address);
    Param f[] = {P_STR(username), P_INT(now)};
    Param a[] = {P_STR(address), P_INT(now)};
    bool ok = store_begin(st) == STORE_OK &&
              (!account_valid_username(username) || store_exec(st, STMT_SIGN_IN_FAILURE_ADD, f, 2, NULL) == STORE_OK) &&
              store_exec(st, STMT_SIGN_IN_FAILURE_ADD, a, 2, NULL) == STORE_OK && store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok;
}

/* ---- sessions ---- */

/* Runs one statement in its own transaction. */
static bool write_one(Store *st, StmtId id, const Param *p, int n)
{
    bool ok = store_begin(st) == STORE_OK && store_exec(st, id, p, n, NULL) == STORE_OK && store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok;
}

/* The session of a token hash, with when it began and was last seen: 1
 * found (live: neither ended nor its account disabled), 0 none, <0 a store
 * failure. */
static int session_row(Store *st, const char *token_hash, Session *s, int64_t *created, int64_t *seen)
{
    memset(s, 0, sizeof *s);
    strfmt(s->token_hash, sizeof s->token_hash, "%s", token_hash);
    Param p[] = {P_STR(token_hash)};
    StoreRows *r = store_query(st, STMT_WEB_SESSION_FIND, p, 1);
    if (!r) return STORE_ENV;
    int got = store_next(r);
    if (got == 1) {
        s->user_ref = store_col_int(r, 0);
        svc_col_copy(r, 1, s->csrf, sizeof s->csrf);
        *created = store_col_int(r, 2);
        *seen = store_col_int(r, 3);
        svc_col_copy(r, 4, s->username, sizeof s->username);
        svc_col_copy(r, 5, s->staff_id, sizeof s->staff_id);
        svc_col_copy(r, 6, s->staff_name, sizeof s->staff_name);
        s->staff_ref = svc_col_int0(r, 7);
        s->code_due = store_col_int(r, 8) != 0;
        s->totp_enabled = store_col_int(r, 9) != 0;
        s->totp_required = store_col_int(r, 10) != 0;
    }
    store_rows_close(r);
    return got;
}

SvcResult session_find(Store *st, const char *token, int64_t now, Session *s)
{
    memset(s, 0, sizeof *s);
    if (!token || strlen(token) != TOKEN_CHARS) return SVC_NOT_FOUND;
    char hash[65];
    account_token_hash(token, hash);
    int64_t created = 0, seen = 0;
    int got = session_row(st, hash, s, &created, &seen);
    if (got != 1) {
        memset(s, 0, sizeof *s);
        return got < 0 ? SVC_FAILED : SVC_NOT_FOUND;
    }
    if (now - seen > SESSION_IDLE_TIMEOUT || now - created > SESSION_ABSOLUTE_TIMEOUT ||
        (s->code_due && now - created > SESSION_CODE_TIMEOUT)) {
        Param e[] = {P_STR(hash), P_INT(now)};
        bool ok = write_one(st, STMT_WEB_SESSION_END, e, 2);
        memset(s, 0, sizeof *s);
        return ok ? SVC_NOT_FOUND : SVC_FAILED;
    }
    if (!s->code_due && now - seen >= SESSION_SEEN_EVERY) {
        Param t[] = {P_STR(hash), P_INT(now)};
        if (!write_one(st, STMT_WEB_SESSION_TOUCH, t, 2)) return SVC_FAILED;
    }
    return SVC_OK;
}

/* Adds a session for the account (half open when code_due) and clears the
 * username's failed sign-ins, in the caller's transaction. */
static bool add_session(Store *st, int64_t user_ref, const char *username, bool code_due, int64_t now,
                        SessionStarted *out)
{
    char hash[65], csrf[TOKEN_CHARS + 1];
    account_new_token(out->token);
    account_new_token(csrf);
    account_token_hash(out->token, hash);
    out->code_due = code_due;
    Param s[] = {P_STR(hash), P_INT(user_ref), P_STR(csrf), P_INT(now), P_INT(code_due)};
    Param c[] = {P_STR(username)};
    return store_exec(st, STMT_WEB_SESSION_ADD, s, 5, NULL) == STORE_OK &&
           store_exec(st, STMT_SIGN_IN_FAILURES_CLEAR, c, 1, NULL) == STORE_OK;
}

SvcResult session_sign_in(Store *st, const char *username, const char *password, const char *client, int64_t now,
                          SessionStarted *out, SvcError *e)
{
    memset(out, 0, sizeof *out);
    if (!username || !*username || !password || !*password || strlen(username) > USERNAME_MAX)
        return svc_fail(e, SVC_INVALID, "username", "Enter your username and password");
    if (!session_init()) return svc_fail(e, SVC_FAILED, "", "not enough memory to hash passwords");
    SvcResult rc = throttle(st, username, client, now, e);
    if (rc != SVC_OK) return rc;
    Account a;
    int right = password_right(st, username, password, &a);
    if (right < 0) return SVC_FAILED;
    if (!right) {
        if (!count_failure(st, username, client, now)) return SVC_FAILED;
        return svc_fail(e, SVC_INVALID, "username", "The username or password is not right");
    }
    /* With two-factor sign-in the session is only half open until the code. */
    bool ok = store_begin(st) == STORE_OK && add_session(st, a.ref, username, a.totp_enabled, now, out) &&
              store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok ? SVC_OK : SVC_FAILED;
}

SvcResult session_end(Store *st, const char *token_hash, int64_t now)
{
    Param e[] = {P_STR(token_hash), P_INT(now)};
    return write_one(st, STMT_WEB_SESSION_END, e, 2) ? SVC_OK : SVC_FAILED;
}

/* ---- second factors ---- */

/* An account's second factor. */
typedef struct {
    char secret[TOTP_SECRET_CHARS + 1]; /* "" when none */
    bool enabled, required;
    int64_t last_step; /* the last step whose code was taken */
} SecondFactor;

/* 1 found, 0 no such account, <0 a store failure. */
static int second_factor_of(Store *st, int64_t user_ref, SecondFactor *f)
{
    memset(f, 0, sizeof *f);
    Param p[] = {P_INT(user_ref)};
    StoreRows *q = store_query(st, STMT_USER_TOTP, p, 1);
    if (!q) return STORE_ENV;
    int got = store_next(q);
    if (got == 1) {
        svc_col_copy(q, 0, f->secret, sizeof f->secret);
        f->enabled = store_col_int(q, 1) != 0;
        f->last_step = svc_col_int0(q, 2);
        f->required = store_col_int(q, 3) != 0;
    }
    store_rows_close(q);
    return got;
}

typedef enum { CODE_WRONG, CODE_TAKEN, CODE_RACED } CodeTaken;

/* Checks a code against the factor read in the caller's transaction and,
 * when right, takes its step (turning the factor on when it was off), so
 * that it cannot be used again. CODE_RACED: right, but another request took
 * the step (or turned the factor on) first. <0 a store failure. */
static int take_code(Store *st, int64_t user_ref, SecondFactor *f, const char *code, int64_t now)
{
    if (!f->secret[0]) return CODE_WRONG;
    int64_t step;
    bool right = totp_verify(f->secret, code, now, f->enabled ? f->last_step : 0, &step);
    account_forget(f->secret, sizeof f->secret);
    if (!right) return CODE_WRONG;
    int64_t changed = 0;
    Param u[] = {P_INT(user_ref), P_INT(step)};
    int rc = store_exec(st, f->enabled ? STMT_USER_TOTP_USED : STMT_USER_TOTP_ENABLE, u, 2, &changed);
    if (rc != STORE_OK) return rc;
    return changed == 1 ? CODE_TAKEN : CODE_RACED;
}

#define CODE_MISSING "Enter the code from your authenticator app"
#define CODE_NOT_RIGHT "The code is not right: enter the code your app shows now"
#define CODE_RACED_MESSAGE "That code has just been used: enter the next code your app shows"
#define SIGN_IN_ENDED "This sign-in has ended: sign in again"

SvcResult session_second_factor(Store *st, const char *half, const char *code, const char *client, int64_t now,
                                SessionStarted *out, SvcError *e)
{
    memset(out, 0, sizeof *out);
    Session h;
    int64_t created = 0, seen = 0;
    int got = session_row(st, half, &h, &created, &seen);
    if (got < 0) return SVC_FAILED;
    if (got == 0 || !h.code_due) return svc_fail(e, SVC_CONFLICT, "code", SIGN_IN_ENDED);
    SvcResult rc = throttle(st, h.username, client, now, e);
    if (rc != SVC_OK) return rc;
    int taken = CODE_WRONG;
    if (code && *code) {
        if (store_begin(st) != STORE_OK) return SVC_FAILED;
        SecondFactor f;
        got = second_factor_of(st, h.user_ref, &f);
        /* Only an account whose factor is on completes a sign-in with it. */
        taken = got < 0 ? got : got == 1 && f.enabled ? take_code(st, h.user_ref, &f, code, now) : CODE_WRONG;
        account_forget(f.secret, sizeof f.secret);
    }
    if (taken != CODE_TAKEN) store_rollback(st);
    if (taken < 0) return SVC_FAILED;
    if (taken == CODE_RACED) return svc_fail(e, SVC_CONFLICT, "code", CODE_RACED_MESSAGE);
    if (taken == CODE_WRONG) {
        if (!count_failure(st, h.username, client, now)) return SVC_FAILED;
        return svc_fail(e, SVC_INVALID, "code", code && *code ? CODE_NOT_RIGHT : CODE_MISSING);
    }
    /* A fresh token for the full session; the half-open one ends, and the
     * code's step is taken, in the one transaction. */
    int64_t ended = 0;
    Param p[] = {P_STR(half), P_INT(now)};
    if (store_exec(st, STMT_WEB_SESSION_END, p, 2, &ended) != STORE_OK) {
        store_rollback(st);
        return SVC_FAILED;
    }
    if (ended != 1) {
        store_rollback(st);
        return svc_fail(e, SVC_CONFLICT, "code", SIGN_IN_ENDED);
    }
    bool ok = add_session(st, h.user_ref, h.username, false, now, out) && store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok ? SVC_OK : SVC_FAILED;
}

SvcResult session_totp_secret(Store *st, int64_t user_ref, char secret[TOTP_SECRET_CHARS + 1])
{
    secret[0] = 0;
    /* In a transaction, so that two set-up pages opened at once show the same secret. */
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    SecondFactor f;
    int got = second_factor_of(st, user_ref, &f);
    SvcResult rc = got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : f.enabled ? SVC_CONFLICT : SVC_OK;
    if (rc == SVC_OK && strlen(f.secret) == TOTP_SECRET_CHARS) {
        memcpy(secret, f.secret, sizeof f.secret);
    } else if (rc == SVC_OK) {
        totp_new_secret(secret);
        Param u[] = {P_INT(user_ref), P_STR(secret)};
        if (store_exec(st, STMT_USER_TOTP_PENDING, u, 2, NULL) != STORE_OK || store_commit(st) != STORE_OK)
            rc = SVC_FAILED;
    }
    account_forget(f.secret, sizeof f.secret);
    store_rollback(st);
    if (rc != SVC_OK) account_forget(secret, TOTP_SECRET_CHARS + 1);
    return rc;
}

SvcResult session_two_factor_switch(Store *st, int64_t user_ref, bool turn_on, const char *code, int64_t now,
                                    SvcError *e)
{
    if (!code || !*code) return svc_fail(e, SVC_INVALID, "code", CODE_MISSING);
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    SecondFactor f;
    int got = second_factor_of(st, user_ref, &f);
    SvcResult rc = SVC_OK;
    if (got < 0)
        rc = SVC_FAILED;
    else if (got == 0)
        rc = svc_fail(e, SVC_NOT_FOUND, "", "No such account");
    else if (f.enabled == turn_on)
        rc = svc_fail(e, SVC_CONFLICT, "code",
                      "Two-factor sign-in has been turned %s already, perhaps in another window: nothing was changed",
                      turn_on ? "on" : "off");
    else if (!turn_on && f.required)
        rc = svc_fail(e, SVC_INVALID, "code", "Your organisation requires two-factor sign-in: it cannot be turned off");
    if (rc != SVC_OK) {
        account_forget(f.secret, sizeof f.secret);
        store_rollback(st);
        return rc;
    }
    int taken = take_code(st, user_ref, &f, code, now);
    Param p[] = {P_INT(user_ref)};
    Param a[] = {P_INT(now), P_INT(user_ref), P_STR("account"),
                 P_STR(turn_on ? "two-factor sign-in turned on" : "two-factor sign-in turned off")};
    bool ok = taken == CODE_TAKEN && (turn_on || store_exec(st, STMT_USER_TOTP_DISABLE, p, 1, NULL) == STORE_OK) &&
              store_exec(st, STMT_AUDIT_ADD, a, 4, NULL) == STORE_OK && store_commit(st) == STORE_OK;
    store_rollback(st);
    if (taken == CODE_WRONG) return svc_fail(e, SVC_INVALID, "code", CODE_NOT_RIGHT);
    if (taken == CODE_RACED) return svc_fail(e, SVC_CONFLICT, "code", CODE_RACED_MESSAGE);
    return ok ? SVC_OK : SVC_FAILED;
}

/* ---- your own password ---- */

SvcResult session_change_password(Store *st, const char *username, const char *current, const char *fresh,
                                  const char *confirm, int64_t now, SvcError *e)
{
    if (!current || !*current) return svc_fail(e, SVC_INVALID, "current", "Enter your current password");
    if (!session_init()) return svc_fail(e, SVC_FAILED, "", "not enough memory to hash passwords");
    Account before;
    int right = password_right(st, username, current, &before);
    if (right < 0) return SVC_FAILED;
    if (!right) return svc_fail(e, SVC_INVALID, "current", "Your current password is not right");
    if (!fresh || !*fresh) return svc_fail(e, SVC_INVALID, "new", "Enter a new password");
    const char *problem = account_password_problem(fresh);
    if (problem) return svc_fail(e, SVC_INVALID, "new", "Your new password %s", problem);
    if (!confirm || strcmp(fresh, confirm) != 0)
        return svc_fail(e, SVC_INVALID, "confirm", "The two new passwords are not the same");
    char hash[PASSWORD_HASH_MAX];
    if (!account_hash_password(fresh, hash)) return svc_fail(e, SVC_FAILED, "", "not enough memory to hash passwords");

    /* The hash checked above must still be the account's: otherwise another
     * request changed the password in between, and this one would undo it. */
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Account after;
    int got = account_find(st, username, &after);
    SvcResult rc = SVC_OK;
    if (got < 0)
        rc = SVC_FAILED;
    else if (got == 0 || after.ref != before.ref || after.disabled || strcmp(after.hash, before.hash) != 0)
        rc = svc_fail(e, SVC_CONFLICT, "current",
                      "Your password was changed by another request meanwhile: nothing was changed here");
    if (rc == SVC_OK) {
        /* Every session of the account ends, this one too. */
        Param p[] = {P_INT(before.ref), P_STR(hash), P_INT(now)};
        Param s[] = {P_INT(before.ref), P_INT(now)};
        if (store_exec(st, STMT_USER_SET_PASSWORD, p, 3, NULL) != STORE_OK ||
            store_exec(st, STMT_WEB_SESSIONS_END_FOR_USER, s, 2, NULL) != STORE_OK || store_commit(st) != STORE_OK)
            rc = SVC_FAILED;
    }
    store_rollback(st);
    return rc;
}
