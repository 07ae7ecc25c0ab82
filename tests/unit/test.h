/* test.h: the unit-test harness. Each tests/unit/test_*.c is one program whose
 * main() calls RUN(fn) for each test; every CHECK is counted. The program
 * prints one TAP line per test function and exits non-zero if any failed.
 * tests/run.sh adds the counts up into the final "N passed, N failed". */
#ifndef OV_TEST_H
#define OV_TEST_H

#include <stdio.h>
#include <string.h>

static int test_checks_failed_in_fn;
static int test_fns_run, test_fns_failed;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            test_checks_failed_in_fn++;                                             \
            fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
        }                                                                           \
    } while (0)

#define CHECK_INT(got, want)                                                         \
    do {                                                                             \
        long long got_ = (long long)(got), want_ = (long long)(want);                \
        if (got_ != want_) {                                                         \
            test_checks_failed_in_fn++;                                              \
            fprintf(stderr, "  %s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, #got, \
                    got_, want_);                                                    \
        }                                                                            \
    } while (0)

#define CHECK_STR(got, want)                                                          \
    do {                                                                              \
        const char *got_ = (got), *want_ = (want);                                    \
        if (got_ == NULL || want_ == NULL ? got_ != want_ : strcmp(got_, want_) != 0) { \
            test_checks_failed_in_fn++;                                               \
            fprintf(stderr, "  %s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
                    #got, got_ ? got_ : "(null)", want_ ? want_ : "(null)");           \
        }                                                                             \
    } while (0)

/* CHECK that string got contains want. */
#define CHECK_HAS(got, want)                                                          \
    do {                                                                              \
        const char *got_ = (got), *want_ = (want);                                    \
        if (got_ == NULL || strstr(got_, want_) == NULL) {                            \
            test_checks_failed_in_fn++;                                               \
            fprintf(stderr, "  %s:%d: %s is \"%s\", want it to contain \"%s\"\n",     \
                    __FILE__, __LINE__, #got, got_ ? got_ : "(null)", want_);         \
        }                                                                             \
    } while (0)

#define RUN(fn)                                                               \
    do {                                                                      \
        test_checks_failed_in_fn = 0;                                         \
        fn();                                                                 \
        test_fns_run++;                                                       \
        if (test_checks_failed_in_fn) test_fns_failed++;                      \
        printf("%s %d - %s\n", test_checks_failed_in_fn ? "not ok" : "ok",    \
               test_fns_run, #fn);                                            \
    } while (0)

#define TEST_DONE()                                  \
    do {                                             \
        printf("1..%d\n", test_fns_run);             \
        return test_fns_failed ? 1 : 0;              \
    } while (0)

#endif
