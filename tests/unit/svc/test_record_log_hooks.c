/* test_record_log_hooks.c: the record services append the log's entries
 * in the change's own transaction (svc/record.c, svc/record_log.h), on
 * both backends: a record taken through send, confidential, sign, amend,
 * send, disagree and lift appends exactly those entries, in order; a
 * change refused or invalid appends nothing; the signed and amended
 * entries are the bytes docs/record-format.md defines, rebuilt here from
 * what the test knows; and a database whose log is not set up refuses a
 * change, saying which command to run, until log init has brought its
 * records in, as they would have been logged, marked backfilled. */
#include <sodium.h>

#include "format/record_entry.h"
#include "svc/booking.h"
#include "svc/discussion.h"
#include "svc/record.h"
#include "svc/record_log.h"
#include "view_fixture.h"

/* The first column of every row of sql, '\n' after each, into out. */
static void rows_of(const char *sql, char *out, size_t size)
{
    size_t len = 0;
    out[0] = 0;
    if (test_db.pg) {
        PGconn *c = PQconnectdb(test_db.where);
        PGresult *r = PQexec(c, sql);
        CHECK_INT(PQresultStatus(r), PGRES_TUPLES_OK);
        for (int i = 0; i < PQntuples(r); i++)
            len += (size_t)snprintf(out + len, size - len, "%s\n", PQgetvalue(r, i, 0));
        PQclear(r);
        PQfinish(c);
        return;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    CHECK_INT(sqlite3_open(test_db.where, &db), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    while (q && sqlite3_step(q) == SQLITE_ROW && len < size)
        len += (size_t)snprintf(out + len, size - len, "%s\n", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static char types[2048];
static const char *log_types(void)
{
    rows_of("SELECT type FROM log_leaves ORDER BY idx", types, sizeof types);
    return types;
}

static void hex_bytes(const char *hex, uint8_t out[32])
{
    size_t n = 0;
    CHECK_INT(sodium_hex2bin(out, 32, hex, 64, NULL, &n, NULL), 0);
    CHECK_INT(n, 32);
}

static int64_t book_on(const char *date)
{
    SvcActor m1 = as(&v_m1);
    SvcError e = {0};
    BookingInput in = {.supervisee_ref = ref_of("W1"), .date = date, .start_time = "10:00", .place = "Room 2"};
    int64_t ref = 0;
    char w[300];
    CHECK_INT(booking_add(st, &m1, &in, &ref, w, sizeof w, &e), SVC_OK);
    return ref;
}

static void test_record_entries(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1);
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book_on("2026-11-20"), &record, &e), SVC_OK);
    const char *texts[32] = {0};
    bool conf[32] = {0};
    for (size_t i = 0; i < record_ntopics; i++) {
        if (strcmp(record_topics[i].id, "workload") == 0) texts[i] = "Twenty cases";
        if (strcmp(record_topics[i].id, "wellbeing") == 0) texts[i] = "A private matter", conf[i] = true;
    }
    CHECK_INT(record_save(st, &m1, record, texts, conf, &e), SVC_OK);
    const char *answers[POLICY_PROMPTS_MAX] = {"Missed visits"};
    CaseNoteInput n = {.case_id = "C1",
                       .prompts = "three-questions",
                       .answers = answers,
                       .decision = "Visit weekly",
                       .rationale = "r"};
    CHECK_INT(record_add_case_note(st, &m1, record, &n, &e), SVC_OK);
    CHECK_INT(record_add_action(st, &m1, record, "W1", "Book training", "2026-12-10", "C1", &e), SVC_OK);
    CHECK_STR(log_types(), ""); /* drafts are never logged */

    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(record_sign(st, &m1, record, &e), SVC_REFUSED); /* refused: nothing logged */
    CHECK_INT(record_send(st, &m1, record, &e), SVC_CONFLICT);
    CHECK_STR(log_types(), "version\n");
    CHECK_INT(record_confidential(st, &w1, record, "wellbeing", true, &e), SVC_OK);
    CHECK_INT(record_sign(st, &w1, record, &e), SVC_OK);
    CHECK_INT(record_amend(st, &m1, record, "", &e), SVC_INVALID);
    CHECK_INT(record_amend(st, &m1, record, "Add the caseload request", &e), SVC_OK);
    for (size_t i = 0; i < record_ntopics; i++)
        texts[i] = strcmp(record_topics[i].id, "workload") == 0 ? "Eighteen" : NULL;
    CHECK_INT(record_save(st, &m1, record, texts, conf, &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(record_disagree(st, &w1, record, "", &e), SVC_INVALID);
    CHECK_INT(record_disagree(st, &w1, record, "It leaves out my request", &e), SVC_OK);
    CHECK_INT(record_lift_confidential(st, &w1, record, "wellbeing", &e), SVC_OK);
    CHECK_INT(record_lift_confidential(st, &w1, record, "wellbeing", &e), SVC_CONFLICT);
    CHECK_INT(record_lift_confidential(st, &m1, record, "wellbeing", &e), SVC_OK);
    CHECK_STR(log_types(), "version\nconfidential\nsigned\namended\nversion\ndisagreed\nlift-proposed\nlifted\n");

    /* Each entry records its record (and version where it has one). */
    char rows[512], want[512];
    rows_of("SELECT record_ref || '/' || coalesce(version, 0) FROM log_leaves ORDER BY idx", rows, sizeof rows);
    long long r = (long long)record;
    strfmt(want, sizeof want, "%lld/1\n%lld/0\n%lld/1\n%lld/2\n%lld/2\n%lld/2\n%lld/0\n%lld/0\n", r, r, r, r, r, r, r,
           r);
    CHECK_STR(rows, want);

    /* The signed entry, rebuilt: W1 signed version 1 at the actor's time,
     * of the version entry's hash. */
    char hashes[1024];
    rows_of("SELECT hash FROM log_leaves ORDER BY idx", hashes, sizeof hashes);
    uint8_t version1[32], got[32], rebuilt[32];
    hex_bytes(hashes, version1);
    hex_bytes(hashes + 2 * 65, got);
    Entry signed_e =
        {.type = ENTRY_SIGNED, .at = 1790000000, .by = "W1", .record = record, .version = 1, .of = version1};
    Buf b = {0};
    CHECK(entry_write(&signed_e, &b));
    entry_hash(b.data, b.len, rebuilt);
    CHECK(memcmp(got, rebuilt, 32) == 0);

    /* The amended entry: its reason committed under the record's key. */
    char key_hex[80], q[160];
    strfmt(q, sizeof q, "SELECT commit_key FROM records WHERE ref = %lld", r);
    rows_of(q, key_hex, sizeof key_hex);
    CHECK_INT(strlen(key_hex), 65);
    uint8_t key[32], salt[32];
    hex_bytes(key_hex, key);
    EntryPart reason = {.id = "reason"};
    buf_clear(&b);
    CHECK(part_reason(&b, "Add the caseload request"));
    part_salt(key, "reason", salt);
    part_commitment(salt, b.data, b.len, reason.commitment);
    Entry amended = {.type = ENTRY_AMENDED,
                     .at = 1790000000,
                     .by = "M1",
                     .record = record,
                     .from = 1,
                     .version = 2,
                     .of = version1,
                     .parts = &reason,
                     .nparts = 1};
    buf_clear(&b);
    CHECK(entry_write(&amended, &b));
    entry_hash(b.data, b.len, rebuilt);
    hex_bytes(hashes + 3 * 65, got);
    CHECK(memcmp(got, rebuilt, 32) == 0);
    buf_free(&b);

    /* The tree over them gives proofs as any other. */
    uint8_t root[32];
    CHECK_INT(record_log_root(st, 8, root, NULL, 0), MERKLE_OK);
    MerkleProof p;
    const uint8_t *ptr[MERKLE_PROOF_MAX];
    uint8_t leaf[32];
    merkle_leaf_hash(rebuilt, 32, leaf); /* the amended entry, index 3 */
    CHECK_INT(record_log_inclusion(st, 3, 8, &p, NULL, 0), MERKLE_OK);
    for (size_t k = 0; k < p.n; k++) ptr[k] = p.hash[k];
    CHECK_INT(merkle_verify_inclusion(3, 8, leaf, 32, ptr, NULL, p.n, root, 32), MERKLE_OK);
}

/* A database that had records before its log was kept refuses changes to
 * them until `oversight log init` has brought them in: then the log holds
 * the entries the changes would have appended, in the order they were
 * made, each marked backfilled, and changes append after them. */
static void test_backfill(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1);
    int64_t record = 0;
    const char *texts[32] = {0};
    bool conf[32] = {0};
    for (size_t i = 0; i < record_ntopics; i++)
        if (strcmp(record_topics[i].id, "wellbeing") == 0) texts[i] = "A private matter", conf[i] = true;
    m1.now = w1.now = 1790000000;
    CHECK_INT(record_start(st, &m1, book_on("2026-11-20"), &record, &e), SVC_OK);
    CHECK_INT(record_save(st, &m1, record, texts, conf, &e), SVC_OK);
#define AT(t) (m1.now = w1.now = 1790000000 + (t))
    AT(10);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    AT(20);
    CHECK_INT(record_confidential(st, &w1, record, "wellbeing", true, &e), SVC_OK);
    AT(30);
    CHECK_INT(record_sign(st, &w1, record, &e), SVC_OK);
    AT(40);
    CHECK_INT(record_amend(st, &m1, record, "Add the caseload request", &e), SVC_OK);
    AT(50);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    AT(60);
    CHECK_INT(record_disagree(st, &w1, record, "It leaves out my request", &e), SVC_OK);
    AT(70);
    CHECK_INT(record_lift_confidential(st, &w1, record, "wellbeing", &e), SVC_OK);
    AT(80);
    CHECK_INT(record_lift_confidential(st, &m1, record, "wellbeing", &e), SVC_OK);
    const char *all = "version\nconfidential\nsigned\namended\nversion\ndisagreed\nlift-proposed\nlifted\n";
    CHECK_STR(log_types(), all);
    char live[1024];
    rows_of("SELECT hash FROM log_leaves ORDER BY idx", live, sizeof live);

    /* As a database from before the log: no log at all. */
    test_db_exec("DELETE FROM log_state", "DELETE FROM log_state");
    test_db_exec("DELETE FROM log_nodes", "DELETE FROM log_nodes");
    test_db_exec("DELETE FROM log_leaves", "DELETE FROM log_leaves");
    AT(90);
    CHECK_INT(record_amend(st, &m1, record, "Again", &e), SVC_FAILED);
    CHECK_HAS(e.message, "run `oversight log init --origin NAME`");
    Record r;
    CHECK_INT(record_get(st, &v_m1, record, 0, &r), SVC_OK);
    CHECK_INT(r.version, 2); /* nothing was changed */
    record_free(&r);
    CHECK_STR(log_types(), "");

    NoteSigner k;
    uint8_t seed[32] = {3};
    CHECK(note_signer_from_seed("o.example/log", seed, &k));
    int64_t brought = -1;
    CHECK_INT(record_log_init(st, "o.example/log", &k.verifier, 1800000000, &brought, &e), SVC_OK);
    CHECK_INT(brought, 8);
    CHECK_STR(log_types(), all);
    char hashes[1024];
    rows_of("SELECT hash FROM log_leaves ORDER BY idx", hashes, sizeof hashes);
    CHECK(strcmp(hashes, live) != 0); /* marked as backfilled */

    /* The signed entry: as it was made, and marked backfilled. */
    uint8_t version1[32], got[32], rebuilt[32];
    hex_bytes(hashes, version1);
    hex_bytes(hashes + 2 * 65, got);
    Entry signed_e = {.type = ENTRY_SIGNED,
                      .at = 1790000030,
                      .backfilled = 1800000000,
                      .by = "W1",
                      .record = record,
                      .version = 1,
                      .of = version1};
    Buf b = {0};
    CHECK(entry_write(&signed_e, &b));
    entry_hash(b.data, b.len, rebuilt);
    buf_free(&b);
    CHECK(memcmp(got, rebuilt, 32) == 0);

    /* Changes go on, logged after them. */
    CHECK_INT(record_amend(st, &m1, record, "Again", &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    char more[512];
    strfmt(more, sizeof more, "%samended\nversion\n", all);
    CHECK_STR(log_types(), more);
    LogCheckpoint cp;
    CHECK_INT(record_log_checkpoint(st, &k, 1800000100, &cp, &e), SVC_OK);
    CHECK_INT(cp.size, 10);
    buf_free(&cp.note);
}

/* Case notes outside a record: one discussion entry per session, naming
 * it, its notes committed under the session's own key; a refused one
 * appends nothing; init brings them in too. */
static void test_discussions(Store *s)
{
    organisation(s);
    SvcError e = {0};
    SvcActor w2 = as(&v_w2), m1 = as(&v_m1);
    CHECK_INT(discussion_informal(st, &w2, "C3", "2026-11-22", "", "", &e), SVC_INVALID);
    CHECK_STR(log_types(), "");
    CHECK_INT(discussion_informal(st, &w2, "C3", "2026-11-22", "Keep going", "", &e), SVC_OK);
    const char *att[] = {"W1", "W2"};
    GroupCase cases[] = {{"C1", "Review the plan"}, {"C3", "Close in January"}};
    m1.now += 10;
    CHECK_INT(group_session(st, &m1, "2026-11-21", att, 2, cases, 2, &e), SVC_OK);
    CHECK_STR(log_types(), "discussion\ndiscussion\n");
    char rows[256];
    rows_of("SELECT s.type FROM log_leaves l JOIN sessions s ON s.ref = l.session_ref ORDER BY l.idx", rows,
            sizeof rows);
    CHECK_STR(rows, "informal\ngroup\n");
    rows_of("SELECT count(*) FROM sessions WHERE commit_key IS NOT NULL", rows, sizeof rows);
    CHECK_STR(rows, "2\n");

    /* The informal one, rebuilt: its one note committed under the session's key. */
    char key_hex[80], ref[32], written[32], hashes[256];
    rows_of("SELECT commit_key FROM sessions s JOIN log_leaves l ON l.session_ref = s.ref WHERE l.idx = 0", key_hex,
            sizeof key_hex);
    rows_of("SELECT n.ref FROM case_notes n JOIN log_leaves l ON l.session_ref = n.session_ref WHERE l.idx = 0", ref,
            sizeof ref);
    rows_of("SELECT hash FROM log_leaves ORDER BY idx", hashes, sizeof hashes);
    uint8_t key[32], salt[32], got[32], rebuilt[32];
    hex_bytes(key_hex, key);
    long long note = strtoll(ref, NULL, 10);
    PartNote pn = {.case_id = "C3",
                   .date = "2026-11-22",
                   .writer = "W2",
                   .written_at = 1790000000,
                   .changed = true,
                   .decision = "Keep going"};
    Buf b = {0};
    CHECK(part_note(&b, &pn));
    EntryPart part;
    strfmt(part.id, sizeof part.id, "note/%lld", note);
    part_salt(key, part.id, salt);
    part_commitment(salt, b.data, b.len, part.commitment);
    rows_of("SELECT session_ref FROM log_leaves WHERE idx = 0", written, sizeof written);
    Entry d = {.type = ENTRY_DISCUSSION,
               .at = 1790000000,
               .by = "W2",
               .session = strtoll(written, NULL, 10),
               .date = "2026-11-22",
               .session_type = "informal",
               .parts = &part,
               .nparts = 1};
    buf_clear(&b);
    CHECK(entry_write(&d, &b));
    entry_hash(b.data, b.len, rebuilt);
    buf_free(&b);
    hex_bytes(hashes, got);
    CHECK(memcmp(got, rebuilt, 32) == 0);

    /* Brought in by init on a database from before the log. */
    test_db_exec("DELETE FROM log_state", "DELETE FROM log_state");
    test_db_exec("DELETE FROM log_nodes", "DELETE FROM log_nodes");
    test_db_exec("DELETE FROM log_leaves", "DELETE FROM log_leaves");
    NoteSigner k;
    uint8_t seed[32] = {4};
    CHECK(note_signer_from_seed("o.example/log", seed, &k));
    int64_t brought = 0;
    CHECK_INT(record_log_init(st, "o.example/log", &k.verifier, 1800000000, &brought, &e), SVC_OK);
    CHECK_INT(brought, 2);
    CHECK_STR(log_types(), "discussion\ndiscussion\n");
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_record_entries);
    RUN_STORES(test_backfill);
    RUN_STORES(test_discussions);
    fixture_done();
    TEST_DONE();
}
