/* record_entry.h: the canonical form of what the record log holds
 * (docs/record-format.md, format 1): an entry for each record version sent
 * and each event on it, in RFC 8785 JSON, whose SHA-256 is the log's leaf.
 *
 * No text is in an entry. Each piece of a record's text is a part: its
 * content is a small canonical object of its own, and the entry holds only
 * its commitment, SHA-256("oversight/part/1" || 0x00 || salt || content),
 * where the salt is BLAKE2b-256 keyed by the record's commitment key over
 * "oversight/salt/1" || 0x00 || the part's id. A copy carries a part's
 * opening (id, salt, content) for what its reader may read, and only the
 * commitment for what they may not: the log can be given to anyone
 * without giving away a confidential item, and a guess at one cannot be
 * checked without the salt.
 *
 * Pure: bytes in, bytes out; hashing by libsodium. */
#ifndef OV_RECORD_ENTRY_H
#define OV_RECORD_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

#define ENTRY_FORMAT 1
#define ENTRY_HASH_SIZE 32
#define ENTRY_PART_ID_MAX 47

typedef enum {
    ENTRY_VERSION,       /* a version sent: the supervisor's signature */
    ENTRY_SIGNED,        /* the supervisee signed a version */
    ENTRY_DISAGREED,     /* the supervisee disagreed with a version */
    ENTRY_AMENDED,       /* a new version begun from a sent one, and why */
    ENTRY_CONFIDENTIAL,  /* an item became confidential between the two */
    ENTRY_LIFT_PROPOSED, /* one of the two asked to lift it */
    ENTRY_LIFTED,        /* the other agreed */
    ENTRY_DISCUSSION,    /* case notes outside a record (informal, group) */
    ENTRY_PURGED,        /* texts deleted under the retention policy */
    ENTRY_READ_TRAIL,    /* the read trail's chain, anchored */
    ENTRY_KEY,           /* the log's signing key changed */
} EntryType;

/* The word an entry's "type" holds. */
const char *entry_type_name(EntryType t);

/* A part in an entry: its id ("item/wellbeing", "note/812") and commitment. */
typedef struct {
    char id[ENTRY_PART_ID_MAX + 1];
    uint8_t commitment[ENTRY_HASH_SIZE];
} EntryPart;

/* An entry. Which fields a type needs is in docs/record-format.md; the
 * others are left zero or NULL. Texts are UTF-8; hashes 32 bytes. */
typedef struct {
    EntryType type;
    int64_t at;                    /* Unix seconds of the change */
    const char *by;                /* staff id of who made it; NULL: the system */
    int64_t backfilled;            /* when logged after the fact (Unix seconds); 0: as it happened */
    int64_t record, version, from; /* from: amended, the version it began from */
    int64_t session;               /* discussion */
    const char *date;              /* version, discussion: YYYY-MM-DD */
    const char *session_type;      /* discussion */
    const char *supervisor_id, *supervisor_name, *supervisee_id, *supervisee_name; /* version */
    const char *topic;                                                             /* confidentiality events */
    const uint8_t *of;       /* signed, disagreed, amended: the version entry's hash */
    const uint8_t *previous; /* version after the first: the previous version entry's hash */
    const EntryPart *parts;  /* in any order: written in id order */
    size_t nparts;
    const char *rule;      /* purged: the policy line */
    const int64_t *leaves; /* purged: the log indexes whose texts are gone */
    size_t nleaves;
    int64_t seq;                           /* read-trail */
    const uint8_t *chain;                  /* read-trail */
    const char *key_name, *key, *replaces; /* key: the new verifier key, the one it replaces */
} Entry;

/* The entry's canonical bytes, appended to out; false (nothing appended)
 * when a field the type needs is missing, or a text is not UTF-8, or two
 * parts share an id. */
bool entry_write(const Entry *e, Buf *out);
void entry_hash(const void *bytes, size_t n, uint8_t out[ENTRY_HASH_SIZE]);

/* ---- Parts ---- */

/* Canonical contents, each appended to out (false: not UTF-8). */
bool part_item(Buf *out, const char *topic, const char *text);
typedef struct {
    const char *case_id, *date, *writer; /* writer: staff id */
    int64_t written_at, origin;          /* origin: the note it corrects (0: none) */
    bool changed, departs;
    const char *withdrawn, *prompts, *synopsis, *analysis, *decision, *rationale, *tasks, *departure, *checklist;
    const char *const *answer_prompt; /* the reflective prompts answered, and the answers */
    const char *const *answer_text;
    size_t nanswers;
} PartNote;
bool part_note(Buf *out, const PartNote *n);
bool part_action(Buf *out, const char *owner, const char *text, const char *due, const char *case_id);
bool part_follow_up(Buf *out, int64_t action, const char *status, const char *note);
bool part_disagreement(Buf *out, const char *text);
bool part_reason(Buf *out, const char *text);

/* A part's salt from the record's 32-byte commitment key and the part's id,
 * and its commitment from the salt and its content. */
void part_salt(const uint8_t key[32], const char *part_id, uint8_t salt[32]);
void part_commitment(const uint8_t salt[32], const void *content, size_t n, uint8_t out[ENTRY_HASH_SIZE]);

#endif
