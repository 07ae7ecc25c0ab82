/* calendar.h: supervision in people's calendar programs.
 *
 * A booking's two may have its session as an event. Each person may have
 * a feed: a secret address their calendar program subscribes to, listing
 * the sessions they supervise or attend. The address is given once and
 * stored only as a hash, like a session token; a new one ends the old.
 * Whoever holds the address reads the feed, so it carries when, where and
 * with whom, never the agenda or anything said. */
#ifndef OV_SVC_CALENDAR_H
#define OV_SVC_CALENDAR_H

#include "svc/accounts.h"
#include "svc/booking.h"

/* Sessions older than this many days leave a feed. */
#define CALENDAR_DAYS_BACK 90
/* At most this many sessions in a feed. */
#define CALENDAR_MAX 2000

/* A booking for a calendar: only its supervisor and supervisee have it;
 * SVC_NOT_FOUND for anyone else. */
SvcResult calendar_booking(Store *st, const Viewer *v, int64_t ref, Booking *out);

/* The sessions of the feed whose address holds token (the part before
 * ".ics"), from CALENDAR_DAYS_BACK before today on; SVC_NOT_FOUND when no
 * feed has that address. */
SvcResult calendar_feed(Store *st, const char *token, Date today, BookingList *out);

/* When the viewer's feed address was made (*made_at), 0 when they have none. */
SvcResult calendar_feed_made(Store *st, const Viewer *v, int64_t *made_at);

/* A new feed address for the viewer, ending the old one: token is what the
 * address carries, shown to them once. SVC_REFUSED for an account without a
 * staff record. */
SvcResult calendar_feed_new(Store *st, const SvcActor *a, char token[TOKEN_CHARS + 1]);

#endif
