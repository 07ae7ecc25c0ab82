/* api_case.c: a case (/cases/{id}) and the decisions made about it in
 * supervision (/cases/{id}/decisions), from view_case.h. A case the viewer
 * may not read is not found (404), as if it did not exist. */
#include "svc/view_case.h"
#include "web/api.h"
#include "web/routes.h"

static void case_not_found(Req *r)
{
    char what[160];
    strfmt(what, sizeof what, "case \"%s\"", r->arg);
    api_refused(r, what, 404);
}

void api_case(Req *r)
{
    SvcActor a = web_actor(r);
    CaseView c;
    SvcResult rc = view_case(r->st, &a, r->arg, API_HISTORY, &c);
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) return case_not_found(r);
    if (!trail_case(r, c.ref, c.worker_ref, c.id)) return view_case_free(&c);
    JsonWriter w;
    api_begin(r, &w);
    json_object_begin(&w);
    api_text(&w, "id", c.id);
    api_text(&w, "name", c.name);
    api_text(&w, "category", c.category);
    api_text(&w, "worker", c.worker_id);
    api_text(&w, "worker_name", c.worker_name);
    api_text(&w, "allocated_date", c.allocated_date);
    api_text(&w, "closed_date", c.closed_date);
    api_text(&w, "every", c.every);
    json_key(&w, "due");
    if (c.due)
        due_row_json(&w, c.due, true);
    else
        json_null(&w);
    api_history(&w, "discussions", &c.discussions);
    json_object_end(&w);
    api_end(r, &w);
    view_case_free(&c);
}

void api_case_decisions(Req *r)
{
    SvcActor a = web_actor(r);
    Record notes;
    SvcResult rc = view_case_decisions(r->st, &a, r->arg, API_HISTORY, &notes);
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) return case_not_found(r);
    /* The decisions name their case; with none, nothing of it was shown
     * but that there are none, and the case's id says which. */
    char detail[TRAIL_DETAIL_MAX + 1];
    strfmt(detail, sizeof detail, "%s decisions", r->arg);
    if (!web_trail_read(r, "case", notes.nnotes ? notes.notes[0].case_ref : 0, NULL, detail))
        return record_free(&notes);
    JsonWriter w;
    api_begin(r, &w);
    json_object_begin(&w);
    api_text(&w, "case", r->arg);
    json_key(&w, "decisions");
    json_array_begin(&w);
    for (size_t i = 0; i < notes.nnotes; i++) api_case_note(&w, &notes.notes[i]);
    json_array_end(&w);
    json_object_end(&w);
    api_end(r, &w);
    record_free(&notes);
}
