/* policy_change.c: checking, previewing and applying a policy, and the
 * history of those in force (see policy_change.h). */
#include "svc/policy_change.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "svc/accounts.h"
#include "svc/due.h"
#include "svc/setting.h"

#define INSTALL_ACTOR "in force at install"

_Static_assert(DUE_KIND_STAFF < POLICY_KINDS, "a count for every kind of due row");

void policy_text_hash(const char *text, size_t len, char out[POLICY_HASH_CHARS])
{
    char *whole = xstrndup(text, len); /* the hash of accounts.h takes a string */
    account_token_hash(whole, out);
    free(whole);
}

static SvcResult may_admin(const AdminActor *a, SvcError *e)
{
    if (!a->viewer || access_admin(a->viewer)) return SVC_OK;
    return svc_fail(e, SVC_REFUSED, "", "Only an admin may change the policy");
}

static SvcResult store_fault(Store *st, SvcError *e)
{
    return svc_fail(e, SVC_FAILED, "", "The database could not be read or written: %s", store_error(st));
}

/* The text of the policy in force: the stored one, or the shipped default
 * (then *stored is false). Caller frees *text. */
static SvcResult in_force_text(Store *st, char **text, size_t *len, bool *stored, SvcError *e)
{
    int got = setting_policy_text(st, text, len);
    if (got < 0) return store_fault(st, e);
    *stored = got == 1;
    if (got == 0) {
        *text = xstrndup(policy_default_text, policy_default_text_len);
        *len = policy_default_text_len;
    }
    return SVC_OK;
}

static Policy *parse(const char *text, size_t len, const char *source, SvcError *e)
{
    char err[512];
    Policy *p = policy_parse(text, len, source, err, sizeof err);
    if (!p) svc_fail(e, SVC_INVALID, "policy", "%s", err);
    return p;
}

/* The whole organisation's due list on asof under pol. A policy that the
 * data does not fit (a role or category in use that it leaves out) is
 * SVC_INVALID. */
static SvcResult due_all(Store *st, const Policy *pol, Date asof, DueList *out, SvcError *e)
{
    DueFilter f = {.asof = asof};
    char err[512];
    int rc = due_compute(st, pol, &f, out, err, sizeof err);
    if (rc == 1) return svc_fail(e, SVC_INVALID, "policy", "The organisation's data does not fit this policy: %s", err);
    if (rc != 0) return svc_fail(e, SVC_FAILED, "", "%s", err);
    return SVC_OK;
}

/* ---- preview ---- */

static int by_kind_id(const void *pa, const void *pb)
{
    const DueRow *a = *(const DueRow *const *)pa, *b = *(const DueRow *const *)pb;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* Staff first, then cases, then the rest by kind. */
static int shown_rank(DueKind k) { return k == DUE_KIND_STAFF ? 0 : k == DUE_KIND_CASE ? 1 : 2 + (int)k; }

static int by_rank_id(const void *pa, const void *pb)
{
    const PolicyChange *a = pa, *b = pb;
    int ra = shown_rank(a->kind), rb = shown_rank(b->kind);
    if (ra != rb) return ra < rb ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* The list's rows as pointers, by kind and id. */
static const DueRow **sorted(const DueList *l)
{
    const DueRow **s = xcalloc(l->n ? l->n : 1, sizeof *s);
    for (size_t i = 0; i < l->n; i++) s[i] = &l->rows[i];
    if (l->n) qsort(s, l->n, sizeof *s, by_kind_id);
    return s;
}

static bool differs(const PolicyChange *c)
{
    return c->before_listed != c->after_listed || c->before.due != c->after.due || c->before.status != c->after.status;
}

/* Counts a change into p. */
static void count(PolicyPreview *p, const PolicyChange *c)
{
    p->changed++;
    if ((size_t)c->kind < POLICY_KINDS) p->changed_by_kind[c->kind]++;
    if (c->before_listed && c->after_listed) {
        p->earlier += c->after.due < c->before.due;
        p->later += c->after.due > c->before.due;
    }
    bool was = c->before_listed && c->before.status == STATUS_OVERDUE;
    bool is = c->after_listed && c->after.status == STATUS_OVERDUE;
    p->newly_overdue += is && !was;
    p->no_longer_overdue += was && !is;
}

/* Compares the two lists row by row into p. */
static void compare(PolicyPreview *p, const DueList *before, const DueList *after)
{
    const DueRow **b = sorted(before), **a = sorted(after);
    PolicyChange *all = NULL;
    size_t nall = 0, cap = 0, i = 0, j = 0;
    while (i < before->n || j < after->n) {
        int c = i == before->n ? 1 : j == after->n ? -1 : by_kind_id(&b[i], &a[j]);
        const DueRow *from = c <= 0 ? b[i] : NULL, *to = c >= 0 ? a[j] : NULL;
        const DueRow *row = from ? from : to;
        PolicyChange ch = {.kind = row->kind,
                           .id = row->id,
                           .name = row->name,
                           .owner = row->owner,
                           .owner_name = row->owner_name,
                           .before_listed = from != NULL,
                           .after_listed = to != NULL};
        if (from) ch.before = from->r;
        if (to) ch.after = to->r;
        p->rows++;
        if (differs(&ch)) {
            count(p, &ch);
            xgrow((void **)&all, &cap, nall + 1, sizeof *all);
            all[nall++] = ch;
        }
        i += from != NULL;
        j += to != NULL;
    }
    if (nall) qsort(all, nall, sizeof *all, by_rank_id);
    p->n = nall < POLICY_PREVIEW_ROWS ? nall : POLICY_PREVIEW_ROWS;
    p->items = xcalloc(p->n ? p->n : 1, sizeof *p->items);
    for (size_t k = 0; k < p->n; k++) {
        PolicyChange *ch = &p->items[k];
        *ch = all[k];
        ch->id = arena_strndup(&p->strings, ch->id, strlen(ch->id));
        ch->name = arena_strndup(&p->strings, ch->name, strlen(ch->name));
        ch->owner = arena_strndup(&p->strings, ch->owner, strlen(ch->owner));
        ch->owner_name = arena_strndup(&p->strings, ch->owner_name, strlen(ch->owner_name));
    }
    free(all);
    free(b);
    free(a);
}

SvcResult policy_preview(Store *st, const AdminActor *a, Date today, const char *text, size_t len, const char *source,
                         PolicyPreview *out, SvcError *e)
{
    memset(out, 0, sizeof *out);
    out->asof = today;
    SvcResult rc = may_admin(a, e);
    if (rc != SVC_OK) return rc;
    Policy *cand = parse(text, len, source, e);
    if (!cand) return SVC_INVALID;
    char *now_text = NULL;
    size_t now_len = 0;
    Policy *now = NULL;
    DueList before = {0}, after = {0};
    bool stored;
    rc = in_force_text(st, &now_text, &now_len, &stored, e);
    if (rc == SVC_OK) {
        now = parse(now_text, now_len, "the policy in force", e);
        rc = now ? SVC_OK : SVC_FAILED;
    }
    if (rc == SVC_OK) rc = due_all(st, cand, today, &after, e);
    if (rc == SVC_OK) rc = due_all(st, now, today, &before, e);
    if (rc == SVC_OK) {
        strfmt(out->in_force_name, sizeof out->in_force_name, "%s", now->name);
        strfmt(out->candidate_name, sizeof out->candidate_name, "%s", cand->name);
        policy_text_hash(now_text, now_len, out->in_force_hash);
        policy_text_hash(text, len, out->candidate_hash);
        compare(out, &before, &after);
    }
    due_list_free(&before);
    due_list_free(&after);
    policy_free(now);
    policy_free(cand);
    free(now_text);
    return rc;
}

void policy_preview_free(PolicyPreview *p)
{
    free(p->items);
    arena_free(&p->strings);
    memset(p, 0, sizeof *p);
}

/* ---- apply ---- */

static bool history_add(Store *st, const char *name, const char *text, size_t len, const char *from, int64_t at,
                        const AdminActor *a)
{
    bool by_account = a && a->viewer;
    Param p[] = {P_STR(name),
                 P_TEXT(text, len),
                 P_STR(from),
                 P_INT(at),
                 by_account ? P_INT(a->viewer->user_ref) : P_NULL,
                 by_account ? P_NULL : P_STR(a ? (a->operator ? a->operator : "command line") : INSTALL_ACTOR)};
    return store_exec(st, STMT_POLICY_HISTORY_ADD, p, 6, NULL) == STORE_OK;
}

/* The first change of a database: the policy it had until now becomes the
 * first row of the history, in force from the day the database was made.
 * Not the shipped default of a database with no staff yet (`init --policy`
 * on a new one): nothing was ever due under it. */
static SvcResult history_start(Store *st, const char *text, size_t len, bool stored, Date today, SvcError *e)
{
    int64_t n = 0, staff = 1;
    if (store_query_int(st, STMT_POLICY_HISTORY_COUNT, NULL, 0, &n) < 0 ||
        (!stored && store_query_int(st, STMT_STAFF_COUNT, NULL, 0, &staff) < 0))
        return store_fault(st, e);
    if (n > 0 || staff == 0) return SVC_OK;
    char from[11] = "";
    StoreRows *r = store_query(st, STMT_POLICY_INSTALLED, NULL, 0);
    if (!r) return store_fault(st, e);
    if (store_next(r) == 1 && !store_col_null(r, 0)) svc_col_copy(r, 0, from, sizeof from);
    store_rows_close(r);
    Date d;
    if (!date_parse(from, strlen(from), &d)) date_format(today, from);
    Policy *p = parse(text, len, "the policy in force", e);
    if (!p) return SVC_FAILED;
    bool ok = history_add(st, p->name, text, len, from, 0, NULL);
    policy_free(p);
    return ok ? SVC_OK : store_fault(st, e);
}

SvcResult policy_apply(Store *st, const AdminActor *a, Date today, const char *text, size_t len, const char *source,
                       const char *in_force_hash, SvcError *e)
{
    SvcResult rc = may_admin(a, e);
    if (rc != SVC_OK) return rc;
    Policy *cand = parse(text, len, source, e);
    if (!cand) return SVC_INVALID;
    char detail[320];
    strfmt(detail, sizeof detail, "policy \"%.200s\" put in force: %zu roles, %zu case categories, %zu prompt sets",
           cand->name, cand->nroles, cand->ncategories, cand->nprompt_sets);
    rc = admin_change_begin(st, a, e);
    if (rc != SVC_OK) {
        policy_free(cand);
        return rc;
    }
    char *now_text = NULL, now_hash[POLICY_HASH_CHARS], cand_hash[POLICY_HASH_CHARS];
    size_t now_len = 0;
    bool stored = false, same = false;
    rc = in_force_text(st, &now_text, &now_len, &stored, e);
    if (rc == SVC_OK) {
        policy_text_hash(now_text, now_len, now_hash);
        policy_text_hash(text, len, cand_hash);
        same = strcmp(now_hash, cand_hash) == 0;
        if (in_force_hash && strcmp(in_force_hash, now_hash) != 0)
            rc = svc_fail(e, SVC_CONFLICT, "policy", "The policy changed since you checked it: check again");
    }
    DueList l = {0};
    if (rc == SVC_OK && !same) rc = due_all(st, cand, today, &l, e);
    due_list_free(&l);
    if (rc == SVC_OK && !same) rc = history_start(st, now_text, now_len, stored, today, e);
    if (rc == SVC_OK && !same) {
        char from[11];
        date_format(today, from);
        if (!history_add(st, cand->name, text, len, from, a->now, a) || !setting_policy_put(st, text, len))
            rc = store_fault(st, e);
    }
    free(now_text);
    policy_free(cand);
    /* The policy already in force: nothing to write, not even an audit row. */
    return admin_change_end(st, a, rc, same ? NULL : "policy", detail, e);
}

/* ---- the history ---- */

SvcResult policy_history(Store *st, const AdminActor *a, PolicyHistory *out)
{
    memset(out, 0, sizeof *out);
    SvcError e;
    if (may_admin(a, &e) != SVC_OK) return SVC_REFUSED;
    StoreRows *r = store_query(st, STMT_POLICY_HISTORY_LIST, NULL, 0);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items);
        PolicyHistoryEntry *h = &out->items[out->n++];
        h->ref = store_col_int(r, 0);
        h->name = svc_col_dup(&out->strings, r, 1);
        h->applied_from = svc_col_dup(&out->strings, r, 2);
        h->applied_at = svc_col_int0(r, 3);
        h->by = svc_col_dup(&out->strings, r, 4);
        h->until = out->n > 1 ? out->items[out->n - 2].applied_from : arena_strndup(&out->strings, "", 0);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

void policy_history_free(PolicyHistory *h)
{
    free(h->items);
    arena_free(&h->strings);
    memset(h, 0, sizeof *h);
}

SvcResult policy_history_text(Store *st, const AdminActor *a, int64_t ref, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    SvcError e;
    if (may_admin(a, &e) != SVC_OK) return SVC_REFUSED;
    Param p[] = {P_INT(ref)};
    StoreRows *r = store_query(st, STMT_POLICY_HISTORY_TEXT, p, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) {
        const char *s = store_col_text(r, 0, len);
        *text = xstrndup(s, *len);
    }
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : got == 0 ? SVC_NOT_FOUND : SVC_OK;
}
