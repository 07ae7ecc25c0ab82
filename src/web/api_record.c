/* api_record.c: a supervision record (/records/{n}[?version=V]) as the
 * viewer may read it (record_get, svc/record.h). An item both sides marked
 * confidential, in this version or any other, has text null for anyone but
 * the two, and withheld true. */
#include <limits.h>

#include "svc/record.h"
#include "web/api.h"
#include "web/routes.h"

static void items(JsonWriter *w, const Record *rec)
{
    json_key(w, "items");
    json_array_begin(w);
    for (size_t i = 0; i < rec->nitems; i++) {
        const RecordItem *it = &rec->items[i];
        json_object_begin(w);
        api_text(w, "topic", it->topic);
        json_member_string(w, "text", it->hidden ? NULL : it->text);
        json_member_bool(w, "confidential", it->confidential);
        json_member_bool(w, "withheld", it->hidden);
        json_object_end(w);
    }
    json_array_end(w);
}

static void actions(JsonWriter *w, const Record *rec)
{
    json_key(w, "actions");
    json_array_begin(w);
    for (size_t i = 0; i < rec->nactions; i++) {
        const Action *x = &rec->actions[i];
        json_object_begin(w);
        api_text(w, "text", x->text);
        api_text(w, "owner", x->owner_id);
        api_text(w, "due", x->due);
        api_text(w, "status", x->status);
        api_text(w, "case", x->case_id);
        json_object_end(w);
    }
    json_array_end(w);
}

static void disagreements(JsonWriter *w, const Record *rec)
{
    json_key(w, "disagreements");
    json_array_begin(w);
    for (size_t i = 0; i < rec->ndisagreements; i++) {
        const Disagreement *d = &rec->disagreements[i];
        json_object_begin(w);
        json_member_int(w, "version", d->version);
        api_text(w, "by", d->by_id);
        api_text(w, "text", d->text);
        json_object_end(w);
    }
    json_array_end(w);
}

/* The version asked for: 0 (the latest) without ?version, else a positive
 * whole number in digits only (web_ref); -1 for anything else. */
static int version_asked(const char *v)
{
    if (!v) return 0;
    int64_t n = web_ref(v);
    return n >= 1 && n <= INT_MAX ? (int)n : -1;
}

void api_record(Req *r)
{
    int64_t ref = web_ref(r->arg);
    int version = version_asked(http_query(r->rq, "version"));
    if (version < 0) return api_error(r, 400, "version must be a positive whole number (1 is the first version)");
    Record rec;
    SvcResult rc = ref ? record_get(r->st, &r->v->viewer, ref, version, &rec) : SVC_NOT_FOUND;
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) {
        char what[64];
        strfmt(what, sizeof what, "record %s", r->arg);
        return api_refused(r, what, 404);
    }
    if (!trail_record(r, &rec)) return record_free(&rec);
    JsonWriter w;
    api_begin(r, &w);
    json_object_begin(&w);
    json_member_int(&w, "id", rec.ref);
    json_member_int(&w, "version", rec.version);
    json_member_int(&w, "latest_version", rec.latest);
    api_text(&w, "date", rec.date);
    api_text(&w, "state", rec.state);
    api_text(&w, "reason", rec.reason);
    api_text(&w, "sent_date", rec.sent_date);
    api_text(&w, "purged_date", rec.purged_on);
    items(&w, &rec);
    json_key(&w, "case_notes");
    json_array_begin(&w);
    for (size_t i = 0; i < rec.nnotes; i++) api_case_note(&w, &rec.notes[i]);
    json_array_end(&w);
    actions(&w, &rec);
    disagreements(&w, &rec);
    json_object_end(&w);
    api_end(r, &w);
    record_free(&rec);
}
