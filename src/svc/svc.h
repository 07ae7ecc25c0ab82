/* svc.h: what the supervision services (svc_*.c) share: how they answer.
 *
 * A service is one use case (book a session, send a record, sign it, ...).
 * It checks who may do it, validates its input, and writes in one
 * transaction: either everything happens or nothing does. The web pages, the
 * JSON API and the command line call services and never the store directly
 * for these things, so they cannot disagree about the rules. */
#ifndef OV_SVC_H
#define OV_SVC_H

#include <stdint.h>

#include "svc/access.h"
#include "core/date.h"
#include "core/policy.h"
#include "store/store.h"
#include "core/util.h"

typedef enum {
    SVC_OK = 0,
    SVC_INVALID,   /* bad input: error.field and error.message say what */
    SVC_REFUSED,   /* the viewer may not do this (403) */
    SVC_NOT_FOUND, /* no such thing, or the viewer may not know it exists (404) */
    SVC_CONFLICT,  /* not in a state that allows this (e.g. the record is signed) */
    SVC_FAILED,    /* the store failed: see store_error */
} SvcResult;

/* Why a request was refused or invalid: the form field it is about (an
 * HTML id, "" when none) and a sentence for people. */
typedef struct {
    char field[48];
    char message[256];
} SvcError;

/* Who is acting, and when. today is the civil date used for due dates and
 * for "on time"; now the Unix time stamped on what they write. Services
 * never read the clock, so tests can set both. */
typedef struct {
    const Viewer *viewer;
    const Policy *pol;
    Date today;
    int64_t now;
} SvcActor;

/* Fills e and returns code; for one-line refusals and validation. */
SvcResult svc_fail(SvcError *e, SvcResult code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Trims surrounding white space of text from a form, in place; returns it. */
char *svc_trim(char *s);

/* Text fields people write: at most this many bytes. */
#define SVC_TEXT_MAX 20000
#define SVC_LINE_MAX 200

/* Reading rows: a text column copied into dst (cut to size), into an arena
 * (lives as long as it), and an integer column that may be NULL (then 0). */
void svc_col_copy(StoreRows *r, int col, char *dst, size_t size);
char *svc_col_dup(Arena *a, StoreRows *r, int col);
int64_t svc_col_int0(StoreRows *r, int col);

/* Checks a required date that must be today or earlier and, when
 * max_days_back > 0, no more than that many days before today. what names
 * it in the message ("the date of the discussion"). */
SvcResult svc_past_date(SvcError *e, const char *field, const char *what, const char *date, Date today,
                        int max_days_back);

/* Checks a required or optional text field's length; SVC_OK or SVC_INVALID. */
SvcResult svc_text(SvcError *e, const char *field, const char *label, const char *s, size_t max, bool required);

/* A change's transaction. A service begins it before reading what it
 * checks: writers are serialised (store.h), so what it checks is what its
 * writes find, and someone else's change a moment earlier is answered as
 * SVC_CONFLICT by that check rather than as a statement that failed.
 * svc_finish ends it: commits when rc is SVC_OK and every write went
 * through (ok), else rolls everything back; returns rc, or SVC_FAILED when
 * the writes or the commit failed. */
SvcResult svc_finish(Store *st, SvcResult rc, bool ok);

#endif
