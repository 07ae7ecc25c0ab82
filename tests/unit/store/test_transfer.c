/* test_transfer.c: migrate's list of tables (COPY_TABLES and COPY_LINKS in
 * statements.h, as transfer.h describes them) against the schema itself, on
 * SQLite and on PostgreSQL (RUN_STORES, test.h): every table and column of the schema is copied or
 * left out on purpose, each column with the kind of its type, and the tables
 * keyed by an identity ref are the ones whose keys PostgreSQL is told of and
 * whose sequences are moved on. tests/cli/test_migrate.sh copies real rows. */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "store/store.h"
#include "test.h"
#include "store/transfer.h"
#include "core/util.h"

/* The kind a column of this declared type is copied as: 'i' or 't', '?' for
 * a type this test has not met (decide, then add it here). */
static char kind_of(const char *type)
{
    static const char *const integers[] = {"integer", "bigint", "smallint"};
    static const char *const texts[] = {"text", "date", "timestamp with time zone"};
    for (size_t i = 0; i < sizeof integers / sizeof *integers; i++)
        if (strcasecmp(type, integers[i]) == 0) return 'i';
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (strcasecmp(type, texts[i]) == 0) return 't';
    return '?';
}

/* The position of column in "a, b, c", or -1. */
static int column_index(const char *columns, const char *column)
{
    size_t len = strlen(column);
    int i = 0;
    for (const char *c = columns; *c; i++) {
        while (*c == ' ') c++;
        size_t n = strcspn(c, ", ");
        if (n == len && strncmp(c, column, len) == 0) return i;
        c += n;
        while (*c == ' ') c++;
        if (*c == ',') c++;
    }
    return -1;
}

static int count_columns(const char *columns)
{
    int n = 1;
    for (const char *c = columns; *c; c++) n += *c == ',';
    return n;
}

static const TransferTable *find(const TransferTable *tables, int n, const char *name)
{
    for (int t = 0; t < n; t++)
        if (strcmp(tables[t].name, name) == 0) return &tables[t];
    return NULL;
}

static bool not_copied(const char *name)
{
    for (int i = 0; transfer_not_copied[i]; i++)
        if (strcmp(transfer_not_copied[i], name) == 0) return true;
    return false;
}

typedef struct {
    char text[4096];
    size_t len;
    int count;
} Problems;

static void problem(Problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(Problems *p, const char *fmt, ...)
{
    p->count++;
    if (p->len + 1 >= sizeof p->text) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p->text + p->len, sizeof p->text - p->len - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    p->len += (size_t)n < sizeof p->text - p->len - 1 ? (size_t)n : sizeof p->text - p->len - 2;
    p->text[p->len++] = '\n';
    p->text[p->len] = 0;
}

/* Compares the schema of s with tables (and transfer_links); each
 * difference is counted and described in p. */
static void compare(Store *s, const TransferTable *tables, int ntables, Problems *p)
{
    enum { MAX_TABLES = 64, MAX_COLUMNS = 32 };
    bool seen[MAX_TABLES][MAX_COLUMNS] = {{false}};
    CHECK(ntables <= MAX_TABLES);
    char missing_table[128] = "";
    StoreRows *r = store_query(s, STMT_COPY_SCHEMA, NULL, 0);
    CHECK(r != NULL);
    if (!r) return;
    int got;
    while ((got = store_next(r)) == 1) {
        const char *table = store_col_text(r, 0, NULL);
        const char *column = store_col_text(r, 1, NULL);
        const char *type = store_col_text(r, 2, NULL);
        char kind = kind_of(type);
        if (not_copied(table)) continue;
        const TransferTable *t = find(tables, ntables, table);
        if (!t) {
            if (strcmp(missing_table, table) != 0)
                problem(p, "table %s is not copied: add it to COPY_TABLES (statements.h)", table);
            snprintf(missing_table, sizeof missing_table, "%s", table);
            continue;
        }
        const TransferTable *in = t;
        int c = column_index(t->columns, column);
        if (c >= 0 && c < MAX_COLUMNS) {
            seen[t - tables][c] = true;
        } else {
            for (int l = 0; c < 0 && l < LINKS_COUNT; l++)
                if (strcmp(transfer_links[l].name, table) == 0) {
                    in = &transfer_links[l];
                    c = column_index(in->columns, column);
                }
            if (c < 0) {
                problem(p, "%s.%s is not copied: add it to its row of COPY_TABLES", table, column);
                continue;
            }
        }
        if (kind == '?') {
            problem(p, "%s.%s has a type this test does not know: %s", table, column, type);
        } else if (in->kinds[c] != kind) {
            problem(p, "%s.%s: kind '%c' in COPY_TABLES, but its type is %s ('%c')", table, column, in->kinds[c], type,
                    kind);
        }
        if (!store_col_null(r, 3)) {
            bool identity = store_col_int(r, 3) != 0;
            bool said = t->identity && strcmp(column, "ref") == 0;
            if (identity && !said)
                problem(p, "%s.%s is an identity column: the table's KEY must be IDENTITY", table, column);
            if (!identity && said)
                problem(p, "%s.%s is not an identity column: the table's KEY must be OWN", table, column);
        }
    }
    CHECK_INT(got, 0);
    store_rows_close(r);
    for (int t = 0; t < ntables; t++)
        for (int c = 0; c < count_columns(tables[t].columns) && c < MAX_COLUMNS; c++)
            if (!seen[t][c])
                problem(p, "%s: column %d of \"%s\" (COPY_TABLES) is not in the schema", tables[t].name, c + 1,
                        tables[t].columns);
}

/* Every table and column of both schemas is accounted for. */
static void test_schema_covered(Store *s)
{
    Problems p = {.len = 0};
    compare(s, transfer_tables, TABLE_COUNT, &p);
    if (p.count) fprintf(stderr, "%s", p.text);
    CHECK_INT(p.count, 0);
}

/* The comparison notices a table left out, a wrong kind, a wrong key, and a
 * column the list does not name. */
static void test_schema_differences_found(Store *s)
{
    TransferTable tables[TABLE_COUNT];
    memcpy(tables, transfer_tables, sizeof tables);
    tables[TABLE_INBOX].kinds = "iiittt";    /* read_at is an integer */
    tables[TABLE_BOOKINGS].identity = false; /* bookings.ref is an identity column */
    Problems p = {.len = 0};
    compare(s, tables, TABLE_COUNT - 1, &p); /* without the last */
    int want = test_db.pg ? 3 : 2;           /* SQLite has no identity columns */
    CHECK_INT(p.count, want);
    char left_out[96];
    strfmt(left_out, sizeof left_out, "table %s is not copied", transfer_tables[TABLE_COUNT - 1].name);
    CHECK_HAS(p.text, left_out);
    CHECK_HAS(p.text, "inbox.read_at: kind 't' in COPY_TABLES");
    if (test_db.pg) CHECK_HAS(p.text, "bookings.ref is an identity column");
    if (p.count != want) fprintf(stderr, "%s", p.text);
}

/* A column added to the schema but not to the list. */
static void test_new_column_found(Store *s)
{
    static const char alter[] = "ALTER TABLE inbox ADD COLUMN pinned INTEGER";
    if (test_db.pg) {
        PGconn *c = PQconnectdb(test_db.where);
        PGresult *r = PQexec(c, alter);
        CHECK_INT(PQresultStatus(r), PGRES_COMMAND_OK);
        PQclear(r);
        PQfinish(c);
    } else {
        sqlite3 *db;
        CHECK_INT(sqlite3_open(test_db.where, &db), SQLITE_OK);
        CHECK_INT(sqlite3_exec(db, alter, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
    }
    test_store_reopen(&s);
    Problems p = {.len = 0};
    compare(s, transfer_tables, TABLE_COUNT, &p);
    CHECK_INT(p.count, 1);
    CHECK_HAS(p.text, "inbox.pinned is not copied");
}

/* One kind per column, in every row (transfer.c also checks this as it compiles). */
static void test_kinds_per_column(void)
{
    for (int t = 0; t < TABLE_COUNT; t++)
        CHECK_INT(strlen(transfer_tables[t].kinds), count_columns(transfer_tables[t].columns));
    for (int l = 0; l < LINKS_COUNT; l++)
        CHECK_INT(strlen(transfer_links[l].kinds), count_columns(transfer_links[l].columns));
    CHECK_STR(transfer_tables[TABLE_CASE_NOTES].columns,
              "ref, case_ref, session_ref, record_ref, version, date, written_by_ref, written_at, prompts,"
              " synopsis, analysis, decision, rationale, tasks, departs, departure, checklist, origin_ref, changed,"
              " withdrawn");
}

int main(void)
{
    RUN(test_kinds_per_column);
    RUN_STORES(test_schema_covered);
    RUN_STORES(test_schema_differences_found);
    RUN_STORES(test_new_column_found);
    TEST_DONE();
}
