/* note.c: signed notes and checkpoints (note.h), Ed25519 by libsodium. */
#include "core/note.h"

#include <sodium.h>
#include <string.h>

#define ALG_ED25519 0x01
#define DASH "\xE2\x80\x94 " /* U+2014 and a space: how a signature line begins */

static void say(char *why, size_t size, const char *text)
{
    if (why && size) strfmt(why, size, "%s", text);
}

bool note_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > NOTE_NAME_MAX) return false;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)name[i];
        if (c <= 0x20 || c == 0x7F || c == '+') return false;
        size_t len = utf8_len((const unsigned char *)name + i, n - i);
        if (len == 0) return false;
        /* No Unicode space either: U+00A0, U+2000-U+200A, U+2028/9, U+202F, U+205F, U+3000. */
        const unsigned char *u = (const unsigned char *)name + i;
        if (len == 2 && u[0] == 0xC2 && (u[1] == 0xA0 || u[1] == 0x85)) return false;
        if (len == 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF))
            return false;
        if (len == 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) return false;
        if (len == 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) return false;
        if (len == 3 && u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80) return false;
        i += len;
    }
    return true;
}

/* The key ID: SHA-256(name || "\n" || 0x01 || public key), first 4 bytes. */
static uint32_t key_id(const char *name, const uint8_t public_key[32])
{
    crypto_hash_sha256_state h;
    uint8_t sum[32], tail[2] = {'\n', ALG_ED25519};
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const uint8_t *)name, strlen(name));
    crypto_hash_sha256_update(&h, tail, 2);
    crypto_hash_sha256_update(&h, public_key, 32);
    crypto_hash_sha256_final(&h, sum);
    return (uint32_t)sum[0] << 24 | (uint32_t)sum[1] << 16 | (uint32_t)sum[2] << 8 | sum[3];
}

bool note_signer_from_seed(const char *name, const uint8_t seed[32], NoteSigner *out)
{
    memset(out, 0, sizeof *out);
    if (!note_name_ok(name) || sodium_init() < 0) return false;
    strfmt(out->verifier.name, sizeof out->verifier.name, "%s", name);
    if (crypto_sign_ed25519_seed_keypair(out->verifier.public_key, out->secret_key, seed) != 0) return false;
    out->verifier.id = key_id(name, out->verifier.public_key);
    return true;
}

/* Standard base64 with padding, decoded strictly: the whole of s[0..n),
 * canonical (no stray bits), into at most max bytes. -1 when not. */
static long unbase64(const char *s, size_t n, uint8_t *out, size_t max)
{
    /* libsodium 1.0.18 decodes some bytes above 0x7F as if they were
     * base64 letters: only the alphabet gets that far. */
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '+' || s[i] == '/' || s[i] == '='))
            return -1;
    size_t got = 0;
    const char *end = NULL;
    if (n == 0 || sodium_base642bin(out, max, s, n, NULL, &got, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != s + n)
        return -1;
    return (long)got;
}

static void add_base64(Buf *out, const uint8_t *b, size_t n)
{
    size_t size = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *text = xmalloc(size);
    sodium_bin2base64(text, size, b, n, sodium_base64_VARIANT_ORIGINAL);
    buf_adds(out, text);
    free(text);
}

/* NAME+ID8HEX+BASE64 (the part after "PRIVATE+KEY+" for a signer): the
 * name, the ID and the 33 bytes of key (type and key) it gives. */
static bool parse_key(const char *text, char name[NOTE_NAME_MAX + 1], uint32_t *id, uint8_t key[33], char *why,
                      size_t why_size)
{
    const char *plus = strchr(text, '+');
    if (!plus || plus == text || (size_t)(plus - text) > NOTE_NAME_MAX) {
        say(why, why_size, "a key begins with its name and a '+'");
        return false;
    }
    strfmt(name, NOTE_NAME_MAX + 1, "%.*s", (int)(plus - text), text);
    if (!note_name_ok(name)) {
        say(why, why_size, "the key's name has a space, a '+' or a control character");
        return false;
    }
    const char *hex = plus + 1;
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        char c = hex[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) {
            say(why, why_size, "the key's ID is not 8 lower-case hexadecimal digits");
            return false;
        }
        v = v << 4 | (uint32_t)d;
    }
    if (hex[8] != '+') {
        say(why, why_size, "the key's ID is not 8 lower-case hexadecimal digits followed by '+'");
        return false;
    }
    const char *b64 = hex + 9;
    if (unbase64(b64, strlen(b64), key, 33) != 33 || key[0] != ALG_ED25519) {
        say(why, why_size, "the key is not an Ed25519 key in base64");
        return false;
    }
    *id = v;
    return true;
}

bool note_signer_parse(const char *text, NoteSigner *out, char *why, size_t why_size)
{
    static const char prefix[] = "PRIVATE+KEY+";
    memset(out, 0, sizeof *out);
    if (strncmp(text, prefix, sizeof prefix - 1) != 0) {
        say(why, why_size, "a signing key begins with PRIVATE+KEY+");
        return false;
    }
    char name[NOTE_NAME_MAX + 1];
    uint32_t id;
    uint8_t key[33];
    bool ok =
        parse_key(text + sizeof prefix - 1, name, &id, key, why, why_size) && note_signer_from_seed(name, key + 1, out);
    sodium_memzero(key, sizeof key);
    if (ok && out->verifier.id != id) {
        say(why, why_size, "the key's ID does not match its name and key");
        ok = false;
    }
    if (!ok) note_signer_wipe(out);
    return ok;
}

bool note_verifier_parse(const char *text, NoteVerifier *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    uint8_t key[33];
    if (!parse_key(text, out->name, &out->id, key, why, why_size)) return false;
    memcpy(out->public_key, key + 1, 32);
    if (key_id(out->name, out->public_key) != out->id) {
        say(why, why_size, "the key's ID does not match its name and key");
        return false;
    }
    return true;
}

static void add_key(Buf *out, const NoteVerifier *v, const uint8_t key[32])
{
    uint8_t typed[33] = {ALG_ED25519};
    memcpy(typed + 1, key, 32);
    buf_addf(out, "%s+%08x+", v->name, (unsigned)v->id);
    add_base64(out, typed, sizeof typed);
    sodium_memzero(typed, sizeof typed);
}

void note_signer_text(const NoteSigner *s, Buf *out)
{
    buf_adds(out, "PRIVATE+KEY+");
    add_key(out, &s->verifier, s->secret_key); /* the seed: the first half */
}

void note_verifier_text(const NoteVerifier *v, Buf *out) { add_key(out, v, v->public_key); }

void note_signer_wipe(NoteSigner *s) { sodium_memzero(s, sizeof *s); }

bool note_text_ok(const char *text, size_t len)
{
    if (len == 0 || text[len - 1] != '\n') return false;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
        if (c == '\n' && (i == 0 || text[i - 1] == '\n')) return false; /* no empty line */
        size_t n = utf8_len((const unsigned char *)text + i, len - i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

void note_sign(const char *text, size_t len, const NoteSigner *const *signers, size_t n, Buf *out)
{
    buf_add(out, text, len);
    buf_addc(out, '\n');
    for (size_t i = 0; i < n; i++) {
        const NoteVerifier *v = &signers[i]->verifier;
        uint8_t sig[4 + crypto_sign_BYTES] = {(uint8_t)(v->id >> 24), (uint8_t)(v->id >> 16), (uint8_t)(v->id >> 8),
                                              (uint8_t)v->id};
        crypto_sign_ed25519_detached(sig + 4, NULL, (const uint8_t *)text, len, signers[i]->secret_key);
        buf_addf(out, DASH "%s ", v->name);
        add_base64(out, sig, sizeof sig);
        buf_addc(out, '\n');
    }
}

/* note_open, with signed_by always given (nkeys entries, all false). */
static NoteResult open_note(const char *note, size_t len, const NoteVerifier *keys, size_t nkeys, size_t *text_len,
                            bool *signed_by, char *why, size_t why_size)
{
    if (sodium_init() < 0) {
        say(why, why_size, "the cryptography library could not start");
        return NOTE_MALFORMED;
    }
    /* The text ends at the last blank line; signatures follow it. */
    size_t split = 0;
    bool found = false;
    for (size_t i = len; i >= 2; i--)
        if (note[i - 1] == '\n' && note[i - 2] == '\n') {
            split = i - 1;
            found = true;
            break;
        }
    /* The signature lines, like the text: UTF-8 lines without control characters. */
    if (!found || !note_text_ok(note, split) || len == split + 1 || !note_text_ok(note + split + 1, len - split - 1)) {
        say(why, why_size, "it is not a signed note: text, a blank line, then signature lines");
        return NOTE_MALFORMED;
    }
    size_t nsig = 0, verified = 0;
    for (size_t at = split + 1; at < len;) {
        const char *line = note + at, *eol = memchr(line, '\n', len - at);
        size_t n = (size_t)(eol - line);
        at += n + 1;
        if (++nsig > NOTE_SIGNATURES_MAX || n < sizeof DASH || memcmp(line, DASH, sizeof DASH - 1) != 0) {
            say(why, why_size, "a signature line does not begin with an em dash and a space");
            return NOTE_MALFORMED;
        }
        const char *name = line + sizeof DASH - 1, *space = memchr(name, ' ', (size_t)(eol - name));
        if (!space || space == name || (size_t)(space - name) > NOTE_NAME_MAX) {
            say(why, why_size, "a signature line has no key name");
            return NOTE_MALFORMED;
        }
        char who[NOTE_NAME_MAX + 1];
        strfmt(who, sizeof who, "%.*s", (int)(space - name), name);
        /* Room for other kinds of signature, which are skipped. */
        uint8_t sig[4096];
        long got = unbase64(space + 1, (size_t)(eol - space - 1), sig, sizeof sig);
        if (!note_name_ok(who) || got < 5) {
            say(why, why_size, "a signature line's name or signature is malformed");
            return NOTE_MALFORMED;
        }
        uint32_t id = (uint32_t)sig[0] << 24 | (uint32_t)sig[1] << 16 | (uint32_t)sig[2] << 8 | sig[3];
        for (size_t k = 0; k < nkeys; k++) {
            if (keys[k].id != id || strcmp(keys[k].name, who) != 0) continue;
            if (signed_by[k]) {
                say(why, why_size, "one key signed the note twice");
                return NOTE_MALFORMED;
            }
            if (got != 4 + crypto_sign_BYTES ||
                crypto_sign_ed25519_verify_detached(sig + 4, (const uint8_t *)note, split, keys[k].public_key) != 0) {
                if (why && why_size) strfmt(why, why_size, "the signature by %s does not match the text", who);
                return NOTE_BAD_SIGNATURE;
            }
            signed_by[k] = true;
            verified++;
        }
    }
    if (!verified) {
        say(why, why_size, "no signature by a key we know");
        return NOTE_UNVERIFIED;
    }
    *text_len = split;
    return NOTE_OK;
}

NoteResult note_open(const char *note, size_t len, const NoteVerifier *keys, size_t nkeys, size_t *text_len,
                     bool *signed_by, char *why, size_t why_size)
{
    *text_len = 0;
    bool *seen = xcalloc(nkeys ? nkeys : 1, sizeof *seen);
    NoteResult r = open_note(note, len, keys, nkeys, text_len, seen, why, why_size);
    for (size_t k = 0; signed_by && k < nkeys; k++) signed_by[k] = r == NOTE_OK && seen[k];
    free(seen);
    return r;
}

void checkpoint_text(const Checkpoint *c, Buf *out)
{
    buf_addf(out, "%s\n%llu\n", c->origin, (unsigned long long)c->size);
    add_base64(out, c->root, sizeof c->root);
    buf_addc(out, '\n');
}

bool checkpoint_parse(const char *text, size_t len, Checkpoint *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    const char *line[3];
    size_t n[3], at = 0;
    for (int i = 0; i < 3; i++) {
        const char *eol = at < len ? memchr(text + at, '\n', len - at) : NULL;
        if (!eol) {
            say(why, why_size, "a checkpoint has three lines: origin, size, root hash");
            return false;
        }
        line[i] = text + at;
        n[i] = (size_t)(eol - line[i]);
        at += n[i] + 1;
    }
    if (n[0] == 0 || n[0] > NOTE_NAME_MAX || memchr(line[0], 0, n[0])) {
        say(why, why_size, "the checkpoint's origin is empty or too long");
        return false;
    }
    strfmt(out->origin, sizeof out->origin, "%.*s", (int)n[0], line[0]);
    if (!note_name_ok(out->origin)) {
        say(why, why_size, "the checkpoint's origin has a space, a '+' or a control character");
        return false;
    }
    uint64_t size = 0;
    bool digits = n[1] > 0 && n[1] <= 20 && !(n[1] > 1 && line[1][0] == '0');
    for (size_t i = 0; digits && i < n[1]; i++) {
        unsigned d = (unsigned)(line[1][i] - '0');
        if (d > 9 || size > (UINT64_MAX - d) / 10)
            digits = false;
        else
            size = size * 10 + d;
    }
    if (!digits) {
        say(why, why_size, "the checkpoint's size is not a number without leading zeros");
        return false;
    }
    out->size = size;
    if (unbase64(line[2], n[2], out->root, sizeof out->root) != 32) {
        say(why, why_size, "the checkpoint's root is not a 32-byte hash in base64");
        return false;
    }
    return true;
}
