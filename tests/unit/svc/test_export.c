/* test_export.c: a person's supervision file (svc/export.h), on both
 * backends: it holds the entries of their own records only, none of a
 * draft, and not another pair's confidential item; every opening gives its
 * entry's commitment; every inclusion proof leads to the checkpoint's
 * root, whose signature the file's key opens; the person themself or an
 * administrator may have it, nobody else; without a signer a checkpoint
 * that does not cover the file is refused, saying what to do, and with
 * one a new checkpoint is signed, with a consistency proof from the
 * earlier one. */
#include "core/merkle.h"
#include "core/note.h"
#include "svc/booking.h"
#include "svc/export.h"
#include "svc/record.h"
#include "svc/record_log.h"
#include "view_fixture.h"

#define ORIGIN "o.example/log"

static NoteSigner signer;

static int64_t book(const char *who, const char *date)
{
    SvcActor m1 = as(&v_m1);
    SvcError e = {0};
    BookingInput in = {.supervisee_ref = ref_of(who), .date = date, .start_time = "10:00", .place = "Room 2"};
    int64_t ref = 0;
    char w[300];
    CHECK_INT(booking_add(st, &m1, &in, &ref, w, sizeof w, &e), SVC_OK);
    return ref;
}

/* A record of M1 with who, its wellbeing item confidential between them
 * (text), sent and, when answered, marked confidential and signed. */
static int64_t record_of(const char *who, const Viewer *v, const char *date, const char *text, bool send)
{
    SvcError e = {0};
    SvcActor m1 = as(&v_m1), see = as(v);
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book(who, date), &record, &e), SVC_OK);
    const char *texts[32] = {0};
    bool conf[32] = {0};
    for (size_t i = 0; i < record_ntopics; i++) {
        if (strcmp(record_topics[i].id, "workload") == 0) texts[i] = "Twenty cases";
        if (strcmp(record_topics[i].id, "wellbeing") == 0) texts[i] = text, conf[i] = true;
    }
    CHECK_INT(record_save(st, &m1, record, texts, conf, &e), SVC_OK);
    if (!send) return record;
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(record_confidential(st, &see, record, "wellbeing", true, &e), SVC_OK);
    CHECK_INT(record_sign(st, &see, record, &e), SVC_OK);
    return record;
}

static bool entry_of_record(const BundleEntry *e, int64_t record)
{
    char want[40];
    strfmt(want, sizeof want, "\"record\":%lld,", (long long)record);
    return e->entry && strstr(e->entry, want) != NULL;
}

/* The commitment of part id in the entry's canonical bytes (where parts
 * is the only object whose keys hold a '/'). */
static bool commitment_in(const BundleEntry *e, const char *id, uint8_t out[32])
{
    char key[80];
    strfmt(key, sizeof key, "\"%s\":\"", id);
    const char *at = strstr(e->entry, key);
    bool ok = at && strlen(at + strlen(key)) > 64;
    for (size_t i = 0; ok && i < 32; i++) {
        unsigned x;
        ok = sscanf(at + strlen(key) + 2 * i, "%2x", &x) == 1;
        out[i] = (uint8_t)x;
    }
    return ok;
}

/* Everything in the file checks, as `oversight verify` would. */
static void check_file(const ExportFile *f)
{
    const Bundle *b = &f->bundle;
    NoteVerifier key;
    char why[256] = "";
    CHECK(note_verifier_parse(b->key, &key, why, sizeof why));
    size_t text_len = 0;
    CHECK_INT(note_open(f->checkpoint.data, f->checkpoint.len, &key, 1, &text_len, NULL, why, sizeof why), NOTE_OK);
    Checkpoint cp;
    CHECK(checkpoint_parse(f->checkpoint.data, text_len, &cp, why, sizeof why));
    CHECK_STR(cp.origin, ORIGIN);
    for (size_t i = 0; i < b->nentry; i++) {
        const BundleEntry *e = &b->entry[i];
        if (i) CHECK(e->index > b->entry[i - 1].index);
        CHECK((uint64_t)e->index < cp.size); /* the checkpoint covers every leaf */
        uint8_t h[32], leaf[32];
        entry_hash(e->entry, e->entry_len, h);
        CHECK(memcmp(h, e->hash, 32) == 0);
        merkle_leaf_hash(e->hash, 32, leaf);
        const uint8_t *ptr[MERKLE_PROOF_MAX];
        for (size_t k = 0; k < e->proof.n; k++) ptr[k] = e->proof.hash[k];
        CHECK_INT(merkle_verify_inclusion((uint64_t)e->index, cp.size, leaf, 32, ptr, NULL, e->proof.n, cp.root, 32),
                  MERKLE_OK);
        for (size_t k = 0; k < e->nopening; k++) {
            uint8_t want[32], got[32];
            CHECK(commitment_in(e, e->opening[k].id, want));
            part_commitment(e->opening[k].salt, e->opening[k].content, e->opening[k].content_len, got);
            CHECK(memcmp(want, got, 32) == 0);
        }
    }
}

static bool file_has(const ExportFile *f, const char *text)
{
    Buf j = {0};
    CHECK(bundle_write(&f->bundle, &j));
    bool has = strstr(buf_str(&j), text) != NULL;
    buf_free(&j);
    return has;
}

static void test_person_file(Store *s)
{
    organisation(s);
    uint8_t seed[32] = {9};
    CHECK(note_signer_from_seed(ORIGIN, seed, &signer));
    SvcError e = {0};
    CHECK_INT(record_log_init(st, ORIGIN, &signer.verifier, 1790000000, NULL, &e), SVC_OK);
    int64_t mine = record_of("W1", &v_w1, "2026-11-20", "My own worry", true);
    int64_t theirs = record_of("W2", &v_w2, "2026-11-20", "Their private matter", true);
    int64_t draft = record_of("W1", &v_w1, "2026-11-21", "Not sent yet", false);

    SvcActor w1 = as(&v_w1);
    ExportFile f;
    CHECK_INT(export_person(st, &w1, "W1", &signer, &f, &e), SVC_OK);
    CHECK_STR(f.bundle.for_id, "W1");
    CHECK_STR(f.bundle.for_name, "Wyn Worker");
    CHECK_INT(f.records, 1);
    CHECK_INT(f.bundle.nentry, 3); /* version, confidential, signed */
    bool item_opened = false;
    for (size_t i = 0; i < f.bundle.nentry; i++) {
        CHECK(entry_of_record(&f.bundle.entry[i], mine));
        CHECK(!entry_of_record(&f.bundle.entry[i], theirs));
        CHECK(!entry_of_record(&f.bundle.entry[i], draft));
        for (size_t k = 0; k < f.bundle.entry[i].nopening; k++)
            if (strcmp(f.bundle.entry[i].opening[k].id, "item/wellbeing") == 0) item_opened = true;
    }
    CHECK(item_opened); /* their own confidential item is theirs to read */
    CHECK(file_has(&f, "My own worry"));
    CHECK(!file_has(&f, "Their private matter"));
    CHECK(!file_has(&f, "Not sent yet"));
    CHECK(f.fresh);
    CHECK_INT(f.bundle.nconsistency, 0);
    check_file(&f);
    Buf zip = {0};
    char why[256] = "";
    CHECK(export_zip(&f, &zip, why, sizeof why));
    CHECK(zip.len > 4 && memcmp(zip.data, "PK\3\4", 4) == 0);
    buf_free(&zip);
    export_free(&f);

    /* Nobody else's: W2, and W1's supervisor, are answered as for nobody. */
    SvcActor w2 = as(&v_w2), m1 = as(&v_m1);
    CHECK_INT(export_person(st, &w2, "W1", &signer, &f, &e), SVC_NOT_FOUND);
    CHECK_INT(export_person(st, &m1, "W1", &signer, &f, &e), SVC_NOT_FOUND);
    CHECK_INT(export_person(st, &w1, "NOBODY", &signer, &f, &e), SVC_NOT_FOUND);
    /* An administrator's, for subject access: the same file. */
    Viewer admin = {.admin = true};
    SvcActor ad = as(&admin);
    CHECK_INT(export_person(st, &ad, "W2", NULL, &f, &e), SVC_OK); /* the latest checkpoint covers it */
    CHECK(!f.fresh);
    CHECK(file_has(&f, "Their private matter"));
    CHECK(!file_has(&f, "My own worry"));
    check_file(&f);
    export_free(&f);
    /* M1 is one of the two of both records. */
    CHECK_INT(export_person(st, &m1, "M1", NULL, &f, &e), SVC_OK);
    CHECK_INT(f.records, 2);
    CHECK(file_has(&f, "Their private matter") && file_has(&f, "My own worry"));
    export_free(&f);

    /* The draft sent: the log has grown past the checkpoint. Without a
     * signer, refused, saying what to do; with one, a new checkpoint and a
     * consistency proof from the first. */
    SvcActor sup = as(&v_m1);
    CHECK_INT(record_send(st, &sup, draft, &e), SVC_OK);
    memset(&e, 0, sizeof e);
    CHECK_INT(export_person(st, &w1, "W1", NULL, &f, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "oversight log checkpoint");
    CHECK_INT(export_person(st, &w1, "W1", &signer, &f, &e), SVC_OK);
    CHECK(f.fresh);
    CHECK_INT(f.records, 2);
    CHECK_INT(f.bundle.nentry, 4);
    CHECK(file_has(&f, "Not sent yet"));
    check_file(&f);
    CHECK_INT(f.bundle.nconsistency, 1);
    LogCheckpoint latest;
    CHECK_INT(record_log_latest(st, &latest), 1);
    if (f.bundle.nconsistency == 1) {
        const BundleConsistency *c = &f.bundle.consistency[0];
        CHECK(c->size < (uint64_t)latest.size);
        const uint8_t *ptr[MERKLE_PROOF_MAX];
        for (size_t k = 0; k < c->proof.n; k++) ptr[k] = c->proof.hash[k];
        CHECK_INT(merkle_verify_consistency(c->size, (uint64_t)latest.size, c->root, 32, latest.root, 32, ptr, NULL,
                                            c->proof.n),
                  MERKLE_OK);
    }
    buf_free(&latest.note);
    export_free(&f);
    note_signer_wipe(&signer);
}

/* A log not set up (no origin yet) has no file to give. */
static void test_log_not_set_up(Store *s)
{
    organisation(s);
    SvcActor w1 = as(&v_w1);
    ExportFile f;
    SvcError e = {0};
    CHECK_INT(export_person(st, &w1, "W1", NULL, &f, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "oversight log init");
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_person_file);
    RUN_STORES(test_log_not_set_up);
    fixture_done();
    TEST_DONE();
}
