/* note.h: signed notes and checkpoints, as public transparency logs write
 * them (C2SP signed-note and tlog-checkpoint), with Ed25519 keys in the
 * encodings of Go's golang.org/x/mod/sumdb/note, so that tools written for
 * those logs read ours.
 *
 * A note is UTF-8 text of one or more lines, each ending in a newline, no
 * other control characters; then a blank line; then one line per
 * signature: "— NAME BASE64(KEY ID || SIGNATURE)". A key's name has no
 * spaces and no '+'; its ID is the first 4 bytes (big-endian) of
 * SHA-256(name || "\n" || 0x01 || public key). Keys are written
 *   verifier: NAME+ID8HEX+BASE64(0x01 || public key)
 *   signer:   PRIVATE+KEY+NAME+ID8HEX+BASE64(0x01 || 32-byte seed)
 *
 * A checkpoint is a note whose text is the log's origin, its size in
 * decimal and its root hash in base64, a line each (lines after those are
 * extensions, kept but not read).
 *
 * Pure: everything here works on bytes; keys come from the caller. */
#ifndef OV_NOTE_H
#define OV_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

#define NOTE_NAME_MAX 200 /* bytes of a key's name or a log's origin */
#define NOTE_SIGNATURES_MAX 100

typedef struct {
    char name[NOTE_NAME_MAX + 1];
    uint32_t id;
    uint8_t public_key[32];
} NoteVerifier;

typedef struct {
    NoteVerifier verifier;
    uint8_t secret_key[64]; /* libsodium's form: seed || public key */
} NoteSigner;

/* Whether name may name a key or a log: 1 to NOTE_NAME_MAX bytes of UTF-8,
 * no space, no control character, no '+'. */
bool note_name_ok(const char *name);

/* A signer from its name and 32-byte seed (a new key: a random seed). */
bool note_signer_from_seed(const char *name, const uint8_t seed[32], NoteSigner *out);
/* Reads the text forms above; false with why (a sentence) when malformed,
 * when the ID does not match the key, or for any other key type. */
bool note_signer_parse(const char *text, NoteSigner *out, char *why, size_t why_size);
bool note_verifier_parse(const char *text, NoteVerifier *out, char *why, size_t why_size);
/* Writes the text forms (no newline). The signer's is a secret. */
void note_signer_text(const NoteSigner *s, Buf *out);
void note_verifier_text(const NoteVerifier *v, Buf *out);
/* Wipes a signer's secret. */
void note_signer_wipe(NoteSigner *s);

/* The note: text (valid note text, see note_text_ok) then a signature line
 * by each signer, appended to out. */
void note_sign(const char *text, size_t len, const NoteSigner *const *signers, size_t n, Buf *out);
bool note_text_ok(const char *text, size_t len);

typedef enum {
    NOTE_OK = 0,
    NOTE_MALFORMED,     /* not a signed note at all */
    NOTE_UNVERIFIED,    /* no signature by any key given */
    NOTE_BAD_SIGNATURE, /* a given key's signature does not match the text */
} NoteResult;

/* Opens a note: NOTE_OK when it is well formed, has a signature by at
 * least one of keys and every signature by one of keys verifies (other
 * keys' signatures are skipped). *text_len is then the length of its text
 * (from the start); signed_by[i] (when not NULL) says whether keys[i]
 * signed. why gets a sentence when not NOTE_OK. */
NoteResult note_open(const char *note, size_t len, const NoteVerifier *keys, size_t nkeys, size_t *text_len,
                     bool *signed_by, char *why, size_t why_size);

typedef struct {
    char origin[NOTE_NAME_MAX + 1];
    uint64_t size;
    uint8_t root[32];
} Checkpoint;

/* The checkpoint's note text (three lines). */
void checkpoint_text(const Checkpoint *c, Buf *out);
/* Reads a checkpoint's note text (as note_open gives it): false with why
 * when it is not one (origin, size without leading zeros, a 32-byte root in
 * canonical base64). */
bool checkpoint_parse(const char *text, size_t len, Checkpoint *out, char *why, size_t why_size);

#endif
