/* page_record.c: the record of a session: its areas, case discussions,
 * actions, sign-off and disagreement, each version as it was. What the
 * viewer may see and do comes with the record's view (svc/record.h); these
 * pages turn it into HTML and forms into calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/booking.h"
#include "svc/escalation.h"
#include "svc/feedback.h"
#include "svc/record.h"
#include "web/frame.h"
#include "web/routes.h"

static const char *state_label(const char *state)
{
    return strcmp(state, "draft") == 0    ? "Draft: being written by the supervisor"
           : strcmp(state, "sent") == 0   ? "Sent: waiting for the supervisee to sign"
           : strcmp(state, "signed") == 0 ? "Signed by both"
                                          : "Disputed: the supervisee disagrees";
}

static const char *state_tag(const char *state)
{
    return strcmp(state, "signed") == 0     ? "govuk-tag--green"
           : strcmp(state, "disputed") == 0 ? "govuk-tag--red"
                                            : "govuk-tag--yellow";
}

static const RecordItem *item_of(const Record *rec, const char *topic)
{
    for (size_t i = 0; i < rec->nitems; i++)
        if (strcmp(rec->items[i].topic, topic) == 0) return &rec->items[i];
    return NULL;
}

/* The areas' topics: as text, or as the supervisor's form on a draft. */
static void area(Req *r, const RecordView *view, const char *area_id, const char *heading, const SvcError *e)
{
    Buf *b = &r->rs->body;
    const Record *rec = &view->rec;
    bool editing = view->may_write;
    html_f(b, "<h2 class=\"govuk-heading-m\">%s</h2>", heading);
    if (strcmp(area_id, "support") == 0) {
        const RecordItem *cl = item_of(rec, "caseload");
        if (cl) html_f(b, "<p class=\"govuk-body\">Caseload on the day: <strong>%s</strong> open cases.</p>", cl->text);
    }
    for (size_t i = 0; i < record_ntopics; i++) {
        const RecordTopic *t = &record_topics[i];
        if (strcmp(t->area, area_id) != 0) continue;
        const RecordItem *it = item_of(rec, t->id);
        if (editing) {
            form_textarea(r, t->id, t->label, t->hint, it ? it->text : "", 4, e);
            if (it && it->confidential) { /* kept so until both agree to lift it (below) */
                html_f(b, "<p class=\"govuk-body-s\">%s: confidential, as you both agreed.</p>", t->label);
                continue;
            }
            char cid[48], label[160];
            strfmt(cid, sizeof cid, "confidential-%s", t->id);
            strfmt(label, sizeof label, "%s: confidential (kept between the two of you once both mark it)", t->label);
            HTML_RAW(b, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\">");
            form_checkbox(r, cid, label, it && it->confidential_supervisor);
            HTML_RAW(b, "</div></div>");
            continue;
        }
        if (!it || (!it->text[0] && !it->hidden)) continue;
        html_f(b, "<h3 class=\"govuk-heading-s\">%s</h3>", t->label);
        if (it->hidden)
            html_f(b, "<p class=\"govuk-body\"><em>Confidential between the supervisor and the supervisee.</em></p>");
        else
            web_prose(b, it->text);
        if (it->confidential) {
            html_f(b, "<p class=\"govuk-body-s\">Confidential: both agreed.</p>");
            continue;
        }
        if (it->confidential_supervisor)
            html_f(b, "<p class=\"govuk-body-s\">The supervisor asks that this stays confidential.</p>");
        if (view->may_answer) {
            char action[64];
            strfmt(action, sizeof action, "/records/%lld/confidential", (long long)rec->ref);
            form_start(r, action);
            html_f(
                b,
                "<input type=\"hidden\" name=\"topic\" value=\"%s\"><input type=\"hidden\" name=\"on\" value=\"%s\">",
                t->id, it->confidential_supervisee ? "no" : "yes");
            html_f(b,
                   "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">%s"
                   "<span class=\"govuk-visually-hidden\">: %s</span></button>",
                   it->confidential_supervisee ? "I no longer want this confidential" : "I want this kept confidential",
                   t->label);
            form_end(r);
        }
    }
}

static const char *topic_label(const char *id)
{
    for (size_t i = 0; i < record_ntopics; i++)
        if (strcmp(record_topics[i].id, id) == 0) return record_topics[i].label;
    return id;
}

/* For the two only: the confidential items, with the way to lift one (one
 * asks, the other agrees), and what happened to each. */
static void confidentiality_part(Req *r, const RecordView *view, int64_t me)
{
    const Record *rec = &view->rec;
    Buf *b = &r->rs->body;
    bool any = rec->nevents > 0;
    for (size_t i = 0; i < rec->nitems; i++) any = any || rec->items[i].confidential;
    if (!rec->party || !any) return;
    const char *other = me == rec->supervisor_ref ? view->supervisee_name : view->supervisor_name;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"confidentiality\">Confidential items</h2>"
              "<p class=\"govuk-body\">An item you have both marked confidential is kept between the two of you in"
              " every version of this record. It is lifted only when you both agree: one of you asks, the other"
              " agrees.</p>");
    for (size_t i = 0; i < rec->nitems; i++) {
        const RecordItem *it = &rec->items[i];
        if (!it->confidential) continue;
        const char *label = topic_label(it->topic);
        if (it->lift_proposed_by == me) {
            html_f(b, "<p class=\"govuk-body\">%s: you asked to lift its confidentiality; %s has not agreed yet.</p>",
                   label, other);
            continue;
        }
        char action[64];
        strfmt(action, sizeof action, "/records/%lld/confidential", (long long)rec->ref);
        form_start(r, action);
        html_f(b,
               "<input type=\"hidden\" name=\"topic\" value=\"%s\"><input type=\"hidden\" name=\"on\" value=\"lift\">",
               it->topic);
        if (it->lift_proposed_by)
            html_f(b, "<p class=\"govuk-body\">%s: %s asks to lift its confidentiality.</p>", label, other);
        html_f(b,
               "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">%s"
               "<span class=\"govuk-visually-hidden\">: %s</span></button>",
               it->lift_proposed_by ? "Agree to lift its confidentiality" : "Ask to lift its confidentiality", label);
        form_end(r);
    }
    if (!rec->nevents) return;
    html_f(b, "<h3 class=\"govuk-heading-s\">What happened to confidential items</h3><ul class=\"govuk-list\">");
    for (size_t i = 0; i < rec->nevents; i++) {
        const ConfidentialityEvent *ev = &rec->events[i];
        char at[WEB_DATE_CHARS + 8];
        web_time(ev->at, at);
        const char *what = strcmp(ev->kind, "confidential") == 0    ? "made confidential (both had marked it)"
                           : strcmp(ev->kind, "lift-proposed") == 0 ? "asked to lift the confidentiality of"
                                                                    : "agreed: lifted the confidentiality of";
        html_f(b, "<li>%s: %s %s \"%s\"</li>", at, ev->by_name, what, topic_label(ev->topic));
    }
    HTML_RAW(b, "</ul>");
}

/* A prompt's question, in whichever of the policy's sets asks it. */
static const char *prompt_text(const Policy *pol, const char *set_id, const char *prompt)
{
    const PromptSet *set = policy_prompt_set(pol, set_id, strlen(set_id));
    for (size_t i = 0; set && i < set->nitems; i++)
        if (strcmp(set->items[i].id, prompt) == 0) return set->items[i].text;
    for (size_t s = 0; s < pol->nprompt_sets; s++)
        for (size_t i = 0; i < pol->prompt_sets[s].nitems; i++)
            if (strcmp(pol->prompt_sets[s].items[i].id, prompt) == 0) return pol->prompt_sets[s].items[i].text;
    return prompt;
}

/* ---- what was typed: posted, else kept with the draft ---- */

/* The record's one form (may_write) was posted to this request: its
 * fields, not the draft's, are what the page shows. */
static bool posted_here(const Req *r) { return strcmp(r->rq->method, "POST") == 0; }

/* A field of the record's form as typed: posted (on a POST), else kept
 * with the draft (record_keep), else fallback. */
static const char *typed(const Req *r, const RecordView *view, const char *name, const char *fallback)
{
    if (posted_here(r)) {
        const char *v = http_form(r->rq, name);
        return v ? v : fallback ? fallback : "";
    }
    for (size_t i = 0; i < view->ndraft; i++)
        if (strcmp(view->draft[i].name, name) == 0) return view->draft[i].value;
    return fallback ? fallback : "";
}

/* Whether a field was typed at all (a checkbox ticked). */
static bool typed_on(const Req *r, const RecordView *view, const char *name)
{
    if (posted_here(r)) return http_form(r->rq, name) != NULL;
    for (size_t i = 0; i < view->ndraft; i++)
        if (strcmp(view->draft[i].name, name) == 0) return true;
    return false;
}

/* Each field typed, posted or kept: fn(name, value). */
static size_t typed_fields(const Req *r, const RecordView *view, const char **names, const char **values, size_t max)
{
    size_t n = 0;
    if (posted_here(r)) {
        for (size_t i = 0; i < r->rq->nform && n < max; i++, n++) {
            names[n] = r->rq->form[i].name;
            values[n] = r->rq->form[i].value;
        }
        return n;
    }
    for (size_t i = 0; i < view->ndraft && n < max; i++, n++) {
        names[n] = view->draft[i].name;
        values[n] = view->draft[i].value;
    }
    return n;
}

/* A submit button of the record's one form: every button sends everything
 * typed (do says what else to do), so none loses any of it. */
static void do_button(Req *r, const char *todo, const char *label, const char *hidden, bool secondary)
{
    html_f(&r->rs->body,
           "<button type=\"submit\" name=\"do\" value=\"%s\" class=\"govuk-button%s\" data-module=\"govuk-button\">%s",
           todo, secondary ? " govuk-button--secondary" : "", label);
    if (hidden && *hidden) html_f(&r->rs->body, "<span class=\"govuk-visually-hidden\"> %s</span>", hidden);
    HTML_RAW(&r->rs->body, "</button>");
}

static void case_note(Req *r, const RecordView *view, const CaseNote *n, const SvcError *e)
{
    Buf *b = &r->rs->body;
    char d[WEB_DATE_CHARS];
    html_f(
        b,
        "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
        "<h3 class=\"govuk-summary-card__title\">Case <a class=\"govuk-link\" href=\"/cases/%u\">%s</a>, %s%s</h3></div>"
        "<div class=\"govuk-summary-card__content\">",
        n->case_id, n->case_id, web_date_of(n->date, d),
        n->withdrawn[0]                         ? ": withdrawn in this version"
        : n->changed && n->origin_ref != n->ref ? ": corrected in this version"
        : !n->changed && view->rec.version > 1  ? ": carried over unchanged"
                                                : "");
    if (n->withdrawn[0])
        html_f(b, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--grey\">Withdrawn</strong> Why: %s</p>",
               n->withdrawn);
    HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
    if (n->synopsis[0]) web_summary_row(b, "Recent involvement", n->synopsis);
    /* Answers in the order of the prompt set's questions; any other, after them. */
    const PromptSet *set = policy_prompt_set(r->app->pol, n->prompts, strlen(n->prompts));
    bool *shown = xcalloc(n->nanswers + 1, sizeof *shown);
    for (size_t q = 0; set && q < set->nitems; q++)
        for (size_t i = 0; i < n->nanswers; i++)
            if (!shown[i] && strcmp(set->items[q].id, n->answers[i].prompt) == 0) {
                web_summary_row(b, set->items[q].text, n->answers[i].text);
                shown[i] = true;
            }
    for (size_t i = 0; i < n->nanswers; i++)
        if (!shown[i])
            web_summary_row(b, prompt_text(r->app->pol, n->prompts, n->answers[i].prompt), n->answers[i].text);
    free(shown);
    if (n->analysis[0]) web_summary_row(b, "Analysis", n->analysis);
    web_summary_row(b, "Decision", n->decision);
    if (n->rationale[0]) web_summary_row(b, "Why", n->rationale);
    if (n->tasks[0]) web_summary_row(b, "Further tasks", n->tasks);
    if (n->checklist[0]) web_summary_row(b, "Topics covered", n->checklist);
    if (n->departs) {
        html_f(
            b,
            "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Departs from procedure</dt>"
            "<dd class=\"govuk-summary-list__value app-prose\"><strong class=\"govuk-tag govuk-tag--red\">Departs</strong> %s</dd></div>",
            n->departure);
    }
    web_summary_row(b, "Recorded by", n->writer_name);
    HTML_RAW(b, "</dl>");
    if (view->may_write && !n->withdrawn[0]) {
        /* Correct the decision, or withdraw one an earlier version made:
         * fields of the one form, note-REF-... */
        char id[64], label[160];
        html_f(b,
               "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\"><span"
               " class=\"govuk-details__summary-text\">Correct%s this decision<span class=\"govuk-visually-hidden\">"
               " on case %s</span></span></summary><div class=\"govuk-details__text\">",
               e && strncmp(e->field, "note-", 5) == 0 ? " open" : "", n->origin_ref != n->ref ? " or withdraw" : "",
               n->case_id);
        strfmt(id, sizeof id, "note-%lld-decision", (long long)n->ref);
        strfmt(label, sizeof label, "Decision (case %s)", n->case_id);
        form_textarea(r, id, label, NULL, typed(r, view, id, n->decision), 3, e);
        strfmt(id, sizeof id, "note-%lld-rationale", (long long)n->ref);
        strfmt(label, sizeof label, "Why this decision (case %s)", n->case_id);
        form_textarea(r, id, label, NULL, typed(r, view, id, n->rationale), 3, e);
        strfmt(id, sizeof id, "correct-%lld", (long long)n->ref);
        strfmt(label, sizeof label, "on case %s", n->case_id);
        do_button(r, id, "Correct the decision", label, true);
        if (n->origin_ref != n->ref) {
            strfmt(id, sizeof id, "note-%lld-withdraw", (long long)n->ref);
            strfmt(label, sizeof label, "Why the decision on case %s is withdrawn", n->case_id);
            form_textarea(r, id, label, "Kept with the case's history, with the decision withdrawn",
                          typed(r, view, id, ""), 2, e);
            strfmt(id, sizeof id, "withdraw-%lld", (long long)n->ref);
            strfmt(label, sizeof label, "on case %s", n->case_id);
            do_button(r, id, "Withdraw the decision", label, true);
        }
        HTML_RAW(b, "</div></details>");
    }
    HTML_RAW(b, "</div></div>");
}

/* Whether id is a prompt of the set. */
static bool set_asks(const PromptSet *set, const char *id)
{
    for (size_t i = 0; set && i < set->nitems; i++)
        if (strcmp(set->items[i].id, id) == 0) return true;
    return false;
}

/* The prompt set shown: the one chosen ("Use these prompts"), else the
 * one the discussion was being written with, else the first of the
 * policy's. */
static const PromptSet *shown_set(const Req *r, const RecordView *view)
{
    const Policy *pol = r->app->pol;
    const char *id = typed(r, view, "prompts-choice", typed(r, view, "prompts", ""));
    const PromptSet *set = policy_prompt_set(pol, id, strlen(id));
    return set ? set : pol->nprompt_sets ? &pol->prompt_sets[0] : NULL;
}

static void case_note_form(Req *r, const RecordView *view, const SvcError *e)
{
    Buf *b = &r->rs->body;
    const Policy *pol = r->app->pol;
    html_f(b, "<h3 class=\"govuk-heading-s\" id=\"add-case\">Record a case discussion</h3>");
    const PromptSet *set = shown_set(r, view);
    if (pol->nprompt_sets) {
        HtmlLink opts[32];
        size_t n = 0;
        for (size_t i = 0; i < pol->nprompt_sets && n < 32; i++)
            opts[n++] = (HtmlLink){pol->prompt_sets[i].label, pol->prompt_sets[i].id};
        form_select(r, "prompts-choice", "Reflective prompts",
                    "Choose a set, then use these prompts: what you have typed is kept", opts, n, set ? set->id : "",
                    NULL);
        do_button(r, "prompts", "Use these prompts", NULL, true);
    }
    if (set) html_f(b, "<input type=\"hidden\" name=\"prompts\" value=\"%s\">", set->id);
    /* The supervisee's open cases, those due first. */
    HtmlLink *cases = xcalloc(view->nopen_cases + 1, sizeof *cases);
    for (size_t i = 0; i < view->nopen_cases; i++) cases[i] = (HtmlLink){view->open_cases[i], view->open_cases[i]};
    form_select(r, "case", "Case", "The supervisee's open cases, most overdue first", cases, view->nopen_cases,
                typed(r, view, "case", ""), e);
    free(cases);
    form_textarea(r, "synopsis", "Recent involvement",
                  "A short synopsis of what has happened since the last discussion", typed(r, view, "synopsis", ""), 3,
                  e);
    for (size_t i = 0; set && i < set->nitems; i++) {
        char id[80];
        strfmt(id, sizeof id, "answer-%s", set->items[i].id);
        form_textarea(r, id, set->items[i].text, NULL, typed(r, view, id, ""), 3, e);
    }
    /* Answers typed under another set of prompts stay, with their questions. */
    const char *names[RECORD_DRAFT_FIELDS], *values[RECORD_DRAFT_FIELDS];
    size_t nf = typed_fields(r, view, names, values, RECORD_DRAFT_FIELDS);
    for (size_t i = 0; i < nf; i++) {
        if (strncmp(names[i], "answer-", 7) != 0 || set_asks(set, names[i] + 7) || !*values[i]) continue;
        bool again = false;
        for (size_t k = 0; k < i; k++) again = again || strcmp(names[k], names[i]) == 0;
        if (again) continue;
        char label[400];
        strfmt(label, sizeof label, "%s (from another set of prompts)", prompt_text(pol, "", names[i] + 7));
        form_textarea(r, names[i], label, NULL, values[i], 3, e);
    }
    form_textarea(r, "analysis", "Analysis", "What the information means for the child", typed(r, view, "analysis", ""),
                  4, e);
    form_textarea(r, "decision", "Decision", NULL, typed(r, view, "decision", ""), 3, e);
    form_textarea(r, "rationale", "Why this decision", "The child may read this as an adult: say how it was reached",
                  typed(r, view, "rationale", ""), 3, e);
    form_textarea(r, "tasks", "Further tasks", NULL, typed(r, view, "tasks", ""), 2, e);
    for (size_t c = 0; c < pol->ncategories; c++) {
        const Category *cat = &pol->categories[c];
        if (!cat->nchecklist) continue;
        /* A topic ticked that is not on the case's checklist: the problem is
         * at its box (see post_record_case_note). */
        bool bad = false;
        for (size_t i = 0; i < cat->nchecklist && r->form_posted && e && strncmp(e->field, "check-", 6) == 0; i++)
            bad = bad || strcmp(e->field + 6, cat->checklist[i].id) == 0;
        html_f(b, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\"",
               bad ? " govuk-form-group--error" : "");
        if (bad) html_f(b, " aria-describedby=\"checklist-%s-error\"", cat->id);
        html_f(
            b,
            "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Topics covered (for %s cases)</legend>",
            cat->label);
        if (bad)
            html_f(
                b,
                "<p id=\"checklist-%s-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span>"
                " %s</p>",
                cat->id, e->message);
        HTML_RAW(b, "<div class=\"govuk-checkboxes govuk-checkboxes--small\">");
        for (size_t i = 0; i < cat->nchecklist; i++) {
            char id[80];
            strfmt(id, sizeof id, "check-%s", cat->checklist[i].id);
            form_checkbox(r, id, cat->checklist[i].text, typed_on(r, view, id));
        }
        HTML_RAW(b, "</div></fieldset></div>");
    }
    HTML_RAW(b, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\">");
    form_checkbox(r, "departs", "The decision departs from procedure", typed_on(r, view, "departs"));
    HTML_RAW(b, "</div></div>");
    form_textarea(r, "departure", "Why it departs from procedure",
                  "Only when it does; shown on the case and in reports", typed(r, view, "departure", ""), 2, e);
    do_button(r, "add-case", "Add the case discussion", NULL, false);
}

/* The prefix of the ids of an earlier action's follow-up fields: a record
 * being written has one set for each. */
static void follow_up_ids(int64_t action, char *buf, size_t n) { strfmt(buf, n, "follow-up-%lld-", (long long)action); }

/* A GOV.UK date input (day, month, year) for the action's due date:
 * name-day, name-month, name-year, the problem at the day. */
static void date_input(Req *r, const RecordView *view, const char *name, const char *legend, const char *hint,
                       const SvcError *e)
{
    Buf *b = &r->rs->body;
    char day[48];
    strfmt(day, sizeof day, "%s-day", name);
    bool bad = r->form_posted && e && strcmp(e->field, day) == 0;
    html_f(b, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" role=\"group\"",
           bad ? " govuk-form-group--error" : "");
    html_f(b, " aria-describedby=\"%s-hint%s%s%s\">", name, bad ? " " : "", bad ? name : "", bad ? "-error" : "");
    html_f(b,
           "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>"
           "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>",
           legend, name, hint);
    if (bad)
        html_f(
            b,
            "<p id=\"%s-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
            name, e->message);
    HTML_RAW(b, "<div class=\"govuk-date-input\">");
    static const char *const parts[][3] = {{"day", "Day", "2"}, {"month", "Month", "2"}, {"year", "Year", "4"}};
    for (size_t i = 0; i < 3; i++) {
        char id[48];
        strfmt(id, sizeof id, "%s-%s", name, parts[i][0]);
        html_f(b,
               "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">"
               "<label class=\"govuk-label govuk-date-input__label\" for=\"%s\">%s</label>"
               "<input class=\"govuk-input govuk-date-input__input govuk-input--width-%s%s\" id=\"%s\" name=\"%s\""
               " type=\"text\" inputmode=\"numeric\" value=\"%s\"></div></div>",
               id, parts[i][1], parts[i][2], bad ? " govuk-input--error" : "", id, id, typed(r, view, id, ""));
    }
    HTML_RAW(b, "</div></fieldset></div>");
}

static void actions_part(Req *r, const RecordView *view, const SvcError *e)
{
    Buf *b = &r->rs->body;
    const Record *rec = &view->rec;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"actions\">Actions</h2>");
    char d[WEB_DATE_CHARS];
    if (!rec->nactions)
        html_f(b, "<p class=\"govuk-body\">No actions were agreed in this session.</p>");
    else
        HTML_RAW(b, "<ul class=\"govuk-list govuk-list--bullet\">");
    for (size_t i = 0; i < rec->nactions; i++) action_list_item(b, &rec->actions[i]);
    if (rec->nactions) HTML_RAW(b, "</ul>");
    if (rec->nfollowed) {
        html_f(b, "<h3 class=\"govuk-heading-s\">Earlier actions followed up</h3>");
        HTML_RAW(b, "<ul class=\"govuk-list govuk-list--bullet\">");
        for (size_t i = 0; i < rec->nfollowed; i++) action_list_item(b, &rec->followed[i]);
        HTML_RAW(b, "</ul>");
    }
    if (!view->may_write) return;
    /* Earlier open actions are followed up here until closed. */
    for (size_t i = 0; i < view->earlier_actions.n; i++) {
        const Action *x = &view->earlier_actions.items[i];
        if (!i) html_f(b, "<h3 class=\"govuk-heading-s\">Follow up earlier actions</h3>");
        char ids[48], id[64], label[300];
        follow_up_ids(x->ref, ids, sizeof ids);
        html_f(
            b,
            "<div class=\"govuk-inset-text\"><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/actions/%ld\">%s</a>"
            " (%s, by %s): %s</p>",
            (long)x->ref, x->text, x->owner_name, web_date_of(x->due, d), action_state_words(x));
        HtmlLink st[] = {{"Still open", "open"}, {"Done", "done"}, {"Dropped", "dropped"}};
        strfmt(id, sizeof id, "%sstatus", ids);
        strfmt(label, sizeof label, "Where it stands: %s", x->text);
        form_select(r, id, label, NULL, st, 3, typed(r, view, id, x->reported_at ? "done" : "open"), e);
        strfmt(id, sizeof id, "%snote", ids);
        strfmt(label, sizeof label, "Note on: %s", x->text);
        form_textarea(r, id, label, "Required when done or dropped", typed(r, view, id, ""), 2, e);
        strfmt(id, sizeof id, "follow-up-%lld", (long long)x->ref);
        strfmt(label, sizeof label, "of: %s", x->text);
        do_button(r, id, "Record the follow-up", label, true);
        HTML_RAW(b, "</div>");
    }
    html_f(b, "<h3 class=\"govuk-heading-s\" id=\"add-action\">Agree an action</h3>");
    form_textarea(r, "action", "What is to be done", NULL, typed(r, view, "action", ""), 2, e);
    HtmlLink owners[] = {{view->supervisee_name, view->supervisee_id}, {view->supervisor_name, view->supervisor_id}};
    form_select(r, "owner", "Who does it", NULL, owners, 2, typed(r, view, "owner", view->supervisee_id), e);
    date_input(r, view, "due", "Due by", "For example, 15 12 2026", e);
    HtmlLink *cases = xcalloc(view->nopen_cases + 2, sizeof *cases);
    size_t nc = 0;
    cases[nc++] = (HtmlLink){"Not about a case", ""};
    for (size_t i = 0; i < view->nopen_cases; i++) cases[nc++] = (HtmlLink){view->open_cases[i], view->open_cases[i]};
    form_select(r, "action-case", "Case (optional)", NULL, cases, nc, typed(r, view, "action-case", ""), e);
    free(cases);
    do_button(r, "add-action", "Add the action", NULL, false);
}

/* The version the supervisee answers: the form says which one they read. */
static void version_field(Req *r, const Record *rec)
{
    html_f(&r->rs->body, "<input type=\"hidden\" name=\"version\" value=\"%d\">", rec->version);
}

/* The session's agenda beside the record being written: what the two
 * planned to discuss, the open actions and the cases due. */
static void agenda_aside(Req *r, const Record *rec)
{
    Buf *b = &r->rs->body;
    SvcActor a = web_actor(r);
    BookingView bv;
    if (!rec->booking_ref || booking_view(r->st, &a, rec->booking_ref, &bv) != SVC_OK) return;
    html_f(b, "<aside class=\"app-record__agenda\" aria-labelledby=\"agenda-heading\">"
              "<h2 class=\"govuk-heading-m\" id=\"agenda-heading\">The agenda</h2>");
    if (!bv.agenda.n) html_f(b, "<p class=\"govuk-body\">Nothing was put on the agenda.</p>");
    if (bv.agenda.n) HTML_RAW(b, "<ul class=\"govuk-list govuk-list--bullet\">");
    for (size_t i = 0; i < bv.agenda.n; i++) {
        const AgendaItem *it = &bv.agenda.items[i];
        const char *kind = strcmp(it->kind, "worry") == 0    ? "Worry"
                           : strcmp(it->kind, "case") == 0   ? "Case"
                           : strcmp(it->kind, "sample") == 0 ? "Case drawn at random"
                                                             : "Item";
        html_f(b, "<li><strong>%s</strong>: ", kind);
        if (it->case_id[0]) html_f(b, "<a class=\"govuk-link\" href=\"/cases/%u\">%s</a> ", it->case_id, it->case_id);
        if (it->hidden)
            html_f(b, "<em>Confidential between the supervisor and the supervisee.</em>");
        else
            html_f(b, "<span class=\"app-prose\">%s</span>", it->text);
        HTML_RAW(b, "</li>");
    }
    if (bv.agenda.n) HTML_RAW(b, "</ul>");
    if (bv.nproposals) {
        html_f(
            b,
            "<h3 class=\"govuk-heading-s\">Cases due for discussion</h3><ul class=\"govuk-list govuk-list--bullet\">");
        for (size_t i = 0; i < bv.nproposals; i++) {
            char d[WEB_DATE_CHARS];
            web_date(bv.proposals[i].due, d);
            html_f(b, "<li><a class=\"govuk-link\" href=\"/cases/%u\">%s</a>: %s by %s</li>", bv.proposals[i].case_id,
                   bv.proposals[i].case_id, bv.proposals[i].status == STATUS_OVERDUE ? "overdue, due" : "due", d);
        }
        HTML_RAW(b, "</ul>");
    }
    HTML_RAW(b, "</aside>");
    booking_view_free(&bv);
}

/* Where the version stands in the record log: its hash, which a copy of it
 * carries, and the checkpoint a copy is checked against, to save. */
static void log_part(Req *r, const RecordView *view)
{
    if (!view->log.logged) return;
    Buf *b = &r->rs->body;
    char at[WEB_DATE_CHARS + 8];
    web_time(view->log.at, at);
    html_f(b,
           "<h2 class=\"govuk-heading-m\" id=\"log\">In the record log</h2>"
           "<p class=\"govuk-body\">Version %d was logged when it was sent (%s), as entry %ld of the "
           "organisation's record log. Nobody can change it without that showing in a copy. Its hash:</p>"
           "<p class=\"govuk-body app-hash\"><code>%s</code></p>",
           view->rec.version, at, (long)view->log.index, view->log.hash);
    if (view->log.checkpoint_size > view->log.index) {
        web_time(view->log.checkpoint_at, at);
        html_f(b,
               "<p class=\"govuk-body\">The latest checkpoint of the log (%ld entries, signed %s) includes it. "
               "<a class=\"govuk-link\" href=\"/log/checkpoint\" download>Save the checkpoint</a> with your copy: "
               "a later copy is checked against it with <code>oversight verify</code>.</p>",
               (long)view->log.checkpoint_size, at);
    } else {
        HTML_RAW(b, "<p class=\"govuk-body\">No checkpoint signed yet includes it: one is signed when a copy is "
                    "made, or by an administrator.</p>");
    }
}

/* The read of a record, in the read trail (frame.h): false when it cannot
 * be recorded (answered). */
bool trail_record(Req *r, const Record *rec)
{
    int64_t me = r->v->viewer.staff_ref;
    const char *as = !me                         ? NULL
                     : me == rec->supervisor_ref ? "supervisor"
                     : me == rec->supervisee_ref ? "supervisee"
                                                 : NULL;
    char detail[48];
    strfmt(detail, sizeof detail, "version %d of %d", rec->version, rec->latest);
    return web_trail_read(r, "record", rec->ref, as, detail);
}

/* The four questions on how supervision felt, for the supervisee once the
 * record is signed: asked once, and after "not now" only offered quietly. */
static void feedback_part(Req *r, int64_t ref)
{
    FeedbackAsk ask = FEEDBACK_NOT_ASKED;
    if (feedback_asked(r->st, &r->v->viewer, ref, &ask) != SVC_OK || ask == FEEDBACK_NOT_ASKED) return;
    Buf *b = &r->rs->body;
    char action[64];
    strfmt(action, sizeof action, "/records/%lld/feedback", (long long)ref);
    if (ask == FEEDBACK_GIVEN) {
        html_f(b, "<p class=\"govuk-body\" id=\"feedback\">You answered the four questions on how this supervision"
                  " felt. Thank you.</p>");
        return;
    }
    if (ask == FEEDBACK_LATER) {
        html_f(b,
               "<p class=\"govuk-body\" id=\"feedback\"><a class=\"govuk-link\" href=\"%s\">Answer four questions on"
               " how this supervision felt</a> (without your name).</p>",
               action);
        return;
    }
    html_f(b,
           "<div class=\"govuk-inset-text\" id=\"feedback\"><h2 class=\"govuk-heading-s\">How did this supervision"
           " feel?</h2><p class=\"govuk-body\">Four questions, answered without your name; managers see them only"
           " added up over at least five people.</p><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Answer"
           " the questions</a></p>",
           action);
    form_start(r, action);
    HTML_RAW(b, "<input type=\"hidden\" name=\"not-now\" value=\"yes\">");
    form_button(r, "Not now", true);
    form_end(r);
    HTML_RAW(b, "</div>");
}

static void record_page(Req *r, int64_t ref, const SvcError *e)
{
    const char *vq = http_query(r->rq, "version");
    SvcActor a = web_actor(r);
    RecordView view;
    SvcResult rc = record_view(r->st, &a, ref, vq ? (int)web_ref(vq) : 0, &view);
    if (web_svc_refusal(r, rc, "a supervision record")) return;
    const Record *rec = &view.rec;
    if (!trail_record(r, rec)) return record_view_free(&view);
    Buf *b = &r->rs->body;
    bool latest = rec->version == rec->latest;
    char title[400], d[WEB_DATE_CHARS], action[64];
    strfmt(title, sizeof title, "%sSupervision record: %s, %s", e && e->message[0] ? "Error: " : "",
           view.supervisee_name, web_date_of(rec->date, d));
    page_start(r, title, "/supervision");
    form_problem(r, e);
    html_f(b,
           "<span class=\"govuk-caption-l\">Supervision record, version %d of %d</span>"
           "<h1 class=\"govuk-heading-l\">%s with %s, %s</h1>",
           rec->version, rec->latest, view.supervisee_name, view.supervisor_name, d);
    html_f(b, "<p class=\"govuk-body\"><strong class=\"govuk-tag %s\">%s</strong></p>", state_tag(rec->state),
           state_label(rec->state));
    if (rec->purged_on[0]) {
        char on[WEB_DATE_CHARS];
        html_f(b,
               "<div class=\"govuk-inset-text\" id=\"purged\">The texts of this record were deleted on %s under the"
               " retention policy (%s). Who met, when, and the record's entries in the record log, which hold no"
               " text, are kept.</div>",
               web_date_of(rec->purged_on, on), rec->purged_rule);
    }
    if (rec->reason[0]) html_f(b, "<p class=\"govuk-body\">Why this version: %s</p>", rec->reason);
    if (rec->latest > 1) {
        html_f(b, "<p class=\"govuk-body\">Versions:");
        for (int v = rec->latest; v >= 1; v--)
            if (v == rec->version)
                html_f(b, " <strong>%d</strong>", v);
            else
                html_f(b, " <a class=\"govuk-link\" href=\"/records/%ld?version=%d\">%d</a>", (long)ref, v, v);
        HTML_RAW(b, "</p>");
    }
    if (!latest)
        html_f(b,
               "<div class=\"govuk-inset-text\">This is an earlier version, kept as it was. "
               "<a class=\"govuk-link\" href=\"/records/%ld\">Read the latest</a>.</div>",
               (long)ref);
    for (size_t i = 0; i < rec->ndisagreements; i++) {
        const Disagreement *dg = &rec->disagreements[i];
        char at[WEB_DATE_CHARS + 8];
        web_time(dg->at, at);
        html_f(b,
               "<div class=\"govuk-inset-text\"><h2 class=\"govuk-heading-s\">%s disagreed with version %d (%s)</h2>",
               dg->by_name, dg->version, at);
        web_prose(b, dg->text);
        HTML_RAW(b, "</div>");
    }
    if (view.may_write) {
        /* One form for the whole record, beside the agenda: every button
         * sends everything typed. */
        HTML_RAW(b, "<div class=\"app-record\"><div class=\"app-record__main\">");
        strfmt(action, sizeof action, "/records/%lld/save", (long long)ref);
        form_start(r, action);
        r->form_posted = posted_here(r);
        HTML_RAW(b, "<div class=\"app-record__saved\" aria-live=\"polite\"></div>");
    }
    area(r, &view, "support", "Management and support", e);
    area(r, &view, "development", "Development", e);
    area(r, &view, "other", "Other", e);
    if (view.may_write) do_button(r, "save", "Save the record", NULL, true);
    if (!view.may_write) confidentiality_part(r, &view, a.viewer->staff_ref);
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"cases\">Case supervision</h2>");
    if (!rec->nnotes) html_f(b, "<p class=\"govuk-body\">No case discussions recorded yet.</p>");
    for (size_t i = 0; i < rec->nnotes; i++) case_note(r, &view, &rec->notes[i], e);
    if (view.may_write) case_note_form(r, &view, e);
    actions_part(r, &view, e);
    if (view.may_write) {
        html_f(b,
               "<h2 class=\"govuk-heading-m\">Send</h2><p class=\"govuk-body\">Sending the record signs it on your"
               " side; %s can then sign it or say where they disagree.</p>",
               view.supervisee_name);
        do_button(r, "send", "Sign and send to the supervisee", NULL, false);
        form_end(r);
        HTML_RAW(b, "</div>");
        agenda_aside(r, rec);
        HTML_RAW(b, "</div>");
        confidentiality_part(r, &view, a.viewer->staff_ref);
    }
    if (view.may_answer) {
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"sign\">Sign or disagree</h2>");
        strfmt(action, sizeof action, "/records/%lld/sign", (long long)ref);
        form_start(r, action);
        version_field(r, rec);
        form_button(r, "I agree with this record: sign it", false);
        form_end(r);
        strfmt(action, sizeof action, "/records/%lld/disagree", (long long)ref);
        form_start(r, action);
        version_field(r, rec);
        form_textarea(r, "disagreement", "Where you disagree, in your own words",
                      "This is kept with the record and can never be removed", "", 5, e);
        form_button(r, "Record my disagreement", true);
        form_end(r);
    }
    if (view.may_amend) {
        html_f(
            b,
            "<h2 class=\"govuk-heading-m\" id=\"amend\">Change the record</h2><p class=\"govuk-body\">A change makes a new"
            " version that both of you sign again; this one is kept.</p>");
        strfmt(action, sizeof action, "/records/%lld/amend", (long long)ref);
        form_start(r, action);
        form_input(r, "reason", "Why it changes", NULL, "", "govuk-!-width-full", e);
        form_button(r, "Start a new version", true);
        form_end(r);
    }
    if (view.may_escalate) {
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"escalate\">Escalate the disagreement</h2>");
        strfmt(action, sizeof action, "/records/%lld/escalate", (long long)ref);
        form_start(r, action);
        form_textarea(r, "text", "What you want resolved", "It goes to the supervisor's line manager first", "", 3, e);
        form_button(r, "Escalate", true);
        form_end(r);
    }
    feedback_part(r, ref);
    log_part(r, &view);
    record_view_free(&view);
    page_end(r);
}

void page_record(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    record_page(r, ref, NULL);
}

/* A record form's answer: back to the record, or the record with the problem. */
static void record_answer(Req *r, int64_t ref, SvcResult rc, const SvcError *e, const char *anchor)
{
    if (web_svc_refusal(r, rc, "changing a supervision record")) return;
    if (rc != SVC_OK) return record_page(r, ref, e);
    char to[96];
    strfmt(to, sizeof to, "/records/%lld%s", (long long)ref, anchor ? anchor : "");
    http_redirect(r->rs, to);
}

/* The key of a form posted to /records/{ref}/..., 0 (and a 404 sent) when
 * the path has none. */
static int64_t posted_ref(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) page_not_found(r);
    return ref;
}

/* The version a supervisee's answer was written against; 0 when the form
 * did not say (then the latest). */
static int posted_version(Req *r) { return (int)web_ref(http_form(r->rq, "version")); }

/* The areas' texts and marks as posted (NULL: not in the form). */
static void posted_areas(Req *r, const char **texts, bool *conf)
{
    for (size_t i = 0; i < record_ntopics && i < 32; i++) {
        char cid[48];
        texts[i] = http_form(r->rq, record_topics[i].id);
        strfmt(cid, sizeof cid, "confidential-%s", record_topics[i].id);
        conf[i] = http_form(r->rq, cid) != NULL;
    }
}

/* Whether a posted field is kept with the draft: everything of the form
 * but its token, its button, and the areas (saved as the record's text). */
static bool draft_field(const char *name)
{
    if (strcmp(name, "csrf") == 0 || strcmp(name, "do") == 0 || strncmp(name, "confidential-", 13) == 0) return false;
    for (size_t i = 0; i < record_ntopics; i++)
        if (strcmp(record_topics[i].id, name) == 0) return false;
    return true;
}

/* The fields of a case discussion being written, of an action being
 * agreed: dropped from the draft once added. */
static bool case_note_field(const char *name)
{
    static const char *const f[] = {"case",      "prompts", "synopsis", "analysis", "decision",
                                    "rationale", "tasks",   "departs",  "departure"};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strcmp(f[i], name) == 0) return true;
    return strncmp(name, "answer-", 7) == 0 || strncmp(name, "check-", 6) == 0;
}

static bool action_field(const char *name)
{
    return strcmp(name, "action") == 0 || strcmp(name, "owner") == 0 || strncmp(name, "due", 3) == 0 ||
           strcmp(name, "action-case") == 0;
}

/* Keeps the posted fields with the draft, but those prefix names (or, with
 * drop, those drop says were used). */
static SvcResult keep_fields(Req *r, const SvcActor *a, int64_t ref, bool (*drop)(const char *), const char *prefix,
                             SvcError *e)
{
    RecordField fields[HTTP_MAX_FIELDS];
    size_t n = 0;
    for (size_t i = 0; i < r->rq->nform && n < HTTP_MAX_FIELDS; i++) {
        const char *name = r->rq->form[i].name;
        if (!draft_field(name) || (drop && drop(name)) || (prefix && strncmp(name, prefix, strlen(prefix)) == 0))
            continue;
        fields[n++] = (RecordField){name, r->rq->form[i].value};
    }
    return record_keep(r->st, a, ref, NULL, NULL, fields, n, e);
}

/* The action's due date from the date input's three fields (YYYY-MM-DD),
 * or the field due as sent (the form's older shape). NULL: not a date. */
static const char *posted_due(Req *r, char out[16])
{
    const char *d = http_form(r->rq, "due-day"), *m = http_form(r->rq, "due-month"), *y = http_form(r->rq, "due-year");
    if (!d && !m && !y) return http_form(r->rq, "due");
    if ((!d || !*d) && (!m || !*m) && (!y || !*y)) return "";
    int64_t dd = web_ref(d), mm = web_ref(m), yy = web_ref(y);
    Date day;
    if (!dd || !mm || yy < 1000 || yy > 9999 || dd > 31 || mm > 12) return NULL;
    strfmt(out, 16, "%04d-%02d-%02d", (int)yy, (int)mm, (int)dd);
    return date_parse(out, 10, &day) ? out : NULL;
}

/* The first field of a case discussion or action typed and not added:
 * sending would leave it behind. NULL when none. */
static const char *unfinished(Req *r)
{
    static const char *const texts[] = {"synopsis", "analysis",  "decision", "rationale",
                                        "tasks",    "departure", "action"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *v = http_form(r->rq, texts[i]);
        if (v && *svc_trim((char *)v)) return texts[i];
    }
    for (size_t i = 0; i < r->rq->nform; i++)
        if (strncmp(r->rq->form[i].name, "answer-", 7) == 0 && *svc_trim((char *)r->rq->form[i].value))
            return r->rq->form[i].name;
    return NULL;
}

static SvcResult add_case_note(Req *r, const SvcActor *a, int64_t ref, SvcError *e);

/* The record's one form: every button sends everything typed. The areas
 * and the draft's other fields are kept first (record_keep), whatever the
 * button; then what the button asks (do): save (only that), prompts (show
 * another set), add-case, add-action, follow-up-REF, correct-REF,
 * withdraw-REF, send; keep is the script's background save (204). A form
 * without do is the areas alone (the older form): saved, nothing else. */
void post_record_save(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *texts[32] = {0};
    bool conf[32] = {0};
    posted_areas(r, texts, conf);
    const char *todo = http_form(r->rq, "do");
    if (!todo) return record_answer(r, ref, record_save(r->st, &a, ref, texts, conf, &e), &e, NULL);
    RecordField fields[HTTP_MAX_FIELDS];
    size_t n = 0;
    for (size_t i = 0; i < r->rq->nform; i++)
        if (draft_field(r->rq->form[i].name)) fields[n++] = (RecordField){r->rq->form[i].name, r->rq->form[i].value};
    SvcResult rc = record_keep(r->st, &a, ref, texts, conf, fields, n, &e);
    if (rc != SVC_OK || strcmp(todo, "save") == 0) return record_answer(r, ref, rc, &e, NULL);
    if (strcmp(todo, "keep") == 0) {
        r->rs->status = 204; /* kept: the page stays as it is */
        return web_answer_afresh(r);
    }
    if (strcmp(todo, "prompts") == 0) return record_answer(r, ref, rc, &e, "#add-case");
    const char *anchor = "#cases";
    long long item = 0;
    if (strcmp(todo, "add-case") == 0) {
        rc = add_case_note(r, &a, ref, &e);
        if (rc == SVC_OK) rc = keep_fields(r, &a, ref, case_note_field, NULL, &e);
    } else if (strcmp(todo, "add-action") == 0) {
        char buf[16];
        const char *due = posted_due(r, buf);
        anchor = "#actions";
        if (!due)
            rc = svc_fail(&e, SVC_INVALID, "due-day", "The due date must be a real date, for example 15 12 2026");
        else
            rc = record_add_action(r->st, &a, ref, http_form(r->rq, "owner"), http_form(r->rq, "action"), due,
                                   http_form(r->rq, "action-case"), &e);
        if (rc == SVC_INVALID && strcmp(e.field, "due") == 0) strfmt(e.field, sizeof e.field, "due-day");
        if (rc == SVC_OK) rc = keep_fields(r, &a, ref, action_field, NULL, &e);
    } else if (sscanf(todo, "follow-up-%lld", &item) == 1 && item > 0) {
        char ids[48], status[64], note[64];
        follow_up_ids(item, ids, sizeof ids);
        strfmt(status, sizeof status, "%sstatus", ids);
        strfmt(note, sizeof note, "%snote", ids);
        anchor = "#actions";
        rc = record_follow_up(r->st, &a, ref, item, http_form(r->rq, status), http_form(r->rq, note), &e);
        if (e.field[0]) {
            char field[sizeof e.field];
            strfmt(field, sizeof field, "%s%s", ids, e.field);
            strfmt(e.field, sizeof e.field, "%s", field);
        }
        if (rc == SVC_OK) rc = keep_fields(r, &a, ref, NULL, ids, &e);
    } else if (sscanf(todo, "correct-%lld", &item) == 1 && item > 0) {
        char prefix[48], decision[64], why[64];
        strfmt(prefix, sizeof prefix, "note-%lld-", item);
        strfmt(decision, sizeof decision, "%sdecision", prefix);
        strfmt(why, sizeof why, "%srationale", prefix);
        rc = record_correct_case_note(r->st, &a, ref, item, http_form(r->rq, decision), http_form(r->rq, why), &e);
        if (e.field[0]) strfmt(e.field, sizeof e.field, "%s", strcmp(e.field, "decision") == 0 ? decision : why);
        if (rc == SVC_OK) rc = keep_fields(r, &a, ref, NULL, prefix, &e);
    } else if (sscanf(todo, "withdraw-%lld", &item) == 1 && item > 0) {
        char prefix[48], why[64];
        strfmt(prefix, sizeof prefix, "note-%lld-", item);
        strfmt(why, sizeof why, "%swithdraw", prefix);
        rc = record_withdraw_case_note(r->st, &a, ref, item, http_form(r->rq, why), &e);
        if (e.field[0]) strfmt(e.field, sizeof e.field, "%s", why);
        if (rc == SVC_OK) rc = keep_fields(r, &a, ref, NULL, prefix, &e);
    } else if (strcmp(todo, "send") == 0) {
        const char *left = unfinished(r);
        anchor = NULL;
        if (left)
            rc = svc_fail(&e, SVC_INVALID, left,
                          "%s is typed but not added yet: add it, or empty its fields, then send the record",
                          strcmp(left, "action") == 0 ? "An action" : "A case discussion");
        else
            rc = record_send(r->st, &a, ref, &e);
    } else {
        rc = svc_fail(&e, SVC_INVALID, "", "The form asked for something this page does not do");
    }
    record_answer(r, ref, rc, &e, anchor);
}

/* A case discussion from the posted fields: the set shown's answers, and
 * any typed under another set. */
static SvcResult add_case_note(Req *r, const SvcActor *a, int64_t ref, SvcError *e)
{
    const char *set_id = http_form(r->rq, "prompts");
    const PromptSet *set = set_id ? policy_prompt_set(a->pol, set_id, strlen(set_id)) : NULL;
    const char *answers[POLICY_PROMPTS_MAX] = {0};
    for (size_t i = 0; set && i < set->nitems; i++) {
        char id[80];
        strfmt(id, sizeof id, "answer-%s", set->items[i].id);
        answers[i] = http_form(r->rq, id);
    }
    const char *other_prompts[HTTP_MAX_FIELDS], *other_answers[HTTP_MAX_FIELDS];
    size_t nother = 0;
    for (size_t i = 0; i < r->rq->nform; i++) {
        const char *name = r->rq->form[i].name;
        if (strncmp(name, "answer-", 7) != 0 || set_asks(set, name + 7) || !*r->rq->form[i].value) continue;
        other_prompts[nother] = name + 7;
        other_answers[nother++] = r->rq->form[i].value;
    }
    const char *checks[64];
    size_t nchecks = 0;
    for (size_t c = 0; c < a->pol->ncategories; c++)
        for (size_t i = 0; i < a->pol->categories[c].nchecklist && nchecks < 64; i++) {
            char id[80];
            strfmt(id, sizeof id, "check-%s", a->pol->categories[c].checklist[i].id);
            if (http_form(r->rq, id)) checks[nchecks++] = a->pol->categories[c].checklist[i].id;
        }
    CaseNoteInput in = {.case_id = http_form(r->rq, "case"),
                        .prompts = set ? set->id : "",
                        .answers = answers,
                        .other_prompts = other_prompts,
                        .other_answers = other_answers,
                        .nother = nother,
                        .synopsis = http_form(r->rq, "synopsis"),
                        .analysis = http_form(r->rq, "analysis"),
                        .decision = http_form(r->rq, "decision"),
                        .rationale = http_form(r->rq, "rationale"),
                        .tasks = http_form(r->rq, "tasks"),
                        .departure = http_form(r->rq, "departure"),
                        .departs = http_form(r->rq, "departs") != NULL,
                        .checklist = checks,
                        .nchecklist = nchecks};
    if (in.decision && !*svc_trim((char *)in.decision)) in.decision = "";
    SvcResult rc = record_add_case_note(r->st, a, ref, &in, e);
    if (rc == SVC_INVALID && strcmp(e->field, "checklist") == 0) {
        /* The problem is at the box ticked: check-ID on the form. */
        const char *misfit = record_checklist_misfit(r->st, a, ref, &in);
        if (misfit) strfmt(e->field, sizeof e->field, "check-%s", misfit);
    }
    return rc;
}

void post_record_case_note(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    record_answer(r, ref, add_case_note(r, &a, ref, &e), &e, "#cases");
}

void post_record_action(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    SvcResult rc = record_add_action(r->st, &a, ref, http_form(r->rq, "owner"), http_form(r->rq, "action"),
                                     http_form(r->rq, "due"), http_form(r->rq, "action-case"), &e);
    record_answer(r, ref, rc, &e, "#actions");
}

void post_record_follow_up(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    int64_t action = web_ref(http_form(r->rq, "action"));
    char ids[48], status[64], note[64];
    follow_up_ids(action, ids, sizeof ids);
    strfmt(status, sizeof status, "%sstatus", ids);
    strfmt(note, sizeof note, "%snote", ids);
    SvcResult rc = record_follow_up(r->st, &a, ref, action, form_value(r, status, http_form(r->rq, "status")),
                                    form_value(r, note, http_form(r->rq, "note")), &e);
    if (e.field[0]) { /* the field of that action's form */
        char field[sizeof e.field];
        strfmt(field, sizeof field, "%s%s", ids, e.field);
        strfmt(e.field, sizeof e.field, "%s", field);
    }
    record_answer(r, ref, rc, &e, "#actions");
}

void post_record_send(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    record_answer(r, ref, record_send(r->st, &a, ref, &e), &e, NULL);
}

void post_record_sign(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    record_answer(r, ref, record_sign_version(r->st, &a, ref, posted_version(r), &e), &e, NULL);
}

void post_record_disagree(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    SvcResult rc = record_disagree_version(r->st, &a, ref, posted_version(r), http_form(r->rq, "disagreement"), &e);
    record_answer(r, ref, rc, &e, NULL);
}

void post_record_confidential(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *on = http_form(r->rq, "on"), *topic = http_form(r->rq, "topic");
    SvcResult rc = on && strcmp(on, "lift") == 0
                       ? record_lift_confidential(r->st, &a, ref, topic, &e)
                       : record_confidential(r->st, &a, ref, topic, on && strcmp(on, "yes") == 0, &e);
    record_answer(r, ref, rc, &e, NULL);
}

void post_record_amend(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    record_answer(r, ref, record_amend(r->st, &a, ref, http_form(r->rq, "reason"), &e), &e, NULL);
}

void post_record_escalate(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    int64_t esc = 0;
    SvcResult rc = escalation_raise(r->st, &a, ref, http_form(r->rq, "text"), &esc, &e);
    if (rc != SVC_OK) return record_answer(r, ref, rc, &e, NULL);
    char to[64];
    strfmt(to, sizeof to, "/escalations/%lld", (long long)esc);
    http_redirect(r->rs, to);
}
