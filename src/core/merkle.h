/* merkle.h: the hashing and proofs of an append-only Merkle tree, as RFC
 * 9162 (Certificate Transparency 2.0) section 2.1 defines them: a leaf's
 * hash is SHA-256(0x00 || data), a node's SHA-256(0x01 || left || right),
 * and a tree of n leaves splits at the largest power of two below n.
 *
 * Pure: proofs are made from the hashes of complete subtrees, which the
 * caller reads from wherever it keeps them (MerkleSubtreeFn), and checked
 * from hashes alone. The checks accept exactly what the published
 * conformance vectors accept (tests/unit/core/test_merkle_vectors.c). */
#ifndef OV_MERKLE_H
#define OV_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_SIZE 32

/* Longest proof of a tree of up to 2^63 leaves: an inclusion proof has at
 * most 63 hashes, a consistency proof at most 2 * 63. */
#define MERKLE_PROOF_MAX 128

/* What a check found. MERKLE_OK only when everything matched. */
typedef enum {
    MERKLE_OK = 0,
    MERKLE_BAD_INDEX,      /* inclusion: the index is not below the size */
    MERKLE_BAD_SIZES,      /* consistency: size1 is 0, or larger than size2 */
    MERKLE_BAD_HASH,       /* a leaf hash or proof element not 32 bytes long */
    MERKLE_BAD_PROOF_SIZE, /* too many or too few hashes for the sizes */
    MERKLE_ROOT_MISMATCH,  /* the (second) root is not what the proof gives */
    MERKLE_ROOT1_MISMATCH, /* consistency: the first root is not what the proof gives */
    MERKLE_SOURCE_FAILED,  /* making a proof: the subtree source failed */
} MerkleResult;

/* Words for a result ("the proof has the wrong number of hashes for the
 * tree's size"), for verdicts. */
const char *merkle_result_text(MerkleResult r);

void merkle_leaf_hash(const void *data, size_t n, uint8_t out[MERKLE_HASH_SIZE]);
void merkle_node_hash(const uint8_t left[MERKLE_HASH_SIZE], const uint8_t right[MERKLE_HASH_SIZE],
                      uint8_t out[MERKLE_HASH_SIZE]);

/* A proof: hashes from the leaf (or the older tree) up to the root. */
typedef struct {
    size_t n;
    uint8_t hash[MERKLE_PROOF_MAX][MERKLE_HASH_SIZE];
} MerkleProof;

/* Whether leaf (its hash, leaf_len bytes) is entry index of the tree of
 * size leaves whose root is root (root_len bytes), by proof (n hashes of
 * proof_len[i] bytes each; proof_len NULL: all 32). */
MerkleResult merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t *leaf, size_t leaf_len,
                                     const uint8_t *const *proof, const size_t *proof_len, size_t n,
                                     const uint8_t *root, size_t root_len);

/* Whether the tree of size2 leaves with root root2 begins with the tree of
 * size1 leaves with root root1, by proof. Equal sizes need an empty proof
 * and equal roots. */
MerkleResult merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t *root1, size_t root1_len,
                                       const uint8_t *root2, size_t root2_len, const uint8_t *const *proof,
                                       const size_t *proof_len, size_t n);

/* The hash of the complete subtree of 2^level leaves beginning at leaf
 * index << level, into out; 0 on success, else the source's failure. */
typedef int (*MerkleSubtreeFn)(void *ctx, unsigned level, uint64_t index, uint8_t out[MERKLE_HASH_SIZE]);

/* The root of the first size leaves (size >= 1), and the proofs of RFC 9162
 * 2.1.3.1 (index < size) and 2.1.4.1 (0 < size1 < size2), from complete
 * subtrees. MERKLE_SOURCE_FAILED when subtree did; bad arguments as the
 * checks name them. */
MerkleResult merkle_root(MerkleSubtreeFn subtree, void *ctx, uint64_t size, uint8_t out[MERKLE_HASH_SIZE]);
MerkleResult merkle_inclusion_proof(MerkleSubtreeFn subtree, void *ctx, uint64_t index, uint64_t size,
                                    MerkleProof *out);
MerkleResult merkle_consistency_proof(MerkleSubtreeFn subtree, void *ctx, uint64_t size1, uint64_t size2,
                                      MerkleProof *out);

#endif
