/* record_entry.c: entries and parts in canonical form (record_entry.h). The
 * canonical writer refuses keys out of order, so each object's keys are
 * written here in bytewise order, as the table in each function lists them. */
#include "format/record_entry.h"

#include <sodium.h>
#include <string.h>

#include "format/json.h"

static const char *const type_names[] = {
    [ENTRY_VERSION] = "version",
    [ENTRY_SIGNED] = "signed",
    [ENTRY_DISAGREED] = "disagreed",
    [ENTRY_AMENDED] = "amended",
    [ENTRY_CONFIDENTIAL] = "confidential",
    [ENTRY_LIFT_PROPOSED] = "lift-proposed",
    [ENTRY_LIFTED] = "lifted",
    [ENTRY_DISCUSSION] = "discussion",
    [ENTRY_PURGED] = "purged",
    [ENTRY_READ_TRAIL] = "read-trail",
    [ENTRY_KEY] = "key",
};

const char *entry_type_name(EntryType t)
{
    return (unsigned)t < sizeof type_names / sizeof type_names[0] ? type_names[t] : NULL;
}

static void member_hex(JsonWriter *w, const char *key, const uint8_t *h, size_t n)
{
    char hex[2 * 64 + 1];
    sodium_bin2hex(hex, sizeof hex, h, n);
    json_member_string(w, key, hex);
}

static void member_person(JsonWriter *w, const char *key, const char *id, const char *name)
{
    json_key(w, key);
    json_object_begin(w);
    json_member_string(w, "id", id);
    json_member_string(w, "name", name);
    json_object_end(w);
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const EntryPart *const *)a)[0]->id, ((const EntryPart *const *)b)[0]->id);
}

/* "parts": {id: commitment, ...} in id order (a repeated id is refused by
 * the writer, as a key not after the one before). */
static void member_parts(JsonWriter *w, const EntryPart *parts, size_t n)
{
    const EntryPart **sorted = xmalloc((n ? n : 1) * sizeof *sorted);
    for (size_t i = 0; i < n; i++) sorted[i] = &parts[i];
    qsort(sorted, n, sizeof *sorted, by_id);
    json_key(w, "parts");
    json_object_begin(w);
    for (size_t i = 0; i < n; i++) member_hex(w, sorted[i]->id, sorted[i]->commitment, ENTRY_HASH_SIZE);
    json_object_end(w);
    free(sorted);
}

/* Which keys each type has. */
typedef struct {
    bool record, version, from, session, date, session_type, people, topic, of, previous, parts, rule, leaves, seq,
        chain, key;
} Shape;

static bool shape_of(const Entry *e, Shape *s)
{
    *s = (Shape){0};
    switch (e->type) {
    case ENTRY_VERSION:
        *s = (Shape){.record = true,
                     .version = true,
                     .date = true,
                     .people = true,
                     .parts = true,
                     .previous = e->version > 1};
        break;
    case ENTRY_SIGNED: *s = (Shape){.record = true, .version = true, .of = true}; break;
    case ENTRY_DISAGREED: *s = (Shape){.record = true, .version = true, .of = true, .parts = true}; break;
    case ENTRY_AMENDED: *s = (Shape){.record = true, .version = true, .from = true, .of = true, .parts = true}; break;
    case ENTRY_CONFIDENTIAL:
    case ENTRY_LIFT_PROPOSED:
    case ENTRY_LIFTED: *s = (Shape){.record = true, .topic = true}; break;
    case ENTRY_DISCUSSION: *s = (Shape){.session = true, .date = true, .session_type = true, .parts = true}; break;
    case ENTRY_PURGED:
        *s = (Shape){.record = e->record > 0, .session = e->record <= 0, .rule = true, .leaves = true};
        break;
    case ENTRY_READ_TRAIL: *s = (Shape){.seq = true, .chain = true}; break;
    case ENTRY_KEY: *s = (Shape){.key = true}; break;
    default: return false;
    }
    /* What the shape needs must be there. */
    if (e->at <= 0 || (s->record && e->record <= 0) || (s->version && e->version <= 0) ||
        (s->from && (e->from <= 0 || e->from >= e->version)) || (s->session && e->session <= 0) ||
        (s->date && !e->date) || (s->session_type && !e->session_type) ||
        (s->people && (!e->supervisor_id || !e->supervisor_name || !e->supervisee_id || !e->supervisee_name)) ||
        (s->topic && !e->topic) || (s->of && !e->of) || (s->previous && !e->previous) ||
        (s->parts && e->nparts && !e->parts) || (s->rule && !e->rule) || (s->leaves && e->nleaves && !e->leaves) ||
        (s->seq && e->seq <= 0) || (s->chain && !e->chain) || (s->key && (!e->key_name || !e->key)))
        return false;
    return true;
}

/* Keys in order: at backfilled by chain date from key leaves name of parts
 * previous record replaces rule seq session session_type supervisee
 * supervisor topic type v version. */
bool entry_write(const Entry *e, Buf *out)
{
    Shape s;
    if (!shape_of(e, &s)) return false;
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_CANONICAL);
    json_object_begin(&w);
    json_member_int(&w, "at", e->at);
    if (e->backfilled) json_member_int(&w, "backfilled", e->backfilled);
    if (e->by) json_member_string(&w, "by", e->by);
    if (s.chain) member_hex(&w, "chain", e->chain, ENTRY_HASH_SIZE);
    if (s.date) json_member_string(&w, "date", e->date);
    if (s.from) json_member_int(&w, "from", e->from);
    if (s.key) json_member_string(&w, "key", e->key);
    if (s.leaves) {
        json_key(&w, "leaves");
        json_array_begin(&w);
        for (size_t i = 0; i < e->nleaves; i++) json_int(&w, e->leaves[i]);
        json_array_end(&w);
    }
    if (s.key) json_member_string(&w, "name", e->key_name);
    if (s.of) member_hex(&w, "of", e->of, ENTRY_HASH_SIZE);
    if (s.parts) member_parts(&w, e->parts, e->nparts);
    if (s.previous) member_hex(&w, "previous", e->previous, ENTRY_HASH_SIZE);
    if (s.record) json_member_int(&w, "record", e->record);
    if (s.key && e->replaces) json_member_string(&w, "replaces", e->replaces);
    if (s.rule) json_member_string(&w, "rule", e->rule);
    if (s.seq) json_member_int(&w, "seq", e->seq);
    if (s.session) json_member_int(&w, "session", e->session);
    if (s.session_type) json_member_string(&w, "session_type", e->session_type);
    if (s.people) {
        member_person(&w, "supervisee", e->supervisee_id, e->supervisee_name);
        member_person(&w, "supervisor", e->supervisor_id, e->supervisor_name);
    }
    if (s.topic) json_member_string(&w, "topic", e->topic);
    json_member_string(&w, "type", entry_type_name(e->type));
    json_member_int(&w, "v", ENTRY_FORMAT);
    if (s.version) json_member_int(&w, "version", e->version);
    json_object_end(&w);
    bool ok = json_ok(&w);
    if (ok) buf_add(out, b.data, b.len);
    buf_free(&b);
    return ok;
}

void entry_hash(const void *bytes, size_t n, uint8_t out[ENTRY_HASH_SIZE]) { crypto_hash_sha256(out, bytes, n); }

/* ---- Parts ---- */

/* A content object's writer, and its end: appended to out when whole. */
static void part_begin(JsonWriter *w, Buf *b, const char *kind)
{
    json_start(w, b, JSON_CANONICAL);
    json_object_begin(w);
    json_member_string(w, "k", kind);
}

static bool part_end(JsonWriter *w, Buf *b, Buf *out)
{
    json_object_end(w);
    bool ok = json_ok(w);
    if (ok) buf_add(out, b->data, b->len);
    buf_free(b);
    return ok;
}

/* k text topic */
bool part_item(Buf *out, const char *topic, const char *text)
{
    Buf b = {0};
    JsonWriter w;
    part_begin(&w, &b, "item");
    json_member_string(&w, "text", text);
    json_member_string(&w, "topic", topic);
    return part_end(&w, &b, out);
}

typedef struct {
    const char *prompt, *text;
} Answer;

static int by_prompt(const void *a, const void *b)
{
    return strcmp(((const Answer *)a)->prompt, ((const Answer *)b)->prompt);
}

/* analysis answers case changed checklist date decision departs departure
 * k origin prompts rationale synopsis tasks withdrawn writer written_at */
bool part_note(Buf *out, const PartNote *n)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_CANONICAL);
    json_object_begin(&w);
    json_member_string(&w, "analysis", n->analysis ? n->analysis : "");
    json_key(&w, "answers");
    json_object_begin(&w);
    Answer *a = xmalloc((n->nanswers ? n->nanswers : 1) * sizeof *a);
    for (size_t i = 0; i < n->nanswers; i++) a[i] = (Answer){n->answer_prompt[i], n->answer_text[i]};
    qsort(a, n->nanswers, sizeof *a, by_prompt);
    for (size_t i = 0; i < n->nanswers; i++) json_member_string(&w, a[i].prompt, a[i].text);
    free(a);
    json_object_end(&w);
    json_member_string(&w, "case", n->case_id);
    json_member_bool(&w, "changed", n->changed);
    json_member_string(&w, "checklist", n->checklist ? n->checklist : "");
    json_member_string(&w, "date", n->date);
    json_member_string(&w, "decision", n->decision ? n->decision : "");
    json_member_bool(&w, "departs", n->departs);
    json_member_string(&w, "departure", n->departure ? n->departure : "");
    json_member_string(&w, "k", "note");
    if (n->origin) json_member_int(&w, "origin", n->origin);
    json_member_string(&w, "prompts", n->prompts ? n->prompts : "");
    json_member_string(&w, "rationale", n->rationale ? n->rationale : "");
    json_member_string(&w, "synopsis", n->synopsis ? n->synopsis : "");
    json_member_string(&w, "tasks", n->tasks ? n->tasks : "");
    json_member_string(&w, "withdrawn", n->withdrawn ? n->withdrawn : "");
    json_member_string(&w, "writer", n->writer);
    json_member_int(&w, "written_at", n->written_at);
    return part_end(&w, &b, out);
}

/* case due k owner text */
bool part_action(Buf *out, const char *owner, const char *text, const char *due, const char *case_id)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_CANONICAL);
    json_object_begin(&w);
    if (case_id) json_member_string(&w, "case", case_id);
    json_member_string(&w, "due", due);
    json_member_string(&w, "k", "action");
    json_member_string(&w, "owner", owner);
    json_member_string(&w, "text", text);
    return part_end(&w, &b, out);
}

/* action k note status */
bool part_follow_up(Buf *out, int64_t action, const char *status, const char *note)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_CANONICAL);
    json_object_begin(&w);
    json_member_int(&w, "action", action);
    json_member_string(&w, "k", "follow-up");
    json_member_string(&w, "note", note);
    json_member_string(&w, "status", status);
    return part_end(&w, &b, out);
}

/* A part that is one text of a kind: k text */
static bool part_text(Buf *out, const char *kind, const char *text)
{
    Buf b = {0};
    JsonWriter w;
    part_begin(&w, &b, kind);
    json_member_string(&w, "text", text);
    return part_end(&w, &b, out);
}

bool part_disagreement(Buf *out, const char *text) { return part_text(out, "disagreement", text); }

bool part_reason(Buf *out, const char *text) { return part_text(out, "reason", text); }

void part_salt(const uint8_t key[32], const char *part_id, uint8_t salt[32])
{
    static const char label[] = "oversight/salt/1";
    crypto_generichash_state h;
    crypto_generichash_init(&h, key, 32, 32);
    crypto_generichash_update(&h, (const uint8_t *)label, sizeof label); /* the label and its NUL: 0x00 */
    crypto_generichash_update(&h, (const uint8_t *)part_id, strlen(part_id));
    crypto_generichash_final(&h, salt, 32);
}

void part_commitment(const uint8_t salt[32], const void *content, size_t n, uint8_t out[ENTRY_HASH_SIZE])
{
    static const char label[] = "oversight/part/1";
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const uint8_t *)label, sizeof label); /* with its NUL */
    crypto_hash_sha256_update(&h, salt, 32);
    crypto_hash_sha256_update(&h, content, n);
    crypto_hash_sha256_final(&h, out);
}
