/* fuzz_import.c: the import files' bytes through the CSV reader and the
 * validation (format/csv.h, format/import_rows.h), with no database.
 *
 * Input: the kind of file on the first line ("staff", "cases", "sessions",
 * "discussions" or "teams"), then the file's bytes. The database is a rule
 * instead of a table: staff ids start with S, M or W, case ids with C and
 * session ids with X; the id FAIL makes the lookup fail. Beyond not
 * crashing, every message must name the file, problems stay within their
 * cap, and every good row must hold what the writing relies on. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "core/util.h"
#include "format/csv.h"
#include "format/import_rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool is_fail(const char *id, size_t n) { return n == 4 && memcmp(id, "FAIL", 4) == 0; }

/* A key from the id, never 0. */
static int64_t ref_of(const char *id, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)id[i]) * 1099511628211ull;
    return (int64_t)(h >> 2) + 1;
}

static int staff(void *ctx, const char *id, size_t n, int64_t *ref)
{
    (void)ctx;
    if (is_fail(id, n)) return -1;
    if (n == 0 || (id[0] != 'S' && id[0] != 'M' && id[0] != 'W')) return 0;
    *ref = ref_of(id, n);
    return 1;
}

static int case_(void *ctx, const char *id, size_t n, int64_t *ref)
{
    (void)ctx;
    if (is_fail(id, n)) return -1;
    if (n == 0 || id[0] != 'C') return 0;
    *ref = ref_of(id, n);
    return 1;
}

static int session(void *ctx, const char *id, size_t n, ImportSession *out)
{
    (void)ctx;
    if (is_fail(id, n)) return -1;
    if (n == 0 || id[0] != 'X') return 0;
    *out = (ImportSession){ref_of(id, n), "2026-03-02", n % 2 == 0, n % 3 == 0};
    return 1;
}

static void must(bool ok, const char *what)
{
    if (ok) return;
    fprintf(stderr, "fuzz_import: %s\n", what);
    abort();
}

static void check_row(const ImportRow *row)
{
    switch (row->kind) {
    case IMPORT_STAFF:
        must(import_valid_id(row->staff.id.s, row->staff.id.n), "a staff row's id");
        must(row->staff.name.n > 0, "a staff row's name");
        must(row->staff.fte > 0 && row->staff.fte <= FTE_FULL, "a staff row's fte");
        break;
    case IMPORT_CASES:
        must(import_valid_id(row->case_.id.s, row->case_.id.n), "a case row's id");
        must(row->case_.worker_ref != 0, "a case row's worker");
        break;
    case IMPORT_SESSIONS:
        must(import_valid_id(row->session.id.s, row->session.id.n), "a session row's id");
        must(row->session.nsupervisees >= 1 && row->session.nsupervisees <= IMPORT_MAX_SUPERVISEES,
             "a session row's supervisees");
        must(row->session.individual || strcmp(row->session.type, "individual") != 0, "a session row's type");
        must(!row->session.individual || row->session.nsupervisees == 1, "an individual session's supervisee");
        break;
    case IMPORT_DISCUSSIONS: must(row->discussion.case_ref != 0, "a discussion row's case"); break;
    case IMPORT_TEAMS: must(row->team.name.n > 0, "a team row's name"); break;
    default: must(false, "a row's kind");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Policy *pol;
    if (!pol) {
        char err[256];
        pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
        must(pol != NULL, "the default policy");
    }
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl || nl - data > 15) return 0;
    char name[16];
    memcpy(name, data, (size_t)(nl - data));
    name[nl - data] = 0;
    ImportKind kind;
    if (!import_kind_parse(name, &kind)) return 0;
    const char *csv = (const char *)nl + 1;
    size_t len = size - (size_t)(nl - data) - 1;

    ImportLookup lookup = {NULL, staff, case_, session};
    ImportReport rep = {0};
    ImportRows *v = import_rows_new(kind, pol, "f.csv", &lookup, &rep);
    CsvReader *r = csv_new_mem(csv, len);
    CsvRecord rec;
    long good = 0;
    int got = csv_next(r, &rec);
    if (got == 0) {
        import_rows_empty(v);
    } else if (got > 0 && import_rows_header(v, &rec)) {
        while ((got = csv_next(r, &rec)) > 0) {
            ImportRow row;
            if (!import_rows_check(v, &rec, &row)) continue;
            must(row.kind == kind && row.line == rec.line, "a row's kind and line");
            check_row(&row);
            good++;
        }
    }
    if (got < 0) import_rows_syntax(v, r);
    import_rows_finish(v);

    must(good <= rep.rows, "good rows are rows");
    must(rep.nerrors <= IMPORT_MAX_ERRORS + 2, "problems within their cap");
    must(rep.nwarnings <= IMPORT_MAX_ERRORS + CSV_MAX_FIELDS, "warnings within their cap");
    for (size_t i = 0; i < rep.nerrors; i++) must(strncmp(rep.errors[i], "f.csv", 5) == 0, "a problem names the file");
    for (size_t i = 0; i < rep.nwarnings; i++)
        must(strncmp(rep.warnings[i], "f.csv", 5) == 0, "a warning names the file");
    import_report_free(&rep);
    import_rows_free(v);
    csv_free(r);
    return 0;
}
