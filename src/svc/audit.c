/* audit.c: the decisions of audit.h. */
#include "svc/audit.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit_sample.h"
#include "svc/accounts.h"
#include "svc/inbox.h"
#include "svc/notify.h"

/* AUDIT_SELECT's columns (store/statements_audit.h). */
enum {
    AU_REF,
    AU_DRAW,
    AU_AUDITOR,
    AU_KIND,
    AU_RECORD,
    AU_VERSION,
    AU_CASE,
    AU_SUPERVISOR,
    AU_SUBJECT,
    AU_STATE,
    AU_GRADE,
    AU_FINDINGS,
    AU_SAVED,
    AU_COMPLETED,
    AU_QUARTER,
    AU_SERVICE,
    AU_SUBJECT_ID,
    AU_SUBJECT_NAME,
    AU_CASE_ID,
    AU_RECORD_DATE,
    AU_USERNAME,
    AU_SUPERVISOR_NAME,
    AU_OPEN_ACTIONS,
    AU_AUDITOR_STAFF,
};

static void read_audit(StoreRows *r, Arena *a, Audit *x)
{
    memset(x, 0, sizeof *x);
    x->ref = store_col_int(r, AU_REF);
    x->draw_ref = store_col_int(r, AU_DRAW);
    x->auditor_ref = store_col_int(r, AU_AUDITOR);
    svc_col_copy(r, AU_KIND, x->kind, sizeof x->kind);
    x->record_ref = store_col_int(r, AU_RECORD);
    x->version = (int)store_col_int(r, AU_VERSION);
    x->case_ref = store_col_int(r, AU_CASE);
    x->supervisor_ref = store_col_int(r, AU_SUPERVISOR);
    x->subject_ref = store_col_int(r, AU_SUBJECT);
    svc_col_copy(r, AU_STATE, x->state, sizeof x->state);
    svc_col_copy(r, AU_GRADE, x->grade, sizeof x->grade);
    x->findings = svc_col_dup(a, r, AU_FINDINGS);
    x->saved_at = store_col_int(r, AU_SAVED);
    x->completed_at = store_col_int(r, AU_COMPLETED);
    svc_col_copy(r, AU_QUARTER, x->quarter, sizeof x->quarter);
    svc_col_copy(r, AU_SERVICE, x->service, sizeof x->service);
    svc_col_copy(r, AU_SUBJECT_ID, x->subject_id, sizeof x->subject_id);
    svc_col_copy(r, AU_SUBJECT_NAME, x->subject_name, sizeof x->subject_name);
    svc_col_copy(r, AU_CASE_ID, x->case_id, sizeof x->case_id);
    svc_col_copy(r, AU_RECORD_DATE, x->record_date, sizeof x->record_date);
    svc_col_copy(r, AU_USERNAME, x->auditor, sizeof x->auditor);
    svc_col_copy(r, AU_SUPERVISOR_NAME, x->supervisor_name, sizeof x->supervisor_name);
    x->open_actions = store_col_int(r, AU_OPEN_ACTIONS);
    x->auditor_staff_ref = store_col_int(r, AU_AUDITOR_STAFF);
}

static SvcResult list_of(Store *st, StmtId stmt, int64_t key, AuditList *out)
{
    Param p[] = {P_INT(key)};
    StoreRows *r = store_query(st, stmt, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        read_audit(r, &out->strings, &out->items[out->n++]);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void audit_list_free(AuditList *l)
{
    free(l->items);
    arena_free(&l->strings);
    memset(l, 0, sizeof *l);
}

void audit_draw_free(AuditDraw *d)
{
    audit_list_free(&d->audits);
    memset(d, 0, sizeof *d);
}

SvcResult audits_assigned(Store *st, const Viewer *v, AuditList *out)
{
    memset(out, 0, sizeof *out);
    return list_of(st, STMT_AUDITS_OF_AUDITOR, v->user_ref, out);
}

SvcResult audits_findings(Store *st, const Viewer *v, AuditList *out)
{
    memset(out, 0, sizeof *out);
    if (!v->staff_ref) return SVC_OK;
    return list_of(st, STMT_AUDITS_OF_SUPERVISOR, v->staff_ref, out);
}

/* ---- drawing ---- */

typedef struct {
    SampleCandidate *c;
    int64_t *version; /* records: the version drawn */
    size_t n, cap, vcap;
} Candidates;

static int read_candidates(Store *st, bool records, int64_t service_ref, const char *first, const char *last,
                           Candidates *out)
{
    Param p[] = {P_INT(service_ref), P_STR(first), P_STR(last)};
    StoreRows *r = store_query(st, records ? STMT_AUDIT_RECORD_CANDIDATES : STMT_AUDIT_CASE_CANDIDATES, p, 3);
    if (!r) return STORE_ERROR;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->c, &out->cap, out->n + 1, sizeof *out->c);
        xgrow((void **)&out->version, &out->vcap, out->n + 1, sizeof *out->version);
        SampleCandidate *c = &out->c[out->n];
        memset(c, 0, sizeof *c);
        c->ref = store_col_int(r, 0);
        if (records) {
            out->version[out->n] = store_col_int(r, 1);
            c->party[0] = store_col_int(r, 2); /* supervisor */
            c->party[1] = store_col_int(r, 3); /* supervisee */
            c->confidential = store_col_int(r, 4) != 0;
        } else {
            out->version[out->n] = 0;
            c->party[1] = store_col_int(r, 1); /* worker */
            c->party[0] = store_col_int(r, 2); /* their supervisor (0: none) */
        }
        out->n++;
    }
    store_rows_close(r);
    return got < 0 ? got : STORE_OK;
}

static void candidates_free(Candidates *c)
{
    free(c->c);
    free(c->version);
}

/* Deals one kind's sample and writes its audits. */
static bool deal(Store *st, int64_t draw_ref, uint64_t seed, bool records, const Candidates *c,
                 const SampleAuditor *aud, size_t naud, size_t per)
{
    if (!c->n) return true;
    SamplePick *picks = xcalloc(c->n, sizeof *picks);
    size_t n = audit_sample_draw(seed, c->c, c->n, aud, naud, per, picks);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        const SampleCandidate *x = &c->c[picks[i].candidate];
        Param p[] = {P_INT(draw_ref),
                     P_INT(aud[picks[i].auditor].user_ref),
                     P_STR(records ? "record" : "case"),
                     records ? P_INT(x->ref) : P_NULL,
                     records ? P_INT(c->version[picks[i].candidate]) : P_NULL,
                     records ? P_NULL : P_INT(x->ref),
                     x->party[0] ? P_INT(x->party[0]) : P_NULL,
                     P_INT(x->party[1])};
        ok = store_exec(st, STMT_AUDIT_ITEM_ADD, p, 8, NULL) == STORE_OK;
    }
    free(picks);
    return ok;
}

static SvcResult draw_sample(Store *st, const SvcActor *a, const char *operator_name, const char *service,
                             const char *quarter, bool draw, const uint64_t *given, AuditDraw *out, SvcError *e)
{
    memset(out, 0, sizeof *out);
    char first[11], last[11];
    if (a->viewer && !access_service(a->viewer, service ? service : ""))
        return svc_fail(e, SVC_NOT_FOUND, "", "There is no such service"); /* not theirs: as if not there */
    if (!audit_quarter_parse(quarter, first, last))
        return svc_fail(e, SVC_INVALID, "quarter", "Enter the quarter as a year and a quarter, like 2026-Q4");
    /* A quarter not yet begun has nothing to draw from, and a draw is kept
     * for good: drawn now, it would stay empty. */
    char today[11];
    date_format(a->today, today);
    if (draw && strcmp(first, today) > 0)
        return svc_fail(e, SVC_INVALID, "quarter", "%s has not begun: its sample can be drawn from %s", quarter, first);
    if (draw && store_begin(st) != STORE_OK) return SVC_FAILED; /* a look only reads */
    int64_t service_ref = 0, draw_ref = 0;
    Param sp[] = {P_STR(service ? service : "")};
    int got = store_query_int(st, STMT_AUDIT_SERVICE_REF, sp, 1, &service_ref);
    SvcResult rc = SVC_OK;
    bool ok = true;
    if (got < 0) ok = false;
    if (ok && got == 0) rc = svc_fail(e, SVC_NOT_FOUND, "service", "There is no such service");
    if (ok && rc == SVC_OK) {
        Param dp[] = {P_INT(service_ref), P_STR(quarter)};
        StoreRows *r = store_query(st, STMT_AUDIT_DRAW_GET, dp, 2);
        if (!r) ok = false;
        if (r && (got = store_next(r)) == 1) {
            out->existing = true;
            draw_ref = store_col_int(r, 0);
            svc_col_copy(r, 1, out->seed, sizeof out->seed);
            out->drawn_at = store_col_int(r, 2);
            out->records_eligible = store_col_int(r, 3);
            out->cases_eligible = store_col_int(r, 4);
        }
        if (r && got < 0) ok = false;
        if (r) store_rows_close(r);
    }
    if (ok && rc == SVC_OK && !out->existing && draw) {
        Candidates recs = {0}, cases = {0};
        SampleAuditor *aud = NULL;
        size_t naud = 0, cap = 0;
        ok = read_candidates(st, true, service_ref, first, last, &recs) == STORE_OK &&
             read_candidates(st, false, service_ref, first, last, &cases) == STORE_OK;
        StoreRows *r = ok ? store_query(st, STMT_AUDIT_AUDITORS, sp, 1) : NULL;
        if (ok && !r) ok = false;
        while (r && (got = store_next(r)) == 1) {
            xgrow((void **)&aud, &cap, naud + 1, sizeof *aud);
            aud[naud++] = (SampleAuditor){store_col_int(r, 0), store_col_int(r, 1)};
        }
        if (r && got < 0) ok = false;
        if (r) store_rows_close(r);
        uint64_t seed = given ? *given : 0;
        char token[TOKEN_CHARS + 1];
        account_new_token(token); /* 256 random bits, base64url: the first 11 characters give 64 */
        for (int i = 0; !given && i < 11; i++) {
            char c = token[i];
            unsigned v = c >= 'A' && c <= 'Z'   ? (unsigned)(c - 'A')
                         : c >= 'a' && c <= 'z' ? (unsigned)(c - 'a' + 26)
                         : c >= '0' && c <= '9' ? (unsigned)(c - '0' + 52)
                         : c == '-'             ? 62u
                                                : 63u;
            seed = seed << 6 | v;
        }
        strfmt(out->seed, sizeof out->seed, "%016llx", (unsigned long long)seed);
        size_t eligible = 0;
        for (size_t i = 0; i < recs.n; i++) eligible += !recs.c[i].confidential;
        out->records_eligible = (int64_t)eligible;
        out->cases_eligible = (int64_t)cases.n;
        out->drawn_at = a->now;
        char detail[200];
        strfmt(detail, sizeof detail, "audit sample of %.100s for %s drawn (seed %s)", service, quarter, out->seed);
        Param ap[] = {P_INT(service_ref),
                      P_STR(quarter),
                      P_STR(out->seed),
                      P_INT(a->now),
                      a->viewer ? P_INT(a->viewer->user_ref) : P_NULL,
                      a->viewer ? P_NULL : P_STR(operator_name ? operator_name : "command line"),
                      P_INT(out->records_eligible),
                      P_INT(out->cases_eligible)};
        Param lp[] = {P_INT(a->now), a->viewer ? P_INT(a->viewer->user_ref) : P_NULL, P_STR("audit-sample"),
                      P_STR(detail), a->viewer ? P_NULL : P_STR(operator_name ? operator_name : "command line")};
        /* Records and case files are dealt from seeds of their own, both
         * derived from the one stored. */
        ok = ok && store_query_int(st, STMT_AUDIT_DRAW_ADD, ap, 8, &draw_ref) == 1 &&
             deal(st, draw_ref, seed, true, &recs, aud, naud, (size_t)a->pol->audit_records) &&
             deal(st, draw_ref, seed ^ 0x5DEECE66Du, false, &cases, aud, naud, (size_t)a->pol->audit_case_files) &&
             store_exec(st, STMT_ADMIN_AUDIT_ADD, lp, 5, NULL) == STORE_OK;
        candidates_free(&recs);
        candidates_free(&cases);
        free(aud);
    }
    if (ok && rc == SVC_OK && draw_ref) ok = list_of(st, STMT_AUDITS_OF_DRAW, draw_ref, &out->audits) == SVC_OK;
    /* A new sample tells each auditor with a staff record, once (the
     * reminder is one per person, subject and day), in the draw's own
     * transaction: inbox, and email as they chose (svc/notify.h). */
    if (ok && rc == SVC_OK && draw && !out->existing) {
        char subject[48];
        strfmt(subject, sizeof subject, "audit-draw:%lld", (long long)draw_ref);
        for (size_t i = 0; ok && i < out->audits.n; i++)
            if (out->audits.items[i].auditor_staff_ref)
                ok = notify_audit_assigned(st, out->audits.items[i].auditor_staff_ref, subject, a->today, a->now,
                                           "/audits");
    }
    rc = draw ? svc_finish(st, rc, ok) : ok ? rc : SVC_FAILED;
    if (rc != SVC_OK) audit_draw_free(out);
    return rc;
}

SvcResult audit_draw(Store *st, const SvcActor *a, const char *operator_name, const char *service, const char *quarter,
                     bool draw, AuditDraw *out, SvcError *e)
{
    return draw_sample(st, a, operator_name, service, quarter, draw, NULL, out, e);
}

SvcResult audit_draw_seeded(Store *st, const SvcActor *a, const char *operator_name, const char *service,
                            const char *quarter, uint64_t seed, AuditDraw *out, SvcError *e)
{
    return draw_sample(st, a, operator_name, service, quarter, true, &seed, out, e);
}

/* ---- one audit ---- */

static int load_audit(Store *st, int64_t ref, Arena *strings, Audit *x)
{
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, STMT_AUDIT_GET, p, 1);
    if (!r) return STORE_ERROR;
    int got = store_next(r);
    if (got == 1) read_audit(r, strings, x);
    store_rows_close(r);
    return got;
}

/* Whether v reads and writes audit x as its auditor: its auditor, while they still audit its
 * service (an auditor, or still a senior manager of it). A senior manager
 * whose role was taken away or moved keeps no right over their old audits. */
static bool still_auditor(const Viewer *v, const Audit *x)
{
    return x->auditor_ref == v->user_ref && (v->auditor || access_service(v, x->service));
}

SvcResult audit_view(Store *st, const SvcActor *a, int64_t ref, AuditView *out)
{
    memset(out, 0, sizeof *out);
    Audit *x = &out->audit;
    int got = load_audit(st, ref, &out->strings, x);
    if (got <= 0) {
        audit_view_free(out);
        return got < 0 ? SVC_FAILED : SVC_NOT_FOUND;
    }
    bool completed = strcmp(x->state, "completed") == 0;
    out->auditor = still_auditor(a->viewer, x);
    out->supervisor = completed && a->viewer->staff_ref && a->viewer->staff_ref == x->supervisor_ref;
    if (!out->auditor && !out->supervisor) {
        audit_view_free(out);
        return SVC_NOT_FOUND;
    }
    out->may_write = out->auditor && !completed;
    out->may_act = out->auditor && completed;
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, STMT_AUDIT_ANSWERS, p, 1);
    size_t cap = 0;
    while (r && (got = store_next(r)) == 1) {
        xgrow((void **)&out->answers, &cap, out->nanswers + 1, sizeof *out->answers);
        AuditAnswer *w = &out->answers[out->nanswers++];
        svc_col_copy(r, 0, w->question, sizeof w->question);
        svc_col_copy(r, 1, w->grade, sizeof w->grade);
        w->comment = svc_col_dup(&out->strings, r, 2);
    }
    bool ok = r && got >= 0;
    if (r) store_rows_close(r);
    r = ok ? store_query(st, STMT_AUDIT_ACTIONS, p, 1) : NULL;
    cap = 0;
    while (r && (got = store_next(r)) == 1) {
        xgrow((void **)&out->actions, &cap, out->nactions + 1, sizeof *out->actions);
        AuditAction *w = &out->actions[out->nactions++];
        memset(w, 0, sizeof *w);
        w->ref = store_col_int(r, 0);
        w->owner_ref = store_col_int(r, 2);
        svc_col_copy(r, 3, w->owner_name, sizeof w->owner_name);
        w->text = svc_col_dup(&out->strings, r, 4);
        svc_col_copy(r, 5, w->due, sizeof w->due);
        svc_col_copy(r, 6, w->status, sizeof w->status);
        w->created_at = store_col_int(r, 7);
        w->done_at = store_col_int(r, 8);
        w->done_note = svc_col_dup(&out->strings, r, 9);
        w->closed_at = store_col_int(r, 10);
    }
    ok = ok && r && got >= 0;
    if (r) store_rows_close(r);
    if (!ok) {
        audit_view_free(out);
        return SVC_FAILED;
    }
    return SVC_OK;
}

void audit_view_free(AuditView *v)
{
    free(v->answers);
    free(v->actions);
    arena_free(&v->strings);
    memset(v, 0, sizeof *v);
}

const AuditAnswer *audit_answer(const AuditView *v, const char *question)
{
    for (size_t i = 0; i < v->nanswers; i++)
        if (strcmp(v->answers[i].question, question) == 0) return &v->answers[i];
    return NULL;
}

/* Begins a change to an audit by its auditor: the transaction is open and
 * *x loaded on SVC_OK. Another's audit is answered as one that is not
 * there. */
static SvcResult begin_audit(Store *st, const SvcActor *a, int64_t ref, Arena *strings, Audit *x, SvcError *e)
{
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    int got = load_audit(st, ref, strings, x);
    SvcResult rc = SVC_OK;
    if (got < 0)
        rc = SVC_FAILED;
    else if (got == 0 || !still_auditor(a->viewer, x))
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such audit");
    if (rc != SVC_OK) {
        store_rollback(st);
        arena_free(strings);
    }
    return rc;
}

static SvcResult check_grade(const Policy *pol, SvcError *e, const char *field, const char *what, const char *g,
                             bool required)
{
    if ((!g || !*g) && required) return svc_fail(e, SVC_INVALID, field, "Choose a grade for %s", what);
    if (g && *g && !policy_audit_grade(pol, g))
        return svc_fail(e, SVC_INVALID, field, "Choose a grade for %s from the scale", what);
    return SVC_OK;
}

SvcResult audit_save(Store *st, const SvcActor *a, int64_t ref, const AuditInput *in, bool complete, SvcError *e)
{
    const Policy *pol = a->pol;
    SvcResult rc = SVC_OK;
    for (size_t i = 0; rc == SVC_OK && i < pol->naudit_questions; i++) {
        char field[48], what[96];
        strfmt(field, sizeof field, "grade-%.40s", pol->audit_questions[i].id);
        strfmt(what, sizeof what, "question %zu (%.60s)", i + 1, pol->audit_questions[i].id);
        rc = check_grade(pol, e, field, what, in->grades[i], complete);
        strfmt(field, sizeof field, "comment-%.38s", pol->audit_questions[i].id);
        if (rc == SVC_OK) rc = svc_text(e, field, "the comment", in->comments[i], SVC_TEXT_MAX, false);
    }
    if (rc == SVC_OK) rc = check_grade(pol, e, "grade", "the audit as a whole", in->grade, complete);
    if (rc == SVC_OK) rc = svc_text(e, "findings", "the findings", in->findings, SVC_TEXT_MAX, complete);
    if (rc != SVC_OK) return rc;
    Arena strings = {0};
    Audit x;
    rc = begin_audit(st, a, ref, &strings, &x, e);
    if (rc != SVC_OK) return rc;
    if (strcmp(x.state, "completed") == 0)
        rc = svc_fail(e, SVC_CONFLICT, "", "This audit is completed: it cannot be changed");
    bool ok = true;
    if (rc == SVC_OK) {
        Param c[] = {P_INT(ref)};
        ok = store_exec(st, STMT_AUDIT_ANSWERS_CLEAR, c, 1, NULL) == STORE_OK;
        for (size_t i = 0; ok && i < pol->naudit_questions; i++) {
            const char *g = in->grades[i] ? in->grades[i] : "", *t = in->comments[i] ? in->comments[i] : "";
            if (!*g && !*t) continue;
            Param p[] = {P_INT(ref), P_STR(pol->audit_questions[i].id), P_STR(g), P_STR(t)};
            ok = store_exec(st, STMT_AUDIT_ANSWER_ADD, p, 4, NULL) == STORE_OK;
        }
        int64_t changed = 0;
        Param s[] = {P_INT(ref),
                     P_STR(complete ? "completed" : "draft"),
                     in->grade && *in->grade ? P_STR(in->grade) : P_NULL,
                     P_STR(in->findings ? in->findings : ""),
                     P_INT(a->now),
                     complete ? P_INT(a->now) : P_NULL};
        ok = ok && store_exec(st, STMT_AUDIT_SAVE, s, 6, &changed) == STORE_OK && changed == 1;
        if (ok && complete && x.supervisor_ref) {
            char link[48], text[400];
            strfmt(link, sizeof link, "/audits/%lld", (long long)ref);
            /* Its grade and findings are on its page: the inbox and the
             * email (as they chose) say only what was audited and when,
             * never the findings (docs/security.md). */
            if (strcmp(x.kind, "record") == 0)
                strfmt(text, sizeof text, "An audit of the supervision record of %s that you wrote is complete.",
                       x.record_date);
            else
                strfmt(text, sizeof text, "An audit of a case file whose worker you supervise is complete.");
            /* To the inbox, and by email as they chose (svc/notify.h). */
            char subject[48];
            bool made;
            strfmt(subject, sizeof subject, "audit-findings:%lld", (long long)ref);
            ok = notify_person(st, x.supervisor_ref, NOTIFY_AUDIT, subject, a->today, a->now, text, link, &made);
        }
    }
    arena_free(&strings);
    return svc_finish(st, rc, ok);
}

SvcResult audit_action_add(Store *st, const SvcActor *a, int64_t audit_ref, const char *text, const char *due,
                           SvcError *e)
{
    SvcResult rc = svc_text(e, "text", "what is to be done", text, SVC_LINE_MAX * 5, true);
    Date d;
    if (rc == SVC_OK && (!due || !*due)) rc = svc_fail(e, SVC_INVALID, "due", "Enter the date it is due by");
    if (rc == SVC_OK && !date_parse(due, strlen(due), &d))
        rc = svc_fail(e, SVC_INVALID, "due", "The date it is due by must be a real date, like 2027-01-31");
    if (rc == SVC_OK && d < a->today)
        rc = svc_fail(e, SVC_INVALID, "due", "The date it is due by must be today or later");
    if (rc != SVC_OK) return rc;
    Arena strings = {0};
    Audit x;
    rc = begin_audit(st, a, audit_ref, &strings, &x, e);
    if (rc != SVC_OK) return rc;
    if (strcmp(x.state, "completed") != 0)
        rc = svc_fail(e, SVC_CONFLICT, "", "Complete the audit before setting remedial actions");
    else if (!x.supervisor_ref)
        rc = svc_fail(e, SVC_CONFLICT, "", "Nobody supervises this work, so nobody can be given an action");
    bool ok = true;
    if (rc == SVC_OK) {
        Param p[] = {P_INT(audit_ref), P_INT(x.supervisor_ref), P_STR(text), P_STR(due), P_INT(a->now)};
        char link[48], msg[400];
        strfmt(link, sizeof link, "/audits/%lld", (long long)audit_ref);
        /* The inbox and the email (as they chose) say what and when, never
         * the action's words: an email leaves the organisation's systems
         * (docs/security.md). */
        strfmt(msg, sizeof msg, "An audit gave you a remedial action, due by %s.", due);
        char subject[48];
        bool made;
        int64_t action_ref = 0;
        ok = store_query_int(st, STMT_AUDIT_ACTION_ADD, p, 5, &action_ref) == 1;
        if (ok) strfmt(subject, sizeof subject, "audit-action:%lld", (long long)action_ref);
        ok = ok && notify_person(st, x.supervisor_ref, NOTIFY_AUDIT, subject, a->today, a->now, msg, link, &made);
    }
    arena_free(&strings);
    return svc_finish(st, rc, ok);
}

/* The audit an action belongs to, loaded in an open transaction. */
static SvcResult begin_action(Store *st, int64_t action_ref, int64_t *audit_ref, Arena *strings, Audit *x, SvcError *e)
{
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Param p[] = {P_INT(action_ref)};
    int got = store_query_int(st, STMT_AUDIT_ACTION_AUDIT, p, 1, audit_ref);
    if (got == 1) got = load_audit(st, *audit_ref, strings, x);
    if (got == 1) return SVC_OK;
    store_rollback(st);
    arena_free(strings);
    return got < 0 ? SVC_FAILED : svc_fail(e, SVC_NOT_FOUND, "", "There is no such action");
}

SvcResult audit_action_done(Store *st, const SvcActor *a, int64_t action_ref, const char *note, int64_t *audit_ref,
                            SvcError *e)
{
    SvcResult rc = svc_text(e, "note", "the note", note, SVC_TEXT_MAX, false);
    if (rc != SVC_OK) return rc;
    Arena strings = {0};
    Audit x;
    rc = begin_action(st, action_ref, audit_ref, &strings, &x, e);
    if (rc != SVC_OK) return rc;
    if (!a->viewer->staff_ref || a->viewer->staff_ref != x.supervisor_ref)
        rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such action");
    bool ok = true;
    int64_t changed = 0;
    if (rc == SVC_OK) {
        Param p[] = {P_INT(action_ref), P_INT(a->now), P_STR(note ? note : "")};
        ok = store_exec(st, STMT_AUDIT_ACTION_DONE, p, 3, &changed) == STORE_OK;
        if (ok && changed != 1) rc = svc_fail(e, SVC_CONFLICT, "", "This action is not open: read it as it is now");
    }
    if (ok && rc == SVC_OK && x.auditor_staff_ref) {
        char link[48];
        strfmt(link, sizeof link, "/audits/%lld", (long long)*audit_ref);
        ok = svc_inbox(st, x.auditor_staff_ref, a->now, "A remedial action of your audit is done: confirm it closed",
                       link);
    }
    arena_free(&strings);
    return svc_finish(st, rc, ok);
}

SvcResult audit_action_close(Store *st, const SvcActor *a, int64_t action_ref, int64_t *audit_ref, SvcError *e)
{
    Arena strings = {0};
    Audit x;
    SvcResult rc = begin_action(st, action_ref, audit_ref, &strings, &x, e);
    if (rc != SVC_OK) return rc;
    if (!still_auditor(a->viewer, &x)) rc = svc_fail(e, SVC_NOT_FOUND, "", "There is no such action");
    bool ok = true;
    int64_t changed = 0;
    if (rc == SVC_OK) {
        Param p[] = {P_INT(action_ref), P_INT(a->now)};
        ok = store_exec(st, STMT_AUDIT_ACTION_CLOSE, p, 2, &changed) == STORE_OK;
        if (ok && changed != 1)
            rc = svc_fail(e, SVC_CONFLICT, "", "Only an action the supervisor says is done can be closed");
    }
    arena_free(&strings);
    return svc_finish(st, rc, ok);
}

/* ---- over time ---- */

static AuditQuarter *quarter_row(AuditSummary *s, const char *q)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->q[i].quarter, q) == 0) return &s->q[i];
    xgrow((void **)&s->q, &s->cap, s->n + 1, sizeof *s->q);
    AuditQuarter *r = &s->q[s->n++];
    memset(r, 0, sizeof *r);
    strfmt(r->quarter, sizeof r->quarter, "%s", q);
    return r;
}

static int quarters_desc(const void *x, const void *y)
{
    return strcmp(((const AuditQuarter *)y)->quarter, ((const AuditQuarter *)x)->quarter);
}

SvcResult audit_summary(Store *st, const SvcActor *a, const char *service, AuditSummary *out)
{
    memset(out, 0, sizeof *out);
    if (!access_service(a->viewer, service)) return SVC_NOT_FOUND;
    int64_t service_ref = 0;
    Param sp[] = {P_STR(service)};
    int got = store_query_int(st, STMT_AUDIT_SERVICE_REF, sp, 1, &service_ref);
    if (got <= 0) return got < 0 ? SVC_FAILED : SVC_NOT_FOUND;
    Param p[] = {P_INT(service_ref)};
    StoreRows *r = store_query(st, STMT_AUDIT_SUMMARY, p, 1);
    char q[8], state[12], grade[65];
    while (r && (got = store_next(r)) == 1) {
        svc_col_copy(r, 0, q, sizeof q);
        svc_col_copy(r, 1, state, sizeof state);
        svc_col_copy(r, 2, grade, sizeof grade);
        int64_t n = store_col_int(r, 3);
        AuditQuarter *row = quarter_row(out, q);
        row->drawn += n;
        if (strcmp(state, "completed") != 0) continue;
        row->completed += n;
        const PolicyItem *g = policy_audit_grade(a->pol, grade);
        if (g)
            row->grades[g - a->pol->audit_grades] += n;
        else
            row->other_grades += n;
    }
    bool ok = r && got >= 0;
    if (r) store_rows_close(r);
    char today[11];
    date_format(a->today, today);
    Param ap[] = {P_INT(service_ref), P_STR(today)};
    r = ok ? store_query(st, STMT_AUDIT_SUMMARY_ACTIONS, ap, 2) : NULL;
    while (r && (got = store_next(r)) == 1) {
        svc_col_copy(r, 0, q, sizeof q);
        svc_col_copy(r, 1, state, sizeof state);
        AuditQuarter *row = quarter_row(out, q);
        int64_t n = store_col_int(r, 2);
        *(strcmp(state, "open") == 0 ? &row->open : strcmp(state, "done") == 0 ? &row->done : &row->closed) += n;
        row->overdue += svc_col_int0(r, 3);
    }
    ok = ok && r && got >= 0;
    if (r) store_rows_close(r);
    if (!ok) {
        audit_summary_free(out);
        return SVC_FAILED;
    }
    if (out->n > 1) qsort(out->q, out->n, sizeof *out->q, quarters_desc);
    return SVC_OK;
}

void audit_summary_free(AuditSummary *s)
{
    free(s->q);
    memset(s, 0, sizeof *s);
}
