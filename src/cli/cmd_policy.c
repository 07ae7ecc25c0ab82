/* cmd_policy.c: oversight policy show | check FILE | apply FILE [--dry-run] |
 * history. apply and history go through svc/policy_change.h, as the admin
 * policy page does. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "svc/policy_change.h"
#include "svc/setting.h"

extern const char policy_national_text[];
extern const size_t policy_national_text_len;

#define MAX_POLICY_BYTES (1u << 20)

/* Prints the policy in force: the database's if there is one, else the default. */
static int show_current(const Globals *g)
{
    Store *st;
    char err[1024];
    if (store_open(g->db, false, &st, err, sizeof err) != STORE_OK) {
        fwrite(policy_default_text, 1, policy_default_text_len, stdout);
        return EXIT_OK;
    }
    int version = 0, rc = EXIT_OK;
    if (store_schema_version(st, &version) == STORE_OK && version > 0) {
        char *text;
        size_t n;
        int got = setting_policy_text(st, &text, &n);
        if (got == 1)
            fwrite(text, 1, n, stdout);
        else if (got == 0)
            fwrite(policy_default_text, 1, policy_default_text_len, stdout);
        else {
            cli_error("%s: cannot read the policy: %s", g->db, store_error(st));
            rc = EXIT_ENV;
        }
        free(text);
    } else {
        fwrite(policy_default_text, 1, policy_default_text_len, stdout);
    }
    store_close(st);
    return rc;
}

/* A due row's date and status, or that it is not on the list. */
static void print_due(bool listed, const DueResult *r)
{
    char d[11];
    date_format(r->due, d);
    if (listed)
        printf("  %s %-8s", d, due_status_name(r->status));
    else
        printf("  %-19s", "not due");
}

/* The preview as the admin page shows it, in lines. */
static void print_preview(const char *file, const PolicyPreview *p)
{
    char day[11];
    date_format(p->asof, day);
    printf("%s: policy \"%s\" is valid\n", file, p->candidate_name);
    if (strcmp(p->in_force_hash, p->candidate_hash) == 0) {
        printf("It is the policy in force: applying it would change nothing.\n");
        return;
    }
    printf("On %s, under it instead of \"%s\", %zu of the %zu due dates would change: %zu fall due earlier and %zu"
           " later; %zu would become overdue and %zu would no longer be overdue.\n",
           day, p->in_force_name, p->changed, p->rows, p->earlier, p->later, p->newly_overdue, p->no_longer_overdue);
    for (int k = 0; k < POLICY_KINDS; k++)
        if (p->changed_by_kind[k]) printf("  %s: %zu\n", due_kind_name((DueKind)k), p->changed_by_kind[k]);
    if (!p->n) return;
    printf("\nKIND  ID  NAME  DUE NOW  DUE UNDER THE NEW POLICY  RULE NOW -> RULE UNDER THE NEW POLICY\n");
    for (size_t i = 0; i < p->n; i++) {
        const PolicyChange *c = &p->items[i];
        printf("%s  %s  %s", due_kind_name(c->kind), c->id, *c->name ? c->name : c->owner_name);
        print_due(c->before_listed, &c->before);
        print_due(c->after_listed, &c->after);
        printf("  %s -> %s\n", c->before_listed ? c->before.rule : "-", c->after_listed ? c->after.rule : "-");
    }
    if (p->n < p->changed) printf("(the first %zu of %zu changes)\n", p->n, p->changed);
}

/* oversight policy apply FILE [--dry-run]: the preview, then the change. */
static int apply(const Globals *g, int argc, char **argv)
{
    const char *file = NULL;
    bool dry = false;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0)
            dry = true;
        else if (!file && argv[i][0] != '-')
            file = argv[i];
        else
            return cli_usage("policy apply", "unexpected argument \"%s\"", argv[i]);
    }
    if (!file) return cli_usage("policy apply", "name the policy file: policy apply FILE [--dry-run]");
    char *text;
    size_t len;
    if (read_file(file, MAX_POLICY_BYTES, &text, &len) != 0) {
        cli_error("%s: cannot read: %s", file, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc) {
        free(text);
        return rc;
    }
    policy_free(pol);
    char name[ADMIN_OPERATOR_MAX];
    AdminActor a = cli_admin_actor(name);
    Date today = cli_today();
    PolicyPreview p;
    SvcError e = {0};
    SvcResult got = policy_preview(st, &a, today, text, len, file, &p, &e);
    if (got == SVC_OK) {
        print_preview(file, &p);
        if (!dry && strcmp(p.in_force_hash, p.candidate_hash) != 0) {
            got = policy_apply(st, &a, today, text, len, file, p.in_force_hash, &e);
            char day[11];
            date_format(today, day);
            if (got == SVC_OK)
                printf("Policy \"%s\" is in force from %s. Servers already running take it up when restarted.\n",
                       p.candidate_name, day);
        }
    }
    if (got != SVC_OK) {
        fprintf(stderr, "%s\n", e.message);
        rc = got == SVC_FAILED ? EXIT_ENV : EXIT_BAD_INPUT;
    }
    policy_preview_free(&p);
    store_close(st);
    free(text);
    return rc;
}

/* oversight policy history: every policy in force, latest first. */
static int history(const Globals *g)
{
    Store *st;
    Policy *pol;
    int rc = cli_open(g, false, &st, &pol);
    if (rc) return rc;
    policy_free(pol);
    char name[ADMIN_OPERATOR_MAX];
    AdminActor a = cli_admin_actor(name);
    PolicyHistory h;
    if (policy_history(st, &a, &h) != SVC_OK) {
        cli_error("%s: cannot read the policy history: %s", g->db, store_error(st));
        rc = EXIT_ENV;
    } else if (!h.n)
        printf("The policy has not been changed since the database was created.\n");
    else {
        printf("%-10s  %-10s  %-32s  %s\n", "FROM", "UNTIL", "APPLIED BY", "POLICY");
        for (size_t i = 0; i < h.n; i++)
            printf("%-10s  %-10s  %-32s  %s\n", h.items[i].applied_from, *h.items[i].until ? h.items[i].until : "-",
                   h.items[i].by, h.items[i].name);
    }
    policy_history_free(&h);
    store_close(st);
    return rc;
}

int cmd_policy(const Globals *g, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "show") == 0) {
        const char *builtin = NULL;
        bool bad = false;
        for (int i = 2; i < argc;) {
            if (cli_opt(argc, argv, &i, "--builtin", &builtin, &bad)) continue;
            return cli_usage("policy show", "unexpected argument \"%s\"", argv[i]);
        }
        if (bad) return EXIT_USAGE;
        if (!builtin) return show_current(g);
        if (strcmp(builtin, "default") == 0)
            fwrite(policy_default_text, 1, policy_default_text_len, stdout);
        else if (strcmp(builtin, "national") == 0)
            fwrite(policy_national_text, 1, policy_national_text_len, stdout);
        else
            return cli_usage("policy show", "--builtin \"%s\": use default or national", builtin);
        return EXIT_OK;
    }
    if (argc == 3 && strcmp(argv[1], "check") == 0) {
        char *text;
        size_t len;
        if (read_file(argv[2], MAX_POLICY_BYTES, &text, &len) != 0) {
            cli_error("%s: cannot read: %s", argv[2], strerror(errno));
            return EXIT_BAD_INPUT;
        }
        char err[512];
        Policy *p = policy_parse(text, len, argv[2], err, sizeof err);
        free(text);
        if (!p) {
            fprintf(stderr, "%s\n", err);
            return EXIT_BAD_INPUT;
        }
        printf("%s: policy \"%s\" is valid: %zu roles, %zu case categories, %zu prompt sets\n", argv[2], p->name,
               p->nroles, p->ncategories, p->nprompt_sets);
        policy_free(p);
        return EXIT_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "apply") == 0) return apply(g, argc, argv);
    if (argc == 2 && strcmp(argv[1], "history") == 0) return history(g);
    return cli_usage("policy", "use: policy show [--builtin default|national] | policy check FILE |"
                               " policy apply FILE [--dry-run] | policy history");
}
