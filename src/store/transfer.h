/* transfer.h: copying a whole organisation from one store to another
 * (oversight migrate), e.g. from a SQLite file to PostgreSQL.
 *
 * Every row of every table is copied as it is, keys included, in one
 * transaction on the target, which must be empty: either the whole
 * organisation arrives or nothing does. Signed-in web sessions and failed
 * sign-ins are not copied: everyone signs in afresh on the new database. The
 * source is read from one snapshot (store_begin_read), so the copy is of one
 * moment, and without its write lock, so whoever uses it can go on writing. The tables and their columns are listed
 * once, in statements.h (COPY_TABLES). */
#ifndef OV_TRANSFER_H
#define OV_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* The tables, in the order they are copied: TABLE_SETTINGS, TABLE_IMPORTS, ... */
#define TRANSFER_TABLE_ENUM(A, B, NAME, ...) TABLE_##NAME,
enum { COPY_TABLES(TRANSFER_TABLE_ENUM, , ) TABLE_COUNT };
#define TRANSFER_LINKS_ENUM(A, B, NAME, ...) LINKS_##NAME,
enum { COPY_LINKS(TRANSFER_LINKS_ENUM, , ) LINKS_COUNT };
#undef TRANSFER_TABLE_ENUM
#undef TRANSFER_LINKS_ENUM

/* How one table is copied (one row of COPY_TABLES or COPY_LINKS). */
typedef struct {
    const char *name;    /* the table's name in the schema */
    const char *columns; /* "ref, kind, ...": read and written in this order */
    const char *kinds;   /* one letter per column: 'i' integer, 't' text */
    bool identity;       /* its key is an identity column ref */
    StmtId read, write;
} TransferTable;

extern const TransferTable transfer_tables[TABLE_COUNT];
/* Links that may point forward in key order, copied once every row is in:
 * the columns after the first (the key) are set by the write statement. */
extern const TransferTable transfer_links[LINKS_COUNT];

/* Tables not copied on purpose (NULL-terminated): signed-in sessions, failed
 * sign-ins, the schema's own bookkeeping, and the search indexes (derived,
 * filled by the target's triggers). */
extern const char *const transfer_not_copied[];

/* Rows per table, read in one statement. */
int transfer_counts(Store *s, int64_t counts[TABLE_COUNT]);

typedef enum {
    TRANSFER_OK = 0,
    TRANSFER_REFUSED = 1, /* target not empty, or source schema not current: nothing changed */
    TRANSFER_ENV = 3,     /* a store failed: nothing changed on the target */
} TransferResult;

/* Copies everything in from to to (both open; to's schema is brought up to
 * date first). counts gets the rows copied per table. On failure err says
 * why, naming the table. */
TransferResult transfer_copy(Store *from, Store *to, int64_t counts[TABLE_COUNT], char *err, size_t errlen);

#endif
