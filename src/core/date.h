/* date.h: civil dates and intervals, the arithmetic of the contract.
 *
 * A Date is a count of days since 1970-01-01 in the proleptic Gregorian
 * calendar. There is no time of day and no time zone: supervision dates are
 * civil dates. All functions here are pure. */
#ifndef OV_DATE_H
#define OV_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t Date;

/* Years 0001-9999 only, so every date formats as YYYY-MM-DD. */
#define DATE_MIN (-719162) /* 0001-01-01 */
#define DATE_MAX 2932896   /* 9999-12-31 */

Date date_from_ymd(int y, int m, int d); /* caller guarantees validity */
void date_to_ymd(Date date, int *y, int *m, int *d);
int date_days_in_month(int y, int m);
/* Parses exactly "YYYY-MM-DD" (n bytes, no surrounding space), rejecting
 * impossible days such as 2026-02-31. */
bool date_parse(const char *s, size_t n, Date *out);
/* Writes "YYYY-MM-DD" and a NUL into out. */
void date_format(Date date, char out[11]);
/* Adds months keeping the day of the month, clamped to the target month's
 * last day: 2026-01-31 + 1 = 2026-02-28. Results past DATE_MAX clamp. */
Date date_add_months(Date date, int64_t months);

typedef enum { UNIT_DAY = 'd', UNIT_WEEK = 'w', UNIT_MONTH = 'm' } Unit;

/* "n d|w|m"; n >= 1. */
typedef struct {
    int32_t n;
    Unit unit;
} Interval;

#define INTERVAL_MAX_N 100000

/* Parses "<digits><unit>" such as "4w" (n bytes, no spaces, 1 <= n <= INTERVAL_MAX_N). */
bool interval_parse(const char *s, size_t n, Interval *out);
/* Writes e.g. "4w" into out. */
void interval_format(Interval iv, char out[16]);
/* Writes the interval as people say it: "1 week", "4 weeks", "2 months",
 * "10 days". Pages say "every " before it; machine formats keep "4w". */
const char *interval_words(Interval iv, char out[24]); /* returns out */
Date interval_add(Date date, Interval iv);

/* A full-time equivalent held exactly, in millionths: 1000000 is full time. */
typedef int32_t Fte;
#define FTE_FULL 1000000
/* Parses a decimal with at most 6 places, 0 < fte <= 1 ("0.8", "1", "1.0",
 * ".5" is rejected). Returns NULL on success, else a static message saying
 * what is wrong (without the value). */
const char *fte_parse(const char *s, size_t n, Fte *out);
/* Writes the shortest decimal ("0.8", "1"). */
void fte_format(Fte fte, char out[16]);
/* The interval scaled by 1/fte and rounded up, computed exactly:
 * d and w become ceil(days / fte) days, m becomes ceil(months / fte) months. */
Interval interval_pro_rata(Interval iv, Fte fte);

#endif
