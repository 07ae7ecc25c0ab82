/* transfer.c: oversight migrate's copy, table by table (see transfer.h).
 *
 * Each table is a pair of statements (read all in key order, insert with
 * keys) and the kinds of its columns, so values cross dialects as the target
 * expects: integers as integers, everything else as text. All of it comes
 * from one row per table in statements.h (COPY_TABLES), in an order that
 * satisfies the foreign keys. Staff rows name other staff (supervisor, line
 * manager) who may come later in key order, and teams name their manager, so
 * those links are copied in a last pass (COPY_LINKS). */
#include "store/transfer.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

/* Each row of COPY_TABLES and COPY_LINKS as a TransferTable. */
#define IDENTITY_IDENTITY true
#define IDENTITY_OWN false
#define TABLE_ROW(A, B, NAME, table, KEY, order, kinds, ...) \
    [TABLE_##NAME] = {#table, #__VA_ARGS__, kinds, IDENTITY_##KEY, STMT_COPY_##NAME##_READ, STMT_COPY_##NAME##_WRITE},
const TransferTable transfer_tables[TABLE_COUNT] = {COPY_TABLES(TABLE_ROW, , )};

#define LINKS_ROW(A, B, NAME, table, UPDATE, which, kinds, ...) \
    [LINKS_##NAME] = {#table, #__VA_ARGS__, kinds, false, STMT_COPY_##NAME##_READ, STMT_##UPDATE},
const TransferTable transfer_links[LINKS_COUNT] = {COPY_LINKS(LINKS_ROW, , )};

/* The search indexes (SQLite's full-text tables and their shadow tables,
 * 011_search.sql) are derived from staff and cases: the target's triggers
 * fill them as those rows are copied in. The generations
 * (016_scoped_generations.sql) are the target's own: its triggers move them
 * as the rows come in. */
const char *const transfer_not_copied[] = {"web_sessions",        "sign_in_failures",
                                           "password_links",      "schema_migrations",
                                           "data_generation",     "search_staff",
                                           "search_staff_data",   "search_staff_idx",
                                           "search_staff_config", "search_cases",
                                           "search_cases_data",   "search_cases_idx",
                                           "search_cases_config", "write_keys",
                                           "team_generation",     NULL};

/* A kind per column, and no more columns than a statement takes parameters. */
#define CHECK_ROW(A, B, NAME, table, KEY_OR_UPDATE, order_or_which, kinds, ...)                      \
    _Static_assert(sizeof(kinds) - 1 == COPY_NCOLUMNS(__VA_ARGS__), #table ": one kind per column"); \
    _Static_assert(COPY_NCOLUMNS(__VA_ARGS__) <= STORE_MAX_PARAMS, #table ": too many columns");
COPY_TABLES(CHECK_ROW, , )
COPY_LINKS(CHECK_ROW, , )

int transfer_counts(Store *s, int64_t counts[TABLE_COUNT])
{
    StoreRows *r = store_query(s, STMT_COPY_COUNTS, NULL, 0);
    if (!r) return STORE_ERROR;
    int rc = store_next(r);
    if (rc == 1)
        for (int t = 0; t < TABLE_COUNT; t++) counts[t] = store_col_int(r, t);
    store_rows_close(r);
    return rc == 1 ? STORE_OK : rc < 0 ? rc : STORE_ERROR;
}

/* The current row's columns as parameters of the insert. */
static void row_params(StoreRows *r, const char *kinds, Param *p)
{
    for (int c = 0; kinds[c]; c++) {
        if (store_col_null(r, c)) {
            p[c] = P_NULL;
        } else if (kinds[c] == 'i') {
            p[c] = P_INT(store_col_int(r, c));
        } else {
            size_t n;
            const char *s = store_col_text(r, c, &n);
            p[c] = P_TEXT(s, n);
        }
    }
}

/* Copies one table (or its links); STORE_OK or a store failure, described
 * in err. */
static int copy_table(Store *from, Store *to, const TransferTable *t, int64_t *copied, char *err, size_t errlen)
{
    int ncols = (int)strlen(t->kinds);
    Param p[STORE_MAX_PARAMS];
    StoreRows *r = store_query(from, t->read, NULL, 0);
    if (!r) {
        strfmt(err, errlen, "reading %s: %s", t->name, store_error(from));
        return STORE_ENV;
    }
    int got, rc = STORE_OK;
    while ((got = store_next(r)) == 1) {
        row_params(r, t->kinds, p);
        rc = store_exec(to, t->write, p, ncols, NULL);
        if (rc != STORE_OK) {
            strfmt(err, errlen, "writing %s: %s", t->name, store_error(to));
            break;
        }
        (*copied)++;
    }
    store_rows_close(r);
    if (rc == STORE_OK && got < 0) {
        strfmt(err, errlen, "reading %s: %s", t->name, store_error(from));
        rc = got;
    }
    return rc;
}

/* Both schemas current, the target empty. */
static TransferResult check_ends(Store *from, Store *to, char *err, size_t errlen)
{
    int version = 0;
    if (store_schema_version(from, &version) != STORE_OK) {
        strfmt(err, errlen, "the source: %s", store_error(from));
        return TRANSFER_ENV;
    }
    if (version != store_expected_version()) {
        strfmt(err, errlen,
               "the source's schema is version %d, this program's is %d: open it once with this"
               " version (e.g. oversight --db SOURCE init) and migrate again",
               version, store_expected_version());
        return TRANSFER_REFUSED;
    }
    if (store_migrate(to) != STORE_OK) {
        strfmt(err, errlen, "the target: cannot create the schema: %s", store_error(to));
        return TRANSFER_ENV;
    }
    int64_t there[TABLE_COUNT];
    if (transfer_counts(to, there) != STORE_OK) {
        strfmt(err, errlen, "the target: %s", store_error(to));
        return TRANSFER_ENV;
    }
    /* A new database's log, unnamed and empty (018_record_log.sql), is no
     * data: the copy replaces it with the source's. */
    int64_t fresh = 0;
    if (store_query_int(to, STMT_LOG_STATE_FRESH, NULL, 0, &fresh) < 0) {
        strfmt(err, errlen, "the target: %s", store_error(to));
        return TRANSFER_ENV;
    }
    there[TABLE_LOG_STATE] -= fresh;
    for (int t = 0; t < TABLE_COUNT; t++)
        if (there[t]) {
            strfmt(err, errlen, "the target is not empty (%lld rows in %s): migrate copies into an empty database",
                   (long long)there[t], transfer_tables[t].name);
            return TRANSFER_REFUSED;
        }
    return TRANSFER_OK;
}

TransferResult transfer_copy(Store *from, Store *to, int64_t counts[TABLE_COUNT], char *err, size_t errlen)
{
    memset(counts, 0, sizeof(int64_t) * TABLE_COUNT);
    TransferResult res = check_ends(from, to, err, errlen);
    if (res != TRANSFER_OK) return res;

    /* One snapshot of the source, read without its write lock: the
     * application using it goes on writing meanwhile, and what is copied is
     * the source as it was at one moment. The target is new and empty, so
     * holding its lock for the whole copy keeps no one waiting. */
    if (store_begin_read(from) != STORE_OK) {
        strfmt(err, errlen, "the source: %s", store_error(from));
        return TRANSFER_ENV;
    }
    if (store_begin(to) != STORE_OK) {
        strfmt(err, errlen, "the target: %s", store_error(to));
        store_rollback(from);
        return TRANSFER_ENV;
    }
    int rc = store_exec(to, STMT_LOG_STATE_CLEAR_FRESH, NULL, 0, NULL);
    if (rc != STORE_OK) strfmt(err, errlen, "the target: %s", store_error(to));
    for (int t = 0; t < TABLE_COUNT && rc == STORE_OK; t++)
        rc = copy_table(from, to, &transfer_tables[t], &counts[t], err, errlen);
    for (int l = 0; l < LINKS_COUNT && rc == STORE_OK; l++) {
        int64_t linked = 0;
        rc = copy_table(from, to, &transfer_links[l], &linked, err, errlen);
    }
    if (rc == STORE_OK) {
        int64_t ignored;
        rc = store_query_int(to, STMT_COPY_RENUMBER, NULL, 0, &ignored);
        rc = rc < 0 ? rc : STORE_OK;
        if (rc) strfmt(err, errlen, "renumbering the target's keys: %s", store_error(to));
    }
    if (rc == STORE_OK && (rc = store_commit(to)) != STORE_OK) strfmt(err, errlen, "the target: %s", store_error(to));
    store_rollback(to);
    store_rollback(from);
    if (rc != STORE_OK) memset(counts, 0, sizeof(int64_t) * TABLE_COUNT);
    return rc == STORE_OK ? TRANSFER_OK : TRANSFER_ENV;
}
