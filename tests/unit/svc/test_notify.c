/* test_notify.c: the hook other parts call when they assign an audit
 * (notify_audit_assigned, svc/notify.h), inside their own transaction: the
 * reminder is made once per person, subject and day however often it is
 * called; it is in the inbox, and queued for email as the person chose
 * (each by default; none when they turned email off; nothing for a person
 * without an address); a transaction rolled back leaves nothing; a person's
 * choice is read back as set. Both backends. */
#include <string.h>

#include "svc/inbox.h"
#include "svc/mail.h"
#include "svc/notify.h"
#include "test.h"

#define STAFF_ROWS                                                                              \
    " (1, 'S1', 'Ann Auditor', 'ann@council.example', 'social-worker', '2020-01-01', 1000000)," \
    " (2, 'S2', 'Bob NoMail', NULL, 'social-worker', '2020-01-01', 1000000),"                   \
    " (3, 'S3', 'Cy Off', 'cy@council.example', 'social-worker', '2020-01-01', 1000000)"

static void setup(void)
{
    test_db_exec("INSERT INTO staff (ref, id, name, email, role, start_date, fte_ppm) VALUES" STAFF_ROWS,
                 "INSERT INTO staff (ref, id, name, email, role, start_date, fte_ppm) OVERRIDING SYSTEM VALUE"
                 " VALUES" STAFF_ROWS);
}

static bool assign(Store *st, int64_t staff, const char *subject, Date day, bool commit)
{
    if (store_begin(st) != STORE_OK) return false;
    bool ok = notify_audit_assigned(st, staff, subject, day, 1000, "/audits/7");
    if (commit && ok) return store_commit(st) == STORE_OK;
    store_rollback(st);
    return ok;
}

static int64_t unread(Store *st, int64_t staff)
{
    Viewer v = {.staff_ref = staff};
    int64_t n = -1;
    CHECK_INT(inbox_unread(st, &v, &n), SVC_OK);
    return n;
}

static size_t queued_to(Store *st, const char *to)
{
    MailQueueView q;
    CHECK_INT(mail_queue_view(st, NULL, 0, &q), SVC_OK);
    size_t n = 0;
    for (size_t i = 0; i < q.n; i++) n += strcmp(q.items[i].to, to) == 0;
    mail_queue_view_free(&q);
    return n;
}

static void test_audit_hook(Store *st)
{
    setup();
    Date day = date_from_ymd(2026, 12, 7);
    Viewer cy = {.staff_ref = 3};
    SvcActor a = {.viewer = &cy, .today = day, .now = 900};
    NotifyPrefs off = {.delivery = NOTIFY_EACH, .email = {true, true, true, false}};
    SvcError e = {0};
    CHECK_INT(notify_prefs_set(st, &a, &off, &e), SVC_OK);
    NotifyPrefs got;
    CHECK_INT(notify_prefs_get(st, &cy, &got), SVC_OK);
    CHECK_INT(got.delivery, NOTIFY_EACH);
    CHECK(got.email[NOTIFY_SIGNATURE] && !got.email[NOTIFY_AUDIT]);
    CHECK(got.has_email);

    CHECK(assign(st, 1, "audit:7", day, false)); /* rolled back: nothing */
    CHECK_INT(unread(st, 1), 0);
    CHECK_INT(queued_to(st, "ann@council.example"), 0);
    for (int i = 0; i < 3; i++) {
        CHECK(assign(st, 1, "audit:7", day, true));
        CHECK(assign(st, 2, "audit:7", day, true));
        CHECK(assign(st, 3, "audit:7", day, true));
    }
    CHECK_INT(unread(st, 1), 1);
    CHECK_INT(unread(st, 2), 1);
    CHECK_INT(unread(st, 3), 1);
    CHECK_INT(queued_to(st, "ann@council.example"), 1);
    CHECK_INT(queued_to(st, "cy@council.example"), 0); /* turned audits off */
    /* Another audit, or the next day: a reminder of its own. */
    CHECK(assign(st, 1, "audit:8", day, true));
    CHECK(assign(st, 1, "audit:7", day + 1, true));
    CHECK_INT(unread(st, 1), 3);
    CHECK_INT(queued_to(st, "ann@council.example"), 3);
    /* No staff record: no choice to read or make. */
    Viewer none = {0};
    CHECK_INT(notify_prefs_get(st, &none, &got), SVC_NOT_FOUND);
    a.viewer = &none;
    CHECK_INT(notify_prefs_set(st, &a, &off, &e), SVC_NOT_FOUND);
}

int main(void)
{
    RUN_STORES(test_audit_hook);
    TEST_DONE();
}
