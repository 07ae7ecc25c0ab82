/* test_transactions.c: the all-or-nothing promise of store.h, on SQLite and
 * on PostgreSQL (RUN_STORES, test.h): each test runs once per backend on an
 * empty database. On PostgreSQL, statements that need no answer are pipelined, so
 * failures arrive late: the tests push well past the pipeline's window. */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "test.h"
#include "core/util.h"

enum { MANY = 1500 }; /* more than the PostgreSQL pipeline holds at once */

static void put(Store *s, int i, int *rc)
{
    char key[32], value[32];
    snprintf(key, sizeof key, "k%05d", i);
    snprintf(value, sizeof value, "v%d", i);
    Param p[] = {P_STR(key), P_STR(value)};
    if (*rc == STORE_OK) *rc = store_exec(s, STMT_SETTING_PUT, p, 2, NULL);
}

/* Settings k<from> .. k<to - 1> written in the open transaction. */
static int put_many(Store *s, int from, int to)
{
    int rc = STORE_OK;
    for (int i = from; i < to; i++) put(s, i, &rc);
    return rc;
}

/* The value stored under key, or "(none)". */
static void get(Store *s, const char *key, char *out, size_t n)
{
    Param p[] = {P_STR(key)};
    StoreRows *r = store_query(s, STMT_SETTING_GET, p, 1);
    CHECK(r != NULL);
    strfmt(out, n, "(none)");
    if (r && store_next(r) == 1) strfmt(out, n, "%s", store_col_text(r, 0, NULL));
    store_rows_close(r);
}

static int64_t settings_count(Store *s)
{
    char key[32], value[64];
    int64_t n = 0;
    for (int i = 0; i < MANY; i += 97) {
        snprintf(key, sizeof key, "k%05d", i);
        get(s, key, value, sizeof value);
        if (strcmp(value, "(none)") != 0) n++;
    }
    return n;
}

static void test_schema(Store *s)
{
    int v = -1;
    CHECK_INT(store_schema_version(s, &v), STORE_OK);
    CHECK_INT(v, store_expected_version());
    CHECK_INT(store_migrate(s), STORE_OK); /* again: nothing to do */
    CHECK_INT(store_schema_version(s, &v), STORE_OK);
    CHECK_INT(v, store_expected_version());
}

static void test_commit_persists(Store *s)
{
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(put_many(s, 0, MANY), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    test_store_reopen(&s);
    char v[64];
    get(s, "k01499", v, sizeof v);
    CHECK_STR(v, "v1499");
    CHECK_INT(settings_count(s), (MANY + 96) / 97);
}

static void test_rollback_undoes_everything(Store *s)
{
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(put_many(s, 0, MANY), STORE_OK);
    store_rollback(s);
    CHECK_INT(settings_count(s), 0);
}

/* A statement the database refuses, in the middle of many that it accepts:
 * the transaction cannot be committed and leaves nothing behind, and the
 * connection is usable afterwards. */
static void test_failure_midway_saves_nothing(Store *s)
{
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(put_many(s, 0, 700), STORE_OK);
    /* staff 999 does not exist: a foreign-key violation. */
    Param bad[] = {P_INT(1), P_INT(999), P_NULL};
    store_exec(s, STMT_STAFF_SET_MANAGERS, bad, 3, NULL);
    Param t[] = {P_STR("A team")};
    int64_t ref = 0;
    store_query_int(s, STMT_TEAM_ADD, t, 1, &ref);
    /* On SQLite the update finds no staff row 1 and changes nothing;
     * a discussion of no session and no case fails on both. */
    Param d[] = {P_INT(12345), P_INT(67890), P_STR("2026-01-01"), P_INT(1)};
    store_exec(s, STMT_DISCUSSION_ADD, d, 4, NULL);
    put_many(s, 700, MANY); /* refused at once or later: either way lost */
    CHECK_INT(store_commit(s), STORE_ERROR);
    CHECK_HAS(store_error(s), "nothing was saved");
    store_rollback(s);
    CHECK_INT(settings_count(s), 0);
    Param tf[] = {P_STR("A team")};
    CHECK_INT(store_query_int(s, STMT_TEAM_FIND, tf, 1, &ref), 0);

    /* Usable again, statements prepared in the lost transaction included. */
    int rc = store_begin(s);
    put(s, 1, &rc);
    CHECK_INT(store_query_int(s, STMT_TEAM_ADD, t, 1, &ref), 1);
    CHECK_INT(rc, STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    char v[64];
    get(s, "k00001", v, sizeof v);
    CHECK_STR(v, "v1");
    CHECK_INT(store_query_int(s, STMT_TEAM_FIND, tf, 1, &ref), 1);
}

/* store_fast_commits trades durability against a power cut for speed, and
 * nothing else: commits still persist, rollbacks and failures still leave
 * nothing behind. */
static void test_fast_commits(Store *s)
{
    CHECK_INT(store_fast_commits(s), STORE_OK);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(put_many(s, 0, 100), STORE_OK);
    store_rollback(s);
    CHECK_INT(settings_count(s), 0);
    CHECK_INT(store_begin(s), STORE_OK);
    put_many(s, 0, 100);
    Param d[] = {P_INT(12345), P_INT(67890), P_STR("2026-01-01"), P_INT(1)};
    store_exec(s, STMT_DISCUSSION_ADD, d, 4, NULL);
    CHECK_INT(store_commit(s), STORE_ERROR);
    store_rollback(s);
    CHECK_INT(settings_count(s), 0);
    for (int i = 0; i < MANY; i += 97) { /* many small transactions, as the demo makes */
        int rc = store_begin(s);
        put(s, i, &rc);
        CHECK_INT(rc, STORE_OK);
        CHECK_INT(store_commit(s), STORE_OK);
    }
    test_store_reopen(&s);
    CHECK_INT(settings_count(s), (MANY + 96) / 97);
}

static void test_changes_and_text(Store *s)
{
    const char *name = "Zoë Brontë 名前 😀, \"quoted\"\nsecond line";
    int64_t changes = -1;
    CHECK_INT(store_begin(s), STORE_OK);
    Param p[] = {P_STR("name"), P_STR(name)};
    CHECK_INT(store_exec(s, STMT_SETTING_PUT, p, 2, &changes), STORE_OK);
    CHECK_INT(changes, 1);
    Param none[] = {P_INT(42), P_STR("2026-01-01"), P_INT(1)};
    CHECK_INT(store_exec(s, STMT_DISCUSSIONS_RESYNC, none, 3, &changes), STORE_OK);
    CHECK_INT(changes, 0);
    CHECK_INT(store_commit(s), STORE_OK);
    char v[128];
    get(s, "name", v, sizeof v);
    CHECK_STR(v, name);
}

/* Another connection sees committed rows only. */
static void test_isolation(Store *w)
{
    Store *r = test_store_open();
    char v[64];
    int rc = store_begin(w);
    put(w, 7, &rc);
    CHECK_INT(rc, STORE_OK);
    /* Make sure the write reached the server before the reader looks. */
    Param tf[] = {P_STR("nobody")};
    int64_t ignored;
    CHECK_INT(store_query_int(w, STMT_TEAM_FIND, tf, 1, &ignored), 0);
    get(r, "k00007", v, sizeof v);
    CHECK_STR(v, "(none)");
    CHECK_INT(store_commit(w), STORE_OK);
    get(r, "k00007", v, sizeof v);
    CHECK_STR(v, "v7");
    store_close(r);
}

/* A read span (the web application's, around each request): reads in it
 * are answered; a write in it, alone or in a transaction, is made and
 * committed as without it, even when another connection wrote after the
 * span's first read (inside one deferred SQLite transaction such a write
 * fails at once); and after a write, or the span's end, reads see the
 * latest data. */
static void test_read_span(Store *s)
{
    Store *other = test_store_open();
    char v[64];
    int rc = store_begin(other);
    put(other, 1, &rc);
    CHECK_INT(rc == STORE_OK ? store_commit(other) : rc, STORE_OK);

    CHECK_INT(store_read_span_begin(s), STORE_OK);
    CHECK_INT(store_read_span_begin(s), STORE_OK); /* again: the same span */
    get(s, "k00001", v, sizeof v);
    CHECK_STR(v, "v1");
    rc = store_begin(other);
    put(other, 2, &rc);
    CHECK_INT(rc == STORE_OK ? store_commit(other) : rc, STORE_OK);
    /* One statement that writes, outside a transaction. */
    Param p[] = {P_STR("k00003"), P_STR("v3")};
    CHECK_INT(store_exec(s, STMT_SETTING_PUT, p, 2, NULL), STORE_OK);
    get(s, "k00002", v, sizeof v);
    CHECK_STR(v, "v2");
    store_read_span_end(s);

    /* A transaction begun in a span. */
    CHECK_INT(store_read_span_begin(s), STORE_OK);
    get(s, "k00001", v, sizeof v);
    rc = store_begin(other);
    put(other, 4, &rc);
    CHECK_INT(rc == STORE_OK ? store_commit(other) : rc, STORE_OK);
    rc = store_begin(s);
    put(s, 5, &rc);
    CHECK_INT(rc == STORE_OK ? store_commit(s) : rc, STORE_OK);
    get(s, "k00004", v, sizeof v);
    CHECK_STR(v, "v4");
    store_read_span_end(s);
    store_read_span_end(s); /* none open: nothing */

    get(other, "k00003", v, sizeof v);
    CHECK_STR(v, "v3");
    get(other, "k00005", v, sizeof v);
    CHECK_STR(v, "v5");
    store_close(other);
}

/* The commit hook: what it writes commits with the transaction, it runs on
 * every store_commit (never on bookkeeping) until removed, and its false
 * saves nothing at all. */
static int hook_calls;
static bool hook_answer;
static bool hook(Store *s, void *arg)
{
    hook_calls++;
    Param p[] = {P_STR("hooked"), P_STR(arg)};
    return store_exec(s, STMT_SETTING_PUT, p, 2, NULL) == STORE_OK && hook_answer;
}

static void test_commit_hook(Store *s)
{
    char v[64];
    hook_calls = 0;
    hook_answer = true;
    store_set_commit_hook(s, hook, "first");
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(put_many(s, 0, 1), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(hook_calls, 1);
    get(s, "hooked", v, sizeof v);
    CHECK_STR(v, "first");
    /* Bookkeeping is not hooked. */
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(put_many(s, 1, 2), STORE_OK);
    CHECK_INT(store_commit_bookkeeping(s), STORE_OK);
    CHECK_INT(hook_calls, 1);
    /* A hook that refuses: neither its write nor the transaction's is saved. */
    hook_answer = false;
    store_set_commit_hook(s, hook, "refused");
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(put_many(s, 2, 3), STORE_OK);
    CHECK_INT(store_commit(s), STORE_ERROR);
    CHECK_HAS(store_error(s), "nothing was saved");
    CHECK_INT(hook_calls, 2);
    get(s, "hooked", v, sizeof v);
    CHECK_STR(v, "first");
    get(s, "k00002", v, sizeof v);
    CHECK_STR(v, "(none)");
    /* The connection goes on; removed, the hook runs no more. */
    store_set_commit_hook(s, NULL, NULL);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(put_many(s, 2, 3), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(hook_calls, 2);
    get(s, "k00002", v, sizeof v);
    CHECK_STR(v, "v2");
}

static void test_open_errors(void)
{
    Store *s = NULL;
    char err[512];
    CHECK_INT(store_open("postgresql://u:sekret@127.0.0.1:1/x", false, &s, err, sizeof err), STORE_ENV);
    CHECK(s == NULL);
    CHECK(strstr(err, "sekret") == NULL);
    CHECK_HAS(err, "cannot connect");
    CHECK_INT(store_open("postgresql://127.0.0.1:1/x?password=sekret", false, &s, err, sizeof err), STORE_ENV);
    CHECK(strstr(err, "sekret") == NULL);
    CHECK_INT(store_open("/nonexistent-dir/x/y.db", true, &s, err, sizeof err), STORE_ENV);
    CHECK(s == NULL);
    CHECK(err[0] != 0);
}

int main(void)
{
    RUN_STORES(test_schema);
    RUN_STORES(test_commit_persists);
    RUN_STORES(test_rollback_undoes_everything);
    RUN_STORES(test_failure_midway_saves_nothing);
    RUN_STORES(test_fast_commits);
    RUN_STORES(test_changes_and_text);
    RUN_STORES(test_isolation);
    RUN_STORES(test_commit_hook);
    RUN_STORES(test_read_span);
    RUN(test_open_errors);
    TEST_DONE();
}
