/* serve_mail.c: the reminders and the mail sender of oversight serve
 * (serve_mail.h): one thread, with its own database connection. */
#include "cli/serve_mail.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "svc/notify.h"

struct ServeMail {
    char *db;
    bool reminders, mail;
    long reminders_every;
    MailSettings ms;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
};

/* Emails sent per round: a backlog drains over a few minutes, and a
 * stopping server waits for at most one send. */
#define ROUND 100
#define MAIL_EVERY 60

static void reminders(ServeMail *m, Store *st, int64_t now)
{
    Policy *pol = NULL;
    if (cli_load_policy(st, &pol) != EXIT_OK) return;
    NotifyStats s;
    char err[512] = "";
    if (notify_run(st, pol, cli_date_of(now), now, NULL, NULL, &s, err, sizeof err) != 0)
        log_event(NULL, "reminders: %s", err);
    else if (s.made)
        log_event(NULL, "reminders: %zu made", s.made);
    policy_free(pol);
    (void)m;
}

static void *run(void *arg)
{
    ServeMail *m = arg;
    Store *st = NULL;
    int64_t last_reminders = 0;
    pthread_mutex_lock(&m->lock);
    while (!m->stop) {
        pthread_mutex_unlock(&m->lock);
        char err[512] = "";
        if (!st && store_open(m->db, false, &st, err, sizeof err) != STORE_OK) {
            log_event(NULL, "reminders and mail: %s", err);
            st = NULL;
        }
        int64_t now = (int64_t)time(NULL);
        if (st && m->reminders && now - last_reminders >= m->reminders_every) {
            reminders(m, st, now);
            last_reminders = now;
        }
        if (st && m->mail) {
            MailStats s;
            if (mail_send_due(st, &m->ms, now, cli_date_of(now), ROUND, &s, err, sizeof err) != 0)
                log_event(NULL, "mail: %s", err);
            else if (s.sent || s.retried || s.failed)
                log_event(NULL, "mail: %zu sent, %zu to try again later, %zu given up", s.sent, s.retried, s.failed);
        }
        /* A connection that failed is opened afresh next round. */
        if (st && store_unavailable(st)) {
            store_close(st);
            st = NULL;
        }
        pthread_mutex_lock(&m->lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += MAIL_EVERY;
        while (!m->stop && pthread_cond_timedwait(&m->wake, &m->lock, &until) == 0) {
        }
    }
    pthread_mutex_unlock(&m->lock);
    if (st) store_close(st);
    return NULL;
}

ServeMail *serve_mail_start(const char *db, bool reminders_on, long reminders_every, const MailSettings *ms)
{
    if (!reminders_on && !ms) return NULL;
    ServeMail *m = xcalloc(1, sizeof *m);
    m->db = xstrdup(db);
    m->reminders = reminders_on;
    m->reminders_every = reminders_every;
    if (ms) {
        m->mail = true;
        m->ms = *ms;
    }
    pthread_mutex_init(&m->lock, NULL);
    pthread_cond_init(&m->wake, NULL);
    if (pthread_create(&m->thread, NULL, run, m) != 0) {
        log_event(NULL, "reminders and mail: cannot start their thread");
        pthread_mutex_destroy(&m->lock);
        pthread_cond_destroy(&m->wake);
        free(m->db);
        free(m);
        return NULL;
    }
    return m;
}

void serve_mail_stop(ServeMail *m)
{
    if (!m) return;
    pthread_mutex_lock(&m->lock);
    m->stop = true;
    pthread_cond_signal(&m->wake);
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    pthread_mutex_destroy(&m->lock);
    pthread_cond_destroy(&m->wake);
    free(m->db);
    free(m);
}
