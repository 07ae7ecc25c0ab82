/* The iCalendar feed: every file is read back with libical's parser and its
 * properties compared, times around midnight and both of London's 2026 clock
 * changes, text that needs escaping, line ends and folding, a VTIMEZONE good
 * enough for a client without the zone, bad input, and several threads. */
#include <libical/ical.h>
#include <pthread.h>
#include <string.h>

#include "format/ics.h"
#include "test.h"

static const char *const london = "Europe/London";

/* An ordinary booking; tests change what they are about. */
static IcsEvent booking(const char *uid, const char *date, const char *start, int minutes)
{
    return (IcsEvent){.uid = uid,
                      .sequence = 0,
                      .date = date,
                      .start_time = start,
                      .minutes = minutes,
                      .summary = "Supervision: Alex Smith with Sam Jones",
                      .location = "Room 1",
                      .description = "",
                      .url = NULL,
                      .cancelled = false,
                      .stamp = 1772366400}; /* 2026-03-01 12:00:00 UTC */
}

/* Writes and parses back; NULL (with a failed CHECK) when either fails.
 * The caller frees the component and, when text is given, the Buf. */
static icalcomponent *round_trip(const char *tzid, const IcsEvent *ev, size_t n, Buf *text)
{
    Buf local = {0};
    Buf *b = text ? text : &local;
    char err[256] = "";
    int rc = ics_write(b, "Sam's supervision, team A; notes\\2\nnext", tzid, ev, n, err, sizeof err);
    CHECK_INT(rc, 0);
    if (rc != 0) fprintf(stderr, "  ics_write: %s\n", err);
    icalcomponent *cal = rc == 0 ? icalparser_parse_string(buf_str(b)) : NULL;
    CHECK(cal != NULL);
    if (cal) CHECK_INT(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    buf_free(&local);
    return cal;
}

static icalcomponent *find_event(icalcomponent *cal, const char *uid)
{
    for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
        if (strcmp(icalcomponent_get_uid(e), uid) == 0) return e;
    return NULL;
}

/* A date-time property as "20260329T023000" (with a Z when in UTC) and its
 * TZID ("" for none), for comparing. */
static void time_of(icalcomponent *ev, icalproperty_kind kind, char out[32], char tzid[64])
{
    out[0] = tzid[0] = 0;
    icalproperty *p = ev ? icalcomponent_get_first_property(ev, kind) : NULL;
    CHECK(p != NULL);
    if (!p) return;
    icalvalue *v = icalproperty_get_value(p);
    struct icaltimetype t = icalvalue_get_datetime(v);
    snprintf(out, 32, "%04d%02d%02dT%02d%02d%02d%s", t.year, t.month, t.day, t.hour, t.minute, t.second,
             icaltime_is_utc(t) ? "Z" : "");
    icalparameter *z = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    if (z) snprintf(tzid, 64, "%s", icalparameter_get_tzid(z));
}

static void check_times(icalcomponent *cal, const char *uid, const char *start, const char *end, const char *end_tzid)
{
    icalcomponent *ev = find_event(cal, uid);
    CHECK(ev != NULL);
    char t[32], tz[64];
    time_of(ev, ICAL_DTSTART_PROPERTY, t, tz);
    CHECK_STR(t, start);
    CHECK_STR(tz, "Europe/London");
    time_of(ev, ICAL_DTEND_PROPERTY, t, tz);
    CHECK_STR(t, end);
    CHECK_STR(tz, end_tzid);
}

static const char *prop_text(icalcomponent *c, icalproperty_kind kind)
{
    icalproperty *p = c ? icalcomponent_get_first_property(c, kind) : NULL;
    return p ? icalproperty_get_value_as_string(p) : NULL;
}

static void test_calendar_properties(void)
{
    IcsEvent ev = booking("b1-aa@oversight", "2026-05-12", "10:00", 60);
    icalcomponent *cal = round_trip(london, &ev, 1, NULL);
    if (!cal) return;
    CHECK_STR(icalproperty_get_prodid(icalcomponent_get_first_property(cal, ICAL_PRODID_PROPERTY)),
              "-//Oversight//Supervision//EN");
    CHECK_STR(icalproperty_get_version(icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY)), "2.0");
    CHECK_STR(icalproperty_get_calscale(icalcomponent_get_first_property(cal, ICAL_CALSCALE_PROPERTY)), "GREGORIAN");
    CHECK_INT(icalproperty_get_method(icalcomponent_get_first_property(cal, ICAL_METHOD_PROPERTY)),
              ICAL_METHOD_PUBLISH);
    icalproperty *x = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY);
    CHECK(x != NULL);
    if (x) {
        CHECK_STR(icalproperty_get_x_name(x), "X-WR-CALNAME");
        /* libical hands an X- property's value back as written: escaped. */
        CHECK_STR(icalproperty_get_x(x), "Sam's supervision\\, team A\\; notes\\\\2\\nnext");
    }
    CHECK_INT(icalcomponent_count_components(cal, ICAL_VTIMEZONE_COMPONENT), 1);
    CHECK_INT(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 1);
    icalcomponent *vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
    CHECK_STR(prop_text(vtz, ICAL_TZID_PROPERTY), "Europe/London");
    icalcomponent_free(cal);
}

static void test_event_properties(void)
{
    IcsEvent ev[2] = {booking("b1-aa@oversight", "2026-05-12", "10:00", 60),
                      booking("b2-bb@oversight", "2026-05-13", "14:30", 90)};
    ev[1].sequence = 3;
    ev[1].cancelled = true;
    ev[1].url = "https://oversight.example/bookings/2?from=feed&x=1";
    ev[1].location = NULL;
    ev[1].stamp = 1772409600 + 59; /* 2026-03-02 00:00:59 UTC */
    icalcomponent *cal = round_trip(london, ev, 2, NULL);
    if (!cal) return;
    CHECK_INT(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 2);

    icalcomponent *a = find_event(cal, "b1-aa@oversight"), *b = find_event(cal, "b2-bb@oversight");
    CHECK(a && b);
    if (!a || !b) {
        icalcomponent_free(cal);
        return;
    }
    CHECK_INT(icalcomponent_get_sequence(a), 0);
    CHECK_INT(icalcomponent_get_sequence(b), 3);
    CHECK_INT(icalcomponent_get_status(a), ICAL_STATUS_CONFIRMED);
    CHECK_INT(icalcomponent_get_status(b), ICAL_STATUS_CANCELLED);
    CHECK_STR(prop_text(a, ICAL_TRANSP_PROPERTY), "OPAQUE");
    CHECK_STR(prop_text(b, ICAL_CLASS_PROPERTY), "PRIVATE");
    CHECK_STR(prop_text(a, ICAL_URL_PROPERTY), NULL);
    CHECK_STR(prop_text(b, ICAL_URL_PROPERTY), "https://oversight.example/bookings/2?from=feed&x=1");
    CHECK_STR(prop_text(a, ICAL_LOCATION_PROPERTY), "Room 1");
    CHECK_STR(prop_text(b, ICAL_LOCATION_PROPERTY), NULL); /* none given: none written */
    CHECK_STR(prop_text(a, ICAL_DESCRIPTION_PROPERTY), NULL);
    CHECK_STR(icalcomponent_get_summary(a), "Supervision: Alex Smith with Sam Jones");

    char t[32], tz[64];
    time_of(b, ICAL_DTSTAMP_PROPERTY, t, tz);
    CHECK_STR(t, "20260302T000059Z");
    CHECK_STR(tz, "");
    check_times(cal, "b1-aa@oversight", "20260512T100000", "20260512T110000", "Europe/London");
    check_times(cal, "b2-bb@oversight", "20260513T143000", "20260513T160000", "Europe/London");
    icalcomponent_free(cal);
}

/* End = start + minutes of real time, on the zone's clock. */
static void test_times(void)
{
    IcsEvent ev[] = {
        booking("midnight", "2026-05-01", "23:30", 60),      /* into the next day */
        booking("year-end", "2026-12-31", "23:00", 120),     /* into the next year */
        booking("long", "2026-06-10", "00:00", 24 * 60),     /* the longest */
        booking("spring-day", "2026-03-29", "09:00", 90),    /* clocks went forward at 01:00 */
        booking("spring-over", "2026-03-29", "00:30", 60),   /* 00:30 GMT to 02:30 BST */
        booking("spring-gap", "2026-03-29", "01:30", 60),    /* no such time: RFC 5545 reads 02:30 BST */
        booking("spring-eve", "2026-03-28", "23:00", 180),   /* 23:00 GMT to 03:00 BST */
        booking("autumn-day", "2026-10-25", "09:00", 90),    /* clocks went back at 02:00 */
        booking("autumn-early", "2026-10-25", "00:30", 60),  /* ends 01:30 BST, the first 01:30 */
        booking("autumn-repeat", "2026-10-25", "01:30", 60), /* the first 01:30 to the second */
        booking("autumn-over", "2026-10-25", "01:30", 90),   /* 01:30 BST to 02:00 GMT */
        booking("autumn-eve", "2026-10-24", "23:00", 240),   /* 23:00 BST to 02:00 GMT */
    };
    size_t n = sizeof ev / sizeof ev[0];
    icalcomponent *cal = round_trip(london, ev, n, NULL);
    if (!cal) return;
    CHECK_INT(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), (int)n);
    check_times(cal, "midnight", "20260501T233000", "20260502T003000", london);
    check_times(cal, "year-end", "20261231T230000", "20270101T010000", london);
    check_times(cal, "long", "20260610T000000", "20260611T000000", london);
    check_times(cal, "spring-day", "20260329T090000", "20260329T103000", london);
    check_times(cal, "spring-over", "20260329T003000", "20260329T023000", london);
    check_times(cal, "spring-gap", "20260329T013000", "20260329T033000", london);
    check_times(cal, "spring-eve", "20260328T230000", "20260329T030000", london);
    check_times(cal, "autumn-day", "20261025T090000", "20261025T103000", london);
    check_times(cal, "autumn-early", "20261025T003000", "20261025T013000", london);
    /* The end is the second 01:30, which local time cannot name: UTC. */
    check_times(cal, "autumn-repeat", "20261025T013000", "20261025T013000Z", "");
    check_times(cal, "autumn-over", "20261025T013000", "20261025T020000", london);
    check_times(cal, "autumn-eve", "20261024T230000", "20261025T020000", london);
    icalcomponent_free(cal);
}

/* A client that does not know the zone has only the VTIMEZONE: with it alone
 * every event must last its minutes, and the offsets must be London's. */
static void test_vtimezone_alone(void)
{
    IcsEvent ev[] = {booking("w", "2026-01-15", "09:00", 60), booking("s", "2026-07-15", "09:00", 45),
                     booking("f", "2026-03-29", "00:30", 60), booking("b", "2026-10-25", "00:30", 120),
                     booking("late", "2031-10-26", "09:00", 60)};
    size_t n = sizeof ev / sizeof ev[0];
    icalcomponent *cal = round_trip(london, ev, n, NULL);
    if (!cal) return;
    icalcomponent *vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
    CHECK(vtz != NULL);
    icaltimezone *zone = icaltimezone_new();
    CHECK(vtz && icaltimezone_set_component(zone, icalcomponent_new_clone(vtz)));
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    static const int want_offset[] = {0, 3600, 0, 3600, 0}; /* at each start */
    for (size_t i = 0; i < n; i++) {
        icalcomponent *e = find_event(cal, ev[i].uid);
        CHECK(e != NULL);
        if (!e) continue;
        struct icaltimetype s = icalproperty_get_dtstart(icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY));
        struct icaltimetype f = icalproperty_get_dtend(icalcomponent_get_first_property(e, ICAL_DTEND_PROPERTY));
        s.zone = zone;
        if (!icaltime_is_utc(f)) f.zone = zone;
        time_t ts = icaltime_as_timet_with_zone(s, zone), tf = icaltime_as_timet_with_zone(f, f.zone);
        CHECK_INT(tf - ts, ev[i].minutes * 60);
        struct icaltimetype su = icaltime_convert_to_zone(s, utc);
        int is_daylight;
        CHECK_INT(icaltimezone_get_utc_offset_of_utc_time(zone, &su, &is_daylight), want_offset[i]);
    }
    icaltimezone_free(zone, 1);
    icalcomponent_free(cal);
}

static void test_text_round_trip(void)
{
    static const char *const texts[] = {
        "Zoë Ødegård, room 3; floor 2\nsecond line",
        "back\\slash, \\n not a newline; \"quoted\" colon: tab\there",
        "日本語のテキスト 😀 emoji, Ελληνικά; עברית",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        IcsEvent ev = booking("t@oversight", "2026-05-12", "10:00", 60);
        ev.summary = ev.location = ev.description = texts[i];
        icalcomponent *cal = round_trip(london, &ev, 1, NULL);
        if (!cal) continue;
        icalcomponent *e = find_event(cal, "t@oversight");
        CHECK_STR(icalcomponent_get_summary(e), texts[i]);
        CHECK_STR(icalcomponent_get_location(e), texts[i]);
        CHECK_STR(icalcomponent_get_description(e), texts[i]);
        icalcomponent_free(cal);
    }
}

/* Line breaks from a web form (CRLF, CR), other control characters and
 * bytes that are not UTF-8 cannot break the file. */
static void test_text_cleaned(void)
{
    IcsEvent ev = booking("c@oversight", "2026-05-12", "10:00", 60);
    ev.description = "one\r\ntwo\rthree\x01\x1b\x7f four\xff\xc3(five\xed\xa0\x80";
    ev.summary = "Zo\xc3";
    Buf text = {0};
    icalcomponent *cal = round_trip(london, &ev, 1, &text);
    if (cal) {
        icalcomponent *e = find_event(cal, "c@oversight");
        CHECK_STR(icalcomponent_get_description(e),
                  "one\ntwo\nthree four\xEF\xBF\xBD\xEF\xBF\xBD(five\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
        CHECK_STR(icalcomponent_get_summary(e), "Zo\xEF\xBF\xBD");
        icalcomponent_free(cal);
    }
    for (size_t i = 0; i < text.len; i++)
        if ((unsigned char)text.data[i] < 0x20 && text.data[i] != '\r' && text.data[i] != '\n')
            CHECK(!"control character");
    buf_free(&text);
}

/* Every line ends CRLF, none is longer than 75 octets, and a long text is
 * folded (never inside a UTF-8 character) and unfolds back whole. */
static void test_lines_and_folding(void)
{
    Buf longtext = {0};
    for (int i = 0; i < 40; i++) buf_addf(&longtext, "Zoë Ødegård %d, discussed; 😀 ", i);
    buf_adds(&longtext, "\nand a last line");
    IcsEvent ev[2] = {booking("f1@oversight", "2026-05-12", "10:00", 60),
                      booking("f2@oversight", "2026-05-13", "10:00", 60)};
    ev[0].description = buf_str(&longtext);
    ev[1].summary = "Zoë Ødegård, room 3; floor 2\nsecond line";
    Buf text = {0};
    icalcomponent *cal = round_trip(london, ev, 2, &text);
    CHECK(text.len > 2 && memcmp(text.data + text.len - 2, "\r\n", 2) == 0);
    size_t lines = 0, folds = 0;
    for (const char *p = buf_str(&text); *p;) {
        const char *end = strstr(p, "\r\n");
        CHECK(end != NULL);
        if (!end) break;
        size_t len = (size_t)(end - p);
        if (len > 75) fprintf(stderr, "  line of %zu octets: %.*s\n", len, (int)len, p);
        CHECK(len <= 75);
        CHECK(memchr(p, '\n', len) == NULL && memchr(p, '\r', len) == NULL);
        if (*p == ' ') {
            folds++;
            CHECK(((unsigned char)p[1] & 0xC0) != 0x80); /* not in the middle of a character */
        }
        lines++;
        p = end + 2;
    }
    CHECK(lines > 20);
    CHECK(folds >= longtext.len / 75);
    if (cal) {
        CHECK_STR(icalcomponent_get_description(find_event(cal, "f1@oversight")), buf_str(&longtext));
        CHECK_STR(icalcomponent_get_summary(find_event(cal, "f2@oversight")), ev[1].summary);
        icalcomponent_free(cal);
    }
    buf_free(&text);
    buf_free(&longtext);
}

static void test_empty_calendar(void)
{
    Buf text = {0};
    icalcomponent *cal = round_trip(london, NULL, 0, &text);
    if (cal) {
        CHECK_INT(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 0);
        /* RFC 5545 wants at least one component: the VTIMEZONE is it. */
        CHECK_INT(icalcomponent_count_components(cal, ICAL_VTIMEZONE_COMPONENT), 1);
        CHECK(icalcomponent_get_first_property(cal, ICAL_PRODID_PROPERTY) != NULL);
        icalcomponent_free(cal);
    }
    CHECK(strncmp(buf_str(&text), "BEGIN:VCALENDAR\r\n", 17) == 0);
    CHECK(text.len > 15 && strcmp(text.data + text.len - 15, "END:VCALENDAR\r\n") == 0);
    buf_free(&text);
}

/* A bad event or zone: -1, a message naming it, and out as it was. */
static void expect_error(const char *tzid, IcsEvent ev, const char *want1, const char *want2)
{
    IcsEvent evs[2] = {booking("good@oversight", "2026-05-12", "10:00", 60), ev};
    Buf out = {0};
    buf_adds(&out, "already here");
    char err[256] = "";
    CHECK_INT(ics_write(&out, "Cal", tzid, evs, 2, err, sizeof err), -1);
    CHECK_INT(out.len, 12);
    CHECK_STR(buf_str(&out), "already here");
    CHECK_HAS(err, want1);
    CHECK_HAS(err, want2);
    buf_free(&out);
}

static void test_bad_input(void)
{
    expect_error(london, booking("b7@oversight", "2026-02-30", "10:00", 60), "b7@oversight", "2026-02-30");
    expect_error(london, booking("b8@oversight", "2026-05-12", "25:00", 60), "b8@oversight", "25:00");
    expect_error(london, booking("b9@oversight", "2026-05-12", "9:00", 60), "b9@oversight", "9:00");
    expect_error(london, booking("b10@oversight", "2026-05-12", "10:60", 60), "b10@oversight", "10:60");
    expect_error(london, booking("b11@oversight", "12/05/2026", "10:00", 60), "b11@oversight", "12/05/2026");
    expect_error(london, booking("b12@oversight", "1969-12-31", "10:00", 60), "b12@oversight", "1969-12-31");
    expect_error(london, booking("b13@oversight", "2026-05-12", "10:00", 0), "b13@oversight", "0 minutes");
    expect_error(london, booking("b14@oversight", "2026-05-12", "10:00", 24 * 60 + 1), "b14@oversight", "1441");
    expect_error(london, booking("b15@oversight", NULL, "10:00", 60), "b15@oversight", "date");
    expect_error(london, booking("b16@oversight", "2026-05-12", NULL, 60), "b16@oversight", "time");
    expect_error(london, booking("has space", "2026-05-12", "10:00", 60), "has space", "uid");
    expect_error(london, booking("", "2026-05-12", "10:00", 60), "uid", "uid");
    IcsEvent e = booking("b17@oversight", "2026-05-12", "10:00", 60);
    e.url = "https://x.example/a b";
    expect_error(london, e, "b17@oversight", "url");
    e = booking("b18@oversight", "2026-05-12", "10:00", 60);
    e.sequence = -1;
    expect_error(london, e, "b18@oversight", "sequence");
    e = booking("b19@oversight", "2026-05-12", "10:00", 60);
    e.stamp = -5;
    expect_error(london, e, "b19@oversight", "stamp");
    /* The zone belongs to the whole calendar, so the message names the zone. */
    IcsEvent ok = booking("b20@oversight", "2026-05-12", "10:00", 60);
    expect_error("Mars/Olympus_Mons", ok, "unknown time zone", "Mars/Olympus_Mons");
    expect_error("../../../etc/passwd", ok, "unknown time zone", "../../../etc/passwd");
    expect_error("europe/london", ok, "unknown time zone", "europe/london");
    expect_error("", ok, "unknown time zone", "\"\"");
    expect_error(NULL, ok, "unknown time zone", "\"\"");
    CHECK(!ics_zone_known("Mars/Olympus_Mons"));
    CHECK(!ics_zone_known("/usr/share/zoneinfo/Europe/London"));
    CHECK(ics_zone_known("Europe/London"));
    CHECK(ics_zone_known("America/New_York"));
}

/* UTC and a zone without summer time work the same way. */
static void test_other_zones(void)
{
    static const char *const zones[] = {"UTC", "Etc/UTC", "Asia/Tokyo", "Australia/Sydney", "America/New_York"};
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        IcsEvent ev = booking("z@oversight", "2026-04-05", "02:30", 60); /* Sydney's clocks go back at 03:00 */
        icalcomponent *cal = round_trip(zones[i], &ev, 1, NULL);
        if (!cal) continue;
        icalcomponent *vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
        CHECK_STR(prop_text(vtz, ICAL_TZID_PROPERTY), zones[i]);
        char t[32], tz[64];
        time_of(find_event(cal, "z@oversight"), ICAL_DTSTART_PROPERTY, t, tz);
        CHECK_STR(t, "20260405T023000");
        CHECK_STR(tz, zones[i]);
        time_of(find_event(cal, "z@oversight"), ICAL_DTEND_PROPERTY, t, tz);
        /* Sydney: 02:30 happens twice; the first (summer time) + 60 minutes is the second 02:30. */
        CHECK_STR(t, strcmp(zones[i], "Australia/Sydney") == 0 ? "20260404T163000Z" : "20260405T033000");
        icalcomponent_free(cal);
    }
}

/* Feeds written at the same time on several threads, zones loading for the
 * first time among them, are the same as written one at a time. */
enum { THREADS = 8, ROUNDS = 20 };
static const char *const thread_zones[] = {"Europe/Paris", "America/Chicago", "Asia/Kolkata", "Europe/London"};

static void write_feed(const char *tzid, Buf *out)
{
    IcsEvent ev[3] = {booking("p1@oversight", "2026-03-29", "00:30", 90),
                      booking("p2@oversight", "2026-10-25", "01:30", 60),
                      booking("p3@oversight", "2030-01-02", "12:00", 30)};
    char err[256];
    if (ics_write(out, tzid, tzid, ev, 3, err, sizeof err) != 0) buf_adds(out, err);
}

static void *thread_main(void *arg)
{
    Buf *results = arg;
    for (int r = 0; r < ROUNDS; r++) {
        size_t z = (size_t)r % 4;
        buf_clear(&results[z]);
        write_feed(thread_zones[z], &results[z]);
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t t[THREADS];
    static Buf results[THREADS][4];
    for (int i = 0; i < THREADS; i++) CHECK_INT(pthread_create(&t[i], NULL, thread_main, results[i]), 0);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    for (size_t z = 0; z < 4; z++) {
        Buf alone = {0};
        write_feed(thread_zones[z], &alone);
        CHECK_HAS(buf_str(&alone), "BEGIN:VTIMEZONE");
        for (int i = 0; i < THREADS; i++) CHECK_STR(buf_str(&results[i][z]), buf_str(&alone));
        buf_free(&alone);
    }
    for (int i = 0; i < THREADS; i++)
        for (int z = 0; z < 4; z++) buf_free(&results[i][z]);
}

int main(void)
{
    RUN(test_threads); /* first: the zones load while threads race */
    RUN(test_calendar_properties);
    RUN(test_event_properties);
    RUN(test_times);
    RUN(test_vtimezone_alone);
    RUN(test_text_round_trip);
    RUN(test_text_cleaned);
    RUN(test_lines_and_folding);
    RUN(test_empty_calendar);
    RUN(test_bad_input);
    RUN(test_other_zones);
    TEST_DONE();
}
