/* cmd_backup.c: oversight backup FILE and oversight restore FILE: a SQLite
 * database copied through SQLite's online backup API while the servers run,
 * and put back from such a copy with the servers stopped (store.h,
 * store_backup and store_restore). PostgreSQL is refused with what to use
 * instead (pg_dump, pg_restore: docs/deploy.md). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/transfer.h"

/* Ctrl-C or a TERM signal stops a copy between steps: nothing is written. */
static volatile sig_atomic_t stop_asked;

static void ask_stop(int sig)
{
    (void)sig;
    stop_asked = 1;
}

static void catch_stops(void)
{
    struct sigaction sa = {.sa_handler = ask_stop};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* Progress on a terminal (pages done, rate, time left), nothing in scripts. */
typedef struct {
    const char *verb;
    bool shown;
    bool tty;
    struct timespec start, last;
} Progress;

static double seconds_between(struct timespec a, struct timespec b)
{
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static bool progress(void *ctx, int64_t done, int64_t total)
{
    Progress *p = ctx;
    if (stop_asked) return false;
    if (!p->tty) return true;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (done < total && p->shown && seconds_between(p->last, now) < 0.25) return true;
    p->last = now;
    double took = seconds_between(p->start, now);
    double rate = took > 0 ? (double)done / took : 0;
    fprintf(stderr, "\r%s: %lld of %lld pages (%d%%)", p->verb, (long long)done, (long long)total,
            total ? (int)(100 * done / total) : 100);
    if (rate > 0) fprintf(stderr, ", %.0f pages/s, about %.0f s left   ", rate, (double)(total - done) / rate);
    p->shown = true;
    return true;
}

static void progress_start(Progress *p, const char *verb)
{
    *p = (Progress){.verb = verb, .tty = isatty(STDERR_FILENO) == 1};
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    catch_stops();
}

static void progress_end(const Progress *p)
{
    if (p->shown) fputc('\n', stderr);
}

static void print_size(int64_t bytes)
{
    if (bytes >= 10 * 1024 * 1024)
        printf("%lld MiB", (long long)(bytes / (1024 * 1024)));
    else
        printf("%lld KiB", (long long)((bytes + 1023) / 1024));
}

static int exit_for(int rc) { return rc == STORE_ERROR ? EXIT_BAD_INPUT : EXIT_ENV; }

static const char backup_help[] = "usage: oversight [--db PATH] backup FILE\n"
                                  "\n"
                                  "Copies the SQLite database into FILE while the servers go on working:\n"
                                  "through SQLite's online backup API, from one moment's snapshot, a thousand\n"
                                  "pages at a time. FILE is written beside itself first and put in place only\n"
                                  "once the copy is complete and has passed SQLite's integrity check; a backup\n"
                                  "that fails or is stopped (Ctrl-C) leaves FILE as it was. FILE is one file,\n"
                                  "readable by its owner only. Put it back with: oversight restore FILE\n"
                                  "\n"
                                  "The key files beside the database (DB.key) are not in FILE: keep them,\n"
                                  "apart from the backups (docs/deploy.md, \"Backup and restore\").\n"
                                  "On PostgreSQL, use pg_dump instead (docs/deploy.md says how).\n";

static const char restore_help[] = "usage: oversight [--db PATH] restore FILE\n"
                                   "\n"
                                   "Replaces the SQLite database with FILE, a backup made by oversight backup:\n"
                                   "through SQLite's backup API, in one transaction (all of FILE or nothing).\n"
                                   "FILE must be a whole Oversight database; an older schema is brought up to\n"
                                   "date afterwards, a newer one is refused. Stop the servers first: restore\n"
                                   "refuses while another connection is writing to the database.\n"
                                   "Prints the schema version and the staff and records restored.\n"
                                   "On PostgreSQL, use pg_restore instead (docs/deploy.md says how).\n";

/* One FILE argument, or --help. 0 and *file, or the exit status. */
static int one_file(const char *cmd, const char *help, int argc, char **argv, const char **file)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)) {
        fputs(help, stdout);
        return -1;
    }
    if (argc != 2 || argv[1][0] == 0) return cli_usage(cmd, "one FILE is needed (oversight %s --help)", cmd);
    if (argv[1][0] == '-' && argv[1][1] == '-')
        return cli_usage(cmd, "unknown option \"%s\" (oversight %s --help)", argv[1], cmd);
    *file = argv[1];
    return 0;
}

static int open_db(const Globals *g, bool create, Store **st)
{
    char err[1024];
    if (store_open(g->db, create, st, err, sizeof err) != STORE_OK) {
        cli_error("%s", err);
        return EXIT_ENV;
    }
    return EXIT_OK;
}

int cmd_backup(const Globals *g, int argc, char **argv)
{
    const char *file = NULL;
    int rc = one_file("backup", backup_help, argc, argv, &file);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    Store *st;
    if ((rc = open_db(g, false, &st))) return rc;
    /* PostgreSQL: store_backup says what to use instead. */
    bool sqlite = strcmp(store_backend_name(st), "sqlite") == 0;
    int version = 0;
    if (sqlite && store_schema_version(st, &version) != STORE_OK) {
        cli_error("%s: %s", g->db, store_error(st));
        store_close(st);
        return EXIT_ENV;
    }
    if (sqlite && version == 0) {
        cli_error("%s: the database is empty: nothing to back up", g->db);
        store_close(st);
        return EXIT_ENV;
    }
    Progress p;
    progress_start(&p, "backup");
    StoreCopyInfo info;
    int src = store_backup(st, file, progress, &p, &info);
    progress_end(&p);
    if (src != STORE_OK) {
        cli_error("backup: %s", store_error(st));
        store_close(st);
        return exit_for(src);
    }
    printf("backed up %s to %s: ", g->db, file);
    print_size(info.bytes);
    printf(" (%lld pages), schema version %d, checked\n", (long long)info.pages, info.version);
    store_close(st);
    return EXIT_OK;
}

/* The count of one table by its name in COPY_TABLES. */
static int64_t count_of(const int64_t counts[TABLE_COUNT], const char *table)
{
    for (int t = 0; t < TABLE_COUNT; t++)
        if (strcmp(transfer_tables[t].name, table) == 0) return counts[t];
    return 0;
}

/* Removes a database file restore made and could not fill. */
static void remove_made(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char file[4200];
        snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
        unlink(file);
    }
}

int cmd_restore(const Globals *g, int argc, char **argv)
{
    const char *file = NULL;
    int rc = one_file("restore", restore_help, argc, argv, &file);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    /* A database restored onto a new machine is made by the restore; one
     * refused leaves no empty file behind. */
    bool made = access(g->db, F_OK) != 0;
    Store *st;
    if ((rc = open_db(g, true, &st))) return rc;
    made = made && strcmp(store_backend_name(st), "sqlite") == 0;
    Progress p;
    progress_start(&p, "restore");
    StoreCopyInfo info;
    int src = store_restore(st, file, progress, &p, &info);
    progress_end(&p);
    if (src != STORE_OK) {
        const char *why = store_error(st);
        cli_error("restore: %s%s", why, strstr(why, "nothing was") ? "" : "; nothing was restored");
        store_close(st);
        if (made) remove_made(g->db);
        return exit_for(src);
    }
    rc = EXIT_OK;
    if (info.version < store_expected_version() && store_migrate(st) != STORE_OK) {
        cli_error("restore: %s was restored (schema version %d) but cannot be brought up to date: %s", file,
                  info.version, store_error(st));
        rc = EXIT_ENV;
    }
    int64_t counts[TABLE_COUNT];
    if (rc == EXIT_OK && transfer_counts(st, counts) != STORE_OK) {
        cli_error("restore: restored, but cannot count what: %s", store_error(st));
        rc = EXIT_ENV;
    }
    if (rc == EXIT_OK) {
        printf("restored %s from %s: schema version %d", g->db, file, info.version);
        if (info.version < store_expected_version()) printf(", brought up to %d", store_expected_version());
        printf(", %lld staff, %lld records\n", (long long)count_of(counts, "staff"),
               (long long)count_of(counts, "records"));
    }
    store_close(st);
    return rc;
}
