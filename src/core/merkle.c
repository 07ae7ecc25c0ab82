/* merkle.c: RFC 9162 section 2.1, written from its text: the recursive
 * definitions (MTH, PATH, SUBPROOF) to make proofs, its iterative
 * algorithms (2.1.3.2, 2.1.4.2) to check them. */
#include "core/merkle.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

const char *merkle_result_text(MerkleResult r)
{
    switch (r) {
    case MERKLE_OK: return "it verifies";
    case MERKLE_BAD_INDEX: return "the entry's index is not inside the tree";
    case MERKLE_BAD_SIZES: return "the older tree is empty or larger than the newer";
    case MERKLE_BAD_HASH: return "a hash in the proof is not 32 bytes long";
    case MERKLE_BAD_PROOF_SIZE: return "the proof has the wrong number of hashes for the tree's size";
    case MERKLE_ROOT_MISMATCH: return "the proof does not lead to the tree's root";
    case MERKLE_ROOT1_MISMATCH: return "the proof does not lead to the older tree's root";
    case MERKLE_SOURCE_FAILED: return "a hash of the tree could not be read";
    }
    return "unknown result";
}

void merkle_leaf_hash(const void *data, size_t n, uint8_t out[MERKLE_HASH_SIZE])
{
    static const uint8_t prefix = 0x00;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, &prefix, 1);
    crypto_hash_sha256_update(&h, data, n);
    crypto_hash_sha256_final(&h, out);
}

void merkle_node_hash(const uint8_t left[MERKLE_HASH_SIZE], const uint8_t right[MERKLE_HASH_SIZE],
                      uint8_t out[MERKLE_HASH_SIZE])
{
    uint8_t in[1 + 2 * MERKLE_HASH_SIZE];
    in[0] = 0x01;
    memcpy(in + 1, left, MERKLE_HASH_SIZE);
    memcpy(in + 1 + MERKLE_HASH_SIZE, right, MERKLE_HASH_SIZE);
    crypto_hash_sha256(out, in, sizeof in);
}

/* ---- Checking ---- */

static bool same(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static MerkleResult elements_sized(const size_t *proof_len, size_t n)
{
    for (size_t i = 0; proof_len && i < n; i++)
        if (proof_len[i] != MERKLE_HASH_SIZE) return MERKLE_BAD_HASH;
    return MERKLE_OK;
}

MerkleResult merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t *leaf, size_t leaf_len,
                                     const uint8_t *const *proof, const size_t *proof_len, size_t n,
                                     const uint8_t *root, size_t root_len)
{
    if (index >= size) return MERKLE_BAD_INDEX;
    if (leaf_len != MERKLE_HASH_SIZE) return MERKLE_BAD_HASH;
    MerkleResult bad = elements_sized(proof_len, n);
    if (bad != MERKLE_OK) return bad;
    uint64_t fn = index, sn = size - 1;
    uint8_t r[MERKLE_HASH_SIZE];
    memcpy(r, leaf, MERKLE_HASH_SIZE);
    for (size_t i = 0; i < n; i++) {
        if (sn == 0) return MERKLE_BAD_PROOF_SIZE;
        if ((fn & 1) || fn == sn) {
            merkle_node_hash(proof[i], r, r);
            if (!(fn & 1))
                while (fn && !(fn & 1)) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            merkle_node_hash(r, proof[i], r);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0) return MERKLE_BAD_PROOF_SIZE;
    return same(r, MERKLE_HASH_SIZE, root, root_len) ? MERKLE_OK : MERKLE_ROOT_MISMATCH;
}

MerkleResult merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t *root1, size_t root1_len,
                                       const uint8_t *root2, size_t root2_len, const uint8_t *const *proof,
                                       const size_t *proof_len, size_t n)
{
    /* An empty tree is consistent with every tree: a proof of it proves
     * nothing, so it is refused rather than passed. */
    if (size1 == 0 || size2 < size1) return MERKLE_BAD_SIZES;
    if (size1 == size2) {
        if (n != 0) return MERKLE_BAD_PROOF_SIZE;
        return same(root1, root1_len, root2, root2_len) ? MERKLE_OK : MERKLE_ROOT_MISMATCH;
    }
    if (n == 0) return MERKLE_BAD_PROOF_SIZE;
    MerkleResult bad = elements_sized(proof_len, n);
    if (bad != MERKLE_OK) return bad;
    /* When size1 is a power of two its root is the first step itself. */
    bool whole = (size1 & (size1 - 1)) == 0;
    if (whole && root1_len != MERKLE_HASH_SIZE) return MERKLE_ROOT1_MISMATCH;
    const uint8_t *first = whole ? root1 : proof[0];
    size_t next = whole ? 0 : 1;
    uint64_t fn = size1 - 1, sn = size2 - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    uint8_t fr[MERKLE_HASH_SIZE], sr[MERKLE_HASH_SIZE];
    memcpy(fr, first, MERKLE_HASH_SIZE);
    memcpy(sr, first, MERKLE_HASH_SIZE);
    for (size_t i = next; i < n; i++) {
        if (sn == 0) return MERKLE_BAD_PROOF_SIZE;
        if ((fn & 1) || fn == sn) {
            merkle_node_hash(proof[i], fr, fr);
            merkle_node_hash(proof[i], sr, sr);
            if (!(fn & 1))
                while (fn && !(fn & 1)) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            merkle_node_hash(sr, proof[i], sr);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0) return MERKLE_BAD_PROOF_SIZE;
    if (!same(fr, MERKLE_HASH_SIZE, root1, root1_len)) return MERKLE_ROOT1_MISMATCH;
    return same(sr, MERKLE_HASH_SIZE, root2, root2_len) ? MERKLE_OK : MERKLE_ROOT_MISMATCH;
}

/* ---- Making ---- */

typedef struct {
    MerkleSubtreeFn subtree;
    void *ctx;
    bool failed;
} Source;

/* The largest power of two below n (n >= 2): where RFC 9162 splits. */
static uint64_t split(uint64_t n) { return (uint64_t)1 << (63 - __builtin_clzll(n - 1)); }

/* MTH of leaves [start, end). Every range the definitions reach begins at
 * a multiple of its largest power of two, so a power-of-two range is one
 * complete subtree of the source. */
static void mth(Source *s, uint64_t start, uint64_t end, uint8_t out[MERKLE_HASH_SIZE])
{
    uint64_t n = end - start;
    if ((n & (n - 1)) == 0) {
        unsigned level = (unsigned)__builtin_ctzll(n);
        if (!s->failed && s->subtree(s->ctx, level, start >> level, out) != 0) s->failed = true;
        if (s->failed) memset(out, 0, MERKLE_HASH_SIZE);
        return;
    }
    uint64_t k = split(n);
    uint8_t l[MERKLE_HASH_SIZE], r[MERKLE_HASH_SIZE];
    mth(s, start, start + k, l);
    mth(s, start + k, end, r);
    merkle_node_hash(l, r, out);
}

static void add(Source *s, MerkleProof *p, uint64_t start, uint64_t end) { mth(s, start, end, p->hash[p->n++]); }

/* PATH(m, D[start:end]), m an index into the whole tree. */
static void path(Source *s, MerkleProof *p, uint64_t m, uint64_t start, uint64_t end)
{
    if (end - start == 1) return;
    uint64_t k = split(end - start);
    if (m < start + k) {
        path(s, p, m, start, start + k);
        add(s, p, start + k, end);
    } else {
        path(s, p, m, start + k, end);
        add(s, p, start, start + k);
    }
}

/* SUBPROOF(m, D[start:end], b), m a count of leaves from start. */
static void subproof(Source *s, MerkleProof *p, uint64_t m, uint64_t start, uint64_t end, bool b)
{
    uint64_t n = end - start;
    if (m == n) {
        if (!b) add(s, p, start, end);
        return;
    }
    uint64_t k = split(n);
    if (m <= k) {
        subproof(s, p, m, start, start + k, b);
        add(s, p, start + k, end);
    } else {
        subproof(s, p, m - k, start + k, end, false);
        add(s, p, start, start + k);
    }
}

MerkleResult merkle_root(MerkleSubtreeFn subtree, void *ctx, uint64_t size, uint8_t out[MERKLE_HASH_SIZE])
{
    if (size == 0) return MERKLE_BAD_SIZES;
    Source s = {subtree, ctx, false};
    mth(&s, 0, size, out);
    return s.failed ? MERKLE_SOURCE_FAILED : MERKLE_OK;
}

MerkleResult merkle_inclusion_proof(MerkleSubtreeFn subtree, void *ctx, uint64_t index, uint64_t size, MerkleProof *out)
{
    out->n = 0;
    if (index >= size || size > INT64_MAX) return MERKLE_BAD_INDEX;
    Source s = {subtree, ctx, false};
    path(&s, out, index, 0, size);
    return s.failed ? MERKLE_SOURCE_FAILED : MERKLE_OK;
}

MerkleResult merkle_consistency_proof(MerkleSubtreeFn subtree, void *ctx, uint64_t size1, uint64_t size2,
                                      MerkleProof *out)
{
    out->n = 0;
    if (size1 == 0 || size1 >= size2 || size2 > INT64_MAX) return MERKLE_BAD_SIZES;
    Source s = {subtree, ctx, false};
    subproof(&s, out, size1, 0, size2, true);
    return s.failed ? MERKLE_SOURCE_FAILED : MERKLE_OK;
}
