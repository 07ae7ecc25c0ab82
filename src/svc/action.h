/* svc/action.h: an action agreed in supervision, followed up for real.
 *
 * An action is open until closed: done or dropped. Its owner (the
 * supervisee or the supervisor) says when it is done, with a note; the
 * supervisor of the record it was agreed in confirms it (then it is done)
 * or says it is not done yet (then it is open again, with why). An owner who
 * is that supervisor closes it at once. Every step is a follow-up kept with
 * the action, as are the supervisor's follow-ups at later sessions
 * (record_follow_up), and each is shown wherever the action is: its page,
 * the record and the person's page. Whoever may read the supervisee's
 * records may read their actions (record_get's rule). */
#ifndef OV_SVC_ACTION_H
#define OV_SVC_ACTION_H

#include "svc/record.h"

typedef struct {
    Action action; /* with its follow-ups */
    char supervisee_id[65], supervisee_name[256];
    char supervisor_name[256]; /* of the record it was agreed in; "" when none */
    bool may_report;           /* the owner, while open and not yet said to be done */
    bool may_confirm;          /* the supervisor, while open */
    Arena strings;
} ActionView;

/* SVC_NOT_FOUND when there is no such action or the viewer may not read the
 * supervisee's supervision. */
SvcResult action_view(Store *st, const SvcActor *a, int64_t action_ref, ActionView *out);
void action_view_free(ActionView *v);

/* The owner says the action is done, with a note (required): it waits for
 * the supervisor's confirmation (they are told in their inbox), or is done
 * at once when the owner is that supervisor. SVC_CONFLICT when it is not
 * open, or already said to be done. */
SvcResult action_report_done(Store *st, const SvcActor *a, int64_t action_ref, const char *note, SvcError *e);

/* The supervisor confirms the action done (done true; the note is
 * optional), or says it is not done yet (done false; the note, required,
 * says why): it is open again. The owner is told. SVC_CONFLICT when it is
 * not open. */
SvcResult action_confirm(Store *st, const SvcActor *a, int64_t action_ref, bool done, const char *note, SvcError *e);

/* For the services that list actions: one ACTION_SELECT row, and an
 * action's follow-ups (into strings, which owns them). */
void action_read_row(StoreRows *r, Arena *strings, Action *x);
SvcResult action_load_updates(Store *st, Arena *strings, Action *x);

#endif
