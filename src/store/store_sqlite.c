/* store_sqlite.c: the SQLite backend of store.h.
 *
 * One connection per Store, used by one thread at a time. Every connection
 * runs in WAL mode with synchronous=FULL (a committed record survives power
 * loss), foreign keys on, secure_delete on, and a busy timeout so that a
 * writer waits for another rather than failing. Statements are prepared once
 * per connection, on first use, from statements.h. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_backend.h"
#include "core/util.h"

typedef struct {
    StoreRows rows;
    sqlite3_stmt *stmt;
} SqliteRows;

typedef struct {
    Store base;
    sqlite3 *db;
    sqlite3_stmt *stmts[STMT_COUNT];
    SqliteRows rows;
    bool rows_open;
} SqliteStore;

static const StoreBackend sqlite_backend;

/* Disk full, I/O and the like are the environment's fault, not the data's. */
static int code_for(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG: return STORE_ERROR;
    default: return STORE_ENV;
    }
}

/* Another connection held the write lock past the busy timeout. */
static int mark_busy(SqliteStore *s, int rc)
{
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        char why[sizeof s->base.err];
        strfmt(why, sizeof why, "%s", s->base.err);
        store_fail(&s->base, STORE_ENV, "the database is busy with another change; try again (%s)", why);
        s->base.busy = true;
    }
    return s->base.last_rc;
}

static int fail_db(SqliteStore *s, int rc, const char *what)
{
    store_fail(&s->base, code_for(rc), "%s: %s", what, sqlite3_errmsg(s->db));
    return mark_busy(s, rc);
}

static int run_sql(SqliteStore *s, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        store_fail(&s->base, code_for(rc), "%s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return mark_busy(s, rc);
    }
    return STORE_OK;
}

/* SQLite keeps memory statistics under one process-wide mutex, which every
 * request's threads would queue on; nothing here reads them. Must run before
 * the library initialises, hence before the first open. */
static void configure_library(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

/* The database holds password hashes, sessions and supervision records: it
 * and its -wal and -shm files are for the server's user alone (0600), set
 * explicitly rather than left to the umask. SQLite makes the -wal and -shm
 * files with the database's mode; a database made by an older version with
 * a wider mode is narrowed when opened. false and err when the file cannot
 * be made. */
static bool owner_only(const char *path, bool create, char *err, size_t errlen)
{
    int fd = create ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
    if (create && fd < 0) {
        snprintf(err, errlen, "%s: cannot create the database: %s", path, strerror(errno));
        return false;
    }
    if (fd >= 0) close(fd);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char file[4096];
        struct stat sb;
        snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
        if (stat(file, &sb) == 0 && (sb.st_mode & 077) && chmod(file, sb.st_mode & 0700) != 0 && i == 0) {
            snprintf(err, errlen, "%s: readable by others, and cannot be made 0600: %s", file, strerror(errno));
            return false;
        }
    }
    return true;
}

int store_sqlite_open(const char *path, bool create, Store **out, char *err, size_t errlen)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_library);
    struct stat st;
    if (!create && stat(path, &st) != 0) {
        snprintf(err, errlen, "%s: no database here (%s); create one with: oversight --db %s init", path,
                 strerror(errno), path);
        return STORE_ENV;
    }
    if (strcmp(path, ":memory:") != 0 && !owner_only(path, create, err, errlen)) return STORE_ENV;
    SqliteStore *s = xcalloc(1, sizeof *s);
    s->base.be = &sqlite_backend;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &s->db, flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open database: %s", path, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sqlite3_close(s->db);
        free(s);
        return STORE_ENV;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, STORE_LOCK_WAIT_MS);
    /* journal_mode is read back: it is the first statement to touch the
     * file, so it also tells a database from any other file. */
    if (run_sql(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                   " PRAGMA secure_delete=ON; PRAGMA cache_size=-65536;") != STORE_OK) {
        snprintf(err, errlen, "%s: not an Oversight database (%s)", path, s->base.err);
        sqlite3_close(s->db);
        free(s);
        return STORE_ENV;
    }
    *out = &s->base;
    return STORE_OK;
}

static void sqlite_close(Store *base)
{
    SqliteStore *s = (SqliteStore *)base;
    for (int i = 0; i < STMT_COUNT; i++) sqlite3_finalize(s->stmts[i]);
    sqlite3_close(s->db);
    free(s);
}

static int sqlite_exec_script(Store *base, const char *sql) { return run_sql((SqliteStore *)base, sql); }

static int sqlite_begin(Store *base) { return run_sql((SqliteStore *)base, "BEGIN IMMEDIATE"); }

/* The snapshot is taken by the first read and kept to the end. */
static int sqlite_begin_read(Store *base) { return run_sql((SqliteStore *)base, "BEGIN DEFERRED"); }

/* A read span (store.h): one deferred transaction, the snapshot taken by
 * its first read; in WAL mode each statement would otherwise take and let
 * go of a read lock and look at the log again. Ended by COMMIT, which a
 * read still stepping does not stop. */
static int sqlite_span_begin(Store *base)
{
    SqliteStore *s = (SqliteStore *)base;
    int rc = run_sql(s, "BEGIN DEFERRED");
    if (rc == STORE_OK) s->base.span = true;
    return rc;
}

static void sqlite_span_end(Store *base)
{
    SqliteStore *s = (SqliteStore *)base;
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->base.span = false;
}

/* A statement that writes, outside a transaction, is its own transaction
 * as ever: a span open before it ends first (in a deferred transaction
 * that has read, a write would fail at once when another connection has
 * written since, rather than wait for the lock). */
static void before_write(SqliteStore *s, sqlite3_stmt *st)
{
    if (s->base.span && !sqlite3_stmt_readonly(st)) sqlite_span_end(&s->base);
}

static int sqlite_commit(Store *base)
{
    SqliteStore *s = (SqliteStore *)base;
    int rc = run_sql(s, "COMMIT");
    /* A failed COMMIT (disk full) leaves the transaction open: end it, so
     * that nothing half-written can be committed later. */
    if (rc != STORE_OK && !sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static void sqlite_rollback(Store *base)
{
    SqliteStore *s = (SqliteStore *)base;
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* "$1" -> "?1": the same numbering, so a parameter used twice binds once. */
static char *sqlite_dialect(const char *sql)
{
    char *out = xstrdup(sql);
    for (char *p = out; *p; p++)
        if (*p == '$' && p[1] >= '0' && p[1] <= '9') *p = '?';
    return out;
}

static sqlite3_stmt *prepare(SqliteStore *s, StmtId id, const Param *params, int nparams)
{
    if (!s->stmts[id]) {
        char *sql = sqlite_dialect(stmt_sql(id, DIALECT_SQLITE));
        int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmts[id], NULL);
        free(sql);
        if (rc != SQLITE_OK) {
            fail_db(s, rc, stmt_name(id));
            return NULL;
        }
    }
    sqlite3_stmt *st = s->stmts[id];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    for (int i = 0; i < nparams; i++) {
        int rc;
        switch (params[i].kind) {
        case PARAM_INT: rc = sqlite3_bind_int64(st, i + 1, params[i].i); break;
        case PARAM_TEXT:
            rc = sqlite3_bind_text64(st, i + 1, params[i].s, params[i].n, SQLITE_TRANSIENT, SQLITE_UTF8);
            break;
        default: rc = sqlite3_bind_null(st, i + 1); break;
        }
        if (rc != SQLITE_OK) {
            fail_db(s, rc, stmt_name(id));
            return NULL;
        }
    }
    return st;
}

/* The work SQLite did for the statement's run now ending (store_cost_take):
 * its virtual machine's steps, which grow with the rows it reads whether or
 * not it returns them. Counted from nothing again for the next run. */
static void count_steps(SqliteStore *s, sqlite3_stmt *st)
{
    s->base.cost.steps += sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
}

static int sqlite_exec(Store *base, StmtId id, const Param *params, int nparams, int64_t *changes)
{
    SqliteStore *s = (SqliteStore *)base;
    sqlite3_stmt *st = prepare(s, id, params, nparams);
    if (!st) return s->base.last_rc;
    before_write(s, st);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    count_steps(s, st);
    if (rc != SQLITE_DONE) {
        int code = fail_db(s, rc, stmt_name(id));
        sqlite3_reset(st);
        return code;
    }
    if (changes) *changes = sqlite3_changes64(s->db);
    sqlite3_reset(st);
    return STORE_OK;
}

static StoreRows *sqlite_query(Store *base, StmtId id, const Param *params, int nparams)
{
    SqliteStore *s = (SqliteStore *)base;
    if (s->rows_open) {
        store_fail(base, STORE_ERROR, "%s: another query is still open", stmt_name(id));
        return NULL;
    }
    sqlite3_stmt *st = prepare(s, id, params, nparams);
    if (!st) return NULL;
    before_write(s, st);
    s->rows = (SqliteRows){.rows = {.store = base}, .stmt = st};
    s->rows_open = true;
    return &s->rows.rows;
}

static int sqlite_next(StoreRows *r)
{
    SqliteRows *sr = (SqliteRows *)r;
    int rc = sqlite3_step(sr->stmt);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    return fail_db((SqliteStore *)r->store, rc, "query");
}

static bool sqlite_col_null(StoreRows *r, int col)
{
    return sqlite3_column_type(((SqliteRows *)r)->stmt, col) == SQLITE_NULL;
}

static int64_t sqlite_col_int(StoreRows *r, int col) { return sqlite3_column_int64(((SqliteRows *)r)->stmt, col); }

static const char *sqlite_col_text(StoreRows *r, int col, size_t *len)
{
    sqlite3_stmt *st = ((SqliteRows *)r)->stmt;
    const char *t = (const char *)sqlite3_column_text(st, col);
    if (len) *len = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
    return t ? t : "";
}

static void sqlite_rows_close(StoreRows *r)
{
    SqliteStore *s = (SqliteStore *)r->store;
    count_steps(s, ((SqliteRows *)r)->stmt);
    sqlite3_reset(((SqliteRows *)r)->stmt);
    s->rows_open = false;
}

/* ---- Backup and restore (store.h) ----------------------------------------- */

/* A file beside the database: path with suffix. */
static void beside(char *out, size_t n, const char *path, const char *suffix) { strfmt(out, n, "%s%s", path, suffix); }

/* Whether a and b are the same file (both exist). */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Removes a copy never finished and what SQLite may have made beside it. */
static void remove_copy(const char *path)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char file[4200];
        beside(file, sizeof file, path, suffixes[i]);
        unlink(file);
    }
}

/* The first column of the first row of sql, as text, into out ("" when no
 * row or NULL). A SQLite result code. */
static int first_text(sqlite3 *db, const char *sql, char *out, size_t n)
{
    sqlite3_stmt *st = NULL;
    out[0] = 0;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(st, 0);
            strfmt(out, n, "%s", t ? (const char *)t : "");
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* Checks that db, a copy, is a whole Oversight database: every page and
 * index sound (PRAGMA integrity_check) and a schema_migrations table, whose
 * version goes into *version. STORE_OK, or STORE_ERROR with why (what, e.g.
 * the file's name, first) recorded on s. */
static int check_copy(SqliteStore *s, sqlite3 *db, const char *what, int *version)
{
    char got[512];
    int rc = first_text(db, "PRAGMA integrity_check(1)", got, sizeof got);
    if ((rc & 0xff) == SQLITE_NOTADB)
        return store_fail(&s->base, STORE_ERROR, "%s: not an Oversight database: not a SQLite database at all", what);
    if ((rc & 0xff) == SQLITE_CORRUPT)
        return store_fail(&s->base, STORE_ERROR, "%s: damaged (%s)", what, sqlite3_errmsg(db));
    if (rc != SQLITE_OK) return store_fail(&s->base, code_for(rc), "%s: cannot be read (%s)", what, sqlite3_errmsg(db));
    if (strcmp(got, "ok") != 0) {
        /* The first problem, on one line. */
        static const char header[] = "*** in database main ***\n";
        char *first = strncmp(got, header, sizeof header - 1) == 0 ? got + sizeof header - 1 : got;
        first[strcspn(first, "\n")] = 0;
        return store_fail(&s->base, STORE_ERROR, "%s: damaged: it fails SQLite's integrity check (%s)", what, first);
    }
    rc = first_text(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", got,
                    sizeof got);
    if (rc == SQLITE_OK && strcmp(got, "1") != 0)
        return store_fail(&s->base, STORE_ERROR,
                          "%s: not an Oversight database: a SQLite database without Oversight's schema", what);
    if (rc == SQLITE_OK) rc = first_text(db, "SELECT max(version) FROM schema_migrations", got, sizeof got);
    if (rc != SQLITE_OK)
        return store_fail(&s->base, code_for(rc), "%s: cannot read its schema version (%s)", what, sqlite3_errmsg(db));
    *version = (int)strtol(got, NULL, 10);
    if (*version <= 0)
        return store_fail(&s->base, STORE_ERROR, "%s: not an Oversight database: its schema has no version", what);
    return STORE_OK;
}

/* Copies src into dst STORE_BACKUP_STEP pages at a time, telling fn. A
 * step that finds a lock taken waits and tries again, up to the busy
 * timeout. STORE_OK, or a failure recorded on s (stopped: STORE_ENV). */
static int copy_pages(SqliteStore *s, sqlite3 *dst, sqlite3 *src, StoreProgressFn fn, void *ctx, StoreCopyInfo *info,
                      const char *busy_why)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) return store_fail(&s->base, STORE_ENV, "cannot start the copy: %s", sqlite3_errmsg(dst));
    int rc, waited = 0;
    bool stopped = false;
    for (;;) {
        rc = sqlite3_backup_step(b, STORE_BACKUP_STEP);
        int64_t total = sqlite3_backup_pagecount(b);
        if (rc == SQLITE_OK || rc == SQLITE_DONE) {
            waited = 0;
            if (info) info->pages = total;
            if (fn && !fn(ctx, total - sqlite3_backup_remaining(b), total)) {
                stopped = rc != SQLITE_DONE;
                if (stopped) break;
            }
            if (rc == SQLITE_DONE) break;
            continue;
        }
        if (((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) && waited < STORE_LOCK_WAIT_MS) {
            sqlite3_sleep(50);
            waited += 50;
            continue;
        }
        break;
    }
    int fin = sqlite3_backup_finish(b);
    if (stopped) return store_fail(&s->base, STORE_ENV, "stopped before the copy was complete; nothing was written");
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        store_fail(&s->base, STORE_ENV, "%s", busy_why);
        s->base.busy = true;
        return STORE_ENV;
    }
    if (rc != SQLITE_DONE || fin != SQLITE_OK)
        return store_fail(&s->base, code_for(rc != SQLITE_DONE ? rc : fin), "the copy failed: %s",
                          sqlite3_errstr(rc != SQLITE_DONE ? rc : fin));
    return STORE_OK;
}

/* Makes the directory entry of a renamed file durable. */
static void sync_dir_of(const char *path)
{
    char dir[4200];
    strfmt(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        strfmt(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = 0;
    else
        *slash = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int sqlite_backup(Store *base, const char *path, StoreProgressFn fn, void *ctx, StoreCopyInfo *info)
{
    SqliteStore *s = (SqliteStore *)base;
    if (!sqlite3_get_autocommit(s->db))
        return store_fail(base, STORE_ERROR, "backup: a transaction is open on this connection");
    if (same_file(sqlite3_db_filename(s->db, "main"), path))
        return store_fail(base, STORE_ERROR, "%s is the database itself: back it up into another file", path);
    char file[4200];
    beside(file, sizeof file, path, "-wal");
    if (access(file, F_OK) == 0)
        return store_fail(base, STORE_ERROR, "%s: a database in use is there (%s exists); choose another file", path,
                          file);
    /* The copy is made beside path, so the rename is within one file system. */
    char tmp[4200];
    strfmt(tmp, sizeof tmp, "%s.partial-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return store_fail(base, STORE_ENV, "%s: cannot write a file there (%s); nothing was written", path,
                          strerror(errno));
    close(fd);
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        store_fail(base, STORE_ENV, "%s: cannot write the copy: %s", tmp,
                   dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_extended_result_codes(dst, 1);
    /* One snapshot for every step: writers go on meanwhile (WAL) and their
     * commits do not make the copy start again. */
    rc = run_sql(s, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master");
    if (rc == STORE_OK) {
        rc = copy_pages(s, dst, s->db, fn, ctx, info,
                        "the copy could not be written: its file was locked; nothing was written");
        sqlite_rollback(base);
    }
    if (rc != STORE_OK) goto fail;
    /* One file, not WAL: the copy stands alone. Then checked as restore
     * would check it. */
    int version = 0;
    char mode[32];
    rc = first_text(dst, "PRAGMA journal_mode=DELETE", mode, sizeof mode);
    if (rc != SQLITE_OK || strcmp(mode, "delete") != 0) {
        store_fail(base, STORE_ENV, "%s: cannot finish the copy: %s", tmp, sqlite3_errmsg(dst));
        goto fail;
    }
    if (check_copy(s, dst, "the copy", &version) != STORE_OK) goto fail;
    int64_t page_size = 0;
    if (first_text(dst, "PRAGMA page_size", mode, sizeof mode) == SQLITE_OK) page_size = strtoll(mode, NULL, 10);
    rc = sqlite3_close(dst);
    dst = NULL;
    if (rc != SQLITE_OK) {
        store_fail(base, STORE_ENV, "%s: cannot close the copy: %s", tmp, sqlite3_errstr(rc));
        goto fail;
    }
    if (rename(tmp, path) != 0) {
        store_fail(base, STORE_ENV, "%s: cannot put the copy in place (%s); nothing was written", path,
                   strerror(errno));
        goto fail;
    }
    sync_dir_of(path);
    if (info) {
        info->version = version;
        info->bytes = info->pages * page_size;
    }
    return STORE_OK;
fail:
    if (dst) sqlite3_close(dst);
    remove_copy(tmp);
    return base->last_rc ? base->last_rc : STORE_ENV;
}

/* How long restore waits for another connection's write to end before it
 * says the database is in use. */
enum { RESTORE_WAIT_MS = 2000 };

static int sqlite_restore(Store *base, const char *path, StoreProgressFn fn, void *ctx, StoreCopyInfo *info)
{
    SqliteStore *s = (SqliteStore *)base;
    static const char in_use[] =
        "the database is in use: another connection is writing to it; stop the servers (oversight serve) and "
        "any other oversight command using it, then restore again; nothing was restored";
    struct stat st;
    if (stat(path, &st) != 0)
        return store_fail(base, STORE_ERROR, "%s: cannot read it (%s); nothing was restored", path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return store_fail(base, STORE_ERROR, "%s: not a file; nothing was restored", path);
    if (!sqlite3_get_autocommit(s->db))
        return store_fail(base, STORE_ERROR, "restore: a transaction is open on this connection");
    if (same_file(sqlite3_db_filename(s->db, "main"), path))
        return store_fail(base, STORE_ERROR, "%s is the database itself: restore from a backup of it", path);
    sqlite3 *src = NULL;
    int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        store_fail(base, STORE_ERROR, "%s: cannot open it: %s; nothing was restored", path,
                   src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
        sqlite3_close(src);
        return STORE_ERROR;
    }
    sqlite3_extended_result_codes(src, 1);
    int version = 0;
    rc = check_copy(s, src, path, &version);
    if (rc == STORE_OK && version > store_expected_version())
        rc = store_fail(base, STORE_ERROR,
                        "%s: its schema version %d is newer than this program's %d; restore it with the newer "
                        "oversight that wrote it; nothing was restored",
                        path, version, store_expected_version());
    if (rc != STORE_OK) {
        sqlite3_close(src);
        return rc;
    }
    /* Refused while another connection writes: it would only wait for the
     * restore and then write into the restored database. */
    sqlite3_busy_timeout(s->db, RESTORE_WAIT_MS);
    rc = run_sql(s, "BEGIN IMMEDIATE");
    if (rc == STORE_OK) {
        sqlite_rollback(base);
        rc = copy_pages(s, s->db, src, fn, ctx, info, in_use);
    } else if (base->busy) {
        store_fail(base, STORE_ENV, "%s", in_use);
        base->busy = true;
    }
    sqlite3_busy_timeout(s->db, STORE_LOCK_WAIT_MS);
    char size[32];
    int64_t page_size = 0;
    if (first_text(src, "PRAGMA page_size", size, sizeof size) == SQLITE_OK) page_size = strtoll(size, NULL, 10);
    sqlite3_close(src);
    if (rc != STORE_OK) return rc;
    if (info) {
        info->version = version;
        info->bytes = info->pages * page_size;
    }
    return STORE_OK;
}

/* store_scrub: secure_delete on, and the WAL checkpointed into the
 * database and truncated, so that no earlier image of a page remains. */
static int sqlite_scrub(Store *base)
{
    SqliteStore *s = (SqliteStore *)base;
    char on[8];
    int rc = first_text(s->db, "PRAGMA secure_delete", on, sizeof on);
    if (rc != SQLITE_OK) return fail_db(s, rc, "reading secure_delete");
    if (strcmp(on, "1") != 0)
        return store_fail(base, STORE_ERROR, "secure_delete is off on this connection: deleted texts may remain");
    int log = 0, done = 0;
    rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    if (rc == SQLITE_BUSY || (rc == SQLITE_OK && log > 0 && done < log)) {
        store_fail(base, STORE_ENV,
                   "the WAL could not be checkpointed: another connection is using the database (%d of %d pages "
                   "copied); the deleted texts may remain in %s-wal until a checkpoint completes: run it again when "
                   "nothing else has the database open",
                   done, log, sqlite3_db_filename(s->db, "main"));
        base->busy = true;
        return STORE_ENV;
    }
    if (rc != SQLITE_OK) return fail_db(s, rc, "checkpointing the WAL");
    return STORE_OK;
}

static const StoreBackend sqlite_backend = {
    .name = "sqlite",
    .dialect = DIALECT_SQLITE,
    .counts_steps = true,
    .close = sqlite_close,
    .exec_script = sqlite_exec_script,
    .begin = sqlite_begin,
    .begin_read = sqlite_begin_read,
    .span_begin = sqlite_span_begin,
    .span_end = sqlite_span_end,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .exec = sqlite_exec,
    .query = sqlite_query,
    .next = sqlite_next,
    .col_null = sqlite_col_null,
    .col_int = sqlite_col_int,
    .col_text = sqlite_col_text,
    .rows_close = sqlite_rows_close,
    .backup = sqlite_backup,
    .restore = sqlite_restore,
    .scrub = sqlite_scrub,
};
