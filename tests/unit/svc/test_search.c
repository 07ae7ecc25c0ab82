/* test_search.c: the search box's service (svc/search.h). Whoever searches
 * finds exactly what the read rules let them read (each person, case and
 * record checked against access_person, access_case and record_get, for
 * every kind of viewer), ranked, limited, whatever is typed.
 *
 * Each test on a new database of each backend (RUN_STORES, test.h), with
 * the organisation of view_fixture.h. */
#include <string.h>

#include "svc/booking.h"
#include "svc/record.h"
#include "svc/search.h"
#include "view_fixture.h"

static SvcResult find(const Viewer *v, const char *q, size_t limit, SearchResults *out)
{
    SvcError e = {0};
    return search(st, v, q, limit, out, &e);
}

/* The ids of a group, in order, space-separated (records: supervisee id and date). */
static const char *people_of(const SearchResults *r)
{
    static char s[2048];
    s[0] = 0;
    for (size_t i = 0; i < r->npeople; i++)
        strfmt(s + strlen(s), sizeof s - strlen(s), "%s%s", i ? " " : "", r->people[i].id);
    return s;
}

static const char *cases_of(const SearchResults *r)
{
    static char s[2048];
    s[0] = 0;
    for (size_t i = 0; i < r->ncases; i++)
        strfmt(s + strlen(s), sizeof s - strlen(s), "%s%s", i ? " " : "", r->cases[i].id);
    return s;
}

static bool has_record(const SearchResults *r, int64_t ref)
{
    for (size_t i = 0; i < r->nrecords; i++)
        if (r->records[i].ref == ref) return true;
    return false;
}

static bool has_person(const SearchResults *r, const char *id)
{
    for (size_t i = 0; i < r->npeople; i++)
        if (strcmp(r->people[i].id, id) == 0) return true;
    return false;
}

static bool has_case(const SearchResults *r, const char *id)
{
    for (size_t i = 0; i < r->ncases; i++)
        if (strcmp(r->cases[i].id, id) == 0) return true;
    return false;
}

/* A record of a session M1 held with W1 on date, sent. */
static int64_t record_of_w1(const char *date)
{
    SvcActor m1 = as(&v_m1);
    SvcError e = {0};
    BookingInput in = {.supervisee_ref = ref_of("W1"),
                       .date = date,
                       .start_time = "10:00",
                       .minutes = "",
                       .place = "Room 2"};
    int64_t booking = 0, record = 0;
    char w[300];
    CHECK_INT(booking_add(st, &m1, &in, &booking, w, sizeof w, &e), SVC_OK);
    if (e.message[0]) fprintf(stderr, "  %s\n", e.message);
    CHECK_INT(record_start(st, &m1, booking, &record, &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    return record;
}

/* Names a case of the fixture (C1 or C3) as cases.csv's name column does:
 * by importing its row again with the name. */
static void name_case(const char *id, const char *name)
{
    const char *row = strcmp(id, "C1") == 0 ? "C1,child-protection,W1,2026-01-01" : "C3,child-in-need,W2,2026-01-01";
    CHECK(strcmp(id, "C1") == 0 || strcmp(id, "C3") == 0);
    char csv[256];
    strfmt(csv, sizeof csv, "id,category,worker,allocated_date,name\n%s,%s\n", row, name);
    fixture_import(IMPORT_CASES, "cases.csv", csv);
}

static const char *const staff_ids[] = {"L1", "M1", "W1", "W2", "X1", "S9", "Y1", "Z1"};
static const char *const case_ids[] = {"C1", "C2", "C3", "C4"};

/* For every viewer, every person and every case: found by their id exactly
 * when the read rules say the viewer may read them, and never anything else. */
static void test_within_access(Store *s)
{
    organisation(s);
    /* Each read rule alone: W2 supervises Y1 (in Team B, line-managed by
     * L1); Z1 is in M1's team, supervised and line-managed by X1. */
    fixture_import(IMPORT_STAFF, "staff.csv",
                   "id,name,role,team,supervisor,line_manager,start_date\n"
                   "Y1,Yas Alone,social-worker,Team B,W2,L1,2021-01-01\n"
                   "Z1,Zia Alone,social-worker,Team A,X1,X1,2021-01-01\n");
    v_w2 = viewer_of("W2"), v_x1 = viewer_of("X1");
    const Viewer *viewers[] = {&v_m1, &v_w1, &v_w2, &v_l1, &v_x1, &v_auditor, &v_senior, &v_unlinked};
    Viewer admin = v_unlinked;
    admin.admin = true; /* an admin without a staff record: no record content */
    for (size_t i = 0; i < sizeof viewers / sizeof *viewers + 1; i++) {
        const Viewer *v = i < sizeof viewers / sizeof *viewers ? viewers[i] : &admin;
        for (size_t k = 0; k < sizeof staff_ids / sizeof *staff_ids; k++) {
            SearchResults r;
            CHECK_INT(find(v, staff_ids[k], 20, &r), SVC_OK);
            bool may = access_person(st, v, ref_of(staff_ids[k])) == ACCESS_ALLOWED;
            if (!test_check(has_person(&r, staff_ids[k]) == may))
                fprintf(stderr, "  viewer %zu, person %s: found %d, may read %d\n", i, staff_ids[k],
                        has_person(&r, staff_ids[k]), may);
            for (size_t j = 0; j < r.npeople; j++) CHECK(access_person(st, v, r.people[j].ref) == ACCESS_ALLOWED);
            search_free(&r);
        }
        for (size_t k = 0; k < sizeof case_ids / sizeof *case_ids; k++) {
            SearchResults r;
            CHECK_INT(find(v, case_ids[k], 20, &r), SVC_OK);
            CHECK_INT(r.ncases <= 1, 1);
            bool may = r.ncases && access_case(st, v, r.cases[0].ref) == ACCESS_ALLOWED;
            /* Found only if it may be read; and if it may be read it is found. */
            Param p[] = {P_STR(case_ids[k])};
            int64_t ref = 0;
            CHECK_INT(store_query_int(st, STMT_CASE_FIND, p, 1, &ref), 1);
            bool allowed = access_case(st, v, ref) == ACCESS_ALLOWED;
            if (!test_check(has_case(&r, case_ids[k]) == allowed && (!r.ncases || may)))
                fprintf(stderr, "  viewer %zu, case %s: found %zu, may read %d\n", i, case_ids[k], r.ncases, allowed);
            search_free(&r);
        }
    }
    /* What each kind of viewer finds for a word every Team A name shares. */
    SearchResults r;
    CHECK_INT(find(&v_w1, "worker", 20, &r), SVC_OK);
    CHECK_STR(people_of(&r), "W1"); /* a worker: themselves, not a colleague */
    search_free(&r);
    CHECK_INT(find(&v_m1, "worker", 20, &r), SVC_OK);
    CHECK_STR(people_of(&r), "W2 W1"); /* their supervisees, by name: Wren before Wyn */
    search_free(&r);
    CHECK_INT(find(&v_x1, "worker", 20, &r), SVC_OK); /* another team */
    CHECK_INT(r.npeople + r.ncases + r.nrecords, 0);
    search_free(&r);
    CHECK_INT(find(&v_unlinked, "worker", 20, &r), SVC_OK);
    CHECK_INT(r.npeople, 0);
    search_free(&r);
    CHECK_INT(find(&v_senior, "outsider", 20, &r), SVC_OK); /* another service's */
    CHECK_INT(r.npeople, 0);
    search_free(&r);
    CHECK_INT(find(&v_l1, "outsider", 20, &r), SVC_OK); /* their supervisee in another service */
    CHECK_STR(people_of(&r), "X1");
    search_free(&r);
    CHECK_INT(find(&v_w2, "alone", 20, &r), SVC_OK); /* their supervisee only */
    CHECK_STR(people_of(&r), "Y1");
    search_free(&r);
    CHECK_INT(find(&v_m1, "alone", 20, &r), SVC_OK); /* in the team they manage only */
    CHECK_STR(people_of(&r), "Z1");
    search_free(&r);
    CHECK_INT(find(&v_l1, "alone", 20, &r), SVC_OK); /* below them in the line: Y1 directly, Z1 through X1 */
    CHECK_STR(people_of(&r), "Y1 Z1");
    search_free(&r);
    CHECK_INT(find(&v_senior, "alone", 20, &r), SVC_OK); /* Children: Team A's */
    CHECK_STR(people_of(&r), "Z1");
    search_free(&r);
}

/* Records: by the names and ids of their two and by date, read as
 * record_get reads them: the two, and whoever may read the supervisee,
 * even after the supervisor has stopped supervising them. */
static void test_records(Store *s)
{
    organisation(s);
    int64_t rec = record_of_w1("2026-11-16");
    const Viewer *viewers[] = {&v_m1, &v_w1, &v_w2, &v_l1, &v_x1, &v_auditor, &v_senior, &v_unlinked};
    const char *queries[] = {"Wyn",        "wyn worker",       "W1",          "Mo Manager", "2026-11-16",
                             "16/11/2026", "16 November 2026", "16 nov 2026", "2026-11",    "November 2026"};
    for (size_t i = 0; i < sizeof viewers / sizeof *viewers; i++) {
        Record rd;
        SvcResult got = record_get(st, viewers[i], rec, 0, &rd);
        if (got == SVC_OK) record_free(&rd);
        for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
            SearchResults r;
            CHECK_INT(find(viewers[i], queries[k], 20, &r), SVC_OK);
            if (!test_check(has_record(&r, rec) == (got == SVC_OK)))
                fprintf(stderr, "  viewer %zu, \"%s\": found %d, may read %d\n", i, queries[k], has_record(&r, rec),
                        got == SVC_OK);
            search_free(&r);
        }
    }
    SearchResults r;
    CHECK_INT(find(&v_auditor, "2026-10", 20, &r), SVC_OK); /* another month */
    CHECK_INT(r.nrecords, 0);
    search_free(&r);
    CHECK_INT(find(&v_m1, "16 November 2026", 20, &r), SVC_OK);
    CHECK_INT(r.nrecords, 1);
    if (!r.nrecords) return search_free(&r);
    CHECK_INT(r.records[0].match, SEARCH_BY_DATE);
    CHECK_STR(r.records[0].state, "sent");
    CHECK_STR(r.records[0].supervisor_name, "Mo Manager");
    search_free(&r);
    /* Nothing a record says is searched: not even its state. */
    CHECK_INT(find(&v_m1, "sent", 20, &r), SVC_OK);
    CHECK_INT(r.nrecords, 0);
    search_free(&r);

    /* W1 moves to Team B under L1: M1 no longer reads W1, but still reads
     * the record they wrote (one of its two). */
    fixture_import(IMPORT_STAFF, "staff.csv",
                   "id,name,role,team,supervisor,line_manager,start_date\n"
                   "W1,Wyn Worker,social-worker,Team B,L1,L1,2021-01-01\n");
    v_m1 = viewer_of("M1");
    CHECK_INT(access_person(st, &v_m1, ref_of("W1")), ACCESS_REFUSED);
    CHECK_INT(find(&v_m1, "wyn", 20, &r), SVC_OK);
    CHECK_INT(r.npeople, 0);
    CHECK_INT(r.nrecords, 1);
    search_free(&r);
    CHECK_INT(find(&v_senior, "wyn", 20, &r), SVC_OK); /* Children's senior manager: W1 is in Adults now */
    CHECK_INT(r.npeople + r.nrecords, 0);
    search_free(&r);
}

/* Cases by the child's name, within access; the name is what it is now. */
static void test_case_names(Store *s)
{
    organisation(s);
    name_case("C1", "Alex Smith");
    name_case("C3", "Sam Jones");
    SearchResults r;
    CHECK_INT(find(&v_w1, "smith", 20, &r), SVC_OK);
    CHECK_STR(cases_of(&r), "C1");
    CHECK_STR(r.cases[0].name, "Alex Smith");
    CHECK_STR(r.cases[0].worker_id, "W1");
    search_free(&r);
    CHECK_INT(find(&v_w2, "smith", 20, &r), SVC_OK);
    CHECK_INT(r.ncases, 0);
    search_free(&r);
    CHECK_INT(find(&v_auditor, "SMITH", 20, &r), SVC_OK);
    CHECK_STR(cases_of(&r), "C1");
    search_free(&r);
    name_case("C1", "Alex Brown"); /* renamed: the old name no longer finds it */
    CHECK_INT(find(&v_auditor, "smith", 20, &r), SVC_OK);
    CHECK_INT(r.ncases, 0);
    search_free(&r);
    CHECK_INT(find(&v_auditor, "alex br", 20, &r), SVC_OK);
    CHECK_STR(cases_of(&r), "C1");
    search_free(&r);
    CHECK_INT(find(&v_m1, "c", 20, &r), SVC_INVALID); /* too short */
    search_free(&r);
    CHECK_INT(find(&v_m1, "c3", 20, &r), SVC_OK);
    CHECK_STR(cases_of(&r), "C3");
    CHECK_INT(r.cases[0].match, SEARCH_BY_ID);
    search_free(&r);
}

static const char ranking_staff[] = "id,name,role,team,supervisor,line_manager,start_date\n"
                                    "ANN,Zed Quill,social-worker,Team A,M1,M1,2021-01-01\n"
                                    "ANN2,Yan Quill,social-worker,Team A,M1,M1,2021-01-01\n"
                                    "P1,Ann Smith,social-worker,Team A,M1,M1,2021-01-01\n"
                                    "P2,Anna Jones,social-worker,Team A,M1,M1,2021-01-01\n"
                                    "P3,Bob Annand,social-worker,Team A,M1,M1,2021-01-01\n"
                                    "P4,Ann Brown,social-worker,Team A,M1,M1,2021-01-01\n"
                                    "P5,Joan Ann-Marie Élan,social-worker,Team A,M1,M1,2021-01-01\n"
                                    "P6,Hannah Lee,social-worker,Team A,M1,M1,2021-01-01\n";

/* An exact id, then ids beginning with it, then names with the word, then
 * names with a word beginning with it; ties by name. The same for a
 * manager (within their share) and an auditor (through the indexes). */
static void test_ranking(Store *s)
{
    organisation(s);
    fixture_import(IMPORT_STAFF, "staff.csv", ranking_staff);
    const Viewer *viewers[] = {&v_m1, &v_auditor};
    for (size_t i = 0; i < 2; i++) {
        SearchResults r;
        CHECK_INT(find(viewers[i], "ann", 20, &r), SVC_OK);
        CHECK_STR(people_of(&r), "ANN ANN2 P4 P1 P5 P2 P3"); /* not Hannah: "ann" begins no word of hers */
        CHECK_INT(r.people[0].match, SEARCH_BY_ID);
        CHECK_INT(r.people[1].match, SEARCH_BY_ID_START);
        CHECK_INT(r.people[2].match, SEARCH_BY_NAME);
        CHECK_INT(r.people[5].match, SEARCH_BY_NAME_START);
        search_free(&r);
        CHECK_INT(find(viewers[i], "  Ann   SMI ", 20, &r), SVC_OK); /* every word, in any order and case */
        CHECK_STR(people_of(&r), "P1");
        CHECK_INT(r.people[0].match, SEARCH_BY_NAME_START);
        search_free(&r);
        CHECK_INT(find(viewers[i], "smith ann", 20, &r), SVC_OK);
        CHECK_STR(people_of(&r), "P1");
        CHECK_INT(r.people[0].match, SEARCH_BY_NAME);
        search_free(&r);
        CHECK_INT(find(viewers[i], "elan", 20, &r), SVC_OK); /* without the accent */
        CHECK_STR(people_of(&r), "P5");
        search_free(&r);
        CHECK_INT(find(viewers[i], "ÉLAN", 20, &r), SVC_OK);
        CHECK_STR(people_of(&r), "P5");
        search_free(&r);
        CHECK_INT(find(viewers[i], "marie", 20, &r), SVC_OK); /* a word after a hyphen */
        CHECK_STR(people_of(&r), "P5");
        search_free(&r);
    }
}

/* At most the limit in each group, saying there were more. */
static void test_limits(Store *s)
{
    organisation(s);
    char csv[4096] = "id,name,role,team,supervisor,line_manager,start_date\n";
    for (int i = 0; i < 30; i++)
        strfmt(csv + strlen(csv), sizeof csv - strlen(csv),
               "L%02d,Limit Person %02d,social-worker,Team A,M1,M1,2021-01-01\n", 30 - i, 30 - i);
    fixture_import(IMPORT_STAFF, "staff.csv", csv);
    const Viewer *viewers[] = {&v_m1, &v_auditor};
    for (size_t i = 0; i < 2; i++) {
        SearchResults r;
        CHECK_INT(find(viewers[i], "limit", 20, &r), SVC_OK);
        CHECK_INT(r.npeople, 20);
        CHECK(r.more_people);
        CHECK_STR(r.people[0].id, "L01"); /* by name */
        CHECK_STR(r.people[19].id, "L20");
        search_free(&r);
        CHECK_INT(find(viewers[i], "person 07", 20, &r), SVC_OK);
        CHECK_STR(people_of(&r), "L07");
        CHECK(!r.more_people);
        search_free(&r);
        CHECK_INT(find(viewers[i], "l0", 5, &r), SVC_OK); /* ids beginning L0 */
        CHECK_STR(people_of(&r), "L01 L02 L03 L04 L05");
        CHECK(r.more_people);
        search_free(&r);
    }
}

/* Whatever is typed is an answer or a sentence, never a failure, and never
 * a pattern: quotes, LIKE's % and _, full-text syntax, Unicode, bytes. */
static void test_odd_input(Store *s)
{
    organisation(s);
    name_case("C1", "O'Brien-Smith");
    const char *fine[] = {"\"",
                          "\"wyn\"",
                          "wyn\"",
                          "'wyn'",
                          "wyn*",
                          "w%",
                          "%%%%",
                          "w_n",
                          "__",
                          "wyn OR mo",
                          "NEAR(wyn mo)",
                          "wyn AND",
                          "-wyn",
                          "wyn:*",
                          "wyn & mo",
                          "!wyn",
                          "wyn | mo",
                          "(wyn",
                          "\\",
                          "wyn\\",
                          "{wyn}",
                          "^wyn",
                          "wyn;DROP TABLE staff",
                          "—",
                          "wyn — worker",
                          "ö",
                          "日本語",
                          "\xff\xfe",
                          "w\xc3",
                          "\xe2\x80\x8b wyn",
                          "o'brien",
                          "O’Brien"};
    const Viewer *viewers[] = {&v_w1, &v_auditor};
    for (size_t i = 0; i < 2; i++)
        for (size_t k = 0; k < sizeof fine / sizeof *fine; k++) {
            SearchResults r;
            SvcResult got = find(viewers[i], fine[k], 20, &r);
            if (!test_check(got == SVC_OK || got == SVC_INVALID))
                fprintf(stderr, "  \"%s\": %d (%s)\n", fine[k], got, store_error(st));
            /* Nobody is found by punctuation alone, nor by a pattern. */
            if (strcmp(fine[k], "w%") == 0 || strcmp(fine[k], "%%%%") == 0 || strcmp(fine[k], "__") == 0)
                CHECK_INT(got, SVC_INVALID);
            if (strcmp(fine[k], "w_n") == 0) CHECK_INT(r.npeople, 0);
            search_free(&r);
        }
    SearchResults r;
    CHECK_INT(find(&v_w1, "\"wyn\"", 20, &r), SVC_OK);
    CHECK_STR(people_of(&r), "W1");
    search_free(&r);
    CHECK_INT(find(&v_auditor, "o'brien", 20, &r), SVC_OK);
    CHECK_STR(cases_of(&r), "C1");
    search_free(&r);
    CHECK_INT(find(&v_w1, "O’Brien", 20, &r), SVC_OK); /* a typographic apostrophe */
    CHECK_STR(cases_of(&r), "C1");
    search_free(&r);
    SvcError e = {0};
    CHECK_INT(search(st, &v_w1, "", 20, &r, &e), SVC_INVALID);
    CHECK_STR(e.field, "q");
    CHECK_HAS(e.message, "Enter");
    search_free(&r);
    CHECK_INT(search(st, &v_w1, "   ", 20, &r, &e), SVC_INVALID);
    search_free(&r);
    CHECK_INT(search(st, &v_w1, NULL, 20, &r, &e), SVC_INVALID);
    search_free(&r);
    char longer[SEARCH_MAX_BYTES + 2];
    memset(longer, 'w', sizeof longer - 1);
    longer[sizeof longer - 1] = 0;
    CHECK_INT(search(st, &v_w1, longer, 20, &r, &e), SVC_INVALID);
    CHECK_HAS(e.message, "100 characters or fewer");
    search_free(&r);
    longer[SEARCH_MAX_BYTES] = 0; /* exactly the most */
    CHECK_INT(search(st, &v_auditor, longer, 20, &r, &e), SVC_OK);
    search_free(&r);
    char many[SEARCH_MAX_BYTES + 1] = "";
    for (int i = 0; i < 30; i++) strfmt(many + strlen(many), sizeof many - strlen(many), "w ");
    CHECK_INT(search(st, &v_auditor, many, 20, &r, &e), SVC_OK); /* many one-letter words */
    search_free(&r);
}

static void test_words(void)
{
    char w[64];
    CHECK(search_words("  Zoë O'Brien-SMITH ", w, sizeof w));
    CHECK_STR(w, "zoe o brien smith");
    CHECK(search_words("ÅSA Łukasz Ørsted Ÿves", w, sizeof w));
    CHECK_STR(w, "asa łukasz ørsted yves");
    CHECK(search_words("ΣΩΚΡΑΤΗΣ Иван", w, sizeof w));
    CHECK_STR(w, "σωκρατησ иван");
    CHECK(search_words("", w, sizeof w));
    CHECK_STR(w, "");
    CHECK(!search_words("a much longer text than the buffer holds", w, 8));
}

/* The same answers when every share is searched through the indexes, each
 * candidate checked by the read rules, as large shares are. */
static void through_indexes(void (*test)(Store *), Store *s)
{
    search_share_scan = 0;
    test(s);
    search_share_scan = SEARCH_SHARE_SCAN;
}
static void test_within_access_indexes(Store *s) { through_indexes(test_within_access, s); }
static void test_records_indexes(Store *s) { through_indexes(test_records, s); }
static void test_case_names_indexes(Store *s) { through_indexes(test_case_names, s); }
static void test_ranking_indexes(Store *s) { through_indexes(test_ranking, s); }
static void test_limits_indexes(Store *s) { through_indexes(test_limits, s); }

int main(void)
{
    if (!fixture_init()) return 1;
    RUN(test_words);
    RUN_STORES(test_within_access);
    RUN_STORES(test_records);
    RUN_STORES(test_case_names);
    RUN_STORES(test_ranking);
    RUN_STORES(test_limits);
    RUN_STORES(test_odd_input);
    RUN_STORES(test_within_access_indexes);
    RUN_STORES(test_records_indexes);
    RUN_STORES(test_case_names_indexes);
    RUN_STORES(test_ranking_indexes);
    RUN_STORES(test_limits_indexes);
    fixture_done();
    TEST_DONE();
}
