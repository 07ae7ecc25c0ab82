/* ics.h: supervision bookings as an iCalendar feed (RFC 5545), the file a
 * calendar program (Outlook, Google, Apple) subscribes to.
 *
 * libical builds the components and writes them, so escaping of text
 * (commas, semicolons, backslashes, newlines), folding at 75 octets without
 * splitting a UTF-8 character, and CRLF line ends are its, not ours. The time
 * zone's VTIMEZONE comes from the system's zoneinfo (Debian's tzdata) through
 * libical's builtin zones, cut down to the years the feed needs, so clients
 * that do not know the zone still place events right.
 *
 * Times: a booking is a civil date and a local start time in the calendar's
 * zone, lasting a number of real (elapsed) minutes. DTSTART is written as
 * booked, with TZID. DTEND is start + minutes as an instant, written as local
 * time with TZID, except in the one case local time cannot say it: an end in
 * the repeated hour when clocks go back (RFC 5545 reads an ambiguous local
 * time as its first occurrence), where DTEND is written in UTC instead. A
 * start in the hour skipped when clocks go forward means what RFC 5545 says
 * it means: the time before the gap's offset (01:30 is 02:30 summer time).
 *
 * Threads: ics.c is the only file that includes libical, and every use of
 * libical in it happens under one process-wide mutex. libical 3.0 keeps its
 * zones in a global cache that grows on lookup and widens each zone's table
 * of offset changes lazily, freeing the old table (known races: libical
 * issues 319, 441/468 and, still open in 2025, pull request 1029). A feed
 * of 200 bookings takes about 1.5 ms to build, so serialising feeds costs
 * little and makes every function here safe to call from several threads
 * at once, with no set-up call needed first. The cached zones stay
 * for the life of the process (reachable, not a leak). */
#ifndef OV_ICS_H
#define OV_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

#define ICS_MAX_MINUTES (24 * 60) /* longest booking accepted */

typedef struct {
    const char *uid;         /* stable across moves, e.g. "b42-3f9a...@oversight" (caller makes it) */
    int sequence;            /* bumped each time the booking moves: calendar programs then update the event */
    const char *date;        /* "YYYY-MM-DD" civil date */
    const char *start_time;  /* "HH:MM" 24h local time */
    int minutes;             /* length, 1 to ICS_MAX_MINUTES */
    const char *summary;     /* e.g. "Supervision: Alex Smith with Sam Jones" */
    const char *location;    /* the place; NULL or "" for none */
    const char *description; /* may be "" or NULL; may contain newlines, commas, semicolons, any Unicode */
    const char *url;         /* link to the booking page, may be NULL */
    bool cancelled;          /* STATUS:CANCELLED (kept in the feed so clients remove/mark it) */
    int64_t stamp;           /* DTSTAMP, Unix seconds UTC (last change) */
} IcsEvent;

/* Writes a VCALENDAR (PRODID "-//Oversight//Supervision//EN", VERSION 2.0,
 * CALSCALE GREGORIAN, METHOD PUBLISH, X-WR-CALNAME calname) holding the events,
 * with times in the time zone tzid (an IANA name such as "Europe/London", with
 * its VTIMEZONE included so clients without that zone still place events right).
 * Each VEVENT has UID, SEQUENCE, DTSTAMP (UTC), DTSTART and DTEND (see above),
 * SUMMARY, LOCATION, DESCRIPTION and URL when given, STATUS CONFIRMED or
 * CANCELLED, TRANSP OPAQUE and CLASS PRIVATE.
 *
 * Text is taken as UTF-8: CRLF and CR become line breaks, other control
 * characters are dropped, and bytes that are not UTF-8 become U+FFFD, so a
 * stray byte cannot break the feed. Dates run from 1970 to 2199.
 *
 * Returns 0 with the calendar appended to out, or -1 with a message in err
 * and out unchanged: an unknown tzid (the message names it), or an event
 * with a bad uid, date, start time, length, sequence, stamp or url (the
 * message names the event's uid and the value). */
int ics_write(Buf *out, const char *calname, const char *tzid, const IcsEvent *events, size_t n, char *err,
              size_t errlen);

/* Whether tzid names a time zone ics_write can use; for checking a setting
 * when the server starts rather than at the first feed. */
bool ics_zone_known(const char *tzid);

#endif
