/* statements.c: expands the statement table of statements.h. */
#include "store/statements.h"

#include <stddef.h>

#define STMT_TEXT(name, sql) [STMT_##name] = {#name, sql, sql},
#define STMT2_TEXT(name, sqlite, pg) [STMT_##name] = {#name, sqlite, pg},
static const struct {
    const char *name;
    const char *sqlite;
    const char *pg;
} table[STMT_COUNT] = {STATEMENTS(STMT_TEXT, STMT2_TEXT)};

const char *stmt_sql(StmtId id, Dialect d) { return d == DIALECT_POSTGRESQL ? table[id].pg : table[id].sqlite; }

const char *stmt_name(StmtId id) { return table[id].name; }
