/* accounts.h: user accounts of the web application: their passwords
 * (Argon2id through libsodium), tokens, and the account rows themselves.
 *
 * A user may be linked to a staff record (a worker or manager signs in as
 * themselves); supervisor and line-manager rights follow from the staff data.
 * Admins grant the other roles: admin, auditor, senior-manager of a service. */
#ifndef OV_ACCOUNTS_H
#define OV_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define PASSWORD_MIN 12  /* characters: length is what makes a password strong */
#define PASSWORD_MAX 256 /* bytes */
#define USERNAME_MAX 64
#define PASSWORD_HASH_MAX 128 /* an Argon2id hash in libsodium's encoded form, with its NUL */

/* libsodium's start-up; false when the machine offers no randomness. */
bool accounts_init(void);

typedef enum {
    ACCOUNT_OK = 0,
    ACCOUNT_BAD_INPUT = 1, /* err says what; nothing changed */
    ACCOUNT_ENV = 3,       /* the store failed; nothing changed */
} AccountResult;

/* A role an admin grants: "admin", "auditor", or "senior-manager" with the
 * service as scope (NULL or "" for the others). */
typedef struct {
    const char *role;
    const char *scope;
} AccountRole;

/* Whether s is a possible username: 1 to USERNAME_MAX letters, digits, '.',
 * '_', '-' or '@'. */
bool account_valid_username(const char *s);

/* Checks a password against the rules; NULL when fine, else why not. */
const char *account_password_problem(const char *password);

/* A random password of 20 characters from an unambiguous alphabet (about
 * 100 bits), for accounts whose first password is handed over. */
void account_random_password(char out[21]);

/* Whether the role (admin, auditor, senior-manager with a service as scope)
 * is one an admin can grant; when not, err says why and *field names the
 * part that is wrong: "role" or "scope". */
bool account_valid_role(const AccountRole *r, const char **field, char *err, size_t errlen);

/* The Argon2id hash of a password that meets the rules: ACCOUNT_OK, or
 * ACCOUNT_BAD_INPUT / ACCOUNT_ENV with err saying why. */
AccountResult account_checked_hash(const char *password, char hash[PASSWORD_HASH_MAX], char *err, size_t errlen);

/* Adds an account inside the caller's transaction: the username must be
 * free and staff_id (NULL for none) a staff member without an account.
 * *ref gets the new account's key. ACCOUNT_BAD_INPUT (err says why, field
 * names the input it is about: "username" or "staff") or ACCOUNT_ENV. */
AccountResult account_insert(Store *st, const char *username, const char *staff_id, const char *hash, int64_t now,
                             int64_t *ref, const char **field, char *err, size_t errlen);

/* An account with its roles, in its own transaction, recording nothing in
 * the audit log: for setting up a database (the demo council, tests).
 * Admin changes go through svc/admin.h, which records them. */
AccountResult account_add(Store *st, const char *username, const char *staff_id, const char *password,
                          const AccountRole *roles, size_t nroles, char *err, size_t errlen);
/* Overwrites a secret in memory (the compiler may not skip it). */
void account_forget(char *secret, size_t n);

/* A random recovery code: 16 characters from lower-case letters and
 * digits with no look-alikes (about 79 bits). */
#define RECOVERY_ALPHABET "abcdefghjkmnpqrstuvwxyz23456789"
void account_recovery_code(char out[17]);

/* Session and form tokens: 256 random bits as 43 base64url characters; the
 * database keeps only their BLAKE2b-256 hash (64 hex digits). */
#define TOKEN_CHARS 43
void account_new_token(char out[TOKEN_CHARS + 1]);
void account_token_hash(const char *token, char out[65]);
/* Equal secrets, compared in constant time. */
bool account_same_secret(const char *a, const char *b);

/* An Argon2id hash of password (libsodium's encoded form, NUL-terminated). */
bool account_hash_password(const char *password, char out[PASSWORD_HASH_MAX]);

/* Verifies a password against a stored hash in constant time per hash. */
bool account_password_matches(const char *hash, const char *password);

#endif
