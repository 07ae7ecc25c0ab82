/* store_fault.h: a faulting wrapper of a store connection, for tests.
 *
 * store_fault_arm(s, nth, persistent) puts a wrapper between the
 * connection and its backend (store_backend.h's vtable): it counts every
 * call that goes to the database (begin, exec, query, next, commit, and
 * the scripts of migrations) and makes the nth fail, and with persistent
 * every one after it too, the way an I/O error does: the statement is not
 * run, and the failure is recorded with the backend's own words and code
 * (SQLite's SQLITE_IOERR "disk I/O error"; PostgreSQL's lost connection),
 * as STORE_ENV. A failed commit is the disk refusing the sync: the
 * transaction is rolled back, as the backends do when COMMIT fails.
 * store_fault_disarm puts the backend back.
 *
 * It lives beside the tests, not in src/: it is compiled into no binary
 * but the tests that include it, so nothing in production can arm it and
 * it costs the program nothing. It needs only the seam store.c already
 * dispatches through; the connection knows nothing of it.
 *
 * One connection, one thread (as every Store). Everything here is static. */
#ifndef OV_TEST_STORE_FAULT_H
#define OV_TEST_STORE_FAULT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_backend.h"

/* What a call was, for saying which one failed. */
typedef enum { FAULT_BEGIN, FAULT_EXEC, FAULT_QUERY, FAULT_NEXT, FAULT_COMMIT, FAULT_SCRIPT } FaultOp;

static const char *const fault_op_names[] = {"begin", "exec", "query", "next", "commit", "script"};

typedef struct {
    StoreBackend vt;          /* the wrapper: s->be points here while armed */
    const StoreBackend *real; /* the backend it wraps */
    long nth;                 /* the call that fails first (1: the first) */
    bool persistent;          /* and every call after it */
    long calls;               /* calls counted since armed */
    long injected;            /* failures made */
    FaultOp first_op;         /* what the first failure was */
    StmtId first_stmt;        /* its statement (exec, query) */
    void (*breaker)(void *);  /* store_fault_arm_real: breaks the connection, then the call goes through */
    void *breaker_arg;
    bool commits_only; /* store_fault_arm_commits: only commits count */
} StoreFault;

/* The wrapper of an armed s (its vtable is the wrapper's first member). */
static StoreFault *store_fault_of(const Store *s)
{
    return (StoreFault *)(void *)((char *)(uintptr_t)s->be - offsetof(StoreFault, vt));
}

/* Whether this call fails; records it. */
static bool fault_now(Store *s, FaultOp op, StmtId id)
{
    StoreFault *f = store_fault_of(s);
    /* A broken connection outside a transaction is mended by the backend
     * (PostgreSQL reconnects and runs the call again): what matters is a
     * break inside one. */
    if (f->breaker && !s->in_tx && op != FAULT_COMMIT) return false;
    if (f->commits_only && op != FAULT_COMMIT) return false;
    f->calls++;
    bool fails = f->calls == f->nth || (f->persistent && f->calls > f->nth);
    if (fails && f->injected++ == 0) f->first_op = op, f->first_stmt = id;
    return fails;
}

/* The failure as the backend reports a broken disk or connection: its
 * code (non-zero). With a breaker, the connection is broken instead and 0
 * returned: the call then goes to the backend and fails for real. */
static int fault_fail(Store *s, FaultOp op, StmtId id)
{
    StoreFault *f = store_fault_of(s);
    if (f->breaker) {
        f->breaker(f->breaker_arg);
        return 0;
    }
    const char *what = op == FAULT_EXEC || op == FAULT_QUERY ? stmt_name(id) : fault_op_names[op];
    if (store_fault_of(s)->real->dialect == DIALECT_SQLITE)
        return store_fail(s, STORE_ENV, "%s: %s", what, sqlite3_errstr(op == FAULT_COMMIT ? SQLITE_IOERR_FSYNC : SQLITE_IOERR_WRITE));
    return store_fail(s, STORE_ENV, "%s: server closed the connection unexpectedly", what);
}

static int fault_begin(Store *s)
{
    if (fault_now(s, FAULT_BEGIN, 0) && fault_fail(s, FAULT_BEGIN, 0)) return s->last_rc;
    return store_fault_of(s)->real->begin(s);
}

static int fault_begin_read(Store *s)
{
    const StoreBackend *real = store_fault_of(s)->real;
    if (fault_now(s, FAULT_BEGIN, 0) && fault_fail(s, FAULT_BEGIN, 0)) return s->last_rc;
    return real->begin_read ? real->begin_read(s) : real->begin(s);
}

/* The sync refused: nothing is committed, and the backend's transaction
 * is ended as a failed COMMIT ends it. */
static int fault_commit(Store *s)
{
    const StoreBackend *real = store_fault_of(s)->real;
    if (!fault_now(s, FAULT_COMMIT, 0) || !fault_fail(s, FAULT_COMMIT, 0)) return real->commit(s);
    real->rollback(s);
    return s->last_rc;
}

static int fault_exec(Store *s, StmtId id, const Param *params, int nparams, int64_t *changes)
{
    if (fault_now(s, FAULT_EXEC, id) && fault_fail(s, FAULT_EXEC, id)) return s->last_rc;
    return store_fault_of(s)->real->exec(s, id, params, nparams, changes);
}

static int fault_exec_script(Store *s, const char *sql)
{
    if (fault_now(s, FAULT_SCRIPT, 0) && fault_fail(s, FAULT_SCRIPT, 0)) return s->last_rc;
    return store_fault_of(s)->real->exec_script(s, sql);
}

static StoreRows *fault_query(Store *s, StmtId id, const Param *params, int nparams)
{
    if (fault_now(s, FAULT_QUERY, id) && fault_fail(s, FAULT_QUERY, id)) return NULL;
    return store_fault_of(s)->real->query(s, id, params, nparams);
}

/* A row that cannot be read: the query stays open for its caller to close. */
static int fault_next(StoreRows *r)
{
    if (fault_now(r->store, FAULT_NEXT, 0) && fault_fail(r->store, FAULT_NEXT, 0)) return r->store->last_rc;
    return store_fault_of(r->store)->real->next(r);
}

static void fault_close(Store *s)
{
    StoreFault *f = store_fault_of(s);
    s->be = f->real;
    free(f);
    s->be->close(s);
}

static void fault_rollback(Store *s) { store_fault_of(s)->real->rollback(s); }
static bool fault_col_null(StoreRows *r, int col) { return store_fault_of(r->store)->real->col_null(r, col); }
static int64_t fault_col_int(StoreRows *r, int col) { return store_fault_of(r->store)->real->col_int(r, col); }
static const char *fault_col_text(StoreRows *r, int col, size_t *len)
{
    return store_fault_of(r->store)->real->col_text(r, col, len);
}
static void fault_rows_close(StoreRows *r) { store_fault_of(r->store)->real->rows_close(r); }

/* A bulk (store_bulk_*) where the backend has its own: each step counts
 * as a statement. Without one, store.c runs the rows through exec and query
 * above. */
static int fault_bulk_begin(StoreBulk *b)
{
    if (fault_now(b->store, FAULT_EXEC, b->stmts[0]) && fault_fail(b->store, FAULT_EXEC, b->stmts[0]))
        return b->store->last_rc;
    return store_fault_of(b->store)->real->bulk_begin(b);
}

static int fault_bulk_add(StoreBulk *b, const Param *row)
{
    if (fault_now(b->store, FAULT_EXEC, b->stmts[0]) && fault_fail(b->store, FAULT_EXEC, b->stmts[0]))
        return b->store->last_rc;
    return store_fault_of(b->store)->real->bulk_add(b, row);
}

static int fault_bulk_end(StoreBulk *b, bool apply)
{
    const StoreBackend *real = store_fault_of(b->store)->real;
    if (apply && fault_now(b->store, FAULT_EXEC, b->stmts[0]) && fault_fail(b->store, FAULT_EXEC, b->stmts[0])) {
        int rc = b->store->last_rc;
        real->bulk_end(b, false);
        return rc;
    }
    return real->bulk_end(b, apply);
}

static bool store_fault_armed(const Store *s) { return s->be->close == fault_close; }

/* Arms s: its nth call to the database from now on fails (nth >= 1), and
 * with persistent every later one too, until store_fault_disarm. Arming an
 * armed store starts again from its real backend.
 *
 * With a breaker, the failures are real: before each call that is to fail,
 * breaker(arg) breaks the connection (has the server end it, say), and the
 * call goes on to the backend, which meets the broken connection as it
 * would in use. Only calls inside a transaction count then. */
static void store_fault_arm_real(Store *s, long nth, bool persistent, void (*breaker)(void *), void *arg)
{
    const StoreBackend *real = s->be;
    if (store_fault_armed(s)) {
        real = store_fault_of(s)->real;
        free(store_fault_of(s));
    }
    StoreFault *f = calloc(1, sizeof *f);
    if (!f) abort();
    f->real = real;
    f->nth = nth;
    f->persistent = persistent;
    f->breaker = breaker;
    f->breaker_arg = arg;
    f->vt = (StoreBackend){
        .name = real->name,
        .dialect = real->dialect,
        .close = fault_close,
        .exec_script = fault_exec_script,
        .begin = fault_begin,
        .begin_read = fault_begin_read,
        .commit = fault_commit,
        .rollback = fault_rollback,
        .exec = fault_exec,
        .query = fault_query,
        .next = fault_next,
        .col_null = fault_col_null,
        .col_int = fault_col_int,
        .col_text = fault_col_text,
        .rows_close = fault_rows_close,
        .bulk_begin = real->bulk_begin ? fault_bulk_begin : NULL,
        .bulk_add = real->bulk_add ? fault_bulk_add : NULL,
        .bulk_end = real->bulk_end ? fault_bulk_end : NULL,
    };
    s->be = &f->vt;
}

/* What happened while armed: the calls counted, the failures made, and
 * the first failure's kind of call. */
typedef struct {
    long calls, injected;
    FaultOp first_op;
    StmtId first_stmt;
} StoreFaultReport;

static void store_fault_arm(Store *s, long nth, bool persistent) { store_fault_arm_real(s, nth, persistent, NULL, NULL); }

/* The same, counting only commits: the nth commit fails (the sync
 * refused), or with a breaker finds its connection broken. */
static void store_fault_arm_commits(Store *s, long nth, bool persistent, void (*breaker)(void *), void *arg)
{
    store_fault_arm_real(s, nth, persistent, breaker, arg);
    store_fault_of(s)->commits_only = true;
}

/* Puts s's backend back; returns what the wrapper saw. */
static StoreFaultReport store_fault_disarm(Store *s)
{
    StoreFaultReport rep = {0};
    if (!store_fault_armed(s)) return rep;
    StoreFault *f = store_fault_of(s);
    rep = (StoreFaultReport){f->calls, f->injected, f->first_op, f->first_stmt};
    s->be = f->real;
    free(f);
    return rep;
}

/* Whether s has a transaction open (that a service left open would hold
 * the database's write lock). */
static bool store_fault_in_tx(const Store *s) { return s->in_tx; }

/* ---- the disk under SQLite ----
 *
 * fault_vfs_install() puts a VFS in front of SQLite's default one, as the
 * default, for every connection opened after it: it passes everything on
 * until fault_vfs_arm(nth, persistent), after which the nth write or sync
 * of any file (the database, its WAL, a journal) fails with
 * SQLITE_IOERR_WRITE or SQLITE_IOERR_FSYNC, and with persistent every one
 * after it too. This is the fault SQLite's own tests make: SQLite sees a
 * real I/O error where the disk would give one, and the store must cope
 * with what SQLite then does (a statement or commit failing, the
 * transaction rolled back under it). */

typedef struct {
    sqlite3_file base;
    sqlite3_file *real; /* allocated just after this struct */
} FaultFile;

static sqlite3_vfs *fault_vfs_real;
static sqlite3_io_methods fault_io;
static struct {
    bool armed, persistent;
    long nth, calls, injected;
    bool first_sync; /* the first failure was a sync, not a write */
    bool syncs_only; /* fault_vfs_arm_syncs: only syncs count */
} fault_disk;

static int fault_disk_now(bool sync)
{
    if (!fault_disk.armed || (fault_disk.syncs_only && !sync)) return 0;
    fault_disk.calls++;
    bool fails = fault_disk.calls == fault_disk.nth || (fault_disk.persistent && fault_disk.calls > fault_disk.nth);
    if (!fails) return 0;
    if (fault_disk.injected++ == 0) fault_disk.first_sync = sync;
    return sync ? SQLITE_IOERR_FSYNC : SQLITE_IOERR_WRITE;
}

#define REAL(f) (((FaultFile *)(f))->real)

static int fv_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int fv_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int fv_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    int rc = fault_disk_now(false);
    return rc ? rc : REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int fv_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    int rc = fault_disk_now(false);
    return rc ? rc : REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int fv_sync(sqlite3_file *f, int flags)
{
    int rc = fault_disk_now(true);
    return rc ? rc : REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int fv_size(sqlite3_file *f, sqlite3_int64 *size) { return REAL(f)->pMethods->xFileSize(REAL(f), size); }
static int fv_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int fv_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int fv_reserved(sqlite3_file *f, int *out) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out); }
static int fv_control(sqlite3_file *f, int op, void *arg) { return REAL(f)->pMethods->xFileControl(REAL(f), op, arg); }
static int fv_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int fv_device(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int fv_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **p)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, p);
}
static int fv_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}
static void fv_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int fv_shm_unmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int fv_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, p);
}
static int fv_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p) { return REAL(f)->pMethods->xUnfetch(REAL(f), off, p); }

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    FaultFile *ff = (FaultFile *)f;
    ff->real = (sqlite3_file *)(ff + 1);
    int rc = fault_vfs_real->xOpen(fault_vfs_real, name, ff->real, flags, out_flags);
    /* Without the real file's methods SQLite calls none of ours. */
    ff->base.pMethods = ff->real->pMethods ? &fault_io : NULL;
    if (ff->real->pMethods) fault_io.iVersion = ff->real->pMethods->iVersion < 3 ? ff->real->pMethods->iVersion : 3;
    return rc;
}

static int fv_delete(sqlite3_vfs *v, const char *name, int sync)
{
    (void)v;
    return fault_vfs_real->xDelete(fault_vfs_real, name, sync);
}
static int fv_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
    (void)v;
    return fault_vfs_real->xAccess(fault_vfs_real, name, flags, out);
}
static int fv_full(sqlite3_vfs *v, const char *name, int n, char *out)
{
    (void)v;
    return fault_vfs_real->xFullPathname(fault_vfs_real, name, n, out);
}
static int fv_random(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return fault_vfs_real->xRandomness(fault_vfs_real, n, out);
}
static int fv_sleep(sqlite3_vfs *v, int us)
{
    (void)v;
    return fault_vfs_real->xSleep(fault_vfs_real, us);
}
static int fv_time(sqlite3_vfs *v, double *out)
{
    (void)v;
    return fault_vfs_real->xCurrentTime(fault_vfs_real, out);
}
static int fv_error(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return fault_vfs_real->xGetLastError(fault_vfs_real, n, out);
}
static int fv_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
    (void)v;
    return fault_vfs_real->xCurrentTimeInt64(fault_vfs_real, out);
}

static sqlite3_vfs fault_vfs;

/* Installs the VFS as SQLite's default; true on success (once is enough). */
static bool fault_vfs_install(void)
{
    if (fault_vfs_real) return true;
    if (sqlite3_initialize() != SQLITE_OK) return false;
    fault_vfs_real = sqlite3_vfs_find(NULL);
    if (!fault_vfs_real) return false;
    fault_io = (sqlite3_io_methods){
        .iVersion = 3,
        .xClose = fv_close,
        .xRead = fv_read,
        .xWrite = fv_write,
        .xTruncate = fv_truncate,
        .xSync = fv_sync,
        .xFileSize = fv_size,
        .xLock = fv_lock,
        .xUnlock = fv_unlock,
        .xCheckReservedLock = fv_reserved,
        .xFileControl = fv_control,
        .xSectorSize = fv_sector,
        .xDeviceCharacteristics = fv_device,
        .xShmMap = fv_shm_map,
        .xShmLock = fv_shm_lock,
        .xShmBarrier = fv_shm_barrier,
        .xShmUnmap = fv_shm_unmap,
        .xFetch = fv_fetch,
        .xUnfetch = fv_unfetch,
    };
    /* The real one's, but for opening files (whose methods are ours) and
     * the calls that must reach it as itself. */
    fault_vfs = *fault_vfs_real;
    fault_vfs.iVersion = fault_vfs_real->iVersion < 2 ? fault_vfs_real->iVersion : 2;
    fault_vfs.pNext = NULL;
    fault_vfs.szOsFile = (int)sizeof(FaultFile) + fault_vfs_real->szOsFile;
    fault_vfs.zName = "oversight-fault";
    fault_vfs.xOpen = fv_open;
    fault_vfs.xDelete = fv_delete;
    fault_vfs.xAccess = fv_access;
    fault_vfs.xFullPathname = fv_full;
    fault_vfs.xRandomness = fv_random;
    fault_vfs.xSleep = fv_sleep;
    fault_vfs.xCurrentTime = fv_time;
    fault_vfs.xGetLastError = fv_error;
    fault_vfs.xCurrentTimeInt64 = fv_time64;
    return sqlite3_vfs_register(&fault_vfs, 1) == SQLITE_OK;
}

static void fault_vfs_arm(long nth, bool persistent)
{
    fault_disk.armed = true, fault_disk.persistent = persistent, fault_disk.syncs_only = false;
    fault_disk.nth = nth, fault_disk.calls = fault_disk.injected = 0;
}

/* The same, counting only syncs (a commit's, on SQLite). */
static void fault_vfs_arm_syncs(long nth, bool persistent)
{
    fault_vfs_arm(nth, persistent);
    fault_disk.syncs_only = true;
}

/* Disarms the disk; returns what it saw (first_op FAULT_COMMIT for a sync,
 * FAULT_EXEC for a write). */
static StoreFaultReport fault_vfs_disarm(void)
{
    fault_disk.armed = false;
    return (StoreFaultReport){fault_disk.calls, fault_disk.injected, fault_disk.first_sync ? FAULT_COMMIT : FAULT_EXEC,
                              0};
}

#endif
