/* svc/search.h: finding people, cases and records from one search box,
 * within what the viewer may read.
 *
 * What is typed is matched three ways: as an id (a staff or case id, in any
 * case: the id itself, or ids beginning with it), as words of a name (each
 * word typed is a whole word of the name, or the beginning of one, in any
 * case and with or without accents on Latin letters) and as a date (a
 * record's: 2026-03-04, 4/3/2026, 4 March 2026, or a month, 2026-03).
 * People are matched by their id and name; cases by their id and the
 * child's name; records by the names and ids of their two people and their
 * date, never by what the record says (so nothing withheld can be found
 * through it).
 *
 * Each group is ranked: an exact id first, then ids beginning with what was
 * typed, then a record's date, then names holding every word typed as a
 * whole word, then names with words beginning with them; ties by name (a
 * record's by date, newest first).
 *
 * Only what the viewer may read is ever looked at (svc/access.h): a person
 * as access_person says, a case through its worker (access_case), a
 * record as record_get says (its two, and whoever may read the supervisee).
 * The viewer's share is found downwards from them in one query, so a
 * search costs what the viewer may see, not what the organisation holds;
 * an auditor, who may read everyone, and anyone whose share is large, are
 * answered through the name and id indexes of schema 11 instead (see
 * search_share_scan). An admin by that role alone finds nobody. */
#ifndef OV_SVC_SEARCH_H
#define OV_SVC_SEARCH_H

#include "svc/svc.h"

/* What is typed: at least this many letters or digits, at most this many bytes. */
#define SEARCH_MIN_CHARS 2
#define SEARCH_MAX_BYTES 100
/* Each group holds at most this many. */
#define SEARCH_MAX_LIMIT 50

/* How a thing was found, best first. */
typedef enum {
    SEARCH_BY_ID,         /* its id is what was typed */
    SEARCH_BY_ID_START,   /* its id begins with it */
    SEARCH_BY_DATE,       /* a record on the date (or in the month) typed */
    SEARCH_BY_NAME,       /* every word typed is a word of a name */
    SEARCH_BY_NAME_START, /* every word typed begins a word of a name */
} SearchMatch;

typedef struct {
    int64_t ref;
    const char *id, *name, *role, *team; /* team "" when none */
    SearchMatch match;
} SearchPerson;

typedef struct {
    int64_t ref;
    const char *id, *name;              /* name: the child's, "" when the case has none */
    const char *category, *closed_date; /* closed_date "" while open */
    const char *worker_id, *worker_name;
    int64_t worker_ref;
    SearchMatch match;
} SearchCase;

typedef struct {
    int64_t ref;
    const char *date, *state; /* state of the latest version: draft, sent, signed, disputed */
    const char *supervisee_id, *supervisee_name, *supervisor_id, *supervisor_name;
    int64_t supervisee_ref, supervisor_ref;
    SearchMatch match;
} SearchRecord;

typedef struct {
    SearchPerson *people;
    size_t npeople;
    SearchCase *cases;
    size_t ncases;
    SearchRecord *records;
    size_t nrecords;
    bool more_people, more_cases, more_records; /* more were found than the limit */
    Arena strings;
} SearchResults;

/* A viewer whose share holds at most this many people is searched by
 * reading the share whole (its people, cases and records); a larger share
 * (a head of service's: most of the organisation) through the name and id
 * indexes, each candidate checked against the share's people, read once.
 * Tests set search_share_scan (0: always the indexes) to try both ways. */
#define SEARCH_SHARE_SCAN 300
extern size_t search_share_scan;

/* Searches for query (as typed; surrounding space ignored), at most limit
 * (1 to SEARCH_MAX_LIMIT) in each group. SVC_INVALID, with a sentence in
 * e->message (field "q"), when nothing was typed, too little or too much;
 * SVC_FAILED when the store failed. Free out with search_free whatever the
 * answer. */
SvcResult search(Store *st, const Viewer *v, const char *query, size_t limit, SearchResults *out, SvcError *e);
void search_free(SearchResults *r);

/* What was asked and what was found, in a line for the read trail
 * (svc/trail.h), appended to out: the query in quotes, then "records"
 * and their refs, "people" and their ids, "cases" and their ids. */
void search_describe(const char *q, const SearchResults *r, Buf *out);

/* The words of text as search compares them (lower case, accents of Latin
 * letters taken off, split at anything but letters and digits), one space
 * between, into out; false when they do not fit. For tests and callers that
 * show what was searched for. */
bool search_words(const char *text, char *out, size_t size);

#endif
