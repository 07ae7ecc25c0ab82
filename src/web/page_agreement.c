/* page_agreement.c: a person's supervision agreement: reading it, the
 * supervisor's form to write or review it, the supervisee's agreeing. */
#include <string.h>

#include "svc/agreement.h"
#include "web/frame.h"
#include "web/routes.h"

/* How often, as a number and a unit chosen in words ("every 3 weeks"),
 * never typed as "3w"; value is the stored interval. A problem with it is at
 * the fieldset "every". */
static const HtmlLink units[] = {{"days", "d"}, {"weeks", "w"}, {"months", "m"}};

static void frequency_field(Req *r, const char *value, const SvcError *e)
{
    Buf *b = &r->rs->body;
    Interval iv;
    char count[16] = "", unit[2] = "w";
    if (value && interval_parse(value, strlen(value), &iv)) {
        strfmt(count, sizeof count, "%d", (int)iv.n);
        unit[0] = iv.unit == UNIT_MONTH ? 'm' : iv.unit == UNIT_WEEK ? 'w' : 'd';
    }
    bool bad = r->form_posted && e && strcmp(e->field, "every") == 0;
    html_f(b,
           "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" role=\"group\" id=\"every\""
           " aria-describedby=\"every-hint%s\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">"
           "How often you will meet</legend><div id=\"every-hint\" class=\"govuk-hint\">For example, every 3 weeks:"
           " never less often than the policy</div>",
           bad ? " govuk-form-group--error" : "", bad ? " every-error" : "");
    if (bad)
        html_f(b,
               "<p id=\"every-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span>"
               " %s</p>",
               e->message);
    const char *n = r->form_posted ? form_value(r, "every-count", count) : count;
    const char *u = r->form_posted ? form_value(r, "every-unit", unit) : unit;
    html_f(b,
           "<div class=\"govuk-date-input\"><div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">"
           "<label class=\"govuk-label govuk-date-input__label\" for=\"every-count\">Every</label>"
           "<input class=\"govuk-input govuk-input--width-3%s\" id=\"every-count\" name=\"every-count\" type=\"text\""
           " inputmode=\"numeric\" value=\"%s\"></div></div><div class=\"govuk-date-input__item\">"
           "<div class=\"govuk-form-group\"><label class=\"govuk-label govuk-date-input__label\" for=\"every-unit\">"
           "Days, weeks or months</label><select class=\"govuk-select%s\" id=\"every-unit\" name=\"every-unit\">",
           bad ? " govuk-input--error" : "", n, bad ? " govuk-select--error" : "");
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        html_f(b, "<option value=\"%s\"%s>%s</option>", units[i].href, strcmp(units[i].href, u) == 0 ? " selected" : "",
               units[i].label);
    HTML_RAW(b, "</select></div></div></div></fieldset></div>");
}

/* The frequency posted: "every" as one field (a client's "3w"), else the
 * number and unit as "3w"; NULL with e set when the number is not one. */
static const char *frequency_posted(const Req *r, char out[16], SvcError *e)
{
    const char *whole = http_form(r->rq, "every");
    if (whole) return whole;
    const char *n = http_form(r->rq, "every-count"), *u = http_form(r->rq, "every-unit");
    if (!n || !*n) return "";
    size_t len = strspn(n, "0123456789");
    if (len == 0 || len > 3 || n[len] || !u || strlen(u) != 1 || !strchr("dwm", u[0])) {
        svc_fail(e, SVC_INVALID, "every",
                 "How often must be a whole number of days, weeks or months, like every 3 weeks");
        return NULL;
    }
    return strfmt(out, 16, "%s%s", n, u);
}

static void agreement_page(Req *r, const SvcError *e)
{
    SvcActor a = web_actor(r);
    AgreementView view;
    if (web_svc_refusal(r, agreement_view(r->st, &a, r->arg, &view), "a supervision agreement")) return;
    const Agreement *ag = &view.current;
    AgreementState state = view.state;
    Buf *b = &r->rs->body;
    char title[400];
    strfmt(title, sizeof title, "%sSupervision agreement: %s", e && e->message[0] ? "Error: " : "", view.name);
    page_start(r, title, NULL);
    form_problem(r, e);
    html_f(b, "<span class=\"govuk-caption-l\">Supervision agreement</span><h1 class=\"govuk-heading-l\">%s</h1>",
           view.name);
    html_f(b, "<p class=\"govuk-body\"><strong class=\"govuk-tag%s\">%s</strong></p>",
           state == AGREEMENT_IN_FORCE   ? " govuk-tag--green"
           : state == AGREEMENT_PROPOSED ? " govuk-tag--yellow"
                                         : " govuk-tag--red",
           agreement_state_label(state));
    if (view.found) {
        char d[WEB_DATE_CHARS], len[COUNT_WORDS_CHARS], often[32], words[24];
        Interval every;
        HTML_RAW(b, "<dl class=\"govuk-summary-list\">");
        web_summary_row(b, "Supervisor", ag->supervisor_name);
        if (interval_parse(ag->every, strlen(ag->every), &every))
            strfmt(often, sizeof often, "every %s", interval_words(every, words));
        else
            strfmt(often, sizeof often, "%s", ag->every);
        web_summary_row(b, "How often", often);
        web_summary_row(b, "Length of a session", count_words(ag->minutes, "minute", "minutes", len));
        web_summary_row(b, "Place", ag->place);
        web_summary_row(b, "Records", ag->record_keeping);
        web_summary_row(b, "What supervision covers", ag->content);
        web_summary_row(b, "Confidentiality", ag->confidentiality);
        web_summary_row(b, "Disagreements", ag->disagreements);
        web_summary_row(b, "Agreed",
                        ag->agreed_date[0] ? web_date_of(ag->agreed_date, d) : "not yet by the supervisee");
        if (view.review) {
            web_date(view.review, d);
            web_summary_row(b, "Review due", d);
        }
        HTML_RAW(b, "</dl>");
        if (view.may_agree) {
            char action[64];
            strfmt(action, sizeof action, "/agreements/%lld/agree", (long long)ag->ref);
            form_start(r, action);
            form_button(r, "I agree to this supervision agreement", false);
            form_end(r);
        }
    }
    if (view.may_write) {
        const Agreement *def = &view.defaults;
        char action[96], mins[16];
        strfmt(action, sizeof action, "/people/%s/agreement", view.id);
        strfmt(mins, sizeof mins, "%d", def->minutes);
        html_f(b, "<h2 class=\"govuk-heading-m\" id=\"write\">%s</h2>",
               state == AGREEMENT_NONE ? "Write the agreement" : "Review the agreement");
        form_start(r, action);
        frequency_field(r, def->every, e);
        form_input(r, "minutes", "Length of a session in minutes", NULL, mins, "govuk-input--width-4", e);
        form_input(r, "place", "Place", NULL, def->place, "govuk-!-width-full", e);
        form_textarea(r, "record-keeping", "How records are kept", NULL, def->record_keeping, 3, e);
        form_textarea(r, "content", "What supervision covers", NULL, def->content, 3, e);
        form_textarea(r, "confidentiality", "Confidentiality", NULL, def->confidentiality, 3, e);
        form_textarea(r, "disagreements", "How disagreements are handled", NULL, def->disagreements, 3, e);
        form_button(r, "Save and send to the supervisee", false);
        form_end(r);
    }
    agreement_view_free(&view);
    page_end(r);
}

void page_agreement(Req *r) { agreement_page(r, NULL); }

void post_agreement(Req *r)
{
    SvcActor a = web_actor(r);
    char often[16];
    SvcError bad = {0};
    AgreementTerms t = {.every = frequency_posted(r, often, &bad),
                        .minutes = http_form(r->rq, "minutes"),
                        .place = http_form(r->rq, "place"),
                        .record_keeping = http_form(r->rq, "record-keeping"),
                        .content = http_form(r->rq, "content"),
                        .confidentiality = http_form(r->rq, "confidentiality"),
                        .disagreements = http_form(r->rq, "disagreements")};
    if (!t.every) {
        web_svc_refusal(r, SVC_INVALID, "writing a supervision agreement");
        return agreement_page(r, &bad);
    }
    int64_t ref = 0;
    SvcError e = {0};
    SvcResult rc = agreement_write_id(r->st, &a, r->arg, &t, &ref, &e);
    if (web_svc_refusal(r, rc, "writing a supervision agreement")) return;
    if (rc != SVC_OK) return agreement_page(r, &e);
    char to[96];
    strfmt(to, sizeof to, "/people/%s/agreement", r->arg);
    http_redirect(r->rs, to);
}

void post_agreement_agree(Req *r)
{
    int64_t ref = web_ref(r->arg);
    if (!ref) return page_not_found(r);
    SvcActor a = web_actor(r);
    SvcError e = {0};
    SvcResult rc = agreement_agree(r->st, &a, ref, &e);
    if (web_svc_refusal(r, rc, "agreeing a supervision agreement")) return;
    if (rc != SVC_OK) { /* their agreement page again, saying what happened */
        r->arg = r->v->staff_id;
        return agreement_page(r, &e);
    }
    char to[96];
    strfmt(to, sizeof to, "/people/%s/agreement", r->v->staff_id);
    http_redirect(r->rs, to);
}
