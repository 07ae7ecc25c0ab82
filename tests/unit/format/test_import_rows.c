/* test_import_rows.c: the import files' validation (format/import_rows.h),
 * with no database: every kind of problem of every kind of file, with the
 * messages people see (warnings first, as `oversight import` prints them),
 * the typed rows of good files, and what happens when the lookup fails.
 *
 * The database is a table (known below): staff M1, W1, W2 and P1 to P200;
 * cases C1 and C2; sessions X1 (held), X2 (cancelled) and X3 (held, recorded in
 * the application, which an import may not change). The id FAIL makes
 * the lookup fail. The messages in the tables are those the import gave
 * before its validation was split from its writing. */
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "core/util.h"
#include "format/csv.h"
#include "format/import_rows.h"
#include "test.h"

static Policy *pol;

/* ---------------------------------------------------------------- the database as a table */

typedef struct {
    int failures; /* lookups that failed */
} Known;

static bool is(const char *id, size_t n, const char *want) { return strlen(want) == n && memcmp(id, want, n) == 0; }

static int known_staff(void *ctx, const char *id, size_t n, int64_t *ref)
{
    static const char *const staff[] = {"M1", "W1", "W2"};
    if (is(id, n, "FAIL")) return ((Known *)ctx)->failures++, -1;
    for (size_t i = 0; i < sizeof staff / sizeof *staff; i++)
        if (is(id, n, staff[i])) return *ref = (int64_t)i + 1, 1;
    /* P1 to P200, for long lists of supervisees */
    if (n >= 2 && n <= 4 && id[0] == 'P') {
        int v = 0;
        for (size_t i = 1; i < n; i++) {
            if (id[i] < '0' || id[i] > '9') return 0;
            v = v * 10 + (id[i] - '0');
        }
        if (v >= 1 && v <= 200) return *ref = 1000 + v, 1;
    }
    return 0;
}

static int known_case(void *ctx, const char *id, size_t n, int64_t *ref)
{
    if (is(id, n, "FAIL")) return ((Known *)ctx)->failures++, -1;
    if (is(id, n, "C1")) return *ref = 10, 1;
    if (is(id, n, "C2")) return *ref = 11, 1;
    return 0;
}

static int known_session(void *ctx, const char *id, size_t n, ImportSession *out)
{
    if (is(id, n, "FAIL")) return ((Known *)ctx)->failures++, -1;
    if (is(id, n, "X1")) return *out = (ImportSession){100, "2026-03-02", true, false}, 1;
    if (is(id, n, "X2")) return *out = (ImportSession){101, "2026-03-09", false, false}, 1;
    if (is(id, n, "X3")) return *out = (ImportSession){102, "2026-03-16", true, true}, 1;
    return 0;
}

/* ---------------------------------------------------------------- checking a file */

typedef struct {
    char *messages; /* "warning: ..." lines, then the problems, each ending "\n" */
    long rows;      /* data rows read */
    ImportRow good[8];
    size_t ngood;
    ImportStaffLinks links[8];
    size_t nlinks;
    int failures;
    bool finished; /* import_rows_finish answered */
    Arena copies;  /* of the good rows' text and the links */
} Result;

static void result_free(Result *res)
{
    free(res->messages);
    arena_free(&res->copies);
}

/* A copy of t that outlives its record. */
static void keep(Arena *a, ImportText *t) { t->s = arena_strndup(a, t->s, t->n); }

static void keep_row(Arena *a, ImportRow *row)
{
    switch (row->kind) {
    case IMPORT_STAFF:
        keep(a, &row->staff.id), keep(a, &row->staff.name), keep(a, &row->staff.email);
        keep(a, &row->staff.role), keep(a, &row->staff.team);
        break;
    case IMPORT_CASES:
        keep(a, &row->case_.id), keep(a, &row->case_.category), keep(a, &row->case_.every);
        keep(a, &row->case_.name);
        break;
    case IMPORT_SESSIONS: keep(a, &row->session.id); break;
    case IMPORT_TEAMS: keep(a, &row->team.name), keep(a, &row->team.service); break;
    default: break;
    }
}

/* Checks csv as a file f.csv of kind, as the import does, keeping the
 * first good rows (their text copied: a row points into its record). */
static Result check_file(ImportKind kind, const char *csv, size_t len)
{
    Result res = {0};
    Known known = {0};
    ImportLookup lookup = {&known, known_staff, known_case, known_session};
    ImportReport rep = {0};
    ImportRows *v = import_rows_new(kind, pol, "f.csv", &lookup, &rep);
    CsvReader *r = csv_new_mem(csv, len);
    CsvRecord rec;
    int got = csv_next(r, &rec);
    if (got == 0) {
        import_rows_empty(v);
    } else if (got > 0 && import_rows_header(v, &rec)) {
        while ((got = csv_next(r, &rec)) > 0) {
            ImportRow row;
            if (!import_rows_check(v, &rec, &row) || res.ngood == 8) continue;
            keep_row(&res.copies, &row);
            res.good[res.ngood++] = row;
        }
    }
    if (got < 0) import_rows_syntax(v, r);
    res.finished = import_rows_finish(v);
    import_report_in_order(&rep, "f.csv");
    const ImportStaffLinks *links = import_rows_links(v, &res.nlinks);
    if (res.nlinks > 8) res.nlinks = 8;
    for (size_t i = 0; i < res.nlinks; i++) {
        res.links[i] = links[i];
        const char *sup = links[i].supervisor, *lm = links[i].line_manager;
        res.links[i].supervisor = sup ? arena_strndup(&res.copies, sup, strlen(sup)) : NULL;
        res.links[i].line_manager = lm ? arena_strndup(&res.copies, lm, strlen(lm)) : NULL;
    }
    Buf b = {0};
    buf_adds(&b, "");
    for (size_t i = 0; i < rep.nwarnings; i++) buf_addf(&b, "warning: %s\n", rep.warnings[i]);
    for (size_t i = 0; i < rep.nerrors; i++) buf_addf(&b, "%s\n", rep.errors[i]);
    res.messages = b.data;
    res.rows = rep.rows;
    res.failures = known.failures;
    import_report_free(&rep);
    import_rows_free(v);
    csv_free(r);
    return res;
}

static Result check_text(ImportKind kind, const char *csv) { return check_file(kind, csv, strlen(csv)); }

typedef struct {
    ImportKind kind;
    const char *what, *csv, *want;
} Case;

static void run_cases(const Case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        Result res = check_text(cases[i].kind, cases[i].csv);
        if (strcmp(res.messages, cases[i].want) != 0) fprintf(stderr, "  case: %s\n", cases[i].what);
        CHECK_STR(res.messages, cases[i].want);
        result_free(&res);
    }
}

#define RUN_CASES(t) run_cases(t, sizeof t / sizeof *t)

/* ---------------------------------------------------------------- the problems */

static const Case file_cases[] = {
    {IMPORT_STAFF, "an empty file", "",
     "f.csv: the file is empty: the first line must name the columns (id, name, email, role, "
     "team, supervisor, line_manager, start_date, fte, left_date)\n"},
    {IMPORT_TEAMS, "an empty teams file lists its columns", "",
     "f.csv: the file is empty: the first line must name the columns (name, service, manager)\n"},
    {IMPORT_STAFF, "a column named twice",
     "id,name,role,start_date,ID\n"
     "W9,A,social-worker,2026-01-01,W9\n",
     "f.csv:1: column \"id\" appears twice in the header\n"},
    {IMPORT_STAFF, "a missing required column, and an unknown one",
     "nickname,id,name,role\n"
     "x,W9,A,social-worker\n",
     "warning: f.csv:1: column \"nickname\" is not a column of a staff file and is ignored\n"
     "f.csv:1: missing required column \"start_date\"\n"},
    {IMPORT_CASES, "header names are trimmed and of any case",
     " ID ,Category,WORKER,allocated_date\n"
     "C9,child-in-need,W1,2026-02-01\n",
     ""},
    {IMPORT_STAFF, "a row with too few or too many fields; a blank line is not a row",
     "id,name,role,start_date\n"
     "W9,A,social-worker\n"
     "\n"
     "W10,B,social-worker,2026-01-01,x\n",
     "f.csv:2: 3 fields, but the header has 4\n"
     "f.csv:4: 5 fields, but the header has 4\n"},
    {IMPORT_STAFF, "a syntax error is the last problem",
     "id,name,role,start_date\n"
     "W9,A,social-worker,2026-99-01\n"
     "W10,\"unterminated\n",
     "f.csv:2: start_date \"2026-99-01\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n"
     "f.csv:3:5: quoted field not closed: the closing quote is missing\n"},
    {IMPORT_STAFF, "text that is not UTF-8",
     "id,name,role,start_date\n"
     "W9,Zo\xeb,social-worker,2026-01-01\n",
     "f.csv:2:6: not UTF-8 text (byte 0xEB); save the file as UTF-8\n"},
    {IMPORT_STAFF, "more than 20 problems",
     "id,name,role,start_date\n"
     "Q1,N,wizard,2026-01-01\n"
     "Q2,N,wizard,2026-01-01\n"
     "Q3,N,wizard,2026-01-01\n"
     "Q4,N,wizard,2026-01-01\n"
     "Q5,N,wizard,2026-01-01\n"
     "Q6,N,wizard,2026-01-01\n"
     "Q7,N,wizard,2026-01-01\n"
     "Q8,N,wizard,2026-01-01\n"
     "Q9,N,wizard,2026-01-01\n"
     "Q10,N,wizard,2026-01-01\n"
     "Q11,N,wizard,2026-01-01\n"
     "Q12,N,wizard,2026-01-01\n"
     "Q13,N,wizard,2026-01-01\n"
     "Q14,N,wizard,2026-01-01\n"
     "Q15,N,wizard,2026-01-01\n"
     "Q16,N,wizard,2026-01-01\n"
     "Q17,N,wizard,2026-01-01\n"
     "Q18,N,wizard,2026-01-01\n"
     "Q19,N,wizard,2026-01-01\n"
     "Q20,N,wizard,2026-01-01\n"
     "Q21,N,wizard,2026-01-01\n"
     "Q22,N,wizard,2026-01-01\n",
     "f.csv:2: role \"wizard\": not a role in the policy \"Default policy: children's social care\" "
     "(see: oversight policy show)\n"
     "f.csv:3: role \"wizard\": not a role in the policy \"Default policy: children's social care\" "
     "(see: oversight policy show)\n"
     "f.csv:4: role \"wizard\": not a role in the policy \"Default policy: children's social care\" "
     "(see: oversight policy show)\n"
     "f.csv:5: role \"wizard\": not a role in the policy \"Default policy: children's social care\" "
     "(see: oversight policy show)\n"
     "f.csv:6: role \"wizard\": not a role in the policy \"Default policy: children's social care\" "
     "(see: oversight policy show)\n"
     "f.csv:7: role \"wizard\": not a role in the policy \"Default policy: children's social care\" "
     "(see: oversight policy show)\n"
     "f.csv:8: role \"wizard\": not a role in the policy \"Default policy: children's social care\" "
     "(see: oversight policy show)\n"
     "f.csv:9: role \"wizard\": not a role in the policy \"Default policy: children's social care\" "
     "(see: oversight policy show)\n"
     "f.csv:10: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:11: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:12: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:13: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:14: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:15: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:16: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:17: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:18: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:19: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:20: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv:21: role \"wizard\": not a role in the policy \"Default policy: children's social "
     "care\" (see: oversight policy show)\n"
     "f.csv: more than 20 problems; fix these and import again\n"},
};

static const Case staff_cases[] = {
    {IMPORT_STAFF, "id: required, not an id, already in the file",
     "id,name,role,start_date\n"
     ",A,social-worker,2026-01-01\n"
     "W 9,A,social-worker,2026-01-01\n"
     "W9,A,social-worker,2026-01-01\n"
     "W9,B,social-worker,2026-01-01\n",
     "f.csv:2: id \"\": is required\n"
     "f.csv:3: id \"W 9\": must be 1-64 letters, digits, '-', '_' or '.'\n"
     "f.csv:5: id \"W9\": is already on line 4 of this file\n"},
    {IMPORT_STAFF, "name: required, too long, a control character",
     "id,name,role,start_date\n"
     "W9,,social-worker,2026-01-01\n"
     "W10,nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
     "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
     "nnnnnnnnnnnnnnnnnnnnnnnnn,social-worker,2026-01-01\n"
     "W11,\"a\n"
     "b\",social-worker,2026-01-01\n"
     "W12,\"tab\there\",social-worker,2026-01-01\n",
     "f.csv:2: name \"\": is required\n"
     "f.csv:3: name \"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...\": is longer than 200 bytes\n"
     "f.csv:4: name \"a?b\": contains a control character or line break\n"
     "f.csv:6: name \"tab?here\": contains a control character or line break\n"},
    {IMPORT_STAFF, "email: too long, not an address",
     "id,name,email,role,start_date\n"
     "W9,A,eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
     "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
     "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee@x.uk,social-wo"
     "rker,2026-01-01\n"
     "W10,B,nobody,social-worker,2026-01-01\n"
     "W11,C,a b@x.uk,social-worker,2026-01-01\n"
     "W12,D,,social-worker,2026-01-01\n",
     "f.csv:2: email \"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee...\": is longer than 254 bytes\n"
     "f.csv:3: email \"nobody\": not an email address\n"
     "f.csv:4: email \"a b@x.uk\": not an email address\n"},
    {IMPORT_STAFF, "role: required, not in the policy",
     "id,name,role,start_date\n"
     "W9,A,,2026-01-01\n"
     "W10,B,wizard,2026-01-01\n",
     "f.csv:2: role \"\": is required\n"
     "f.csv:3: role \"wizard\": not a role in the policy \"Default policy: children's social care\" "
     "(see: oversight policy show)\n"},
    {IMPORT_STAFF, "team: too long, a control character",
     "id,name,role,team,start_date\n"
     "W9,A,social-worker,ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"
     "tttttttttttttttttttttttttttttt,2026-01-01\n"
     "W10,B,social-worker,\"T\x7f\",2026-01-01\n",
     "f.csv:2: team \"tttttttttttttttttttttttttttttttttttttttt...\": is longer than 100 bytes\n"
     "f.csv:3: team \"T?\": contains a control character or line break\n"},
    {IMPORT_STAFF, "supervisor and line manager: not ids, or the person themselves (a warning)",
     "id,name,role,start_date,supervisor,line_manager\n"
     "W9,A,social-worker,2026-01-01,bad id,W 1\n"
     "W10,B,social-worker,2026-01-01,W10,W10\n",
     "warning: f.csv:3: supervisor \"W10\": is the person themselves\n"
     "warning: f.csv:3: line_manager \"W10\": is the person themselves\n"
     "f.csv:2: supervisor \"bad id\": must be 1-64 letters, digits, '-', '_' or '.'\n"
     "f.csv:2: line_manager \"W 1\": must be 1-64 letters, digits, '-', '_' or '.'\n"},
    {IMPORT_STAFF, "dates: required, not dates, left before start (a warning)",
     "id,name,role,start_date,left_date\n"
     "W9,A,social-worker,,\n"
     "W10,B,social-worker,2026-02-30,2026-13-01\n"
     "W11,C,social-worker,2026-01-01,2025-12-31\n",
     "warning: f.csv:4: left_date \"2025-12-31\": is before start_date 2026-01-01: the person is "
     "never listed as due\n"
     "f.csv:2: start_date \"\": is required\n"
     "f.csv:3: start_date \"2026-02-30\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n"
     "f.csv:3: left_date \"2026-13-01\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n"},
    {IMPORT_STAFF, "fte: not a number, out of range",
     "id,name,role,start_date,fte\n"
     "W9,A,social-worker,2026-01-01,abc\n"
     "W10,B,social-worker,2026-01-01,0\n"
     "W11,C,social-worker,2026-01-01,1.5\n"
     "W12,D,social-worker,2026-01-01,0.\n",
     "f.csv:2: fte \"abc\": must be a decimal number such as 0.8\n"
     "f.csv:3: fte \"0\": must be greater than 0 and at most 1\n"
     "f.csv:4: fte \"1.5\": must be greater than 0 and at most 1\n"
     "f.csv:5: fte \"0.\": must be a decimal number such as 0.8\n"},
    {IMPORT_STAFF, "links: in the file (even further down), in the database, or missing",
     "id,name,role,start_date,supervisor,line_manager\n"
     "W9,A,social-worker,2026-01-01,W10,M1\n"
     "W10,B,manager,2026-01-01,NOBODY,\n"
     "W11,C,social-worker,2026-01-01,,GHOST\n",
     "f.csv:3: supervisor \"NOBODY\": no such staff member in this file or the database\n"
     "f.csv:4: line_manager \"GHOST\": no such staff member in this file or the database\n"},
    {IMPORT_STAFF, "problems in line order: a missing supervisor (found after the last row) before a later line's",
     "id,name,role,start_date,supervisor,fte\n"
     "W9,A,social-worker,2026-01-01,NOBODY,\n"
     "W10,B,social-worker,2026-01-01,,1.5\n",
     "f.csv:2: supervisor \"NOBODY\": no such staff member in this file or the database\n"
     "f.csv:3: fte \"1.5\": must be greater than 0 and at most 1\n"},
};

static const Case cases_cases[] = {
    {IMPORT_CASES, "id: required, not an id, already in the file",
     "id,category,worker,allocated_date\n"
     ",child-in-need,W1,2026-01-01\n"
     "C 9,child-in-need,W1,2026-01-01\n"
     "C9,child-in-need,W1,2026-01-01\n"
     "C9,child-in-need,W1,2026-01-01\n",
     "f.csv:2: id \"\": is required\n"
     "f.csv:3: id \"C 9\": must be 1-64 letters, digits, '-', '_' or '.'\n"
     "f.csv:5: id \"C9\": is already on line 4 of this file\n"},
    {IMPORT_CASES, "category: required, not in the policy",
     "id,category,worker,allocated_date\n"
     "C9,,W1,2026-01-01\n"
     "C10,witchcraft,W1,2026-01-01\n",
     "f.csv:2: category \"\": is required\n"
     "f.csv:3: category \"witchcraft\": not a case category in the policy \"Default policy: "
     "children's social care\" (see: oversight policy show)\n"},
    {IMPORT_CASES, "worker: required, not an id, not in the database",
     "id,category,worker,allocated_date\n"
     "C9,child-in-need,,2026-01-01\n"
     "C10,child-in-need,W 1,2026-01-01\n"
     "C11,child-in-need,NOBODY,2026-01-01\n",
     "f.csv:2: worker \"\": is required\n"
     "f.csv:3: worker \"W 1\": must be 1-64 letters, digits, '-', '_' or '.'\n"
     "f.csv:4: worker \"NOBODY\": no such staff member in the database (import the staff file "
     "first)\n"},
    {IMPORT_CASES, "dates: required, not dates, closed before allocated (a warning)",
     "id,category,worker,allocated_date,closed_date\n"
     "C9,child-in-need,W1,,\n"
     "C10,child-in-need,W1,2026-02-30,bad\n"
     "C11,child-in-need,W1,2026-02-01,2026-01-01\n",
     "warning: f.csv:4: closed_date \"2026-01-01\": is before allocated_date 2026-02-01: the case "
     "is never listed as due\n"
     "f.csv:2: allocated_date \"\": is required\n"
     "f.csv:3: allocated_date \"2026-02-30\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n"
     "f.csv:3: closed_date \"bad\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n"},
    {IMPORT_CASES, "every: not an interval",
     "id,category,worker,allocated_date,every\n"
     "C9,child-in-need,W1,2026-01-01,2x\n"
     "C10,child-in-need,W1,2026-01-01,0w\n",
     "f.csv:2: every \"2x\": not an interval: use a whole number and d, w or m, e.g. 2w\n"
     "f.csv:3: every \"0w\": not an interval: use a whole number and d, w or m, e.g. 2w\n"},
    {IMPORT_CASES, "name: optional, on one line, not too long",
     "id,category,worker,allocated_date,name\n"
     "C9,child-in-need,W1,2026-01-01,\"J.\nS.\"\n"
     "C10,child-in-need,W1,2026-01-01,\"A\tB\"\n"
     "C11,child-in-need,W1,2026-01-01,"
     "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
     "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n"
     "C12,child-in-need,W1,2026-01-01,\n",
     "f.csv:2: name \"J.?S.\": contains a control character or line break\n"
     "f.csv:4: name \"A?B\": contains a control character or line break\n"
     "f.csv:5: name \"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX...\": is longer than 200 bytes\n"},
    {IMPORT_CASES, "problems are reported column by column",
     "id,category,worker,allocated_date,closed_date,every\n"
     "C9,,NOBODY,2026-02-30,bad,2x\n",
     "f.csv:2: category \"\": is required\n"
     "f.csv:2: worker \"NOBODY\": no such staff member in the database (import the staff file "
     "first)\n"
     "f.csv:2: allocated_date \"2026-02-30\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n"
     "f.csv:2: closed_date \"bad\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n"
     "f.csv:2: every \"2x\": not an interval: use a whole number and d, w or m, e.g. 2w\n"},
};

static const Case sessions_cases[] = {
    {IMPORT_SESSIONS, "id and date",
     "id,date,supervisor,supervisee\n"
     ",2026-01-01,M1,W1\n"
     "X9,,M1,W1\n"
     "X10,2026-02-30,M1,W1\n"
     "X10,2026-01-01,M1,W1\n",
     "f.csv:2: id \"\": is required\n"
     "f.csv:3: date \"\": is required\n"
     "f.csv:4: date \"2026-02-30\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n"
     "f.csv:5: id \"X10\": is already on line 4 of this file\n"},
    {IMPORT_SESSIONS, "supervisor: required, not an id, not in the database",
     "id,date,supervisor,supervisee\n"
     "X9,2026-01-01,,W1\n"
     "X10,2026-01-01,M 1,W1\n"
     "X11,2026-01-01,NOBODY,W1\n",
     "f.csv:2: supervisor \"\": is required\n"
     "f.csv:3: supervisor \"M 1\": must be 1-64 letters, digits, '-', '_' or '.'\n"
     "f.csv:4: supervisor \"NOBODY\": no such staff member in the database (import the staff file "
     "first)\n"},
    {IMPORT_SESSIONS, "type and status",
     "id,date,supervisor,supervisee,type,status\n"
     "X9,2026-01-01,M1,W1,weird,held\n"
     "X10,2026-01-01,M1,W1,group,maybe\n",
     "f.csv:2: type \"weird\": must be individual, group or informal\n"
     "f.csv:3: status \"maybe\": must be held or cancelled\n"},
    {IMPORT_SESSIONS, "supervisees: required, not ids, not in the database, named twice",
     "id,date,supervisor,supervisee,type\n"
     "X9,2026-01-01,M1,,group\n"
     "X10,2026-01-01,M1,W1;bad id,group\n"
     "X11,2026-01-01,M1,W1;GHOST;bad id,group\n"
     "X12,2026-01-01,M1,W1; W2 ;W1,group\n"
     "X13,2026-01-01,M1,;W1,group\n",
     "f.csv:2: supervisee \"\": is required\n"
     "f.csv:3: supervisee \"W1;bad id\": each supervisee must be 1-64 letters, digits, '-', '_' "
     "or '.', separated by ';'\n"
     "f.csv:4: supervisee \"GHOST\": no such staff member in the database\n"
     "f.csv:5: supervisee \"W1\": named twice\n"
     "f.csv:6: supervisee \";W1\": each supervisee must be 1-64 letters, digits, '-', '_' or '.', "
     "separated by ';'\n"},
    {IMPORT_SESSIONS, "individual and informal sessions have one supervisee",
     "id,date,supervisor,supervisee,type\n"
     "X9,2026-01-01,M1,W1;W2,individual\n"
     "X10,2026-01-01,M1,W1;W2,informal\n"
     "X11,2026-01-01,M1,W1;W2,\n",
     "f.csv:2: supervisee \"W1;W2\": an individual session has exactly one supervisee (only group "
     "sessions have several)\n"
     "f.csv:3: supervisee \"W1;W2\": an informal session has exactly one supervisee (only group "
     "sessions have several)\n"
     "f.csv:4: supervisee \"W1;W2\": an individual session has exactly one supervisee (only group "
     "sessions have several)\n"},
    {IMPORT_SESSIONS, "after a problem in an earlier column the supervisees are not checked",
     "id,date,supervisor,supervisee\n"
     "X9,bad,M1,GHOST\n",
     "f.csv:2: date \"bad\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n"},
};

static const Case recorded_cases[] = {
    {IMPORT_SESSIONS, "a session recorded in the application cannot be changed; imported ones can",
     "id,date,supervisor,supervisee,status\n"
     "X1,2026-03-03,M1,W1,held\n"
     "X3,2026-03-17,W2,W2,cancelled\n",
     "f.csv:3: id \"X3\": was recorded in the application and a supervision record stands on it, so an import"
     " cannot change it (give imported sessions ids of their own)\n"},
    {IMPORT_DISCUSSIONS, "nor can discussions be added to it",
     "session,case\n"
     "X1,C1\n"
     "X3,C2\n",
     "f.csv:3: session \"X3\": was recorded in the application and a supervision record stands on it, so an"
     " import cannot add discussions to it\n"},
};

static const Case discussions_cases[] = {
    {IMPORT_DISCUSSIONS, "session: required, not an id, not in the database",
     "session,case\n"
     ",C1\n"
     "X 1,C1\n"
     "X404,C1\n",
     "f.csv:2: session \"\": is required\n"
     "f.csv:3: session \"X 1\": must be 1-64 letters, digits, '-', '_' or '.'\n"
     "f.csv:4: session \"X404\": no such session in the database (import the sessions file first)\n"},
    {IMPORT_DISCUSSIONS, "case: required, not an id, not in the database",
     "session,case\n"
     "X1,\n"
     "X1,C 1\n"
     "X1,C404\n",
     "f.csv:2: case \"\": is required\n"
     "f.csv:3: case \"C 1\": must be 1-64 letters, digits, '-', '_' or '.'\n"
     "f.csv:4: case \"C404\": no such case in the database (import the cases file first)\n"},
    {IMPORT_DISCUSSIONS, "missing columns",
     "case\n"
     "C1\n",
     "f.csv:1: missing required column \"session\"\n"},
};

static const Case teams_cases[] = {
    {IMPORT_TEAMS, "name: required, too long, a control character, named twice",
     "name,service,manager\n"
     ",North,M1\n"
     "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
     "nnnnnnnnnnn,North,M1\n"
     "\"T\x02\",North,M1\n"
     "Assessment 1,North,M1\n"
     "Assessment 1,South,M1\n",
     "f.csv:2: name \"\": is required\n"
     "f.csv:3: name \"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...\": is longer than 100 bytes\n"
     "f.csv:4: name \"T?\": contains a control character or line break\n"
     "f.csv:6: name \"Assessment 1\": is already on line 5 of this file\n"},
    {IMPORT_TEAMS, "service too long; manager not an id, not in the database",
     "name,service,manager\n"
     "A,ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"
     "sssssssssssss,\n"
     "B,North,bad id\n"
     "C,North,NOBODY\n",
     "f.csv:2: service \"ssssssssssssssssssssssssssssssssssssssss...\": is longer than 100 bytes\n"
     "f.csv:3: manager \"bad id\": must be 1-64 letters, digits, '-', '_' or '.'\n"
     "f.csv:4: manager \"NOBODY\": no such staff member in the database (import the staff file "
     "first)\n"},
};

static void test_file(void) { RUN_CASES(file_cases); }
static void test_staff(void) { RUN_CASES(staff_cases); }
static void test_cases(void) { RUN_CASES(cases_cases); }
static void test_sessions(void) { RUN_CASES(sessions_cases); }
static void test_discussions(void) { RUN_CASES(discussions_cases); }
static void test_teams(void) { RUN_CASES(teams_cases); }
static void test_recorded_sessions(void) { RUN_CASES(recorded_cases); }

/* A group of up to 100 supervisees, and no more. */
static void test_supervisee_cap(void)
{
    Buf b = {0};
    buf_adds(&b, "id,date,supervisor,supervisee,type\nX9,2026-01-01,M1,");
    for (int i = 1; i <= 100; i++) buf_addf(&b, "%sP%d", i > 1 ? ";" : "", i);
    buf_adds(&b, ",group\n");
    Result res = check_text(IMPORT_SESSIONS, b.data);
    CHECK_STR(res.messages, "");
    CHECK_INT(res.ngood, 1);
    CHECK_INT(res.good[0].session.nsupervisees, 100);
    CHECK_INT(res.good[0].session.supervisees[99], 1100);
    result_free(&res);

    buf_clear(&b);
    buf_adds(&b, "id,date,supervisor,supervisee,type\nX9,2026-01-01,M1,");
    for (int i = 1; i <= 101; i++) buf_addf(&b, "%sP%d", i > 1 ? ";" : "", i);
    buf_adds(&b, ",group\n");
    res = check_text(IMPORT_SESSIONS, b.data);
    CHECK_STR(res.messages,
              "f.csv:2: supervisee \"P1;P2;P3;P4;P5;P6;P7;P8;P9;P10;P11;P12;P...\": more than 100 supervisees\n");
    CHECK_INT(res.ngood, 0);
    result_free(&res);
    buf_free(&b);
}

/* Good rows come out typed, their text pointing into the file. */
static void test_typed_rows(void)
{
    Result res = check_text(IMPORT_STAFF, "id,name,email,role,team,supervisor,line_manager,start_date,fte,left_date\n"
                                          "W9,\"Okafor, Ade\",ade@council.example,manager,Team 1,W10,M1,2020-01-06,"
                                          "0.8,2026-05-31\n"
                                          "W10,Jo,,social-worker,,,,2021-03-01,,\n");
    CHECK_STR(res.messages, "");
    CHECK_INT(res.rows, 2);
    CHECK_INT(res.ngood, 2);
    const ImportStaffRow *s = &res.good[0].staff;
    CHECK_INT(res.good[0].kind, IMPORT_STAFF);
    CHECK_INT(res.good[0].line, 2);
    CHECK(s->id.n == 2 && memcmp(s->id.s, "W9", 2) == 0);
    CHECK(s->name.n == 11 && memcmp(s->name.s, "Okafor, Ade", 11) == 0);
    CHECK(s->team.n == 6 && memcmp(s->team.s, "Team 1", 6) == 0);
    CHECK_INT(s->start, date_from_ymd(2020, 1, 6));
    CHECK_INT(s->fte, 800000);
    CHECK(s->has_left);
    CHECK_INT(s->left, date_from_ymd(2026, 5, 31));
    CHECK_INT(s->link, 0);
    s = &res.good[1].staff;
    CHECK_INT(s->email.n, 0);
    CHECK_INT(s->team.n, 0);
    CHECK_INT(s->fte, FTE_FULL);
    CHECK(!s->has_left);
    CHECK_INT(s->link, -1);
    /* W10 is further down the file, M1 in the database. */
    CHECK(res.finished);
    CHECK_INT(res.nlinks, 1);
    CHECK_INT(res.links[0].line, 2);
    CHECK_STR(res.links[0].supervisor, "W10");
    CHECK_STR(res.links[0].line_manager, "M1");
    result_free(&res);

    res = check_text(IMPORT_CASES, "id,category,worker,allocated_date,closed_date,every\n"
                                   "C9,child-protection,W2,2026-01-10,2026-04-01,2w\n");
    CHECK_STR(res.messages, "");
    const ImportCaseRow *c = &res.good[0].case_;
    CHECK_INT(c->worker_ref, 3);
    CHECK_INT(c->allocated, date_from_ymd(2026, 1, 10));
    CHECK(c->has_closed);
    CHECK_INT(c->closed, date_from_ymd(2026, 4, 1));
    CHECK(c->every.n == 2 && memcmp(c->every.s, "2w", 2) == 0);
    CHECK_INT(c->name.n, 0);
    result_free(&res);

    /* A child's name or initials: any Unicode, kept as written. */
    res = check_text(IMPORT_CASES, "id,category,worker,allocated_date,name\n"
                                   "C9,child-protection,W2,2026-01-10,Zoë O'Brien-Ł\n"
                                   "C10,child-protection,W2,2026-01-10,J.S.\n");
    CHECK_STR(res.messages, "");
    CHECK_INT(res.ngood, 2);
    CHECK(res.good[0].case_.name.n == strlen("Zoë O'Brien-Ł") &&
          memcmp(res.good[0].case_.name.s, "Zoë O'Brien-Ł", res.good[0].case_.name.n) == 0);
    CHECK(res.good[1].case_.name.n == 4 && memcmp(res.good[1].case_.name.s, "J.S.", 4) == 0);
    result_free(&res);

    res = check_text(IMPORT_SESSIONS, "id,date,supervisor,supervisee,type,status\n"
                                      "X9,2026-03-02,M1,W1,,\n"
                                      "X10,2026-03-09,M1, W1 ; W2 ,group,cancelled\n");
    CHECK_STR(res.messages, "");
    const ImportSessionRow *x = &res.good[0].session;
    CHECK_INT(x->date, date_from_ymd(2026, 3, 2));
    CHECK_INT(x->supervisor_ref, 1);
    CHECK_STR(x->type, "individual");
    CHECK_STR(x->status, "held");
    CHECK(x->individual && x->held);
    CHECK_INT(x->nsupervisees, 1);
    CHECK_INT(x->supervisees[0], 2);
    x = &res.good[1].session;
    CHECK_STR(x->type, "group");
    CHECK_STR(x->status, "cancelled");
    CHECK(!x->individual && !x->held);
    CHECK_INT(x->nsupervisees, 2);
    CHECK_INT(x->supervisees[1], 3);
    result_free(&res);

    res = check_text(IMPORT_DISCUSSIONS, "session,case\nX1,C1\nX2,C2\n");
    CHECK_STR(res.messages, "");
    CHECK_INT(res.ngood, 2);
    CHECK_INT(res.good[0].discussion.session.ref, 100);
    CHECK_STR(res.good[0].discussion.session.date, "2026-03-02");
    CHECK(res.good[0].discussion.session.held);
    CHECK_INT(res.good[0].discussion.case_ref, 10);
    CHECK(!res.good[1].discussion.session.held);
    result_free(&res);

    res = check_text(IMPORT_TEAMS, "name,service,manager\nTeam 1,North,M1\nTeam 2,,\n");
    CHECK_STR(res.messages, "");
    CHECK(res.good[0].team.service.n == 5 && memcmp(res.good[0].team.service.s, "North", 5) == 0);
    CHECK_INT(res.good[0].team.manager_ref, 1);
    CHECK_INT(res.good[1].team.service.n, 0);
    CHECK_INT(res.good[1].team.manager_ref, 0);
    result_free(&res);
}

/* A lookup that fails is reported by the lookup, not as a missing row; the
 * row is not good, and the rest of it is still checked. */
static void test_lookup_failure(void)
{
    Result res = check_text(IMPORT_CASES, "id,category,worker,allocated_date\nC9,child-in-need,FAIL,bad\n");
    CHECK_STR(res.messages, "f.csv:2: allocated_date \"bad\": not a valid date: use YYYY-MM-DD, e.g. 2026-03-31\n");
    CHECK_INT(res.failures, 1);
    CHECK_INT(res.ngood, 0);
    result_free(&res);

    res = check_text(IMPORT_DISCUSSIONS, "session,case\nFAIL,C404\nX1,FAIL\n");
    CHECK_STR(res.messages, "");
    CHECK_INT(res.failures, 2);
    CHECK_INT(res.ngood, 0);
    result_free(&res);

    res = check_text(IMPORT_STAFF, "id,name,role,start_date,supervisor\nW9,A,social-worker,2026-01-01,FAIL\n");
    CHECK(!res.finished);
    CHECK_INT(res.failures, 1);
    CHECK_INT(res.ngood, 1);
    result_free(&res);
}

/* Any bytes at all: the validation never crashes, and a problem always
 * names the file (a quick check; tests/fuzz/fuzz_import.c goes further). */
static void test_any_bytes(void)
{
    uint64_t x = 42;
    char buf[256];
    for (int round = 0; round < 2000; round++) {
        size_t n = 0;
        const char *head = round % 2 ? "id,date,supervisor,supervisee,type\n" : "id,name,role,start_date,fte\n";
        while (head[n]) buf[n] = head[n], n++;
        size_t len = n + (size_t)(round % 120);
        for (; n < len; n++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            static const char alphabet[] = "W1M2;,\n\" -0.8aP9X";
            buf[n] = alphabet[(x >> 33) % (sizeof alphabet - 1)];
        }
        Result res = check_file(round % 2 ? IMPORT_SESSIONS : IMPORT_STAFF, buf, n);
        for (const char *p = res.messages; *p; p = strchr(p, '\n') + 1)
            CHECK(strncmp(p, "f.csv", 5) == 0 || strncmp(p, "warning: f.csv", 14) == 0);
        result_free(&res);
    }
}

static void test_names(void)
{
    ImportKind k;
    CHECK(import_kind_parse("discussions", &k) && k == IMPORT_DISCUSSIONS);
    CHECK(!import_kind_parse("people", &k));
    CHECK_STR(import_kind_name(IMPORT_TEAMS), "teams");
    CHECK(import_valid_id("a-Z_0.9", 7));
    CHECK(!import_valid_id("", 0));
    CHECK(!import_valid_id("a b", 3));
    char id[65];
    memset(id, 'a', sizeof id);
    CHECK(import_valid_id(id, 64));
    CHECK(!import_valid_id(id, 65));
}

int main(void)
{
    char err[256];
    pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    if (!pol) {
        fprintf(stderr, "default policy: %s\n", err);
        return 1;
    }
    RUN(test_file);
    RUN(test_staff);
    RUN(test_cases);
    RUN(test_sessions);
    RUN(test_discussions);
    RUN(test_teams);
    RUN(test_recorded_sessions);
    RUN(test_supervisee_cap);
    RUN(test_typed_rows);
    RUN(test_lookup_failure);
    RUN(test_any_bytes);
    RUN(test_names);
    policy_free(pol);
    TEST_DONE();
}
