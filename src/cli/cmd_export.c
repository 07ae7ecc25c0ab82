/* cmd_export.c: oversight export person STAFF_ID | child CASE_ID --out FILE
 *
 * A person's supervision file (svc/export.h), as the operator at the
 * machine may make it for anyone (a subject access request, or a person
 * who cannot sign in): a zip archive of every record they are party to, as
 * the record log holds it, with the proofs and the signed checkpoint that
 * `oversight verify` checks. When the log's signing key (OVERSIGHT_LOG_KEY,
 * or DB.log-key beside a SQLite database) is at hand and the log has grown
 * since the last checkpoint, a new one is signed first. Quiet unless
 * standard output is a terminal: scripts get nothing but the file. A
 * child's file (subject access) holds every case decision about them. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "svc/export.h"
#include "svc/trail.h"
#include "svc/log_key.h"

static void print_help(FILE *out)
{
    fputs("usage: oversight export person STAFF_ID --out FILE\n"
          "       oversight export child CASE_ID --out FILE\n\n"
          "  person STAFF_ID  every supervision record the person is party to (as supervisor or supervisee),\n"
          "                   sent or signed, as the record log holds it, with the proofs and the signed\n"
          "                   checkpoint that `oversight verify FILE` checks; drafts are not in it\n"
          "  child CASE_ID    every case decision about the child of the case, across all workers and years\n"
          "                   (a subject access request): the entries of each record and discussion of the\n"
          "                   case, with only that case's notes opened\n"
          "  --out FILE       the zip archive to write (replaced if it exists)\n\n"
          "When the log has grown since its last checkpoint, a new one is signed first with the log's key\n"
          "(OVERSIGHT_LOG_KEY, or DB.log-key beside a SQLite database); without the key the latest\n"
          "checkpoint must cover every record in the file.\n",
          out);
}

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("oversight export: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(oversight export --help says more)\n", stderr);
    return EXIT_USAGE;
}

/* The log's signing key when there is one: 1 and *s, 0 when none is at
 * hand, -1 (reported) when the file is there and cannot be used. */
static int load_signer(const Globals *g, NoteSigner *s)
{
    char path[4096], err[512] = "";
    log_key_file(g->db, getenv("OVERSIGHT_LOG_KEY"), path, sizeof path);
    if (!path[0]) return 0;
    int got = log_key_load(path, s, err, sizeof err);
    if (got < 0) cli_error("%s", err);
    return got;
}

/* Writes bytes as the whole file at path: beside it, then renamed into
 * place, so that a reader never finds half an archive. */
static bool write_whole(const char *path, const Buf *bytes, char *err, size_t errlen)
{
    char tmp[4200];
    strfmt(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        strfmt(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return false;
    }
    bool ok = fwrite(bytes->data, 1, bytes->len, f) == bytes->len;
    ok = (fclose(f) == 0) && ok;
    if (ok && rename(tmp, path) != 0) ok = false;
    if (!ok) {
        strfmt(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        remove(tmp);
    }
    return ok;
}

static int run_export(const Globals *g, bool child, const char *id, const char *out_path)
{
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc != EXIT_OK) return rc;
    NoteSigner s;
    int have = load_signer(g, &s);
    if (have < 0) {
        policy_free(pol);
        store_close(st);
        return EXIT_ENV;
    }
    /* The operator at the machine, with the database in hand: an
     * administrator's right of subject access. */
    Viewer v = {.admin = true};
    SvcActor a = {.viewer = &v, .pol = pol, .today = cli_today(), .now = (int64_t)time(NULL)};
    ExportFile f;
    SvcError e = {0};
    SvcResult r = child ? export_child(st, &a, id, have ? &s : NULL, &f, &e)
                        : export_person(st, &a, id, have ? &s : NULL, &f, &e);
    if (have) note_signer_wipe(&s);
    if (r != SVC_OK) {
        if (r == SVC_NOT_FOUND && child)
            cli_error("there is no case %s: check the id (the cases file's case_id)", id);
        else if (r == SVC_NOT_FOUND)
            cli_error("there is no person with staff id %s: check the id (oversight due --format csv lists them)", id);
        else
            cli_error("%s", e.message[0] ? e.message : store_error(st));
        policy_free(pol);
        store_close(st);
        return r == SVC_FAILED ? EXIT_ENV : EXIT_BAD_INPUT;
    }
    /* Every copy made is a read of everything in it, recorded before the
     * file is written: one that cannot be recorded is not made. */
    TrailRead tr;
    char who[128], detail[64];
    const char *unix_user = getenv("USER");
    strfmt(who, sizeof who, "command line (unix user %.64s)", unix_user && *unix_user ? unix_user : "unknown");
    strfmt(detail, sizeof detail, "%s file, %lld records", child ? "child's" : "supervision", (long long)f.records);
    trail_read_set(&tr, a.now, who, 0, "admin", "command line", child ? "export-child" : "export",
                   child ? 0 : f.person_ref, child ? f.staff_id : detail);
    Buf zip = {0};
    char err[600] = "";
    rc = EXIT_OK;
    if (trail_append(st, &tr, 1) != STORE_OK) {
        cli_error("the read trail cannot record this copy, so it was not made: %s", store_error(st));
        rc = EXIT_ENV;
    } else if (!export_zip(&f, &zip, err, sizeof err) || !write_whole(out_path, &zip, err, sizeof err)) {
        cli_error("%s", err);
        rc = EXIT_ENV;
    } else if (isatty(STDOUT_FILENO)) {
        char recs[COUNT_WORDS_CHARS], entries[COUNT_WORDS_CHARS];
        printf("%s: the supervision file of %s (%s): %s, %s, proved by a checkpoint %s.\n", out_path, f.bundle.for_name,
               f.staff_id, count_words((long)f.records, "record", "records", recs),
               count_words((long)f.bundle.nentry, "log entry", "log entries", entries),
               f.fresh ? "signed now" : "signed before");
    }
    buf_free(&zip);
    export_free(&f);
    policy_free(pol);
    store_close(st);
    return rc;
}

int cmd_export(const Globals *g, int argc, char **argv)
{
    if (argc < 2) return usage("what to export? person STAFF_ID --out FILE, or child CASE_ID --out FILE");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    bool child = strcmp(argv[1], "child") == 0;
    if (!child && strcmp(argv[1], "person") != 0)
        return usage("unknown export \"%s\": person STAFF_ID or child CASE_ID, then --out FILE", argv[1]);
    const char *staff_id = NULL, *out = NULL;
    bool bad = false;
    for (int i = 2; i < argc && !bad;) {
        if (cli_opt(argc, argv, &i, "--out", &out, &bad)) continue;
        if (strcmp(argv[i], "--help") == 0) {
            print_help(stdout);
            return EXIT_OK;
        }
        if (argv[i][0] != '-' && !staff_id) {
            staff_id = argv[i++];
            continue;
        }
        return usage("unknown option or argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    if (!staff_id)
        return usage(child ? "which child? child CASE_ID --out FILE" : "whose file? person STAFF_ID --out FILE");
    if (!out || !*out) return usage("where to? give --out FILE, the zip archive to write");
    return run_export(g, child, staff_id, out);
}
