/* sheet.c: a sheet (sheet.h) laid out by pango and drawn by cairo into a
 * PDF. The only file that includes cairo's and pango's headers.
 *
 * Two passes: every block is first made into pango layouts and its lines
 * placed on pages (a line that does not fit below the last starts a new
 * page), so the number of pages is known; then the pages are drawn, each
 * with its footer and "Page N of M". Sizes are in points (1/72 inch),
 * pango's resolution is set to 72 so that a 10-point font is 10 units. */
#include <cairo-pdf.h>
#include <pthread.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "core/date.h"
#include "format/sheet.h"

/* A4 and its margins, in points. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 56.693 /* 20 mm */
#define MARGIN_TOP 56.693
#define BODY_BOTTOM (PAGE_H - 62.0) /* the footer sits below */
#define FOOTER_Y (PAGE_H - 36.0)    /* the footer's baseline */
#define BODY_W (PAGE_W - 2 * MARGIN_X)
#define LABEL_W (BODY_W * 0.30) /* a row's label column */
#define LABEL_GAP 12.0
/* A heading is moved to the next page unless this much of what follows
 * fits under it. */
#define KEEP_WITH_NEXT 40.0

/* Noto Sans, then the Noto families for the scripts it lacks, named
 * rather than left to fontconfig's fallback, which picks by the locale's
 * language (Japanese forms of Chinese characters, another font's Arabic). */
#define FAMILIES "Noto Sans, Noto Sans Arabic, Noto Sans CJK SC, Sans"
#define FONT_BODY FAMILIES " 10"
#define FONT_LABEL FAMILIES " Bold 10"
#define FONT_NOTE FAMILIES " 8.5"
#define FONT_FOOTER FAMILIES " 8"
#define FONT_MONO "Noto Sans Mono, DejaVu Sans Mono, Noto Sans Mono CJK SC, Monospace 8.5"

/* The fonts loaded, kept from one sheet to the next (loading them again for
 * each sheet would take it from 15 to 100 ms), in a font map of the
 * module's own: pango's default one is per thread and never freed. A font
 * map may not be used by two threads at once, so a sheet is laid out and
 * drawn under this lock, one at a time. */
static pthread_mutex_t fonts_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *fonts;

static const struct {
    const char *name, *font;
    double space_before; /* points above the block, unless it starts a page */
    double gray;         /* 0: black */
} kinds[] = {
    [SHEET_TITLE] = {"title", FAMILIES " Bold 17", 0, 0},
    [SHEET_HEADING] = {"heading", FAMILIES " Bold 13", 16, 0},
    [SHEET_SUBHEADING] = {"subheading", FAMILIES " Bold 10.5", 10, 0},
    [SHEET_PARAGRAPH] = {"paragraph", FONT_BODY, 5, 0},
    [SHEET_NOTE] = {"note", FONT_NOTE, 2, 0.35},
    [SHEET_ROW] = {"row", FONT_BODY, 3, 0},
    [SHEET_MONO] = {"monospace line", FONT_MONO, 4, 0},
};

void sheet_init(Sheet *s, const char *title, const char *footer, int64_t created)
{
    memset(s, 0, sizeof *s);
    s->title = arena_strndup(&s->strings, title ? title : "", title ? strlen(title) : 0);
    s->footer = arena_strndup(&s->strings, footer ? footer : "", footer ? strlen(footer) : 0);
    s->created = created;
}

static void add_block(Sheet *s, SheetKind kind, const char *label, const char *text)
{
    xgrow((void **)&s->blocks, &s->cap, s->n + 1, sizeof *s->blocks);
    s->blocks[s->n++] = (SheetBlock){
        .kind = kind,
        .label = arena_strndup(&s->strings, label ? label : "", label ? strlen(label) : 0),
        .text = arena_strndup(&s->strings, text ? text : "", text ? strlen(text) : 0),
    };
}

void sheet_add(Sheet *s, SheetKind kind, const char *text)
{
    if (kind == SHEET_ROW) {
        sheet_row(s, "", text);
        return;
    }
    if ((kind == SHEET_PARAGRAPH || kind == SHEET_NOTE) && (!text || !*text)) return;
    add_block(s, kind, "", text);
}

void sheet_row(Sheet *s, const char *label, const char *value) { add_block(s, SHEET_ROW, label, value); }

void sheet_free(Sheet *s)
{
    if (!s) return;
    free(s->blocks);
    arena_free(&s->strings);
    memset(s, 0, sizeof *s);
}

/* ---- checking the text ---- */

/* Whether s is valid UTF-8; else err says where, naming what. */
static bool check_utf8(const char *s, const char *what, char err[SHEET_ERROR_CHARS])
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len((const unsigned char *)s + i, n - i);
        if (!k) {
            strfmt(err, SHEET_ERROR_CHARS, "%s: the text is not valid UTF-8 at byte %zu", what, i + 1);
            return false;
        }
        i += k;
    }
    return true;
}

static bool check_sheet(const Sheet *s, char err[SHEET_ERROR_CHARS])
{
    if (!check_utf8(s->title, "the title", err) || !check_utf8(s->footer, "the footer", err)) return false;
    size_t total = strlen(s->title) + strlen(s->footer);
    for (size_t i = 0; i < s->n; i++) {
        const SheetBlock *b = &s->blocks[i];
        if ((unsigned)b->kind >= sizeof kinds / sizeof kinds[0]) {
            strfmt(err, SHEET_ERROR_CHARS, "block %zu: no such kind of block (%d)", i + 1, (int)b->kind);
            return false;
        }
        char what[64];
        strfmt(what, sizeof what, "block %zu (%s%s)", i + 1, kinds[b->kind].name,
               b->kind == SHEET_ROW ? "'s label" : "");
        if (!check_utf8(b->label, what, err)) return false;
        strfmt(what, sizeof what, "block %zu (%s%s)", i + 1, kinds[b->kind].name,
               b->kind == SHEET_ROW ? "'s value" : "");
        if (!check_utf8(b->text, what, err)) return false;
        total += strlen(b->label) + strlen(b->text);
    }
    if (total > SHEET_TEXT_MAX) {
        strfmt(err, SHEET_ERROR_CHARS, "the sheet holds %zu bytes of text, more than the %zu a sheet may", total,
               SHEET_TEXT_MAX);
        return false;
    }
    return true;
}

/* ---- layout: lines placed on pages ---- */

/* One line of a layout, where it is drawn. */
typedef struct {
    PangoLayout *layout;
    int line;
    int page; /* from 0 */
    double x, baseline;
    double gray;
} Placed;

typedef struct {
    PangoContext *ctx;
    PangoLayout **layouts; /* every layout made, unreferenced at the end */
    size_t nlayouts, layouts_cap;
    Placed *lines;
    size_t nlines, lines_cap;
    int page;  /* the page being filled */
    double y;  /* the top of the next line on it */
    bool used; /* something is placed on the page */
} Layout;

/* A layout of text in font, width points wide; mono wraps at any character. */
static PangoLayout *make_layout(Layout *L, const char *font, const char *text, double width, bool mono)
{
    PangoLayout *pl = pango_layout_new(L->ctx);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(pl, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(pl, mono ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
    /* A word broken at the end of a line gets no hyphen: the text is
     * printed as written, and a hash or a signature must not gain one. */
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(pl, attrs);
    pango_attr_list_unref(attrs);
    /* Left to right, as the pages show it, whatever script a text starts
     * with: the sheet is in English, and "<Arabic name> disagreed with
     * version 1" is an English sentence. A run of Arabic within a line is
     * still shaped and ordered right to left (the bidi algorithm). */
    pango_layout_set_auto_dir(pl, FALSE);
    pango_layout_set_text(pl, text, -1); /* plain text: never pango markup */
    xgrow((void **)&L->layouts, &L->layouts_cap, L->nlayouts + 1, sizeof *L->layouts);
    L->layouts[L->nlayouts++] = pl;
    return pl;
}

/* A layout's lines: each one's height, baseline (from its top) and x
 * (alignment: a right-to-left paragraph's lines start at the right). */
typedef struct {
    double height, baseline, x;
} LineBox;

static LineBox *line_boxes(PangoLayout *pl, int *n)
{
    *n = pango_layout_get_line_count(pl);
    LineBox *boxes = xcalloc((size_t)*n + 1, sizeof *boxes);
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    int i = 0;
    do {
        int y0, y1;
        PangoRectangle logical;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        boxes[i].height = (double)(y1 - y0) / PANGO_SCALE;
        boxes[i].baseline = (double)(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE;
        boxes[i].x = (double)logical.x / PANGO_SCALE;
        i++;
    } while (i < *n && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return boxes;
}

static void new_page(Layout *L)
{
    L->page++;
    L->y = MARGIN_TOP;
    L->used = false;
}

/* Room for height points below the last line, starting a new page when
 * there is none (a line taller than a page gets a page of its own). */
static void make_room(Layout *L, double height)
{
    if (L->used && L->y + height > BODY_BOTTOM) new_page(L);
}

static void place(Layout *L, PangoLayout *pl, int line, double x, double baseline, double gray)
{
    xgrow((void **)&L->lines, &L->lines_cap, L->nlines + 1, sizeof *L->lines);
    L->lines[L->nlines++] = (Placed){pl, line, L->page, x, baseline, gray};
    L->used = true;
}

/* The space above a block, unless it starts a page. */
static void space_before(Layout *L, double points)
{
    if (L->used) L->y += points;
}

/* Each line of pl below the last, at x, onto the next page when it does not fit. */
static void place_lines(Layout *L, PangoLayout *pl, double x, double gray)
{
    int n;
    LineBox *lb = line_boxes(pl, &n);
    for (int i = 0; i < n; i++) {
        make_room(L, lb[i].height);
        place(L, pl, i, x + lb[i].x, L->y + lb[i].baseline, gray);
        L->y += lb[i].height;
    }
    free(lb);
}

static void layout_block(Layout *L, const SheetBlock *b, const SheetBlock *next)
{
    space_before(L, kinds[b->kind].space_before);
    double gray = kinds[b->kind].gray;
    if (b->kind == SHEET_ROW) {
        PangoLayout *label = make_layout(L, FONT_LABEL, b->label, LABEL_W, false);
        if (pango_layout_get_line_count(label) > 2) {
            /* A label too long for its column (a question) goes above its
             * value, each the page's width. */
            pango_layout_set_width(label, (int)(BODY_W * PANGO_SCALE));
            place_lines(L, label, MARGIN_X, gray);
            place_lines(L, make_layout(L, FONT_BODY, b->text, BODY_W, false), MARGIN_X, gray);
            return;
        }
        PangoLayout *value = make_layout(L, FONT_BODY, b->text, BODY_W - LABEL_W - LABEL_GAP, false);
        int nl, nv;
        LineBox *lb = line_boxes(label, &nl), *vb = line_boxes(value, &nv);
        /* Line by line, side by side: the label's first line beside the value's. */
        for (int i = 0; i < nl || i < nv; i++) {
            double h = i < nl && i < nv ? (lb[i].height > vb[i].height ? lb[i].height : vb[i].height)
                       : i < nl         ? lb[i].height
                                        : vb[i].height;
            make_room(L, h);
            if (i < nl) place(L, label, i, MARGIN_X + lb[i].x, L->y + lb[i].baseline, gray);
            if (i < nv) place(L, value, i, MARGIN_X + LABEL_W + LABEL_GAP + vb[i].x, L->y + vb[i].baseline, gray);
            L->y += h;
        }
        free(lb);
        free(vb);
        return;
    }
    PangoLayout *pl = make_layout(L, kinds[b->kind].font, b->text, BODY_W, b->kind == SHEET_MONO);
    if ((b->kind == SHEET_HEADING || b->kind == SHEET_SUBHEADING || b->kind == SHEET_TITLE) && next) {
        /* A heading stays with the start of what it heads. */
        PangoRectangle r;
        pango_layout_get_extents(pl, NULL, &r);
        double h = KEEP_WITH_NEXT + (double)r.height / PANGO_SCALE;
        if (h <= BODY_BOTTOM - MARGIN_TOP) make_room(L, h);
    }
    place_lines(L, pl, MARGIN_X, gray);
    if (b->kind == SHEET_TITLE) L->y += 6;
}

/* ---- drawing ---- */

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int length)
{
    Buf *b = closure;
    buf_add(b, (const char *)data, length);
    return b->overflow ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* "Page N of M" at the right of the foot, the footer text at its left,
 * cut with an ellipsis where the two would meet. */
static void draw_footer(cairo_t *cr, Layout *L, const char *footer, int page, int pages)
{
    char words[64];
    strfmt(words, sizeof words, "Page %d of %d", page, pages);
    PangoLayout *num = make_layout(L, FONT_FOOTER, words, BODY_W, false);
    PangoRectangle nr;
    pango_layout_get_extents(num, NULL, &nr);
    double num_w = (double)nr.width / PANGO_SCALE;
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, MARGIN_X, FOOTER_Y - 14);
    cairo_line_to(cr, PAGE_W - MARGIN_X, FOOTER_Y - 14);
    cairo_stroke(cr);
    double base = (double)pango_layout_get_baseline(num) / PANGO_SCALE;
    cairo_move_to(cr, PAGE_W - MARGIN_X - num_w, FOOTER_Y - base);
    pango_cairo_show_layout(cr, num);
    if (*footer) {
        PangoLayout *text = make_layout(L, FONT_FOOTER, footer, BODY_W - num_w - 18, false);
        pango_layout_set_single_paragraph_mode(text, TRUE);
        pango_layout_set_ellipsize(text, PANGO_ELLIPSIZE_END);
        cairo_move_to(cr, MARGIN_X, FOOTER_Y - (double)pango_layout_get_baseline(text) / PANGO_SCALE);
        pango_cairo_show_layout(cr, text);
    }
}

/* AddressSanitizer's builds: gcc says so with a macro, clang (make fuzz) as a feature. */
#if defined(__SANITIZE_ADDRESS__)
#define SHEET_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SHEET_ASAN 1
#endif
#endif

#ifdef SHEET_ASAN
/* LeakSanitizer's hook, in the sanitizer builds (make SAN=1), for what the
 * libraries lose or hide, not this module: fontconfig keeps a pattern's
 * values at offsets from the pattern rather than by pointer, so every
 * pattern the font map holds at exit looks lost; cairo 1.16 loses 768
 * bytes each time it embeds a CFF font (the Chinese one) in a PDF. Their
 * frames have no names, so they are left out by library. What this module
 * makes through pango (layouts, contexts: glib's allocations) is still
 * reported when glib allocates with malloc (G_SLICE=always-malloc: its
 * slice allocator hides them otherwise); its three cairo objects are
 * each destroyed at the end of sheet_pdf. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\nleak:libcairo.so\n"; }
/* ... without a table of them at every exit. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void) { return "print_suppressions=0"; }
#endif

/* The creation date as cairo takes it (ISO 8601, UTC). */
static void iso_time(int64_t t, char out[32])
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    if (days < DATE_MIN) days = DATE_MIN, secs = 0;
    if (days > DATE_MAX) days = DATE_MAX, secs = 0;
    int y, m, d;
    date_to_ymd((Date)days, &y, &m, &d);
    strfmt(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
           (int)(secs % 60));
}

bool sheet_pdf(const Sheet *s, Buf *pdf, char err[SHEET_ERROR_CHARS])
{
    err[0] = 0;
    if (!check_sheet(s, err)) return false;
    size_t cap = pdf->max ? pdf->max : BUF_MAX_DEFAULT;
    Buf out = {.max = cap > pdf->len ? cap - pdf->len : 1};
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_buf, &out, PAGE_W, PAGE_H);
    char created[32];
    iso_time(s->created, created);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, s->title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Oversight");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, created);
    cairo_t *cr = cairo_create(surface);

    /* Glyph positions as the font designs them, not fitted to a screen's
     * pixels: a PDF is scaled. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pthread_mutex_lock(&fonts_lock);
    if (!fonts) fonts = pango_cairo_font_map_new();
    Layout L = {.ctx = pango_font_map_create_context(fonts), .y = MARGIN_TOP};
    pango_cairo_update_context(cr, L.ctx);
    pango_cairo_context_set_resolution(L.ctx, 72);
    pango_cairo_context_set_font_options(L.ctx, fo);
    pango_context_set_round_glyph_positions(L.ctx, FALSE);
    pango_context_set_base_dir(L.ctx, PANGO_DIRECTION_LTR);
    cairo_font_options_destroy(fo);

    for (size_t i = 0; i < s->n; i++) layout_block(&L, &s->blocks[i], i + 1 < s->n ? &s->blocks[i + 1] : NULL);
    int pages = L.page + 1;
    size_t next = 0;
    for (int p = 0; p < pages; p++) {
        for (; next < L.nlines && L.lines[next].page == p; next++) {
            const Placed *pl = &L.lines[next];
            cairo_set_source_rgb(cr, pl->gray, pl->gray, pl->gray);
            cairo_move_to(cr, pl->x, pl->baseline);
            pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(pl->layout, pl->line));
        }
        draw_footer(cr, &L, s->footer, p + 1, pages);
        cairo_show_page(cr);
    }

    cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t finished = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    for (size_t i = 0; i < L.nlayouts; i++) g_object_unref(L.layouts[i]);
    free(L.layouts);
    free(L.lines);
    g_object_unref(L.ctx);
    pthread_mutex_unlock(&fonts_lock);

    bool ok = drawn == CAIRO_STATUS_SUCCESS && finished == CAIRO_STATUS_SUCCESS && !out.overflow;
    if (ok)
        buf_add(pdf, out.data, out.len);
    else if (out.overflow)
        strfmt(err, SHEET_ERROR_CHARS, "the PDF is larger than the %zu bytes allowed", cap);
    else
        strfmt(err, SHEET_ERROR_CHARS, "cairo: %s",
               cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished));
    buf_free(&out);
    return ok && !pdf->overflow;
}

static const char *const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};

const char *sheet_civil_date(const char *iso, char out[32])
{
    Date d;
    int y, m, day;
    if (!iso || strlen(iso) != 10 || !date_parse(iso, 10, &d)) return strfmt(out, 32, "%s", iso ? iso : "");
    date_to_ymd(d, &y, &m, &day);
    return strfmt(out, 32, "%d %s %d", day, month_names[m - 1], y);
}

const char *sheet_utc_time(int64_t t, char out[48])
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    if (days < DATE_MIN || days > DATE_MAX) return strfmt(out, 48, "%lld", (long long)t);
    int y, m, d;
    date_to_ymd((Date)days, &y, &m, &d);
    return strfmt(out, 48, "%d %s %d, %02d:%02d UTC", d, month_names[m - 1], y, (int)(secs / 3600),
                  (int)(secs / 60 % 60));
}
