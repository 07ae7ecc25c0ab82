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
    f->calls++;
    bool fails = f->calls == f->nth || (f->persistent && f->calls > f->nth);
    if (fails && f->injected++ == 0) f->first_op = op, f->first_stmt = id;
    return fails;
}

/* The failure as the backend reports a broken disk or connection. */
static int fault_fail(Store *s, FaultOp op, StmtId id)
{
    const char *what = op == FAULT_EXEC || op == FAULT_QUERY ? stmt_name(id) : fault_op_names[op];
    if (store_fault_of(s)->real->dialect == DIALECT_SQLITE)
        return store_fail(s, STORE_ENV, "%s: %s", what, sqlite3_errstr(op == FAULT_COMMIT ? SQLITE_IOERR_FSYNC : SQLITE_IOERR_WRITE));
    return store_fail(s, STORE_ENV, "%s: server closed the connection unexpectedly", what);
}

static int fault_begin(Store *s)
{
    return fault_now(s, FAULT_BEGIN, 0) ? fault_fail(s, FAULT_BEGIN, 0) : store_fault_of(s)->real->begin(s);
}

static int fault_begin_read(Store *s)
{
    const StoreBackend *real = store_fault_of(s)->real;
    if (fault_now(s, FAULT_BEGIN, 0)) return fault_fail(s, FAULT_BEGIN, 0);
    return real->begin_read ? real->begin_read(s) : real->begin(s);
}

/* The sync refused: nothing is committed, and the backend's transaction
 * is ended as a failed COMMIT ends it. */
static int fault_commit(Store *s)
{
    const StoreBackend *real = store_fault_of(s)->real;
    if (!fault_now(s, FAULT_COMMIT, 0)) return real->commit(s);
    real->rollback(s);
    return fault_fail(s, FAULT_COMMIT, 0);
}

static int fault_exec(Store *s, StmtId id, const Param *params, int nparams, int64_t *changes)
{
    if (fault_now(s, FAULT_EXEC, id)) return fault_fail(s, FAULT_EXEC, id);
    return store_fault_of(s)->real->exec(s, id, params, nparams, changes);
}

static int fault_exec_script(Store *s, const char *sql)
{
    if (fault_now(s, FAULT_SCRIPT, 0)) return fault_fail(s, FAULT_SCRIPT, 0);
    return store_fault_of(s)->real->exec_script(s, sql);
}

static StoreRows *fault_query(Store *s, StmtId id, const Param *params, int nparams)
{
    if (fault_now(s, FAULT_QUERY, id)) {
        fault_fail(s, FAULT_QUERY, id);
        return NULL;
    }
    return store_fault_of(s)->real->query(s, id, params, nparams);
}

/* A row that cannot be read: the query stays open for its caller to close. */
static int fault_next(StoreRows *r)
{
    if (fault_now(r->store, FAULT_NEXT, 0)) return fault_fail(r->store, FAULT_NEXT, 0);
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

static bool store_fault_armed(const Store *s) { return s->be->close == fault_close; }

/* Arms s: its nth call to the database from now on fails (nth >= 1), and
 * with persistent every later one too, until store_fault_disarm. Arming an
 * armed store starts again from its real backend. */
static void store_fault_arm(Store *s, long nth, bool persistent)
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

#endif
