/* test_trail.c: the read trail (svc/trail.h). The row hash is the
 * documented serialisation (an answer worked out apart from the program,
 * with Python's hashlib); rows appended at once and through the queued
 * writer, from several threads and beside a writer of their own, make one
 * dense chain; the queue refuses a read when full or when the trail cannot
 * be written, and takes them again once it can; a row deleted, changed or
 * moved is named by trail_verify; and who read a person's records. Both
 * backends. */
#include <pthread.h>

#include "svc/trail.h"
#include "test.h"

static void read_of(TrailRead *r, int i)
{
    char detail[32];
    strfmt(detail, sizeof detail, "read %d", i);
    trail_read_set(r, 1700000000 + i, "worker", i % 3, "supervisee", "192.0.2.1", "record", 40 + i, detail);
}

static void test_row_hash(void)
{
    TrailRow row = {.seq = 1};
    trail_read_set(&row.read, 1700000000, "worker", 7, "supervisee", "192.0.2.1", "record", 42,
                   "version 2 \xc2\xb7 \xc5\x81\xc3\xb3\x64\xc5\xba");
    memcpy(row.prev, trail_genesis, TRAIL_HASH_HEX);
    char hex[TRAIL_HASH_HEX];
    trail_row_hash(&row, hex);
    CHECK_STR(hex, "503ac2c4c269913560d978599f9b3a0b13e1a59580926b08754b5742b18e62b4");
    row.read.staff_ref = 0; /* none: the empty string */
    trail_row_hash(&row, hex);
    CHECK_STR(hex, "014e94a0c4f5877e1b2e83fa0297d0e9c38b7190dc8517c407f6f85c692641d2");
}

/* A text too long is cut before a character that does not fit whole. */
static void test_cut(void)
{
    char detail[TRAIL_DETAIL_MAX + 8];
    memset(detail, 'a', sizeof detail - 1);
    detail[sizeof detail - 1] = 0;
    memcpy(detail + TRAIL_DETAIL_MAX - 1, "\xc5\x81", 2); /* a two-byte character astride the end */
    TrailRead r;
    trail_read_set(&r, 1, NULL, 0, "worker", "::1", "search", 0, detail);
    CHECK_INT(strlen(r.detail), TRAIL_DETAIL_MAX - 1);
    CHECK_STR(r.account, "");
}

static int64_t rows_in(Store *st)
{
    TrailCheck c;
    CHECK_INT(trail_verify(st, NULL, NULL, &c), 1);
    if (c.broken_seq) fprintf(stderr, "  broken at %lld: %s\n", (long long)c.broken_seq, c.why);
    CHECK_INT(c.head_seq, c.rows);
    return c.rows;
}

static void test_chain(Store *st)
{
    TrailCheck c;
    CHECK_INT(trail_verify(st, NULL, NULL, &c), 1);
    CHECK_INT(c.rows, 0);
    CHECK_STR(c.head_hash, trail_genesis);
    TrailRead r[5];
    for (int i = 0; i < 5; i++) read_of(&r[i], i);
    CHECK_INT(trail_append(st, r, 3), STORE_OK);
    CHECK_INT(trail_append(st, r + 3, 2), STORE_OK);
    CHECK_INT(trail_append(st, r, 0), STORE_OK);
    CHECK_INT(rows_in(st), 5);
    /* The head is the last row's hash, as trail_row_hash makes it from the rows before. */
    TrailRow row = {0};
    memcpy(row.prev, trail_genesis, TRAIL_HASH_HEX);
    for (int i = 0; i < 5; i++) {
        row.seq = i + 1;
        row.read = r[i];
        trail_row_hash(&row, row.hash);
        memcpy(row.prev, row.hash, TRAIL_HASH_HEX);
    }
    CHECK_INT(trail_verify(st, NULL, NULL, &c), 1);
    CHECK_STR(c.head_hash, row.hash);
}

/* n reads noted from one thread. */
typedef struct {
    Trail *t;
    int from, n, refused;
} Noter;

static void *noter(void *arg)
{
    Noter *w = arg;
    for (int i = 0; i < w->n; i++) {
        TrailRead r;
        read_of(&r, w->from + i);
        if (!trail_note(w->t, &r)) w->refused++;
    }
    return NULL;
}

static void test_writer(Store *st)
{
    char err[256] = "";
    TrailConfig cfg = {.capacity = 4096, .batch = 7, .interval_ms = 2};
    Trail *t = trail_start(test_db.where, &cfg, err, sizeof err);
    CHECK(t != NULL);
    if (!t) return fprintf(stderr, "  %s\n", err), (void)0;
    enum { THREADS = 4, EACH = 200 };
    pthread_t th[THREADS];
    Noter w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (Noter){.t = t, .from = i * EACH, .n = EACH};
        pthread_create(&th[i], NULL, noter, &w[i]);
    }
    /* Meanwhile, the command line appends its own, on its own connection. */
    TrailRead cli[3];
    for (int i = 0; i < 3; i++) read_of(&cli[i], 9000 + i);
    for (int i = 0; i < 3; i++) CHECK_INT(trail_append(st, &cli[i], 1), STORE_OK);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        CHECK_INT(w[i].refused, 0);
    }
    CHECK(trail_flush(t));
    CHECK_INT(rows_in(st), THREADS * EACH + 3);
    TrailRead last;
    read_of(&last, 5000);
    CHECK(trail_note(t, &last));
    CHECK_INT(trail_stop(t), 0); /* the stop writes what is queued */
    CHECK_INT(rows_in(st), THREADS * EACH + 4);
}

static void test_full(Store *st)
{
    char err[256] = "";
    /* Never a batch of 512 waiting, and an hour between writes: only a flush writes. */
    TrailConfig cfg = {.capacity = 2, .batch = 512, .interval_ms = 3600000};
    Trail *t = trail_start(test_db.where, &cfg, err, sizeof err);
    CHECK(t != NULL);
    if (!t) return;
    TrailRead r;
    read_of(&r, 1);
    CHECK(trail_note(t, &r));
    CHECK(trail_note(t, &r));
    CHECK(!trail_note(t, &r)); /* full: refused */
    CHECK(trail_flush(t));
    CHECK_INT(rows_in(st), 2);
    CHECK(trail_note(t, &r));
    CHECK_INT(trail_stop(t), 0);
    CHECK_INT(rows_in(st), 3);
}

/* The trail refuses writes (a trigger, on a connection of its own). */
static void refuse_writes(bool on)
{
    if (on)
        test_db_exec("CREATE TRIGGER trail_refuse BEFORE INSERT ON read_trail BEGIN SELECT RAISE(ABORT, 'no'); END",
                     "CREATE FUNCTION trail_refuse() RETURNS trigger LANGUAGE plpgsql AS"
                     " $$BEGIN RAISE EXCEPTION 'no'; END$$;"
                     " CREATE TRIGGER trail_refuse BEFORE INSERT ON read_trail"
                     " FOR EACH ROW EXECUTE FUNCTION trail_refuse()");
    else
        test_db_exec("DROP TRIGGER trail_refuse",
                     "DROP TRIGGER trail_refuse ON read_trail; DROP FUNCTION trail_refuse()");
}

static void test_fail_closed(Store *st)
{
    char err[256] = "";
    TrailConfig cfg = {.capacity = 100, .batch = 512, .interval_ms = 1};
    Trail *t = trail_start(test_db.where, &cfg, err, sizeof err);
    CHECK(t != NULL);
    if (!t) return;
    TrailRead r;
    read_of(&r, 1);
    refuse_writes(true);
    CHECK(trail_note(t, &r));
    CHECK(!trail_flush(t));    /* its batch failed */
    CHECK(!trail_note(t, &r)); /* so reads are refused, not left unrecorded */
    TrailRead now;
    read_of(&now, 2);
    CHECK(trail_append(st, &now, 1) != STORE_OK); /* nor can the command line write */
    refuse_writes(false);
    CHECK(trail_flush(t)); /* the writer tried again: the read kept on the queue is written */
    CHECK(trail_note(t, &r));
    CHECK_INT(trail_stop(t), 0);
    CHECK_INT(rows_in(st), 2);
}

/* Ten rows, then the tampering, then what verify says. */
static void tampered(Store *st, const char *sqlite_sql, const char *pg_sql, int64_t broken, const char *why)
{
    TrailRead r[10];
    for (int i = 0; i < 10; i++) read_of(&r[i], i);
    CHECK_INT(trail_append(st, r, 10), STORE_OK);
    CHECK_INT(rows_in(st), 10);
    test_db_exec(sqlite_sql, pg_sql);
    TrailCheck c;
    CHECK_INT(trail_verify(st, NULL, NULL, &c), 0);
    CHECK_INT(c.broken_seq, broken);
    CHECK_INT(c.rows, broken - 1);
    CHECK_HAS(c.why, why);
}

#define BOTH(sql) sql, sql

static void test_deleted(Store *st)
{
    tampered(st, BOTH("DELETE FROM read_trail WHERE seq = 4"), 4, "row 4 is missing: row 3 is followed by row 5");
}

static void test_first_deleted(Store *st)
{
    tampered(st, BOTH("DELETE FROM read_trail WHERE seq = 1"), 1, "row 1 is missing");
}

static void test_edited(Store *st)
{
    tampered(st, BOTH("UPDATE read_trail SET account = 'someone' WHERE seq = 6"), 6, "row 6 was changed");
}

static void test_edited_address(Store *st)
{
    tampered(st, BOTH("UPDATE read_trail SET address = '198.51.100.7' WHERE seq = 10"), 10, "row 10 was changed");
}

/* Changed with its hash made again to match: the next row no longer follows it. */
static void test_rehashed(Store *st)
{
    TrailRead r[3];
    for (int i = 0; i < 3; i++) read_of(&r[i], i);
    CHECK_INT(trail_append(st, r, 3), STORE_OK);
    TrailCheck c;
    CHECK_INT(trail_verify(st, NULL, NULL, &c), 1);
    /* Row 3's prev is row 2's hash: rebuild rows 1 and 2 to know it. */
    TrailRow first = {.seq = 1, .read = r[0]}, second = {.seq = 2, .read = r[1]};
    memcpy(first.prev, trail_genesis, TRAIL_HASH_HEX);
    trail_row_hash(&first, first.hash);
    memcpy(second.prev, first.hash, TRAIL_HASH_HEX);
    strfmt(second.read.account, sizeof second.read.account, "someone");
    trail_row_hash(&second, second.hash);
    char sql[256];
    strfmt(sql, sizeof sql, "UPDATE read_trail SET account = 'someone', hash = '%s' WHERE seq = 2", second.hash);
    test_db_exec(sql, sql);
    CHECK_INT(trail_verify(st, NULL, NULL, &c), 0);
    CHECK_INT(c.broken_seq, 3);
    CHECK_HAS(c.why, "row 3 does not follow row 2");
}

static void test_reordered(Store *st)
{
    tampered(st,
             BOTH("UPDATE read_trail SET seq = 1000 WHERE seq = 7; UPDATE read_trail SET seq = 7 WHERE seq = 8;"
                  " UPDATE read_trail SET seq = 8 WHERE seq = 1000"),
             7, "row 7 does not follow row 6");
}

/* The last row removed leaves a shorter chain that holds: only the head
 * kept from before shows it (as docs/record-format.md says). */
static void test_tail_deleted(Store *st)
{
    TrailRead r[4];
    for (int i = 0; i < 4; i++) read_of(&r[i], i);
    CHECK_INT(trail_append(st, r, 4), STORE_OK);
    test_db_exec(BOTH("DELETE FROM read_trail WHERE seq = 4"));
    TrailCheck c;
    CHECK_INT(trail_verify(st, NULL, NULL, &c), 1);
    CHECK_INT(c.head_seq, 3);
    /* The head kept before the deletion shows it. */
    TrailRow row = {0};
    memcpy(row.prev, trail_genesis, TRAIL_HASH_HEX);
    for (int i = 0; i < 4; i++) {
        row.seq = i + 1;
        row.read = r[i];
        trail_row_hash(&row, row.hash);
        memcpy(row.prev, row.hash, TRAIL_HASH_HEX);
    }
    char text[100];
    strfmt(text, sizeof text, "4:%s", row.hash);
    TrailHead kept;
    CHECK(trail_head_parse(text, &kept));
    CHECK_INT(trail_verify(st, &kept, NULL, &c), 0);
    CHECK_INT(c.broken_seq, 4);
    CHECK_HAS(c.why, "rows 4 to 4 were deleted");
    /* A head of row 3 as it is holds; another hash for it does not. */
    strfmt(text, sizeof text, "3:%s", c.head_hash);
    CHECK(trail_head_parse(text, &kept));
    CHECK_INT(trail_verify(st, &kept, NULL, &c), 1);
    kept.hash[0] = kept.hash[0] == '0' ? '1' : '0';
    CHECK_INT(trail_verify(st, &kept, NULL, &c), 0);
    CHECK_INT(c.broken_seq, 3);
    CHECK_HAS(c.why, "row 3 is not the row it was");
}

static void test_head_parse(void)
{
    TrailHead h;
    char hex[70];
    memset(hex, 'A', 64);
    hex[64] = 0;
    char text[100];
    strfmt(text, sizeof text, "12:%s", hex);
    CHECK(trail_head_parse(text, &h));
    CHECK_INT(h.seq, 12);
    CHECK_INT(h.hash[0], 'a');
    strfmt(text, sizeof text, "0:%s", hex);
    CHECK(!trail_head_parse(text, &h));
    strfmt(text, sizeof text, "x:%s", hex);
    CHECK(!trail_head_parse(text, &h));
    CHECK(!trail_head_parse("12:abc", &h));
    CHECK(!trail_head_parse("12", &h));
    hex[3] = 'g';
    strfmt(text, sizeof text, "1:%s", hex);
    CHECK(!trail_head_parse(text, &h));
}

/* Three people (refs 1 to 3) and two records of Ann's, with Bob (10) and with Cy (11). */
static void organisation(Store *st)
{
    (void)st;
#define STAFF_ROWS                                                          \
    " (1, 'S1', 'Ann Supervisor', 'social-worker', '2020-01-01', 1000000)," \
    " (2, 'S2', 'Bob Worker', 'social-worker', '2020-01-01', 1000000),"     \
    " (3, 'S3', 'Cy Auditor', 'social-worker', '2020-01-01', 1000000)"
#define BOOKING_ROWS                                                       \
    " (20, 'b20', 1, 2, '2026-01-05', '09:00', 60, 'Room', 'held', 1, 0)," \
    " (21, 'b21', 1, 3, '2026-01-06', '09:00', 60, 'Room', 'held', 1, 0)"
#define RECORD_ROWS " (10, 20, 1, 2, '2026-01-05', 1), (11, 21, 1, 3, '2026-01-06', 1)"
    test_db_exec(
        "INSERT INTO staff (ref, id, name, role, start_date, fte_ppm) VALUES" STAFF_ROWS,
        "INSERT INTO staff (ref, id, name, role, start_date, fte_ppm) OVERRIDING SYSTEM VALUE VALUES" STAFF_ROWS);
    test_db_exec("INSERT INTO bookings (ref, uid, supervisor_ref, supervisee_ref, date, start_time, minutes, place,"
                 " status, created_by_ref, created_at) VALUES" BOOKING_ROWS,
                 "INSERT INTO bookings (ref, uid, supervisor_ref, supervisee_ref, date, start_time, minutes, place,"
                 " status, created_by_ref, created_at) OVERRIDING SYSTEM VALUE VALUES" BOOKING_ROWS);
    test_db_exec(
        "INSERT INTO records (ref, booking_ref, supervisor_ref, supervisee_ref, date, latest_version) VALUES" RECORD_ROWS,
        "INSERT INTO records (ref, booking_ref, supervisor_ref, supervisee_ref, date, latest_version)"
        " OVERRIDING SYSTEM VALUE VALUES" RECORD_ROWS);
}

static void test_reads_of_person(Store *st)
{
    organisation(st);
    TrailRead r[6];
    trail_read_set(&r[0], 100, "ann", 1, "supervisor", "192.0.2.1", "record", 10, "version 1");
    trail_read_set(&r[1], 101, "bob", 2, "supervisee", "192.0.2.2", "record", 10, "version 1"); /* his own */
    trail_read_set(&r[2], 102, "cy", 3, "auditor", "192.0.2.3", "person", 2, "S2");
    trail_read_set(&r[3], 103, "cy", 3, "auditor", "192.0.2.3", "record", 11, "version 1"); /* not Bob's */
    trail_read_set(&r[4], 104, "cy", 3, "auditor", "192.0.2.3", "case", 2, "C2");           /* a case, ref 2 */
    trail_read_set(&r[5], 105, "admin", 0, "admin", "192.0.2.4", "record", 10, "version 1");
    CHECK_INT(trail_append(st, r, 6), STORE_OK);
    TrailEntry *e = NULL;
    size_t n = 0;
    CHECK_INT(trail_reads_of_person(st, 2, 50, &e, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(e[0].seq, 6);
        CHECK_STR(e[0].account, "admin");
        CHECK_STR(e[0].reader_name, "");
        CHECK_INT(e[1].seq, 3);
        CHECK_STR(e[1].kind, "person");
        CHECK_STR(e[1].reader_name, "Cy Auditor");
        CHECK_STR(e[1].reader_id, "S3");
        CHECK_INT(e[2].seq, 1);
        CHECK_STR(e[2].role, "supervisor");
        CHECK_STR(e[2].address, "192.0.2.1");
    }
    free(e);
    CHECK_INT(trail_reads_of_person(st, 2, 1, &e, &n), STORE_OK);
    CHECK_INT(n, 1);
    free(e);
}

static void test_role(void)
{
    Viewer v = {0};
    CHECK_STR(trail_role(&v, NULL), "worker");
    CHECK_STR(trail_role(&v, "supervisee"), "supervisee");
    v.manages = true;
    CHECK_STR(trail_role(&v, ""), "manager");
    v.nservices = 1;
    CHECK_STR(trail_role(&v, NULL), "senior manager");
    v.auditor = true;
    CHECK_STR(trail_role(&v, NULL), "auditor");
    CHECK_STR(trail_role(&(Viewer){.admin = true}, NULL), "admin");
}

int main(void)
{
    RUN(test_row_hash);
    RUN(test_cut);
    RUN(test_role);
    RUN(test_head_parse);
    RUN_STORES(test_chain);
    RUN_STORES(test_writer);
    RUN_STORES(test_full);
    RUN_STORES(test_fail_closed);
    RUN_STORES(test_deleted);
    RUN_STORES(test_first_deleted);
    RUN_STORES(test_edited);
    RUN_STORES(test_edited_address);
    RUN_STORES(test_rehashed);
    RUN_STORES(test_reordered);
    RUN_STORES(test_tail_deleted);
    RUN_STORES(test_reads_of_person);
    TEST_DONE();
}
