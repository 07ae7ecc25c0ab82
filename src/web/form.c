/* form.c: the GOV.UK form pieces the pages share (frame.h). A form
 * that comes back with a problem shows what the user typed (the posted value
 * wins over the default), the error summary at the top and the message at
 * the field. */
#include <stdio.h>
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
    html_f(&r->rs->body, "<form method=\"post\" action=\"%s\" novalidate>", action);
    form_tokens(r);
}

void form_tokens(Req *r)
{
    char key[TOKEN_CHARS + 1];
    account_new_token(key);
    html_f(&r->rs->body,
           "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"write-key\" value=\"%s\">",
           r->v->csrf, key);
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

void form_radios(Req *r, const char *name, const char *legend, const HtmlLink *options, size_t n, const char *value,
                 const SvcError *e)
{
    Buf *b = &r->rs->body;
    char id[120];
    field_id(r, name, id, sizeof id);
    bool bad = at_fault(r, id, e);
    const char *chosen = field_value(r, name, value);
    html_f(b, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\"",
           bad ? " govuk-form-group--error" : "");
    if (bad) html_f(b, " aria-describedby=\"%s-error\"", id);
    html_f(b, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>", legend);
    if (bad)
        html_f(
            b,
            "<p id=\"%s-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
            id, e->message);
    HTML_RAW(b, "<div class=\"govuk-radios govuk-radios--small\" data-module=\"govuk-radios\">");
    /* The first item carries the field's id, so the error summary's link lands on it. */
    for (size_t i = 0; i < n; i++) {
        char item[140];
        if (i == 0)
            strfmt(item, sizeof item, "%s", id);
        else
            strfmt(item, sizeof item, "%s-%zu", id, i + 1);
        html_f(
            b,
            "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%s\" name=\"%s\""
            " type=\"radio\" value=\"%s\"%s><label class=\"govuk-label govuk-radios__label\" for=\"%s\">%s</label></div>",
            item, name, options[i].href, strcmp(options[i].href, chosen) == 0 ? " checked" : "", item,
            options[i].label);
    }
    HTML_RAW(b, "</div></fieldset></div>");
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

/* ---- dates: GOV.UK's date input (day, month, year) ---- */

static const char *const date_part_names[3] = {"day", "month", "year"};

/* Whether s is 1 to max digits (surrounding spaces allowed), its value in *v. */
static bool small_number(const char *s, size_t max, int *v)
{
    while (*s == ' ') s++;
    size_t n = 0;
    int x = 0;
    for (; s[n] >= '0' && s[n] <= '9'; n++) {
        if (n == max) return false;
        x = x * 10 + (s[n] - '0');
    }
    const char *rest = s + n;
    while (*rest == ' ') rest++;
    if (!n || *rest) return false;
    *v = x;
    return true;
}

static bool blank(const char *s)
{
    while (s && *s == ' ') s++;
    return !s || !*s;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

const char *form_date_parse(const char *day, const char *month, const char *year, const char *name, const char *label,
                            const char *what, char iso[11], unsigned *wrong, SvcError *e)
{
    const char *parts[3] = {day, month, year};
    unsigned missing = 0;
    for (int i = 0; i < 3; i++)
        if (blank(parts[i])) missing |= 1u << i;
    *wrong = 0;
    char field[80];
    if (missing == 7) {
        *wrong = 7;
        svc_fail(e, SVC_INVALID, strfmt(field, sizeof field, "%s-day", name), "Enter %s", what);
        return NULL;
    }
    if (missing) {
        /* "Date must include a month", "... a day and year". */
        char list[40] = "";
        int first = -1;
        for (int i = 0; i < 3; i++) {
            if (!(missing & (1u << i))) continue;
            size_t at = strlen(list);
            strfmt(list + at, sizeof list - at, "%s%s", first < 0 ? "" : " and ", date_part_names[i]);
            if (first < 0) first = i;
        }
        *wrong = missing;
        svc_fail(e, SVC_INVALID, strfmt(field, sizeof field, "%s-%s", name, date_part_names[first]),
                 "%s must include a %s", label, list);
        return NULL;
    }
    int d = 0, m = 0, y = 0;
    bool dn = small_number(day, 2, &d), mn = small_number(month, 2, &m), yn = small_number(year, 6, &y);
    if (yn && (y < 1000 || y > 9999)) {
        *wrong = 4;
        svc_fail(e, SVC_INVALID, strfmt(field, sizeof field, "%s-year", name), "Year must include 4 numbers");
        return NULL;
    }
    if (!mn || m < 1 || m > 12) *wrong |= 2;
    if (!yn) *wrong |= 4;
    if (!dn || d < 1 || (!(*wrong & 6) && d > days_in_month(y, m)) || d > 31) *wrong |= 1;
    if (*wrong) {
        int first = *wrong & 1 ? 0 : *wrong & 2 ? 1 : 2;
        svc_fail(e, SVC_INVALID, strfmt(field, sizeof field, "%s-%s", name, date_part_names[first]),
                 "%s must be a real date", label);
        return NULL;
    }
    if (y < FORM_YEAR_MIN || y > FORM_YEAR_MAX) {
        *wrong = 4;
        svc_fail(e, SVC_INVALID, strfmt(field, sizeof field, "%s-year", name), "%s must be between %d and %d", label,
                 FORM_YEAR_MIN, FORM_YEAR_MAX);
        return NULL;
    }
    return strfmt(iso, 11, "%04d-%02d-%02d", y, m, d);
}

/* The posted value of NAME-part. */
static const char *date_posted(const Req *r, const char *name, const char *part)
{
    char key[80];
    return http_form(r->rq, strfmt(key, sizeof key, "%s-%s", name, part));
}

const char *form_date_read(const Req *r, const char *name, const char *label, const char *what, char iso[11],
                           SvcError *e)
{
    const char *day = date_posted(r, name, "day"), *month = date_posted(r, name, "month"),
               *year = date_posted(r, name, "year");
    /* A client that posts one YYYY-MM-DD field: the service checks it. */
    if (!day && !month && !year && http_form(r->rq, name)) return http_form(r->rq, name);
    unsigned wrong;
    return form_date_parse(day, month, year, name, label, what, iso, &wrong, e);
}

void form_date(Req *r, const char *name, const char *label, const char *hint, const char *value, const SvcError *e)
{
    Buf *b = &r->rs->body;
    char id[120];
    field_id(r, name, id, sizeof id);
    /* At fault: the error names the whole date (a service's) or one part. */
    size_t n = strlen(id);
    bool whole = at_fault(r, id, e);
    bool part = r->form_posted && e && e->field[0] && strncmp(e->field, id, n) == 0 && e->field[n] == '-';
    unsigned wrong = whole ? 7 : 0;
    if (part) {
        char iso[11];
        SvcError ignored = {0};
        form_date_parse(date_posted(r, name, "day"), date_posted(r, name, "month"), date_posted(r, name, "year"), id,
                        label, "", iso, &wrong, &ignored);
        if (!wrong) wrong = 7;
    }
    bool bad = whole || part;
    if (!hint) hint = "For example, 27 3 2026";
    html_f(b,
           "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" role=\"group\" id=\"%s\""
           " aria-describedby=\"%s-hint%s%s%s\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">"
           "%s</legend><div id=\"%s-hint\" class=\"govuk-hint\">%s</div>",
           bad ? " govuk-form-group--error" : "", id, id, bad ? " " : "", bad ? id : "", bad ? "-error" : "", label, id,
           hint);
    if (bad)
        html_f(
            b,
            "<p id=\"%s-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>",
            id, e->message);
    /* The value shown: what was posted, else the date given, in parts. */
    char parts[3][8] = {"", "", ""};
    int y, m, d;
    if (value && strlen(value) == 10 && sscanf(value, "%4d-%2d-%2d", &y, &m, &d) == 3) {
        strfmt(parts[0], sizeof parts[0], "%d", d);
        strfmt(parts[1], sizeof parts[1], "%d", m);
        strfmt(parts[2], sizeof parts[2], "%d", y);
    }
    static const char *const labels[3] = {"Day", "Month", "Year"};
    HTML_RAW(b, "<div class=\"govuk-date-input\">");
    for (int i = 0; i < 3; i++) {
        char pname[80];
        strfmt(pname, sizeof pname, "%s-%s", name, date_part_names[i]);
        html_f(b,
               "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">"
               "<label class=\"govuk-label govuk-date-input__label\" for=\"%s-%s\">%s</label>"
               "<input class=\"govuk-input govuk-date-input__input govuk-input--width-%s%s\" id=\"%s-%s\" name=\"%s\""
               " type=\"text\" inputmode=\"numeric\" value=\"%s\"></div></div>",
               id, date_part_names[i], labels[i], i == 2 ? "4" : "2", wrong & (1u << i) ? " govuk-input--error" : "",
               id, date_part_names[i], pname, field_value(r, pname, parts[i]));
    }
    HTML_RAW(b, "</div></fieldset></div>");
}
