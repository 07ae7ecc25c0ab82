/* page_audit.c: quality audits (svc/audit.h): My audits, one audit (the
 * form for its auditor, the findings for the supervisor, remedial actions
 * for both), and a service's audits: the quarter's sample, drawing it, and
 * the results quarter by quarter. */
#include <string.h>

#include "svc/audit.h"
#include "web/page_lists.h"
#include "web/routes.h"

static const char *state_words(const Audit *x)
{
    return strcmp(x->state, "completed") == 0 ? "completed" : strcmp(x->state, "draft") == 0 ? "draft saved" : "to do";
}

static const char *grade_label(const Policy *pol, const char *id)
{
    const PolicyItem *g = policy_audit_grade(pol, id);
    return g ? g->text : id[0] ? id : "not graded";
}

/* What an audit is of, as a link's text. */
static void audit_subject(const Audit *x, char *out, size_t n)
{
    char d[WEB_DATE_CHARS];
    if (strcmp(x->kind, "record") == 0)
        strfmt(out, n, "Supervision record of %s (%.200s)", web_date_of(x->record_date, d), x->subject_name);
    else
        strfmt(out, n, "Case file %.64s (%.200s)", x->case_id, x->subject_name);
}

static void audits_table(Req *r, const AuditList *l, const char *caption, bool show_auditor)
{
    Buf *b = &r->rs->body;
    static const char *const heads[] = {"Quarter", "Audit of", "Service", "State", "Grade", "Open actions", NULL};
    static const char *const heads_auditor[] = {"Quarter", "Audit of", "Auditor", "State", "Grade", NULL};
    table_start(b, caption, true, show_auditor ? heads_auditor : heads);
    for (size_t i = 0; i < l->n; i++) {
        const Audit *x = &l->items[i];
        char what[300], n[24];
        audit_subject(x, what, sizeof what);
        html_f(b,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
               "<a class=\"govuk-link\" href=\"/audits/%ld\">%s</a></td>",
               x->quarter, (long)x->ref, what);
        table_cell(b, show_auditor ? x->auditor : x->service);
        table_cell(b, state_words(x));
        table_cell(b, strcmp(x->state, "completed") == 0 ? grade_label(web_actor(r).pol, x->grade) : "");
        if (!show_auditor) {
            strfmt(n, sizeof n, "%lld", (long long)x->open_actions);
            table_cell(b, n);
        }
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
}

void page_audits(Req *r)
{
    AuditList mine, findings;
    if (audits_assigned(r->st, &r->v->viewer, &mine) != SVC_OK) return page_server_error(r);
    if (audits_findings(r->st, &r->v->viewer, &findings) != SVC_OK) {
        audit_list_free(&mine);
        return page_server_error(r);
    }
    Buf *b = &r->rs->body;
    page_start(r, "My audits", "/audits");
    html_f(b, "<h1 class=\"govuk-heading-l\">My audits</h1>");
    if (mine.n)
        audits_table(r, &mine, "Assigned to me", false);
    else
        html_f(b, "<p class=\"govuk-body\">No audits are assigned to you.</p>");
    html_f(b, "<h2 class=\"govuk-heading-m\">Audits of the supervision I give</h2>");
    if (findings.n)
        audits_table(r, &findings, "Completed audits of records and cases I supervise", false);
    else
        html_f(b, "<p class=\"govuk-body\">No completed audits of the supervision you give.</p>");
    audit_list_free(&mine);
    audit_list_free(&findings);
    page_end(r);
}

/* The record as the auditor may read it (record_view's rules: confidential
 * items hidden), its read recorded. false when the answer is already sent. */
static bool show_record(Req *r, const Audit *x)
{
    Buf *b = &r->rs->body;
    SvcActor a = web_actor(r);
    RecordView v;
    SvcResult rc = record_view(r->st, &a, x->record_ref, x->version, &v);
    if (rc == SVC_FAILED) {
        page_server_error(r);
        return false;
    }
    if (rc != SVC_OK) {
        html_f(b, "<p class=\"govuk-body\">You cannot read this record now.</p>");
        return true;
    }
    if (!trail_record(r, &v.rec)) {
        record_view_free(&v);
        return false;
    }
    const Record *rec = &v.rec;
    html_f(b,
           "<h2 class=\"govuk-heading-m\" id=\"record\">The record</h2><p class=\"govuk-body\">Version %d, %s, "
           "between %s (supervisor) and %s. <a class=\"govuk-link\" href=\"/records/%ld?version=%d\">Open the record"
           "</a></p><dl class=\"govuk-summary-list\">",
           rec->version, rec->state, v.supervisor_name, v.supervisee_name, (long)rec->ref, rec->version);
    for (size_t i = 0; i < rec->nitems; i++) {
        const RecordItem *it = &rec->items[i];
        const char *label = it->topic;
        for (size_t k = 0; k < record_ntopics; k++)
            if (strcmp(record_topics[k].id, it->topic) == 0) label = record_topics[k].label;
        web_summary_row(b, label, it->hidden ? "Confidential between the two: not shown" : it->text);
    }
    HTML_RAW(b, "</dl>");
    for (size_t i = 0; i < rec->nnotes; i++) {
        const CaseNote *n = &rec->notes[i];
        html_f(b, "<h3 class=\"govuk-heading-s\">Case %s</h3><dl class=\"govuk-summary-list\">", n->case_id);
        web_summary_row(b, "Analysis", n->analysis);
        web_summary_row(b, "Decision", n->decision);
        web_summary_row(b, "Rationale", n->rationale);
        web_summary_row(b, "Tasks", n->tasks);
        if (n->departs) web_summary_row(b, "Departs from procedure", n->departure);
        HTML_RAW(b, "</dl>");
    }
    if (rec->nactions) {
        HTML_RAW(b, "<h3 class=\"govuk-heading-s\">Actions agreed</h3><ul class=\"govuk-list\">");
        for (size_t i = 0; i < rec->nactions; i++) action_list_item(b, &rec->actions[i]);
        HTML_RAW(b, "</ul>");
    }
    record_view_free(&v);
    return true;
}

/* The case file: its decisions, as the auditor may read them. */
static bool show_case(Req *r, const Audit *x)
{
    Buf *b = &r->rs->body;
    Record rec;
    SvcResult rc = case_notes_of(r->st, &r->v->viewer, x->case_ref, HISTORY_ROWS, &rec);
    if (rc == SVC_FAILED) {
        page_server_error(r);
        return false;
    }
    if (rc != SVC_OK) {
        html_f(b, "<p class=\"govuk-body\">You cannot read this case now.</p>");
        return true;
    }
    if (!trail_case(r, x->case_ref, x->subject_ref, x->case_id)) {
        record_free(&rec);
        return false;
    }
    html_f(b,
           "<h2 class=\"govuk-heading-m\" id=\"record\">The case file</h2><p class=\"govuk-body\">"
           "<a class=\"govuk-link\" href=\"/cases/%u\">Open case %s</a>. Its decisions in supervision:</p>",
           x->case_id, x->case_id);
    if (!rec.nnotes) html_f(b, "<p class=\"govuk-body\">None recorded.</p>");
    for (size_t i = 0; i < rec.nnotes; i++) {
        const CaseNote *n = &rec.notes[i];
        char d[WEB_DATE_CHARS];
        html_f(b, "<h3 class=\"govuk-heading-s\">%s (%s)</h3><dl class=\"govuk-summary-list\">",
               web_date_of(n->date, d), n->writer_name);
        web_summary_row(b, "Decision", n->decision);
        web_summary_row(b, "Rationale", n->rationale);
        if (n->departs) web_summary_row(b, "Departs from procedure", n->departure);
        HTML_RAW(b, "</dl>");
    }
    record_free(&rec);
    return true;
}

static void grades_form(Req *r, const AuditView *v, const SvcError *e)
{
    const Policy *pol = web_actor(r).pol;
    HtmlLink opts[POLICY_AUDIT_GRADES_MAX + 1];
    opts[0] = (HtmlLink){"Not graded yet", ""};
    for (size_t i = 0; i < pol->naudit_grades; i++)
        opts[i + 1] = (HtmlLink){pol->audit_grades[i].text, pol->audit_grades[i].id};
    char action[64];
    strfmt(action, sizeof action, "/audits/%lld/save", (long long)v->audit.ref);
    html_f(&r->rs->body, "<h2 class=\"govuk-heading-m\" id=\"form\">Your audit</h2>");
    form_start(r, action);
    for (size_t i = 0; i < pol->naudit_questions; i++) {
        const PolicyItem *q = &pol->audit_questions[i];
        const AuditAnswer *ans = audit_answer(v, q->id);
        char name[80], label[300];
        strfmt(name, sizeof name, "grade-%s", q->id);
        strfmt(label, sizeof label, "%zu. %s", i + 1, q->text);
        form_select(r, name, label, NULL, opts, pol->naudit_grades + 1, ans ? ans->grade : "", e);
        strfmt(name, sizeof name, "comment-%s", q->id);
        strfmt(label, sizeof label, "Comment on question %zu", i + 1);
        form_textarea(r, name, label, NULL, ans ? ans->comment : "", 2, e);
    }
    form_select(r, "grade", "Overall grade", NULL, opts, pol->naudit_grades + 1, v->audit.grade, e);
    form_textarea(r, "findings", "Findings", "What the supervisor is told: what works, what must change",
                  v->audit.findings, 5, e);
    html_f(
        &r->rs->body,
        "<div class=\"govuk-button-group\">"
        "<button type=\"submit\" name=\"complete\" value=\"no\" class=\"govuk-button govuk-button--secondary\""
        " data-module=\"govuk-button\">Save as draft</button>"
        "<button type=\"submit\" name=\"complete\" value=\"yes\" class=\"govuk-button\" data-module=\"govuk-button\">"
        "Complete the audit</button></div>");
    form_end(r);
}

static void grades_shown(Req *r, const AuditView *v)
{
    Buf *b = &r->rs->body;
    const Policy *pol = web_actor(r).pol;
    static const char *const heads[] = {"Question", "Grade", "Comment", NULL};
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"findings\">Grades and findings</h2>");
    table_start(b, "Grades by question", false, heads);
    for (size_t i = 0; i < pol->naudit_questions; i++) {
        const AuditAnswer *ans = audit_answer(v, pol->audit_questions[i].id);
        HTML_RAW(b, "<tr class=\"govuk-table__row\">");
        table_cell(b, pol->audit_questions[i].text);
        table_cell(b, grade_label(pol, ans ? ans->grade : ""));
        table_cell(b, ans ? ans->comment : "");
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    html_f(b, "<dl class=\"govuk-summary-list\">");
    web_summary_row(b, "Overall grade", grade_label(pol, v->audit.grade));
    web_summary_row(b, "Findings", v->audit.findings);
    HTML_RAW(b, "</dl>");
}

static void actions_part(Req *r, const AuditView *v, const SvcError *e)
{
    Buf *b = &r->rs->body;
    if (strcmp(v->audit.state, "completed") != 0) return;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"actions\">Remedial actions</h2>");
    if (!v->nactions) html_f(b, "<p class=\"govuk-body\">None.</p>");
    for (size_t i = 0; i < v->nactions; i++) {
        const AuditAction *x = &v->actions[i];
        char d[WEB_DATE_CHARS], action[64], ids[32];
        html_f(b, "<div class=\"govuk-inset-text\"><p class=\"govuk-body app-prose\">%s</p>", x->text);
        html_f(b, "<p class=\"govuk-body-s\">For %s, due by %s: %s.</p>", x->owner_name, web_date_of(x->due, d),
               strcmp(x->status, "open") == 0   ? "open"
               : strcmp(x->status, "done") == 0 ? "done, waiting for the auditor to close it"
                                                : "closed");
        if (x->done_note[0]) html_f(b, "<p class=\"govuk-body-s app-prose\">Done: %s</p>", x->done_note);
        strfmt(ids, sizeof ids, "action-%lld-", (long long)x->ref);
        if (v->supervisor && strcmp(x->status, "open") == 0) {
            strfmt(action, sizeof action, "/audit-actions/%lld/done", (long long)x->ref);
            form_start_ids(r, action, ids, true);
            form_textarea(r, "note", "What was done (optional)", NULL, "", 2, e);
            form_button(r, "Mark it done", false);
            form_end(r);
        }
        if (v->may_act && strcmp(x->status, "done") == 0) {
            strfmt(action, sizeof action, "/audit-actions/%lld/close", (long long)x->ref);
            form_start_ids(r, action, ids, true);
            form_button(r, "Confirm it is closed", false);
            form_end(r);
        }
        HTML_RAW(b, "</div>");
    }
    if (v->may_act && v->audit.supervisor_ref) {
        char action[64];
        strfmt(action, sizeof action, "/audits/%lld/actions", (long long)v->audit.ref);
        html_f(b, "<h3 class=\"govuk-heading-s\">Set a remedial action for %s</h3>", v->audit.supervisor_name);
        form_start(r, action);
        form_textarea(r, "text", "What is to be done", NULL, "", 2, e);
        form_date(r, "due", "Due by", NULL, "", e);
        form_button(r, "Set the action", false);
        form_end(r);
    }
}

static void audit_page(Req *r, int64_t ref, const SvcError *e)
{
    SvcActor a = web_actor(r);
    AuditView v;
    if (web_svc_refusal(r, audit_view(r->st, &a, ref, &v), "an audit")) return;
    const Audit *x = &v.audit;
    Buf *b = &r->rs->body;
    char what[300], title[340];
    audit_subject(x, what, sizeof what);
    strfmt(title, sizeof title, "%sAudit: %s", e && e->message[0] ? "Error: " : "", what);
    page_start(r, title, "/audits");
    form_problem(r, e);
    html_f(b, "<span class=\"govuk-caption-l\">Quality audit, %s</span><h1 class=\"govuk-heading-l\">%s</h1>",
           x->quarter, what);
    html_f(b, "<dl class=\"govuk-summary-list\">");
    web_summary_row(b, "Service", x->service);
    web_summary_row(b, "Auditor", x->auditor);
    web_summary_row(b, "Supervisor", x->supervisor_name[0] ? x->supervisor_name : "none");
    web_summary_row(b, "State", state_words(x));
    HTML_RAW(b, "</dl>");
    bool ok = true;
    if (v.auditor) ok = strcmp(x->kind, "record") == 0 ? show_record(r, x) : show_case(r, x);
    if (ok) {
        if (v.may_write)
            grades_form(r, &v, e);
        else
            grades_shown(r, &v);
        actions_part(r, &v, e);
        page_end(r);
    }
    audit_view_free(&v);
}

void page_audit(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    audit_page(r, ref, NULL);
}

static void audit_answer_page(Req *r, int64_t ref, SvcResult rc, const SvcError *e, const char *anchor)
{
    if (web_svc_refusal(r, rc, "changing an audit")) return;
    if (rc != SVC_OK) return audit_page(r, ref, e);
    char to[64];
    strfmt(to, sizeof to, "/audits/%lld%s", (long long)ref, anchor);
    http_redirect(r->rs, to);
}

void post_audit_save(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    const Policy *pol = a.pol;
    const char *grades[POLICY_AUDIT_QUESTIONS_MAX], *comments[POLICY_AUDIT_QUESTIONS_MAX];
    for (size_t i = 0; i < pol->naudit_questions; i++) {
        char name[80];
        strfmt(name, sizeof name, "grade-%s", pol->audit_questions[i].id);
        grades[i] = http_form(r->rq, name);
        strfmt(name, sizeof name, "comment-%s", pol->audit_questions[i].id);
        comments[i] = http_form(r->rq, name);
    }
    AuditInput in = {.grades = grades,
                     .comments = comments,
                     .grade = http_form(r->rq, "grade"),
                     .findings = http_form(r->rq, "findings")};
    const char *complete = http_form(r->rq, "complete");
    bool done = complete && strcmp(complete, "yes") == 0;
    SvcError e = {0};
    audit_answer_page(r, ref, audit_save(r->st, &a, ref, &in, done, &e), &e, done ? "#findings" : "#form");
}

void post_audit_action(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    char iso[11];
    const char *due = form_date_read(r, "due", "The due date", "the date it is due by", iso, &e);
    SvcResult rc = due ? audit_action_add(r->st, &a, ref, http_form(r->rq, "text"), due, &e) : SVC_INVALID;
    if (rc == SVC_INVALID && !due) r->rs->status = 400;
    audit_answer_page(r, ref, rc, &e, "#actions");
}

static void action_step(Req *r, bool close)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    int64_t audit_ref = 0;
    SvcResult rc = close ? audit_action_close(r->st, &a, ref, &audit_ref, &e)
                         : audit_action_done(r->st, &a, ref, http_form(r->rq, "note"), &audit_ref, &e);
    if (web_svc_refusal(r, rc, "changing a remedial action")) return;
    if (rc != SVC_OK) return audit_page(r, audit_ref, &e);
    char to[64];
    strfmt(to, sizeof to, "/audits/%lld#actions", (long long)audit_ref);
    http_redirect(r->rs, to);
}

void post_audit_action_done(Req *r) { action_step(r, false); }
void post_audit_action_close(Req *r) { action_step(r, true); }

/* ---- a service's audits ---- */

/* This quarter, "2026-Q4", from today. */
static void this_quarter(Date today, char out[8])
{
    char d[11];
    date_format(today, d);
    int month = (d[5] - '0') * 10 + (d[6] - '0');
    strfmt(out, 8, "%.4s-Q%d", d, (month + 2) / 3);
}

static void service_audits_page(Req *r, const char *service, const char *quarter, const SvcError *e)
{
    SvcActor a = web_actor(r);
    AuditSummary sum;
    SvcResult rc = audit_summary(r->st, &a, service, &sum);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc != SVC_OK) {
        char what[160];
        strfmt(what, sizeof what, "audits of service \"%s\"", service);
        return page_refused(r, what);
    }
    AuditDraw d;
    SvcError pe = {0};
    rc = audit_draw(r->st, &a, NULL, service, quarter, false, &d, &pe);
    if (rc == SVC_FAILED) {
        audit_summary_free(&sum);
        return page_server_error(r);
    }
    bool have = rc == SVC_OK;
    if (rc != SVC_OK && !(e && e->message[0])) e = &pe, r->rs->status = 400;
    Buf *b = &r->rs->body;
    char title[200];
    strfmt(title, sizeof title, "%sAudits: %.100s", e && e->message[0] ? "Error: " : "", service);
    page_start(r, title, "/services");
    form_problem(r, e);
    html_f(b,
           "<span class=\"govuk-caption-l\">Service <a class=\"govuk-link\" href=\"/services/%u\">%s</a></span>"
           "<h1 class=\"govuk-heading-l\">Quality audits</h1>",
           service, service);
    const Policy *pol = a.pol;
    html_f(b, "<h2 class=\"govuk-heading-m\">Results by quarter</h2>");
    if (!sum.n) html_f(b, "<p class=\"govuk-body\">No sample has been drawn yet.</p>");
    if (sum.n) {
        const char *heads[POLICY_AUDIT_GRADES_MAX + 8];
        size_t h = 0;
        heads[h++] = "Quarter";
        heads[h++] = "Drawn";
        heads[h++] = "Completed";
        for (size_t i = 0; i < pol->naudit_grades; i++) heads[h++] = pol->audit_grades[i].text;
        heads[h++] = "Actions open";
        heads[h++] = "Done, to close";
        heads[h++] = "Closed";
        heads[h++] = "Overdue";
        heads[h] = NULL;
        table_start(b, "Audits by quarter", false, heads);
        for (size_t k = 0; k < sum.n; k++) {
            const AuditQuarter *q = &sum.q[k];
            char n[24];
            html_f(b, "<tr class=\"govuk-table__row\">");
            table_cell(b, q->quarter);
            int64_t vals[4 + POLICY_AUDIT_GRADES_MAX + 4];
            size_t nv = 0;
            vals[nv++] = q->drawn;
            vals[nv++] = q->completed;
            for (size_t i = 0; i < pol->naudit_grades; i++) vals[nv++] = q->grades[i];
            vals[nv++] = q->open;
            vals[nv++] = q->done;
            vals[nv++] = q->closed;
            vals[nv++] = q->overdue;
            for (size_t i = 0; i < nv; i++) {
                strfmt(n, sizeof n, "%lld", (long long)vals[i]);
                table_cell(b, n);
            }
            HTML_RAW(b, "</tr>");
        }
        table_end(b);
    }
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"sample\">The sample of %s</h2>", have ? quarter : "a quarter");
    if (have && d.existing) {
        char at[WEB_DATE_CHARS + 8];
        web_time(d.drawn_at, at);
        html_f(b,
               "<p class=\"govuk-body\">Drawn %s from %ld eligible records and %ld case files (seed %s). "
               "Records with a confidential item are never drawn.</p>",
               at, (long)d.records_eligible, (long)d.cases_eligible, d.seed);
        if (d.audits.n)
            audits_table(r, &d.audits, "The sample", true);
        else
            html_f(b, "<p class=\"govuk-body\">Nothing was eligible.</p>");
    } else if (have) {
        html_f(b,
               "<p class=\"govuk-body\">Not drawn yet. Each senior manager of the service and each QA auditor is "
               "given %d supervision records and %d case files, at random.</p>",
               pol->audit_records, pol->audit_case_files);
    }
    if (have && !d.existing) {
        Buf here = {0};
        html_f(&here, "/services/%u/audits", service);
        form_start(r, buf_str(&here));
        form_input(r, "quarter", "Quarter", "A year and a quarter, like 2026-Q4", quarter, "govuk-input--width-10", e);
        form_button(r, "Draw the sample", false);
        form_end(r);
        buf_free(&here);
    }
    if (have) audit_draw_free(&d);
    audit_summary_free(&sum);
    page_end(r);
}

void page_service_audits(Req *r)
{
    char q[8];
    this_quarter(web_today(), q);
    const char *quarter = http_query(r->rq, "quarter");
    service_audits_page(r, r->arg, quarter && *quarter ? quarter : q, NULL);
}

void post_service_audits(Req *r)
{
    SvcActor a = web_actor(r);
    const char *quarter = http_form(r->rq, "quarter");
    AuditDraw d;
    SvcError e = {0};
    SvcResult rc = audit_draw(r->st, &a, NULL, r->arg, quarter, true, &d, &e);
    if (web_svc_refusal(r, rc, "drawing an audit sample")) return;
    if (rc != SVC_OK) return service_audits_page(r, r->arg, quarter ? quarter : "", &e);
    audit_draw_free(&d);
    Buf to = {0};
    html_f(&to, "/services/%u/audits?quarter=%s#sample", r->arg, quarter);
    http_redirect(r->rs, buf_str(&to));
    buf_free(&to);
}
