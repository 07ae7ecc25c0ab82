/* accounts.c: user accounts (see accounts.h). Passwords never leave this
 * file except as Argon2id hashes. */
#include "svc/accounts.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "svc/access.h"

bool accounts_init(void) { return sodium_init() >= 0; }

const char *account_password_problem(const char *password)
{
    size_t bytes = strlen(password), chars = 0;
    for (const unsigned char *p = (const unsigned char *)password; *p; p++)
        if ((*p & 0xC0) != 0x80) chars++;
    if (chars < PASSWORD_MIN) return "must be at least 12 characters long";
    if (bytes > PASSWORD_MAX) return "must be at most 256 bytes long";
    return NULL;
}

void account_random_password(char out[21])
{
    /* No 0/O, 1/l/I: it may be read out or copied by hand. */
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < 20; i++) out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[20] = 0;
}

void account_recovery_code(char out[17])
{
    static const char alphabet[] = RECOVERY_ALPHABET;
    for (int i = 0; i < 16; i++) out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[16] = 0;
}

void account_new_token(char out[TOKEN_CHARS + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void account_token_hash(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

bool account_same_secret(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && n > 0 && sodium_memcmp(a, b, n) == 0;
}

void account_forget(char *secret, size_t n) { sodium_memzero(secret, n); }

bool account_password_matches(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool account_valid_username(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > USERNAME_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-' || c == '@'))
            return false;
    }
    return true;
}

_Static_assert(PASSWORD_HASH_MAX == crypto_pwhash_STRBYTES, "the hash size is libsodium's");

bool account_hash_password(const char *password, char out[PASSWORD_HASH_MAX])
{
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

AccountResult account_checked_hash(const char *password, char hash[PASSWORD_HASH_MAX], char *err, size_t errlen)
{
    const char *problem = account_password_problem(password);
    if (problem) {
        strfmt(err, errlen, "The password %s", problem);
        return ACCOUNT_BAD_INPUT;
    }
    if (!account_hash_password(password, hash)) {
        strfmt(err, errlen, "There is not enough memory to hash the password");
        return ACCOUNT_ENV;
    }
    return ACCOUNT_OK;
}

static AccountResult store_failed(Store *st, char *err, size_t errlen)
{
    strfmt(err, errlen, "The database could not be written: %s", store_error(st));
    store_rollback(st);
    return ACCOUNT_ENV;
}

/* The account's ref: 1 found, 0 not (err says so), <0 store failure. */
static int find_user(Store *st, const char *username, int64_t *ref, char *err, size_t errlen)
{
    Param p[] = {P_STR(username)};
    int rc = store_query_int(st, STMT_ADMIN_USER_REF, p, 1, ref);
    if (rc == 0) strfmt(err, errlen, "There is no account \"%.80s\"", username);
    return rc;
}

bool account_valid_role(const AccountRole *r, const char **field, char *err, size_t errlen)
{
    *field = "role";
    bool scoped = strcmp(r->role, "senior-manager") == 0;
    if (!scoped && strcmp(r->role, "admin") != 0 && strcmp(r->role, "auditor") != 0) {
        strfmt(err, errlen, "There is no role \"%.80s\": choose admin, auditor or senior-manager of a service",
               r->role);
        return false;
    }
    *field = "scope";
    if (scoped && !(r->scope && *r->scope)) {
        strfmt(err, errlen, "Enter the service this person is senior manager of");
        return false;
    }
    if (!scoped && r->scope && *r->scope) {
        strfmt(err, errlen, "The %s role is not of a service: leave the service empty", r->role);
        return false;
    }
    if (scoped && strlen(r->scope) > ACCESS_NAME_MAX) {
        strfmt(err, errlen, "The service's name must be at most %d characters", ACCESS_NAME_MAX);
        return false;
    }
    return true;
}

AccountResult account_insert(Store *st, const char *username, const char *staff_id, const char *hash, int64_t now,
                             int64_t *ref, const char **field, char *err, size_t errlen)
{
    *field = "username";
    if (!account_valid_username(username)) {
        strfmt(err, errlen, "The username \"%.80s\" is not possible: use 1 to %d letters, digits, '.', '_', '-' or '@'",
               username, USERNAME_MAX);
        return ACCOUNT_BAD_INPUT;
    }
    int64_t other, staff_ref = 0;
    int rc = find_user(st, username, &other, err, errlen);
    if (rc < 0) return ACCOUNT_ENV;
    if (rc == 1) {
        strfmt(err, errlen, "An account \"%s\" exists already: choose another username", username);
        return ACCOUNT_BAD_INPUT;
    }
    if (staff_id) {
        *field = "staff";
        Param s[] = {P_STR(staff_id)};
        rc = store_query_int(st, STMT_STAFF_FIND, s, 1, &staff_ref);
        if (rc < 0) return ACCOUNT_ENV;
        if (rc == 0) {
            strfmt(err, errlen, "There is no staff member \"%.80s\": check the id, or import the staff file first",
                   staff_id);
            return ACCOUNT_BAD_INPUT;
        }
        Param u[] = {P_INT(staff_ref)};
        rc = store_query_int(st, STMT_USER_FIND_BY_STAFF, u, 1, &other);
        if (rc < 0) return ACCOUNT_ENV;
        if (rc == 1) {
            strfmt(err, errlen, "Staff member \"%.80s\" has an account already", staff_id);
            return ACCOUNT_BAD_INPUT;
        }
    }
    Param p[] = {P_STR(username), staff_id ? P_INT(staff_ref) : P_NULL, P_STR(hash), P_INT(now)};
    return store_query_int(st, STMT_USER_ADD, p, 4, ref) == 1 ? ACCOUNT_OK : ACCOUNT_ENV;
}

AccountResult account_add(Store *st, const char *username, const char *staff_id, const char *password,
                          const AccountRole *roles, size_t nroles, char *err, size_t errlen)
{
    const char *field;
    for (size_t i = 0; i < nroles; i++)
        if (!account_valid_role(&roles[i], &field, err, errlen)) return ACCOUNT_BAD_INPUT;
    char hash[PASSWORD_HASH_MAX];
    AccountResult hr = account_checked_hash(password, hash, err, errlen);
    if (hr != ACCOUNT_OK) return hr;

    if (store_begin(st) != STORE_OK) return store_failed(st, err, errlen);
    int64_t ref;
    AccountResult ar = account_insert(st, username, staff_id, hash, (int64_t)time(NULL), &ref, &field, err, errlen);
    if (ar == ACCOUNT_ENV) return store_failed(st, err, errlen);
    if (ar != ACCOUNT_OK) {
        store_rollback(st);
        return ar;
    }
    for (size_t i = 0; i < nroles; i++) {
        Param r[] = {P_INT(ref), P_STR(roles[i].role), P_STR(roles[i].scope ? roles[i].scope : "")};
        if (store_exec(st, STMT_USER_ROLE_ADD, r, 3, NULL) != STORE_OK) return store_failed(st, err, errlen);
    }
    if (store_commit(st) != STORE_OK) return store_failed(st, err, errlen);
    return ACCOUNT_OK;
}
