/* test_table.c: the table of format/table.h and its CSV, byte for byte:
 * RFC 4180 quoting, CRLF, the byte-order mark, and text a spreadsheet would
 * run as a formula neutralised while numbers stay numbers. The XLSX is read
 * back by openpyxl and LibreOffice in tests/cli/test_exports.sh; here it is
 * checked to be a zip that names its parts. */
#include <string.h>

#include "format/table.h"
#include "test.h"

#define BOM "\xEF\xBB\xBF"

static void people(Table *t)
{
    static const char *const heads[] = {"Name", "Count", "Due by", "Share", NULL};
    static const TableType types[] = {TABLE_TEXT, TABLE_INTEGER, TABLE_DATE, TABLE_PERCENT};
    table_init(t, "Supervision", heads, types);
}

static void test_csv_plain(void)
{
    Table t;
    people(&t);
    table_text(&t, "Ann Smith", "/people/S1");
    table_int(&t, 3, NULL);
    table_date(&t, date_from_ymd(2026, 12, 7), NULL);
    table_percent(&t, 83, NULL);
    table_text(&t, "Zoë Łukasz, ŵ", NULL);
    table_int(&t, -2, NULL);
    table_date_or(&t, false, 0, "never", NULL);
    table_text(&t, "none", NULL);
    CHECK_INT((long)t.nrows, 2);
    Buf b = {0};
    table_csv(&t, &b);
    CHECK_STR(buf_str(&b), BOM "Name,Count,Due by,Share\r\n"
                               "Ann Smith,3,2026-12-07,83%\r\n"
                               "\"Zoë Łukasz, ŵ\",-2,never,none\r\n");
    CHECK_STR(table_cell_at(&t, 0, 0)->href, "/people/S1");
    buf_free(&b);
    table_free(&t);
}

static void test_csv_quoting(void)
{
    static const char *const heads[] = {"A \"quoted\" head", "B", NULL};
    static const TableType types[] = {TABLE_TEXT, TABLE_TEXT};
    Table t;
    table_init(&t, "Q", heads, types);
    table_text(&t, "line\nbreak", NULL);
    table_text(&t, "cr\rlf", NULL);
    table_text(&t, "", NULL);
    table_text(&t, "say \"hi\"", NULL);
    Buf b = {0};
    table_csv(&t, &b);
    CHECK_STR(buf_str(&b), BOM "\"A \"\"quoted\"\" head\",B\r\n"
                               "\"line\nbreak\",\"cr\rlf\"\r\n"
                               ",\"say \"\"hi\"\"\"\r\n");
    buf_free(&b);
    table_free(&t);
}

static void test_csv_injection(void)
{
    static const char *const heads[] = {"Text", "Number", NULL};
    static const TableType types[] = {TABLE_TEXT, TABLE_INTEGER};
    Table t;
    table_init(&t, "Injection", heads, types);
    const char *risky[] = {"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-1-1", "@SUM(A1)", "\tx", "\rx", NULL};
    for (size_t i = 0; risky[i]; i++) {
        CHECK(table_text_risky(risky[i]));
        table_text(&t, risky[i], NULL);
        table_int(&t, -(int64_t)i - 1, NULL);
    }
    /* Text in a number column (a placeholder) is still text. */
    table_text(&t, "ordinary", NULL);
    table_text(&t, "-", NULL);
    CHECK(!table_text_risky("ordinary"));
    CHECK(!table_text_risky(""));
    CHECK(!table_text_risky(" =x"));
    Buf b = {0};
    table_csv(&t, &b);
    CHECK_STR(buf_str(&b), BOM "Text,Number\r\n"
                               "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-1\r\n"
                               "'+1+1,-2\r\n"
                               "'-1-1,-3\r\n"
                               "'@SUM(A1),-4\r\n"
                               "'\tx,-5\r\n"
                               "\"'\rx\",-6\r\n"
                               "ordinary,'-\r\n");
    buf_free(&b);
    table_free(&t);
}

static void test_risky_quoted_field(void)
{
    /* A risky field that also needs quoting: the quote mark goes inside. */
    static const char *const heads[] = {"T", NULL};
    static const TableType types[] = {TABLE_TEXT};
    Table t;
    table_init(&t, "T", heads, types);
    table_text(&t, "=1,2", NULL);
    Buf b = {0};
    table_csv(&t, &b);
    CHECK_STR(buf_str(&b), BOM "T\r\n\"'=1,2\"\r\n");
    buf_free(&b);
    table_free(&t);
}

static void test_wrong_kind_is_text(void)
{
    Table t;
    people(&t);
    table_int(&t, 5, NULL); /* in the Name column */
    table_text(&t, "many", NULL);
    table_date(&t, date_from_ymd(2026, 1, 2), NULL);
    table_percent(&t, -4, NULL);
    CHECK(table_cell_at(&t, 0, 0)->is_text);
    CHECK_STR(table_cell_at(&t, 0, 0)->text, "5");
    CHECK(table_cell_at(&t, 0, 1)->is_text);
    CHECK(!table_cell_at(&t, 0, 3)->is_text);
    char v[TABLE_VALUE_CHARS];
    CHECK_STR(table_value(&t, table_cell_at(&t, 0, 3), 3, v), "-4%");
    Buf b = {0};
    table_csv(&t, &b);
    CHECK_STR(buf_str(&b), BOM "Name,Count,Due by,Share\r\n5,many,2026-01-02,-4%\r\n");
    buf_free(&b);
    table_free(&t);
}

static void test_empty_table(void)
{
    Table t;
    people(&t);
    Buf b = {0};
    table_csv(&t, &b);
    CHECK_STR(buf_str(&b), BOM "Name,Count,Due by,Share\r\n");
    buf_free(&b);
    table_free(&t);
}

static void test_xlsx_is_a_workbook(void)
{
    Table t;
    people(&t);
    table_text(&t, "=1+1", NULL);
    table_int(&t, -3, NULL);
    table_date(&t, date_from_ymd(2026, 12, 7), NULL);
    table_percent(&t, 50, NULL);
    Buf b = {0};
    char err[200] = "";
    CHECK(table_xlsx(&t, NULL, &b, err, sizeof err));
    CHECK_STR(err, "");
    CHECK(b.len > 1000);
    CHECK(b.len >= 4 && memcmp(b.data, "PK\x03\x04", 4) == 0);
    CHECK(memmem(b.data, b.len, "xl/worksheets/sheet1.xml", 24) != NULL);
    buf_free(&b);
    /* A directory that is not there: an error, not a crash. */
    CHECK(!table_xlsx(&t, "/nonexistent/dir", &b, err, sizeof err));
    CHECK_HAS(err, "/nonexistent/dir");
    buf_free(&b);
    table_free(&t);
}

int main(void)
{
    RUN(test_csv_plain);
    RUN(test_csv_quoting);
    RUN(test_csv_injection);
    RUN(test_risky_quoted_field);
    RUN(test_wrong_kind_is_text);
    RUN(test_empty_table);
    RUN(test_xlsx_is_a_workbook);
    TEST_DONE();
}
