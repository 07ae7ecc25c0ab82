/* sealed.c: see sealed.h. */
#include "svc/sealed.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"
#include "svc/keyfile.h"

#define MAX_KEYS 8
#define KEY_B64 sodium_base64_ENCODED_LEN(crypto_secretbox_KEYBYTES, sodium_base64_VARIANT_ORIGINAL)
#define PREFIX "sealed1."

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char key_path[4096];
static unsigned char keys[MAX_KEYS][crypto_secretbox_KEYBYTES];
static char key_ids[MAX_KEYS][9];
static int nkeys;          /* 0: not loaded yet */
static struct stat loaded; /* the key file as it was when read: replaced (rotated) when it differs */

void sealed_use_key_file(const char *path)
{
    pthread_mutex_lock(&lock);
    strfmt(key_path, sizeof key_path, "%s", path ? path : "");
    sodium_memzero(keys, sizeof keys);
    nkeys = 0;
    pthread_mutex_unlock(&lock);
}

void sealed_default_key_file(const char *db, char *out, size_t n) { keyfile_beside(db, ".key", out, n); }

static void key_id(const unsigned char key[crypto_secretbox_KEYBYTES], char out[9])
{
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, key, crypto_secretbox_KEYBYTES, NULL, 0);
    sodium_bin2hex(out, 9, h, 4);
}

/* Writes the keys to the key file, mode 0600, replacing it whole; fresh:
 * only when there is none yet (two processes making the first key at once
 * end with one key, the other's). */
static bool write_keys(unsigned char (*k)[crypto_secretbox_KEYBYTES], int n, bool fresh, char *err, size_t errlen)
{
    char text[MAX_KEYS * (KEY_B64 + 1)];
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        sodium_bin2base64(text + len, KEY_B64, k[i], crypto_secretbox_KEYBYTES, sodium_base64_VARIANT_ORIGINAL);
        len += strlen(text + len);
        text[len++] = '\n';
    }
    bool ok = keyfile_write(key_path, text, len, fresh, NULL, err, errlen);
    sodium_memzero(text, sizeof text);
    return ok;
}

/* Loads the key file (making it with one new key when missing), under lock. */
static bool load_keys(char *err, size_t errlen)
{
    if (!key_path[0]) {
        strfmt(err, errlen,
               "no key file for sealed secrets: set OVERSIGHT_SECRET_KEY to its path (see docs/security.md)");
        return false;
    }
    char text[MAX_KEYS * (KEY_B64 + 2) + 1];
    int got = keyfile_read(key_path, text, sizeof text, &loaded, err, errlen);
    if (got == 0) {
        unsigned char fresh[1][crypto_secretbox_KEYBYTES];
        crypto_secretbox_keygen(fresh[0]);
        bool made = write_keys(fresh, 1, true, err, errlen);
        sodium_memzero(fresh, sizeof fresh);
        if (!made) return false;
        got = keyfile_read(key_path, text, sizeof text, &loaded, err, errlen);
        if (got == 0) strfmt(err, errlen, "%s: cannot read the key file: it went away as it was made", key_path);
    }
    if (got <= 0) return false;
    int n = 0;
    for (char *line = text, *next; line && *line && n < MAX_KEYS; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        size_t len = 0;
        if (!*line) continue;
        if (sodium_base642bin(keys[n], crypto_secretbox_KEYBYTES, line, strlen(line), " \r\t", &len, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            len != crypto_secretbox_KEYBYTES)
            continue;
        key_id(keys[n], key_ids[n]);
        n++;
    }
    sodium_memzero(text, sizeof text);
    if (n == 0) {
        strfmt(err, errlen, "%s: no key in the key file", key_path);
        return false;
    }
    nkeys = n;
    return true;
}

/* The keys, read again when the file has been replaced since (a rotation by
 * the command line while servers run: they seal under the new key at once). */
static bool ready(char *err, size_t errlen)
{
    struct stat sb;
    bool same = nkeys > 0 && stat(key_path, &sb) == 0 && sb.st_ino == loaded.st_ino && sb.st_dev == loaded.st_dev &&
                sb.st_mtim.tv_sec == loaded.st_mtim.tv_sec && sb.st_mtim.tv_nsec == loaded.st_mtim.tv_nsec;
    return same || load_keys(err, errlen);
}

bool sealed_is_sealed(const char *text)
{
    return text && strncmp(text, PREFIX, strlen(PREFIX)) == 0 && strlen(text) > strlen(PREFIX) + 9 &&
           text[strlen(PREFIX) + 8] == '.';
}

bool sealed_seal(const char *purpose, const char *clear, char out[SEALED_MAX], char *err, size_t errlen)
{
    out[0] = 0;
    size_t plen = strlen(purpose), clen = strlen(clear);
    if (plen + 1 + clen > SEALED_CLEAR_MAX) {
        strfmt(err, errlen, "a secret too long to seal");
        return false;
    }
    unsigned char msg[SEALED_CLEAR_MAX],
        box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + SEALED_CLEAR_MAX];
    memcpy(msg, purpose, plen);
    msg[plen] = '\n';
    memcpy(msg + plen + 1, clear, clen);
    size_t mlen = plen + 1 + clen;
    pthread_mutex_lock(&lock);
    bool ok = ready(err, errlen);
    if (ok) {
        randombytes_buf(box, crypto_secretbox_NONCEBYTES);
        crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, msg, mlen, box, keys[0]);
        strfmt(out, SEALED_MAX, PREFIX "%s.", key_ids[0]);
        size_t n = strlen(out);
        sodium_bin2base64(out + n, SEALED_MAX - n, box, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + mlen,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    }
    pthread_mutex_unlock(&lock);
    sodium_memzero(msg, sizeof msg);
    return ok;
}

/* The index of the key with the sealed text's id, or -1; under lock. */
static int key_of(const char *text)
{
    for (int i = 0; i < nkeys; i++)
        if (strncmp(text + strlen(PREFIX), key_ids[i], 8) == 0) return i;
    return -1;
}

int sealed_open(const char *purpose, const char *text, char *clear, size_t n, char *err, size_t errlen)
{
    if (n) clear[0] = 0;
    if (!sealed_is_sealed(text)) return 0;
    const char *b64 = text + strlen(PREFIX) + 9;
    unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + SEALED_CLEAR_MAX];
    unsigned char msg[SEALED_CLEAR_MAX + 1];
    size_t blen = 0;
    if (sodium_base642bin(box, sizeof box, b64, strlen(b64), NULL, &blen, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        blen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return 0;
    size_t mlen = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    pthread_mutex_lock(&lock);
    if (!ready(err, errlen)) {
        pthread_mutex_unlock(&lock);
        return -1;
    }
    int k = key_of(text);
    /* A key put there since this process read the file (a rotation by the
     * command line while the server runs). */
    if (k < 0 && load_keys(err, errlen)) k = key_of(text);
    bool ok = k >= 0 && crypto_secretbox_open_easy(msg, box + crypto_secretbox_NONCEBYTES,
                                                   blen - crypto_secretbox_NONCEBYTES, box, keys[k]) == 0;
    pthread_mutex_unlock(&lock);
    size_t plen = strlen(purpose);
    ok = ok && mlen > plen && memcmp(msg, purpose, plen) == 0 && msg[plen] == '\n' && mlen - plen - 1 < n &&
         memchr(msg, 0, mlen) == NULL;
    if (ok) {
        memcpy(clear, msg + plen + 1, mlen - plen - 1);
        clear[mlen - plen - 1] = 0;
    }
    sodium_memzero(msg, sizeof msg);
    return ok ? 1 : 0;
}

bool sealed_is_current(const char *text)
{
    char err[256];
    pthread_mutex_lock(&lock);
    bool current = sealed_is_sealed(text) && ready(err, sizeof err) && key_of(text) == 0;
    pthread_mutex_unlock(&lock);
    return current;
}

bool sealed_rotate(char *err, size_t errlen)
{
    pthread_mutex_lock(&lock);
    bool ok = load_keys(err, errlen);
    if (ok) {
        unsigned char next[MAX_KEYS][crypto_secretbox_KEYBYTES];
        crypto_secretbox_keygen(next[0]);
        int n = nkeys < MAX_KEYS ? nkeys : MAX_KEYS - 1;
        memcpy(next[1], keys[0], (size_t)n * crypto_secretbox_KEYBYTES);
        ok = write_keys(next, n + 1, false, err, errlen) && load_keys(err, errlen);
        sodium_memzero(next, sizeof next);
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

bool sealed_retire(char *err, size_t errlen)
{
    pthread_mutex_lock(&lock);
    bool ok = load_keys(err, errlen) && write_keys(keys, 1, false, err, errlen) && load_keys(err, errlen);
    pthread_mutex_unlock(&lock);
    return ok;
}
