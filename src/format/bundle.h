/* bundle.h: the copy of records a person keeps (docs/record-format.md,
 * "Copies"): the entries the record log holds about their records, the
 * openings of the parts they may read, each entry's inclusion proof, and
 * the signed checkpoint the proofs lead to, in one JSON document that
 * `oversight verify` checks with no database and no network
 * (format/bundle_check.h).
 *
 * Its keys (the file has them in bytewise order):
 *
 *   {"format": "oversight-copy/1",
 *    "origin": the log's origin, "key": the verifier key (note.h's form),
 *    "checkpoint": the signed note, as signed,
 *    "exported_at": Unix seconds, "for": {"id": staff id, "name": name},
 *    "consistency": [{"size", "root" (hex), "proof": [hex, ...]}, ...],
 *    "entries": [{"index": leaf index, "hash": entry hash as logged (hex),
 *                 "entry": the entry's canonical bytes, as a string
 *                          (absent: logged before entries were kept),
 *                 "proof": [hex, ...] (inclusion in the checkpoint's tree),
 *                 "openings": [{"id", "salt" (hex), "content" (a string:
 *                               the part's canonical bytes)}, ...]}, ...],
 *    "digest": hex}
 *
 * consistency: proofs from earlier checkpoints to this one, so that a copy
 * can be checked against a checkpoint saved before it (verify --since).
 * Entries are in increasing index order. Every key is required but an
 * entry's "entry"; keys not named here are refused, so that a field added
 * later is not silently skipped by an older reader. Hexadecimal is lower
 * case, hashes and salts 64 digits; integers are between 0 and 2^53 - 1
 * (sizes and exported_at from 1).
 *
 * digest (added to the first shape): SHA-256 of the canonical JSON
 * (RFC 8785, as entries are written) of the whole object without
 * "digest". It makes any damage to the file show, the parts no signature
 * covers included (exported_at, for); it is no proof against someone who
 * rewrites the copy and its digest: the entries' hashes, proofs and the
 * signed checkpoint are.
 *
 * Pure: bytes in, bytes out (jansson parses, in bundle.c; writing is ours,
 * in bundle_write.c). */
#ifndef OV_BUNDLE_H
#define OV_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/merkle.h"
#include "core/util.h"
#include "format/record_entry.h"

#define BUNDLE_FORMAT "oversight-copy/1"

typedef struct {
    char id[ENTRY_PART_ID_MAX + 1];
    uint8_t salt[32];
    const char *content; /* canonical part bytes (not NUL-terminated) */
    size_t content_len;
} BundleOpening;

typedef struct {
    int64_t index;
    uint8_t hash[ENTRY_HASH_SIZE]; /* as logged */
    const char *entry;             /* canonical entry bytes; NULL: not kept */
    size_t entry_len;
    MerkleProof proof;
    BundleOpening *opening;
    size_t nopening;
} BundleEntry;

typedef struct {
    uint64_t size;
    uint8_t root[MERKLE_HASH_SIZE];
    MerkleProof proof;
} BundleConsistency;

typedef struct {
    const char *origin, *key, *checkpoint; /* key: verifier key text; checkpoint: the signed note */
    int64_t exported_at;
    const char *for_id, *for_name;
    BundleEntry *entry;
    size_t nentry;
    BundleConsistency *consistency;
    size_t nconsistency;
    uint8_t digest[ENTRY_HASH_SIZE]; /* as read; bundle_write computes its own */
    Arena a;                         /* what bundle_parse allocates */
} Bundle;

/* The bundle as JSON (UTF-8, keys in bytewise order, on one line), with its digest,
 * appended to out; false (nothing appended) when a text is not UTF-8 or
 * holds a NUL, an integer is out of range, or a part id is empty. */
bool bundle_write(const Bundle *b, Buf *out);

/* The digest the bundle's fields give (b->digest is not read): false
 * when bundle_write would refuse it. */
bool bundle_digest(const Bundle *b, uint8_t out[ENTRY_HASH_SIZE]);

/* Reads a bundle: false, with why (a sentence naming the field, and the
 * entry's index when it is in one), when it is not one. Parsing checks
 * shape only (types, hex lengths, known keys): what the hashes and
 * signatures say is bundle_check's (format/bundle_check.h). Free with
 * bundle_free (only a bundle bundle_parse made: it frees its arrays). */
bool bundle_parse(const char *bytes, size_t n, Bundle *out, char *why, size_t why_size);
void bundle_free(Bundle *b);

#endif
