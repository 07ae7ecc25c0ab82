/* watch.h: deadlines for slow clients, and the limits on open connections.
 *
 * libmicrohttpd's timeout is an idle timeout: a client that sends one byte
 * every few seconds keeps its connection, and its slot, for ever. The watch
 * holds every open connection with the part of a request it is in and
 * ends the one that is overdue:
 *
 *   headers   all of a request's headers within `timeout` seconds of the
 *             connection's start, or of the client's having read all of
 *             its previous answer (a kept-alive connection idle that long
 *             is closed too, with an ordinary FIN);
 *   body      within `timeout` seconds of the headers plus one second for
 *             each `min_rate` bytes received (Apache's RequestReadTimeout
 *             body=20,MinRate=500): an upload arriving at min_rate bytes a
 *             second or faster is never cut, one byte every 3 s is;
 *   response  read by the client within `timeout` seconds of being queued
 *             plus one for each min_rate bytes the client has acknowledged
 *             (TCP_INFO), so one read through a tiny window a few bytes at
 *             a time (slow read) is cut at 15 s and a little, also when
 *             the answer is all written but not yet read (the request
 *             over); over a socket that is not TCP, plus one for each
 *             min_rate bytes of the answer;
 *
 * and no deadline while the application works out the answer. A sweep
 * (once a second, on the watch's own thread) ends an overdue connection
 * with shutdown(2) of its socket, which is safe from any thread (after
 * SO_LINGER 0, so that an answer it still holds is dropped), and
 * libmicrohttpd, seeing the socket end, closes it as if the client had
 * gone. The socket stays open while it is registered: the server
 * unregisters it (watch_close) before it closes it.
 *
 * It also decides whether a new connection may come in (watch_admit): not
 * past max_connections open in all, nor past max_per_address from one
 * address (an IPv6 address by its /64). Refusals and cuts are logged once
 * a minute per address, with their counts, never once per connection;
 * refusals because the server is full once a minute in all. It follows up
 * to max_addresses addresses at once: the connections of others are
 * counted together as "other addresses", without a limit per address (the
 * limit in all holds), and logged in one line a minute.
 *
 * Every function is safe to call from any thread. Times are seconds on a
 * monotonic clock (watch_now), given by the caller so that tests can set
 * them. */
#ifndef OV_WATCH_H
#define OV_WATCH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    unsigned max_connections; /* open connections in all */
    unsigned max_per_address; /* open connections from one address; 0: no limit */
    unsigned timeout;         /* seconds: see above */
    unsigned min_rate;        /* bytes a second: see above */
    unsigned max_addresses;   /* addresses followed at once; 0: 4096 */
} WatchLimits;

typedef struct Watch Watch;
typedef struct WatchConn WatchConn;

/* A watch with these limits; no thread yet. */
Watch *watch_new(const WatchLimits *limits);
/* Sweeps once a second on a thread of its own until watch_free. False when
 * the thread cannot be started. */
bool watch_start(Watch *w);
/* Stops the thread, logs the refusals and cuts not yet logged, and frees
 * everything; every connection must have been closed (watch_close) first. */
void watch_free(Watch *w);

/* Now, in seconds on the monotonic clock. */
double watch_now(void);

/* Whether a new connection from client may come in; a refusal is counted
 * for the log. One admitted counts as open at once: the same thread then
 * opens it (watch_open), or it is let go at the thread's next admission.
 * proxy: the client is a trusted proxy, whose connections carry many
 * people's requests: not held to max_per_address (the limit in all holds). */
bool watch_admit(Watch *w, const char *client, bool proxy);
/* What libmicrohttpd reports once per connection, without its address:
 * counted, and logged once a minute. */
typedef enum {
    WATCH_REFUSED_FULL, /* refused at its own limit of connections */
    WATCH_ENDED_EARLY,  /* ended before its request or answer was whole: the client went, or was cut */
} WatchNote;
void watch_note(Watch *w, WatchNote what);
/* Whether libmicrohttpd's message text, of format kind, is to be logged:
 * the first of its kind in a minute is; the others are counted, and the
 * sweep logs how many in one line a minute. */
bool watch_message(Watch *w, const char *kind, const char *text, double now);

/* A connection has started on socket fd: its headers' deadline runs.
 * proxy: it is the trusted proxy's, which reads whole requests from slow
 * clients itself and keeps connections open to send others' requests on:
 * held to no deadline (libmicrohttpd's idle timeout still closes it), so
 * that a request the proxy sent on a kept-alive connection is never cut
 * while it waits on a busy server, or as the connection turns idle. */
WatchConn *watch_open(Watch *w, int fd, const char *client, bool proxy, double now);
/* It is about to be closed: fd is no longer touched. c is freed. */
void watch_close(Watch *w, WatchConn *c);
/* Its request's headers are in: the body's deadline runs. */
void watch_headers(Watch *w, WatchConn *c, double now);
/* bytes more of the body have arrived. */
void watch_body(Watch *w, WatchConn *c, size_t bytes);
/* The application is answering: no deadline. */
void watch_answering(Watch *w, WatchConn *c);
/* An answer of len bytes is queued: the response's deadline runs. */
void watch_response(Watch *w, WatchConn *c, size_t len, double now);
/* The request is over (answered, or abandoned): the next one's headers'
 * deadline runs. */
void watch_done(Watch *w, WatchConn *c, double now);

/* Ends every overdue connection and writes the log lines due; returns how
 * many it ended. Called by the thread; callable by tests. */
unsigned watch_sweep(Watch *w, double now);

#endif
