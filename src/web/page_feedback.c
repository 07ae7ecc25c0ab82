/* page_feedback.c: how supervision feels (svc/feedback.h): the four
 * questions after a signed record, and a team's or a service's figures for
 * a quarter. The service decides who is asked and what may be shown; these
 * pages show nothing it did not return. */
#include <string.h>

#include "svc/feedback.h"
#include "web/frame.h"
#include "web/routes.h"

/* ---- the questions ---- */

static void feedback_form_page(Req *r, int64_t ref, const SvcError *e)
{
    FeedbackAsk ask;
    if (feedback_asked(r->st, &r->v->viewer, ref, &ask) != SVC_OK) return page_server_error(r);
    if (ask == FEEDBACK_NOT_ASKED) return page_not_found(r);
    Buf *b = &r->rs->body;
    page_start(r, e && e->message[0] ? "Error: How supervision feels" : "How supervision feels", "/supervision");
    form_problem(r, e);
    html_f(b, "<span class=\"govuk-caption-l\">After your supervision</span>"
              "<h1 class=\"govuk-heading-l\">How supervision feels</h1>");
    char back[64];
    strfmt(back, sizeof back, "/records/%lld", (long long)ref);
    if (ask == FEEDBACK_GIVEN) {
        html_f(b,
               "<p class=\"govuk-body\">You have answered for this record. Thank you.</p>"
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Back to the record</a></p>",
               back);
        return page_end(r);
    }
    html_f(b, "<div class=\"govuk-inset-text\">Your answers are kept without your name, the record or the date: only"
              " your team and the quarter. Managers see them only added up with at least four other people's, after"
              " the quarter ends, and never by supervisor. You can answer once for each record, or not at all.</div>");
    char action[64];
    strfmt(action, sizeof action, "/records/%lld/feedback", (long long)ref);
    form_start(r, action);
    HtmlLink scale[FEEDBACK_SCALE];
    char labels[FEEDBACK_SCALE][40], values[FEEDBACK_SCALE][4];
    for (int k = 0; k < FEEDBACK_SCALE; k++) {
        strfmt(labels[k], sizeof labels[k], "%d: %s", k + 1, feedback_scale[k]);
        strfmt(values[k], sizeof values[k], "%d", k + 1);
        scale[k] = (HtmlLink){labels[k], values[k]};
    }
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
        form_radios(r, feedback_fields[i], feedback_questions[i], scale, FEEDBACK_SCALE, "", e);
    form_textarea(r, "comment", "Anything else (optional)",
                  "Do not name anyone: a comment is shown to managers with the others of your team's quarter", "", 3,
                  e);
    form_button(r, "Send my answers", false);
    form_end(r);
    if (ask == FEEDBACK_ASKED) {
        form_start(r, action);
        HTML_RAW(b, "<input type=\"hidden\" name=\"not-now\" value=\"yes\">");
        form_button(r, "Not now", true);
        form_end(r);
    }
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Back to the record</a></p>", back);
    page_end(r);
}

void page_feedback_form(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    feedback_form_page(r, ref, NULL);
}

void post_feedback(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    SvcResult rc;
    if (http_form(r->rq, "not-now"))
        rc = feedback_not_now(r->st, &a, ref, &e);
    else {
        const char *scores[FEEDBACK_QUESTIONS];
        for (int i = 0; i < FEEDBACK_QUESTIONS; i++) scores[i] = http_form(r->rq, feedback_fields[i]);
        rc = feedback_give(r->st, &a, ref, scores, http_form(r->rq, "comment"), &e);
    }
    if (web_svc_refusal(r, rc, "a supervision record")) return;
    /* Answered already, or not signed (any more): the sentence, not the form. */
    if (rc == SVC_CONFLICT) return page_conflict(r, e.message);
    if (rc != SVC_OK) return feedback_form_page(r, ref, &e);
    char to[64];
    strfmt(to, sizeof to, "/records/%lld", (long long)ref);
    http_redirect(r->rs, to);
}

/* ---- the figures ---- */

static void group_part(Buf *b, const FeedbackGroup *g, const char *heading, const char *id)
{
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"%s\">%s</h2>", id, heading);
    if (g->why == FEEDBACK_NOT_ENDED) {
        html_f(b, "<p class=\"govuk-body\">Nothing is shown for a quarter until it has ended.</p>");
        return;
    }
    if (g->why == FEEDBACK_TOO_FEW) {
        html_f(b, "<p class=\"govuk-body\">Fewer than %d people answered, so nothing is shown.</p>",
               FEEDBACK_MIN_PEOPLE);
        return;
    }
    if (g->why == FEEDBACK_WOULD_REVEAL) {
        html_f(b,
               "<p class=\"govuk-body\">Not shown: with the teams shown below, it would give away the answers of a"
               " team of fewer than %d people.</p>",
               FEEDBACK_MIN_PEOPLE);
        return;
    }
    html_f(b, "<p class=\"govuk-body\">%d people gave %d answers, each from 1 (not at all) to %d (very much).</p>",
           g->people, g->answers, FEEDBACK_SCALE);
    html_table_area_start(b, heading);
    html_f(
        b,
        "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">%s: the"
        " mean and how many gave each answer</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
        "<th scope=\"col\" class=\"govuk-table__header\">Question</th>"
        "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Mean</th>",
        heading);
    for (int k = 1; k <= FEEDBACK_SCALE; k++)
        html_f(b, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%d</th>", k);
    HTML_RAW(b, "</tr></thead><tbody class=\"govuk-table__body\">");
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++) {
        html_f(b,
               "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
               "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>",
               feedback_questions[i], g->mean[i]);
        for (int k = 0; k < FEEDBACK_SCALE; k++)
            html_f(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>", g->count[i][k]);
        HTML_RAW(b, "</tr>");
    }
    HTML_RAW(b, "</tbody></table>");
    html_table_area_end(b);
    if (g->ncomments) {
        html_f(b, "<h3 class=\"govuk-heading-s\">Comments</h3><ul class=\"govuk-list govuk-list--bullet\">");
        for (size_t i = 0; i < g->ncomments; i++) html_f(b, "<li>%s</li>", g->comments[i]);
        HTML_RAW(b, "</ul>");
    }
}

static void quarters_part(Buf *b, const FeedbackReport *fr, const char *base)
{
    if (!fr->nquarters) return;
    html_f(b, "<p class=\"govuk-body\">Quarters with answers:");
    for (size_t i = 0; i < fr->nquarters; i++)
        if (strcmp(fr->quarters[i], fr->quarter) == 0)
            html_f(b, " <strong>%s</strong>", fr->quarters[i]);
        else
            html_f(b, " <a class=\"govuk-link\" href=\"%s?quarter=%u\">%s</a>", base, fr->quarters[i], fr->quarters[i]);
    HTML_RAW(b, "</p>");
}

static void report_page(Req *r, bool service)
{
    SvcActor a = web_actor(r);
    SvcError e = {0};
    FeedbackReport fr;
    const char *q = http_query(r->rq, "quarter");
    SvcResult rc = service ? feedback_service_report(r->st, &a, r->arg, q, &fr, &e)
                           : feedback_team_report(r->st, &a, r->arg, q, &fr, &e);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (rc == SVC_INVALID) return page_bad_request(r, e.message);
    if (rc != SVC_OK) {
        char what[160];
        strfmt(what, sizeof what, "%s \"%s\" feedback", service ? "service" : "team", r->arg);
        return page_refused(r, what);
    }
    Buf *b = &r->rs->body;
    char title[200], base[160];
    strfmt(title, sizeof title, "How supervision feels: %s, %s", r->arg, fr.quarter);
    page_start(r, title, NULL);
    html_f(b, "<span class=\"govuk-caption-l\">How supervision feels, %s</span><h1 class=\"govuk-heading-l\">%s</h1>",
           fr.quarter, r->arg);
    html_f(b,
           "<p class=\"govuk-body\">Supervisees answer four questions after each signed record, without their"
           " name. Figures are shown for a quarter once it has ended and only over at least %d people; never by"
           " supervisor.</p>",
           FEEDBACK_MIN_PEOPLE);
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/%s/%u\">Back to the %s</a></p>",
           service ? "services" : "teams", r->arg, service ? "service" : "team");
    strfmt(base, sizeof base, "feedback");
    quarters_part(b, &fr, base);
    group_part(b, &fr.whole, service ? "The whole service" : "The team", "whole");
    for (size_t i = 0; i < fr.nteams; i++) {
        char id[32];
        strfmt(id, sizeof id, "team-%zu", i + 1);
        group_part(b, &fr.teams[i], fr.teams[i].name[0] ? fr.teams[i].name : "People in no team", id);
    }
    feedback_report_free(&fr);
    page_end(r);
}

void page_team_feedback(Req *r) { report_page(r, false); }

void page_service_feedback(Req *r) { report_page(r, true); }
