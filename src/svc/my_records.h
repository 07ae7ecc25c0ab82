/* my_records.h: "My records": the supervision records a person is party
 * to, as supervisee or as supervisor, newest first, each with its state.
 * They are the viewer's own, so nothing is refused; an account not linked
 * to a staff record has none (SVC_NOT_FOUND). See view.h. */
#ifndef OV_SVC_MY_RECORDS_H
#define OV_SVC_MY_RECORDS_H

#include "svc/view.h"

typedef struct {
    int64_t ref;
    const char *date;                  /* the session's, YYYY-MM-DD */
    int version;                       /* the latest */
    const char *state;                 /* of the latest version: draft, sent, signed, disputed */
    bool supervising;                  /* the viewer is the supervisor (else the supervisee) */
    const char *other_id, *other_name; /* the other party */
} MyRecord;

typedef struct {
    MyRecord *records;
    size_t n;
    int limit; /* at most this many were asked for */
    Arena strings;
} MyRecords;

/* At most limit of the viewer's records. */
SvcResult view_my_records(Store *st, const SvcActor *a, int limit, MyRecords *out);
void view_my_records_free(MyRecords *l);

#endif
