/* bundle_check.c: the verifier of format/bundle_check.h. An entry's bytes
 * are read back (jansson) into an Entry and written again by entry_write:
 * a format-1 entry is exactly the bytes that gives, so one comparison
 * checks its keys, types, order and escaping at once; a part's content is
 * checked the same way by its kind's writer. */
#include "format/bundle_check.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

const char *bundle_said_name(BundleSaid s)
{
    switch (s) {
    case BUNDLE_SAID_OK: return "ok";
    case BUNDLE_SAID_NOTE: return "note";
    case BUNDLE_SAID_AMENDMENT: return "amendment";
    case BUNDLE_SAID_FAIL: return "fail";
    }
    return "fail";
}

const char *bundle_time_words(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(out, n, "%Y-%m-%d %H:%M UTC", &tm)) strfmt(out, n, "%lld", (long long)t);
    return out;
}

static const char *date_words(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(out, n, "%Y-%m-%d", &tm)) strfmt(out, n, "%lld", (long long)t);
    return out;
}

/* ---- Reading an entry back ---- */

typedef struct {
    bool ok;       /* format 1, canonical */
    char why[240]; /* when not */
    Entry e;
    EntryPart *parts;
    uint8_t of[32], previous[32], chain[32];
    int64_t *leaves;
    json_t *root; /* e's strings point into it */
} Parsed;

static void parsed_free(Parsed *p)
{
    free(p->parts);
    free(p->leaves);
    if (p->root) json_decref(p->root);
    *p = (Parsed){0};
}

static bool bad(Parsed *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool bad(Parsed *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->why, sizeof p->why, fmt, ap);
    va_end(ap);
    p->ok = false;
    return false;
}

static bool read_int(Parsed *p, json_t *v, const char *k, int64_t *out)
{
    if (!json_is_integer(v)) return bad(p, "\"%s\" is not an integer", k);
    *out = (int64_t)json_integer_value(v);
    return true;
}

static bool read_str(Parsed *p, json_t *v, const char *k, const char **out)
{
    if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
        return bad(p, "\"%s\" is not a string", k);
    *out = json_string_value(v);
    return true;
}

static bool read_hash(Parsed *p, json_t *v, const char *k, uint8_t out[32], const uint8_t **ptr)
{
    if (!json_is_string(v) || !hex_decode(json_string_value(v), json_string_length(v), out, 32))
        return bad(p, "\"%s\" is not a hash in lower-case hexadecimal", k);
    *ptr = out;
    return true;
}

static bool read_person(Parsed *p, json_t *v, const char *k, const char **id, const char **name)
{
    if (!json_is_object(v) || json_object_size(v) != 2) return bad(p, "\"%s\" is not {\"id\", \"name\"}", k);
    return read_str(p, json_object_get(v, "id"), k, id) && read_str(p, json_object_get(v, "name"), k, name);
}

static bool read_member(Parsed *p, const char *k, json_t *v)
{
    Entry *e = &p->e;
    if (strcmp(k, "v") == 0) {
        int64_t ver = 0;
        if (!read_int(p, v, k, &ver)) return false;
        if (ver != ENTRY_FORMAT)
            return bad(p, "it is format %lld, made by a newer Oversight: this one reads format %d", (long long)ver,
                       ENTRY_FORMAT);
        return true;
    }
    if (strcmp(k, "type") == 0) {
        const char *t;
        if (!read_str(p, v, k, &t)) return false;
        for (int i = 0; entry_type_name((EntryType)i); i++)
            if (strcmp(entry_type_name((EntryType)i), t) == 0) {
                e->type = (EntryType)i;
                return true;
            }
        return bad(p, "its type \"%s\" is not one format 1 has", t);
    }
    if (strcmp(k, "at") == 0) return read_int(p, v, k, &e->at);
    if (strcmp(k, "backfilled") == 0) return read_int(p, v, k, &e->backfilled);
    if (strcmp(k, "by") == 0) return read_str(p, v, k, &e->by);
    if (strcmp(k, "chain") == 0) return read_hash(p, v, k, p->chain, &e->chain);
    if (strcmp(k, "date") == 0) return read_str(p, v, k, &e->date);
    if (strcmp(k, "from") == 0) return read_int(p, v, k, &e->from);
    if (strcmp(k, "key") == 0) return read_str(p, v, k, &e->key);
    if (strcmp(k, "name") == 0) return read_str(p, v, k, &e->key_name);
    if (strcmp(k, "of") == 0) return read_hash(p, v, k, p->of, &e->of);
    if (strcmp(k, "previous") == 0) return read_hash(p, v, k, p->previous, &e->previous);
    if (strcmp(k, "record") == 0) return read_int(p, v, k, &e->record);
    if (strcmp(k, "replaces") == 0) return read_str(p, v, k, &e->replaces);
    if (strcmp(k, "rule") == 0) return read_str(p, v, k, &e->rule);
    if (strcmp(k, "seq") == 0) return read_int(p, v, k, &e->seq);
    if (strcmp(k, "session") == 0) return read_int(p, v, k, &e->session);
    if (strcmp(k, "session_type") == 0) return read_str(p, v, k, &e->session_type);
    if (strcmp(k, "supervisee") == 0) return read_person(p, v, k, &e->supervisee_id, &e->supervisee_name);
    if (strcmp(k, "supervisor") == 0) return read_person(p, v, k, &e->supervisor_id, &e->supervisor_name);
    if (strcmp(k, "topic") == 0) return read_str(p, v, k, &e->topic);
    if (strcmp(k, "version") == 0) return read_int(p, v, k, &e->version);
    if (strcmp(k, "leaves") == 0) {
        if (!json_is_array(v)) return bad(p, "\"leaves\" is not an array");
        p->leaves = xcalloc(json_array_size(v) + 1, sizeof *p->leaves);
        e->nleaves = json_array_size(v);
        for (size_t i = 0; i < e->nleaves; i++)
            if (!read_int(p, json_array_get(v, i), k, &p->leaves[i])) return false;
        e->leaves = p->leaves;
        return true;
    }
    if (strcmp(k, "parts") == 0) {
        if (!json_is_object(v)) return bad(p, "\"parts\" is not an object");
        p->parts = xcalloc(json_object_size(v) + 1, sizeof *p->parts);
        const char *id;
        json_t *c;
        json_object_foreach(v, id, c)
        {
            EntryPart *part = &p->parts[e->nparts];
            if (!*id || strlen(id) > ENTRY_PART_ID_MAX) return bad(p, "the part id \"%s\" is too long or empty", id);
            memcpy(part->id, id, strlen(id) + 1);
            if (!json_is_string(c) || !hex_decode(json_string_value(c), json_string_length(c), part->commitment, 32))
                return bad(p, "the commitment of part \"%s\" is not a hash in lower-case hexadecimal", id);
            e->nparts++;
        }
        e->parts = p->parts;
        return true;
    }
    return bad(p, "it has the key \"%s\", which format 1 has not", k);
}

/* Reads entry bytes: p->ok when they are a format-1 entry in canonical
 * form; the fields are read as far as they could be either way. */
static void parse_entry(const char *s, size_t n, Parsed *p)
{
    *p = (Parsed){.ok = true};
    json_error_t err;
    p->root = json_loadb(s, n, JSON_REJECT_DUPLICATES, &err);
    if (!p->root) {
        bad(p, "it is not JSON (%s)", err.text);
        return;
    }
    if (!json_is_object(p->root)) {
        bad(p, "it is not a JSON object");
        return;
    }
    p->e.type = (EntryType)-1;
    const char *k;
    json_t *v;
    json_object_foreach(p->root, k, v) if (!read_member(p, k, v)) return;
    if (!json_object_get(p->root, "v")) {
        bad(p, "it has no \"v\"");
        return;
    }
    if (!entry_type_name(p->e.type)) {
        bad(p, "it has no \"type\"");
        return;
    }
    Buf back = {0};
    if (!entry_write(&p->e, &back))
        bad(p, "a key its type needs is missing or out of range");
    else if (back.len != n || memcmp(back.data, s, n) != 0)
        bad(p, "it is not in format 1's canonical form (keys, order, spacing or escapes)");
    buf_free(&back);
}

static const EntryPart *find_part(const Parsed *p, const char *id)
{
    for (size_t i = 0; i < p->e.nparts; i++)
        if (strcmp(p->parts[i].id, id) == 0) return &p->parts[i];
    return NULL;
}

/* ---- Parts ---- */

/* What a part is, in words, from its id: "the text of item 'wellbeing'". */
static void part_words(const char *id, char *out, size_t n)
{
    if (strncmp(id, "item/", 5) == 0)
        strfmt(out, n, "the text of item '%s'", id + 5);
    else if (strncmp(id, "note/", 5) == 0)
        strfmt(out, n, "case note %s", id + 5);
    else if (strncmp(id, "action/", 7) == 0)
        strfmt(out, n, "action %s", id + 7);
    else if (strncmp(id, "follow-up/", 10) == 0)
        strfmt(out, n, "follow-up %s", id + 10);
    else if (strncmp(id, "disagreement/", 13) == 0)
        strfmt(out, n, "the supervisee's disagreement %s", id + 13);
    else if (strcmp(id, "reason") == 0)
        strfmt(out, n, "the reason given");
    else
        strfmt(out, n, "the part '%s'", id);
}

static const char *str_of(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v) ? json_string_value(v) : NULL;
}

/* Whether content is the canonical content of the kind its id names:
 * read back and written again by the kind's writer. why when not. */
static bool part_ok(const char *id, const char *content, size_t n, char *why, size_t why_size)
{
    json_error_t err;
    json_t *o = json_loadb(content, n, JSON_REJECT_DUPLICATES, &err);
    if (!json_is_object(o)) {
        strfmt(why, why_size, "it is not a JSON object");
        if (o) json_decref(o);
        return false;
    }
    const char *k = str_of(o, "k");
    Buf back = {0};
    bool wrote = false, kind_ok = k != NULL;
    if (!k) {
    } else if (strcmp(k, "item") == 0) {
        const char *topic = str_of(o, "topic");
        kind_ok = strncmp(id, "item/", 5) == 0 && topic && strcmp(id + 5, topic) == 0;
        wrote = topic && str_of(o, "text") && part_item(&back, topic, str_of(o, "text"));
    } else if (strcmp(k, "note") == 0) {
        kind_ok = strncmp(id, "note/", 5) == 0;
        json_t *answers = json_object_get(o, "answers");
        size_t na = json_is_object(answers) ? json_object_size(answers) : 0;
        const char **prompt = xcalloc(na + 1, sizeof *prompt), **text = xcalloc(na + 1, sizeof *text);
        const char *key;
        json_t *v;
        size_t i = 0;
        bool answers_ok = json_is_object(answers);
        if (answers_ok) json_object_foreach(answers, key, v)
            {
                prompt[i] = key;
                text[i] = json_is_string(v) ? json_string_value(v) : NULL;
                answers_ok = answers_ok && text[i];
                i++;
            }
        json_t *origin = json_object_get(o, "origin");
        PartNote pn = {
            .case_id = str_of(o, "case"),
            .date = str_of(o, "date"),
            .writer = str_of(o, "writer"),
            .written_at = json_is_integer(json_object_get(o, "written_at"))
                              ? (int64_t)json_integer_value(json_object_get(o, "written_at"))
                              : 0,
            .origin = json_is_integer(origin) ? (int64_t)json_integer_value(origin) : 0,
            .changed = json_is_true(json_object_get(o, "changed")),
            .departs = json_is_true(json_object_get(o, "departs")),
            .withdrawn = str_of(o, "withdrawn"),
            .prompts = str_of(o, "prompts"),
            .synopsis = str_of(o, "synopsis"),
            .analysis = str_of(o, "analysis"),
            .decision = str_of(o, "decision"),
            .rationale = str_of(o, "rationale"),
            .tasks = str_of(o, "tasks"),
            .departure = str_of(o, "departure"),
            .checklist = str_of(o, "checklist"),
            .answer_prompt = prompt,
            .answer_text = text,
            .nanswers = na,
        };
        wrote = answers_ok && pn.case_id && pn.date && pn.writer && part_note(&back, &pn);
        free(prompt);
        free(text);
    } else if (strcmp(k, "action") == 0) {
        kind_ok = strncmp(id, "action/", 7) == 0;
        const char *owner = str_of(o, "owner"), *text = str_of(o, "text"), *due = str_of(o, "due");
        wrote = owner && text && due && part_action(&back, owner, text, due, str_of(o, "case"));
    } else if (strcmp(k, "follow-up") == 0) {
        kind_ok = strncmp(id, "follow-up/", 10) == 0;
        json_t *action = json_object_get(o, "action");
        const char *status = str_of(o, "status"), *note = str_of(o, "note");
        wrote = json_is_integer(action) && status && note &&
                part_follow_up(&back, (int64_t)json_integer_value(action), status, note);
    } else if (strcmp(k, "disagreement") == 0) {
        kind_ok = strncmp(id, "disagreement/", 13) == 0;
        wrote = str_of(o, "text") && part_disagreement(&back, str_of(o, "text"));
    } else if (strcmp(k, "reason") == 0) {
        kind_ok = strcmp(id, "reason") == 0;
        wrote = str_of(o, "text") && part_reason(&back, str_of(o, "text"));
    } else {
        kind_ok = false;
    }
    bool ok = false;
    if (!kind_ok)
        strfmt(why, why_size, "its kind (\"k\") is not the one its id names");
    else if (!wrote || back.len != n || memcmp(back.data, content, n) != 0)
        strfmt(why, why_size, "it is not in format 1's canonical form for its kind");
    else
        ok = true;
    buf_free(&back);
    json_decref(o);
    return ok;
}

/* The text of a part of kind reason or disagreement, for the words. */
static char *part_text(const char *content, size_t n)
{
    json_t *o = json_loadb(content, n, 0, NULL);
    const char *t = o ? str_of(o, "text") : NULL;
    char *out = t ? xstrdup(t) : NULL;
    if (o) json_decref(o);
    return out;
}

/* ---- The report ---- */

typedef struct {
    BundleReport *r;
    const Bundle *b;
    const BundleCheckOptions *o;
    Checkpoint cp;
    bool have_cp;
    /* The earlier copy, when there is one, and words for it. */
    const Bundle *old;
    char old_words[96];
    Parsed *parsed; /* one per entry of b */
} Check;

static void say(Check *c, BundleSaid kind, int64_t index, const Parsed *p, const char *part, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void say(Check *c, BundleSaid kind, int64_t index, const Parsed *p, const char *part, const char *fmt, ...)
{
    BundleReport *r = c->r;
    xgrow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v);
    BundleVerdict *v = &r->v[r->n++];
    *v = (BundleVerdict){.kind = kind, .index = index};
    if (p && p->e.record > 0) {
        v->record = p->e.record;
        v->version = p->e.version;
    }
    if (part) strfmt(v->part, sizeof v->part, "%s", part);
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    v->text = xstrdup(buf_str(&b));
    buf_free(&b);
    if (kind == BUNDLE_SAID_FAIL) r->failures++;
}

/* Whom an entry is about, to begin its verdict: "record 812, version 2: ". */
static void subject(const Parsed *p, int64_t index, char *out, size_t n)
{
    const Entry *e = &p->e;
    if (p->root && e->record > 0 && e->version > 0)
        strfmt(out, n, "record %lld, version %lld: ", (long long)e->record, (long long)e->version);
    else if (p->root && e->record > 0)
        strfmt(out, n, "record %lld: ", (long long)e->record);
    else if (p->root && e->session > 0)
        strfmt(out, n, "session %lld: ", (long long)e->session);
    else
        strfmt(out, n, "log entry %lld: ", (long long)index);
}

/* When it was logged, in words: "when version 2 was sent on 2026-10-01". */
static void when_words(const Parsed *p, char *out, size_t n)
{
    const Entry *e = &p->e;
    char d[16];
    date_words(e->at, d, sizeof d);
    switch (e->type) {
    case ENTRY_VERSION: strfmt(out, n, "when version %lld was sent on %s", (long long)e->version, d); break;
    case ENTRY_SIGNED: strfmt(out, n, "when version %lld was signed on %s", (long long)e->version, d); break;
    case ENTRY_DISAGREED:
        strfmt(out, n, "when the supervisee disagreed with version %lld on %s", (long long)e->version, d);
        break;
    case ENTRY_AMENDED:
        strfmt(out, n, "when version %lld was begun from version %lld on %s", (long long)e->version, (long long)e->from,
               d);
        break;
    default: strfmt(out, n, "when it was logged on %s", d);
    }
}

static const BundleEntry *entry_at(const Bundle *b, int64_t index)
{
    size_t lo = 0, hi = b ? b->nentry : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->entry[mid].index == index) return &b->entry[mid];
        if (b->entry[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const BundleOpening *opening_of(const BundleEntry *e, const char *id)
{
    for (size_t i = 0; e && i < e->nopening; i++)
        if (strcmp(e->opening[i].id, id) == 0) return &e->opening[i];
    return NULL;
}

static bool opens(const BundleOpening *op, const EntryPart *part)
{
    uint8_t got[ENTRY_HASH_SIZE];
    part_commitment(op->salt, op->content, op->content_len, got);
    return memcmp(got, part->commitment, ENTRY_HASH_SIZE) == 0;
}

/* Whether an entry is in the checkpoint's tree. */
static MerkleResult included(const Checkpoint *cp, const BundleEntry *e)
{
    uint8_t leaf[MERKLE_HASH_SIZE];
    const uint8_t *proof[MERKLE_PROOF_MAX];
    merkle_leaf_hash(e->hash, ENTRY_HASH_SIZE, leaf);
    for (size_t i = 0; i < e->proof.n; i++) proof[i] = e->proof.hash[i];
    return merkle_verify_inclusion((uint64_t)e->index, cp->size, leaf, sizeof leaf, proof, NULL, e->proof.n, cp->root,
                                   sizeof cp->root);
}

/* A version's entry in the copy: its hash, or NULL. */
static const uint8_t *version_hash(const Check *c, int64_t record, int64_t version)
{
    for (size_t i = 0; i < c->b->nentry; i++) {
        const Parsed *p = &c->parsed[i];
        if (p->ok && p->e.type == ENTRY_VERSION && p->e.record == record && p->e.version == version)
            return c->b->entry[i].hash;
    }
    return NULL;
}

/* The entry's links to its record's version entries, where the copy has them. */
static void check_links(Check *c, const BundleEntry *be, const Parsed *p, const char *subj, bool *failed)
{
    const Entry *e = &p->e;
    const uint8_t *link = NULL, *want = NULL;
    int64_t to = 0;
    if (e->of && (e->type == ENTRY_SIGNED || e->type == ENTRY_DISAGREED))
        to = e->version, link = e->of;
    else if (e->of && e->type == ENTRY_AMENDED)
        to = e->from, link = e->of;
    else if (e->previous && e->type == ENTRY_VERSION)
        to = e->version - 1, link = e->previous;
    if (!link || !(want = version_hash(c, e->record, to))) return;
    if (memcmp(link, want, ENTRY_HASH_SIZE) != 0) {
        say(c, BUNDLE_SAID_FAIL, be->index, p, NULL,
            "%sits %s entry (log entry %lld) refers to a version %lld that is not the one this copy holds as "
            "logged",
            subj, entry_type_name(e->type), (long long)be->index, (long long)to);
        *failed = true;
    }
}

/* What an earlier copy says of a part whose opening no longer matches. */
static void since_words(const Check *c, const BundleEntry *be, const EntryPart *part, char *out, size_t n)
{
    out[0] = 0;
    const BundleEntry *old = entry_at(c->old, be->index);
    if (!old || memcmp(old->hash, be->hash, ENTRY_HASH_SIZE) != 0) return;
    const BundleOpening *op = opening_of(old, part->id);
    if (!op) return;
    if (opens(op, part))
        strfmt(out, n, ": changed since your copy of %s, which holds it as logged", c->old_words);
    else
        strfmt(out, n, "; it was so already in your copy of %s", c->old_words);
}

static void check_entry(Check *c, size_t i)
{
    const BundleEntry *be = &c->b->entry[i];
    Parsed *p = &c->parsed[i];
    char subj[96], when[128], what[96], why[240];
    bool failed = false;
    subject(p, be->index, subj, sizeof subj);

    MerkleResult m = included(&c->cp, be);
    if (m != MERKLE_OK) {
        say(c, BUNDLE_SAID_FAIL, be->index, p, NULL, "%slog entry %lld is not in the log the checkpoint signed: %s",
            subj, (long long)be->index, merkle_result_text(m));
        failed = true;
    }
    if (!be->entry) {
        say(c, BUNDLE_SAID_NOTE, be->index, NULL, NULL,
            "log entry %lld was logged before entries were kept: its hash is in the log%s, but what it recorded "
            "cannot be shown%s",
            (long long)be->index, failed ? " (not as this copy gives it)" : "",
            be->nopening ? ", so the texts this copy gives for it cannot be checked" : "");
        return;
    }
    uint8_t h[ENTRY_HASH_SIZE];
    entry_hash(be->entry, be->entry_len, h);
    if (memcmp(h, be->hash, ENTRY_HASH_SIZE) != 0) {
        char d[16] = "";
        if (p->root && p->e.at > 0) date_words(p->e.at, d, sizeof d);
        say(c, BUNDLE_SAID_FAIL, be->index, p, NULL,
            "%swhat this copy holds for the %s entry is not what was logged%s%s: changed after it was logged", subj,
            p->root && entry_type_name(p->e.type) ? entry_type_name(p->e.type) : "log", d[0] ? " on " : "", d);
        return;
    }
    if (!p->ok) {
        say(c, BUNDLE_SAID_FAIL, be->index, p, NULL, "%slog entry %lld is not a format-1 entry: %s", subj,
            (long long)be->index, p->why);
        return;
    }
    when_words(p, when, sizeof when);
    size_t opened = 0;
    char *reason = NULL;
    for (size_t k = 0; k < be->nopening; k++) {
        const BundleOpening *op = &be->opening[k];
        const EntryPart *part = find_part(p, op->id);
        part_words(op->id, what, sizeof what);
        if (!part) {
            say(c, BUNDLE_SAID_FAIL, be->index, p, op->id,
                "%sthis copy gives a text for %s, which the entry logged %s does not have", subj, what, when);
            failed = true;
        } else if (!opens(op, part)) {
            char since[160];
            since_words(c, be, part, since, sizeof since);
            say(c, BUNDLE_SAID_FAIL, be->index, p, op->id, "%s%s is not what was logged %s%s (log entry %lld).", subj,
                what, when, since, (long long)be->index);
            failed = true;
        } else if (!part_ok(op->id, op->content, op->content_len, why, sizeof why)) {
            say(c, BUNDLE_SAID_FAIL, be->index, p, op->id, "%s%s is as logged, but not a format-1 part: %s", subj, what,
                why);
            failed = true;
        } else {
            opened++;
            if (strcmp(op->id, "reason") == 0 && !reason) reason = part_text(op->content, op->content_len);
        }
    }
    check_links(c, be, p, subj, &failed);
    if (failed) {
        free(reason);
        return;
    }

    const Entry *e = &p->e;
    char at[32], back[200] = "", parts[96] = "";
    bundle_time_words(e->at, at, sizeof at);
    if (e->backfilled) {
        char bf[32];
        strfmt(back, sizeof back,
               " It was logged on %s, after the fact: it proves the record unchanged since then, not since it was "
               "written.",
               bundle_time_words(e->backfilled, bf, sizeof bf));
    }
    if (e->nparts) strfmt(parts, sizeof parts, "; %zu of its %zu parts are in this copy, as logged", opened, e->nparts);
    const char *by = e->by ? e->by : "the system";
    switch (e->type) {
    case ENTRY_VERSION:
        say(c, BUNDLE_SAID_OK, be->index, p, NULL,
            "%ssent on %s by %s (%s) to %s (%s), as logged (log entry %lld%s).%s", subj, at, e->supervisor_name,
            e->supervisor_id, e->supervisee_name, e->supervisee_id, (long long)be->index, parts, back);
        break;
    case ENTRY_SIGNED:
        say(c, BUNDLE_SAID_OK, be->index, p, NULL, "%ssigned by %s on %s, as logged (log entry %lld).%s", subj, by, at,
            (long long)be->index, back);
        break;
    case ENTRY_DISAGREED:
        say(c, BUNDLE_SAID_OK, be->index, p, NULL, "%s%s disagreed with it on %s, as logged (log entry %lld%s).%s",
            subj, by, at, (long long)be->index, parts, back);
        break;
    case ENTRY_AMENDED:
        if (reason)
            say(c, BUNDLE_SAID_AMENDMENT, be->index, p, NULL,
                "%san amendment, not a change: version %lld was begun from version %lld on %s by %s, for the reason "
                "\"%s\" (as logged, log entry %lld).%s",
                subj, (long long)e->version, (long long)e->from, at, by, reason, (long long)be->index, back);
        else
            say(c, BUNDLE_SAID_AMENDMENT, be->index, p, NULL,
                "%san amendment, not a change: version %lld was begun from version %lld on %s by %s (as logged, log "
                "entry %lld; its reason is not in this copy).%s",
                subj, (long long)e->version, (long long)e->from, at, by, (long long)be->index, back);
        break;
    case ENTRY_CONFIDENTIAL:
    case ENTRY_LIFT_PROPOSED:
    case ENTRY_LIFTED: {
        const char *what_happened = e->type == ENTRY_CONFIDENTIAL    ? "made confidential between the two"
                                    : e->type == ENTRY_LIFT_PROPOSED ? "asked to be no longer confidential"
                                                                     : "no longer confidential";
        say(c, BUNDLE_SAID_OK, be->index, p, NULL, "%sitem '%s' %s on %s by %s, as logged (log entry %lld).%s", subj,
            e->topic, what_happened, at, by, (long long)be->index, back);
        break;
    }
    case ENTRY_DISCUSSION:
        say(c, BUNDLE_SAID_OK, be->index, p, NULL, "%sthe %s discussion of %s, as logged on %s (log entry %lld%s).%s",
            subj, e->session_type, e->date, at, (long long)be->index, parts, back);
        break;
    default:
        say(c, BUNDLE_SAID_OK, be->index, p, NULL, "%sa %s entry of %s, as logged (log entry %lld).%s", subj,
            entry_type_name(e->type), at, (long long)be->index, back);
    }
    free(reason);
}

/* The copy as a whole: digest, key, checkpoint, consistency proofs. false
 * when the checkpoint cannot be used (nothing else can then be checked). */
static bool check_copy(Check *c, NoteVerifier *own)
{
    const Bundle *b = c->b;
    uint8_t d[ENTRY_HASH_SIZE];
    if (!bundle_digest(b, d) || memcmp(d, b->digest, sizeof d) != 0)
        say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL,
            "This copy's digest does not match what it holds: the file was damaged or edited after it was made.");

    const NoteVerifier *keys = c->o->keys;
    size_t nkeys = c->o->nkeys;
    char why[300];
    if (nkeys == 0) {
        if (!note_verifier_parse(b->key, own, why, sizeof why)) {
            say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL, "The copy's key is not a verifier key: %s", why);
            return false;
        }
        keys = own, nkeys = 1;
        c->r->key_from_copy = true;
        say(c, BUNDLE_SAID_NOTE, -1, NULL, NULL,
            "No key was given, so the key that checks the signature came from the copy itself: that shows the copy "
            "is whole, not that your organisation signed it. Compare it with the key your organisation publishes "
            "(oversight log key prints it), or give that key with --key: %s",
            b->key);
    } else {
        bool named = false;
        for (size_t i = 0; i < nkeys && !named; i++) {
            Buf t = {0};
            note_verifier_text(&keys[i], &t);
            named = strcmp(buf_str(&t), b->key) == 0;
            buf_free(&t);
        }
        if (!named)
            say(c, BUNDLE_SAID_NOTE, -1, NULL, NULL,
                "The copy names the key %s, which is not one you gave: only the keys you gave are trusted.", b->key);
    }
    size_t text_len = 0;
    NoteResult nr = note_open(b->checkpoint, strlen(b->checkpoint), keys, nkeys, &text_len, NULL, why, sizeof why);
    if (nr != NOTE_OK) {
        say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL,
            "The copy's checkpoint is not signed by %s (%s): nothing in the copy can be trusted without it.",
            c->r->key_from_copy ? "the copy's key" : "the key you gave", why);
        return false;
    }
    if (!checkpoint_parse(b->checkpoint, text_len, &c->cp, why, sizeof why)) {
        say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL, "The copy's checkpoint is signed but is not a checkpoint: %s", why);
        return false;
    }
    if (strcmp(c->cp.origin, b->origin) != 0) {
        say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL,
            "The checkpoint is of the log \"%s\", but the copy says it is of \"%s\".", c->cp.origin, b->origin);
        return false;
    }
    char root[65];
    hex_encode(c->cp.root, sizeof c->cp.root, root);
    say(c, BUNDLE_SAID_OK, -1, NULL, NULL,
        "The checkpoint is signed by the log's key: the log \"%s\" had %llu entries, with the root %s.", c->cp.origin,
        (unsigned long long)c->cp.size, root);
    for (size_t i = 0; i < b->nconsistency; i++) {
        const BundleConsistency *k = &b->consistency[i];
        const uint8_t *proof[MERKLE_PROOF_MAX];
        for (size_t j = 0; j < k->proof.n; j++) proof[j] = k->proof.hash[j];
        MerkleResult m = merkle_verify_consistency(k->size, c->cp.size, k->root, sizeof k->root, c->cp.root,
                                                   sizeof c->cp.root, proof, NULL, k->proof.n);
        if (m != MERKLE_OK)
            say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL,
                "The copy's proof that the log of %llu entries grew into this one does not hold: %s.",
                (unsigned long long)k->size, merkle_result_text(m));
    }
    return true;
}

/* --since: the log only grew from the checkpoint saved earlier, and an
 * earlier copy's entries and texts are all still here, as they were. */
static void check_since(Check *c, const NoteVerifier *keys, size_t nkeys)
{
    const BundleCheckOptions *o = c->o;
    const Bundle *old = o->since_copy;
    const char *note = o->since_note ? o->since_note : old->checkpoint;
    size_t len = o->since_note ? o->since_note_len : strlen(old->checkpoint);
    char why[300], label[160];
    if (old) {
        uint8_t d[ENTRY_HASH_SIZE];
        if (!bundle_digest(old, d) || memcmp(d, old->digest, sizeof d) != 0)
            say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL,
                "Your earlier copy of %s is damaged: its digest does not match what it holds, so it cannot be "
                "compared with this one.",
                c->old_words);
    }
    size_t text_len = 0;
    Checkpoint was;
    if (note_open(note, len, keys, nkeys, &text_len, NULL, why, sizeof why) != NOTE_OK) {
        say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL, "The earlier checkpoint is not signed by %s (%s).",
            c->r->key_from_copy ? "the copy's key" : "the key you gave", why);
        return;
    }
    if (!checkpoint_parse(note, text_len, &was, why, sizeof why)) {
        say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL, "The earlier checkpoint is signed but is not a checkpoint: %s", why);
        return;
    }
    if (old)
        strfmt(label, sizeof label, "your copy of %s", c->old_words);
    else
        strfmt(label, sizeof label, "your checkpoint");
    if (strcmp(was.origin, c->cp.origin) != 0) {
        say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL, "The log of %s is \"%s\", not this copy's \"%s\".", label, was.origin,
            c->cp.origin);
        return;
    }
    if (was.size > c->cp.size) {
        say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL,
            "This copy's checkpoint (%llu entries) is older than %s: give the newer copy as FILE and the older "
            "with --since.",
            (unsigned long long)c->cp.size, label);
        return;
    }
    if (was.size == c->cp.size) {
        if (memcmp(was.root, c->cp.root, sizeof was.root) != 0)
            say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL,
                "The log was rewritten since %s: it had as many entries then, but another root.", label);
        else
            say(c, BUNDLE_SAID_OK, -1, NULL, NULL, "The log is as %s has it: nothing was added or changed.", label);
    } else {
        const BundleConsistency *k = NULL;
        for (size_t i = 0; i < c->b->nconsistency && !k; i++)
            if (c->b->consistency[i].size == was.size) k = &c->b->consistency[i];
        if (!k)
            say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL,
                "This copy has no proof from the log of %llu entries, as %s has it, to its own: it cannot show that "
                "the log only grew since then. Ask for a copy made with your checkpoint.",
                (unsigned long long)was.size, label);
        else if (memcmp(k->root, was.root, sizeof was.root) != 0)
            say(c, BUNDLE_SAID_FAIL, -1, NULL, NULL,
                "The log was rewritten since %s: the log this copy grew from had another root at %llu entries.", label,
                (unsigned long long)was.size);
        else
            say(c, BUNDLE_SAID_OK, -1, NULL, NULL,
                "The log only grew since %s: the %llu entries it had then are unchanged in this one of %llu.", label,
                (unsigned long long)was.size, (unsigned long long)c->cp.size);
    }
    if (!old) return;

    /* Entry by entry: the earlier copy's, where its own checkpoint proves them. */
    for (size_t i = 0; i < old->nentry; i++) {
        const BundleEntry *oe = &old->entry[i];
        if ((uint64_t)oe->index >= was.size || included(&was, oe) != MERKLE_OK) continue;
        Parsed op = {0};
        if (oe->entry) parse_entry(oe->entry, oe->entry_len, &op);
        char subj[96] = "";
        if (op.root) {
            if (op.e.record > 0 && op.e.version > 0)
                strfmt(subj, sizeof subj, " (record %lld version %lld)", (long long)op.e.record,
                       (long long)op.e.version);
            else if (op.e.record > 0)
                strfmt(subj, sizeof subj, " (record %lld)", (long long)op.e.record);
            else if (op.e.session > 0)
                strfmt(subj, sizeof subj, " (session %lld)", (long long)op.e.session);
        }
        const BundleEntry *ne = entry_at(c->b, oe->index);
        if (!ne) {
            say(c, BUNDLE_SAID_FAIL, oe->index, &op, NULL,
                "The log's entry %lld%s, in your copy of %s, is not in this copy.", (long long)oe->index, subj,
                c->old_words);
        } else if (memcmp(ne->hash, oe->hash, ENTRY_HASH_SIZE) != 0) {
            say(c, BUNDLE_SAID_FAIL, oe->index, &op, NULL,
                "The log's entry %lld%s was rewritten since your copy of %s.", (long long)oe->index, subj,
                c->old_words);
        } else {
            for (size_t k = 0; k < oe->nopening; k++) {
                const BundleOpening *was_op = &oe->opening[k];
                if (opening_of(ne, was_op->id)) continue;
                char what[96];
                part_words(was_op->id, what, sizeof what);
                say(c, BUNDLE_SAID_FAIL, oe->index, &op, was_op->id,
                    "The log's entry %lld%s: %s was in your copy of %s, but this copy does not have it.",
                    (long long)oe->index, subj, what, c->old_words);
            }
        }
        parsed_free(&op);
    }
}

bool bundle_check(const Bundle *b, const BundleCheckOptions *o, BundleReport *out)
{
    *out = (BundleReport){0};
    Check c = {.r = out, .b = b, .o = o, .old = o->since_copy};
    if (c.old) bundle_time_words(c.old->exported_at, c.old_words, sizeof c.old_words);
    NoteVerifier own;
    if (!check_copy(&c, &own)) return false;
    c.parsed = xcalloc(b->nentry + 1, sizeof *c.parsed);
    for (size_t i = 0; i < b->nentry; i++)
        if (b->entry[i].entry) parse_entry(b->entry[i].entry, b->entry[i].entry_len, &c.parsed[i]);
    for (size_t i = 0; i < b->nentry; i++) check_entry(&c, i);
    if (o->since_note || o->since_copy)
        check_since(&c, out->key_from_copy ? &own : o->keys, out->key_from_copy ? 1 : o->nkeys);
    for (size_t i = 0; i < b->nentry; i++) parsed_free(&c.parsed[i]);
    free(c.parsed);
    return out->failures == 0;
}

void bundle_report_free(BundleReport *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) free(r->v[i].text);
    free(r->v);
    *r = (BundleReport){0};
}
