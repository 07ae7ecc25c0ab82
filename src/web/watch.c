/* watch.c: the watch of watch.h: a list of open connections and a small
 * hash table of client addresses under one mutex, swept once a second.
 * A sweep walks every connection; at the few thousand a server holds that
 * costs far less than keeping them ordered by deadline as they change
 * phase on every request. Log lines are made under the mutex and written
 * after it is let go, so that no thread of libmicrohttpd waits on the log. */
#include "web/watch.h"

#include <arpa/inet.h>
#include <float.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

#include "core/log.h"
#include "core/util.h"

#define ADDRESS_BUCKETS 1024
#define ADDRESSES_MAX 4096 /* addresses followed at once, unless the limits say */
#define LOG_EVERY 60.0     /* seconds between two log lines about one address */
#define KINDS_MAX 16       /* kinds of libmicrohttpd message followed at once */

typedef enum { HEADERS, BODY, ANSWERING, RESPONSE } Phase;

/* A client address with connections open, or with refusals and cuts not
 * yet logged, or logged less than LOG_EVERY ago. */
typedef struct Address {
    char name[64];
    unsigned open;
    unsigned refused, cut_headers, cut_body, cut_response; /* since its last line */
    double logged_at;
    struct Address *next;
} Address;

struct WatchConn {
    int fd;
    Address *address;
    Phase phase;
    double since;
    size_t bytes;   /* of the body received, or of the response */
    uint64_t acked; /* bytes the client had acknowledged when the response was queued */
    /* Bytes the socket had received when the headers' deadline started:
     * a connection that received nothing since is an idle one (a browser's
     * kept-alive or opened-ahead connection), closed without a log line. */
    uint64_t received;
    /* In the headers' phase, whether the client has acknowledged all of the
     * previous answer: until then the deadline is the answer's, and the next
     * request's headers are due from the moment it was first seen so (since)
     * rather than from the answer's handing to the kernel. */
    bool drained;
    bool proxy; /* the trusted proxy's: no deadline (watch_open) */
    bool cut;
    WatchConn *prev, *next;
};

struct Watch {
    WatchLimits limits;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool running, stopping;
    WatchConn *conns;
    unsigned open;
    Address *addresses[ADDRESS_BUCKETS];
    unsigned naddresses;
    Address other;         /* the addresses past limits.max_addresses, together */
    unsigned refused_full; /* refused, the server full, since the notes' last line */
    unsigned notes[2];     /* of each WatchNote since their last line */
    double notes_logged_at;
    /* libmicrohttpd's messages by kind (format), the last slot for those
     * past KINDS_MAX: the first in a minute is written, the rest counted. */
    struct {
        char kind[128], first[256];
        unsigned more;
        double logged_at;
    } kinds[KINDS_MAX + 1];
    unsigned nkinds;
};

/* Lines made under the lock, to be written (lines_write) after it. */
typedef struct {
    struct {
        char client[64], text[800];
    } * v;
    size_t n, cap;
} Lines;

static void lines_add(Lines *l, const char *client, const char *text)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    strfmt(l->v[l->n].client, sizeof l->v[l->n].client, "%s", client ? client : "");
    strfmt(l->v[l->n].text, sizeof l->v[l->n].text, "%s", text);
    l->n++;
}

static void lines_write(Lines *l)
{
    for (size_t i = 0; i < l->n; i++) log_event(l->v[i].client[0] ? l->v[i].client : NULL, "%s", l->v[i].text);
    free(l->v);
    *l = (Lines){0};
}

double watch_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The socket's TCP_INFO, when the kernel gives it up to byte end. */
static bool tcp_info_to(int fd, struct tcp_info *ti, size_t end)
{
    memset(ti, 0, sizeof *ti);
    socklen_t n = sizeof *ti;
    return getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &n) == 0 && n >= end;
}

/* The bytes the socket has received, and those it sent that the client
 * has acknowledged (TCP_INFO); UINT64_MAX when unknown (not TCP). */
static uint64_t received_bytes(int fd)
{
    struct tcp_info ti;
    bool known = tcp_info_to(fd, &ti, offsetof(struct tcp_info, tcpi_bytes_received) + sizeof ti.tcpi_bytes_received);
    return known ? ti.tcpi_bytes_received : UINT64_MAX;
}

/* Whether the socket still holds bytes of an answer the client has not
 * acknowledged: the answer is written, but the client is still reading it. */
static bool still_sending(int fd)
{
    int queued = 0;
    return ioctl(fd, SIOCOUTQ, &queued) == 0 && queued > 0;
}

static uint64_t acked_bytes(int fd)
{
    struct tcp_info ti;
    bool known = tcp_info_to(fd, &ti, offsetof(struct tcp_info, tcpi_bytes_acked) + sizeof ti.tcpi_bytes_acked);
    return known ? ti.tcpi_bytes_acked : UINT64_MAX;
}

Watch *watch_new(const WatchLimits *limits)
{
    Watch *w = xcalloc(1, sizeof *w);
    w->limits = *limits;
    if (!w->limits.min_rate) w->limits.min_rate = 1;
    pthread_mutex_init(&w->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (!w->limits.max_addresses) w->limits.max_addresses = ADDRESSES_MAX;
    strfmt(w->other.name, sizeof w->other.name, "other addresses");
    w->other.logged_at = -DBL_MAX;
    w->notes_logged_at = -DBL_MAX;
    w->kinds[KINDS_MAX].logged_at = -DBL_MAX;
    return w;
}

static void *sweeper(void *arg)
{
    Watch *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stopping) {
        struct timespec at;
        clock_gettime(CLOCK_MONOTONIC, &at);
        at.tv_sec += 1;
        pthread_cond_timedwait(&w->wake, &w->lock, &at);
        if (w->stopping) break;
        pthread_mutex_unlock(&w->lock);
        watch_sweep(w, watch_now());
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

bool watch_start(Watch *w)
{
    w->running = pthread_create(&w->thread, NULL, sweeper, w) == 0;
    return w->running;
}

static size_t bucket_of(const char *name)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * 16777619u;
    return h % ADDRESS_BUCKETS;
}

/* What a client is known by: its address, or an IPv6 one's /64 (what one
 * machine or home is commonly given); an IPv4 address mapped into IPv6 (a
 * dual-stack socket) as IPv4. */
static void address_key(const char *client, char *key, size_t n)
{
    unsigned char a[16];
    strfmt(key, n, "%s", client);
    if (!strchr(client, ':') || inet_pton(AF_INET6, client, a) != 1) return;
    if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)a)) {
        inet_ntop(AF_INET, a + 12, key, (socklen_t)n);
        return;
    }
    memset(a + 8, 0, 8);
    char net[INET6_ADDRSTRLEN];
    if (inet_ntop(AF_INET6, a, net, sizeof net)) strfmt(key, n, "%s/64", net);
}

/* The address's entry, made when absent; past max_addresses, the entry of
 * all the others. Under the lock. */
static Address *address(Watch *w, const char *name)
{
    Address **head = &w->addresses[bucket_of(name)];
    for (Address *a = *head; a; a = a->next)
        if (strcmp(a->name, name) == 0) return a;
    if (w->naddresses >= w->limits.max_addresses) return &w->other;
    w->naddresses++;
    Address *a = xcalloc(1, sizeof *a);
    strfmt(a->name, sizeof a->name, "%s", name);
    a->logged_at = -DBL_MAX;
    a->next = *head;
    *head = a;
    return a;
}

/* A connection admitted and not yet opened. libmicrohttpd admits a
 * connection (watch_admit) and then starts it (watch_open) on the same
 * thread, or drops it unseen (out of memory, its own limit). It is counted
 * open from its admission, so that two threads admitting at once cannot
 * both take an address's last place; one never opened is let go at its
 * thread's next admission. */
static _Thread_local Watch *reserved_in;
static _Thread_local Address *reserved;

/* Lets go of this thread's reservation in w, if any. Under the lock. */
static void release_reservation(Watch *w)
{
    if (reserved_in != w || !reserved) return;
    reserved->open--;
    w->open--;
    reserved = NULL;
}

bool watch_admit(Watch *w, const char *client, bool proxy)
{
    char key[64];
    address_key(client, key, sizeof key);
    pthread_mutex_lock(&w->lock);
    release_reservation(w);
    /* Refused because the server is full: counted for the server, as no
     * address is then to blame, and without an entry for the address. */
    bool full = w->open >= w->limits.max_connections;
    Address *a = full ? NULL : address(w, key);
    bool over = a && a != &w->other && !proxy && w->limits.max_per_address && a->open >= w->limits.max_per_address;
    if (full) {
        w->refused_full++;
    } else if (over) {
        a->refused++;
    } else {
        a->open++;
        w->open++;
        reserved_in = w;
        reserved = a;
    }
    pthread_mutex_unlock(&w->lock);
    return !full && !over;
}

void watch_note(Watch *w, WatchNote what)
{
    pthread_mutex_lock(&w->lock);
    w->notes[what]++;
    pthread_mutex_unlock(&w->lock);
}

WatchConn *watch_open(Watch *w, int fd, const char *client, bool proxy, double now)
{
    WatchConn *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    c->proxy = proxy;
    c->phase = HEADERS;
    c->since = now;
    c->received = received_bytes(fd);
    c->drained = true;
    char key[64];
    address_key(client, key, sizeof key);
    pthread_mutex_lock(&w->lock);
    Address *a = address(w, key);
    if (reserved_in == w && reserved == a) {
        c->address = reserved; /* counted when admitted */
        reserved = NULL;
    } else {
        c->address = a;
        c->address->open++;
        w->open++;
    }
    c->next = w->conns;
    if (w->conns) w->conns->prev = c;
    w->conns = c;
    pthread_mutex_unlock(&w->lock);
    return c;
}

void watch_close(Watch *w, WatchConn *c)
{
    if (!c) return;
    pthread_mutex_lock(&w->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        w->conns = c->next;
    if (c->next) c->next->prev = c->prev;
    c->address->open--;
    w->open--;
    pthread_mutex_unlock(&w->lock);
    free(c);
}

/* Moves c to phase from now. */
static void set_phase(Watch *w, WatchConn *c, Phase phase, size_t bytes, double now)
{
    if (!c) return;
    pthread_mutex_lock(&w->lock);
    c->phase = phase;
    c->since = now;
    c->bytes = bytes;
    pthread_mutex_unlock(&w->lock);
}

void watch_headers(Watch *w, WatchConn *c, double now) { set_phase(w, c, BODY, 0, now); }
void watch_answering(Watch *w, WatchConn *c) { set_phase(w, c, ANSWERING, 0, 0); }
void watch_response(Watch *w, WatchConn *c, size_t len, double now)
{
    if (!c) return;
    uint64_t acked = acked_bytes(c->fd);
    pthread_mutex_lock(&w->lock);
    c->phase = RESPONSE;
    c->since = now;
    c->bytes = len;
    c->acked = acked;
    pthread_mutex_unlock(&w->lock);
}

void watch_body(Watch *w, WatchConn *c, size_t bytes)
{
    if (!c) return;
    pthread_mutex_lock(&w->lock);
    c->bytes += bytes;
    pthread_mutex_unlock(&w->lock);
}

void watch_done(Watch *w, WatchConn *c, double now)
{
    if (!c) return;
    uint64_t received = received_bytes(c->fd), acked = acked_bytes(c->fd);
    bool drained = !still_sending(c->fd);
    pthread_mutex_lock(&w->lock);
    c->phase = HEADERS;
    c->since = now;
    c->bytes = 0;
    c->received = received;
    c->acked = acked;
    c->drained = drained;
    pthread_mutex_unlock(&w->lock);
}

/* When c is overdue (DBL_MAX: never). An answer is measured by what the
 * client has acknowledged of it, so that one read too slowly through a
 * small window is cut at the rate it is read, not after the time the whole
 * answer would take at the least rate; where that is not known (not TCP),
 * by the answer's length. That holds too once the answer is all written
 * (the request over, the next one's headers due) while the client has not
 * yet read what the socket holds of it; the next request's headers are
 * then due from the first sweep that sees it all read, so that a client
 * reading a long answer at a good rate is not overdue the moment it has.
 * Under the lock; the socket is asked only about a connection past its
 * first deadline, or with an answer not all read. */
static double deadline(const Watch *w, WatchConn *c, double now)
{
    if (c->phase == ANSWERING) return DBL_MAX;
    if (c->phase == HEADERS && !c->drained && !still_sending(c->fd)) {
        c->drained = true;
        c->since = now;
    }
    double due = c->since + w->limits.timeout;
    if (c->phase == BODY) return due + (double)c->bytes / w->limits.min_rate;
    if (now < due || (c->phase == HEADERS && c->drained)) return due;
    uint64_t acked = c->acked == UINT64_MAX ? UINT64_MAX : acked_bytes(c->fd);
    if (acked != UINT64_MAX && acked >= c->acked) return due + (double)(acked - c->acked) / w->limits.min_rate;
    return c->phase == RESPONSE ? due + (double)c->bytes / w->limits.min_rate : due;
}

/* Ends c, counting it against its address unless it was idle. Under the
 * lock. */
static void cut(WatchConn *c)
{
    bool answering = c->phase == RESPONSE || still_sending(c->fd);
    if (c->phase == BODY) {
        c->address->cut_body++;
    } else if (answering) {
        c->address->cut_response++;
    } else {
        uint64_t now_received = received_bytes(c->fd);
        bool idle = c->received != UINT64_MAX && now_received == c->received;
        if (!idle) c->address->cut_headers++;
    }
    /* Abortive when an answer is under way: when libmicrohttpd closes the
     * socket, what it holds of the answer is dropped (a reset), not kept
     * by the kernel for a client that reads it a few bytes at a time. A
     * connection with nothing to send ends with an ordinary FIN, which a
     * client reads as the end of a kept-alive connection. */
    if (answering) {
        struct linger abort_on_close = {.l_onoff = 1, .l_linger = 0};
        setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    }
    shutdown(c->fd, SHUT_RDWR);
    c->cut = true;
}

/* "N connections what" at the end of line (after a separator), when N is
 * not 0. */
static void add_count(char *line, size_t size, unsigned n, const char *what)
{
    size_t len = strlen(line);
    char count[COUNT_WORDS_CHARS];
    if (n && len < size)
        strfmt(line + len, size - len, "%s%s %s", len ? "; " : "", count_words(n, "connection", "connections", count),
               what);
}

/* The line of an address's refusals and cuts since its last, if any, when
 * its last was a minute ago or more (or at once when forced), added to out.
 * Under the lock. */
static void log_address(Watch *w, Address *a, double now, bool force, Lines *out)
{
    if (!(a->refused | a->cut_headers | a->cut_body | a->cut_response)) return;
    if (!force && now - a->logged_at < LOG_EVERY) return;
    char line[768] = "", what[128];
    strfmt(what, sizeof what, "refused, %u already open from this address", w->limits.max_per_address);
    add_count(line, sizeof line, a->refused, what);
    strfmt(what, sizeof what, "cut, their headers not all sent within %u s", w->limits.timeout);
    add_count(line, sizeof line, a->cut_headers, what);
    strfmt(what, sizeof what, "cut, their body sent slower than %u bytes a second", w->limits.min_rate);
    add_count(line, sizeof line, a->cut_body, what);
    strfmt(what, sizeof what, "cut, their answer read slower than %u bytes a second", w->limits.min_rate);
    add_count(line, sizeof line, a->cut_response, what);
    char text[800];
    strfmt(text, sizeof text, "slow or too many connections: %s; at most one such line a minute per address", line);
    lines_add(out, a->name, text);
    a->refused = a->cut_headers = a->cut_body = a->cut_response = 0;
    a->logged_at = now;
}

/* The line of the server's refusals and libmicrohttpd's notes, as
 * log_address. Under the lock. */
static void log_notes(Watch *w, double now, bool force, Lines *out)
{
    if (!(w->refused_full | w->notes[WATCH_REFUSED_FULL] | w->notes[WATCH_ENDED_EARLY])) return;
    if (!force && now - w->notes_logged_at < LOG_EVERY) return;
    char line[512] = "", what[128];
    strfmt(what, sizeof what, "refused, the server's %u all in use", w->limits.max_connections);
    add_count(line, sizeof line, w->refused_full, what);
    add_count(line, sizeof line, w->notes[WATCH_REFUSED_FULL], "refused at libmicrohttpd's own limit");
    add_count(line, sizeof line, w->notes[WATCH_ENDED_EARLY],
              "ended before their request or answer was whole, the client gone or cut");
    char text[800];
    strfmt(text, sizeof text, "connections: %s; at most one such line a minute", line);
    lines_add(out, NULL, text);
    w->refused_full = w->notes[WATCH_REFUSED_FULL] = w->notes[WATCH_ENDED_EARLY] = 0;
    w->notes_logged_at = now;
}

bool watch_message(Watch *w, const char *kind, const char *text, double now)
{
    pthread_mutex_lock(&w->lock);
    unsigned i = 0;
    while (i < w->nkinds && strncmp(w->kinds[i].kind, kind, sizeof w->kinds[i].kind - 1) != 0) i++;
    if (i == w->nkinds) {
        if (w->nkinds < KINDS_MAX) {
            w->nkinds++;
            strfmt(w->kinds[i].kind, sizeof w->kinds[i].kind, "%s", kind);
            w->kinds[i].more = 0;
            w->kinds[i].logged_at = -DBL_MAX;
        } else {
            i = KINDS_MAX; /* the others, together */
        }
    }
    bool write = now - w->kinds[i].logged_at >= LOG_EVERY;
    if (write) {
        strfmt(w->kinds[i].first, sizeof w->kinds[i].first, "%s", text);
        w->kinds[i].logged_at = now;
    } else {
        w->kinds[i].more++;
    }
    pthread_mutex_unlock(&w->lock);
    return write;
}

/* The line of the messages of kind i counted, as log_address; true when
 * there is none and the kind has been quiet for a minute (to be forgotten).
 * Under the lock. */
static bool log_kind(Watch *w, unsigned i, double now, bool force, Lines *out)
{
    if (!force && now - w->kinds[i].logged_at < LOG_EVERY) return false;
    if (!w->kinds[i].more) return true;
    char text[800];
    strfmt(text, sizeof text, "libmicrohttpd: %u more like \"%s\" within a minute; at most one such line a minute",
           w->kinds[i].more, w->kinds[i].first);
    lines_add(out, NULL, text);
    w->kinds[i].more = 0;
    w->kinds[i].logged_at = now;
    return false;
}

static void log_messages(Watch *w, double now, bool force, Lines *out)
{
    for (unsigned i = 0; i < w->nkinds;)
        if (log_kind(w, i, now, force, out))
            w->kinds[i] = w->kinds[--w->nkinds];
        else
            i++;
    log_kind(w, KINDS_MAX, now, force, out);
}

unsigned watch_sweep(Watch *w, double now)
{
    unsigned ended = 0;
    Lines out = {0};
    pthread_mutex_lock(&w->lock);
    for (WatchConn *c = w->conns; c; c = c->next)
        if (!c->cut && !c->proxy && now >= deadline(w, c, now)) {
            cut(c);
            ended++;
        }
    for (size_t i = 0; i < ADDRESS_BUCKETS; i++)
        for (Address **p = &w->addresses[i]; *p;) {
            Address *a = *p;
            log_address(w, a, now, false, &out);
            bool quiet = !(a->refused | a->cut_headers | a->cut_body | a->cut_response);
            if (!a->open && quiet && now - a->logged_at >= LOG_EVERY) {
                *p = a->next;
                free(a);
                w->naddresses--;
            } else {
                p = &a->next;
            }
        }
    log_address(w, &w->other, now, false, &out);
    log_notes(w, now, false, &out);
    log_messages(w, now, false, &out);
    pthread_mutex_unlock(&w->lock);
    lines_write(&out);
    return ended;
}

void watch_free(Watch *w)
{
    if (!w) return;
    if (w->running) {
        pthread_mutex_lock(&w->lock);
        w->stopping = true;
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->thread, NULL);
    }
    if (reserved_in == w) reserved_in = NULL, reserved = NULL;
    /* What is not yet logged, now rather than never. */
    double now = watch_now();
    Lines out = {0};
    for (size_t i = 0; i < ADDRESS_BUCKETS; i++)
        for (Address *a = w->addresses[i]; a; a = a->next) log_address(w, a, now, true, &out);
    log_address(w, &w->other, now, true, &out);
    log_notes(w, now, true, &out);
    log_messages(w, now, true, &out);
    lines_write(&out);
    while (w->conns) {
        WatchConn *c = w->conns;
        w->conns = c->next;
        free(c);
    }
    for (size_t i = 0; i < ADDRESS_BUCKETS; i++)
        while (w->addresses[i]) {
            Address *a = w->addresses[i];
            w->addresses[i] = a->next;
            free(a);
        }
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
