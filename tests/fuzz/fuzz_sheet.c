/* fuzz_sheet.c: format/sheet.h on any text. The input is blocks split at
 * 0x1E (the record separator), each block's first byte choosing its kind
 * (and, for a row, the label up to 0x1F); the first block is the footer.
 * A sheet whose every text is UTF-8 gives a whole PDF ("%PDF-" to
 * "%%EOF"), the same bytes twice; any other is refused with a reason and
 * nothing appended. Inputs are cut at 4 KiB: a sheet takes milliseconds
 * per page, and the long texts have their own unit test. */
#include <string.h>

#include "format/sheet.h"
#include "fuzz.h"

/* Whether s (n bytes) is UTF-8 throughout, written apart from sheet.c. */
static bool all_utf8(const char *s, size_t n)
{
    for (size_t i = 0, k; i < n; i += k)
        if (!(k = utf8_len((const unsigned char *)s + i, n - i))) return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) size = 4096;
    char *text = xstrndup((const char *)data, size);
    /* Up to the first NUL: a C string's text. */
    Sheet s;
    char *rest = text, *footer = strsep(&rest, "\x1e");
    sheet_init(&s, "Fuzz", footer, 1790000000);
    bool utf8 = all_utf8(footer, strlen(footer)); /* every text given is */
    while (rest) {
        char *block = strsep(&rest, "\x1e");
        SheetKind kind = (SheetKind)((unsigned char)block[0] % (SHEET_MONO + 1));
        if (block[0]) block++;
        if (kind == SHEET_ROW) {
            char *value = block, *label = strsep(&value, "\x1f");
            sheet_row(&s, label, value);
            utf8 = utf8 && all_utf8(label, strlen(label)) && (!value || all_utf8(value, strlen(value)));
        } else {
            sheet_add(&s, kind, block);
            utf8 = utf8 && all_utf8(block, strlen(block));
        }
    }
    Buf a = {0}, b = {0};
    char err[SHEET_ERROR_CHARS], err2[SHEET_ERROR_CHARS];
    bool ok = sheet_pdf(&s, &a, err);
    FUZZ_ASSERT(ok == utf8);
    if (ok) {
        FUZZ_ASSERT(a.len > 5 && memcmp(a.data, "%PDF-", 5) == 0);
        FUZZ_ASSERT(strstr(a.data + a.len - 7, "%%EOF") != NULL);
        FUZZ_ASSERT(sheet_pdf(&s, &b, err2));
        FUZZ_ASSERT(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    } else {
        FUZZ_ASSERT(a.len == 0 && err[0]);
    }
    buf_free(&a);
    buf_free(&b);
    sheet_free(&s);
    free(text);
    return 0;
}
