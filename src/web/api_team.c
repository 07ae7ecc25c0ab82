/* api_team.c: a team's due list (/teams/{name}), from view_team.h. */
#include "svc/view_team.h"
#include "web/api.h"
#include "web/routes.h"

void api_team(Req *r)
{
    SvcActor a = web_actor(r);
    TeamView t;
    SvcResult rc = view_team(r->st, &a, r->arg, &t);
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) {
        /* No such team is refused alike (the document lists 403 only). */
        char what[160];
        strfmt(what, sizeof what, "team \"%s\"", r->arg);
        return api_refused(r, what, 403);
    }
    DueList l;
    rc = view_due(r->st, &a, &t.due, &l);
    if (rc == SVC_OK) {
        JsonWriter w;
        api_begin(r, &w);
        json_object_begin(&w);
        api_text(&w, "team", t.name);
        api_due(&w, &l, a.today);
        json_object_end(&w);
        api_end(r, &w);
        due_list_free(&l);
    } else {
        api_server_error(r);
    }
    view_team_free(&t);
}
