/* html.c: escaping and the page template (see html.h). */
#include "web/html.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/assets.h"

void html_text(Buf *b, const char *s)
{
    /* Runs of ordinary characters are copied whole: pages are mostly those. */
    while (*s) {
        size_t run = strcspn(s, "&<>\"'");
        buf_add(b, s, run);
        s += run;
        switch (*s) {
        case '&': buf_add(b, "&amp;", 5); break;
        case '<': buf_add(b, "&lt;", 4); break;
        case '>': buf_add(b, "&gt;", 4); break;
        case '"': buf_add(b, "&quot;", 6); break;
        case '\'': buf_add(b, "&#39;", 5); break;
        default: return; /* the end of s */
        }
        s++;
    }
}

void html_url_component(Buf *b, const char *s) { buf_add_percent(b, s); }

void html_raw_literal(Buf *b, const char *literal) { buf_adds(b, literal); }

/* Only %s (escaped), %u, %d, %ld and %% are understood: the format is a
 * template. Anything else is a programmer's mistake that would misread the
 * arguments, so it aborts (tests meet every template; tools/codecheck checks
 * the literal formats before that). */
void html_f(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            size_t run = strcspn(p, "%");
            buf_add(b, p, run);
            p += run - 1;
            continue;
        }
        p++;
        if (*p == 's') {
            const char *s = va_arg(ap, const char *);
            html_text(b, s ? s : "");
        } else if (*p == 'u') {
            const char *s = va_arg(ap, const char *);
            html_url_component(b, s ? s : "");
        } else if (*p == 'd') {
            buf_addf(b, "%d", va_arg(ap, int));
        } else if (*p == 'l' && p[1] == 'd') {
            buf_addf(b, "%ld", va_arg(ap, long));
            p++;
        } else if (*p == '%') {
            buf_addc(b, '%');
        } else {
            fprintf(stderr, "oversight: html_f: unknown conversion at \"%.20s\" in \"%.60s\"\n", p - 1, fmt);
            abort();
        }
    }
    va_end(ap);
}

void html_table_area_start(Buf *b, const char *label)
{
    html_f(b, "<div class=\"app-table-area\" role=\"region\" aria-label=\"%s\" tabindex=\"0\">", label);
}

void html_table_area_end(Buf *b) { buf_adds(b, "</div>"); }

void html_page_start(Buf *b, const HtmlPage *p)
{
    html_f(b,
           "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<title>%s - Oversight</title>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"%s\">\n"
           "</head>\n<body class=\"govuk-template__body\">\n"
           "<a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>\n"
           "<header class=\"govuk-header\"><div class=\"govuk-header__container govuk-width-container\">"
           "<div class=\"govuk-header__logo\"><a href=\"/\" class=\"govuk-header__link govuk-header__link--homepage\">"
           "<span class=\"govuk-header__logotype-text\">Oversight</span></a></div>",
           p->title, assets_url("favicon.svg"), assets_url("app.css"));
    if (p->signed_in_as)
        html_f(
            b,
            "<div class=\"govuk-header__content\"><form method=\"post\" action=\"/sign-out\" class=\"app-sign-out\">"
            "<span class=\"govuk-header__service-name\">%s</span> "
            "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
            "<button type=\"submit\" class=\"govuk-button govuk-button--secondary app-sign-out__button\">Sign out</button>"
            "</form></div>",
            p->signed_in_as, p->csrf ? p->csrf : "");
    buf_adds(b, "</div></header>\n");
    if (p->signed_in_as && p->nnav) {
        buf_adds(b, "<section class=\"govuk-service-navigation\" aria-label=\"Menu\">"
                    "<div class=\"govuk-width-container\"><div class=\"govuk-service-navigation__container\">"
                    "<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">"
                    "<ul class=\"govuk-service-navigation__list\" id=\"navigation\">");
        for (size_t i = 0; i < p->nnav; i++) {
            bool here = p->current && strcmp(p->current, p->nav[i].href) == 0;
            if (here)
                html_f(b,
                       "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
                       "<a class=\"govuk-service-navigation__link\" href=\"%s\" aria-current=\"page\">"
                       "<strong class=\"govuk-service-navigation__active-fallback\">%s",
                       p->nav[i].href, p->nav[i].label);
            else
                html_f(b,
                       "<li class=\"govuk-service-navigation__item\"><a class=\"govuk-service-navigation__link\""
                       " href=\"%s\">%s",
                       p->nav[i].href, p->nav[i].label);
            if (p->count_href && p->count > 0 && strcmp(p->count_href, p->nav[i].href) == 0)
                html_f(b,
                       "<span aria-hidden=\"true\"> (%ld)</span><span class=\"govuk-visually-hidden\">, %ld %s</span>",
                       p->count, p->count, p->count_words ? p->count_words : "");
            if (here)
                HTML_RAW(b, "</strong></a></li>");
            else
                HTML_RAW(b, "</a></li>");
        }
        buf_adds(b, "</ul></nav>");
        if (p->search)
            buf_adds(b,
                     "<form method=\"get\" action=\"/search\" role=\"search\" aria-label=\"People, cases and records\""
                     " class=\"app-search\"><label class=\"govuk-label govuk-visually-hidden\" for=\"app-search-q\">"
                     "Search people, cases and records</label><input class=\"govuk-input app-search__input\""
                     " id=\"app-search-q\" name=\"q\" type=\"search\" spellcheck=\"false\">"
                     "<button type=\"submit\" class=\"govuk-button govuk-button--secondary app-search__button\">"
                     "Search</button></form>");
        buf_adds(b, "</div></div></section>\n");
    }
    buf_adds(b, "<div class=\"govuk-width-container\">\n"
                "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n");
    if (p->printed)
        html_f(b, "<p class=\"govuk-body-s app-print-only\">Oversight: %s. Printed from the page of %s.</p>\n",
               p->title, p->printed);
}

void html_page_end(Buf *b)
{
    buf_adds(b, "</main>\n</div>\n<footer class=\"govuk-footer\">"
                "<div class=\"govuk-width-container\"><p class=\"govuk-body-s\">Oversight: professional "
                "supervision in social care</p></div></footer>\n");
    html_f(b, "<script type=\"module\" src=\"%s\"></script>\n<script type=\"module\" src=\"%s\"></script>\n",
           assets_url("govuk-frontend.min.js"), assets_url("app.mjs"));
    buf_adds(b, "</body>\n</html>\n");
}
