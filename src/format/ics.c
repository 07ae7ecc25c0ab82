/* ics.c: see ics.h. The only file that includes libical; every call into it
 * is made holding ical_lock (ics.h says why). */
#include "format/ics.h"

#include <libical/ical.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"

#define MIN_YEAR 1970
#define MAX_YEAR 2199 /* well inside libical's zone tables, which stop at 2582 */
#define MAX_UID 255
#define MAX_URL 2048
#define DAY 86400

static pthread_mutex_t ical_lock = PTHREAD_MUTEX_INITIALIZER;

/* The length of the valid UTF-8 sequence at p, or 0 when it is not one
 * (overlong forms, surrogates and values past U+10FFFF included). Never
 * reads past a NUL: a NUL fails the check of the byte it sits in. */
static size_t utf8_sequence(const unsigned char *p)
{
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    size_t more;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        more = 1;
    else if (c == 0xE0)
        more = 2, lo = 0xA0;
    else if (c == 0xED)
        more = 2, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF)
        more = 2;
    else if (c == 0xF0)
        more = 3, lo = 0x90;
    else if (c == 0xF4)
        more = 3, hi = 0x8F;
    else if (c >= 0xF1 && c <= 0xF3)
        more = 3;
    else
        return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i <= more; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return more + 1;
}

/* s made safe for a TEXT value: line breaks as LF (form fields arrive with
 * CRLF, and a bare CR would end the line in the file), no other control
 * characters than tab (RFC 5545 forbids them), and U+FFFD for each byte that
 * is not UTF-8, so no input can break the feed or a line's folding. The
 * result lives in b. */
static const char *clean_text(Buf *b, const char *s)
{
    buf_clear(b);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == '\r') {
            buf_addc(b, '\n');
            p += p[1] == '\n' ? 2 : 1;
        } else if (*p == '\n' || *p == '\t') {
            buf_addc(b, (char)*p++);
        } else if (*p < 0x20 || *p == 0x7F) {
            p++;
        } else {
            size_t n = utf8_sequence(p);
            if (n)
                buf_add(b, (const char *)p, n);
            else
                buf_adds(b, "\xEF\xBF\xBD");
            p += n ? n : 1;
        }
    }
    return buf_str(b);
}

/* s cleaned and escaped as RFC 5545 TEXT, for X-WR-CALNAME: libical writes
 * an X- property's value as it is given, and as a TEXT value it leaves
 * commas and semicolons bare. The result lives in b. */
static const char *escape_text(Buf *b, const char *s)
{
    Buf clean = {0};
    buf_clear(b);
    for (const char *p = clean_text(&clean, s); *p; p++) {
        if (*p == '\\' || *p == ',' || *p == ';') buf_addc(b, '\\');
        if (*p == '\n')
            buf_adds(b, "\\n");
        else
            buf_addc(b, *p);
    }
    buf_free(&clean);
    return buf_str(b);
}

/* Visible ASCII only, 1 to max bytes: what a UID or a URL may hold here. */
static bool visible_ascii(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x21 || s[i] > 0x7E) return false;
    return true;
}

/* IANA names only ("Europe/London", "Etc/GMT+5"): libical turns a name it
 * does not list into a path under the zoneinfo folder, so no dots and no
 * leading slash. */
static bool tzid_well_formed(const char *tzid)
{
    size_t n = strlen(tzid);
    if (n == 0 || n > 64 || tzid[0] == '/' || tzid[n - 1] == '/' || strstr(tzid, "//")) return false;
    for (size_t i = 0; i < n; i++) {
        char c = tzid[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("/_-+", c)))
            return false;
    }
    return true;
}

/* The zone, or NULL when tzid names none. Call holding ical_lock. */
static icaltimezone *find_zone(const char *tzid)
{
    if (!tzid || !tzid_well_formed(tzid)) return NULL;
    icaltimezone *zone = icaltimezone_get_builtin_timezone(tzid);
    /* libical answers "UTC" and "GMT" with its own UTC zone, which has no
     * VTIMEZONE to copy; Etc/UTC from zoneinfo has the same rules. */
    if (zone && !icaltimezone_get_component(zone)) zone = icaltimezone_get_builtin_timezone("Etc/UTC");
    return zone && icaltimezone_get_component(zone) ? zone : NULL;
}

/* Seconds to add to UTC to get the zone's wall clock at instant. */
static int offset_at(icaltimezone *zone, int64_t instant)
{
    struct icaltimetype t = icaltime_from_timet_with_zone((time_t)instant, 0, icaltimezone_get_utc_timezone());
    int is_daylight;
    return icaltimezone_get_utc_offset_of_utc_time(zone, &t, &is_daylight);
}

/* The instant a wall-clock time (seconds since 1970-01-01 00:00 on the
 * zone's clock) means, read the way RFC 5545 reads DTSTART and DTEND: a time
 * that happens twice as its first occurrence, a skipped time with the offset
 * from before the gap. libical's own conversion reads both the other way,
 * so only its offsets of UTC instants are used. The offsets a day either
 * side are those before and after any change near the time: zones change
 * at most once in two days. */
static int64_t wall_to_instant(icaltimezone *zone, int64_t wall)
{
    int before = offset_at(zone, wall - DAY), after = offset_at(zone, wall + DAY);
    int64_t early = wall - before, late = wall - after;
    bool early_ok = offset_at(zone, early) == before, late_ok = offset_at(zone, late) == after;
    if (early_ok && late_ok) return early < late ? early : late;
    if (late_ok) return late;
    return early; /* early_ok, or in the gap */
}

/* A wall-clock time as libical's floating date-time; the caller adds TZID. */
static struct icaltimetype wall_time(int64_t wall)
{
    int64_t days = wall / DAY, secs = wall % DAY;
    if (secs < 0) days--, secs += DAY;
    int y, m, d;
    date_to_ymd((Date)days, &y, &m, &d);
    struct icaltimetype t = icaltime_null_time();
    t.year = y, t.month = m, t.day = d;
    t.hour = (int)(secs / 3600), t.minute = (int)(secs / 60 % 60), t.second = 0;
    t.is_date = 0;
    t.zone = NULL;
    return t;
}

static icalproperty *with_tzid(icalproperty *p, const char *tzid)
{
    icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
    return p;
}

/* "HH:MM", 00:00 to 23:59, into seconds since midnight. */
static bool parse_time(const char *s, int *seconds)
{
    if (!s || strlen(s) != 5 || s[2] != ':') return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9')) return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59) return false;
    *seconds = h * 3600 + m * 60;
    return true;
}

/* An event's times, worked out before anything is built. */
typedef struct {
    int64_t start_wall;  /* as booked, on the zone's clock */
    int64_t end_instant; /* UTC */
    int64_t end_wall;    /* end_instant on the zone's clock */
    bool end_is_wall;    /* end_wall reads back as end_instant */
} EventTimes;

/* Checks e and works out its times: 0, or -1 with err naming its uid. */
static int event_times(icaltimezone *zone, const IcsEvent *e, EventTimes *t, char *err, size_t errlen)
{
    if (!e->uid || !visible_ascii(e->uid, MAX_UID)) {
        strfmt(err, errlen, "event with uid \"%.60s\": the uid must be 1 to %d visible ASCII characters",
               e->uid ? e->uid : "(none)", MAX_UID);
        return -1;
    }
    const char *uid = e->uid;
    Date date;
    int y, m, d, seconds;
    if (!e->date || !date_parse(e->date, strlen(e->date), &date)) {
        strfmt(err, errlen, "event \"%s\": date \"%.40s\" is not a date (YYYY-MM-DD)", uid,
               e->date ? e->date : "(none)");
        return -1;
    }
    date_to_ymd(date, &y, &m, &d);
    if (y < MIN_YEAR || y > MAX_YEAR) {
        strfmt(err, errlen, "event \"%s\": date \"%s\" is outside %d to %d", uid, e->date, MIN_YEAR, MAX_YEAR);
        return -1;
    }
    if (!parse_time(e->start_time, &seconds)) {
        strfmt(err, errlen, "event \"%s\": start time \"%.40s\" is not a time (HH:MM, 00:00 to 23:59)", uid,
               e->start_time ? e->start_time : "(none)");
        return -1;
    }
    if (e->minutes < 1 || e->minutes > ICS_MAX_MINUTES) {
        strfmt(err, errlen, "event \"%s\": length %d minutes is not 1 to %d", uid, e->minutes, ICS_MAX_MINUTES);
        return -1;
    }
    if (e->sequence < 0) {
        strfmt(err, errlen, "event \"%s\": sequence %d is negative", uid, e->sequence);
        return -1;
    }
    if (e->stamp < 0 || e->stamp >= (int64_t)date_from_ymd(MAX_YEAR + 1, 1, 1) * DAY) {
        strfmt(err, errlen, "event \"%s\": stamp %lld is outside %d to %d", uid, (long long)e->stamp, MIN_YEAR,
               MAX_YEAR);
        return -1;
    }
    if (e->url && *e->url && !visible_ascii(e->url, MAX_URL)) {
        strfmt(err, errlen, "event \"%s\": url \"%.60s\" has spaces or characters a URL cannot hold", uid, e->url);
        return -1;
    }
    t->start_wall = (int64_t)date * DAY + seconds;
    /* The length is real time: a session over the night clocks change
     * still lasts its minutes. */
    t->end_instant = wall_to_instant(zone, t->start_wall) + (int64_t)e->minutes * 60;
    t->end_wall = t->end_instant + offset_at(zone, t->end_instant);
    t->end_is_wall = wall_to_instant(zone, t->end_wall) == t->end_instant;
    return 0;
}

static void add_text(icalcomponent *c, icalproperty *(*make)(const char *), Buf *scratch, const char *s)
{
    if (s && *s) icalcomponent_add_property(c, make(clean_text(scratch, s)));
}

static icalcomponent *make_event(const IcsEvent *e, const EventTimes *t, const char *tzid, Buf *scratch)
{
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
    icalcomponent_add_property(ev, icalproperty_new_sequence(e->sequence));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone((time_t)e->stamp, 0, utc)));
    icalcomponent_add_property(ev, with_tzid(icalproperty_new_dtstart(wall_time(t->start_wall)), tzid));
    if (t->end_is_wall)
        icalcomponent_add_property(ev, with_tzid(icalproperty_new_dtend(wall_time(t->end_wall)), tzid));
    else
        icalcomponent_add_property(ev, icalproperty_new_dtend(
                                           icaltime_from_timet_with_zone((time_t)t->end_instant, 0, utc)));
    add_text(ev, icalproperty_new_summary, scratch, e->summary);
    add_text(ev, icalproperty_new_location, scratch, e->location);
    add_text(ev, icalproperty_new_description, scratch, e->description);
    if (e->url && *e->url) icalcomponent_add_property(ev, icalproperty_new_url(e->url));
    icalcomponent_add_property(ev,
                               icalproperty_new_status(e->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
    icalcomponent_add_property(ev, icalproperty_new_class(ICAL_CLASS_PRIVATE));
    return ev;
}

/* The zone's VTIMEZONE named tzid, cut to start at from_year: the system's
 * zoneinfo goes back to 1847 (ten kilobytes for London), and observances
 * before the first event tell a client nothing. */
static icalcomponent *make_vtimezone(icaltimezone *zone, const char *tzid, int from_year)
{
    icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(zone));
    struct icaltimetype from = icaltime_null_time();
    from.year = from_year, from.month = 1, from.day = 1;
    from.is_date = 0;
    from.zone = icaltimezone_get_utc_timezone();
    icaltimezone_truncate_vtimezone(vtz, from, icaltime_null_time(), 0);
    /* libical names its zones "/freeassociation.sourceforge.net/Europe/London";
     * the events say TZID=Europe/London. */
    icalproperty *p = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    if (p)
        icalproperty_set_tzid(p, tzid);
    else
        icalcomponent_add_property(vtz, icalproperty_new_tzid(tzid));
    return vtz;
}

/* Builds and serialises the calendar; call holding ical_lock. */
static int write_locked(Buf *out, const char *calname, const char *tzid, const IcsEvent *events, size_t n, char *err,
                        size_t errlen)
{
    icaltimezone *zone = find_zone(tzid);
    if (!zone) {
        strfmt(err, errlen, "unknown time zone \"%.64s\" (an IANA name such as Europe/London)", tzid ? tzid : "");
        return -1;
    }
    /* Every event is checked before anything is built, so a bad one leaves
     * nothing half made. */
    EventTimes *times = n ? xcalloc(n, sizeof *times) : NULL;
    int first_year = MAX_YEAR;
    for (size_t i = 0; i < n; i++) {
        if (event_times(zone, &events[i], &times[i], err, errlen) != 0) {
            free(times);
            return -1;
        }
        int y, m, d;
        date_to_ymd((Date)(times[i].start_wall / DAY), &y, &m, &d);
        if (y < first_year) first_year = y;
    }
    if (n == 0) first_year = MIN_YEAR + 1; /* nothing to go by: a short zone all the same */

    Buf scratch = {0};
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//Oversight//Supervision//EN"));
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalproperty *name = icalproperty_new_x(escape_text(&scratch, calname ? calname : ""));
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(cal, name);
    /* A year early: a local time early on 1 January is still the year
     * before in UTC for zones east of Greenwich. */
    icalcomponent_add_component(cal, make_vtimezone(zone, tzid, first_year - 1));
    for (size_t i = 0; i < n; i++) icalcomponent_add_component(cal, make_event(&events[i], &times[i], tzid, &scratch));

    char *text = icalcomponent_as_ical_string_r(cal);
    int rc = 0;
    if (text) {
        buf_adds(out, text);
        icalmemory_free_buffer(text);
    } else {
        strfmt(err, errlen, "libical could not write the calendar");
        rc = -1;
    }
    icalcomponent_free(cal);
    buf_free(&scratch);
    free(times);
    return rc;
}

int ics_write(Buf *out, const char *calname, const char *tzid, const IcsEvent *events, size_t n, char *err,
              size_t errlen)
{
    pthread_mutex_lock(&ical_lock);
    int rc = write_locked(out, calname, tzid, events, n, err, errlen);
    pthread_mutex_unlock(&ical_lock);
    return rc;
}

bool ics_zone_known(const char *tzid)
{
    pthread_mutex_lock(&ical_lock);
    bool known = find_zone(tzid) != NULL;
    pthread_mutex_unlock(&ical_lock);
    return known;
}
