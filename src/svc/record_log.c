/* record_log.c: see record_log.h. */
#include "svc/record_log.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "svc/trail.h"

#define TILE 4                  /* levels per stored tile: nodes at levels 4, 8, 12, ... */
#define TILE_WIDTH (1u << TILE) /* hashes below a stored node, TILE levels down */

static void hex_of(const uint8_t h[32], char out[65]) { sodium_bin2hex(out, 65, h, 32); }

static bool hash_of(const char *hex, size_t len, uint8_t out[32])
{
    size_t n = 0;
    return len == 64 && sodium_hex2bin(out, 32, hex, len, NULL, &n, NULL) == 0 && n == 32;
}

static void day_of(int64_t at, char out[11]) { date_format((Date)(at >= 0 ? at / 86400 : 0), out); }

int record_log_state(Store *st, LogState *out)
{
    memset(out, 0, sizeof *out);
    StoreRows *r = store_query(st, STMT_LOG_STATE, NULL, 0);
    if (!r) return STORE_ERROR;
    int rc = store_next(r);
    if (rc == 1) {
        svc_col_copy(r, 0, out->origin, sizeof out->origin);
        out->ready = strcmp(store_col_text(r, 1, NULL), "ready") == 0;
        out->since = store_col_int(r, 2);
    }
    store_rows_close(r);
    return rc;
}

static int keys_of(Store *st, StmtId stmt, Buf *out)
{
    StoreRows *r = store_query(st, stmt, NULL, 0);
    if (!r) return STORE_ERROR;
    int rc, n = 0;
    while ((rc = store_next(r)) == 1) {
        size_t len = 0;
        const char *v = store_col_text(r, 0, &len);
        buf_add(out, v, len);
        buf_addc(out, '\n');
        n++;
    }
    store_rows_close(r);
    return rc < 0 ? rc : n;
}

int record_log_keys(Store *st, Buf *out) { return keys_of(st, STMT_LOG_KEYS_CURRENT, out); }

int record_log_version_leaf(Store *st, int64_t record_ref, int64_t version, int64_t *idx, char hash[65], int64_t *at)
{
    StoreRows *r = store_query(st, STMT_LOG_VERSION_LEAF, (Param[]){P_INT(record_ref), P_INT(version)}, 2);
    if (!r) return STORE_ERROR;
    int rc = store_next(r);
    if (rc == 1) {
        size_t len = 0;
        const char *hex = store_col_text(r, 1, &len);
        uint8_t h[32];
        *idx = store_col_int(r, 0);
        *at = store_col_int(r, 2);
        if (hash_of(hex, len, h))
            hex_of(h, hash); /* written afresh: lower case, whatever the row held */
        else
            rc = STORE_ERROR;
    }
    store_rows_close(r);
    return rc;
}

int record_log_size(Store *st, int64_t *n)
{
    *n = 0;
    int rc = store_query_int(st, STMT_LOG_SIZE, NULL, 0, n);
    return rc < 0 ? rc : 0;
}

/* ---- Reading the tree ---- */

typedef struct {
    Store *st;
    char why[256];
} Reader;

/* The hashes at level (0: leaves, as the tree hashes them; else a stored
 * level) of indexes from <= i < to (at most TILE_WIDTH), into out. */
static bool read_level(Reader *rd, unsigned level, uint64_t from, uint64_t to, uint8_t out[][32])
{
    Param p[3] = {P_INT((int64_t)level), P_INT((int64_t)from), P_INT((int64_t)to)};
    StoreRows *r = level == 0 ? store_query(rd->st, STMT_LOG_LEAVES_RANGE, p + 1, 2)
                              : store_query(rd->st, STMT_LOG_NODES_RANGE, p, 3);
    if (!r) {
        strfmt(rd->why, sizeof rd->why, "reading the log: %s", store_error(rd->st));
        return false;
    }
    uint64_t next = from;
    int rc;
    bool ok = true;
    while (ok && (rc = store_next(r)) == 1) {
        int64_t idx = store_col_int(r, 0);
        size_t len = 0;
        const char *hex = store_col_text(r, 1, &len);
        uint8_t h[32];
        if ((uint64_t)idx != next) break;
        if (!hash_of(hex, len, h)) {
            strfmt(rd->why, sizeof rd->why, "%s %lld of the log is not a hash of 64 hex digits",
                   level ? "a node at index" : "entry", (long long)idx);
            ok = false;
            break;
        }
        if (level == 0)
            merkle_leaf_hash(h, 32, out[next - from]);
        else
            memcpy(out[next - from], h, 32);
        next++;
    }
    if (ok && rc < 0) {
        strfmt(rd->why, sizeof rd->why, "reading the log: %s", store_error(rd->st));
        ok = false;
    }
    store_rows_close(r);
    if (ok && next != to) {
        if (level == 0)
            strfmt(rd->why, sizeof rd->why, "entry %llu of the log is missing: rows were deleted",
                   (unsigned long long)next);
        else
            strfmt(rd->why, sizeof rd->why, "the stored node at level %u, index %llu, of the log is missing", level,
                   (unsigned long long)next);
        ok = false;
    }
    return ok;
}

/* The hash of 2^level leaves from index << level, from the stored level at
 * or below it (at most TILE levels down: at most TILE_WIDTH hashes). */
static bool node_from(Reader *rd, unsigned level, uint64_t index, unsigned base, uint8_t out[32])
{
    unsigned up = level - base;
    uint64_t width = (uint64_t)1 << up;
    uint8_t h[TILE_WIDTH][32];
    if (!read_level(rd, base, index << up, (index + 1) << up, h)) return false;
    for (; width > 1; width /= 2)
        for (uint64_t i = 0; i < width / 2; i++) merkle_node_hash(h[2 * i], h[2 * i + 1], h[i]);
    memcpy(out, h[0], 32);
    return true;
}

static int subtree(void *ctx, unsigned level, uint64_t index, uint8_t out[MERKLE_HASH_SIZE])
{
    Reader *rd = ctx;
    unsigned base = level - level % TILE;
    return node_from(rd, level, index, base, out) ? 0 : -1;
}

static void why_copy(const Reader *rd, char *why, size_t why_size)
{
    if (why && why_size) strfmt(why, why_size, "%s", rd->why[0] ? rd->why : "the log could not be read");
}

MerkleResult record_log_root(Store *st, uint64_t size, uint8_t root[MERKLE_HASH_SIZE], char *why, size_t why_size)
{
    if (size == 0) {
        crypto_hash_sha256(root, NULL, 0); /* RFC 9162: the empty tree's root */
        return MERKLE_OK;
    }
    Reader rd = {.st = st};
    MerkleResult r = merkle_root(subtree, &rd, size, root);
    if (r != MERKLE_OK) why_copy(&rd, why, why_size);
    return r;
}

MerkleResult record_log_inclusion(Store *st, uint64_t index, uint64_t size, MerkleProof *out, char *why,
                                  size_t why_size)
{
    Reader rd = {.st = st};
    MerkleResult r = merkle_inclusion_proof(subtree, &rd, index, size, out);
    if (r != MERKLE_OK) why_copy(&rd, why, why_size);
    return r;
}

MerkleResult record_log_consistency(Store *st, uint64_t size1, uint64_t size2, MerkleProof *out, char *why,
                                    size_t why_size)
{
    Reader rd = {.st = st};
    MerkleResult r = merkle_consistency_proof(subtree, &rd, size1, size2, out);
    if (r != MERKLE_OK) why_copy(&rd, why, why_size);
    return r;
}

int record_log_entry_hash(Store *st, int64_t index, uint8_t out[ENTRY_HASH_SIZE])
{
    StoreRows *r = store_query(st, STMT_LOG_LEAVES_RANGE, (Param[]){P_INT(index), P_INT(index + 1)}, 2);
    if (!r) return STORE_ERROR;
    int rc = store_next(r);
    if (rc == 1) {
        size_t len = 0;
        const char *hex = store_col_text(r, 1, &len);
        if (!hash_of(hex, len, out)) rc = STORE_ERROR;
    }
    store_rows_close(r);
    return rc;
}

/* ---- Appending ---- */

/* Whether entries may be appended: the log is kept (false, with err saying
 * what to run, when not; or the store failed). */
static bool log_ready(Store *st, SvcError *err)
{
    LogState ls;
    int got = record_log_state(st, &ls);
    if (got == 1 && ls.ready) return true;
    if (got >= 0)
        svc_fail(
            err, SVC_FAILED, "",
            "the record log is not set up for the records this database had before it: an administrator must run `oversight log init "
            "--origin NAME` on the server");
    return false;
}

bool record_log_append(Store *st, const Entry *e, const LogSource *src, int64_t *idx, uint8_t hash[ENTRY_HASH_SIZE],
                       SvcError *err)
{
    Buf bytes = {0};
    if (!entry_write(e, &bytes)) {
        buf_free(&bytes);
        svc_fail(err, SVC_INVALID, "",
                 "the %s entry for the record log could not be written: a field it needs is "
                 "missing or not UTF-8",
                 entry_type_name(e->type));
        return false;
    }
    if (!log_ready(st, err)) {
        buf_free(&bytes);
        return false;
    }
    uint8_t h[ENTRY_HASH_SIZE];
    entry_hash(bytes.data, bytes.len, h);
    int64_t n = 0;
    if (record_log_size(st, &n) < 0) {
        buf_free(&bytes);
        return false;
    }
    char hex[65];
    hex_of(h, hex);
    static const LogSource none = {0};
    if (!src) src = &none;
#define OR_NULL(v) ((v) ? P_INT(v) : P_NULL)
    Param p[] = {P_INT(n),
                 P_STR(hex),
                 P_STR(entry_type_name(e->type)),
                 OR_NULL(src->record_ref),
                 OR_NULL(src->version),
                 OR_NULL(src->session_ref),
                 OR_NULL(src->ref),
                 P_INT(e->at),
                 P_STR(buf_str(&bytes))};
#undef OR_NULL
    bool added = store_exec(st, STMT_LOG_LEAF_ADD, p, 9, NULL) == STORE_OK;
    buf_free(&bytes);
    if (!added) return false;
    /* The stored nodes this leaf completes: level 4k at (n + 1) / 16^k - 1
     * whenever 16^k divides n + 1. */
    Reader rd = {.st = st};
    uint64_t size = (uint64_t)n + 1;
    for (unsigned level = TILE; level < 64 && size % ((uint64_t)1 << level) == 0; level += TILE) {
        uint64_t index = (size >> level) - 1;
        uint8_t node[32];
        char node_hex[65];
        if (!node_from(&rd, level, index, level - TILE, node)) {
            svc_fail(err, SVC_FAILED, "", "the record log could not be extended: %s", rd.why);
            return false;
        }
        hex_of(node, node_hex);
        if (store_exec(st, STMT_LOG_NODE_ADD, (Param[]){P_INT((int64_t)level), P_INT((int64_t)index), P_STR(node_hex)},
                       3, NULL) != STORE_OK)
            return false;
    }
    if (idx) *idx = n;
    if (hash) memcpy(hash, h, ENTRY_HASH_SIZE);
    return true;
}

/* ---- Setting up, and checkpoints ---- */

static int64_t backfill(Store *st, int64_t now, SvcError *err);

SvcResult record_log_init(Store *st, const char *origin, const NoteVerifier *key, int64_t now, int64_t *brought,
                          SvcError *err)
{
    if (brought) *brought = 0;
    if (!note_name_ok(origin))
        return svc_fail(err, SVC_INVALID, "origin",
                        "the log's origin \"%s\" is not a name: 1 to 200 bytes, no spaces and no '+' "
                        "(e.g. oversight.example-council.gov.uk/supervision)",
                        origin);
    if (strcmp(key->name, origin) != 0)
        return svc_fail(err, SVC_INVALID, "origin", "the signing key is named \"%s\", not the log's origin \"%s\"",
                        key->name, origin);
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    LogState s;
    int rc = record_log_state(st, &s);
    bool ok = rc >= 0;
    LogCheckpoint cp = {0};
    if (ok && rc == 1 && strcmp(s.origin, origin) != 0) {
        int had = record_log_latest(st, &cp);
        buf_free(&cp.note);
        if (had != 0) {
            store_rollback(st);
            if (had < 0) return SVC_FAILED;
            return svc_fail(err, SVC_CONFLICT, "origin",
                            "the log's origin is %s, and checkpoints have been signed under it: it cannot change",
                            s.origin);
        }
        ok = store_exec(st, STMT_LOG_STATE_SET, (Param[]){P_STR(origin), P_STR("ready")}, 2, NULL) == STORE_OK;
    } else if (ok && rc == 0) {
        /* A database that had records before it kept its log: they are
         * brought in now, as backfilled entries, in this transaction. */
        int64_t any = 0;
        ok = store_query_int(st, STMT_LOG_ANY_RECORD, NULL, 0, &any) == 1;
        ok = ok && store_exec(st, STMT_LOG_STATE_ADD, (Param[]){P_STR(origin), P_STR("ready"), P_INT(now)}, 3, NULL) ==
                       STORE_OK;
        int64_t got = ok && any ? backfill(st, now, err) : 0;
        ok = ok && got >= 0;
        if (brought) *brought = got;
    }
    Buf vkey = {0};
    char id[9];
    note_verifier_text(key, &vkey);
    strfmt(id, sizeof id, "%08x", (unsigned)key->id);
    ok = ok &&
         store_exec(st, STMT_LOG_KEY_ADD, (Param[]){P_STR(id), P_STR(buf_str(&vkey)), P_INT(now)}, 3, NULL) == STORE_OK;
    buf_free(&vkey);
    return svc_finish(st, SVC_OK, ok);
}

int record_log_latest(Store *st, LogCheckpoint *out)
{
    memset(out, 0, sizeof *out);
    StoreRows *r = store_query(st, STMT_LOG_CHECKPOINT_LATEST, NULL, 0);
    if (!r) return STORE_ERROR;
    int rc = store_next(r);
    if (rc == 1) {
        size_t len = 0;
        const char *root = store_col_text(r, LOG_CP_ROOT, &len);
        out->size = store_col_int(r, LOG_CP_SIZE);
        out->signed_at = store_col_int(r, LOG_CP_SIGNED_AT);
        if (!hash_of(root, len, out->root)) memset(out->root, 0, sizeof out->root);
        const char *note = store_col_text(r, LOG_CP_NOTE, &len);
        buf_add(&out->note, note, len);
    }
    store_rows_close(r);
    return rc;
}

/* Whether the log still gives the checkpoint cp (n leaves now): SVC_OK,
 * or SVC_CONFLICT with what was found, or SVC_FAILED. */
static SvcResult still_consistent(Store *st, const LogCheckpoint *cp, int64_t n, SvcError *err)
{
    char day[11], why[256] = "";
    day_of(cp->signed_at, day);
    if (n < cp->size)
        return svc_fail(err, SVC_CONFLICT, "",
                        "the log has %lld entries, fewer than the %lld of the checkpoint signed on %s: rows were "
                        "deleted. Nothing was signed; restore the database from a backup taken after %s and run "
                        "`oversight log checkpoint` again",
                        (long long)n, (long long)cp->size, day, day);
    uint8_t root[MERKLE_HASH_SIZE];
    MerkleResult r = record_log_root(st, (uint64_t)cp->size, root, why, sizeof why);
    if (r != MERKLE_OK)
        return svc_fail(err, SVC_CONFLICT, "",
                        "the first %lld entries of the log can no longer be read as they were signed on %s: %s. "
                        "Nothing was signed; restore the database from a backup taken after %s",
                        (long long)cp->size, day, why, day);
    if (sodium_memcmp(root, cp->root, sizeof root) != 0)
        return svc_fail(err, SVC_CONFLICT, "",
                        "the first %lld entries of the log no longer give the root signed on %s: the log was "
                        "changed. Nothing was signed; restore the database from a backup taken after %s",
                        (long long)cp->size, day, day);
    return SVC_OK;
}

static void key_id_of(const NoteVerifier *v, char out[9]) { strfmt(out, 9, "%08x", (unsigned)v->id); }

/* Signs the whole log (n leaves) by signers, in the open transaction, and
 * keeps the checkpoint: SVC_OK and *out (fresh); SVC_CONFLICT, with err,
 * when the log cannot be read whole; SVC_FAILED when the store failed. */
static SvcResult sign_whole(Store *st, const char *origin, int64_t n, const NoteSigner *const *signers, size_t nsigners,
                            int64_t now, LogCheckpoint *out, SvcError *err)
{
    char why[256] = "";
    Checkpoint c = {.size = (uint64_t)n};
    strfmt(c.origin, sizeof c.origin, "%s", origin);
    if (record_log_root(st, c.size, c.root, why, sizeof why) != MERKLE_OK)
        return svc_fail(err, SVC_CONFLICT, "", "the log cannot be read whole: %s. Nothing was signed", why);
    Buf text = {0};
    checkpoint_text(&c, &text);
    note_sign(text.data, text.len, signers, nsigners, &out->note);
    buf_free(&text);
    char hex[65];
    hex_of(c.root, hex);
    if (store_exec(st, STMT_LOG_CHECKPOINT_ADD,
                   (Param[]){P_INT(n), P_STR(hex), P_INT(now), P_TEXT(out->note.data, out->note.len)}, 4,
                   NULL) != STORE_OK)
        return SVC_FAILED;
    out->size = n;
    memcpy(out->root, c.root, sizeof out->root);
    out->signed_at = now;
    out->fresh = true;
    return SVC_OK;
}

int record_log_trail_anchor(Store *st, LogTrailAnchor *out)
{
    memset(out, 0, sizeof *out);
    StoreRows *r = store_query(st, STMT_LOG_TRAIL_ANCHOR_LATEST, NULL, 0);
    if (!r) return STORE_ERROR;
    int rc = store_next(r);
    if (rc != 1) {
        store_rows_close(r);
        return rc;
    }
    size_t len = 0, elen = 0;
    uint8_t leaf_hash[ENTRY_HASH_SIZE], chain[ENTRY_HASH_SIZE], again[ENTRY_HASH_SIZE];
    out->idx = store_col_int(r, 0);
    const char *hex = store_col_text(r, 1, &len);
    bool leaf_ok = hash_of(hex, len, leaf_hash);
    out->seq = store_col_null(r, 2) ? 0 : store_col_int(r, 2);
    out->at = store_col_int(r, 3);
    const char *entry = store_col_text(r, 4, &elen);
    /* The chain is read from the entry's canonical bytes, then the entry is
     * written again from what was read: only bytes that give the leaf's
     * hash are believed, so no parser needs to trust them. */
    const char *c = entry ? strstr(entry, "\"chain\":\"") : NULL;
    bool read_ok = c && strlen(c) >= 9 + 64 && hash_of(c + 9, 64, chain);
    if (read_ok) {
        memcpy(out->chain, c + 9, 64);
        out->chain[64] = 0;
        Entry e = {.type = ENTRY_READ_TRAIL, .at = out->at, .seq = out->seq, .chain = chain};
        Buf b = {0};
        read_ok = entry_write(&e, &b);
        if (read_ok) entry_hash(b.data, b.len, again);
        read_ok = read_ok && b.len == elen && memcmp(b.data, entry, elen) == 0;
        buf_free(&b);
    }
    store_rows_close(r);
    out->holds = leaf_ok && read_ok && sodium_memcmp(again, leaf_hash, sizeof again) == 0;
    if (!out->holds)
        strfmt(out->why, sizeof out->why,
               "the read-trail entry at leaf %lld of the record log is not what its hash says: the log was changed"
               " (`oversight log check` says more)",
               (long long)out->idx);
    StoreRows *k = store_query(st, STMT_LOG_CHECKPOINT_OVER, (Param[]){P_INT(out->idx)}, 1);
    if (!k) return STORE_ERROR;
    rc = store_next(k);
    if (rc == 1) {
        out->checkpoint_size = store_col_int(k, 0);
        out->checkpoint_at = store_col_int(k, 1);
    }
    store_rows_close(k);
    return rc < 0 ? rc : 1;
}

/* Appends a read-trail entry anchoring the trail's head at now, in the
 * open transaction, when the head is past the one anchored last: 1 when
 * one was appended, 0 when not, <0 (err) when it failed. */
static int anchor_trail(Store *st, int64_t now, SvcError *err)
{
    int64_t seq = 0;
    char hex[TRAIL_HASH_HEX];
    LogTrailAnchor last;
    int got = trail_head(st, &seq, hex);
    if (got <= 0) return got;
    got = record_log_trail_anchor(st, &last);
    if (got < 0) return got;
    if (got == 1 && last.seq >= seq) return 0;
    uint8_t chain[ENTRY_HASH_SIZE];
    if (!hash_of(hex, strlen(hex), chain)) {
        svc_fail(err, SVC_FAILED, "",
                 "the read trail's row %lld has no hash that can be read: run `oversight audit verify`",
                 (long long)seq);
        return -1;
    }
    Entry e = {.type = ENTRY_READ_TRAIL, .at = now, .seq = seq, .chain = chain};
    LogSource src = {.ref = seq};
    return record_log_append(st, &e, &src, NULL, NULL, err) ? 1 : -1;
}

SvcResult record_log_checkpoint(Store *st, const NoteSigner *signer, int64_t now, LogCheckpoint *out, SvcError *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    LogState s;
    int rc = record_log_state(st, &s);
    if (rc <= 0 || !s.origin[0]) {
        store_rollback(st);
        return rc < 0 ? SVC_FAILED
                      : svc_fail(err, SVC_INVALID, "",
                                 "the record log has no name and no key yet: run `oversight log init --origin NAME` "
                                 "first");
    }
    if (strcmp(signer->verifier.name, s.origin) != 0) {
        store_rollback(st);
        return svc_fail(err, SVC_CONFLICT, "",
                        "the signing key is named \"%s\", but the log's origin is \"%s\": use the log's key file",
                        signer->verifier.name, s.origin);
    }
    char id[9];
    int64_t in_force = 0;
    key_id_of(&signer->verifier, id);
    if (store_query_int(st, STMT_LOG_KEY_IN_FORCE, (Param[]){P_STR(id)}, 1, &in_force) != 1 || !in_force) {
        store_rollback(st);
        return in_force ? SVC_FAILED
                        : svc_fail(err, SVC_CONFLICT, "",
                                   "the key in the key file (%s) is not the log's key in force (it was replaced, or "
                                   "belongs to another log): copy the log's current key file here",
                                   id);
    }
    int64_t n = 0;
    LogCheckpoint latest = {0};
    int had = record_log_size(st, &n);
    if (had >= 0) had = record_log_latest(st, &latest);
    if (had < 0) {
        buf_free(&latest.note);
        store_rollback(st);
        return SVC_FAILED;
    }
    SvcResult c = had == 1 ? still_consistent(st, &latest, n, err) : SVC_OK;
    /* The trail's head is anchored before the root is taken, so that this
     * checkpoint signs it; an anchor is something added. */
    int anchored = c == SVC_OK ? anchor_trail(st, now, err) : 0;
    if (anchored < 0) c = SVC_FAILED;
    if (anchored == 1) n++;
    if (had == 1 && (c != SVC_OK || n == latest.size)) {
        store_rollback(st);
        if (c == SVC_OK)
            *out = latest;
        else
            buf_free(&latest.note);
        return c;
    }
    buf_free(&latest.note);
    if (c != SVC_OK) {
        store_rollback(st);
        return c;
    }
    const NoteSigner *signers[1] = {signer};
    SvcResult res = svc_finish(st, sign_whole(st, s.origin, n, signers, 1, now, out, err), true);
    if (res != SVC_OK) buf_free(&out->note);
    return res;
}

SvcResult record_log_rotate(Store *st, const NoteSigner *old, const NoteSigner *next, int64_t now, LogCheckpoint *out,
                            SvcError *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    LogState s;
    int rc = record_log_state(st, &s);
    SvcResult res = SVC_OK;
    char old_id[9], next_id[9];
    key_id_of(&old->verifier, old_id);
    key_id_of(&next->verifier, next_id);
    int64_t in_force = 0, n = 0;
    LogCheckpoint latest = {0};
    if (rc < 0)
        res = SVC_FAILED;
    else if (rc == 0 || !s.origin[0])
        res = svc_fail(err, SVC_INVALID, "",
                       "the record log has no name and no key yet: run `oversight log init "
                       "--origin NAME` first");
    else if (strcmp(old->verifier.name, s.origin) != 0 || strcmp(next->verifier.name, s.origin) != 0)
        res = svc_fail(err, SVC_CONFLICT, "", "the keys must be named the log's origin, \"%s\"", s.origin);
    else if (store_query_int(st, STMT_LOG_KEY_IN_FORCE, (Param[]){P_STR(old_id)}, 1, &in_force) != 1)
        res = SVC_FAILED;
    else if (!in_force)
        res = svc_fail(err, SVC_CONFLICT, "",
                       "the key in the key file (%s) is not the log's key in force: nothing "
                       "was changed",
                       old_id);
    else if (record_log_size(st, &n) < 0 || (rc = record_log_latest(st, &latest)) < 0)
        res = SVC_FAILED;
    else if (rc == 1)
        res = still_consistent(st, &latest, n, err);
    buf_free(&latest.note);
    if (res != SVC_OK) {
        store_rollback(st);
        return res;
    }
    Buf old_text = {0}, next_text = {0};
    note_verifier_text(&old->verifier, &old_text);
    note_verifier_text(&next->verifier, &next_text);
    Entry e = {.type = ENTRY_KEY,
               .at = now,
               .key_name = s.origin,
               .key = buf_str(&next_text),
               .replaces = buf_str(&old_text)};
    int64_t leaf = 0;
    bool ok = record_log_append(st, &e, NULL, &leaf, NULL, err) &&
              store_exec(st, STMT_LOG_KEY_ADD, (Param[]){P_STR(next_id), P_STR(buf_str(&next_text)), P_INT(now)}, 3,
                         NULL) == STORE_OK &&
              store_exec(st, STMT_LOG_KEY_LEAF_SET, (Param[]){P_STR(next_id), P_INT(leaf)}, 2, NULL) == STORE_OK &&
              store_exec(st, STMT_LOG_KEY_RETIRE, (Param[]){P_STR(old_id), P_INT(now)}, 2, NULL) == STORE_OK;
    buf_free(&old_text);
    buf_free(&next_text);
    const NoteSigner *both[2] = {old, next};
    res = ok ? sign_whole(st, s.origin, n + 1, both, 2, now, out, err) : SVC_FAILED;
    res = svc_finish(st, res, true);
    if (res != SVC_OK) buf_free(&out->note);
    return res;
}

/* ---- The entries of a record's changes ---- */

/* Staff ref -> id, into an arena; NULL (with err) when there is none. */
static const char *staff_id(Store *st, int64_t ref, Arena *a)
{
    StoreRows *r = store_query(st, STMT_LOG_STAFF_ID, (Param[]){P_INT(ref)}, 1);
    if (!r) return NULL;
    const char *id = store_next(r) == 1 ? svc_col_dup(a, r, 0) : NULL;
    store_rows_close(r);
    return id;
}

/* The entry hash of version's version entry: 1, 0 when it is not in the
 * log, <0 on failure. */
static int version_hash(Store *st, int64_t record_ref, int64_t version, uint8_t out[ENTRY_HASH_SIZE])
{
    StoreRows *r = store_query(st, STMT_LOG_VERSION_HASH, (Param[]){P_INT(record_ref), P_INT(version)}, 2);
    if (!r) return STORE_ERROR;
    int rc = store_next(r);
    if (rc == 1) {
        size_t len = 0;
        const char *hex = store_col_text(r, 0, &len);
        if (!hash_of(hex, len, out)) rc = STORE_ERROR;
    }
    store_rows_close(r);
    return rc;
}

static bool of_version(Store *st, int64_t record_ref, int64_t version, uint8_t out[ENTRY_HASH_SIZE], SvcError *err)
{
    int got = version_hash(st, record_ref, version, out);
    if (got == 0)
        svc_fail(err, SVC_FAILED, "",
                 "version %lld of record %lld is not in the record log: it was sent before the log was kept",
                 (long long)version, (long long)record_ref);
    return got == 1;
}

/* When and by whom a change was made; backfilled: when it was logged after
 * the fact (0: as it happened); ref: the event's own row (0: the latest). */
typedef struct {
    int64_t at, by, backfilled, ref;
} When;

typedef struct {
    Arena a;
    const char *date, *supervisor_id, *supervisee_id, *supervisor_name, *supervisee_name, *reason;
    uint8_t key[32];
    EntryPart *parts;
    size_t nparts, cap;
    LogOpenings *open; /* when not NULL: each part's opening, for a copy (nothing is written) */
} Built;

static void built_free(Built *b)
{
    arena_free(&b->a);
    free(b->parts);
    sodium_memzero(b->key, sizeof b->key);
}

/* The record's head for version, and its commitment key (made now when it
 * has none yet: records begun before the log was kept). */
static bool load_record(Store *st, int64_t record_ref, int64_t version, Built *b, SvcError *err)
{
    StoreRows *r = store_query(st, STMT_LOG_RECORD_HEAD, (Param[]){P_INT(record_ref), P_INT(version)}, 2);
    if (!r) return false;
    int got = store_next(r);
    bool have_key = false;
    if (got == 1) {
        b->date = svc_col_dup(&b->a, r, 0);
        size_t len = 0;
        const char *hex = store_col_text(r, 1, &len);
        have_key = hash_of(hex, len, b->key);
        b->supervisor_id = svc_col_dup(&b->a, r, 2);
        b->supervisee_id = svc_col_dup(&b->a, r, 3);
        b->supervisor_name = svc_col_dup(&b->a, r, 4);
        b->supervisee_name = svc_col_dup(&b->a, r, 5);
        b->reason = svc_col_dup(&b->a, r, 6);
    }
    store_rows_close(r);
    if (got != 1) {
        if (got == 0)
            svc_fail(err, SVC_FAILED, "", "record %lld has no version %lld", (long long)record_ref, (long long)version);
        return false;
    }
    if (have_key) return true;
    if (b->open) {
        svc_fail(err, SVC_FAILED, "", "record %lld has no commitment key: its texts cannot be opened",
                 (long long)record_ref);
        return false;
    }
    char hex[65];
    randombytes_buf(b->key, sizeof b->key);
    hex_of(b->key, hex);
    bool ok = store_exec(st, STMT_LOG_RECORD_KEY_SET, (Param[]){P_INT(record_ref), P_STR(hex)}, 2, NULL) == STORE_OK;
    sodium_memzero(hex, sizeof hex);
    return ok;
}

/* Adds the part id (a format string's result) with its content's commitment. */
static bool add_part(Built *b, const Buf *content, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool add_part(Built *b, const Buf *content, const char *fmt, ...)
{
    if (content->overflow) return false;
    xgrow((void **)&b->parts, &b->cap, b->nparts + 1, sizeof *b->parts);
    EntryPart *p = &b->parts[b->nparts++];
    memset(p, 0, sizeof *p);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->id, sizeof p->id, fmt, ap);
    va_end(ap);
    uint8_t salt[32];
    part_salt(b->key, p->id, salt);
    part_commitment(salt, content->data, content->len, p->commitment);
    if (b->open) {
        LogOpenings *o = b->open;
        xgrow((void **)&o->part, &o->cap, o->n + 1, sizeof *o->part);
        LogOpening *x = &o->part[o->n++];
        memset(x, 0, sizeof *x);
        memcpy(x->id, p->id, sizeof x->id);
        memcpy(x->salt, salt, sizeof x->salt);
        buf_add(&x->content, content->data, content->len);
    }
    sodium_memzero(salt, sizeof salt);
    return true;
}

typedef struct {
    int64_t ref, origin;
    PartNote n;
} NoteRow;

/* The case notes the statement finds (its columns those of LOG_NOTE_COLUMNS),
 * with their answers, as parts. */
static bool note_parts(Store *st, StmtId stmt, const Param *p, int np, Built *b)
{
    Buf c = {0};
    bool ok = true;
    StoreRows *r;
    int got;
    NoteRow *notes = NULL;
    size_t nn = 0, cap = 0;
    r = store_query(st, stmt, p, np);
    got = r ? 0 : STORE_ERROR;
    while (r && (got = store_next(r)) == 1) {
        xgrow((void **)&notes, &cap, nn + 1, sizeof *notes);
        NoteRow *x = &notes[nn++];
        memset(x, 0, sizeof *x);
        x->ref = store_col_int(r, 0);
        x->n.case_id = svc_col_dup(&b->a, r, 1);
        x->n.date = svc_col_dup(&b->a, r, 2);
        x->n.writer = svc_col_dup(&b->a, r, 3);
        x->n.written_at = store_col_int(r, 4);
        x->n.origin = svc_col_int0(r, 5);
        x->n.changed = store_col_int(r, 6) != 0;
        x->n.departs = store_col_int(r, 7) != 0;
        x->n.withdrawn = svc_col_dup(&b->a, r, 8);
        x->n.prompts = svc_col_dup(&b->a, r, 9);
        x->n.synopsis = svc_col_dup(&b->a, r, 10);
        x->n.analysis = svc_col_dup(&b->a, r, 11);
        x->n.decision = svc_col_dup(&b->a, r, 12);
        x->n.rationale = svc_col_dup(&b->a, r, 13);
        x->n.tasks = svc_col_dup(&b->a, r, 14);
        x->n.departure = svc_col_dup(&b->a, r, 15);
        x->n.checklist = svc_col_dup(&b->a, r, 16);
    }
    if (r) store_rows_close(r);
    ok = ok && got == 0;
    for (size_t i = 0; ok && i < nn; i++) {
        const char **prompt = NULL, **text = NULL;
        size_t na = 0, pcap = 0, tcap = 0;
        r = store_query(st, STMT_LOG_NOTE_ANSWERS, (Param[]){P_INT(notes[i].ref)}, 1);
        got = r ? 0 : STORE_ERROR;
        while (r && (got = store_next(r)) == 1) {
            xgrow((void **)&prompt, &pcap, na + 1, sizeof *prompt);
            xgrow((void **)&text, &tcap, na + 1, sizeof *text);
            prompt[na] = svc_col_dup(&b->a, r, 0);
            text[na++] = svc_col_dup(&b->a, r, 1);
        }
        if (r) store_rows_close(r);
        notes[i].n.answer_prompt = prompt;
        notes[i].n.answer_text = text;
        notes[i].n.nanswers = na;
        buf_clear(&c);
        ok = got == 0 && part_note(&c, &notes[i].n) && add_part(b, &c, "note/%lld", (long long)notes[i].ref);
        free(prompt);
        free(text);
    }
    free(notes);
    buf_free(&c);
    return ok;
}

/* The parts of a version: its items, case notes, and the actions and
 * follow-ups written in it. */
static bool version_parts(Store *st, int64_t record_ref, int64_t version, Built *b)
{
    Param p[] = {P_INT(record_ref), P_INT(version)};
    Buf c = {0};
    bool ok = true;
    StoreRows *r = store_query(st, STMT_LOG_VERSION_ITEMS, p, 2);
    int got = r ? 0 : STORE_ERROR;
    while (ok && r && (got = store_next(r)) == 1) {
        const char *topic = store_col_text(r, 0, NULL);
        buf_clear(&c);
        ok = part_item(&c, topic, store_col_text(r, 1, NULL)) && add_part(b, &c, "item/%s", topic);
    }
    if (r) store_rows_close(r);
    ok = ok && got == 0;

    ok = ok && note_parts(st, STMT_LOG_VERSION_NOTES, p, 2, b);

    r = ok ? store_query(st, STMT_LOG_VERSION_ACTIONS, p, 2) : NULL;
    got = r ? 0 : STORE_ERROR;
    while (ok && r && (got = store_next(r)) == 1) {
        buf_clear(&c);
        const char *case_id = store_col_null(r, 4) ? NULL : store_col_text(r, 4, NULL);
        ok = part_action(&c, store_col_text(r, 1, NULL), store_col_text(r, 2, NULL), store_col_text(r, 3, NULL),
                         case_id) &&
             add_part(b, &c, "action/%lld", (long long)store_col_int(r, 0));
    }
    if (r) store_rows_close(r);
    ok = ok && got == 0;

    r = ok ? store_query(st, STMT_LOG_VERSION_FOLLOW_UPS, p, 2) : NULL;
    got = r ? 0 : STORE_ERROR;
    while (ok && r && (got = store_next(r)) == 1) {
        buf_clear(&c);
        ok = part_follow_up(&c, store_col_int(r, 1), store_col_text(r, 2, NULL), store_col_text(r, 3, NULL)) &&
             add_part(b, &c, "follow-up/%lld", (long long)store_col_int(r, 0));
    }
    if (r) store_rows_close(r);
    buf_free(&c);
    return ok && got == 0;
}

static bool log_discussion(Store *st, int64_t session_ref, const When *w, SvcError *err);

static bool log_version(Store *st, int64_t record_ref, int64_t version, const When *w, SvcError *err)
{
    Built b = {0};
    uint8_t previous[ENTRY_HASH_SIZE];
    bool ok = (w->backfilled || store_exec(st, STMT_LOG_VERSION_NAMES_SET, (Param[]){P_INT(record_ref), P_INT(version)},
                                           2, NULL) == STORE_OK) &&
              load_record(st, record_ref, version, &b, err) && version_parts(st, record_ref, version, &b) &&
              (version == 1 || of_version(st, record_ref, version - 1, previous, err));
    const char *by_id = ok ? staff_id(st, w->by, &b.a) : NULL;
    if (ok) {
        Entry e = {.type = ENTRY_VERSION,
                   .at = w->at,
                   .backfilled = w->backfilled,
                   .by = by_id,
                   .record = record_ref,
                   .version = version,
                   .date = b.date,
                   .supervisor_id = b.supervisor_id,
                   .supervisor_name = b.supervisor_name,
                   .supervisee_id = b.supervisee_id,
                   .supervisee_name = b.supervisee_name,
                   .previous = version > 1 ? previous : NULL,
                   .parts = b.parts,
                   .nparts = b.nparts};
        LogSource src = {.record_ref = record_ref, .version = version};
        ok = record_log_append(st, &e, &src, NULL, NULL, err);
    }
    built_free(&b);
    return ok;
}

static bool log_signed(Store *st, int64_t record_ref, int64_t version, const When *w, SvcError *err)
{
    Arena a = {0};
    uint8_t of[ENTRY_HASH_SIZE];
    bool ok = of_version(st, record_ref, version, of, err);
    const char *by_id = ok ? staff_id(st, w->by, &a) : NULL;
    if (ok) {
        Entry e = {.type = ENTRY_SIGNED,
                   .at = w->at,
                   .backfilled = w->backfilled,
                   .by = by_id,
                   .record = record_ref,
                   .version = version,
                   .of = of};
        LogSource src = {.record_ref = record_ref, .version = version};
        ok = record_log_append(st, &e, &src, NULL, NULL, err);
    }
    arena_free(&a);
    return ok;
}

static bool log_disagreed(Store *st, int64_t record_ref, int64_t version, const When *w, SvcError *err)
{
    Built b = {0};
    uint8_t of[ENTRY_HASH_SIZE];
    bool ok = of_version(st, record_ref, version, of, err) && load_record(st, record_ref, version, &b, err);
    int64_t ref = 0;
    if (ok) {
        StoreRows *r =
            store_query(st, STMT_LOG_DISAGREEMENT_LAST, (Param[]){P_INT(record_ref), P_INT(version), P_INT(w->ref)}, 3);
        ok = r && store_next(r) == 1;
        Buf c = {0};
        if (ok) {
            ref = store_col_int(r, 0);
            ok = part_disagreement(&c, store_col_text(r, 1, NULL)) &&
                 add_part(&b, &c, "disagreement/%lld", (long long)ref);
        }
        if (r) store_rows_close(r);
        buf_free(&c);
    }
    const char *by_id = ok ? staff_id(st, w->by, &b.a) : NULL;
    if (ok) {
        Entry e = {.type = ENTRY_DISAGREED,
                   .at = w->at,
                   .backfilled = w->backfilled,
                   .by = by_id,
                   .record = record_ref,
                   .version = version,
                   .of = of,
                   .parts = b.parts,
                   .nparts = b.nparts};
        LogSource src = {.record_ref = record_ref, .version = version, .ref = ref};
        ok = record_log_append(st, &e, &src, NULL, NULL, err);
    }
    built_free(&b);
    return ok;
}

static bool log_amended(Store *st, int64_t record_ref, int64_t from, int64_t version, const When *w, SvcError *err)
{
    Built b = {0};
    uint8_t of[ENTRY_HASH_SIZE];
    Buf c = {0};
    bool ok = of_version(st, record_ref, from, of, err) && load_record(st, record_ref, version, &b, err) &&
              part_reason(&c, b.reason) && add_part(&b, &c, "reason");
    buf_free(&c);
    const char *by_id = ok ? staff_id(st, w->by, &b.a) : NULL;
    if (ok) {
        Entry e = {.type = ENTRY_AMENDED,
                   .at = w->at,
                   .backfilled = w->backfilled,
                   .by = by_id,
                   .record = record_ref,
                   .from = from,
                   .version = version,
                   .of = of,
                   .parts = b.parts,
                   .nparts = b.nparts};
        LogSource src = {.record_ref = record_ref, .version = version};
        ok = record_log_append(st, &e, &src, NULL, NULL, err);
    }
    built_free(&b);
    return ok;
}

static bool log_confidentiality(Store *st, EntryType type, int64_t record_ref, const char *topic, const When *w,
                                SvcError *err)
{
    Arena a = {0};
    int64_t ref = w->ref;
    const char *by_id = staff_id(st, w->by, &a);
    bool ok = by_id && (ref || store_query_int(st, STMT_LOG_CONFIDENTIAL_EVENT_LAST,
                                               (Param[]){P_INT(record_ref), P_STR(topic)}, 2, &ref) == 1);
    if (ok) {
        Entry e =
            {.type = type, .at = w->at, .backfilled = w->backfilled, .by = by_id, .record = record_ref, .topic = topic};
        LogSource src = {.record_ref = record_ref, .ref = ref};
        ok = record_log_append(st, &e, &src, NULL, NULL, err);
    }
    arena_free(&a);
    return ok;
}

bool record_log_version(Store *st, int64_t record_ref, int64_t version, int64_t at, int64_t by, SvcError *err)
{
    return log_ready(st, err) && log_version(st, record_ref, version, &(When){.at = at, .by = by}, err);
}

bool record_log_signed(Store *st, int64_t record_ref, int64_t version, int64_t at, int64_t by, SvcError *err)
{
    return log_ready(st, err) && log_signed(st, record_ref, version, &(When){.at = at, .by = by}, err);
}

bool record_log_disagreed(Store *st, int64_t record_ref, int64_t version, int64_t at, int64_t by, SvcError *err)
{
    return log_ready(st, err) && log_disagreed(st, record_ref, version, &(When){.at = at, .by = by}, err);
}

bool record_log_amended(Store *st, int64_t record_ref, int64_t from, int64_t version, int64_t at, int64_t by,
                        SvcError *err)
{
    return log_ready(st, err) && log_amended(st, record_ref, from, version, &(When){.at = at, .by = by}, err);
}

bool record_log_confidentiality(Store *st, EntryType type, int64_t record_ref, const char *topic, int64_t at,
                                int64_t by, SvcError *err)
{
    return log_ready(st, err) && log_confidentiality(st, type, record_ref, topic, &(When){.at = at, .by = by}, err);
}

/* ---- Bringing in the records a database had before its log ---- */

typedef struct {
    char kind[16];
    int64_t at, record, version, ref, by;
    char topic[32];
} Past;

/* Every sent version and every event on one, in the order they happened,
 * logged now as backfilled entries: how many, or -1 (err, or the store). */
static int64_t backfill(Store *st, int64_t now, SvcError *err)
{
    Past *past = NULL;
    size_t n = 0, cap = 0;
    StoreRows *r = store_query(st, STMT_LOG_BACKFILL_EVENTS, NULL, 0);
    int got = r ? 0 : STORE_ERROR;
    while (r && (got = store_next(r)) == 1) {
        xgrow((void **)&past, &cap, n + 1, sizeof *past);
        Past *p = &past[n++];
        svc_col_copy(r, 0, p->kind, sizeof p->kind);
        p->at = store_col_int(r, 1);
        p->record = store_col_int(r, 2);
        p->version = svc_col_int0(r, 3);
        p->ref = svc_col_int0(r, 4);
        p->by = store_col_int(r, 5);
        svc_col_copy(r, 6, p->topic, sizeof p->topic);
    }
    if (r) store_rows_close(r);
    bool ok = got == 0;
    for (size_t i = 0; ok && i < n; i++) {
        const Past *p = &past[i];
        When w = {.at = p->at, .by = p->by, .backfilled = now, .ref = p->ref};
        if (strcmp(p->kind, "version") == 0)
            ok = log_version(st, p->record, p->version, &w, err);
        else if (strcmp(p->kind, "signed") == 0)
            ok = log_signed(st, p->record, p->version, &w, err);
        else if (strcmp(p->kind, "disagreed") == 0)
            ok = log_disagreed(st, p->record, p->version, &w, err);
        else if (strcmp(p->kind, "amended") == 0)
            ok = log_amended(st, p->record, p->version - 1, p->version, &w, err);
        else if (strcmp(p->kind, "confidential") == 0)
            ok = log_confidentiality(st, ENTRY_CONFIDENTIAL, p->record, p->topic, &w, err);
        else if (strcmp(p->kind, "lift-proposed") == 0)
            ok = log_confidentiality(st, ENTRY_LIFT_PROPOSED, p->record, p->topic, &w, err);
        else if (strcmp(p->kind, "lifted") == 0)
            ok = log_confidentiality(st, ENTRY_LIFTED, p->record, p->topic, &w, err);
        else if (strcmp(p->kind, "discussion") == 0)
            ok = log_discussion(st, p->ref, &w, err);
    }
    free(past);
    return ok ? (int64_t)n : -1;
}

static bool log_discussion(Store *st, int64_t session_ref, const When *w, SvcError *err)
{
    Built b = {0};
    StoreRows *r = store_query(st, STMT_LOG_SESSION_HEAD, (Param[]){P_INT(session_ref)}, 1);
    int got = r ? store_next(r) : STORE_ERROR;
    const char *type = NULL;
    bool have_key = false;
    if (got == 1) {
        b.date = svc_col_dup(&b.a, r, 0);
        type = svc_col_dup(&b.a, r, 1);
        size_t len = 0;
        const char *hex = store_col_text(r, 2, &len);
        have_key = hash_of(hex, len, b.key);
    }
    if (r) store_rows_close(r);
    bool ok = got == 1;
    if (got == 0) svc_fail(err, SVC_FAILED, "", "there is no session %lld", (long long)session_ref);
    if (ok && !have_key) {
        char hex[65];
        randombytes_buf(b.key, sizeof b.key);
        hex_of(b.key, hex);
        ok = store_exec(st, STMT_LOG_SESSION_KEY_SET, (Param[]){P_INT(session_ref), P_STR(hex)}, 2, NULL) == STORE_OK;
        sodium_memzero(hex, sizeof hex);
    }
    ok = ok && note_parts(st, STMT_LOG_SESSION_NOTES, (Param[]){P_INT(session_ref)}, 1, &b);
    const char *by_id = ok ? staff_id(st, w->by, &b.a) : NULL;
    if (ok) {
        Entry e = {.type = ENTRY_DISCUSSION,
                   .at = w->at,
                   .backfilled = w->backfilled,
                   .by = by_id,
                   .session = session_ref,
                   .date = b.date,
                   .session_type = type,
                   .parts = b.parts,
                   .nparts = b.nparts};
        LogSource src = {.session_ref = session_ref};
        ok = record_log_append(st, &e, &src, NULL, NULL, err);
    }
    built_free(&b);
    return ok;
}

bool record_log_discussion(Store *st, int64_t session_ref, int64_t at, int64_t by, SvcError *err)
{
    return log_ready(st, err) && log_discussion(st, session_ref, &(When){.at = at, .by = by}, err);
}

/* ---- Reading leaves back, for copies ---- */

static int leaves_where(Store *st, StmtId stmt, int64_t ref, LogLeafFn fn, void *ctx)
{
    StoreRows *r = store_query(st, stmt, (Param[]){P_INT(ref)}, 1);
    if (!r) return STORE_ERROR;
    int rc;
    LogLeaf l;
    while ((rc = store_next(r)) == 1) {
        memset(&l, 0, sizeof l);
        l.idx = store_col_int(r, 0);
        size_t len = 0;
        const char *hex = store_col_text(r, 1, &len);
        if (!hash_of(hex, len, l.hash)) {
            rc = STORE_ERROR;
            break;
        }
        svc_col_copy(r, 2, l.type, sizeof l.type);
        l.record_ref = svc_col_int0(r, 3);
        l.version = svc_col_int0(r, 4);
        l.session_ref = svc_col_int0(r, 5);
        l.ref = svc_col_int0(r, 6);
        l.at = store_col_int(r, 7);
        if (!store_col_null(r, 8)) {
            const char *e = store_col_text(r, 8, &len);
            buf_add(&l.entry, e, len);
        }
        int stop = fn(ctx, &l);
        buf_free(&l.entry);
        if (stop != 0) {
            store_rows_close(r);
            return stop;
        }
    }
    store_rows_close(r);
    return rc < 0 ? rc : 0;
}

int record_log_leaves_of_record(Store *st, int64_t record_ref, LogLeafFn fn, void *ctx)
{
    return leaves_where(st, STMT_LOG_LEAVES_OF_RECORD, record_ref, fn, ctx);
}

int record_log_leaves_of_session(Store *st, int64_t session_ref, LogLeafFn fn, void *ctx)
{
    return leaves_where(st, STMT_LOG_LEAVES_OF_SESSION, session_ref, fn, ctx);
}

static bool session_openings(Store *st, int64_t session_ref, Built *b, SvcError *err)
{
    StoreRows *r = store_query(st, STMT_LOG_SESSION_HEAD, (Param[]){P_INT(session_ref)}, 1);
    int got = r ? store_next(r) : STORE_ERROR;
    bool have_key = false;
    if (got == 1) {
        size_t len = 0;
        const char *hex = store_col_text(r, 2, &len);
        have_key = hash_of(hex, len, b->key);
    }
    if (r) store_rows_close(r);
    if (got >= 0 && !have_key)
        svc_fail(err, SVC_FAILED, "", "session %lld has no commitment key: its texts cannot be opened",
                 (long long)session_ref);
    return have_key && note_parts(st, STMT_LOG_SESSION_NOTES, (Param[]){P_INT(session_ref)}, 1, b);
}

bool record_log_openings(Store *st, const LogLeaf *l, LogOpenings *out, SvcError *err)
{
    memset(out, 0, sizeof *out);
    /* Texts purged under the retention policy went with their key: the
     * entry stands, with nothing to open. */
    int64_t has_key = 0;
    bool session = strcmp(l->type, "discussion") == 0;
    if (store_query_int(st, session ? STMT_LOG_SESSION_HAS_KEY : STMT_LOG_RECORD_HAS_KEY,
                        (Param[]){P_INT(session ? l->session_ref : l->record_ref)}, 1, &has_key) != 1)
        return false;
    if (!has_key) return true;
    Built b = {.open = out};
    Buf c = {0};
    bool ok = true;
    if (strcmp(l->type, "version") == 0) {
        ok = load_record(st, l->record_ref, l->version, &b, err) && version_parts(st, l->record_ref, l->version, &b);
    } else if (strcmp(l->type, "disagreed") == 0) {
        ok = load_record(st, l->record_ref, l->version, &b, err);
        StoreRows *r = ok ? store_query(st, STMT_LOG_DISAGREEMENT_LAST,
                                        (Param[]){P_INT(l->record_ref), P_INT(l->version), P_INT(l->ref)}, 3)
                          : NULL;
        int got = r ? store_next(r) : STORE_ERROR;
        ok = ok && got == 1 && part_disagreement(&c, store_col_text(r, 1, NULL)) &&
             add_part(&b, &c, "disagreement/%lld", (long long)store_col_int(r, 0));
        if (r) store_rows_close(r);
    } else if (strcmp(l->type, "amended") == 0) {
        ok = load_record(st, l->record_ref, l->version, &b, err) && part_reason(&c, b.reason) &&
             add_part(&b, &c, "reason");
    } else if (strcmp(l->type, "discussion") == 0) {
        ok = session_openings(st, l->session_ref, &b, err);
    }
    buf_free(&c);
    built_free(&b);
    if (!ok) record_log_openings_free(out);
    return ok;
}

void record_log_openings_free(LogOpenings *o)
{
    for (size_t i = 0; i < o->n; i++) {
        sodium_memzero(o->part[i].salt, sizeof o->part[i].salt);
        buf_free(&o->part[i].content);
    }
    free(o->part);
    memset(o, 0, sizeof *o);
}

/* ---- Checking the whole log ---- */

typedef struct {
    LogProblemFn fn;
    void *ctx;
    LogCheck *out;
} Checker;

static void problem(Checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(Checker *c, const char *fmt, ...)
{
    char line[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    c->out->problems++;
    if (c->fn) c->fn(c->ctx, line);
}

/* "record 812, version 2" or "session 44" or "" for what a leaf records. */
static void leaf_subject(StoreRows *r, char *out, size_t n)
{
    if (!store_col_null(r, 3) && !store_col_null(r, 4))
        strfmt(out, n, ", recording record %lld, version %lld", (long long)store_col_int(r, 3),
               (long long)store_col_int(r, 4));
    else if (!store_col_null(r, 3))
        strfmt(out, n, ", recording record %lld", (long long)store_col_int(r, 3));
    else if (!store_col_null(r, 5))
        strfmt(out, n, ", recording session %lld", (long long)store_col_int(r, 5));
    else
        out[0] = 0;
}

#define CHECK_CHUNK 4096

static bool check_leaves(Store *st, int64_t n, Checker *c)
{
    int64_t next = 0;
    for (int64_t from = 0; from < n; from += CHECK_CHUNK) {
        StoreRows *r =
            store_query(st, STMT_LOG_LEAVES_CHECK_RANGE, (Param[]){P_INT(from), P_INT(from + CHECK_CHUNK)}, 2);
        if (!r) return false;
        int rc;
        while ((rc = store_next(r)) == 1) {
            int64_t idx = store_col_int(r, 0);
            if (idx != next)
                problem(c, "entries %lld to %lld of the log are missing: rows were deleted", (long long)next,
                        (long long)idx - 1);
            next = idx + 1;
            c->out->leaves++;
            char subject[96], type[16];
            leaf_subject(r, subject, sizeof subject);
            svc_col_copy(r, 2, type, sizeof type);
            size_t len = 0;
            const char *hex = store_col_text(r, 1, &len);
            uint8_t logged[32], got[32];
            if (!hash_of(hex, len, logged)) {
                problem(c, "entry %lld of the log (%s%s) has no hash of 64 hex digits", (long long)idx, type, subject);
                continue;
            }
            if (store_col_null(r, 6)) continue;
            const char *e = store_col_text(r, 6, &len);
            c->out->entries_kept++;
            entry_hash(e, len, got);
            if (sodium_memcmp(got, logged, 32) != 0)
                problem(c,
                        "entry %lld of the log (%s%s): the entry kept with it no longer hashes to the hash logged: "
                        "it was changed after it was logged",
                        (long long)idx, type, subject);
        }
        store_rows_close(r);
        if (rc < 0) return false;
    }
    if (next != n) problem(c, "entries %lld to %lld of the log are missing", (long long)next, (long long)n - 1);
    return true;
}

static bool check_nodes(Store *st, int64_t n, Checker *c)
{
    Reader rd = {.st = st};
    for (unsigned level = TILE; level < 64 && ((uint64_t)n >> level) > 0; level += TILE) {
        uint64_t count = (uint64_t)n >> level;
        for (uint64_t from = 0; from < count; from += TILE_WIDTH) {
            uint64_t to = from + TILE_WIDTH < count ? from + TILE_WIDTH : count;
            uint8_t stored[TILE_WIDTH][32];
            rd.why[0] = 0;
            if (!read_level(&rd, level, from, to, stored)) {
                problem(c, "%s", rd.why);
                continue;
            }
            for (uint64_t i = from; i < to; i++) {
                uint8_t h[32];
                rd.why[0] = 0;
                c->out->nodes++;
                if (!node_from(&rd, level, i, level - TILE, h))
                    problem(c, "the stored node at level %u, index %llu, cannot be recomputed: %s", level,
                            (unsigned long long)i, rd.why);
                else if (sodium_memcmp(h, stored[i - from], 32) != 0)
                    problem(c,
                            "the stored node at level %u, index %llu (entries %llu to %llu) is not what its entries "
                            "give: the log was changed",
                            level, (unsigned long long)i, (unsigned long long)(i << level),
                            (unsigned long long)(((i + 1) << level) - 1));
            }
        }
    }
    return true;
}

static bool check_checkpoints(Store *st, int64_t n, Checker *c)
{
    /* Every key there has been: a retired one opens what it signed. */
    Buf keys = {0};
    if (keys_of(st, STMT_LOG_KEYS_ALL, &keys) < 0) {
        buf_free(&keys);
        return false;
    }
    NoteVerifier *v = NULL;
    size_t nv = 0, cap = 0;
    for (char *line = keys.data, *end; line && *line; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        if (end) *end = 0;
        xgrow((void **)&v, &cap, nv + 1, sizeof *v);
        if (note_verifier_parse(line, &v[nv], NULL, 0)) nv++;
        if (!end) break;
    }
    StoreRows *r = store_query(st, STMT_LOG_CHECKPOINTS_ALL, NULL, 0);
    int rc = r ? 0 : STORE_ERROR;
    typedef struct {
        int64_t size, signed_at;
        uint8_t root[32];
        Buf note;
        bool root_ok;
    } Row;
    Row *rows = NULL;
    size_t nr = 0, rcap = 0;
    while (r && (rc = store_next(r)) == 1) {
        xgrow((void **)&rows, &rcap, nr + 1, sizeof *rows);
        Row *x = &rows[nr++];
        memset(x, 0, sizeof *x);
        x->size = store_col_int(r, LOG_CP_SIZE);
        x->signed_at = store_col_int(r, LOG_CP_SIGNED_AT);
        size_t len = 0;
        const char *root = store_col_text(r, LOG_CP_ROOT, &len);
        x->root_ok = hash_of(root, len, x->root);
        const char *note = store_col_text(r, LOG_CP_NOTE, &len);
        buf_add(&x->note, note, len);
    }
    if (r) store_rows_close(r);
    for (size_t i = 0; rc == 0 && i < nr; i++) {
        Row *x = &rows[i];
        char day[11], why[256] = "";
        day_of(x->signed_at, day);
        c->out->checkpoints++;
        size_t text_len = 0;
        Checkpoint cp;
        NoteResult nr_ = note_open(x->note.data, x->note.len, v, nv, &text_len, NULL, why, sizeof why);
        if (nr_ != NOTE_OK) {
            problem(c, "the checkpoint of %lld entries signed on %s does not open with the log's keys: %s",
                    (long long)x->size, day, why);
            continue;
        }
        if (!checkpoint_parse(x->note.data, text_len, &cp, why, sizeof why) || (int64_t)cp.size != x->size ||
            !x->root_ok || sodium_memcmp(cp.root, x->root, 32) != 0) {
            problem(c, "the checkpoint of %lld entries signed on %s is not the size and root stored beside it",
                    (long long)x->size, day);
            continue;
        }
        if (x->size > n) {
            problem(c, "the checkpoint signed on %s has %lld entries, but the log has only %lld: rows were deleted",
                    day, (long long)x->size, (long long)n);
            continue;
        }
        uint8_t root[32];
        MerkleResult m = record_log_root(st, (uint64_t)x->size, root, why, sizeof why);
        if (m != MERKLE_OK)
            problem(c, "the first %lld entries, signed on %s, cannot be read: %s", (long long)x->size, day, why);
        else if (sodium_memcmp(root, cp.root, 32) != 0)
            problem(c, "the first %lld entries no longer give the root signed on %s: the log was changed",
                    (long long)x->size, day);
    }
    for (size_t i = 0; i < nr; i++) buf_free(&rows[i].note);
    free(rows);
    free(v);
    buf_free(&keys);
    return rc == 0;
}

int record_log_check(Store *st, LogProblemFn fn, void *ctx, LogCheck *out)
{
    memset(out, 0, sizeof *out);
    Checker c = {.fn = fn, .ctx = ctx, .out = out};
    int64_t n = 0;
    if (record_log_size(st, &n) < 0) return STORE_ERROR;
    if (!check_leaves(st, n, &c) || !check_nodes(st, n, &c) || !check_checkpoints(st, n, &c)) return STORE_ERROR;
    return 0;
}
