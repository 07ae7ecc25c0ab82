/* api.c: the JSON API under /api/v1/ (docs/openapi.yaml): what its answers
 * share (api.h) and the answers that belong to no noun. The same data as
 * the pages, from the same view services, so the same access decisions; a
 * signed-in session's cookie is the credential. Errors are problem
 * documents (RFC 9457). */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "web/api.h"
#include "web/routes.h"

void api_begin(Req *r, JsonWriter *w)
{
    r->rs->content_type = "application/json";
    web_answer_afresh(r);
    json_start(w, &r->rs->body, JSON_SPACED);
}

void api_end(Req *r, const JsonWriter *w)
{
    if (json_ok(w)) return;
    log_event(r->rq->client, "the JSON answer to %s was written wrongly", r->rq->path);
    api_error(r, 500, "the service has a problem; try again later");
}

bool api_path(const char *path) { return strcmp(path, "/api/v1") == 0 || strncmp(path, "/api/v1/", 8) == 0; }

/* The reason phrases of the statuses the API answers with. */
static const char *reason(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
    }
}

void api_error(Req *r, int status, const char *message)
{
    JsonWriter w;
    api_begin(r, &w);
    r->rs->status = status;
    r->rs->content_type = "application/problem+json";
    json_object_begin(&w);
    json_member_string(&w, "type", "about:blank");
    json_member_string(&w, "title", reason(status));
    json_member_int(&w, "status", status);
    json_member_string(&w, "detail", message);
    json_object_end(&w);
}

void api_server_error(Req *r)
{
    log_event(r->rq->client, "database: %s", store_error(r->st));
    if (web_store_busy(r))
        api_error(r, 503, "the database is busy with another change; nothing was saved: try again in a few seconds");
    else if (web_store_unavailable(r))
        api_error(r, 503, "the database cannot be reached just now: try again in a few seconds");
    else
        api_error(r, 500, "the service has a problem; try again later");
}

void api_refused(Req *r, const char *what, int status)
{
    access_refused(&r->v->viewer, r->v->username, what, r->rq->client);
    api_error(r, status, status == 404 ? "not found" : "your account does not give you access to this");
}

void api_text(JsonWriter *w, const char *key, const char *s) { json_member_string(w, key, s && *s ? s : NULL); }

void api_due(JsonWriter *w, const DueList *l, Date asof)
{
    char d[11];
    date_format(asof, d);
    json_member_string(w, "as_of", d);
    json_key(w, "due");
    json_array_begin(w);
    for (size_t i = 0; i < l->n; i++) due_row_json(w, &l->rows[i], true);
    json_array_end(w);
}

void api_history(JsonWriter *w, const char *key, const History *h)
{
    json_key(w, key);
    json_array_begin(w);
    for (size_t i = 0; i < h->n; i++) {
        const HistoryEntry *e = &h->entries[i];
        json_object_begin(w);
        api_text(w, "session", e->session);
        api_text(w, "date", e->date);
        api_text(w, "type", e->type);
        api_text(w, "status", e->status);
        api_text(w, "supervisor", e->supervisor_id);
        api_text(w, "supervisor_name", e->supervisor_name);
        if (e->record_ref)
            json_member_int(w, "record", e->record_ref);
        else {
            json_key(w, "record");
            json_null(w);
        }
        json_object_end(w);
    }
    json_array_end(w);
}

void api_case_note(JsonWriter *w, const CaseNote *n)
{
    json_object_begin(w);
    api_text(w, "case", n->case_id);
    api_text(w, "date", n->date);
    api_text(w, "session_type", n->session_type);
    api_text(w, "prompts", n->prompts);
    json_key(w, "answers");
    json_object_begin(w);
    for (size_t i = 0; i < n->nanswers; i++) api_text(w, n->answers[i].prompt, n->answers[i].text);
    json_object_end(w);
    api_text(w, "synopsis", n->synopsis);
    api_text(w, "analysis", n->analysis);
    api_text(w, "decision", n->decision);
    api_text(w, "rationale", n->rationale);
    api_text(w, "tasks", n->tasks);
    json_member_bool(w, "departs_from_procedure", n->departs);
    api_text(w, "departure", n->departs ? n->departure : NULL);
    api_text(w, "checklist", n->checklist);
    api_text(w, "recorded_by", n->writer_id);
    if (n->record_ref)
        json_member_int(w, "record", n->record_ref);
    else
        json_member_string(w, "record", NULL);
    json_object_end(w);
}

void api_not_signed_in(Req *r) { api_error(r, 401, "sign in first"); }

void api_two_factor_first(Req *r) { api_error(r, 403, "set up two-factor sign-in first (your account page)"); }
