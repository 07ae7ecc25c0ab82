/* html.h: writing HTML safely. Every piece of text that did not come from
 * this program's own templates goes through html_text or html_attr. */
#ifndef OV_HTML_H
#define OV_HTML_H

#include "util.h"

/* Text content, escaped (& < > " '). */
void html_text(Buf *b, const char *s);
/* printf into HTML, each %s argument escaped; the format itself is trusted. */
void html_f(Buf *b, const char *fmt, ...);

/* The page around a body: GOV.UK Frontend's template markup. signed_in_as
 * (NULL when signed out) and csrf (for the sign-out button) are escaped. */
void html_page_start(Buf *b, const char *title, const char *signed_in_as, const char *csrf);
void html_page_end(Buf *b);

#endif
