/* page_inbox.c: the viewer's inbox: the messages the services left them. */
#include "svc/inbox.h"
#include "web/frame.h"
#include "web/routes.h"

void page_inbox(Req *r)
{
    Inbox in;
    if (inbox_read(r->st, &r->v->viewer, 100, &in) != SVC_OK) return page_server_error(r);
    Buf *b = &r->rs->body;
    page_start(r, "Inbox", "/inbox");
    html_f(b, "<h1 class=\"govuk-heading-l\">Inbox</h1>");
    size_t unread = 0;
    for (size_t i = 0; i < in.n; i++) unread += in.items[i].unread;
    if (!in.n)
        html_f(b, "<p class=\"govuk-body\">No messages.</p>");
    else
        HTML_RAW(b, "<ul class=\"govuk-list\">");
    for (size_t i = 0; i < in.n; i++) {
        char at[WEB_DATE_CHARS + 8];
        web_time(in.items[i].at, at);
        html_f(b, "<li>%s<a class=\"govuk-link\" href=\"%s\">%s</a> <span class=\"govuk-body-s\">(%s)</span></li>",
               in.items[i].unread ? "New: " : "", in.items[i].link, in.items[i].text, at);
    }
    if (in.n) HTML_RAW(b, "</ul>");
    if (unread) {
        form_start(r, "/inbox/read");
        form_button(r, "Mark all as read", true);
        form_end(r);
    }
    inbox_free(&in);
    page_end(r);
}

void post_inbox_read(Req *r)
{
    SvcActor a = web_actor(r);
    if (inbox_mark_read(r->st, &a) != SVC_OK) return page_server_error(r);
    http_redirect(r->rs, "/inbox");
}
