/* page_notify.c: the "Reminders" section of /account, where each person
 * chooses which reminders also come by email, one by one or as a daily
 * digest, or none (svc/notify.h), and its form's POST. */
#include <string.h>
#include <time.h>

#include "svc/notify.h"
#include "web/frame.h"
#include "web/routes.h"

static const char *const kind_labels[NOTIFY_KINDS] = {
    "Supervision due soon or overdue (yours, and the people you supervise)",
    "A supervision record waiting for your signature",
    "An escalation waiting for your response",
    "An audit assigned to you",
};

static const char *const delivery_labels[] = {
    "Each reminder in its own email",
    "One email a day gathering the day's reminders (a digest)",
    "No email: in Oversight's inbox only",
};

void account_notify_section(Req *r)
{
    NotifyPrefs p;
    if (notify_prefs_get(r->st, &r->v->viewer, &p) != SVC_OK) return;
    Buf *b = &r->rs->body;
    html_f(b, "<h2 class=\"govuk-heading-m\" id=\"reminders\">Reminders</h2>"
              "<p class=\"govuk-body\">Reminders of supervision due, records to sign, escalations to answer and audits"
              " come to your inbox here. They can come by email too.");
    if (p.has_email)
        html_f(b, " Emails go to %s. They say only what is waiting and link to it here: never what a record holds.</p>",
               p.address);
    else
        html_f(b, " The staff data has no email address for you, so reminders come to your inbox only.</p>");
    form_start(r, "/account/reminders");
    HTML_RAW(b, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\">"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">How reminders reach you by email"
                "</legend><div class=\"govuk-radios\" data-module=\"govuk-radios\">");
    for (int d = NOTIFY_EACH; d <= NOTIFY_NONE; d++)
        html_f(b,
               "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"delivery-%s\""
               " name=\"delivery\" type=\"radio\" value=\"%s\"%s><label class=\"govuk-label govuk-radios__label\""
               " for=\"delivery-%s\">%s</label></div>",
               notify_delivery_name((NotifyDelivery)d), notify_delivery_name((NotifyDelivery)d),
               p.delivery == (NotifyDelivery)d ? " checked" : "", notify_delivery_name((NotifyDelivery)d),
               delivery_labels[d]);
    HTML_RAW(b, "</div></fieldset></div><div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\">"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Which reminders come by email"
                "</legend><div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
    for (int k = 0; k < NOTIFY_KINDS; k++)
        form_checkbox(r, notify_kind_name((NotifyKind)k), kind_labels[k], p.email[k]);
    HTML_RAW(b, "</div></fieldset></div>");
    form_button(r, "Save reminder choices", true);
    form_end(r);
}

/* POST /account/reminders: delivery (each, digest, none) and a checkbox per kind. */
void post_account_reminders(Req *r)
{
    NotifyPrefs p = {0};
    const char *d = http_form(r->rq, "delivery");
    SvcError e = {0};
    if (!d || !notify_delivery_parse(d, &p.delivery))
        return page_bad_request(r, "Choose how reminders reach you by email: each in its own email, a daily digest,"
                                   " or none.");
    for (int k = 0; k < NOTIFY_KINDS; k++) p.email[k] = http_form(r->rq, notify_kind_name((NotifyKind)k)) != NULL;
    SvcActor a = web_actor(r);
    SvcResult rc = notify_prefs_set(r->st, &a, &p, &e);
    if (rc == SVC_FAILED) return page_server_error(r);
    if (web_svc_refusal(r, rc, "reminder choices")) return;
    http_redirect(r->rs, "/account#reminders");
}
