/* store.h: the one storage interface.
 *
 * Callers name a statement (statements.h) and bind typed parameters; the
 * backend (store_sqlite.c, store_pg.c) prepares it once per connection in its
 * own dialect and runs it. Nothing outside the backends includes sqlite3.h or
 * libpq-fe.h, and nothing outside statements.h holds SQL.
 *
 * Dates travel as "YYYY-MM-DD" text in both directions; booleans as 0/1.
 * Writes happen inside store_begin()/store_commit(): all or nothing. */
#ifndef OV_STORE_H
#define OV_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "store/statements.h"

typedef struct Store Store;
typedef struct StoreRows StoreRows;

/* Result codes. */
enum {
    STORE_OK = 0,
    STORE_ERROR = -1, /* the statement failed (constraint, bad data): see store_error */
    STORE_ENV = -2,   /* environment: cannot open, disk full, connection lost */
};

typedef enum { PARAM_NULL, PARAM_INT, PARAM_TEXT } ParamKind;

typedef struct {
    ParamKind kind;
    int64_t i;
    const char *s;
    size_t n;
} Param;

/* The most parameters a statement may take. */
enum { STORE_MAX_PARAMS = 24 };

#define P_NULL ((Param){.kind = PARAM_NULL})
#define P_INT(v) ((Param){.kind = PARAM_INT, .i = (v)})
#define P_TEXT(p, len) ((Param){.kind = PARAM_TEXT, .s = (p), .n = (len)})
#define P_STR(p) ((Param){.kind = PARAM_TEXT, .s = (p), .n = strlen(p)})

/* Opens a database: a postgresql:// or postgres:// URI selects PostgreSQL,
 * anything else is a SQLite file path. create: make the file if missing
 * (SQLite only; PostgreSQL databases are created by their administrator).
 * Returns STORE_OK or STORE_ENV with a message in err (never a password). */
int store_open(const char *where, bool create, Store **out, char *err, size_t errlen);
void store_close(Store *s);
const char *store_backend_name(const Store *s); /* "sqlite" or "postgresql" */

/* Schema: the version this binary expects, and the database's current one
 * (0 for an empty database). store_migrate brings the schema up to date in
 * one transaction. */
int store_schema_version(Store *s, int *version);
int store_migrate(Store *s);
int store_expected_version(void);

/* Transactions. store_begin takes the database's one write lock at once, so
 * writers queue rather than fail half-way (SQLite: BEGIN IMMEDIATE;
 * PostgreSQL: READ COMMITTED plus a transaction-scoped advisory lock).
 * Once any statement of a transaction has failed, store_commit refuses
 * (STORE_ERROR, "nothing was saved") and rolls back: a transaction is applied
 * whole or not at all on both backends. On PostgreSQL a store_exec that asks
 * for no *changes may be sent ahead without waiting (pipelined); its failure
 * is then returned by a later call of the same transaction, or by commit.
 * A store_commit that fails has rolled the transaction back: it is over,
 * and nothing of it was saved. store_rollback is safe to call when no
 * transaction is open. */
int store_begin(Store *s);
/* A transaction that only reads, from one snapshot of the database, and
 * takes no write lock: writers go on meanwhile (SQLite: a deferred
 * transaction in WAL mode; PostgreSQL: REPEATABLE READ, READ ONLY). For a
 * long consistent read (oversight migrate's source). End it with
 * store_rollback. */
int store_begin_read(Store *s);
/* A request's reads, from one snapshot, and cheaper than each statement on
 * its own (SQLite: one deferred transaction, where each statement would
 * otherwise take and let go of its own; PostgreSQL: nothing, each statement
 * as ever). Not a transaction: the span ends by itself before anything
 * writes (store_begin, store_begin_read, or a statement that writes outside
 * a transaction), so writes are made and committed as without it; reads
 * after that are each on their own again. store_read_span_end ends it
 * (nothing when none is open). The web application opens one around each
 * request. */
int store_read_span_begin(Store *s);
void store_read_span_end(Store *s);
int store_commit(Store *s);
/* Commits bookkeeping that no page shows (a session seen or ended, a failed
 * sign-in counted): as store_commit, but the generation stays, so kept pages
 * stay valid and nothing looks changed to whoever watches the data. */
int store_commit_bookkeeping(Store *s);
void store_rollback(Store *s);

/* A step run inside every store_commit of this connection (not
 * store_commit_bookkeeping), just before it commits: it may run statements
 * in the transaction, which then commit with it. When it returns false the
 * transaction is rolled back and store_commit answers STORE_ERROR. One hook
 * at a time; fn NULL removes it. The web application sets one for the
 * length of a request to record its one-time write key in the same
 * transaction as the request's change (svc/write_key.h). */
typedef bool (*StoreCommitHook)(Store *s, void *arg);
void store_set_commit_hook(Store *s, StoreCommitHook fn, void *arg);

/* For a bulk load that costs nothing but a rerun if a crash loses it (the
 * demo council): from now on this connection's commits do not wait for the
 * disk (SQLite synchronous=OFF, PostgreSQL synchronous_commit=off). Each
 * transaction stays all or nothing; only the latest commits can be lost to
 * a power cut. STORE_OK or a failure. */
int store_fast_commits(Store *s);

/* For a command that reads much of the database once and ends (`oversight
 * due` for the whole organisation): this connection keeps a small page
 * cache. SQLite's 64 MB, which a long-lived server fills once and reads
 * again, would only be filled by such a pass, a page fault per page, and
 * never read again: about a tenth of the list's time at national scale.
 * Nothing to change on PostgreSQL. STORE_OK or a failure. */
int store_read_once(Store *s);

/* Runs a statement that returns no rows; *changes (if not NULL) gets the
 * number of rows it changed. */
int store_exec(Store *s, StmtId id, const Param *params, int nparams, int64_t *changes);

/* Runs a statement that returns rows. Returns NULL on failure (see
 * store_error). Only one StoreRows may be open per Store at a time. */
StoreRows *store_query(Store *s, StmtId id, const Param *params, int nparams);
/* 1: a row is ready; 0: no more rows; STORE_ERROR/STORE_ENV on failure. */
int store_next(StoreRows *r);
bool store_col_null(StoreRows *r, int col);
int64_t store_col_int(StoreRows *r, int col);
/* Text of a column (NUL-terminated, "" for NULL), valid until the next
 * store_next or store_rows_close. *len may be NULL. */
const char *store_col_text(StoreRows *r, int col, size_t *len);
void store_rows_close(StoreRows *r);

/* A query returning at most one integer: 1 and *value when a row came back
 * with a non-NULL first column, 0 when none, <0 on failure. */
int store_query_int(Store *s, StmtId id, const Param *params, int nparams, int64_t *value);

/* Bulk: one statement (or a few, in order) for many rows of parameters at
 * once, for an import's lookups and writes. As if each row ran each
 * statement in turn (store_exec; or store_query, with every row it returns
 * given to fn), but PostgreSQL sends the rows with COPY into a staging
 * table, bulk_rows (columns c1..cN, text), in the transaction, and runs
 * each statement's set form once over all of them (its PostgreSQL text in
 * statements.h reads bulk_rows); SQLite runs the statements row by row.
 * So the rows must not depend on one another (distinct keys): each
 * statement then sees the same data whichever way it runs. Rows are
 * params of ncols each; a statement may use the first few only. fn, when
 * given, may not use the store; its row is valid only during the call.
 * A failure is kept and returned by every later call; in a transaction it
 * fails the transaction. Outside one, PostgreSQL wraps the bulk in a
 * transaction of its own (its staging table lives only in that). */
typedef struct StoreBulk StoreBulk;
typedef void (*StoreRowFn)(void *ctx, StoreRows *row);
enum { STORE_BULK_MAX_STMTS = 4 };
StoreBulk *store_bulk_begin(Store *s, const StmtId *stmts, int nstmts, int ncols, StoreRowFn fn, void *ctx);
int store_bulk_add(StoreBulk *b, const Param *row);
/* Runs the statements over the rows (unless apply is false: a bulk given
 * up, whose transaction is to be rolled back) and frees b. STORE_OK or the
 * first failure. */
int store_bulk_end(StoreBulk *b, bool apply);

/* Generations: numbers that committed writes move on, whichever process or
 * server made them, kept by the database's own triggers
 * (016_scoped_generations.sql), so that no write path can forget them.
 * Each team has one, moved by a change to what its due lists show of its
 * people (their sessions, cases' discussions and notes, agreements,
 * bookings, records, actions, concerns, escalations); the database-wide
 * one moves with everything else a due list depends on (staff, teams,
 * services, cases, the policy, imports). Writes no due list reads move
 * neither. Equal generations mean a kept list is still the data's. */

/* The database-wide generation. */
int store_generation(Store *s, int64_t *gen);

/* Which teams' generations store_generations reads: one team by name; the
 * teams of the people a manager (by staff id) supervises or whose team
 * they manage (as the due list's manager filter); the teams of a service
 * by name; every team, and the people in no team. */
typedef enum { STORE_GEN_TEAM, STORE_GEN_MANAGED, STORE_GEN_SERVICE, STORE_GEN_ALL } StoreGenScope;
typedef struct {
    char *team; /* its name; "" for the people in no team */
    int64_t n;
} StoreTeamGen;

/* In one statement, the database-wide generation (*whole) and those of the
 * teams of a scope (arg: its name or id; NULL for STORE_GEN_ALL), by name,
 * into *teams (*n of them; free with store_generations_free). *whole is -1
 * while none can be trusted (a change to the organisation made from outside
 * oversight, until oversight's next commit): keep nothing then. STORE_OK or
 * a failure. */
int store_generations(Store *s, StoreGenScope scope, const char *arg, int64_t *whole, StoreTeamGen **teams, size_t *n);
void store_generations_free(StoreTeamGen *teams, size_t n);
/* The same generations as one text (appended to stamp), equal only while
 * every one of them is: a kept page's stamp. Nothing is appended when they
 * cannot be trusted (*whole -1 above). */
int store_generation_stamp(Store *s, StoreGenScope scope, const char *arg, Buf *stamp);

/* Inside a write transaction that changes much of the organisation (an
 * import): moves the database-wide generation on now, so that the team
 * triggers of the rows it writes have nothing left to do. Only saves work:
 * without it the triggers still keep every generation right. */
int store_generation_whole(Store *s);

/* The work a connection has done: statements run (store_exec and
 * store_query, store_query_int included, failed ones too), rows stepped
 * (each store_next that gave a row), and on SQLite the steps its virtual
 * machine took for them, which grow with the rows the database read to find
 * those rows (-1 on PostgreSQL, which does not count them per statement).
 * For comparing a page's cost between databases of different sizes. */
typedef struct {
    int64_t statements;
    int64_t rows;
    int64_t steps;
} StoreCost;
/* The work since the last call (or since the connection opened), and
 * starts counting again from nothing. */
StoreCost store_cost_take(Store *s);

/* Backup and restore (SQLite; PostgreSQL refuses both with what to use
 * instead: pg_dump and pg_restore, docs/deploy.md).
 *
 * store_backup copies the database into the file path through SQLite's
 * online backup API, never by copying files: from one snapshot (a read
 * transaction held from the first page to the last, which in WAL mode keeps
 * no writer waiting and is not restarted by their commits), STORE_BACKUP_STEP
 * pages at a time, into a temporary file beside path that is checked
 * (PRAGMA integrity_check, the schema version) and only then renamed onto
 * path. A backup that fails or is stopped leaves path as it was and no
 * temporary file. The copy is one file (not WAL), readable by the owner
 * only.
 *
 * store_restore replaces the database with the backup at path, through the
 * same API the other way, in one write transaction: all of it or nothing.
 * It first checks that path is an Oversight database, whole, of a schema no
 * newer than this program's (an older one is left for store_migrate), and
 * refuses, busy, while another connection is writing. The caller migrates
 * afterwards when info->version is older.
 *
 * fn (may be NULL) is told the pages done of the total after each step;
 * returning false stops the copy (nothing is written). info (may be NULL)
 * gets the copy's schema version and size. STORE_OK; STORE_ERROR when the
 * file is not a whole Oversight database, or is newer, or is the database
 * itself; STORE_ENV for the environment (cannot write, busy, stopped,
 * PostgreSQL); store_error says which and what to do. */
typedef bool (*StoreProgressFn)(void *ctx, int64_t done, int64_t total);
typedef struct {
    int version;   /* the schema version of the copy */
    int64_t pages; /* pages copied */
    int64_t bytes; /* their size */
} StoreCopyInfo;
enum { STORE_BACKUP_STEP = 1000 };
int store_backup(Store *s, const char *path, StoreProgressFn fn, void *ctx, StoreCopyInfo *info);
int store_restore(Store *s, const char *path, StoreProgressFn fn, void *ctx, StoreCopyInfo *info);

/* After deleting what must not stay readable (svc/retention.h), outside a
 * transaction: makes sure the deleted bytes are gone from the database's
 * files, as far as the backend can.
 *
 * SQLite: secure_delete, on for every connection, has already overwritten
 * with zeros the cells and pages freed by the deletion, in the pages the
 * transaction wrote; but the WAL still holds the earlier images of those
 * pages, texts included. This checks secure_delete is on (STORE_ERROR if
 * not) and checkpoints the WAL with TRUNCATE: every page is copied back
 * into the database and the WAL cut to nothing. Another connection reading
 * or writing meanwhile stops the checkpoint short: STORE_ENV (busy, run it
 * again when the server is quiet), nothing lost.
 *
 * PostgreSQL: VACUUM of the tables a purge writes. It removes the dead row
 * versions that still held the texts and makes their space reusable; the
 * bytes stay in the data files until overwritten, in the server's WAL
 * until its segments are recycled, and in archives and backups for as long
 * as they are kept (docs/deploy.md, "Retention"). VACUUM FULL, which
 * rewrites the tables into new files, takes an exclusive lock and is left
 * to a maintenance window. STORE_OK or the failure. */
int store_scrub(Store *s);

/* The last error's message. */
const char *store_error(const Store *s);

/* Whether the last failure (STORE_ENV) was only a wait for the write lock
 * that ran out: another writer held it longer than a writer waits
 * (STORE_LOCK_WAIT_MS). Nothing was saved and the same request may simply
 * be tried again; the web application answers "busy, try again" (503) for
 * it rather than a server error. */
bool store_busy(const Store *s);

/* Whether the last failure (STORE_ENV) was that the database server went
 * away or could not be reached: the connection was lost (a restart, a
 * crash, an ended backend, the network) or the server is starting or
 * stopping. PostgreSQL only. A transaction it cut off was not applied, not
 * even in part; only when the answer to the commit itself was lost can the
 * transaction have been applied, whole. The connection is re-established by
 * its next use once the server is back (lost meanwhile while idle, it is
 * re-established before the next statement, unnoticed), so the same request
 * may simply be tried again a few seconds later; the web application
 * answers "unavailable, try again" (503) for it rather than a server error. */
bool store_unavailable(const Store *s);

/* How long a writer waits for the write lock before failing busy: long
 * enough for any other write (an import holds it only while writing), short
 * enough that the web application's threads are not all held waiting. */
#define STORE_LOCK_WAIT_MS 10000

/* How long opening or re-establishing a PostgreSQL connection may take
 * before it fails (libpq's connect_timeout, unless the URI sets one): a
 * server that is unreachable, or takes the connection and never answers,
 * must not hold a request, or every thread of the web application, without
 * end. */
#define STORE_CONNECT_WAIT_S 10

#endif
