/* api_search.c: /search?q= (svc/search.h): the people, cases and records
 * found for q within what the account may read, best first, at most
 * API_SEARCH_LIMIT of each; 400 when q is missing, too short or too long. */
#include "svc/search.h"
#include "web/api.h"
#include "web/routes.h"

#define API_SEARCH_LIMIT 20

static const char *match_name(SearchMatch m)
{
    switch (m) {
    case SEARCH_BY_ID: return "id";
    case SEARCH_BY_ID_START: return "id-start";
    case SEARCH_BY_DATE: return "date";
    case SEARCH_BY_NAME: return "name";
    case SEARCH_BY_NAME_START: return "name-start";
    }
    return "";
}

static void people(JsonWriter *w, const SearchResults *s)
{
    json_key(w, "people");
    json_array_begin(w);
    for (size_t i = 0; i < s->npeople; i++) {
        const SearchPerson *p = &s->people[i];
        json_object_begin(w);
        api_text(w, "id", p->id);
        api_text(w, "name", p->name);
        api_text(w, "role", p->role);
        api_text(w, "team", p->team);
        json_member_string(w, "match", match_name(p->match));
        json_object_end(w);
    }
    json_array_end(w);
    json_member_bool(w, "more_people", s->more_people);
}

static void cases(JsonWriter *w, const SearchResults *s)
{
    json_key(w, "cases");
    json_array_begin(w);
    for (size_t i = 0; i < s->ncases; i++) {
        const SearchCase *c = &s->cases[i];
        json_object_begin(w);
        api_text(w, "id", c->id);
        api_text(w, "name", c->name);
        api_text(w, "category", c->category);
        api_text(w, "worker", c->worker_id);
        api_text(w, "worker_name", c->worker_name);
        api_text(w, "closed_date", c->closed_date);
        json_member_string(w, "match", match_name(c->match));
        json_object_end(w);
    }
    json_array_end(w);
    json_member_bool(w, "more_cases", s->more_cases);
}

static void records(JsonWriter *w, const SearchResults *s)
{
    json_key(w, "records");
    json_array_begin(w);
    for (size_t i = 0; i < s->nrecords; i++) {
        const SearchRecord *x = &s->records[i];
        json_object_begin(w);
        json_member_int(w, "id", x->ref);
        api_text(w, "date", x->date);
        api_text(w, "state", x->state);
        api_text(w, "supervisee", x->supervisee_id);
        api_text(w, "supervisee_name", x->supervisee_name);
        api_text(w, "supervisor", x->supervisor_id);
        api_text(w, "supervisor_name", x->supervisor_name);
        json_member_string(w, "match", match_name(x->match));
        json_object_end(w);
    }
    json_array_end(w);
    json_member_bool(w, "more_records", s->more_records);
}

void api_search(Req *r)
{
    const char *q = http_query(r->rq, "q");
    SearchResults s;
    SvcError e = {0};
    SvcResult rc = search(r->st, &r->v->viewer, q, API_SEARCH_LIMIT, &s, &e);
    if (rc == SVC_FAILED) {
        search_free(&s);
        return api_server_error(r);
    }
    if (rc != SVC_OK) {
        search_free(&s);
        return api_error(r, 400, e.message);
    }
    if (!trail_search(r, q, &s)) return search_free(&s);
    JsonWriter w;
    api_begin(r, &w);
    json_object_begin(&w);
    json_member_string(&w, "query", q);
    people(&w, &s);
    cases(&w, &s);
    records(&w, &s);
    json_object_end(&w);
    api_end(r, &w);
    search_free(&s);
}
