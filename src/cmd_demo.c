/* cmd_demo.c: oversight demo: a synthetic council, written as the five CSV
 * files and loaded through the same import as real data. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "demo.h"
#include "import.h"
#include "util.h"

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

static int load(const Globals *g, const char *dir)
{
    Store *st;
    Policy *pol;
    int rc = cli_open(g, true, &st, &pol);
    if (rc) return rc;
    int64_t staff = 0;
    if (store_query_int(st, STMT_STAFF_COUNT, NULL, 0, &staff) < 0) {
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
    bool bad = false;
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
        printf("wrote a council of %ld staff and %ld cases over %d years to %s/\n", p.staff, p.cases, p.years,
               csv_dir);
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
        rc = load(g, dir);
    }
    remove_files(dir);
    free(dir);
    return rc;
}
