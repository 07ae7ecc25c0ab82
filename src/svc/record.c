/* record.c: the decisions of record.h. */
#include "svc/record.h"

#include <stdio.h>
#include <string.h>

#include "svc/action.h"
#include "svc/booking.h"
#include "svc/due.h"
#include "svc/inbox.h"
#include "svc/record_log.h"
#include "svc/retention.h"
#include "svc/staff.h"

const RecordTopic record_topics[] = {
    {"workload", "support", "Workload and caseload",
     "Is the caseload manageable? What is taking the most time, and what can change?"},
    {"wellbeing", "support", "Wellbeing and stress", "How are you? What is affecting you, at work or outside it?"},
    {"leave", "support", "Leave and sickness", "Leave taken and planned, sickness, and any support needed."},
    {"events", "support", "Significant events", "Complaints, incidents, changes in the team or the service."},
    {"needs", "development", "Development needs", "What do you want to learn or get better at next?"},
    {"training", "development", "Training", "Training done, booked and wanted."},
    {"first-year", "development", "Newly qualified year progress",
     "For a newly qualified worker: progress against the first-year programme."},
    {"registration", "development", "Professional registration evidence",
     "Learning and reflection that count towards continuing registration."},
    {"notes", "other", "Other notes", "Anything else discussed."},
};
const size_t record_ntopics = sizeof record_topics / sizeof record_topics[0];

static int topic_index(const char *id)
{
    for (size_t i = 0; i < record_ntopics; i++)
        if (strcmp(record_topics[i].id, id) == 0) return (int)i;
    return -1;
}

/* The record's head at one version: 1 found, 0 none, <0 failure. version 0
 * reads the latest. */
static int load_head(Store *st, int64_t ref, int version, Record *out)
{
    if (version <= 0) {
        Param q[] = {P_INT(ref), P_INT(1)};
        StoreRows *r = store_query(st, STMT_RECORD_GET, q, 2);
        if (!r) return STORE_ERROR;
        int got = store_next(r);
        if (got == 1) version = (int)store_col_int(r, RC_LATEST);
        store_rows_close(r);
        if (got != 1) return got;
    }
    Param p[] = {P_INT(ref), P_INT(version)};
    StoreRows *r = store_query(st, STMT_RECORD_GET, p, 2);
    if (!r) return STORE_ERROR;
    int got = store_next(r);
    if (got == 1) {
        out->ref = store_col_int(r, RC_REF);
        out->booking_ref = store_col_int(r, RC_BOOKING_REF);
        out->supervisor_ref = store_col_int(r, RC_SUPERVISOR_REF);
        out->supervisee_ref = store_col_int(r, RC_SUPERVISEE_REF);
        svc_col_copy(r, RC_DATE, out->date, sizeof out->date);
        out->latest = (int)store_col_int(r, RC_LATEST);
        out->version = version;
        svc_col_copy(r, RC_STATE, out->state, sizeof out->state);
        out->reason = svc_col_dup(&out->strings, r, RC_REASON);
        out->sent_at = svc_col_int0(r, RC_SENT_AT);
        svc_col_copy(r, RC_SENT_DATE, out->sent_date, sizeof out->sent_date);
        out->supervisor_signed_at = svc_col_int0(r, RC_SUPERVISOR_SIGNED_AT);
        out->supervisee_signed_at = svc_col_int0(r, RC_SUPERVISEE_SIGNED_AT);
        out->session_ref = svc_col_int0(r, RC_SESSION_REF);
    }
    store_rows_close(r);
    return got;
}

/* Appends the case notes a query returns (CASE_NOTE_SELECT rows) to out,
 * with their answers. */
static SvcResult load_notes(Store *st, StmtId stmt, const Param *p, int np, Record *out)
{
    StoreRows *r = store_query(st, stmt, p, np);
    if (!r) return SVC_FAILED;
    int got;
    size_t first = out->nnotes;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->notes, &out->notes_cap, out->nnotes + 1, sizeof *out->notes);
        CaseNote *n = &out->notes[out->nnotes++];
        memset(n, 0, sizeof *n);
        Arena *a = &out->strings;
        n->ref = store_col_int(r, CN_REF);
        n->case_ref = store_col_int(r, CN_CASE_REF);
        n->record_ref = svc_col_int0(r, CN_RECORD_REF);
        svc_col_copy(r, CN_CASE_ID, n->case_id, sizeof n->case_id);
        svc_col_copy(r, CN_CATEGORY, n->category, sizeof n->category);
        svc_col_copy(r, CN_DATE, n->date, sizeof n->date);
        svc_col_copy(r, CN_PROMPTS, n->prompts, sizeof n->prompts);
        n->synopsis = svc_col_dup(a, r, CN_SYNOPSIS);
        n->analysis = svc_col_dup(a, r, CN_ANALYSIS);
        n->decision = svc_col_dup(a, r, CN_DECISION);
        n->rationale = svc_col_dup(a, r, CN_RATIONALE);
        n->tasks = svc_col_dup(a, r, CN_TASKS);
        n->departs = store_col_int(r, CN_DEPARTS) != 0;
        n->departure = svc_col_dup(a, r, CN_DEPARTURE);
        n->checklist = svc_col_dup(a, r, CN_CHECKLIST);
        svc_col_copy(r, CN_WRITER_ID, n->writer_id, sizeof n->writer_id);
        svc_col_copy(r, CN_WRITER_NAME, n->writer_name, sizeof n->writer_name);
        svc_col_copy(r, CN_SESSION_TYPE, n->session_type, sizeof n->session_type);
        n->version = (int)svc_col_int0(r, CN_VERSION);
        n->origin_ref = store_col_int(r, CN_ORIGIN);
        n->changed = store_col_int(r, CN_CHANGED) != 0;
        n->withdrawn = svc_col_dup(a, r, CN_WITHDRAWN);
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    /* Only one query may be open at a time: answers after the notes. */
    for (size_t i = first; i < out->nnotes; i++) {
        CaseNote *n = &out->notes[i];
        Param q[] = {P_INT(n->ref)};
        r = store_query(st, STMT_CASE_NOTE_ANSWERS, q, 1);
        if (!r) return SVC_FAILED;
        size_t cap = 0;
        while ((got = store_next(r)) == 1) {
            xgrow((void **)&n->answers, &cap, n->nanswers + 1, sizeof *n->answers);
            CaseNoteAnswer *ans = &n->answers[n->nanswers++];
            svc_col_copy(r, 0, ans->prompt, sizeof ans->prompt);
            ans->text = svc_col_dup(&out->strings, r, 1);
        }
        store_rows_close(r);
        if (got < 0) return SVC_FAILED;
    }
    return SVC_OK;
}

/* The one decision of who reads an item's text: the two always; anyone
 * else only while the item is not confidential. An item's confidentiality
 * is the record's, not the version's (record_confidential): so an earlier
 * version, or a later one in which one side took their mark off, shows
 * nobody else what the two agreed to keep between them. */
static bool item_withheld(const Record *r, const RecordItem *it) { return it->confidential && !r->party; }

/* The confidentiality of each item of record ref that has ever had one
 * (topic, lifted, who proposed lifting): 1 loaded, <0 failure. */
typedef struct {
    char topic[24];
    bool lifted;
    int64_t proposer;
} ItemSecrecy;

static int load_secrecy(Store *st, int64_t ref, ItemSecrecy **out, size_t *n)
{
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, STMT_RECORD_CONFIDENTIAL_OF, p, 1);
    if (!r) return STORE_ERROR;
    int got;
    size_t cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)out, &cap, *n + 1, sizeof **out);
        ItemSecrecy *x = &(*out)[(*n)++];
        svc_col_copy(r, 0, x->topic, sizeof x->topic);
        x->lifted = svc_col_int0(r, 1) != 0;
        x->proposer = svc_col_int0(r, 2);
    }
    store_rows_close(r);
    return got < 0 ? got : 1;
}

static SvcResult load_events(Store *st, Record *out)
{
    Param p[] = {P_INT(out->ref)};
    StoreRows *r = store_query(st, STMT_RECORD_CONFIDENTIAL_EVENTS, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    size_t cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->events, &cap, out->nevents + 1, sizeof *out->events);
        ConfidentialityEvent *ev = &out->events[out->nevents++];
        memset(ev, 0, sizeof *ev);
        svc_col_copy(r, 0, ev->topic, sizeof ev->topic);
        ev->at = store_col_int(r, 1);
        svc_col_copy(r, 2, ev->kind, sizeof ev->kind);
        svc_col_copy(r, 3, ev->by_id, sizeof ev->by_id);
        svc_col_copy(r, 4, ev->by_name, sizeof ev->by_name);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

/* The areas' items of a record whose head is loaded, each confidential or
 * withheld as item_withheld decides. */
static SvcResult load_items(Store *st, Record *out)
{
    ItemSecrecy *secrecy = NULL;
    size_t nsecrecy = 0;
    if (load_secrecy(st, out->ref, &secrecy, &nsecrecy) < 0) {
        free(secrecy);
        return SVC_FAILED;
    }
    Param p[] = {P_INT(out->ref), P_INT(out->version)};
    StoreRows *r = store_query(st, STMT_RECORD_ITEMS, p, 2);
    if (!r) {
        free(secrecy);
        return SVC_FAILED;
    }
    int got;
    size_t cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &cap, out->nitems + 1, sizeof *out->items);
        RecordItem *it = &out->items[out->nitems++];
        memset(it, 0, sizeof *it);
        svc_col_copy(r, 0, it->topic, sizeof it->topic);
        it->confidential_supervisor = store_col_int(r, 2) != 0;
        it->confidential_supervisee = store_col_int(r, 3) != 0;
        for (size_t i = 0; i < nsecrecy; i++)
            if (strcmp(secrecy[i].topic, it->topic) == 0) {
                it->confidential = !secrecy[i].lifted;
                it->lifted = secrecy[i].lifted;
                if (out->party) it->lift_proposed_by = secrecy[i].proposer;
            }
        it->hidden = item_withheld(out, it);
        it->text = it->hidden ? "" : svc_col_dup(&out->strings, r, 1);
    }
    store_rows_close(r);
    free(secrecy);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

/* The rest of a record once its head is loaded. */
static SvcResult load_body(Store *st, Record *out)
{
    if (load_items(st, out) != SVC_OK) return SVC_FAILED;
    if (out->party && load_events(st, out) != SVC_OK) return SVC_FAILED;
    Param p[] = {P_INT(out->ref), P_INT(out->version)};
    if (load_notes(st, STMT_CASE_NOTES_OF_VERSION, p, 2, out) != SVC_OK) return SVC_FAILED;
    Param q[] = {P_INT(out->ref)};
    StoreRows *r = store_query(st, STMT_ACTIONS_OF_RECORD, q, 1);
    if (!r) return SVC_FAILED;
    int got;
    size_t cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->actions, &cap, out->nactions + 1, sizeof *out->actions);
        action_read_row(r, &out->strings, &out->actions[out->nactions++]);
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    r = store_query(st, STMT_ACTIONS_FOLLOWED_UP_IN, q, 1);
    if (!r) return SVC_FAILED;
    cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->followed, &cap, out->nfollowed + 1, sizeof *out->followed);
        action_read_row(r, &out->strings, &out->followed[out->nfollowed++]);
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    for (size_t i = 0; i < out->nactions; i++)
        if (action_load_updates(st, &out->strings, &out->actions[i]) != SVC_OK) return SVC_FAILED;
    for (size_t i = 0; i < out->nfollowed; i++)
        if (action_load_updates(st, &out->strings, &out->followed[i]) != SVC_OK) return SVC_FAILED;
    r = store_query(st, STMT_DISAGREEMENTS_OF, q, 1);
    if (!r) return SVC_FAILED;
    cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->disagreements, &cap, out->ndisagreements + 1, sizeof *out->disagreements);
        Disagreement *d = &out->disagreements[out->ndisagreements++];
        d->version = (int)store_col_int(r, 0);
        d->at = store_col_int(r, 1);
        svc_col_copy(r, 2, d->by_id, sizeof d->by_id);
        svc_col_copy(r, 3, d->by_name, sizeof d->by_name);
        d->text = svc_col_dup(&out->strings, r, 4);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void record_free(Record *r)
{
    free(r->items);
    for (size_t i = 0; i < r->nnotes; i++) free(r->notes[i].answers);
    free(r->notes);
    for (size_t i = 0; i < r->nactions; i++) free(r->actions[i].updates);
    free(r->actions);
    for (size_t i = 0; i < r->nfollowed; i++) free(r->followed[i].updates);
    free(r->followed);
    free(r->disagreements);
    free(r->events);
    arena_free(&r->strings);
    memset(r, 0, sizeof *r);
}

bool record_note_purged(const CaseNote *n) { return !n->decision || !n->decision[0]; }

/* Whether the record's texts were purged, and when and why, into out: 1,
 * 0 (kept), <0. */
static int load_purge(Store *st, Record *out)
{
    PurgeInfo p;
    int got = retention_purged(st, false, out->ref, &p);
    if (got == 1) {
        date_format((Date)(p.at > 0 ? p.at / 86400 : 0), out->purged_on);
        strfmt(out->purged_rule, sizeof out->purged_rule, "%s", p.rule);
    }
    return got;
}

/* record_get and record_get_items: the head, the access decision, then the
 * body (whole, or the items only). */
static SvcResult get(Store *st, const Viewer *v, int64_t record_ref, int version, bool whole, Record *out)
{
    memset(out, 0, sizeof *out);
    int got = load_head(st, record_ref, version, out);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_NOT_FOUND;
    out->party = v->staff_ref && (v->staff_ref == out->supervisor_ref || v->staff_ref == out->supervisee_ref);
    if (!out->party) {
        Access acc = access_person(st, v, out->supervisee_ref);
        if (acc != ACCESS_ALLOWED) {
            record_free(out);
            return acc == ACCESS_FAILED ? SVC_FAILED : SVC_NOT_FOUND;
        }
    }
    if ((whole ? load_body(st, out) : load_items(st, out)) != SVC_OK || load_purge(st, out) < 0) {
        record_free(out);
        return SVC_FAILED;
    }
    return SVC_OK;
}

SvcResult record_get(Store *st, const Viewer *v, int64_t record_ref, int version, Record *out)
{
    return get(st, v, record_ref, version, true, out);
}

SvcResult record_get_items(Store *st, const Viewer *v, int64_t record_ref, int version, Record *out)
{
    return get(st, v, record_ref, version, false, out);
}

/* A conflict's sentence: what the record became meanwhile. */
static const char *state_news(const char *state)
{
    return strcmp(state, "draft") == 0    ? "is a draft again, being written by the supervisor"
           : strcmp(state, "sent") == 0   ? "was sent to the supervisee to sign"
           : strcmp(state, "signed") == 0 ? "was signed by both"
                                          : "was disputed by the supervisee";
}

/* Starts a change to a record by `who` ("supervisor" or "supervisee") while
 * the latest version is in one of the states allowed (space-separated); seen
 * is the version the person acted on (0: whichever is the latest). The
 * transaction is begun first and the record read inside it, where writers
 * are serialised: what is checked here is what the writes find, so someone
 * else's change a moment earlier is a conflict, never a failed statement.
 * On SVC_OK the transaction is open and *out holds the latest version's
 * head; otherwise it is rolled back. */
static SvcResult begin_change(Store *st, const SvcActor *a, int64_t ref, int seen, const char *who, const char *states,
                              Record *out, SvcError *e)
{
    memset(out, 0, sizeof *out);
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    int got = load_head(st, ref, 0, out);
    SvcResult rc = SVC_OK;
    bool supervisor = got == 1 && access_write_party(a->viewer, out->supervisor_ref, 0);
    bool supervisee = got == 1 && access_write_party(a->viewer, 0, out->supervisee_ref);
    char padded[48], allowed[64];
    strfmt(padded, sizeof padded, " %s ", out->state);
    strfmt(allowed, sizeof allowed, " %s ", states);
    if (got < 0)
        rc = SVC_FAILED;
    else if (got == 0 || (!supervisor && !supervisee)) /* not theirs: as if not there (access.h) */
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such record");
    else if (strcmp(who, "supervisor") == 0 ? !supervisor : !supervisee)
        rc = svc_fail(e, SVC_REFUSED, "", "Only the %s can do this", who);
    else if (seen > 0 && seen != out->version)
        rc = svc_fail(e, SVC_CONFLICT, "",
                      "Version %d of this record was written since you opened version %d, and it %s. Nothing was"
                      " changed: read version %d, then answer it.",
                      out->version, seen, state_news(out->state), out->version);
    else if (load_purge(st, out) != 0)
        rc = out->purged_on[0] ? svc_fail(e, SVC_CONFLICT, "",
                                          "The texts of this record were deleted on %s under the retention policy, so"
                                          " it cannot be changed. Nothing was changed.",
                                          out->purged_on)
                               : SVC_FAILED;
    else if (!strstr(allowed, padded))
        rc = svc_fail(e, SVC_CONFLICT, "",
                      "This record %s, so it cannot be changed this way now. Nothing was changed: read it as it"
                      " is now.",
                      state_news(out->state));
    if (rc != SVC_OK) {
        store_rollback(st);
        record_free(out);
    }
    return rc;
}

SvcResult record_start(Store *st, const SvcActor *a, int64_t booking_ref, int64_t *record_ref, SvcError *e)
{
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    /* Read inside the transaction: two clicks, or the supervisee cancelling
     * at that moment, find the booking as the other left it. */
    Booking b;
    SvcResult rc = booking_get(st, a->viewer, booking_ref, &b);
    if (rc != SVC_OK)
        rc = rc == SVC_FAILED ? rc : svc_fail(e, rc, "", "There is no such booking");
    else if (!access_write_party(a->viewer, b.supervisor_ref, 0))
        rc = svc_fail(e, SVC_REFUSED, "", "Only the supervisor writes the record of a session");
    else if (b.record_ref) {
        *record_ref = b.record_ref; /* started already: the one record */
        store_rollback(st);
        return SVC_OK;
    } else if (strcmp(b.status, "booked") != 0)
        rc = svc_fail(e, SVC_CONFLICT, "", "This session was %s, so it has no record to write", b.status);
    Date d;
    if (rc == SVC_OK && (!date_parse(b.date, strlen(b.date), &d) || d > a->today))
        rc = svc_fail(e, SVC_CONFLICT, "", "The session is on %s: its record can be started on the day", b.date);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    char id[40], caseload[32];
    session_new_id(id);
    /* The caseload on the day, for the workload item. */
    int64_t open_cases = 0;
    Param cl[] = {P_INT(b.supervisee_ref), P_STR(b.date)};
    int64_t session = 0, changed = 0;
    Param s[] = {P_STR(id), P_STR(b.date), P_INT(b.supervisor_ref), P_STR("individual"), P_STR("held")};
    bool ok = store_query_int(st, STMT_CASELOAD_ON, cl, 2, &open_cases) == 1 &&
              store_query_int(st, STMT_SVC_SESSION_ADD, s, 5, &session) == 1;
    if (ok) {
        /* Held, record not sent: the session counts for nothing until the
         * record is sent (record_send); it keeps how late it was entered. */
        Param at[] = {P_INT(session), P_INT(b.supervisee_ref), P_STR(b.date), P_INT(0)};
        Param late[] = {P_INT(session), P_INT(booking_ref)};
        Param u[] = {P_INT(booking_ref), P_STR("held"), P_INT(session)};
        Param ev[] = {P_INT(booking_ref), P_INT(a->now), P_INT(a->viewer->staff_ref), P_STR("held"), P_NULL, P_NULL,
                      P_STR("")};
        Param rec[] = {P_INT(booking_ref), P_INT(b.supervisor_ref), P_INT(b.supervisee_ref), P_STR(b.date)};
        ok = store_exec(st, STMT_SVC_ATTENDEE_ADD, at, 4, NULL) == STORE_OK &&
             store_exec(st, STMT_SESSION_LATE_OF_BOOKING, late, 2, NULL) == STORE_OK &&
             store_exec(st, STMT_BOOKING_SET_STATUS, u, 3, &changed) == STORE_OK && changed == 1 &&
             store_exec(st, STMT_BOOKING_EVENT_ADD, ev, 7, NULL) == STORE_OK &&
             store_query_int(st, STMT_RECORD_ADD, rec, 4, record_ref) == 1;
    }
    if (ok) {
        Param v[] = {P_INT(*record_ref), P_INT(1), P_STR(""), P_INT(a->now)};
        strfmt(caseload, sizeof caseload, "%lld", (long long)open_cases);
        Param it[] = {P_INT(*record_ref), P_INT(1), P_STR("caseload"), P_STR(caseload), P_INT(0), P_INT(0)};
        ok = store_exec(st, STMT_RECORD_VERSION_ADD, v, 4, NULL) == STORE_OK &&
             store_exec(st, STMT_RECORD_ITEM_PUT, it, 6, NULL) == STORE_OK;
    }
    return svc_finish(st, SVC_OK, ok);
}

/* After a change to the marks of a version: each item both have now
 * marked becomes confidential in every version, an event by the one whose
 * mark completed it. */
static bool mark_confidential(Store *st, const SvcActor *a, int64_t record_ref, int version)
{
    char(*topics)[24] = NULL;
    size_t n = 0, cap = 0;
    Param p[] = {P_INT(record_ref), P_INT(version)};
    StoreRows *r = store_query(st, STMT_RECORD_CONFIDENTIAL_DUE, p, 2);
    int got = r ? 0 : STORE_ERROR;
    while (r && (got = store_next(r)) == 1) {
        xgrow((void **)&topics, &cap, n + 1, sizeof *topics);
        svc_col_copy(r, 0, topics[n++], sizeof *topics);
    }
    if (r) store_rows_close(r);
    bool ok = got == 0;
    for (size_t i = 0; ok && i < n; i++) {
        Param m[] = {P_INT(record_ref), P_STR(topics[i]), P_INT(a->now)};
        Param ev[] = {P_INT(record_ref), P_STR(topics[i]), P_INT(a->now), P_INT(a->viewer->staff_ref),
                      P_STR("confidential")};
        ok = store_exec(st, STMT_RECORD_CONFIDENTIAL_MARK, m, 3, NULL) == STORE_OK &&
             store_exec(st, STMT_RECORD_CONFIDENTIAL_EVENT_ADD, ev, 5, NULL) == STORE_OK &&
             record_log_confidentiality(st, ENTRY_CONFIDENTIAL, record_ref, topics[i], a->now, a->viewer->staff_ref,
                                        NULL);
    }
    free(topics);
    return ok;
}

/* record_save's checks and writes, inside the transaction begin_change
 * opened on r: SVC_OK or why not, and *ok false when a write failed. */
static SvcResult save_items(Store *st, const SvcActor *a, const Record *r, const char *const *texts,
                            const bool *confidential, bool *ok, SvcError *e)
{
    SvcResult rc = SVC_OK;
    for (size_t i = 0; rc == SVC_OK && i < record_ntopics; i++) {
        if (!texts[i]) continue;
        char label[80];
        strfmt(label, sizeof label, "the %s", record_topics[i].label);
        for (char *c = label + 4; *c; c++) *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
        rc = svc_text(e, record_topics[i].id, label, texts[i], SVC_TEXT_MAX, false);
    }
    if (rc != SVC_OK) return rc;
    /* An item confidential already keeps the supervisor's mark: taking it
     * off alone would lift it for one version (record_lift_confidential). */
    ItemSecrecy *secrecy = NULL;
    size_t nsecrecy = 0;
    *ok = load_secrecy(st, r->ref, &secrecy, &nsecrecy) == 1;
    for (size_t i = 0; *ok && i < record_ntopics; i++) {
        if (!texts[i]) continue;
        bool mark = confidential && confidential[i];
        for (size_t k = 0; k < nsecrecy; k++)
            if (!secrecy[k].lifted && strcmp(secrecy[k].topic, record_topics[i].id) == 0) mark = true;
        Param p[] = {P_INT(r->ref),   P_INT(r->version), P_STR(record_topics[i].id),
                     P_STR(texts[i]), P_INT(mark),       P_INT(0)};
        *ok = store_exec(st, STMT_RECORD_ITEM_PUT, p, 6, NULL) == STORE_OK;
    }
    free(secrecy);
    *ok = *ok && mark_confidential(st, a, r->ref, r->version);
    return SVC_OK;
}

SvcResult record_save(Store *st, const SvcActor *a, int64_t record_ref, const char *const *texts,
                      const bool *confidential, SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisor", "draft", &r, e);
    if (rc != SVC_OK) return rc;
    bool ok = true;
    rc = save_items(st, a, &r, texts, confidential, &ok, e);
    record_free(&r);
    return svc_finish(st, rc, ok);
}

/* Whether id is one of the comma-free ids of a category's checklist. */
static const PolicyItem *checklist_item(const Category *c, const char *id)
{
    for (size_t i = 0; c && i < c->nchecklist; i++)
        if (strcmp(c->checklist[i].id, id) == 0) return &c->checklist[i];
    return NULL;
}

/* The policy's category of a case (NULL when it has none the policy
 * defines): 1, 0 no such case, <0 failure. */
static int case_category(Store *st, const Policy *pol, const char *case_id, const Category **cat)
{
    *cat = NULL;
    Param p[] = {P_STR(case_id ? case_id : "")};
    StoreRows *q = store_query(st, STMT_CASE_BY_ID, p, 1);
    if (!q) return STORE_ERROR;
    int got = store_next(q);
    if (got == 1) {
        size_t n;
        const char *category = store_col_text(q, 1, &n);
        *cat = policy_category(pol, category, n);
    }
    store_rows_close(q);
    return got;
}

const char *record_checklist_misfit(Store *st, const SvcActor *a, int64_t record_ref, const CaseNoteInput *in)
{
    Record r;
    if (record_get(st, a->viewer, record_ref, 0, &r) != SVC_OK) return NULL;
    bool supervisor = a->viewer->staff_ref && a->viewer->staff_ref == r.supervisor_ref;
    record_free(&r);
    const Category *cat = NULL;
    if (!supervisor || case_category(st, a->pol, in->case_id, &cat) != 1) return NULL;
    for (size_t i = 0; i < in->nchecklist; i++)
        if (!checklist_item(cat, in->checklist[i])) return in->checklist[i];
    return NULL;
}

/* The texts of a case discussion, as written or corrected. */
static SvcResult check_note_text(const CaseNoteInput *in, SvcError *e)
{
    SvcResult rc;
    if ((rc = svc_text(e, "synopsis", "the synopsis", in->synopsis, SVC_TEXT_MAX, false)) != SVC_OK ||
        (rc = svc_text(e, "analysis", "the analysis", in->analysis, SVC_TEXT_MAX, false)) != SVC_OK ||
        (rc = svc_text(e, "decision", "the decision", in->decision, SVC_TEXT_MAX, true)) != SVC_OK ||
        (rc = svc_text(e, "rationale", "the reasons for the decision", in->rationale, SVC_TEXT_MAX, true)) != SVC_OK ||
        (rc = svc_text(e, "tasks", "the further tasks", in->tasks, SVC_TEXT_MAX, false)) != SVC_OK ||
        (rc = svc_text(e, "departure", "why the decision departs from procedure", in->departure, SVC_TEXT_MAX,
                       in->departs)) != SVC_OK)
        return rc;
    return SVC_OK;
}

/* Whether id is a prompt of any of the policy's sets. */
static bool other_prompt(const Policy *pol, const char *id)
{
    for (size_t s = 0; id && s < pol->nprompt_sets; s++)
        for (size_t i = 0; i < pol->prompt_sets[s].nitems; i++)
            if (strcmp(pol->prompt_sets[s].items[i].id, id) == 0) return true;
    return false;
}

/* The checks of record_add_case_note on the draft r; *case_ref and *set on
 * SVC_OK. */
static SvcResult check_case_note(Store *st, const SvcActor *a, const Record *r, const CaseNoteInput *in,
                                 int64_t *case_ref, const PromptSet **set, Buf *checklist, SvcError *e)
{
    if (!in->case_id || !*in->case_id) return svc_fail(e, SVC_INVALID, "case", "Choose the case discussed");
    Param c[] = {P_STR(in->case_id), P_INT(r->supervisee_ref), P_STR(r->date)};
    int got = store_query_int(st, STMT_CASE_OF_WORKER, c, 3, case_ref);
    if (got < 0) return SVC_FAILED;
    if (got == 0)
        return svc_fail(e, SVC_INVALID, "case", "The supervisee held no open case with the id \"%.64s\" on the day",
                        in->case_id);
    const Category *cat = NULL;
    if (case_category(st, a->pol, in->case_id, &cat) < 0) return SVC_FAILED;
    SvcResult rc;
    *set = NULL;
    if (in->prompts && *in->prompts) {
        *set = policy_prompt_set(a->pol, in->prompts, strlen(in->prompts));
        if (!*set) return svc_fail(e, SVC_INVALID, "prompts", "Choose one of the policy's sets of prompts");
        for (size_t i = 0; in->answers && i < (*set)->nitems; i++)
            if ((rc = svc_text(e, "answer", "an answer", in->answers[i], SVC_TEXT_MAX, false)) != SVC_OK) return rc;
    }
    for (size_t i = 0; i < in->nother; i++) {
        if (!other_prompt(a->pol, in->other_prompts[i]))
            return svc_fail(e, SVC_INVALID, "prompts", "\"%.64s\" is not a prompt of the policy", in->other_prompts[i]);
        if ((rc = svc_text(e, "answer", "an answer", in->other_answers[i], SVC_TEXT_MAX, false)) != SVC_OK) return rc;
    }
    if ((rc = check_note_text(in, e)) != SVC_OK) return rc;
    for (size_t i = 0; i < in->nchecklist; i++) {
        if (!checklist_item(cat, in->checklist[i]))
            return svc_fail(e, SVC_INVALID, "checklist", "\"%.64s\" is not a topic of this case's checklist",
                            in->checklist[i]);
        if (checklist->len) buf_addc(checklist, ',');
        buf_adds(checklist, in->checklist[i]);
    }
    return SVC_OK;
}

SvcResult record_add_case_note(Store *st, const SvcActor *a, int64_t record_ref, const CaseNoteInput *in, SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisor", "draft", &r, e);
    if (rc != SVC_OK) return rc;
    int64_t case_ref = 0;
    const PromptSet *set = NULL;
    Buf checklist = {0};
    rc = check_case_note(st, a, &r, in, &case_ref, &set, &checklist, e);
    bool ok = true;
    if (rc == SVC_OK) {
        int64_t note = 0;
        Param p[] = {P_INT(case_ref),
                     P_INT(r.session_ref),
                     P_INT(record_ref),
                     P_INT(r.version),
                     P_STR(r.date),
                     P_INT(a->viewer->staff_ref),
                     P_INT(a->now),
                     P_STR(set ? set->id : ""),
                     P_STR(in->synopsis ? in->synopsis : ""),
                     P_STR(in->analysis ? in->analysis : ""),
                     P_STR(in->decision),
                     P_STR(in->rationale),
                     P_STR(in->tasks ? in->tasks : ""),
                     P_INT(in->departs),
                     P_STR(in->departs ? in->departure : ""),
                     P_STR(buf_str(&checklist))};
        Param d[] = {P_INT(r.session_ref), P_INT(case_ref), P_STR(r.date)};
        /* The discussion counts once the record is sent (record_send). */
        ok = store_query_int(st, STMT_CASE_NOTE_ADD, p, 16, &note) == 1 &&
             store_exec(st, STMT_DISCUSSION_ADD_PENDING, d, 3, NULL) == STORE_OK;
        for (size_t i = 0; ok && set && in->answers && i < set->nitems; i++) {
            if (!in->answers[i] || !*in->answers[i]) continue;
            Param an[] = {P_INT(note), P_STR(set->items[i].id), P_STR(in->answers[i])};
            ok = store_exec(st, STMT_CASE_NOTE_ANSWER_ADD, an, 3, NULL) == STORE_OK;
        }
        for (size_t i = 0; ok && i < in->nother; i++) {
            bool asked = false; /* the set's own answer wins */
            for (size_t k = 0; set && k < set->nitems; k++)
                asked = asked || strcmp(set->items[k].id, in->other_prompts[i]) == 0;
            for (size_t k = 0; k < i; k++) asked = asked || strcmp(in->other_prompts[k], in->other_prompts[i]) == 0;
            if (asked || !in->other_answers[i] || !*in->other_answers[i]) continue;
            Param an[] = {P_INT(note), P_STR(in->other_prompts[i]), P_STR(in->other_answers[i])};
            ok = store_exec(st, STMT_CASE_NOTE_ANSWER_ADD, an, 3, NULL) == STORE_OK;
        }
    }
    buf_free(&checklist);
    record_free(&r);
    return svc_finish(st, rc, ok);
}

/* Whether note_ref is a case note of the draft (the latest version):
 * SVC_OK, SVC_NOT_FOUND (with the sentence) or SVC_FAILED. */
static SvcResult draft_note(Store *st, const Record *r, int64_t note_ref, SvcError *e)
{
    Param p[] = {P_INT(r->ref), P_INT(r->version)};
    StoreRows *q = store_query(st, STMT_CASE_NOTES_OF_VERSION, p, 2);
    if (!q) return SVC_FAILED;
    int got;
    bool found = false;
    while ((got = store_next(q)) == 1) found = found || store_col_int(q, CN_REF) == note_ref;
    store_rows_close(q);
    if (got < 0) return SVC_FAILED;
    return found ? SVC_OK : svc_fail(e, SVC_NOT_FOUND, "", "There is no such case discussion in this version");
}

SvcResult record_correct_case_note(Store *st, const SvcActor *a, int64_t record_ref, int64_t note_ref,
                                   const char *decision, const char *rationale, SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisor", "draft", &r, e);
    if (rc != SVC_OK) return rc;
    rc = draft_note(st, &r, note_ref, e);
    if (rc == SVC_OK) rc = svc_text(e, "decision", "the decision", decision, SVC_TEXT_MAX, true);
    if (rc == SVC_OK) rc = svc_text(e, "rationale", "the reasons for the decision", rationale, SVC_TEXT_MAX, true);
    bool ok = true;
    if (rc == SVC_OK) {
        Param p[] = {P_INT(note_ref), P_INT(r.version), P_INT(a->viewer->staff_ref),
                     P_INT(a->now),   P_STR(decision),  P_STR(rationale)};
        int64_t changed = 0;
        ok = store_exec(st, STMT_CASE_NOTE_CORRECT, p, 6, &changed) == STORE_OK && changed == 1;
    }
    record_free(&r);
    return svc_finish(st, rc, ok);
}

SvcResult record_withdraw_case_note(Store *st, const SvcActor *a, int64_t record_ref, int64_t note_ref, const char *why,
                                    SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisor", "draft", &r, e);
    if (rc != SVC_OK) return rc;
    rc = draft_note(st, &r, note_ref, e);
    if (rc == SVC_OK) rc = svc_text(e, "withdraw", "why the decision is withdrawn", why, SVC_TEXT_MAX, true);
    bool ok = true;
    if (rc == SVC_OK) {
        Param p[] = {P_INT(note_ref), P_INT(r.version), P_INT(a->viewer->staff_ref), P_INT(a->now), P_STR(why)};
        int64_t changed = 0;
        ok = store_exec(st, STMT_CASE_NOTE_WITHDRAW, p, 5, &changed) == STORE_OK && changed == 1;
    }
    record_free(&r);
    return svc_finish(st, rc, ok);
}

/* A draft field's name: 1 to RECORD_FIELD_NAME_MAX letters, digits, '-',
 * '_' and '.': the page's own names, and those it makes from the policy's
 * prompt and checklist ids ("answer-ID", "check-ID"), which may hold any
 * of these (policy.md, ids). */
static bool field_name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (!n || n > RECORD_FIELD_NAME_MAX) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
              *s == '_' || *s == '.'))
            return false;
    return true;
}

SvcResult record_keep(Store *st, const SvcActor *a, int64_t record_ref, const char *const *texts,
                      const bool *confidential, const RecordField *fields, size_t nfields, SvcError *e)
{
    if (!texts && !fields) return SVC_OK;
    /* One transaction for the text and the fields: a failure saves neither. */
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisor", "draft", &r, e);
    if (rc != SVC_OK) return rc;
    bool ok = true;
    if (texts) rc = save_items(st, a, &r, texts, confidential, &ok, e);
    if (fields && nfields > RECORD_DRAFT_FIELDS)
        rc = svc_fail(e, SVC_INVALID, "", "The page has more than %d fields", RECORD_DRAFT_FIELDS);
    for (size_t i = 0; fields && rc == SVC_OK && i < nfields; i++) {
        if (!field_name_ok(fields[i].name))
            rc = svc_fail(e, SVC_INVALID, "", "A field of the page has a name that cannot be kept");
        else
            rc = svc_text(e, fields[i].name, "the text", fields[i].value, SVC_TEXT_MAX, false);
    }
    Param c[] = {P_INT(record_ref), P_INT(r.version)};
    ok = ok && (!fields || rc != SVC_OK || store_exec(st, STMT_RECORD_DRAFT_CLEAR, c, 2, NULL) == STORE_OK);
    for (size_t i = 0; fields && rc == SVC_OK && ok && i < nfields; i++) {
        bool again = false; /* a name twice: the first is kept */
        for (size_t k = 0; k < i; k++) again = again || strcmp(fields[k].name, fields[i].name) == 0;
        if (again || !fields[i].value) continue;
        Param p[] = {P_INT(record_ref), P_INT(r.version), P_STR(fields[i].name), P_STR(fields[i].value), P_INT(a->now)};
        ok = store_exec(st, STMT_RECORD_DRAFT_PUT, p, 5, NULL) == STORE_OK;
    }
    record_free(&r);
    return svc_finish(st, rc, ok);
}

/* The draft's fields kept by record_keep, into out (its strings). */
static SvcResult load_draft(Store *st, RecordView *out)
{
    Param p[] = {P_INT(out->rec.ref), P_INT(out->rec.version)};
    StoreRows *r = store_query(st, STMT_RECORD_DRAFT_GET, p, 2);
    if (!r) return SVC_FAILED;
    int got;
    size_t cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->draft, &cap, out->ndraft + 1, sizeof *out->draft);
        out->draft[out->ndraft].name = svc_col_dup(&out->rec.strings, r, 0);
        out->draft[out->ndraft++].value = svc_col_dup(&out->rec.strings, r, 1);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

/* The checks of record_add_action: the owner (one of the two), the text,
 * the due date and the case, if any, one of the supervisee's open cases. */
static SvcResult check_action(Store *st, const SvcActor *a, int64_t supervisee, int64_t supervisor,
                              const char *owner_id, const char *text, const char *due, const char *case_id,
                              Staff *owner, int64_t *case_ref, SvcError *e)
{
    if (!owner_id || !*owner_id) return svc_fail(e, SVC_INVALID, "owner", "Choose who will do it");
    int got = staff_load_id(st, owner_id, owner);
    if (got < 0) return SVC_FAILED;
    if (got == 0 || (owner->ref != supervisee && owner->ref != supervisor))
        return svc_fail(e, SVC_INVALID, "owner", "The action is for the supervisee or the supervisor");
    SvcResult rc = svc_text(e, "action", "what is to be done", text, SVC_TEXT_MAX, true);
    if (rc != SVC_OK) return rc;
    Date d;
    if (!due || !*due) return svc_fail(e, SVC_INVALID, "due", "Enter the date it is due");
    if (!date_parse(due, strlen(due), &d))
        return svc_fail(e, SVC_INVALID, "due", "The due date must be a real date, like 2026-12-01");
    if (!case_id || !*case_id) return SVC_OK;
    char today[11];
    date_format(a->today, today);
    Param c[] = {P_STR(case_id), P_INT(supervisee), P_STR(today)};
    got = store_query_int(st, STMT_CASE_OF_WORKER, c, 3, case_ref);
    if (got < 0) return SVC_FAILED;
    if (got == 0)
        return svc_fail(e, SVC_INVALID, "action-case", "The supervisee holds no open case with the id \"%.64s\"",
                        case_id);
    return SVC_OK;
}

SvcResult record_add_action(Store *st, const SvcActor *a, int64_t record_ref, const char *owner_id, const char *text,
                            const char *due, const char *case_id, SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisor", "draft", &r, e);
    if (rc != SVC_OK) return rc;
    int64_t supervisee = r.supervisee_ref, supervisor = r.supervisor_ref, version = r.version;
    record_free(&r);
    Staff owner;
    int64_t case_ref = 0;
    rc = check_action(st, a, supervisee, supervisor, owner_id, text, due, case_id, &owner, &case_ref, e);
    bool ok = true;
    if (rc == SVC_OK) {
        int64_t ref = 0;
        Param p[] = {P_INT(supervisee), P_INT(owner.ref), P_INT(record_ref), case_ref ? P_INT(case_ref) : P_NULL,
                     P_STR(text),       P_STR(due),       P_INT(a->now)};
        ok = store_query_int(st, STMT_ACTION_ADD, p, 7, &ref) == 1 &&
             store_exec(st, STMT_LOG_ACTION_VERSION_SET, (Param[]){P_INT(ref), P_INT(version)}, 2, NULL) == STORE_OK;
    }
    return svc_finish(st, rc, ok);
}

SvcResult record_follow_up(Store *st, const SvcActor *a, int64_t record_ref, int64_t action_ref, const char *status,
                           const char *note, SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisor", "draft", &r, e);
    if (rc != SVC_OK) return rc;
    int64_t supervisee = r.supervisee_ref, version = r.version;
    record_free(&r);
    Param q[] = {P_INT(action_ref)};
    StoreRows *rows = store_query(st, STMT_ACTION_GET, q, 1);
    int got = rows ? store_next(rows) : STORE_ERROR;
    Arena tmp = {0};
    Action x;
    if (got == 1) action_read_row(rows, &tmp, &x);
    if (rows) store_rows_close(rows);
    arena_free(&tmp);
    if (got < 0)
        rc = SVC_FAILED;
    else if (got == 0 || x.supervisee_ref != supervisee)
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such action in this supervision");
    else if (strcmp(x.status, "open") != 0)
        rc = svc_fail(e, SVC_CONFLICT, "", "This action was recorded as %s meanwhile: read the record as it is now",
                      x.status);
    else if (!status || (strcmp(status, "open") && strcmp(status, "done") && strcmp(status, "dropped")))
        rc = svc_fail(e, SVC_INVALID, "status", "Choose whether the action is still open, done or dropped");
    else
        rc = svc_text(e, "note", "the note", note, SVC_TEXT_MAX, strcmp(status, "open") != 0);
    bool ok = true;
    if (rc == SVC_OK) {
        Param u[] = {P_INT(action_ref),           P_INT(record_ref), P_INT(a->now),
                     P_INT(a->viewer->staff_ref), P_STR(status),     P_STR(note ? note : "")};
        Param s[] = {P_INT(action_ref), P_STR(status), strcmp(status, "open") ? P_INT(a->now) : P_NULL};
        Param lv[] = {P_INT(action_ref), P_INT(record_ref), P_INT(version)};
        ok = store_exec(st, STMT_ACTION_UPDATE_ADD, u, 6, NULL) == STORE_OK &&
             store_exec(st, STMT_LOG_FOLLOW_UP_VERSION_SET, lv, 3, NULL) == STORE_OK &&
             store_exec(st, STMT_ACTION_SET_STATUS, s, 3, NULL) == STORE_OK;
    }
    return svc_finish(st, rc, ok);
}

SvcResult record_send(Store *st, const SvcActor *a, int64_t record_ref, SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisor", "draft", &r, e);
    if (rc != SVC_OK) return rc;
    r.party = true;
    bool ok = load_body(st, &r) == SVC_OK;
    char today[11], link[64], text[400];
    date_format(a->today, today);
    strfmt(link, sizeof link, "/records/%lld", (long long)record_ref);
    Param p[] = {P_INT(record_ref), P_INT(r.version), P_INT(a->now), P_STR(today)};
    int64_t changed = 0;
    strfmt(text, sizeof text,
           "The record of your supervision on %s is ready: read it and sign it, or say where you"
           " disagree",
           r.date);
    /* Sent, the session counts from its own date: the supervision and each
     * case discussed in it (docs/supervision.md). */
    Param counts[] = {P_INT(r.session_ref)};
    ok = ok && store_exec(st, STMT_RECORD_SEND, p, 4, &changed) == STORE_OK && changed == 1 &&
         store_exec(st, STMT_SESSION_COUNT_ATTENDEES, counts, 1, NULL) == STORE_OK &&
         store_exec(st, STMT_SESSION_COUNT_DISCUSSIONS, counts, 1, NULL) == STORE_OK &&
         svc_inbox(st, r.supervisee_ref, a->now, text, link) &&
         record_log_version(st, record_ref, r.version, a->now, a->viewer->staff_ref, e);
    /* Each decision made, corrected or withdrawn in this version reaches
     * the allocated worker of its case, once: one carried over unchanged
     * from an earlier version was told when that was sent. */
    for (size_t i = 0; ok && i < r.nnotes; i++) {
        const CaseNote *n = &r.notes[i];
        if (!n->changed) continue;
        int64_t worker = 0;
        Param c[] = {P_INT(n->case_ref)};
        ok = store_query_int(st, STMT_ACCESS_CASE_WORKER, c, 1, &worker) == 1;
        char clink[96];
        strfmt(clink, sizeof clink, "/cases/%s", n->case_id);
        strfmt(text, sizeof text, "A decision on case %s was %s in supervision on %s", n->case_id,
               n->withdrawn[0]           ? "withdrawn"
               : n->origin_ref != n->ref ? "corrected"
                                         : "recorded",
               r.date);
        ok = ok && svc_inbox(st, worker, a->now, text, clink);
    }
    record_free(&r);
    return svc_finish(st, SVC_OK, ok);
}

/* Whether an item of record ref is confidential now: 1 (and *proposer, if
 * asked: who asked to lift it, 0 nobody), 0 not, <0 failure. */
static int item_secrecy(Store *st, int64_t ref, const char *topic, int64_t *proposer)
{
    ItemSecrecy *secrecy = NULL;
    size_t n = 0;
    int rc = load_secrecy(st, ref, &secrecy, &n);
    if (rc == 1) {
        rc = 0;
        for (size_t i = 0; i < n; i++)
            if (!secrecy[i].lifted && strcmp(secrecy[i].topic, topic) == 0) {
                rc = 1;
                if (proposer) *proposer = secrecy[i].proposer;
            }
    }
    free(secrecy);
    return rc;
}

SvcResult record_confidential(Store *st, const SvcActor *a, int64_t record_ref, const char *topic, bool on, SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisee", "sent", &r, e);
    if (rc != SVC_OK) return rc;
    if (!topic || topic_index(topic) < 0) rc = svc_fail(e, SVC_INVALID, "topic", "There is no such item");
    bool ok = true;
    if (rc == SVC_OK && !on) {
        int secret = item_secrecy(st, record_ref, topic, NULL);
        if (secret < 0)
            ok = false;
        else if (secret == 1)
            rc = svc_fail(e, SVC_CONFLICT, "topic",
                          "You have both marked this item confidential, so it stays confidential until you both"
                          " agree to lift it: ask to lift it, and it is lifted when your supervisor agrees");
    }
    Param p[] = {P_INT(record_ref), P_INT(r.version), P_STR(topic ? topic : ""), P_INT(on)};
    ok = ok && (rc != SVC_OK || (store_exec(st, STMT_RECORD_ITEM_CONFIDENTIAL_SUPERVISEE, p, 4, NULL) == STORE_OK &&
                                 mark_confidential(st, a, record_ref, r.version)));
    record_free(&r);
    return svc_finish(st, rc, ok);
}

SvcResult record_lift_confidential(Store *st, const SvcActor *a, int64_t record_ref, const char *topic, SvcError *e)
{
    /* Either of the two may ask: begin_change is told which one this is. */
    Record r;
    memset(&r, 0, sizeof r);
    int got = load_head(st, record_ref, 0, &r);
    const char *who =
        got == 1 && a->viewer->staff_ref && a->viewer->staff_ref == r.supervisor_ref ? "supervisor" : "supervisee";
    record_free(&r);
    if (got < 0) return SVC_FAILED;
    SvcResult rc = begin_change(st, a, record_ref, 0, who, "draft sent signed disputed", &r, e);
    if (rc != SVC_OK) return rc;
    int64_t me = a->viewer->staff_ref, proposer = 0;
    int64_t other = me == r.supervisor_ref ? r.supervisee_ref : r.supervisor_ref;
    if (!topic || topic_index(topic) < 0) {
        record_free(&r);
        return svc_finish(st, svc_fail(e, SVC_INVALID, "topic", "There is no such item"), false);
    }
    int secret = item_secrecy(st, record_ref, topic, &proposer);
    bool ok = secret >= 0;
    if (ok && secret == 0)
        rc = svc_fail(e, SVC_CONFLICT, "topic", "This item is not confidential: there is nothing to lift");
    else if (ok && proposer == me)
        rc = svc_fail(e, SVC_CONFLICT, "topic",
                      "You have asked to lift this item's confidentiality already: it is lifted when the other"
                      " agrees");
    const RecordTopic *t = rc == SVC_OK && ok ? &record_topics[topic_index(topic)] : NULL;
    char text[300], link[64];
    strfmt(link, sizeof link, "/records/%lld", (long long)record_ref);
    int64_t changed = 0;
    if (t && !proposer) { /* the first to ask proposes */
        strfmt(text, sizeof text,
               "Your %s asks to lift the confidentiality of \"%s\" in the record of supervision on %s", who, t->label,
               r.date);
        Param u[] = {P_INT(record_ref), P_STR(topic), P_INT(me), P_INT(a->now)};
        Param ev[] = {P_INT(record_ref), P_STR(topic), P_INT(a->now), P_INT(me), P_STR("lift-proposed")};
        ok = store_exec(st, STMT_RECORD_CONFIDENTIAL_PROPOSE, u, 4, &changed) == STORE_OK && changed == 1 &&
             store_exec(st, STMT_RECORD_CONFIDENTIAL_EVENT_ADD, ev, 5, NULL) == STORE_OK &&
             record_log_confidentiality(st, ENTRY_LIFT_PROPOSED, record_ref, topic, a->now, me, e) &&
             svc_inbox(st, other, a->now, text, link);
    } else if (t) { /* the other agrees: lifted */
        strfmt(text, sizeof text, "The confidentiality of \"%s\" in the record of supervision on %s was lifted",
               t->label, r.date);
        Param u[] = {P_INT(record_ref), P_STR(topic), P_INT(a->now), P_INT(me)};
        Param ev[] = {P_INT(record_ref), P_STR(topic), P_INT(a->now), P_INT(me), P_STR("lifted")};
        Param um[] = {P_INT(record_ref), P_INT(r.version), P_STR(topic)};
        bool open = strcmp(r.state, "draft") == 0 || strcmp(r.state, "sent") == 0;
        ok = store_exec(st, STMT_RECORD_CONFIDENTIAL_LIFT, u, 4, &changed) == STORE_OK && changed == 1 &&
             store_exec(st, STMT_RECORD_CONFIDENTIAL_EVENT_ADD, ev, 5, NULL) == STORE_OK &&
             record_log_confidentiality(st, ENTRY_LIFTED, record_ref, topic, a->now, me, e) &&
             (!open || store_exec(st, STMT_RECORD_ITEM_UNMARK, um, 3, NULL) == STORE_OK) &&
             svc_inbox(st, other, a->now, text, link);
    }
    record_free(&r);
    return svc_finish(st, rc, ok);
}

SvcResult record_sign_version(Store *st, const SvcActor *a, int64_t record_ref, int version, SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, version, "supervisee", "sent", &r, e);
    if (rc != SVC_OK) return rc;
    char text[200], link[64];
    strfmt(text, sizeof text, "The record of supervision on %s (version %d) was signed", r.date, r.version);
    strfmt(link, sizeof link, "/records/%lld", (long long)record_ref);
    Param p[] = {P_INT(record_ref), P_INT(r.version), P_INT(a->now)};
    int64_t changed = 0;
    bool ok = store_exec(st, STMT_RECORD_SIGN, p, 3, &changed) == STORE_OK && changed == 1 &&
              svc_inbox(st, r.supervisor_ref, a->now, text, link) &&
              record_log_signed(st, record_ref, r.version, a->now, a->viewer->staff_ref, e);
    record_free(&r);
    return svc_finish(st, SVC_OK, ok);
}

SvcResult record_sign(Store *st, const SvcActor *a, int64_t record_ref, SvcError *e)
{
    return record_sign_version(st, a, record_ref, 0, e);
}

SvcResult record_disagree_version(Store *st, const SvcActor *a, int64_t record_ref, int version, const char *text,
                                  SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, version, "supervisee", "sent", &r, e);
    if (rc != SVC_OK) return rc;
    rc = svc_text(e, "disagreement", "what you disagree with, in your own words", text, SVC_TEXT_MAX, true);
    char msg[200], link[64];
    strfmt(msg, sizeof msg, "Your supervisee disagreed with the record of supervision on %s", r.date);
    strfmt(link, sizeof link, "/records/%lld", (long long)record_ref);
    Param p[] = {P_INT(record_ref), P_INT(r.version)};
    Param d[] = {P_INT(record_ref), P_INT(r.version), P_INT(a->viewer->staff_ref), P_INT(a->now),
                 P_STR(text ? text : "")};
    int64_t changed = 0;
    bool ok = rc != SVC_OK || (store_exec(st, STMT_RECORD_DISPUTE, p, 2, &changed) == STORE_OK && changed == 1 &&
                               store_exec(st, STMT_DISAGREEMENT_ADD, d, 5, NULL) == STORE_OK &&
                               svc_inbox(st, r.supervisor_ref, a->now, msg, link) &&
                               record_log_disagreed(st, record_ref, r.version, a->now, a->viewer->staff_ref, e));
    record_free(&r);
    return svc_finish(st, rc, ok);
}

SvcResult record_disagree(Store *st, const SvcActor *a, int64_t record_ref, const char *text, SvcError *e)
{
    return record_disagree_version(st, a, record_ref, 0, text, e);
}

SvcResult record_amend(Store *st, const SvcActor *a, int64_t record_ref, const char *reason, SvcError *e)
{
    Record r;
    SvcResult rc = begin_change(st, a, record_ref, 0, "supervisor", "signed disputed", &r, e);
    if (rc != SVC_OK) return rc;
    int from = r.version, to = r.version + 1;
    record_free(&r);
    if ((rc = svc_text(e, "reason", "why the record changes", reason, SVC_TEXT_MAX, true)) != SVC_OK)
        return svc_finish(st, rc, false);
    Param v[] = {P_INT(record_ref), P_INT(to), P_STR(reason), P_INT(a->now)};
    Param items[] = {P_INT(record_ref), P_INT(from), P_INT(to)};
    Param latest[] = {P_INT(record_ref), P_INT(to)};
    bool ok = store_exec(st, STMT_RECORD_VERSION_ADD, v, 4, NULL) == STORE_OK &&
              store_exec(st, STMT_RECORD_ITEMS_COPY, items, 3, NULL) == STORE_OK &&
              store_exec(st, STMT_RECORD_SET_LATEST, latest, 2, NULL) == STORE_OK;
    /* The case notes, with their answers: read the refs first (one open
     * query at a time), then copy each. */
    int64_t *notes = NULL;
    size_t n = 0, cap = 0;
    if (ok) {
        Param q[] = {P_INT(record_ref), P_INT(from)};
        StoreRows *rows = store_query(st, STMT_CASE_NOTES_COPY, q, 2);
        int got = rows ? 0 : STORE_ERROR;
        while (rows && (got = store_next(rows)) == 1) {
            xgrow((void **)&notes, &cap, n + 1, sizeof *notes);
            notes[n++] = store_col_int(rows, 0);
        }
        if (rows) store_rows_close(rows);
        ok = got == 0;
    }
    for (size_t i = 0; ok && i < n; i++) {
        int64_t copy = 0;
        Param c[] = {P_INT(notes[i]), P_INT(to)};
        ok = store_query_int(st, STMT_CASE_NOTE_COPY, c, 2, &copy) == 1;
        Param an[] = {P_INT(notes[i]), P_INT(copy)};
        ok = ok && store_exec(st, STMT_CASE_NOTE_ANSWERS_COPY, an, 2, NULL) == STORE_OK;
    }
    free(notes);
    ok = ok && record_log_amended(st, record_ref, from, to, a->now, a->viewer->staff_ref, e);
    return svc_finish(st, SVC_OK, ok);
}

SvcResult actions_of(Store *st, const Viewer *v, int64_t supervisee_ref, bool open_only, ActionList *out)
{
    memset(out, 0, sizeof *out);
    Access acc = access_person(st, v, supervisee_ref);
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    if (acc != ACCESS_ALLOWED) return SVC_NOT_FOUND;
    Param p[] = {P_INT(supervisee_ref), P_INT(200)};
    StoreRows *r = store_query(st, open_only ? STMT_ACTIONS_OPEN_OF : STMT_ACTIONS_OF, p, open_only ? 1 : 2);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        action_read_row(r, &out->strings, &out->items[out->n++]);
    }
    store_rows_close(r);
    for (size_t i = 0; got == 0 && i < out->n; i++)
        if (action_load_updates(st, &out->strings, &out->items[i]) != SVC_OK) got = STORE_ERROR;
    if (got < 0) action_list_free(out);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void action_list_free(ActionList *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->items[i].updates);
    free(l->items);
    arena_free(&l->strings);
    memset(l, 0, sizeof *l);
}

/* A case's notes by statement id, for a viewer who may read the case. */
static SvcResult case_notes_by(Store *st, const Viewer *v, StmtId id, int64_t case_ref, int limit, Record *out)
{
    memset(out, 0, sizeof *out);
    Access acc = access_case(st, v, case_ref);
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    if (acc != ACCESS_ALLOWED) return SVC_NOT_FOUND;
    Param p[] = {P_INT(case_ref), P_INT(limit)};
    SvcResult rc = load_notes(st, id, p, 2, out);
    if (rc != SVC_OK) record_free(out);
    return rc;
}

SvcResult case_notes_of(Store *st, const Viewer *v, int64_t case_ref, int limit, Record *out)
{
    return case_notes_by(st, v, STMT_CASE_NOTES_OF_CASE, case_ref, limit, out);
}

SvcResult case_note_history_of(Store *st, const Viewer *v, int64_t case_ref, int limit, Record *out)
{
    return case_notes_by(st, v, STMT_CASE_NOTES_HISTORY_OF_CASE, case_ref, limit, out);
}

/* The supervisee's open cases on today, most overdue first (the due list's
 * order), for the case-note form. */
static SvcResult open_cases_of(Store *st, const SvcActor *a, const char *worker_id, RecordView *out)
{
    DueFilter f = {.asof = a->today, .worker = worker_id};
    DueList l;
    char err[256];
    int rc = due_compute(st, a->pol, &f, &l, err, sizeof err);
    if (rc == 3) return SVC_FAILED;
    if (rc == 0) {
        out->open_cases = xcalloc(l.n + 1, sizeof *out->open_cases);
        for (size_t i = 0; i < l.n; i++)
            if (l.rows[i].kind == DUE_KIND_CASE)
                strfmt(out->open_cases[out->nopen_cases++], sizeof out->open_cases[0], "%s", l.rows[i].id);
    }
    due_list_free(&l);
    return SVC_OK;
}

/* The version's leaf in the record log and the latest checkpoint. */
static bool view_log(Store *st, RecordView *out)
{
    int got = record_log_version_leaf(st, out->rec.ref, out->rec.version, &out->log.index, out->log.hash, &out->log.at);
    if (got < 0) return false;
    if (got == 0) return true;
    out->log.logged = true;
    LogCheckpoint cp;
    got = record_log_latest(st, &cp);
    if (got == 1) {
        out->log.checkpoint_size = cp.size;
        out->log.checkpoint_at = cp.signed_at;
    }
    buf_free(&cp.note);
    return got >= 0;
}

SvcResult record_view(Store *st, const SvcActor *a, int64_t record_ref, int version, RecordView *out)
{
    memset(out, 0, sizeof *out);
    SvcResult rc = record_get(st, a->viewer, record_ref, version, &out->rec);
    if (rc != SVC_OK) return rc;
    const Record *r = &out->rec;
    Staff see, sup;
    if (staff_load(st, r->supervisee_ref, &see) != 1 || staff_load(st, r->supervisor_ref, &sup) != 1) {
        record_view_free(out);
        return SVC_FAILED;
    }
    strfmt(out->supervisee_id, sizeof out->supervisee_id, "%s", see.id);
    strfmt(out->supervisee_name, sizeof out->supervisee_name, "%s", see.name);
    strfmt(out->supervisor_id, sizeof out->supervisor_id, "%s", sup.id);
    strfmt(out->supervisor_name, sizeof out->supervisor_name, "%s", sup.name);
    int64_t me = a->viewer->staff_ref;
    bool latest = r->version == r->latest, is_sup = me && me == r->supervisor_ref,
         is_see = me && me == r->supervisee_ref;
    out->may_write = latest && is_sup && strcmp(r->state, "draft") == 0;
    out->may_answer = latest && is_see && strcmp(r->state, "sent") == 0;
    out->may_amend = latest && is_sup && (strcmp(r->state, "signed") == 0 || strcmp(r->state, "disputed") == 0);
    out->may_escalate = latest && (is_sup || is_see) && strcmp(r->state, "disputed") == 0;
    if (r->purged_on[0]) /* nothing of it can change any more */
        out->may_write = out->may_answer = out->may_amend = out->may_escalate = false;
    if (strcmp(r->state, "draft") != 0 && !view_log(st, out)) {
        record_view_free(out);
        return SVC_FAILED;
    }
    if (!out->may_write) return SVC_OK;
    ActionList open;
    rc = open_cases_of(st, a, see.id, out);
    if (rc == SVC_OK) rc = load_draft(st, out);
    if (rc == SVC_OK) rc = actions_of(st, a->viewer, r->supervisee_ref, true, &open);
    if (rc != SVC_OK) {
        record_view_free(out);
        return rc;
    }
    /* Those agreed here are listed with the record; the rest are followed up. */
    out->earlier_actions.strings = open.strings;
    for (size_t i = 0; i < open.n; i++) {
        if (open.items[i].record_ref == record_ref) {
            free(open.items[i].updates);
            continue;
        }
        xgrow((void **)&out->earlier_actions.items, &out->earlier_actions.cap, out->earlier_actions.n + 1,
              sizeof *out->earlier_actions.items);
        out->earlier_actions.items[out->earlier_actions.n++] = open.items[i];
    }
    free(open.items);
    return SVC_OK;
}

void record_view_free(RecordView *v)
{
    record_free(&v->rec);
    free(v->open_cases);
    free(v->draft);
    action_list_free(&v->earlier_actions);
    memset(v, 0, sizeof *v);
}

SvcResult records_waiting(Store *st, const Viewer *v, RecordWaitingList *out)
{
    memset(out, 0, sizeof *out);
    if (!v->staff_ref) return SVC_OK;
    Param p[] = {P_INT(v->staff_ref)};
    StoreRows *r = store_query(st, STMT_RECORDS_WAITING, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        RecordWaiting *w = &out->items[out->n++];
        w->ref = store_col_int(r, 0);
        svc_col_copy(r, 1, w->date, sizeof w->date);
        svc_col_copy(r, 3, w->supervisee_name, sizeof w->supervisee_name);
        const char *state = store_col_text(r, 2, NULL);
        w->what = store_col_int(r, 5) != v->staff_ref ? WAITING_TO_SIGN
                  : strcmp(state, "draft") == 0       ? WAITING_TO_SEND
                                                      : WAITING_DISPUTED;
    }
    store_rows_close(r);
    if (got < 0) records_waiting_free(out);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void records_waiting_free(RecordWaitingList *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}
