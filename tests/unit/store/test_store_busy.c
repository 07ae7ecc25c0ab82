/* test_store_busy.c: a writer that cannot have the write lock within
 * STORE_LOCK_WAIT_MS fails busy (store_busy), on SQLite and PostgreSQL, so
 * that the web application can answer "busy, try again" rather than a
 * server error; other failures are not busy. Each backend waits out the
 * bound once (10 s). A reader of one snapshot (store_begin_read) keeps no
 * writer waiting. */
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "store/store.h"
#include "test.h"

static void test_waits_then_busy(Store *holder)
{
    Store *w = test_store_open();
    CHECK_INT(store_begin(holder), STORE_OK);
    time_t start = time(NULL);
    CHECK_INT(store_begin(w), STORE_ENV);
    long waited = (long)(time(NULL) - start);
    CHECK(waited >= STORE_LOCK_WAIT_MS / 1000 - 1 && waited <= STORE_LOCK_WAIT_MS / 1000 + 3);
    CHECK(store_busy(w));
    store_rollback(w);
    store_rollback(holder);
    /* Once the lock is free the same connection writes. */
    CHECK_INT(store_begin(w), STORE_OK);
    Param p[] = {P_STR("k"), P_STR("v")};
    CHECK_INT(store_exec(w, STMT_SETTING_PUT, p, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(w), STORE_OK);
    store_close(w);
}

static void get(Store *s, char *out, size_t n)
{
    Param p[] = {P_STR("k")};
    StoreRows *r = store_query(s, STMT_SETTING_GET, p, 1);
    CHECK(r != NULL);
    strfmt(out, n, "(none)");
    if (r && store_next(r) == 1) strfmt(out, n, "%s", store_col_text(r, 0, NULL));
    store_rows_close(r);
}

/* A long read (oversight migrate's source) keeps no writer waiting, and
 * sees one moment throughout. */
static void test_reader_keeps_no_writer_waiting(Store *reader)
{
    Store *w = test_store_open();
    char v[32];
    CHECK_INT(store_begin_read(reader), STORE_OK);
    get(reader, v, sizeof v);
    CHECK_STR(v, "(none)");
    time_t start = time(NULL);
    CHECK_INT(store_begin(w), STORE_OK);
    Param p[] = {P_STR("k"), P_STR("v")};
    CHECK_INT(store_exec(w, STMT_SETTING_PUT, p, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(w), STORE_OK);
    CHECK(time(NULL) - start <= 1);
    get(reader, v, sizeof v);
    CHECK_STR(v, "(none)");
    store_rollback(reader);
    get(reader, v, sizeof v);
    CHECK_STR(v, "v");
    store_close(w);
}

/* A failure of the data is not busy, nor is a later one after a busy one. */
static void test_other_failures_are_not_busy(Store *s)
{
    CHECK_INT(store_begin(s), STORE_OK);
    Param p[] = {P_STR("Same team")};
    int64_t ref;
    CHECK_INT(store_query_int(s, STMT_TEAM_ADD, p, 1, &ref), 1);
    CHECK(store_query_int(s, STMT_TEAM_ADD, p, 1, &ref) < 0);
    CHECK(!store_busy(s));
    store_rollback(s);
}

int main(void)
{
    RUN_STORES(test_waits_then_busy);
    RUN_STORES(test_other_failures_are_not_busy);
    RUN_STORES(test_reader_keeps_no_writer_waiting);
    TEST_DONE();
}
