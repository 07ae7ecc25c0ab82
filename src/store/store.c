/* store.c: the backend-independent half of the storage interface: choosing
 * the backend from --db, schema migrations, and dispatch. */
#include "store/store.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store_backend.h"
#include "core/util.h"

/* Migrations, in order, for each dialect (sql/<dialect>/NNN_*.sql). */
extern const char migrations_sqlite_1[];
extern const char migrations_pg_1[];
extern const char migrations_sqlite_2[];
extern const char migrations_pg_2[];
extern const char migrations_sqlite_3[];
extern const char migrations_pg_3[];
extern const char migrations_sqlite_4[];
extern const char migrations_pg_4[];
extern const char migrations_sqlite_5[];
extern const char migrations_pg_5[];
extern const char migrations_sqlite_6[];
extern const char migrations_pg_6[];
extern const char migrations_sqlite_7[];
extern const char migrations_pg_7[];
extern const char migrations_sqlite_8[];
extern const char migrations_pg_8[];
extern const char migrations_sqlite_9[];
extern const char migrations_pg_9[];
extern const char migrations_sqlite_10[];
extern const char migrations_pg_10[];
extern const char migrations_sqlite_11[];
extern const char migrations_pg_11[];
extern const char migrations_sqlite_12[];
extern const char migrations_pg_12[];
extern const char migrations_sqlite_13[];
extern const char migrations_pg_13[];
extern const char migrations_sqlite_14[];
extern const char migrations_pg_14[];
extern const char migrations_sqlite_15[];
extern const char migrations_pg_15[];
extern const char migrations_sqlite_16[];
extern const char migrations_pg_16[];
extern const char migrations_sqlite_17[];
extern const char migrations_pg_17[];
extern const char migrations_sqlite_18[];
extern const char migrations_pg_18[];
extern const char migrations_sqlite_19[];
extern const char migrations_pg_19[];
extern const char migrations_sqlite_20[];
extern const char migrations_pg_20[];
extern const char migrations_sqlite_21[];
extern const char migrations_pg_21[];
extern const char migrations_sqlite_22[];
extern const char migrations_pg_22[];
extern const char migrations_sqlite_23[];
extern const char migrations_pg_23[];
extern const char migrations_sqlite_24[];
extern const char migrations_pg_24[];
static const char *const migrations[][2] = {
    {migrations_sqlite_1, migrations_pg_1},   {migrations_sqlite_2, migrations_pg_2},
    {migrations_sqlite_3, migrations_pg_3},   {migrations_sqlite_4, migrations_pg_4},
    {migrations_sqlite_5, migrations_pg_5},   {migrations_sqlite_6, migrations_pg_6},
    {migrations_sqlite_7, migrations_pg_7},   {migrations_sqlite_8, migrations_pg_8},
    {migrations_sqlite_9, migrations_pg_9},   {migrations_sqlite_10, migrations_pg_10},
    {migrations_sqlite_11, migrations_pg_11}, {migrations_sqlite_12, migrations_pg_12},
    {migrations_sqlite_13, migrations_pg_13}, {migrations_sqlite_14, migrations_pg_14},
    {migrations_sqlite_15, migrations_pg_15}, {migrations_sqlite_16, migrations_pg_16},
    {migrations_sqlite_17, migrations_pg_17}, {migrations_sqlite_18, migrations_pg_18},
    {migrations_sqlite_19, migrations_pg_19}, {migrations_sqlite_20, migrations_pg_20},
    {migrations_sqlite_21, migrations_pg_21}, {migrations_sqlite_22, migrations_pg_22},
    {migrations_sqlite_23, migrations_pg_23}, {migrations_sqlite_24, migrations_pg_24},
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof *migrations))

int store_fail(Store *s, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    s->last_rc = code;
    s->busy = false;
    s->unavailable = false;
    return code;
}

bool store_busy(const Store *s) { return s->last_rc == STORE_ENV && s->busy; }

bool store_unavailable(const Store *s) { return s->last_rc == STORE_ENV && s->unavailable; }

static bool is_pg_uri(const char *where)
{
    return strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0;
}

int store_open(const char *where, bool create, Store **out, char *err, size_t errlen)
{
    *out = NULL;
    if (is_pg_uri(where)) return store_pg_open(where, out, err, errlen);
    return store_sqlite_open(where, create, out, err, errlen);
}

void store_close(Store *s)
{
    if (s) s->be->close(s);
}

const char *store_backend_name(const Store *s) { return s->be->name; }

const char *store_error(const Store *s) { return s->err; }

int store_expected_version(void) { return NMIGRATIONS; }

/* Reads the version without creating anything, so that an application
 * role without the right to create tables can still ask. */
int store_schema_version(Store *s, int *version)
{
    int64_t v = 0;
    *version = 0;
    int rc = store_query_int(s, STMT_SCHEMA_EXISTS, NULL, 0, &v);
    if (rc < 0) return rc;
    if (v == 0) return STORE_OK;
    rc = store_query_int(s, STMT_SCHEMA_VERSION, NULL, 0, &v);
    if (rc < 0) return rc;
    *version = rc ? (int)v : 0;
    return STORE_OK;
}

/* PostgreSQL has its own tools, which also copy what Oversight does not
 * own (roles, grants): docs/deploy.md says how. */
int store_backup(Store *s, const char *path, StoreProgressFn fn, void *ctx, StoreCopyInfo *info)
{
    if (info) *info = (StoreCopyInfo){0};
    if (!s->be->backup)
        return store_fail(s, STORE_ENV,
                          "oversight backup copies SQLite databases only; back up a %s database with pg_dump "
                          "(pg_dump --format=custom --file=FILE URI; see \"Backup and restore\" in docs/deploy.md)",
                          s->be->name);
    return s->be->backup(s, path, fn, ctx, info);
}

int store_restore(Store *s, const char *path, StoreProgressFn fn, void *ctx, StoreCopyInfo *info)
{
    if (info) *info = (StoreCopyInfo){0};
    if (!s->be->restore)
        return store_fail(s, STORE_ENV,
                          "oversight restore restores SQLite databases only; restore a %s database with pg_restore "
                          "from a pg_dump backup (see \"Backup and restore\" in docs/deploy.md)",
                          s->be->name);
    return s->be->restore(s, path, fn, ctx, info);
}

int store_scrub(Store *s)
{
    if (s->in_tx) return store_fail(s, STORE_ERROR, "store_scrub: not inside a transaction");
    if (!s->be->scrub) return STORE_OK;
    return s->be->scrub(s);
}

int store_migrate(Store *s)
{
    int rc = store_begin(s);
    if (rc) return rc;
    s->migrating = true;
    int version;
    rc = store_exec(s, STMT_SCHEMA_INIT, NULL, 0, NULL);
    if (rc == STORE_OK) rc = store_schema_version(s, &version);
    if (rc) goto fail;
    if (version > NMIGRATIONS) {
        rc = store_fail(s, STORE_ENV,
                        "the database has schema version %d, newer than this program's %d: "
                        "use a newer oversight",
                        version, NMIGRATIONS);
        goto fail;
    }
    for (int v = version + 1; v <= NMIGRATIONS; v++) {
        rc = s->be->exec_script(s, migrations[v - 1][s->be->dialect]);
        if (rc) goto fail;
        char now[32];
        time_t t = time(NULL);
        struct tm tm;
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
        Param p[] = {P_INT(v), P_STR(now)};
        rc = store_exec(s, STMT_SCHEMA_RECORD, p, 2, NULL);
        if (rc) goto fail;
    }
    rc = store_commit(s);
    s->migrating = false;
    return rc;
fail:
    s->migrating = false;
    store_rollback(s);
    return rc;
}

int store_generation(Store *s, int64_t *gen)
{
    int rc = store_query_int(s, STMT_GENERATION, NULL, 0, gen);
    return rc == 1 ? STORE_OK : rc < 0 ? rc : STORE_ERROR;
}

int store_generations(Store *s, StoreGenScope scope, const char *arg, int64_t *whole, StoreTeamGen **teams, size_t *n)
{
    static const StmtId stmts[] = {
        [STORE_GEN_TEAM] = STMT_GENERATIONS_TEAM,
        [STORE_GEN_MANAGED] = STMT_GENERATIONS_MANAGED,
        [STORE_GEN_SERVICE] = STMT_GENERATIONS_SERVICE,
        [STORE_GEN_ALL] = STMT_GENERATIONS_ALL,
    };
    *whole = INT64_MIN;
    *teams = NULL;
    *n = 0;
    Param p[] = {P_STR(arg ? arg : "")};
    StoreRows *r = store_query(s, stmts[scope], p, scope == STORE_GEN_ALL ? 0 : 1);
    if (!r) return s->last_rc ? s->last_rc : STORE_ERROR;
    size_t cap = 0;
    int got;
    while ((got = store_next(r)) == 1) {
        if (store_col_null(r, 0)) {
            *whole = store_col_int(r, 1);
            continue;
        }
        xgrow((void **)teams, &cap, *n + 1, sizeof **teams);
        (*teams)[(*n)++] = (StoreTeamGen){xstrdup(store_col_text(r, 0, NULL)), store_col_int(r, 1)};
    }
    store_rows_close(r);
    if (got == 0 && *whole == INT64_MIN) got = store_fail(s, STORE_ERROR, "the database has no generation");
    if (got < 0) {
        store_generations_free(*teams, *n);
        *teams = NULL;
        *n = 0;
        return got;
    }
    return STORE_OK;
}

void store_generations_free(StoreTeamGen *teams, size_t n)
{
    for (size_t i = 0; i < n; i++) free(teams[i].team);
    free(teams);
}

int store_generation_stamp(Store *s, StoreGenScope scope, const char *arg, Buf *stamp)
{
    int64_t whole;
    StoreTeamGen *teams;
    size_t n;
    int rc = store_generations(s, scope, arg, &whole, &teams, &n);
    if (rc != STORE_OK) return rc;
    if (whole < 0) {
        store_generations_free(teams, n);
        return STORE_OK; /* no stamp: nothing kept is valid, nothing is to be kept */
    }
    /* Each team's name with its length, so that no two sets read alike. */
    char num[48];
    snprintf(num, sizeof num, "w%lld", (long long)whole);
    buf_adds(stamp, num);
    for (size_t i = 0; i < n; i++) {
        snprintf(num, sizeof num, ";%zu:", strlen(teams[i].team));
        buf_adds(stamp, num);
        buf_adds(stamp, teams[i].team);
        snprintf(num, sizeof num, "=%lld", (long long)teams[i].n);
        buf_adds(stamp, num);
    }
    store_generations_free(teams, n);
    return STORE_OK;
}

int store_generation_whole(Store *s) { return store_exec(s, STMT_GENERATION_WHOLE, NULL, 0, NULL); }

int store_read_span_begin(Store *s)
{
    if (s->in_tx || s->span || !s->be->span_begin) return STORE_OK;
    return s->be->span_begin(s);
}

void store_read_span_end(Store *s)
{
    if (s->span) s->be->span_end(s);
}

int store_begin(Store *s)
{
    store_read_span_end(s);
    int rc = s->be->begin(s);
    if (rc == STORE_OK) s->in_tx = true;
    s->tx_failed = false;
    return rc;
}

int store_begin_read(Store *s)
{
    store_read_span_end(s);
    int rc = s->be->begin_read ? s->be->begin_read(s) : s->be->begin(s);
    if (rc == STORE_OK) s->in_tx = true;
    s->tx_failed = false;
    return rc;
}

/* A transaction with a failed statement is never committed, on either
 * backend (SQLite alone would carry on without the failed statement). */
static int noted(Store *s, int rc)
{
    if (rc < 0 && s->in_tx) s->tx_failed = true;
    return rc;
}

/* Rolls the transaction back and refuses the commit: "nothing was saved:
 * what" (with the failure behind it). Still unavailable (STORE_ENV) when
 * that failure was the server gone, so the caller says "try again". */
static int refuse_commit(Store *s, const char *what)
{
    char why[sizeof s->err];
    snprintf(why, sizeof why, "%s", s->err);
    bool gone = store_unavailable(s);
    store_rollback(s);
    if (why[0])
        store_fail(s, gone ? STORE_ENV : STORE_ERROR, "nothing was saved: %s (%s)", what, why);
    else
        store_fail(s, STORE_ERROR, "nothing was saved: %s", what);
    s->unavailable = gone;
    return s->last_rc;
}

static int commit(Store *s, bool data_changed)
{
    if (s->tx_failed) return refuse_commit(s, "an earlier statement failed");
    if (data_changed && !s->migrating && s->hook) {
        StoreCommitHook hook = s->hook;
        s->hook = NULL; /* its own statements are not hooked again */
        s->err[0] = 0;
        s->last_rc = STORE_OK; /* a failure now is the hook's */
        bool ok = hook(s, s->hook_arg);
        s->hook = hook;
        if (!ok || s->tx_failed) return refuse_commit(s, "the commit's check refused it");
    }
    /* The generations moved with the rows (016_scoped_generations.sql); a
     * transaction that moved the database-wide one marked it so, and the
     * mark ends with it. */
    if (data_changed && !s->migrating) {
        int rc = store_exec(s, STMT_GENERATION_WHOLE_END, NULL, 0, NULL);
        if (rc != STORE_OK) {
            store_rollback(s);
            return rc;
        }
    }
    int rc = s->be->commit(s);
    /* A failed commit has ended the transaction in the backend (rolled
     * back): end it here too, so that no later call is taken for part of
     * it, whether or not the caller rolls back. */
    if (rc != STORE_OK) store_rollback(s);
    s->in_tx = false;
    return rc;
}

int store_commit(Store *s) { return commit(s, true); }

int store_commit_bookkeeping(Store *s) { return commit(s, false); }

void store_set_commit_hook(Store *s, StoreCommitHook fn, void *arg)
{
    s->hook = fn;
    s->hook_arg = fn ? arg : NULL;
}

void store_rollback(Store *s)
{
    if (s->in_tx) s->be->rollback(s);
    s->in_tx = false;
    s->tx_failed = false;
}

int store_fast_commits(Store *s) { return s->be->exec_script(s, stmt_sql(STMT_FAST_COMMITS, s->be->dialect)); }

int store_read_once(Store *s)
{
    const char *sql = stmt_sql(STMT_READ_ONCE, s->be->dialect);
    return *sql ? s->be->exec_script(s, sql) : STORE_OK;
}

int store_exec(Store *s, StmtId id, const Param *params, int nparams, int64_t *changes)
{
    s->cost.statements++;
    return noted(s, s->be->exec(s, id, params, nparams, changes));
}

StoreRows *store_query(Store *s, StmtId id, const Param *params, int nparams)
{
    s->cost.statements++;
    StoreRows *r = s->be->query(s, id, params, nparams);
    if (!r) noted(s, STORE_ERROR);
    return r;
}

int store_next(StoreRows *r)
{
    int rc = r->store->be->next(r);
    if (rc == 1) r->store->cost.rows++;
    return noted(r->store, rc);
}

StoreCost store_cost_take(Store *s)
{
    StoreCost c = s->cost;
    if (!s->be->counts_steps) c.steps = -1;
    s->cost = (StoreCost){0};
    return c;
}
bool store_col_null(StoreRows *r, int col) { return r->store->be->col_null(r, col); }
int64_t store_col_int(StoreRows *r, int col) { return r->store->be->col_int(r, col); }
const char *store_col_text(StoreRows *r, int col, size_t *len) { return r->store->be->col_text(r, col, len); }

void store_rows_close(StoreRows *r)
{
    if (r) r->store->be->rows_close(r);
}

int store_query_int(Store *s, StmtId id, const Param *params, int nparams, int64_t *value)
{
    StoreRows *r = store_query(s, id, params, nparams);
    if (!r) return s->last_rc ? s->last_rc : STORE_ERROR;
    int rc = store_next(r);
    if (rc == 1) {
        if (store_col_null(r, 0))
            rc = 0;
        else
            *value = store_col_int(r, 0);
    }
    store_rows_close(r);
    return rc;
}

/* ---- bulk ---- */

/* The highest $N a statement names: what it takes when run row by row. */
static int params_named(const char *sql)
{
    int most = 0;
    for (const char *p = sql; *p; p++)
        if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
            int n = (int)strtol(p + 1, NULL, 10);
            if (n > most) most = n;
        }
    return most;
}

StoreBulk *store_bulk_begin(Store *s, const StmtId *stmts, int nstmts, int ncols, StoreRowFn fn, void *ctx)
{
    StoreBulk *b = xcalloc(1, sizeof *b);
    *b = (StoreBulk){.store = s, .nstmts = nstmts, .ncols = ncols, .fn = fn, .ctx = ctx};
    if (nstmts < 1 || nstmts > STORE_BULK_MAX_STMTS || ncols < 1 || ncols > STORE_MAX_PARAMS) {
        b->rc = store_fail(s, STORE_ERROR, "bulk: %d statements of %d columns", nstmts, ncols);
        return b;
    }
    for (int k = 0; k < nstmts; k++) {
        b->stmts[k] = stmts[k];
        int n = params_named(stmt_sql(stmts[k], s->be->dialect));
        b->nparams[k] = n < ncols ? n : ncols;
    }
    if (s->be->bulk_begin) b->rc = noted(s, s->be->bulk_begin(b));
    return b;
}

/* One row through each statement, as store_exec and store_query would. */
static int bulk_row(StoreBulk *b, const Param *row)
{
    Store *s = b->store;
    for (int k = 0; k < b->nstmts; k++) {
        if (!b->fn) {
            int rc = store_exec(s, b->stmts[k], row, b->nparams[k], NULL);
            if (rc < 0) return rc;
            continue;
        }
        StoreRows *r = store_query(s, b->stmts[k], row, b->nparams[k]);
        if (!r) return s->last_rc ? s->last_rc : STORE_ERROR;
        int rc;
        while ((rc = store_next(r)) == 1) b->fn(b->ctx, r);
        store_rows_close(r);
        if (rc < 0) return rc;
    }
    return STORE_OK;
}

int store_bulk_add(StoreBulk *b, const Param *row)
{
    if (b->rc) return b->rc;
    b->rows++;
    Store *s = b->store;
    int rc = s->be->bulk_add ? s->be->bulk_add(b, row) : bulk_row(b, row);
    if (rc < 0) b->rc = noted(s, rc);
    return b->rc;
}

int store_bulk_end(StoreBulk *b, bool apply)
{
    Store *s = b->store;
    int rc = b->rc;
    if (s->be->bulk_end && b->be_state) {
        int end = s->be->bulk_end(b, apply && rc == STORE_OK);
        if (rc == STORE_OK && end < 0) rc = noted(s, end);
        if (apply) s->cost.statements += b->nstmts;
    }
    free(b);
    return rc;
}
