/* choices.h: what a form offers a person to choose from, so that nobody
 * types a staff id or a case id: the people they may record in a group
 * session and the cases they may record an informal discussion of. Each
 * list is the viewer's own (none for an account without a staff record)
 * and holds only what the write rules (access.h) would allow. See view.h. */
#ifndef OV_SVC_CHOICES_H
#define OV_SVC_CHOICES_H

#include "svc/view.h"

typedef struct {
    const char *id;    /* a staff id or a case id: the value a form posts */
    const char *label; /* as people read it: a name, or a case id with its child's name and worker */
} Choice;

typedef struct {
    Choice *items;
    size_t n;
    Arena strings;
} Choices;

/* The people in post the viewer may record in a group session: those they
 * supervise, line-manage directly, or whose team they manage; by name. */
SvcResult choices_group_attendees(Store *st, const SvcActor *a, Choices *out);
/* The open cases the viewer may record an informal discussion of: their
 * own and their supervisees'; by case id. */
SvcResult choices_informal_cases(Store *st, const SvcActor *a, Choices *out);
void choices_free(Choices *c);

#endif
