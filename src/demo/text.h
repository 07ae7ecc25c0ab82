/* text.h: what people write in the demo council's supervision.
 *
 * Pure data: the phrases the playing (play.h) draws from for agendas,
 * records, case discussions, actions, disagreements and cancellations.
 * British English, and no real names: children are their case ids; a '#'
 * in a phrase stands for a case id, filled in by whoever uses it. */
#ifndef OV_DEMO_TEXT_H
#define OV_DEMO_TEXT_H

#include <stddef.h>

/* A list of phrases to draw one from. */
typedef struct {
    const char *const *items;
    size_t n;
} Phrases;

/* A decision about a case and its reason, for a case category ("" for any). */
typedef struct {
    const char *category, *decision, *rationale;
} TextDecision;
typedef struct {
    const TextDecision *items;
    size_t n;
} TextDecisions;

/* A text for a case category ("" for any). */
typedef struct {
    const char *category, *text;
} TextByCategory;
typedef struct {
    const TextByCategory *items;
    size_t n;
} TextByCategories;

/* An answer to one of the policy's reflective prompts, by prompt id ("" for any). */
typedef struct {
    const char *prompt, *text;
} TextAnswer;
typedef struct {
    const TextAnswer *items;
    size_t n;
} TextAnswers;

/* Where and when sessions are held. */
extern const Phrases text_places, text_start_times;
extern const char text_home_place[]; /* for residential homes */

/* The items of a record (the policy's record topics). */
extern const Phrases text_workload_worker, text_workload_other, text_wellbeing, text_leave, text_events, text_needs,
    text_training, text_first_year, text_registration, text_notes;

/* Case discussions: decisions, recent involvement, analysis, further tasks,
 * departures from procedure, answers to prompts. */
extern const TextDecisions text_decisions;
extern const TextByCategories text_synopses, text_analyses;
extern const Phrases text_further_tasks, text_departures;
extern const TextAnswers text_answers;

/* Agendas: worries (with cases, and for those who hold none) and topics. */
extern const Phrases text_worries, text_worries_other, text_topics_supervisor, text_topics_supervisee;

/* Actions agreed, by who takes them, and how they were followed up. */
extern const Phrases text_actions_supervisee, text_actions_case, text_actions_supervisor, text_actions_other,
    text_actions_other_supervisor, text_done_notes, text_open_notes, text_dropped_notes;

/* Disputes: disagreements, escalations, the answer and the change it led to. */
extern const Phrases text_disagreements, text_escalation_texts;
extern const char text_escalation_response[], text_amend_reason[], text_amend_workload[];
/* What supervisees add to their feedback (svc/feedback.h), and a workload
 * concern with its answer (svc/workload.h). */
#define TEXT_FEEDBACK_COMMENTS 4
extern const char *const text_feedback_comments[TEXT_FEEDBACK_COMMENTS];
extern const char text_workload_concern[], text_workload_answer[];

/* Incidents and allegations on family placement cases. */
extern const char text_incident[], text_allegation[], text_incident_resolved[];

extern const Phrases text_cancel_reasons;

#endif
