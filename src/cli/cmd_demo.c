/* cmd_demo.c: oversight demo: a synthetic council, written as the five CSV
 * files and loaded through the same import as real data. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "demo/demo.h"
#include "demo/demo_supervision.h"
#include "svc/accounts.h"
#include "svc/access.h"
#include "svc/audit.h"
#include "svc/council.h"
#include "svc/due.h"
#include "svc/import.h"

#define DEMO_PASSWORD "oversight demo"

/* In the order they are imported: teams name their managers, who are staff. */
static const char *const files[] = {"staff.csv", "teams.csv", "cases.csv", "sessions.csv", "discussions.csv"};
static const ImportKind kinds[] = {IMPORT_STAFF, IMPORT_TEAMS, IMPORT_CASES, IMPORT_SESSIONS, IMPORT_DISCUSSIONS};
#define NFILES (sizeof files / sizeof *files)

static bool parse_count(const char *s, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 1 || v > max) return false;
    *out = v;
    return true;
}

static void remove_files(const char *dir)
{
    for (size_t i = 0; i < NFILES; i++) {
        char *p = xasprintf("%s/%s", dir, files[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
}

/* The worker with the most overdue cases (the first by id on a tie), so the
 * demo's worker account has something to show. */
static int busiest_worker(Store *st, const Policy *pol, Date today, char *out, size_t len)
{
    DueFilter f = {.asof = today, .has_status = true, .status = STATUS_OVERDUE};
    DueList l;
    char err[512];
    int rc = due_compute(st, pol, &f, &l, err, sizeof err);
    if (rc) {
        cli_error("demo accounts: %s", err);
        return rc == 1 ? EXIT_BAD_INPUT : EXIT_ENV;
    }
    /* worker id -> index into n_overdue */
    StrMap *index = strmap_new();
    int64_t *n_overdue = xcalloc(l.n + 1, sizeof *n_overdue), best = 0, k;
    out[0] = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (l.rows[i].kind != DUE_KIND_CASE) continue;
        const char *w = l.rows[i].owner;
        if (!strmap_get(index, w, strlen(w), &k))
            strmap_put(index, w, strlen(w), k = (int64_t)strmap_count(index), NULL);
        int64_t n = ++n_overdue[k];
        if (n > best || (n == best && strcmp(w, out) < 0)) {
            best = n;
            strfmt(out, len, "%s", w);
        }
    }
    free(n_overdue);
    strmap_free(index);
    due_list_free(&l);
    return EXIT_OK;
}

/* The demo's people: the worker with the most overdue cases, their team
 * manager, the manager's line manager and the service (each "" if none). */
typedef struct {
    char worker[65], manager[65], senior[65], service[101];
} DemoPeople;

static int demo_people(Store *st, const Policy *pol, Date today, DemoPeople *d)
{
    memset(d, 0, sizeof *d);
    int rc = busiest_worker(st, pol, today, d->worker, sizeof d->worker);
    if (rc || !d->worker[0]) return rc;
    CouncilTeam t;
    SvcResult team = council_team_of(st, d->worker, &t);
    if (team == SVC_FAILED) {
        cli_error("demo: %s", store_error(st));
        return EXIT_ENV;
    }
    strfmt(d->manager, sizeof d->manager, "%s", t.manager);
    strfmt(d->senior, sizeof d->senior, "%s", t.senior);
    strfmt(d->service, sizeof d->service, "%s", t.service);
    return EXIT_OK;
}

/* One account per kind of user, around the busiest worker's team. */
static int add_accounts(Store *st, const DemoPeople *d)
{
    if (!d->worker[0]) {
        cli_error("demo accounts: no worker has an overdue case; no accounts made");
        return EXIT_BAD_INPUT;
    }
    AccountRole senior_role = {"senior-manager", d->service}, auditor = {"auditor", NULL}, admin = {"admin", NULL};
    struct {
        const char *username, *staff, *who;
        const AccountRole *role;
    } accounts[] = {
        {"worker", d->worker, "a social worker: their own supervision and cases", NULL},
        {"manager", d->manager, "their team manager: the team's supervision and cases", NULL},
        {"senior", d->senior, "the service manager, senior manager of the service", &senior_role},
        {"auditor", NULL, "an auditor: everything, read-only", &auditor},
        {"admin", NULL, "an administrator: accounts, imports and policy", &admin},
    };
    printf("\nDemo accounts (password \"%s\" for each):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
        if (accounts[i].staff && !accounts[i].staff[0]) continue;
        if (accounts[i].role == &senior_role && !d->service[0]) continue;
        char err[512];
        AccountResult ar = account_add(st, accounts[i].username, accounts[i].staff, DEMO_PASSWORD, accounts[i].role,
                                       accounts[i].role ? 1 : 0, err, sizeof err);
        if (ar != ACCOUNT_OK) {
            cli_error("demo accounts: %s", err);
            return ar == ACCOUNT_ENV ? EXIT_ENV : EXIT_BAD_INPUT;
        }
        printf("  %-8s %-7s %s\n", accounts[i].username, accounts[i].staff ? accounts[i].staff : "", accounts[i].who);
        if (accounts[i].role == &senior_role)
            printf("  %-8s %-7s a year of its trends, month by month: /services/%s/trends\n", "", "", d->service);
    }
    return EXIT_OK;
}

/* An audited quarter: last quarter's sample of the accounts' service drawn
 * (the same from the same seed), every audit of it completed with grades
 * and findings, and a remedial action for the first; this quarter's is left
 * for the senior manager to draw. */
static int add_audits(Store *st, const Policy *pol, const DemoParams *p, const DemoPeople *d)
{
    if (!d->service[0]) return EXIT_OK;
    int y, m, dd;
    date_to_ymd(p->today, &y, &m, &dd);
    int q = (m + 2) / 3 - 1;
    char quarter[8];
    strfmt(quarter, sizeof quarter, "%04d-Q%d", q ? y : y - 1, q ? q : 4);
    int64_t now = (int64_t)(p->today - 1) * 86400 + 12 * 3600; /* yesterday: the demo writes nothing on its day */
    SvcActor op = {.viewer = NULL, .pol = pol, .today = p->today, .now = now};
    AuditDraw dr;
    SvcError e = {0};
    if (audit_draw_seeded(st, &op, "demo", d->service, quarter, p->seed, &dr, &e) != SVC_OK) {
        cli_error("demo audits: %s", e.message[0] ? e.message : store_error(st));
        return EXIT_ENV;
    }
    size_t done = 0, actions = 0;
    const char *comments[POLICY_AUDIT_QUESTIONS_MAX], *grades[POLICY_AUDIT_QUESTIONS_MAX];
    for (size_t i = 0; i < dr.audits.n; i++) {
        const Audit *x = &dr.audits.items[i];
        /* The auditor as they sign in: their roles decide what they may write. */
        Viewer v;
        if (access_load(st, x->auditor_ref, x->auditor_staff_ref, &v) != STORE_OK) {
            cli_error("demo audits: %s", store_error(st));
            audit_draw_free(&dr);
            return EXIT_ENV;
        }
        SvcActor a = {.viewer = &v, .pol = pol, .today = p->today, .now = now};
        for (size_t k = 0; k < pol->naudit_questions; k++) {
            /* Mostly the second grade, some better and some worse. */
            size_t g = (i + k) % 5 == 0 ? 0 : (i + k) % 7 == 0 ? 2 : 1;
            grades[k] = pol->audit_grades[g < pol->naudit_grades ? g : 0].id;
            comments[k] = g == 2 ? "Not enough here: say what was weighed and why." : "";
        }
        AuditInput in = {.grades = grades,
                         .comments = comments,
                         .grade = pol->audit_grades[i % 3 == 2 && pol->naudit_grades > 2 ? 2 : 1].id,
                         .findings = i % 3 == 2 ? "Decisions are recorded without their rationale, and the child's "
                                                  "voice is missing from the discussion of risk."
                                                : "Reflective, with clear decisions; actions have owners and dates."};
        if (audit_save(st, &a, x->ref, &in, true, &e) != SVC_OK) continue;
        done++;
        if (i % 3 == 2 && x->supervisor_ref) {
            char due[11];
            date_format(p->today + 21, due);
            if (audit_action_add(st, &a, x->ref, "Record the rationale for each decision and what the child said", due,
                                 &e) == SVC_OK)
                actions++;
        }
    }
    printf("  %-16s %9zu audits of %s completed, %zu remedial actions open\n", "audits", done, quarter, actions);
    audit_draw_free(&dr);
    return EXIT_OK;
}

/* The supervision services' part of the council, and a summary of it. */
static int add_supervision(Store *st, const Policy *pol, const DemoParams *p, const DemoPeople *d)
{
    DemoSupervisionParams sp = {p->seed, p->today, d->worker, d->manager};
    DemoSupervisionSummary s;
    char err[512];
    int rc = demo_supervision(st, pol, &sp, &s, err, sizeof err);
    if (rc) {
        cli_error("%s", err);
        return rc == 1 ? EXIT_BAD_INPUT : EXIT_ENV;
    }
    printf("  %-16s %9ld agreements (%ld waiting to be agreed, %ld due for review), %ld records (%ld signed,"
           " %ld waiting to be signed of which %ld overdue, %ld disputed, %ld being written)\n",
           "supervision", s.agreements, s.agreements_waiting, s.agreements_review_soon + s.agreements_review_due,
           s.records, s.signed_, s.waiting, s.waiting_overdue, s.disputed, s.drafts);
    printf("  %-16s %9ld open actions (%ld overdue), %ld escalations (%ld overdue), %ld sessions booked ahead,"
           " %ld bookings cancelled, %ld informal and %ld group discussions, %ld incidents (%ld open)\n",
           "", s.actions_open, s.actions_overdue, s.escalations, s.escalations_overdue, s.booked, s.cancelled,
           s.informal, s.group, s.concerns, s.concerns_open);
    return EXIT_OK;
}

static int load(const Globals *g, const char *dir, bool accounts, const DemoParams *p)
{
    Store *st;
    Policy *pol;
    int rc = cli_open(g, true, &st, &pol);
    if (rc) return rc;
    int64_t staff = 0;
    /* A demo lost to a crash is made again: its thousands of small
     * transactions (one per service call) need not each wait for the disk. */
    if (store_fast_commits(st) != STORE_OK) {
        cli_error("%s: %s", g->db, store_error(st));
        rc = EXIT_ENV;
    } else if (council_staff_count(st, &staff) != SVC_OK) {
        cli_error("%s: %s", g->db, store_error(st));
        rc = EXIT_ENV;
    } else if (staff > 0) {
        cli_error("%s already holds %lld staff: demo fills an empty database (use another --db)", g->db,
                  (long long)staff);
        rc = EXIT_BAD_INPUT;
    }
    for (size_t i = 0; i < NFILES && rc == EXIT_OK; i++) {
        char *path = xasprintf("%s/%s", dir, files[i]);
        ImportReport rep;
        int irc = import_file(st, pol, kinds[i], path, &rep);
        for (size_t k = 0; k < rep.nerrors; k++) fprintf(stderr, "%s\n", rep.errors[k]);
        if (irc == IMPORT_OK) printf("  %-16s %9ld rows\n", files[i], rep.rows);
        rc = irc == IMPORT_OK ? EXIT_OK : irc == IMPORT_BAD_INPUT ? EXIT_BAD_INPUT : EXIT_ENV;
        import_report_free(&rep);
        free(path);
    }
    DemoPeople people;
    if (rc == EXIT_OK) rc = demo_people(st, pol, p->today, &people);
    if (rc == EXIT_OK) rc = add_supervision(st, pol, p, &people);
    if (rc == EXIT_OK && accounts) rc = add_accounts(st, &people);
    if (rc == EXIT_OK && accounts) rc = add_audits(st, pol, p, &people);
    policy_free(pol);
    store_close(st);
    return rc;
}

int cmd_demo(const Globals *g, int argc, char **argv)
{
    DemoParams p;
    demo_defaults(&p);
    p.today = cli_today();
    const char *v, *csv_dir = NULL;
    bool bad = false, accounts = false;
    long n;
    for (int i = 1; i < argc && !bad;) {
        if (cli_opt(argc, argv, &i, "--staff", &v, &bad)) {
            if (!bad && !parse_count(v, 1000000, &p.staff)) return cli_usage("demo", "--staff \"%s\": 1 to 1000000", v);
        } else if (cli_opt(argc, argv, &i, "--cases", &v, &bad)) {
            if (!bad && !parse_count(v, 100000000, &p.cases))
                return cli_usage("demo", "--cases \"%s\": 1 to 100000000", v);
        } else if (cli_opt(argc, argv, &i, "--years", &v, &bad)) {
            if (!bad && !parse_count(v, 50, &n)) return cli_usage("demo", "--years \"%s\": 1 to 50", v);
            p.years = (int)n;
        } else if (cli_opt(argc, argv, &i, "--seed", &v, &bad)) {
            if (!bad && !parse_count(v, 1L << 62, &n)) return cli_usage("demo", "--seed \"%s\": a positive number", v);
            p.seed = (uint64_t)n;
        } else if (cli_opt(argc, argv, &i, "--today", &v, &bad)) {
            if (!bad && !date_parse(v, strlen(v), &p.today)) return cli_usage("demo", "--today \"%s\": YYYY-MM-DD", v);
        } else if (strcmp(argv[i], "--accounts") == 0) {
            accounts = true;
            i++;
        } else if (!cli_opt(argc, argv, &i, "--csv", &csv_dir, &bad)) {
            return cli_usage("demo", "unexpected argument \"%s\"", argv[i]);
        }
    }
    if (bad) return EXIT_USAGE;

    char err[512];
    if (csv_dir) {
        if (mkdir(csv_dir, 0777) != 0 && errno != EEXIST) {
            cli_error("%s: %s", csv_dir, strerror(errno));
            return EXIT_ENV;
        }
        if (demo_write_csv(&p, csv_dir, err, sizeof err) != 0) {
            cli_error("%s", err);
            return EXIT_ENV;
        }
        printf("wrote a council of %ld staff and %ld cases over %d years to %s/\n", p.staff, p.cases, p.years, csv_dir);
        return EXIT_OK;
    }
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/oversight-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        cli_error("cannot make a temporary folder %s: %s", dir, strerror(errno));
        free(dir);
        return EXIT_ENV;
    }
    int rc = EXIT_OK;
    if (demo_write_csv(&p, dir, err, sizeof err) != 0) {
        cli_error("%s", err);
        rc = EXIT_ENV;
    } else {
        printf("%s: a synthetic council of %ld staff and %ld cases over %d years (seed %llu)\n", g->db, p.staff,
               p.cases, p.years, (unsigned long long)p.seed);
        rc = load(g, dir, accounts, &p);
    }
    remove_files(dir);
    free(dir);
    return rc;
}
