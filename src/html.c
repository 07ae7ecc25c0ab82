/* html.c: escaping and the page template (see html.h). */
#include "html.h"

#include <stdarg.h>
#include <string.h>

void html_text(Buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': buf_adds(b, "&amp;"); break;
        case '<': buf_adds(b, "&lt;"); break;
        case '>': buf_adds(b, "&gt;"); break;
        case '"': buf_adds(b, "&quot;"); break;
        case '\'': buf_adds(b, "&#39;"); break;
        default: buf_addc(b, *s); break;
        }
    }
}

/* Only %s (escaped), %d, %ld and %% are understood: the format is a template. */
void html_f(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            buf_addc(b, *p);
            continue;
        }
        p++;
        if (*p == 's') {
            const char *s = va_arg(ap, const char *);
            html_text(b, s ? s : "");
        } else if (*p == 'd') {
            buf_addf(b, "%d", va_arg(ap, int));
        } else if (*p == 'l' && p[1] == 'd') {
            buf_addf(b, "%ld", va_arg(ap, long));
            p++;
        } else if (*p == '%') {
            buf_addc(b, '%');
        } else {
            break; /* a template mistake: stop rather than misread the arguments */
        }
    }
    va_end(ap);
}

void html_page_start(Buf *b, const char *title, const char *signed_in_as, const char *csrf)
{
    html_f(b,
           "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<title>%s - Oversight</title>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "</head>\n<body class=\"govuk-template__body\">\n"
           "<a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>\n"
           "<header class=\"govuk-header\" role=\"banner\"><div class=\"govuk-header__container govuk-width-container\">"
           "<p><a href=\"/\" class=\"govuk-header__link govuk-header__service-name\">Oversight</a></p>",
           title);
    if (signed_in_as)
        html_f(b,
               "<form method=\"post\" action=\"/sign-out\" class=\"govuk-header__content\">"
               "<span class=\"govuk-body\">%s</span> "
               "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
               "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Sign out</button></form>",
               signed_in_as, csrf ? csrf : "");
    buf_adds(b, "</div></header>\n<div class=\"govuk-width-container\">\n"
                "<main class=\"govuk-main-wrapper\" id=\"main-content\" role=\"main\">\n");
}

void html_page_end(Buf *b)
{
    buf_adds(b, "</main>\n</div>\n<footer class=\"govuk-footer\" role=\"contentinfo\">"
                "<div class=\"govuk-width-container\"><p class=\"govuk-body-s\">Oversight: professional "
                "supervision in social care</p></div></footer>\n</body>\n</html>\n");
}
