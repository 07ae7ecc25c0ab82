/* test_sheet.c: the PDF record sheet (format/sheet.h), read back with
 * poppler's pdftotext and pdfinfo (pdf_read.h) as a person's reader would:
 * names and text in Polish, Welsh, Arabic and Chinese come out as written,
 * long text wraps inside the page and continues onto the next pages with
 * nothing lost, every page says "Page N of M", the same sheet gives the
 * same bytes, and text that is not UTF-8 is refused, saying where. */
#include "format/sheet.h"
#include "test.h"
#include "pdf_read.h"

#define POLISH "Zażółć gęślą jaźń"
#define POLISH_NAME "Łukasz Wróbel"
#define WELSH_NAME "Siân Llŷr"
#define WELSH "Dŵr"
#define ARABIC "فاطمة الزهراء"
#define CHINESE "王小明 督导记录"

/* The page's width and the sheet's margins, in points (sheet.c). */
#define PAGE_W 595.276
#define MARGIN_X 56.693

static bool make_pdf(const Sheet *s, Buf *pdf)
{
    char err[SHEET_ERROR_CHARS];
    bool ok = sheet_pdf(s, pdf, err);
    if (!ok) fprintf(stderr, "  sheet_pdf: %s\n", err);
    return ok;
}

/* s with every run of white space taken out. */
static void squeeze(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++)
        if (*r != ' ' && *r != '\n' && *r != '\t' && *r != '\f' && *r != '\r') *w++ = *r;
    *w = 0;
}

/* A paragraph of n bytes of numbered words, so that a word lost or out of
 * order shows. */
static char *numbered_words(size_t n)
{
    Buf b = {0};
    for (int i = 1; b.len < n; i++) buf_addf(&b, "word%05d ", i);
    char *s = xstrndup(b.data, n);
    buf_free(&b);
    return s;
}

static void test_pdf_bytes(void)
{
    Sheet s;
    sheet_init(&s, "A record", "A record, version 1", 1790000000);
    sheet_add(&s, SHEET_TITLE, "A record");
    sheet_add(&s, SHEET_PARAGRAPH, "Some text.");
    Buf pdf = {0};
    CHECK(make_pdf(&s, &pdf));
    CHECK(pdf.len > 1000 && memcmp(pdf.data, "%PDF-", 5) == 0);
    CHECK(strstr(pdf.data + pdf.len - 8, "%%EOF") != NULL);
    CHECK_INT(pdf_pages(&pdf), 1);
    char v[200];
    CHECK(pdf_info(&pdf, "Title", v, sizeof v));
    CHECK_STR(v, "A record");
    CHECK(pdf_info(&pdf, "CreationDate", v, sizeof v));
    CHECK_HAS(v, "2026"); /* 1790000000 is 21 September 2026, 14:13:20 UTC */
    CHECK_HAS(v, "14:13:20");
    /* Appended: what the buffer held stays in front. */
    Buf two = {0};
    buf_adds(&two, "before");
    CHECK(make_pdf(&s, &two));
    CHECK_INT(two.len, pdf.len + 6);
    CHECK(memcmp(two.data + 6, pdf.data, pdf.len) == 0);
    buf_free(&two);
    buf_free(&pdf);
    sheet_free(&s);
}

static void test_empty_sheet(void)
{
    Sheet s;
    sheet_init(&s, NULL, NULL, 0);
    Buf pdf = {0};
    CHECK(make_pdf(&s, &pdf));
    CHECK_INT(pdf_pages(&pdf), 1);
    char *text = pdf_text(&pdf, "");
    CHECK(text != NULL);
    if (text) CHECK_HAS(text, "Page 1 of 1");
    free(text);
    buf_free(&pdf);
    sheet_free(&s);
}

static void test_same_bytes(void)
{
    Buf a = {0}, b = {0}, c = {0};
    for (int i = 0; i < 3; i++) {
        Sheet s;
        sheet_init(&s, POLISH_NAME, ARABIC, i < 2 ? 1790000000 : 1790000060);
        sheet_add(&s, SHEET_TITLE, CHINESE);
        sheet_row(&s, "Name", WELSH_NAME);
        sheet_add(&s, SHEET_PARAGRAPH, POLISH);
        sheet_add(&s, SHEET_MONO, "3f1c2a9b7e0d44c8a1f5b6e2d9c3a7f08e1b2c3d4e5f60718293a4b5c6d7e8f9");
        CHECK(make_pdf(&s, i == 0 ? &a : i == 1 ? &b : &c));
        sheet_free(&s);
    }
    CHECK_INT(a.len, b.len);
    CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    /* The creation date is the sheet's, not the clock's: another gives other bytes. */
    CHECK(a.len != c.len || memcmp(a.data, c.data, a.len) != 0);
    buf_free(&a);
    buf_free(&b);
    buf_free(&c);
}

/* Every script's names and text come out of pdftotext as written, in the
 * title, headings, rows, paragraphs and the footer. */
static void test_scripts_read_back(void)
{
    Sheet s;
    sheet_init(&s, "Supervision record: " POLISH_NAME, "Supervision record of " ARABIC ", version 2", 1790000000);
    sheet_add(&s, SHEET_TITLE, POLISH_NAME " with " WELSH_NAME);
    sheet_row(&s, "Supervisor", WELSH_NAME);
    sheet_row(&s, "Supervisee", ARABIC);
    sheet_row(&s, "Team", CHINESE);
    sheet_add(&s, SHEET_HEADING, "Management and support");
    sheet_add(&s, SHEET_PARAGRAPH, POLISH ".");
    sheet_add(&s, SHEET_PARAGRAPH, WELSH " is water.");
    sheet_add(&s, SHEET_PARAGRAPH, ARABIC);
    sheet_add(&s, SHEET_PARAGRAPH, CHINESE);
    sheet_add(&s, SHEET_SUBHEADING, "Case " CHINESE);
    sheet_add(&s, SHEET_NOTE, "Written by " WELSH_NAME);
    Buf pdf = {0};
    CHECK(make_pdf(&s, &pdf));
    char *text = pdf_text(&pdf, "");
    CHECK(text != NULL);
    if (text) {
        static const char *const want[] = {POLISH_NAME " with " WELSH_NAME,
                                           WELSH_NAME,
                                           ARABIC,
                                           CHINESE,
                                           POLISH ".",
                                           WELSH " is water.",
                                           "Case " CHINESE,
                                           "Written by " WELSH_NAME,
                                           "Supervision record of " ARABIC ", version 2",
                                           "Page 1 of 1"};
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) CHECK_HAS(text, want[i]);
    }
    free(text);
    char title[200];
    CHECK(pdf_info(&pdf, "Title", title, sizeof title));
    CHECK_STR(title, "Supervision record: " POLISH_NAME);
    buf_free(&pdf);
    sheet_free(&s);
}

/* Text is plain text: what looks like pango markup is shown as typed. */
static void test_markup_is_text(void)
{
    Sheet s;
    sheet_init(&s, "<b>x</b>", "<i>foot</i> &amp;", 0);
    sheet_add(&s, SHEET_PARAGRAPH, "<b>bold</b> & <span foreground=\"red\">red</span> &lt;");
    sheet_row(&s, "<u>label</u>", "<big>value</big>");
    Buf pdf = {0};
    CHECK(make_pdf(&s, &pdf));
    char *text = pdf_text(&pdf, "");
    CHECK(text != NULL);
    if (text) {
        CHECK_HAS(text, "<b>bold</b> & <span foreground=\"red\">red</span> &lt;");
        CHECK_HAS(text, "<u>label</u>");
        CHECK_HAS(text, "<big>value</big>");
        CHECK_HAS(text, "<i>foot</i> &amp;");
    }
    free(text);
    buf_free(&pdf);
    sheet_free(&s);
}

/* The least xMin and the greatest xMax of pdftotext -bbox's words. */
static void word_bounds(const char *bbox, double *min_x, double *max_x, int *words)
{
    *min_x = 1e9, *max_x = -1e9, *words = 0;
    for (const char *p = strstr(bbox, "<word "); p; p = strstr(p + 1, "<word ")) {
        const char *a = strstr(p, "xMin=\""), *b = strstr(p, "xMax=\"");
        if (!a || !b) break;
        double x0 = strtod(a + 6, NULL), x1 = strtod(b + 6, NULL);
        if (x0 < *min_x) *min_x = x0;
        if (x1 > *max_x) *max_x = x1;
        ++*words;
    }
}

/* A 50,000-character paragraph (and a word longer than a line) wraps
 * inside the margins and continues over the pages, line by line, with
 * nothing lost and nothing out of order; every page is numbered. */
static void test_long_paragraph(void)
{
    char *words = numbered_words(50000);
    char unbroken[3001];
    for (size_t i = 0; i < 3000; i++) unbroken[i] = (char)('a' + i % 26);
    unbroken[3000] = 0;
    Sheet s;
    sheet_init(&s, "Long", "A long record", 1790000000);
    sheet_add(&s, SHEET_HEADING, "Before");
    sheet_add(&s, SHEET_PARAGRAPH, words);
    sheet_add(&s, SHEET_PARAGRAPH, unbroken);
    sheet_row(&s, "Label", words);
    sheet_add(&s, SHEET_MONO, unbroken);
    Buf pdf = {0};
    CHECK(make_pdf(&s, &pdf));
    int pages = pdf_pages(&pdf);
    CHECK(pages >= 10);

    char *text = pdf_text(&pdf, "");
    CHECK(text != NULL);
    for (int p = 1; text && p <= pages; p++) {
        char want[40];
        strfmt(want, sizeof want, "Page %d of %d", p, pages);
        CHECK_HAS(text, want);
    }
    free(text);

    /* The body, without the footers (the page above 780 points): every
     * block's text in order, split only at white space. */
    text = pdf_text(&pdf, "-r 72 -x 0 -y 0 -W 596 -H 780");
    CHECK(text != NULL);
    if (text) {
        Buf want = {0};
        buf_addf(&want, "Before%s%sLabel%s%s", words, unbroken, words, unbroken);
        char *w = xstrdup(buf_str(&want));
        squeeze(w);
        squeeze(text);
        CHECK_INT(strlen(text), strlen(w));
        CHECK(strcmp(text, w) == 0);
        free(w);
        buf_free(&want);
    }
    free(text);

    /* No word reaches past the margins. */
    text = pdf_text(&pdf, "-bbox");
    CHECK(text != NULL);
    if (text) {
        double min_x, max_x;
        int n;
        word_bounds(text, &min_x, &max_x, &n);
        CHECK(n > 10000);
        CHECK(min_x >= MARGIN_X - 1);
        CHECK(max_x <= PAGE_W - MARGIN_X + 1);
        if (max_x > PAGE_W - MARGIN_X + 1) fprintf(stderr, "  a word ends at %.1f points\n", max_x);
    }
    free(text);
    buf_free(&pdf);
    sheet_free(&s);

    /* More text, more pages. */
    Sheet shorter;
    sheet_init(&shorter, "Long", "A long record", 1790000000);
    sheet_add(&shorter, SHEET_PARAGRAPH, words + 25000);
    CHECK(make_pdf(&shorter, &pdf));
    int fewer = pdf_pages(&pdf);
    CHECK(fewer > 1 && fewer < pages);
    buf_free(&pdf);
    sheet_free(&shorter);
    free(words);
}

/* Text that is not UTF-8 is refused, naming the block and the byte;
 * nothing is appended. */
static void test_invalid_utf8(void)
{
    static const struct {
        const char *title, *label, *text, *want;
    } cases[] = {
        {"ok", "Name", "Ab\xc3\x28", "block 2 (row's value): the text is not valid UTF-8 at byte 3"},
        {"ok", "N\xff", "x", "block 2 (row's label): the text is not valid UTF-8 at byte 2"},
        {"ok", "Name", "\xc0\xaf overlong", "block 2 (row's value): the text is not valid UTF-8 at byte 1"},
        {"ok", "Name", "\xed\xa0\x80 surrogate", "block 2 (row's value): the text is not valid UTF-8 at byte 1"},
        {"ok", "Name", "cut \xe5\xb0", "block 2 (row's value): the text is not valid UTF-8 at byte 5"},
        {"t\xe9", "Name", "x", "the title: the text is not valid UTF-8 at byte 2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Sheet s;
        sheet_init(&s, cases[i].title, "foot", 0);
        sheet_add(&s, SHEET_PARAGRAPH, "Fine");
        sheet_row(&s, cases[i].label, cases[i].text);
        Buf pdf = {0};
        buf_adds(&pdf, "kept");
        char err[SHEET_ERROR_CHARS];
        CHECK(!sheet_pdf(&s, &pdf, err));
        CHECK_STR(err, cases[i].want);
        CHECK_STR(buf_str(&pdf), "kept");
        buf_free(&pdf);
        sheet_free(&s);
    }
    Sheet s;
    sheet_init(&s, "ok", "\x80", 0);
    char err[SHEET_ERROR_CHARS];
    Buf pdf = {0};
    CHECK(!sheet_pdf(&s, &pdf, err));
    CHECK_STR(err, "the footer: the text is not valid UTF-8 at byte 1");
    CHECK_INT(pdf.len, 0);
    sheet_free(&s);
}

/* A PDF past the buffer's cap is refused whole, and so is too much text. */
static void test_limits(void)
{
    Sheet s;
    sheet_init(&s, "Cap", "", 0);
    sheet_add(&s, SHEET_PARAGRAPH, POLISH);
    Buf pdf = {.max = 2000};
    char err[SHEET_ERROR_CHARS];
    CHECK(!sheet_pdf(&s, &pdf, err));
    CHECK_HAS(err, "larger than");
    CHECK_INT(pdf.len, 0);
    CHECK(!pdf.overflow);
    buf_free(&pdf);
    char *big = xcalloc(SHEET_TEXT_MAX / 2 + 2, 1);
    memset(big, 'a', SHEET_TEXT_MAX / 2 + 1);
    sheet_add(&s, SHEET_PARAGRAPH, big);
    sheet_add(&s, SHEET_PARAGRAPH, big);
    CHECK(!sheet_pdf(&s, &pdf, err));
    CHECK_HAS(err, "bytes of text, more than");
    CHECK_INT(pdf.len, 0);
    free(big);
    sheet_free(&s);
}

int main(void)
{
    if (!pdf_read_init()) {
        printf("Bail out! no temporary folder\n");
        return 1;
    }
    RUN(test_pdf_bytes);
    RUN(test_empty_sheet);
    RUN(test_same_bytes);
    RUN(test_scripts_read_back);
    RUN(test_markup_is_text);
    RUN(test_long_paragraph);
    RUN(test_invalid_utf8);
    RUN(test_limits);
    pdf_read_done();
    TEST_DONE();
}
