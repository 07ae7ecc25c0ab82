/* fuzz_session.c: what the application makes of the secrets a browser
 * sends back: the session cookie's token as the router looks it up
 * (svc/session.h session_find, and session_username for a form typed
 * before the session ended), the sign-in form's token against its cookie
 * (accounts.h account_same_secret) and a form's write key
 * (svc/write_key.h write_key_valid).
 *
 * A SQLite database in a scratch folder holds one account with three
 * sessions: a full one, a half one (password right, second factor due)
 * and one that has ended. Input: a letter, then bytes up to a NUL: F, H or
 * E put that session's real token before the bytes; anything else is
 * the bytes alone. Only a live session's exact token finds it (the half
 * one as half), the store never fails on any text, and a secret or key
 * matches only itself. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svc/accounts.h"
#include "svc/session.h"
#include "svc/write_key.h"
#include "fuzz.h"

#define T0 1790000000 /* the sessions' "now" */
#define PASSWORD "correct horse battery"

static Store *st;
static char dir[4096], path[4200];
static char full[TOKEN_CHARS + 1], half[TOKEN_CHARS + 1], ended[TOKEN_CHARS + 1];

static void sign_in(char token[TOKEN_CHARS + 1])
{
    SessionStarted s;
    SvcError e;
    SessionAttempt a = {.client = "192.0.2.1", .now = T0};
    FUZZ_ASSERT(session_sign_in(st, "alice", PASSWORD, &a, &s, &e) == SVC_OK);
    memcpy(token, s.token, TOKEN_CHARS + 1);
}

static void clean_up(void)
{
    store_close(st);
    const char *const ends[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        char f[4300];
        unlink(strfmt(f, sizeof f, "%s%s", path, ends[i]));
    }
    rmdir(dir);
}

/* The database, once per process, in a folder removed at exit. */
static void setup(void)
{
    char err[512];
    const char *tmp = getenv("TMPDIR");
    strfmt(dir, sizeof dir, "%s/fuzz_session.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    FUZZ_ASSERT(mkdtemp(dir) != NULL);
    atexit(clean_up);
    strfmt(path, sizeof path, "%s/db", dir);
    FUZZ_ASSERT(store_open(path, true, &st, err, sizeof err) == STORE_OK && store_migrate(st) == STORE_OK);
    FUZZ_ASSERT(accounts_init() && session_init());
    FUZZ_ASSERT(account_add(st, "alice", NULL, PASSWORD, NULL, 0, err, sizeof err) == ACCOUNT_OK);
    sign_in(full);
    sign_in(half);
    sign_in(ended);
    char hash[65];
    account_token_hash(ended, hash);
    FUZZ_ASSERT(session_end(st, hash, T0 + 1) == SVC_OK);
    /* No service turns a session half again; the schema's column does. */
    account_token_hash(half, hash);
    sqlite3 *db;
    char sql[200];
    strfmt(sql, sizeof sql, "UPDATE web_sessions SET second_factor_due = 1 WHERE token_hash = '%s'", hash);
    FUZZ_ASSERT(sqlite3_open(path, &db) == SQLITE_OK && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK &&
                sqlite3_changes(db) == 1);
    sqlite3_close(db);
}

static bool valid_key(const char *k)
{
    size_t n = strlen(k);
    return n >= WRITE_KEY_MIN && n <= WRITE_KEY_MAX &&
           strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!st) setup();
    if (size == 0) return 0;
    const char *base = data[0] == 'F' ? full : data[0] == 'H' ? half : data[0] == 'E' ? ended : "";
    Buf b = {0};
    buf_adds(&b, base);
    buf_add(&b, (const char *)data + 1, size - 1);
    const char *token = buf_str(&b); /* a cookie's value ends at a NUL */

    Session s;
    SvcResult rc = session_find(st, token, T0 + 10, &s);
    bool is_full = strcmp(token, full) == 0, is_half = strcmp(token, half) == 0, is_ended = strcmp(token, ended) == 0;
    FUZZ_ASSERT(rc == ((is_full || is_half) ? SVC_OK : SVC_NOT_FOUND));
    if (rc == SVC_OK) {
        FUZZ_ASSERT(s.code_due == is_half && strcmp(s.username, "alice") == 0);
        FUZZ_ASSERT(strlen(s.csrf) == TOKEN_CHARS);
        char hash[65];
        account_token_hash(token, hash);
        FUZZ_ASSERT(strcmp(hash, s.token_hash) == 0);
    }
    char who[USERNAME_MAX + 1] = "";
    rc = session_username(st, token, who, sizeof who);
    FUZZ_ASSERT(rc == ((is_full || is_half || is_ended) ? SVC_OK : SVC_NOT_FOUND));
    if (rc == SVC_OK) FUZZ_ASSERT(strcmp(who, "alice") == 0);

    FUZZ_ASSERT(account_same_secret(token, full) == is_full);
    FUZZ_ASSERT(account_same_secret(full, token) == is_full);
    FUZZ_ASSERT(!account_same_secret(token, "") && !account_same_secret("", token));
    FUZZ_ASSERT(write_key_valid(token) == valid_key(token));
    buf_free(&b);
    return 0;
}
