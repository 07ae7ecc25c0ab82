/* svc/development.h: a person's development as their supervision records
 * hold it (../shared/seeds/001 §7, 000): the development area's items
 * (development needs, training, the newly qualified year's progress,
 * professional registration evidence) of every record sent in a period, and
 * a team's latest needs and training, person by person.
 *
 * Each record is read through record_get_items, so access and
 * confidentiality are record.c's one decision: a confidential item's text
 * only for the two people in it, a mark that there is one for anyone else.
 * The person's own collection is the evidence of reflection and learning a
 * registered social worker keeps for renewing their registration; its PDF
 * (development_pdf) is theirs to download. Cost: one query for the list,
 * then a few per record shown, never more than DEVELOPMENT_RECORDS_MAX. */
#ifndef OV_SVC_DEVELOPMENT_H
#define OV_SVC_DEVELOPMENT_H

#include "svc/svc.h"
#include "core/util.h"

/* The most records one collection reads; a longer period shows the latest. */
#define DEVELOPMENT_RECORDS_MAX 120

typedef struct {
    int64_t record_ref;
    int version;
    char date[11];             /* the session's, YYYY-MM-DD */
    char state[10];            /* sent, signed, disputed */
    const char *topic, *label; /* a development topic of record_topics, and its words */
    const char *text;          /* "" when hidden */
    bool hidden;               /* confidential, and the viewer is not one of the two */
} DevelopmentItem;

typedef struct {
    int64_t ref;
    const char *id, *name, *role;
    Date from, to;
    size_t records;         /* records read (each with at least one version sent) */
    bool more;              /* the period held more than DEVELOPMENT_RECORDS_MAX: the earliest are left out */
    DevelopmentItem *items; /* oldest record first, each record's topics in the policy's order; empty texts left out */
    size_t n;
    Arena strings;
} Development;

/* The development items of staff_id's records dated from..to (inclusive),
 * as a->viewer may read them. SVC_NOT_FOUND: no such person;
 * SVC_REFUSED: the viewer may not read their supervision; SVC_INVALID with
 * e naming "from" or "to" when to is before from. */
SvcResult development_of(Store *st, const SvcActor *a, const char *staff_id, Date from, Date to, Development *out,
                         SvcError *e);
void development_free(Development *d);

typedef struct {
    const char *id, *name, *role;
    int64_t record_ref;           /* their latest record with a version sent; 0 when none */
    char date[11];                /* its date */
    const char *needs, *training; /* its texts; "" when empty or hidden */
    bool needs_hidden, training_hidden;
} TeamDevelopmentRow;

typedef struct {
    int64_t ref;
    const char *name;
    TeamDevelopmentRow *rows; /* the team's staff in post, by name */
    size_t n;
    Arena strings;
} TeamDevelopment;

/* Each of team `name`'s staff with the development needs and training of
 * their latest record sent. SVC_NOT_FOUND, SVC_REFUSED as view_team. */
SvcResult development_of_team(Store *st, const SvcActor *a, const char *name, TeamDevelopment *out);
void team_development_free(TeamDevelopment *t);

/* The person's collection as a PDF sheet (format/sheet.h): who, the
 * period, and each record's items under its date, appended to pdf. made_at
 * is printed (UTC) and is the PDF's creation date. false with e saying why
 * (e->field "" : the PDF could not be made). */
bool development_pdf(const Development *d, int64_t made_at, Buf *pdf, SvcError *e);

#endif
