/* escalation.c: the decisions of escalation.h. */
#include "svc/escalation.h"

#include <stdio.h>
#include <string.h>

#include "svc/inbox.h"
#include "svc/record.h"
#include "svc/staff.h"

static void from_row(StoreRows *r, Escalation *x)
{
    memset(x, 0, sizeof *x);
    x->ref = store_col_int(r, ES_REF);
    svc_col_copy(r, ES_SUBJECT, x->subject, sizeof x->subject);
    x->supervisee_ref = store_col_int(r, ES_SUPERVISEE_REF);
    svc_col_copy(r, ES_SUPERVISEE_ID, x->supervisee_id, sizeof x->supervisee_id);
    svc_col_copy(r, ES_SUPERVISEE_NAME, x->supervisee_name, sizeof x->supervisee_name);
    x->supervisor_ref = svc_col_int0(r, ES_SUPERVISOR_REF);
    x->record_ref = svc_col_int0(r, ES_RECORD_REF);
    x->raised_by_ref = store_col_int(r, ES_RAISED_BY_REF);
    x->raised_at = store_col_int(r, ES_RAISED_AT);
    x->level = (int)store_col_int(r, ES_LEVEL);
    x->assignee_ref = svc_col_int0(r, ES_ASSIGNEE_REF);
    svc_col_copy(r, ES_ASSIGNEE_ID, x->assignee_id, sizeof x->assignee_id);
    svc_col_copy(r, ES_ASSIGNEE_NAME, x->assignee_name, sizeof x->assignee_name);
    svc_col_copy(r, ES_SERVICE, x->service, sizeof x->service);
    svc_col_copy(r, ES_RESPOND_BY, x->respond_by, sizeof x->respond_by);
    svc_col_copy(r, ES_STATUS, x->status, sizeof x->status);
}

/* Whether x is with the viewer at its level: theirs to respond to while it
 * is open. Responses are recorded against a staff record: a senior
 * manager's account must be linked to one to respond. */
static bool with_viewer(const Viewer *v, const Escalation *x)
{
    return x->level == 1 ? v->staff_ref && v->staff_ref == x->assignee_ref : access_write_service(v, x->service);
}

/* Whether the viewer raised x or is its supervisee: who takes it further. */
static bool raiser(const Viewer *v, const Escalation *x)
{
    return v->staff_ref && (v->staff_ref == x->supervisee_ref || v->staff_ref == x->raised_by_ref);
}

/* What the viewer may do with x, and whether they may see it at all. */
static Access decide(Store *st, const Viewer *v, Escalation *x)
{
    bool open = strcmp(x->status, "open") == 0, with_me = with_viewer(v, x);
    x->may_respond = open && with_me;
    x->may_escalate = open && x->level == 1 && raiser(v, x);
    if (with_me || x->may_escalate || v->auditor) return ACCESS_ALLOWED;
    if (v->staff_ref && (v->staff_ref == x->supervisor_ref || v->staff_ref == x->assignee_ref)) return ACCESS_ALLOWED;
    if (x->service[0] && access_service(v, x->service)) return ACCESS_ALLOWED;
    return access_person(st, v, x->supervisee_ref);
}

static SvcResult load_events(Store *st, Escalation *x, Arena *a)
{
    Param p[] = {P_INT(x->ref)};
    StoreRows *r = store_query(st, STMT_ESCALATION_EVENTS, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    size_t cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&x->events, &cap, x->nevents + 1, sizeof *x->events);
        EscalationEvent *ev = &x->events[x->nevents++];
        ev->at = store_col_int(r, 0);
        svc_col_copy(r, 1, ev->by_id, sizeof ev->by_id);
        svc_col_copy(r, 2, ev->by_name, sizeof ev->by_name);
        svc_col_copy(r, 3, ev->kind, sizeof ev->kind);
        size_t n;
        const char *s = store_col_text(r, 4, &n);
        ev->text = arena_strndup(a, s, n);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void escalation_list_free(EscalationList *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->items[i].events);
    free(l->items);
    arena_free(&l->strings);
    memset(l, 0, sizeof *l);
}

/* Reads one escalation into a fresh list: 1, 0 or <0. */
static int load(Store *st, int64_t ref, EscalationList *out)
{
    memset(out, 0, sizeof *out);
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, STMT_ESCALATION_GET, p, 1);
    if (!r) return STORE_ERROR;
    int got = store_next(r);
    if (got == 1) {
        xgrow((void **)&out->items, &out->cap, 1, sizeof *out->items);
        from_row(r, &out->items[out->n++]);
    }
    store_rows_close(r);
    return got;
}

SvcResult escalation_get(Store *st, const Viewer *v, int64_t ref, EscalationList *out)
{
    int got = load(st, ref, out);
    if (got <= 0) {
        escalation_list_free(out);
        return got < 0 ? SVC_FAILED : SVC_NOT_FOUND;
    }
    Access acc = decide(st, v, &out->items[0]);
    SvcResult rc = acc == ACCESS_FAILED ? SVC_FAILED : acc == ACCESS_REFUSED ? SVC_NOT_FOUND : SVC_OK;
    if (rc == SVC_OK) rc = load_events(st, &out->items[0], &out->strings);
    if (rc != SVC_OK) escalation_list_free(out);
    return rc;
}

SvcResult escalations_for(Store *st, const Viewer *v, EscalationList *out)
{
    memset(out, 0, sizeof *out);
    Param p[] = {P_INT(v->staff_ref ? v->staff_ref : -1), P_INT(v->user_ref)};
    StoreRows *r = store_query(st, v->auditor ? STMT_ESCALATIONS_ALL : STMT_ESCALATIONS_FOR, p, v->auditor ? 0 : 2);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        from_row(r, &out->items[out->n++]);
    }
    store_rows_close(r);
    for (size_t i = 0; got == 0 && i < out->n; i++)
        if (decide(st, v, &out->items[i]) == ACCESS_FAILED) got = STORE_ERROR;
    if (got < 0) {
        escalation_list_free(out);
        return SVC_FAILED;
    }
    return SVC_OK;
}

static bool add_event(Store *st, int64_t ref, const SvcActor *a, const char *kind, const char *text)
{
    Param p[] = {P_INT(ref), P_INT(a->now), P_INT(a->viewer->staff_ref), P_STR(kind), P_STR(text)};
    return store_exec(st, STMT_ESCALATION_EVENT_ADD, p, 5, NULL) == STORE_OK;
}

/* The disputed record an escalation is about: its two, once checked that
 * the actor is one of them and it is not escalated already. */
static SvcResult disputed_record(Store *st, const SvcActor *a, int64_t record_ref, int64_t *supervisee,
                                 int64_t *supervisor, SvcError *e)
{
    Record r;
    SvcResult rc = record_get(st, a->viewer, record_ref, 0, &r);
    if (rc != SVC_OK) return rc == SVC_FAILED ? rc : svc_fail(e, rc, "", "There is no such record");
    *supervisee = r.supervisee_ref;
    *supervisor = r.supervisor_ref;
    bool party = r.party, disputed = strcmp(r.state, "disputed") == 0;
    record_free(&r);
    if (!party) return svc_fail(e, SVC_NOT_FOUND, "", "There is no such record"); /* not theirs: as if not there */
    if (!disputed)
        return svc_fail(e, SVC_CONFLICT, "",
                        "Only a record the supervisee disagreed with can be escalated, and this one is not (or no"
                        " longer) disputed: read it as it is now");
    int64_t open = 0;
    Param q[] = {P_INT(record_ref)};
    int got = store_query_int(st, STMT_ESCALATION_OPEN_FOR_RECORD, q, 1, &open);
    if (got < 0) return SVC_FAILED;
    if (got == 1)
        return svc_fail(e, SVC_CONFLICT, "", "This disagreement is already escalated: follow it in Escalations");
    return SVC_OK;
}

SvcResult escalation_raise(Store *st, const SvcActor *a, int64_t record_ref, const char *text, int64_t *ref,
                           SvcError *e)
{
    int64_t me = a->viewer->staff_ref, supervisee = me, supervisor = 0;
    const char *subject = record_ref ? "disagreement" : "no-supervision";
    if (!me) return svc_fail(e, SVC_REFUSED, "", "Only staff can escalate");
    /* Checked inside the transaction: the supervisor and the supervisee
     * escalating the same disagreement at once make one escalation. */
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    SvcResult rc = record_ref ? disputed_record(st, a, record_ref, &supervisee, &supervisor, e) : SVC_OK;
    Staff see, sup;
    if (rc == SVC_OK && staff_load(st, supervisee, &see) != 1) rc = SVC_FAILED;
    if (rc == SVC_OK) rc = svc_text(e, "text", "what you want resolved", text, SVC_TEXT_MAX, true);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    if (!record_ref) supervisor = see.supervisor_ref;
    /* Level 1 is the supervisor's line manager; without one, level 2. */
    int64_t assignee = 0;
    if (supervisor) {
        int got = staff_load(st, supervisor, &sup);
        if (got < 0) return svc_finish(st, SVC_FAILED, false);
        if (got == 1) assignee = sup.line_manager_ref;
    }
    if (assignee == me) assignee = 0;
    if (!assignee && !see.service_ref)
        return svc_finish(st,
                          svc_fail(e, SVC_CONFLICT, "",
                                   "Nobody can take this escalation: the supervisor has no line manager and the team"
                                   " belongs to no service. Ask an administrator."),
                          false);
    char respond_by[11], link[64];
    date_format(interval_add(a->today, a->pol->escalation_response), respond_by);
    Param p[] = {P_STR(subject),
                 P_INT(supervisee),
                 supervisor ? P_INT(supervisor) : P_NULL,
                 record_ref ? P_INT(record_ref) : P_NULL,
                 P_INT(me),
                 P_INT(a->now),
                 assignee ? P_INT(assignee) : P_NULL,
                 see.service_ref ? P_INT(see.service_ref) : P_NULL,
                 P_STR(respond_by)};
    bool ok = store_query_int(st, STMT_ESCALATION_ADD, p, 9, ref) == 1 && add_event(st, *ref, a, "raised", text);
    if (ok && !assignee) {
        Param up[] = {P_INT(*ref), P_STR(respond_by)};
        ok = store_exec(st, STMT_ESCALATION_RAISE_LEVEL, up, 2, NULL) == STORE_OK;
    }
    strfmt(link, sizeof link, "/escalations/%lld", (long long)*ref);
    ok = ok && svc_inbox(st, assignee, a->now, "An escalation is waiting for your response", link);
    return svc_finish(st, SVC_OK, ok);
}

/* Begins a change to an escalation: the transaction first, then the
 * escalation as the actor may see it, without its history, read inside it
 * (svc_finish), so one resolved or taken further a moment ago is found so.
 * The caller decides from may_respond/may_escalate. On SVC_OK the
 * transaction is open; otherwise it is rolled back. */
static SvcResult begin_change(Store *st, const SvcActor *a, int64_t ref, Escalation *x, SvcError *e)
{
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    EscalationList l;
    SvcResult rc = escalation_get(st, a->viewer, ref, &l);
    if (rc != SVC_OK) {
        store_rollback(st);
        return rc == SVC_FAILED ? rc : svc_fail(e, rc, "", "There is no such escalation");
    }
    *x = l.items[0];
    free(l.items[0].events);
    x->events = NULL;
    x->nevents = 0;
    l.items[0].events = NULL;
    escalation_list_free(&l);
    return SVC_OK;
}

SvcResult escalation_respond(Store *st, const SvcActor *a, int64_t ref, const char *text, bool resolved, SvcError *e)
{
    Escalation x;
    SvcResult rc = begin_change(st, a, ref, &x, e);
    if (rc != SVC_OK) return rc;
    if (!x.may_respond && with_viewer(a->viewer, &x))
        rc = svc_fail(e, SVC_CONFLICT, "",
                      "This escalation was resolved meanwhile, so your response was not added. If it is not settled,"
                      " raise a new one.");
    else if (!x.may_respond)
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such escalation"); /* not theirs (access.h) */
    else
        rc = svc_text(e, "response", "your response", text, SVC_TEXT_MAX, true);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    char link[64];
    strfmt(link, sizeof link, "/escalations/%lld", (long long)ref);
    const char *msg =
        resolved ? "An escalation you are part of was resolved" : "An escalation you are part of has a response";
    Param p[] = {P_INT(ref)};
    int64_t changed = 0;
    bool ok = add_event(st, ref, a, "response", text) &&
              (!resolved || (store_exec(st, STMT_ESCALATION_RESOLVE, p, 1, &changed) == STORE_OK && changed == 1 &&
                             add_event(st, ref, a, "resolved", ""))) &&
              svc_inbox(st, x.supervisee_ref, a->now, msg, link) &&
              (x.supervisor_ref == x.supervisee_ref || svc_inbox(st, x.supervisor_ref, a->now, msg, link));
    return svc_finish(st, SVC_OK, ok);
}

SvcResult escalation_escalate(Store *st, const SvcActor *a, int64_t ref, const char *text, SvcError *e)
{
    Escalation x;
    SvcResult rc = begin_change(st, a, ref, &x, e);
    if (rc != SVC_OK) return rc;
    if (!x.may_escalate && raiser(a->viewer, &x))
        rc = svc_fail(e, SVC_CONFLICT, "", "This escalation was %s meanwhile, so it was not taken further",
                      strcmp(x.status, "open") != 0 ? "resolved" : "taken to the senior managers already");
    else if (!x.may_escalate)
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such escalation"); /* not theirs (access.h) */
    else if (!x.service[0])
        rc = svc_fail(e, SVC_CONFLICT, "",
                      "The team belongs to no service, so there is no senior manager to take"
                      " this. Ask an administrator.");
    else
        rc = svc_text(e, "text", "why it needs to go further", text, SVC_TEXT_MAX, true);
    if (rc != SVC_OK) return svc_finish(st, rc, false);
    char respond_by[11];
    date_format(interval_add(a->today, a->pol->escalation_response), respond_by);
    Param up[] = {P_INT(ref), P_STR(respond_by)};
    int64_t changed = 0;
    bool ok = store_exec(st, STMT_ESCALATION_RAISE_LEVEL, up, 2, &changed) == STORE_OK && changed == 1 &&
              add_event(st, ref, a, "escalated", text);
    return svc_finish(st, SVC_OK, ok);
}
