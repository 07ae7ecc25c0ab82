/* test_date.c: dates, intervals, fte and pro-rata, derived from the contract's
 * "Intervals and dates" and "When staff supervision is due" (part time). */
#include <stdint.h>
#include <stdlib.h>

#include "core/date.h"
#include "test.h"

/* A date from "YYYY-MM-DD" built with date_from_ymd, so expectations do not
 * depend on date_parse. */
static Date ymd(const char *s)
{
    int y, m, d;
    if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3) {
        fprintf(stderr, "bad test date %s\n", s);
        abort();
    }
    return date_from_ymd(y, m, d);
}

static void test_from_ymd(void)
{
    CHECK_INT(date_from_ymd(1970, 1, 1), 0);
    CHECK_INT(date_from_ymd(1970, 1, 2), 1);
    CHECK_INT(date_from_ymd(1969, 12, 31), -1);
    CHECK_INT(date_from_ymd(1, 1, 1), DATE_MIN);
    CHECK_INT(date_from_ymd(9999, 12, 31), DATE_MAX);
    CHECK_INT(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
    CHECK_INT(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28), 1);
    CHECK_INT(date_from_ymd(2025, 1, 1) - date_from_ymd(2024, 1, 1), 366);
    CHECK_INT(date_from_ymd(2026, 1, 1) - date_from_ymd(2025, 1, 1), 365);

    static const struct {
        int y, m, days;
    } dim[] = {
        {2026, 1, 31}, {2026, 2, 28}, {2024, 2, 29},  {2000, 2, 29},  {1900, 2, 28}, {2100, 2, 28}, {2026, 4, 30},
        {2026, 6, 30}, {2026, 9, 30}, {2026, 11, 30}, {2026, 12, 31}, {2026, 7, 31}, {2026, 8, 31},
    };
    for (size_t i = 0; i < sizeof dim / sizeof dim[0]; i++)
        CHECK_INT(date_days_in_month(dim[i].y, dim[i].m), dim[i].days);

    int y, m, d;
    date_to_ymd(date_from_ymd(2024, 2, 29), &y, &m, &d);
    CHECK_INT(y, 2024);
    CHECK_INT(m, 2);
    CHECK_INT(d, 29);
    date_to_ymd(DATE_MIN, &y, &m, &d);
    CHECK(y == 1 && m == 1 && d == 1);
    date_to_ymd(DATE_MAX, &y, &m, &d);
    CHECK(y == 9999 && m == 12 && d == 31);
}

static void test_parse(void)
{
    static const struct {
        const char *s;
        bool ok;
        int y, m, d;
    } t[] = {
        {"2026-01-31", true, 2026, 1, 31},
        {"2026-02-28", true, 2026, 2, 28},
        {"2026-12-31", true, 2026, 12, 31},
        {"1970-01-01", true, 1970, 1, 1},
        {"0001-01-01", true, 1, 1, 1},
        {"9999-12-31", true, 9999, 12, 31},
        {"2026-04-30", true, 2026, 4, 30},
        /* impossible days */
        {"2026-02-31", false, 0, 0, 0},
        {"2026-02-30", false, 0, 0, 0},
        {"2026-04-31", false, 0, 0, 0},
        {"2026-06-31", false, 0, 0, 0},
        {"2026-09-31", false, 0, 0, 0},
        {"2026-11-31", false, 0, 0, 0},
        {"2026-01-32", false, 0, 0, 0},
        {"2026-01-00", false, 0, 0, 0},
        /* 29 February */
        {"2024-02-29", true, 2024, 2, 29},
        {"2000-02-29", true, 2000, 2, 29},
        {"1600-02-29", true, 1600, 2, 29},
        {"1900-02-29", false, 0, 0, 0},
        {"2100-02-29", false, 0, 0, 0},
        {"2026-02-29", false, 0, 0, 0},
        {"2023-02-29", false, 0, 0, 0},
        /* months */
        {"2026-13-01", false, 0, 0, 0},
        {"2026-00-10", false, 0, 0, 0},
        {"2026-99-10", false, 0, 0, 0},
        /* year 0 is outside 0001-9999 */
        {"0000-01-01", false, 0, 0, 0},
        /* wrong lengths and shapes */
        {"", false, 0, 0, 0},
        {"2026", false, 0, 0, 0},
        {"2026-1-31", false, 0, 0, 0},
        {"2026-01-1", false, 0, 0, 0},
        {"26-01-31", false, 0, 0, 0},
        {"02026-01-31", false, 0, 0, 0},
        {"2026-01-310", false, 0, 0, 0},
        {"2026-001-31", false, 0, 0, 0},
        {"20260131", false, 0, 0, 0},
        {"2026/01/31", false, 0, 0, 0},
        {"2026.01.31", false, 0, 0, 0},
        {"31-01-2026", false, 0, 0, 0},
        {"2026-01-31T00:00", false, 0, 0, 0},
        /* signs and spaces */
        {"+026-01-31", false, 0, 0, 0},
        {"-026-01-31", false, 0, 0, 0},
        {"2026-+1-31", false, 0, 0, 0},
        {"2026--1-31", false, 0, 0, 0},
        {"2026-01-+1", false, 0, 0, 0},
        {"2026-01--1", false, 0, 0, 0},
        {" 2026-01-31", false, 0, 0, 0},
        {"2026-01-31 ", false, 0, 0, 0},
        {"2026-01- 1", false, 0, 0, 0},
        {"2026- 1-31", false, 0, 0, 0},
        {" 026-01-31", false, 0, 0, 0},
        {"2026-01-3 ", false, 0, 0, 0},
        {"2026-0a-31", false, 0, 0, 0},
        {"abcd-ef-gh", false, 0, 0, 0},
        {"2026-01-31\n", false, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        Date out = 12345;
        bool ok = date_parse(t[i].s, strlen(t[i].s), &out);
        if (ok != t[i].ok) fprintf(stderr, "  date_parse(\"%s\")\n", t[i].s);
        CHECK_INT(ok, t[i].ok);
        if (ok && t[i].ok) CHECK_INT(out, date_from_ymd(t[i].y, t[i].m, t[i].d));
    }

    /* n bytes, not up to the NUL */
    Date out;
    CHECK(date_parse("2026-03-04xyz", 10, &out) && out == ymd("2026-03-04"));
    CHECK(!date_parse("2026-03-04", 9, &out));
    CHECK(!date_parse("2026-03-04", 0, &out));
    /* an embedded NUL is not a digit */
    CHECK(!date_parse("2026-03-0\0", 10, &out));
}

static void test_format(void)
{
    static const char *const t[] = {
        "0001-01-01", "0999-12-31", "1900-02-28", "1969-12-31", "1970-01-01", "2000-02-29",
        "2024-02-29", "2026-01-31", "2026-12-31", "2100-03-01", "9999-12-31",
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char buf[11];
        memset(buf, 'x', sizeof buf);
        date_format(ymd(t[i]), buf);
        CHECK_STR(buf, t[i]);
        Date back;
        CHECK(date_parse(buf, strlen(buf), &back));
        CHECK_INT(back, ymd(t[i]));
    }
    /* every day of 1999-2001 round trips */
    int bad = 0;
    for (Date d = ymd("1999-01-01"); d <= ymd("2001-12-31"); d++) {
        char buf[11];
        date_format(d, buf);
        Date back;
        if (strlen(buf) != 10 || !date_parse(buf, 10, &back) || back != d) bad++;
    }
    CHECK_INT(bad, 0);
}

static void test_add_months(void)
{
    static const struct {
        const char *from;
        int months;
        const char *want;
    } t[] = {
        /* the contract's examples */
        {"2026-01-31", 1, "2026-02-28"},
        {"2024-01-31", 1, "2024-02-29"},
        {"2026-03-31", 6, "2026-09-30"},
        /* more */
        {"2024-02-29", 12, "2025-02-28"},
        {"2024-02-29", 48, "2028-02-29"},
        {"2024-02-29", 1, "2024-03-29"},
        {"2026-08-31", 1, "2026-09-30"},
        {"2026-08-31", 2, "2026-10-31"},
        {"2025-08-31", 6, "2026-02-28"},
        {"2023-08-31", 6, "2024-02-29"},
        {"2026-01-30", 1, "2026-02-28"},
        {"2026-01-29", 1, "2026-02-28"},
        {"2026-01-28", 1, "2026-02-28"},
        {"2026-01-15", 1, "2026-02-15"},
        {"2026-05-31", 1, "2026-06-30"},
        {"2026-10-31", 1, "2026-11-30"},
        {"2026-11-30", 1, "2026-12-30"},
        {"2026-12-31", 1, "2027-01-31"},
        {"2026-11-30", 3, "2027-02-28"},
        {"2026-12-15", 14, "2028-02-15"},
        {"2026-06-15", 0, "2026-06-15"},
        {"2026-01-31", 0, "2026-01-31"},
        {"1999-12-31", 2, "2000-02-29"},
        {"1899-12-31", 2, "1900-02-28"},
        {"2026-03-31", 120, "2036-03-31"},
        {"9999-11-30", 1, "9999-12-30"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char got[11];
        date_format(date_add_months(ymd(t[i].from), t[i].months), got);
        if (strcmp(got, t[i].want) != 0) fprintf(stderr, "  %s + %dm\n", t[i].from, t[i].months);
        CHECK_STR(got, t[i].want);
    }
    /* past DATE_MAX clamps (date.h) */
    CHECK_INT(date_add_months(ymd("9999-12-31"), 1), DATE_MAX);
    CHECK_INT(date_add_months(ymd("9999-06-15"), 1200), DATE_MAX);
}

static void test_interval_parse(void)
{
    static const struct {
        const char *s;
        bool ok;
        int n;
        char unit;
    } t[] = {
        {"1d", true, 1, 'd'},
        {"7d", true, 7, 'd'},
        {"4w", true, 4, 'w'},
        {"52w", true, 52, 'w'},
        {"6m", true, 6, 'm'},
        {"1m", true, 1, 'm'},
        {"100000d", true, 100000, 'd'},
        {"0w", false, 0, 0},
        {"0d", false, 0, 0},
        {"0m", false, 0, 0},
        {"4x", false, 0, 0},
        {"4y", false, 0, 0},
        {"w", false, 0, 0},
        {"", false, 0, 0},
        {"4", false, 0, 0},
        {"4 w", false, 0, 0},
        {" 4w", false, 0, 0},
        {"4w ", false, 0, 0},
        {"-4w", false, 0, 0},
        {"+4w", false, 0, 0},
        {"4ww", false, 0, 0},
        {"4w4", false, 0, 0},
        {"w4", false, 0, 0},
        {"4.5w", false, 0, 0},
        {"100001d", false, 0, 0},
        {"99999999999999999999d", false, 0, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        Interval iv = {0, 0};
        bool ok = interval_parse(t[i].s, strlen(t[i].s), &iv);
        if (ok != t[i].ok) fprintf(stderr, "  interval_parse(\"%s\")\n", t[i].s);
        CHECK_INT(ok, t[i].ok);
        if (ok && t[i].ok) {
            CHECK_INT(iv.n, t[i].n);
            CHECK_INT(iv.unit, t[i].unit);
        }
    }
    Interval iv;
    CHECK(interval_parse("4wxyz", 2, &iv) && iv.n == 4 && iv.unit == UNIT_WEEK);
    CHECK(!interval_parse("4w", 1, &iv));

    static const char *const fmt[] = {"1d", "4w", "52w", "6m", "100000d"};
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        char buf[16];
        CHECK(interval_parse(fmt[i], strlen(fmt[i]), &iv));
        interval_format(iv, buf);
        CHECK_STR(buf, fmt[i]);
    }

    static const char *const words[][2] = {{"1d", "1 day"},   {"10d", "10 days"}, {"1w", "1 week"},
                                           {"4w", "4 weeks"}, {"1m", "1 month"},  {"6m", "6 months"}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char buf[24];
        CHECK(interval_parse(words[i][0], strlen(words[i][0]), &iv));
        interval_words(iv, buf);
        CHECK_STR(buf, words[i][1]);
    }
}

static void test_interval_add(void)
{
    static const struct {
        const char *from, *iv, *want;
    } t[] = {
        {"2026-01-01", "1d", "2026-01-02"},  {"2026-01-01", "3d", "2026-01-04"}, {"2026-02-28", "1d", "2026-03-01"},
        {"2024-02-28", "1d", "2024-02-29"},  {"2026-12-31", "1d", "2027-01-01"}, {"2026-01-01", "1w", "2026-01-08"},
        {"2026-01-01", "2w", "2026-01-15"},  {"2026-03-02", "4w", "2026-03-30"}, {"2025-01-06", "6w", "2025-02-17"},
        {"2025-01-06", "52w", "2026-01-05"}, {"2026-01-31", "1m", "2026-02-28"}, {"2024-01-31", "1m", "2024-02-29"},
        {"2026-03-31", "6m", "2026-09-30"},  {"2026-08-31", "2m", "2026-10-31"}, {"2025-08-31", "6m", "2026-02-28"},
        {"2026-01-15", "3m", "2026-04-15"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        Interval iv;
        CHECK(interval_parse(t[i].iv, strlen(t[i].iv), &iv));
        char got[11];
        date_format(interval_add(ymd(t[i].from), iv), got);
        if (strcmp(got, t[i].want) != 0) fprintf(stderr, "  %s + %s\n", t[i].from, t[i].iv);
        CHECK_STR(got, t[i].want);
    }
}

static void test_fte_parse(void)
{
    static const struct {
        const char *s;
        bool ok;
        Fte want;
    } t[] = {
        {"0.33", true, 330000},
        {"0.6", true, 600000},
        {"0.8", true, 800000},
        {"0.5", true, 500000},
        {"1", true, FTE_FULL},
        {"1.0", true, FTE_FULL},
        {"1.000000", true, FTE_FULL},
        {"0.000001", true, 1},
        {"0.999999", true, 999999},
        {"0.123456", true, 123456},
        {"0.60", true, 600000},
        {"0", false, 0},
        {"0.0", false, 0},
        {"0.000000", false, 0},
        {"1.5", false, 0},
        {"2", false, 0},
        {"1.000001", false, 0},
        {"1.0000001", false, 0},
        {"0.1234567", false, 0},
        {"0.0000001", false, 0},
        {"0.5000000", false, 0},
        {"abc", false, 0},
        {"", false, 0},
        {".5", false, 0},
        {"-0.5", false, 0},
        {"-1", false, 0},
        {"0.5x", false, 0},
        {"0,5", false, 0},
        {"0..5", false, 0},
        {"1e0", false, 0},
        {"10", false, 0},
        {"99999999999", false, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        Fte out = -1;
        const char *err = fte_parse(t[i].s, strlen(t[i].s), &out);
        bool ok = err == NULL;
        if (ok != t[i].ok) fprintf(stderr, "  fte_parse(\"%s\")\n", t[i].s);
        CHECK_INT(ok, t[i].ok);
        if (ok && t[i].ok) CHECK_INT(out, t[i].want);
        if (!ok) CHECK(err[0] != '\0');
    }
    Fte out;
    CHECK(fte_parse("0.8xyz", 3, &out) == NULL && out == 800000);

    static const struct {
        Fte f;
        const char *want;
    } fmt[] = {
        {FTE_FULL, "1"}, {800000, "0.8"},      {600000, "0.6"}, {330000, "0.33"},
        {1, "0.000001"}, {123456, "0.123456"}, {500000, "0.5"},
    };
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        char buf[16];
        fte_format(fmt[i].f, buf);
        CHECK_STR(buf, fmt[i].want);
    }
}

static void test_pro_rata(void)
{
    static const struct {
        const char *iv, *fte;
        const char *want; /* the interval, or the number of days it spans from a date */
        int want_days;    /* for d/w: days; 0 when want is a months interval */
    } t[] = {
        /* the contract's examples and the brief's */
        {"4w", "0.8", "35d", 35},
        {"4w", "0.6", "47d", 47},
        {"4w", "0.33", "85d", 85}, /* ceil(28 / 0.33) = ceil(84.85) */
        {"2w", "0.5", "28d", 28},
        {"1m", "0.6", "2m", 0}, /* ceil(1 / 0.6) */
        {"3m", "0.8", "4m", 0}, /* ceil(3.75) */
        /* more, exact where binary floating point is not */
        {"6w", "0.7", "60d", 60}, /* 42 / 0.7 is 60.000000000000007 in doubles */
        {"3w", "0.7", "30d", 30},
        {"6w", "0.6", "70d", 70},
        {"1w", "0.5", "14d", 14},
        {"4w", "0.5", "56d", 56},
        {"4w", "0.000001", "28000000d", 28000000},
        {"1d", "0.33", "4d", 4},
        {"3d", "0.6", "5d", 5},
        {"10d", "0.8", "13d", 13}, /* ceil(12.5) */
        {"6w", "0.8", "53d", 53},  /* ceil(52.5) */
        {"1m", "0.8", "2m", 0},
        {"1m", "0.33", "4m", 0},
        {"1m", "0.5", "2m", 0},
        {"2m", "0.5", "4m", 0},
        {"3m", "0.6", "5m", 0},
        {"6m", "0.75", "8m", 0},
        {"6m", "0.999999", "7m", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        Interval iv, got;
        Fte f;
        CHECK(interval_parse(t[i].iv, strlen(t[i].iv), &iv));
        CHECK(fte_parse(t[i].fte, strlen(t[i].fte), &f) == NULL);
        got = interval_pro_rata(iv, f);
        if (t[i].want_days) {
            /* d and w become days: check the span, whatever the unit */
            long span = got.unit == UNIT_WEEK ? 7L * got.n : (long)got.n;
            if (span != t[i].want_days) fprintf(stderr, "  %s at %s\n", t[i].iv, t[i].fte);
            CHECK_INT(span, t[i].want_days);
            CHECK(got.unit == UNIT_DAY || got.unit == UNIT_WEEK);
        } else {
            Interval want;
            CHECK(interval_parse(t[i].want, strlen(t[i].want), &want));
            if (got.n != want.n || got.unit != want.unit) fprintf(stderr, "  %s at %s\n", t[i].iv, t[i].fte);
            CHECK_INT(got.unit, UNIT_MONTH);
            CHECK_INT(got.n, want.n);
        }
    }
    /* the contract's d/w examples give days */
    Interval iv = {4, UNIT_WEEK};
    Interval got = interval_pro_rata(iv, 800000);
    CHECK_INT(got.unit, UNIT_DAY);
    CHECK_INT(got.n, 35);

    /* fte 1: unchanged */
    static const char *const full[] = {"1d", "4w", "6w", "1m", "6m", "52w"};
    for (size_t i = 0; i < sizeof full / sizeof full[0]; i++) {
        CHECK(interval_parse(full[i], strlen(full[i]), &iv));
        got = interval_pro_rata(iv, FTE_FULL);
        Date from = ymd("2026-01-31");
        CHECK_INT(interval_add(from, got), interval_add(from, iv));
        CHECK_INT(got.unit == UNIT_MONTH, iv.unit == UNIT_MONTH);
    }
}

/* Scaling never wraps: a long interval at the smallest fte is a due date past
 * 9999-12-31, which clamps, never one before the anchor. */
static void test_pro_rata_large(void)
{
    static const Interval big[] = {
        {1000, UNIT_WEEK},
        {INTERVAL_MAX_N, UNIT_WEEK},
        {INTERVAL_MAX_N, UNIT_DAY},
        {INTERVAL_MAX_N, UNIT_MONTH},
        {52, UNIT_WEEK},
        {6, UNIT_MONTH},
    };
    Date from = ymd("2026-01-01");
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        Interval got = interval_pro_rata(big[i], 1); /* fte 0.000001 */
        CHECK(got.n > 0);
        Date due = interval_add(from, got);
        if (due <= from) fprintf(stderr, "  %d%c at 0.000001\n", (int)big[i].n, (char)big[i].unit);
        CHECK(due > from);
        if (i < 4) CHECK_INT(due, DATE_MAX);
    }
}

int main(void)
{
    RUN(test_from_ymd);
    RUN(test_parse);
    RUN(test_format);
    RUN(test_add_months);
    RUN(test_interval_parse);
    RUN(test_interval_add);
    RUN(test_fte_parse);
    RUN(test_pro_rata);
    RUN(test_pro_rata_large);
    TEST_DONE();
}
