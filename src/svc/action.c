/* action.c: the decisions of action.h. */
#include "svc/action.h"

#include <stdlib.h>
#include <string.h>

#include "svc/inbox.h"
#include "svc/staff.h"

void action_read_row(StoreRows *r, Arena *a, Action *x)
{
    memset(x, 0, sizeof *x);
    x->ref = store_col_int(r, AC_REF);
    x->supervisee_ref = store_col_int(r, AC_SUPERVISEE_REF);
    x->owner_ref = store_col_int(r, AC_OWNER_REF);
    svc_col_copy(r, AC_OWNER_ID, x->owner_id, sizeof x->owner_id);
    svc_col_copy(r, AC_OWNER_NAME, x->owner_name, sizeof x->owner_name);
    x->text = svc_col_dup(a, r, AC_TEXT);
    svc_col_copy(r, AC_DUE, x->due, sizeof x->due);
    svc_col_copy(r, AC_STATUS, x->status, sizeof x->status);
    x->record_ref = svc_col_int0(r, AC_RECORD_REF);
    svc_col_copy(r, AC_CASE_ID, x->case_id, sizeof x->case_id);
    x->reported_at = svc_col_int0(r, AC_REPORTED_AT);
    x->supervisor_ref = svc_col_int0(r, AC_SUPERVISOR_REF);
    svc_col_copy(r, AC_RECORD_DATE, x->record_date, sizeof x->record_date);
}

SvcResult action_load_updates(Store *st, Arena *strings, Action *x)
{
    Param p[] = {P_INT(x->ref)};
    StoreRows *r = store_query(st, STMT_ACTION_UPDATES, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    size_t cap = 0;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&x->updates, &cap, x->nupdates + 1, sizeof *x->updates);
        ActionUpdate *u = &x->updates[x->nupdates++];
        memset(u, 0, sizeof *u);
        u->at = store_col_int(r, 0);
        svc_col_copy(r, 1, u->by_id, sizeof u->by_id);
        svc_col_copy(r, 2, u->by_name, sizeof u->by_name);
        svc_col_copy(r, 3, u->status, sizeof u->status);
        u->note = svc_col_dup(strings, r, 4);
        svc_col_copy(r, 5, u->record_date, sizeof u->record_date);
        u->reported = svc_col_int0(r, 6) != 0;
        u->record_ref = svc_col_int0(r, 7);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

/* The action of ref: 1 found, 0 none, <0 failure. */
static int load_action(Store *st, int64_t ref, Arena *strings, Action *x)
{
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, STMT_ACTION_GET, p, 1);
    if (!r) return STORE_ERROR;
    int got = store_next(r);
    if (got == 1) action_read_row(r, strings, x);
    store_rows_close(r);
    return got;
}

/* The one read rule: the two of its supervision, or whoever may read the
 * supervisee's records. */
static Access may_read(Store *st, const Viewer *v, const Action *x)
{
    if (access_write_party(v, x->supervisor_ref, x->supervisee_ref) || (v->staff_ref && v->staff_ref == x->owner_ref))
        return ACCESS_ALLOWED;
    return access_person(st, v, x->supervisee_ref);
}

SvcResult action_view(Store *st, const SvcActor *a, int64_t action_ref, ActionView *out)
{
    memset(out, 0, sizeof *out);
    Action *x = &out->action;
    int got = load_action(st, action_ref, &out->strings, x);
    SvcResult rc = got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
    if (rc == SVC_OK) {
        Access acc = may_read(st, a->viewer, x);
        rc = acc == ACCESS_FAILED ? SVC_FAILED : acc == ACCESS_ALLOWED ? SVC_OK : SVC_NOT_FOUND;
    }
    Staff see, sup;
    if (rc == SVC_OK && staff_load(st, x->supervisee_ref, &see) != 1) rc = SVC_FAILED;
    if (rc == SVC_OK && x->supervisor_ref && staff_load(st, x->supervisor_ref, &sup) != 1) rc = SVC_FAILED;
    if (rc == SVC_OK) rc = action_load_updates(st, &out->strings, x);
    if (rc != SVC_OK) {
        action_view_free(out);
        return rc;
    }
    strfmt(out->supervisee_id, sizeof out->supervisee_id, "%s", see.id);
    strfmt(out->supervisee_name, sizeof out->supervisee_name, "%s", see.name);
    if (x->supervisor_ref) strfmt(out->supervisor_name, sizeof out->supervisor_name, "%s", sup.name);
    bool open = strcmp(x->status, "open") == 0;
    int64_t me = a->viewer->staff_ref;
    out->may_report = open && me && me == x->owner_ref && !x->reported_at;
    out->may_confirm = open && access_write_party(a->viewer, x->supervisor_ref, 0);
    return SVC_OK;
}

void action_view_free(ActionView *v)
{
    free(v->action.updates);
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}

/* Begins a change to an open action: the transaction is open and *x loaded
 * (its strings in strings) on SVC_OK, else it is rolled back and strings
 * freed. */
static SvcResult begin_action(Store *st, const SvcActor *a, int64_t ref, Arena *strings, Action *x, SvcError *e)
{
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    int got = load_action(st, ref, strings, x);
    SvcResult rc = SVC_OK;
    if (got < 0)
        rc = SVC_FAILED;
    else if (got == 0 || !access_write_party(a->viewer, x->supervisor_ref, x->owner_ref))
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such action"); /* not theirs: as if not there */
    else if (strcmp(x->status, "open") != 0)
        rc = svc_fail(e, SVC_CONFLICT, "", "This action is %s already: read it as it is now", x->status);
    if (rc != SVC_OK) {
        store_rollback(st);
        arena_free(strings);
    }
    return rc;
}

static bool close_action(Store *st, const SvcActor *a, const Action *x, const char *status, const char *note)
{
    Param u[] = {P_INT(x->ref),          P_NULL, P_INT(a->now), P_INT(a->viewer->staff_ref), P_STR(status),
                 P_STR(note ? note : "")};
    Param s[] = {P_INT(x->ref), P_STR(status), P_INT(a->now)};
    return store_exec(st, STMT_ACTION_UPDATE_ADD, u, 6, NULL) == STORE_OK &&
           store_exec(st, STMT_ACTION_SET_STATUS, s, 3, NULL) == STORE_OK;
}

SvcResult action_report_done(Store *st, const SvcActor *a, int64_t action_ref, const char *note, SvcError *e)
{
    Arena strings = {0};
    Action x;
    SvcResult rc = begin_action(st, a, action_ref, &strings, &x, e);
    if (rc != SVC_OK) return rc;
    if (a->viewer->staff_ref != x.owner_ref)
        rc = svc_fail(e, SVC_REFUSED, "", "Only the person who does the action says it is done");
    else if (x.reported_at)
        rc = svc_fail(e, SVC_CONFLICT, "", "You said this action was done already: it waits for your supervisor");
    else
        rc = svc_text(e, "note", "what was done", note, SVC_TEXT_MAX, true);
    bool ok = true;
    if (rc == SVC_OK && x.owner_ref == x.supervisor_ref) {
        ok = close_action(st, a, &x, "done", note); /* the supervisor's own: nobody else confirms it */
    } else if (rc == SVC_OK) {
        char link[48], text[400];
        strfmt(link, sizeof link, "/actions/%lld", (long long)action_ref);
        strfmt(text, sizeof text, "%.200s says an action is done: confirm it, or say it is not done yet", x.owner_name);
        Param r[] = {P_INT(action_ref), P_INT(a->now)};
        Param u[] = {P_INT(action_ref), P_INT(a->now), P_INT(a->viewer->staff_ref), P_STR(note)};
        int64_t changed = 0;
        ok = store_exec(st, STMT_ACTION_REPORT, r, 2, &changed) == STORE_OK && changed == 1 &&
             store_exec(st, STMT_ACTION_REPORT_ADD, u, 4, NULL) == STORE_OK &&
             (!x.supervisor_ref || svc_inbox(st, x.supervisor_ref, a->now, text, link));
    }
    arena_free(&strings);
    return svc_finish(st, rc, ok);
}

SvcResult action_confirm(Store *st, const SvcActor *a, int64_t action_ref, bool done, const char *note, SvcError *e)
{
    Arena strings = {0};
    Action x;
    SvcResult rc = begin_action(st, a, action_ref, &strings, &x, e);
    if (rc != SVC_OK) return rc;
    if (a->viewer->staff_ref != x.supervisor_ref)
        rc = svc_fail(e, SVC_REFUSED, "", "Only the supervisor confirms an action");
    else
        rc = svc_text(e, "note", done ? "the note" : "why it is not done yet", note, SVC_TEXT_MAX, !done);
    bool ok = true;
    if (rc == SVC_OK) {
        char link[48], text[400];
        strfmt(link, sizeof link, "/actions/%lld", (long long)action_ref);
        strfmt(text, sizeof text,
               done ? "Your supervisor confirmed an action done" : "Your supervisor says an action is not done yet");
        if (done) {
            ok = close_action(st, a, &x, "done", note);
        } else {
            Param r[] = {P_INT(action_ref), P_NULL};
            Param u[] = {P_INT(action_ref),           P_NULL,        P_INT(a->now),
                         P_INT(a->viewer->staff_ref), P_STR("open"), P_STR(note)};
            ok = store_exec(st, STMT_ACTION_REPORT, r, 2, NULL) == STORE_OK &&
                 store_exec(st, STMT_ACTION_UPDATE_ADD, u, 6, NULL) == STORE_OK;
        }
        ok = ok && (x.owner_ref == a->viewer->staff_ref || svc_inbox(st, x.owner_ref, a->now, text, link));
    }
    arena_free(&strings);
    return svc_finish(st, rc, ok);
}
