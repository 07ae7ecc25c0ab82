/* form.c: the GOV.UK form pieces the pages share (frame.h). A form
 * that comes back with a problem shows what the user typed (the posted value
 * wins over the default), the error summary at the top and the message at
 * the field. */
#include <string.h>

#include "web/frame.h"

const char *form_value(const Req *r, const char *name, const char *fallback)
{
    if (strcmp(r->rq->method, "POST") == 0) {
        const char *v = http_form(r->rq, name);
        if (v) return v;
    }
    return fallback ? fallback : "";
}

void form_start_ids(Req *r, const char *action, const char *ids, bool mine)
{
    r->form_ids = ids;
    r->form_posted = mine && strcmp(r->rq->method, "POST") == 0 && strcmp(r->rq->path, action) == 0;
    html_f(&r->rs->body,
           "<form method=\"post\" action=\"%s\" novalidate><input type=\"hidden\" name=\"csrf\" value=\"%s\">", action,
           r->v->csrf);
}

void form_start(Req *r, const char *action) { form_start_ids(r, action, "", true); }

void form_end(Req *r)
{
    r->form_ids = NULL;
    r->form_posted = false;
    HTML_RAW(&r->rs->body, "</form>");
}

/* A field's id: the form's prefix and its name. */
static const char *field_id(const Req *r, const char *name, char *buf, size_t n)
{
    strfmt(buf, n, "%s%s", r->form_ids ? r->form_ids : "", name);
    return buf;
}

/* What a field of the form being written shows: what was posted, when it
 * is the form posted, else its value. */
static const char *field_value(const Req *r, const char *name, const char *value)
{
    return r->form_posted ? form_value(r, name, value) : value ? value : "";
}

/* Whether e is about the field of this id in the form posted. */
static bool at_fault(const Req *r, const char *id, const SvcError *e)
{
    return r->form_posted && e && e->field[0] && strcmp(e->field, id) == 0;
}

/* The group's opening, with its error message when it is the field at fault. */
static void group_start(Req *r, const char *id, const char *label, const char *hint, const SvcError *e)
{
    Buf *b = &r->rs->body;
    bool bad = at_fault(r, id, e);
    html_f(b, "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-label--s\" for=\"%s\">%s</label>",
           bad ? " govuk-form-group--error" : "", id, label);
    if (hint && *hint) html_f(b, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>", id, hint);
    if (bad)
        html_f(
            b,
            "<p id=\"%s-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
            id, e->message);
}

/* The aria-describedby of a field: its hint's and its error's ids. */
static const char *described_by(const Req *r, const char *id, const char *hint, const SvcError *e, char *buf, size_t n)
{
    bool bad = at_fault(r, id, e), has_hint = hint && *hint;
    strfmt(buf, n, "%s%s%s%s%s", has_hint ? id : "", has_hint ? "-hint" : "", has_hint && bad ? " " : "", bad ? id : "",
           bad ? "-error" : "");
    return buf;
}

void form_input(Req *r, const char *name, const char *label, const char *hint, const char *value, const char *width,
                const SvcError *e)
{
    Buf *b = &r->rs->body;
    char by[300], id[120];
    field_id(r, name, id, sizeof id);
    group_start(r, id, label, hint, e);
    described_by(r, id, hint, e, by, sizeof by);
    html_f(b, "<input class=\"govuk-input %s%s\" id=\"%s\" name=\"%s\" type=\"text\" value=\"%s\"", width ? width : "",
           at_fault(r, id, e) ? " govuk-input--error" : "", id, name, field_value(r, name, value));
    if (by[0]) html_f(b, " aria-describedby=\"%s\"", by);
    HTML_RAW(b, "></div>");
}

void form_textarea(Req *r, const char *name, const char *label, const char *hint, const char *value, int rows,
                   const SvcError *e)
{
    Buf *b = &r->rs->body;
    char by[300], id[120];
    field_id(r, name, id, sizeof id);
    group_start(r, id, label, hint, e);
    described_by(r, id, hint, e, by, sizeof by);
    html_f(b, "<textarea class=\"govuk-textarea%s\" id=\"%s\" name=\"%s\" rows=\"%d\"",
           at_fault(r, id, e) ? " govuk-textarea--error" : "", id, name, rows);
    if (by[0]) html_f(b, " aria-describedby=\"%s\"", by);
    html_f(b, ">%s</textarea></div>", field_value(r, name, value));
}

void form_select(Req *r, const char *name, const char *label, const char *hint, const HtmlLink *options, size_t n,
                 const char *value, const SvcError *e)
{
    Buf *b = &r->rs->body;
    char by[300], id[120];
    field_id(r, name, id, sizeof id);
    group_start(r, id, label, hint, e);
    described_by(r, id, hint, e, by, sizeof by);
    const char *chosen = field_value(r, name, value);
    html_f(b, "<select class=\"govuk-select%s\" id=\"%s\" name=\"%s\"",
           at_fault(r, id, e) ? " govuk-select--error" : "", id, name);
    if (by[0]) html_f(b, " aria-describedby=\"%s\"", by);
    HTML_RAW(b, ">");
    /* HtmlLink here is (label, value). */
    for (size_t i = 0; i < n; i++)
        html_f(b, "<option value=\"%s\"%s>%s</option>", options[i].href,
               strcmp(options[i].href, chosen) == 0 ? " selected" : "", options[i].label);
    HTML_RAW(b, "</select></div>");
}

void form_checkbox(Req *r, const char *name, const char *label, bool checked)
{
    char id[120];
    field_id(r, name, id, sizeof id);
    bool on = r->form_posted ? http_form(r->rq, name) != NULL : checked;
    html_f(
        &r->rs->body,
        "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"%s\" name=\"%s\""
        " type=\"checkbox\" value=\"yes\"%s><label class=\"govuk-label govuk-checkboxes__label\" for=\"%s\">%s</label></div>",
        id, name, on ? " checked" : "", id, label);
}

void form_button(Req *r, const char *label, bool secondary)
{
    html_f(&r->rs->body, "<button type=\"submit\" class=\"govuk-button%s\" data-module=\"govuk-button\">%s</button>",
           secondary ? " govuk-button--secondary" : "", label);
}

void form_problem(Req *r, const SvcError *e)
{
    if (e && e->message[0]) web_error_summary(&r->rs->body, e->field[0] ? e->field : "main-content", e->message);
}
