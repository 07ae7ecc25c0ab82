/* cmd_log.c: oversight log init --origin NAME | checkpoint | key | check | rotate-key
 *
 * The record log (svc/record_log.h) and its signing key (svc/log_key.h:
 * OVERSIGHT_LOG_KEY, or DB.log-key beside a SQLite database). "init" makes
 * the key (or takes the one already in the file) and sets the log up under
 * its origin; "checkpoint" signs the log as it is now and prints the
 * signed note, refusing when the log no longer gives the last checkpoint;
 * "key" prints the verifier key that opens the checkpoints, to publish;
 * "check" reads the whole log and says whether it still holds;
 * "rotate-key" replaces the signing key, the step signed by both keys. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/util.h"
#include "svc/log_key.h"
#include "svc/record_log.h"

static void print_help(FILE *out)
{
    fputs(
        "usage: oversight log init --origin NAME\n"
        "       oversight log checkpoint\n"
        "       oversight log key\n"
        "       oversight log check\n"
        "       oversight log rotate-key\n\n"
        "  init --origin NAME  set the record log up, named NAME (e.g. oversight.example-council.gov.uk/supervision:\n"
        "                      no spaces, no '+'), and make its signing key unless the key file has one\n"
        "  checkpoint          sign the log as it is now and print the checkpoint (the latest one again when\n"
        "                      nothing was added); refused, saying what was found, when the log no longer\n"
        "                      gives the last checkpoint signed\n"
        "  key                 print the verifier key that opens the checkpoints, to publish\n"
        "  check               read the whole log: every entry still hashes to its leaf, the stored tree is what\n"
        "                      the entries give, every checkpoint still opens and gives its root; exit 0 only\n"
        "                      when everything holds, else each problem found is printed (at most 50)\n"
        "  rotate-key          replace the signing key with a new one: the log records the change, and a\n"
        "                      checkpoint signed by both keys carries trust from the old key to the new;\n"
        "                      then copy the new key file to every server, back it up, publish the new key\n\n"
        "The signing key is in the file OVERSIGHT_LOG_KEY names, or DB.log-key beside a SQLite database;\n"
        "keep it apart from the database's backups (docs/deploy.md).\n",
        out);
}

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("oversight log: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(oversight log --help lists the actions and their options)\n", stderr);
    return EXIT_USAGE;
}

static void key_path(const Globals *g, char *out, size_t n)
{
    log_key_file(g->db, getenv("OVERSIGHT_LOG_KEY"), out, n);
}

static int run_init(const Globals *g, Store *st, const char *origin)
{
    char path[4096], err[512] = "";
    key_path(g, path, sizeof path);
    if (!note_name_ok(origin)) {
        cli_error("the origin \"%s\" is not a name: 1 to 200 bytes, no spaces and no '+' (e.g. "
                  "oversight.example-council.gov.uk/supervision)",
                  origin);
        return EXIT_BAD_INPUT;
    }
    NoteSigner s;
    bool made = false;
    int got = log_key_load(path, &s, err, sizeof err);
    if (got == 0) {
        if (!log_key_create(path, origin, &s, err, sizeof err)) got = -1;
        made = got == 0;
    }
    if (got < 0) {
        cli_error("%s", err);
        return EXIT_ENV;
    }
    if (strcmp(s.verifier.name, origin) != 0) {
        cli_error("%s holds the key of the log \"%s\", not \"%s\": give --origin %s, or name another key file in "
                  "OVERSIGHT_LOG_KEY",
                  path, s.verifier.name, origin, s.verifier.name);
        note_signer_wipe(&s);
        return EXIT_BAD_INPUT;
    }
    SvcError e = {0};
    int64_t brought = 0;
    SvcResult r = record_log_init(st, origin, &s.verifier, (int64_t)time(NULL), &brought, &e);
    Buf vkey = {0};
    note_verifier_text(&s.verifier, &vkey);
    note_signer_wipe(&s);
    if (r != SVC_OK) {
        if (made) remove(path); /* nothing refers to it */
        cli_error("%s", e.message[0] ? e.message : store_error(st));
        buf_free(&vkey);
        return r == SVC_FAILED ? EXIT_ENV : EXIT_BAD_INPUT;
    }
    printf("The record log \"%s\" is set up.\n", origin);
    if (brought)
        printf("%lld entries were brought in from the records kept before, marked as logged today: they prove those "
               "records unchanged from today on, not since they were written.\n",
               (long long)brought);
    printf("Its signing key is in %s%s: keep it apart from the database's backups.\n", path, made ? " (made now)" : "");
    printf("Its verifier key, to publish where staff will find it (oversight log key prints it again):\n%s\n",
           buf_str(&vkey));
    buf_free(&vkey);
    return EXIT_OK;
}

static int run_checkpoint(const Globals *g, Store *st)
{
    char path[4096], err[512] = "";
    key_path(g, path, sizeof path);
    NoteSigner s;
    int got = log_key_load(path, &s, err, sizeof err);
    if (got == 0) {
        cli_error("%s: no such key file: run `oversight log init --origin NAME` first, or set OVERSIGHT_LOG_KEY "
                  "to where the log's key file is",
                  path);
        return EXIT_ENV;
    }
    if (got < 0) {
        cli_error("%s", err);
        return EXIT_ENV;
    }
    LogCheckpoint cp;
    SvcError e = {0};
    SvcResult r = record_log_checkpoint(st, &s, (int64_t)time(NULL), &cp, &e);
    note_signer_wipe(&s);
    if (r != SVC_OK) {
        cli_error("%s", e.message[0] ? e.message : store_error(st));
        return r == SVC_FAILED ? EXIT_ENV : EXIT_BAD_INPUT;
    }
    fwrite(cp.note.data, 1, cp.note.len, stdout);
    buf_free(&cp.note);
    return EXIT_OK;
}

static int run_key(Store *st)
{
    Buf keys = {0};
    int n = record_log_keys(st, &keys);
    int rc = EXIT_OK;
    if (n < 0) {
        cli_error("cannot read the log's keys: %s", store_error(st));
        rc = EXIT_ENV;
    } else if (n == 0) {
        cli_error("the record log is not set up: run `oversight log init --origin NAME` first");
        rc = EXIT_BAD_INPUT;
    } else {
        fwrite(keys.data, 1, keys.len, stdout);
    }
    buf_free(&keys);
    return rc;
}

static int run_rotate(const Globals *g, Store *st)
{
    char path[4096], next_path[4200], err[512] = "";
    key_path(g, path, sizeof path);
    NoteSigner old, next;
    int got = log_key_load(path, &old, err, sizeof err);
    if (got == 0) {
        cli_error("%s: no such key file: set OVERSIGHT_LOG_KEY to where the log's key file is", path);
        return EXIT_ENV;
    }
    if (got < 0) {
        cli_error("%s", err);
        return EXIT_ENV;
    }
    strfmt(next_path, sizeof next_path, "%s.new", path);
    if (!log_key_create(next_path, old.verifier.name, &next, err, sizeof err)) {
        note_signer_wipe(&old);
        cli_error("%s (a file left by a rotation that did not finish: remove it and run this again)", err);
        return EXIT_ENV;
    }
    LogCheckpoint cp;
    SvcError e = {0};
    SvcResult r = record_log_rotate(st, &old, &next, (int64_t)time(NULL), &cp, &e);
    note_signer_wipe(&old);
    Buf vkey = {0};
    note_verifier_text(&next.verifier, &vkey);
    note_signer_wipe(&next);
    if (r != SVC_OK) {
        remove(next_path);
        buf_free(&vkey);
        cli_error("%s", e.message[0] ? e.message : store_error(st));
        return r == SVC_FAILED ? EXIT_ENV : EXIT_BAD_INPUT;
    }
    int rc = EXIT_OK;
    if (rename(next_path, path) != 0) {
        cli_error("the log now signs with the new key, which is in %s, but it could not be moved to %s: move it "
                  "there now, by hand",
                  next_path, path);
        rc = EXIT_ENV;
    }
    printf("The record log's signing key was replaced; the old one is retired and no longer signs.\n"
           "The new verifier key, to publish in place of the old one:\n%s\n"
           "This checkpoint is signed by both keys: whoever trusts the old key can check the new one with it.\n",
           buf_str(&vkey));
    fwrite(cp.note.data, 1, cp.note.len, stdout);
    printf("Copy %s to every server and back it up, apart from the database's backups.\n", path);
    buf_free(&vkey);
    buf_free(&cp.note);
    return rc;
}

#define CHECK_SHOWN 50

static void print_problem(void *ctx, const char *sentence)
{
    int64_t *shown = ctx;
    if ((*shown)++ < CHECK_SHOWN) fprintf(stderr, "oversight log check: %s\n", sentence);
}

static int run_check(Store *st)
{
    LogCheck c;
    int64_t shown = 0;
    if (record_log_check(st, print_problem, &shown, &c) < 0) {
        cli_error("cannot read the record log: %s", store_error(st));
        return EXIT_ENV;
    }
    if (c.problems > CHECK_SHOWN)
        fprintf(stderr, "oversight log check: ... and %lld more problems\n", (long long)(c.problems - CHECK_SHOWN));
#define S(n) (long long)(n), (n) == 1 ? "" : "s"
    printf("%lld entr%s (%lld of them kept whole), %lld stored node%s, %lld checkpoint%s: %s\n", (long long)c.leaves,
           c.leaves == 1 ? "y" : "ies", (long long)c.entries_kept, S(c.nodes), S(c.checkpoints),
           c.problems ? "the log does NOT hold" : "the log holds");
#undef S
    if (c.problems)
        printf("%lld problems found. Restore the database from a backup taken before the first change named above, "
               "and compare staff's saved copies with `oversight verify COPY --since EARLIER`.\n",
               (long long)c.problems);
    return c.problems ? EXIT_BAD_INPUT : EXIT_OK;
}

int cmd_log(const Globals *g, int argc, char **argv)
{
    if (argc < 2) return usage("which action? init, checkpoint, key, check or rotate-key");
    const char *act = argv[1];
    if (strcmp(act, "--help") == 0 || strcmp(act, "help") == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    bool init = strcmp(act, "init") == 0;
    if (!init && strcmp(act, "checkpoint") != 0 && strcmp(act, "key") != 0 && strcmp(act, "check") != 0 &&
        strcmp(act, "rotate-key") != 0)
        return usage("unknown action \"%s\": init, checkpoint, key, check or rotate-key", act);
    const char *origin = NULL;
    bool bad = false;
    for (int i = 2; i < argc && !bad;) {
        if (init && cli_opt(argc, argv, &i, "--origin", &origin, &bad)) continue;
        if (strcmp(argv[i], "--help") == 0) {
            print_help(stdout);
            return EXIT_OK;
        }
        return usage("unknown option or argument \"%s\"", argv[i]);
    }
    if (bad) return EXIT_USAGE;
    if (init && !origin)
        return usage("init needs --origin NAME, the log's name (e.g. --origin "
                     "oversight.example-council.gov.uk/supervision)");
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc != EXIT_OK) return rc;
    if (init)
        rc = run_init(g, st, origin);
    else if (strcmp(act, "checkpoint") == 0)
        rc = run_checkpoint(g, st);
    else if (strcmp(act, "check") == 0)
        rc = run_check(st);
    else if (strcmp(act, "rotate-key") == 0)
        rc = run_rotate(g, st);
    else
        rc = run_key(st);
    policy_free(pol);
    store_close(st);
    return rc;
}
