/* test_write_key.c: one-time write keys (svc/write_key.h) on both
 * databases: a key is taken by the first change committed under it, in
 * that change's transaction; a later change under it is refused and saves
 * nothing; a change that saved nothing leaves it free; keys are each
 * account's, and forgotten after a day. (Over HTTP: tests/cli/test_retry.sh.) */
#include <string.h>

#include "svc/accounts.h"
#include "svc/write_key.h"
#include "test.h"

static const int64_t T0 = 1790000000;
static const char KEY[] = "k3y-0f_the-f0rm-abcdefgh";

/* A change: a setting written and committed; the commit's code. */
static int change(Store *st, const char *name, const char *value)
{
    Param p[] = {P_STR(name), P_STR(value)};
    int rc = store_begin(st);
    if (rc == STORE_OK) rc = store_exec(st, STMT_SETTING_PUT, p, 2, NULL);
    if (rc == STORE_OK) rc = store_commit(st);
    store_rollback(st);
    return rc;
}

static bool setting_is(Store *st, const char *name, const char *want)
{
    Param p[] = {P_STR(name)};
    StoreRows *r = store_query(st, STMT_SETTING_GET, p, 1);
    bool same = r && store_next(r) == 1 && strcmp(store_col_text(r, 0, NULL), want) == 0;
    store_rows_close(r);
    return same;
}

static int64_t user(Store *st, const char *name)
{
    char err[256];
    CHECK(accounts_init());
    CHECK_INT(account_add(st, name, NULL, "a long enough password", NULL, 0, err, sizeof err), ACCOUNT_OK);
    Param p[] = {P_STR(name)};
    int64_t ref = 0;
    CHECK_INT(store_query_int(st, STMT_USER_FIND, p, 1, &ref), 1);
    return ref;
}

static void test_valid(void)
{
    CHECK(write_key_valid(KEY));
    CHECK(!write_key_valid(NULL));
    CHECK(!write_key_valid(""));
    CHECK(!write_key_valid("short"));
    CHECK(!write_key_valid("with a space in it, long enough"));
    CHECK(!write_key_valid("0123456789012345678901234567890123456789012345678901234567890123456789"));
}

static void test_once(Store *st)
{
    int64_t ada = user(st, "ada"), bo = user(st, "bo");
    char answer[WRITE_KEY_ANSWER_MAX + 1];
    CHECK_INT(write_key_taken(st, ada, KEY, answer, sizeof answer), SVC_NOT_FOUND);

    /* The first change takes the key, and keeps where it sent the browser. */
    WriteKey k;
    write_key_arm(&k, st, ada, KEY, T0);
    CHECK_INT(change(st, "s", "first"), STORE_OK);
    write_key_disarm(&k, "/bookings/1");
    CHECK(k.taken && !k.repeated);
    CHECK_INT(write_key_taken(st, ada, KEY, answer, sizeof answer), SVC_OK);
    CHECK_STR(answer, "/bookings/1");

    /* Sent again (past the first look, as two at once): refused, nothing saved. */
    write_key_arm(&k, st, ada, KEY, T0 + 1);
    CHECK_INT(change(st, "s", "second"), STORE_ERROR);
    write_key_disarm(&k, "/bookings/2");
    CHECK(k.repeated && !k.taken);
    CHECK(setting_is(st, "s", "first"));
    CHECK_INT(write_key_taken(st, ada, KEY, answer, sizeof answer), SVC_OK);
    CHECK_STR(answer, "/bookings/1");

    /* Another account's key is its own. */
    write_key_arm(&k, st, bo, KEY, T0 + 2);
    CHECK_INT(change(st, "t", "bo's"), STORE_OK);
    write_key_disarm(&k, "//elsewhere.example"); /* not a path of this site: not kept */
    CHECK(k.taken);
    CHECK_INT(write_key_taken(st, bo, KEY, answer, sizeof answer), SVC_OK);
    CHECK_STR(answer, "");

    /* A change that saves nothing leaves the key free. */
    static const char other[] = "an0ther-key-0f-a-f0rm";
    write_key_arm(&k, st, ada, other, T0 + 3);
    CHECK_INT(store_begin(st), STORE_OK);
    store_rollback(st);
    write_key_disarm(&k, "/x");
    CHECK(!k.taken);
    CHECK_INT(write_key_taken(st, ada, other, answer, sizeof answer), SVC_NOT_FOUND);

    /* Only the request's first commit takes it; a second commits as ever. */
    write_key_arm(&k, st, ada, other, T0 + 4);
    CHECK_INT(change(st, "u", "1"), STORE_OK);
    CHECK_INT(change(st, "u", "2"), STORE_OK);
    write_key_disarm(&k, NULL);
    CHECK(setting_is(st, "u", "2"));

    /* A day on, old keys are forgotten when another is taken. */
    static const char later[] = "a-key-0f-the-next-day";
    write_key_arm(&k, st, ada, later, T0 + WRITE_KEY_KEEP + 10);
    CHECK_INT(change(st, "v", "1"), STORE_OK);
    write_key_disarm(&k, NULL);
    CHECK_INT(write_key_taken(st, ada, KEY, answer, sizeof answer), SVC_NOT_FOUND);
    CHECK_INT(write_key_taken(st, ada, later, answer, sizeof answer), SVC_OK);
}

int main(void)
{
    RUN(test_valid);
    RUN_STORES(test_once);
    TEST_DONE();
}
