/* transfer.c: oversight migrate's copy, table by table (see transfer.h).
 *
 * Each table is a pair of statements (read all in key order, insert with
 * keys) and the kinds of its columns, so values cross dialects as the target
 * expects: integers as integers, everything else as text. Staff rows name
 * other staff (supervisor, line manager) who may come later in key order, and
 * teams name their manager, so those links are copied in a second pass. */
#include "transfer.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

typedef struct {
    const char *name;
    StmtId read, write;
    const char *kinds; /* one letter per column: 'i' integer, 't' text */
} Table;

static const Table tables[TABLE_COUNT] = {
    [TABLE_SETTINGS] = {"settings", STMT_COPY_SETTINGS_READ, STMT_COPY_SETTINGS_WRITE, "tt"},
    [TABLE_IMPORTS] = {"imports", STMT_COPY_IMPORTS_READ, STMT_COPY_IMPORTS_WRITE, "ittit"},
    [TABLE_SERVICES] = {"services", STMT_COPY_SERVICES_READ, STMT_COPY_SERVICES_WRITE, "it"},
    [TABLE_TEAMS] = {"teams", STMT_COPY_TEAMS_READ, STMT_COPY_TEAMS_WRITE, "iti"},
    [TABLE_STAFF] = {"staff", STMT_COPY_STAFF_READ, STMT_COPY_STAFF_WRITE, "ittttitit"},
    [TABLE_CASES] = {"cases", STMT_COPY_CASES_READ, STMT_COPY_CASES_WRITE, "ittittt"},
    [TABLE_SESSIONS] = {"sessions", STMT_COPY_SESSIONS_READ, STMT_COPY_SESSIONS_WRITE, "ittitt"},
    [TABLE_ATTENDEES] = {"attendees", STMT_COPY_ATTENDEES_READ, STMT_COPY_ATTENDEES_WRITE, "iiti"},
    [TABLE_DISCUSSIONS] = {"discussions", STMT_COPY_DISCUSSIONS_READ, STMT_COPY_DISCUSSIONS_WRITE, "iiti"},
    [TABLE_USERS] = {"users", STMT_COPY_USERS_READ, STMT_COPY_USERS_WRITE, "ititiiitiii"},
    [TABLE_USER_ROLES] = {"user roles", STMT_COPY_USER_ROLES_READ, STMT_COPY_USER_ROLES_WRITE, "itt"},
    [TABLE_AUDIT_LOG] = {"audit log", STMT_COPY_AUDIT_LOG_READ, STMT_COPY_AUDIT_LOG_WRITE, "iiitt"},
};

#define MAX_COLUMNS 11

const char *transfer_table_name(int table) { return tables[table].name; }

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

/* Copies one table; STORE_OK or a store failure, described in err. */
static int copy_table(Store *from, Store *to, const Table *t, int64_t *copied, char *err, size_t errlen)
{
    int ncols = (int)strlen(t->kinds);
    Param p[MAX_COLUMNS];
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

/* Links to rows that may come later in key order, copied once those exist:
 * staff to their supervisor and line manager, teams to their manager. */
typedef struct {
    const char *name;
    StmtId read, write;
    const char *kinds;
} Links;

static const Links staff_links = {"staff links", STMT_COPY_STAFF_LINKS_READ, STMT_STAFF_SET_MANAGERS, "iii"};
static const Links team_managers = {"team managers", STMT_COPY_TEAM_MANAGERS_READ, STMT_TEAM_SET_MANAGER, "ii"};

static int copy_links(Store *from, Store *to, const Links *l, char *err, size_t errlen)
{
    StoreRows *r = store_query(from, l->read, NULL, 0);
    if (!r) {
        strfmt(err, errlen, "reading %s: %s", l->name, store_error(from));
        return STORE_ENV;
    }
    Param p[3];
    int got, rc = STORE_OK;
    while ((got = store_next(r)) == 1) {
        row_params(r, l->kinds, p);
        rc = store_exec(to, l->write, p, (int)strlen(l->kinds), NULL);
        if (rc != STORE_OK) {
            strfmt(err, errlen, "writing %s: %s", l->name, store_error(to));
            break;
        }
    }
    store_rows_close(r);
    if (rc == STORE_OK && got < 0) {
        strfmt(err, errlen, "reading %s: %s", l->name, store_error(from));
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
    for (int t = 0; t < TABLE_COUNT; t++)
        if (there[t]) {
            strfmt(err, errlen,
                   "the target is not empty (%lld rows in %s): migrate copies into an empty database",
                   (long long)there[t], tables[t].name);
            return TRANSFER_REFUSED;
        }
    return TRANSFER_OK;
}

TransferResult transfer_copy(Store *from, Store *to, int64_t counts[TABLE_COUNT], char *err, size_t errlen)
{
    memset(counts, 0, sizeof(int64_t) * TABLE_COUNT);
    TransferResult res = check_ends(from, to, err, errlen);
    if (res != TRANSFER_OK) return res;

    /* The source's write lock keeps it still; it is released unchanged. */
    if (store_begin(from) != STORE_OK) {
        strfmt(err, errlen, "the source: %s", store_error(from));
        return TRANSFER_ENV;
    }
    if (store_begin(to) != STORE_OK) {
        strfmt(err, errlen, "the target: %s", store_error(to));
        store_rollback(from);
        return TRANSFER_ENV;
    }
    int rc = STORE_OK;
    for (int t = 0; t < TABLE_COUNT && rc == STORE_OK; t++) {
        rc = copy_table(from, to, &tables[t], &counts[t], err, errlen);
        if (rc == STORE_OK && t == TABLE_STAFF) rc = copy_links(from, to, &staff_links, err, errlen);
        if (rc == STORE_OK && t == TABLE_STAFF) rc = copy_links(from, to, &team_managers, err, errlen);
    }
    if (rc == STORE_OK) {
        int64_t ignored;
        rc = store_query_int(to, STMT_COPY_RENUMBER, NULL, 0, &ignored);
        rc = rc < 0 ? rc : STORE_OK;
        if (rc) strfmt(err, errlen, "renumbering the target's keys: %s", store_error(to));
    }
    if (rc == STORE_OK && (rc = store_commit(to)) != STORE_OK)
        strfmt(err, errlen, "the target: %s", store_error(to));
    store_rollback(to);
    store_rollback(from);
    if (rc != STORE_OK) memset(counts, 0, sizeof(int64_t) * TABLE_COUNT);
    return rc == STORE_OK ? TRANSFER_OK : TRANSFER_ENV;
}
