/* notify.c: the reminders of notify.h. */
#include "svc/notify.h"

#include <string.h>

#include "format/mail.h"
#include "svc/due.h"
#include "svc/inbox.h"

static const char *const kind_names[NOTIFY_KINDS] = {"supervision", "signature", "escalation", "audit"};
static const char *const delivery_names[] = {"each", "digest", "none"};

const char *notify_kind_name(NotifyKind k) { return k < NOTIFY_KINDS ? kind_names[k] : "?"; }
const char *notify_delivery_name(NotifyDelivery d) { return d <= NOTIFY_NONE ? delivery_names[d] : "?"; }

bool notify_delivery_parse(const char *s, NotifyDelivery *out)
{
    for (int i = 0; i <= NOTIFY_NONE; i++)
        if (strcmp(s, delivery_names[i]) == 0) {
            *out = (NotifyDelivery)i;
            return true;
        }
    return false;
}

/* An email's subject for one reminder of a kind: no names, no content. */
static const char *const kind_subjects[NOTIFY_KINDS] = {"Supervision is due",
                                                        "A supervision record is waiting for your signature",
                                                        "An escalation is waiting for your response",
                                                        "An audit has been assigned to you"};

/* The person's choice, read with their address and name. 1 read, 0 no such
 * person or they have left by day, <0 the store failed. */
static int prefs_of(Store *st, int64_t staff_ref, Date day, NotifyPrefs *p, char *name, size_t namelen)
{
    memset(p, 0, sizeof *p);
    p->delivery = NOTIFY_EACH;
    for (int k = 0; k < NOTIFY_KINDS; k++) p->email[k] = true;
    Param q[] = {P_INT(staff_ref)};
    StoreRows *r = store_query(st, STMT_NOTIFY_PREFS_OF, q, 1);
    if (!r) return -1;
    int got = store_next(r);
    if (got == 1) {
        strfmt(p->address, sizeof p->address, "%s", store_col_text(r, NP_EMAIL, NULL));
        p->has_email = mail_address_ok(p->address);
        if (name) strfmt(name, namelen, "%s", store_col_text(r, NP_NAME, NULL));
        if (!store_col_null(r, NP_DELIVERY)) {
            notify_delivery_parse(store_col_text(r, NP_DELIVERY, NULL), &p->delivery);
            p->email[NOTIFY_SUPERVISION] = store_col_int(r, NP_SUPERVISION) != 0;
            p->email[NOTIFY_SIGNATURE] = store_col_int(r, NP_SIGNATURE) != 0;
            p->email[NOTIFY_ESCALATION] = store_col_int(r, NP_ESCALATION) != 0;
            p->email[NOTIFY_AUDIT] = store_col_int(r, NP_AUDIT) != 0;
        }
        if (!store_col_null(r, NP_LEFT)) {
            Date left;
            const char *s = store_col_text(r, NP_LEFT, NULL);
            if (date_parse(s, strlen(s), &left) && left < day) got = 0;
        }
    }
    store_rows_close(r);
    return got;
}

static bool queue_email(Store *st, int64_t staff_ref, const NotifyPrefs *p, const char *name, NotifyKind kind, Date day,
                        int64_t now, const char *text, const char *link)
{
    char d[11];
    date_format(day, d);
    int64_t ref = 0;
    if (p->delivery == NOTIFY_DIGEST) {
        Param q[] = {P_INT(staff_ref), P_STR(d)};
        int got = store_query_int(st, STMT_MAIL_DIGEST_OF, q, 2, &ref);
        if (got < 0) return false;
        if (got == 0) {
            char subject[80];
            strfmt(subject, sizeof subject, "Your Oversight reminders for %s", d);
            Param a[] = {P_INT(staff_ref), P_STR(p->address),   P_STR(name), P_STR(subject),
                         P_STR(d),         P_STR("collecting"), P_INT(now)};
            if (store_query_int(st, STMT_MAIL_ADD, a, 7, &ref) != 1) return false;
        }
    } else {
        Param a[] = {P_INT(staff_ref), P_STR(p->address), P_STR(name), P_STR(kind_subjects[kind]),
                     P_NULL,           P_STR("queued"),   P_INT(now)};
        if (store_query_int(st, STMT_MAIL_ADD, a, 7, &ref) != 1) return false;
    }
    Param i[] = {P_INT(ref), P_STR(text), P_STR(link)};
    return store_exec(st, STMT_MAIL_ITEM_ADD, i, 3, NULL) == STORE_OK;
}

bool notify_person(Store *st, int64_t staff_ref, NotifyKind kind, const char *subject, Date day, int64_t now,
                   const char *text, const char *link, bool *made)
{
    *made = false;
    if (!staff_ref || kind >= NOTIFY_KINDS) return true;
    NotifyPrefs p;
    char name[256] = "";
    int got = prefs_of(st, staff_ref, day, &p, name, sizeof name);
    if (got <= 0) return got == 0;
    char d[11];
    date_format(day, d);
    int64_t changes = 0;
    Param c[] = {P_INT(staff_ref), P_STR(kind_names[kind]), P_STR(subject), P_STR(d), P_INT(now)};
    if (store_exec(st, STMT_NOTIFY_CLAIM, c, 5, &changes) != STORE_OK) return false;
    if (changes == 0) return true;
    *made = true;
    if (!svc_inbox(st, staff_ref, now, text, link)) return false;
    if (!p.has_email || p.delivery == NOTIFY_NONE || !p.email[kind]) return true;
    return queue_email(st, staff_ref, &p, name, kind, day, now, text, link);
}

bool notify_audit_assigned(Store *st, int64_t staff_ref, const char *subject, Date day, int64_t now, const char *link)
{
    bool made;
    return notify_person(st, staff_ref, NOTIFY_AUDIT, subject, day, now,
                         "An audit of supervision has been assigned to you.", link, &made);
}

/* ---- the daily run ---- */

typedef struct {
    int64_t staff_ref;
    NotifyKind kind;
    char subject[48];
    char text[160];
    char link[96];
} Pending;

typedef struct {
    Pending *items;
    size_t n, cap;
} PendingList;

static Pending *pending_add(PendingList *l, int64_t staff_ref, NotifyKind kind)
{
    xgrow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items);
    Pending *p = &l->items[l->n++];
    memset(p, 0, sizeof *p);
    p->staff_ref = staff_ref;
    p->kind = kind;
    return p;
}

static int gather_supervision(Store *st, const Policy *pol, Date today, PendingList *l, char *err, size_t errlen)
{
    DueFilter f = {.asof = today};
    DueList due = {0};
    int rc = due_compute(st, pol, &f, &due, err, errlen);
    if (rc != 0) {
        due_list_free(&due);
        return rc;
    }
    for (size_t i = 0; i < due.n; i++) {
        const DueRow *row = &due.rows[i];
        if (row->kind != DUE_KIND_STAFF || row->r.status == STATUS_OK) continue;
        bool overdue = row->r.status == STATUS_OVERDUE;
        char day[11];
        date_format(row->r.due, day);
        Param q[] = {P_STR(row->id)};
        StoreRows *r = store_query(st, STMT_NOTIFY_STAFF_REFS, q, 1);
        if (!r) {
            due_list_free(&due);
            strfmt(err, errlen, "%s", store_error(st));
            return 3;
        }
        int64_t ref = 0, sup = 0;
        int got = store_next(r);
        if (got == 1) {
            ref = store_col_int(r, 0);
            sup = store_col_int(r, 1);
        }
        store_rows_close(r);
        if (got < 0) {
            due_list_free(&due);
            strfmt(err, errlen, "%s", store_error(st));
            return 3;
        }
        if (!ref) continue;
        Pending *p = pending_add(l, ref, NOTIFY_SUPERVISION);
        strfmt(p->subject, sizeof p->subject, "staff:%lld", (long long)ref);
        strfmt(p->text, sizeof p->text, "Your supervision %s %s.", overdue ? "was due on" : "is due by", day);
        strfmt(p->link, sizeof p->link, "/");
        if (sup) {
            p = pending_add(l, sup, NOTIFY_SUPERVISION);
            strfmt(p->subject, sizeof p->subject, "staff:%lld", (long long)ref);
            strfmt(p->text, sizeof p->text, "Supervision of someone you supervise %s %s.",
                   overdue ? "was due on" : "is due by", day);
            strfmt(p->link, sizeof p->link, "/people/%s", row->id);
        }
    }
    due_list_free(&due);
    return 0;
}

static int gather_rows(Store *st, StmtId id, const Param *q, int nq, NotifyKind kind, PendingList *l)
{
    StoreRows *r = store_query(st, id, q, nq);
    if (!r) return 3;
    int got;
    while ((got = store_next(r)) == 1) {
        int64_t ref = store_col_int(r, 0), who = store_col_int(r, 1);
        Pending *p = pending_add(l, who, kind);
        if (kind == NOTIFY_SIGNATURE) {
            strfmt(p->subject, sizeof p->subject, "record:%lld", (long long)ref);
            strfmt(p->text, sizeof p->text, "A supervision record is waiting for your signature.");
            strfmt(p->link, sizeof p->link, "/records/%lld", (long long)ref);
        } else {
            strfmt(p->subject, sizeof p->subject, "escalation:%lld", (long long)ref);
            strfmt(p->text, sizeof p->text, "An escalation is waiting for your response by %s.",
                   store_col_text(r, 2, NULL));
            strfmt(p->link, sizeof p->link, "/escalations/%lld", (long long)ref);
        }
    }
    store_rows_close(r);
    return got < 0 ? 3 : 0;
}

/* Reminders made per transaction: short for the server's writers, long
 * enough not to commit once per person in a national run. */
#define BATCH 200

int notify_run(Store *st, const Policy *pol, Date today, int64_t now, NotifyProgress fn, void *ctx, NotifyStats *out,
               char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    PendingList l = {0};
    int rc = gather_supervision(st, pol, today, &l, err, errlen);
    if (rc == 0) rc = gather_rows(st, STMT_NOTIFY_SIGNATURES_WAITING, NULL, 0, NOTIFY_SIGNATURE, &l);
    if (rc == 0) {
        char near[11];
        date_format(today + NOTIFY_ESCALATION_DAYS, near);
        Param q[] = {P_STR(near)};
        rc = gather_rows(st, STMT_NOTIFY_ESCALATIONS_NEAR, q, 1, NOTIFY_ESCALATION, &l);
    }
    if (rc == 3 && !err[0]) strfmt(err, errlen, "%s", store_error(st));
    for (size_t done = 0; rc == 0 && done < l.n;) {
        size_t n = l.n - done < BATCH ? l.n - done : BATCH;
        if (store_begin(st) != STORE_OK) {
            rc = 3;
            break;
        }
        bool ok = true;
        size_t made = 0;
        for (size_t i = done; ok && i < done + n; i++) {
            bool m = false;
            const Pending *p = &l.items[i];
            ok = notify_person(st, p->staff_ref, p->kind, p->subject, today, now, p->text, p->link, &m);
            made += m;
        }
        if (!ok || store_commit(st) != STORE_OK) {
            strfmt(err, errlen, "%s", store_error(st));
            store_rollback(st);
            rc = 3;
            break;
        }
        done += n;
        out->made += made;
        out->considered = done;
        if (fn) fn(ctx, done, l.n);
    }
    free(l.items);
    return rc;
}

/* ---- a person's choice ---- */

SvcResult notify_prefs_get(Store *st, const Viewer *v, NotifyPrefs *out)
{
    if (!v->staff_ref) return SVC_NOT_FOUND;
    int got = prefs_of(st, v->staff_ref, 0, out, NULL, 0);
    return got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
}

SvcResult notify_prefs_set(Store *st, const SvcActor *a, const NotifyPrefs *p, SvcError *e)
{
    if (!a->viewer->staff_ref)
        return svc_fail(e, SVC_NOT_FOUND, "", "Only people in the staff data receive reminders.");
    if (p->delivery > NOTIFY_NONE) return svc_fail(e, SVC_INVALID, "delivery", "Choose how reminders reach you.");
    if (store_begin(st) != STORE_OK) return SVC_FAILED;
    Param q[] = {P_INT(a->viewer->staff_ref),
                 P_STR(delivery_names[p->delivery]),
                 P_INT(p->email[NOTIFY_SUPERVISION]),
                 P_INT(p->email[NOTIFY_SIGNATURE]),
                 P_INT(p->email[NOTIFY_ESCALATION]),
                 P_INT(p->email[NOTIFY_AUDIT]),
                 P_INT(a->now)};
    bool ok = store_exec(st, STMT_NOTIFY_PREFS_SET, q, 7, NULL) == STORE_OK;
    return svc_finish(st, SVC_OK, ok);
}
