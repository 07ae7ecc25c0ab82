/* page_notices.c: changes made to your account, told to you
 * (svc/notice.h). Until you acknowledge them they head every page you see
 * after signing in, in a GOV.UK notification banner; your account page
 * lists the latest, seen or not: what, when, and by whom. */
#include "svc/notice.h"
#include "web/frame.h"
#include "web/routes.h"

/* "The role auditor ... (6 Dec 2026 18:20, by ada)". */
static void notice_line(Buf *b, const Notice *n)
{
    char at[WEB_DATE_CHARS + 8];
    web_time(n->at, at);
    html_f(b, "%s <span class=\"govuk-body-s\">(%s, by %s)</span>", n->what, at, n->by[0] ? n->by : "you");
}

void account_notice_banner(Req *r)
{
    if (!r->v || !r->v->signed_in) return;
    NoticeList l;
    if (notice_list(r->st, &r->v->viewer, true, &l) != SVC_OK || !l.n) return notice_list_free(&l);
    Buf *b = &r->rs->body;
    HTML_RAW(b, "<div class=\"govuk-notification-banner\" role=\"region\" aria-labelledby=\"notices-title\""
                " data-module=\"govuk-notification-banner\" id=\"account-notices\">"
                "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\""
                " id=\"notices-title\">Changes to your account</h2></div>"
                "<div class=\"govuk-notification-banner__content\">"
                "<p class=\"govuk-notification-banner__heading\">An administrator changed your account.</p>"
                "<ul class=\"govuk-list govuk-list--bullet\">");
    for (size_t i = 0; i < l.n; i++) {
        HTML_RAW(b, "<li>");
        notice_line(b, &l.items[i]);
        HTML_RAW(b, "</li>");
    }
    html_f(b,
           "</ul><p class=\"govuk-body\">If you did not expect this, tell your manager.</p>"
           "<form method=\"post\" action=\"/account/notices\" novalidate>"
           "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"upto\" value=\"%ld\">"
           "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">I have read this</button>"
           "</form></div></div>",
           r->v->csrf, (long)l.items[0].ref);
    notice_list_free(&l);
}

void account_notices_section(Req *r)
{
    NoticeList l;
    if (notice_list(r->st, &r->v->viewer, false, &l) != SVC_OK) return notice_list_free(&l);
    Buf *b = &r->rs->body;
    HTML_RAW(b, "<h2 class=\"govuk-heading-m\" id=\"changes\">Changes to your account</h2>");
    if (!l.n) HTML_RAW(b, "<p class=\"govuk-body\">Nobody has changed your account.</p>");
    if (l.n) html_table_area_start(b, "Changes to your account");
    if (l.n)
        HTML_RAW(b,
                 "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
                 "Changes to your account</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                 "<th scope=\"col\" class=\"govuk-table__header\">What</th>"
                 "<th scope=\"col\" class=\"govuk-table__header\">When</th>"
                 "<th scope=\"col\" class=\"govuk-table__header\">By</th></tr></thead>"
                 "<tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < l.n; i++) {
        const Notice *n = &l.items[i];
        char at[WEB_DATE_CHARS + 8];
        web_time(n->at, at);
        html_f(b,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
               "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>",
               n->what, at, n->by[0] ? n->by : "you");
    }
    if (l.n) HTML_RAW(b, "</tbody></table>");
    if (l.n) html_table_area_end(b);
    notice_list_free(&l);
}

/* POST /account/notices: acknowledged, up to the newest the banner showed. */
void post_account_notices(Req *r)
{
    const char *upto = http_form(r->rq, "upto");
    int64_t ref = upto ? web_ref(upto) : 0;
    if (!ref) return page_bad_request(r, "The form was not complete: go back and try again.");
    SvcActor a = web_actor(r);
    if (notice_seen(r->st, &a, ref) != SVC_OK) return page_server_error(r);
    http_redirect(r->rs, "/");
}
