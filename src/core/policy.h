/* policy.h: the supervision policy as data.
 *
 * A policy is a plain-text file (format in docs/policy.md) that says how often
 * each role is supervised and for how long, how often each category of case
 * is discussed and which topics it covers, the reflective prompts offered for
 * case discussions, and the time allowed for signing records, reviewing
 * agreements and answering escalations.
 * It is parsed once, validated with FILE:LINE errors, and then read-only.
 * The default policy (policy/default.policy) is compiled into the binary. */
#ifndef OV_POLICY_H
#define OV_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"

/* One phase of a role's rule. Phases are measured from the staff member's
 * start date: phase k is in force from start + until of phase k-1 (or from
 * start for the first) up to, not including, start + its own until. The last
 * phase has no until and lasts for ever. */
typedef struct {
    Interval every;
    bool has_until;
    Interval until; /* offset from the start date, not a length */
} Phase;

/* Caseload thresholds ("caseload 18 max 22"): at watch open cases a worker's
 * caseload is watched, above max it is over. Not set: counted, not judged. */
typedef struct {
    bool set;
    int watch, max; /* 1 <= watch <= max <= POLICY_CASELOAD_MAX */
} Caseload;

typedef struct {
    char *id;    /* e.g. "nqsw" */
    char *label; /* e.g. "Newly qualified social worker" */
    Phase *phases;
    size_t nphases; /* >= 1 */
    bool has_target;
    Interval target;     /* the interval aimed for, shown to people; never used for due dates */
    int session_minutes; /* length of a session by default, POLICY_SESSION_MIN..POLICY_SESSION_MAX */
    Caseload caseload;   /* its own line, else the policy's top-level one, else not set */
} Role;

/* Limits a policy file is checked against. Session lengths match what the
 * store accepts for an agreement or a booking. */
#define POLICY_SESSION_MIN 15
#define POLICY_SESSION_MAX 480
#define POLICY_SESSION_DEFAULT 90 /* a role without "session-minutes" */
#define POLICY_PROMPTS_MAX 20     /* prompts in one set (at least 1) */
#define POLICY_CHECKLIST_MAX 30   /* checklist topics in one category (0 or more) */
#define POLICY_CASELOAD_MAX 999   /* a caseload line's counts */

/* A prompt of a reflective prompt set, or a topic of a category's checklist. */
typedef struct {
    char *id;
    char *text;
} PolicyItem;

/* A named set of reflective prompts offered when a case is discussed. */
typedef struct {
    char *id;
    char *label;
    PolicyItem *items;
    size_t nitems; /* 1..POLICY_PROMPTS_MAX, ids unique within the set */
} PromptSet;

typedef struct {
    char *id;
    char *label;
    bool has_every;
    Interval every;        /* the category's own minimum frequency */
    bool every_session;    /* discussed at each individual session of the worker */
    PolicyItem *checklist; /* topics to cover when a case is discussed, in file order */
    size_t nchecklist;     /* 0..POLICY_CHECKLIST_MAX, ids unique within the category */
    bool has_checklist_every;
    Interval checklist_every; /* each checklist topic is covered at least this often (open cases) */
} Category;

/* What a "retain" line keeps, and from when its period runs (docs/policy.md,
 * "Retention"). A kind without a line is kept for ever, as is one whose
 * line says "never": an old policy file purges nothing. */
typedef enum {
    RETAIN_RECORDS,          /* supervision records: texts, actions, disagreements, agenda */
    RETAIN_CASE_DISCUSSIONS, /* case discussions, in a record or outside one */
    RETAIN_KINDS
} RetainKind;

typedef enum {
    RETAIN_AFTER_LEAVING, /* the supervisee's last day of employment */
    RETAIN_AFTER_SIGNING, /* the record's last signature (or last change, never signed) */
    RETAIN_AFTER_CLOSING, /* the case's closing date */
} RetainAnchor;

typedef struct {
    bool set;   /* a "retain" line for the kind was given */
    bool never; /* "retain KIND never": kept for ever */
    Interval period;
    RetainAnchor after;
    size_t line; /* the line, for what a purge names as its rule */
    char *text;  /* the line as it reads, "retain records 72m after leaving" */
} Retention;

/* Quality audits (docs/policy.md, "Audits"): how many supervision records
 * and case files each auditor is given a quarter, the rubric's questions,
 * and the grade scale, best first. A policy without audit lines gets the
 * defaults below (POLICY_AUDIT_DEFAULT_*, policy_audit_defaults). */
#define POLICY_AUDIT_SAMPLE_MAX 50 /* per auditor per quarter, of each kind */
#define POLICY_AUDIT_QUESTIONS_MAX 20
#define POLICY_AUDIT_GRADES_MIN 2
#define POLICY_AUDIT_GRADES_MAX 8
#define POLICY_AUDIT_DEFAULT_RECORDS 2
#define POLICY_AUDIT_DEFAULT_CASE_FILES 2

typedef struct {
    char *name;
    int due_soon_days;   /* default 7 */
    bool pro_rata;       /* part-time staff: intervals scaled by 1/fte */
    bool has_every_case; /* every open case at least this often */
    Interval every_case;
    Interval sign_within;         /* a record sent for signing is overdue after this (default 7d) */
    Interval agreement_review;    /* an agreement is reviewed this long after it was agreed (default 12m) */
    Interval escalation_response; /* whoever an escalation goes to answers within this (default 10d) */
    Interval workload_response;   /* a workload concern is answered within this, else it goes up (default 5d) */
    Caseload caseload;            /* the top-level "caseload" line: every role's unless it has its own */
    Role *roles;
    size_t nroles;
    Category *categories;
    size_t ncategories;
    PromptSet *prompt_sets; /* in file order */
    size_t nprompt_sets;
    Retention retain[RETAIN_KINDS]; /* by RetainKind */
    int audit_records;              /* records per auditor per quarter, 0..POLICY_AUDIT_SAMPLE_MAX */
    int audit_case_files;           /* case files per auditor per quarter */
    PolicyItem *audit_questions;    /* the rubric, in file order; ids unique */
    size_t naudit_questions;        /* 1..POLICY_AUDIT_QUESTIONS_MAX */
    PolicyItem *audit_grades;       /* the scale, best first; ids unique */
    size_t naudit_grades;           /* POLICY_AUDIT_GRADES_MIN..MAX */
} Policy;

/* Parses policy text. filename is used only in messages. On failure returns
 * NULL and writes "FILE:LINE: message" into err. Caller frees with policy_free. */
Policy *policy_parse(const char *text, size_t len, const char *filename, char *err, size_t errlen);
void policy_free(Policy *p);

/* Lookups by id (n bytes, not necessarily NUL-terminated); NULL if none. */
const Role *policy_role(const Policy *p, const char *id, size_t n);
const Category *policy_category(const Policy *p, const char *id, size_t n);
const PromptSet *policy_prompt_set(const Policy *p, const char *id, size_t n);

/* The grade or rubric question of id (NUL-terminated); NULL if none. */
const PolicyItem *policy_audit_grade(const Policy *p, const char *id);
const PolicyItem *policy_audit_question(const Policy *p, const char *id);

/* The phase of role r in force on date t for someone who started on start. */
const Phase *policy_phase_on(const Role *r, Date start, Date t);

/* The word of a kind ("records", "case-discussions") and of an anchor
 * ("leaving", "signing", "closing"), as a "retain" line writes them. */
const char *policy_retain_kind_word(RetainKind k);
const char *policy_retain_anchor_word(RetainAnchor a);

/* The date on which something of kind k, whose period runs from the civil
 * date from, expires: from + the period. false when it is kept for ever
 * (no line, or "never"). */
bool policy_retain_until(const Policy *p, RetainKind k, Date from, Date *until);

/* The shipped default policy's text (policy/default.policy), NUL-terminated. */
extern const char policy_default_text[];
extern const size_t policy_default_text_len;

#endif
