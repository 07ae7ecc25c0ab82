/* svc/audit.h: quality audits of supervision records and case files.
 *
 * Each quarter a service's sample is drawn once (audit_draw): every senior
 * manager of the service and every QA auditor (svc/access.h's roles) is
 * given the policy's number of supervision records (sent or signed, at the
 * version drawn) and case files of the service, at random
 * (core/audit_sample.h), never one they are a party to. Records with an
 * item confidential now are left out of the sample whole: an auditor grading
 * the rest would grade a record with a part missing without knowing it,
 * and what is private between the two (002: "personal disclosures passed to
 * an auditor") stays so. Drawing again shows the stored draw; its seed and
 * the candidates' counts are kept so the draw can be checked.
 *
 * Only the assigned auditor writes an audit: each rubric question graded
 * with a comment, an overall grade and findings, saved as a draft, then
 * completed, after which it never changes. On completion the supervisor
 * (the record's supervisor; the case worker's supervisor) is told in their
 * inbox and reads the grades and findings; the auditor may set them
 * remedial actions with a due date, which the supervisor marks done and the
 * auditor closes. The supervisee or worker is not shown grades: the audit
 * judges the supervision given, which is the supervisor's to act on
 * (docs/web.md, "Audits"). */
#ifndef OV_SVC_AUDIT_H
#define OV_SVC_AUDIT_H

#include "svc/svc.h"

typedef struct {
    int64_t ref, draw_ref, auditor_ref, auditor_staff_ref;
    char kind[8]; /* record, case */
    int64_t record_ref;
    int version;
    int64_t case_ref, supervisor_ref, subject_ref;
    char state[12]; /* assigned, draft, completed */
    char grade[65]; /* the overall grade's id, "" until given */
    char *findings;
    int64_t saved_at, completed_at, open_actions;
    char quarter[8], service[101], subject_id[65], subject_name[256];
    char case_id[65], record_date[11], auditor[65], supervisor_name[256];
} Audit;

typedef struct {
    Audit *items;
    size_t n, cap;
    Arena strings;
} AuditList;
void audit_list_free(AuditList *l);

/* The sample of a service (by name) for a quarter ("2026-Q4"). */
typedef struct {
    bool existing; /* drawn before: this is that draw */
    char seed[17];
    int64_t drawn_at, records_eligible, cases_eligible;
    AuditList audits;
} AuditDraw;

/* Draws the sample (draw true), or gives the existing one (existing set;
 * with draw false, nothing is drawn: no sample yet is SVC_OK with existing
 * false and no audits). Who may: a
 * senior manager of the service or a QA auditor (a->viewer), or the
 * command line (a->viewer NULL, operator naming it). SVC_INVALID for a bad
 * quarter ("quarter"), SVC_NOT_FOUND for a service the viewer may not see
 * or that does not exist. */
SvcResult audit_draw(Store *st, const SvcActor *a, const char *operator_name, const char *service, const char *quarter,
                     bool draw, AuditDraw *out, SvcError *e);
/* The same with the seed given, for the demo's council, made the same
 * from the same seed. */
SvcResult audit_draw_seeded(Store *st, const SvcActor *a, const char *operator_name, const char *service,
                            const char *quarter, uint64_t seed, AuditDraw *out, SvcError *e);
void audit_draw_free(AuditDraw *d);

/* What the viewer audits (any state), newest quarter first; and the
 * completed audits of the records and cases they supervise. */
SvcResult audits_assigned(Store *st, const Viewer *v, AuditList *out);
SvcResult audits_findings(Store *st, const Viewer *v, AuditList *out);

typedef struct {
    char question[65], grade[65];
    char *comment;
} AuditAnswer;

typedef struct {
    int64_t ref, owner_ref;
    char owner_name[256];
    char *text, *done_note;
    char due[11], status[8]; /* open, done, closed */
    int64_t created_at, done_at, closed_at;
} AuditAction;

typedef struct {
    Audit audit;
    AuditAnswer *answers;
    size_t nanswers;
    AuditAction *actions;
    size_t nactions;
    bool auditor;    /* the viewer is the assigned auditor */
    bool supervisor; /* the viewer receives the findings */
    bool may_write;  /* the auditor, before completion */
    bool may_act;    /* the auditor, once completed: remedial actions, closing them */
    Arena strings;
} AuditView;

/* SVC_NOT_FOUND unless the viewer is the auditor, or the supervisor of a
 * completed audit. */
SvcResult audit_view(Store *st, const SvcActor *a, int64_t ref, AuditView *out);
void audit_view_free(AuditView *v);
/* The answer to question id in v, NULL if none. */
const AuditAnswer *audit_answer(const AuditView *v, const char *question);

/* What the form posts: a grade (a grade id or "") and comment per question
 * of the policy's rubric, in its order; the overall grade and findings. */
typedef struct {
    const char **grades, **comments; /* a->pol->naudit_questions each */
    const char *grade, *findings;
} AuditInput;

/* Saves the audit (complete false: a draft; anything may be missing) or
 * completes it: every question's grade ("grade-ID"), the overall grade
 * ("grade") and findings ("findings") are then required. SVC_CONFLICT once
 * completed. */
SvcResult audit_save(Store *st, const SvcActor *a, int64_t ref, const AuditInput *in, bool complete, SvcError *e);

/* A remedial action for the supervisor, on a completed audit, by its
 * auditor: what ("text") and by when ("due", YYYY-MM-DD, today or later). */
SvcResult audit_action_add(Store *st, const SvcActor *a, int64_t audit_ref, const char *text, const char *due,
                           SvcError *e);
/* The supervisor says it is done ("note" optional); the auditor closes it.
 * *audit_ref gets the audit it belongs to. */
SvcResult audit_action_done(Store *st, const SvcActor *a, int64_t action_ref, const char *note, int64_t *audit_ref,
                            SvcError *e);
SvcResult audit_action_close(Store *st, const SvcActor *a, int64_t action_ref, int64_t *audit_ref, SvcError *e);

/* A service's audits by quarter (newest first): how many were drawn and
 * completed, completed by overall grade (in the policy's scale order), and
 * remedial actions open, done (waiting to be closed), closed, overdue (past
 * due on a->today, not closed). */
typedef struct {
    char quarter[8];
    int64_t drawn, completed;
    int64_t grades[POLICY_AUDIT_GRADES_MAX];
    int64_t other_grades; /* completed with a grade no longer in the scale */
    int64_t open, done, closed, overdue;
} AuditQuarter;
typedef struct {
    AuditQuarter *q;
    size_t n, cap;
} AuditSummary;
SvcResult audit_summary(Store *st, const SvcActor *a, const char *service, AuditSummary *out);
void audit_summary_free(AuditSummary *s);

#endif
