/* trail.c: the read trail (trail.h): rows appended to a hash chain, at
 * once or through a queue that a writer thread empties in batches; the
 * walk that checks the chain; and who read a person's records. */
#include "svc/trail.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/util.h"

const char trail_genesis[TRAIL_HASH_HEX] = "0000000000000000000000000000000000000000000000000000000000000000";

/* The serialisation's first line: a new version of it gets a new word. */
#define TRAIL_FORMAT "oversight-read-trail-v1\n"

/* Copies src into dst (size bytes with the NUL), cut before a character
 * that does not fit whole: a trail text is always whole UTF-8, which
 * PostgreSQL requires and a reader expects. */
static void cut_copy(char *dst, size_t size, const char *src)
{
    if (!src) src = "";
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--; /* src[n] continues a character */
    }
    memcpy(dst, src, n);
    dst[n] = 0;
}

void trail_read_set(TrailRead *r, int64_t at, const char *account, int64_t staff_ref, const char *role,
                    const char *address, const char *kind, int64_t ref, const char *detail)
{
    memset(r, 0, sizeof *r);
    r->at = at;
    r->staff_ref = staff_ref;
    r->ref = ref;
    cut_copy(r->account, sizeof r->account, account);
    cut_copy(r->role, sizeof r->role, role);
    cut_copy(r->address, sizeof r->address, address);
    cut_copy(r->kind, sizeof r->kind, kind);
    cut_copy(r->detail, sizeof r->detail, detail);
}

const char *trail_role(const Viewer *v, const char *as)
{
    if (as && *as) return as;
    if (v->auditor) return "auditor";
    if (v->nservices) return "senior manager";
    if (v->manages) return "manager";
    if (v->admin) return "admin";
    return "worker";
}

/* ---- the chain ---- */

static void netstring(Buf *b, const char *s)
{
    buf_addf(b, "%zu:", strlen(s));
    buf_adds(b, s);
    buf_addc(b, ',');
}

static void netstring_int(Buf *b, int64_t v, bool zero_empty)
{
    char n[24] = "";
    if (v || !zero_empty) strfmt(n, sizeof n, "%lld", (long long)v);
    netstring(b, n);
}

void trail_row_hash(const TrailRow *row, char hex[TRAIL_HASH_HEX])
{
    const TrailRead *r = &row->read;
    Buf b = {0};
    buf_adds(&b, TRAIL_FORMAT);
    netstring_int(&b, row->seq, false);
    netstring_int(&b, r->at, false);
    netstring(&b, r->account);
    netstring_int(&b, r->staff_ref, true);
    netstring(&b, r->role);
    netstring(&b, r->address);
    netstring(&b, r->kind);
    netstring_int(&b, r->ref, false);
    netstring(&b, r->detail);
    netstring(&b, row->prev);
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)buf_str(&b), b.len);
    sodium_bin2hex(hex, TRAIL_HASH_HEX, h, sizeof h);
    buf_free(&b);
}

int trail_head(Store *st, int64_t *seq, char hash[TRAIL_HASH_HEX])
{
    *seq = 0;
    memcpy(hash, trail_genesis, TRAIL_HASH_HEX);
    StoreRows *h = store_query(st, STMT_TRAIL_HEAD, NULL, 0);
    if (!h) return STORE_ERROR;
    int got = store_next(h);
    if (got == 1) {
        *seq = store_col_int(h, 0);
        cut_copy(hash, TRAIL_HASH_HEX, store_col_text(h, 1, NULL));
    }
    store_rows_close(h);
    return got;
}

int trail_append(Store *st, const TrailRead *reads, size_t n)
{
    if (!n) return STORE_OK;
    int rc = store_begin(st);
    if (rc != STORE_OK) return rc;
    /* The head, read under the writers' lock that store_begin took: no
     * other writer can append between this read and the commit. */
    TrailRow row = {0};
    memcpy(row.prev, trail_genesis, TRAIL_HASH_HEX);
    if (trail_head(st, &row.seq, row.prev) < 0) goto failed;
    for (size_t i = 0; i < n; i++) {
        row.seq++;
        row.read = reads[i];
        trail_row_hash(&row, row.hash);
        const TrailRead *r = &row.read;
        Param p[] = {P_INT(row.seq),    P_INT(r->at),
                     P_STR(r->account), r->staff_ref ? P_INT(r->staff_ref) : P_NULL,
                     P_STR(r->role),    P_STR(r->address),
                     P_STR(r->kind),    P_INT(r->ref),
                     P_STR(r->detail),  P_STR(row.prev),
                     P_STR(row.hash)};
        if (store_exec(st, STMT_TRAIL_ADD, p, (int)(sizeof p / sizeof *p), NULL) != STORE_OK) goto failed;
        memcpy(row.prev, row.hash, TRAIL_HASH_HEX);
    }
    /* No page is kept on the trail's account: the generations stay. */
    return store_commit_bookkeeping(st);
failed:
    rc = STORE_ERROR;
    store_rollback(st);
    return rc;
}

/* ---- the queued writer ---- */

struct Trail {
    Store *st;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* to the writer: reads waiting, a flush, a stop */
    pthread_cond_t done; /* from the writer: a batch tried */
    TrailRead *ring;     /* capacity reads; count of them from head */
    size_t capacity, head, count, batch;
    unsigned interval_ms;
    bool failing;  /* the last batch failed: notes are refused until one is written */
    bool flushing; /* a flush waits: write without waiting out the interval */
    bool stopping;
    uint64_t noted, written;
    uint64_t begun, tries; /* batches taken, and tried (in the same order) */
};

/* now + ms on the monotonic clock the conditions wait by. */
static struct timespec deadline_in(unsigned ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

static void *writer(void *arg)
{
    Trail *t = arg;
    TrailRead *batch = xmalloc(t->batch * sizeof *batch);
    pthread_mutex_lock(&t->lock);
    for (;;) {
        while (!t->stopping && t->count == 0) pthread_cond_wait(&t->wake, &t->lock);
        if (t->count == 0) break; /* stopping, nothing left */
        /* A batch: batch reads waiting, or the interval since the first;
         * at once for a flush or a stop. While failing, a try per interval. */
        struct timespec until = deadline_in(t->interval_ms);
        while (!t->stopping && !(t->flushing && !t->failing) && t->count < t->batch)
            if (pthread_cond_timedwait(&t->wake, &t->lock, &until) != 0) break;
        size_t n = t->count < t->batch ? t->count : t->batch;
        for (size_t i = 0; i < n; i++) batch[i] = t->ring[(t->head + i) % t->capacity];
        t->begun++;
        pthread_mutex_unlock(&t->lock);
        int rc = trail_append(t->st, batch, n);
        pthread_mutex_lock(&t->lock);
        /* Said once when it starts failing, not at every try. */
        if (rc != STORE_OK && !t->failing)
            log_event(NULL, "read trail: cannot be written, reads are refused until it can: %s", store_error(t->st));
        t->tries++;
        if (rc == STORE_OK) {
            /* Only now are they off the queue: a batch that failed is tried again, whole. */
            t->head = (t->head + n) % t->capacity;
            t->count -= n;
            t->written += n;
            if (t->failing) log_event(NULL, "read trail: written again");
            t->failing = false;
            if (t->count == 0) t->flushing = false;
        } else {
            t->failing = true;
        }
        pthread_cond_broadcast(&t->done);
        if (rc != STORE_OK && t->stopping) break; /* the one last try failed */
    }
    if (t->count) log_event(NULL, "read trail: stopping with %zu reads not written", t->count);
    pthread_mutex_unlock(&t->lock);
    free(batch);
    return NULL;
}

/* Everything trail_start made, its writer no longer running. */
static void trail_free(Trail *t)
{
    pthread_cond_destroy(&t->done);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    store_close(t->st);
    free(t->ring);
    free(t);
}

Trail *trail_start(const char *db, const TrailConfig *cfg, char *err, size_t errlen)
{
    Trail *t = xcalloc(1, sizeof *t);
    t->capacity = cfg && cfg->capacity ? cfg->capacity : TRAIL_CAPACITY;
    t->batch = cfg && cfg->batch ? cfg->batch : TRAIL_BATCH;
    t->interval_ms = cfg && cfg->interval_ms ? cfg->interval_ms : TRAIL_INTERVAL_MS;
    if (store_open(db, false, &t->st, err, errlen) != STORE_OK) {
        free(t);
        return NULL;
    }
    t->ring = xmalloc(t->capacity * sizeof *t->ring);
    pthread_mutex_init(&t->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&t->wake, &ca);
    pthread_condattr_destroy(&ca);
    pthread_cond_init(&t->done, NULL);
    if (pthread_create(&t->thread, NULL, writer, t) != 0) {
        strfmt(err, errlen, "cannot start the read trail's writer");
        trail_free(t);
        return NULL;
    }
    return t;
}

bool trail_note(Trail *t, const TrailRead *r)
{
    pthread_mutex_lock(&t->lock);
    bool ok = !t->failing && !t->stopping && t->count < t->capacity;
    if (ok) {
        t->ring[(t->head + t->count) % t->capacity] = *r;
        t->count++;
        t->noted++;
        if (t->count == 1 || t->count >= t->batch) pthread_cond_signal(&t->wake);
    }
    pthread_mutex_unlock(&t->lock);
    return ok;
}

bool trail_flush(Trail *t)
{
    pthread_mutex_lock(&t->lock);
    /* A failure counts only from a batch taken after this call: one under
     * way now may have begun before whatever made writing possible again. */
    uint64_t want = t->noted, begun = t->begun;
    if (t->written < want) {
        t->flushing = true;
        pthread_cond_signal(&t->wake);
    }
    while (t->written < want && !(t->failing && t->tries > begun)) pthread_cond_wait(&t->done, &t->lock);
    bool ok = t->written >= want;
    pthread_mutex_unlock(&t->lock);
    return ok;
}

size_t trail_stop(Trail *t)
{
    if (!t) return 0;
    pthread_mutex_lock(&t->lock);
    t->stopping = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    size_t lost = t->count;
    trail_free(t);
    return lost;
}

/* ---- checking the chain ---- */

static void row_of(StoreRows *r, TrailRow *row)
{
    memset(row, 0, sizeof *row);
    row->seq = store_col_int(r, 0);
    row->read.at = store_col_int(r, 1);
    cut_copy(row->read.account, sizeof row->read.account, store_col_text(r, 2, NULL));
    row->read.staff_ref = store_col_null(r, 3) ? 0 : store_col_int(r, 3);
    cut_copy(row->read.role, sizeof row->read.role, store_col_text(r, 4, NULL));
    cut_copy(row->read.address, sizeof row->read.address, store_col_text(r, 5, NULL));
    cut_copy(row->read.kind, sizeof row->read.kind, store_col_text(r, 6, NULL));
    row->read.ref = store_col_int(r, 7);
    cut_copy(row->read.detail, sizeof row->read.detail, store_col_text(r, 8, NULL));
    cut_copy(row->prev, sizeof row->prev, store_col_text(r, 9, NULL));
    cut_copy(row->hash, sizeof row->hash, store_col_text(r, 10, NULL));
}

bool trail_head_parse(const char *text, TrailHead *h)
{
    memset(h, 0, sizeof *h);
    const char *colon = strchr(text, ':');
    if (!colon || colon == text || colon - text > 18 || strlen(colon + 1) != 64) return false;
    int64_t seq = 0;
    for (const char *c = text; c < colon; c++) {
        if (*c < '0' || *c > '9') return false;
        seq = seq * 10 + (*c - '0');
    }
    if (seq < 1) return false;
    for (int i = 0; i < 64; i++) {
        char c = colon[1 + i];
        if (c >= 'A' && c <= 'F') c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        h->hash[i] = c;
    }
    h->seq = seq;
    return true;
}

/* Whether row (which holds) is the head h was kept as, when it stands at
 * h's seq: false, with out's break, when it is not. */
static bool head_kept(const TrailRow *row, const TrailHead *h, const char *kept, TrailCheck *out)
{
    if (!h || row->seq != h->seq || strcmp(row->hash, h->hash) == 0) return true;
    out->broken_seq = row->seq;
    strfmt(out->why, sizeof out->why,
           "row %lld is not the row it was: the chain holds up to it, but its hash is not the one %s"
           " (rows were rewritten)",
           (long long)row->seq, kept);
    return false;
}

/* Whether the trail (out, walked whole) still reaches h: false, with out's
 * break, when rows were cut from its end. */
static bool head_reached(const TrailHead *h, const char *kept, TrailCheck *out)
{
    if (!h || h->seq <= out->head_seq) return true;
    out->broken_seq = out->head_seq + 1;
    strfmt(out->why, sizeof out->why, "the trail ends at row %lld, but row %lld was %s: rows %lld to %lld were deleted",
           (long long)out->head_seq, (long long)h->seq, kept, (long long)out->head_seq + 1, (long long)h->seq);
    return false;
}

#define KEPT_SINCE "kept as its head"
#define KEPT_ANCHOR "anchored in the record log"

int trail_verify(Store *st, const TrailHead *since, const TrailHead *anchor, TrailCheck *out)
{
    memset(out, 0, sizeof *out);
    memcpy(out->head_hash, trail_genesis, TRAIL_HASH_HEX);
    int rc = store_begin_read(st);
    if (rc != STORE_OK) return rc;
    StoreRows *r = store_query(st, STMT_TRAIL_FROM, (Param[]){P_INT(1)}, 1);
    if (!r) {
        rc = STORE_ERROR;
        goto done;
    }
    TrailRow row;
    while ((rc = store_next(r)) == 1) {
        row_of(r, &row);
        int64_t want = out->head_seq + 1;
        if (row.seq != want) {
            out->broken_seq = want;
            if (want == 1)
                strfmt(out->why, sizeof out->why, "row 1 is missing: the trail starts at row %lld", (long long)row.seq);
            else
                strfmt(out->why, sizeof out->why, "row %lld is missing: row %lld is followed by row %lld (deleted)",
                       (long long)want, (long long)out->head_seq, (long long)row.seq);
            break;
        }
        if (strcmp(row.prev, out->head_hash) != 0) {
            out->broken_seq = row.seq;
            if (row.seq == 1)
                strfmt(out->why, sizeof out->why, "row 1 does not start the chain (its prev is not 64 zeros)");
            else
                strfmt(out->why, sizeof out->why,
                       "row %lld does not follow row %lld (its prev is not that row's hash): rows were changed,"
                       " moved or put in others' place",
                       (long long)row.seq, (long long)out->head_seq);
            break;
        }
        char hash[TRAIL_HASH_HEX];
        trail_row_hash(&row, hash);
        if (strcmp(hash, row.hash) != 0) {
            out->broken_seq = row.seq;
            strfmt(out->why, sizeof out->why, "row %lld was changed: its contents do not give its hash",
                   (long long)row.seq);
            break;
        }
        if (!head_kept(&row, since, "kept", out) || !head_kept(&row, anchor, KEPT_ANCHOR, out)) break;
        out->rows++;
        out->head_seq = row.seq;
        memcpy(out->head_hash, row.hash, TRAIL_HASH_HEX);
    }
    store_rows_close(r);
    if (rc >= 0 && !out->broken_seq && head_reached(since, KEPT_SINCE, out)) head_reached(anchor, KEPT_ANCHOR, out);
    if (rc >= 0) rc = out->broken_seq ? 0 : 1;
done:
    store_rollback(st);
    return rc;
}

/* ---- who read a person's records ---- */

int trail_reads_of_person(Store *st, int64_t staff_ref, int limit, TrailEntry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    StoreRows *r = store_query(st, STMT_TRAIL_READS_OF_PERSON, (Param[]){P_INT(staff_ref), P_INT(limit)}, 2);
    if (!r) return STORE_ERROR;
    size_t cap = 0;
    int rc;
    while ((rc = store_next(r)) == 1) {
        xgrow((void **)out, &cap, *n + 1, sizeof **out);
        TrailEntry *e = &(*out)[(*n)++];
        memset(e, 0, sizeof *e);
        e->seq = store_col_int(r, 0);
        e->at = store_col_int(r, 1);
        cut_copy(e->account, sizeof e->account, store_col_text(r, 2, NULL));
        e->staff_ref = store_col_null(r, 3) ? 0 : store_col_int(r, 3);
        cut_copy(e->role, sizeof e->role, store_col_text(r, 4, NULL));
        cut_copy(e->address, sizeof e->address, store_col_text(r, 5, NULL));
        cut_copy(e->kind, sizeof e->kind, store_col_text(r, 6, NULL));
        e->ref = store_col_int(r, 7);
        cut_copy(e->detail, sizeof e->detail, store_col_text(r, 8, NULL));
        cut_copy(e->reader_name, sizeof e->reader_name, store_col_text(r, 9, NULL));
        cut_copy(e->reader_id, sizeof e->reader_id, store_col_text(r, 10, NULL));
    }
    store_rows_close(r);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return STORE_OK;
}
