/* page_mine.c: My supervision and My team: what a person sees of their own
 * supervision and of the people they supervise or manage (view_mine.h). */
#include "svc/view_mine.h"
#include "web/page_lists.h"
#include "web/routes.h"

#define MY_SESSIONS 10 /* past sessions on My supervision */

void page_my_supervision(Req *r)
{
    Buf *b = &r->rs->body;
    SvcActor a = web_actor(r);
    MyView my;
    SvcResult rc = view_mine(r->st, &a, MY_SESSIONS, &my);
    if (rc == SVC_FAILED) return page_server_error(r);
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
        html_f(b, ".</p><p class=\"govuk-body-s\">Rule: %s</p>", row->r.rule);
        if (row->owner_name[0]) html_f(b, "<p class=\"govuk-body\">Your supervisor is %s.</p>", row->owner_name);
    }
    due_other_table(b, &my.due, "Also for you", false, false);
    if (!due_case_table(b, &my.due, "Your cases", false, false))
        html_f(b, "<h2 class=\"govuk-heading-m\">Your cases</h2><p class=\"govuk-body\">You have no open cases.</p>");
    history_table(b, &my.sessions, "Your past sessions", "No sessions are recorded for you.");
    html_f(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/people/%u\">All your sessions</a></p>", my.id);
    view_mine_free(&my);
    page_end(r);
}

static void my_team_lists(Buf *b, const DueList *l)
{
    due_counts_line(b, l, DUE_KIND_STAFF, "person", "people");
    if (!due_staff_table(b, l, "Supervision")) html_f(b, "<p class=\"govuk-body\">Nobody in your team is in post.</p>");
    if (!due_case_table(b, l, "Cases due or overdue for discussion", true, true))
        html_f(b, "<h2 class=\"govuk-heading-m\">Cases due or overdue for discussion</h2>"
                  "<p class=\"govuk-body\">No case is due for discussion.</p>");
    due_other_table(b, l, "Agreements, records, actions and escalations due", true, true);
}

void page_my_team(Req *r)
{
    Buf *b = &r->rs->body;
    SvcActor a = web_actor(r);
    MyTeamView team;
    SvcResult rc = view_my_team(r->st, &a, &team);
    if (rc == SVC_FAILED) return page_server_error(r);
    page_start(r, "My team", "/team");
    html_f(b, "<h1 class=\"govuk-heading-l\">My team</h1>");
    bool shown = true;
    if (rc != SVC_OK || !team.manages) {
        html_f(b, "<p class=\"govuk-body\">Nobody is supervised or managed by you in the staff records.</p>");
    } else {
        char scope[120];
        strfmt(scope, sizeof scope, "my-team|%s", team.id);
        shown = due_fragment(r, &a, scope, &team.due, my_team_lists);
    }
    view_my_team_free(&team);
    if (shown) page_end(r);
}
