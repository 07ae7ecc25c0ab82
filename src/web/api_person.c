/* api_person.c: a person (/people/{id}): who they are, their due list and
 * their sessions, from view_person.h. */
#include "svc/view_person.h"
#include "web/api.h"
#include "web/routes.h"

void api_person(Req *r)
{
    SvcActor a = web_actor(r);
    PersonView p;
    SvcResult rc = view_person(r->st, &a, r->arg, API_HISTORY, &p);
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) {
        /* No such person is refused alike (the document lists 403 only). */
        char what[160];
        strfmt(what, sizeof what, "person \"%s\"", r->arg);
        return api_refused(r, what, 403);
    }
    if (!trail_person(r, &p)) return view_person_free(&p);
    JsonWriter w;
    api_begin(r, &w);
    json_object_begin(&w);
    api_text(&w, "id", p.id);
    api_text(&w, "name", p.name);
    api_text(&w, "role", p.role);
    api_text(&w, "team", p.team);
    api_text(&w, "supervisor", p.supervisor_id);
    api_text(&w, "line_manager", p.line_manager_id);
    api_text(&w, "start_date", p.start_date);
    api_text(&w, "left_date", p.left_date);
    api_due(&w, &p.due, a.today);
    api_history(&w, "sessions", &p.sessions);
    json_object_end(&w);
    api_end(r, &w);
    view_person_free(&p);
}
