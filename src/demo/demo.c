/* demo.c: the synthetic council behind `oversight demo`, the tests and the
 * benchmarks.
 *
 * The organisation (one record per member of staff and per team) is built in
 * memory first; then cases, sessions and discussions are generated one team
 * at a time and streamed to the CSV files, so memory grows with the number of
 * staff only and national scale (millions of sessions) stays small.
 *
 * Output is a pure function of the parameters: our own generator
 * (demo/random.h), integer arithmetic only, and every sort has a total
 * order, so any machine writes the same bytes. Each team draws from its
 * own streams, so a team's sessions can be replayed: a first pass counts the
 * sessions to choose the width of the zero-padded session ids. */
#include "demo/demo.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "demo/random.h"

#define NO_DATE INT32_MIN

/* ---------------------------------------------------------------- output */

#define OUT_CAP (1u << 20)

/* A file written through our own large buffer: fprintf per field would
 * dominate the run time at national scale. */
typedef struct {
    FILE *f;
    char *path;
    char *buf;
    size_t len;
    int err; /* errno of the first failed write, 0 if none */
} Out;

static void out_flush(Out *o)
{
    if (o->len && !o->err && fwrite(o->buf, 1, o->len, o->f) != o->len) o->err = errno ? errno : EIO;
    o->len = 0;
}

static inline void out_reserve(Out *o, size_t n)
{
    if (o->len + n > OUT_CAP) out_flush(o);
}

static void out_put(Out *o, const char *s, size_t n)
{
    if (n > OUT_CAP) { /* only a pathological field; keeps the buffer invariant */
        out_flush(o);
        if (!o->err && fwrite(s, 1, n, o->f) != n) o->err = errno ? errno : EIO;
        return;
    }
    out_reserve(o, n);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static inline void out_c(Out *o, char c)
{
    out_reserve(o, 1);
    o->buf[o->len++] = c;
}

static void out_s(Out *o, const char *s) { out_put(o, s, strlen(s)); }

/* A field as RFC 4180 wants it: quoted when it holds a comma, a quote, CR or
 * LF, with embedded quotes doubled. */
static void out_field(Out *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        out_s(o, s);
        return;
    }
    out_c(o, '"');
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        out_put(o, s, (size_t)(q - s) + 1);
        out_c(o, '"');
    }
    out_s(o, s);
    out_c(o, '"');
}

/* prefix and v in decimal, zero-padded to width digits (more if needed). */
static void out_id(Out *o, char prefix, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width && n < (int)sizeof tmp) tmp[n++] = '0';
    out_reserve(o, (size_t)n + 1);
    char *p = o->buf + o->len;
    *p++ = prefix;
    for (int i = n - 1; i >= 0; i--) *p++ = tmp[i];
    o->len += (size_t)n + 1;
}

static void out_date(Out *o, Date d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    out_reserve(o, 10);
    char *p = o->buf + o->len;
    p[0] = (char)('0' + y / 1000 % 10);
    p[1] = (char)('0' + y / 100 % 10);
    p[2] = (char)('0' + y / 10 % 10);
    p[3] = (char)('0' + y % 10);
    p[4] = '-';
    p[5] = (char)('0' + m / 10);
    p[6] = (char)('0' + m % 10);
    p[7] = '-';
    p[8] = (char)('0' + dd / 10);
    p[9] = (char)('0' + dd % 10);
    o->len += 10;
}

/* ---------------------------------------------------------------- the council */

/* Role and category ids of the default policy (policy/default.policy). */
enum { R_NQSW, R_SW, R_SP, R_MANAGER, R_SM, R_ADMIN, R_RES };
static const char *const role_ids[] = {"nqsw",  "social-worker", "senior-practitioner", "manager", "service-manager",
                                       "admin", "residential"};

enum { C_CP, C_CIN, C_LA, C_LAS, C_FP, C_RES };
static const char *const category_ids[] = {"child-protection",    "child-in-need",    "looked-after",
                                           "looked-after-stable", "family-placement", "residential"};
/* The category's own interval in days, or the every-case 6 months: what a
 * manager choosing cases for supervision works to. */
static const int32_t category_days[] = {61, 91, 182, 91, 182, 182};

/* Stricter per-case frequencies a manager might set, by category. */
static const struct {
    const char *text;
    int32_t days;
} overrides[][4] = {
    [C_CP] = {{"1m", 30}, {"6w", 42}, {"2w", 14}, {"10d", 10}},
    [C_CIN] = {{"2m", 61}, {"1m", 30}, {"6w", 42}, {"2m", 61}},
    [C_LA] = {{"3m", 91}, {"2m", 61}, {"1m", 30}, {"3m", 91}},
    [C_LAS] = {{"2m", 61}, {"1m", 30}, {"2m", 61}, {"6w", 42}},
    [C_FP] = {{"3m", 91}, {"1m", 30}, {"3m", 91}, {"2m", 61}},
    [C_RES] = {{"1m", 30}, {"2w", 14}, {"1m", 30}, {"3m", 91}},
};

enum { T_SMT, T_BS, T_ASSESS, T_CP, T_CIN, T_CIC, T_FP, T_RES };

/* The mix of team kinds, repeated: residential homes and a family placement
 * team come early so that even a small council has every category. */
static const uint8_t team_cycle[16] = {T_ASSESS, T_CIC,    T_CP,  T_RES, T_FP, T_CIN, T_ASSESS, T_CIC,
                                       T_CP,     T_ASSESS, T_CIC, T_CIN, T_CP, T_RES, T_CIC,    T_ASSESS};

static const char *const home_names[] = {"Oakwood House", "Willow Lodge",   "Beech View",     "Rowan House",
                                         "Maple Court",   "Hawthorn Lodge", "Elm Tree House", "Birch Grove",
                                         "Cedar House",   "Ash Lodge",      "Holly Bank",     "Larch House"};
#define NHOMES (sizeof home_names / sizeof home_names[0])

typedef struct {
    const char *name, *ascii, *nick;
} Name;

/* Mixed UK names, some non-ASCII, some with apostrophes; ascii is for email. */
/* clang-format off */
static const Name first_names[] = {
    {"Olivia", "olivia", NULL},      {"Amelia", "amelia", NULL},       {"Isla", "isla", NULL},
    {"Grace", "grace", NULL},        {"Freya", "freya", NULL},         {"Emily", "emily", NULL},
    {"Zoë", "zoe", NULL},            {"Siobhán", "siobhan", NULL},     {"Aoife", "aoife", NULL},
    {"Niamh", "niamh", NULL},        {"Priya", "priya", NULL},         {"Aisha", "aisha", NULL},
    {"Fatima", "fatima", NULL},      {"Amara", "amara", NULL},         {"Chloé", "chloe", NULL},
    {"Agnieszka", "agnieszka", NULL}, {"Małgorzata", "malgorzata", "Gosia"}, {"Elizabeth", "elizabeth", "Beth"},
    {"Katherine", "katherine", "Kate"}, {"Margaret", "margaret", "Peggy"}, {"Joanne", "joanne", "Jo"},
    {"Bethan", "bethan", NULL},      {"Eilidh", "eilidh", NULL},       {"Zofia", "zofia", NULL},
    {"Renée", "renee", NULL},        {"Hélène", "helene", NULL},       {"Adaeze", "adaeze", NULL},
    {"Samira", "samira", NULL},      {"Ngozi", "ngozi", NULL},         {"Mei", "mei", NULL},
    {"Oliver", "oliver", NULL},      {"George", "george", NULL},       {"Harry", "harry", NULL},
    {"Noah", "noah", NULL},          {"Jack", "jack", NULL},           {"Leo", "leo", NULL},
    {"Arthur", "arthur", NULL},      {"Muhammad", "muhammad", NULL},   {"Oscar", "oscar", NULL},
    {"Łukasz", "lukasz", NULL},      {"Tomasz", "tomasz", "Tomek"},    {"Seán", "sean", NULL},
    {"Ciarán", "ciaran", NULL},      {"Rhys", "rhys", NULL},           {"Dafydd", "dafydd", "Dai"},
    {"Kwame", "kwame", NULL},        {"Chidi", "chidi", NULL},         {"Arjun", "arjun", NULL},
    {"Rohan", "rohan", NULL},        {"Mehmet", "mehmet", NULL},       {"Yusuf", "yusuf", NULL},
    {"Minh", "minh", NULL},          {"Wei", "wei", NULL},             {"José", "jose", NULL},
    {"Björn", "bjorn", NULL},        {"Kofi", "kofi", NULL},           {"Imran", "imran", NULL},
    {"Robert", "robert", "Bob"},     {"William", "william", "Bill"},   {"Sam", "sam", NULL},
    {"Alex", "alex", NULL},          {"Ruairí", "ruairi", NULL},       {"Thanh", "thanh", NULL},
    {"Daniel", "daniel", "Dan"},
};
static const Name last_names[] = {
    {"Smith", "smith", NULL},         {"Jones", "jones", NULL},          {"Williams", "williams", NULL},
    {"Taylor", "taylor", NULL},       {"Brown", "brown", NULL},          {"Davies", "davies", NULL},
    {"Evans", "evans", NULL},         {"Wilson", "wilson", NULL},        {"Thomas", "thomas", NULL},
    {"Johnson", "johnson", NULL},     {"Roberts", "roberts", NULL},      {"Robinson", "robinson", NULL},
    {"Thompson", "thompson", NULL},   {"Wright", "wright", NULL},        {"Walker", "walker", NULL},
    {"White", "white", NULL},         {"Edwards", "edwards", NULL},      {"Hughes", "hughes", NULL},
    {"Green", "green", NULL},         {"Hall", "hall", NULL},            {"Patel", "patel", NULL},
    {"Khan", "khan", NULL},           {"Ahmed", "ahmed", NULL},          {"Begum", "begum", NULL},
    {"Ali", "ali", NULL},             {"Hussain", "hussain", NULL},      {"Singh", "singh", NULL},
    {"Kaur", "kaur", NULL},           {"Okafor", "okafor", NULL},        {"Mensah", "mensah", NULL},
    {"Adeyemi", "adeyemi", NULL},     {"Nguyễn", "nguyen", NULL},        {"Trần", "tran", NULL},
    {"Kowalczyk", "kowalczyk", NULL}, {"Nowak", "nowak", NULL},          {"Wiśniewski", "wisniewski", NULL},
    {"O'Neil", "oneil", NULL},        {"O'Brien", "obrien", NULL},       {"O'Connor", "oconnor", NULL},
    {"D'Souza", "dsouza", NULL},      {"McCarthy", "mccarthy", NULL},    {"MacLeod", "macleod", NULL},
    {"Murphy", "murphy", NULL},       {"Ó Súilleabháin", "osuilleabhain", NULL}, {"Brontë", "bronte", NULL},
    {"Müller", "muller", NULL},       {"García", "garcia", NULL},        {"Fernández", "fernandez", NULL},
    {"Costa", "costa", NULL},         {"Rossi", "rossi", NULL},          {"Yılmaz", "yilmaz", NULL},
    {"Öztürk", "ozturk", NULL},       {"Chen", "chen", NULL},            {"Wang", "wang", NULL},
    {"Zhang", "zhang", NULL},         {"Kim", "kim", NULL},              {"Ng", "ng", NULL},
    {"Mwangi", "mwangi", NULL},       {"Osei", "osei", NULL},            {"Campbell", "campbell", NULL},
    {"Stewart", "stewart", NULL},     {"Jenkins", "jenkins", NULL},      {"Lloyd", "lloyd", NULL},
    {"Smith-Okoro", "smith-okoro", NULL}, {"Lewis-Grant", "lewis-grant", NULL},
};
/* clang-format on */
#define NFIRST (sizeof first_names / sizeof first_names[0])
#define NLAST (sizeof last_names / sizeof last_names[0])

enum { NAME_PLAIN, NAME_SURNAME_FIRST, NAME_NICKNAME }; /* "Smith, Olivia"; Robert "Bob" Smith */
enum { P_GOOD, P_FAIR, P_POOR };                        /* how reliably someone is supervised */

typedef struct {
    Date start, left; /* left is NO_DATE while employed */
    Fte fte;
    int32_t supervisor, line_manager; /* staff index or -1 */
    int32_t team;
    int32_t ncases;
    int64_t case_first; /* cases are numbered in staff order before permuting */
    uint16_t first, last, email_n;
    uint8_t role, name_style, profile;
    bool blank_fte; /* writes fte empty (the default, 1) to exercise the default */
} Staff;

typedef struct {
    uint8_t kind;
    int32_t number;  /* within its kind, from 1 */
    int32_t manager; /* leads group sessions; staff index or -1 */
    int32_t lo, hi;  /* its members are staff[lo..hi) */
    int32_t service; /* index from 0; -1 for senior management */
} Team;

enum { EV_INDIVIDUAL, EV_GROUP, EV_INFORMAL };

typedef struct {
    Date date;
    uint8_t type;
    bool cancelled;
    int32_t who; /* the supervisee, or -1 for group sessions */
    int32_t supervisor;
    uint32_t seq;  /* generation order: makes the sort a total order */
    uint64_t mask; /* group attendees: bit j is staff[team.lo + j] */
} Event;

typedef struct {
    uint64_t id; /* case number, from 1 */
    Date alloc, closed, last;
    int32_t limit; /* days the manager aims to discuss it within */
    uint8_t cat;
} TeamCase;

typedef struct {
    int32_t score, idx;
} Cand;

enum { F_STAFF, F_CASES, F_SESSIONS, F_DISCUSSIONS, F_TEAMS, NFILES };
static const char *const file_names[NFILES] = {"staff.csv", "cases.csv", "sessions.csv", "discussions.csv",
                                               "teams.csv"};
static const char *const headers[NFILES] = {
    "id,name,email,role,team,supervisor,line_manager,start_date,fte,left_date\n",
    "id,category,worker,allocated_date,closed_date,every\n",
    "id,date,supervisor,supervisee,type,status\n",
    "session,case\n",
    "name,service,manager\n",
};

typedef struct {
    uint64_t seed;
    Date today, hist; /* hist: the first day of the history */
    Staff *staff;
    int32_t nstaff;
    Team *teams;
    int32_t nteams;
    int64_t ncases;
    uint64_t perm_a, perm_b; /* case k is numbered (k * perm_a + perm_b) mod ncases + 1 */
    int wstaff, wcase, wsess;
    uint64_t nsessions;
    Out out[NFILES];
    Event *ev;
    size_t nev, evcap;
    uint32_t seq;
    TeamCase *tc;
    size_t tccap;
    int64_t tc_base; /* global number of tc[0] */
    Cand *cand;
    size_t candcap;
} Gen;

static inline Date dmax(Date a, Date b) { return a > b ? a : b; }
static inline Date dmin(Date a, Date b) { return a < b ? a : b; }
static inline int imax(int a, int b) { return a > b ? a : b; }

static int digits(uint64_t v)
{
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Sessions fall on weekdays: Saturday and Sunday move on to Monday. */
static Date weekday_forward(Date d)
{
    int wd = (int)(((d % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday; 0 is Sunday */
    return wd == 6 ? d + 2 : wd == 0 ? d + 1 : d;
}

static bool active_on(const Staff *s, Date d) { return s->start <= d && (s->left == NO_DATE || s->left >= d); }

static bool practitioner(const Staff *s)
{
    return s->role == R_NQSW || s->role == R_SW || s->role == R_SP || s->role == R_RES;
}

/* Days from anchor to the supervision due date under the default policy: the
 * phase in force on the anchor, scaled pro rata exactly as the due rules do. */
static int32_t supervision_span(const Staff *s, Date anchor)
{
    Interval iv = {4, UNIT_WEEK};
    switch (s->role) {
    case R_NQSW: {
        int32_t since = anchor - s->start;
        iv.n = since < 42 ? 1 : since < 364 ? 2 : 4;
        break;
    }
    case R_ADMIN: iv.n = 6; break;
    case R_RES: iv = (Interval){1, UNIT_MONTH}; break;
    default: break;
    }
    return interval_add(anchor, interval_pro_rata(iv, s->fte)) - anchor;
}

static Date random_start_before(Rng *r, Date hist) { return hist - rng_range(r, 30, 365 * 12); }

/* Team sizes: about 8 workers and a manager per team, 5 teams per service,
 * a head of service, and business support staff at about 2.5%. */
static void build_org(Gen *g, Rng *r)
{
    const int32_t n = g->nstaff;
    int32_t nteams = 0, nservices = 0, nadmin = 0, nworkers = 0;
    if (n >= 4) {
        nteams = (int32_t)(((int64_t)n - 1) * 2 / 19);
        if (nteams < 1) nteams = 1;
        nservices = n >= 30 ? (nteams + 4) / 5 : 0;
        nadmin = n >= 20 ? (int32_t)((int64_t)n * 25 / 1000) : 0;
        if (n >= 20 && nadmin < 1) nadmin = 1;
        nworkers = n - 1 - nservices - nteams - nadmin;
    }
    const int32_t nserv = nservices ? nservices : 1;
    g->staff = xcalloc((size_t)n, sizeof(Staff));
    g->teams = xcalloc((size_t)(2 + nserv + nteams), sizeof(Team));
    Staff *st = g->staff;
    int32_t kind_count[T_RES + 1] = {0};
    int32_t idx = 0;

    /* Senior management: the head of service and the service managers. */
    Team *smt = &g->teams[g->nteams++];
    *smt = (Team){T_SMT, 1, 0, 0, 1 + nservices, -1};
    st[idx++] = (Staff){.role = R_SM, .supervisor = -1, .line_manager = -1, .team = 0};
    for (int32_t s = 0; s < nservices; s++)
        st[idx++] = (Staff){.role = R_SM, .supervisor = 0, .line_manager = 0, .team = 0};

    if (n >= 2 && n < 4) { /* too small for a team manager: the head manages them */
        Team *t = &g->teams[g->nteams];
        *t = (Team){T_ASSESS, 1, 0, idx, n, 0};
        while (idx < n) st[idx++] = (Staff){.role = R_SW, .supervisor = 0, .line_manager = 0, .team = g->nteams};
        g->nteams++;
    }

    for (int32_t s = 0; s < nserv && n >= 4; s++) {
        const int32_t sm = nservices ? 1 + s : 0;
        int32_t na = (int32_t)((int64_t)nadmin * (s + 1) / nserv - (int64_t)nadmin * s / nserv);
        if (na > 0) {
            Team *t = &g->teams[g->nteams];
            *t = (Team){T_BS, s + 1, sm, idx, idx + na, s};
            for (int32_t k = 0; k < na; k++)
                st[idx++] = (Staff){.role = R_ADMIN, .supervisor = sm, .line_manager = sm, .team = g->nteams};
            g->nteams++;
        }
        for (int32_t ti = (int32_t)((int64_t)nteams * s / nserv); ti < (int64_t)nteams * (s + 1) / nserv; ti++) {
            const uint8_t kind = team_cycle[ti % 16];
            const int32_t nw = (int32_t)((int64_t)nworkers * (ti + 1) / nteams - (int64_t)nworkers * ti / nteams);
            const int32_t mgr = idx;
            Team *t = &g->teams[g->nteams];
            *t = (Team){kind, ++kind_count[kind], mgr, idx, idx + 1 + nw, s};
            st[idx++] = (Staff){.role = R_MANAGER, .supervisor = sm, .line_manager = sm, .team = g->nteams};
            int32_t sp = -1;
            for (int32_t k = 0; k < nw; k++) {
                Staff *w = &st[idx];
                *w = (Staff){.role = R_SW, .supervisor = mgr, .line_manager = mgr, .team = g->nteams};
                if (kind == T_RES) {
                    w->role = R_RES;
                } else if (k == 0 && nw >= 4) {
                    w->role = R_SP;
                    sp = idx;
                } else {
                    if (rng_permille(r, 190)) w->role = R_NQSW;
                    /* Some workers are supervised by the senior practitioner
                     * while the team manager stays their line manager. */
                    if (sp >= 0 && rng_permille(r, 300)) w->supervisor = sp;
                }
                idx++;
            }
            g->nteams++;
        }
    }

    /* Start dates. Managers and senior practitioners predate the history so
     * every session has a supervisor in post; others arrive throughout it. */
    const Date today = g->today, hist = g->hist;
    for (int32_t i = 0; i < n; i++) {
        Staff *s = &st[i];
        switch (s->role) {
        case R_NQSW: s->start = today - rng_range(r, 0, 540); break;
        case R_SW:
        case R_RES:
        case R_ADMIN:
            if (rng_permille(r, 550) || today - 14 < hist)
                s->start = random_start_before(r, hist);
            else
                s->start = hist + rng_range(r, 0, today - 14 - hist);
            break;
        default: s->start = random_start_before(r, hist); break;
        }
        s->left = NO_DATE;
        s->fte = FTE_FULL;
        if (i > 0 && rng_permille(r, 150)) {
            static const Fte ftes[] = {800000, 800000, 800000, 800000, 600000, 600000,
                                       600000, 500000, 500000, 500000, 330000};
            s->fte = ftes[rng_below(r, sizeof ftes / sizeof ftes[0])];
        } else {
            s->blank_fte = rng_permille(r, 100);
        }
        s->first = (uint16_t)rng_below(r, NFIRST);
        s->last = (uint16_t)rng_below(r, NLAST);
        uint32_t style = rng_below(r, 1000);
        s->name_style = style < 40                                 ? NAME_SURNAME_FIRST
                        : style < 60 && first_names[s->first].nick ? NAME_NICKNAME
                                                                   : NAME_PLAIN;
        uint32_t prof = rng_below(r, 1000);
        s->profile = prof < 650 ? P_GOOD : prof < 900 ? P_FAIR : P_POOR;
    }

    /* One or two starters whose first day is still to come. */
    int32_t nfuture = n >= 200 ? 2 : n >= 10 ? 1 : 0;
    for (int32_t k = 0; k < nfuture; k++) {
        int32_t i0 = (int32_t)rng_below(r, (uint32_t)n);
        for (int32_t j = 0; j < n; j++) {
            Staff *s = &st[(i0 + j) % n];
            if ((s->role == R_SW || s->role == R_NQSW || s->role == R_RES) && s->start <= today) {
                s->start = today + rng_range(r, 7, 60);
                break;
            }
        }
    }

    /* Leavers (about 5%): workers only, so every supervisor stays in post. */
    for (int32_t i = 0; i < n; i++) {
        Staff *s = &st[i];
        if (s->role != R_SW && s->role != R_NQSW && s->role != R_RES && s->role != R_ADMIN) continue;
        if (s->start > today - 120 || !rng_permille(r, 62)) continue;
        Date lo = dmax(s->start + 60, hist + 1), hi = today - 1;
        if (lo <= hi) s->left = lo + rng_range(r, 0, hi - lo);
    }

    /* Emails first.last@council.example, numbered when the name repeats. */
    uint16_t *seen = xcalloc(NFIRST * NLAST, sizeof *seen);
    for (int32_t i = 0; i < n; i++) {
        uint16_t *c = &seen[st[i].first * NLAST + st[i].last];
        if (*c < UINT16_MAX) ++*c;
        st[i].email_n = *c;
    }
    free(seen);
}

/* Shares the cases out in proportion to fte and role (newly qualified
 * workers have protected caseloads; residential key workers hold a few
 * children each), by cumulative integer rounding so the total is exact. */
static void share_cases(Gen *g)
{
    const int32_t n = g->nstaff;
    uint64_t *w = xcalloc((size_t)n, sizeof *w);
    uint64_t total = 0;
    for (int32_t pass = 0; pass < 2 && total == 0; pass++) {
        for (int32_t i = 0; i < n; i++) {
            const Staff *s = &g->staff[i];
            Date a0 = dmax(s->start, g->hist), a1 = s->left != NO_DATE ? s->left - 1 : g->today;
            if (s->start > g->today || a1 < a0) continue;
            uint64_t factor = 0;
            if (pass == 1)
                factor = 100; /* no practitioners at all (tiny councils): anyone in post */
            else if (s->role == R_SW)
                factor = 100;
            else if (s->role == R_SP)
                factor = 80;
            else if (s->role == R_NQSW)
                factor = 70;
            else if (s->role == R_RES)
                factor = 30;
            if (s->left != NO_DATE) factor /= 2;
            w[i] = factor * (uint64_t)(s->fte / 10000);
            total += w[i];
        }
    }
    /* cum <= 1e6 staff * 1e4 and ncases <= 1e8: the product fits in 64 bits */
    uint64_t cum = 0, prev = 0;
    for (int32_t i = 0; i < n; i++) {
        cum += w[i];
        uint64_t upto = total ? (uint64_t)g->ncases * cum / total : 0;
        g->staff[i].case_first = (int64_t)prev;
        g->staff[i].ncases = (int32_t)(upto - prev);
        prev = upto;
    }
    free(w);
}

/* ---------------------------------------------------------------- sessions */

static void push_event(Gen *g, Date d, uint8_t type, bool cancelled, int32_t who, int32_t sup, uint64_t mask)
{
    xgrow((void **)&g->ev, &g->evcap, g->nev + 1, sizeof(Event));
    g->ev[g->nev++] = (Event){d, type, cancelled, who, sup, g->seq++, mask};
}

/* Individual sessions at roughly the policy's frequency: most people a little
 * early (aiming at the target), some late, a few left for months; about 8%
 * cancelled and rebooked a few days later. */
static void schedule_individual(Gen *g, Rng *r, int32_t i)
{
    const Staff *s = &g->staff[i];
    if (s->supervisor < 0 || s->start > g->today) return;
    const Date from = dmax(s->start, g->hist);
    const Date end = s->left != NO_DATE ? dmin(s->left, g->today) : g->today;
    if (end < from) return;
    Date stop = end;
    if (s->left == NO_DATE &&
        ((s->profile == P_POOR && rng_permille(r, 400)) || (s->profile == P_FAIR && rng_permille(r, 50))))
        stop = g->today - supervision_span(s, g->today) * rng_range(r, 120, 400) / 100;

    Date d =
        s->start >= g->hist ? s->start + rng_range(r, 0, 9) : g->hist + rng_range(r, 0, supervision_span(s, g->hist));
    for (;;) {
        d = weekday_forward(d);
        if (d > stop) break;
        if (rng_permille(r, 95)) {
            push_event(g, d, EV_INDIVIDUAL, true, i, s->supervisor, 0);
            d = weekday_forward(d + rng_range(r, 2, 12));
            if (d > stop) break;
        }
        push_event(g, d, EV_INDIVIDUAL, false, i, s->supervisor, 0);
        int32_t pct;
        switch (s->profile) {
        case P_GOOD: pct = rng_range(r, 60, 75); break; /* within an agreed 3 weeks of 4 */
        case P_FAIR: pct = rng_range(r, 70, 115); break;
        default: pct = rng_permille(r, 100) ? rng_range(r, 180, 320) : rng_range(r, 80, 150); break;
        }
        int32_t gap = supervision_span(s, d) * pct / 100;
        d += gap < 3 ? 3 : gap;
    }

    /* Informal case discussions now and then, with the line manager. */
    if (practitioner(s) && s->ncases > 0) {
        const int32_t with = s->line_manager >= 0 ? s->line_manager : s->supervisor;
        for (d = from + rng_range(r, 20, 200);; d += rng_range(r, 60, 240)) {
            d = weekday_forward(d);
            if (d > end) break;
            push_event(g, d, EV_INFORMAL, false, i, with, 0);
        }
    }
}

/* Monthly group supervision led by the team manager for the members in post
 * who turn up that day (bit j of mask is staff[t->lo + j]). */
static void schedule_groups(Gen *g, Rng *r, const Team *t)
{
    if (t->kind < T_ASSESS || t->manager < 0) return;
    int y, m, dd;
    date_to_ymd(g->hist, &y, &m, &dd);
    for (;;) {
        Date first = date_from_ymd(y, m, 1);
        if (first > g->today) break;
        Date d = weekday_forward(first + rng_range(r, 2, 24));
        if (d >= g->hist && d <= g->today) {
            uint64_t mask = 0;
            int count = 0;
            for (int32_t j = t->lo; j < t->hi && j - t->lo < 64; j++) {
                if (j == t->manager || !active_on(&g->staff[j], d)) continue;
                if (rng_permille(r, 850)) {
                    mask |= 1ull << (j - t->lo);
                    count++;
                }
            }
            if (count >= 2) push_event(g, d, EV_GROUP, rng_permille(r, 50), -1, t->manager, mask);
        }
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
}

static void team_events(Gen *g, int32_t ti)
{
    const Team *t = &g->teams[ti];
    Rng r;
    rng_seed(&r, g->seed, (uint64_t)ti, 1);
    g->nev = 0;
    g->seq = 0;
    for (int32_t i = t->lo; i < t->hi; i++) schedule_individual(g, &r, i);
    schedule_groups(g, &r, t);
}

static int event_cmp(const void *a, const void *b)
{
    const Event *x = a, *y = b;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---------------------------------------------------------------- cases */

static uint8_t pick_category(Rng *r, uint8_t kind)
{
    uint32_t x = rng_below(r, 1000);
    switch (kind) {
    case T_CP: return x < 650 ? C_CP : C_CIN;
    case T_CIN: return x < 150 ? C_CP : C_CIN;
    case T_CIC: return x < 550 ? C_LA : C_LAS;
    case T_FP: return C_FP;
    case T_RES: return C_RES;
    default: return x < 350 ? C_CP : C_CIN; /* assessment, and anyone outside a team */
    }
}

static void team_name(const Team *t, char *team, size_t len)
{
    switch (t->kind) {
    case T_SMT: strfmt(team, len, "Senior Management Team"); break;
    case T_BS: strfmt(team, len, "Business Support Team %d", (int)t->number); break;
    case T_ASSESS: strfmt(team, len, "Assessment Team %d", (int)t->number); break;
    case T_CP: strfmt(team, len, "Child Protection Team %d", (int)t->number); break;
    case T_CIN: strfmt(team, len, "Children in Need Team %d", (int)t->number); break;
    case T_CIC: strfmt(team, len, "Children in Care Team %d", (int)t->number); break;
    case T_FP: strfmt(team, len, "Family Placement Team %d", (int)t->number); break;
    default: {
        int32_t k = t->number - 1;
        if (k < (int32_t)NHOMES)
            strfmt(team, len, "%s (residential)", home_names[k]);
        else
            strfmt(team, len, "%s %d (residential)", home_names[k % NHOMES], (int)(k / NHOMES + 1));
    }
    }
}

static const char *const localities[] = {"North", "South", "East", "West", "Central", "Coastal", "Valley", "City"};
#define NLOCALITIES (sizeof localities / sizeof *localities)

/* Services are localities, each led by a service manager; a council too
 * small for service managers is one service. */
static void service_name(const Gen *g, int32_t service, char *out, size_t len)
{
    if (service < 0)
        strfmt(out, len, "Directorate");
    else if (g->nstaff < 30) /* see build_org */
        strfmt(out, len, "Children's Services");
    else if (service < (int32_t)NLOCALITIES)
        strfmt(out, len, "%s Locality", localities[service]);
    else
        strfmt(out, len, "Locality %d", (int)service + 1);
}

/* Each team's service and manager, for `oversight import teams`. */
static void write_teams(Gen *g)
{
    Out *o = &g->out[F_TEAMS];
    char team[96], service[64];
    for (int32_t i = 0; i < g->nteams; i++) {
        const Team *t = &g->teams[i];
        team_name(t, team, sizeof team);
        service_name(g, t->service, service, sizeof service);
        out_field(o, team);
        out_c(o, ',');
        out_field(o, service);
        out_c(o, ',');
        if (t->manager >= 0) out_id(o, 'S', (uint64_t)t->manager + 1, g->wstaff);
        out_c(o, '\n');
    }
}

static void write_staff(Gen *g)
{
    Out *o = &g->out[F_STAFF];
    char team[96], name[160], email[160];
    for (int32_t i = 0; i < g->nstaff; i++) {
        const Staff *s = &g->staff[i];
        const Name *fn = &first_names[s->first], *ln = &last_names[s->last];
        team_name(&g->teams[s->team], team, sizeof team);
        if (s->name_style == NAME_SURNAME_FIRST)
            strfmt(name, sizeof name, "%s, %s", ln->name, fn->name);
        else if (s->name_style == NAME_NICKNAME)
            strfmt(name, sizeof name, "%s \"%s\" %s", fn->name, fn->nick, ln->name);
        else
            strfmt(name, sizeof name, "%s %s", fn->name, ln->name);
        if (s->email_n > 1)
            strfmt(email, sizeof email, "%s.%s%u@council.example", fn->ascii, ln->ascii, (unsigned)s->email_n);
        else
            strfmt(email, sizeof email, "%s.%s@council.example", fn->ascii, ln->ascii);

        out_id(o, 'S', (uint64_t)i + 1, g->wstaff);
        out_c(o, ',');
        out_field(o, name);
        out_c(o, ',');
        out_s(o, email);
        out_c(o, ',');
        out_s(o, role_ids[s->role]);
        out_c(o, ',');
        out_field(o, team);
        out_c(o, ',');
        if (s->supervisor >= 0) out_id(o, 'S', (uint64_t)s->supervisor + 1, g->wstaff);
        out_c(o, ',');
        if (s->line_manager >= 0) out_id(o, 'S', (uint64_t)s->line_manager + 1, g->wstaff);
        out_c(o, ',');
        out_date(o, s->start);
        out_c(o, ',');
        if (!s->blank_fte) {
            char f[16];
            fte_format(s->fte, f);
            out_s(o, f);
        }
        out_c(o, ',');
        if (s->left != NO_DATE) out_date(o, s->left);
        out_c(o, '\n');
    }
}

/* The team's cases: allocated over the history (more of them recently),
 * about 30% closed, all of a leaver's closed by the last day, about 3% with a
 * stricter frequency of their own. Written out and kept for the sessions. */
static void team_cases(Gen *g, int32_t ti)
{
    const Team *t = &g->teams[ti];
    Rng r;
    rng_seed(&r, g->seed, (uint64_t)ti, 2);
    g->tc_base = g->staff[t->lo].case_first;
    const Staff *lastm = &g->staff[t->hi - 1];
    size_t n = (size_t)(lastm->case_first + lastm->ncases - g->tc_base);
    xgrow((void **)&g->tc, &g->tccap, n, sizeof(TeamCase));
    Out *o = &g->out[F_CASES];
    for (int32_t i = t->lo; i < t->hi; i++) {
        const Staff *s = &g->staff[i];
        const Date a0 = dmax(s->start, g->hist), a1 = s->left != NO_DATE ? s->left - 1 : g->today;
        for (int32_t k = 0; k < s->ncases; k++) {
            const int64_t gid = s->case_first + k;
            TeamCase *c = &g->tc[gid - g->tc_base];
            c->id = ((uint64_t)gid * g->perm_a + g->perm_b) % (uint64_t)g->ncases + 1;
            c->cat = s->role == R_RES ? C_RES : pick_category(&r, t->kind);
            c->alloc = a0 + (Date)rng_below(&r, (uint32_t)(a1 - a0) + 1);
            c->closed = NO_DATE;
            c->last = NO_DATE;
            if (s->left != NO_DATE)
                c->closed = c->alloc + 1 + (Date)rng_below(&r, (uint32_t)(s->left - c->alloc));
            else if (rng_permille(&r, 290) && c->alloc < g->today - 1)
                c->closed = c->alloc + 1 + (Date)rng_below(&r, (uint32_t)(g->today - 1 - c->alloc));
            c->limit = category_days[c->cat];
            const char *every = NULL;
            if (rng_permille(&r, 30)) {
                uint32_t v = rng_below(&r, 4);
                every = overrides[c->cat][v].text;
                if (overrides[c->cat][v].days < c->limit) c->limit = overrides[c->cat][v].days;
            }
            out_id(o, 'C', c->id, g->wcase);
            out_c(o, ',');
            out_s(o, category_ids[c->cat]);
            out_c(o, ',');
            out_id(o, 'S', (uint64_t)i + 1, g->wstaff);
            out_c(o, ',');
            out_date(o, c->alloc);
            out_c(o, ',');
            if (c->closed != NO_DATE) out_date(o, c->closed);
            out_c(o, ',');
            if (every) out_s(o, every);
            out_c(o, '\n');
        }
    }
}

static inline bool case_open(const TeamCase *c, Date d)
{
    return c->alloc <= d && (c->closed == NO_DATE || c->closed > d);
}

static void write_discussion(Gen *g, uint64_t sid, TeamCase *c, Date d)
{
    Out *o = &g->out[F_DISCUSSIONS];
    out_id(o, 'X', sid, g->wsess);
    out_c(o, ',');
    out_id(o, 'C', c->id, g->wcase);
    out_c(o, '\n');
    c->last = d;
}

/* Discusses up to k of the owners' open cases, those longest undiscussed
 * relative to what their category asks first (so child protection comes up
 * more often), with some randomness as managers and workers choose together. */
static void discuss(Gen *g, Rng *r, const int32_t *owners, int nowners, Date d, int k, int32_t jitter,
                    int32_t min_score, uint64_t sid)
{
    size_t n = 0;
    for (int oi = 0; oi < nowners; oi++) {
        const Staff *s = &g->staff[owners[oi]];
        const int64_t c0 = s->case_first - g->tc_base;
        for (int64_t ci = c0; ci < c0 + s->ncases; ci++) {
            const TeamCase *c = &g->tc[ci];
            if (!case_open(c, d)) continue;
            const Date anchor = c->last != NO_DATE ? c->last : c->alloc;
            int32_t score = (d - anchor) * 1000 / c->limit + (int32_t)rng_below(r, (uint32_t)jitter + 1);
            if (score < min_score) continue;
            xgrow((void **)&g->cand, &g->candcap, n + 1, sizeof(Cand));
            g->cand[n++] = (Cand){score, (int32_t)ci};
        }
    }
    for (int j = 0; j < k && n > 0; j++) {
        size_t best = 0;
        for (size_t x = 1; x < n; x++) {
            const Cand *a = &g->cand[x], *b = &g->cand[best];
            if (a->score > b->score || (a->score == b->score && a->idx < b->idx)) best = x;
        }
        write_discussion(g, sid, &g->tc[g->cand[best].idx], d);
        g->cand[best] = g->cand[--n];
    }
}

static void write_session(Gen *g, const Team *t, const Event *e, uint64_t sid)
{
    Out *o = &g->out[F_SESSIONS];
    out_id(o, 'X', sid, g->wsess);
    out_c(o, ',');
    out_date(o, e->date);
    out_c(o, ',');
    out_id(o, 'S', (uint64_t)e->supervisor + 1, g->wstaff);
    out_c(o, ',');
    if (e->type == EV_GROUP) {
        bool first = true;
        for (int j = 0; j < 64; j++) {
            if (!(e->mask >> j & 1)) continue;
            if (!first) out_c(o, ';');
            out_id(o, 'S', (uint64_t)(t->lo + j) + 1, g->wstaff);
            first = false;
        }
    } else {
        out_id(o, 'S', (uint64_t)e->who + 1, g->wstaff);
    }
    out_s(o, e->type == EV_GROUP ? ",group," : e->type == EV_INFORMAL ? ",informal," : ",individual,");
    out_s(o, e->cancelled ? "cancelled\n" : "held\n");
}

static void write_team(Gen *g, int32_t ti)
{
    const Team *t = &g->teams[ti];
    team_events(g, ti);
    if (g->nev) qsort(g->ev, g->nev, sizeof(Event), event_cmp); /* ev may still be NULL */
    team_cases(g, ti);
    Rng r;
    rng_seed(&r, g->seed, (uint64_t)ti, 3);
    int32_t owners[64];
    for (size_t k = 0; k < g->nev; k++) {
        const Event *e = &g->ev[k];
        const uint64_t sid = ++g->nsessions;
        write_session(g, t, e, sid);
        if (e->cancelled) continue;
        if (e->type == EV_GROUP) {
            int n = 0;
            for (int j = 0; j < 64; j++)
                if (e->mask >> j & 1) owners[n++] = t->lo + j;
            discuss(g, &r, owners, n, e->date, 2 + (int)rng_below(&r, 3), 1500, 0, sid);
            continue;
        }
        const Staff *s = &g->staff[e->who];
        if (s->ncases == 0) continue;
        if (e->type == EV_INFORMAL) {
            discuss(g, &r, &e->who, 1, e->date, 1 + (int)rng_below(&r, 2), 200, 0, sid);
        } else if (s->role == R_RES) {
            /* Residential homes discuss every child at each session; now and
             * then one is missed, which the every-session rule catches. */
            const int64_t c0 = s->case_first - g->tc_base;
            for (int64_t ci = c0; ci < c0 + s->ncases; ci++)
                if (case_open(&g->tc[ci], e->date) && rng_permille(&r, 950))
                    write_discussion(g, sid, &g->tc[ci], e->date);
        } else {
            int want;
            if (supervision_span(s, e->date) < 21)
                want = 1 + (int)rng_below(&r, 3); /* weekly/fortnightly: fewer */
            else if (s->profile == P_GOOD)
                want = 4 + (int)rng_below(&r, 5);
            else if (s->profile == P_FAIR)
                want = 3 + (int)rng_below(&r, 4);
            else
                want = 1 + (int)rng_below(&r, 3);
            discuss(g, &r, &e->who, 1, e->date, want, 300, 100, sid);
        }
    }
}

/* ---------------------------------------------------------------- driver */

void demo_defaults(DemoParams *p)
{
    p->staff = 60;
    p->cases = 900;
    p->years = 3;
    p->seed = 1;
    p->today = date_from_ymd(2026, 6, 1);
}

static int close_all(Gen *g, char *err, size_t errlen, int rc)
{
    for (int i = 0; i < NFILES; i++) {
        Out *o = &g->out[i];
        if (!o->f) continue;
        out_flush(o);
        if (fclose(o->f) != 0 && !o->err) o->err = errno ? errno : EIO;
        o->f = NULL;
        if (o->err && rc == 0) {
            strfmt(err, errlen, "%s: %s", o->path, strerror(o->err));
            rc = -1;
        }
    }
    return rc;
}

int demo_write_csv(const DemoParams *p, const char *dir, char *err, size_t errlen)
{
    if (p->staff < 1 || p->staff > 1000000) {
        strfmt(err, errlen, "demo: staff %ld: must be 1 to 1000000", p->staff);
        return -1;
    }
    if (p->cases < 0 || p->cases > 100000000) {
        strfmt(err, errlen, "demo: cases %ld: must be 0 to 100000000", p->cases);
        return -1;
    }
    if (p->years < 1 || p->years > 50) {
        strfmt(err, errlen, "demo: years %d: must be 1 to 50", p->years);
        return -1;
    }
    /* Keeps every generated date (history, long service, starters) in 4-digit years. */
    if (p->today < date_from_ymd(1970, 1, 1) || p->today > date_from_ymd(9000, 12, 31)) {
        strfmt(err, errlen, "demo: today must be from 1970 to 9000");
        return -1;
    }

    Gen g = {0};
    g.seed = p->seed;
    g.today = p->today;
    g.hist = date_add_months(p->today, -12 * (int64_t)p->years);
    g.nstaff = (int32_t)p->staff;
    g.ncases = p->cases;
    g.wstaff = imax(5, digits((uint64_t)p->staff));
    g.wcase = imax(6, digits((uint64_t)(p->cases > 0 ? p->cases : 1)));
    /* Case numbers are a fixed permutation of 0..ncases-1 so they do not
     * follow the workers' order: an affine map with a multiplier coprime to n. */
    if (g.ncases > 0) {
        uint64_t n = (uint64_t)g.ncases;
        g.perm_a = n * 618 / 1000 + 1;
        while (gcd(g.perm_a, n) != 1) g.perm_a++;
        g.perm_b = n / 3;
    }

    Rng r;
    rng_seed(&r, g.seed, 0, 0);
    build_org(&g, &r);
    share_cases(&g);

    /* First pass: count sessions for the width of their ids. */
    uint64_t nsess = 0;
    for (int32_t t = 0; t < g.nteams; t++) {
        team_events(&g, t);
        nsess += g.nev;
    }
    g.wsess = imax(7, digits(nsess ? nsess : 1));

    int rc = 0;
    for (int i = 0; i < NFILES; i++) {
        Out *o = &g.out[i];
        o->path = xasprintf("%s/%s", dir, file_names[i]);
        o->buf = xmalloc(OUT_CAP);
        o->f = fopen(o->path, "w");
        if (!o->f) {
            strfmt(err, errlen, "%s: %s", o->path, strerror(errno));
            rc = -1;
            break;
        }
        out_s(o, headers[i]);
    }
    if (rc == 0) {
        write_staff(&g);
        write_teams(&g);
        for (int32_t t = 0; t < g.nteams; t++) write_team(&g, t);
    }
    rc = close_all(&g, err, errlen, rc);
    for (int i = 0; i < NFILES; i++) {
        free(g.out[i].path);
        free(g.out[i].buf);
    }
    free(g.staff);
    free(g.teams);
    free(g.ev);
    free(g.tc);
    free(g.cand);
    return rc;
}
