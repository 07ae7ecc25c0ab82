/* page_mine.c: My supervision, My records and My team: what a person sees
 * of their own supervision and of the people they supervise or manage
 * (view_mine.h, my_records.h); and what an auditor sees first
 * (view_audit.h). */
#include <string.h>

#include "core/log.h"
#include "svc/export.h"
#include "svc/log_key.h"
#include "svc/my_records.h"
#include "svc/view_audit.h"
#include "svc/view_mine.h"
#include "svc/trail.h"
#include "svc/view_service.h"
#include "web/page_lists.h"
#include "web/routes.h"

#define MY_SESSIONS 10 /* past sessions on My supervision */
#define MY_RECORDS 200 /* records on My records */

/* The organisation's figures, as an auditor's landing page shows them: the
 * sum of every team's (and of the people in no team), each kept until its
 * team's data changes. false: the request was answered with an error. */
static bool organisation_figures(Req *r, const SvcActor *a, const DueFilter *f)
{
    ScopeFigures s;
    if (!due_scope_figures(r, a, "organisation", STORE_GEN_ALL, NULL, f, &s)) return false;
    Buf *b = &r->rs->body;
    html_f(b, "<h2 class=\"govuk-heading-m\">The organisation's figures today</h2>");
    due_tally_line(b, &s.sum.staff, "person", "people");
    due_tally_line(b, &s.sum.cases, "open case", "open cases");
    due_tally_line(b, &s.sum.sign_off, "record to sign", "records to sign");
    due_tally_line(b, &s.sum.actions, "action", "actions");
    due_tally_line(b, &s.sum.escalations, "escalation", "escalations");
    scope_figures_free(&s);
    return true;
}

/* An auditor's landing page: the figures, and the way down to every
 * service, team, person, record and case. false: the request was answered
 * with an error page. */
static bool audit_landing(Req *r, const SvcActor *a)
{
    Buf *b = &r->rs->body;
    DueFilter f;
    ServiceList l;
    if (view_audit(a, &f) != SVC_OK) return false;
    SvcResult rc = view_services(r->st, a, &l);
    if (rc != SVC_OK) {
        page_server_error(r);
        return true;
    }
    page_start(r, "Audit", "/");
    html_f(b, "<h1 class=\"govuk-heading-l\">Audit</h1>"
              "<p class=\"govuk-body\">You may read the supervision of the whole organisation: open a service for"
              " its teams, a team for its people, a person for their records and sessions, and a case for its"
              " discussions and decisions.</p>");
    if (!organisation_figures(r, a, &f)) {
        view_services_free(&l);
        return true;
    }
    html_f(b, "<h2 class=\"govuk-heading-m\">Services</h2><ul class=\"govuk-list\">");
    for (size_t i = 0; i < l.n; i++) {
        char teams[COUNT_WORDS_CHARS];
        html_f(b, "<li><a class=\"govuk-link\" href=\"/services/%u\">%s</a> (%s)</li>", l.services[i].name,
               l.services[i].name, count_words((long)l.services[i].teams, "team", "teams", teams));
    }
    HTML_RAW(b, "</ul>");
    if (!l.n) html_f(b, "<p class=\"govuk-body\">No services are recorded yet.</p>");
    view_services_free(&l);
    page_end(r);
    return true;
}

/* Your caseload against the policy's thresholds, workload concerns waiting
 * for your answer, and the form to say your workload is unmanageable. */
static void my_workload(Req *r, const SvcActor *a)
{
    Buf *b = &r->rs->body;
    CaseloadList cl;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"workload\">Your workload</h2>");
    if (caseload_mine(r->st, a, &cl) == SVC_OK && cl.n) {
        const CaseloadRow *c = &cl.rows[0];
        if (c->level == CASELOAD_NOT_JUDGED)
            html_f(
                b,
                "<p class=\"govuk-body\">You hold %d open cases. The policy sets no caseload level for your role.</p>",
                c->cases);
        else
            html_f(
                b,
                "<p class=\"govuk-body\">You hold %d open cases: <strong>%s</strong> (the policy watches a caseload of"
                " %d for your role, and its maximum is %d).</p>",
                c->cases, caseload_level_words(c->level), c->watch, c->max);
    }
    caseload_list_free(&cl);
    WorkloadList with_me;
    if (workload_with_me(r->st, a, &with_me) == SVC_OK && with_me.n)
        html_f(b,
               "<div class=\"govuk-inset-text\"><a class=\"govuk-link\" href=\"/workload\">%d workload concerns are"
               " waiting for your answer</a>.</div>",
               (int)with_me.n);
    workload_list_free(&with_me);
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/workload\">Workload concerns you raised or"
              " answer</a></p>");
    workload_raise_form(r, NULL);
}

void page_my_supervision(Req *r)
{
    Buf *b = &r->rs->body;
    SvcActor a = web_actor(r);
    MyView my;
    SvcResult rc = view_mine(r->st, &a, MY_SESSIONS, &my);
    if (rc == SVC_FAILED) return page_server_error(r);
    /* An auditor without supervision of their own came to audit. */
    if (rc == SVC_NOT_FOUND && audit_landing(r, &a)) return;
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f != EXPORT_NONE) {
        if (f == EXPORT_ANSWERED) {
        } else if (rc != SVC_OK) {
            export_unknown(r);
        } else {
            Table t;
            bool known = true;
            if (strcmp(table, "other") == 0)
                due_other_export(&t, &my.due, "Also for you", false, false);
            else if (strcmp(table, "cases") == 0)
                due_case_export(&t, &my.due, "Your cases", false, false);
            else if (strcmp(table, "sessions") == 0)
                history_export(&t, &my.sessions, "Your past sessions");
            else
                known = false;
            if (known) {
                char name[300];
                strfmt(name, sizeof name, "my-supervision-%s", table);
                export_send(r, &t, f, name);
                table_free(&t);
            } else {
                export_unknown(r);
            }
        }
        if (rc == SVC_OK) view_mine_free(&my);
        return;
    }
    page_start(r, "My supervision", "/");
    html_f(b, "<h1 class=\"govuk-heading-l\">My supervision</h1>");
    if (rc != SVC_OK) {
        html_f(b, "<p class=\"govuk-body\">Your account is not linked to a staff record, so there is"
                  " no supervision of your own to show.</p>");
        page_end(r);
        return;
    }
    char due[WEB_DATE_CHARS], last[WEB_DATE_CHARS];
    for (size_t i = 0; i < my.due.n; i++) {
        const DueRow *row = &my.due.rows[i];
        if (row->kind != DUE_KIND_STAFF) continue;
        web_date(row->r.due, due);
        html_f(b, "<h2 class=\"govuk-heading-m\">Your next supervision</h2><p class=\"govuk-body\">");
        web_status_tag(b, row->r.status);
        html_f(b, " due by <strong>%s</strong>", due);
        if (row->r.has_last) {
            web_date(row->r.last, last);
            html_f(b, "; last held %s", last);
        }
        char words[240];
        html_f(b, ".</p><p class=\"govuk-body-s\">Rule: %s</p>", due_rule_words(row, words, sizeof words));
        if (row->owner_name[0]) html_f(b, "<p class=\"govuk-body\">Your supervisor is %s.</p>", row->owner_name);
    }
    due_other_table(b, &my.due, "Also for you", false, false, "other");
    if (!due_case_table(b, &my.due, "Your cases", false, false, "cases"))
        html_f(b, "<h2 class=\"govuk-heading-m\">Your cases</h2><p class=\"govuk-body\">You have no open cases.</p>");
    my_workload(r, &a);
    history_table(b, &my.sessions, "Your past sessions", "No sessions are recorded for you.", "sessions");
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people/%u\">All your sessions</a></p>", my.id);
    html_f(b, "<h2 class=\"govuk-heading-m\">Your copy of your records</h2>"
              "<p class=\"govuk-body\">Every record you are party to, as supervisor or supervisee, as the record log"
              " holds it, with the signed proofs that show whether anyone has changed it since. Keep it safe;"
              " <code>oversight verify</code> checks it, with no database and no network.</p>"
              "<p class=\"govuk-body\"><a class=\"govuk-button govuk-button--secondary\" href=\"/supervision-file\""
              " download>Download my supervision file</a></p>"
              "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/supervision/reads\">Who has read your"
              " records</a></p>");
    view_mine_free(&my);
    page_end(r);
}

/* The log's signing key, when the server has one: 1 and *s, else 0 (a
 * key file that cannot be used is logged: the file is then made with the
 * latest checkpoint, or refused). */
static int log_signer(Req *r, NoteSigner *s)
{
    if (!r->app->log_key_file[0]) return 0;
    char err[512] = "";
    int got = log_key_load(r->app->log_key_file, s, err, sizeof err);
    if (got < 0) log_event(r->rq->client, "supervision file: the log's key: %s", err);
    return got == 1;
}

void page_supervision_file(Req *r)
{
    if (!r->v->viewer.staff_ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    NoteSigner s;
    int have = log_signer(r, &s);
    ExportFile f;
    SvcError e = {0};
    SvcResult rc = export_person(r->st, &a, r->v->staff_id, have ? &s : NULL, &f, &e);
    if (have) note_signer_wipe(&s);
    if (rc == SVC_CONFLICT) {
        log_event(r->rq->client, "supervision file of %s: %s", r->v->staff_id, e.message);
        return page_conflict(r, e.message);
    }
    if (web_svc_refusal(r, rc, "a supervision file")) return;
    /* Every copy made is a read of everything in it. */
    char detail[64];
    strfmt(detail, sizeof detail, "supervision file, %lld records", (long long)f.records);
    if (!web_trail_read(r, "export", f.person_ref, "self", detail)) {
        export_free(&f);
        return;
    }
    web_answer_afresh(r);
    char why[300] = "", name[160];
    Buf zip = {0};
    bool ok = export_zip(&f, &zip, why, sizeof why);
    export_free(&f);
    if (!ok) {
        buf_free(&zip);
        log_event(r->rq->client, "supervision file of %s: %s", r->v->staff_id, why);
        return page_server_error(r);
    }
    export_file_name(r->v->staff_id, web_today(), name, sizeof name);
    http_attachment(r->rs, "application/zip", name, zip.data, zip.len);
    buf_free(&zip);
}

#define READS_SHOWN 200

static const char *read_kind_words(const char *kind)
{
    if (strcmp(kind, "record") == 0) return "A supervision record";
    if (strcmp(kind, "person") == 0) return "Your page";
    if (strcmp(kind, "export") == 0) return "Your supervision file (a copy)";
    return kind;
}

/* GET /supervision/reads: who, within the organisation, has read the
 * visitor's records and page (the read trail, svc/trail.h), as a subject
 * access request would show it: names, when, under which role, what. */
void page_my_readers(Req *r)
{
    if (!r->v->viewer.staff_ref) return page_not_found(r);
    TrailEntry *e = NULL;
    size_t n = 0;
    if (trail_reads_of_person(r->st, r->v->viewer.staff_ref, READS_SHOWN, &e, &n) != STORE_OK)
        return page_server_error(r);
    Buf *b = &r->rs->body;
    page_start(r, "Who has read your records", "/");
    html_f(b, "<h1 class=\"govuk-heading-l\">Who has read your records</h1>"
              "<p class=\"govuk-body\">Every time someone else opens one of your supervision records or your page,"
              " or makes a copy of your records, it is written to the read trail, which nobody can change"
              " unnoticed. Your own reads are not listed.</p>");
    if (!n) {
        html_f(b, "<p class=\"govuk-body\">Nobody else has read your records yet.</p>");
    } else {
        static const char *const heads[] = {"When", "Who", "As", "What", NULL};
        table_start(b, "Reads of your records by others, newest first", false, heads);
        for (size_t i = 0; i < n; i++) {
            char at[WEB_DATE_CHARS + 8], who[400];
            web_time(e[i].at, at);
            if (e[i].reader_name[0])
                strfmt(who, sizeof who, "%s (%s)", e[i].reader_name, e[i].reader_id);
            else
                strfmt(who, sizeof who, "%s", e[i].account);
            HTML_RAW(b, "<tr class=\"govuk-table__row\">");
            table_cell(b, at);
            table_cell(b, who);
            table_cell(b, e[i].role);
            if (strcmp(e[i].kind, "record") == 0)
                html_f(b,
                       "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/records/%ld\">%s</a>, %s</td>",
                       (long)e[i].ref, read_kind_words(e[i].kind), e[i].detail);
            else
                table_cell(b, read_kind_words(e[i].kind));
            HTML_RAW(b, "</tr>");
        }
        table_end(b);
        if (n == READS_SHOWN) html_f(b, "<p class=\"govuk-body-s\">The latest %d are shown.</p>", READS_SHOWN);
    }
    free(e);
    page_end(r);
}

static const char *record_state_words(const char *state)
{
    if (strcmp(state, "signed") == 0) return "Signed";
    if (strcmp(state, "sent") == 0) return "Sent, waiting to be signed";
    if (strcmp(state, "disputed") == 0) return "Disputed";
    return "Draft";
}

/* GET /records: the records the visitor is party to, newest first. */
/* The records a person is party to as a table: the page's and its
 * download's. */
static void my_records_table(Table *t, const MyRecords *mine)
{
    static const char *const heads[] = {"Date", "With", "Your part", "State", "Version", NULL};
    static const TableType types[] = {TABLE_DATE, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_INTEGER};
    table_init(t, "Supervision records you are party to, newest first", heads, types);
    for (size_t i = 0; i < mine->n; i++) {
        const MyRecord *m = &mine->records[i];
        char href[40];
        Date d;
        strfmt(href, sizeof href, "/records/%ld", (long)m->ref);
        if (date_parse(m->date, strlen(m->date), &d))
            table_date(t, d, href);
        else
            table_text(t, m->date, href);
        table_text(t, m->other_name, NULL);
        table_text(t, m->supervising ? "Supervisor" : "Supervisee", NULL);
        table_text(t, record_state_words(m->state), NULL);
        table_int(t, m->version, NULL);
    }
}

void page_my_records(Req *r)
{
    Buf *b = &r->rs->body;
    SvcActor a = web_actor(r);
    MyRecords mine;
    SvcResult rc = view_my_records(r->st, &a, MY_RECORDS, &mine);
    if (rc == SVC_FAILED) return page_server_error(r);
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f != EXPORT_NONE) {
        if (f != EXPORT_ANSWERED && (rc != SVC_OK || strcmp(table, "records") != 0)) {
            export_unknown(r);
        } else if (f != EXPORT_ANSWERED) {
            Table t;
            my_records_table(&t, &mine);
            export_send(r, &t, f, "my-records");
            table_free(&t);
        }
        view_my_records_free(&mine);
        return;
    }
    page_start(r, "My records", "/records");
    html_f(b, "<h1 class=\"govuk-heading-l\">My records</h1>");
    if (rc != SVC_OK) {
        html_f(b, "<p class=\"govuk-body\">Your account is not linked to a staff record, so you are party to no"
                  " supervision records.</p>");
    } else if (!mine.n) {
        html_f(b, "<p class=\"govuk-body\">You are party to no supervision records yet.</p>");
    } else {
        Table t;
        my_records_table(&t, &mine);
        table_html(b, &t, false, "records", NULL);
        table_free(&t);
        if (mine.n == (size_t)mine.limit)
            html_f(b, "<p class=\"govuk-body-s\">The latest %d are shown.</p>", mine.limit);
    }
    view_my_records_free(&mine);
    page_end(r);
}

static void my_team_lists(Buf *b, const DueList *l)
{
    due_counts_line(b, l, DUE_KIND_STAFF, "person", "people");
    if (!due_staff_table(b, l, "Supervision", "supervision"))
        html_f(b, "<p class=\"govuk-body\">Nobody in your team is in post.</p>");
    if (!due_case_table(b, l, "Cases due or overdue for discussion", true, true, "cases"))
        html_f(b, "<h2 class=\"govuk-heading-m\">Cases due or overdue for discussion</h2>"
                  "<p class=\"govuk-body\">No case is due for discussion.</p>");
    due_other_table(b, l, "Agreements, records, actions and escalations due", true, true, "other");
}

void page_my_team(Req *r)
{
    Buf *b = &r->rs->body;
    SvcActor a = web_actor(r);
    MyTeamView team;
    SvcResult rc = view_my_team(r->st, &a, &team);
    if (rc == SVC_FAILED) return page_server_error(r);
    const char *table;
    ExportFormat f = export_asked(r, &table);
    if (f != EXPORT_NONE) {
        bool staff = table && strcmp(table, "supervision") == 0, cases = table && strcmp(table, "cases") == 0,
             other = table && strcmp(table, "other") == 0;
        DueList l;
        if (f == EXPORT_ANSWERED) {
        } else if (rc != SVC_OK || !team.manages || !(staff || cases || other)) {
            export_unknown(r);
        } else if (view_due(r->st, &a, &team.due, &l) != SVC_OK) {
            page_server_error(r);
        } else {
            Table t;
            if (staff)
                due_staff_export(&t, &l, "Supervision");
            else if (cases)
                due_case_export(&t, &l, "Cases due or overdue for discussion", true, true);
            else
                due_other_export(&t, &l, "Agreements, records, actions and escalations due", true, true);
            due_list_free(&l);
            char name[300];
            strfmt(name, sizeof name, "my-team-%s", table);
            export_send(r, &t, f, name);
            table_free(&t);
        }
        view_my_team_free(&team);
        return;
    }
    page_start(r, "My team", "/team");
    html_f(b, "<h1 class=\"govuk-heading-l\">My team</h1>");
    bool shown = true;
    if (rc != SVC_OK || !team.manages) {
        html_f(b, "<p class=\"govuk-body\">Nobody is supervised or managed by you in the staff records.</p>");
    } else {
        char key[120];
        strfmt(key, sizeof key, "my-team|%s", team.id);
        shown = due_fragment(r, &a, key, STORE_GEN_MANAGED, team.id, &team.due, my_team_lists);
    }
    view_my_team_free(&team);
    if (shown) page_end(r);
}
