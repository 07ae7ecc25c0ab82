/* page_lists.h: the lists the supervision pages (page_*.c) share: a due
 * list's tables and summary counts, a history of sessions, and due lists
 * kept as rendered while the data stands still (page_cache.h). They write
 * what a view service (svc/view_*.h) returned; the page has already asked
 * the view, which decided the viewer may see it. */
#ifndef OV_WEB_PAGE_LISTS_H
#define OV_WEB_PAGE_LISTS_H

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
size_t due_staff_table(Buf *b, const DueList *l, const char *caption);
size_t due_case_table(Buf *b, const DueList *l, const char *caption, bool only_due, bool show_worker);
/* Agreement reviews, records to sign, actions and escalations. */
size_t due_other_table(Buf *b, const DueList *l, const char *caption, bool only_due, bool show_person);
/* The rule that set a row's due date, in words with its source ("Child
 * protection plan: every 2 months", "Agreement: every 3 weeks"); the
 * machine formats keep row->r.rule. Returns out. */
const char *due_rule_words(const DueRow *row, char *out, size_t n);
/* A summary line: how many of a kind (one, many: its noun's two forms)
 * there are, and how many are overdue and due soon. */
void due_counts_line(Buf *b, const DueList *l, DueKind kind, const char *one, const char *many);

/* Appends the due list of filter f as render writes it: from the page cache
 * when the data is as it was, else computed (view_due) and kept. scope
 * names what decides the content besides the date. false: the request is
 * already answered with an error. */
typedef void (*DueRender)(Buf *b, const DueList *l);
bool due_fragment(Req *r, const SvcActor *a, const char *scope, const DueFilter *f, DueRender render);

/* Sessions as a table under caption, or none (a sentence) when there are
 * none; says so when only the latest are shown. Each session is its date,
 * linked to its record when one was written in Oversight. */
void history_table(Buf *b, const History *h, const char *caption, const char *none);
/* A session's type ("individual", "group", "informal") in words. */
const char *session_type_words(const char *type);

#endif
