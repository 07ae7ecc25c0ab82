/* svc/mail.c: the sender of svc/mail.h. */
#include "svc/mail.h"

#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "format/mail.h"

static char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

const char *mail_settings_problem(const MailSettings *s)
{
    static char why[200];
    if (!s->smtp.url || !*s->smtp.url) return "--smtp-url is required";
    const char *p = smtp_config_problem(&s->smtp);
    if (p) {
        strfmt(why, sizeof why, "--smtp-url: %s", p);
        return why;
    }
    if (!s->from || !mail_address_ok(s->from)) return "--mail-from must be an address such as oversight@example.org";
    if (!s->base_url || (strncasecmp(s->base_url, "https://", 8) != 0 && strncasecmp(s->base_url, "http://", 7) != 0))
        return "--public-url must be the application's address, beginning https:// (or http://)";
    return NULL;
}

/* The delay before attempt n + 1, after n failed: a minute, doubling, at most six hours. */
static int64_t backoff(int64_t attempts)
{
    int64_t d = 60;
    for (int64_t i = 1; i < attempts && d < 6 * 3600; i++) d *= 2;
    return d < 6 * 3600 ? d : 6 * 3600;
}

typedef struct {
    char to[256], name[256], subject[256];
    bool digest;
    int64_t attempts;
    Buf body;
} Taken;

/* Claims the next due email and reads it: 1 taken, 0 none due, -1 the store failed. */
static int take(Store *st, const MailSettings *s, int64_t now, int64_t *ref, Taken *t)
{
    if (store_begin(st) != STORE_OK) return -1;
    Param q[] = {P_INT(now), P_INT(1)};
    int got = store_query_int(st, STMT_MAIL_DUE, q, 2, ref);
    if (got <= 0) {
        store_rollback(st);
        return got;
    }
    int64_t changes = 0;
    Param c[] = {P_INT(now), P_INT(*ref), P_INT(now + MAIL_CLAIM_SECONDS)};
    if (store_exec(st, STMT_MAIL_CLAIM, c, 3, &changes) != STORE_OK) goto fail;
    Param g[] = {P_INT(*ref)};
    StoreRows *r = store_query(st, STMT_MAIL_GET, g, 1);
    if (!r) goto fail;
    if (store_next(r) == 1) {
        strfmt(t->to, sizeof t->to, "%s", store_col_text(r, 0, NULL));
        strfmt(t->name, sizeof t->name, "%s", store_col_text(r, 1, NULL));
        strfmt(t->subject, sizeof t->subject, "%s", store_col_text(r, 2, NULL));
        t->digest = !store_col_null(r, 3);
        t->attempts = store_col_int(r, 4);
    }
    store_rows_close(r);
    r = store_query(st, STMT_MAIL_ITEMS_OF, g, 1);
    if (!r) goto fail;
    const char *base = s->base_url;
    size_t blen = strlen(base);
    while (blen && base[blen - 1] == '/') blen--;
    buf_addf(&t->body, "Hello %s,\n\n", t->name[0] ? t->name : "there");
    if (t->digest) buf_adds(&t->body, "These are your reminders from Oversight for the day:\n\n");
    int n = 0, got2;
    while ((got2 = store_next(r)) == 1) {
        n++;
        buf_addf(&t->body, "%s%s\n%s%.*s%s\n\n", t->digest ? "- " : "", store_col_text(r, 0, NULL),
                 t->digest ? "  " : "Open it here: ", (int)blen, base, store_col_text(r, 1, NULL));
    }
    store_rows_close(r);
    if (got2 < 0) goto fail;
    buf_adds(&t->body,
             "You can choose which reminders come by email, or a daily digest instead, on the \"Your account\" "
             "page of Oversight.\n\nThis email says only where to look: what supervision records hold "
             "is never sent by email.\n");
    if (store_commit(st) != STORE_OK) goto fail;
    return changes == 1 && n > 0 ? 1 : 2; /* 2: taken by another sender, or empty: skip */
fail:
    store_rollback(st);
    return -1;
}

static bool record(Store *st, int64_t ref, bool sent, int64_t attempts, int64_t now, const char *id, const char *error,
                   MailStats *out)
{
    if (store_begin(st) != STORE_OK) return false;
    int rc;
    if (sent) {
        Param p[] = {P_INT(ref), P_INT(now), P_STR(id)};
        rc = store_exec(st, STMT_MAIL_SENT, p, 3, NULL);
        out->sent++;
    } else if (attempts >= MAIL_MAX_ATTEMPTS) {
        char why[600];
        strfmt(why, sizeof why, "given up after %lld attempts: %s", (long long)attempts, error);
        Param p[] = {P_INT(ref), P_STR(why)};
        rc = store_exec(st, STMT_MAIL_GIVE_UP, p, 2, NULL);
        out->failed++;
    } else {
        Param p[] = {P_INT(ref), P_INT(now + backoff(attempts)), P_STR(error)};
        rc = store_exec(st, STMT_MAIL_RETRY, p, 3, NULL);
        out->retried++;
    }
    if (rc != STORE_OK || store_commit(st) != STORE_OK) {
        store_rollback(st);
        return false;
    }
    return true;
}

int mail_send_due(Store *st, const MailSettings *s, int64_t now, Date today, size_t limit, MailStats *out, char *err,
                  size_t errlen)
{
    memset(out, 0, sizeof *out);
    char d[11];
    date_format(today, d);
    Param c[] = {P_STR(d), P_INT(now)};
    if (store_begin(st) != STORE_OK || store_exec(st, STMT_MAIL_DIGESTS_CLOSE, c, 2, NULL) != STORE_OK ||
        store_commit(st) != STORE_OK) {
        strfmt(err, errlen, "%s", store_error(st));
        store_rollback(st);
        return 3;
    }
    for (size_t i = 0; i < limit; i++) {
        int64_t ref = 0;
        Taken t = {0};
        int got = take(st, s, now, &ref, &t);
        if (got <= 0) {
            buf_free(&t.body);
            if (got < 0) {
                strfmt(err, errlen, "%s", store_error(st));
                return 3;
            }
            return 0;
        }
        if (got == 2) {
            buf_free(&t.body);
            continue;
        }
        char id[320];
        strfmt(id, sizeof id, "oversight.%lld.%lld.%lld@%s", (long long)ref, (long long)t.attempts, (long long)now,
               mail_domain(s->from));
        MailMessage m = {.from = s->from,
                         .to_addr = t.to,
                         .to_name = t.name,
                         .subject = t.subject,
                         .body = t.body.data ? t.body.data : "",
                         .message_id = id,
                         .date = now};
        Buf msg = {0};
        mail_compose(&msg, &m);
        char why[512] = "";
        SmtpResult sr = smtp_send(&s->smtp, s->from, t.to, msg.data, msg.len, why, sizeof why);
        bool sent = sr == SMTP_SENT;
        if (!sent)
            log_event(NULL, "mail %lld to %s not sent (attempt %lld): %s", (long long)ref, t.to, (long long)t.attempts,
                      why);
        buf_free(&msg);
        buf_free(&t.body);
        if (!record(st, ref, sent, t.attempts, now, id, why, out)) {
            strfmt(err, errlen, "%s", store_error(st));
            return 3;
        }
        /* No server to talk to: the rest wait for the next run, untried. */
        if (sr == SMTP_UNREACHABLE) break;
    }
    return 0;
}

SvcResult mail_queue_view(Store *st, const Viewer *v, int sent, MailQueueView *out)
{
    memset(out, 0, sizeof *out);
    if (v && !v->admin) return SVC_REFUSED;
    Param p[] = {P_INT(sent)};
    StoreRows *r = store_query(st, STMT_MAIL_LIST, p, 1);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        MailEntry *e = &out->items[out->n++];
        e->ref = store_col_int(r, ML_REF);
        e->staff_id = arena_strdup(&out->strings, store_col_text(r, ML_STAFF_ID, NULL));
        e->to = arena_strdup(&out->strings, store_col_text(r, ML_TO, NULL));
        e->subject = arena_strdup(&out->strings, store_col_text(r, ML_SUBJECT, NULL));
        e->status = arena_strdup(&out->strings, store_col_text(r, ML_STATUS, NULL));
        e->attempts = store_col_int(r, ML_ATTEMPTS);
        e->error = arena_strdup(&out->strings, store_col_text(r, ML_ERROR, NULL));
        e->created = store_col_int(r, ML_CREATED);
        e->next = store_col_int(r, ML_NEXT);
        e->sent = store_col_int(r, ML_SENT);
        e->digest_day = arena_strdup(&out->strings, store_col_text(r, ML_DIGEST_DAY, NULL));
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void mail_queue_view_free(MailQueueView *q)
{
    free(q->items);
    arena_free(&q->strings);
    memset(q, 0, sizeof *q);
}
