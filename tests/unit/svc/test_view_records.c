/* test_view_records.c: the view services of the supervision pages (a
 * record, a booking, an agreement, the sessions hub, calendars, incidents)
 * and the lost races of their changes. Each view: a viewer in scope gets
 * the data and what they may do, one out of scope is not told it exists,
 * a missing key is not found. Each race: someone acts on a stale view, or
 * at the same moment as someone else, and is answered SVC_CONFLICT with
 * nothing changed, never a failure.
 *
 * Each test on a new database of each backend (RUN_STORES, test.h), with
 * the organisation of view_fixture.h. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "svc/agreement.h"
#include "svc/booking.h"
#include "svc/calendar.h"
#include "svc/concern.h"
#include "svc/escalation.h"
#include "svc/record.h"
#include "view_fixture.h"

static int64_t book(const char *date)
{
    SvcActor a = as(&v_m1);
    SvcError e = {0};
    BookingInput in = {.supervisee_ref = ref_of("W1"),
                       .date = date,
                       .start_time = "10:00",
                       .minutes = "",
                       .place = "Room 2"};
    int64_t ref = 0;
    char w[300];
    CHECK_INT(booking_add(st, &a, &in, &ref, w, sizeof w, &e), SVC_OK);
    return ref;
}

/* A record of a session held on date, written and sent to W1. */
static int64_t sent_record(const char *date)
{
    SvcActor m1 = as(&v_m1);
    SvcError e = {0};
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book(date), &record, &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    return record;
}

static const char *state_of(int64_t record)
{
    static char state[10];
    Record r;
    state[0] = 0;
    CHECK_INT(record_get(st, &v_m1, record, 0, &r), SVC_OK);
    strfmt(state, sizeof state, "%s", r.state);
    record_free(&r);
    return state;
}

static void test_record_view(Store *s)
{
    organisation(s);
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), l1 = as(&v_l1), x1 = as(&v_x1);
    SvcError e = {0};
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book("2026-11-16"), &record, &e), SVC_OK);
    RecordView v;
    CHECK_INT(record_view(st, &m1, record, 0, &v), SVC_OK); /* the supervisor writes the draft */
    CHECK(v.may_write && !v.may_answer && !v.may_amend && !v.may_escalate);
    CHECK_STR(v.supervisee_name, "Wyn Worker");
    CHECK_STR(v.supervisor_id, "M1");
    CHECK_INT(v.nopen_cases, 2); /* W1's open cases, for the case-note form */
    record_view_free(&v);
    CHECK_INT(record_view(st, &w1, record, 0, &v), SVC_OK); /* the supervisee reads, does nothing yet */
    CHECK(!v.may_write && !v.may_answer && v.nopen_cases == 0);
    record_view_free(&v);
    CHECK_INT(record_view(st, &l1, record, 0, &v), SVC_OK); /* the line manager above reads */
    CHECK(!v.may_write && !v.may_answer && !v.may_amend && !v.may_escalate);
    record_view_free(&v);
    CHECK_INT(record_view(st, &x1, record, 0, &v), SVC_NOT_FOUND);
    CHECK_INT(record_view(st, &m1, record + 1000, 0, &v), SVC_NOT_FOUND);
    CHECK_INT(record_view(st, &m1, record, 7, &v), SVC_NOT_FOUND); /* no such version */
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(record_view(st, &w1, record, 0, &v), SVC_OK);
    CHECK(v.may_answer && !v.may_write);
    record_view_free(&v);
    /* What waits for whom. */
    RecordWaitingList wl;
    CHECK_INT(records_waiting(st, &v_w1, &wl), SVC_OK);
    bool found = false;
    for (size_t i = 0; i < wl.n; i++)
        found = found || (wl.items[i].ref == record && wl.items[i].what == WAITING_TO_SIGN);
    CHECK(found);
    records_waiting_free(&wl);
    CHECK_INT(records_waiting(st, &v_x1, &wl), SVC_OK);
    CHECK_INT(wl.n, 0);
    records_waiting_free(&wl);
}

/* The supervisee read version 1; meanwhile it was disputed, changed and
 * sent again as version 2. Signing "it" now must not sign what they have
 * not read. (Before: version 2 was signed.) */
static void test_sign_stale_version(Store *s)
{
    organisation(s);
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1);
    SvcError e = {0};
    int64_t record = sent_record("2026-11-17");
    RecordView seen;
    CHECK_INT(record_view(st, &w1, record, 0, &seen), SVC_OK);
    CHECK_INT(seen.rec.version, 1);
    CHECK_INT(record_disagree(st, &w1, record, "Not what was said", &e), SVC_OK); /* in another tab */
    CHECK_INT(record_amend(st, &m1, record, "Corrected", &e), SVC_OK);
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    memset(&e, 0, sizeof e);
    CHECK_INT(record_sign_version(st, &w1, record, seen.rec.version, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "version 2");
    CHECK_INT(record_disagree_version(st, &w1, record, seen.rec.version, "Still wrong", &e), SVC_CONFLICT);
    record_view_free(&seen);
    Record r;
    CHECK_INT(record_get(st, &v_w1, record, 0, &r), SVC_OK);
    CHECK_INT(r.version, 2);
    CHECK_STR(r.state, "sent"); /* nothing changed */
    CHECK_INT(r.supervisee_signed_at, 0);
    CHECK_INT(r.ndisagreements, 1);
    record_free(&r);
    CHECK_INT(record_sign_version(st, &w1, record, 2, &e), SVC_OK); /* having read version 2 */
    CHECK_STR(state_of(record), "signed");
    /* Signed in one tab; the other tab signs or disagrees too. */
    CHECK_INT(record_sign_version(st, &w1, record, 2, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "signed");
    CHECK_INT(record_disagree_version(st, &w1, record, 2, "Wait", &e), SVC_CONFLICT);
    CHECK_INT(record_get(st, &v_w1, record, 0, &r), SVC_OK);
    CHECK_STR(r.state, "signed");
    CHECK_INT(r.ndisagreements, 1);
    record_free(&r);
}

/* A second connection that signs the record while holding the write lock:
 * the supervisee's other tab, a moment earlier. */
typedef struct {
    int64_t record;
    SvcResult rc;
    SvcError e;
    Store *conn;
} Racer;

static void *sign_in_thread(void *arg)
{
    Racer *x = arg;
    SvcActor w1 = as(&v_w1);
    x->rc = record_sign(x->conn, &w1, x->record, &x->e);
    return NULL;
}

/* The sign that lost the race: it read the record as sent, then waited for
 * the write lock while the other signature committed. (Before: its
 * statement changed nothing and it answered SVC_FAILED, a 500.) */
static void test_sign_lost_race(Store *s)
{
    organisation(s);
    int64_t record = sent_record("2026-11-18");
    Racer x = {.record = record, .conn = test_store_open()};
    if (!x.conn) return;
    /* This connection takes the write lock and signs... */
    CHECK_INT(store_begin(st), STORE_OK);
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, sign_in_thread, &x), 0);
    usleep(300 * 1000); /* ...while the other has read the record and waits for the lock */
    Param p[] = {P_INT(record), P_INT(1), P_INT(1790000000)};
    int64_t changed = 0;
    CHECK_INT(store_exec(st, STMT_RECORD_SIGN, p, 3, &changed), STORE_OK);
    CHECK_INT(changed, 1);
    CHECK_INT(store_commit(st), STORE_OK);
    pthread_join(t, NULL);
    CHECK_INT(x.rc, SVC_CONFLICT);
    CHECK_HAS(x.e.message, "signed");
    store_close(x.conn);
    CHECK_STR(state_of(record), "signed");
}

static void test_booking_view(Store *s)
{
    organisation(s);
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), l1 = as(&v_l1), x1 = as(&v_x1);
    SvcError e = {0};
    int64_t ref = book("2026-11-23");
    BookingView v;
    CHECK_INT(booking_view(st, &m1, ref, &v), SVC_OK);
    CHECK(v.party && v.may_change && v.may_sample && v.may_start_record);
    CHECK_STR(v.booking.supervisee_id, "W1");
    CHECK_INT(v.nevents, 1);
    if (v.nevents) CHECK_STR(v.events[0].kind, "booked");
    booking_view_free(&v);
    CHECK_INT(booking_view(st, &w1, ref, &v), SVC_OK); /* the supervisee: no sample, no record to start */
    CHECK(v.party && v.may_change && !v.may_sample && !v.may_start_record);
    booking_view_free(&v);
    CHECK_INT(booking_view(st, &l1, ref, &v), SVC_OK); /* reads, changes nothing */
    CHECK(!v.party && !v.may_change && !v.may_sample && !v.may_start_record);
    booking_view_free(&v);
    CHECK_INT(booking_view(st, &x1, ref, &v), SVC_NOT_FOUND);
    CHECK_INT(booking_view(st, &m1, ref + 1000, &v), SVC_NOT_FOUND);
    /* The calendar: only the two. */
    Booking b;
    CHECK_INT(calendar_booking(st, &v_w1, ref, &b), SVC_OK);
    CHECK_INT(calendar_booking(st, &v_l1, ref, &b), SVC_NOT_FOUND);
    CHECK_INT(calendar_booking(st, &v_x1, ref, &b), SVC_NOT_FOUND);
    /* The hub's lists. */
    BookingList bl;
    CHECK_INT(bookings_upcoming(st, &v_w1, &bl), SVC_OK);
    bool listed = false;
    for (size_t i = 0; i < bl.n; i++) listed = listed || bl.items[i].ref == ref;
    CHECK(listed);
    booking_list_free(&bl);
    CHECK_INT(bookings_upcoming(st, &v_x1, &bl), SVC_OK);
    CHECK_INT(bl.n, 0);
    booking_list_free(&bl);
    BookableList whom;
    CHECK_INT(booking_whom(st, &m1, &whom), SVC_OK);
    CHECK_INT(whom.n, 3); /* their own supervision, then their supervisees' by name */
    if (whom.n == 3) {
        CHECK(whom.items[0].self);
        CHECK_STR(whom.items[1].id, "W2"); /* Wren */
        CHECK_STR(whom.items[2].id, "W1"); /* Wyn */
    }
    bookable_list_free(&whom);
    /* An agenda item's booking, for who may see it. */
    CHECK_INT(agenda_add(st, &w1, ref, "topic", "Leave", NULL, false, &e), SVC_OK);
    CHECK_INT(booking_view(st, &w1, ref, &v), SVC_OK);
    int64_t item = v.agenda.n ? v.agenda.items[0].ref : 0, booking = 0;
    booking_view_free(&v);
    CHECK_INT(agenda_item_booking(st, &v_l1, item, &booking), SVC_OK);
    CHECK_INT(booking, ref);
    CHECK_INT(agenda_item_booking(st, &v_x1, item, &booking), SVC_NOT_FOUND);
    CHECK_INT(agenda_item_booking(st, &v_w1, item + 1000, &booking), SVC_NOT_FOUND);
    /* Cancelled in one tab; moved or added to in another. */
    CHECK_INT(booking_cancel(st, &w1, ref, "Court", &e), SVC_OK);
    BookingInput in = {.date = "2026-11-25", .start_time = "11:00", .minutes = "", .place = "Room 3"};
    char warning[300];
    CHECK_INT(booking_move(st, &m1, ref, &in, "", warning, sizeof warning, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "cancelled");
    CHECK_INT(agenda_add(st, &m1, ref, "topic", "Late", NULL, false, &e), SVC_CONFLICT);
    CHECK_INT(booking_view(st, &m1, ref, &v), SVC_OK);
    CHECK_STR(v.booking.date, "2026-11-23"); /* not moved */
    CHECK_INT(v.agenda.n, 1);
    CHECK(!v.may_change);
    booking_view_free(&v);
}

static void test_calendar_feed(Store *s)
{
    organisation(s);
    SvcActor w1 = as(&v_w1), x1 = as(&v_x1);
    int64_t ref = book("2026-11-24");
    /* A feed answers only while its staff record has an enabled account. */
    char err[256];
    CHECK_INT(account_add(st, "wyn", "W1", "a long enough password", NULL, 0, err, sizeof err), ACCOUNT_OK);
    CHECK_INT(account_add(st, "xan", "X1", "a long enough password", NULL, 0, err, sizeof err), ACCOUNT_OK);
    char token[TOKEN_CHARS + 1];
    int64_t made = 1;
    CHECK_INT(calendar_feed_made(st, &v_w1, &made), SVC_OK);
    CHECK_INT(made, 0);
    CHECK_INT(calendar_feed_new(st, &w1, token), SVC_OK);
    CHECK_INT(calendar_feed_made(st, &v_w1, &made), SVC_OK);
    CHECK_INT(made, w1.now);
    BookingList l;
    CHECK_INT(calendar_feed(st, token, today, &l), SVC_OK);
    bool listed = false;
    for (size_t i = 0; i < l.n; i++) listed = listed || l.items[i].ref == ref;
    CHECK(listed);
    booking_list_free(&l);
    char other[TOKEN_CHARS + 1];
    CHECK_INT(calendar_feed_new(st, &x1, other), SVC_OK);
    CHECK_INT(calendar_feed(st, other, today, &l), SVC_OK);
    CHECK_INT(l.n, 0); /* X1's feed has none of W1's sessions */
    booking_list_free(&l);
    token[0] = token[0] == 'A' ? 'B' : 'A';
    CHECK_INT(calendar_feed(st, token, today, &l), SVC_NOT_FOUND);
    CHECK_INT(calendar_feed(st, "short", today, &l), SVC_NOT_FOUND);
}

static void test_agreement_view(Store *s)
{
    organisation(s);
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), l1 = as(&v_l1), x1 = as(&v_x1);
    SvcError e = {0};
    AgreementView v;
    CHECK_INT(agreement_view(st, &m1, "W1", &v), SVC_OK);
    CHECK(!v.found && v.may_write && !v.may_agree);
    CHECK_INT(v.state, AGREEMENT_NONE);
    CHECK(v.defaults.place && *v.defaults.place);
    agreement_view_free(&v);
    AgreementTerms t = {.every = "3w",
                        .minutes = "90",
                        .place = "Room 2",
                        .record_keeping = "Copies",
                        .content = "All",
                        .confidentiality = "Private",
                        .disagreements = "Escalate"};
    int64_t first = 0, second = 0;
    CHECK_INT(agreement_write_id(st, &m1, "W1", &t, &first, &e), SVC_OK);
    CHECK_INT(agreement_write_id(st, &x1, "W1", &t, &first, &e), SVC_NOT_FOUND); /* not theirs: as if not there */
    CHECK_INT(agreement_write_id(st, &m1, "NOPE", &t, &first, &e), SVC_NOT_FOUND);
    CHECK_INT(agreement_view(st, &w1, "W1", &v), SVC_OK);
    CHECK(v.found && v.may_agree && !v.may_write);
    CHECK_INT(v.state, AGREEMENT_PROPOSED);
    agreement_view_free(&v);
    CHECK_INT(agreement_view(st, &l1, "W1", &v), SVC_OK);
    CHECK(v.found && !v.may_agree && !v.may_write);
    agreement_view_free(&v);
    CHECK_INT(agreement_view(st, &x1, "W1", &v), SVC_NOT_FOUND);
    CHECK_INT(agreement_view(st, &m1, "NOPE", &v), SVC_NOT_FOUND);
    /* The supervisor wrote a new proposal while the supervisee read the first. */
    t.every = "2w";
    CHECK_INT(agreement_write_id(st, &m1, "W1", &t, &second, &e), SVC_OK);
    CHECK_INT(agreement_agree(st, &w1, first, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "changed this agreement meanwhile");
    CHECK_INT(agreement_view(st, &w1, "W1", &v), SVC_OK);
    CHECK_INT(v.state, AGREEMENT_PROPOSED); /* nothing agreed */
    agreement_view_free(&v);
    CHECK_INT(agreement_agree(st, &w1, second, &e), SVC_OK);
}

static void test_escalation_races(Store *s)
{
    organisation(s);
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), l1 = as(&v_l1);
    SvcError e = {0};
    int64_t record = sent_record("2026-11-19"), esc = 0, again = 0;
    CHECK_INT(record_disagree(st, &w1, record, "No", &e), SVC_OK);
    CHECK_INT(escalation_raise(st, &w1, record, "Please", &esc, &e), SVC_OK);
    CHECK_INT(escalation_raise(st, &m1, record, "Me too", &again, &e), SVC_CONFLICT); /* at the same time */
    CHECK_INT(escalation_respond(st, &l1, esc, "Agreed to change it", true, &e), SVC_OK);
    /* The line manager's second tab; the supervisee taking it further. */
    CHECK_INT(escalation_respond(st, &l1, esc, "And another thing", false, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "resolved meanwhile");
    CHECK_INT(escalation_escalate(st, &w1, esc, "Not settled", &e), SVC_CONFLICT);
    EscalationList l;
    CHECK_INT(escalation_get(st, &v_w1, esc, &l), SVC_OK);
    CHECK_INT(l.items[0].nevents, 3); /* raised, response, resolved: nothing added */
    CHECK_INT(l.items[0].level, 1);
    escalation_list_free(&l);
}

static void test_concern_views(Store *s)
{
    organisation(s);
    SvcActor w1 = as(&v_w1);
    SvcError e = {0};
    CHECK_INT(concern_raise(st, &w1, "C2", "incident", "2026-11-20", "A fall", &e), SVC_OK);
    Param p[] = {P_STR("C2")};
    StoreRows *q = store_query(st, STMT_CASE_BY_ID, p, 1);
    CHECK(q && store_next(q) == 1);
    int64_t case_ref = q ? store_col_int(q, 0) : 0;
    if (q) store_rows_close(q);
    ConcernList l;
    CHECK_INT(concerns_of_case(st, &v_w1, case_ref, &l), SVC_OK);
    CHECK(l.may_write && l.n == 1);
    int64_t ref = l.n ? l.items[0].ref : 0;
    concern_list_free(&l);
    CHECK_INT(concerns_of_case(st, &v_l1, case_ref, &l), SVC_OK); /* reads, records nothing */
    CHECK(!l.may_write && l.n == 1);
    concern_list_free(&l);
    CHECK_INT(concerns_of_case(st, &v_x1, case_ref, &l), SVC_NOT_FOUND);
    char id[65];
    CHECK_INT(concern_case_id(st, &v_l1, ref, id), SVC_OK);
    CHECK_STR(id, "C2");
    CHECK_INT(concern_case_id(st, &v_x1, ref, id), SVC_NOT_FOUND);
    CHECK_INT(concern_case_id(st, &v_w1, ref + 1000, id), SVC_NOT_FOUND);
}

/* ---- confidential items across versions ---- */

static int topic_at(const char *id)
{
    for (size_t i = 0; i < record_ntopics; i++)
        if (strcmp(record_topics[i].id, id) == 0) return (int)i;
    return -1;
}

/* The supervisor saves the draft: wellbeing, training and workload, with
 * the supervisor's box ticked on the topics in marked (space-separated). */
static void save_as_m1(int64_t record, const char *marked)
{
    SvcActor m1 = as(&v_m1);
    SvcError e = {0};
    const char *texts[16] = {0};
    bool conf[16] = {0};
    texts[topic_at("wellbeing")] = "Off sick with stress in October";
    texts[topic_at("training")] = "Wants the court skills course";
    texts[topic_at("workload")] = "Caseload is heavy";
    char pad[80];
    strfmt(pad, sizeof pad, " %s ", marked);
    for (size_t i = 0; i < record_ntopics; i++) {
        char id[32];
        strfmt(id, sizeof id, " %s ", record_topics[i].id);
        conf[i] = strstr(pad, id) != NULL;
    }
    CHECK_INT(record_save(st, &m1, record, texts, conf, &e), SVC_OK);
}

static const RecordItem *item_in(const Record *r, const char *topic)
{
    for (size_t i = 0; i < r->nitems; i++)
        if (strcmp(r->items[i].topic, topic) == 0) return &r->items[i];
    return NULL;
}

/* Version `version` as viewer v reads it: the topics in secret withheld
 * (text "", confidential) unless v is one of the two; workload readable. */
static void check_version(int64_t record, int version, const Viewer *v, const char *who, bool party,
                          const char *const *secret, size_t nsecret)
{
    Record r;
    CHECK_INT(record_get(st, v, record, version, &r), SVC_OK);
    CHECK_INT(r.version, version);
    for (size_t i = 0; i < nsecret; i++) {
        const RecordItem *it = item_in(&r, secret[i]);
        CHECK(it != NULL);
        if (!it) continue;
        if (it->hidden == party || (party ? it->text[0] == 0 : it->text[0] != 0))
            fprintf(stderr, "  version %d, %s, item %s: hidden %d, text \"%s\"\n", version, who, secret[i], it->hidden,
                    it->text);
        CHECK(it->confidential);
        CHECK(it->hidden == !party);
        CHECK(party ? it->text[0] != 0 : it->text[0] == 0);
    }
    const RecordItem *w = item_in(&r, "workload");
    CHECK(w && !w->hidden && strcmp(w->text, "Caseload is heavy") == 0);
    if (!party) CHECK_INT(r.nevents, 0);
    record_free(&r);
}

/* Every version, every kind of viewer: the two read the items, the line
 * manager above, the senior manager and the auditor do not. */
static void check_all(int64_t record, int versions, const char *const *secret, size_t nsecret)
{
    for (int version = 1; version <= versions; version++) {
        check_version(record, version, &v_m1, "supervisor", true, secret, nsecret);
        check_version(record, version, &v_w1, "supervisee", true, secret, nsecret);
        check_version(record, version, &v_l1, "manager above", false, secret, nsecret);
        check_version(record, version, &v_senior, "senior manager", false, secret, nsecret);
        check_version(record, version, &v_auditor, "auditor", false, secret, nsecret);
    }
}

/* Once both have marked an item, in any version, it is withheld from
 * everyone else in every version: the supervisor amending the record and
 * saving it without the box does not lift it, and an item both marked only
 * in version 2 is withheld in version 1 too. (Before: wellbeing was
 * readable by the auditor in version 2, training in version 1.) Only the
 * two together lift it: one asks, the other agrees; each step is an event
 * the two can read. */
static void test_confidential_versions(Store *s)
{
    organisation(s);
    SvcActor m1 = as(&v_m1), w1 = as(&v_w1), l1 = as(&v_l1), sen = as(&v_senior), aud = as(&v_auditor);
    SvcError e = {0};
    int64_t record = 0;
    CHECK_INT(record_start(st, &m1, book("2026-11-16"), &record, &e), SVC_OK);
    save_as_m1(record, "wellbeing");
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(record_confidential(st, &w1, record, "wellbeing", true, &e), SVC_OK);
    CHECK_INT(record_sign(st, &w1, record, &e), SVC_OK);
    const char *wellbeing[] = {"wellbeing"}, *both[] = {"wellbeing", "training"};
    check_all(record, 1, wellbeing, 1);

    /* Version 2: the supervisor unticks wellbeing, and both mark training. */
    CHECK_INT(record_amend(st, &m1, record, "Training added", &e), SVC_OK);
    save_as_m1(record, "training");
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    CHECK_INT(record_confidential(st, &w1, record, "training", true, &e), SVC_OK);
    CHECK_INT(record_sign(st, &w1, record, &e), SVC_OK);
    check_all(record, 2, both, 2);

    /* Version 3, sent: the supervisee cannot unmark either alone. */
    CHECK_INT(record_amend(st, &m1, record, "Dates corrected", &e), SVC_OK);
    save_as_m1(record, "");
    CHECK_INT(record_send(st, &m1, record, &e), SVC_OK);
    memset(&e, 0, sizeof e);
    CHECK_INT(record_confidential(st, &w1, record, "wellbeing", false, &e), SVC_CONFLICT);
    CHECK_HAS(e.message, "until you both agree to lift it");
    check_all(record, 3, both, 2);

    /* Nobody else can ask to lift it; one of the two asking does not lift it. */
    CHECK(record_lift_confidential(st, &l1, record, "wellbeing", &e) != SVC_OK);
    CHECK(record_lift_confidential(st, &sen, record, "wellbeing", &e) != SVC_OK);
    CHECK(record_lift_confidential(st, &aud, record, "wellbeing", &e) != SVC_OK);
    CHECK_INT(record_lift_confidential(st, &m1, record, "workload", &e), SVC_CONFLICT); /* not confidential */
    CHECK_INT(record_lift_confidential(st, &m1, record, "wellbeing", &e), SVC_OK);
    CHECK_INT(record_lift_confidential(st, &m1, record, "wellbeing", &e), SVC_CONFLICT); /* asked already */
    check_all(record, 3, both, 2);
    Record r;
    CHECK_INT(record_get(st, &v_w1, record, 0, &r), SVC_OK);
    CHECK_INT(item_in(&r, "wellbeing") ? item_in(&r, "wellbeing")->lift_proposed_by : 0, ref_of("M1"));
    record_free(&r);

    /* The other agrees: lifted, in every version; training stays. */
    CHECK_INT(record_lift_confidential(st, &w1, record, "wellbeing", &e), SVC_OK);
    const char *training[] = {"training"};
    check_all(record, 3, training, 1);
    for (int version = 1; version <= 3; version++) {
        CHECK_INT(record_get(st, &v_auditor, record, version, &r), SVC_OK);
        const RecordItem *it = item_in(&r, "wellbeing");
        CHECK(it && !it->hidden && !it->confidential && it->lifted &&
              strcmp(it->text, "Off sick with stress in October") == 0);
        record_free(&r);
    }
    /* The unsigned latest version no longer carries the marks; the signed ones keep theirs. */
    CHECK_INT(record_get(st, &v_m1, record, 3, &r), SVC_OK);
    CHECK(item_in(&r, "wellbeing") && !item_in(&r, "wellbeing")->confidential_supervisor &&
          !item_in(&r, "wellbeing")->confidential_supervisee);
    record_free(&r);
    CHECK_INT(record_get(st, &v_m1, record, 1, &r), SVC_OK);
    CHECK(item_in(&r, "wellbeing") && item_in(&r, "wellbeing")->confidential_supervisee);

    /* What happened, with who and when, for the two. */
    CHECK_INT(r.nevents, 4);
    if (r.nevents == 4) {
        const char *want[][3] = {{"wellbeing", "confidential", "W1"},
                                 {"training", "confidential", "W1"},
                                 {"wellbeing", "lift-proposed", "M1"},
                                 {"wellbeing", "lifted", "W1"}};
        for (size_t i = 0; i < 4; i++) {
            CHECK_STR(r.events[i].topic, want[i][0]);
            CHECK_STR(r.events[i].kind, want[i][1]);
            CHECK_STR(r.events[i].by_id, want[i][2]);
            CHECK_INT(r.events[i].at, 1790000000);
        }
    }
    record_free(&r);
    CHECK_INT(record_get(st, &v_w1, record, 2, &r), SVC_OK);
    CHECK_INT(r.nevents, 4);
    record_free(&r);
}

int main(void)
{
    if (!fixture_init()) return 1;
    RUN_STORES(test_record_view);
    RUN_STORES(test_sign_stale_version);
    RUN_STORES(test_sign_lost_race);
    RUN_STORES(test_booking_view);
    RUN_STORES(test_calendar_feed);
    RUN_STORES(test_agreement_view);
    RUN_STORES(test_escalation_races);
    RUN_STORES(test_concern_views);
    RUN_STORES(test_confidential_versions);
    fixture_done();
    TEST_DONE();
}
