/* test_bundle.c: a person's copy (format/bundle.h) and its verifier
 * (format/bundle_check.h), on a small log built here: entries written by
 * entry_write, parts committed with their salts, the tree and its proofs
 * from an array of leaves, checkpoints signed with note_sign.
 *
 * A copy verifies and reads back to the same bytes; every single bit
 * flipped in it is refused (by the parser or by a verdict); a changed text
 * is named by its part; a log rewritten under an earlier copy is named by
 * record and since when; an amendment is reported as one.
 *
 * Run with --fixtures DIR, it writes the copies tests/cli/test_verify.sh
 * gives the binary, and nothing else. */
#include "core/merkle.h"
#include "core/note.h"
#include "format/bundle.h"
#include "format/bundle_check.h"
#include "test.h"

#define ORIGIN "oversight.example.gov.uk/supervision"
#define MAXLEAVES 16
#define T0 1790000000 /* 2026-09-21 14:13 UTC */
#define T_COPY1 1790500000
#define T_COPY2 1791000000

/* ---- A log in memory ---- */

typedef struct {
    Buf bytes[MAXLEAVES];
    uint8_t hash[MAXLEAVES][32];
    size_t n;
} Log;

static void log_free(Log *l)
{
    for (size_t i = 0; i < l->n; i++) buf_free(&l->bytes[i]);
    *l = (Log){0};
}

static size_t log_add(Log *l, const Entry *e)
{
    size_t i = l->n++;
    CHECK(entry_write(e, &l->bytes[i]));
    entry_hash(l->bytes[i].data, l->bytes[i].len, l->hash[i]);
    return i;
}

/* RFC 9162's MTH over leaves [from, from + n), from the array. */
static void mth(const Log *l, uint64_t from, uint64_t n, uint8_t out[32])
{
    if (n == 1) {
        merkle_leaf_hash(l->hash[from], 32, out);
        return;
    }
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    uint8_t a[32], b[32];
    mth(l, from, k, a);
    mth(l, from + k, n - k, b);
    merkle_node_hash(a, b, out);
}

static int subtree(void *ctx, unsigned level, uint64_t index, uint8_t out[MERKLE_HASH_SIZE])
{
    const Log *l = ctx;
    uint64_t from = index << level, n = (uint64_t)1 << level;
    if (from + n > l->n) return 1;
    mth(l, from, n, out);
    return 0;
}

static NoteSigner signer_of(int seed_byte)
{
    NoteSigner s;
    uint8_t seed[32];
    memset(seed, seed_byte, sizeof seed);
    CHECK(note_signer_from_seed(ORIGIN, seed, &s));
    return s;
}

/* The log's checkpoint at its whole size, signed. */
static void sign_checkpoint(const Log *l, const NoteSigner *s, Buf *note, Checkpoint *cp)
{
    *cp = (Checkpoint){.size = l->n};
    strfmt(cp->origin, sizeof cp->origin, "%s", ORIGIN);
    CHECK_INT(merkle_root(subtree, (void *)l, l->n, cp->root), MERKLE_OK);
    Buf text = {0};
    checkpoint_text(cp, &text);
    const NoteSigner *ss[] = {s};
    note_sign(text.data, text.len, ss, 1, note);
    buf_free(&text);
}

/* ---- Records 812 (Zofia's, with Mair) and 900 (someone else's) ---- */

static const uint8_t key812[32] = {8, 1, 2}, key900[32] = {9};

typedef struct {
    char id[ENTRY_PART_ID_MAX + 1];
    Buf content;
    uint8_t salt[32];
} Opened;

/* Each leaf's parts and their openings. */
typedef struct {
    Opened part[4];
    size_t n;
} LeafParts;

typedef struct {
    Log log;
    LeafParts parts[MAXLEAVES];
} World;

static void world_free(World *w)
{
    for (size_t i = 0; i < MAXLEAVES; i++)
        for (size_t k = 0; k < w->parts[i].n; k++) buf_free(&w->parts[i].part[k].content);
    log_free(&w->log);
    memset(w, 0, sizeof *w);
}

/* A part for the next leaf: its opening kept, its commitment into parts. */
static void part(World *w, const uint8_t key[32], const char *id, EntryPart *parts, size_t *n, bool item,
                 const char *topic, const char *text)
{
    LeafParts *lp = &w->parts[w->log.n];
    Opened *o = &lp->part[lp->n++];
    strfmt(o->id, sizeof o->id, "%s", id);
    if (item)
        CHECK(part_item(&o->content, topic, text));
    else
        CHECK(part_reason(&o->content, text));
    part_salt(key, id, o->salt);
    EntryPart *p = &parts[(*n)++];
    strfmt(p->id, sizeof p->id, "%s", id);
    part_commitment(o->salt, o->content.data, o->content.len, p->commitment);
}

static size_t add_version(World *w, int64_t record, int64_t version, int64_t at, const uint8_t *previous,
                          const char *wellbeing, const char *workload)
{
    EntryPart parts[2];
    size_t n = 0;
    const uint8_t *key = record == 812 ? key812 : key900;
    part(w, key, "item/wellbeing", parts, &n, true, "wellbeing", wellbeing);
    part(w, key, "item/workload", parts, &n, true, "workload", workload);
    Entry e = {.type = ENTRY_VERSION,
               .at = at,
               .by = "M001",
               .record = record,
               .version = version,
               .date = "2026-09-20",
               .supervisor_id = "M001",
               .supervisor_name = "Mair Jones",
               .supervisee_id = record == 812 ? "S002" : "S009",
               .supervisee_name = record == 812 ? "Zofia Kowalska" : "Siôn Pritchard",
               .previous = previous,
               .parts = parts,
               .nparts = n};
    return log_add(&w->log, &e);
}

static size_t add_signed(World *w, int64_t record, int64_t version, int64_t at, const uint8_t *of, const char *by)
{
    Entry e = {.type = ENTRY_SIGNED, .at = at, .by = by, .record = record, .version = version, .of = of};
    return log_add(&w->log, &e);
}

/* The log when Zofia saved her first copy: 6 entries. rewrite: entry 1
 * (her signature) as someone with the key would rewrite it. */
static void first_log(World *w, bool rewrite)
{
    size_t v1 = add_version(w, 812, 1, T0, NULL, "Feeling stretched but supported.", "Caseload of 14.");
    add_signed(w, 812, 1, T0 + 3600, w->log.hash[v1], rewrite ? "M001" : "S002");
    add_version(w, 900, 1, T0 + 7200, NULL, "Fine.", "Caseload of 9.");
    EntryPart parts[1];
    size_t n = 0;
    part(w, key812, "reason", parts, &n, false, NULL, "The workload figure was wrong: 12, not 14.");
    Entry am = {.type = ENTRY_AMENDED,
                .at = T0 + 86400,
                .by = "M001",
                .record = 812,
                .version = 2,
                .from = 1,
                .of = w->log.hash[v1],
                .parts = parts,
                .nparts = n};
    log_add(&w->log, &am);
    size_t v2 =
        add_version(w, 812, 2, T0 + 90000, w->log.hash[v1], "Feeling stretched but supported.", "Caseload of 12.");
    add_signed(w, 812, 2, T0 + 93600, w->log.hash[v2], "S002");
}

/* ...and two more entries later. */
static void grow(World *w)
{
    add_version(w, 900, 2, T0 + 200000, w->log.hash[2], "Better.", "Caseload of 8.");
    Entry c = {.type = ENTRY_CONFIDENTIAL, .at = T0 + 300000, .by = "S002", .record = 812, .topic = "wellbeing"};
    log_add(&w->log, &c);
}

/* Zofia's copy of the log as it is: record 812's entries, every part
 * opened (changed: the wellbeing text of version 1 as a database edited
 * since would give it), proofs from the sizes in since[]. */
static void make_copy(World *w, const NoteSigner *s, int64_t exported_at, const uint64_t *since, size_t nsince,
                      bool changed, Buf *out, Buf *note_out)
{
    Buf note = {0}, vkey = {0}, edited = {0};
    Checkpoint cp;
    sign_checkpoint(&w->log, s, &note, &cp);
    note_verifier_text(&s->verifier, &vkey);
    CHECK(part_item(&edited, "wellbeing", "Feeling fine and fully supported."));
    BundleEntry entries[MAXLEAVES];
    BundleOpening openings[MAXLEAVES][4];
    BundleConsistency cons[4];
    size_t ne = 0;
    for (size_t i = 0; i < w->log.n; i++) {
        if (!strstr(w->log.bytes[i].data, "\"record\":812")) continue;
        BundleEntry *e = &entries[ne++];
        *e = (BundleEntry){.index = (int64_t)i, .entry = w->log.bytes[i].data, .entry_len = w->log.bytes[i].len};
        memcpy(e->hash, w->log.hash[i], 32);
        CHECK_INT(merkle_inclusion_proof(subtree, &w->log, i, w->log.n, &e->proof), MERKLE_OK);
        e->opening = openings[i];
        for (size_t k = 0; k < w->parts[i].n; k++) {
            const Opened *o = &w->parts[i].part[k];
            BundleOpening *bo = &openings[i][e->nopening++];
            *bo = (BundleOpening){.content = o->content.data, .content_len = o->content.len};
            strfmt(bo->id, sizeof bo->id, "%s", o->id);
            memcpy(bo->salt, o->salt, 32);
            if (changed && i == 0 && strcmp(o->id, "item/wellbeing") == 0)
                bo->content = edited.data, bo->content_len = edited.len;
        }
    }
    for (size_t i = 0; i < nsince; i++) {
        cons[i] = (BundleConsistency){.size = since[i]};
        CHECK_INT(merkle_root(subtree, &w->log, since[i], cons[i].root), MERKLE_OK);
        CHECK_INT(merkle_consistency_proof(subtree, &w->log, since[i], w->log.n, &cons[i].proof), MERKLE_OK);
    }
    Bundle b = {.origin = ORIGIN,
                .key = buf_str(&vkey),
                .checkpoint = buf_str(&note),
                .exported_at = exported_at,
                .for_id = "S002",
                .for_name = "Zofia Kowalska",
                .entry = entries,
                .nentry = ne,
                .consistency = cons,
                .nconsistency = nsince};
    CHECK(bundle_write(&b, out));
    if (note_out) buf_add(note_out, note.data, note.len);
    buf_free(&note);
    buf_free(&vkey);
    buf_free(&edited);
}

/* ---- Checking ---- */

/* Parses and checks text with the key of signer s (NULL: the copy's own),
 * since an earlier copy (or NULL). -1: not a copy; 0: does not verify;
 * 1: verifies. */
static int verify(const Buf *text, const NoteSigner *s, const Buf *since, BundleReport *r)
{
    Bundle b, old;
    char why[300];
    *r = (BundleReport){0};
    if (!bundle_parse(text->data, text->len, &b, why, sizeof why)) return -1;
    if (since && !bundle_parse(since->data, since->len, &old, why, sizeof why)) {
        bundle_free(&b);
        return -1;
    }
    BundleCheckOptions o = {.keys = s ? &s->verifier : NULL, .nkeys = s ? 1 : 0, .since_copy = since ? &old : NULL};
    bool ok = bundle_check(&b, &o, r);
    bundle_free(&b);
    if (since) bundle_free(&old);
    return ok;
}

/* The verdicts of r whose text contains want, of kind kind. */
static const BundleVerdict *said(const BundleReport *r, BundleSaid kind, const char *want)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].kind == kind && strstr(r->v[i].text, want)) return &r->v[i];
    return NULL;
}

static void print_report(const BundleReport *r)
{
    for (size_t i = 0; i < r->n; i++) fprintf(stderr, "    [%s] %s\n", bundle_said_name(r->v[i].kind), r->v[i].text);
}

static void test_copy_verifies(void)
{
    World w = {0};
    NoteSigner s = signer_of(7);
    first_log(&w, false);
    Buf copy = {0};
    make_copy(&w, &s, T_COPY1, NULL, 0, false, &copy, NULL);

    BundleReport r;
    CHECK_INT(verify(&copy, &s, NULL, &r), 1);
    if (r.failures) print_report(&r);
    CHECK(!r.key_from_copy);
    CHECK(said(&r, BUNDLE_SAID_OK,
               "record 812, version 1: sent on 2026-09-21 14:13 UTC by Mair Jones (M001) to Zofia "
               "Kowalska (S002), as logged (log entry 0; 2 of its 2 parts"));
    CHECK(said(&r, BUNDLE_SAID_OK, "record 812, version 2: signed by S002"));
    /* The amendment: reported as one, with its reason, not as a failure. */
    const BundleVerdict *am = said(&r, BUNDLE_SAID_AMENDMENT, "record 812, version 2: an amendment, not a change");
    CHECK(am != NULL);
    if (am) {
        CHECK_HAS(am->text, "begun from version 1");
        CHECK_HAS(am->text, "The workload figure was wrong: 12, not 14.");
        CHECK_INT(am->record, 812);
        CHECK_INT(am->version, 2);
    }
    bundle_report_free(&r);

    /* Without a key: verifies, and says plainly whose key it was. */
    CHECK_INT(verify(&copy, NULL, NULL, &r), 1);
    CHECK(r.key_from_copy);
    CHECK(said(&r, BUNDLE_SAID_NOTE, "came from the copy itself"));
    bundle_report_free(&r);

    /* Another key: the checkpoint is not signed by it. */
    NoteSigner other = signer_of(8);
    CHECK_INT(verify(&copy, &other, NULL, &r), 0);
    CHECK(said(&r, BUNDLE_SAID_FAIL, "is not signed by the key you gave"));
    bundle_report_free(&r);

    /* Read back and written again: the same bytes. */
    Bundle b;
    char why[300] = "";
    CHECK(bundle_parse(copy.data, copy.len, &b, why, sizeof why));
    Buf again = {0};
    CHECK(bundle_write(&b, &again));
    CHECK_INT(again.len, copy.len);
    CHECK(again.len == copy.len && memcmp(again.data, copy.data, copy.len) == 0);
    bundle_free(&b);
    buf_free(&again);
    buf_free(&copy);
    world_free(&w);
}

/* Every bit of a copy, flipped one at a time: each one refused. */
static void test_every_bit_flip_is_refused(void)
{
    World w = {0};
    NoteSigner s = signer_of(7);
    first_log(&w, false);
    Buf copy = {0};
    make_copy(&w, &s, T_COPY1, NULL, 0, false, &copy, NULL);
    size_t accepted = 0, unparsed = 0, failed = 0;
    for (size_t i = 0; i < copy.len; i++)
        for (int bit = 0; bit < 8; bit++) {
            copy.data[i] ^= (char)(1 << bit);
            BundleReport r;
            int got = verify(&copy, &s, NULL, &r);
            if (got == 1 && accepted++ < 5)
                fprintf(stderr, "  accepted: byte %zu bit %d: ...%.40s...\n", i, bit,
                        copy.data + (i > 20 ? i - 20 : 0));
            unparsed += got == -1, failed += got == 0;
            bundle_report_free(&r);
            copy.data[i] ^= (char)(1 << bit);
        }
    CHECK_INT(accepted, 0);
    CHECK_INT(unparsed + failed, copy.len * 8);
    CHECK(failed > 0); /* some flips parse, and only the verdicts find them */
    buf_free(&copy);
    world_free(&w);
}

/* The same flips, the digest made right again after each, as someone
 * would who edits a copy on purpose: every flip outside what only the
 * digest covers (exported_at, for, and the key, which --key overrides) is
 * still refused, by the signature, the hashes and the proofs. */
static void test_every_bit_flip_is_found_without_the_digest(void)
{
    World w = {0};
    NoteSigner s = signer_of(7);
    first_log(&w, false);
    Buf copy = {0}, want = {0};
    uint64_t since[] = {3};
    make_copy(&w, &s, T_COPY1, since, 1, false, &copy, NULL);
    Bundle orig;
    char why[300];
    CHECK(bundle_parse(copy.data, copy.len, &orig, why, sizeof why));
    CHECK(bundle_write(&orig, &want));
    size_t accepted = 0, redigested = 0;
    for (size_t i = 0; i < copy.len; i++)
        for (int bit = 0; bit < 8; bit++) {
            copy.data[i] ^= (char)(1 << bit);
            Bundle b;
            if (bundle_parse(copy.data, copy.len, &b, why, sizeof why)) {
                /* A flip only in what the digest alone covers is not this test's. */
                Bundle same = b;
                same.exported_at = orig.exported_at, same.for_id = orig.for_id, same.for_name = orig.for_name;
                same.key = orig.key;
                Buf got = {0};
                bool unsigned_only =
                    bundle_write(&same, &got) && got.len == want.len && memcmp(got.data, want.data, got.len) == 0;
                buf_free(&got);
                if (!unsigned_only && bundle_digest(&b, b.digest)) {
                    redigested++;
                    BundleCheckOptions o = {.keys = &s.verifier, .nkeys = 1};
                    BundleReport r;
                    if (bundle_check(&b, &o, &r) && accepted++ < 5)
                        fprintf(stderr, "  accepted: byte %zu bit %d: ...%.40s...\n", i, bit,
                                copy.data + (i > 20 ? i - 20 : 0));
                    bundle_report_free(&r);
                }
                bundle_free(&b);
            }
            copy.data[i] ^= (char)(1 << bit);
        }
    CHECK_INT(accepted, 0);
    CHECK(redigested > 100);
    bundle_free(&orig);
    buf_free(&copy);
    buf_free(&want);
    world_free(&w);
}

/* A text changed in the database since it was logged: named by its part. */
static void test_changed_text_is_named(void)
{
    World w = {0};
    NoteSigner s = signer_of(7);
    first_log(&w, false);
    Buf copy = {0};
    make_copy(&w, &s, T_COPY1, NULL, 0, true, &copy, NULL);
    BundleReport r;
    CHECK_INT(verify(&copy, &s, NULL, &r), 0);
    const BundleVerdict *v =
        said(&r, BUNDLE_SAID_FAIL,
             "record 812, version 1: the text of item 'wellbeing' is not what was logged when version 1 was sent on "
             "2026-09-21");
    CHECK(v != NULL);
    if (v) {
        CHECK_STR(v->part, "item/wellbeing");
        CHECK_INT(v->record, 812);
        CHECK_INT(v->version, 1);
        CHECK_INT(v->index, 0);
    }
    CHECK_INT(r.failures, 1);
    bundle_report_free(&r);
    buf_free(&copy);
    world_free(&w);
}

/* The acceptance: a copy saved, then the text changed in the database and
 * a newer copy made: verify --since the first says since when. */
static void test_changed_since_an_earlier_copy(void)
{
    World w = {0};
    NoteSigner s = signer_of(7);
    first_log(&w, false);
    Buf copy1 = {0}, copy2 = {0}, fine2 = {0};
    make_copy(&w, &s, T_COPY1, NULL, 0, false, &copy1, NULL);
    grow(&w);
    uint64_t since[] = {6};
    make_copy(&w, &s, T_COPY2, since, 1, true, &copy2, NULL);
    make_copy(&w, &s, T_COPY2, since, 1, false, &fine2, NULL);

    BundleReport r;
    CHECK_INT(verify(&fine2, &s, &copy1, &r), 1);
    if (r.failures) print_report(&r);
    CHECK(said(&r, BUNDLE_SAID_OK, "The log only grew since your copy of 2026-09-27"));
    bundle_report_free(&r);

    CHECK_INT(verify(&copy2, &s, &copy1, &r), 0);
    char t[32], want[200];
    strfmt(want, sizeof want,
           "record 812, version 1: the text of item 'wellbeing' is not what was logged when version 1 was sent on "
           "2026-09-21: changed since your copy of %s, which holds it as logged",
           bundle_time_words(T_COPY1, t, sizeof t));
    CHECK(said(&r, BUNDLE_SAID_FAIL, want));
    if (!said(&r, BUNDLE_SAID_FAIL, want)) print_report(&r);
    bundle_report_free(&r);

    /* Given the other way round: said so. */
    CHECK_INT(verify(&copy1, &s, &fine2, &r), 0);
    CHECK(said(&r, BUNDLE_SAID_FAIL, "is older than your copy of"));
    bundle_report_free(&r);
    buf_free(&copy1);
    buf_free(&copy2);
    buf_free(&fine2);
    world_free(&w);
}

/* Someone with the key rewrites an entry and signs the log again: the new
 * copy verifies on its own, but not against the earlier copy. */
static void test_rewritten_log_since_an_earlier_copy(void)
{
    World w = {0}, w2 = {0};
    NoteSigner s = signer_of(7);
    first_log(&w, false);
    first_log(&w2, true);
    grow(&w2);
    Buf copy1 = {0}, copy2 = {0};
    make_copy(&w, &s, T_COPY1, NULL, 0, false, &copy1, NULL);
    make_copy(&w2, &s, T_COPY2, NULL, 0, false, &copy2, NULL);

    BundleReport r;
    CHECK_INT(verify(&copy2, &s, NULL, &r), 1);
    bundle_report_free(&r);
    CHECK_INT(verify(&copy2, &s, &copy1, &r), 0);
    char t[32], want[200];
    strfmt(want, sizeof want, "The log's entry 1 (record 812 version 1) was rewritten since your copy of %s",
           bundle_time_words(T_COPY1, t, sizeof t));
    CHECK(said(&r, BUNDLE_SAID_FAIL, want));
    CHECK(said(&r, BUNDLE_SAID_FAIL, "This copy has no proof from the log of 6 entries"));
    const BundleVerdict *v = said(&r, BUNDLE_SAID_FAIL, want);
    if (v)
        CHECK_INT(v->record, 812);
    else
        print_report(&r);
    bundle_report_free(&r);
    buf_free(&copy1);
    buf_free(&copy2);
    world_free(&w);
    world_free(&w2);
}

/* An entry whose hash and proof are right but whose bytes are not
 * canonical, or missing: said so. */
static void test_entry_forms(void)
{
    World w = {0};
    NoteSigner s = signer_of(7);
    /* Entry 0 with a space in it, logged as such (a log that took it). */
    Log *l = &w.log;
    buf_adds(&l->bytes[0], "{\"at\": 1790000000,\"record\":812,\"topic\":\"x\",\"type\":\"confidential\",\"v\":1}");
    entry_hash(l->bytes[0].data, l->bytes[0].len, l->hash[0]);
    l->n = 1;
    Buf note = {0}, vkey = {0}, out = {0};
    Checkpoint cp;
    sign_checkpoint(l, &s, &note, &cp);
    note_verifier_text(&s.verifier, &vkey);
    BundleEntry e = {.index = 0, .entry = l->bytes[0].data, .entry_len = l->bytes[0].len};
    memcpy(e.hash, l->hash[0], 32);
    Bundle b = {.origin = ORIGIN,
                .key = buf_str(&vkey),
                .checkpoint = buf_str(&note),
                .exported_at = T_COPY1,
                .for_id = "S002",
                .for_name = "Zofia Kowalska",
                .entry = &e,
                .nentry = 1};
    CHECK(bundle_write(&b, &out));
    BundleReport r;
    CHECK_INT(verify(&out, &s, NULL, &r), 0);
    CHECK(said(&r, BUNDLE_SAID_FAIL, "record 812: log entry 0 is not a format-1 entry: it is not in format 1's"));
    bundle_report_free(&r);

    /* Kept as its hash only: a note, not a failure. */
    e.entry = NULL;
    buf_clear(&out);
    CHECK(bundle_write(&b, &out));
    CHECK_INT(verify(&out, &s, NULL, &r), 1);
    CHECK(said(&r, BUNDLE_SAID_NOTE, "log entry 0 was logged before entries were kept"));
    bundle_report_free(&r);
    buf_free(&note);
    buf_free(&vkey);
    buf_free(&out);
    world_free(&w);
}

/* Refused by the parser, naming the field and the entry. */
static void test_parse_errors(void)
{
    World w = {0};
    NoteSigner s = signer_of(7);
    first_log(&w, false);
    Buf copy = {0};
    make_copy(&w, &s, T_COPY1, NULL, 0, false, &copy, NULL);
    static const struct {
        const char *from, *to, *why;
    } cases[] = {
        {"\"index\": 1,", "\"index\": 1, \"extra\": 1,", "entries[1] (index 1): the entry has the key \"extra\""},
        {"\"index\": 3,", "\"index\": -3,", "entries[2]: \"index\" is -3"},
        {"\"format\": \"oversight-copy/1\"", "\"format\": \"oversight-copy/2\"", "a copy made by another version"},
        {"\"id\": \"S002\"", "\"id\": 2", "\"for\": \"id\" is not a string"},
        {"\"digest\": \"", "\"digest\": \"A", "\"digest\" is not 64 lower-case hexadecimal digits"},
        {"\"id\": \"reason\", \"salt\": \"", "\"id\": \"reason\", \"salt\": \"0",
         "entries[2] (index 3): the opening of \"reason\": \"salt\" is not 64"},
        {"\"index\": 4,", "\"index\": 3,", "not in increasing index order"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *at = strstr(copy.data, cases[i].from);
        CHECK(at != NULL);
        if (!at) continue;
        Buf bad = {0};
        buf_add(&bad, copy.data, (size_t)(at - copy.data));
        buf_adds(&bad, cases[i].to);
        buf_adds(&bad, at + strlen(cases[i].from));
        Bundle b;
        char why[300] = "";
        CHECK(!bundle_parse(bad.data, bad.len, &b, why, sizeof why));
        CHECK_HAS(why, cases[i].why);
        buf_free(&bad);
    }
    Bundle b;
    char why[300] = "";
    CHECK(!bundle_parse("{\"a\":", 5, &b, why, sizeof why));
    CHECK_HAS(why, "not JSON at line 1");
    buf_free(&copy);
    world_free(&w);
}

/* --fixtures DIR: the copies tests/cli/test_verify.sh checks. */
static int write_file(const char *dir, const char *name, const Buf *b)
{
    char path[4096];
    strfmt(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        return 1;
    }
    return 0;
}

static int fixtures(const char *dir)
{
    World w = {0}, w2 = {0};
    NoteSigner s = signer_of(7), other = signer_of(8);
    Buf copy1 = {0}, note1 = {0}, copy2 = {0}, changed2 = {0}, rewritten = {0}, key = {0}, okey = {0};
    first_log(&w, false);
    make_copy(&w, &s, T_COPY1, NULL, 0, false, &copy1, &note1);
    grow(&w);
    uint64_t since[] = {6};
    make_copy(&w, &s, T_COPY2, since, 1, false, &copy2, NULL);
    make_copy(&w, &s, T_COPY2, since, 1, true, &changed2, NULL);
    first_log(&w2, true);
    grow(&w2);
    make_copy(&w2, &s, T_COPY2, NULL, 0, false, &rewritten, NULL);
    note_verifier_text(&s.verifier, &key);
    buf_addc(&key, '\n');
    note_verifier_text(&other.verifier, &okey);
    buf_addc(&okey, '\n');
    int rc = write_file(dir, "copy1.json", &copy1) | write_file(dir, "checkpoint1.txt", &note1) |
             write_file(dir, "copy2.json", &copy2) | write_file(dir, "changed2.json", &changed2) |
             write_file(dir, "rewritten.json", &rewritten) | write_file(dir, "key.txt", &key) |
             write_file(dir, "other-key.txt", &okey);
    Buf *all[] = {&copy1, &note1, &copy2, &changed2, &rewritten, &key, &okey};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) buf_free(all[i]);
    world_free(&w);
    world_free(&w2);
    return rc || test_checks_failed_in_fn;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--fixtures") == 0) return fixtures(argv[2]);
    RUN(test_copy_verifies);
    RUN(test_every_bit_flip_is_refused);
    RUN(test_every_bit_flip_is_found_without_the_digest);
    RUN(test_changed_text_is_named);
    RUN(test_changed_since_an_earlier_copy);
    RUN(test_rewritten_log_since_an_earlier_copy);
    RUN(test_entry_forms);
    RUN(test_parse_errors);
    TEST_DONE();
}
