/* store_backend.h: what a storage backend provides to store.c. Only store.c
 * and the backends (store_sqlite.c, store_pg.c) include this, and the
 * tests' faulting wrapper (tests/unit/svc/store_fault.h), which stands
 * between a connection and its backend. */
#ifndef OV_STORE_BACKEND_H
#define OV_STORE_BACKEND_H

#include "store/store.h"

typedef struct {
    const char *name;
    Dialect dialect;
    void (*close)(Store *s);
    /* Runs a script of several statements with no parameters (migrations). */
    int (*exec_script)(Store *s, const char *sql);
    int (*begin)(Store *s);
    int (*begin_read)(Store *s); /* store_begin_read; NULL: begin */
    /* store_read_span_begin and _end; NULL: no spans. span_begin sets
     * Store.span when it opened one; span_end clears it. The backend ends a
     * span itself before a statement that writes. */
    int (*span_begin)(Store *s);
    void (*span_end)(Store *s);
    int (*commit)(Store *s);
    void (*rollback)(Store *s);
    int (*exec)(Store *s, StmtId id, const Param *params, int nparams, int64_t *changes);
    StoreRows *(*query)(Store *s, StmtId id, const Param *params, int nparams);
    int (*next)(StoreRows *r);
    bool (*col_null)(StoreRows *r, int col);
    int64_t (*col_int)(StoreRows *r, int col);
    const char *(*col_text)(StoreRows *r, int col, size_t *len);
    void (*rows_close)(StoreRows *r);
    bool counts_steps; /* adds to Store.cost.steps (store_cost_take) */
    /* store_bulk_*: NULL for row by row through exec and query (store.c). */
    int (*bulk_begin)(StoreBulk *b);
    int (*bulk_add)(StoreBulk *b, const Param *row);
    int (*bulk_end)(StoreBulk *b, bool apply); /* frees b->be_state, whatever happens */
    /* store_backup and store_restore; NULL: the backend has none (store.c
     * refuses, saying what to use instead). */
    int (*backup)(Store *s, const char *path, StoreProgressFn fn, void *ctx, StoreCopyInfo *info);
    int (*restore)(Store *s, const char *path, StoreProgressFn fn, void *ctx, StoreCopyInfo *info);
    int (*scrub)(Store *s); /* store_scrub */
} StoreBackend;

/* Every backend's connection struct starts with this. */
struct Store {
    const StoreBackend *be;
    char err[1024];
    int last_rc;      /* the code store_fail last recorded */
    bool busy;        /* that failure was a wait for the write lock that ran out (store_busy) */
    bool unavailable; /* that failure was the database server gone or unreachable (store_unavailable) */
    bool in_tx;
    bool span;            /* a read span is open (store_read_span_begin) */
    bool tx_failed;       /* a statement of the open transaction failed: commit is refused */
    bool migrating;       /* store_migrate's transaction: the schema may not have data_generation yet */
    StoreCommitHook hook; /* store_set_commit_hook */
    void *hook_arg;
    StoreCost cost; /* store_cost_take */
};

struct StoreRows {
    Store *store;
};

struct StoreBulk {
    Store *store;
    StmtId stmts[STORE_BULK_MAX_STMTS];
    int nparams[STORE_BULK_MAX_STMTS]; /* of each statement (row by row) */
    int nstmts, ncols;
    StoreRowFn fn;
    void *ctx;
    int rc;         /* the first failure */
    int64_t rows;   /* added */
    void *be_state; /* the backend's */
};

/* Records the last error; returns code so callers can `return store_fail(...)`. */
int store_fail(Store *s, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int store_sqlite_open(const char *path, bool create, Store **out, char *err, size_t errlen);
int store_pg_open(const char *uri, Store **out, char *err, size_t errlen);

#endif
