/* serve_mail.h: what oversight serve does beside answering requests: with
 * --reminders, the daily reminders (svc/notify.h) every --reminders-every
 * seconds (they are made once a day whatever the interval); with
 * --smtp-url, the queued emails sent every minute (svc/mail.h). Several
 * servers on one database may all do both: every reminder and every email
 * is claimed in a transaction, so none is made or sent twice. */
#ifndef OV_CLI_SERVE_MAIL_H
#define OV_CLI_SERVE_MAIL_H

#include "cli/cli.h"

typedef struct ServeMail ServeMail;

/* Starts the thread (NULL when there is nothing to do). ms: NULL for no
 * email; else kept (its strings must outlive the thread). */
ServeMail *serve_mail_start(const char *db, bool reminders, long reminders_every, const MailSettings *ms);
/* Stops it, after the round under way. */
void serve_mail_stop(ServeMail *m);

#endif
