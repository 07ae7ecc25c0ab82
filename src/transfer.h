/* transfer.h: copying a whole organisation from one store to another
 * (oversight migrate), e.g. from a SQLite file to PostgreSQL.
 *
 * Every row of every table is copied as it is, keys included, in one
 * transaction on the target, which must be empty: either the whole
 * organisation arrives or nothing does. Signed-in web sessions and failed
 * sign-ins are not copied: everyone signs in afresh on the new database. The source is held still meanwhile
 * (its write lock), so the copy is of one moment. */
#ifndef OV_TRANSFER_H
#define OV_TRANSFER_H

#include <stdint.h>

#include "store.h"

/* The tables, in the order they are copied. */
enum {
    TABLE_SETTINGS,
    TABLE_IMPORTS,
    TABLE_SERVICES,
    TABLE_TEAMS,
    TABLE_STAFF,
    TABLE_CASES,
    TABLE_SESSIONS,
    TABLE_ATTENDEES,
    TABLE_DISCUSSIONS,
    TABLE_USERS,
    TABLE_USER_ROLES,
    TABLE_AUDIT_LOG,
    TABLE_COUNT
};

/* A table's name, for messages. */
const char *transfer_table_name(int table);

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
