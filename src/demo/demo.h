/* demo.h: a synthetic council, written as the five import files.
 *
 * Used by `oversight demo`, the tests and the benchmarks. The council has
 * services, teams with managers, part-time staff, newly qualified workers,
 * leavers and starters, cases of every category and years of supervision
 * history, so the due list shows a realistic mix of ok, due-soon and overdue.
 * The output is a pure function of the parameters: the same parameters give
 * byte-identical files on any machine. */
#ifndef OV_DEMO_H
#define OV_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

typedef struct {
    long staff;    /* 1 to 1,000,000 */
    long cases;    /* 0 to 100,000,000 */
    int years;     /* 1 to 50 years of history up to today */
    uint64_t seed; /* any value; different seeds give different councils */
    Date today;    /* the last day of the history; never read from the clock */
} DemoParams;

/* 60 staff, 900 cases, 3 years, seed 1, today 2026-06-01 (callers usually
 * set today to the real date). */
void demo_defaults(DemoParams *p);

/* Writes staff.csv, teams.csv, cases.csv, sessions.csv and discussions.csv into dir,
 * which must exist, replacing files of those names. Returns 0, or -1 with a
 * message in err (bad parameters, or the file and the system's reason). */
int demo_write_csv(const DemoParams *p, const char *dir, char *err, size_t errlen);

#endif
