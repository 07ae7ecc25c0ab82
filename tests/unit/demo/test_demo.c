/* test_demo.c: the synthetic council (src/demo.c). Same parameters give the
 * same bytes, another seed gives another council; the four files are valid
 * RFC 4180 with the contract's headers, every reference resolves, dates and
 * fte are valid, sessions only involve staff in post, discussions only cases
 * open on the day, and the council has the variety the demo promises. The
 * files are parsed here with a small strict reader of our own, so a quoting
 * mistake in the writer cannot hide behind the same mistake in src/csv.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "demo/demo.h"
#include "core/policy.h"
#include "test.h"
#include "core/util.h"

static const char *const files[] = {"staff.csv", "teams.csv", "cases.csv", "sessions.csv", "discussions.csv"};
#define NFILES (sizeof files / sizeof *files)

/* ---- a strict little CSV reader ---- */

typedef struct {
    char **f;
    size_t n;
} Row;

typedef struct {
    char *raw;
    size_t rawlen;
    Row header;
    Row *rows;
    size_t nrows;
    const char *bad; /* why the file is not RFC 4180, or NULL */
} Table;

static void row_add(Row *r, size_t *cap, const char *s, size_t n)
{
    xgrow((void **)&r->f, cap, r->n + 1, sizeof(char *));
    r->f[r->n++] = xstrndup(s, n);
}

/* Parses RFC 4180 with LF line ends only, as the generator promises: quoted
 * fields with doubled quotes, no CR anywhere, a final LF. */
static void parse(Table *t)
{
    const char *p = t->raw, *end = t->raw + t->rawlen;
    size_t rowscap = 0, fcap = 0;
    Row cur = {0};
    Buf field = {0};
    bool header = true;
    if (t->rawlen == 0 || end[-1] != '\n') t->bad = "no final line feed";
    if (memchr(t->raw, '\r', t->rawlen)) t->bad = "a carriage return";
    while (p < end && !t->bad) {
        buf_clear(&field);
        if (*p == '"') {
            p++;
            for (;;) {
                if (p >= end) {
                    t->bad = "unterminated quoted field";
                    break;
                }
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        buf_addc(&field, '"');
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                buf_addc(&field, *p++);
            }
            if (!t->bad && p < end && *p != ',' && *p != '\n') t->bad = "text after a closing quote";
        } else {
            while (p < end && *p != ',' && *p != '\n') {
                if (*p == '"') t->bad = "a quote in an unquoted field";
                buf_addc(&field, *p++);
            }
        }
        if (t->bad) break;
        row_add(&cur, &fcap, field.data ? field.data : "", field.len);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        p++; /* the line feed */
        if (header) {
            t->header = cur;
            header = false;
        } else {
            if (cur.n != t->header.n) t->bad = "a row with the wrong number of fields";
            xgrow((void **)&t->rows, &rowscap, t->nrows + 1, sizeof(Row));
            t->rows[t->nrows++] = cur;
        }
        cur = (Row){0};
        fcap = 0;
    }
    for (size_t i = 0; i < cur.n; i++) free(cur.f[i]);
    free(cur.f);
    buf_free(&field);
}

static void row_free(Row *r)
{
    for (size_t i = 0; i < r->n; i++) free(r->f[i]);
    free(r->f);
}

static void table_free(Table *t)
{
    row_free(&t->header);
    for (size_t i = 0; i < t->nrows; i++) row_free(&t->rows[i]);
    free(t->rows);
    free(t->raw);
    memset(t, 0, sizeof *t);
}

static bool load(const char *dir, const char *name, Table *t)
{
    memset(t, 0, sizeof *t);
    char *path = xasprintf("%s/%s", dir, name);
    int rc = read_file(path, (size_t)1 << 30, &t->raw, &t->rawlen);
    free(path);
    if (rc != 0) return false;
    parse(t);
    if (t->bad) fprintf(stderr, "  %s: %s\n", name, t->bad);
    return t->bad == NULL;
}

/* The column index of name; fails the test if missing. */
static size_t col(const Table *t, const char *name)
{
    for (size_t i = 0; i < t->header.n; i++)
        if (strcmp(t->header.f[i], name) == 0) return i;
    test_check(false);
    fprintf(stderr, "  no column %s\n", name);
    return 0;
}

static const char *header_line(const Table *t, Buf *b)
{
    buf_clear(b);
    for (size_t i = 0; i < t->header.n; i++) {
        if (i) buf_addc(b, ',');
        buf_adds(b, t->header.f[i]);
    }
    return buf_str(b);
}

/* ---- helpers ---- */

static Date ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

static bool parse_date(const char *s, Date *d) { return date_parse(s, strlen(s), d); }

/* "P" followed by exactly width digits, width >= min. */
static bool id_ok(const char *s, char prefix, size_t min, size_t *width)
{
    size_t n = strlen(s);
    if (n < min + 1 || s[0] != prefix) return false;
    for (size_t i = 1; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    if (*width == 0) *width = n - 1;
    return n - 1 == *width;
}

static int64_t lookup(const StrMap *m, const char *key)
{
    int64_t v;
    return strmap_get(m, key, strlen(key), &v) ? v : -1;
}

/* The longest and shortest a interval can be in days. */
static int32_t iv_max_days(Interval iv)
{
    return iv.unit == UNIT_MONTH ? 31 * iv.n : iv.unit == UNIT_WEEK ? 7 * iv.n : iv.n;
}
static int32_t iv_min_days(Interval iv)
{
    return iv.unit == UNIT_MONTH ? 28 * iv.n : iv.unit == UNIT_WEEK ? 7 * iv.n : iv.n;
}

static char *make_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/test_demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror(dir);
        abort();
    }
    return dir;
}

static void remove_dir(char *dir)
{
    for (size_t i = 0; i < NFILES; i++) {
        char *p = xasprintf("%s/%s", dir, files[i]);
        unlink(p);
        free(p);
    }
    CHECK_INT(rmdir(dir), 0);
    free(dir);
}

static DemoParams params(long staff, long cases, int years, uint64_t seed)
{
    DemoParams p;
    demo_defaults(&p);
    p.staff = staff;
    p.cases = cases;
    p.years = years;
    p.seed = seed;
    p.today = ymd(2026, 5, 20);
    return p;
}

static bool generate(const DemoParams *p, const char *dir)
{
    char err[512] = "";
    int rc = demo_write_csv(p, dir, err, sizeof err);
    if (rc != 0) fprintf(stderr, "  demo_write_csv: %s\n", err);
    return rc == 0;
}

static bool same_file(const char *a, const char *b, const char *name)
{
    char *pa = xasprintf("%s/%s", a, name), *pb = xasprintf("%s/%s", b, name);
    char *da = NULL, *db = NULL;
    size_t na = 0, nb = 0;
    bool same = read_file(pa, (size_t)1 << 30, &da, &na) == 0 && read_file(pb, (size_t)1 << 30, &db, &nb) == 0 &&
                na == nb && memcmp(da, db, na) == 0;
    free(pa);
    free(pb);
    free(da);
    free(db);
    return same;
}

/* ---- the integrity check ---- */

typedef struct {
    Date start, left; /* left INT32_MAX when none */
    bool fte_part;
} StaffInfo;

typedef struct {
    Date alloc, closed; /* closed INT32_MAX when open */
    int64_t worker;
} CaseInfo;

typedef struct {
    Date date;
    bool held;
    char *supervisees; /* ";"-joined ids */
} SessInfo;

/* What a council must look like; full adds the checks that need some size. */
static void check_council(const char *dir, const DemoParams *p, bool full)
{
    char err[512];
    Policy *pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    CHECK(pol != NULL);
    if (!pol) return;
    const Date today = p->today, hist = date_add_months(today, -12 * (int64_t)p->years);
    Table st, ca, se, di, te;
    bool ok = load(dir, "staff.csv", &st) & load(dir, "cases.csv", &ca) & load(dir, "sessions.csv", &se) &
              load(dir, "discussions.csv", &di) & load(dir, "teams.csv", &te);
    CHECK(ok);
    Buf b = {0};
    CHECK_STR(header_line(&st, &b), "id,name,email,role,team,supervisor,line_manager,start_date,fte,left_date");
    CHECK_STR(header_line(&ca, &b), "id,category,worker,allocated_date,closed_date,every");
    CHECK_STR(header_line(&se, &b), "id,date,supervisor,supervisee,type,status");
    CHECK_STR(header_line(&di, &b), "session,case");
    CHECK_STR(header_line(&te, &b), "name,service,manager");
    buf_free(&b);
    if (!ok) goto out;

    /* staff */
    const size_t s_id = col(&st, "id"), s_name = col(&st, "name"), s_email = col(&st, "email"),
                 s_role = col(&st, "role"), s_team = col(&st, "team"), s_sup = col(&st, "supervisor"),
                 s_lm = col(&st, "line_manager"), s_start = col(&st, "start_date"), s_fte = col(&st, "fte"),
                 s_left = col(&st, "left_date");
    CHECK_INT(st.nrows, p->staff);
    StrMap *sm = strmap_new();
    StaffInfo *si = xcalloc(st.nrows + 1, sizeof *si);
    size_t width = 0;
    long leavers = 0, part = 0, future = 0, new_nqsw = 0, other_lm = 0, non_ascii = 0, no_sup = 0;
    /* teams: each named once, with a service and a manager who is on the staff */
    StrMap *teams = strmap_new();
    for (size_t i = 0; i < te.nrows; i++) {
        char **f = te.rows[i].f;
        CHECK(strmap_put(teams, f[0], strlen(f[0]), (int64_t)i, NULL));
        CHECK(f[1][0] != 0);
        CHECK(f[2][0] != 0);
    }
    for (size_t i = 0; i < st.nrows; i++) {
        char **f = st.rows[i].f;
        CHECK(id_ok(f[s_id], 'S', 5, &width));
        CHECK(strmap_put(sm, f[s_id], strlen(f[s_id]), (int64_t)i, NULL));
        CHECK(f[s_name][0] != 0);
        CHECK(policy_role(pol, f[s_role], strlen(f[s_role])) != NULL);
        CHECK(f[s_email][0] == 0 || strstr(f[s_email], "@council.example") != NULL);
        CHECK(f[s_team][0] != 0);
        for (const char *c = f[s_name]; *c; c++)
            if ((unsigned char)*c >= 0x80) {
                non_ascii++;
                break;
            }
        CHECK(parse_date(f[s_start], &si[i].start));
        si[i].left = INT32_MAX;
        if (f[s_left][0]) {
            CHECK(parse_date(f[s_left], &si[i].left));
            CHECK(si[i].left >= si[i].start);
            CHECK(si[i].left < today);
            leavers++;
        }
        Fte fte = FTE_FULL;
        if (f[s_fte][0]) CHECK(fte_parse(f[s_fte], strlen(f[s_fte]), &fte) == NULL);
        CHECK(fte > 0 && fte <= FTE_FULL);
        si[i].fte_part = fte < FTE_FULL;
        part += si[i].fte_part;
        future += si[i].start > today;
        new_nqsw += strcmp(f[s_role], "nqsw") == 0 && si[i].start <= today && today - si[i].start < 365;
        other_lm += f[s_lm][0] && strcmp(f[s_lm], f[s_sup]) != 0;
        no_sup += f[s_sup][0] == 0;
    }
    for (size_t i = 0; i < st.nrows; i++) {
        int64_t t;
        CHECK(strmap_get(teams, st.rows[i].f[s_team], strlen(st.rows[i].f[s_team]), &t));
    }
    for (size_t i = 0; i < te.nrows; i++) {
        int64_t m;
        CHECK(strmap_get(sm, te.rows[i].f[2], strlen(te.rows[i].f[2]), &m));
    }
    strmap_free(teams);
    for (size_t i = 0; i < st.nrows; i++) {
        char **f = st.rows[i].f;
        if (f[s_sup][0]) {
            CHECK(lookup(sm, f[s_sup]) >= 0);
            CHECK(strcmp(f[s_sup], f[s_id]) != 0);
        }
        if (f[s_lm][0]) CHECK(lookup(sm, f[s_lm]) >= 0);
    }
    CHECK(no_sup == 1); /* only the head of service */

    /* cases */
    const size_t c_id = col(&ca, "id"), c_cat = col(&ca, "category"), c_worker = col(&ca, "worker"),
                 c_alloc = col(&ca, "allocated_date"), c_closed = col(&ca, "closed_date"), c_every = col(&ca, "every");
    CHECK_INT(ca.nrows, p->cases);
    StrMap *cm = strmap_new();
    CaseInfo *ci = xcalloc(ca.nrows + 1, sizeof *ci);
    long closed = 0, every = 0, cats[16] = {0};
    width = 0;
    for (size_t i = 0; i < ca.nrows; i++) {
        char **f = ca.rows[i].f;
        CHECK(id_ok(f[c_id], 'C', 6, &width));
        CHECK(strmap_put(cm, f[c_id], strlen(f[c_id]), (int64_t)i, NULL));
        const Category *cat = policy_category(pol, f[c_cat], strlen(f[c_cat]));
        CHECK(cat != NULL);
        if (cat) cats[(cat - pol->categories) & 15]++;
        ci[i].worker = lookup(sm, f[c_worker]);
        CHECK(ci[i].worker >= 0);
        CHECK(parse_date(f[c_alloc], &ci[i].alloc));
        CHECK(ci[i].alloc <= today);
        ci[i].closed = INT32_MAX;
        if (f[c_closed][0]) {
            CHECK(parse_date(f[c_closed], &ci[i].closed));
            CHECK(ci[i].alloc < ci[i].closed);
            CHECK(ci[i].closed < today);
            closed++;
        }
        if (ci[i].worker >= 0) {
            const StaffInfo *w = &si[ci[i].worker];
            CHECK(ci[i].alloc >= w->start);
            if (w->left != INT32_MAX) CHECK(ci[i].closed <= w->left);
            /* residential cases belong to residential staff and only to them */
            bool res_worker = strcmp(st.rows[ci[i].worker].f[s_role], "residential") == 0;
            if (p->staff > 3) CHECK(res_worker == (strcmp(f[c_cat], "residential") == 0));
        }
        if (f[c_every][0]) {
            Interval iv;
            CHECK(interval_parse(f[c_every], strlen(f[c_every]), &iv));
            /* stricter than the category's own rule, or than the every-case maximum */
            Interval limit = cat && cat->has_every ? cat->every : pol->every_case;
            CHECK(iv_max_days(iv) < iv_min_days(limit));
            every++;
        }
    }

    /* sessions */
    const size_t x_id = col(&se, "id"), x_date = col(&se, "date"), x_sup = col(&se, "supervisor"),
                 x_who = col(&se, "supervisee"), x_type = col(&se, "type"), x_status = col(&se, "status");
    StrMap *xm = strmap_new();
    SessInfo *xi = xcalloc(se.nrows + 1, sizeof *xi);
    long types[3] = {0}, cancelled = 0;
    width = 0;
    for (size_t i = 0; i < se.nrows; i++) {
        char **f = se.rows[i].f;
        CHECK(id_ok(f[x_id], 'X', 7, &width));
        CHECK(strmap_put(xm, f[x_id], strlen(f[x_id]), (int64_t)i, NULL));
        CHECK(parse_date(f[x_date], &xi[i].date));
        CHECK(xi[i].date >= hist && xi[i].date <= today);
        int64_t sup = lookup(sm, f[x_sup]);
        CHECK(sup >= 0);
        if (sup >= 0) CHECK(si[sup].start <= xi[i].date && si[sup].left >= xi[i].date);
        bool group = strcmp(f[x_type], "group") == 0;
        types[group ? 1 : strcmp(f[x_type], "informal") == 0 ? 2 : 0]++;
        CHECK(group || strcmp(f[x_type], "informal") == 0 || strcmp(f[x_type], "individual") == 0);
        CHECK(strcmp(f[x_status], "held") == 0 || strcmp(f[x_status], "cancelled") == 0);
        xi[i].held = strcmp(f[x_status], "held") == 0;
        cancelled += !xi[i].held;
        xi[i].supervisees = f[x_who];
        size_t n = 0;
        char *copy = xstrdup(f[x_who]), *save = NULL;
        for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
            int64_t w = lookup(sm, tok);
            CHECK(w >= 0);
            /* in post on the day */
            if (w >= 0) CHECK(si[w].start <= xi[i].date && si[w].left >= xi[i].date);
            CHECK(w != sup);
            n++;
        }
        free(copy);
        if (group)
            CHECK(n >= 2);
        else
            CHECK_INT(n, 1);
    }

    /* discussions */
    const size_t d_sess = col(&di, "session"), d_case = col(&di, "case");
    StrMap *pairs = strmap_new();
    for (size_t i = 0; i < di.nrows; i++) {
        char **f = di.rows[i].f;
        int64_t x = lookup(xm, f[d_sess]), c = lookup(cm, f[d_case]);
        CHECK(x >= 0);
        CHECK(c >= 0);
        char *key = xasprintf("%s,%s", f[d_sess], f[d_case]);
        CHECK(strmap_put(pairs, key, strlen(key), 0, NULL)); /* no pair twice */
        free(key);
        if (x < 0 || c < 0) continue;
        CHECK(xi[x].held);
        /* open on the day, and held by one of the supervisees */
        CHECK(ci[c].alloc <= xi[x].date && ci[c].closed > xi[x].date);
        const char *wid = ca.rows[c].f[c_worker], *list = xi[x].supervisees;
        size_t wl = strlen(wid);
        bool found = false;
        for (const char *q = list; (q = strstr(q, wid)) != NULL; q += wl)
            if ((q == list || q[-1] == ';') && (q[wl] == 0 || q[wl] == ';')) found = true;
        CHECK(found);
    }

    if (full) {
        /* the variety the demo promises */
        CHECK(leavers > 0 && leavers * 100 <= p->staff * 10);
        CHECK(part * 100 >= p->staff * 4 && part * 100 <= p->staff * 30);
        CHECK(future >= 1 && future <= 2);
        CHECK(new_nqsw > 0);
        CHECK(other_lm > 0);
        CHECK(non_ascii > 0);
        CHECK(memchr(st.raw, '"', st.rawlen) != NULL); /* some names needed quoting */
        CHECK(closed * 100 >= p->cases * 20 && closed * 100 <= p->cases * 40);
        CHECK(every > 0 && every * 100 <= p->cases * 6);
        for (size_t k = 0; k < pol->ncategories; k++) CHECK(cats[k] > 0);
        for (size_t k = 0; k < pol->nroles; k++) {
            bool seen = false;
            for (size_t i = 0; i < st.nrows && !seen; i++) seen = strcmp(st.rows[i].f[s_role], pol->roles[k].id) == 0;
            CHECK(seen);
        }
        CHECK(types[0] > 0 && types[1] > 0 && types[2] > 0);
        CHECK(cancelled * 100 >= (long)se.nrows * 4 && cancelled * 100 <= (long)se.nrows * 12);
        /* roughly monthly supervision for most people over the years */
        CHECK((long)se.nrows >= p->staff * p->years * 8 && (long)se.nrows <= p->staff * p->years * 30);
        CHECK(di.nrows >= se.nrows);
    }

    strmap_free(pairs);
    strmap_free(xm);
    strmap_free(cm);
    strmap_free(sm);
    free(xi);
    free(ci);
    free(si);
out:
    table_free(&te);
    table_free(&st);
    table_free(&ca);
    table_free(&se);
    table_free(&di);
    policy_free(pol);
}

/* ---- tests ---- */

static void test_defaults(void)
{
    DemoParams p;
    memset(&p, 0xff, sizeof p);
    demo_defaults(&p);
    CHECK_INT(p.staff, 60);
    CHECK_INT(p.cases, 900);
    CHECK_INT(p.years, 3);
    CHECK_INT(p.seed, 1);
}

static void test_deterministic(void)
{
    char *a = make_dir(), *b = make_dir(), *c = make_dir();
    DemoParams p = params(150, 2500, 4, 42);
    CHECK(generate(&p, a));
    CHECK(generate(&p, b));
    for (size_t i = 0; i < NFILES; i++) {
        if (!test_check(same_file(a, b, files[i]))) fprintf(stderr, "  %s differs between two runs\n", files[i]);
    }
    p.seed = 43;
    CHECK(generate(&p, c));
    CHECK(!same_file(a, c, "staff.csv"));
    CHECK(!same_file(a, c, "sessions.csv"));
    CHECK(!same_file(a, c, "discussions.csv"));
    remove_dir(a);
    remove_dir(b);
    remove_dir(c);
}

static void test_integrity(void)
{
    char *dir = make_dir();
    DemoParams p = params(150, 2500, 4, 42);
    CHECK(generate(&p, dir));
    check_council(dir, &p, true);
    /* the defaults too, as `oversight demo` uses them */
    demo_defaults(&p);
    CHECK(generate(&p, dir));
    check_council(dir, &p, true);
    remove_dir(dir);
}

static void test_long_history(void)
{
    char *dir = make_dir();
    DemoParams p = params(400, 6000, 12, 7);
    p.today = ymd(2024, 2, 29);
    CHECK(generate(&p, dir));
    check_council(dir, &p, true);
    remove_dir(dir);
}

/* Councils too small for teams, services or business support still give
 * files that import: every reference resolves. */
static void test_tiny(void)
{
    static const long sizes[][3] = {{1, 0, 1},  {1, 5, 1},   {2, 10, 1},  {3, 10, 2},
                                    {4, 30, 1}, {9, 100, 2}, {25, 300, 1}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char *dir = make_dir();
        DemoParams p = params(sizes[i][0], sizes[i][1], (int)sizes[i][2], 5);
        CHECK(generate(&p, dir));
        check_council(dir, &p, false);
        remove_dir(dir);
    }
}

static void test_errors(void)
{
    char err[256] = "";
    DemoParams p = params(10, 10, 1, 1);
    CHECK_INT(demo_write_csv(&p, "/nonexistent/folder", err, sizeof err), -1);
    CHECK_HAS(err, "/nonexistent/folder/staff.csv");
    p.staff = 0;
    err[0] = 0;
    CHECK_INT(demo_write_csv(&p, "/tmp", err, sizeof err), -1);
    CHECK_HAS(err, "staff");
    p = params(10, 10, 0, 1);
    CHECK_INT(demo_write_csv(&p, "/tmp", err, sizeof err), -1);
    CHECK_HAS(err, "years");
    p = params(10, -1, 1, 1);
    CHECK_INT(demo_write_csv(&p, "/tmp", err, sizeof err), -1);
    CHECK_HAS(err, "cases");
}

int main(void)
{
    RUN(test_defaults);
    RUN(test_deterministic);
    RUN(test_integrity);
    RUN(test_long_history);
    RUN(test_tiny);
    RUN(test_errors);
    TEST_DONE();
}
