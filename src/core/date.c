/* date.c: civil-date arithmetic (days from civil, after H. Hinnant's
 * public-domain algorithms), calendar months with end-of-month clamping,
 * intervals, and exact part-time scaling. */
#include "core/date.h"

#include <stdio.h>
#include <string.h>

Date date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (Date)(era * 146097 + (int)doe - 719468);
}

void date_to_ymd(Date date, int *y, int *m, int *d)
{
    const int z = date + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)yoe + era * 400 + (mm <= 2);
    *m = (int)mm;
    *d = (int)dd;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_parse(const char *s, size_t n, Date *out)
{
    int y, m, d;
    if (n != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return false;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m)) return false;
    *out = date_from_ymd(y, m, d);
    return true;
}

void date_format(Date date, char out[11])
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    y = y < 0 ? 0 : y % 10000;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = 0;
}

Date date_add_months(Date date, int64_t months)
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    if (total > 9999LL * 12 + 11) return DATE_MAX;
    if (total < 12) return DATE_MIN;
    int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
    int dim = date_days_in_month(ny, nm);
    return date_from_ymd(ny, nm, d < dim ? d : dim);
}

bool interval_parse(const char *s, size_t n, Interval *out)
{
    if (n < 2 || n > 7) return false;
    int v;
    if (!digits(s, n - 1, &v) || v < 1 || v > INTERVAL_MAX_N) return false;
    char u = s[n - 1];
    if (u != 'd' && u != 'w' && u != 'm') return false;
    out->n = v;
    out->unit = (Unit)u;
    return true;
}

void interval_format(Interval iv, char out[16]) { snprintf(out, 16, "%d%c", (int)iv.n, (char)iv.unit); }

const char *interval_words(Interval iv, char out[24])
{
    const char *unit = iv.unit == UNIT_MONTH ? "month" : iv.unit == UNIT_WEEK ? "week" : "day";
    snprintf(out, 24, "%d %s%s", (int)iv.n, unit, iv.n == 1 ? "" : "s");
    return out;
}

Date interval_add(Date date, Interval iv)
{
    int64_t r;
    switch (iv.unit) {
    case UNIT_MONTH: return date_add_months(date, iv.n);
    case UNIT_WEEK: r = (int64_t)date + 7LL * iv.n; break;
    default: r = (int64_t)date + iv.n; break;
    }
    return r > DATE_MAX ? DATE_MAX : (Date)r;
}

const char *fte_parse(const char *s, size_t n, Fte *out)
{
    size_t i = 0;
    int64_t whole = 0, frac = 0;
    int places = 0;
    if (n == 0) return "must be a decimal number such as 0.8";
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (i >= 3) return "must be greater than 0 and at most 1";
        whole = whole * 10 + (s[i++] - '0');
    }
    if (i == 0) return "must be a decimal number such as 0.8";
    if (i < n) {
        if (s[i++] != '.' || i == n) return "must be a decimal number such as 0.8";
        while (i < n) {
            if (s[i] < '0' || s[i] > '9') return "must be a decimal number such as 0.8";
            if (++places > 6) return "must have at most 6 decimal places";
            frac = frac * 10 + (s[i++] - '0');
        }
    }
    for (int k = places; k < 6; k++) frac *= 10;
    int64_t v = whole * FTE_FULL + frac;
    if (v <= 0 || v > FTE_FULL) return "must be greater than 0 and at most 1";
    *out = (Fte)v;
    return NULL;
}

void fte_format(Fte fte, char out[16])
{
    if (fte == FTE_FULL) {
        snprintf(out, 16, "1");
        return;
    }
    char frac[8];
    snprintf(frac, sizeof frac, "%06d", (int)fte);
    size_t n = strlen(frac);
    while (n > 1 && frac[n - 1] == '0') frac[--n] = 0;
    snprintf(out, 16, "0.%s", frac);
}

/* ceil(a * FTE_FULL / fte), exact in 64-bit integers, clamped to what an
 * Interval holds (interval_add clamps the date it gives to DATE_MAX). */
static int32_t div_fte_ceil(int64_t a, Fte fte)
{
    int64_t r = (a * FTE_FULL + fte - 1) / fte;
    return r > INT32_MAX ? INT32_MAX : (int32_t)r;
}

Interval interval_pro_rata(Interval iv, Fte fte)
{
    if (fte >= FTE_FULL) return iv;
    Interval r;
    if (iv.unit == UNIT_MONTH) {
        r.unit = UNIT_MONTH;
        r.n = div_fte_ceil(iv.n, fte);
    } else {
        r.unit = UNIT_DAY;
        r.n = div_fte_ceil(iv.unit == UNIT_WEEK ? 7LL * iv.n : iv.n, fte);
    }
    return r;
}
