/* web_api.c: the JSON API under /api/v1/ (docs/openapi.yaml). The same data
 * as the pages, under the same access decisions (access.h); a signed-in
 * session's cookie is the credential. Errors are {"error": "..."}. */
#include <stdio.h>
#include <string.h>

#include "format/json.h"
#include "svc/record.h"
#include "web/frame.h"
#include "web/routes.h"

static void json_start(Req *r)
{
    r->rs->content_type = "application/json";
    r->rs->body.len = 0;
}

static void json_error(Req *r, int status, const char *message)
{
    json_start(r);
    r->rs->status = status;
    buf_adds(&r->rs->body, "{\"error\": ");
    json_string(&r->rs->body, message);
    buf_adds(&r->rs->body, "}\n");
}

void api_not_signed_in(Req *r) { json_error(r, 401, "sign in first"); }

void api_two_factor_first(Req *r) { json_error(r, 403, "set up two-factor sign-in first (your account page)"); }

static void api_server_error(Req *r)
{
    fprintf(stderr, "oversight serve: database: %s\n", store_error(r->st));
    json_error(r, 500, "the service has a problem; try again later");
}

static void api_refused(Req *r, const char *what, int status)
{
    access_refused(&r->v->viewer, r->v->username, what, r->rq->client);
    json_error(r, status, status == 404 ? "not found" : "your account does not give you access to this");
}

/* "key": value pairs. */
static void key(Buf *b, const char *k, bool first)
{
    if (!first) buf_adds(b, ", ");
    json_string(b, k);
    buf_adds(b, ": ");
}

static void key_text(Buf *b, const char *k, const char *v, bool first)
{
    key(b, k, first);
    json_string(b, v && *v ? v : NULL);
}

/* The due list under filter f as "due": [...]; false after a failure (answered). */
static bool due_array(Req *r, const DueFilter *f, Buf *b)
{
    DueList l;
    char err[512];
    int rc = due_compute(r->st, r->app->pol, f, &l, err, sizeof err);
    if (rc) {
        if (rc == 1) fprintf(stderr, "oversight serve: due list: %s\n", err);
        api_server_error(r);
        return false;
    }
    char asof[11];
    date_format(f->asof, asof);
    buf_addf(b, "\"as_of\": \"%s\", \"due\": [", asof);
    for (size_t i = 0; i < l.n; i++) {
        if (i) buf_adds(b, ", ");
        due_row_json(b, &l.rows[i], true);
    }
    buf_adds(b, "]");
    due_list_free(&l);
    return true;
}

/* Sends the body being built in b, which must not be the response's own. */
static void send(Req *r, Buf *b)
{
    json_start(r);
    buf_add(&r->rs->body, b->data ? b->data : "", b->len);
    buf_adds(&r->rs->body, "\n");
}

void api_me(Req *r)
{
    const Visitor *v = r->v;
    Buf b = {0};
    buf_adds(&b, "{");
    key_text(&b, "username", v->username, true);
    key_text(&b, "staff_id", v->staff_id, false);
    key_text(&b, "name", v->staff_name, false);
    key(&b, "roles", false);
    buf_adds(&b, "[");
    bool first = true;
    if (v->viewer.admin) buf_adds(&b, first ? "\"admin\"" : ", \"admin\""), first = false;
    if (v->viewer.auditor) buf_adds(&b, first ? "\"auditor\"" : ", \"auditor\""), first = false;
    buf_adds(&b, "]");
    key(&b, "senior_manager_of", false);
    buf_adds(&b, "[");
    for (size_t i = 0; i < v->viewer.nservices; i++) {
        if (i) buf_adds(&b, ", ");
        json_string(&b, v->viewer.services[i]);
    }
    buf_addf(&b, "], \"manages\": %s}", v->viewer.manages ? "true" : "false");
    send(r, &b);
    buf_free(&b);
}

static void due_answer(Req *r, const DueFilter *f)
{
    Buf b = {0};
    buf_adds(&b, "{");
    if (due_array(r, f, &b)) {
        buf_adds(&b, "}");
        send(r, &b);
    }
    buf_free(&b);
}

void api_my_due(Req *r)
{
    if (!r->v->staff_id[0]) return json_error(r, 404, "your account is not linked to a staff record");
    DueFilter f = {.asof = web_today(), .worker = r->v->staff_id};
    due_answer(r, &f);
}

void api_team_due(Req *r)
{
    if (!r->v->staff_id[0]) return json_error(r, 404, "your account is not linked to a staff record");
    DueFilter f = {.asof = web_today(), .manager = r->v->staff_id};
    due_answer(r, &f);
}

void api_team(Req *r)
{
    Param p[] = {P_STR(r->arg)};
    int64_t ref = 0;
    int rc = store_query_int(r->st, STMT_TEAM_FIND, p, 1, &ref);
    if (rc < 0) return api_server_error(r);
    Access a = rc == 1 ? access_team(r->st, &r->v->viewer, ref) : ACCESS_REFUSED;
    if (a == ACCESS_FAILED) return api_server_error(r);
    char what[160];
    strfmt(what, sizeof what, "team \"%s\"", r->arg);
    if (a != ACCESS_ALLOWED) return api_refused(r, what, 403);
    DueFilter f = {.asof = web_today(), .team = r->arg};
    Buf b = {0};
    buf_adds(&b, "{");
    key_text(&b, "team", r->arg, true);
    buf_adds(&b, ", ");
    if (due_array(r, &f, &b)) {
        buf_adds(&b, "}");
        send(r, &b);
    }
    buf_free(&b);
}

void api_services(Req *r)
{
    const Viewer *vw = &r->v->viewer;
    if (!vw->auditor && !vw->nservices) return api_refused(r, "the list of services", 403);
    StoreRows *q = store_query(r->st, STMT_PAGE_SERVICES, NULL, 0);
    if (!q) return api_server_error(r);
    Buf b = {0};
    buf_adds(&b, "{\"services\": [");
    int got;
    size_t n = 0;
    while ((got = store_next(q)) == 1) {
        const char *name = store_col_text(q, 0, NULL);
        if (!access_service(vw, name)) continue;
        buf_adds(&b, n++ ? ", {" : "{");
        key_text(&b, "name", name, true);
        buf_addf(&b, ", \"teams\": %ld}", (long)store_col_int(q, 1));
    }
    store_rows_close(q);
    buf_adds(&b, "]}");
    if (got < 0)
        api_server_error(r);
    else
        send(r, &b);
    buf_free(&b);
}

void api_service(Req *r)
{
    char what[160];
    strfmt(what, sizeof what, "service \"%s\"", r->arg);
    if (!access_service(&r->v->viewer, r->arg)) return api_refused(r, what, 403);
    DueFilter f = {.asof = web_today(), .service = r->arg};
    Buf b = {0};
    buf_adds(&b, "{");
    key_text(&b, "service", r->arg, true);
    buf_adds(&b, ", ");
    if (due_array(r, &f, &b)) {
        buf_adds(&b, "}");
        send(r, &b);
    }
    buf_free(&b);
}

/* Sessions or discussions: id, date, type, status, supervisor id, name. */
static bool history(Req *r, StmtId stmt, int64_t ref, const char *name, Buf *b)
{
    Param p[] = {P_INT(ref), P_INT(1000)};
    StoreRows *q = store_query(r->st, stmt, p, 2);
    if (!q) return false;
    buf_addf(b, ", \"%s\": [", name);
    int got;
    size_t n = 0;
    while ((got = store_next(q)) == 1) {
        buf_adds(b, n++ ? ", {" : "{");
        key_text(b, "session", store_col_text(q, 0, NULL), true);
        key_text(b, "date", store_col_text(q, 1, NULL), false);
        key_text(b, "type", store_col_text(q, 2, NULL), false);
        key_text(b, "status", store_col_text(q, 3, NULL), false);
        key_text(b, "supervisor", store_col_text(q, 4, NULL), false);
        key_text(b, "supervisor_name", store_col_text(q, 5, NULL), false);
        buf_adds(b, "}");
    }
    store_rows_close(q);
    buf_adds(b, "]");
    return got == 0;
}

void api_person(Req *r)
{
    Param p[] = {P_STR(r->arg)};
    StoreRows *q = store_query(r->st, STMT_PAGE_PERSON, p, 1);
    if (!q) return api_server_error(r);
    int got = store_next(q);
    int64_t ref = 0;
    Buf b = {0};
    if (got == 1) {
        ref = store_col_int(q, 0);
        buf_adds(&b, "{");
        key_text(&b, "id", store_col_text(q, 1, NULL), true);
        key_text(&b, "name", store_col_text(q, 2, NULL), false);
        key_text(&b, "role", store_col_text(q, 3, NULL), false);
        key_text(&b, "team", store_col_text(q, 4, NULL), false);
        key_text(&b, "supervisor", store_col_text(q, 5, NULL), false);
        key_text(&b, "line_manager", store_col_text(q, 7, NULL), false);
        key_text(&b, "start_date", store_col_text(q, 9, NULL), false);
        key_text(&b, "left_date", store_col_text(q, 10, NULL), false);
    }
    store_rows_close(q);
    if (got < 0) {
        buf_free(&b);
        return api_server_error(r);
    }
    Access a = got == 1 ? access_person(r->st, &r->v->viewer, ref) : ACCESS_REFUSED;
    char what[160];
    strfmt(what, sizeof what, "person \"%s\"", r->arg);
    if (a != ACCESS_ALLOWED) {
        buf_free(&b);
        return a == ACCESS_FAILED ? api_server_error(r) : api_refused(r, what, 403);
    }
    DueFilter f = {.asof = web_today(), .worker = r->arg};
    buf_adds(&b, ", ");
    if (due_array(r, &f, &b)) {
        if (history(r, STMT_PAGE_PERSON_SESSIONS, ref, "sessions", &b)) {
            buf_adds(&b, "}");
            send(r, &b);
        } else {
            api_server_error(r);
        }
    }
    buf_free(&b);
}

void api_case(Req *r)
{
    Param p[] = {P_STR(r->arg)};
    StoreRows *q = store_query(r->st, STMT_PAGE_CASE, p, 1);
    if (!q) return api_server_error(r);
    int got = store_next(q);
    int64_t ref = 0;
    char worker[65] = "";
    Buf b = {0};
    if (got == 1) {
        ref = store_col_int(q, 0);
        strfmt(worker, sizeof worker, "%s", store_col_text(q, 4, NULL));
        buf_adds(&b, "{");
        key_text(&b, "id", store_col_text(q, 1, NULL), true);
        key_text(&b, "category", store_col_text(q, 2, NULL), false);
        key_text(&b, "worker", worker, false);
        key_text(&b, "worker_name", store_col_text(q, 5, NULL), false);
        key_text(&b, "allocated_date", store_col_text(q, 6, NULL), false);
        key_text(&b, "closed_date", store_col_text(q, 7, NULL), false);
        key_text(&b, "every", store_col_text(q, 8, NULL), false);
    }
    store_rows_close(q);
    if (got < 0) {
        buf_free(&b);
        return api_server_error(r);
    }
    Access a = got == 1 ? access_case(r->st, &r->v->viewer, ref) : ACCESS_REFUSED;
    char what[160];
    strfmt(what, sizeof what, "case \"%s\"", r->arg);
    if (a != ACCESS_ALLOWED) {
        buf_free(&b);
        return a == ACCESS_FAILED ? api_server_error(r) : api_refused(r, what, 404);
    }
    DueFilter f = {.asof = web_today(), .worker = worker};
    DueList l;
    char err[512];
    if (due_compute(r->st, r->app->pol, &f, &l, err, sizeof err) != 0) {
        buf_free(&b);
        return api_server_error(r);
    }
    buf_adds(&b, ", \"due\": ");
    size_t i = 0;
    while (i < l.n && !(l.rows[i].kind == DUE_KIND_CASE && strcmp(l.rows[i].id, r->arg) == 0)) i++;
    if (i < l.n)
        due_row_json(&b, &l.rows[i], true);
    else
        buf_adds(&b, "null");
    due_list_free(&l);
    if (history(r, STMT_PAGE_CASE_DISCUSSIONS, ref, "discussions", &b)) {
        buf_adds(&b, "}");
        send(r, &b);
    } else {
        api_server_error(r);
    }
    buf_free(&b);
}

/* ---- supervision records ---- */

static void key_bool(Buf *b, const char *k, bool v, bool first)
{
    key(b, k, first);
    buf_adds(b, v ? "true" : "false");
}

/* A case note as JSON (both the record's and the case's view). */
static void note_json(Buf *b, const CaseNote *n)
{
    buf_adds(b, "{");
    key_text(b, "case", n->case_id, true);
    key_text(b, "date", n->date, false);
    key_text(b, "session_type", n->session_type, false);
    key_text(b, "prompts", n->prompts, false);
    key(b, "answers", false);
    buf_adds(b, "{");
    for (size_t i = 0; i < n->nanswers; i++) key_text(b, n->answers[i].prompt, n->answers[i].text, i == 0);
    buf_adds(b, "}");
    key_text(b, "synopsis", n->synopsis, false);
    key_text(b, "analysis", n->analysis, false);
    key_text(b, "decision", n->decision, false);
    key_text(b, "rationale", n->rationale, false);
    key_text(b, "tasks", n->tasks, false);
    key_bool(b, "departs_from_procedure", n->departs, false);
    key_text(b, "departure", n->departs ? n->departure : NULL, false);
    key_text(b, "checklist", n->checklist, false);
    key_text(b, "recorded_by", n->writer_id, false);
    if (n->record_ref) {
        key(b, "record", false);
        buf_addf(b, "%lld", (long long)n->record_ref);
    } else {
        key_text(b, "record", NULL, false);
    }
    buf_adds(b, "}");
}

/* GET /api/v1/records/{n}[?version=V]: a record as the viewer may read it.
 * An item both sides marked confidential has text null for anyone but the
 * two, and withheld true. */
void api_record(Req *r)
{
    int64_t ref = web_ref(r->arg);
    const char *vq = http_query(r->rq, "version");
    Record rec;
    SvcResult rc = ref ? record_get(r->st, &r->v->viewer, ref, vq ? (int)web_ref(vq) : 0, &rec) : SVC_NOT_FOUND;
    char what[64];
    strfmt(what, sizeof what, "record %s", r->arg);
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) return api_refused(r, what, 404);
    Buf b = {0};
    buf_addf(&b, "{\"id\": %lld, \"version\": %d, \"latest_version\": %d", (long long)rec.ref, rec.version, rec.latest);
    key_text(&b, "date", rec.date, false);
    key_text(&b, "state", rec.state, false);
    key_text(&b, "reason", rec.reason, false);
    key_text(&b, "sent_date", rec.sent_date, false);
    key(&b, "items", false);
    buf_adds(&b, "[");
    for (size_t i = 0; i < rec.nitems; i++) {
        const RecordItem *it = &rec.items[i];
        buf_adds(&b, i ? ", {" : "{");
        key_text(&b, "topic", it->topic, true);
        key(&b, "text", false);
        json_string(&b, it->hidden ? NULL : it->text);
        key_bool(&b, "confidential", it->confidential_supervisor && it->confidential_supervisee, false);
        key_bool(&b, "withheld", it->hidden, false);
        buf_adds(&b, "}");
    }
    buf_adds(&b, "]");
    key(&b, "case_notes", false);
    buf_adds(&b, "[");
    for (size_t i = 0; i < rec.nnotes; i++) {
        if (i) buf_adds(&b, ", ");
        note_json(&b, &rec.notes[i]);
    }
    buf_adds(&b, "]");
    key(&b, "actions", false);
    buf_adds(&b, "[");
    for (size_t i = 0; i < rec.nactions; i++) {
        const Action *x = &rec.actions[i];
        buf_adds(&b, i ? ", {" : "{");
        key_text(&b, "text", x->text, true);
        key_text(&b, "owner", x->owner_id, false);
        key_text(&b, "due", x->due, false);
        key_text(&b, "status", x->status, false);
        key_text(&b, "case", x->case_id, false);
        buf_adds(&b, "}");
    }
    buf_adds(&b, "]");
    key(&b, "disagreements", false);
    buf_adds(&b, "[");
    for (size_t i = 0; i < rec.ndisagreements; i++) {
        const Disagreement *d = &rec.disagreements[i];
        buf_addf(&b, "%s{\"version\": %d", i ? ", " : "", d->version);
        key_text(&b, "by", d->by_id, false);
        key_text(&b, "text", d->text, false);
        buf_adds(&b, "}");
    }
    buf_adds(&b, "]}");
    record_free(&rec);
    send(r, &b);
    buf_free(&b);
}

/* GET /api/v1/cases/{id}/decisions: the decisions made about a case in
 * supervision, newest first, for whoever may read the case. */
void api_case_decisions(Req *r)
{
    int64_t case_ref = 0;
    Param p[] = {P_STR(r->arg)};
    int got = store_query_int(r->st, STMT_CASE_FIND, p, 1, &case_ref);
    char what[160];
    strfmt(what, sizeof what, "case \"%s\"", r->arg);
    if (got < 0) return api_server_error(r);
    Record notes;
    SvcResult rc = got == 1 ? case_notes_of(r->st, &r->v->viewer, case_ref, 1000, &notes) : SVC_NOT_FOUND;
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) return api_refused(r, what, 404);
    Buf b = {0};
    buf_adds(&b, "{");
    key_text(&b, "case", r->arg, true);
    key(&b, "decisions", false);
    buf_adds(&b, "[");
    for (size_t i = 0; i < notes.nnotes; i++) {
        if (i) buf_adds(&b, ", ");
        note_json(&b, &notes.notes[i]);
    }
    buf_adds(&b, "]}");
    record_free(&notes);
    send(r, &b);
    buf_free(&b);
}
