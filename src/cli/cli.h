/* cli.h: what the command-line commands share: the command table entry,
 * option parsing, exit codes, and opening the database with its policy. */
#ifndef OV_CLI_H
#define OV_CLI_H

#include <stdbool.h>

#include "core/date.h"
#include "core/policy.h"
#include "store/store.h"
#include "svc/admin.h"
#include "svc/mail.h"

/* Exit statuses of the contract. */
/* EXIT_UNVERIFIED: oversight verify's copy does not verify (its input was
 * read; what it holds is not what the log signed). */
enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2, EXIT_ENV = 3, EXIT_UNVERIFIED = 4 };

typedef struct {
    const char *db; /* --db: a SQLite path or a postgresql:// URI */
} Globals;

typedef struct {
    const char *name;
    const char *usage;                                   /* arguments, for help */
    const char *summary;                                 /* one line, for help */
    int (*run)(const Globals *g, int argc, char **argv); /* argv[0] is the command name */
} Command;

/* Options: "--name value" or "--name=value" at argv[*i]. Returns true and
 * advances *i past the option when argv[*i] is that option; a missing value
 * is reported and *bad set. */
bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value, bool *bad);
/* Reports a usage error for command cmd and returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "oversight: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Opens the database (creating the file when create) and loads its policy
 * (the shipped default if it has none). Returns EXIT_OK or EXIT_ENV after
 * printing why. *pol may be NULL when the schema is missing. */
int cli_open(const Globals *g, bool create, Store **st, Policy **pol);
/* Loads the policy stored in the database, or the shipped default. */
int cli_load_policy(Store *st, Policy **pol);

/* The command line as the actor of admin changes (svc/admin.h): the
 * operator at the machine, named in the audit log by their unix user; name
 * holds that text for as long as the actor is used. now is the clock's. */
AdminActor cli_admin_actor(char name[ADMIN_OPERATOR_MAX]);

/* Today's date in local time. */
Date cli_today(void);
/* The local date at Unix time at. */
Date cli_date_of(int64_t at);

/* The mail settings of serve and mail send (docs/deploy.md): --smtp-url,
 * --mail-from, --smtp-user, --smtp-password-file, --smtp-plain-loopback,
 * --public-url. */
typedef struct {
    const char *url, *from, *user, *password_file, *public_url;
    bool plain_loopback;
    char *password; /* read from password_file by cli_mail_settings; cli_mail_free */
} CliMail;
/* Takes argv[*i] when it is one of the mail options. */
bool cli_mail_opt(int argc, char **argv, int *i, CliMail *m, bool *bad);
/* Checks the options and reads the password: EXIT_OK, or an exit status
 * after saying why (for command cmd). */
int cli_mail_settings(const char *cmd, CliMail *m, MailSettings *out);
void cli_mail_free(CliMail *m);
/* Parses --now (Unix seconds, for catching up and tests): true when good. */
bool cli_parse_now(const char *s, int64_t *out);

int cmd_init(const Globals *g, int argc, char **argv);
int cmd_import(const Globals *g, int argc, char **argv);
int cmd_due(const Globals *g, int argc, char **argv);
int cmd_policy(const Globals *g, int argc, char **argv);
int cmd_secrets(const Globals *g, int argc, char **argv);
int cmd_log(const Globals *g, int argc, char **argv);
int cmd_export(const Globals *g, int argc, char **argv);
int cmd_audit(const Globals *g, int argc, char **argv);
int cmd_demo(const Globals *g, int argc, char **argv);
int cmd_migrate(const Globals *g, int argc, char **argv);
int cmd_user(const Globals *g, int argc, char **argv);
int cmd_serve(const Globals *g, int argc, char **argv);
int cmd_backup(const Globals *g, int argc, char **argv);
int cmd_restore(const Globals *g, int argc, char **argv);
int cmd_retention(const Globals *g, int argc, char **argv);
int cmd_audits(const Globals *g, int argc, char **argv);
int cmd_verify(const Globals *g, int argc, char **argv);
int cmd_notify(const Globals *g, int argc, char **argv);
int cmd_mail(const Globals *g, int argc, char **argv);

#endif
