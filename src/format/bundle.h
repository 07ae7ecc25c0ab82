/* bundle.h: the copy of records a person keeps (docs/record-format.md,
 * "Copies"): the entries the record log holds about their records, the
 * openings of the parts they may read, each entry's inclusion proof, and
 * the signed checkpoint the proofs lead to, in one JSON document that
 * `oversight verify` checks with no database and no network.
 *
 *   {"format": "oversight-copy/1",
 *    "origin": the log's origin, "key": the verifier key (note.h's form),
 *    "checkpoint": the signed note, as signed,
 *    "exported_at": Unix seconds, "for": {"id": staff id, "name": name},
 *    "entries": [{"index": leaf index, "hash": entry hash as logged (hex),
 *                 "entry": the entry's canonical bytes, as a string
 *                          (absent: logged before entries were kept),
 *                 "proof": [hex, ...] (inclusion in the checkpoint's tree),
 *                 "openings": [{"id", "salt" (hex), "content" (a string:
 *                               the part's canonical bytes)}, ...]}, ...],
 *    "consistency": [{"size", "root" (hex), "proof": [hex, ...]}, ...]}
 *
 * consistency: proofs from earlier checkpoints to this one, so that a copy
 * can be checked against a checkpoint saved before it (verify --since).
 * Entries are in index order. Keys not named here are refused, so that a
 * field added later is not silently skipped by an older reader.
 *
 * Pure: bytes in, bytes out (jansson parses; writing is ours). */
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
    Arena a; /* what bundle_parse allocates */
} Bundle;

/* The bundle as JSON (UTF-8, one line per entry), appended to out; false
 * (nothing appended) when a text is not UTF-8. */
bool bundle_write(const Bundle *b, Buf *out);

/* Reads a bundle: false, with why (a sentence naming the field, and the
 * entry's index when it is in one), when it is not one. Parsing checks
 * shape only (types, hex lengths, known keys): what the hashes and
 * signatures say is bundle_verify's. Free with bundle_free. */
bool bundle_parse(const char *bytes, size_t n, Bundle *out, char *why, size_t why_size);
void bundle_free(Bundle *b);

#endif
