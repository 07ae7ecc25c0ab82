/* record_log.h: the record log in the store (docs/record-format.md): an
 * append-only Merkle tree (core/merkle.h) of entries (format/record_entry.h),
 * one leaf row per entry, and signed checkpoints of it (core/note.h).
 *
 * A change appends its entries in its own transaction, before svc_finish:
 * the writers' lock makes the indexes dense, and a rollback takes the
 * entries with it. The tree's complete subtrees at levels 4, 8, 12, ...
 * are stored as they complete; every other node is computed from at most
 * 16 stored hashes (one range read), so a root or a proof reads a few rows
 * per four levels of the tree, not the whole log.
 *
 * A checkpoint is signed only while the log still gives the root of the
 * last one signed: a row deleted or changed since is refused, with what
 * was found, rather than signed over. */
#ifndef OV_RECORD_LOG_H
#define OV_RECORD_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "core/merkle.h"
#include "core/note.h"
#include "format/record_entry.h"
#include "svc/svc.h"

/* Which rows an entry records (0: none). */
typedef struct {
    int64_t record_ref, version, session_ref, ref;
} LogSource;

/* The log's state: whether `oversight log init` has run, and its origin. */
typedef struct {
    bool ready;
    char origin[NOTE_NAME_MAX + 1];
    int64_t since;
} LogState;

/* 1 and *out when the log is set up, 0 when not, <0 when the store failed. */
int record_log_state(Store *st, LogState *out);

/* The verifier keys in force (the public halves), a line each, appended to
 * out: how many, or <0 on failure. */
int record_log_keys(Store *st, Buf *out);

/* Sets the log up under origin (note_name_ok), with the verifier key of
 * its signer, at now. Again with the same origin it adds the key only; a
 * new origin is refused once a checkpoint has been signed. A database that
 * had records before it kept its log has them brought in, in the same
 * transaction: every version sent and every event on one, in the order
 * they happened, each marked "backfilled" at now (it proves the record
 * unchanged since now, not since it was written); *brought (when not NULL)
 * says how many entries. Versions sent before actions carried their
 * version have no action or follow-up parts. */
SvcResult record_log_init(Store *st, const char *origin, const NoteVerifier *key, int64_t now, int64_t *brought,
                          SvcError *err);

/* Appends entry e (recording src) to the log in the open transaction: its
 * canonical bytes, their hash (into hash, when not NULL), the leaf row and
 * the node rows it completes; *idx (when not NULL) its index. false when
 * the entry cannot be written (a field it needs is missing: err says) or
 * the store failed. */
bool record_log_append(Store *st, const Entry *e, const LogSource *src, int64_t *idx, uint8_t hash[ENTRY_HASH_SIZE],
                       SvcError *err);

/* The entries of a change to a record, built from the record's rows as
 * the change has left them and appended in its transaction (by: the staff
 * ref of who made it, at: when): a version sent (its items, case notes,
 * and the actions and follow-ups written in it, as parts; the names of the
 * two are kept with the version now), the supervisee signing or
 * disagreeing (the latest disagreement with it), a new version begun from
 * one sent (its reason), and an item's confidentiality (the latest event
 * on the topic; type ENTRY_CONFIDENTIAL, _LIFT_PROPOSED or _LIFTED). A
 * record gets its commitment key on its first entry. false, with err when
 * it is not the store that failed (the log not set up, a version sent
 * before the log was kept). */
bool record_log_version(Store *st, int64_t record_ref, int64_t version, int64_t at, int64_t by, SvcError *err);
bool record_log_signed(Store *st, int64_t record_ref, int64_t version, int64_t at, int64_t by, SvcError *err);
bool record_log_disagreed(Store *st, int64_t record_ref, int64_t version, int64_t at, int64_t by, SvcError *err);
bool record_log_amended(Store *st, int64_t record_ref, int64_t from, int64_t version, int64_t at, int64_t by,
                        SvcError *err);
bool record_log_confidentiality(Store *st, EntryType type, int64_t record_ref, const char *topic, int64_t at,
                                int64_t by, SvcError *err);

/* The discussion entry of a session held outside a record (informal or
 * group), its case notes as parts under the session's commitment key
 * (made now), appended in the transaction that made it. */
bool record_log_discussion(Store *st, int64_t session_ref, int64_t at, int64_t by, SvcError *err);

/* Where version of a record was logged when sent: 1 and its leaf index,
 * entry hash (64 lower-case hex digits) and time; 0 when it was not (a
 * draft, or sent before the log was kept); <0 on failure. */
int record_log_version_leaf(Store *st, int64_t record_ref, int64_t version, int64_t *idx, char hash[65], int64_t *at);

/* The number of leaves (the highest index + 1): 0 and *n, or <0. */
int record_log_size(Store *st, int64_t *n);

/* The root of the first size leaves, and the proofs, from the stored tree.
 * MERKLE_SOURCE_FAILED when a row is missing or malformed, or the store
 * failed: why (when not NULL) says which. */
MerkleResult record_log_root(Store *st, uint64_t size, uint8_t root[MERKLE_HASH_SIZE], char *why, size_t why_size);
MerkleResult record_log_inclusion(Store *st, uint64_t index, uint64_t size, MerkleProof *out, char *why,
                                  size_t why_size);
MerkleResult record_log_consistency(Store *st, uint64_t size1, uint64_t size2, MerkleProof *out, char *why,
                                    size_t why_size);
/* The entry hash of leaf index: 1, 0 when there is none, <0 on failure. */
int record_log_entry_hash(Store *st, int64_t index, uint8_t out[ENTRY_HASH_SIZE]);

/* ---- Checking the whole log (oversight log check) ---- */

typedef struct {
    int64_t leaves, entries_kept, nodes, checkpoints;
    int64_t problems;
} LogCheck;

/* Called with each problem found, a sentence naming the entry (and the
 * record or session it records) or the checkpoint. */
typedef void (*LogProblemFn)(void *ctx, const char *sentence);

/* Reads the whole log as stored and checks that its leaves are dense, that
 * each kept entry still hashes to its leaf, that every stored node is what
 * the leaves below it give, and that every checkpoint signed still opens
 * with a key of the log (in force, or retired since) and gives its root: 0 and *out (out->problems: how
 * many were found; each passed to fn), or <0 when the store failed. Cost:
 * one pass over the leaves, and one range read per stored node. */
int record_log_check(Store *st, LogProblemFn fn, void *ctx, LogCheck *out);

/* ---- Reading leaves back, for the copy each person keeps ---- */

/* A leaf as the log keeps it: its index, entry hash and source, and the
 * entry's canonical bytes (empty for a leaf logged before schema 19). */
typedef struct {
    int64_t idx;
    uint8_t hash[ENTRY_HASH_SIZE];
    char type[16];
    int64_t record_ref, version, session_ref, ref, at;
    Buf entry;
} LogLeaf;

/* Called for each leaf, in index order; a nonzero return stops the walk
 * and is returned. The leaf is only valid during the call. */
typedef int (*LogLeafFn)(void *ctx, const LogLeaf *leaf);

/* The leaves recording a record (any version or event on it), or a
 * session held outside a record: 0, fn's nonzero, or <0 (store). */
int record_log_leaves_of_record(Store *st, int64_t record_ref, LogLeafFn fn, void *ctx);
int record_log_leaves_of_session(Store *st, int64_t session_ref, LogLeafFn fn, void *ctx);

/* A part's opening: its id, salt and canonical content. */
typedef struct {
    char id[ENTRY_PART_ID_MAX + 1];
    uint8_t salt[32];
    Buf content;
} LogOpening;

typedef struct {
    LogOpening *part;
    size_t n, cap;
} LogOpenings;

/* The openings of every part of leaf's entry, made from the rows as they
 * are now (a row changed since the entry was logged gives an opening that
 * no longer matches its commitment: that is what a copy shows). Writes
 * nothing. None when the record's texts were purged under the retention
 * policy (its commitment key went with them). false when the store failed. Free with record_log_openings_free, which
 * wipes the salts. */
bool record_log_openings(Store *st, const LogLeaf *leaf, LogOpenings *out, SvcError *err);
void record_log_openings_free(LogOpenings *o);

typedef struct {
    int64_t size;
    uint8_t root[MERKLE_HASH_SIZE];
    int64_t signed_at;
    Buf note;   /* the signed note; buf_free it */
    bool fresh; /* signed now (false: the latest one, as nothing was added since) */
} LogCheckpoint;

/* The latest checkpoint: 1 and *out (out->note to be freed), 0 when none
 * was signed yet, <0 on failure. */
int record_log_latest(Store *st, LogCheckpoint *out);

/* Signs a checkpoint of the whole log with signer at now, in a
 * transaction of its own: SVC_OK and *out (fresh); or, when nothing was
 * added since the latest, SVC_OK and the latest (not fresh). When the read
 * trail (svc/trail.h) has grown past the head anchored last, a read-trail
 * entry anchoring its head is appended first, in the same transaction, and
 * signed over: rows cut from the trail's end then show. An anchor counts
 * as added. SVC_CONFLICT, with what was found, when the log no longer
 * gives the latest checkpoint's root (fewer leaves than it signed, a row deleted or changed), or when signer's name is
 * not the log's origin; SVC_INVALID when the log is not set up; SVC_FAILED when the store failed. */
SvcResult record_log_checkpoint(Store *st, const NoteSigner *signer, int64_t now, LogCheckpoint *out, SvcError *err);

/* The read trail's latest anchor in the log: the leaf (idx), the trail row
 * it anchors (seq) and that row's hash (chain, 64 lower-case hex digits),
 * and the first checkpoint signed over it (size 0: none yet). holds is
 * false, with why, when the leaf's entry does not give its hash or is not
 * a read-trail entry for seq: the log was changed (log check says more). */
typedef struct {
    int64_t idx, seq, at;
    char chain[65];
    int64_t checkpoint_size, checkpoint_at;
    bool holds;
    char why[200];
} LogTrailAnchor;

/* 1 and *out, 0 when the log anchors no trail head, <0 on failure. */
int record_log_trail_anchor(Store *st, LogTrailAnchor *out);

/* Replaces the log's signing key old by next (both named the log's origin),
 * in one transaction: a `key` entry naming both is appended, next is in
 * force and old retired, and a checkpoint of the whole log, the key entry
 * included, is signed by both: whoever trusts old can check the step to
 * next with the key they have. SVC_OK and *out; SVC_CONFLICT when old is
 * not the key in force, a name is not the origin, or the log no longer
 * gives its latest checkpoint (as record_log_checkpoint); SVC_INVALID when
 * the log is not set up; SVC_FAILED when the store failed. */
SvcResult record_log_rotate(Store *st, const NoteSigner *old, const NoteSigner *next, int64_t now, LogCheckpoint *out,
                            SvcError *err);

#endif
