/* page_lists.h: the lists the supervision pages (page_*.c) share: a due
 * list's tables and summary counts, a history of sessions, and due lists
 * kept as rendered while the data stands still (page_cache.h). They write
 * what a view service (svc/view_*.h) returned; the page has already asked
 * the view, which decided the viewer may see it. */
#ifndef OV_WEB_PAGE_LISTS_H
#define OV_WEB_PAGE_LISTS_H

#include "format/table.h"
#include "svc/view.h"
#include "web/frame.h"

#define HISTORY_ROWS 200 /* sessions, records or discussions on a person's or case's page */

/* A GOV.UK table: its start (caption, shown or only for screen readers, and
 * the column headings, NULL-terminated), a cell of text, its end. */
void table_start(Buf *b, const char *caption, bool caption_visible, const char *const *heads);
void table_cell(Buf *b, const char *text);
void table_end(Buf *b);

/* A link to a person's page, named (or by id when the name is ""). */
void link_person(Buf *b, const char *id, const char *name);

/* The rows of a due list, each kind as a table under caption; only_due
 * leaves out rows within policy; show_worker and show_person add the
 * column. Each returns how many rows it wrote (no table when none). */
/* download names the table for its download links (export_links), or
 * is NULL for none. */
size_t due_staff_table(Buf *b, const DueList *l, const char *caption, const char *download);
size_t due_case_table(Buf *b, const DueList *l, const char *caption, bool only_due, bool show_worker,
                      const char *download);
/* Agreement reviews, records to sign, actions and escalations. */
size_t due_other_table(Buf *b, const DueList *l, const char *caption, bool only_due, bool show_person,
                       const char *download);
/* The rule that set a row's due date, in words with its source ("Child
 * protection plan: every 2 months", "Agreement: every 3 weeks"); the
 * machine formats keep row->r.rule. Returns out. */
const char *due_rule_words(const DueRow *row, char *out, size_t n);
/* A summary line: how many of a kind (one, many: its noun's two forms)
 * there are, and how many are overdue and due soon. */
void due_counts_line(Buf *b, const DueList *l, DueKind kind, const char *one, const char *many);

/* Appends the due list of filter f as render writes it: from the page cache
 * when the data is as it was, else computed (view_due) and kept. key names
 * what decides the content besides the date; teams and arg name the teams
 * whose generations it depends on (store.h store_generations: every team
 * of a person f lists). false: the request is already answered with an
 * error. */
typedef void (*DueRender)(Buf *b, const DueList *l);
bool due_fragment(Req *r, const SvcActor *a, const char *key, StoreGenScope teams, const char *arg, const DueFilter *f,
                  DueRender render);

/* How many rows of a kind, overdue and due soon. */
typedef struct {
    long all, over, soon;
} DueTally;
/* A due list's figures: they add up, so a scope's are the sum of its
 * teams'. */
typedef struct {
    DueTally staff, cases, sign_off, actions, escalations;
    long other_over; /* every kind but staff and case, overdue */
} DueFigures;
typedef struct {
    size_t n;
    char **teams;        /* by name ("" the people in no team) */
    DueFigures *figures; /* teams[i]'s */
    DueFigures sum;      /* the whole scope's */
} ScopeFigures;

/* The figures of each team of a scope (teams and arg as for due_fragment:
 * STORE_GEN_SERVICE or STORE_GEN_ALL) and their sum, as the due list of
 * filter whole (that scope) would give them: each team's kept while its
 * generation and the database-wide one stand still, else computed again,
 * one team at a time, or the whole scope at once when many have changed.
 * key names the scope. false: the request is already answered with an
 * error; else free out with scope_figures_free. */
bool due_scope_figures(Req *r, const SvcActor *a, const char *key, StoreGenScope teams, const char *arg,
                       const DueFilter *whole, ScopeFigures *out);
void scope_figures_free(ScopeFigures *s);
/* A summary line of a tally, as due_counts_line. */
void due_tally_line(Buf *b, const DueTally *t, const char *one, const char *many);

/* Sessions as a table under caption, or none (a sentence) when there are
 * none; says so when only the latest are shown. Each session is its date,
 * linked to its record when one was written in Oversight. */
void history_table(Buf *b, const History *h, const char *caption, const char *none, const char *download);
/* A session's type ("individual", "group", "informal") in words. */
const char *session_type_words(const char *type);

/* ---- Downloads (docs/web.md, "Downloads") ----
 * A page's table is offered for download at the page's own address with
 * ?table=NAME&format=csv or &format=xlsx added: the page asks its view
 * service as it does to show itself (the same access decision, the same
 * read recorded on the read trail), then answers with the table's rows
 * as a file instead of the page. */
typedef enum { EXPORT_NONE, EXPORT_CSV, EXPORT_XLSX, EXPORT_ANSWERED } ExportFormat;

/* What this request asks for: EXPORT_NONE (the page itself), or a format
 * with *table the table's name; EXPORT_ANSWERED when the request was bad
 * (a format other than csv or xlsx, or no table named: answered 400). */
ExportFormat export_asked(Req *r, const char **table);
/* "Download this table: CSV | XLSX" for the table named table; query is
 * what else of the page's query the download needs (already
 * percent-encoded, "q=smith"), or NULL. */
void export_links(Buf *b, const char *table, const char *query);
/* Answers with t as a file of format f, named after name and today's date
 * ("team-Family-support-supervision-2026-12-07.csv"). */
void export_send(Req *r, const Table *t, ExportFormat f, const char *name);
/* No such table on this page: 404. */
void export_unknown(Req *r);

/* The tables above as data, with the same rows and words the page shows
 * (each initialises t; free it with table_free). */
void due_staff_export(Table *t, const DueList *l, const char *caption);
void due_case_export(Table *t, const DueList *l, const char *caption, bool only_due, bool show_worker);
void due_other_export(Table *t, const DueList *l, const char *caption, bool only_due, bool show_person);
void history_export(Table *t, const History *h, const char *caption);
/* A due status in words, as its tag on the page says it. */
const char *status_words(DueStatus s);
/* A link for a table's cell: prefix ("/teams/") and segment
 * percent-encoded (RFC 3986 unreserved characters kept), cut to fit n. */
const char *table_href(char *out, size_t n, const char *prefix, const char *segment);
/* A table of t's rows as the page shows it (its cells' links as links),
 * with its download links when table is not NULL. */
void table_html(Buf *b, const Table *t, bool caption_visible, const char *table, const char *query);

#endif
