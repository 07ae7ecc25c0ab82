/* test_store_reconnect.c: a PostgreSQL connection lost while idle (the
 * server restarted, the backend ended by pg_terminate_backend) is
 * re-established before its next statement, unnoticed by the caller; one
 * lost in the middle of a transaction fails the transaction, whole, as
 * unavailable (store_unavailable), and the connection works again after;
 * while the server cannot be reached every use fails unavailable, and the
 * same connection works once it can. SQLite has no connection to lose: the
 * same steps run there, with nothing ended, and must simply work. A server
 * that takes the connection but never answers is given up on after
 * STORE_CONNECT_WAIT_S rather than waited for without end. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "core/util.h"
#include "store/store.h"
#include "test.h"

/* Runs head, the test database's name, tail, on the server's own database
 * (a connection to the test database may be refused). */
static void on_server(const char *head, const char *tail)
{
    char text[400];
    const char *name = strstr(test_db.where, "dbname=") + strlen("dbname=");
    strfmt(text, sizeof text, "%s%s%s", head, name, tail);
    CHECK(test_pg_exec_(getenv("OVERSIGHT_TEST_PG"), text));
}

/* Ends every backend of the test's database and waits until they are gone
 * (PostgreSQL; nothing on SQLite). */
static void end_other_backends(void)
{
    if (test_db.pg)
        on_server("DO $$ BEGIN PERFORM pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '",
                  "'; END $$");
}

static void put(Store *s, const char *key, const char *value, int want)
{
    CHECK_INT(store_begin(s), STORE_OK);
    Param p[] = {P_STR(key), P_STR(value)};
    CHECK_INT(store_exec(s, STMT_SETTING_PUT, p, 2, NULL), STORE_OK);
    CHECK_INT(store_commit(s), want);
    store_rollback(s);
}

/* The setting's value, "(none)", or "(failed)". */
static const char *get(Store *s, const char *key, char *out, size_t n)
{
    Param p[] = {P_STR(key)};
    StoreRows *r = store_query(s, STMT_SETTING_GET, p, 1);
    strfmt(out, n, "(failed)");
    if (!r) return out;
    int got = store_next(r);
    if (got == 1) strfmt(out, n, "%s", store_col_text(r, 0, NULL));
    if (got == 0) strfmt(out, n, "(none)");
    store_rows_close(r);
    return out;
}

/* Lost while idle, before a read, a write and a count: none notices. */
static void test_lost_while_idle(Store *st)
{
    char v[32];
    put(st, "k", "one", STORE_OK);
    CHECK_STR(get(st, "k", v, sizeof v), "one"); /* prepared: only its answer can fail */
    end_other_backends();
    CHECK_STR(get(st, "k", v, sizeof v), "one");
    end_other_backends();
    put(st, "k", "two", STORE_OK);
    CHECK_STR(get(st, "k", v, sizeof v), "two");
    end_other_backends();
    int64_t changes = -1;
    Param p[] = {P_STR("k"), P_STR("three")};
    CHECK_INT(store_exec(st, STMT_SETTING_PUT, p, 2, &changes), STORE_OK);
    CHECK_INT(changes, 1);
    CHECK(!store_unavailable(st));
}

/* Lost in the middle of a transaction: the transaction fails, unavailable,
 * and nothing of it is saved; the connection works again at once. */
static void test_lost_in_a_transaction(Store *st)
{
    char v[32];
    put(st, "k", "before", STORE_OK);
    CHECK_INT(store_begin(st), STORE_OK);
    Param a[] = {P_STR("k"), P_STR("half")}, b[] = {P_STR("other"), P_STR("half")};
    CHECK_INT(store_exec(st, STMT_SETTING_PUT, a, 2, NULL), STORE_OK);
    end_other_backends();
    int rc = store_exec(st, STMT_SETTING_PUT, b, 2, NULL);
    if (rc == STORE_OK) rc = store_commit(st);
    if (test_db.pg) {
        CHECK_INT(rc, STORE_ENV);
        CHECK(store_unavailable(st));
        CHECK(!store_busy(st));
    } else {
        CHECK_INT(rc, STORE_OK);
    }
    store_rollback(st);
    Store *other = test_store_open();
    if (test_db.pg) {
        CHECK_STR(get(other, "k", v, sizeof v), "before");
        CHECK_STR(get(other, "other", v, sizeof v), "(none)");
    }
    store_close(other);
    put(st, "k", "after", STORE_OK);
    CHECK_STR(get(st, "k", v, sizeof v), "after");
}

/* The web application's commit hook (its write key) runs a statement of
 * its own just before the commit: lost then, the commit still fails
 * unavailable, not as a refusal by the hook. */
static bool hook_put(Store *s, void *arg)
{
    (void)arg;
    int64_t changes = 0;
    Param p[] = {P_STR("hooked"), P_STR("yes")};
    return store_exec(s, STMT_SETTING_PUT, p, 2, &changes) == STORE_OK;
}

static void test_lost_before_the_commit_hook(Store *st)
{
    char v[32];
    store_set_commit_hook(st, hook_put, NULL);
    put(st, "k", "before", STORE_OK);
    CHECK_INT(store_begin(st), STORE_OK);
    Param a[] = {P_STR("k"), P_STR("half")};
    CHECK_INT(store_exec(st, STMT_SETTING_PUT, a, 2, NULL), STORE_OK);
    end_other_backends();
    int rc = store_commit(st);
    if (test_db.pg) {
        CHECK_INT(rc, STORE_ENV);
        CHECK(store_unavailable(st));
    } else {
        CHECK_INT(rc, STORE_OK);
    }
    store_rollback(st);
    store_set_commit_hook(st, NULL, NULL);
    CHECK_STR(get(st, "k", v, sizeof v), test_db.pg ? "before" : "half");
}

/* While the server takes no connections every use fails unavailable, at
 * once; the same connection works as soon as it does again. (A database
 * refusing connections stands in for a server that is down.) */
static void test_unreachable_then_back(Store *st)
{
    char v[32];
    put(st, "k", "kept", STORE_OK);
    if (test_db.pg) {
        CHECK_STR(get(st, "k", v, sizeof v), "kept");
        on_server("ALTER DATABASE ", " ALLOW_CONNECTIONS false");
        end_other_backends();
        CHECK_STR(get(st, "k", v, sizeof v), "(failed)");
        CHECK(store_unavailable(st));
        CHECK_INT(store_begin(st), STORE_ENV);
        CHECK(store_unavailable(st));
        store_rollback(st);
        on_server("ALTER DATABASE ", " ALLOW_CONNECTIONS true");
    }
    CHECK_STR(get(st, "k", v, sizeof v), "kept");
    put(st, "k", "again", STORE_OK);
    CHECK_STR(get(st, "k", v, sizeof v), "again");
}

/* A listening socket nobody accepts from: the kernel completes the TCP
 * handshake, and the startup message is never answered. */
static void test_connect_gives_up(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fd, 8) == 0 &&
          getsockname(fd, (struct sockaddr *)&a, &len) == 0);
    char uri[100], err[1024] = "";
    strfmt(uri, sizeof uri, "postgresql://postgres@127.0.0.1:%u/x", (unsigned)ntohs(a.sin_port));
    Store *s = NULL;
    time_t start = time(NULL);
    CHECK_INT(store_open(uri, false, &s, err, sizeof err), STORE_ENV);
    long took = (long)(time(NULL) - start);
    CHECK(took >= STORE_CONNECT_WAIT_S - 1 && took <= STORE_CONNECT_WAIT_S + 3);
    CHECK_HAS(err, "cannot connect");
    CHECK_HAS(err, "timeout");
    close(fd);
}

int main(void)
{
    RUN(test_connect_gives_up);
    RUN_STORES(test_lost_while_idle);
    RUN_STORES(test_lost_in_a_transaction);
    RUN_STORES(test_lost_before_the_commit_hook);
    RUN_STORES(test_unreachable_then_back);
    TEST_DONE();
}
