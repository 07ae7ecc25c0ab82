/* test.h: the unit-test harness. Each tests/unit/<layer>/test_*.c is one
 * program whose main() runs its tests and ends with TEST_DONE(). It prints
 * one TAP line per test and the plan ("1..N") last, and exits non-zero if any
 * test failed; tests/run.sh adds the counts up into "N passed, N failed".
 *
 * A test is a function that makes checks (CHECK, CHECK_INT, CHECK_STR,
 * CHECK_HAS, or test_check(ok) in a helper that says itself what failed).
 * A test that made no check fails: it proves nothing.
 *
 *   RUN(fn)         runs void fn(void) once.
 *   RUN_STORES(fn)  runs void fn(Store *st) once on each backend, each time
 *                   on a new, migrated, empty database: SQLite in a temporary
 *                   file, then PostgreSQL in a database created for the run
 *                   on the server at OVERSIGHT_TEST_PG and dropped after it.
 *                   Each run is its own TAP line ("fn [sqlite]",
 *                   "fn [postgresql]"). Without OVERSIGHT_TEST_PG the
 *                   PostgreSQL run fails, unless OVERSIGHT_TEST_NO_PG=1 says
 *                   it is left out on purpose: then it is reported skipped
 *                   ("# SKIP") with that reason.
 *
 * Inside a store test, test_db says which database it is on (test_db.pg,
 * test_db.name, and test_db.where, what store_open takes);
 * test_store_open() opens another connection to it (close it yourself), and
 * test_store_reopen(&st) closes st and opens it again (the harness closes
 * the store it gave, reopened or not; the test must not close it). The
 * database is the test's alone; set up what the test needs in it at its
 * start, e.g. with a shared static function of the test file:
 *
 *     static void test_team_page(Store *st)
 *     {
 *         organisation(st);             // imports the staff it needs
 *         CHECK_INT(..., SVC_OK);
 *     }
 *     int main(void) { RUN_STORES(test_team_page); TEST_DONE(); }
 */
#ifndef OV_TEST_H
#define OV_TEST_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

/* The harness's functions are in every test program, used or not. */
#define TEST_FN static __attribute__((unused))

static int test_checks_in_fn, test_checks_failed_in_fn;
static int test_fns_run, test_fns_failed;

/* A check that failed, with what to say about it on stderr. */
#define TEST_FAILED_(...)                                 \
    do {                                                  \
        test_checks_failed_in_fn++;                       \
        fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__); \
        fprintf(stderr, __VA_ARGS__);                     \
        fputc('\n', stderr);                              \
    } while (0)

#define CHECK(cond)                                           \
    do {                                                      \
        test_checks_in_fn++;                                  \
        if (!(cond)) TEST_FAILED_("CHECK(%s) failed", #cond); \
    } while (0)

#define CHECK_INT(got, want)                                                         \
    do {                                                                             \
        long long got_ = (long long)(got), want_ = (long long)(want);                \
        test_checks_in_fn++;                                                         \
        if (got_ != want_) TEST_FAILED_("%s is %lld, want %lld", #got, got_, want_); \
    } while (0)

#define CHECK_STR(got, want)                                                                                   \
    do {                                                                                                       \
        const char *got_ = (got), *want_ = (want);                                                             \
        test_checks_in_fn++;                                                                                   \
        if (got_ == NULL || want_ == NULL ? got_ != want_ : strcmp(got_, want_) != 0)                          \
            TEST_FAILED_("%s is \"%s\", want \"%s\"", #got, got_ ? got_ : "(null)", want_ ? want_ : "(null)"); \
    } while (0)

/* CHECK that string got contains want. */
#define CHECK_HAS(got, want)                                                                              \
    do {                                                                                                  \
        const char *got_ = (got), *want_ = (want);                                                        \
        test_checks_in_fn++;                                                                              \
        if (got_ == NULL || strstr(got_, want_) == NULL)                                                  \
            TEST_FAILED_("%s is \"%s\", want it to contain \"%s\"", #got, got_ ? got_ : "(null)", want_); \
    } while (0)

/* A check that a helper decides itself: counted, and failed unless ok (the
 * helper says why on stderr). Returns ok. */
TEST_FN bool test_check(bool ok)
{
    test_checks_in_fn++;
    if (!ok) test_checks_failed_in_fn++;
    return ok;
}

TEST_FN void test_begin_(void)
{
    test_checks_in_fn = 0;
    test_checks_failed_in_fn = 0;
}

/* Prints the TAP line of the test that just ran; skip_reason marks it
 * skipped instead. */
TEST_FN void test_end_(const char *name, const char *skip_reason)
{
    test_fns_run++;
    if (skip_reason) {
        printf("ok %d - %s # SKIP %s\n", test_fns_run, name, skip_reason);
        return;
    }
    bool no_check = test_checks_in_fn == 0 && test_checks_failed_in_fn == 0;
    if (no_check) fprintf(stderr, "  %s made no check\n", name);
    if (test_checks_failed_in_fn || no_check) {
        test_fns_failed++;
        printf("not ok %d - %s%s\n", test_fns_run, name, no_check ? " (made no check)" : "");
    } else {
        printf("ok %d - %s\n", test_fns_run, name);
    }
    fflush(stdout);
}

TEST_FN void test_run_(const char *name, void (*fn)(void))
{
    test_begin_();
    fn();
    test_end_(name, NULL);
}

#define RUN(fn) test_run_(#fn, fn)

/* ---- Store-backed tests ---------------------------------------------------- */

typedef struct {
    const char *name; /* "sqlite" or "postgresql" */
    bool pg;
    char where[1024]; /* a file path or a URI, as store_open takes it */
} TestDb;

static TestDb test_db;
static Store *test_st_; /* the store RUN_STORES gave the test; closed after it */
static char test_sqlite_dir[512];
static int test_db_serial;

/* Opens test_db (migrating it) and checks that it opened; NULL if not. */
TEST_FN Store *test_store_open(void)
{
    Store *s = NULL;
    char err[512] = "";
    int rc = store_open(test_db.where, true, &s, err, sizeof err);
    CHECK_INT(rc, STORE_OK);
    if (!s) {
        fprintf(stderr, "  cannot open the %s database: %s\n", test_db.name, err);
        return NULL;
    }
    CHECK_INT(store_migrate(s), STORE_OK);
    return s;
}

/* Closes *s and opens its database again, as the program's next run would. */
TEST_FN void test_store_reopen(Store **s)
{
    bool given = *s == test_st_;
    store_close(*s);
    *s = test_store_open();
    if (given) test_st_ = *s;
}

/* Runs one statement on the server at uri; false (and why on stderr) if it failed. */
TEST_FN bool test_pg_exec_(const char *uri, const char *sql)
{
    PGconn *c = PQconnectdb(uri);
    bool ok = PQstatus(c) == CONNECTION_OK;
    if (ok) {
        PGresult *r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
    }
    if (!ok) fprintf(stderr, "  PostgreSQL (%s): %s", sql, PQerrorMessage(c));
    PQfinish(c);
    return ok;
}

/* Runs sql on the test's database over a connection of its own (a trigger
 * that makes a table refuse writes, say): the statement for its backend. */
TEST_FN void test_db_exec(const char *sqlite_sql, const char *pg_sql)
{
    if (test_db.pg) {
        CHECK(test_pg_exec_(test_db.where, pg_sql));
        return;
    }
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(test_db.where, &db), SQLITE_OK);
    /* Wait for the lock as the store's own connections do: a writer thread
     * under test (the read trail's) may hold it for a moment. */
    sqlite3_busy_timeout(db, 5000);
    char *err = NULL;
    CHECK_INT(sqlite3_exec(db, sqlite_sql, NULL, NULL, &err), SQLITE_OK);
    if (err) fprintf(stderr, "  SQLite (%s): %s\n", sqlite_sql, err);
    sqlite3_free(err);
    sqlite3_close(db);
}

/* Points test_db at a new, empty database of the backend; false if there is none. */
TEST_FN bool test_db_create_(bool pg, const char *pg_uri, char *dbname, size_t dbname_len)
{
    test_db.pg = pg;
    test_db.name = pg ? "postgresql" : "sqlite";
    test_db_serial++;
    if (!pg) {
        if (!test_sqlite_dir[0]) {
            const char *tmp = getenv("TMPDIR");
            snprintf(test_sqlite_dir, sizeof test_sqlite_dir, "%s/oversight-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
            if (!mkdtemp(test_sqlite_dir)) {
                perror("  mkdtemp");
                test_sqlite_dir[0] = 0;
                return false;
            }
        }
        snprintf(test_db.where, sizeof test_db.where, "%s/t%d.db", test_sqlite_dir, test_db_serial);
        return true;
    }
    snprintf(dbname, dbname_len, "oversight_unit_%ld_%d", (long)getpid(), test_db_serial);
    char sql[160];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
    if (!test_pg_exec_(pg_uri, sql)) return false;
    /* A dbname parameter overrides the URI's own database. */
    snprintf(test_db.where, sizeof test_db.where, "%s%cdbname=%s", pg_uri, strchr(pg_uri, '?') ? '&' : '?', dbname);
    return true;
}

TEST_FN void test_db_drop_(const char *pg_uri, const char *dbname)
{
    if (test_db.pg) {
        char sql[160];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
        test_pg_exec_(pg_uri, sql);
        return;
    }
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s%s", test_db.where, suffixes[i]);
        unlink(path);
    }
}

TEST_FN void test_run_stores_(const char *fn_name, void (*fn)(Store *))
{
    const char *pg_uri = getenv("OVERSIGHT_TEST_PG");
    const char *no_pg = getenv("OVERSIGHT_TEST_NO_PG");
    bool pg_left_out = no_pg && strcmp(no_pg, "1") == 0;
    for (int pg = 0; pg <= 1; pg++) {
        char name[200], dbname[64] = "";
        snprintf(name, sizeof name, "%s [%s]", fn_name, pg ? "postgresql" : "sqlite");
        test_begin_();
        if (pg && (!pg_uri || !*pg_uri)) {
            if (pg_left_out) {
                test_end_(name, "PostgreSQL left out on purpose (OVERSIGHT_TEST_NO_PG=1)");
            } else {
                test_check(false);
                fprintf(stderr,
                        "  %s: OVERSIGHT_TEST_PG is not set: set it to a PostgreSQL URI, or "
                        "OVERSIGHT_TEST_NO_PG=1 to leave PostgreSQL out on purpose\n",
                        name);
                test_end_(name, NULL);
            }
            continue;
        }
        if (!test_db_create_(pg, pg_uri, dbname, sizeof dbname)) {
            test_check(false);
            fprintf(stderr, "  %s: cannot create a database\n", name);
            test_end_(name, NULL);
            continue;
        }
        test_st_ = test_store_open();
        if (test_st_) {
            int checks_before = test_checks_in_fn; /* opening is not the test's check */
            test_checks_in_fn = 0;
            fn(test_st_);
            if (test_checks_in_fn) test_checks_in_fn += checks_before;
            store_close(test_st_);
            test_st_ = NULL;
        }
        test_db_drop_(pg_uri, dbname);
        test_end_(name, NULL);
    }
}

#define RUN_STORES(fn) test_run_stores_(#fn, fn)

/* Prints the plan and returns main's exit status. */
#define TEST_DONE()                                     \
    do {                                                \
        if (test_sqlite_dir[0]) rmdir(test_sqlite_dir); \
        printf("1..%d\n", test_fns_run);                \
        return test_fns_failed ? 1 : 0;                 \
    } while (0)

#endif
