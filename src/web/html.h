/* html.h: writing HTML safely. Every piece of text that did not come from
 * this program's own templates goes through html_text or html_attr. */
#ifndef OV_HTML_H
#define OV_HTML_H

#include "core/util.h"

/* Text content, escaped (& < > " '). */
void html_text(Buf *b, const char *s);
/* s percent-encoded as one segment of a URL path (RFC 3986 unreserved
 * characters kept), so a name can be put into a link. */
void html_url_component(Buf *b, const char *s);
/* printf into HTML; the format itself is trusted. %s is escaped text, %u a
 * URL path segment (html_url_component), %d an int, %ld a long, %% a '%'. */
void html_f(Buf *b, const char *fmt, ...);

/* Markup written as it is: the one raw output, for this program's own
 * literal markup only. A macro, so that anything but a string literal fails
 * to compile ("" lit ""), and spelled apart from every other write so that
 * tools/codecheck finds each one. */
#define HTML_RAW(b, lit) html_raw_literal((b), "" lit "")
void html_raw_literal(Buf *b, const char *literal);

typedef struct {
    const char *label, *href;
} HtmlLink;

/* Every table's own area, around it: a table wider than the screen (320 px
 * wide, 400% zoom) scrolls sideways inside it, never the page (WCAG 2.2
 * 1.4.10). A region named label, focusable, so that it can be scrolled
 * from the keyboard. */
void html_table_area_start(Buf *b, const char *label);
void html_table_area_end(Buf *b);

/* A page's frame. Everything is escaped. */
typedef struct {
    const char *title;
    const char *signed_in_as; /* NULL when signed out: no navigation, no sign-out */
    const char *csrf;         /* for the sign-out button */
    const HtmlLink *nav;      /* the service navigation */
    size_t nnav;
    const char *current; /* the nav href of this page, if any */
    bool search;         /* the search box beside the navigation (GET /search?q=) */
    /* The day the page was made ("7 December 2026"), printed with its title
     * at the top of a printed copy (web/app.scss, @media print); NULL: none. */
    const char *printed;
    /* A count beside one navigation link (the inbox's unread messages):
     * "Inbox (3)" on the screen, "Inbox, 3 unread" to a screen reader. */
    const char *count_href; /* NULL: none */
    long count;
    const char *count_words; /* what is counted, e.g. "unread" */
} HtmlPage;

/* The page around a body: GOV.UK Frontend's template markup. */
void html_page_start(Buf *b, const HtmlPage *p);
void html_page_end(Buf *b);

#endif
