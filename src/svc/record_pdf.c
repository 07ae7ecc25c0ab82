/* record_pdf.c: a record version as a sheet (format/sheet.h), read through
 * record_view so that it holds what the record page would show the same
 * reader (web/page_record.c), in the same order and words. */
#include <string.h>

#include "format/sheet.h"
#include "svc/record.h"
#include "svc/record_pdf.h"

static const char *state_label(const char *state)
{
    return strcmp(state, "draft") == 0    ? "Draft: being written by the supervisor"
           : strcmp(state, "sent") == 0   ? "Sent: waiting for the supervisee to sign"
           : strcmp(state, "signed") == 0 ? "Signed by both"
                                          : "Disputed: the supervisee disagrees";
}

static const char *topic_label(const char *id)
{
    for (size_t i = 0; i < record_ntopics; i++)
        if (strcmp(record_topics[i].id, id) == 0) return record_topics[i].label;
    return id;
}

static const RecordItem *item_of(const Record *rec, const char *topic)
{
    for (size_t i = 0; i < rec->nitems; i++)
        if (strcmp(rec->items[i].topic, topic) == 0) return &rec->items[i];
    return NULL;
}

/* An area's topics, as the page shows them to a reader. */
static void area(Sheet *s, const Record *rec, const char *area_id, const char *heading)
{
    sheet_add(s, SHEET_HEADING, heading);
    bool any = false;
    if (strcmp(area_id, "support") == 0) {
        const RecordItem *cl = item_of(rec, "caseload");
        if (cl && cl->text[0]) {
            char line[128];
            strfmt(line, sizeof line, "Caseload on the day: %.60s open cases.", cl->text);
            sheet_add(s, SHEET_PARAGRAPH, line);
            any = true;
        }
    }
    for (size_t i = 0; i < record_ntopics; i++) {
        const RecordTopic *t = &record_topics[i];
        if (strcmp(t->area, area_id) != 0) continue;
        const RecordItem *it = item_of(rec, t->id);
        if (!it || (!it->text[0] && !it->hidden)) continue;
        any = true;
        sheet_add(s, SHEET_SUBHEADING, t->label);
        if (it->hidden)
            sheet_add(s, SHEET_PARAGRAPH, "Confidential between the supervisor and the supervisee.");
        else
            sheet_add(s, SHEET_PARAGRAPH, it->text);
        if (it->confidential)
            sheet_add(s, SHEET_NOTE, "Confidential: both agreed.");
        else if (it->confidential_supervisor)
            sheet_add(s, SHEET_NOTE, "The supervisor asks that this stays confidential.");
    }
    if (!any) sheet_add(s, SHEET_NOTE, "Nothing was recorded here.");
}

/* For the two only (record_view gives the events to no one else): what
 * happened to the confidential items. */
static void confidentiality(Sheet *s, const Record *rec)
{
    if (!rec->party || !rec->nevents) return;
    sheet_add(s, SHEET_HEADING, "What happened to confidential items");
    for (size_t i = 0; i < rec->nevents; i++) {
        const ConfidentialityEvent *ev = &rec->events[i];
        char at[48];
        const char *what = strcmp(ev->kind, "confidential") == 0    ? "made confidential (both had marked it)"
                           : strcmp(ev->kind, "lift-proposed") == 0 ? "asked to lift the confidentiality of"
                                                                    : "agreed: lifted the confidentiality of";
        char *line = xasprintf("%s: " SHEET_FSI "%s" SHEET_PDI " %s \"%s\"", sheet_utc_time(ev->at, at), ev->by_name,
                               what, topic_label(ev->topic));
        sheet_add(s, SHEET_PARAGRAPH, line);
        free(line);
    }
}

/* A prompt's question, in whichever of the policy's sets asks it. */
static const char *prompt_text(const Policy *pol, const char *set_id, const char *prompt)
{
    if (!pol) return prompt;
    const PromptSet *set = policy_prompt_set(pol, set_id, strlen(set_id));
    for (size_t i = 0; set && i < set->nitems; i++)
        if (strcmp(set->items[i].id, prompt) == 0) return set->items[i].text;
    for (size_t k = 0; k < pol->nprompt_sets; k++)
        for (size_t i = 0; i < pol->prompt_sets[k].nitems; i++)
            if (strcmp(pol->prompt_sets[k].items[i].id, prompt) == 0) return pol->prompt_sets[k].items[i].text;
    return prompt;
}

static void case_note(Sheet *s, const Policy *pol, const Record *rec, const CaseNote *n)
{
    char d[32];
    char *heading = xasprintf("Case " SHEET_FSI "%s" SHEET_PDI ", %s%s", n->case_id, sheet_civil_date(n->date, d),
                              n->withdrawn[0]                         ? ": withdrawn in this version"
                              : n->changed && n->origin_ref != n->ref ? ": corrected in this version"
                              : !n->changed && rec->version > 1       ? ": carried over unchanged"
                                                                      : "");
    sheet_add(s, SHEET_SUBHEADING, heading);
    free(heading);
    if (n->withdrawn[0]) sheet_row(s, "Withdrawn, why", n->withdrawn);
    if (n->synopsis[0]) sheet_row(s, "Recent involvement", n->synopsis);
    /* The answers in the order of the set's questions; any other after them. */
    const PromptSet *set = pol ? policy_prompt_set(pol, n->prompts, strlen(n->prompts)) : NULL;
    bool *shown = xcalloc(n->nanswers + 1, sizeof *shown);
    for (size_t q = 0; set && q < set->nitems; q++)
        for (size_t i = 0; i < n->nanswers; i++)
            if (!shown[i] && strcmp(set->items[q].id, n->answers[i].prompt) == 0) {
                sheet_row(s, set->items[q].text, n->answers[i].text);
                shown[i] = true;
            }
    for (size_t i = 0; i < n->nanswers; i++)
        if (!shown[i]) sheet_row(s, prompt_text(pol, n->prompts, n->answers[i].prompt), n->answers[i].text);
    free(shown);
    if (n->analysis[0]) sheet_row(s, "Analysis", n->analysis);
    sheet_row(s, "Decision", n->decision);
    if (n->rationale[0]) sheet_row(s, "Why", n->rationale);
    if (n->tasks[0]) sheet_row(s, "Further tasks", n->tasks);
    if (n->checklist[0]) sheet_row(s, "Topics covered", n->checklist);
    if (n->departs) sheet_row(s, "Departs from procedure", n->departure[0] ? n->departure : "Yes");
    sheet_row(s, "Recorded by", n->writer_name);
}

static const char *action_state_words(const Action *x)
{
    return strcmp(x->status, "done") == 0      ? "done"
           : strcmp(x->status, "dropped") == 0 ? "dropped"
           : x->reported_at                    ? "done, waiting for the supervisor to confirm"
                                               : "open";
}

/* An action as the page lists it, and its follow-ups under it. */
static void action(Sheet *s, const Action *x)
{
    char d[32], at[48];
    char *line = xasprintf(SHEET_FSI "%s" SHEET_PDI " (" SHEET_FSI "%s" SHEET_PDI ", by %s): %s", x->text,
                           x->owner_name, sheet_civil_date(x->due, d), action_state_words(x));
    sheet_add(s, SHEET_PARAGRAPH, line);
    free(line);
    for (size_t k = 0; k < x->nupdates; k++) {
        const ActionUpdate *u = &x->updates[k];
        Buf b = {0};
        buf_addf(&b, "%s, " SHEET_FSI "%s" SHEET_PDI ": %s", sheet_utc_time(u->at, at), u->by_name,
                 u->reported                      ? "says it is done"
                 : strcmp(u->status, "open") == 0 ? "still open"
                                                  : u->status);
        if (u->record_ref) buf_addf(&b, " (at the supervision of %s)", sheet_civil_date(u->record_date, d));
        if (u->note[0]) buf_addf(&b, ": %s", u->note);
        sheet_add(s, SHEET_NOTE, buf_str(&b));
        buf_free(&b);
    }
}

static void actions(Sheet *s, const Record *rec)
{
    sheet_add(s, SHEET_HEADING, "Actions");
    if (!rec->nactions) sheet_add(s, SHEET_PARAGRAPH, "No actions were agreed in this session.");
    for (size_t i = 0; i < rec->nactions; i++) action(s, &rec->actions[i]);
    if (!rec->nfollowed) return;
    sheet_add(s, SHEET_SUBHEADING, "Earlier actions followed up");
    for (size_t i = 0; i < rec->nfollowed; i++) action(s, &rec->followed[i]);
}

static bool is_hash_hex(const char *s)
{
    uint8_t h[32];
    return s && hex_decode(s, strlen(s), h, sizeof h);
}

static bool is_utf8(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0, k; i < n; i += k)
        if (!(k = utf8_len((const unsigned char *)s + i, n - i))) return false;
    return true;
}

/* The sheet of the view, for the copy made at made_at. */
static void build(Sheet *s, const SvcActor *a, const RecordView *v, const char *hash, const char *checkpoint,
                  int64_t made_at)
{
    const Record *rec = &v->rec;
    char date[32], at[48], line[160];
    sheet_civil_date(rec->date, date);
    char *title = xasprintf("Supervision record: %s, %s, version %d", v->supervisee_name, date, rec->version);
    char *footer = xasprintf("Supervision record of " SHEET_FSI "%s" SHEET_PDI ", %s, version %d of %d, entry %.16s",
                             v->supervisee_name, date, rec->version, rec->latest, hash);
    sheet_init(s, title, footer, made_at);
    free(title);
    free(footer);

    sheet_add(s, SHEET_TITLE, "Supervision record");
    strfmt(line, sizeof line, "Supervisee (%s)", v->supervisee_id);
    sheet_row(s, line, v->supervisee_name);
    strfmt(line, sizeof line, "Supervisor (%s)", v->supervisor_id);
    sheet_row(s, line, v->supervisor_name);
    sheet_row(s, "Date of the session", date);
    strfmt(line, sizeof line, "%d of %d%s", rec->version, rec->latest,
           rec->version == rec->latest ? "" : " (an earlier version, kept as it was)");
    sheet_row(s, "Version", line);
    sheet_row(s, "Status", state_label(rec->state));
    if (rec->sent_at) sheet_row(s, "Sent and signed by the supervisor", sheet_utc_time(rec->sent_at, at));
    if (rec->supervisee_signed_at)
        sheet_row(s, "Signed by the supervisee", sheet_utc_time(rec->supervisee_signed_at, at));
    if (rec->reason[0]) sheet_row(s, "Why this version", rec->reason);

    for (size_t i = 0; i < rec->ndisagreements; i++) {
        const Disagreement *dg = &rec->disagreements[i];
        char *h = xasprintf(SHEET_FSI "%s" SHEET_PDI " disagreed with version %d (%s)", dg->by_name, dg->version,
                            sheet_utc_time(dg->at, at));
        sheet_add(s, SHEET_HEADING, h);
        free(h);
        sheet_add(s, SHEET_PARAGRAPH, dg->text);
    }

    area(s, rec, "support", "Management and support");
    area(s, rec, "development", "Development");
    area(s, rec, "other", "Other");
    confidentiality(s, rec);
    sheet_add(s, SHEET_HEADING, "Case supervision");
    if (!rec->nnotes) sheet_add(s, SHEET_PARAGRAPH, "No case discussions were recorded.");
    for (size_t i = 0; i < rec->nnotes; i++) case_note(s, a->pol, rec, &rec->notes[i]);
    actions(s, rec);

    sheet_add(s, SHEET_HEADING, "This copy");
    strfmt(line, sizeof line, "Made on %s.", sheet_utc_time(made_at, at));
    sheet_add(s, SHEET_PARAGRAPH, line);
    sheet_add(s, SHEET_SUBHEADING, "The version's entry hash in the record log (SHA-256)");
    sheet_add(s, SHEET_MONO, hash);
    sheet_add(s, SHEET_SUBHEADING, "The record log's checkpoint");
    if (checkpoint && *checkpoint)
        sheet_add(s, SHEET_MONO, checkpoint);
    else
        sheet_add(s, SHEET_PARAGRAPH, "No checkpoint was given with this copy.");
}

bool record_pdf(Store *st, const SvcActor *a, int64_t record_ref, int version, const char *entry_hash_hex,
                const char *checkpoint, int64_t made_at, Buf *pdf, SvcError *err)
{
    memset(err, 0, sizeof *err);
    if (!is_hash_hex(entry_hash_hex)) {
        svc_fail(err, SVC_INVALID, "entry_hash", "The entry hash must be 64 lowercase hex digits");
        return false;
    }
    if (checkpoint && !is_utf8(checkpoint)) {
        svc_fail(err, SVC_INVALID, "checkpoint", "The checkpoint is not UTF-8 text");
        return false;
    }
    RecordView v;
    SvcResult rc = record_view(st, a, record_ref, version, &v);
    if (rc == SVC_NOT_FOUND) {
        svc_fail(err, rc, "record", "There is no such record or version, or it may not be read by this reader");
        return false;
    }
    if (rc != SVC_OK) {
        svc_fail(err, rc, "", "The record could not be read: %s", store_error(st));
        return false;
    }
    if (strcmp(v.rec.state, "draft") == 0) {
        svc_fail(err, SVC_CONFLICT, "version", "Version %d is a draft: it has no copy until it is sent", v.rec.version);
        record_view_free(&v);
        return false;
    }
    Sheet s;
    build(&s, a, &v, entry_hash_hex, checkpoint, made_at);
    record_view_free(&v);
    char why[SHEET_ERROR_CHARS];
    bool ok = sheet_pdf(&s, pdf, why);
    sheet_free(&s);
    if (!ok) svc_fail(err, SVC_FAILED, "", "The record sheet could not be made: %s", why);
    return ok;
}
