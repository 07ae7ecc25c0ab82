/* development.c: the decisions of development.h. */
#include "svc/development.h"

#include <stdio.h>
#include <string.h>

#include "format/sheet.h"
#include "svc/record.h"
#include "svc/staff.h"

static bool is_development(const char *topic, const char **label)
{
    for (size_t i = 0; i < record_ntopics; i++)
        if (strcmp(record_topics[i].id, topic) == 0 && strcmp(record_topics[i].area, "development") == 0) {
            *label = record_topics[i].label;
            return true;
        }
    return false;
}

/* The development items of one record version, as v may read them, added
 * to d in the topics' order. */
static SvcResult add_record(Store *st, const Viewer *v, int64_t ref, int version, Development *d, size_t *cap)
{
    Record rec;
    SvcResult rc = record_get_items(st, v, ref, version, &rec);
    if (rc != SVC_OK) return rc;
    for (size_t t = 0; t < record_ntopics; t++) {
        const char *label;
        if (!is_development(record_topics[t].id, &label)) continue;
        for (size_t i = 0; i < rec.nitems; i++) {
            const RecordItem *it = &rec.items[i];
            if (strcmp(it->topic, record_topics[t].id) != 0 || (!it->hidden && !it->text[0])) continue;
            xgrow((void **)&d->items, cap, d->n + 1, sizeof *d->items);
            DevelopmentItem *x = &d->items[d->n++];
            memset(x, 0, sizeof *x);
            x->record_ref = rec.ref;
            x->version = rec.version;
            strfmt(x->date, sizeof x->date, "%s", rec.date);
            strfmt(x->state, sizeof x->state, "%s", rec.state);
            x->topic = record_topics[t].id;
            x->label = label;
            x->hidden = it->hidden;
            x->text = arena_strndup(&d->strings, it->text, strlen(it->text));
        }
    }
    d->records++;
    record_free(&rec);
    return SVC_OK;
}

SvcResult development_of(Store *st, const SvcActor *a, const char *staff_id, Date from, Date to, Development *out,
                         SvcError *e)
{
    memset(out, 0, sizeof *out);
    if (to < from) return svc_fail(e, SVC_INVALID, "to", "The end of the period is before its start");
    Staff s;
    int got = staff_load_id(st, staff_id, &s);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_NOT_FOUND;
    Access acc = access_person(st, a->viewer, s.ref);
    if (acc != ACCESS_ALLOWED) return acc == ACCESS_FAILED ? SVC_FAILED : SVC_REFUSED;
    out->ref = s.ref;
    out->id = arena_strndup(&out->strings, s.id, strlen(s.id));
    out->name = arena_strndup(&out->strings, s.name, strlen(s.name));
    out->role = arena_strndup(&out->strings, s.role, strlen(s.role));
    out->from = from;
    out->to = to;

    char f[11], t[11];
    date_format(from, f);
    date_format(to, t);
    Param p[] = {P_INT(s.ref), P_STR(f), P_STR(t), P_INT(DEVELOPMENT_RECORDS_MAX + 1)};
    StoreRows *r = store_query(st, STMT_DEVELOPMENT_RECORDS, p, 4);
    if (!r) return SVC_FAILED;
    int64_t refs[DEVELOPMENT_RECORDS_MAX + 1][2];
    size_t nrefs = 0;
    while ((got = store_next(r)) == 1) {
        refs[nrefs][0] = store_col_int(r, 0);
        refs[nrefs][1] = store_col_int(r, 1);
        nrefs++;
    }
    store_rows_close(r);
    if (got < 0) {
        development_free(out);
        return SVC_FAILED;
    }
    if (nrefs > DEVELOPMENT_RECORDS_MAX) {
        out->more = true;
        nrefs = DEVELOPMENT_RECORDS_MAX;
    }
    size_t cap = 0;
    /* Read newest first, shown oldest first. */
    for (size_t i = nrefs; i-- > 0;) {
        SvcResult rc = add_record(st, a->viewer, refs[i][0], (int)refs[i][1], out, &cap);
        if (rc != SVC_OK) {
            development_free(out);
            return rc == SVC_NOT_FOUND ? SVC_REFUSED : rc;
        }
    }
    return SVC_OK;
}

void development_free(Development *d)
{
    free(d->items);
    arena_free(&d->strings);
    memset(d, 0, sizeof *d);
}

SvcResult development_of_team(Store *st, const SvcActor *a, const char *name, TeamDevelopment *out)
{
    memset(out, 0, sizeof *out);
    Param p[] = {P_STR(name)};
    StoreRows *q = store_query(st, STMT_PAGE_TEAM, p, 1);
    if (!q) return SVC_FAILED;
    int got = store_next(q);
    if (got == 1) {
        out->ref = store_col_int(q, 0);
        out->name = svc_col_dup(&out->strings, q, 1);
    }
    store_rows_close(q);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return SVC_NOT_FOUND;
    Access acc = access_team(st, a->viewer, out->ref);
    if (acc != ACCESS_ALLOWED) {
        team_development_free(out);
        return acc == ACCESS_FAILED ? SVC_FAILED : SVC_REFUSED;
    }
    char today[11];
    date_format(a->today, today);
    Param t[] = {P_INT(out->ref), P_STR(today)};
    q = store_query(st, STMT_DEVELOPMENT_TEAM, t, 2);
    if (!q) {
        team_development_free(out);
        return SVC_FAILED;
    }
    size_t cap = 0;
    int64_t(*latest)[2] = NULL;
    size_t lcap = 0;
    while ((got = store_next(q)) == 1) {
        xgrow((void **)&out->rows, &cap, out->n + 1, sizeof *out->rows);
        xgrow((void **)&latest, &lcap, out->n + 1, sizeof *latest);
        TeamDevelopmentRow *row = &out->rows[out->n];
        memset(row, 0, sizeof *row);
        row->id = svc_col_dup(&out->strings, q, 1);
        row->name = svc_col_dup(&out->strings, q, 2);
        row->role = svc_col_dup(&out->strings, q, 3);
        row->needs = row->training = "";
        latest[out->n][0] = store_col_int(q, 4);
        latest[out->n][1] = store_col_int(q, 5);
        out->n++;
    }
    store_rows_close(q);
    SvcResult rc = got < 0 ? SVC_FAILED : SVC_OK;
    for (size_t i = 0; rc == SVC_OK && i < out->n; i++) {
        if (!latest[i][0]) continue;
        Record rec;
        rc = record_get_items(st, a->viewer, latest[i][0], (int)latest[i][1], &rec);
        if (rc == SVC_NOT_FOUND) { /* a member the viewer may not read (access_team allows the team, not each) */
            rc = SVC_OK;
            continue;
        }
        if (rc != SVC_OK) break;
        TeamDevelopmentRow *row = &out->rows[i];
        row->record_ref = rec.ref;
        strfmt(row->date, sizeof row->date, "%s", rec.date);
        for (size_t k = 0; k < rec.nitems; k++) {
            const RecordItem *it = &rec.items[k];
            bool needs = strcmp(it->topic, "needs") == 0, training = strcmp(it->topic, "training") == 0;
            if (!needs && !training) continue;
            const char *text = arena_strndup(&out->strings, it->text, strlen(it->text));
            if (needs) {
                row->needs = text;
                row->needs_hidden = it->hidden;
            } else {
                row->training = text;
                row->training_hidden = it->hidden;
            }
        }
        record_free(&rec);
    }
    free(latest);
    if (rc != SVC_OK) team_development_free(out);
    return rc;
}

void team_development_free(TeamDevelopment *t)
{
    free(t->rows);
    arena_free(&t->strings);
    memset(t, 0, sizeof *t);
}

bool development_pdf(const Development *d, int64_t made_at, Buf *pdf, SvcError *e)
{
    memset(e, 0, sizeof *e);
    char from[11], to[11], cf[32], ct[32], at[48], line[200];
    date_format(d->from, from);
    date_format(d->to, to);
    sheet_civil_date(from, cf);
    sheet_civil_date(to, ct);
    char *title = xasprintf("Development recorded in supervision: %s, %s to %s", d->name, cf, ct);
    char *footer = xasprintf("Development of " SHEET_FSI "%s" SHEET_PDI " (%s), %s to %s", d->name, d->id, cf, ct);
    Sheet s;
    sheet_init(&s, title, footer, made_at);
    free(title);
    free(footer);
    sheet_add(&s, SHEET_TITLE, "Development recorded in supervision");
    strfmt(line, sizeof line, "Staff member (%s)", d->id);
    sheet_row(&s, line, d->name);
    strfmt(line, sizeof line, "%s to %s", cf, ct);
    sheet_row(&s, "Period", line);
    sheet_row(&s, "Made on", sheet_utc_time(made_at, at));
    sheet_add(&s, SHEET_NOTE,
              "What the supervision records sent in this period say under development needs, training, the newly"
              " qualified year and professional registration evidence: evidence of learning and reflection for"
              " renewing registration. Each record can be checked against the person's supervision file.");
    if (d->more) {
        strfmt(line, sizeof line, "The period holds more than %d records: the earliest are left out.",
               DEVELOPMENT_RECORDS_MAX);
        sheet_add(&s, SHEET_NOTE, line);
    }
    if (!d->n) sheet_add(&s, SHEET_PARAGRAPH, "Nothing was recorded under development in this period.");
    for (size_t i = 0; i < d->n; i++) {
        const DevelopmentItem *x = &d->items[i];
        if (i == 0 || x->record_ref != d->items[i - 1].record_ref) {
            char date[32];
            strfmt(line, sizeof line, "Supervision on %s (record %ld, version %d)", sheet_civil_date(x->date, date),
                   (long)x->record_ref, x->version);
            sheet_add(&s, SHEET_HEADING, line);
        }
        sheet_add(&s, SHEET_SUBHEADING, x->label);
        sheet_add(&s, SHEET_PARAGRAPH, x->hidden ? "Confidential between the supervisor and the supervisee." : x->text);
    }
    char err[SHEET_ERROR_CHARS];
    bool ok = sheet_pdf(&s, pdf, err);
    sheet_free(&s);
    if (!ok) svc_fail(e, SVC_FAILED, "", "The PDF could not be made: %s", err);
    return ok;
}
