/* trail.h: the read trail (docs/record-format.md, "The read trail"): who
 * read what, when, from which address and under which role, for every read
 * of record content, a person's page, a case's decisions, an export and a
 * search, one row per read, in a hash chain that `oversight audit verify`
 * walks.
 *
 * Rows are written in two ways. The web application notes each read on a
 * queue (trail_note), which a writer thread of its own writes in batches,
 * one transaction each, so that a page neither waits for a disk write nor
 * takes the writers' lock: the request's answer does not wait for its row.
 * A read that cannot be noted (the queue is full, or the writer's last
 * batch failed and it is still retrying) is refused by the page, never
 * shown unrecorded. The command line and tests write at once (trail_append).
 *
 * What a crash loses: a row is in the database once its batch commits, at
 * most TRAIL_INTERVAL_MS after its page was answered; a crash of the
 * server (not a stop: trail_stop writes what is queued) can lose those
 * last reads. Rows may come from several servers and the command line at
 * once: each batch reads the chain's head under the writers' lock and goes
 * on from it, so seq stays dense and the chain whole. */
#ifndef OV_TRAIL_H
#define OV_TRAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "svc/access.h"

/* The sizes of a read's texts (bytes, without the NUL); longer ones are cut
 * at a character boundary. */
#define TRAIL_ACCOUNT_MAX 100
#define TRAIL_ROLE_MAX 31
#define TRAIL_ADDRESS_MAX 63
#define TRAIL_KIND_MAX 15
#define TRAIL_DETAIL_MAX 400

/* A hash, as the trail keeps it: 64 lower-case hex digits. */
#define TRAIL_HASH_HEX 65

/* One read. account: the username (may be "" for the command line);
 * staff_ref: 0 when the account has no staff record; kind: "record",
 * "person", "case", "search", "export", ...; ref: the row read (0: none). */
typedef struct {
    int64_t at; /* Unix seconds */
    char account[TRAIL_ACCOUNT_MAX + 1];
    int64_t staff_ref;
    char role[TRAIL_ROLE_MAX + 1];
    char address[TRAIL_ADDRESS_MAX + 1];
    char kind[TRAIL_KIND_MAX + 1];
    int64_t ref;
    char detail[TRAIL_DETAIL_MAX + 1];
} TrailRead;

/* A row of the trail: a read, where it stands in the chain, and the hashes. */
typedef struct {
    int64_t seq;
    TrailRead read;
    char prev[TRAIL_HASH_HEX];
    char hash[TRAIL_HASH_HEX];
} TrailRow;

/* Fills r's texts from C strings, each cut to its size at a character
 * boundary (NULL: ""); at, staff_ref and ref as given. */
void trail_read_set(TrailRead *r, int64_t at, const char *account, int64_t staff_ref, const char *role,
                    const char *address, const char *kind, int64_t ref, const char *detail);

/* The role a read is made under, in words for the trail: as, when the
 * viewer is one of the people the thing is about ("supervisor",
 * "supervisee", "self", "worker"), else the highest the account holds:
 * "auditor", "senior manager", "manager" (supervises, line-manages or
 * manages a team), "admin", else "worker". Static text. */
const char *trail_role(const Viewer *v, const char *as);

/* The hash of a row (its seq, read and prev; hash itself is not read):
 * SHA-256 over its canonical serialisation, into hex. The serialisation
 * is "oversight-read-trail-v1\n" followed by each field as a netstring
 * (decimal byte count, ':', the bytes, ','), in the order seq, at,
 * account, staff_ref, role, address, kind, ref, detail, prev; integers in
 * decimal, staff_ref 0 as the empty string. */
void trail_row_hash(const TrailRow *row, char hex[TRAIL_HASH_HEX]);

/* The hash before the first row: 64 zeros. */
extern const char trail_genesis[TRAIL_HASH_HEX];

/* The chain's head, read in the open transaction (or at once): 1 and its
 * seq and hash, 0 when the trail is empty, <0 when the store failed. */
int trail_head(Store *st, int64_t *seq, char hash[TRAIL_HASH_HEX]);

/* Appends reads[0..n) to the chain in one transaction of its own (none may
 * be open on st): reads the head under the writers' lock, then each row.
 * STORE_OK, or the store's failure (nothing written). */
int trail_append(Store *st, const TrailRead *reads, size_t n);

/* ---- the queued writer, for the web application ---- */

typedef struct Trail Trail;

/* How the writer batches: it writes when batch reads are waiting or
 * interval_ms has passed since the first waiting one, and holds at most
 * capacity (reads noted beyond it are refused). Zeros: the defaults. */
#define TRAIL_CAPACITY 8192
#define TRAIL_BATCH 512
#define TRAIL_INTERVAL_MS 50
typedef struct {
    size_t capacity, batch;
    unsigned interval_ms;
} TrailConfig;

/* Starts the writer on a connection of its own to the database at db
 * (store_open's where). NULL with err when it cannot be opened. */
Trail *trail_start(const char *db, const TrailConfig *cfg, char *err, size_t errlen);
/* Queues a read. false when it was not queued: the queue is full, or the
 * writer cannot write (its last batch failed; it retries). The caller must
 * then not show what was read. Thread-safe. */
bool trail_note(Trail *t, const TrailRead *r);
/* Waits until every read queued before the call has been written, or a
 * batch taken after the call has failed: true when none is left waiting,
 * false otherwise. */
bool trail_flush(Trail *t);
/* Writes what is queued (one last try), stops the writer and frees t.
 * Returns the number of reads that could not be written (logged). NULL
 * gives 0. */
size_t trail_stop(Trail *t);

/* ---- checking the chain ---- */

typedef struct {
    int64_t rows;                   /* rows that hold, from the first */
    int64_t head_seq;               /* the last of them (0: none) */
    char head_hash[TRAIL_HASH_HEX]; /* its hash (trail_genesis: none) */
    int64_t broken_seq;             /* the first row that does not hold (0: all hold) */
    char why[256];                  /* what is wrong with it, in words */
} TrailCheck;

/* A head seen before (TrailCheck's head_seq and head_hash). */
typedef struct {
    int64_t seq;
    char hash[TRAIL_HASH_HEX];
} TrailHead;

/* Parses "SEQ:HASH" (a positive seq, 64 hex digits, any case) into h:
 * false when it is not that. */
bool trail_head_parse(const char *text, TrailHead *h);

/* Walks the chain from its first row, in one snapshot: seq must run 1, 2,
 * 3, ... with no gap, each row's prev must be the hash of the row before,
 * and its hash the hash of its contents. Stops at the first row that does
 * not: a row deleted shows as a gap, a row changed as its hash, rows moved
 * or swapped as their hash or prev. Rows deleted from the end leave a
 * chain that holds: since, a head seen before, and anchor, the head the
 * record log anchored last (record_log_trail_anchor), must still be in it,
 * unchanged (else the break is at its seq, or just past the end). Either
 * may be NULL. 1 when the chain holds, 0 when it breaks (out says where
 * and why), <0 when the store failed. */
int trail_verify(Store *st, const TrailHead *since, const TrailHead *anchor, TrailCheck *out);

/* ---- who read a person's records ---- */

typedef struct {
    int64_t seq, at, staff_ref, ref;
    char account[TRAIL_ACCOUNT_MAX + 1];
    char role[TRAIL_ROLE_MAX + 1];
    char address[TRAIL_ADDRESS_MAX + 1];
    char kind[TRAIL_KIND_MAX + 1];
    char detail[TRAIL_DETAIL_MAX + 1];
    char reader_name[256]; /* the reader's staff name now ("" when none) */
    char reader_id[65];    /* and staff id */
} TrailEntry;

/* The reads by others of a person's page (staff ref) and of the records
 * where they are supervisor or supervisee, newest first, at most limit,
 * into *out (*n of them; free with free()). STORE_OK or a failure. Whoever
 * calls it decides who may see this (svc/access.h). */
int trail_reads_of_person(Store *st, int64_t staff_ref, int limit, TrailEntry **out, size_t *n);

#endif
