/* test_form.c: the GOV.UK date input's check (form_date_parse, web/frame.h):
 * a good date, nothing entered, a part missing, not a real date, a year not
 * of 4 numbers and one out of range, each with GOV.UK's message, the field
 * the error summary links to and the parts marked as wrong. */
#include <string.h>

#include "web/frame.h"
#include "test.h"

static const char *WHAT = "the date the session is booked for";

/* Parses the parts; returns the ISO date or the message, with the field
 * and the parts at fault. */
static const char *parse(const char *d, const char *m, const char *y, char field[80], unsigned *wrong)
{
    static char out[300];
    char iso[11];
    SvcError e = {0};
    const char *got = form_date_parse(d, m, y, "date", "Date", WHAT, iso, wrong, &e);
    strfmt(field, 80, "%s", got ? "" : e.field);
    return strfmt(out, sizeof out, "%s", got ? got : e.message);
}

static void test_valid(void)
{
    char field[80];
    unsigned wrong = 99;
    CHECK_STR(parse("1", "12", "2026", field, &wrong), "2026-12-01");
    CHECK_INT(wrong, 0);
    CHECK_STR(parse(" 29 ", "02", "2028", field, &wrong), "2028-02-29"); /* a leap day, spaces trimmed */
    CHECK_STR(parse("31", "1", "2026", field, &wrong), "2026-01-31");
    CHECK_STR(field, "");
}

static void test_missing(void)
{
    char field[80];
    unsigned wrong;
    CHECK_STR(parse("", "", "", field, &wrong), "Enter the date the session is booked for");
    CHECK_STR(field, "date-day");
    CHECK_INT(wrong, 7);
    CHECK_STR(parse(NULL, NULL, NULL, field, &wrong), "Enter the date the session is booked for");
    CHECK_STR(parse("1", "", "2026", field, &wrong), "Date must include a month");
    CHECK_STR(field, "date-month");
    CHECK_INT(wrong, 2);
    CHECK_STR(parse("", " ", "2026", field, &wrong), "Date must include a day and month");
    CHECK_STR(field, "date-day");
    CHECK_INT(wrong, 3);
    CHECK_STR(parse("1", "2", "", field, &wrong), "Date must include a year");
    CHECK_STR(field, "date-year");
    CHECK_INT(wrong, 4);
}

static void test_not_real(void)
{
    char field[80];
    unsigned wrong;
    CHECK_STR(parse("30", "2", "2026", field, &wrong), "Date must be a real date");
    CHECK_STR(field, "date-day");
    CHECK_INT(wrong, 1);
    CHECK_STR(parse("29", "2", "2026", field, &wrong), "Date must be a real date"); /* not a leap year */
    CHECK_STR(parse("1", "13", "2026", field, &wrong), "Date must be a real date");
    CHECK_STR(field, "date-month");
    CHECK_INT(wrong, 2);
    CHECK_STR(parse("x", "1", "2026", field, &wrong), "Date must be a real date");
    CHECK_INT(wrong, 1);
    CHECK_STR(parse("0", "0", "2026", field, &wrong), "Date must be a real date");
    CHECK_INT(wrong, 3);
    CHECK_STR(parse("1", "1", "20x6", field, &wrong), "Date must be a real date");
    CHECK_STR(field, "date-year");
    CHECK_STR(parse("123", "1", "2026", field, &wrong), "Date must be a real date");
    CHECK_STR(parse("2026-12-01", "", "", field, &wrong), "Date must include a month and year");
}

static void test_out_of_range(void)
{
    char field[80];
    unsigned wrong;
    CHECK_STR(parse("1", "1", "26", field, &wrong), "Year must include 4 numbers");
    CHECK_STR(field, "date-year");
    CHECK_INT(wrong, 4);
    CHECK_STR(parse("1", "1", "1899", field, &wrong), "Date must be between 1900 and 2099");
    CHECK_STR(field, "date-year");
    CHECK_STR(parse("1", "1", "2100", field, &wrong), "Date must be between 1900 and 2099");
    CHECK_STR(parse("1", "1", "1900", field, &wrong), "1900-01-01");
    CHECK_STR(parse("31", "12", "2099", field, &wrong), "2099-12-31");
}

int main(void)
{
    RUN(test_valid);
    RUN(test_missing);
    RUN(test_not_real);
    RUN(test_out_of_range);
    TEST_DONE();
}
