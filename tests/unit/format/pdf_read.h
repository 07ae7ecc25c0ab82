/* pdf_read.h: PDF bytes read back with poppler's tools (poppler-utils), the
 * way a person's PDF reader would read them, for the tests of the record
 * sheet (test_sheet.c, ../svc/test_record_pdf.c). Everything here is static.
 *
 *   pdf_read_init()         a temporary folder for the files; false if none
 *   pdf_text(pdf, opts)     `pdftotext -enc UTF-8 OPTS FILE -`: the text
 *                           (caller frees), without the bidi embedding marks
 *                           pdftotext puts around right-to-left runs
 *   pdf_pages(pdf)          the page count pdfinfo reads, -1 when it cannot
 *   pdf_info(pdf, key, out) a line of pdfinfo ("Title"), its value
 *   pdf_read_done()         removes the folder, or keeps it (and says where)
 *                           when OVERSIGHT_TEST_KEEP_PDF is set, to look at
 *                           the PDFs: pdftoppm -png -r 80 FILE page */
#ifndef OV_TEST_PDF_READ_H
#define OV_TEST_PDF_READ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "test.h"

static char pdf_dir[400];
static int pdf_files;

TEST_FN bool pdf_read_init(void)
{
    strfmt(pdf_dir, sizeof pdf_dir, "%s/ov-sheet-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(pdf_dir) != NULL;
}

TEST_FN void pdf_read_done(void)
{
    if (getenv("OVERSIGHT_TEST_KEEP_PDF")) {
        printf("# the PDFs are kept in %s\n", pdf_dir);
        return;
    }
    char cmd[600];
    strfmt(cmd, sizeof cmd, "rm -rf '%s'", pdf_dir);
    if (system(cmd) != 0) fprintf(stderr, "  could not remove %s\n", pdf_dir);
}

/* The bytes in a new file of the folder; its path into path. */
TEST_FN bool pdf_write(const Buf *pdf, char path[512])
{
    strfmt(path, 512, "%s/%d.pdf", pdf_dir, ++pdf_files);
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(pdf->data, 1, pdf->len, f) == pdf->len;
    return fclose(f) == 0 && ok;
}

/* What the command prints (caller frees), or NULL when it fails. */
TEST_FN char *pdf_run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    Buf out = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_add(&out, chunk, n);
    int rc = pclose(p);
    char *s = xstrdup(buf_str(&out));
    buf_free(&out);
    if (rc != 0) {
        fprintf(stderr, "  %s: exit %d\n", cmd, rc);
        free(s);
        return NULL;
    }
    return s;
}

/* Drops U+202A-U+202E and U+2066-U+2069 (E2 80 AA-AE, E2 81 A6-A9): the
 * embedding marks pdftotext adds around right-to-left text; they are not
 * in the PDF's text. */
TEST_FN void pdf_drop_bidi_marks(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        const unsigned char *u = (const unsigned char *)r;
        bool mark = u[0] == 0xe2 && ((u[1] == 0x80 && u[2] >= 0xaa && u[2] <= 0xae) ||
                                     (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9));
        if (mark) {
            r += 3;
            continue;
        }
        *w++ = *r++;
    }
    *w = 0;
}

TEST_FN char *pdf_text(const Buf *pdf, const char *opts)
{
    char path[512], cmd[800];
    if (!pdf_write(pdf, path)) return NULL;
    strfmt(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s '%s' -", opts, path);
    char *s = pdf_run(cmd);
    if (s) pdf_drop_bidi_marks(s);
    return s;
}

/* The value of pdfinfo's line "key: value" into out ("" when none). */
TEST_FN bool pdf_info(const Buf *pdf, const char *key, char *out, size_t size)
{
    char path[512], cmd[800];
    out[0] = 0;
    if (!pdf_write(pdf, path)) return false;
    strfmt(cmd, sizeof cmd, "pdfinfo -enc UTF-8 '%s'", path);
    char *s = pdf_run(cmd);
    if (!s) return false;
    size_t klen = strlen(key);
    for (char *line = s; line && *line;) {
        char *end = strchr(line, '\n');
        if (end) *end = 0;
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            const char *v = line + klen + 1;
            while (*v == ' ') v++;
            strfmt(out, size, "%s", v);
        }
        line = end ? end + 1 : NULL;
    }
    free(s);
    return true;
}

TEST_FN int pdf_pages(const Buf *pdf)
{
    char v[32];
    if (!pdf_info(pdf, "Pages", v, sizeof v) || !*v) return -1;
    return (int)strtol(v, NULL, 10);
}

#endif
