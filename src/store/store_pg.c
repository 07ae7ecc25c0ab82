/* store_pg.c: the PostgreSQL backend of store.h, through libpq.
 *
 * One connection per Store, used by one thread at a time. Statements are
 * prepared on the server once per connection, on first use, under their
 * names from statements.h. Parameters travel as text and the server infers
 * their types from the statement.
 *
 * Writers are serialised as on SQLite: store_begin opens a READ COMMITTED
 * transaction and takes one transaction-scoped advisory lock, so two imports
 * never interleave and never fail each other with serialisation errors;
 * readers are never blocked.
 *
 * A lost connection (a restart, an ended backend): one found lost before a
 * statement outside a transaction (the server said so, or closed the socket,
 * while it was idle) is re-established first, unnoticed; one lost under a
 * statement outside a transaction is re-established once and the statement
 * retried. Inside a transaction the failure is reported, unavailable
 * (store_unavailable), and the server discards the transaction, so nothing
 * is ever half-applied; the next use reconnects.
 *
 * Large results stream row by row (libpq's single-row mode), so the memory
 * a query needs does not grow with the organisation. */
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_backend.h"
#include "core/util.h"

/* Statements sent ahead in a transaction before their answers are read. */
enum { MAX_PENDING = 512 };

/* The advisory lock key that serialises writers (any fixed number). */
#define WRITE_LOCK_KEY "4242000001"

typedef struct {
    StoreRows rows;
    PGresult *res; /* holds the current row: one (single-row mode) or all */
    int row;
    bool done; /* every result of the query has been read */
    /* Or a line of COPY ... TO STDOUT (a bulk's query): its fields,
     * unescaped in place, NULL for \N. */
    char **fields;
    size_t *lens;
    int nfields;
} PgRows;

typedef struct {
    Store base;
    PGconn *conn;
    bool prepared[STMT_COUNT];
    PgRows rows;
    bool rows_open;
    bool piped;                             /* in pipeline mode (see "the pipeline" below) */
    int pending;                            /* commands sent whose answers are not read yet */
    StmtId queue[MAX_PENDING + STMT_COUNT]; /* which they are (prepares included) */
    int deferred_rc;                        /* the first failure among them: the transaction is lost */
} PgStore;

static const StoreBackend pg_backend;

/* Integrity and data errors are the data's fault; everything else (lost
 * connection, disk full, serialisation failure, permissions) is the
 * environment's. */
static int code_for(const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state && (strncmp(state, "23", 2) == 0 || strncmp(state, "22", 2) == 0)) return STORE_ERROR;
    return STORE_ENV;
}

/* libpq's messages end in a newline and may span lines; keep the first. */
static int fail_pg(PgStore *s, const PGresult *res, const char *what)
{
    const char *msg = res ? PQresultErrorMessage(res) : "";
    if (!*msg) msg = PQerrorMessage(s->conn);
    size_t n = strcspn(msg, "\n");
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
        return store_fail(&s->base, STORE_ENV, "%s: %.*s (nothing was saved; try again)", what, (int)n, msg);
    /* lock_not_available: the write lock's wait (lock_timeout) ran out. */
    if (state && strcmp(state, "55P03") == 0) {
        store_fail(&s->base, STORE_ENV, "%s: the database is busy with another change: %.*s", what, (int)n, msg);
        s->base.busy = true;
        return STORE_ENV;
    }
    int rc = store_fail(&s->base, code_for(res), "%s: %.*s", what, (int)n, msg);
    /* connection_exception (08...), or the server shutting down, crashed
     * or starting up (57P01-57P03), or the connection gone. */
    if (PQstatus(s->conn) != CONNECTION_OK || (state && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
                                                         strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0)))
        s->base.unavailable = true;
    return rc;
}

/* Notices ("table does not exist, skipping") are not for the user. */
static void quiet(void *arg, const PGresult *res)
{
    (void)arg;
    (void)res;
}

/* Runs a parameterless command; STORE_OK or the failure recorded. */
static int run_sql(PgStore *s, const char *sql, const char *what)
{
    PGresult *res = PQexec(s->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = STORE_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) rc = fail_pg(s, res, what);
    PQclear(res);
    return rc;
}

/* A writer's wait for the write lock is bounded, as SQLite's busy timeout. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define LOCK_WAIT "'" STR(STORE_LOCK_WAIT_MS) "ms'"

static int session_setup(PgStore *s)
{
    PQsetNoticeReceiver(s->conn, quiet, NULL);
    memset(s->prepared, 0, sizeof s->prepared);
    return run_sql(s,
                   "SET datestyle = 'ISO, YMD'; SET client_min_messages = warning;"
                   " SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8';"
                   " SET lock_timeout = " LOCK_WAIT,
                   "connection setup");
}

/* The URI with any password removed, for messages: the one in the user
 * part (postgresql://user:secret@host) and a password=... parameter. */
static void redact(const char *uri, char *out, size_t outlen)
{
    Buf b = {0};
    const char *p = uri;
    const char *scheme_end = strstr(uri, "://");
    if (scheme_end) {
        const char *auth = scheme_end + 3;
        size_t authlen = strcspn(auth, "/?");
        const char *at = memrchr(auth, '@', authlen); /* a raw @ in a password is malformed but hidden too */
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            buf_add(&b, uri, (size_t)(colon - uri));
            buf_adds(&b, ":***");
            p = at;
        }
    }
    while (*p) {
        const char *key = strstr(p, "password=");
        if (!key || (key != uri && key[-1] != '?' && key[-1] != '&')) {
            if (!key) {
                buf_adds(&b, p);
                break;
            }
            buf_add(&b, p, (size_t)(key - p) + 1);
            p = key + 1;
            continue;
        }
        buf_add(&b, p, (size_t)(key - p) + strlen("password="));
        buf_adds(&b, "***");
        p = key + strlen("password=");
        p += strcspn(p, "&");
    }
    snprintf(out, outlen, "%s", b.data ? b.data : "");
    buf_free(&b);
}

/* libpq ends the user part at its first @, and may then quote the rest of
 * the password in its message: such a message must not be shown. */
static bool password_has_raw_at(const char *uri)
{
    const char *auth = strstr(uri, "://");
    if (!auth) return false;
    auth += 3;
    size_t n = strcspn(auth, "/?");
    const char *first = memchr(auth, '@', n);
    return first && first != memrchr(auth, '@', n);
}

int store_pg_open(const char *uri, Store **out, char *err, size_t errlen)
{
    char shown[512];
    redact(uri, shown, sizeof shown);
    PgStore *s = xcalloc(1, sizeof *s);
    s->base.be = &pg_backend;
    /* Keywords apply in order: the URI, given as dbname, overrides the
     * default connect_timeout when it sets its own. */
    const char *const keys[] = {"connect_timeout", "dbname", NULL};
    const char *const values[] = {STR(STORE_CONNECT_WAIT_S), uri, NULL};
    s->conn = PQconnectdbParams(keys, values, 1);
    if (PQstatus(s->conn) != CONNECTION_OK) {
        const char *msg = PQerrorMessage(s->conn);
        if (password_has_raw_at(uri)) msg = "the URI is malformed (write an @ in a password as %40)";
        snprintf(err, errlen,
                 "%s: cannot connect to PostgreSQL: %.*s (check that the server is running and takes connections,"
                 " and the URI's host, port, database and user; then try again)",
                 shown, (int)strcspn(msg, "\n"), msg);
        PQfinish(s->conn);
        free(s);
        return STORE_ENV;
    }
    if (session_setup(s) != STORE_OK) {
        snprintf(err, errlen, "%s: %s", shown, s->base.err);
        PQfinish(s->conn);
        free(s);
        return STORE_ENV;
    }
    *out = &s->base;
    return STORE_OK;
}

static void pg_close(Store *base)
{
    PgStore *s = (PgStore *)base;
    PQfinish(s->conn);
    free(s);
}

/* Re-establishes a lost connection; false, with the failure recorded as
 * unavailable, while the server cannot be reached. */
static bool reconnect(PgStore *s)
{
    PQreset(s->conn);
    s->piped = false;
    s->pending = 0;
    s->deferred_rc = STORE_OK;
    if (PQstatus(s->conn) != CONNECTION_OK) {
        const char *msg = PQerrorMessage(s->conn);
        store_fail(&s->base, STORE_ENV, "the database server cannot be reached: %.*s", (int)strcspn(msg, "\n"), msg);
        s->base.unavailable = true;
        return false;
    }
    if (session_setup(s) != STORE_OK) {
        s->base.unavailable = true;
        return false;
    }
    return true;
}

/* After a failure outside a transaction: if the connection was lost,
 * reconnect once. true when the caller may retry. */
static bool reconnected(PgStore *s)
{
    if (s->base.in_tx || PQstatus(s->conn) == CONNECTION_OK) return false;
    return reconnect(s);
}

/* Before a statement outside a transaction: whether the server ended the
 * connection while it was idle (a restart, pg_terminate_backend). It then
 * sends a last message and closes the socket, so an idle connection with
 * something to read is one to look at; reading consumes the message and
 * finds the end. A lost one is re-established; false when it cannot be. */
static bool ready(PgStore *s)
{
    if (s->base.in_tx || s->rows_open || s->piped) return true;
    for (int i = 0; i < 4 && PQstatus(s->conn) == CONNECTION_OK; i++) {
        struct pollfd p = {.fd = PQsocket(s->conn), .events = POLLIN};
        if (poll(&p, 1, 0) != 1) break;
        if (!PQconsumeInput(s->conn)) break;
        PGresult *res;
        while (!PQisBusy(s->conn) && (res = PQgetResult(s->conn))) PQclear(res);
    }
    return PQstatus(s->conn) == CONNECTION_OK || reconnect(s);
}

static int settle(PgStore *s);

/* After a transaction that failed in the pipeline: statements prepared in
 * the failed part may not exist on the server, so start afresh. */
static void forget_failed_tx(PgStore *s)
{
    if (s->deferred_rc && PQstatus(s->conn) == CONNECTION_OK) {
        PGresult *res = PQexec(s->conn, "DEALLOCATE ALL");
        PQclear(res);
        memset(s->prepared, 0, sizeof s->prepared);
    }
    s->deferred_rc = STORE_OK;
}

static void rollback_now(PgStore *s)
{
    settle(s);
    if (PQstatus(s->conn) == CONNECTION_OK && PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
        PGresult *res = PQexec(s->conn, "ROLLBACK");
        PQclear(res);
    }
    forget_failed_tx(s);
}

static int pg_exec_script(Store *base, const char *sql)
{
    PgStore *s = (PgStore *)base;
    if (settle(s)) return s->deferred_rc;
    return run_sql(s, sql, "migration");
}

static int pg_begin(Store *base)
{
    PgStore *s = (PgStore *)base;
    const char *sql = "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")";
    s->deferred_rc = STORE_OK;
    if (!ready(s)) return STORE_ENV;
    int rc = run_sql(s, sql, "begin");
    if (rc != STORE_OK && reconnected(s)) rc = run_sql(s, sql, "begin");
    if (rc != STORE_OK && PQtransactionStatus(s->conn) != PQTRANS_IDLE) run_sql(s, "ROLLBACK", "rollback");
    return rc;
}

static int pg_begin_read(Store *base)
{
    PgStore *s = (PgStore *)base;
    const char *sql = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    s->deferred_rc = STORE_OK;
    if (!ready(s)) return STORE_ENV;
    int rc = run_sql(s, sql, "begin");
    if (rc != STORE_OK && reconnected(s)) rc = run_sql(s, sql, "begin");
    return rc;
}

static int pg_commit(Store *base)
{
    PgStore *s = (PgStore *)base;
    int rc = settle(s);
    if (rc != STORE_OK) {
        char why[sizeof base->err];
        snprintf(why, sizeof why, "%s", base->err);
        bool gone = base->unavailable;
        rollback_now(s);
        store_fail(base, rc, "%s (nothing was saved)", why);
        base->unavailable = gone;
        return rc;
    }
    /* COMMIT of a failed transaction reports success but rolls back:
     * refuse it so the caller knows nothing was saved. */
    if (PQtransactionStatus(s->conn) == PQTRANS_INERROR) {
        rollback_now(s);
        return store_fail(base, STORE_ERROR, "commit: an earlier statement failed; nothing was saved");
    }
    PGresult *res = PQexec(s->conn, "COMMIT");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = fail_pg(s, res, "commit");
    else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
        rc = store_fail(base, STORE_ERROR, "commit: the transaction was rolled back; nothing was saved");
    PQclear(res);
    if (rc != STORE_OK) rollback_now(s);
    return rc;
}

static void pg_rollback(Store *base) { rollback_now((PgStore *)base); }

/* Parameter values as NUL-terminated text, as libpq wants them. */
typedef struct {
    const char *values[STORE_MAX_PARAMS];
    char *owned[STORE_MAX_PARAMS];
    char ints[STORE_MAX_PARAMS][24];
    int n;
} PgParams;

static void params_free(PgParams *p)
{
    for (int i = 0; i < p->n; i++) free(p->owned[i]);
}

static bool to_text(PgStore *s, StmtId id, const Param *params, int nparams, PgParams *p)
{
    memset(p, 0, sizeof *p);
    if (nparams > STORE_MAX_PARAMS) {
        store_fail(&s->base, STORE_ERROR, "%s: too many parameters", stmt_name(id));
        return false;
    }
    p->n = nparams;
    for (int i = 0; i < nparams; i++) {
        switch (params[i].kind) {
        case PARAM_INT:
            snprintf(p->ints[i], sizeof p->ints[i], "%lld", (long long)params[i].i);
            p->values[i] = p->ints[i];
            break;
        case PARAM_TEXT:
            /* PostgreSQL text cannot hold NUL: never send a truncated value. */
            if (memchr(params[i].s, 0, params[i].n)) {
                store_fail(&s->base, STORE_ERROR, "%s: parameter %d holds a NUL byte", stmt_name(id), i + 1);
                params_free(p);
                return false;
            }
            p->values[i] = p->owned[i] = xstrndup(params[i].s, params[i].n);
            break;
        default: p->values[i] = NULL; break;
        }
    }
    return true;
}

/* ---- the pipeline ----
 *
 * Inside a transaction, a statement whose caller needs nothing back (no rows,
 * no count) is sent without waiting for its answer: libpq's pipeline mode.
 * The answers are read at the next point that needs the server's reply (a
 * query, a count, commit, rollback) or after MAX_PENDING statements, so an
 * import costs about one round trip per lookup instead of one per statement.
 * A failure found then is recorded and every later call of the transaction
 * returns it; the server has already discarded the transaction, so nothing
 * after the failure is applied and commit is refused. */

/* Reads one command's results up to libpq's NULL. Returns its failure,
 * recorded as the store's error unless an earlier one is kept. */
static int read_command(PgStore *s, const char *what)
{
    int rc = STORE_OK;
    PGresult *res;
    while ((res = PQgetResult(s->conn))) {
        ExecStatusType st = PQresultStatus(res);
        if (rc == STORE_OK && st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && st != PGRES_SINGLE_TUPLE) {
            if (s->deferred_rc)
                rc = s->deferred_rc; /* its message is the one kept */
            else if (st == PGRES_PIPELINE_ABORTED)
                rc = store_fail(&s->base, STORE_ERROR, "an earlier statement failed; nothing was saved");
            else
                rc = fail_pg(s, res, what);
        }
        PQclear(res);
    }
    return rc;
}

/* Reads the answers of the deferred statements (the sync is already sent). */
static int read_pending(PgStore *s)
{
    for (int k = 0; k < s->pending; k++) {
        int rc = read_command(s, stmt_name(s->queue[k]));
        if (rc != STORE_OK && s->deferred_rc == STORE_OK) s->deferred_rc = rc;
    }
    s->pending = 0;
    return s->deferred_rc;
}

/* After the last command before the sync: reads the sync and leaves
 * pipeline mode. */
static void end_pipeline(PgStore *s)
{
    for (;;) {
        PGresult *res = PQgetResult(s->conn);
        if (!res) {
            if (PQstatus(s->conn) != CONNECTION_OK) break;
            continue; /* the NULL after an aborted command */
        }
        ExecStatusType st = PQresultStatus(res);
        PQclear(res);
        if (st == PGRES_PIPELINE_SYNC) break;
    }
    PQexitPipelineMode(s->conn);
    s->piped = false;
}

/* Brings the connection back to one-statement-at-a-time, reading every
 * deferred answer. Returns the first deferred failure, if any. */
static int settle(PgStore *s)
{
    if (!s->piped) return s->deferred_rc;
    if (!PQpipelineSync(s->conn)) {
        fail_pg(s, NULL, "sync");
        if (s->deferred_rc == STORE_OK) s->deferred_rc = STORE_ENV;
    }
    read_pending(s);
    end_pipeline(s);
    return s->deferred_rc;
}

static bool enter_pipeline(PgStore *s)
{
    if (s->piped) return true;
    if (!PQenterPipelineMode(s->conn)) {
        fail_pg(s, NULL, "pipeline");
        return false;
    }
    s->piped = true;
    return true;
}

/* Prepares id on this connection if it is not yet: at once, or queued in
 * the pipeline. */
static bool prepare(PgStore *s, StmtId id)
{
    if (s->prepared[id]) return true;
    if (s->piped) {
        if (!PQsendPrepare(s->conn, stmt_name(id), stmt_sql(id, DIALECT_POSTGRESQL), 0, NULL)) {
            fail_pg(s, NULL, stmt_name(id));
            return false;
        }
        s->queue[s->pending++] = id;
        s->prepared[id] = true;
        return true;
    }
    PGresult *res = PQprepare(s->conn, stmt_name(id), stmt_sql(id, DIALECT_POSTGRESQL), 0, NULL);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fail_pg(s, res, stmt_name(id));
    else
        s->prepared[id] = true;
    PQclear(res);
    return ok;
}

static bool send(PgStore *s, StmtId id, const Param *params, int nparams)
{
    if (!prepare(s, id)) return false;
    PgParams p;
    if (!to_text(s, id, params, nparams, &p)) return false;
    int sent = PQsendQueryPrepared(s->conn, stmt_name(id), nparams, p.values, NULL, NULL, 0);
    params_free(&p);
    if (!sent) fail_pg(s, NULL, stmt_name(id));
    return sent;
}

static int exec_deferred(PgStore *s, StmtId id, const Param *params, int nparams)
{
    if (!enter_pipeline(s)) return s->base.last_rc;
    if (!send(s, id, params, nparams)) {
        s->deferred_rc = s->base.last_rc;
        return s->deferred_rc;
    }
    s->queue[s->pending++] = id;
    if (s->pending >= MAX_PENDING) return settle(s);
    return STORE_OK;
}

static int exec_once(PgStore *s, StmtId id, const Param *params, int nparams, int64_t *changes)
{
    if (!prepare(s, id)) return s->base.last_rc;
    PgParams p;
    if (!to_text(s, id, params, nparams, &p)) return s->base.last_rc;
    PGresult *res = PQexecPrepared(s->conn, stmt_name(id), nparams, p.values, NULL, NULL, 0);
    params_free(&p);
    ExecStatusType st = PQresultStatus(res);
    int rc = STORE_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = fail_pg(s, res, stmt_name(id));
    else if (changes) {
        const char *n = PQcmdTuples(res);
        *changes = *n ? strtoll(n, NULL, 10) : 0;
    }
    PQclear(res);
    return rc;
}

static int pg_exec(Store *base, StmtId id, const Param *params, int nparams, int64_t *changes)
{
    PgStore *s = (PgStore *)base;
    if (s->rows_open) return store_fail(base, STORE_ERROR, "%s: a query is still open", stmt_name(id));
    if (s->deferred_rc) return s->deferred_rc;
    if (base->in_tx && !changes) return exec_deferred(s, id, params, nparams);
    if (settle(s)) return s->deferred_rc;
    if (!ready(s)) return STORE_ENV;
    int rc = exec_once(s, id, params, nparams, changes);
    if (rc == STORE_ENV && reconnected(s)) rc = exec_once(s, id, params, nparams, changes);
    return rc;
}

/* Sends a query and makes its rows the next results to read: after the
 * deferred statements' answers when the pipeline is in use. */
static bool start_query(PgStore *s, StmtId id, const Param *params, int nparams)
{
    if (!send(s, id, params, nparams)) {
        if (s->piped) {
            settle(s);
        } else {
            PGresult *res;
            while ((res = PQgetResult(s->conn))) PQclear(res);
        }
        return false;
    }
    if (s->piped) {
        if (!PQpipelineSync(s->conn)) {
            fail_pg(s, NULL, "sync");
            return false;
        }
        if (read_pending(s) != STORE_OK) {
            read_command(s, stmt_name(id)); /* the query's own answer: aborted */
            end_pipeline(s);
            s->base.last_rc = s->deferred_rc; /* its message is the store's error */
            return false;
        }
    }
    /* Without single-row mode the whole result arrives at once; pg_next
     * handles both. */
    PQsetSingleRowMode(s->conn);
    return true;
}

static StoreRows *pg_query(Store *base, StmtId id, const Param *params, int nparams)
{
    PgStore *s = (PgStore *)base;
    if (s->rows_open) {
        store_fail(base, STORE_ERROR, "%s: another query is still open", stmt_name(id));
        return NULL;
    }
    if (s->deferred_rc) {
        base->last_rc = s->deferred_rc;
        return NULL;
    }
    if (!ready(s)) return NULL;
    bool ok = start_query(s, id, params, nparams);
    if (!ok && !base->in_tx && s->base.last_rc == STORE_ENV && reconnected(s)) ok = start_query(s, id, params, nparams);
    if (!ok) return NULL;
    s->rows = (PgRows){.rows = {.store = base}};
    s->rows_open = true;
    return &s->rows.rows;
}

/* The query's results are all read: finish the command and the pipeline. */
static int finish_query(PgStore *s, PgRows *pr)
{
    pr->done = true;
    int rc = read_command(s, "query");
    if (s->piped) end_pipeline(s);
    return rc;
}

static int pg_next(StoreRows *r)
{
    PgRows *pr = (PgRows *)r;
    PgStore *s = (PgStore *)r->store;
    if (pr->res && ++pr->row < PQntuples(pr->res)) return 1;
    PQclear(pr->res);
    pr->res = NULL;
    if (pr->done) return 0;
    PGresult *res = PQgetResult(s->conn);
    ExecStatusType st = PQresultStatus(res);
    if ((st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) && PQntuples(res) > 0) {
        pr->res = res;
        pr->row = 0;
        if (st == PGRES_TUPLES_OK) finish_query(s, pr); /* whole result at once */
        return 1;
    }
    int rc = 0;
    if (st != PGRES_TUPLES_OK) rc = fail_pg(s, res, "query");
    PQclear(res);
    int rest = finish_query(s, pr);
    return rc ? rc : rest;
}

static bool pg_col_null(StoreRows *r, int col)
{
    PgRows *pr = (PgRows *)r;
    if (pr->fields) return col >= pr->nfields || !pr->fields[col];
    return !pr->res || PQgetisnull(pr->res, pr->row, col);
}

static int64_t pg_col_int(StoreRows *r, int col)
{
    PgRows *pr = (PgRows *)r;
    if (pg_col_null(r, col)) return 0;
    if (pr->fields) return strtoll(pr->fields[col], NULL, 10);
    return strtoll(PQgetvalue(pr->res, pr->row, col), NULL, 10);
}

static const char *pg_col_text(StoreRows *r, int col, size_t *len)
{
    PgRows *pr = (PgRows *)r;
    if (pg_col_null(r, col)) {
        if (len) *len = 0;
        return "";
    }
    if (pr->fields) {
        if (len) *len = pr->lens[col];
        return pr->fields[col];
    }
    if (len) *len = (size_t)PQgetlength(pr->res, pr->row, col);
    return PQgetvalue(pr->res, pr->row, col);
}

static void pg_rows_close(StoreRows *r)
{
    PgRows *pr = (PgRows *)r;
    PgStore *s = (PgStore *)r->store;
    PQclear(pr->res);
    pr->res = NULL;
    /* Closed early: read the rest. Cancelling instead would abort the
     * transaction the query may be part of. */
    if (!pr->done) finish_query(s, pr);
    s->rows_open = false;
}

/* ---- bulk (store.h): COPY into a staging table, then set statements ----
 *
 * The rows go to the server as COPY text (tab between fields, \N for NULL,
 * backslash escapes), in chunks, into bulk_rows (c1..cN text), a temporary
 * table dropped at the end (and at commit, whatever happens). Each
 * statement's PostgreSQL text is then run once over it; a query's rows come
 * back through COPY (...) TO STDOUT, so that millions of answers cost no
 * result held whole in memory and no PGresult each. */

enum { BULK_CHUNK = 1 << 20 };

typedef struct {
    Buf out;      /* COPY data not yet sent */
    bool own_tx;  /* begun here, for a bulk outside a transaction */
    bool copying; /* COPY FROM STDIN is under way */
} PgBulk;

static int bulk_fail(PgStore *s, const char *what) { return fail_pg(s, NULL, what); }

/* The end of a COPY: its result, then libpq's NULL. */
static int copy_result(PgStore *s, const char *what)
{
    int rc = STORE_OK;
    PGresult *res;
    while ((res = PQgetResult(s->conn))) {
        if (rc == STORE_OK && PQresultStatus(res) != PGRES_COMMAND_OK) rc = fail_pg(s, res, what);
        PQclear(res);
    }
    return rc;
}

static int pg_bulk_begin(StoreBulk *b)
{
    PgStore *s = (PgStore *)b->store;
    if (s->rows_open) return store_fail(b->store, STORE_ERROR, "bulk: a query is still open");
    if (settle(s)) return s->deferred_rc;
    if (!ready(s)) return STORE_ENV;
    PgBulk *pb = xcalloc(1, sizeof *pb);
    pb->out.max = SIZE_MAX / 2;
    b->be_state = pb;
    if (!b->store->in_tx) {
        int rc = run_sql(s, "BEGIN ISOLATION LEVEL READ COMMITTED", "bulk");
        if (rc != STORE_OK) return rc;
        pb->own_tx = true;
    }
    /* JIT compiling a set statement over millions of rows costs more than
     * it saves: seconds of the import's time, for plans run once. */
    Buf sql = {0};
    buf_adds(&sql, "SET LOCAL jit = off; DROP TABLE IF EXISTS pg_temp.bulk_rows; CREATE TEMP TABLE bulk_rows (");
    for (int c = 1; c <= b->ncols; c++) buf_addf(&sql, "%sc%d text", c > 1 ? ", " : "", c);
    buf_adds(&sql, ") ON COMMIT DROP");
    int rc = run_sql(s, sql.data, "bulk: staging table");
    buf_free(&sql);
    if (rc != STORE_OK) return rc;
    PGresult *res = PQexec(s->conn, "COPY bulk_rows FROM STDIN");
    if (PQresultStatus(res) != PGRES_COPY_IN)
        rc = fail_pg(s, res, "bulk: copy");
    else
        pb->copying = true;
    PQclear(res);
    return rc;
}

static bool bulk_flush(PgStore *s, PgBulk *pb)
{
    if (pb->out.len && PQputCopyData(s->conn, pb->out.data, (int)pb->out.len) != 1) return false;
    buf_clear(&pb->out);
    return true;
}

/* A value as COPY text: backslash, tab, newline and carriage return escaped. */
static void copy_text(Buf *out, const char *v, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        char e = v[i] == '\\' ? '\\' : v[i] == '\t' ? 't' : v[i] == '\n' ? 'n' : v[i] == '\r' ? 'r' : 0;
        if (!e) continue;
        buf_add(out, v + from, i - from);
        buf_addc(out, '\\');
        buf_addc(out, e);
        from = i + 1;
    }
    buf_add(out, v + from, n - from);
}

static int pg_bulk_add(StoreBulk *b, const Param *row)
{
    PgStore *s = (PgStore *)b->store;
    PgBulk *pb = b->be_state;
    for (int c = 0; c < b->ncols; c++) {
        if (c) buf_addc(&pb->out, '\t');
        const Param *p = &row[c];
        if (p->kind == PARAM_INT) {
            char n[24];
            buf_add(&pb->out, n, (size_t)snprintf(n, sizeof n, "%lld", (long long)p->i));
        } else if (p->kind == PARAM_TEXT) {
            /* PostgreSQL text cannot hold NUL: never send a truncated value. */
            if (memchr(p->s, 0, p->n))
                return store_fail(b->store, STORE_ERROR, "bulk: column %d holds a NUL byte", c + 1);
            copy_text(&pb->out, p->s, p->n);
        } else {
            buf_adds(&pb->out, "\\N");
        }
    }
    buf_addc(&pb->out, '\n');
    if (pb->out.len >= BULK_CHUNK && !bulk_flush(s, pb)) return bulk_fail(s, "bulk: copy");
    return STORE_OK;
}

/* Splits a COPY text line into fields (NULL for \N), unescaping in place. */
static int copy_fields(char *line, int len, char **fields, size_t *lens, int max)
{
    char *p = line, *end = line + len;
    if (end > line && end[-1] == '\n') end--;
    int n = 0;
    for (; n < max; n++) {
        if (p + 1 < end && p[0] == '\\' && p[1] == 'N' && (p + 2 == end || p[2] == '\t')) {
            fields[n] = NULL;
            lens[n] = 0;
            p += 2;
        } else {
            char *w = p;
            fields[n] = p;
            while (p < end && *p != '\t') {
                if (*p == '\\' && p + 1 < end) {
                    p++;
                    *w++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
                    p++;
                } else {
                    *w++ = *p++;
                }
            }
            lens[n] = (size_t)(w - fields[n]);
            /* w <= p: over the tab, the newline or libpq's closing NUL. */
            *w = 0;
        }
        if (p >= end) return n + 1;
        p++; /* the tab */
    }
    return n;
}

/* Runs a bulk's query over bulk_rows, each row it returns to fn. */
static int bulk_query(PgStore *s, StoreBulk *b, StmtId id)
{
    Buf sql = {0};
    buf_addf(&sql, "COPY (%s) TO STDOUT", stmt_sql(id, DIALECT_POSTGRESQL));
    PGresult *res = PQexec(s->conn, sql.data);
    buf_free(&sql);
    int rc = STORE_OK;
    if (PQresultStatus(res) != PGRES_COPY_OUT) rc = fail_pg(s, res, stmt_name(id));
    PQclear(res);
    if (rc != STORE_OK) return rc;
    char *fields[STORE_MAX_PARAMS];
    size_t lens[STORE_MAX_PARAMS];
    PgRows row = {.rows = {.store = &s->base}, .fields = fields, .lens = lens};
    char *line;
    int got;
    while ((got = PQgetCopyData(s->conn, &line, 0)) > 0) {
        row.nfields = copy_fields(line, got, fields, lens, STORE_MAX_PARAMS);
        s->base.cost.rows++;
        b->fn(b->ctx, &row.rows);
        PQfreemem(line);
    }
    if (got == -2) rc = fail_pg(s, NULL, stmt_name(id));
    int end = copy_result(s, stmt_name(id));
    return rc ? rc : end;
}

static int pg_bulk_end(StoreBulk *b, bool apply)
{
    PgStore *s = (PgStore *)b->store;
    PgBulk *pb = b->be_state;
    int rc = b->rc;
    if (pb->copying) {
        bool sent = bulk_flush(s, pb) && PQputCopyEnd(s->conn, NULL) == 1;
        int end = copy_result(s, "bulk: copy");
        if (!sent && end == STORE_OK) end = bulk_fail(s, "bulk: copy");
        if (rc == STORE_OK) rc = end;
    }
    if (rc == STORE_OK && apply) rc = run_sql(s, "ANALYZE bulk_rows", "bulk: analyze");
    for (int k = 0; k < b->nstmts && rc == STORE_OK && apply; k++)
        rc = b->fn ? bulk_query(s, b, b->stmts[k])
                   : run_sql(s, stmt_sql(b->stmts[k], DIALECT_POSTGRESQL), stmt_name(b->stmts[k]));
    if (rc == STORE_OK && !pb->own_tx) rc = run_sql(s, "DROP TABLE bulk_rows", "bulk: staging table");
    if (pb->own_tx && PQstatus(s->conn) == CONNECTION_OK) {
        int end = run_sql(s, rc == STORE_OK ? "COMMIT" : "ROLLBACK", "bulk: end");
        if (rc == STORE_OK) rc = end;
    }
    buf_free(&pb->out);
    free(pb);
    b->be_state = NULL;
    return rc;
}

/* store_scrub: VACUUM of the tables a purge writes (store.h says what it
 * does and does not do). A utility command, sent as a simple query. */
static int pg_scrub(Store *base)
{
    PgStore *s = (PgStore *)base;
    if (!ready(s)) return fail_pg(s, NULL, "connecting");
    return run_sql(s, stmt_sql(STMT_RETENTION_VACUUM, DIALECT_POSTGRESQL), "VACUUM after the purge");
}

static const StoreBackend pg_backend = {
    .name = "postgresql",
    .dialect = DIALECT_POSTGRESQL,
    .close = pg_close,
    .exec_script = pg_exec_script,
    .begin = pg_begin,
    .begin_read = pg_begin_read,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .exec = pg_exec,
    .query = pg_query,
    .next = pg_next,
    .col_null = pg_col_null,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .rows_close = pg_rows_close,
    .bulk_begin = pg_bulk_begin,
    .bulk_add = pg_bulk_add,
    .bulk_end = pg_bulk_end,
    /* pg_dump and pg_restore, which also keep roles and grants (docs/deploy.md). */
    .backup = NULL,
    .restore = NULL,
    .scrub = pg_scrub,
};
