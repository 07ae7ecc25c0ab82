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

/* So many candidates of one statement at most are checked against a share. */
#define CHECK_MAX 4096

size_t search_share_scan = SEARCH_SHARE_SCAN;

/* qsort, which may not be given an empty array's NULL. */
static void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n) qsort(base, n, size, cmp);
}

typedef enum { PEOPLE, CASES, RECORDS } Group;

typedef struct {
    Store *st;
    const Viewer *v;
    const int64_t *share; /* the staff refs of the viewer's share, in order; NULL: all may be read */
    size_t nshare;
    const Query *q;
    SearchResults *out;
    size_t cap_people, cap_cases, cap_records;
    bool dedupe;       /* rows may come twice: from several statements, or a statement run again */
    int64_t *returned; /* the refs of the matching rows the statement running returned */
    size_t nreturned, cap_returned;
} Found;

static size_t count_of(const SearchResults *o, Group g)
{
    return g == PEOPLE ? o->npeople : g == CASES ? o->ncases : o->nrecords;
}

static int64_t ref_at(const SearchResults *o, Group g, size_t i)
{
    return g == PEOPLE ? o->people[i].ref : g == CASES ? o->cases[i].ref : o->records[i].ref;
}

static bool seen(const SearchResults *o, Group g, int64_t ref)
{
    for (size_t i = 0; i < count_of(o, g); i++)
        if (ref_at(o, g, i) == ref) return true;
    return false;
}

/* Notes a matching row; whether to keep it (not already kept). */
static bool returned(Found *f, Group g, int64_t ref)
{
    xgrow((void **)&f->returned, &f->cap_returned, f->nreturned + 1, sizeof *f->returned);
    f->returned[f->nreturned++] = ref;
    return !(f->dedupe && seen(f->out, g, ref));
}

static void keep_person(StoreRows *r, Found *f)
{
    const char *id = store_col_text(r, SEARCH_PERSON_ID, NULL), *name = store_col_text(r, SEARCH_PERSON_NAME, NULL);
    int m = best(match_id(f->q, id), match_name(f->q, name));
    int64_t ref = store_col_int(r, SEARCH_PERSON_REF);
    if (m < 0 || !returned(f, PEOPLE, ref)) return;
    SearchResults *o = f->out;
    xgrow((void **)&o->people, &f->cap_people, o->npeople + 1, sizeof *o->people);
    o->people[o->npeople++] = (SearchPerson){.ref = ref,
                                             .id = svc_col_dup(&o->strings, r, SEARCH_PERSON_ID),
                                             .name = svc_col_dup(&o->strings, r, SEARCH_PERSON_NAME),
                                             .role = svc_col_dup(&o->strings, r, SEARCH_PERSON_ROLE),
                                             .team = svc_col_dup(&o->strings, r, SEARCH_PERSON_TEAM),
                                             .match = (SearchMatch)m};
}

static void keep_case(StoreRows *r, Found *f)
{
    const char *id = store_col_text(r, SEARCH_CASE_ID, NULL), *name = store_col_text(r, SEARCH_CASE_NAME, NULL);
    int m = best(match_id(f->q, id), match_name(f->q, name));
    int64_t ref = store_col_int(r, SEARCH_CASE_REF);
    if (m < 0 || !returned(f, CASES, ref)) return;
    SearchResults *o = f->out;
    xgrow((void **)&o->cases, &f->cap_cases, o->ncases + 1, sizeof *o->cases);
    o->cases[o->ncases++] = (SearchCase){.ref = ref,
                                         .id = svc_col_dup(&o->strings, r, SEARCH_CASE_ID),
                                         .name = svc_col_dup(&o->strings, r, SEARCH_CASE_NAME),
                                         .category = svc_col_dup(&o->strings, r, SEARCH_CASE_CATEGORY),
                                         .closed_date = svc_col_dup(&o->strings, r, SEARCH_CASE_CLOSED),
                                         .worker_id = svc_col_dup(&o->strings, r, SEARCH_CASE_WORKER_ID),
                                         .worker_name = svc_col_dup(&o->strings, r, SEARCH_CASE_WORKER_NAME),
                                         .worker_ref = store_col_int(r, SEARCH_CASE_WORKER_REF),
                                         .match = (SearchMatch)m};
}

/* A record by its date, or its two people's names or exact ids. */
static void keep_record(StoreRows *r, Found *f)
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
    if (m < 0 || !returned(f, RECORDS, ref)) return;
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
                       .supervisee_ref = store_col_int(r, SEARCH_RECORD_SUPERVISEE_REF),
                       .supervisor_ref = store_col_int(r, SEARCH_RECORD_SUPERVISOR_REF),
                       .match = (SearchMatch)m};
}

static void (*const keep[])(StoreRows *, Found *) = {keep_person, keep_case, keep_record};

/* Runs a statement, keeping the rows that match; *nrows: how many it returned. */
static SvcResult rows(Found *f, Group g, StmtId stmt, const Param *p, int np, int64_t *nrows)
{
    StoreRows *r = store_query(f->st, stmt, p, np);
    if (!r) return SVC_FAILED;
    f->nreturned = 0;
    int got;
    int64_t n = 0;
    while ((got = store_next(r)) == 1) {
        n++;
        keep[g](r, f);
    }
    store_rows_close(r);
    if (nrows) *nrows = n;
    return got < 0 ? SVC_FAILED : SVC_OK;
}

static int cmp_ref(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static bool in_share(const Found *f, int64_t staff_ref)
{
    return bsearch(&staff_ref, f->share, f->nshare, sizeof *f->share, cmp_ref) != NULL;
}

/* Whether the viewer may read a thing found: a person of their share (the
 * read rules of access_person, as SEARCH_SCOPE finds them), a case of one,
 * a record of one or one of whose two they are (record_get's rule). */
static bool readable(const Found *f, Group g, size_t i)
{
    const SearchResults *o = f->out;
    if (g == PEOPLE) return in_share(f, o->people[i].ref);
    if (g == CASES) return in_share(f, o->cases[i].worker_ref);
    const SearchRecord *x = &o->records[i];
    return access_write_party(f->v, x->supervisor_ref, x->supervisee_ref) || in_share(f, x->supervisee_ref);
}

/* Drops what the viewer may not read among the things kept from index from on. */
static void check_from(Found *f, Group g, size_t from)
{
    SearchResults *o = f->out;
    size_t kept = from, n = count_of(o, g);
    for (size_t i = from; i < n; i++) {
        if (!readable(f, g, i)) continue;
        if (g == PEOPLE) o->people[kept] = o->people[i];
        if (g == CASES) o->cases[kept] = o->cases[i];
        if (g == RECORDS) o->records[kept] = o->records[i];
        kept++;
    }
    if (g == PEOPLE) o->npeople = kept;
    if (g == CASES) o->ncases = kept;
    if (g == RECORDS) o->nrecords = kept;
}

/* The first `want` readable matches a statement gives in its order (its
 * limit, parameter limit_at, set here): when all may be read, one run;
 * within a share, the run is made again with a larger limit until enough
 * are readable, the statement has no more, or CHECK_MAX were looked at
 * (then the group says more were found). */
static SvcResult gather(Found *f, Group g, StmtId stmt, Param *p, int np, int limit_at, int64_t want)
{
    for (int64_t lim = want;; lim *= 8) {
        p[limit_at] = P_INT(lim);
        size_t before = count_of(f->out, g);
        int64_t n = 0;
        if (rows(f, g, stmt, p, np, &n) != SVC_OK) return SVC_FAILED;
        if (!f->share) return SVC_OK;
        check_from(f, g, before);
        int64_t readable_returned = 0;
        for (size_t i = 0; i < f->nreturned; i++) readable_returned += seen(f->out, g, f->returned[i]);
        if (n < lim || readable_returned >= want) return SVC_OK;
        if (lim >= CHECK_MAX) {
            bool *more = g == PEOPLE ? &f->out->more_people : g == CASES ? &f->out->more_cases : &f->out->more_records;
            *more = true;
            return SVC_OK;
        }
    }
}

/* A share of at most search_share_scan people: every person, case and
 * record of it, matched here. */
static SvcResult within_share(Found *f)
{
    Buf refs = {0};
    for (size_t i = 0; i < f->nshare; i++) buf_addf(&refs, "%s%lld", i ? "," : "", (long long)f->share[i]);
    Param p[] = {P_STR(buf_str(&refs)), P_INT(f->v->staff_ref ? f->v->staff_ref : -1)};
    SvcResult rc = rows(f, PEOPLE, STMT_SEARCH_PEOPLE_SCOPED, p, 1, NULL);
    if (rc == SVC_OK) rc = rows(f, CASES, STMT_SEARCH_CASES_SCOPED, p, 1, NULL);
    if (rc == SVC_OK) rc = rows(f, RECORDS, STMT_SEARCH_RECORDS_SCOPED, p, 2, NULL);
    buf_free(&refs);
    return rc;
}

/* An auditor, or a larger share: the candidates the indexes give, in id or
 * name order, at most enough to rank the first limit + 1 of each group
 * (see the statements), matched here as everyone's are and, unless all
 * may be read, each checked against the share. */
static SvcResult through_indexes(Found *f, size_t limit)
{
    const Query *q = f->q;
    int64_t one = (int64_t)limit + 1;
    Param ids[] = {P_STR(q->id), P_STR(q->id_end), P_NULL};
    Param words[] = {P_STR(q->words), P_NULL};
    bool named = q->nwords > 0;
    f->dedupe = true;
    SvcResult rc = gather(f, PEOPLE, STMT_SEARCH_PEOPLE_IDS, ids, 3, 2, one);
    if (rc == SVC_OK && named) rc = gather(f, PEOPLE, STMT_SEARCH_PEOPLE_WORDS, words, 2, 1, one);
    if (rc == SVC_OK && named) rc = gather(f, PEOPLE, STMT_SEARCH_PEOPLE_START, words, 2, 1, 2 * one);
    if (rc == SVC_OK) rc = gather(f, CASES, STMT_SEARCH_CASES_IDS, ids, 3, 2, one);
    if (rc == SVC_OK && named) rc = gather(f, CASES, STMT_SEARCH_CASES_WORDS, words, 2, 1, one);
    if (rc == SVC_OK && named) rc = gather(f, CASES, STMT_SEARCH_CASES_START, words, 2, 1, 2 * one);
    if (rc == SVC_OK && q->dated) {
        Param on[] = {P_STR(q->from), P_STR(q->to), P_NULL};
        rc = gather(f, RECORDS, STMT_SEARCH_RECORDS_ON, on, 3, 2, one);
    }
    /* Records by name: those of the people found, best first, and the
     * viewer's own (found by the other's name, whoever that is now). */
    sort(f->out->people, f->out->npeople, sizeof *f->out->people, cmp_person);
    for (size_t i = 0; rc == SVC_OK && i <= f->out->npeople && i <= limit; i++) {
        int64_t whose = i < f->out->npeople && i < limit ? f->out->people[i].ref : f->share ? f->v->staff_ref : 0;
        if (!whose) continue;
        Param of[] = {P_INT(whose), P_NULL};
        rc = gather(f, RECORDS, STMT_SEARCH_RECORDS_OF, of, 2, 1, one);
    }
    return rc;
}

/* The staff refs of the viewer's share, in order, into f. */
static SvcResult load_share(Found *f, const Param *who)
{
    StoreRows *r = store_query(f->st, STMT_SEARCH_SHARE, who, 2);
    if (!r) return SVC_FAILED;
    size_t cap = 0;
    int64_t *refs = NULL;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&refs, &cap, f->nshare + 1, sizeof *refs);
        refs[f->nshare++] = store_col_int(r, 0);
    }
    store_rows_close(r);
    f->share = refs ? refs : xcalloc(1, sizeof *refs); /* an empty share is still a share */
    return got < 0 ? SVC_FAILED : SVC_OK;
}

SvcResult search(Store *st, const Viewer *v, const char *query, size_t limit, SearchResults *out, SvcError *e)
{
    memset(out, 0, sizeof *out);
    if (limit < 1 || limit > SEARCH_MAX_LIMIT) limit = SEARCH_MAX_LIMIT;
    Query *q = xcalloc(1, sizeof *q);
    SvcResult rc = parse(query ? query : "", q, e);
    Found f = {.st = st, .v = v, .q = q, .out = out};
    if (rc == SVC_OK && v->auditor) {
        rc = through_indexes(&f, limit);                         /* an auditor may read everyone */
    } else if (rc == SVC_OK && (v->staff_ref || v->nservices)) { /* else no share at all: an admin, say */
        Param who[] = {P_INT(v->staff_ref ? v->staff_ref : -1), P_INT(v->user_ref)};
        rc = load_share(&f, who);
        if (rc == SVC_OK) rc = f.nshare <= search_share_scan ? within_share(&f) : through_indexes(&f, limit);
    }
    free((void *)f.share);
    free(f.returned);
    free(q);
    if (rc != SVC_OK) return rc;
    sort(out->people, out->npeople, sizeof *out->people, cmp_person);
    sort(out->cases, out->ncases, sizeof *out->cases, cmp_case);
    sort(out->records, out->nrecords, sizeof *out->records, cmp_record);
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

void search_describe(const char *q, const SearchResults *r, Buf *out)
{
    buf_addf(out, "\"%s\"", q ? q : "");
    if (r->nrecords) buf_adds(out, " records");
    for (size_t i = 0; i < r->nrecords; i++) buf_addf(out, " %lld", (long long)r->records[i].ref);
    if (r->npeople) buf_adds(out, " people");
    for (size_t i = 0; i < r->npeople; i++) buf_addf(out, " %s", r->people[i].id);
    if (r->ncases) buf_adds(out, " cases");
    for (size_t i = 0; i < r->ncases; i++) buf_addf(out, " %s", r->cases[i].id);
}
