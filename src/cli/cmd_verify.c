/* cmd_verify.c: oversight verify FILE [--since OLD] [--key KEYFILE]
 * [--format text|json]
 *
 * Checks a person's copy of their records (format/bundle.h) offline: no
 * database is opened (--db is not read) and nothing goes over a network.
 * FILE is the copy's JSON, or a zip archive holding it as copy.json (what
 * the "download my supervision file" archive holds); OLD is an earlier
 * copy (either form) or a checkpoint saved earlier (a signed note).
 * format/bundle_check.h makes the judgement; this file reads the files
 * and prints the verdicts.
 *
 * Exit status: 0 everything verifies; 4 it does not; 1 a file is not a
 * copy, a checkpoint or a key; 2 usage; 3 a file cannot be read. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "format/bundle.h"
#include "format/bundle_check.h"
#include "format/json.h"

#define VERIFY_FILE_MAX ((size_t)512 << 20) /* a whole supervision file, every record of a career */
#define COPY_NAME "copy.json"

static void print_help(FILE *out)
{
    fputs("usage: oversight verify FILE [--since OLD] [--key KEYFILE] [--format text|json]\n\n"
          "Checks your copy of your supervision records, with no database and no network: that each record\n"
          "version and event in it is what the organisation's record log holds, that each text in it is the\n"
          "one logged, and that the log's checkpoint is signed by the organisation's key.\n\n"
          "  FILE            your copy: the .json file, or the .zip archive it came in (holding copy.json)\n"
          "  --since OLD     a copy you kept from before (.json or .zip), or a checkpoint you saved: also check\n"
          "                  that nothing logged by then has changed since, and say since when a text changed\n"
          "  --key KEYFILE   the organisation's verifier key (oversight log key prints it; your organisation\n"
          "                  publishes it), one per line. Without it the key written in the copy is used, and\n"
          "                  the verdict says so: that proves the copy whole, not who signed it\n"
          "  --format F      text (the default) or json\n\n"
          "Exit status: 0 everything verifies; 4 something does not (each problem is named: the record, the\n"
          "version, what no longer matches and since when); 1 a file is not a copy, a checkpoint or a key;\n"
          "2 usage error; 3 a file cannot be read.\n",
          out);
}

/* The one member named copy.json of a zip archive in bytes, into *out. */
static int unzip_copy(const char *path, const char *bytes, size_t n, Buf *out)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    int rc = EXIT_BAD_INPUT, found = 0;
    if (archive_read_open_memory(a, bytes, n) != ARCHIVE_OK) {
        cli_error("%s: not a zip archive that can be read: %s", path, archive_error_string(a));
        archive_read_free(a);
        return EXIT_BAD_INPUT;
    }
    struct archive_entry *e;
    int r;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *name = archive_entry_pathname(e);
        if (!name || strcmp(name, COPY_NAME) != 0) continue;
        if (found++) {
            cli_error("%s: the archive holds %s twice", path, COPY_NAME);
            goto done;
        }
        char block[65536];
        la_ssize_t got;
        while ((got = archive_read_data(a, block, sizeof block)) > 0) {
            if (out->len + (size_t)got > VERIFY_FILE_MAX) {
                cli_error("%s: %s is larger than %zu MiB", path, COPY_NAME, VERIFY_FILE_MAX >> 20);
                goto done;
            }
            buf_add(out, block, (size_t)got);
        }
        if (got < 0) {
            cli_error("%s: %s cannot be read from the archive: %s", path, COPY_NAME, archive_error_string(a));
            goto done;
        }
    }
    if (r != ARCHIVE_EOF)
        cli_error("%s: the archive is damaged: %s", path, archive_error_string(a));
    else if (!found)
        cli_error("%s: the archive holds no %s: it is not a copy of records from Oversight", path, COPY_NAME);
    else
        rc = EXIT_OK;
done:
    archive_read_free(a);
    return rc;
}

/* A file's bytes, unzipped when it is a zip archive. */
static int read_input(const char *path, Buf *out, bool *zipped)
{
    char *data = NULL;
    size_t n = 0;
    if (read_file(path, VERIFY_FILE_MAX, &data, &n) != 0) {
        cli_error("%s: cannot read it: %m", path);
        return EXIT_ENV;
    }
    int rc = EXIT_OK;
    *zipped = n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
    if (*zipped)
        rc = unzip_copy(path, data, n, out);
    else
        buf_add(out, data, n);
    free(data);
    return rc;
}

/* Whether bytes look like JSON (a copy) rather than a signed note. */
static bool json_like(const Buf *b)
{
    for (size_t i = 0; i < b->len; i++) {
        char c = b->data[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c == '{';
    }
    return false;
}

static int parse_copy(const char *path, const Buf *b, Bundle *out)
{
    char why[400];
    if (bundle_parse(b->data, b->len, out, why, sizeof why)) return EXIT_OK;
    for (char *p = why; *p; p++) /* it may quote the file: no control character to the terminal */
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
    cli_error("%s: not a copy of records that can be checked: %s", path, why);
    return EXIT_BAD_INPUT;
}

/* The keys of KEYFILE: one per line, blank lines skipped. */
static int read_keys(const char *path, NoteVerifier **keys, size_t *n)
{
    char *data = NULL;
    size_t len = 0;
    if (read_file(path, 1 << 20, &data, &len) != 0) {
        cli_error("%s: cannot read it: %m", path);
        return EXIT_ENV;
    }
    size_t cap = 0, line = 0;
    int rc = EXIT_OK;
    for (char *p = data; p && *p && rc == EXIT_OK;) {
        char *end = strchr(p, '\n');
        if (end) *end = 0;
        line++;
        size_t l = strlen(p);
        if (l && p[l - 1] == '\r') p[--l] = 0;
        if (l) {
            char why[300];
            xgrow((void **)keys, &cap, *n + 1, sizeof **keys);
            if (!note_verifier_parse(p, &(*keys)[*n], why, sizeof why)) {
                cli_error("%s, line %zu: not a verifier key (NAME+ID+KEY, as oversight log key prints it): %s", path,
                          line, why);
                rc = EXIT_BAD_INPUT;
            }
            (*n)++;
        }
        p = end ? end + 1 : NULL;
    }
    if (rc == EXIT_OK && *n == 0) {
        cli_error("%s: holds no key", path);
        rc = EXIT_BAD_INPUT;
    }
    free(data);
    return rc;
}

/* s for a terminal: whatever a copy holds (names, reasons) is shown, but
 * never a control character (C0, DEL or C1), which could move the cursor
 * or rewrite what was printed above: each is shown as U+FFFD. */
static void put_clean(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            fputs("\xEF\xBF\xBD", stdout);
        else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            fputs("\xEF\xBF\xBD", stdout), p++;
        else
            putchar(*p);
    }
}

static void print_text(const Bundle *b, const BundleReport *r, bool ok)
{
    char t[32];
    fputs("A copy of records for ", stdout);
    put_clean(b->for_name);
    fputs(" (", stdout);
    put_clean(b->for_id);
    printf("), made %s, from the record log \"", bundle_time_words(b->exported_at, t, sizeof t));
    put_clean(b->origin);
    fputs("\".\n", stdout);
    for (size_t i = 0; i < r->n; i++) {
        const char *w = r->v[i].kind == BUNDLE_SAID_FAIL        ? "FAILS  "
                        : r->v[i].kind == BUNDLE_SAID_AMENDMENT ? "amended"
                        : r->v[i].kind == BUNDLE_SAID_NOTE      ? "note   "
                                                                : "ok     ";
        printf("  %s ", w);
        put_clean(r->v[i].text);
        putchar('\n');
    }
    if (ok)
        printf("Verified: everything in this copy is as the record log holds it%s.\n",
               r->key_from_copy ? " (by the key in the copy itself: see the note above)" : "");
    else
        printf("DOES NOT VERIFY: %zu %s (marked FAILS above).\n", r->failures,
               r->failures == 1 ? "problem" : "problems");
}

static void print_json(const Bundle *b, const BundleReport *r, bool ok)
{
    Buf out = {0};
    JsonWriter w;
    json_start(&w, &out, JSON_SPACED);
    json_object_begin(&w);
    json_member_bool(&w, "ok", ok);
    json_member_int(&w, "failures", (int64_t)r->failures);
    json_member_bool(&w, "key_from_copy", r->key_from_copy);
    json_member_string(&w, "origin", b->origin);
    json_member_int(&w, "exported_at", b->exported_at);
    json_key(&w, "for");
    json_object_begin(&w);
    json_member_string(&w, "id", b->for_id);
    json_member_string(&w, "name", b->for_name);
    json_object_end(&w);
    json_key(&w, "verdicts");
    json_array_begin(&w);
    for (size_t i = 0; i < r->n; i++) {
        const BundleVerdict *v = &r->v[i];
        json_object_begin(&w);
        json_member_string(&w, "kind", bundle_said_name(v->kind));
        if (v->index >= 0) json_member_int(&w, "entry", v->index);
        if (v->record) json_member_int(&w, "record", v->record);
        if (v->version) json_member_int(&w, "version", v->version);
        if (v->part[0]) json_member_string(&w, "part", v->part);
        json_member_string(&w, "text", v->text);
        json_object_end(&w);
    }
    json_array_end(&w);
    json_object_end(&w);
    if (json_ok(&w)) fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
}

int cmd_verify(const Globals *g, int argc, char **argv)
{
    (void)g; /* no database: a copy is checked on its own */
    const char *file = NULL, *since = NULL, *keyfile = NULL, *format = "text";
    bool bad = false;
    for (int i = 1; i < argc && !bad;) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help(stdout);
            return EXIT_OK;
        }
        if (cli_opt(argc, argv, &i, "--since", &since, &bad) || cli_opt(argc, argv, &i, "--key", &keyfile, &bad) ||
            cli_opt(argc, argv, &i, "--format", &format, &bad))
            continue;
        if (argv[i][0] == '-' && argv[i][1]) return cli_usage("verify", "unknown option %s", argv[i]);
        if (file) return cli_usage("verify", "one FILE only (%s and %s given)", file, argv[i]);
        file = argv[i++];
    }
    if (bad) return EXIT_USAGE;
    if (!file) return cli_usage("verify", "verify needs FILE, your copy (.json or .zip): oversight verify --help");
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage("verify", "--format is text or json, not \"%s\"", format);

    NoteVerifier *keys = NULL;
    size_t nkeys = 0;
    Buf copy = {0}, old = {0};
    Bundle b = {0}, ob = {0};
    bool have_b = false, have_ob = false, zipped;
    BundleReport r = {0};
    int rc = keyfile ? read_keys(keyfile, &keys, &nkeys) : EXIT_OK;
    if (rc == EXIT_OK) rc = read_input(file, &copy, &zipped);
    if (rc == EXIT_OK && (rc = parse_copy(file, &copy, &b)) == EXIT_OK) have_b = true;
    BundleCheckOptions o = {.keys = keys, .nkeys = nkeys};
    if (rc == EXIT_OK && since) {
        bool old_zipped;
        rc = read_input(since, &old, &old_zipped);
        if (rc == EXIT_OK && (old_zipped || json_like(&old))) {
            if ((rc = parse_copy(since, &old, &ob)) == EXIT_OK) have_ob = true, o.since_copy = &ob;
        } else if (rc == EXIT_OK) {
            o.since_note = old.data, o.since_note_len = old.len;
        }
    }
    if (rc == EXIT_OK) {
        bool ok = bundle_check(&b, &o, &r);
        if (strcmp(format, "json") == 0)
            print_json(&b, &r, ok);
        else
            print_text(&b, &r, ok);
        rc = ok ? EXIT_OK : EXIT_UNVERIFIED;
    }
    bundle_report_free(&r);
    if (have_b) bundle_free(&b);
    if (have_ob) bundle_free(&ob);
    buf_free(&copy);
    buf_free(&old);
    free(keys);
    return rc;
}
