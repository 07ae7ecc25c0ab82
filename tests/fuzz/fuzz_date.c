/* fuzz_date.c: the parsers of core/date.h on any bytes: dates, intervals
 * and full-time equivalents. The input is tried whole with each parser, and
 * split at spaces into "DATE INTERVAL FTE". What parses formats back to
 * itself, stays in range, and its arithmetic never goes backwards or out of
 * the calendar. */
#include <string.h>

#include "core/date.h"
#include "fuzz.h"

static void check_date(const char *s, size_t n, Date *out, bool *ok)
{
    Date d;
    *ok = date_parse(s, n, &d);
    if (!*ok) return;
    FUZZ_ASSERT(d >= DATE_MIN && d <= DATE_MAX);
    char text[11];
    date_format(d, text);
    FUZZ_ASSERT(n == 10 && memcmp(text, s, 10) == 0); /* exactly YYYY-MM-DD */
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    FUZZ_ASSERT(date_from_ymd(y, m, day) == d);
    *out = d;
}

static void check_interval(const char *s, size_t n, Interval *out, bool *ok)
{
    Interval iv;
    *ok = interval_parse(s, n, &iv);
    if (!*ok) return;
    FUZZ_ASSERT(iv.n >= 1 && iv.n <= INTERVAL_MAX_N);
    FUZZ_ASSERT(iv.unit == UNIT_DAY || iv.unit == UNIT_WEEK || iv.unit == UNIT_MONTH);
    char text[16];
    interval_format(iv, text);
    Interval again;
    FUZZ_ASSERT(interval_parse(text, strlen(text), &again) && again.n == iv.n && again.unit == iv.unit);
    *out = iv;
}

static void check_fte(const char *s, size_t n, Fte *out, bool *ok)
{
    Fte f;
    const char *why = fte_parse(s, n, &f);
    *ok = why == NULL;
    if (!*ok) {
        FUZZ_ASSERT(why[0] != 0);
        return;
    }
    FUZZ_ASSERT(f > 0 && f <= FTE_FULL);
    char text[16];
    fte_format(f, text);
    Fte again;
    FUZZ_ASSERT(fte_parse(text, strlen(text), &again) == NULL && again == f);
    *out = f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    Date d = 0;
    Interval iv = {1, UNIT_DAY};
    Fte fte = FTE_FULL;
    bool has_date, has_iv, has_fte;
    check_date(s, size, &d, &has_date);
    check_interval(s, size, &iv, &has_iv);
    check_fte(s, size, &fte, &has_fte);

    const char *sp1 = memchr(s, ' ', size);
    if (!sp1) return 0;
    size_t n1 = (size_t)(sp1 - s), rest = size - n1 - 1;
    const char *t2 = sp1 + 1, *sp2 = memchr(t2, ' ', rest);
    size_t n2 = sp2 ? (size_t)(sp2 - t2) : rest;
    check_date(s, n1, &d, &has_date);
    check_interval(t2, n2, &iv, &has_iv);
    has_fte = false;
    if (sp2) check_fte(sp2 + 1, rest - n2 - 1, &fte, &has_fte);
    if (!has_date) return 0;
    if (has_iv) {
        Date next = interval_add(d, iv);
        FUZZ_ASSERT(next >= d && next <= DATE_MAX);
        if (next < DATE_MAX) FUZZ_ASSERT(next > d);
        if (has_fte) {
            Interval longer = interval_pro_rata(iv, fte);
            FUZZ_ASSERT(longer.n >= 1);
            Date later = interval_add(d, longer);
            FUZZ_ASSERT(later >= next && later <= DATE_MAX); /* part time: never sooner */
        }
    }
    for (int64_t months = -120001; months <= 120001; months += 40000) {
        Date moved = date_add_months(d, months);
        FUZZ_ASSERT(moved >= DATE_MIN && moved <= DATE_MAX);
        if (months > 0) FUZZ_ASSERT(moved >= d);
        if (months < 0) FUZZ_ASSERT(moved <= d);
    }
    return 0;
}
