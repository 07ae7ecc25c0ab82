/* cli.c: helpers shared by the commands. */
#include "cli/cli.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "svc/sealed.h"
#include "svc/setting.h"

bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value, bool *bad)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0) return false;
    if (a[n] == '=') {
        *value = a + n + 1;
        (*i)++;
        return true;
    }
    if (a[n] != 0) return false;
    if (*i + 1 >= argc) {
        fprintf(stderr, "oversight: %s needs a value\n", name);
        *bad = true;
        (*i)++;
        return true;
    }
    *value = argv[*i + 1];
    *i += 2;
    return true;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "oversight %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, "(oversight help lists the commands and their options)\n");
    return EXIT_USAGE;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("oversight: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_load_policy(Store *st, Policy **pol)
{
    char *text, err[512];
    size_t len;
    int got = setting_policy_text(st, &text, &len);
    if (got < 0) {
        cli_error("cannot read the policy: %s", store_error(st));
        return EXIT_ENV;
    }
    *pol = got ? policy_parse(text, len, "(policy in the database)", err, sizeof err)
               : policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    free(text);
    if (!*pol) {
        cli_error("%s", err);
        return EXIT_ENV;
    }
    return EXIT_OK;
}

int cli_open(const Globals *g, bool create, Store **st, Policy **pol)
{
    char err[1024];
    *pol = NULL;
    if (store_open(g->db, create, st, err, sizeof err) != STORE_OK) {
        cli_error("%s", err);
        return EXIT_ENV;
    }
    /* The key sealing two-factor secrets: never in the database (docs/security.md). */
    char key[4096];
    const char *named = getenv("OVERSIGHT_SECRET_KEY");
    if (named && *named)
        strfmt(key, sizeof key, "%s", named);
    else
        sealed_default_key_file(g->db, key, sizeof key);
    sealed_use_key_file(key);
    int version;
    if (store_schema_version(*st, &version) != STORE_OK) {
        cli_error("%s: %s", g->db, store_error(*st));
        goto fail;
    }
    if (version == 0 && !create) {
        cli_error("%s: the database is empty; create it with: oversight --db %s init", g->db, g->db);
        goto fail;
    }
    if (version < store_expected_version() && store_migrate(*st) != STORE_OK) {
        cli_error("%s: cannot update the schema: %s", g->db, store_error(*st));
        goto fail;
    }
    if (cli_load_policy(*st, pol) != EXIT_OK) goto fail;
    return EXIT_OK;
fail:
    store_close(*st);
    *st = NULL;
    return EXIT_ENV;
}

AdminActor cli_admin_actor(char name[ADMIN_OPERATOR_MAX])
{
    const struct passwd *pw = getpwuid(getuid());
    char uid[24];
    strfmt(uid, sizeof uid, "%lu", (unsigned long)getuid());
    admin_operator(pw && pw->pw_name ? pw->pw_name : uid, name);
    return (AdminActor){.viewer = NULL, .operator= name, .now = (int64_t)time(NULL)};
}

Date cli_today(void) { return cli_date_of((int64_t)time(NULL)); }

Date cli_date_of(int64_t at)
{
    time_t t = (time_t)at;
    struct tm tm;
    localtime_r(&t, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
