/* svc/record.h: the record of a supervision session, its case discussions
 * and actions, sign-off and disagreement.
 *
 * The supervisor starts the record when the booked session is held (which
 * puts a held session in the history, so due dates move on), writes it in the
 * policy's three areas (management and support, case supervision,
 * development), and sends it: sending is the supervisor's signature. The
 * supervisee then signs it, or records their disagreement in their own words;
 * a disagreement is never removed. A signed or disputed record is locked: a
 * change is a new version, written from a copy of the last, which both sign
 * again; every earlier version stays readable.
 *
 * Each case discussion goes onto the child's record (readable by whoever may
 * read the case) and the case's allocated worker finds it in their inbox when
 * the record is sent. A new version carries each decision over unchanged;
 * there the supervisor may correct it or withdraw it (with why), and only
 * decisions new, corrected or withdrawn in a version reach the worker when it
 * is sent. Actions agreed are followed up at later sessions until closed
 * (svc/action.h: the owner says it is done, the supervisor confirms).
 *
 * What the supervisor has typed on the record page and not yet added (a case
 * discussion, an action, a follow-up) is kept with the draft, by field
 * (record_keep), so that no button of the page loses it.
 *
 * Confidentiality: an item is a topic of the record (workload, wellbeing,
 * ...), the same item in every version, since each version is written from
 * a copy of the one before. Once the supervisor and the supervisee have
 * both marked an item confidential, in any version, its text is shown to
 * the two of them only, in every version of the record; for anyone else it
 * never leaves this module (one decision, in record.c, for the page, the
 * API and every other reader). Neither can unmark it alone: one proposes
 * lifting it, the other agrees, and each step is kept as an event the two
 * can read. Everything else is private, not confidential: line managers
 * above the supervisee, senior managers and auditors may read it. */
#ifndef OV_SVC_RECORD_H
#define OV_SVC_RECORD_H

#include "svc/svc.h"
#include "core/util.h"

/* The topics of the management and support and development areas. */
typedef struct {
    const char *id, *area, *label, *hint;
} RecordTopic;
extern const RecordTopic record_topics[];
extern const size_t record_ntopics;

typedef struct {
    char topic[24];
    char *text;                                            /* "" when hidden */
    bool confidential_supervisor, confidential_supervisee; /* each side's marks in this version */
    bool confidential;        /* the item is confidential now (both marked it in some version, not lifted) */
    bool hidden;              /* confidential and the viewer is not one of the two */
    bool lifted;              /* the two lifted its confidentiality (until both mark it again) */
    int64_t lift_proposed_by; /* for the two: who of them asked to lift it, 0 when nobody has */
} RecordItem;

/* A step in an item's confidentiality, for the two only: kind
 * "confidential" (the second of them marked it), "lift-proposed", "lifted". */
typedef struct {
    char topic[24], kind[16];
    int64_t at;
    char by_id[65], by_name[256];
} ConfidentialityEvent;

typedef struct {
    char prompt[65];
    char *text;
} CaseNoteAnswer;

typedef struct {
    int64_t ref, case_ref, record_ref;
    int version;        /* of the record it is in (0: an informal or group discussion) */
    int64_t origin_ref; /* the decision: the note it was first made as (itself when it is that note) */
    bool changed;       /* made, corrected or withdrawn in this version; false: carried over unchanged */
    char *withdrawn;    /* why this version withdrew it; "" while it stands */
    char case_id[65], category[65], date[11], prompts[65];
    char *synopsis, *analysis, *decision, *rationale, *tasks, *departure, *checklist;
    bool departs;
    char writer_id[65], writer_name[256], session_type[12];
    CaseNoteAnswer *answers;
    size_t nanswers;
} CaseNote;

/* A follow-up of an action: by the supervisor at a session (record_ref,
 * record_date), or the owner saying it is done (reported). */
typedef struct {
    int64_t at, record_ref;
    char by_id[65], by_name[256], status[8], record_date[11];
    bool reported;
    char *note;
} ActionUpdate;

/* An action. status: open, done (confirmed by the supervisor) or dropped;
 * an open action its owner has said is done has reported_at set until the
 * supervisor confirms it. */
typedef struct {
    int64_t ref, owner_ref, supervisee_ref, record_ref, supervisor_ref;
    char owner_id[65], owner_name[256];
    char *text;
    char due[11], status[8], case_id[65], record_date[11];
    int64_t reported_at;
    ActionUpdate *updates; /* oldest first; loaded with a record's own actions and by action_view */
    size_t nupdates;
} Action;

typedef struct {
    int version;
    int64_t at;
    char by_id[65], by_name[256];
    char *text;
} Disagreement;

typedef struct {
    int64_t ref, booking_ref, supervisor_ref, supervisee_ref, session_ref;
    char date[11];
    int version, latest;
    char state[10]; /* draft, sent, signed, disputed */
    char *reason;   /* why this version was written (versions after the first) */
    int64_t sent_at, supervisor_signed_at, supervisee_signed_at;
    char sent_date[11];
    bool party; /* the viewer is the supervisor or the supervisee */
    RecordItem *items;
    size_t nitems;
    CaseNote *notes;
    size_t nnotes, notes_cap;
    Action *actions; /* agreed in this record */
    size_t nactions;
    Action *followed; /* agreed in earlier records and followed up in this one */
    size_t nfollowed;
    Disagreement *disagreements; /* every version's */
    size_t ndisagreements;
    ConfidentialityEvent *events; /* every version's, oldest first; none unless party */
    size_t nevents;
    /* When its texts were deleted under the retention policy (svc/retention.h):
     * the day ("" while they are kept) and the policy's line. Its texts are
     * then empty, and nothing can change it any more. */
    char purged_on[11];
    char purged_rule[96];
    Arena strings;
} Record;

/* Whether a case note's texts were deleted under the retention policy
 * (svc/retention.h): every note is written with a decision, and a purge
 * blanks it with the rest. */
bool record_note_purged(const CaseNote *n);

/* The supervisor starts the record of a booked session on or before today:
 * the session is held. *record_ref: the new record. */
SvcResult record_start(Store *st, const SvcActor *a, int64_t booking_ref, int64_t *record_ref, SvcError *e);

/* Reads a version of a record (0: the latest) for a viewer who may read the
 * supervisee's supervision; SVC_NOT_FOUND otherwise. */
SvcResult record_get(Store *st, const Viewer *v, int64_t record_ref, int version, Record *out);
/* The same head and areas' items, with the same access and confidentiality,
 * and nothing else (no case discussions, actions, disagreements or events):
 * for a reader of the areas of many records at once (svc/development.h). */
SvcResult record_get_items(Store *st, const Viewer *v, int64_t record_ref, int version, Record *out);
void record_free(Record *r);

/* The supervisor saves the areas' text while the latest version is a draft.
 * texts[i] and confidential[i] for record_topics[i]; NULL leaves a topic as
 * it is. */
SvcResult record_save(Store *st, const SvcActor *a, int64_t record_ref, const char *const *texts,
                      const bool *confidential, SvcError *e);

typedef struct {
    const char *case_id, *prompts; /* prompts: a prompt set id of the policy, or "" */
    const char *const *answers;    /* one per prompt of the set, may be NULL */
    /* Answers to prompts of other sets (a set chosen first, then another):
     * prompt ids of any of the policy's sets, and their answers. */
    const char *const *other_prompts, *const *other_answers;
    size_t nother;
    const char *synopsis, *analysis, *decision, *rationale, *tasks, *departure;
    bool departs;
    const char *const *checklist; /* ids of the category's checklist topics covered */
    size_t nchecklist;
} CaseNoteInput;

/* The supervisor records a case discussion in the draft. The case must be
 * one of the supervisee's open cases. */
SvcResult record_add_case_note(Store *st, const SvcActor *a, int64_t record_ref, const CaseNoteInput *in, SvcError *e);

/* Which topic ticked in `in` is not on its case's checklist: the one
 * record_add_case_note's problem (field "checklist") is about, so that a
 * form can put it at that box. NULL when none is, or the viewer is not the
 * record's supervisor. */
const char *record_checklist_misfit(Store *st, const SvcActor *a, int64_t record_ref, const CaseNoteInput *in);

/* The supervisor corrects a decision of the draft (note_ref, one of the
 * draft's case notes): its decision and why (both required; the rest of
 * the discussion stays as it was); or withdraws it, saying why. Either
 * is told to the case's worker when the version is sent. */
SvcResult record_correct_case_note(Store *st, const SvcActor *a, int64_t record_ref, int64_t note_ref,
                                   const char *decision, const char *rationale, SvcError *e);
SvcResult record_withdraw_case_note(Store *st, const SvcActor *a, int64_t record_ref, int64_t note_ref, const char *why,
                                    SvcError *e);

/* The record page's fields typed and not yet added, kept with the draft. */
typedef struct {
    const char *name, *value;
} RecordField;
#define RECORD_DRAFT_FIELDS 240  /* at most this many fields are kept */
#define RECORD_FIELD_NAME_MAX 96 /* room for a prefix and a policy id of 64 */

/* The supervisor keeps the page as typed, in one change: the areas' text
 * (as record_save; texts NULL: none given) and, when fields is not NULL,
 * the draft's other fields, replacing those kept before. Field names are
 * at most RECORD_FIELD_NAME_MAX letters, digits, '-', '_' and '.' (a
 * policy id's characters); values as other text. */
SvcResult record_keep(Store *st, const SvcActor *a, int64_t record_ref, const char *const *texts,
                      const bool *confidential, const RecordField *fields, size_t nfields, SvcError *e);

/* The supervisor records an action: owner (a staff id: the supervisee or the
 * supervisor), text, due date, optionally a case. */
SvcResult record_add_action(Store *st, const SvcActor *a, int64_t record_ref, const char *owner_id, const char *text,
                            const char *due, const char *case_id, SvcError *e);

/* The supervisor follows up an open action of the supervisee in this draft:
 * status open (still going), done or dropped, with a note. */
SvcResult record_follow_up(Store *st, const SvcActor *a, int64_t record_ref, int64_t action_ref, const char *status,
                           const char *note, SvcError *e);

/* The supervisor sends the draft to the supervisee (their signature). */
SvcResult record_send(Store *st, const SvcActor *a, int64_t record_ref, SvcError *e);

/* The supervisee marks an item of the sent version confidential (or not).
 * An item both have marked is confidential from then on: unmarking it alone
 * is refused (SVC_CONFLICT); see record_lift_confidential. */
SvcResult record_confidential(Store *st, const SvcActor *a, int64_t record_ref, const char *topic, bool on,
                              SvcError *e);

/* The supervisor or the supervisee asks to lift the confidentiality of an
 * item (a topic), in whatever state the record is: the first to ask
 * proposes it (the other is told in their inbox); when the other asks too,
 * it is lifted, in every version, and its marks are taken off the latest
 * version while that is not yet signed. Each step is an event on the
 * record. SVC_CONFLICT when the item is not confidential or the viewer has
 * already proposed it. */
SvcResult record_lift_confidential(Store *st, const SvcActor *a, int64_t record_ref, const char *topic, SvcError *e);

/* The supervisee signs the sent version they read: it is locked. version:
 * the version they read; when another has become the latest meanwhile (the
 * supervisor changed the record), SVC_CONFLICT and nothing changes. */
SvcResult record_sign_version(Store *st, const SvcActor *a, int64_t record_ref, int version, SvcError *e);
/* The same for whichever version is the latest (a caller that has just read it). */
SvcResult record_sign(Store *st, const SvcActor *a, int64_t record_ref, SvcError *e);

/* The supervisee records that they disagree with the sent version they
 * read; version as for record_sign_version. */
SvcResult record_disagree_version(Store *st, const SvcActor *a, int64_t record_ref, int version, const char *text,
                                  SvcError *e);
SvcResult record_disagree(Store *st, const SvcActor *a, int64_t record_ref, const char *text, SvcError *e);

/* The supervisor starts a new version of a signed or disputed record, from a
 * copy of the latest, with the reason for the change. */
SvcResult record_amend(Store *st, const SvcActor *a, int64_t record_ref, const char *reason, SvcError *e);

/* Actions of a person (supervisee): open ones first; and a single action. */
typedef struct {
    Action *items;
    size_t n, cap;
    Arena strings;
} ActionList;
SvcResult actions_of(Store *st, const Viewer *v, int64_t supervisee_ref, bool open_only, ActionList *out);
void action_list_free(ActionList *l);

/* A record as its page shows it: the version asked for (0: the latest),
 * the two people, and what the viewer may do with it now. Every change
 * above is refused unless its flag here is true, so a page that offers the
 * forms by these flags offers only what the services allow. */
typedef struct {
    Record rec;
    char supervisor_id[65], supervisor_name[256];
    char supervisee_id[65], supervisee_name[256];
    bool may_write;    /* the supervisor, on the latest version while a draft: save, case notes, actions, send */
    bool may_answer;   /* the supervisee, on the latest version while sent: sign, disagree, confidentiality */
    bool may_amend;    /* the supervisor, on the latest version once signed or disputed */
    bool may_escalate; /* either of the two, on the latest version while disputed */
    /* Where this version stands in the record log, once sent (logged:
     * false for a draft, or one sent before the log was kept): its leaf,
     * entry hash (hex) and when; and the latest checkpoint signed (size 0:
     * none yet), which a copy of the record is checked against. */
    struct {
        bool logged;
        int64_t index, at;
        char hash[65];
        int64_t checkpoint_size, checkpoint_at;
    } log;
    /* Only when may_write, for the supervisor's forms: */
    char (*open_cases)[65]; /* the supervisee's open cases, most overdue first */
    size_t nopen_cases;
    ActionList earlier_actions; /* the supervisee's open actions agreed in other records */
    RecordField *draft;         /* the fields kept by record_keep, by name */
    size_t ndraft;
} RecordView;
/* SVC_NOT_FOUND when there is no such record or version, or the viewer may
 * not read the supervisee's supervision. */
SvcResult record_view(Store *st, const SvcActor *a, int64_t record_ref, int version, RecordView *out);
void record_view_free(RecordView *v);

/* Records waiting for the viewer: to finish and send (a draft of theirs),
 * to answer (disputed by their supervisee), or to sign (sent to them). */
typedef enum { WAITING_TO_SEND, WAITING_DISPUTED, WAITING_TO_SIGN } RecordWaitingFor;
typedef struct {
    int64_t ref;
    char date[11], supervisee_name[256];
    RecordWaitingFor what;
} RecordWaiting;
typedef struct {
    RecordWaiting *items;
    size_t n, cap;
} RecordWaitingList;
/* The viewer's own (none for an account without a staff record), oldest first. */
SvcResult records_waiting(Store *st, const Viewer *v, RecordWaitingList *out);
void records_waiting_free(RecordWaitingList *l);

/* The case notes on a case's history (latest sent version of each record,
 * informal and group discussions), for a viewer who may read the case. */
SvcResult case_notes_of(Store *st, const Viewer *v, int64_t case_ref, int limit, Record *out);
/* The same with every sent version of each: the decision first made, each
 * correction and withdrawal (see view_case_decision_history). */
SvcResult case_note_history_of(Store *st, const Viewer *v, int64_t case_ref, int limit, Record *out);

#endif
