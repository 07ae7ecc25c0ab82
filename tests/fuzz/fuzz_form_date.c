/* fuzz_form_date.c: dates typed into GOV.UK's date input (web/frame.h
 * form_date_read and form_date_parse): three fields date-day, date-month
 * and date-year, or one field date as YYYY-MM-DD from a client.
 *
 * Input: an urlencoded form body as a browser posts it, decoded by the
 * server's decoder (http_parse_form); a body it refuses never reaches the
 * page and is skipped. A date given back is a real date within the years
 * the forms take, made of exactly the numbers typed, and typed again it
 * gives itself; otherwise there is a message, for the first part at fault,
 * and no date. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "web/frame.h"
#include "fuzz.h"

static const char *const parts[3] = {"day", "month", "year"};

/* The number a part holds (digits between spaces, when it made a date). */
static long number(const char *s) { return strtol(s, NULL, 10); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static HttpRequest rq;
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    memset(&rq, 0, sizeof rq);
    rq.method = "POST";
    rq.path = "/bookings";
    if (!http_parse_form(text, size, &rq)) {
        free(text);
        return 0;
    }
    Req r = {.rq = &rq, .arg = ""};
    char iso[11];
    SvcError e = {{0}, {0}};
    const char *got = form_date_read(&r, "date", "Date", "the date", iso, &e);
    const char *typed[3];
    for (int i = 0; i < 3; i++) {
        char key[16];
        typed[i] = http_form(&rq, strfmt(key, sizeof key, "date-%s", parts[i]));
    }
    bool none = !typed[0] && !typed[1] && !typed[2];

    if (none && http_form(&rq, "date")) {
        FUZZ_ASSERT(got == http_form(&rq, "date")); /* as posted: the service checks it */
    } else if (got) {
        FUZZ_ASSERT(got == iso && strlen(iso) == 10);
        Date d;
        FUZZ_ASSERT(date_parse(iso, 10, &d));
        int y, m, day;
        date_to_ymd(d, &y, &m, &day);
        FUZZ_ASSERT(y >= FORM_YEAR_MIN && y <= FORM_YEAR_MAX);
        FUZZ_ASSERT(number(typed[0]) == day && number(typed[1]) == m && number(typed[2]) == y);
        FUZZ_ASSERT(e.message[0] == 0);
        /* Typed again as the form shows it, the same date. */
        char ds[8], ms[8], ys[8], again[11];
        unsigned wrong;
        strfmt(ds, sizeof ds, "%d", day);
        strfmt(ms, sizeof ms, "%d", m);
        strfmt(ys, sizeof ys, "%d", y);
        SvcError e2 = {{0}, {0}};
        FUZZ_ASSERT(form_date_parse(ds, ms, ys, "date", "Date", "the date", again, &wrong, &e2) == again);
        FUZZ_ASSERT(wrong == 0 && strcmp(again, iso) == 0);
    } else {
        /* Refused: a message, at the first part at fault. */
        FUZZ_ASSERT(e.message[0] != 0);
        unsigned wrong;
        char unused[11];
        SvcError e2 = {{0}, {0}};
        FUZZ_ASSERT(form_date_parse(typed[0], typed[1], typed[2], "date", "Date", "the date", unused, &wrong, &e2) ==
                    NULL);
        FUZZ_ASSERT(wrong >= 1 && wrong <= 7);
        int first = wrong & 1 ? 0 : wrong & 2 ? 1 : 2;
        char field[16];
        FUZZ_ASSERT(strcmp(e.field, strfmt(field, sizeof field, "date-%s", parts[first])) == 0);
        FUZZ_ASSERT(strcmp(e.field, e2.field) == 0 && strcmp(e.message, e2.message) == 0);
    }
    free(text);
    return 0;
}
