/* session.c: sessions, the sign-in throttle, the password check, second
 * factors and changing one's own password (see session.h).
 *
 * Each change is one transaction. store_begin takes the database's write
 * lock, so what a change reads after it is what it writes over: a change
 * that finds the account no longer as the request saw it (another request
 * came first) is a conflict, never a silent overwrite. */
#include "svc/session.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
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

/* Failed attempts are rows of sign_in_failures under a key naming what they
 * count against: "pair NAME ADDRESS" (one account's password from one
 * address), "address ADDRESS" (any name from one address) and "code REF"
 * (wrong second-factor codes for one account, from anywhere). Counting the
 * pair rather than the account means an attacker guessing an account's
 * password slows only their own address; counting the address lets a
 * guesser who moves from name to name be slowed too, but only for names that
 * have already failed from there, so that the people who share the address
 * (a proxy, an office) sign in as ever. */
static void pair_key(const char *username, const char *client, char out[160])
{
    strfmt(out, 160, "pair %s %s", username, client ? client : "");
}
static void address_key(const char *client, char out[80]) { strfmt(out, 80, "address %s", client ? client : ""); }
static void code_key(int64_t user_ref, char out[40]) { strfmt(out, 40, "code %lld", (long long)user_ref); }

/* How many failures key has had since since, and when the last was: 0 or <0
 * a store failure. */
static int recent(Store *st, const char *key, int64_t since, int64_t *count, int64_t *last)
{
    *count = *last = 0;
    Param p[] = {P_STR(key), P_INT(since)};
    StoreRows *r = store_query(st, STMT_SIGN_IN_FAILURES_RECENT, p, 2);
    if (!r) return STORE_ENV;
    int got = store_next(r);
    if (got == 1) {
        *count = store_col_int(r, 0);
        *last = store_col_int(r, 1);
    }
    store_rows_close(r);
    return got < 0 ? got : 0;
}

/* The pause after over failures past the free ones: 2, 4, 8 ... seconds, capped. */
static int64_t pause_for(int64_t over, int64_t cap)
{
    return over >= 20 ? cap : (int64_t)1 << (over + 1) < cap ? (int64_t)1 << (over + 1) : cap;
}

#define PAUSED "Too many failed attempts: wait %lld %s, then try again"

static SvcResult paused(SessionAttempt *a, int64_t wait, SvcError *e)
{
    a->retry_after = wait;
    long long n = wait > 90 ? (wait + 59) / 60 : wait;
    return svc_fail(e, SVC_REFUSED, "", PAUSED, n, wait > 90 ? "minutes" : n == 1 ? "second" : "seconds");
}

/* Whether a password for username may be tried now from the attempt's
 * address: SVC_OK to go on, SVC_REFUSED paused, SVC_FAILED. */
static SvcResult password_throttle(Store *st, const char *username, SessionAttempt *a, SvcError *e)
{
    char pair[160], address[80];
    pair_key(username, a->client, pair);
    address_key(a->client, address);
    int64_t n, last, m, last_m, wait = 0;
    if (recent(st, pair, a->now - THROTTLE_MEMORY, &n, &last) < 0 ||
        recent(st, address, a->now - THROTTLE_ADDRESS_WINDOW, &m, &last_m) < 0)
        return SVC_FAILED;
    if (n >= THROTTLE_PAIR_FREE) wait = last + pause_for(n - THROTTLE_PAIR_FREE, THROTTLE_PAIR_CAP) - a->now;
    /* A busy address pauses only names that have failed from it: never a
     * first attempt, whether or not the name is an account's, so the pause
     * tells nobody which names are real. */
    if (n > 0 && m >= THROTTLE_ADDRESS_FREE) {
        int64_t w = last_m + pause_for(m - THROTTLE_ADDRESS_FREE, THROTTLE_ADDRESS_CAP) - a->now;
        if (w > wait) wait = w;
    }
    return wait > 0 ? paused(a, wait, e) : SVC_OK;
}

/* Adds one failure under each key given, in one transaction, forgetting
 * those older than anything counts. */
static bool count_failure(Store *st, int64_t now, const char *k1, const char *k2)
{
    Param f1[] = {P_STR(k1), P_INT(now)};
    Param f2[] = {P_STR(k2 ? k2 : ""), P_INT(now)};
    Param old[] = {P_INT(now - THROTTLE_MEMORY)};
    bool ok = store_begin(st) == STORE_OK && store_exec(st, STMT_SIGN_IN_FAILURE_ADD, f1, 2, NULL) == STORE_OK &&
              (!k2 || store_exec(st, STMT_SIGN_IN_FAILURE_ADD, f2, 2, NULL) == STORE_OK) &&
              store_exec(st, STMT_SIGN_IN_FAILURES_PRUNE, old, 1, NULL) == STORE_OK &&
              store_commit_bookkeeping(st) == STORE_OK;
    store_rollback(st);
    return ok;
}

static bool count_password_failure(Store *st, const char *username, const SessionAttempt *a)
{
    char pair[160], address[80];
    pair_key(username, a->client, pair);
    address_key(a->client, address);
    return count_failure(st, a->now, pair, address);
}

/* Forgets a key's failures, in the caller's transaction. */
static bool clear_failures(Store *st, const char *key)
{
    Param c[] = {P_STR(key)};
    return store_exec(st, STMT_SIGN_IN_FAILURES_CLEAR, c, 1, NULL) == STORE_OK;
}

/* A password checked through the throttle: SVC_OK right (the caller clears
 * the pair's failures when it commits), SVC_INVALID wrong (counted; e with
 * field and wrong), SVC_REFUSED paused, SVC_FAILED. */
static SvcResult throttled_password(Store *st, const char *username, const char *password, SessionAttempt *a,
                                    Account *acc, const char *field, const char *wrong, SvcError *e)
{
    SvcResult rc = password_throttle(st, username, a, e);
    if (rc != SVC_OK) return rc;
    int right = password_right(st, username, password, acc);
    if (right < 0) return SVC_FAILED;
    if (right) return SVC_OK;
    if (!count_password_failure(st, username, a)) return SVC_FAILED;
    return svc_fail(e, SVC_INVALID, field, "%s", wrong);
}

/* ---- sessions ---- */

/* Runs one statement on a session in its own transaction: bookkeeping,
 * which moves no page's data on. */
static bool write_one(Store *st, StmtId id, const Param *p, int n)
{
    bool ok = store_begin(st) == STORE_OK && store_exec(st, id, p, n, NULL) == STORE_OK &&
              store_commit_bookkeeping(st) == STORE_OK;
    store_rollback(st);
    return ok;
}

/* Bookkeeping a read makes on the way (ending a session past its timeout,
 * noting when it was last seen), whose failure must not fail the read. A
 * failure is logged once, not once per request, until such a write works
 * again. */
static atomic_bool bookkeeping_failing;

static void bookkeeping(Store *st, StmtId id, const Param *p, int n, const char *what)
{
    if (write_one(st, id, p, n)) {
        atomic_store(&bookkeeping_failing, false);
        return;
    }
    if (!atomic_exchange(&bookkeeping_failing, true))
        log_event(NULL, "could not write session bookkeeping (%s): %s; reads go on", what, store_error(st));
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
        s->policy_version = store_col_int(r, 11);
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
        /* Over whether or not the end is written: a session past its
         * timeout is over, and the next request tries the write again. */
        Param e[] = {P_STR(hash), P_INT(now)};
        bookkeeping(st, STMT_WEB_SESSION_END, e, 2, "ending a session past its timeout");
        memset(s, 0, sizeof *s);
        return SVC_NOT_FOUND;
    }
    /* "Last seen" is bookkeeping a read makes: when it cannot be written (a
     * full disk, a read-only database) the read goes on. The session then
     * ages from the last "seen" that was written, so the idle timeout ends
     * it at most SESSION_IDLE_TIMEOUT after that, however busy (see
     * docs/reliability.md, "A full disk"). */
    if (!s->code_due && now - seen >= SESSION_SEEN_EVERY) {
        Param t[] = {P_STR(hash), P_INT(now)};
        bookkeeping(st, STMT_WEB_SESSION_TOUCH, t, 2, "noting a session's last request");
    }
    return SVC_OK;
}

SvcResult session_username(Store *st, const char *token, char *out, size_t n)
{
    if (n) out[0] = 0;
    if (!token || strlen(token) != TOKEN_CHARS) return SVC_NOT_FOUND;
    char hash[65];
    account_token_hash(token, hash);
    Param p[] = {P_STR(hash)};
    StoreRows *r = store_query(st, STMT_WEB_SESSION_USERNAME, p, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) svc_col_copy(r, 0, out, n);
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : got == 1 ? SVC_OK : SVC_NOT_FOUND;
}

/* Adds a session for the account (half open when code_due), in the
 * caller's transaction. */
static bool add_session(Store *st, int64_t user_ref, bool code_due, int64_t now, SessionStarted *out)
{
    char hash[65], csrf[TOKEN_CHARS + 1];
    account_new_token(out->token);
    account_new_token(csrf);
    account_token_hash(out->token, hash);
    out->code_due = code_due;
    Param s[] = {P_STR(hash), P_INT(user_ref), P_STR(csrf), P_INT(now), P_INT(code_due)};
    return store_exec(st, STMT_WEB_SESSION_ADD, s, 5, NULL) == STORE_OK;
}

SvcResult session_sign_in(Store *st, const char *username, const char *password, SessionAttempt *a, SessionStarted *out,
                          SvcError *e)
{
    memset(out, 0, sizeof *out);
    a->retry_after = 0;
    if (!username || !*username || !password || !*password || strlen(username) > USERNAME_MAX)
        return svc_fail(e, SVC_INVALID, "username", "Enter your username and password");
    if (!session_init()) return svc_fail(e, SVC_FAILED, "", "not enough memory to hash passwords");
    Account acc;
    SvcResult rc =
        throttled_password(st, username, password, a, &acc, "username", "The username or password is not right", e);
    if (rc != SVC_OK) return rc;
    /* With two-factor sign-in the session is only half open until the code. */
    char pair[160];
    pair_key(username, a->client, pair);
    bool ok = store_begin(st) == STORE_OK && add_session(st, acc.ref, acc.totp_enabled, a->now, out) &&
              clear_failures(st, pair) && store_commit(st) == STORE_OK;
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
    char stored[SEALED_MAX];            /* the secret as the account keeps it: sealed, or clear from before */
    char secret[TOTP_SECRET_CHARS + 1]; /* "" when none */
    bool enabled, required;
    int64_t last_step; /* the last step whose code was taken */
} SecondFactor;

static void purpose_of(int64_t user_ref, char out[40]) { strfmt(out, 40, "totp %lld", (long long)user_ref); }

static void forget_factor(SecondFactor *f)
{
    account_forget(f->secret, sizeof f->secret);
    account_forget(f->stored, sizeof f->stored);
}

/* 1 found, 0 no such account, <0 a store failure or a secret that does not
 * open (e says why). A secret still in the clear (kept from before sealing)
 * is taken as it is; the caller seals it when it writes. */
static int second_factor_of(Store *st, int64_t user_ref, SecondFactor *f, SvcError *e)
{
    memset(f, 0, sizeof *f);
    Param p[] = {P_INT(user_ref)};
    StoreRows *q = store_query(st, STMT_USER_TOTP, p, 1);
    if (!q) return STORE_ENV;
    int got = store_next(q);
    if (got == 1) {
        svc_col_copy(q, 0, f->stored, sizeof f->stored);
        f->enabled = store_col_int(q, 1) != 0;
        f->last_step = svc_col_int0(q, 2);
        f->required = store_col_int(q, 3) != 0;
    }
    store_rows_close(q);
    if (got != 1 || !f->stored[0]) return got;
    if (!sealed_is_sealed(f->stored)) {
        if (strlen(f->stored) == TOTP_SECRET_CHARS) memcpy(f->secret, f->stored, sizeof f->secret);
        return 1;
    }
    char purpose[40], err[256] = "";
    purpose_of(user_ref, purpose);
    if (sealed_open(purpose, f->stored, f->secret, sizeof f->secret, err, sizeof err) != 1) {
        svc_fail(e, SVC_FAILED, "", "the two-factor secret of account %lld does not open: %s", (long long)user_ref,
                 err[0] ? err : "sealed under a key not in the key file, or damaged");
        forget_factor(f);
        return STORE_ENV;
    }
    return 1;
}

/* Seals the factor's secret under the key file's first key when it is not
 * already, in the caller's transaction. */
static bool seal_if_due(Store *st, int64_t user_ref, const SecondFactor *f, SvcError *e)
{
    if (!f->secret[0] || sealed_is_current(f->stored)) return true;
    char purpose[40], sealed[SEALED_MAX], err[256];
    purpose_of(user_ref, purpose);
    if (!sealed_seal(purpose, f->secret, sealed, err, sizeof err)) {
        svc_fail(e, SVC_FAILED, "", "%s", err);
        return false;
    }
    Param u[] = {P_INT(user_ref), P_STR(f->stored), P_STR(sealed)};
    return store_exec(st, STMT_USER_TOTP_SEAL, u, 3, NULL) == STORE_OK;
}

/* ---- recovery codes ---- */

/* A recovery code as typed, without spaces or dashes, in lower case: true
 * and out when it has the form of one. */
static bool recovery_normal(const char *code, char out[17])
{
    size_t n = 0;
    for (const char *p = code; *p; p++) {
        if (*p == ' ' || *p == '-') continue;
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        if (!c || !strchr(RECOVERY_ALPHABET, c) || n == 16) return false;
        out[n++] = c;
    }
    out[n] = 0;
    return n == 16;
}

static void recovery_hash(int64_t user_ref, const char *normal, char out[65])
{
    char salted[64];
    strfmt(salted, sizeof salted, "%lld %s", (long long)user_ref, normal);
    account_token_hash(salted, out);
    account_forget(salted, sizeof salted);
}

/* New recovery codes for the account, replacing its old ones, in the
 * caller's transaction. */
static bool new_recovery_codes(Store *st, int64_t user_ref, RecoveryCodes *codes)
{
    Param c[] = {P_INT(user_ref)};
    if (store_exec(st, STMT_RECOVERY_CODES_CLEAR, c, 1, NULL) != STORE_OK) return false;
    for (int i = 0; i < RECOVERY_CODES; i++) {
        char normal[17], hash[65];
        account_recovery_code(normal);
        strfmt(codes->code[i], sizeof codes->code[i], "%.4s-%.4s-%.4s-%.4s", normal, normal + 4, normal + 8,
               normal + 12);
        recovery_hash(user_ref, normal, hash);
        account_forget(normal, sizeof normal);
        Param a[] = {P_INT(user_ref), P_STR(hash)};
        if (store_exec(st, STMT_RECOVERY_CODE_ADD, a, 2, NULL) != STORE_OK) return false;
    }
    return true;
}

/* ---- codes ---- */

typedef enum { CODE_WRONG, CODE_TAKEN, CODE_RACED, CODE_RECOVERY } CodeTaken;

/* Checks a code (from the app, or a recovery code when recovery) against
 * the factor read in the caller's transaction and, when right, takes its
 * step or spends the recovery code, so that it cannot be used again.
 * CODE_TAKEN or CODE_RECOVERY: right; CODE_RACED: right, but another
 * request took the step first. <0 a store failure. */
static int take_code(Store *st, int64_t user_ref, const SecondFactor *f, const char *code, bool recovery, int64_t now)
{
    char normal[17];
    if (recovery && recovery_normal(code, normal)) {
        char hash[65];
        recovery_hash(user_ref, normal, hash);
        account_forget(normal, sizeof normal);
        int64_t changed = 0;
        Param u[] = {P_INT(user_ref), P_STR(hash), P_INT(now)};
        int rc = store_exec(st, STMT_RECOVERY_CODE_USE, u, 3, &changed);
        if (rc != STORE_OK) return rc;
        return changed == 1 ? CODE_RECOVERY : CODE_WRONG;
    }
    int64_t step;
    if (!f->secret[0] || !totp_verify(f->secret, code, now, f->last_step, &step)) return CODE_WRONG;
    int64_t changed = 0;
    Param u[] = {P_INT(user_ref), P_INT(step)};
    int rc = store_exec(st, STMT_USER_TOTP_USED, u, 2, &changed);
    if (rc != STORE_OK) return rc;
    return changed == 1 ? CODE_TAKEN : CODE_RACED;
}

/* Whether the account's second factor is locked by wrong codes:
 * SVC_OK no, SVC_REFUSED yes, SVC_FAILED. */
static SvcResult code_throttle(Store *st, int64_t user_ref, SessionAttempt *a, SvcError *e)
{
    char key[40];
    code_key(user_ref, key);
    int64_t n, last;
    if (recent(st, key, a->now - THROTTLE_CODE_WINDOW, &n, &last) < 0) return SVC_FAILED;
    if (n < THROTTLE_CODE_MAX) return SVC_OK;
    return paused(a, last + THROTTLE_CODE_WINDOW - a->now, e);
}

#define CODE_MISSING "Enter the code from your authenticator app"
#define CODE_NOT_RIGHT "The code is not right: enter the code your app shows now"
#define CODE_RACED_MESSAGE "That code has just been used: enter the next code your app shows"
#define SIGN_IN_ENDED "This sign-in has ended: sign in again"
#define PASSWORD_NOT_RIGHT "Your password is not right"

SvcResult session_second_factor(Store *st, const char *half, const char *code, SessionAttempt *a, SessionStarted *out,
                                SvcError *e)
{
    memset(out, 0, sizeof *out);
    a->retry_after = 0;
    Session h;
    int64_t created = 0, seen = 0;
    int got = session_row(st, half, &h, &created, &seen);
    if (got < 0) return SVC_FAILED;
    if (got == 0 || !h.code_due) return svc_fail(e, SVC_CONFLICT, "code", SIGN_IN_ENDED);
    SvcResult rc = code_throttle(st, h.user_ref, a, e);
    if (rc != SVC_OK) return rc;
    int taken = CODE_WRONG;
    SecondFactor f;
    memset(&f, 0, sizeof f);
    if (code && *code) {
        if (store_begin(st) != STORE_OK) return SVC_FAILED;
        got = second_factor_of(st, h.user_ref, &f, e);
        /* Only an account whose factor is on completes a sign-in with it. */
        taken = got < 0 ? got : got == 1 && f.enabled ? take_code(st, h.user_ref, &f, code, true, a->now) : CODE_WRONG;
    }
    if (taken != CODE_TAKEN && taken != CODE_RECOVERY) {
        forget_factor(&f);
        store_rollback(st);
    }
    if (taken < 0) return SVC_FAILED;
    if (taken == CODE_RACED) return svc_fail(e, SVC_CONFLICT, "code", CODE_RACED_MESSAGE);
    if (taken == CODE_WRONG) {
        char key[40];
        code_key(h.user_ref, key);
        if (!count_failure(st, a->now, key, NULL)) return SVC_FAILED;
        return svc_fail(e, SVC_INVALID, "code", code && *code ? CODE_NOT_RIGHT : CODE_MISSING);
    }
    /* A fresh token for the full session; the half-open one ends, the
     * code's step is taken and the account's wrong codes forgotten, in the
     * one transaction. */
    out->recovery_used = taken == CODE_RECOVERY;
    int64_t ended = 0;
    char key[40];
    code_key(h.user_ref, key);
    Param p[] = {P_STR(half), P_INT(a->now)};
    bool ok = seal_if_due(st, h.user_ref, &f, e) && store_exec(st, STMT_WEB_SESSION_END, p, 2, &ended) == STORE_OK;
    forget_factor(&f);
    if (!ok) {
        store_rollback(st);
        return SVC_FAILED;
    }
    if (ended != 1) {
        store_rollback(st);
        return svc_fail(e, SVC_CONFLICT, "code", SIGN_IN_ENDED);
    }
    ok = add_session(st, h.user_ref, false, a->now, out) && clear_failures(st, key) && store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok ? SVC_OK : SVC_FAILED;
}

/* ---- setting up and switching the second factor ---- */

static void offer_purpose(int64_t user_ref, char out[40]) { strfmt(out, 40, "offer %lld", (long long)user_ref); }

SvcResult session_totp_offer(int64_t user_ref, int64_t now, char secret[TOTP_SECRET_CHARS + 1], char offer[SEALED_MAX],
                             SvcError *e)
{
    char purpose[40], clear[64], err[256];
    offer_purpose(user_ref, purpose);
    totp_new_secret(secret);
    strfmt(clear, sizeof clear, "%lld %s", (long long)now, secret);
    bool ok = sealed_seal(purpose, clear, offer, err, sizeof err);
    account_forget(clear, sizeof clear);
    if (ok) return SVC_OK;
    account_forget(secret, TOTP_SECRET_CHARS + 1);
    return svc_fail(e, SVC_FAILED, "", "%s", err);
}

SvcResult session_totp_offered(int64_t user_ref, const char *offer, int64_t now, char secret[TOTP_SECRET_CHARS + 1],
                               SvcError *e)
{
    secret[0] = 0;
    char purpose[40], clear[64], err[256] = "";
    offer_purpose(user_ref, purpose);
    int got = offer ? sealed_open(purpose, offer, clear, sizeof clear, err, sizeof err) : 0;
    if (got < 0) return svc_fail(e, SVC_FAILED, "", "%s", err);
    char *space = got == 1 ? strchr(clear, ' ') : NULL;
    long long made = space ? strtoll(clear, NULL, 10) : 0;
    bool fresh = space && strlen(space + 1) == TOTP_SECRET_CHARS && made <= now && now - made <= SESSION_OFFER_TIMEOUT;
    if (fresh) memcpy(secret, space + 1, TOTP_SECRET_CHARS + 1);
    account_forget(clear, sizeof clear);
    if (!fresh)
        return svc_fail(e, SVC_INVALID, "code",
                        "This set-up page is too old: scan the new QR code (or enter the new key), then its code");
    return SVC_OK;
}

/* Writes the audit row of a change to one's own account, in the caller's transaction. */
static bool audit(Store *st, int64_t user_ref, int64_t now, const char *detail)
{
    Param a[] = {P_INT(now), P_INT(user_ref), P_STR("account"), P_STR(detail)};
    return store_exec(st, STMT_AUDIT_ADD, a, 4, NULL) == STORE_OK;
}

/* The start of both switches: the password, through the throttle, then the
 * account's factor read in a transaction begun here (left open on SVC_OK). */
static SvcResult switch_start(Store *st, const char *username, const char *password, SessionAttempt *a, bool turn_on,
                              Account *acc, SecondFactor *f, SvcError *e)
{
    memset(f, 0, sizeof *f);
    a->retry_after = 0;
    if (!password || !*password) return svc_fail(e, SVC_INVALID, "password", "Enter your password");
    if (!session_init()) return svc_fail(e, SVC_FAILED, "", "not enough memory to hash passwords");
    SvcResult rc = throttled_password(st, username, password, a, acc, "password", PASSWORD_NOT_RIGHT, e);
    if (rc != SVC_OK) return rc;
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    int got = second_factor_of(st, acc->ref, f, e);
    if (got < 0)
        rc = SVC_FAILED;
    else if (got == 0)
        rc = svc_fail(e, SVC_NOT_FOUND, "", "No such account");
    else if (f->enabled == turn_on)
        rc = svc_fail(e, SVC_CONFLICT, "code",
                      "Two-factor sign-in has been turned %s already, perhaps in another window: nothing was changed",
                      turn_on ? "on" : "off");
    else if (!turn_on && f->required)
        rc = svc_fail(e, SVC_INVALID, "code", "Your organisation requires two-factor sign-in: it cannot be turned off");
    if (rc != SVC_OK) {
        forget_factor(f);
        store_rollback(st);
    }
    return rc;
}

/* The end of both switches: a wrong code counted against the account when
 * it was a guess at its secret (count), a right one committed with the
 * pair's failures cleared. */
static SvcResult switch_end(Store *st, const char *username, int64_t user_ref, int taken, bool wrote, bool count,
                            SessionAttempt *a, SvcError *e)
{
    char pair[160], key[40];
    pair_key(username, a->client, pair);
    code_key(user_ref, key);
    bool ok = taken != CODE_WRONG && taken != CODE_RACED && taken >= 0 && wrote && clear_failures(st, pair) &&
              clear_failures(st, key) && store_commit(st) == STORE_OK;
    store_rollback(st);
    if (taken == CODE_WRONG) {
        if (count && !count_failure(st, a->now, key, NULL)) return SVC_FAILED;
        return svc_fail(e, SVC_INVALID, "code", CODE_NOT_RIGHT);
    }
    if (taken == CODE_RACED) return svc_fail(e, SVC_CONFLICT, "code", CODE_RACED_MESSAGE);
    return ok ? SVC_OK : SVC_FAILED;
}

SvcResult session_two_factor_on(Store *st, const char *username, const char *password, const char *offer,
                                const char *code, SessionAttempt *a, RecoveryCodes *codes, SvcError *e)
{
    memset(codes, 0, sizeof *codes);
    char secret[TOTP_SECRET_CHARS + 1];
    Account acc;
    SecondFactor f;
    if (!code || !*code) return svc_fail(e, SVC_INVALID, "code", CODE_MISSING);
    SvcResult rc = switch_start(st, username, password, a, true, &acc, &f, e);
    if (rc != SVC_OK) return rc;
    forget_factor(&f);
    /* No code lock here: the set-up page shows its secret to whoever holds
     * the session and the password, so its code guards nothing to guess. */
    rc = session_totp_offered(acc.ref, offer, a->now, secret, e);
    if (rc != SVC_OK) {
        store_rollback(st);
        return rc;
    }
    int64_t step = 0, changed = 0;
    int taken = totp_verify(secret, code, a->now, 0, &step) ? CODE_TAKEN : CODE_WRONG;
    char purpose[40], sealed[SEALED_MAX], err[256] = "";
    purpose_of(acc.ref, purpose);
    bool wrote = taken == CODE_TAKEN && sealed_seal(purpose, secret, sealed, err, sizeof err);
    account_forget(secret, sizeof secret);
    Param u[] = {P_INT(acc.ref), P_INT(step), P_STR(wrote ? sealed : "")};
    wrote = wrote && store_exec(st, STMT_USER_TOTP_TURN_ON, u, 3, &changed) == STORE_OK;
    if (wrote && changed != 1) taken = CODE_RACED;
    wrote =
        wrote && new_recovery_codes(st, acc.ref, codes) && audit(st, acc.ref, a->now, "two-factor sign-in turned on");
    rc = switch_end(st, username, acc.ref, taken, wrote, false, a, e);
    if (rc != SVC_OK) account_forget((char *)codes, sizeof *codes);
    if (rc == SVC_FAILED && err[0]) svc_fail(e, SVC_FAILED, "", "%s", err);
    return rc;
}

SvcResult session_two_factor_off(Store *st, const char *username, const char *password, const char *code,
                                 SessionAttempt *a, SvcError *e)
{
    Account acc;
    SecondFactor f;
    if (!code || !*code) return svc_fail(e, SVC_INVALID, "code", CODE_MISSING);
    SvcResult rc = switch_start(st, username, password, a, false, &acc, &f, e);
    if (rc == SVC_OK) rc = code_throttle(st, acc.ref, a, e);
    if (rc != SVC_OK) {
        forget_factor(&f);
        store_rollback(st);
        return rc;
    }
    int taken = take_code(st, acc.ref, &f, code, true, a->now);
    forget_factor(&f);
    Param p[] = {P_INT(acc.ref)};
    bool wrote = (taken == CODE_TAKEN || taken == CODE_RECOVERY) &&
                 store_exec(st, STMT_USER_TOTP_DISABLE, p, 1, NULL) == STORE_OK &&
                 store_exec(st, STMT_RECOVERY_CODES_CLEAR, p, 1, NULL) == STORE_OK &&
                 audit(st, acc.ref, a->now, "two-factor sign-in turned off");
    return switch_end(st, username, acc.ref, taken, wrote, true, a, e);
}

SvcResult session_reseal_secrets(Store *st, int64_t *count, SvcError *e)
{
    *count = 0;
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    /* The refs first: one query open at a time. */
    int64_t *refs = NULL;
    size_t n = 0, cap = 0;
    StoreRows *r = store_query(st, STMT_USER_TOTP_SECRETS, NULL, 0);
    int got = r ? 0 : STORE_ENV;
    while (r && (got = store_next(r)) == 1) {
        if (n == cap) refs = xrealloc(refs, (cap = cap ? cap * 2 : 64) * sizeof *refs);
        refs[n++] = store_col_int(r, 0);
    }
    if (r) store_rows_close(r);
    bool ok = got == 0;
    for (size_t i = 0; ok && i < n; i++) {
        SecondFactor f;
        ok = second_factor_of(st, refs[i], &f, e) == 1 && seal_if_due(st, refs[i], &f, e);
        if (ok && !sealed_is_current(f.stored)) (*count)++;
        forget_factor(&f);
    }
    free(refs);
    ok = ok && store_commit(st) == STORE_OK;
    store_rollback(st);
    if (!ok) *count = 0;
    return ok ? SVC_OK : SVC_FAILED;
}

/* ---- your own password ---- */

SvcResult session_change_password(Store *st, const char *username, const char *current, const char *fresh,
                                  const char *confirm, SessionAttempt *a, SvcError *e)
{
    a->retry_after = 0;
    if (!current || !*current) return svc_fail(e, SVC_INVALID, "current", "Enter your current password");
    if (!session_init()) return svc_fail(e, SVC_FAILED, "", "not enough memory to hash passwords");
    Account before;
    SvcResult rc =
        throttled_password(st, username, current, a, &before, "current", "Your current password is not right", e);
    if (rc != SVC_OK) return rc;
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
    if (got < 0)
        rc = SVC_FAILED;
    else if (got == 0 || after.ref != before.ref || after.disabled || strcmp(after.hash, before.hash) != 0)
        rc = svc_fail(e, SVC_CONFLICT, "current",
                      "Your password was changed by another request meanwhile: nothing was changed here");
    if (rc == SVC_OK) {
        /* Every session of the account ends, this one too. */
        char pair[160];
        pair_key(username, a->client, pair);
        Param p[] = {P_INT(before.ref), P_STR(hash), P_INT(a->now)};
        Param s[] = {P_INT(before.ref), P_INT(a->now)};
        if (store_exec(st, STMT_USER_SET_PASSWORD, p, 3, NULL) != STORE_OK ||
            store_exec(st, STMT_WEB_SESSIONS_END_FOR_USER, s, 2, NULL) != STORE_OK ||
            !audit(st, before.ref, a->now, "password changed") || !clear_failures(st, pair) ||
            store_commit(st) != STORE_OK)
            rc = SVC_FAILED;
    }
    store_rollback(st);
    return rc;
}
