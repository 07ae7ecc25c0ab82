/* sealed.h: secrets the database keeps sealed under a key it does not hold
 * (two-factor secrets, and the one a set-up form carries). Sealing is
 * libsodium's crypto_secretbox (XSalsa20-Poly1305): a thief with the
 * database and its backups but not the key file learns nothing from them,
 * and cannot change a sealed value without it failing to open.
 *
 * The key file holds one key per line (32 random bytes in base64); the
 * first line seals, every line opens. A sealed text names its key by an id
 * (the first 8 hex digits of the key's BLAKE2b hash), so a key can be
 * rotated: sealed_rotate puts a new key first, the secrets are sealed again
 * under it (session_reseal_secrets), then sealed_retire drops the others.
 *
 * Each sealed text carries its purpose (e.g. "totp 17": account 17's
 * secret): it opens only for that purpose, so a sealed value copied into
 * another account, or from a form into the database, does not open. */
#ifndef OV_SEALED_H
#define OV_SEALED_H

#include <stdbool.h>
#include <stddef.h>

/* A sealed text's longest form, with its NUL, for up to SEALED_CLEAR_MAX
 * bytes of purpose and secret together. */
#define SEALED_CLEAR_MAX 160
#define SEALED_MAX 256

/* The key file for this process (NULL: none: sealing and opening then fail
 * and say how to name one). When the file does not exist it is made, mode
 * 0600, on first need; one readable by anyone but its owner is refused. */
void sealed_use_key_file(const char *path);

/* The key file next to a SQLite database (DB.key), for the command line's
 * default; "" for a PostgreSQL URI, which has no folder to share. */
void sealed_default_key_file(const char *db, char *out, size_t n);

/* Seals clear for purpose into out. false when there is no usable key (err
 * says why) or the two are too long. */
bool sealed_seal(const char *purpose, const char *clear, char out[SEALED_MAX], char *err, size_t errlen);

/* Opens what sealed_seal made for purpose. 1 and clear; 0 when text is not
 * a sealed text of this purpose under a key of the file (damaged, another
 * purpose, or a key since retired); -1 when there is no usable key (err
 * says why). clear is wiped on anything but 1. */
int sealed_open(const char *purpose, const char *text, char *clear, size_t n, char *err, size_t errlen);

/* Whether text has the form of a sealed text (not whether it opens). */
bool sealed_is_sealed(const char *text);

/* Whether text was sealed under the first key of the file. */
bool sealed_is_current(const char *text);

/* Rotation: puts a new key first in the key file (the others stay, so
 * that what they sealed still opens). false and err on failure. */
bool sealed_rotate(char *err, size_t errlen);

/* Drops every key but the first from the key file. */
bool sealed_retire(char *err, size_t errlen);

#endif
