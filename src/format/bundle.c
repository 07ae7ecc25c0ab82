/* bundle.c: reading a copy (format/bundle.h) with jansson, strictly: every
 * key known, every type and length checked, so that what bundle_check
 * later reads is the whole of what the file says. The writer is in
 * bundle_write.c (jansson's names and format/json.h's clash). */
#include "format/bundle.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define SAFE_INT ((json_int_t)9007199254740991) /* 2^53 - 1 */

/* Where a field is, for why: "entries[2] (index 17): ". */
typedef struct {
    char *why;
    size_t why_size;
    char where[96];
} Ctx;

static bool fail(Ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(Ctx *c, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->why_size) strfmt(c->why, c->why_size, "%s%s", c->where, msg);
    return false;
}

/* Every key of o is one of keys (a NULL-ended list), and each of the
 * required ones (all but those in optional) is there. */
static bool keys_ok(Ctx *c, json_t *o, const char *what, const char *const *keys, const char *optional)
{
    if (!json_is_object(o)) return fail(c, "%s is not an object", what);
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], k) != 0) i++;
        if (!keys[i]) return fail(c, "%s has the key \"%s\", which this version of Oversight does not know", what, k);
    }
    for (size_t i = 0; keys[i]; i++)
        if (!json_object_get(o, keys[i]) && !(optional && strcmp(optional, keys[i]) == 0))
            return fail(c, "%s has no \"%s\"", what, keys[i]);
    return true;
}

static bool get_string(Ctx *c, json_t *o, const char *key, Arena *a, const char **out, size_t *len)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) return fail(c, "\"%s\" is not a string", key);
    size_t n = json_string_length(v);
    if (memchr(json_string_value(v), 0, n)) return fail(c, "\"%s\" holds a NUL character", key);
    *out = arena_strndup(a, json_string_value(v), n);
    if (len) *len = n;
    return true;
}

static bool get_int(Ctx *c, json_t *o, const char *key, json_int_t min, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) return fail(c, "\"%s\" is not an integer", key);
    json_int_t n = json_integer_value(v);
    if (n < min || n > SAFE_INT) return fail(c, "\"%s\" is %lld, not between %lld and 2^53 - 1", key, n, min);
    *out = (int64_t)n;
    return true;
}

/* Lower-case hex of exactly n bytes. */
static bool hex_value(json_t *v, uint8_t *out, size_t n)
{
    return json_is_string(v) && hex_decode(json_string_value(v), json_string_length(v), out, n);
}

static bool get_hex(Ctx *c, json_t *o, const char *key, uint8_t *out, size_t n)
{
    if (!hex_value(json_object_get(o, key), out, n))
        return fail(c, "\"%s\" is not %zu lower-case hexadecimal digits", key, 2 * n);
    return true;
}

static bool get_proof(Ctx *c, json_t *o, MerkleProof *p)
{
    json_t *v = json_object_get(o, "proof");
    if (!json_is_array(v)) return fail(c, "\"proof\" is not an array");
    if (json_array_size(v) > MERKLE_PROOF_MAX)
        return fail(c, "\"proof\" has %zu hashes, more than any tree's proof (%d)", json_array_size(v),
                    MERKLE_PROOF_MAX);
    p->n = json_array_size(v);
    for (size_t i = 0; i < p->n; i++)
        if (!hex_value(json_array_get(v, i), p->hash[i], MERKLE_HASH_SIZE))
            return fail(c, "\"proof\"[%zu] is not 64 lower-case hexadecimal digits", i);
    return true;
}

static bool parse_opening(Ctx *c, json_t *o, Arena *a, BundleOpening *out)
{
    static const char *const keys[] = {"id", "salt", "content", NULL};
    if (!keys_ok(c, o, "the opening", keys, NULL)) return false;
    const char *id;
    size_t n;
    if (!get_string(c, o, "id", a, &id, &n)) return false;
    if (n == 0 || n > ENTRY_PART_ID_MAX) return fail(c, "the opening's \"id\" is not 1 to %d bytes", ENTRY_PART_ID_MAX);
    memcpy(out->id, id, n + 1);
    char where[sizeof c->where];
    memcpy(where, c->where, sizeof where);
    size_t len = strlen(c->where);
    strfmt(c->where + len, sizeof c->where - len, "the opening of \"%s\": ", out->id);
    bool ok = get_hex(c, o, "salt", out->salt, 32) && get_string(c, o, "content", a, &out->content, &out->content_len);
    memcpy(c->where, where, sizeof where);
    return ok;
}

static bool parse_entry(Ctx *c, json_t *o, Arena *a, size_t i, BundleEntry *out)
{
    static const char *const keys[] = {"index", "hash", "entry", "proof", "openings", NULL};
    strfmt(c->where, sizeof c->where, "entries[%zu]: ", i);
    if (!json_is_object(o)) return fail(c, "the entry is not an object");
    if (!get_int(c, o, "index", 0, &out->index)) return false;
    strfmt(c->where, sizeof c->where, "entries[%zu] (index %lld): ", i, (long long)out->index);
    if (!keys_ok(c, o, "the entry", keys, "entry")) return false;
    if (!get_hex(c, o, "hash", out->hash, ENTRY_HASH_SIZE)) return false;
    if (json_object_get(o, "entry") && !get_string(c, o, "entry", a, &out->entry, &out->entry_len)) return false;
    if (!get_proof(c, o, &out->proof)) return false;
    json_t *op = json_object_get(o, "openings");
    if (!json_is_array(op)) return fail(c, "\"openings\" is not an array");
    out->nopening = json_array_size(op);
    out->opening = xcalloc(out->nopening ? out->nopening : 1, sizeof *out->opening);
    for (size_t k = 0; k < out->nopening; k++) {
        if (!parse_opening(c, json_array_get(op, k), a, &out->opening[k])) return false;
        for (size_t j = 0; j < k; j++)
            if (strcmp(out->opening[j].id, out->opening[k].id) == 0)
                return fail(c, "the part \"%s\" is opened twice", out->opening[k].id);
    }
    return true;
}

static bool parse_consistency(Ctx *c, json_t *o, size_t i, BundleConsistency *out)
{
    static const char *const keys[] = {"size", "root", "proof", NULL};
    strfmt(c->where, sizeof c->where, "consistency[%zu]: ", i);
    int64_t size;
    if (!keys_ok(c, o, "the proof", keys, NULL) || !get_int(c, o, "size", 1, &size)) return false;
    out->size = (uint64_t)size;
    return get_hex(c, o, "root", out->root, MERKLE_HASH_SIZE) && get_proof(c, o, &out->proof);
}

static bool parse(Ctx *c, json_t *root, Bundle *b)
{
    static const char *const keys[] = {"format", "origin",  "key",         "checkpoint", "exported_at",
                                       "for",    "entries", "consistency", "digest",     NULL};
    static const char *const for_keys[] = {"id", "name", NULL};
    if (!json_is_object(root)) return fail(c, "the file is JSON but not an object: not a copy of records");
    json_t *fmt = json_object_get(root, "format");
    if (!json_is_string(fmt)) return fail(c, "there is no \"format\": not a copy of records");
    if (strcmp(json_string_value(fmt), BUNDLE_FORMAT) != 0)
        return fail(c, "\"format\" is \"%s\", not \"%s\": a copy made by another version of Oversight",
                    json_string_value(fmt), BUNDLE_FORMAT);
    if (!keys_ok(c, root, "the copy", keys, NULL)) return false;
    if (!get_string(c, root, "origin", &b->a, &b->origin, NULL) || !get_string(c, root, "key", &b->a, &b->key, NULL) ||
        !get_string(c, root, "checkpoint", &b->a, &b->checkpoint, NULL) ||
        !get_int(c, root, "exported_at", 1, &b->exported_at) || !get_hex(c, root, "digest", b->digest, ENTRY_HASH_SIZE))
        return false;
    json_t *f = json_object_get(root, "for");
    if (!keys_ok(c, f, "\"for\"", for_keys, NULL)) return false;
    strfmt(c->where, sizeof c->where, "\"for\": ");
    if (!get_string(c, f, "id", &b->a, &b->for_id, NULL) || !get_string(c, f, "name", &b->a, &b->for_name, NULL))
        return false;
    c->where[0] = 0;

    json_t *cs = json_object_get(root, "consistency");
    if (!json_is_array(cs)) return fail(c, "\"consistency\" is not an array");
    b->nconsistency = json_array_size(cs);
    b->consistency = xcalloc(b->nconsistency ? b->nconsistency : 1, sizeof *b->consistency);
    for (size_t i = 0; i < b->nconsistency; i++)
        if (!parse_consistency(c, json_array_get(cs, i), i, &b->consistency[i])) return false;

    c->where[0] = 0;
    json_t *es = json_object_get(root, "entries");
    if (!json_is_array(es)) return fail(c, "\"entries\" is not an array");
    size_t n = json_array_size(es);
    b->entry = xcalloc(n ? n : 1, sizeof *b->entry);
    for (size_t i = 0; i < n; i++) {
        b->nentry = i + 1; /* so that bundle_free frees its openings */
        if (!parse_entry(c, json_array_get(es, i), &b->a, i, &b->entry[i])) return false;
        if (i && b->entry[i].index <= b->entry[i - 1].index)
            return fail(c, "the entries are not in increasing index order (entries[%zu] has index %lld)", i - 1,
                        (long long)b->entry[i - 1].index);
    }
    return true;
}

bool bundle_parse(const char *bytes, size_t n, Bundle *out, char *why, size_t why_size)
{
    *out = (Bundle){0};
    Ctx c = {why, why_size, ""};
    json_error_t err;
    json_t *root = json_loadb(bytes, n, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        if (why_size) strfmt(why, why_size, "not JSON at line %d, column %d: %s", err.line, err.column, err.text);
        return false;
    }
    bool ok = parse(&c, root, out);
    json_decref(root);
    if (!ok) bundle_free(out);
    return ok;
}

void bundle_free(Bundle *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->nentry; i++) free(b->entry[i].opening);
    free(b->entry);
    free(b->consistency);
    arena_free(&b->a);
    *b = (Bundle){0};
}
