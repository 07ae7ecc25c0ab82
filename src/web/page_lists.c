/* page_lists.c: the lists of page_lists.h. */
#include "web/page_lists.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"

void table_start(Buf *b, const char *caption, bool caption_visible, const char *const *heads)
{
    html_table_area_start(b, caption);
    html_f(b,
           "<table class=\"govuk-table\"><caption class=\"govuk-table__caption %s\">%s</caption>"
           "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
           caption_visible ? "govuk-table__caption--m" : "govuk-visually-hidden", caption);
    for (; *heads; heads++) html_f(b, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", *heads);
    HTML_RAW(b, "</tr></thead><tbody class=\"govuk-table__body\">");
}

void table_end(Buf *b)
{
    HTML_RAW(b, "</tbody></table>");
    html_table_area_end(b);
}

void table_cell(Buf *b, const char *text) { html_f(b, "<td class=\"govuk-table__cell\">%s</td>", text); }

static void cell_date(Buf *b, bool has, Date d, const char *none)
{
    char s[WEB_DATE_CHARS];
    if (has) web_date(d, s);
    table_cell(b, has ? s : none);
}

static void cell_tag(Buf *b, DueStatus s)
{
    HTML_RAW(b, "<td class=\"govuk-table__cell\">");
    web_status_tag(b, s);
    HTML_RAW(b, "</td>");
}

void link_person(Buf *b, const char *id, const char *name)
{
    html_f(b, "<a class=\"govuk-link\" href=\"/people/%u\">%s</a>", id, name && *name ? name : id);
}

const char *due_rule_words(const DueRow *row, char *out, size_t n)
{
    const DueResult *r = &row->r;
    char every[24], base[24], fte[16], d[WEB_DATE_CHARS];
    interval_words(r->every, every);
    if (r->has_missed) web_date(r->missed, d);
    switch (r->source) {
    case DUE_SOURCE_ROLE:
        if (r->fte < FTE_FULL) {
            fte_format(r->fte, fte);
            strfmt(out, n, "%s: every %s (part time %s: every %s)", row->source_label, interval_words(r->base, base),
                   fte, every);
        } else {
            strfmt(out, n, "%s: every %s", row->source_label, every);
        }
        return out;
    case DUE_SOURCE_AGREEMENT: strfmt(out, n, "Agreement: every %s", every); return out;
    case DUE_SOURCE_CATEGORY: strfmt(out, n, "%s: every %s", row->source_label, every); return out;
    case DUE_SOURCE_EVERY_CASE: strfmt(out, n, "Every open case: every %s", every); return out;
    case DUE_SOURCE_CASE_OVERRIDE: strfmt(out, n, "This case: every %s", every); return out;
    case DUE_SOURCE_EVERY_SESSION: strfmt(out, n, "At every session of the worker (missed on %s)", d); return out;
    case DUE_SOURCE_CONCERN:
        if (r->has_missed)
            strfmt(out, n, "Open %s: at every session until resolved (missed on %s)", r->source_id, d);
        else
            strfmt(out, n, "Open %s: at the worker's next session and every one after until resolved", r->source_id);
        return out;
    case DUE_SOURCE_CHECKLIST:
        strfmt(out, n, "%s: each checklist topic every %s", row->source_label, every);
        return out;
    case DUE_SOURCE_NONE: strfmt(out, n, "No rule applies"); return out;
    case DUE_SOURCE_OTHER: break;
    }
    switch (row->kind) {
    case DUE_KIND_AGREEMENT: strfmt(out, n, "Agreement reviewed every %s", every); break;
    case DUE_KIND_RECORD:
        web_date(r->last, d);
        strfmt(out, n, "Held on %s, record not sent: sent within %s of the session", d, every);
        break;
    case DUE_KIND_SIGN_OFF: strfmt(out, n, "Signed within %s of sending", every); break;
    case DUE_KIND_ACTION: strfmt(out, n, "Action agreed in supervision"); break;
    case DUE_KIND_ESCALATION: strfmt(out, n, "Answered within %s", every); break;
    case DUE_KIND_LATE_ENTRY:
        web_date(r->last, d);
        strfmt(out, n, "Session on %s entered %d %s late", d, (int)r->days_overdue,
               r->days_overdue == 1 ? "day" : "days");
        break;
    case DUE_KIND_CASE_LATE_ENTRY:
        web_date(r->last, d);
        strfmt(out, n, "Discussed on %s, entered %d %s late", d, (int)r->days_overdue,
               r->days_overdue == 1 ? "day" : "days");
        break;
    default: strfmt(out, n, "%s", r->rule); break;
    }
    return out;
}

/* Which rows of a due list each table lists: the page and its downloads
 * ask the same question. */
static bool case_listed(const DueRow *row, bool only_due)
{
    return row->kind == DUE_KIND_CASE && !(only_due && row->r.status == STATUS_OK);
}

static bool other_listed(const DueRow *row, bool only_due)
{
    return row->kind != DUE_KIND_STAFF && row->kind != DUE_KIND_CASE && !(only_due && row->r.status == STATUS_OK);
}

/* Cases' rows name the worker as the person; they are "with" nobody. */
static bool other_of_case(const DueRow *row)
{
    return row->kind == DUE_KIND_CONCERN || row->kind == DUE_KIND_CHECKLIST;
}

static const char *other_with(const DueRow *row)
{
    return other_of_case(row) ? "" : row->owner_name[0] ? row->owner_name : "senior managers";
}

size_t due_staff_table(Buf *b, const DueList *l, const char *caption, const char *download)
{
    static const char *const heads[] = {"Name", "Status", "Due by", "Last supervision", "Supervisor", "Rule", NULL};
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        if (row->kind != DUE_KIND_STAFF) continue;
        if (!n++) table_start(b, caption, true, heads);
        HTML_RAW(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        link_person(b, row->id, row->name);
        HTML_RAW(b, "</td>");
        cell_tag(b, row->r.status);
        cell_date(b, true, row->r.due, "");
        char words[240], last[WEB_DATE_CHARS], unsent[WEB_DATE_CHARS];
        if (row->has_unsent) {
            /* What the figure leaves out, and why. */
            if (row->r.has_last) web_date(row->r.last, last);
            web_date(row->unsent, unsent);
            html_f(b, "<td class=\"govuk-table__cell\">%s<br><strong>held on %s, record not sent</strong></td>",
                   row->r.has_last ? last : "never", unsent);
        } else {
            cell_date(b, row->r.has_last, row->r.last, "never");
        }
        table_cell(b, row->owner_name[0] ? row->owner_name : "none");
        table_cell(b, due_rule_words(row, words, sizeof words));
        HTML_RAW(b, "</tr>");
    }
    if (n) {
        table_end(b);
        if (download) export_links(b, download, NULL);
    }
    return n;
}

size_t due_case_table(Buf *b, const DueList *l, const char *caption, bool only_due, bool show_worker,
                      const char *download)
{
    static const char *const with_worker[] = {"Case", "Worker", "Status", "Due by", "Last discussed", "Rule", NULL};
    static const char *const without[] = {"Case", "Status", "Due by", "Last discussed", "Rule", NULL};
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        if (!case_listed(row, only_due)) continue;
        if (!n++) table_start(b, caption, true, show_worker ? with_worker : without);
        /* The case, and its child's name or initials when it has one. */
        html_f(b,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
               "<a class=\"govuk-link\" href=\"/cases/%u\">%s</a>",
               row->id, row->id);
        if (row->name[0]) html_f(b, " (%s)", row->name);
        HTML_RAW(b, "</td>");
        if (show_worker) {
            HTML_RAW(b, "<td class=\"govuk-table__cell\">");
            link_person(b, row->owner, row->owner_name);
            HTML_RAW(b, "</td>");
        }
        cell_tag(b, row->r.status);
        cell_date(b, true, row->r.due, "");
        cell_date(b, row->r.has_last, row->r.last, "never");
        char words[240];
        table_cell(b, due_rule_words(row, words, sizeof words));
        HTML_RAW(b, "</tr>");
    }
    if (n) {
        table_end(b);
        if (download) export_links(b, download, NULL);
    }
    return n;
}

static const char *kind_label(DueKind k)
{
    switch (k) {
    case DUE_KIND_AGREEMENT: return "Agreement review";
    case DUE_KIND_SIGN_OFF: return "Record to sign";
    case DUE_KIND_ACTION: return "Action";
    case DUE_KIND_ESCALATION: return "Escalation";
    case DUE_KIND_RECORD: return "Record to send";
    case DUE_KIND_LATE_ENTRY: return "Late entry";
    case DUE_KIND_CASE_LATE_ENTRY: return "Late entry";
    case DUE_KIND_CONCERN: return "Open incident or allegation";
    case DUE_KIND_CHECKLIST: return "Family placement checklist";
    default: return "";
    }
}

size_t due_other_table(Buf *b, const DueList *l, const char *caption, bool only_due, bool show_person,
                       const char *download)
{
    static const char *const with_person[] = {"What", "Person", "With", "Status", "Due by", "Rule", NULL};
    static const char *const without[] = {"What", "With", "Status", "Due by", "Rule", NULL};
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        if (!other_listed(row, only_due)) continue;
        if (!n++) table_start(b, caption, true, show_person ? with_person : without);
        /* Records and escalations are listed as "sign-off-N", "escalation-N". */
        const char *num = strchr(row->id, '-');
        HTML_RAW(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        if (row->kind == DUE_KIND_AGREEMENT)
            html_f(b, "<a class=\"govuk-link\" href=\"/people/%u/agreement\">%s</a>", row->id, kind_label(row->kind));
        else if ((row->kind == DUE_KIND_SIGN_OFF || row->kind == DUE_KIND_RECORD) && num)
            html_f(b, "<a class=\"govuk-link\" href=\"/records/%u\">%s</a>", num + 1, kind_label(row->kind));
        else if (row->kind == DUE_KIND_ESCALATION && num)
            html_f(b, "<a class=\"govuk-link\" href=\"/escalations/%u\">%s</a>", num + 1, kind_label(row->kind));
        else if (row->kind == DUE_KIND_CONCERN || row->kind == DUE_KIND_CHECKLIST ||
                 row->kind == DUE_KIND_CASE_LATE_ENTRY)
            html_f(b, "<a class=\"govuk-link\" href=\"/cases/%u\">%s</a>: case %s", row->id, kind_label(row->kind),
                   row->id);
        else
            html_f(b, "%s", kind_label(row->kind));
        HTML_RAW(b, "</td>");
        if (show_person) table_cell(b, other_of_case(row) ? row->owner_name : row->name);
        table_cell(b, other_with(row));
        cell_tag(b, row->r.status);
        cell_date(b, true, row->r.due, "");
        char words[240];
        table_cell(b, due_rule_words(row, words, sizeof words));
        HTML_RAW(b, "</tr>");
    }
    if (n) {
        table_end(b);
        if (download) export_links(b, download, NULL);
    }
    return n;
}

void due_counts_line(Buf *b, const DueList *l, DueKind kind, const char *one, const char *many)
{
    size_t over = 0, soon = 0, all = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->rows[i].kind != kind) continue;
        all++;
        over += l->rows[i].r.status == STATUS_OVERDUE;
        soon += l->rows[i].r.status == STATUS_DUE_SOON;
    }
    char what[COUNT_WORDS_CHARS];
    html_f(b, "<p class=\"govuk-body\">%s: <strong>%ld overdue</strong>, %ld due soon.</p>",
           count_words((long)all, one, many, what), (long)over, (long)soon);
}

bool due_fragment(Req *r, const SvcActor *a, const char *key, StoreGenScope teams, const char *arg, const DueFilter *f,
                  DueRender render)
{
    char full[300], asof[11];
    date_format(f->asof, asof);
    /* The policy the list was worked out under is part of what decides
     * it: a list made under the one replaced while it was computed is
     * never served under the new one. Policies stay in memory while the
     * server runs, so the address names one. */
    strfmt(full, sizeof full, "%s|%s|%p", key, asof, (const void *)a->pol);
    /* The generations are read before the list: a write between the two
     * leaves the list newer than its stamp, never older. */
    Buf stamp = {0};
    if (store_generation_stamp(r->st, teams, arg, &stamp) != STORE_OK) {
        buf_free(&stamp);
        page_server_error(r);
        return false;
    }
    Buf *b = &r->rs->body;
    bool ok = true, keep = stamp.len > 0;
    if (!keep || !page_cache_get(r->app->cache, full, buf_str(&stamp), b)) {
        DueList l;
        if (view_due(r->st, a, f, &l) != SVC_OK) {
            page_server_error(r);
            ok = false;
        } else {
            size_t from = b->len;
            render(b, &l);
            due_list_free(&l);
            /* A body that overflowed holds only part of the list: the answer
             * is a 500 (http.c), and nothing is kept for the next one. */
            if (keep && !b->overflow)
                page_cache_put(r->app->cache, full, buf_str(&stamp), b->data + from, b->len - from);
        }
    }
    buf_free(&stamp);
    return ok;
}

static void tally(DueTally *t, DueStatus s)
{
    t->all++;
    t->over += s == STATUS_OVERDUE;
    t->soon += s == STATUS_DUE_SOON;
}

static void add_row_figures(DueFigures *f, const DueRow *row)
{
    DueStatus s = row->r.status;
    switch (row->kind) {
    case DUE_KIND_STAFF: tally(&f->staff, s); return;
    case DUE_KIND_CASE: tally(&f->cases, s); return;
    case DUE_KIND_SIGN_OFF: tally(&f->sign_off, s); break;
    case DUE_KIND_ACTION: tally(&f->actions, s); break;
    case DUE_KIND_ESCALATION: tally(&f->escalations, s); break;
    default: break;
    }
    f->other_over += s == STATUS_OVERDUE;
}

static void add_tally(DueTally *to, const DueTally *t)
{
    to->all += t->all;
    to->over += t->over;
    to->soon += t->soon;
}

static void add_figures(DueFigures *to, const DueFigures *f)
{
    add_tally(&to->staff, &f->staff);
    add_tally(&to->cases, &f->cases);
    add_tally(&to->sign_off, &f->sign_off);
    add_tally(&to->actions, &f->actions);
    add_tally(&to->escalations, &f->escalations);
    to->other_over += f->other_over;
}

/* What a scope's figures keep in the cache: each team's, with the team's
 * generation it was computed at, in the order of the teams' names. The
 * stamp is the database-wide generation and the number of teams: the set
 * of teams changes only with it. */
typedef struct {
    int64_t n;
    DueFigures f;
} KeptFigures;

/* More changed teams than this are computed as one list of the scope. */
#define FIGURES_ONE_BY_ONE 8

bool due_scope_figures(Req *r, const SvcActor *a, const char *key, StoreGenScope teams, const char *arg,
                       const DueFilter *whole, ScopeFigures *out)
{
    memset(out, 0, sizeof *out);
    char full[300], asof[11], stamp[64];
    date_format(whole->asof, asof);
    strfmt(full, sizeof full, "figures|%s|%s|%p", key, asof, (const void *)a->pol); /* as due_fragment's */
    int64_t wgen;
    StoreTeamGen *gens;
    size_t n;
    if (store_generations(r->st, teams, arg, &wgen, &gens, &n) != STORE_OK) {
        page_server_error(r);
        return false;
    }
    strfmt(stamp, sizeof stamp, "w%lld;%zu", (long long)wgen, n);
    KeptFigures *kept = xcalloc(n + 1, sizeof *kept);
    bool *fresh = xcalloc(n + 1, sizeof *fresh);
    Buf old = {0};
    bool keep = wgen >= 0;
    if (keep && page_cache_get(r->app->cache, full, stamp, &old) && old.len == n * sizeof *kept) {
        memcpy(kept, old.data, old.len);
        for (size_t i = 0; i < n; i++) fresh[i] = kept[i].n == gens[i].n;
    }
    buf_free(&old);
    size_t stale = 0;
    bool teamless = false;
    for (size_t i = 0; i < n; i++)
        if (!fresh[i]) stale++, teamless |= !gens[i].team[0];
    bool ok = true;
    if (stale > FIGURES_ONE_BY_ONE || (stale && teamless)) {
        /* Many changed (or the people in no team, whom no team's list
         * holds): the whole scope's list once, its rows to their teams. */
        DueList l;
        ok = view_due(r->st, a, whole, &l) == SVC_OK;
        StrMap *index = strmap_new();
        for (size_t i = 0; ok && i < n; i++) {
            strmap_put(index, gens[i].team, strlen(gens[i].team), (int64_t)i, NULL);
            kept[i] = (KeptFigures){.n = gens[i].n};
        }
        for (size_t k = 0; ok && k < l.n; k++) {
            int64_t i;
            const char *team = l.rows[k].team ? l.rows[k].team : "";
            if (strmap_get(index, team, strlen(team), &i)) add_row_figures(&kept[i].f, &l.rows[k]);
        }
        strmap_free(index);
        if (ok) due_list_free(&l);
    } else {
        for (size_t i = 0; ok && i < n; i++) {
            if (fresh[i]) continue;
            DueFilter f = {.asof = whole->asof, .team = gens[i].team};
            DueList l;
            ok = view_due(r->st, a, &f, &l) == SVC_OK;
            if (!ok) break;
            kept[i] = (KeptFigures){.n = gens[i].n};
            for (size_t k = 0; k < l.n; k++) add_row_figures(&kept[i].f, &l.rows[k]);
            due_list_free(&l);
        }
    }
    if (ok) {
        if (stale && keep) page_cache_put(r->app->cache, full, stamp, (const char *)kept, n * sizeof *kept);
        out->n = n;
        out->teams = xcalloc(n + 1, sizeof *out->teams);
        out->figures = xcalloc(n + 1, sizeof *out->figures);
        for (size_t i = 0; i < n; i++) {
            out->teams[i] = gens[i].team;
            gens[i].team = NULL;
            out->figures[i] = kept[i].f;
            add_figures(&out->sum, &kept[i].f);
        }
    } else {
        page_server_error(r);
    }
    free(kept);
    free(fresh);
    store_generations_free(gens, n);
    return ok;
}

void scope_figures_free(ScopeFigures *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->teams[i]);
    free(s->teams);
    free(s->figures);
    memset(s, 0, sizeof *s);
}

void due_tally_line(Buf *b, const DueTally *t, const char *one, const char *many)
{
    char what[COUNT_WORDS_CHARS];
    html_f(b, "<p class=\"govuk-body\">%s: <strong>%ld overdue</strong>, %ld due soon.</p>",
           count_words(t->all, one, many, what), t->over, t->soon);
}

const char *session_type_words(const char *type)
{
    if (strcmp(type, "group") == 0) return "Group supervision";
    if (strcmp(type, "informal") == 0) return "Informal discussion";
    if (strcmp(type, "individual") == 0) return "Individual supervision";
    return type;
}

void history_table(Buf *b, const History *h, const char *caption, const char *none, const char *download)
{
    static const char *const heads[] = {"Date", "Type", "Status", "Supervisor", NULL};
    if (!h->n) {
        html_f(b, "<h2 class=\"govuk-heading-m\">%s</h2><p class=\"govuk-body\">%s</p>", caption, none);
        return;
    }
    table_start(b, caption, true, heads);
    for (size_t i = 0; i < h->n; i++) {
        const HistoryEntry *e = &h->entries[i];
        char when[WEB_DATE_CHARS];
        web_date_text(e->date, when);
        HTML_RAW(b, "<tr class=\"govuk-table__row\">");
        /* A session is its date, linked to its record when one was written:
         * never its internal id. */
        if (e->record_ref)
            html_f(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/records/%ld\">%s</a></td>",
                   (long)e->record_ref, when);
        else
            table_cell(b, when);
        table_cell(b, session_type_words(e->type));
        table_cell(b, strcmp(e->status, "cancelled") == 0 ? "Cancelled"
                      : strcmp(e->status, "held") == 0    ? "Held"
                                                          : e->status);
        table_cell(b, e->supervisor_name);
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    if (download) export_links(b, download, NULL);
    if (h->n == (size_t)h->limit) html_f(b, "<p class=\"govuk-body-s\">The latest %d are shown.</p>", h->limit);
}

/* ---- Downloads ---- */

const char *table_href(char *out, size_t n, const char *prefix, const char *segment)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = strlen(prefix);
    if (o >= n) o = 0;
    memcpy(out, prefix, o);
    for (const unsigned char *c = (const unsigned char *)segment; *c && o + 4 < n; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr("-._~", *c)) {
            out[o++] = (char)*c;
        } else {
            out[o++] = '%';
            out[o++] = hex[*c >> 4];
            out[o++] = hex[*c & 15];
        }
    }
    out[o] = 0;
    return out;
}

ExportFormat export_asked(Req *r, const char **table)
{
    const char *format = http_query(r->rq, "format");
    *table = http_query(r->rq, "table");
    if (!format || strcmp(r->rq->method, "GET") != 0) return EXPORT_NONE;
    ExportFormat f = strcmp(format, "csv") == 0 ? EXPORT_CSV : strcmp(format, "xlsx") == 0 ? EXPORT_XLSX : EXPORT_NONE;
    if (f == EXPORT_NONE) {
        page_bad_request(r, "The format must be csv or xlsx.");
        return EXPORT_ANSWERED;
    }
    if (!*table || !**table) {
        page_bad_request(r, "Say which table to download (table=).");
        return EXPORT_ANSWERED;
    }
    return f;
}

void export_links(Buf *b, const char *table, const char *query)
{
    /* The page's own address with the table and format: a relative
     * reference of only a query keeps the path. */
    const char *q = query ? query : "", *amp = query ? "&" : "";
    html_f(b,
           "<p class=\"govuk-body-s app-download\">Download this table: "
           "<a class=\"govuk-link\" href=\"?%s%stable=%s&amp;format=csv\" download>CSV</a> | "
           "<a class=\"govuk-link\" href=\"?%s%stable=%s&amp;format=xlsx\" download>XLSX</a></p>",
           q, amp, table, q, amp, table);
}

void export_send(Req *r, const Table *t, ExportFormat f, const char *name)
{
    char today[11], file[300];
    date_format(web_today(), today);
    strfmt(file, sizeof file, "%s-%s.%s", name, today, f == EXPORT_XLSX ? "xlsx" : "csv");
    Buf out = {0};
    if (f == EXPORT_XLSX) {
        char err[300];
        if (!table_xlsx(t, NULL, &out, err, sizeof err)) {
            log_event(r->rq->client, "export %s: %s", file, err);
            buf_free(&out);
            return page_server_error(r);
        }
        http_attachment(r->rs, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file, out.data,
                        out.len);
    } else {
        table_csv(t, &out);
        http_attachment(r->rs, "text/csv; charset=utf-8", file, out.data, out.len);
    }
    buf_free(&out);
}

void export_unknown(Req *r) { page_not_found(r); }

const char *status_words(DueStatus s)
{
    switch (s) {
    case STATUS_OVERDUE: return "Overdue";
    case STATUS_DUE_SOON: return "Due soon";
    default: return "Within policy";
    }
}

void due_staff_export(Table *t, const DueList *l, const char *caption)
{
    /* The page shows a record held but not sent under the last
     * supervision; here it is a column of its own, a date. */
    static const char *const heads[] = {"Name",       "Status", "Due by", "Last supervision", "Held, record not sent",
                                        "Supervisor", "Rule",   NULL};
    static const TableType types[] = {TABLE_TEXT, TABLE_TEXT, TABLE_DATE, TABLE_DATE,
                                      TABLE_DATE, TABLE_TEXT, TABLE_TEXT};
    table_init(t, caption, heads, types);
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        if (row->kind != DUE_KIND_STAFF) continue;
        char words[240];
        table_text(t, row->name && *row->name ? row->name : row->id, NULL);
        table_text(t, status_words(row->r.status), NULL);
        table_date(t, row->r.due, NULL);
        table_date_or(t, row->r.has_last, row->r.last, "never", NULL);
        table_date_or(t, row->has_unsent, row->unsent, "", NULL);
        table_text(t, row->owner_name[0] ? row->owner_name : "none", NULL);
        table_text(t, due_rule_words(row, words, sizeof words), NULL);
    }
}

void due_case_export(Table *t, const DueList *l, const char *caption, bool only_due, bool show_worker)
{
    static const char *const with_worker[] = {"Case", "Worker", "Status", "Due by", "Last discussed", "Rule", NULL};
    static const char *const without[] = {"Case", "Status", "Due by", "Last discussed", "Rule", NULL};
    static const TableType worker_types[] = {TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_DATE, TABLE_DATE, TABLE_TEXT};
    static const TableType types[] = {TABLE_TEXT, TABLE_TEXT, TABLE_DATE, TABLE_DATE, TABLE_TEXT};
    table_init(t, caption, show_worker ? with_worker : without, show_worker ? worker_types : types);
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        if (!case_listed(row, only_due)) continue;
        char name[600], words[240];
        if (row->name[0])
            strfmt(name, sizeof name, "%s (%s)", row->id, row->name);
        else
            strfmt(name, sizeof name, "%s", row->id);
        table_text(t, name, NULL);
        if (show_worker) table_text(t, row->owner_name && *row->owner_name ? row->owner_name : row->owner, NULL);
        table_text(t, status_words(row->r.status), NULL);
        table_date(t, row->r.due, NULL);
        table_date_or(t, row->r.has_last, row->r.last, "never", NULL);
        table_text(t, due_rule_words(row, words, sizeof words), NULL);
    }
}

void due_other_export(Table *t, const DueList *l, const char *caption, bool only_due, bool show_person)
{
    static const char *const with_person[] = {"What", "Person", "With", "Status", "Due by", "Rule", NULL};
    static const char *const without[] = {"What", "With", "Status", "Due by", "Rule", NULL};
    static const TableType person_types[] = {TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_DATE, TABLE_TEXT};
    static const TableType types[] = {TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_DATE, TABLE_TEXT};
    table_init(t, caption, show_person ? with_person : without, show_person ? person_types : types);
    for (size_t i = 0; i < l->n; i++) {
        const DueRow *row = &l->rows[i];
        if (!other_listed(row, only_due)) continue;
        char what[300], words[240];
        if (row->kind == DUE_KIND_CONCERN || row->kind == DUE_KIND_CHECKLIST || row->kind == DUE_KIND_CASE_LATE_ENTRY)
            strfmt(what, sizeof what, "%s: case %s", kind_label(row->kind), row->id);
        else
            strfmt(what, sizeof what, "%s", kind_label(row->kind));
        table_text(t, what, NULL);
        if (show_person) table_text(t, other_of_case(row) ? row->owner_name : row->name, NULL);
        table_text(t, other_with(row), NULL);
        table_text(t, status_words(row->r.status), NULL);
        table_date(t, row->r.due, NULL);
        table_text(t, due_rule_words(row, words, sizeof words), NULL);
    }
}

void history_export(Table *t, const History *h, const char *caption)
{
    static const char *const heads[] = {"Date", "Type", "Status", "Supervisor", NULL};
    static const TableType types[] = {TABLE_DATE, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT};
    table_init(t, caption, heads, types);
    for (size_t i = 0; i < h->n; i++) {
        const HistoryEntry *e = &h->entries[i];
        Date d;
        if (date_parse(e->date, strlen(e->date), &d))
            table_date(t, d, NULL);
        else
            table_text(t, e->date, NULL);
        table_text(t, session_type_words(e->type), NULL);
        table_text(t,
                   strcmp(e->status, "cancelled") == 0 ? "Cancelled"
                   : strcmp(e->status, "held") == 0    ? "Held"
                                                       : e->status,
                   NULL);
        table_text(t, e->supervisor_name, NULL);
    }
}

void table_html(Buf *b, const Table *t, bool caption_visible, const char *table, const char *query)
{
    const char **heads = xcalloc(t->ncols + 1, sizeof *heads);
    for (size_t c = 0; c < t->ncols; c++) heads[c] = t->cols[c].head;
    table_start(b, t->title, caption_visible, heads);
    free(heads);
    for (size_t r = 0; r < t->nrows; r++) {
        HTML_RAW(b, "<tr class=\"govuk-table__row\">");
        for (size_t c = 0; c < t->ncols; c++) {
            const TableCell *cell = table_cell_at(t, r, c);
            char v[TABLE_VALUE_CHARS], d[WEB_DATE_CHARS];
            const char *text = cell->is_text                   ? cell->text
                               : t->cols[c].type == TABLE_DATE ? (web_date(cell->d, d), d)
                                                               : table_value(t, cell, c, v);
            if (cell->href)
                html_f(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"%s\">%s</a></td>", cell->href,
                       text);
            else
                table_cell(b, text);
        }
        HTML_RAW(b, "</tr>");
    }
    table_end(b);
    if (table) export_links(b, table, query);
}
