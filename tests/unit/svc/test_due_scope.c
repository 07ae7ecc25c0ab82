/* test_due_scope.c: the due list of part of the organisation is the whole
 * organisation's list restricted to those people, row for row, on both
 * databases (RUN_STORES, test.h).
 *
 * The whole organisation's supervision kinds, concerns and checklists are
 * read by the DUE_*_ALL statements; part of it by the DUE_*_SCOPE ones,
 * given the refs of the people listed. The two must agree: the whole list
 * is the disjoint union of every worker's list (a list of one ref), and a
 * team's or a supervisor's list the union of its people's lists (a list of
 * many), compared as sorted CSV lines. The council is a small demo with its
 * supervision played through the services (agreements, records, actions,
 * escalations, concerns, bookings and checklists), and sessions entered
 * late, so that every kind of row is there. Edge cases: a leaver is listed
 * nowhere (their scope is empty: nothing is read for them), a list taken
 * on a day before anyone started is empty, and the staff in scope of a
 * team with no one in it list nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/demo.h"
#include "demo/demo_supervision.h"
#include "svc/due.h"
#include "svc/import.h"
#include "test.h"

static Policy *pol;
static Date today;

static int by_text(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The lines of text, sorted (text is freed). */
static char *sorted(char *text)
{
    size_t n = 0, cap = 0;
    char **rows = NULL;
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        xgrow((void **)&rows, &cap, n + 1, sizeof *rows);
        rows[n++] = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
        p = nl ? nl + 1 : p + strlen(p);
    }
    if (n) qsort(rows, n, sizeof *rows, by_text);
    Buf b = {0};
    for (size_t i = 0; i < n; i++) {
        buf_adds(&b, rows[i]);
        buf_addc(&b, '\n');
        free(rows[i]);
    }
    free(rows);
    free(text);
    char *out = xstrdup(buf_str(&b));
    buf_free(&b);
    return out;
}

/* The list's rows as CSV lines (no header), sorted: one string, to compare. */
static char *lines_of(const DueList *l)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    due_write_csv(f, l);
    fclose(f);
    char *body = strchr(text, '\n');
    char *rest = xstrdup(body ? body + 1 : "");
    free(text);
    return sorted(rest);
}

static DueList list_of(Store *st, DueFilter f)
{
    DueList l;
    char err[512] = "";
    int rc = due_compute(st, pol, &f, &l, err, sizeof err);
    if (rc) fprintf(stderr, "  due_compute: %s\n", err);
    CHECK_INT(rc, 0);
    if (rc) memset(&l, 0, sizeof l);
    return l;
}

/* The sorted CSV lines of the list of filter f. */
static char *lines(Store *st, DueFilter f)
{
    DueList l = list_of(st, f);
    char *s = lines_of(&l);
    due_list_free(&l);
    return s;
}

/* A small demo council, imported and its supervision played into st, with
 * one session in five marked as entered late. */
static void council(Store *st)
{
    char dir[] = "/tmp/test_due_scope.XXXXXX", err[512] = "";
    CHECK(mkdtemp(dir) != NULL);
    CHECK_INT(store_fast_commits(st), STORE_OK); /* as oversight demo: thousands of small transactions */
    DemoParams p;
    demo_defaults(&p);
    p.staff = 25, p.cases = 250, p.years = 1, p.today = today;
    CHECK_INT(demo_write_csv(&p, dir, err, sizeof err), 0);
    const char *files[] = {"staff.csv", "teams.csv", "cases.csv", "sessions.csv", "discussions.csv"};
    const ImportKind kinds[] = {IMPORT_STAFF, IMPORT_TEAMS, IMPORT_CASES, IMPORT_SESSIONS, IMPORT_DISCUSSIONS};
    for (size_t i = 0; i < 5; i++) {
        char *path = xasprintf("%s/%s", dir, files[i]);
        ImportReport rep;
        CHECK_INT(import_file(st, pol, kinds[i], path, &rep), IMPORT_OK);
        import_report_free(&rep);
        unlink(path);
        free(path);
    }
    rmdir(dir);
    /* The demo's worker and manager: any worker with a supervisor. */
    StoreRows *r = store_query(st, STMT_DUE_STAFF_ALL, (Param[]){P_STR("2026-11-23")}, 1);
    char worker[65] = "", manager[65] = "";
    while (r && store_next(r) == 1)
        if (!worker[0] && store_col_text(r, DUE_STAFF_SUPERVISOR, NULL)[0]) {
            strfmt(worker, sizeof worker, "%s", store_col_text(r, DUE_STAFF_ID, NULL));
            strfmt(manager, sizeof manager, "%s", store_col_text(r, DUE_STAFF_SUPERVISOR, NULL));
        }
    store_rows_close(r);
    DemoSupervisionParams sp = {p.seed, today, worker, manager};
    DemoSupervisionSummary sum;
    CHECK_INT(demo_supervision(st, pol, &sp, &sum, err, sizeof err), 0);
    CHECK(sum.agreements > 0 && sum.records > 0);
    test_db_exec("UPDATE sessions SET late_days = 1 + ref % 13 WHERE ref % 5 = 0",
                 "UPDATE sessions SET late_days = 1 + ref % 13 WHERE ref % 5 = 0");
}

/* The lines of the lists of each filter together, sorted. */
static char *union_of(Store *st, const DueFilter *fs, size_t n)
{
    Buf b = {0};
    for (size_t i = 0; i < n; i++) {
        char *s = lines(st, fs[i]);
        buf_adds(&b, s);
        free(s);
    }
    char *out = sorted(xstrdup(buf_str(&b)));
    buf_free(&b);
    return out;
}

typedef struct {
    char id[65], team[101], supervisor[65];
    bool left;
} Person;

/* Everyone on the staff list, with their team and supervisor. */
static Person *people(Store *st, size_t *n)
{
    char d[11];
    date_format(today, d);
    Person *ps = NULL;
    size_t cap = 0;
    *n = 0;
    StoreRows *r = store_query(st, STMT_DUE_STAFF_ALL, (Param[]){P_TEXT(d, 10)}, 1);
    CHECK(r != NULL);
    while (r && store_next(r) == 1) {
        xgrow((void **)&ps, &cap, *n + 1, sizeof *ps);
        Person *p = &ps[(*n)++];
        strfmt(p->id, sizeof p->id, "%s", store_col_text(r, DUE_STAFF_ID, NULL));
        strfmt(p->team, sizeof p->team, "%s", store_col_text(r, DUE_STAFF_TEAM, NULL));
        strfmt(p->supervisor, sizeof p->supervisor, "%s", store_col_text(r, DUE_STAFF_SUPERVISOR, NULL));
        size_t len;
        const char *left = store_col_text(r, DUE_STAFF_LEFT, &len);
        p->left = len && strncmp(left, d, 10) < 0;
    }
    store_rows_close(r);
    return ps;
}

/* The lists of the people whose team (or supervisor) is name, together. */
static char *members_union(Store *st, const Person *ps, size_t n, bool by_team, const char *name)
{
    DueFilter *fs = xcalloc(n + 1, sizeof *fs);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(by_team ? ps[i].team : ps[i].supervisor, name) == 0)
            fs[k++] = (DueFilter){.asof = today, .worker = ps[i].id};
    char *s = union_of(st, fs, k);
    free(fs);
    return s;
}

static void test_parts_make_the_whole(Store *st)
{
    council(st);
    size_t n;
    Person *ps = people(st, &n);
    CHECK(n >= 25);
    /* The whole organisation (DUE_*_ALL) is every worker's list together
     * (DUE_*_SCOPE with one ref each). */
    char *whole = lines(st, (DueFilter){.asof = today});
    DueFilter *each = xcalloc(n, sizeof *each);
    for (size_t i = 0; i < n; i++) each[i] = (DueFilter){.asof = today, .worker = ps[i].id};
    char *parts = union_of(st, each, n);
    CHECK(strcmp(parts, whole) == 0);
    const char *kinds[] = {"\nagreement,",       "\nsign-off,", "\naction,", "\nlate-entry,",
                           "\ncase-late-entry,", "\ncase,",     "\nstaff,"};
    char *nl_whole = xasprintf("\n%s", whole);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) CHECK_HAS(nl_whole, kinds[i]);
    free(nl_whole);
    free(parts);
    free(each);
    /* A team's and a supervisor's list (DUE_*_SCOPE with many refs) is its
     * people's lists together. */
    size_t teams = 0, supervisors = 0;
    for (size_t i = 0; i < n; i++) {
        if (ps[i].team[0]) {
            char *want = members_union(st, ps, n, true, ps[i].team);
            char *got = lines(st, (DueFilter){.asof = today, .team = ps[i].team});
            CHECK(strcmp(got, want) == 0);
            teams += got[0] != 0;
            free(want), free(got);
        }
        if (ps[i].supervisor[0]) {
            char *want = members_union(st, ps, n, false, ps[i].supervisor);
            char *got = lines(st, (DueFilter){.asof = today, .supervisor = ps[i].supervisor});
            CHECK(strcmp(got, want) == 0);
            supervisors += got[0] != 0;
            free(want), free(got);
        }
    }
    CHECK(teams > 0 && supervisors > 0);
    /* A leaver is listed nowhere: their own list is empty. */
    size_t leavers = 0;
    for (size_t i = 0; i < n; i++)
        if (ps[i].left) {
            char *got = lines(st, (DueFilter){.asof = today, .worker = ps[i].id});
            CHECK_STR(got, "");
            leavers++;
            free(got);
        }
    CHECK(leavers > 0);
    /* Before anyone started, nobody is listed, in whole or in part. */
    Date before = date_from_ymd(2000, 1, 1);
    char *none = lines(st, (DueFilter){.asof = before});
    CHECK_STR(none, "");
    free(none);
    none = lines(st, (DueFilter){.asof = before, .team = ps[0].team[0] ? ps[0].team : NULL});
    CHECK_STR(none, "");
    free(none);
    free(whole);
    free(ps);
}

/* Rows due on the same day are in the order of kind, then id as strcmp
 * orders them. due.c compares the first seven bytes of the ids as one
 * integer and the rest as strings only when those are equal: ids that
 * share a longer prefix, differ in case, or are prefixes of each other
 * keep the order. */
static void test_order_of_ids(Store *st)
{
    char dir[] = "/tmp/test_due_order.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = xasprintf("%s/staff.csv", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs("id,name,email,role,team,supervisor,line_manager,start_date,fte,left_date\n", f);
    const char *ids[] = {"S-0000001b", "s-1", "S-0000001a", "S-000000", "S-0000001a0", "S-0000001"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        fprintf(f, "%s,Person %zu,p%zu@council.example,social-worker,,,,2026-01-05,1,\n", ids[i], i, i);
    fclose(f);
    ImportReport rep;
    CHECK_INT(import_file(st, pol, IMPORT_STAFF, path, &rep), IMPORT_OK);
    import_report_free(&rep);
    unlink(path);
    free(path);
    rmdir(dir);
    DueList l = list_of(st, (DueFilter){.asof = today});
    Buf got = {0};
    for (size_t i = 0; i < l.n; i++) buf_addf(&got, "%s %s\n", due_kind_name(l.rows[i].kind), l.rows[i].id);
    CHECK_STR(buf_str(&got), "staff S-000000\nstaff S-0000001\nstaff S-0000001a\nstaff S-0000001a0\n"
                             "staff S-0000001b\nstaff s-1\n");
    buf_free(&got);
    due_list_free(&l);
}

int main(void)
{
    char err[256] = "";
    pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    if (!pol) {
        printf("Bail out! the default policy: %s\n", err);
        return 1;
    }
    today = date_from_ymd(2026, 11, 23);
    RUN_STORES(test_parts_make_the_whole);
    RUN_STORES(test_order_of_ids);
    policy_free(pol);
    TEST_DONE();
}
