/* test_record_pdf.c: the PDF record sheet of a record version
 * (svc/record_pdf.h), on both backends, read back with pdftotext: a record
 * between people named in Welsh and Arabic, written in Polish, Welsh and
 * Chinese, sent, made confidential in part and disputed. The supervisee's
 * copy holds every name and text as written, the status, the disagreement,
 * the case discussion, the action, the entry hash and the checkpoint;
 * a line manager's copy leaves the confidential item's text out; someone
 * who may not read the record gets nothing; a draft has no copy. */
#include "format/pdf_read.h"
#include "svc/booking.h"
#include "svc/record.h"
#include "svc/record_log.h"
#include "svc/record_pdf.h"
#include "view_fixture.h"

#define SUPERVISOR "Siân Llŷr"
#define SUPERVISEE "فاطمة الزهراء"
#define POLISH "Zażółć gęślą jaźń"
#define POLISH_NAME "Łukasz Wróbel"
#define CHINESE "王小明 督导记录"
#define CHECKPOINT                                                                                                       \
    "oversight.example.org/log\n4\nqUq2dPz5a3qZr1o7P8xK3mWbV4qgJx1bq0A9T3cQ3zE=\n\n"                                     \
    "\xe2\x80\x94 oversight.example.org/log Az3f0Q2mAAAAAbbbbCCCCddddEEEEffffGGGGhhhh1234567890abcdefghijklmnopqrstuvwx" \
    "yz0123456789ABCDEFGHIJKLMN==\n"
#define MADE_AT 1795000000 /* 18 November 2026, 11:06:40 UTC */

static int64_t record;
static char version_hash[65];

static int first_version(void *ctx, const LogLeaf *leaf)
{
    (void)ctx;
    if (strcmp(leaf->type, "version") != 0 || leaf->version != 1) return 0;
    for (int i = 0; i < 32; i++) strfmt(version_hash + 2 * i, 3, "%02x", leaf->hash[i]);
    return 1;
}

/* P1 (Welsh name) supervises P2 (Arabic name), who has case C9: a record
 * of their session, sent, its wellbeing item confidential, and disputed. */
static void disputed_record(Store *s)
{
    organisation(s);
    fixture_import(IMPORT_STAFF, "staff.csv",
                   FIXTURE_STAFF_CSV "P1," SUPERVISOR ",manager,Team A,L1,L1,2020-01-01,\n"
                                     "P2," SUPERVISEE ",social-worker,Team A,P1,P1,2021-01-01,\n");
    fixture_import(IMPORT_CASES, "cases.csv",
                   "id,category,worker,allocated_date,closed_date\nC9,child-protection,P2,2026-01-01,\n");
    Viewer vp1 = viewer_of("P1"), vp2 = viewer_of("P2");
    SvcActor p1 = as(&vp1), p2 = as(&vp2);
    SvcError e = {0};
    BookingInput in = {.supervisee_ref = ref_of("P2"), .date = "2026-11-20", .start_time = "10:00", .place = "Room 2"};
    int64_t booking = 0;
    char w[300];
    CHECK_INT(booking_add(st, &p1, &in, &booking, w, sizeof w, &e), SVC_OK);
    CHECK_INT(record_start(st, &p1, booking, &record, &e), SVC_OK);
    const char *texts[32] = {0};
    bool conf[32] = {0};
    for (size_t i = 0; i < record_ntopics; i++) {
        if (strcmp(record_topics[i].id, "workload") == 0) texts[i] = "Twenty cases. " CHINESE ".";
        if (strcmp(record_topics[i].id, "wellbeing") == 0) texts[i] = "A private matter: " POLISH, conf[i] = true;
        if (strcmp(record_topics[i].id, "training") == 0) texts[i] = "Dŵr training with " POLISH_NAME ".";
    }
    CHECK_INT(record_save(st, &p1, record, texts, conf, &e), SVC_OK);
    const char *answers[POLICY_PROMPTS_MAX] = {"Missed visits in the Dŵr estate"};
    CaseNoteInput n = {.case_id = "C9",
                       .prompts = "three-questions",
                       .answers = answers,
                       .decision = "Visit weekly with " SUPERVISOR,
                       .rationale = "The plan asks for it"};
    CHECK_INT(record_add_case_note(st, &p1, record, &n, &e), SVC_OK);
    CHECK_INT(record_add_action(st, &p1, record, "P2", "Book the Dŵr training", "2026-12-10", "C9", &e), SVC_OK);
    CHECK_INT(record_send(st, &p1, record, &e), SVC_OK);
    CHECK_INT(record_confidential(st, &p2, record, "wellbeing", true, &e), SVC_OK);
    CHECK_INT(record_disagree(st, &p2, record, "Nie zgadzam się: " POLISH ".", &e), SVC_OK);
    version_hash[0] = 0;
    CHECK(record_log_leaves_of_record(st, record, first_version, NULL) >= 0);
    CHECK_INT(strlen(version_hash), 64);
}

/* The sheet of version 1 as v reads it, as text; NULL when refused. */
static char *sheet_text(const Viewer *v, Buf *pdf)
{
    SvcActor a = as(v);
    SvcError e;
    buf_clear(pdf);
    if (!record_pdf(st, &a, record, 1, version_hash, CHECKPOINT, MADE_AT, pdf, &e)) {
        fprintf(stderr, "  record_pdf: %s: %s\n", e.field, e.message);
        return NULL;
    }
    return pdf_text(pdf, "");
}

static void test_supervisee_copy(Store *s)
{
    disputed_record(s);
    Viewer vp2 = viewer_of("P2");
    Buf pdf = {0};
    char *text = sheet_text(&vp2, &pdf);
    CHECK(text != NULL);
    CHECK(pdf.len > 0 && memcmp(pdf.data, "%PDF-", 5) == 0);
    if (text) {
        static const char *const want[] = {
            "Supervision record",
            "Supervisee (P2)",
            SUPERVISEE,
            "Supervisor (P1)",
            SUPERVISOR,
            "20 November 2026",
            "1 of 1",
            "Disputed: the supervisee disagrees",
            "disagreed with version 1",
            "Nie zgadzam się: " POLISH ".",
            "Management and support",
            "Workload and caseload",
            "Twenty cases. " CHINESE ".",
            "Wellbeing and stress",
            "A private matter: " POLISH,
            "Confidential: both agreed.",
            "Dŵr training with " POLISH_NAME ".",
            "Case supervision",
            "Case C9, 20 November 2026",
            "Missed visits in the Dŵr estate",
            "Visit weekly with " SUPERVISOR,
            "The plan asks for it",
            "Book the Dŵr training (" SUPERVISEE ", by 10 December 2026): open",
            "Made on 18 November 2026, 11:06 UTC.",
            version_hash,
            "oversight.example.org/log",
            "qUq2dPz5a3qZr1o7P8xK3mWbV4qgJx1bq0A9T3cQ3zE=",
            "\xe2\x80\x94 oversight.example.org/log",
            "Page 1 of ",
        };
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) CHECK_HAS(text, want[i]);
        /* Every page's footer: the name, isolated, keeps the date after it
         * in order (without U+2068/U+2069 around it, "20 ," went before it). */
        char footer[300];
        strfmt(footer, sizeof footer,
               "Supervision record of " SUPERVISEE ", 20 November 2026, version 1 of 1, entry %.16s", version_hash);
        CHECK_HAS(text, footer);
    }
    char title[300];
    CHECK(pdf_info(&pdf, "Title", title, sizeof title));
    CHECK_STR(title, "Supervision record: " SUPERVISEE ", 20 November 2026, version 1");
    free(text);

    /* The same copy made again is the same bytes. */
    Buf again = {0};
    free(sheet_text(&vp2, &again));
    CHECK(again.len == pdf.len && memcmp(again.data, pdf.data, pdf.len) == 0);
    buf_free(&again);
    buf_free(&pdf);
}

/* The supervisee's line manager's line manager may read the record, but
 * not the item the two made confidential. */
static void test_line_manager_copy(Store *s)
{
    disputed_record(s);
    Buf pdf = {0};
    char *text = sheet_text(&v_l1, &pdf);
    CHECK(text != NULL);
    if (text) {
        CHECK_HAS(text, "Twenty cases. " CHINESE ".");
        CHECK_HAS(text, "Wellbeing and stress");
        CHECK_HAS(text, "Confidential between the supervisor and the supervisee.");
        CHECK(strstr(text, "A private matter") == NULL);
        CHECK_HAS(text, "Nie zgadzam się: " POLISH ".");
    }
    free(text);
    buf_free(&pdf);
}

static void test_refusals(Store *s)
{
    disputed_record(s);
    SvcError e;
    Buf pdf = {0};
    /* Someone who may not read the record. */
    SvcActor x1 = as(&v_x1);
    CHECK(!record_pdf(st, &x1, record, 1, version_hash, CHECKPOINT, MADE_AT, &pdf, &e));
    CHECK_STR(e.field, "record");
    CHECK_INT(pdf.len, 0);
    /* No such version. */
    Viewer vp2 = viewer_of("P2");
    SvcActor p2 = as(&vp2);
    CHECK(!record_pdf(st, &p2, record, 7, version_hash, CHECKPOINT, MADE_AT, &pdf, &e));
    CHECK_STR(e.field, "record");
    /* Not a hash; a checkpoint that is not text. */
    CHECK(!record_pdf(st, &p2, record, 1, "ABC", CHECKPOINT, MADE_AT, &pdf, &e));
    CHECK_STR(e.field, "entry_hash");
    char upper[65];
    strfmt(upper, sizeof upper, "%s", version_hash);
    upper[0] = 'F';
    CHECK(!record_pdf(st, &p2, record, 1, upper, CHECKPOINT, MADE_AT, &pdf, &e));
    CHECK_STR(e.field, "entry_hash");
    CHECK(!record_pdf(st, &p2, record, 1, version_hash, "bad \xff", MADE_AT, &pdf, &e));
    CHECK_STR(e.field, "checkpoint");
    CHECK_INT(pdf.len, 0);
    /* No checkpoint given: said so. */
    CHECK(record_pdf(st, &p2, record, 1, version_hash, NULL, MADE_AT, &pdf, &e));
    char *text = pdf_text(&pdf, "");
    CHECK(text != NULL);
    if (text) CHECK_HAS(text, "No checkpoint was given with this copy.");
    free(text);
    buf_free(&pdf);
    /* A draft: the supervisor amends the disputed record; version 2 is a draft. */
    Viewer vp1 = viewer_of("P1");
    SvcActor p1 = as(&vp1);
    CHECK_INT(record_amend(st, &p1, record, "Add what " SUPERVISEE " asked for", &e), SVC_OK);
    CHECK(!record_pdf(st, &p1, record, 2, version_hash, CHECKPOINT, MADE_AT, &pdf, &e));
    CHECK_STR(e.field, "version");
    CHECK_HAS(e.message, "draft");
    CHECK_INT(pdf.len, 0);
    /* Version 1 is still there, now an earlier version. */
    CHECK(record_pdf(st, &p1, record, 1, version_hash, CHECKPOINT, MADE_AT, &pdf, &e));
    text = pdf_text(&pdf, "");
    CHECK(text != NULL);
    if (text) CHECK_HAS(text, "1 of 2 (an earlier version, kept as it was)");
    free(text);
    buf_free(&pdf);
}

int main(void)
{
    if (!fixture_init()) return 1;
    if (!pdf_read_init()) {
        printf("Bail out! no temporary folder\n");
        return 1;
    }
    RUN_STORES(test_supervisee_copy);
    RUN_STORES(test_line_manager_copy);
    RUN_STORES(test_refusals);
    pdf_read_done();
    fixture_done();
    TEST_DONE();
}
