/* test_record_log.c: the record log in the store (svc/record_log.h), on
 * both backends: entries appended give the root an oracle written from RFC
 * 9162's definition over the whole array of leaves, for every size up to
 * 300 (past the stored tiles at 16 and 256 leaves); the proofs made from
 * the stored tree verify; and a checkpoint is refused once a row it
 * covered was deleted or changed, and signed again once it is put back;
 * a checkpoint anchors the read trail's head when it has grown, and rows
 * cut from the trail's end then show against the anchor. */
#include <sodium.h>

#include "core/merkle.h"
#include "core/note.h"
#include "svc/record_log.h"
#include "svc/trail.h"
#include "test.h"

#define ORIGIN "oversight.example.gov.uk/supervision"
#define N 300

static uint8_t entry_hashes[N][32]; /* of the entries appended, in order */

/* RFC 9162 2.1.1: MTH over leaves [from, from + n). */
static void oracle(uint64_t from, uint64_t n, uint8_t out[32])
{
    if (n == 1) {
        merkle_leaf_hash(entry_hashes[from], 32, out);
        return;
    }
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    uint8_t l[32], r[32];
    oracle(from, k, l);
    oracle(from + k, n - k, r);
    merkle_node_hash(l, r, out);
}

static void signer(NoteSigner *s)
{
    uint8_t seed[32];
    memset(seed, 7, sizeof seed);
    CHECK(note_signer_from_seed(ORIGIN, seed, s));
}

static void set_up(Store *st)
{
    NoteSigner s;
    SvcError e = {0};
    signer(&s);
    CHECK_INT(record_log_init(st, ORIGIN, &s.verifier, 1700000000, NULL, &e), SVC_OK);
    if (e.message[0]) fprintf(stderr, "  %s\n", e.message);
}

/* Appends entries from..to-1 (a signed entry each), a transaction per 50. */
static void append(Store *st, int from, int to)
{
    for (int i = from; i < to; i += 50) {
        CHECK_INT(store_begin(st), STORE_OK);
        for (int j = i; j < to && j < i + 50; j++) {
            uint8_t of[32];
            memset(of, j & 0xff, sizeof of);
            Entry e = {.type = ENTRY_SIGNED, .at = 1700000000 + j, .by = "S1", .record = j + 1, .version = 1, .of = of};
            LogSource src = {.record_ref = j + 1, .version = 1};
            int64_t idx = -1;
            SvcError err = {0};
            CHECK(record_log_append(st, &e, &src, &idx, entry_hashes[j], &err));
            CHECK_INT(idx, j);
        }
        CHECK_INT(store_commit(st), STORE_OK);
    }
}

static void test_roots_and_proofs(Store *st)
{
    set_up(st);
    append(st, 0, N);
    int64_t n = 0;
    CHECK_INT(record_log_size(st, &n), 0);
    CHECK_INT(n, N);
    int wrong = 0;
    for (uint64_t size = 1; size <= N; size++) {
        uint8_t got[32], want[32];
        char why[256] = "";
        oracle(0, size, want);
        if (record_log_root(st, size, got, why, sizeof why) != MERKLE_OK || memcmp(got, want, 32) != 0) {
            if (wrong++ < 3)
                fprintf(stderr, "  root of %llu leaves is not the oracle's %s\n", (unsigned long long)size, why);
        }
    }
    CHECK_INT(wrong, 0);
    /* Inclusion proofs at a few sizes, every index; consistency between sizes. */
    static const uint64_t sizes[] = {1, 15, 16, 17, 255, 256, 257, N};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        uint8_t root[32], leaf[32];
        oracle(0, sizes[s], root);
        for (uint64_t i = 0; i < sizes[s]; i++) {
            MerkleProof p;
            CHECK_INT(record_log_inclusion(st, i, sizes[s], &p, NULL, 0), MERKLE_OK);
            const uint8_t *ptr[MERKLE_PROOF_MAX];
            for (size_t k = 0; k < p.n; k++) ptr[k] = p.hash[k];
            merkle_leaf_hash(entry_hashes[i], 32, leaf);
            MerkleResult r = merkle_verify_inclusion(i, sizes[s], leaf, 32, ptr, NULL, p.n, root, 32);
            if (r != MERKLE_OK) wrong++;
        }
        for (size_t t = s + 1; t < sizeof sizes / sizeof *sizes; t++) {
            uint8_t root2[32];
            oracle(0, sizes[t], root2);
            MerkleProof p;
            CHECK_INT(record_log_consistency(st, sizes[s], sizes[t], &p, NULL, 0), MERKLE_OK);
            const uint8_t *ptr[MERKLE_PROOF_MAX];
            for (size_t k = 0; k < p.n; k++) ptr[k] = p.hash[k];
            if (merkle_verify_consistency(sizes[s], sizes[t], root, 32, root2, 32, ptr, NULL, p.n) != MERKLE_OK)
                wrong++;
        }
    }
    CHECK_INT(wrong, 0);
    uint8_t h[32];
    CHECK_INT(record_log_entry_hash(st, 17, h), 1);
    CHECK(memcmp(h, entry_hashes[17], 32) == 0);
    CHECK_INT(record_log_entry_hash(st, N, h), 0);
}

/* An entry the format refuses appends nothing. */
static void test_bad_entry_appends_nothing(Store *st)
{
    set_up(st);
    CHECK_INT(store_begin(st), STORE_OK);
    Entry e = {.type = ENTRY_SIGNED, .at = 1, .by = "S1", .record = 1, .version = 1}; /* no "of" */
    SvcError err = {0};
    CHECK(!record_log_append(st, &e, NULL, NULL, NULL, &err));
    CHECK_HAS(err.message, "signed entry");
    store_rollback(st);
    int64_t n = -1;
    CHECK_INT(record_log_size(st, &n), 0);
    CHECK_INT(n, 0);
}

/* Signs, and checks the note it made: well signed, this log, this root. */
static SvcResult sign(Store *st, int64_t size, SvcError *e)
{
    NoteSigner s;
    signer(&s);
    LogCheckpoint cp;
    memset(e, 0, sizeof *e);
    SvcResult r = record_log_checkpoint(st, &s, 1700001000 + size, &cp, e);
    if (r != SVC_OK) return r;
    size_t text_len = 0;
    char why[256] = "";
    CHECK_INT(note_open(cp.note.data, cp.note.len, &s.verifier, 1, &text_len, NULL, why, sizeof why), NOTE_OK);
    Checkpoint c;
    CHECK(checkpoint_parse(cp.note.data, text_len, &c, why, sizeof why));
    CHECK_STR(c.origin, ORIGIN);
    CHECK_INT(c.size, size);
    CHECK_INT(cp.size, size);
    uint8_t want[32];
    if (size) oracle(0, (uint64_t)size, want);
    if (size) CHECK(memcmp(c.root, want, 32) == 0);
    buf_free(&cp.note);
    return r;
}

static void test_checkpoint_refused_after_tampering(Store *st)
{
    SvcError e;
    NoteSigner s;
    signer(&s);
    LogCheckpoint cp;
    CHECK_INT(record_log_checkpoint(st, &s, 1, &cp, &e), SVC_INVALID);
    CHECK_HAS(e.message, "oversight log init");
    set_up(st);
    CHECK_INT(sign(st, 0, &e), SVC_OK);
    append(st, 0, 40);
    CHECK_INT(sign(st, 40, &e), SVC_OK);
    append(st, 40, 45);
    CHECK_INT(sign(st, 45, &e), SVC_OK);
    /* Nothing new: the latest again, not a new one. */
    CHECK_INT(record_log_checkpoint(st, &s, 1, &cp, &e), SVC_OK);
    CHECK(!cp.fresh);
    CHECK_INT(cp.size, 45);
    buf_free(&cp.note);

    /* The last entry deleted. */
    test_db_exec("CREATE TABLE kept AS SELECT * FROM log_leaves", "CREATE TABLE kept AS SELECT * FROM log_leaves");
    test_db_exec("DELETE FROM log_leaves WHERE idx = 44", "DELETE FROM log_leaves WHERE idx = 44");
    CHECK_INT(sign(st, 44, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "fewer than the 45");
    CHECK_HAS(e.message, "rows were deleted");
    test_db_exec("INSERT INTO log_leaves SELECT * FROM kept WHERE idx = 44",
                 "INSERT INTO log_leaves SELECT * FROM kept WHERE idx = 44");
    append(st, 45, 46);
    CHECK_INT(sign(st, 46, &e), SVC_OK);

    /* An entry in the middle deleted. */
    test_db_exec("DELETE FROM log_leaves WHERE idx = 35", "DELETE FROM log_leaves WHERE idx = 35");
    CHECK_INT(sign(st, 46, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "entry 35 of the log is missing");
    test_db_exec("INSERT INTO log_leaves SELECT * FROM kept WHERE idx = 35",
                 "INSERT INTO log_leaves SELECT * FROM kept WHERE idx = 35");

    /* An entry's hash changed. */
#define FLIP "UPDATE log_leaves SET hash = CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END || substr(hash, 2)"
    test_db_exec(FLIP " WHERE idx = 40", FLIP " WHERE idx = 40");
    CHECK_INT(sign(st, 46, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "no longer give the root signed on 2023-11-14");
    test_db_exec("UPDATE log_leaves SET hash = (SELECT hash FROM kept WHERE idx = 40) WHERE idx = 40",
                 "UPDATE log_leaves SET hash = (SELECT hash FROM kept WHERE idx = 40) WHERE idx = 40");

    /* A stored node changed, then deleted. */
    test_db_exec("CREATE TABLE kept_nodes AS SELECT * FROM log_nodes",
                 "CREATE TABLE kept_nodes AS SELECT * FROM log_nodes");
    test_db_exec("UPDATE log_nodes SET hash = '"
                 "0000000000000000000000000000000000000000000000000000000000000000"
                 "' WHERE level = 4 AND idx = 1",
                 "UPDATE log_nodes SET hash = '"
                 "0000000000000000000000000000000000000000000000000000000000000000"
                 "' WHERE level = 4 AND idx = 1");
    CHECK_INT(sign(st, 46, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "the log was changed");
    test_db_exec("DELETE FROM log_nodes WHERE level = 4 AND idx = 1",
                 "DELETE FROM log_nodes WHERE level = 4 AND idx = 1");
    CHECK_INT(sign(st, 46, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "node at level 4, index 1, of the log is missing");
#define PUT_BACK "INSERT INTO log_nodes SELECT * FROM kept_nodes WHERE level = 4 AND idx = 1"
    test_db_exec(PUT_BACK, PUT_BACK);

    /* All put back: signed again. */
    append(st, 46, 50);
    CHECK_INT(sign(st, 50, &e), SVC_OK);
    if (e.message[0]) fprintf(stderr, "  %s\n", e.message);

    /* Another key's name is not the log's. */
    NoteSigner other;
    uint8_t seed[32] = {1};
    CHECK(note_signer_from_seed("another.example/log", seed, &other));
    CHECK_INT(record_log_checkpoint(st, &other, 1, &cp, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "origin is \"" ORIGIN "\"");
}

static void test_init(Store *st)
{
    NoteSigner s;
    signer(&s);
    SvcError e = {0};
    CHECK_INT(record_log_init(st, "has space", &s.verifier, 1, NULL, &e), SVC_INVALID);
    CHECK_HAS(e.message, "is not a name");
    CHECK_INT(record_log_init(st, "another.example/log", &s.verifier, 1, NULL, &e), SVC_INVALID);
    CHECK_HAS(e.message, "not the log's origin");
    /* A database with no records keeps its log from the start, unnamed. */
    LogState ls;
    CHECK_INT(record_log_state(st, &ls), 1);
    CHECK(ls.ready);
    CHECK_STR(ls.origin, "");
    LogCheckpoint cp;
    CHECK_INT(record_log_checkpoint(st, &s, 1, &cp, &e), SVC_INVALID);
    CHECK_HAS(e.message, "no name and no key yet");
    set_up(st);
    set_up(st); /* again: nothing changes */
    CHECK_INT(record_log_state(st, &ls), 1);
    CHECK(ls.ready);
    CHECK_STR(ls.origin, ORIGIN);
    CHECK_INT(sign(st, 0, &e), SVC_OK);
    /* A new origin once a checkpoint is signed is refused. */
    NoteSigner s2;
    uint8_t seed[32] = {2};
    CHECK(note_signer_from_seed("new.example/log", seed, &s2));
    CHECK_INT(record_log_init(st, "new.example/log", &s2.verifier, 2, NULL, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "cannot change");
}

static int stop_at_second(void *ctx, const LogLeaf *l)
{
    int *seen = ctx;
    (*seen)++;
    CHECK(l->entry.len > 0); /* each entry is kept with its leaf */
    return *seen == 2 ? 7 : 0;
}

/* A walk over a record's leaves returns what stopped it, as the header
 * says (it returned 0 before). */
static void test_leaves_walk_stops(Store *st)
{
    set_up(st);
    CHECK_INT(store_begin(st), STORE_OK);
    for (int v = 1; v <= 3; v++) {
        uint8_t of[32];
        memset(of, v, sizeof of);
        Entry e = {.type = ENTRY_SIGNED, .at = 1700000000 + v, .record = 5, .version = v, .of = of};
        LogSource src = {.record_ref = 5, .version = v};
        SvcError err = {0};
        CHECK(record_log_append(st, &e, &src, NULL, NULL, &err));
    }
    CHECK_INT(store_commit(st), STORE_OK);
    int seen = 0;
    CHECK_INT(record_log_leaves_of_record(st, 5, stop_at_second, &seen), 7);
    CHECK_INT(seen, 2);
    seen = 0;
    CHECK_INT(record_log_leaves_of_record(st, 6, stop_at_second, &seen), 0);
    CHECK_INT(seen, 0);
}

static void reads(Store *st, int n)
{
    for (int i = 0; i < n; i++) {
        TrailRead r;
        trail_read_set(&r, 1700000000 + i, "worker", 0, "supervisee", "192.0.2.1", "record", 40 + i, "read");
        CHECK_INT(trail_append(st, &r, 1), STORE_OK);
    }
}

/* Signs a checkpoint: its size, and whether it is new. */
static int64_t checkpoint(Store *st, bool *fresh)
{
    NoteSigner s;
    signer(&s);
    LogCheckpoint cp;
    SvcError e = {0};
    CHECK_INT(record_log_checkpoint(st, &s, 1700002000, &cp, &e), SVC_OK);
    *fresh = cp.fresh;
    buf_free(&cp.note);
    return cp.size;
}

static void test_trail_anchor(Store *st)
{
    set_up(st);
    append(st, 0, 3);
    LogTrailAnchor a;
    CHECK_INT(record_log_trail_anchor(st, &a), 0);
    reads(st, 3);
    bool fresh = false;
    /* The three entries and the anchor, signed together. */
    CHECK_INT(checkpoint(st, &fresh), 4);
    CHECK(fresh);
    int64_t seq = 0;
    char head[TRAIL_HASH_HEX];
    CHECK_INT(trail_head(st, &seq, head), 1);
    CHECK_INT(record_log_trail_anchor(st, &a), 1);
    CHECK(a.holds);
    CHECK_INT(a.idx, 3);
    CHECK_INT(a.seq, 3);
    CHECK_STR(a.chain, head);
    CHECK_INT(a.checkpoint_size, 4);
    /* No new reads, nothing new: no anchor, the latest checkpoint again. */
    CHECK_INT(checkpoint(st, &fresh), 4);
    CHECK(!fresh);
    CHECK_INT(record_log_size(st, &seq), 0);
    CHECK_INT(seq, 4);
    /* Reads only: an anchor is something added. */
    reads(st, 2);
    CHECK_INT(checkpoint(st, &fresh), 5);
    CHECK(fresh);
    CHECK_INT(record_log_trail_anchor(st, &a), 1);
    CHECK_INT(a.seq, 5);
    CHECK_INT(a.checkpoint_size, 5);
    TrailHead anchor = {.seq = a.seq};
    memcpy(anchor.hash, a.chain, sizeof anchor.hash);
    TrailCheck c;
    CHECK_INT(trail_verify(st, NULL, &anchor, &c), 1);

    /* The last row cut: the chain left holds by itself, not against the anchor. */
    test_db_exec("DELETE FROM read_trail WHERE seq = 5", "DELETE FROM read_trail WHERE seq = 5");
    CHECK_INT(trail_verify(st, NULL, NULL, &c), 1);
    CHECK_INT(trail_verify(st, NULL, &anchor, &c), 0);
    CHECK_INT(c.broken_seq, 5);
    CHECK_HAS(c.why, "row 5 was anchored in the record log: rows 5 to 5 were deleted");
    /* A head behind the one anchored is not anchored again. */
    CHECK_INT(checkpoint(st, &fresh), 5);
    CHECK(!fresh);
    /* A row rewritten at the anchored seq (a new row 5, chained, after the cut). */
    reads(st, 1);
    CHECK_INT(trail_verify(st, NULL, &anchor, &c), 0);
    CHECK_HAS(c.why, "row 5 is not the row it was");

    /* The anchor's entry changed in the log: it does not hold. */
    test_db_exec("UPDATE log_leaves SET entry = replace(entry, '\"seq\":5', '\"seq\":4') WHERE idx = 4",
                 "UPDATE log_leaves SET entry = replace(entry, '\"seq\":5', '\"seq\":4') WHERE idx = 4");
    CHECK_INT(record_log_trail_anchor(st, &a), 1);
    CHECK(!a.holds);
    CHECK_HAS(a.why, "leaf 4");
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    RUN_STORES(test_init);
    RUN_STORES(test_roots_and_proofs);
    RUN_STORES(test_bad_entry_appends_nothing);
    RUN_STORES(test_checkpoint_refused_after_tampering);
    RUN_STORES(test_leaves_walk_stops);
    RUN_STORES(test_trail_anchor);
    TEST_DONE();
}
