/* test_bulk.c: store_bulk_* on both backends (RUN_STORES): rows written
 * and looked up in bulk arrive exactly as given (on PostgreSQL they travel
 * as COPY text both ways, so tabs, newlines, backslashes and a literal \N
 * must survive escaping), enough rows to be sent in several chunks, a
 * failing row fails the transaction whole, and a lookup outside a
 * transaction leaves none open. */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "test.h"
#include "core/util.h"

enum { MANY = 30000 }; /* rows enough to pass PostgreSQL's 1 MiB chunk */

static const char *const odd_ids[] = {"tab\there", "new\nline", "back\\slash", "\\N", "\\", "cr\rlf", "Zoë–✓", "N"};
enum { NODD = sizeof odd_ids / sizeof *odd_ids };

static int64_t add_worker(Store *s)
{
    Param p[] = {P_STR("W1"), P_STR("Worker One"), P_NULL,         P_STR("social-worker"),
                 P_NULL,      P_STR("2024-01-01"), P_INT(1000000), P_NULL};
    StmtId up = STMT_IMPORT_STAFF_UPSERT;
    StoreBulk *b = store_bulk_begin(s, &up, 1, 8, NULL, NULL);
    store_bulk_add(b, p);
    CHECK_INT(store_bulk_end(b, true), STORE_OK);
    Param id[] = {P_STR("W1")};
    int64_t ref = 0;
    CHECK_INT(store_query_int(s, STMT_STAFF_FIND, id, 1, &ref), 1);
    return ref;
}

/* Writes the cases named by ids (n of them) in one bulk, in the open
 * transaction. */
static int write_cases(Store *s, const char *const *ids, int n, int64_t worker)
{
    StmtId up = STMT_IMPORT_CASE_UPSERT;
    StoreBulk *b = store_bulk_begin(s, &up, 1, 7, NULL, NULL);
    for (int i = 0; i < n; i++) {
        Param row[] = {P_STR(ids[i]),
                       P_STR("child-in-need"),
                       P_INT(worker),
                       P_STR("2025-01-10"),
                       P_NULL,
                       i % 2 ? P_STR("2w") : P_NULL,
                       P_STR("a name with\ta tab")};
        store_bulk_add(b, row);
    }
    return store_bulk_end(b, true);
}

typedef struct {
    int found[NODD + 2];
    int rows;
    int64_t refs_sum;
} Seen;

static void seen_row(void *ctx, StoreRows *r)
{
    Seen *seen = ctx;
    size_t n;
    const char *id = store_col_text(r, 0, &n);
    seen->rows++;
    seen->refs_sum += store_col_int(r, 1);
    for (int i = 0; i < NODD; i++)
        if (strlen(odd_ids[i]) == n && memcmp(odd_ids[i], id, n) == 0) seen->found[i]++;
}

static void test_round_trip(Store *s)
{
    CHECK_INT(store_begin(s), STORE_OK);
    int64_t worker = add_worker(s);
    CHECK_INT(write_cases(s, odd_ids, NODD, worker), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);

    /* Written exactly: each found by its id through an ordinary statement. */
    for (int i = 0; i < NODD; i++) {
        int64_t ref = 0;
        Param p[] = {P_STR(odd_ids[i])};
        CHECK_INT(store_query_int(s, STMT_CASE_FIND, p, 1, &ref), 1);
    }
    /* Looked up in bulk, outside a transaction: every id comes back as it
     * went, and ids that name nothing give no row. */
    Seen seen = {0};
    StmtId q = STMT_IMPORT_CASE_REFS;
    StoreBulk *b = store_bulk_begin(s, &q, 1, 1, seen_row, &seen);
    for (int i = 0; i < NODD; i++) {
        Param row[] = {P_STR(odd_ids[i])};
        CHECK_INT(store_bulk_add(b, row), STORE_OK);
    }
    Param none[] = {P_STR("no such case")};
    store_bulk_add(b, none);
    CHECK_INT(store_bulk_end(b, true), STORE_OK);
    CHECK_INT(seen.rows, NODD);
    for (int i = 0; i < NODD; i++) CHECK_INT(seen.found[i], 1);
    /* No transaction was left open: a write begins and commits. */
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
}

static void test_many_rows(Store *s)
{
    CHECK_INT(store_begin(s), STORE_OK);
    int64_t worker = add_worker(s);
    static char ids[MANY][16];
    static const char *idp[MANY];
    for (int i = 0; i < MANY; i++) {
        snprintf(ids[i], sizeof ids[i], "C%05d", i);
        idp[i] = ids[i];
    }
    CHECK_INT(write_cases(s, idp, MANY, worker), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    Seen seen = {0};
    StmtId q = STMT_IMPORT_CASE_REFS;
    StoreBulk *b = store_bulk_begin(s, &q, 1, 1, seen_row, &seen);
    for (int i = 0; i < MANY; i += 3) {
        Param row[] = {P_STR(idp[i])};
        store_bulk_add(b, row);
    }
    CHECK_INT(store_bulk_end(b, true), STORE_OK);
    CHECK_INT(seen.rows, (MANY + 2) / 3);
}

/* A row the database refuses (a worker that does not exist), among good
 * ones: the bulk fails, the commit is refused, nothing is saved. */
static void test_failure_saves_nothing(Store *s)
{
    CHECK_INT(store_begin(s), STORE_OK);
    int64_t worker = add_worker(s);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(store_begin(s), STORE_OK);
    StmtId up = STMT_IMPORT_CASE_UPSERT;
    StoreBulk *b = store_bulk_begin(s, &up, 1, 7, NULL, NULL);
    for (int i = 0; i < 2000; i++) {
        char id[16];
        snprintf(id, sizeof id, "C%d", i);
        Param row[] = {P_STR(id),
                       P_STR("child-in-need"),
                       P_INT(i == 1500 ? worker + 1000 : worker),
                       P_STR("2025-01-10"),
                       P_NULL,
                       P_NULL,
                       P_NULL};
        store_bulk_add(b, row);
    }
    CHECK(store_bulk_end(b, true) < 0);
    CHECK(store_commit(s) != STORE_OK);
    store_rollback(s);
    int64_t ref = 0;
    Param p[] = {P_STR("C1")};
    CHECK_INT(store_query_int(s, STMT_CASE_FIND, p, 1, &ref), 0);
}

int main(void)
{
    RUN_STORES(test_round_trip);
    RUN_STORES(test_many_rows);
    RUN_STORES(test_failure_saves_nothing);
    TEST_DONE();
}
