/* search.c: search.h. What may be read is decided in SQL (SEARCH_SCOPE,
 * the read rules of access.c walked downwards); what matches, and how well,
 * is decided here, once, for both backends and both ways of finding
 * candidates, so that an auditor's answer and a manager's follow the same
 * words. */
#include "svc/search.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 8
#define WORD_BYTES (SEARCH_MAX_BYTES * 2 + 8) /* folding never grows text more than this */

/* ---- words ---- */

/* The Latin-1 and Latin Extended-A letters (U+00C0 to U+017F) without
 * their accents, in lower case ('.': no plain letter; lower-cased apart).
 * The same letters as search_fold in sql/postgresql/011_search.sql. */
static const char latin_plain[] = "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y"
                                  "aaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll.."
                                  "..nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.";

/* One code point of s (at most n bytes): its value, or -1 for a byte that
 * does not start valid UTF-8; *len its length (at least 1). */
static int32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    *len = 1;
    if (s[0] < 0x80) return s[0];
    int extra = s[0] >= 0xF0 && s[0] <= 0xF4 ? 3 : s[0] >= 0xE0 ? 2 : s[0] >= 0xC2 && s[0] <= 0xDF ? 1 : -1;
    if (extra < 0 || (size_t)extra >= n) return -1;
    int32_t cp = s[0] & (0x3F >> extra);
    for (int i = 1; i <= extra; i++) {
        if ((s[i] & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *len = (size_t)extra + 1;
    return cp;
}

/* Whether a code point separates words: anything but letters and digits
 * among ASCII, Latin-1's punctuation and symbols, general punctuation, and
 * the ideographic space. */
static bool separates(int32_t cp)
{
    if (cp < 0) return true;
    if (cp < 0x80) return !isalnum(cp);
    return cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000;
}

/* A letter in lower case without the accents search ignores. */
static int32_t fold(int32_t cp)
{
    if (cp < 0x80) return tolower(cp);
    if (cp >= 0xC0 && cp <= 0x17F) {
        char plain = latin_plain[cp - 0xC0];
        if (plain != '.') return plain;
        if (cp <= 0xDE) return cp + 0x20; /* Æ Ð Ø Þ */
        if (cp == 0x178) return 0xFF;     /* Ÿ */
        bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        if (cp >= 0x100 && (odd_upper ? cp % 2 == 1 : cp % 2 == 0) && cp != 0x138 && cp != 0x149) return cp + 1;
        return cp;
    }
    if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
        return cp + 0x20; /* Greek, Cyrillic */
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
    return cp;
}

static size_t utf8_put(int32_t cp, char *out)
{
    if (cp < 0x80) return out[0] = (char)cp, 1;
    if (cp < 0x800) return out[0] = (char)(0xC0 | cp >> 6), out[1] = (char)(0x80 | (cp & 0x3F)), 2;
    if (cp < 0x10000)
        return out[0] = (char)(0xE0 | cp >> 12), out[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
               out[2] = (char)(0x80 | (cp & 0x3F)), 3;
    return out[0] = (char)(0xF0 | cp >> 18), out[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
           out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), out[3] = (char)(0x80 | (cp & 0x3F)), 4;
}

bool search_words(const char *text, char *out, size_t size)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), o = 0;
    bool in_word = false;
    if (!size) return false;
    for (size_t i = 0; i < n;) {
        size_t len;
        int32_t cp = utf8_next(s + i, n - i, &len);
        i += len;
        if (separates(cp)) {
            in_word = false;
            continue;
        }
        char enc[4];
        size_t k = utf8_put(fold(cp), enc);
        if (o + k + 2 > size) return out[o] = 0, false;
        if (!in_word && o) out[o++] = ' ';
        memcpy(out + o, enc, k);
        o += k;
        in_word = true;
    }
    out[o] = 0;
    return true;
}

/* ---- what was typed ---- */

typedef struct {
    char id[SEARCH_MAX_BYTES + 1];     /* lower case (ASCII), for ids */
    char id_end[SEARCH_MAX_BYTES + 5]; /* every id beginning with id sorts before this */
    char words[WORD_BYTES];            /* search_words: for SQL */
    const char *word[MAX_WORDS];       /* into split */
    size_t nwords;
    char split[WORD_BYTES];
    bool dated;
    char from[11], to[11]; /* the day, or the first and last of a month */
} Query;

static const char *const months[] = {"january", "february", "march",     "april",   "may",      "june",
                                     "july",    "august",   "september", "october", "november", "december"};

/* A month named in full or by its first three letters: 1 to 12, else 0. */
static int month_named(const char *w)
{
    size_t n = strlen(w);
    for (int m = 0; m < 12; m++)
        if (n >= 3 && strncmp(months[m], w, n) == 0) return m + 1;
    return 0;
}

static bool number(const char *w, int digits_min, int digits_max, int *out)
{
    int n = (int)strlen(w);
    if (n < digits_min || n > digits_max) return false;
    *out = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)w[i])) return false;
        *out = *out * 10 + (w[i] - '0');
    }
    return true;
}

/* A day or month typed as the words of a date: 2026 03 04, 4 3 2026,
 * 4 march 2026, 2026 03, march 2026. */
static void parse_date(Query *q)
{
    int y = 0, m = 0, d = 0;
    const char **w = q->word;
    bool day = false, month = false;
    if (q->nwords == 3) {
        if (number(w[0], 4, 4, &y) && number(w[1], 1, 2, &m) && number(w[2], 1, 2, &d))
            day = true;
        else if (number(w[0], 1, 2, &d) && (number(w[1], 1, 2, &m) || (m = month_named(w[1]))) &&
                 number(w[2], 4, 4, &y))
            day = true;
    } else if (q->nwords == 2) {
        if (number(w[0], 4, 4, &y) && number(w[1], 1, 2, &m))
            month = true;
        else if ((m = month_named(w[0])) && number(w[1], 4, 4, &y))
            month = true;
    }
    if (!(day || month) || y < 1 || m < 1 || m > 12) return;
    int last = date_days_in_month(y, m);
    if (day && (d < 1 || d > last)) return;
    date_format(date_from_ymd(y, m, day ? d : 1), q->from);
    date_format(date_from_ymd(y, m, day ? d : last), q->to);
    q->dated = true;
}

static SvcResult parse(const char *typed, Query *q, SvcError *e)
{
    memset(q, 0, sizeof *q);
    while (*typed && isspace((unsigned char)*typed)) typed++;
    size_t n = strlen(typed);
    while (n && isspace((unsigned char)typed[n - 1])) n--;
    if (!n) return svc_fail(e, SVC_INVALID, "q", "Enter a name, an id or a date to search for");
    if (n > SEARCH_MAX_BYTES)
        return svc_fail(e, SVC_INVALID, "q", "Search for %d characters or fewer", SEARCH_MAX_BYTES);
    for (size_t i = 0; i < n; i++) q->id[i] = (char)tolower((unsigned char)typed[i]);
    q->id[n] = 0;
    strfmt(q->id_end, sizeof q->id_end, "%s\xF4\x8F\xBF\xBF", q->id);     /* U+10FFFF: after any next character */
    if (!search_words(q->id, q->words, sizeof q->words)) q->words[0] = 0; /* cannot happen: WORD_BYTES */
    memcpy(q->split, q->words, sizeof q->split);
    size_t letters = 0;
    for (char *p = q->split; *p;) {
        char *end = strchr(p, ' ');
        if (end) *end = 0;
        for (const char *c = p; *c; c++) letters += ((unsigned char)*c & 0xC0) != 0x80; /* characters, not bytes */
        if (q->nwords < MAX_WORDS) q->word[q->nwords++] = p;
        if (!end) break;
        p = end + 1;
    }
    if (letters < SEARCH_MIN_CHARS)
        return svc_fail(e, SVC_INVALID, "q", "Enter at least %d letters or numbers to search for", SEARCH_MIN_CHARS);
    /* SQL is given the words used (at most MAX_WORDS). */
    for (size_t i = 0, o = 0; i < q->nwords; i++) {
        strfmt(q->words + o, sizeof q->words - o, "%s%s", i ? " " : "", q->word[i]);
        o += strlen(q->words + o);
    }
    parse_date(q);
    return SVC_OK;
}

/* ---- matching ---- */

static bool lower_equal(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != b[i]) return false;
    return true;
}

/* How an id matches, or -1. */
static int match_id(const Query *q, const char *id)
{
    size_t n = strlen(q->id);
    if (strlen(id) < n || !lower_equal(id, q->id, n)) return -1;
    return id[n] ? SEARCH_BY_ID_START : SEARCH_BY_ID;
}

/* How a name matches the words typed, or -1. */
static int match_name(const Query *q, const char *name)
{
    if (!q->nwords || !name || !*name) return -1;
    char words[WORD_BYTES * 2];
    if (!search_words(name, words, sizeof words)) return -1; /* a name longer than any search: not matched */
    bool all_whole = true;
    for (size_t i = 0; i < q->nwords; i++) {
        size_t n = strlen(q->word[i]);
        bool whole = false, start = false;
        for (const char *w = words; *w;) {
            size_t len = strcspn(w, " ");
            if (len >= n && memcmp(w, q->word[i], n) == 0) {
                start = true;
                if (len == n) whole = true;
            }
            w += len;
            if (*w) w++;
        }
        if (!start) return -1;
        all_whole = all_whole && whole;
    }
    return all_whole ? SEARCH_BY_NAME : SEARCH_BY_NAME_START;
}

static int best(int a, int b) { return a < 0 ? b : b < 0 ? a : a < b ? a : b; }

/* ---- the groups ---- */

/* The folded name, for ties: ordered as people read them, not by bytes. */
static int by_name(const char *a, const char *b, const char *ida, const char *idb)
{
    char fa[WORD_BYTES * 2], fb[WORD_BYTES * 2];
    search_words(a, fa, sizeof fa);
    search_words(b, fb, sizeof fb);
    int c = strcmp(fa, fb);
    return c ? c : strcmp(ida, idb);
}

static int cmp_person(const void *pa, const void *pb)
{
    const SearchPerson *a = pa, *b = pb;
    if (a->match != b->match) return a->match < b->match ? -1 : 1;
    return by_name(a->name, b->name, a->id, b->id);
}

static int cmp_case(const void *pa, const void *pb)
{
    const SearchCase *a = pa, *b = pb;
    if (a->match != b->match) return a->match < b->match ? -1 : 1;
    if (a->match <= SEARCH_BY_ID_START) return strcmp(a->id, b->id);
    return by_name(a->name, b->name, a->id, b->id);
}

static int cmp_record(const void *pa, const void *pb)
{
    const SearchRecord *a = pa, *b = pb;
    if (a->match != b->match) return a->match < b->match ? -1 : 1;
    int c = strcmp(b->date, a->date);
    return c ? c : a->ref < b->ref ? 1 : a->ref > b->ref ? -1 : 0;
}

typedef struct {
    const Query *q;
    SearchResults *out;
    size_t cap_people, cap_cases, cap_records;
} Found;

static bool seen_person(const SearchResults *o, int64_t ref)
{
    for (size_t i = 0; i < o->npeople; i++)
        if (o->people[i].ref == ref) return true;
    return false;
}

static bool seen_case(const SearchResults *o, int64_t ref)
{
    for (size_t i = 0; i < o->ncases; i++)
        if (o->cases[i].ref == ref) return true;
    return false;
}

static bool seen_record(const SearchResults *o, int64_t ref)
{
    for (size_t i = 0; i < o->nrecords; i++)
        if (o->records[i].ref == ref) return true;
    return false;
}

/* Each row of a statement that matches, kept (once). dedupe: rows may come
 * twice (an auditor's candidates come from several statements). */
static SvcResult rows(Store *st, StmtId stmt, const Param *p, int np, Found *f,
                      void (*keep)(StoreRows *, Found *, bool), bool dedupe)
{
    StoreRows *r = store_query(st, stmt, p, np);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) keep(r, f, dedupe);
    store_rows_close(r);
    return got < 0 ? SVC_FAILED : SVC_OK;
}

static void keep_person(StoreRows *r, Found *f, bool dedupe)
{
    const char *id = store_col_text(r, SEARCH_PERSON_ID, NULL), *name = store_col_text(r, SEARCH_PERSON_NAME, NULL);
    int m = best(match_id(f->q, id), match_name(f->q, name));
    int64_t ref = store_col_int(r, SEARCH_PERSON_REF);
    if (m < 0 || (dedupe && seen_person(f->out, ref))) return;
    SearchResults *o = f->out;
    xgrow((void **)&o->people, &f->cap_people, o->npeople + 1, sizeof *o->people);
    o->people[o->npeople++] = (SearchPerson){.ref = ref,
                                             .id = svc_col_dup(&o->strings, r, SEARCH_PERSON_ID),
                                             .name = svc_col_dup(&o->strings, r, SEARCH_PERSON_NAME),
                                             .role = svc_col_dup(&o->strings, r, SEARCH_PERSON_ROLE),
                                             .team = svc_col_dup(&o->strings, r, SEARCH_PERSON_TEAM),
                                             .match = (SearchMatch)m};
}

static void keep_case(StoreRows *r, Found *f, bool dedupe)
{
    const char *id = store_col_text(r, SEARCH_CASE_ID, NULL), *name = store_col_text(r, SEARCH_CASE_NAME, NULL);
    int m = best(match_id(f->q, id), match_name(f->q, name));
    int64_t ref = store_col_int(r, SEARCH_CASE_REF);
    if (m < 0 || (dedupe && seen_case(f->out, ref))) return;
    SearchResults *o = f->out;
    xgrow((void **)&o->cases, &f->cap_cases, o->ncases + 1, sizeof *o->cases);
    o->cases[o->ncases++] = (SearchCase){.ref = ref,
                                         .id = svc_col_dup(&o->strings, r, SEARCH_CASE_ID),
                                         .name = svc_col_dup(&o->strings, r, SEARCH_CASE_NAME),
                                         .category = svc_col_dup(&o->strings, r, SEARCH_CASE_CATEGORY),
                                         .closed_date = svc_col_dup(&o->strings, r, SEARCH_CASE_CLOSED),
                                         .worker_id = svc_col_dup(&o->strings, r, SEARCH_CASE_WORKER_ID),
                                         .worker_name = svc_col_dup(&o->strings, r, SEARCH_CASE_WORKER_NAME),
                                         .match = (SearchMatch)m};
}

/* A record by its date, or its two people's names or exact ids. */
static void keep_record(StoreRows *r, Found *f, bool dedupe)
{
    const Query *q = f->q;
    const char *date = store_col_text(r, SEARCH_RECORD_DATE, NULL);
    int m = q->dated && strcmp(date, q->from) >= 0 && strcmp(date, q->to) <= 0 ? SEARCH_BY_DATE : -1;
    static const int ids[] = {SEARCH_RECORD_SUPERVISEE_ID, SEARCH_RECORD_SUPERVISOR_ID};
    static const int names[] = {SEARCH_RECORD_SUPERVISEE_NAME, SEARCH_RECORD_SUPERVISOR_NAME};
    for (int i = 0; i < 2; i++) {
        if (match_id(q, store_col_text(r, ids[i], NULL)) == SEARCH_BY_ID) m = best(m, SEARCH_BY_ID);
        m = best(m, match_name(q, store_col_text(r, names[i], NULL)));
    }
    int64_t ref = store_col_int(r, SEARCH_RECORD_REF);
    if (m < 0 || (dedupe && seen_record(f->out, ref))) return;
    SearchResults *o = f->out;
    xgrow((void **)&o->records, &f->cap_records, o->nrecords + 1, sizeof *o->records);
    o->records[o->nrecords++] =
        (SearchRecord){.ref = ref,
                       .date = svc_col_dup(&o->strings, r, SEARCH_RECORD_DATE),
                       .state = svc_col_dup(&o->strings, r, SEARCH_RECORD_STATE),
                       .supervisee_id = svc_col_dup(&o->strings, r, SEARCH_RECORD_SUPERVISEE_ID),
                       .supervisee_name = svc_col_dup(&o->strings, r, SEARCH_RECORD_SUPERVISEE_NAME),
                       .supervisor_id = svc_col_dup(&o->strings, r, SEARCH_RECORD_SUPERVISOR_ID),
                       .supervisor_name = svc_col_dup(&o->strings, r, SEARCH_RECORD_SUPERVISOR_NAME),
                       .match = (SearchMatch)m};
}

/* Everyone else: every person, case and record of the viewer's share,
 * matched here. */
static SvcResult within_share(Store *st, const Viewer *v, Found *f)
{
    if (!v->staff_ref && !v->nservices) return SVC_OK; /* an admin, say: no share at all */
    Param p[] = {P_INT(v->staff_ref ? v->staff_ref : -1), P_INT(v->user_ref)};
    SvcResult rc = rows(st, STMT_SEARCH_PEOPLE_SCOPED, p, 2, f, keep_person, false);
    if (rc == SVC_OK) rc = rows(st, STMT_SEARCH_CASES_SCOPED, p, 2, f, keep_case, false);
    if (rc == SVC_OK) rc = rows(st, STMT_SEARCH_RECORDS_SCOPED, p, 2, f, keep_record, false);
    return rc;
}

/* An auditor: the candidates the indexes give, at most enough to rank the
 * first limit + 1 of each group (see the statements), matched here as
 * everyone's are. */
static SvcResult through_indexes(Store *st, const Query *q, size_t limit, Found *f)
{
    int64_t one = (int64_t)limit + 1;
    Param ids[] = {P_STR(q->id), P_STR(q->id_end), P_INT(one)};
    Param whole[] = {P_STR(q->words), P_INT(one)}, start[] = {P_STR(q->words), P_INT(2 * one)};
    bool named = q->nwords > 0;
    SvcResult rc = rows(st, STMT_SEARCH_PEOPLE_IDS, ids, 3, f, keep_person, true);
    if (rc == SVC_OK && named) rc = rows(st, STMT_SEARCH_PEOPLE_WORDS, whole, 2, f, keep_person, true);
    if (rc == SVC_OK && named) rc = rows(st, STMT_SEARCH_PEOPLE_START, start, 2, f, keep_person, true);
    if (rc == SVC_OK) rc = rows(st, STMT_SEARCH_CASES_IDS, ids, 3, f, keep_case, true);
    if (rc == SVC_OK && named) rc = rows(st, STMT_SEARCH_CASES_WORDS, whole, 2, f, keep_case, true);
    if (rc == SVC_OK && named) rc = rows(st, STMT_SEARCH_CASES_START, start, 2, f, keep_case, true);
    if (rc == SVC_OK && q->dated) {
        Param on[] = {P_STR(q->from), P_STR(q->to), P_INT(one)};
        rc = rows(st, STMT_SEARCH_RECORDS_ON, on, 3, f, keep_record, true);
    }
    /* Records by name: those of the people found, best first. */
    qsort(f->out->people, f->out->npeople, sizeof *f->out->people, cmp_person);
    for (size_t i = 0; rc == SVC_OK && i < f->out->npeople && i < limit; i++) {
        Param of[] = {P_INT(f->out->people[i].ref), P_INT(one)};
        rc = rows(st, STMT_SEARCH_RECORDS_OF, of, 2, f, keep_record, true);
    }
    return rc;
}

SvcResult search(Store *st, const Viewer *v, const char *query, size_t limit, SearchResults *out, SvcError *e)
{
    memset(out, 0, sizeof *out);
    if (limit < 1 || limit > SEARCH_MAX_LIMIT) limit = SEARCH_MAX_LIMIT;
    Query *q = xcalloc(1, sizeof *q);
    SvcResult rc = parse(query ? query : "", q, e);
    if (rc == SVC_OK) {
        Found f = {.q = q, .out = out};
        rc = v->auditor ? through_indexes(st, q, limit, &f) : within_share(st, v, &f);
    }
    free(q);
    if (rc != SVC_OK) return rc;
    qsort(out->people, out->npeople, sizeof *out->people, cmp_person);
    qsort(out->cases, out->ncases, sizeof *out->cases, cmp_case);
    qsort(out->records, out->nrecords, sizeof *out->records, cmp_record);
    if (out->npeople > limit) out->npeople = limit, out->more_people = true;
    if (out->ncases > limit) out->ncases = limit, out->more_cases = true;
    if (out->nrecords > limit) out->nrecords = limit, out->more_records = true;
    return SVC_OK;
}

void search_free(SearchResults *r)
{
    free(r->people);
    free(r->cases);
    free(r->records);
    arena_free(&r->strings);
    memset(r, 0, sizeof *r);
}
