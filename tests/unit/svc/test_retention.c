/* test_retention.c: the policy's retention periods applied
 * (svc/retention.h), on both backends: a record whose supervisee left and
 * whose cases closed expires the day after the later of its two periods,
 * not before; a record of someone still employed, and a discussion of an
 * open case, are kept; finding writes nothing (what --dry-run shows); a
 * purge blanks every text, deletes the commitment key, appends a purged
 * entry naming the record's leaves and keeps the skeleton; the record page
 * says so and refuses changes; the log's root still computes and a
 * checkpoint consistent with the one before is signed; and purging again
 * is refused. */
#include <sodium.h>

#include "svc/booking.h"
#include "svc/discussion.h"
#include "svc/record.h"
#include "svc/record_log.h"
#include "svc/retention.h"
#include "view_fixture.h"

#define ORIGIN "oversight.example.gov.uk/supervision"
#define SENTENCE "The caseload of twenty-three families is more than anyone can carry"

/* The first column of the first row of sql (a count, a text), or "". */
static void one(const char *sql, char *out, size_t size)
{
    out[0] = 0;
    if (test_db.pg) {
        PGconn *c = PQconnectdb(test_db.where);
        PGresult *r = PQexec(c, sql);
        CHECK_INT(PQresultStatus(r), PGRES_TUPLES_OK);
        if (PQntuples(r) > 0) strfmt(out, size, "%s", PQgetvalue(r, 0, 0));
        PQclear(r);
        PQfinish(c);
        return;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    CHECK_INT(sqlite3_open(test_db.where, &db), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    if (q && sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        strfmt(out, size, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static long long count(const char *sql)
{
    char v[64];
    one(sql, v, sizeof v);
    return strtoll(v, NULL, 10);
}

static void signer(NoteSigner *s)
{
    uint8_t seed[32];
    memset(seed, 9, sizeof seed);
    CHECK(note_signer_from_seed(ORIGIN, seed, s));
}

static SvcResult sign(Store *s, SvcError *e)
{
    NoteSigner k;
    signer(&k);
    LogCheckpoint cp;
    memset(e, 0, sizeof *e);
    SvcResult rc = record_log_checkpoint(s, &k, 1800000000, &cp, e);
    if (rc == SVC_OK) buf_free(&cp.note);
    return rc;
}

/* A record of supervisee (W1 or W2) on date, with SENTENCE in its workload,
 * a case discussed with answers, an action; sent and signed. */
static int64_t signed_record(const char *supervisee, const Viewer *see, const char *date, const char *case_id)
{
    SvcActor m1 = as(&v_m1), w = as(see);
    SvcError e = {0};
    BookingInput in = {.supervisee_ref = ref_of(supervisee), .date = date, .start_time = "10:00", .place = "Room 2"};
    int64_t booking = 0, record = 0;
    char warn[300];
    CHECK_INT(booking_add(st, &m1, &in, &booking, warn, sizeof warn, &e), SVC_OK);
    CHECK_INT(record_start(st, &m1, booking, &record, &e), SVC_OK);
    const char *texts[32] = {0};
    bool conf[32] = {0};
    for (size_t i = 0; i < record_ntopics; i++)
        if (strcmp(record_topics[i].id, "workload") == 0) texts[i] = SENTENCE;
    CHECK_INT(record_save(st, &m1, record, texts, conf, &e), SVC_OK);
    const char *answers[POLICY_PROMPTS_MAX] = {"Missed visits " SENTENCE};
    CaseNoteInput n = {.case_id = case_id,
                       .prompts = "three-questions",
                       .answers = answers,
                       .decision = "Visit weekly: " SENTENCE,
                       .rationale = "r"};
    CHECK_INT(record_add_case_note(st, &m1, record, &n, &e), SVC_OK);
    CHECK_INT(record_add_action(st, &m1, record, supervisee, "Book training: " SENTENCE, "2026-12-10", case_id, &e),
              SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(record_sign(st, &w, record, &e), SVC_OK);
    if (e.message[0]) fprintf(stderr, "  %s\n", e.message);
    return record;
}

static Policy *short_policy(void)
{
    /* The default policy with short periods: records a year after leaving,
     * case discussions a month after closing. */
    Buf t = {0};
    buf_add(&t, policy_default_text, policy_default_text_len);
    char *s = (char *)buf_str(&t), *r = strstr(s, "retain records 72m"), *c = strstr(s, "case-discussions 900m");
    CHECK(r && c);
    if (!r || !c) return NULL;
    memcpy(r, "retain records 12m", 18);
    memcpy(c, "case-discussions   1m", 21);
    char err[256] = "";
    Policy *p = policy_parse(t.data, t.len, "short.policy", err, sizeof err);
    if (!p) fprintf(stderr, "  %s\n", err);
    buf_free(&t);
    return p;
}

static bool has(const ExpiredList *l, bool session, int64_t ref)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->item[i].session == session && l->item[i].ref == ref) return true;
    return false;
}

static int collect_first(void *ctx, const LogLeaf *leaf)
{
    LogLeaf *out = ctx;
    if (out->type[0] || strcmp(leaf->type, "version") != 0) return 0;
    *out = *leaf;
    memset(&out->entry, 0, sizeof out->entry);
    return 0;
}

static void test_purge(Store *s)
{
    organisation(s);
    NoteSigner k;
    signer(&k);
    SvcError e = {0};
    CHECK_INT(record_log_init(st, ORIGIN, &k.verifier, 1700000000, NULL, &e), SVC_OK);
    Policy *shortp = short_policy();
    if (!shortp) return;

    int64_t r1 = signed_record("W1", &v_w1, "2026-11-20", "C1"); /* W1 will leave, C1 will close */
    int64_t r2 = signed_record("W2", &v_w2, "2026-11-20", "C3"); /* W2 stays */
    SvcActor w2 = as(&v_w2);
    CHECK_INT(discussion_informal(st, &w2, "C3", "2026-11-22", "Keep going " SENTENCE, "", &e), SVC_OK);
    fixture_import(IMPORT_STAFF, "staff.csv",
                   "id,name,role,team,supervisor,line_manager,start_date,left_date\n"
                   "W1,Wyn Worker,social-worker,Team A,M1,M1,2021-01-01,2026-11-30\n");
    fixture_import(IMPORT_CASES, "cases.csv",
                   "id,category,worker,allocated_date,closed_date\nC1,child-protection,W1,2026-01-01,2026-11-21\n");
    CHECK_INT(sign(st, &e), SVC_OK); /* a checkpoint before the purge */
    int64_t before = 0;
    CHECK_INT(record_log_size(st, &before), 0);

    /* Kept through 2027-11-30 (a year after leaving, later than a month
     * after C1 closed), expired on 2027-12-01; W2's record and the
     * discussion of C3, still open, are kept. */
    ExpiredList l = {0};
    CHECK_INT(retention_expired(st, shortp, date_from_ymd(2027, 11, 30), &l), 0);
    CHECK_INT(l.n, 0);
    retention_list_free(&l);
    CHECK_INT(retention_expired(st, shortp, date_from_ymd(2027, 12, 1), &l), 0);
    CHECK_INT(l.n, 1);
    CHECK(has(&l, false, r1));
    CHECK(!has(&l, false, r2));
    if (l.n == 1) {
        CHECK_STR(l.item[0].expired, "2027-11-30");
        CHECK_STR(l.item[0].rule, "retain records 12m after leaving");
        CHECK_STR(l.item[0].who, "W1 with M1");
    }
    /* The default policy keeps them all: 6 years after leaving. */
    ExpiredList none = {0};
    CHECK_INT(retention_expired(st, pol, date_from_ymd(2030, 1, 1), &none), 0);
    CHECK_INT(none.n, 0);
    retention_list_free(&none);
    /* Finding wrote nothing: what a dry run shows. */
    int64_t n = 0;
    CHECK_INT(record_log_size(st, &n), 0);
    CHECK_INT(n, before);
    CHECK_INT(count("SELECT count(*) FROM purges"), 0);

    /* The version leaf, to open before and after. */
    LogLeaf version = {0};
    CHECK_INT(record_log_leaves_of_record(st, r1, collect_first, &version), 0);
    CHECK_STR(version.type, "version");
    LogOpenings o;
    CHECK(record_log_openings(st, &version, &o, &e));
    record_log_openings_free(&o);
    long long leaves_of_r1 = 0;
    char q[256];
    strfmt(q, sizeof q, "SELECT count(*) FROM log_leaves WHERE record_ref = %lld", (long long)r1);
    leaves_of_r1 = count(q);
    CHECK(leaves_of_r1 >= 2);

    CHECK_INT(retention_purge(st, shortp, l.item, l.n, date_from_ymd(2027, 12, 1), 1800000100, &e), SVC_OK);
    if (e.message[0]) fprintf(stderr, "  %s\n", e.message);

    /* One purged entry, naming the record's leaves and the rule. */
    CHECK_INT(record_log_size(st, &n), 0);
    CHECK_INT(n, before + 1);
    char entry[512], want[512];
    strfmt(q, sizeof q, "SELECT entry FROM log_leaves WHERE idx = %lld", (long long)before);
    one(q, entry, sizeof entry);
    CHECK_HAS(entry, "\"type\":\"purged\"");
    strfmt(want, sizeof want, "\"record\":%lld,\"rule\":\"retain records 12m after leaving\"", (long long)r1);
    CHECK_HAS(entry, want);
    char leaves[256];
    strfmt(q, sizeof q, "SELECT count(*) FROM log_leaves WHERE record_ref = %lld AND type <> 'purged' AND idx < %lld",
           (long long)r1, (long long)before);
    CHECK_INT(count(q), leaves_of_r1);
    strfmt(leaves, sizeof leaves, "\"leaves\":[%lld,", (long long)version.idx);
    CHECK_HAS(entry, leaves);

    /* Nothing of the texts remains; the skeleton does. */
    CHECK_INT(count("SELECT count(*) FROM record_items WHERE text LIKE '%twenty-three%'"), 1);   /* W2's */
    CHECK_INT(count("SELECT count(*) FROM case_notes WHERE decision LIKE '%twenty-three%'"), 2); /* W2's, C3's */
    CHECK_INT(count("SELECT count(*) FROM case_note_answers WHERE text LIKE '%twenty-three%'"), 1);
    CHECK_INT(count("SELECT count(*) FROM actions WHERE text LIKE '%twenty-three%'"), 1);
    strfmt(q, sizeof q, "SELECT count(*) FROM records WHERE ref = %lld AND commit_key IS NULL", (long long)r1);
    CHECK_INT(count(q), 1);
    strfmt(q, sizeof q, "SELECT count(*) FROM records WHERE ref = %lld AND commit_key IS NULL", (long long)r2);
    CHECK_INT(count(q), 0);
    strfmt(q, sizeof q, "SELECT count(*) FROM case_notes WHERE record_ref = %lld", (long long)r1);
    CHECK_INT(count(q), 1); /* that the case was discussed stays */
    strfmt(q, sizeof q, "SELECT rule FROM purges WHERE record_ref = %lld", (long long)r1);
    one(q, entry, sizeof entry);
    CHECK_STR(entry, "retain records 12m after leaving");
    /* The texts can no longer be opened against the log: the key is gone,
     * and the entry stands with nothing to open. */
    CHECK(record_log_openings(st, &version, &o, &e));
    CHECK_INT(o.n, 0);
    record_log_openings_free(&o);

    /* The page says what happened, and nothing can change the record now. */
    SvcActor m1 = as(&v_m1);
    RecordView view;
    CHECK_INT(record_view(st, &m1, r1, 0, &view), SVC_OK);
    CHECK_STR(view.rec.purged_on, "2027-01-15");
    CHECK_STR(view.rec.purged_rule, "retain records 12m after leaving");
    CHECK(!view.may_amend);
    record_view_free(&view);
    CHECK_INT(record_view(st, &m1, r2, 0, &view), SVC_OK);
    CHECK_STR(view.rec.purged_on, "");
    record_view_free(&view);
    CHECK_INT(record_amend(st, &m1, r1, "A change", &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "deleted on 2027-01-15 under the retention policy");

    /* The log still verifies: its root computes and the next checkpoint is
     * consistent with the one signed before the purge. */
    uint8_t root[32];
    char why[200] = "";
    CHECK_INT(record_log_root(st, (uint64_t)n, root, why, sizeof why), MERKLE_OK);
    CHECK_INT(sign(st, &e), SVC_OK);
    if (e.message[0]) fprintf(stderr, "  %s\n", e.message);
    LogCheckpoint cp;
    CHECK_INT(record_log_latest(st, &cp), 1);
    CHECK_INT(cp.size, n);
    buf_free(&cp.note);

    /* Again: purged already; and it is no longer found. */
    CHECK_INT(retention_purge(st, shortp, l.item, l.n, date_from_ymd(2027, 12, 1), 1800000200, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "purged already");
    retention_list_free(&l);
    CHECK_INT(retention_expired(st, shortp, date_from_ymd(2040, 1, 1), &l), 0);
    CHECK(!has(&l, false, r1));
    CHECK(!has(&l, false, r2));
    retention_list_free(&l);
    CHECK_INT(store_scrub(st), STORE_OK);
    policy_free(shortp);
}

/* A discussion outside a record expires with its cases: once C3 closes,
 * a month later; its notes are blanked, its session's key deleted. */
static void test_discussion(Store *s)
{
    organisation(s);
    NoteSigner k;
    signer(&k);
    SvcError e = {0};
    CHECK_INT(record_log_init(st, ORIGIN, &k.verifier, 1700000000, NULL, &e), SVC_OK);
    Policy *shortp = short_policy();
    if (!shortp) return;
    SvcActor w2 = as(&v_w2);
    CHECK_INT(discussion_informal(st, &w2, "C3", "2026-11-22", "Keep going " SENTENCE, "", &e), SVC_OK);
    ExpiredList l = {0};
    CHECK_INT(retention_expired(st, shortp, date_from_ymd(2040, 1, 1), &l), 0);
    CHECK_INT(l.n, 0); /* C3 is open */
    fixture_import(IMPORT_CASES, "cases.csv",
                   "id,category,worker,allocated_date,closed_date\nC3,child-in-need,W2,2026-01-01,2026-11-23\n");
    CHECK_INT(retention_expired(st, shortp, date_from_ymd(2026, 12, 23), &l), 0);
    CHECK_INT(l.n, 0);
    CHECK_INT(retention_expired(st, shortp, date_from_ymd(2026, 12, 24), &l), 0);
    CHECK_INT(l.n, 1);
    if (l.n != 1) return;
    CHECK(l.item[0].session);
    CHECK_STR(l.item[0].rule, "retain case-discussions 1m after closing");
    CHECK_INT(retention_purge(st, shortp, l.item, l.n, date_from_ymd(2026, 12, 24), 1800000100, &e), SVC_OK);
    CHECK_INT(count("SELECT count(*) FROM case_notes WHERE decision LIKE '%twenty-three%'"), 0);
    CHECK_INT(count("SELECT count(*) FROM case_notes WHERE decision = ''"), 1);
    char q[200];
    strfmt(q, sizeof q, "SELECT count(*) FROM sessions WHERE ref = %lld AND commit_key IS NULL",
           (long long)l.item[0].ref);
    CHECK_INT(count(q), 1);
    CHECK_INT(count("SELECT count(*) FROM log_leaves WHERE type = 'purged' AND session_ref IS NOT NULL"), 1);
    PurgeInfo p;
    CHECK_INT(retention_purged(st, true, l.item[0].ref, &p), 1);
    CHECK_STR(p.as_of, "2026-12-24");
    CHECK_INT(sign(st, &e), SVC_OK);
    retention_list_free(&l);
    policy_free(shortp);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    if (!fixture_init()) return 1;
    RUN_STORES(test_purge);
    RUN_STORES(test_discussion);
    fixture_done();
    TEST_DONE();
}
