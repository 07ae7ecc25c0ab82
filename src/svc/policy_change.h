/* policy_change.h: changing the organisation's policy: check a candidate
 * policy, preview what it would change, apply it, and the history of the
 * policies that have been in force. The admin policy page and `oversight
 * policy apply|history` call these same functions.
 *
 * Check: the text is parsed whole (errors name the source and line, as the
 * parser gives them), then the organisation's data is checked against it:
 * a role or case category in use that the candidate leaves out is an error.
 *
 * Preview: the whole organisation's due list on today's date under the
 * policy in force (the one stored, or the shipped default) and under the
 * candidate (svc/due.h), and every person, case or other row whose due
 * date or status differs, with counts by kind.
 *
 * Apply: in one transaction, the candidate becomes the policy in force and
 * a row of the history (with the date it applies from, when and by whom it
 * was applied), with its audit row. Only what was previewed is applied: the
 * caller passes the hash of the policy that was in force when the preview
 * was made; if the policy in force has changed since (another admin applied
 * one), nothing is written and the answer is SVC_CONFLICT. The first change
 * of a database records the policy it had until then, as in force from the
 * day the database was created (unless that was the shipped default and
 * there are no staff yet: `init --policy` on a new database).
 *
 * Only an admin (or the operator at the command line: AdminActor) may do
 * any of it. Answers: SVC_OK; SVC_INVALID (e->field "policy", e->message
 * the first problem); SVC_REFUSED; SVC_CONFLICT; SVC_NOT_FOUND (no such
 * history row); SVC_FAILED. Nothing changes unless SVC_OK. */
#ifndef OV_SVC_POLICY_CHANGE_H
#define OV_SVC_POLICY_CHANGE_H

#include "format/due_format.h"
#include "svc/admin.h"

/* A policy text's hash: 64 hex digits and a NUL. */
#define POLICY_HASH_CHARS 65
void policy_text_hash(const char *text, size_t len, char out[POLICY_HASH_CHARS]);

/* At most this many changed rows are kept in a preview (the counts are of
 * all of them). */
#define POLICY_PREVIEW_ROWS 200

/* Room for every DueKind, and for kinds the due list may gain. */
#define POLICY_KINDS 16

/* A row whose due date or status the candidate changes. listed: whether the
 * row is on the due list under that policy at all. */
typedef struct {
    DueKind kind;
    const char *id, *name; /* a person's name; a case's: "" */
    const char *owner, *owner_name;
    bool before_listed, after_listed;
    DueResult before, after;
} PolicyChange;

typedef struct {
    char in_force_name[256], candidate_name[256];
    char in_force_hash[POLICY_HASH_CHARS]; /* carry it to policy_apply */
    char candidate_hash[POLICY_HASH_CHARS];
    Date asof;
    size_t rows;                          /* rows on either list */
    size_t changed;                       /* rows whose due date or status changes */
    size_t changed_by_kind[POLICY_KINDS]; /* by DueKind */
    size_t earlier, later;                /* of those listed under both: due earlier, due later */
    size_t newly_overdue, no_longer_overdue;
    PolicyChange *items; /* the first POLICY_PREVIEW_ROWS changes: staff, then cases, then the rest */
    size_t n;
    Arena strings;
} PolicyPreview;

/* Checks text (len bytes, source names it in messages) and previews it on
 * today's date. */
SvcResult policy_preview(Store *st, const AdminActor *a, Date today, const char *text, size_t len, const char *source,
                         PolicyPreview *out, SvcError *e);
void policy_preview_free(PolicyPreview *p);

/* Applies text (checked again, whole) from today. in_force_hash: the
 * preview's, or NULL to apply over whatever is in force (`oversight init
 * --policy`). */
SvcResult policy_apply(Store *st, const AdminActor *a, Date today, const char *text, size_t len, const char *source,
                       const char *in_force_hash, SvcError *e);

/* ---- the history ---- */

typedef struct {
    int64_t ref;
    char *name;
    char *applied_from; /* "YYYY-MM-DD" */
    char *until;        /* the next one's applied_from, "" for the policy in force */
    int64_t applied_at; /* Unix time; 0 for the policy in force at install */
    char *by;           /* an admin's username, or who it was */
} PolicyHistoryEntry;

typedef struct {
    PolicyHistoryEntry *items; /* latest first: items[0] is in force */
    size_t n, cap;
    Arena strings;
} PolicyHistory;

/* Every policy that has been in force, latest first. Empty when the policy
 * has never been changed. */
SvcResult policy_history(Store *st, const AdminActor *a, PolicyHistory *out);
void policy_history_free(PolicyHistory *h);

/* The text of history row ref (caller frees *text). */
SvcResult policy_history_text(Store *st, const AdminActor *a, int64_t ref, char **text, size_t *len);

#endif
