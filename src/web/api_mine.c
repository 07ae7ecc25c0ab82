/* api_mine.c: the signed-in person's own answers: who they are (/me), their
 * due list (/me/due) and their team's (/team/due), from view_mine.h. */
#include "svc/view_mine.h"
#include "web/api.h"
#include "web/routes.h"

void api_me(Req *r)
{
    const Visitor *v = r->v;
    JsonWriter w;
    api_begin(r, &w);
    json_object_begin(&w);
    api_text(&w, "username", v->username);
    api_text(&w, "staff_id", v->staff_id);
    api_text(&w, "name", v->staff_name);
    json_key(&w, "roles");
    json_array_begin(&w);
    if (v->viewer.admin) json_string(&w, "admin");
    if (v->viewer.auditor) json_string(&w, "auditor");
    json_array_end(&w);
    json_key(&w, "senior_manager_of");
    json_array_begin(&w);
    for (size_t i = 0; i < v->viewer.nservices; i++) json_string(&w, v->viewer.services[i]);
    json_array_end(&w);
    json_member_bool(&w, "manages", v->viewer.manages);
    json_object_end(&w);
    api_end(r, &w);
}

static void not_linked(Req *r) { api_error(r, 404, "your account is not linked to a staff record"); }

static void due_answer(Req *r, const DueList *l, Date asof)
{
    JsonWriter w;
    api_begin(r, &w);
    json_object_begin(&w);
    api_due(&w, l, asof);
    json_object_end(&w);
    api_end(r, &w);
}

void api_my_due(Req *r)
{
    SvcActor a = web_actor(r);
    MyView my;
    SvcResult rc = view_mine(r->st, &a, 0, &my);
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) return not_linked(r);
    due_answer(r, &my.due, a.today);
    view_mine_free(&my);
}

void api_team_due(Req *r)
{
    SvcActor a = web_actor(r);
    MyTeamView team;
    SvcResult rc = view_my_team(r->st, &a, &team);
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) return not_linked(r);
    DueList l;
    rc = view_due(r->st, &a, &team.due, &l);
    view_my_team_free(&team);
    if (rc != SVC_OK) return api_server_error(r);
    due_answer(r, &l, a.today);
    due_list_free(&l);
}
