/* bundle_write.c: writing a copy (format/bundle.h) through the JSON writer
 * (format/json.h), and its digest. Parsing is in bundle.c, with jansson,
 * whose names (json_string, json_null) are also the writer's: the two are
 * kept in two files.
 *
 * One writer serves both forms: the file people keep (the writer's spaced
 * layout) and the canonical form the digest is taken of, so that the two
 * cannot disagree about what a copy holds. Members are written in bytewise
 * key order, as the canonical form requires. */
#include <string.h>

#include "format/bundle.h"
#include "format/json.h"

#define SAFE_INT ((int64_t)9007199254740991) /* 2^53 - 1 */

static void member_hex(JsonWriter *w, const char *key, const uint8_t *h, size_t n)
{
    char hex[2 * 32 + 1];
    hex_encode(h, n, hex);
    if (key) json_key(w, key);
    json_string(w, hex);
}

static void member_proof(JsonWriter *w, const MerkleProof *p)
{
    json_key(w, "proof");
    json_array_begin(w);
    for (size_t i = 0; i < p->n; i++) member_hex(w, NULL, p->hash[i], MERKLE_HASH_SIZE);
    json_array_end(w);
}

/* A string of n bytes (fields_ok has made sure it holds no NUL, which the
 * writer's C strings cannot carry). */
static void string_n(JsonWriter *w, const char *key, const char *s, size_t n)
{
    (void)n;
    json_member_string(w, key, s);
}

static bool text_ok(const char *s, size_t n) { return s && strlen(s) == n; }

static bool int_ok(int64_t n, int64_t min) { return n >= min && n <= SAFE_INT; }

/* content id salt */
static void write_opening(JsonWriter *w, const BundleOpening *o)
{
    json_object_begin(w);
    string_n(w, "content", o->content, o->content_len);
    json_member_string(w, "id", o->id);
    member_hex(w, "salt", o->salt, 32);
    json_object_end(w);
}

/* entry hash index openings proof */
static void write_entry(JsonWriter *w, const BundleEntry *e)
{
    json_object_begin(w);
    if (e->entry) string_n(w, "entry", e->entry, e->entry_len);
    member_hex(w, "hash", e->hash, ENTRY_HASH_SIZE);
    json_member_int(w, "index", e->index);
    json_key(w, "openings");
    json_array_begin(w);
    for (size_t i = 0; i < e->nopening; i++) write_opening(w, &e->opening[i]);
    json_array_end(w);
    member_proof(w, &e->proof);
    json_object_end(w);
}

/* proof root size */
static void write_consistency(JsonWriter *w, const BundleConsistency *c)
{
    json_object_begin(w);
    member_proof(w, &c->proof);
    member_hex(w, "root", c->root, MERKLE_HASH_SIZE);
    json_member_int(w, "size", (int64_t)c->size);
    json_object_end(w);
}

/* id name */
static void write_for(JsonWriter *w, const Bundle *b)
{
    json_object_begin(w);
    json_member_string(w, "id", b->for_id);
    json_member_string(w, "name", b->for_name);
    json_object_end(w);
}

/* What the writer cannot see for itself: ranges, and texts present. */
static bool fields_ok(const Bundle *b)
{
    if (!b->origin || !b->key || !b->checkpoint || !b->for_id || !b->for_name || !int_ok(b->exported_at, 1))
        return false;
    for (size_t i = 0; i < b->nentry; i++) {
        const BundleEntry *e = &b->entry[i];
        if (!int_ok(e->index, 0) || (i && e->index <= b->entry[i - 1].index) || e->proof.n > MERKLE_PROOF_MAX)
            return false;
        if (e->entry && !text_ok(e->entry, e->entry_len)) return false;
        for (size_t k = 0; k < e->nopening; k++) {
            const BundleOpening *o = &e->opening[k];
            if (!o->id[0] || !memchr(o->id, 0, sizeof o->id) || !text_ok(o->content, o->content_len)) return false;
        }
    }
    for (size_t i = 0; i < b->nconsistency; i++)
        if (b->consistency[i].size < 1 || b->consistency[i].size > (uint64_t)SAFE_INT ||
            b->consistency[i].proof.n > MERKLE_PROOF_MAX)
            return false;
    return true;
}

/* The whole copy, members in bytewise key order (checkpoint consistency
 * [digest] entries exported_at for format key origin): the canonical form
 * without the digest, and the file's form with it. */
static bool write_bundle(const Bundle *b, JsonWriter *w, const uint8_t *digest)
{
    json_object_begin(w);
    json_member_string(w, "checkpoint", b->checkpoint);
    json_key(w, "consistency");
    json_array_begin(w);
    for (size_t i = 0; i < b->nconsistency; i++) write_consistency(w, &b->consistency[i]);
    json_array_end(w);
    if (digest) member_hex(w, "digest", digest, ENTRY_HASH_SIZE);
    json_key(w, "entries");
    json_array_begin(w);
    for (size_t i = 0; i < b->nentry; i++) write_entry(w, &b->entry[i]);
    json_array_end(w);
    json_member_int(w, "exported_at", b->exported_at);
    json_key(w, "for");
    write_for(w, b);
    json_member_string(w, "format", BUNDLE_FORMAT);
    json_member_string(w, "key", b->key);
    json_member_string(w, "origin", b->origin);
    json_object_end(w);
    return json_ok(w);
}

bool bundle_digest(const Bundle *b, uint8_t out[ENTRY_HASH_SIZE])
{
    if (!fields_ok(b)) return false;
    Buf c = {0};
    JsonWriter w;
    json_start(&w, &c, JSON_CANONICAL);
    bool ok = write_bundle(b, &w, NULL) && !c.overflow;
    if (ok) entry_hash(c.data, c.len, out);
    buf_free(&c);
    return ok;
}

bool bundle_write(const Bundle *b, Buf *out)
{
    uint8_t digest[ENTRY_HASH_SIZE];
    if (!bundle_digest(b, digest)) return false; /* also every check of the fields */
    Buf doc = {0};
    JsonWriter w;
    json_start(&w, &doc, JSON_SPACED);
    bool ok = write_bundle(b, &w, digest) && !doc.overflow;
    if (ok) buf_add(out, doc.data, doc.len);
    buf_free(&doc);
    return ok;
}
