/* log_key.c: see log_key.h. */
#include "svc/log_key.h"

#include <sodium.h>
#include <string.h>

#include "core/util.h"
#include "svc/keyfile.h"

#define TEXT_MAX 4096

void log_key_file(const char *db, const char *named, char *out, size_t n)
{
    if (named && *named)
        strfmt(out, n, "%s", named);
    else
        keyfile_beside(db, ".log-key", out, n);
}

static bool named(const char *path, char *err, size_t errlen)
{
    if (path[0]) return true;
    strfmt(err, errlen,
           "no key file for the record log: set OVERSIGHT_LOG_KEY to its path, the same file on every server "
           "(see docs/deploy.md)");
    return false;
}

int log_key_load(const char *path, NoteSigner *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!named(path, err, errlen)) return -1;
    char text[TEXT_MAX];
    int got = keyfile_read(path, text, sizeof text, NULL, err, errlen);
    if (got <= 0) return got;
    char *end = strchr(text, '\n');
    if (end) *end = 0;
    char why[200];
    bool ok = note_signer_parse(text, out, why, sizeof why);
    sodium_memzero(text, sizeof text);
    if (!ok) {
        strfmt(err, errlen, "%s, line 1: not a signing key: %s", path, why);
        return -1;
    }
    return 1;
}

bool log_key_create(const char *path, const char *name, NoteSigner *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!named(path, err, errlen)) return false;
    uint8_t seed[32];
    randombytes_buf(seed, sizeof seed);
    bool ok = note_signer_from_seed(name, seed, out);
    sodium_memzero(seed, sizeof seed);
    if (!ok) {
        strfmt(err, errlen, "\"%s\" cannot name a key: 1 to 200 bytes, no spaces and no '+'", name);
        return false;
    }
    Buf text = {0};
    note_signer_text(out, &text);
    buf_addc(&text, '\n');
    bool existed = false;
    ok = keyfile_write(path, text.data, text.len, true, &existed, err, errlen);
    sodium_memzero(text.data, text.len);
    buf_free(&text);
    if (ok && existed) {
        strfmt(err, errlen, "%s: a key file is already there: nothing was written", path);
        ok = false;
    }
    if (!ok) note_signer_wipe(out);
    return ok;
}
