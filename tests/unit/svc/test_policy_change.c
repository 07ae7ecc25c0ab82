/* test_policy_change.c: changing the policy (svc/policy_change.h) on both
 * databases (RUN_STORES): a candidate checked with its line, and against
 * the organisation's data; the preview naming exactly the people and cases
 * whose due date or status changes; applying only what was previewed, with
 * the history and the audit row in the same transaction; another admin's
 * change in between is a conflict that writes nothing; admins only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/accounts.h"
#include "svc/admin_view.h"
#include "svc/import.h"
#include "svc/policy_change.h"
#include "svc/setting.h"
#include "test.h"

extern const char policy_national_text[];
extern const size_t policy_national_text_len;

static Store *st;
static Policy *pol;
static Viewer v_ada, v_wyn;
static AdminActor web; /* ada, the admin, at the admin pages */
static AdminActor cli; /* the operator at the command line */
static Date today;

static void import_text(ImportKind kind, const char *name, const char *text)
{
    CsvReader *r = csv_new_mem(text, strlen(text));
    ImportReport rep = {0};
    int rc = import_run(st, pol, kind, r, name, &rep);
    for (size_t i = 0; i < rep.nerrors; i++) fprintf(stderr, "  %s\n", rep.errors[i]);
    CHECK_INT(rc, IMPORT_OK);
    import_report_free(&rep);
    csv_free(r);
}

static Viewer account(const char *username, const char *staff, const char *role)
{
    char err[256];
    AccountRole ar = {role, ""};
    CHECK_INT(account_add(st, username, staff, "a long enough password", role ? &ar : NULL, role ? 1 : 0, err,
                          sizeof err),
              ACCOUNT_OK);
    Param p[] = {P_STR(username)};
    int64_t ref = 0;
    CHECK_INT(store_query_int(st, STMT_ADMIN_USER_REF, p, 1, &ref), 1);
    Viewer v;
    CHECK_INT(access_load(st, ref, 0, &v), STORE_OK);
    return v;
}

/* Today is 23 November 2026. Under the default policy social workers are
 * supervised every 4 weeks and children in need discussed every 3 months.
 *   A1 (manager), R1 (residential): no rule the candidate changes.
 *   W1, social worker, last supervised 2 November: due 30 November.
 *   W2, social worker, last supervised 16 November: due 14 December.
 *   C1, child protection (W1): every 2 months either way.
 *   C2, child in need (W2), discussed 1 October: due 1 January.
 *   C3, child in need (W2), allocated 20 November, not yet discussed. */
static void organisation(Store *s)
{
    st = s;
    import_text(IMPORT_STAFF, "staff.csv",
                "id,name,role,team,supervisor,line_manager,start_date\n"
                "A1,Ada Admin,manager,Team A,,,2020-01-01\n"
                "W1,Wyn Worker,social-worker,Team A,A1,A1,2021-01-01\n"
                "W2,Wren Worker,social-worker,Team A,A1,A1,2021-01-01\n"
                "R1,Rae Resident,residential,Team A,A1,A1,2021-01-01\n");
    import_text(IMPORT_CASES, "cases.csv",
                "id,category,worker,allocated_date,closed_date\n"
                "C1,child-protection,W1,2026-10-01,\nC2,child-in-need,W2,2026-01-01,\n"
                "C3,child-in-need,W2,2026-11-20,\n");
    import_text(IMPORT_SESSIONS, "sessions.csv",
                "id,date,supervisor,supervisee\nS1,2026-11-02,A1,W1\nS2,2026-10-01,A1,W2\nS3,2026-11-16,A1,W2\n"
                "S4,2026-11-10,A1,R1\n");
    import_text(IMPORT_DISCUSSIONS, "discussions.csv", "session,case\nS2,C2\nS1,C1\n");
    v_ada = account("ada", "A1", "admin");
    v_wyn = account("wyn", "W1", NULL);
    web = (AdminActor){.viewer = &v_ada, .now = 1795000000};
    cli = (AdminActor){.operator= "command line (unix user tester)", .now = 1795000100};
}

/* The default policy with social workers every 2 weeks and children in
 * need every month; its name says so. Caller frees. */
static char *candidate(void)
{
    char *t = xstrndup(policy_default_text, policy_default_text_len);
    const struct {
        const char *from, *to;
    } edits[] = {
        {"role social-worker \"Social worker\"\n  every 4w target 3w",
         "role social-worker \"Social worker\"\n  every 2w"},
        {"category child-in-need \"Child in need\"\n  every 3m",
         "category child-in-need \"Child in need\"\n  every 1m"},
        {"policy \"", "policy \"Stricter: "},
    };
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        char *at = strstr(t, edits[i].from);
        CHECK(at != NULL);
        if (!at) continue;
        size_t head = (size_t)(at - t), from = strlen(edits[i].from), to = strlen(edits[i].to);
        char *n = xcalloc(strlen(t) - from + to + 1, 1);
        memcpy(n, t, head);
        memcpy(n + head, edits[i].to, to);
        memcpy(n + head + to, at + from, strlen(at + from) + 1);
        free(t);
        t = n;
    }
    return t;
}

static char *stored(void)
{
    char *text = NULL;
    size_t len;
    int got = setting_policy_text(st, &text, &len);
    return got == 1 ? text : (free(text), NULL);
}

static size_t history_rows(void)
{
    PolicyHistory h;
    CHECK_INT(policy_history(st, &cli, &h), SVC_OK);
    size_t n = h.n;
    policy_history_free(&h);
    return n;
}

static size_t audit_rows(void)
{
    AuditLog log;
    CHECK_INT(admin_audit_log(st, &cli, &log), SVC_OK);
    size_t n = log.n;
    admin_audit_log_free(&log);
    return n;
}

static const char *day(int y, int m, int d)
{
    static char out[4][11];
    static int k;
    k = (k + 1) % 4;
    date_format(date_from_ymd(y, m, d), out[k]);
    return out[k];
}

static void check_row(const PolicyChange *c, DueKind kind, const char *id, const char *before_due,
                      DueStatus before_status, const char *after_due, DueStatus after_status)
{
    char b[11], a[11];
    date_format(c->before.due, b);
    date_format(c->after.due, a);
    CHECK_INT(c->kind, kind);
    CHECK_STR(c->id, id);
    CHECK(c->before_listed && c->after_listed);
    CHECK_STR(b, before_due);
    CHECK_STR(a, after_due);
    CHECK_INT(c->before.status, before_status);
    CHECK_INT(c->after.status, after_status);
}

/* A policy with a mistake is refused with its line; one that leaves out a
 * role in use, with the person; nothing is written either way. */
static void test_checked(Store *s)
{
    organisation(s);
    SvcError e = {0};
    PolicyPreview p;
    const char *bad = "policy \"x\"\nrole nqsw \"NQSW\"\n  every 1 fortnight\n";
    CHECK_INT(policy_preview(st, &web, today, bad, strlen(bad), "ours.policy", &p, &e), SVC_INVALID);
    CHECK_HAS(e.message, "ours.policy:3:");
    CHECK_STR(e.field, "policy");
    policy_preview_free(&p);
    CHECK_INT(policy_apply(st, &web, today, bad, strlen(bad), "ours.policy", NULL, &e), SVC_INVALID);
    CHECK_HAS(e.message, "ours.policy:3:");

    char *t = candidate();
    char *cut = strstr(t, "role residential");
    CHECK(cut != NULL);
    if (cut) memcpy(cut, "role residenxial", 16); /* R1's role left out */
    e = (SvcError){0};
    CHECK_INT(policy_preview(st, &web, today, t, strlen(t), "ours.policy", &p, &e), SVC_INVALID);
    CHECK_HAS(e.message, "does not fit this policy");
    CHECK_HAS(e.message, "R1");
    policy_preview_free(&p);
    CHECK_INT(policy_apply(st, &web, today, t, strlen(t), "ours.policy", NULL, &e), SVC_INVALID);
    free(t);
    CHECK(stored() == NULL);
    CHECK_INT(history_rows(), 0);
    CHECK_INT(audit_rows(), 0);
}

/* The preview names exactly the people and cases whose dates change. */
static void test_preview(Store *s)
{
    organisation(s);
    char *t = candidate();
    PolicyPreview p;
    SvcError e = {0};
    CHECK_INT(policy_preview(st, &web, today, t, strlen(t), "ours.policy", &p, &e), SVC_OK);
    CHECK_HAS(p.in_force_name, "Default policy");
    CHECK_HAS(p.candidate_name, "Stricter: ");
    CHECK_INT(p.changed, 4);
    CHECK_INT(p.changed_by_kind[DUE_KIND_STAFF], 2);
    CHECK_INT(p.changed_by_kind[DUE_KIND_CASE], 2);
    CHECK_INT(p.earlier, 4);
    CHECK_INT(p.later, 0);
    CHECK_INT(p.newly_overdue, 2); /* W1 and C2 */
    CHECK_INT(p.no_longer_overdue, 0);
    CHECK_INT(p.n, 4);
    if (p.n == 4) {
        check_row(&p.items[0], DUE_KIND_STAFF, "W1", day(2026, 11, 30), STATUS_DUE_SOON, day(2026, 11, 16),
                  STATUS_OVERDUE);
        CHECK_STR(p.items[0].name, "Wyn Worker");
        check_row(&p.items[1], DUE_KIND_STAFF, "W2", day(2026, 12, 14), STATUS_OK, day(2026, 11, 30), STATUS_DUE_SOON);
        check_row(&p.items[2], DUE_KIND_CASE, "C2", day(2027, 1, 1), STATUS_OK, day(2026, 11, 1), STATUS_OVERDUE);
        CHECK_STR(p.items[2].owner, "W2");
        check_row(&p.items[3], DUE_KIND_CASE, "C3", day(2027, 2, 20), STATUS_OK, day(2026, 12, 20), STATUS_OK);
    }
    char h[POLICY_HASH_CHARS];
    policy_text_hash(policy_default_text, policy_default_text_len, h);
    CHECK_STR(p.in_force_hash, h);
    policy_text_hash(t, strlen(t), h);
    CHECK_STR(p.candidate_hash, h);
    policy_preview_free(&p);
    /* Nothing was written. */
    CHECK(stored() == NULL);
    CHECK_INT(history_rows(), 0);

    /* The policy in force against itself: nothing changes. */
    CHECK_INT(policy_preview(st, &web, today, policy_default_text, policy_default_text_len, "same", &p, &e), SVC_OK);
    CHECK_INT(p.changed, 0);
    CHECK_INT(p.n, 0);
    CHECK_STR(p.in_force_hash, p.candidate_hash);
    policy_preview_free(&p);
    free(t);
}

/* Applying what was previewed: stored, audited, and the history keeps the
 * policy it replaced with the dates it was in force. */
static void test_apply(Store *s)
{
    organisation(s);
    char *t = candidate();
    PolicyPreview p;
    SvcError e = {0};
    CHECK_INT(policy_preview(st, &web, today, t, strlen(t), "ours.policy", &p, &e), SVC_OK);
    size_t audits = audit_rows();
    /* The version servers compare their policy with (web_policy_take_up):
     * nothing applied yet. */
    CHECK_INT(setting_policy_version(st), 0);
    CHECK_INT(policy_apply(st, &web, today, t, strlen(t), "ours.policy", p.in_force_hash, &e), SVC_OK);
    policy_preview_free(&p);
    CHECK_INT(setting_policy_version(st), 2); /* moved on: the one replaced and the new one */
    char *now = stored();
    CHECK(now && strcmp(now, t) == 0);
    free(now);
    CHECK_INT(audit_rows(), audits + 1);
    AuditLog log;
    CHECK_INT(admin_audit_log(st, &cli, &log), SVC_OK);
    if (log.n) {
        CHECK_STR(log.items[0].action, "policy");
        CHECK_HAS(log.items[0].detail, "\"Stricter: ");
        CHECK_STR(log.items[0].who, "ada");
    }
    admin_audit_log_free(&log);

    PolicyHistory h;
    CHECK_INT(policy_history(st, &web, &h), SVC_OK);
    CHECK_INT(h.n, 2);
    if (h.n == 2) {
        CHECK_HAS(h.items[0].name, "Stricter: ");
        CHECK_STR(h.items[0].applied_from, day(2026, 11, 23));
        CHECK_STR(h.items[0].until, "");
        CHECK_STR(h.items[0].by, "ada");
        CHECK_INT(h.items[0].applied_at, web.now);
        CHECK_HAS(h.items[1].name, "Default policy");
        Date d;
        CHECK(date_parse(h.items[1].applied_from, strlen(h.items[1].applied_from), &d)); /* the day of install */
        CHECK_STR(h.items[1].until, day(2026, 11, 23));
        CHECK_STR(h.items[1].by, "in force at install");
        char *old;
        size_t len;
        CHECK_INT(policy_history_text(st, &web, h.items[1].ref, &old, &len), SVC_OK);
        CHECK(old && len == policy_default_text_len && memcmp(old, policy_default_text, len) == 0);
        free(old);
        CHECK_INT(policy_history_text(st, &web, h.items[0].ref + 100, &old, &len), SVC_NOT_FOUND);
    }
    policy_history_free(&h);

    /* Now in force, a preview of it changes nothing; applying it again
     * writes nothing, not even an audit row. */
    CHECK_INT(policy_preview(st, &web, today, t, strlen(t), "ours.policy", &p, &e), SVC_OK);
    CHECK_INT(p.changed, 0);
    CHECK_INT(policy_apply(st, &web, today, t, strlen(t), "ours.policy", p.in_force_hash, &e), SVC_OK);
    policy_preview_free(&p);
    CHECK_INT(history_rows(), 2);
    CHECK_INT(audit_rows(), audits + 1);
    CHECK_INT(setting_policy_version(st), 2); /* nothing changed: servers read nothing again */

    /* The command line (init --policy) applies over whatever is in force. */
    CHECK_INT(policy_apply(st, &cli, today + 1, policy_default_text, policy_default_text_len, "default.policy", NULL,
                           &e),
              SVC_OK);
    CHECK_INT(setting_policy_version(st), 3);
    CHECK_INT(policy_history(st, &web, &h), SVC_OK);
    CHECK_INT(h.n, 3);
    if (h.n == 3) {
        CHECK_STR(h.items[0].by, "command line (unix user tester)");
        CHECK_STR(h.items[0].applied_from, day(2026, 11, 24));
        CHECK_STR(h.items[1].until, day(2026, 11, 24));
    }
    policy_history_free(&h);
    free(t);
}

/* Another admin's change between the preview and the apply: a conflict,
 * and nothing is written. */
static void test_conflict(Store *s)
{
    organisation(s);
    char *t = candidate();
    PolicyPreview p;
    SvcError e = {0};
    CHECK_INT(policy_preview(st, &web, today, t, strlen(t), "ours.policy", &p, &e), SVC_OK);
    CHECK_INT(policy_apply(st, &cli, today, policy_national_text, policy_national_text_len, "national.policy", NULL,
                           &e),
              SVC_OK);
    size_t audits = audit_rows(), rows = history_rows();
    CHECK_INT(policy_apply(st, &web, today, t, strlen(t), "ours.policy", p.in_force_hash, &e), SVC_CONFLICT);
    CHECK_STR(e.message, "The policy changed since you checked it: check again");
    policy_preview_free(&p);
    char *now = stored();
    CHECK(now && strlen(now) == policy_national_text_len && memcmp(now, policy_national_text, strlen(now)) == 0);
    free(now);
    CHECK_INT(audit_rows(), audits);
    CHECK_INT(history_rows(), rows);
    free(t);
}

/* Only an admin: a signed-in account without the role is refused
 * everything, and nothing is written. */
static void test_admins_only(Store *s)
{
    organisation(s);
    AdminActor wyn = {.viewer = &v_wyn, .now = 1795000000};
    char *t = candidate();
    PolicyPreview p;
    SvcError e = {0};
    CHECK_INT(policy_preview(st, &wyn, today, t, strlen(t), "ours.policy", &p, &e), SVC_REFUSED);
    policy_preview_free(&p);
    CHECK_INT(policy_apply(st, &wyn, today, t, strlen(t), "ours.policy", NULL, &e), SVC_REFUSED);
    PolicyHistory h;
    CHECK_INT(policy_history(st, &wyn, &h), SVC_REFUSED);
    policy_history_free(&h);
    char *old;
    size_t len;
    CHECK_INT(policy_history_text(st, &wyn, 1, &old, &len), SVC_REFUSED);
    /* An admin whose role was removed a moment ago (the viewer loaded
     * before) is refused inside the transaction. */
    Viewer stale = v_wyn;
    stale.admin = true;
    AdminActor was = {.viewer = &stale, .now = 1795000000};
    CHECK_INT(policy_apply(st, &was, today, t, strlen(t), "ours.policy", NULL, &e), SVC_REFUSED);
    CHECK(stored() == NULL);
    CHECK_INT(history_rows(), 0);
    free(t);
}

/* `init --policy` on a new database: the policy given is the first in
 * force; the shipped default, under which nothing was ever due, is not
 * history. */
static void test_install(Store *s)
{
    st = s;
    AdminActor op = {.operator= "command line (unix user tester)", .now = 1795000000};
    SvcError e = {0};
    char *t = candidate();
    CHECK_INT(policy_apply(st, &op, today, t, strlen(t), "ours.policy", NULL, &e), SVC_OK);
    PolicyHistory h;
    CHECK_INT(policy_history(st, &op, &h), SVC_OK);
    CHECK_INT(h.n, 1);
    if (h.n == 1) CHECK_HAS(h.items[0].name, "Stricter: ");
    policy_history_free(&h);
    free(t);
}

int main(void)
{
    char err[256];
    pol = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    if (!pol || !accounts_init()) {
        printf("Bail out! the default policy or the accounts module: %s\n", pol ? "" : err);
        return 1;
    }
    today = date_from_ymd(2026, 11, 23);
    RUN_STORES(test_checked);
    RUN_STORES(test_preview);
    RUN_STORES(test_apply);
    RUN_STORES(test_conflict);
    RUN_STORES(test_admins_only);
    RUN_STORES(test_install);
    policy_free(pol);
    TEST_DONE();
}
