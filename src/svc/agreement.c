/* agreement.c: the decisions of agreement.h. */
#include "svc/agreement.h"

#include <stdio.h>
#include <string.h>

#include "svc/inbox.h"
#include "svc/staff.h"

/* Where a new agreement starts when the policy says nothing more. */
static const char default_place[] = "A private room, booked in advance, free from interruptions";
static const char default_records[] =
    "The supervisor writes the record within a week; both sign it; both can read and keep a copy.";
static const char default_content[] =
    "Management and support (workload, wellbeing, leave, significant events); case supervision"
    " (decisions on each child's plan, with reflection); development (learning, training, registration).";
static const char default_confidentiality[] =
    "Supervision is private but not confidential: line managers and auditors may read records."
    " Personal matters both of us mark confidential stay between us.";
static const char default_disagreements[] =
    "We try to resolve a disagreement in supervision. If we cannot, the supervisee records it in"
    " their own words and either of us may escalate it to the supervisor's line manager, then a"
    " senior manager.";

static void from_row(StoreRows *r, Agreement *ag)
{
    ag->ref = store_col_int(r, AG_REF);
    ag->supervisee_ref = store_col_int(r, AG_SUPERVISEE_REF);
    ag->supervisor_ref = store_col_int(r, AG_SUPERVISOR_REF);
    strfmt(ag->supervisor_id, sizeof ag->supervisor_id, "%s", store_col_text(r, AG_SUPERVISOR_ID, NULL));
    strfmt(ag->supervisor_name, sizeof ag->supervisor_name, "%s", store_col_text(r, AG_SUPERVISOR_NAME, NULL));
    strfmt(ag->every, sizeof ag->every, "%s", store_col_text(r, AG_EVERY, NULL));
    ag->minutes = (int)store_col_int(r, AG_MINUTES);
    ag->place = svc_col_dup(&ag->strings, r, AG_PLACE);
    ag->record_keeping = svc_col_dup(&ag->strings, r, AG_RECORD_KEEPING);
    ag->content = svc_col_dup(&ag->strings, r, AG_CONTENT);
    ag->confidentiality = svc_col_dup(&ag->strings, r, AG_CONFIDENTIALITY);
    ag->disagreements = svc_col_dup(&ag->strings, r, AG_DISAGREEMENTS);
    ag->written_at = store_col_int(r, AG_WRITTEN_AT);
    ag->supervisor_agreed_at = svc_col_int0(r, AG_SUPERVISOR_AGREED_AT);
    ag->supervisee_agreed_at = svc_col_int0(r, AG_SUPERVISEE_AGREED_AT);
    strfmt(ag->agreed_date, sizeof ag->agreed_date, "%s", store_col_text(r, AG_AGREED_DATE, NULL));
    ag->superseded_at = svc_col_int0(r, AG_SUPERSEDED_AT);
}

/* 1 and the agreement, 0 none, <0 failure. */
static int load(Store *st, StmtId stmt, int64_t ref, Agreement *out)
{
    memset(out, 0, sizeof *out);
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, stmt, p, 1);
    if (!r) return STORE_ERROR;
    int got = store_next(r);
    if (got == 1) from_row(r, out);
    store_rows_close(r);
    return got;
}

void agreement_free(Agreement *ag)
{
    arena_free(&ag->strings);
    memset(ag, 0, sizeof *ag);
}

SvcResult agreement_current(Store *st, const Viewer *v, int64_t supervisee_ref, Agreement *out, bool *found)
{
    *found = false;
    memset(out, 0, sizeof *out);
    Access acc = access_person(st, v, supervisee_ref);
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    if (acc != ACCESS_ALLOWED) return SVC_NOT_FOUND;
    int got = load(st, STMT_AGREEMENT_CURRENT, supervisee_ref, out);
    if (got < 0) return SVC_FAILED;
    *found = got == 1;
    return SVC_OK;
}

AgreementState agreement_state(const Agreement *ag, bool found, int64_t current_supervisor, const Policy *pol,
                               Date today, Date *review)
{
    *review = 0;
    if (!found || ag->supervisor_ref != current_supervisor) return AGREEMENT_NONE;
    Date agreed;
    if (!ag->agreed_date[0] || !date_parse(ag->agreed_date, strlen(ag->agreed_date), &agreed))
        return AGREEMENT_PROPOSED;
    *review = interval_add(agreed, pol->agreement_review);
    return today >= *review ? AGREEMENT_REVIEW_DUE : AGREEMENT_IN_FORCE;
}

const char *agreement_state_label(AgreementState s)
{
    switch (s) {
    case AGREEMENT_NONE: return "No agreement";
    case AGREEMENT_PROPOSED: return "Waiting for the supervisee to agree";
    case AGREEMENT_IN_FORCE: return "In force";
    case AGREEMENT_REVIEW_DUE: return "Review due";
    }
    return "";
}

/* The least often the policy allows this person to be supervised today. */
static bool policy_interval(const Policy *pol, const Staff *s, Date today, Interval *out)
{
    const Role *role = policy_role(pol, s->role, strlen(s->role));
    if (!role) return false;
    const Phase *ph = policy_phase_on(role, s->start, today < s->start ? s->start : today);
    *out = pol->pro_rata && s->fte < FTE_FULL ? interval_pro_rata(ph->every, s->fte) : ph->every;
    return true;
}

SvcResult agreement_defaults(Store *st, const Policy *pol, Date today, int64_t supervisee_ref, Agreement *out)
{
    int got = load(st, STMT_AGREEMENT_IN_FORCE, supervisee_ref, out);
    if (got < 0) return SVC_FAILED;
    if (got == 1) return SVC_OK;
    Staff s;
    got = staff_load(st, supervisee_ref, &s);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_NOT_FOUND;
    const Role *role = policy_role(pol, s.role, strlen(s.role));
    Interval limit;
    if (role && policy_interval(pol, &s, today, &limit)) {
        /* The role's target when it is more often than the rule in force. */
        Interval iv = limit;
        if (role->has_target && interval_add(today, role->target) < interval_add(today, limit)) iv = role->target;
        interval_format(iv, out->every);
    }
    int minutes = 90;
    if (svc_session_minutes(st, pol, &s, &minutes) != SVC_OK) return SVC_FAILED;
    out->minutes = minutes;
    out->place = arena_strndup(&out->strings, default_place, strlen(default_place));
    out->record_keeping = arena_strndup(&out->strings, default_records, strlen(default_records));
    out->content = arena_strndup(&out->strings, default_content, strlen(default_content));
    out->confidentiality = arena_strndup(&out->strings, default_confidentiality, strlen(default_confidentiality));
    out->disagreements = arena_strndup(&out->strings, default_disagreements, strlen(default_disagreements));
    return SVC_OK;
}

SvcResult agreement_write(Store *st, const SvcActor *a, int64_t supervisee_ref, const AgreementTerms *t, int64_t *ref,
                          SvcError *e)
{
    Staff s;
    int got = staff_load(st, supervisee_ref, &s);
    if (got < 0) return SVC_FAILED;
    /* Only the supervisor writes it: to anyone else the person is answered
     * as one that does not exist. */
    Access acc = got == 1 ? access_write_supervisor(st, a->viewer, s.ref) : ACCESS_REFUSED;
    if (acc == ACCESS_FAILED) return SVC_FAILED;
    if (acc != ACCESS_ALLOWED) return svc_fail(e, SVC_NOT_FOUND, "", "There is no such person");
    Interval every, limit;
    if (!t->every || !*t->every) return svc_fail(e, SVC_INVALID, "every", "Enter how often you will meet");
    if (!interval_parse(t->every, strlen(t->every), &every))
        return svc_fail(e, SVC_INVALID, "every",
                        "How often must be a whole number of days, weeks or months, like every 3 weeks");
    if (policy_interval(a->pol, &s, a->today, &limit) &&
        interval_add(a->today, every) > interval_add(a->today, limit)) {
        char l[24];
        interval_words(limit, l);
        return svc_fail(e, SVC_INVALID, "every",
                        "The policy says %s is supervised at least every %s: agree that or more often", s.name, l);
    }
    char *end = NULL;
    long minutes = t->minutes ? strtol(t->minutes, &end, 10) : 0;
    if (!t->minutes || !*t->minutes || *end || minutes < 15 || minutes > 480)
        return svc_fail(e, SVC_INVALID, "minutes", "The length must be a number of minutes from 15 to 480");
    SvcResult rc;
    if ((rc = svc_text(e, "place", "where you will meet", t->place, SVC_LINE_MAX, true)) != SVC_OK ||
        (rc = svc_text(e, "record-keeping", "how records are kept", t->record_keeping, SVC_TEXT_MAX, true)) != SVC_OK ||
        (rc = svc_text(e, "content", "what supervision covers", t->content, SVC_TEXT_MAX, true)) != SVC_OK ||
        (rc = svc_text(e, "confidentiality", "what is confidential", t->confidentiality, SVC_TEXT_MAX, true)) !=
            SVC_OK ||
        (rc = svc_text(e, "disagreements", "how disagreements are handled", t->disagreements, SVC_TEXT_MAX, true)) !=
            SVC_OK)
        return rc;
    char iv[16];
    interval_format(every, iv);
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Param sup[] = {P_INT(s.ref), P_INT(a->now)};
    Param p[] = {P_INT(s.ref),
                 P_INT(a->viewer->staff_ref),
                 P_STR(iv),
                 P_INT(minutes),
                 P_STR(t->place),
                 P_STR(t->record_keeping),
                 P_STR(t->content),
                 P_STR(t->confidentiality),
                 P_STR(t->disagreements),
                 P_INT(a->viewer->staff_ref),
                 P_INT(a->now),
                 P_INT(a->now)};
    char link[80];
    strfmt(link, sizeof link, "/people/%s/agreement", s.id);
    bool ok =
        store_exec(st, STMT_AGREEMENT_SUPERSEDE_PROPOSALS, sup, 2, NULL) == STORE_OK &&
        store_query_int(st, STMT_AGREEMENT_ADD, p, 12, ref) == 1 &&
        svc_inbox(st, s.ref, a->now, "Your supervisor wrote your supervision agreement: read it and agree it", link) &&
        store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok ? SVC_OK : SVC_FAILED;
}

SvcResult agreement_write_id(Store *st, const SvcActor *a, const char *supervisee_id, const AgreementTerms *t,
                             int64_t *ref, SvcError *e)
{
    Staff s;
    int got = staff_load_id(st, supervisee_id ? supervisee_id : "", &s);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return svc_fail(e, SVC_NOT_FOUND, "", "There is no such person");
    return agreement_write(st, a, s.ref, t, ref, e);
}

SvcResult agreement_agree(Store *st, const SvcActor *a, int64_t ref, SvcError *e)
{
    /* Read inside the transaction: a proposal superseded a moment ago is
     * found superseded. */
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Agreement ag;
    int got = load(st, STMT_AGREEMENT_GET, ref, &ag);
    SvcResult rc = SVC_OK;
    if (got < 0)
        rc = SVC_FAILED;
    else if (got == 0 || !access_write_party(a->viewer, 0, ag.supervisee_ref)) /* not theirs: as if not there */
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such agreement");
    else if (ag.agreed_date[0])
        rc = svc_fail(e, SVC_CONFLICT, "", "This agreement was agreed already: nothing more to do");
    else if (ag.superseded_at)
        rc = svc_fail(e, SVC_CONFLICT, "",
                      "Your supervisor changed this agreement meanwhile, so it was not agreed: read the new one, then"
                      " agree that");
    int64_t supervisee = ag.supervisee_ref;
    agreement_free(&ag);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    char today[11];
    date_format(a->today, today);
    Param p[] = {P_INT(ref), P_INT(a->now)};
    Param d[] = {P_INT(ref), P_STR(today)};
    Param sup[] = {P_INT(supervisee), P_INT(a->now), P_INT(ref)};
    int64_t changed = 0;
    bool ok = store_exec(st, STMT_AGREEMENT_AGREE_SUPERVISEE, p, 2, NULL) == STORE_OK &&
              store_exec(st, STMT_AGREEMENT_SET_AGREED, d, 2, &changed) == STORE_OK && changed == 1 &&
              store_exec(st, STMT_AGREEMENT_SUPERSEDE, sup, 3, NULL) == STORE_OK;
    return svc_finish(st, SVC_OK, ok);
}

SvcResult agreement_view(Store *st, const SvcActor *a, const char *id, AgreementView *out)
{
    memset(out, 0, sizeof *out);
    Staff s;
    int got = staff_load_id(st, id ? id : "", &s);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_NOT_FOUND;
    out->ref = s.ref;
    strfmt(out->id, sizeof out->id, "%s", s.id);
    strfmt(out->name, sizeof out->name, "%s", s.name);
    SvcResult rc = agreement_current(st, a->viewer, s.ref, &out->current, &out->found);
    if (rc != SVC_OK) return rc;
    out->state = agreement_state(&out->current, out->found, s.supervisor_ref, a->pol, a->today, &out->review);
    int64_t me = a->viewer->staff_ref;
    out->may_agree = out->found && !out->current.agreed_date[0] && me == s.ref;
    out->may_write = me && me == s.supervisor_ref;
    if (out->may_write && agreement_defaults(st, a->pol, a->today, s.ref, &out->defaults) != SVC_OK) {
        agreement_view_free(out);
        return SVC_FAILED;
    }
    return SVC_OK;
}

void agreement_view_free(AgreementView *v)
{
    agreement_free(&v->current);
    agreement_free(&v->defaults);
    memset(v, 0, sizeof *v);
}
