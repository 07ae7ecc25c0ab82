/* cmd_secrets.c: oversight secrets seal | rotate
 *
 * The two-factor secrets are sealed under the key file (svc/sealed.h;
 * OVERSIGHT_SECRET_KEY, or DB.key beside a SQLite database). "seal" seals
 * any still in the clear (from before sealing) under the current key;
 * "rotate" puts a new key first, seals every secret again under it, then
 * drops the old keys. Running servers notice the new key file at once. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "svc/sealed.h"
#include "svc/session.h"

int cmd_secrets(const Globals *g, int argc, char **argv)
{
    bool rotate = argc == 2 && strcmp(argv[1], "rotate") == 0;
    if (argc != 2 || (!rotate && strcmp(argv[1], "seal") != 0))
        return cli_usage("secrets", "say seal (those still in the clear) or rotate (a new key for all)");
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc != EXIT_OK) return rc;
    char err[512];
    SvcError e = {0};
    int64_t n = 0;
    if (rotate && !sealed_rotate(err, sizeof err)) {
        cli_error("%s", err);
        rc = EXIT_ENV;
    } else if (session_reseal_secrets(st, &n, &e) != SVC_OK) {
        cli_error("sealing the two-factor secrets: %s", e.message[0] ? e.message : store_error(st));
        rc = EXIT_ENV;
    } else if (rotate && !sealed_retire(err, sizeof err)) {
        cli_error("%s (every secret is sealed under the new key; the old ones are still in the key file)", err);
        rc = EXIT_ENV;
    } else {
        printf("%lld two-factor secret%s sealed%s\n", (long long)n, n == 1 ? "" : "s",
               rotate ? " under a new key; the old key is retired" : "");
    }
    policy_free(pol);
    store_close(st);
    return rc;
}
