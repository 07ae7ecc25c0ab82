/* booking.h: booking supervision sessions, and their agendas.
 *
 * A booking is a session planned between a supervisee and their supervisor:
 * date, start time, length and place. Either of the two may book, move or
 * cancel it; a cancellation keeps the booking with who cancelled it and why
 * (and a cancelled session in the history), never deleting anything.
 * Line managers above the supervisee and auditors may read bookings.
 *
 * The agenda is built before the session by both: the supervisee's worries
 * first, then topics, then cases either side named and cases the supervisor
 * drew at random; open actions and cases due for discussion are proposed from
 * the live data (record.h, due.h) when the agenda is shown. */
#ifndef OV_SVC_BOOKING_H
#define OV_SVC_BOOKING_H

#include "core/rules.h"
#include "svc/svc.h"
#include "core/util.h"

#define BOOKING_UID_MAX 80

typedef struct {
    int64_t ref;
    char uid[BOOKING_UID_MAX + 1];
    int64_t supervisor_ref, supervisee_ref;
    char supervisor_id[65], supervisor_name[256];
    char supervisee_id[65], supervisee_name[256];
    char date[11], start_time[6];
    int minutes;
    char place[SVC_LINE_MAX + 1];
    char status[12]; /* booked, held, cancelled */
    int sequence;    /* bumped at each change, for calendar programs */
    int64_t created_at;
    int64_t record_ref; /* the record once held, else 0 */
    int64_t changed_at; /* the last booking, move, cancellation or holding */
} Booking;

typedef struct {
    int64_t supervisee_ref;
    const char *date;       /* YYYY-MM-DD */
    const char *start_time; /* HH:MM */
    const char *minutes;    /* as typed; "" for the agreement's or policy's length */
    const char *place;
} BookingInput;

/* Books a session with the supervisee's current supervisor. Who: that
 * supervisor or the supervisee. On success *ref is the booking; warning gets
 * a sentence (else "") when the date is after the supervisee's supervision is
 * due. */
SvcResult booking_add(Store *st, const SvcActor *a, const BookingInput *in, int64_t *ref, char *warning, size_t warnlen,
                      SvcError *e);

/* Moves a booked session (new date, time, length, place); reason optional. */
SvcResult booking_move(Store *st, const SvcActor *a, int64_t ref, const BookingInput *in, const char *reason,
                       char *warning, size_t warnlen, SvcError *e);

/* Cancels a booked session; reason required. Either party may. */
SvcResult booking_cancel(Store *st, const SvcActor *a, int64_t ref, const char *reason, SvcError *e);

/* Reads a booking the viewer may see (a party, or access_person on the
 * supervisee). SVC_NOT_FOUND when there is none or they may not. */
SvcResult booking_get(Store *st, const Viewer *v, int64_t ref, Booking *out);

/* Fills a Booking from a BOOKING_SELECT row (for the services that list
 * bookings; they decide who may see them). */
void booking_from_row(StoreRows *r, Booking *out);

typedef struct {
    Booking *items;
    size_t n, cap;
} BookingList;
/* The viewer's booked sessions to come, as supervisor or supervisee,
 * soonest first (none for an account without a staff record). */
SvcResult bookings_upcoming(Store *st, const Viewer *v, BookingList *out);
void booking_list_free(BookingList *l);

/* Whose supervision the viewer may book: their own when they have a
 * supervisor (self), and each person they supervise now. */
typedef struct {
    int64_t ref;
    char id[65], name[256];
    bool self;
} Bookable;
typedef struct {
    Bookable *items;
    size_t n, cap;
} BookableList;
SvcResult booking_whom(Store *st, const SvcActor *a, BookableList *out);
void bookable_list_free(BookableList *l);

/* ---- the agenda ---- */

typedef struct {
    int64_t ref;
    char kind[8]; /* worry, topic, case, sample */
    char *text;
    char case_id[65], category[65];
    char author_id[65], author_name[256];
    bool confidential_supervisor, confidential_supervisee;
    bool hidden; /* confidential and the viewer is not a party: text withheld */
} AgendaItem;

typedef struct {
    AgendaItem *items;
    size_t n, cap;
    Arena strings;
} Agenda;

/* Adds an item. kind: worry (supervisee only), topic, case (case_id one of
 * the supervisee's open cases). confidential: the author marks it so. Only
 * while the booking is booked. */
SvcResult agenda_add(Store *st, const SvcActor *a, int64_t booking_ref, const char *kind, const char *text,
                     const char *case_id, bool confidential, SvcError *e);

/* The supervisor draws count of the supervisee's other open cases at random
 * (those not on the agenda yet) as sample items. *added: how many. */
SvcResult agenda_sample(Store *st, const SvcActor *a, int64_t booking_ref, int count, int *added, SvcError *e);

/* Marks or unmarks an item confidential on the viewer's side. Once both
 * sides marked it, unmarking is SVC_CONFLICT: neither lifts it alone. */
SvcResult agenda_confidential(Store *st, const SvcActor *a, int64_t item_ref, bool on, SvcError *e);

/* The booking's items in agenda order, for a viewer who may see the booking;
 * confidential items have text withheld from anyone but the two. */
SvcResult agenda_items(Store *st, const Viewer *v, const Booking *b, Agenda *out);
void agenda_free(Agenda *ag);

/* What happened to a booking, in order. */
typedef struct {
    int64_t at;
    char by_name[256], kind[12];          /* booked, moved, cancelled, held */
    char old_date[11], old_start_time[6]; /* a move's, else "" */
    char *reason;
} BookingEvent;

/* A case of the supervisee due or overdue for discussion, proposed for the
 * agenda. */
typedef struct {
    char case_id[65];
    DueStatus status;
    Date due;
    char rule[160];
} AgendaProposal;

/* A booking as its page shows it, and what the viewer may do with it. */
typedef struct {
    Booking booking;
    bool party;            /* the viewer is its supervisor or supervisee: confidential items, the calendar */
    bool may_change;       /* a party while it is booked: move, cancel, the agenda and its confidentiality */
    bool may_sample;       /* the supervisor while it is booked: draw cases at random */
    bool may_start_record; /* the supervisor while it is booked, on or after its day */
    BookingEvent *events;
    size_t nevents;
    Agenda agenda;
    AgendaProposal *proposals; /* highest risk first: overdue, then the categories discussed most often */
    size_t nproposals;
    char (*open_cases)[65]; /* the supervisee's open cases, due ones first (the due list's order), to choose from */
    size_t nopen_cases;
    Arena strings;
} BookingView;
/* SVC_NOT_FOUND when there is none or the viewer may not see it
 * (booking_get). */
SvcResult booking_view(Store *st, const SvcActor *a, int64_t ref, BookingView *out);
void booking_view_free(BookingView *v);

/* The booking an agenda item belongs to, for a viewer who may see it. */
SvcResult agenda_item_booking(Store *st, const Viewer *v, int64_t item_ref, int64_t *booking_ref);

/* A new unique id for a booking's calendar event, or a session row. */
void booking_new_uid(char out[BOOKING_UID_MAX + 1]);
void session_new_id(char out[40]);

#endif
