/* page_record.c: the record of a session: its areas, case discussions,
 * actions, sign-off and disagreement, each version as it was. What the
 * viewer may see and do comes with the record's view (svc/record.h); these
 * pages turn it into HTML and forms into calls. */
#include <stdlib.h>
#include <string.h>

#include "svc/escalation.h"
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

static const char *prompt_text(const Policy *pol, const char *set_id, const char *prompt)
{
    const PromptSet *set = policy_prompt_set(pol, set_id, strlen(set_id));
    for (size_t i = 0; set && i < set->nitems; i++)
        if (strcmp(set->items[i].id, prompt) == 0) return set->items[i].text;
    return prompt;
}

static void case_note(Req *r, const CaseNote *n)
{
    Buf *b = &r->rs->body;
    char d[WEB_DATE_CHARS];
    html_f(
        b,
        "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
        "<h3 class=\"govuk-summary-card__title\">Case <a class=\"govuk-link\" href=\"/cases/%u\">%s</a>, %s</h3></div>"
        "<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
        n->case_id, n->case_id, web_date_of(n->date, d));
    if (n->synopsis[0]) web_summary_row(b, "Recent involvement", n->synopsis);
    /* Answers in the order of the prompt set's questions; any the policy no
     * longer asks, after them. */
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
    HTML_RAW(b, "</dl></div></div>");
}

static void case_note_form(Req *r, const RecordView *view, const SvcError *e)
{
    const Record *rec = &view->rec;
    Buf *b = &r->rs->body;
    const Policy *pol = r->app->pol;
    char action[64];
    strfmt(action, sizeof action, "/records/%lld/case-notes", (long long)rec->ref);
    html_f(b, "<h3 class=\"govuk-heading-s\" id=\"add-case\">Record a case discussion</h3>");
    /* The prompts come with the set chosen: a GET form keeps it working
     * without JavaScript. */
    const char *chosen = http_query(r->rq, "prompts-choice");
    const char *set_id = form_value(r, "prompts", chosen ? chosen : http_query(r->rq, "prompts"));
    if (!*set_id && pol->nprompt_sets) set_id = pol->prompt_sets[0].id;
    const PromptSet *set = policy_prompt_set(pol, set_id, strlen(set_id));
    if (pol->nprompt_sets) {
        HtmlLink opts[32];
        size_t n = 0;
        for (size_t i = 0; i < pol->nprompt_sets && n < 32; i++)
            opts[n++] = (HtmlLink){pol->prompt_sets[i].label, pol->prompt_sets[i].id};
        html_f(b, "<form method=\"get\" action=\"/records/%ld#add-case\" novalidate>", (long)rec->ref);
        form_select(r, "prompts-choice", "Reflective prompts", "Choose a set, then use these prompts", opts, n, set_id,
                    NULL);
        form_button(r, "Use these prompts", true);
        HTML_RAW(b, "</form>");
    }
    form_start(r, action);
    if (set) html_f(b, "<input type=\"hidden\" name=\"prompts\" value=\"%s\">", set->id);
    /* The supervisee's open cases, those due first. */
    HtmlLink *cases = xcalloc(view->nopen_cases + 1, sizeof *cases);
    for (size_t i = 0; i < view->nopen_cases; i++) cases[i] = (HtmlLink){view->open_cases[i], view->open_cases[i]};
    form_select(r, "case", "Case", "The supervisee's open cases, most overdue first", cases, view->nopen_cases, "", e);
    free(cases);
    form_textarea(r, "synopsis", "Recent involvement",
                  "A short synopsis of what has happened since the last discussion", "", 3, e);
    for (size_t i = 0; set && i < set->nitems; i++) {
        char id[80];
        strfmt(id, sizeof id, "answer-%s", set->items[i].id);
        form_textarea(r, id, set->items[i].text, NULL, "", 3, e);
    }
    form_textarea(r, "analysis", "Analysis", "What the information means for the child", "", 4, e);
    form_textarea(r, "decision", "Decision", NULL, "", 3, e);
    form_textarea(r, "rationale", "Why this decision", "The child may read this as an adult: say how it was reached",
                  "", 3, e);
    form_textarea(r, "tasks", "Further tasks", NULL, "", 2, e);
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
            form_checkbox(r, id, cat->checklist[i].text, false);
        }
        HTML_RAW(b, "</div></fieldset></div>");
    }
    HTML_RAW(b, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\">");
    form_checkbox(r, "departs", "The decision departs from procedure", false);
    HTML_RAW(b, "</div></div>");
    form_textarea(r, "departure", "Why it departs from procedure",
                  "Only when it does; shown on the case and in reports", "", 2, e);
    form_button(r, "Add the case discussion", false);
    form_end(r);
}

/* The prefix of the ids of an earlier action's follow-up form: a record
 * being written has one such form for each, with the same fields. */
static void follow_up_ids(int64_t action, char *buf, size_t n) { strfmt(buf, n, "follow-up-%lld-", (long long)action); }

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
    for (size_t i = 0; i < rec->nactions; i++)
        html_f(b, "<li>%s (%s, by %s): %s</li>", rec->actions[i].text, rec->actions[i].owner_name,
               web_date_of(rec->actions[i].due, d), rec->actions[i].status);
    if (rec->nactions) HTML_RAW(b, "</ul>");
    if (!view->may_write) return;
    /* Earlier open actions are followed up here until closed. */
    char action[64];
    strfmt(action, sizeof action, "/records/%lld/follow-up", (long long)rec->ref);
    for (size_t i = 0; i < view->earlier_actions.n; i++) {
        const Action *x = &view->earlier_actions.items[i];
        if (!i) html_f(b, "<h3 class=\"govuk-heading-s\">Follow up earlier actions</h3>");
        char ids[48];
        follow_up_ids(x->ref, ids, sizeof ids);
        form_start_ids(r, action, ids, web_ref(http_form(r->rq, "action")) == x->ref);
        html_f(b, "<input type=\"hidden\" name=\"action\" value=\"%ld\">", (long)x->ref);
        html_f(b, "<p class=\"govuk-body\"><strong>%s</strong> (%s, by %s)</p>", x->text, x->owner_name,
               web_date_of(x->due, d));
        HtmlLink st[] = {{"Still open", "open"}, {"Done", "done"}, {"Dropped", "dropped"}};
        form_select(r, "status", "Where it stands", NULL, st, 3, "open", e);
        form_input(r, "note", "Note", "Required when done or dropped", "", "govuk-!-width-two-thirds", e);
        form_button(r, "Record the follow-up", true);
        form_end(r);
    }
    html_f(b, "<h3 class=\"govuk-heading-s\" id=\"add-action\">Agree an action</h3>");
    strfmt(action, sizeof action, "/records/%lld/actions", (long long)rec->ref);
    form_start(r, action);
    form_textarea(r, "action", "What is to be done", NULL, "", 2, e);
    HtmlLink owners[] = {{view->supervisee_name, view->supervisee_id}, {view->supervisor_name, view->supervisor_id}};
    form_select(r, "owner", "Who does it", NULL, owners, 2, view->supervisee_id, e);
    form_input(r, "due", "Due by", "For example, 2026-12-15", "", "govuk-input--width-10", e);
    form_input(r, "action-case", "Case id (optional)", NULL, "", "govuk-input--width-10", e);
    form_button(r, "Add the action", false);
    form_end(r);
}

/* The version the supervisee answers: the form says which one they read. */
static void version_field(Req *r, const Record *rec)
{
    html_f(&r->rs->body, "<input type=\"hidden\" name=\"version\" value=\"%d\">", rec->version);
}

static void record_page(Req *r, int64_t ref, const SvcError *e)
{
    const char *vq = http_query(r->rq, "version");
    SvcActor a = web_actor(r);
    RecordView view;
    SvcResult rc = record_view(r->st, &a, ref, vq ? (int)web_ref(vq) : 0, &view);
    if (web_svc_refusal(r, rc, "a supervision record")) return;
    const Record *rec = &view.rec;
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
        strfmt(action, sizeof action, "/records/%lld/save", (long long)ref);
        form_start(r, action);
    }
    area(r, &view, "support", "Management and support", e);
    area(r, &view, "development", "Development", e);
    area(r, &view, "other", "Other", e);
    if (view.may_write) {
        form_button(r, "Save the record", true);
        form_end(r);
    }
    confidentiality_part(r, &view, a.viewer->staff_ref);
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"cases\">Case supervision</h2>");
    if (!rec->nnotes) html_f(b, "<p class=\"govuk-body\">No case discussions recorded yet.</p>");
    for (size_t i = 0; i < rec->nnotes; i++) case_note(r, &rec->notes[i]);
    if (view.may_write) case_note_form(r, &view, e);
    actions_part(r, &view, e);
    if (view.may_write) {
        html_f(b,
               "<h2 class=\"govuk-heading-m\">Send</h2><p class=\"govuk-body\">Sending the record signs it on your"
               " side; %s can then sign it or say where they disagree.</p>",
               view.supervisee_name);
        strfmt(action, sizeof action, "/records/%lld/send", (long long)ref);
        form_start(r, action);
        form_button(r, "Sign and send to the supervisee", false);
        form_end(r);
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

void post_record_save(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *texts[32] = {0};
    bool conf[32] = {0};
    for (size_t i = 0; i < record_ntopics && i < 32; i++) {
        char cid[48];
        texts[i] = http_form(r->rq, record_topics[i].id);
        strfmt(cid, sizeof cid, "confidential-%s", record_topics[i].id);
        conf[i] = http_form(r->rq, cid) != NULL;
    }
    record_answer(r, ref, record_save(r->st, &a, ref, texts, conf, &e), &e, NULL);
}

void post_record_case_note(Req *r)
{
    int64_t ref = posted_ref(r);
    if (!ref) return;
    SvcActor a = web_actor(r);
    SvcError e = {0};
    const char *set_id = http_form(r->rq, "prompts");
    const PromptSet *set = set_id ? policy_prompt_set(a.pol, set_id, strlen(set_id)) : NULL;
    const char *answers[POLICY_PROMPTS_MAX] = {0};
    for (size_t i = 0; set && i < set->nitems; i++) {
        char id[80];
        strfmt(id, sizeof id, "answer-%s", set->items[i].id);
        answers[i] = http_form(r->rq, id);
    }
    const char *checks[64];
    size_t nchecks = 0;
    for (size_t c = 0; c < a.pol->ncategories; c++)
        for (size_t i = 0; i < a.pol->categories[c].nchecklist && nchecks < 64; i++) {
            char id[80];
            strfmt(id, sizeof id, "check-%s", a.pol->categories[c].checklist[i].id);
            if (http_form(r->rq, id)) checks[nchecks++] = a.pol->categories[c].checklist[i].id;
        }
    CaseNoteInput in = {.case_id = http_form(r->rq, "case"),
                        .prompts = set ? set->id : "",
                        .answers = answers,
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
    SvcResult rc = record_add_case_note(r->st, &a, ref, &in, &e);
    if (rc == SVC_INVALID && strcmp(e.field, "checklist") == 0) {
        /* The problem is at the box ticked: check-ID on the form. */
        const char *misfit = record_checklist_misfit(r->st, &a, ref, &in);
        if (misfit) strfmt(e.field, sizeof e.field, "check-%s", misfit);
    }
    record_answer(r, ref, rc, &e, "#cases");
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
    SvcResult rc = record_follow_up(r->st, &a, ref, action, http_form(r->rq, "status"), http_form(r->rq, "note"), &e);
    if (e.field[0]) { /* the field of that action's form */
        char ids[48], field[sizeof e.field];
        follow_up_ids(action, ids, sizeof ids);
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
