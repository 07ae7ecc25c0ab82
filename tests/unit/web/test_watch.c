/* The watch over slow clients (web/watch.h), with the times given: each
 * deadline ends a connection (its peer sees the end) at the moment it
 * passes and not before; none runs while the application answers; the
 * limits on connections (an IPv6 address by its /64); one log line a
 * minute per address, none for an idle connection closed, one in all for
 * refusals when the server is full and for the addresses past the table's
 * 256; the first of each kind of libmicrohttpd's messages in a minute. The watch over a real server is tested by
 * tests/reliability/test_slow_clients.sh and tests/cli/test_http_limits.sh. */
#include <arpa/inet.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/util.h"
#include "web/watch.h"
#include "test.h"

static const WatchLimits limits = {.max_connections = 3, .max_per_address = 2, .timeout = 15, .min_rate = 500};

/* A connected pair: s[0] the server's end (watched), s[1] the client's.
 * Over TCP on loopback when tcp (the client's receive buffer rcvbuf bytes
 * when not 0), else a socketpair. */
static void pair(int s[2], bool tcp, int rcvbuf)
{
    if (!tcp) {
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) != 0) abort();
        return;
    }
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) || getsockname(l, (struct sockaddr *)&a, &n))
        abort();
    s[1] = socket(AF_INET, SOCK_STREAM, 0);
    if (rcvbuf) setsockopt(s[1], SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (connect(s[1], (struct sockaddr *)&a, sizeof a) != 0) abort();
    s[0] = accept(l, NULL, NULL);
    close(l);
}

/* Whether the client's end sees the connection ended (EOF), without
 * waiting. */
static bool ended(int client)
{
    char c;
    return recv(client, &c, 1, MSG_DONTWAIT) == 0;
}

/* Whether the socket is set to end with a reset (SO_LINGER 0). */
static bool abortive(int fd)
{
    struct linger l = {0};
    socklen_t n = sizeof l;
    return getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &n) == 0 && l.l_onoff;
}

static void test_headers_due_within_the_timeout(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", false, 100);
    CHECK_INT(watch_sweep(w, 114.9), 0);
    CHECK(!ended(s[1]));
    CHECK_INT(watch_sweep(w, 115), 1);
    CHECK(ended(s[1]));
    CHECK_INT(watch_sweep(w, 200), 0); /* ended once */
    watch_close(w, c);
    watch_free(w);
    close(s[0]);
    close(s[1]);
}

/* The trusted proxy's connections: a request it sent and the server has
 * not read yet, or a kept-alive connection idle past the timeout, is never
 * cut (the proxy deals with slow clients, and would answer a POST sent on
 * a connection cut under it with 502); another address's is. */
static void test_proxy_connections_never_cut(void)
{
    Watch *w = watch_new(&limits);
    int s[2], t[2];
    pair(s, false, 0);
    pair(t, false, 0);
    WatchConn *proxy = watch_open(w, s[0], "192.0.2.9", true, 0);
    WatchConn *other = watch_open(w, t[0], "192.0.2.1", false, 0);
    CHECK(write(s[1], "GET / HTTP/1.1\r\n", 16) == 16); /* sent, not yet read */
    CHECK_INT(watch_sweep(w, 1000), 1);
    CHECK(!ended(s[1]));
    CHECK(ended(t[1]));
    watch_headers(w, proxy, 1000);
    watch_answering(w, proxy);
    watch_response(w, proxy, 10 * 1024 * 1024, 1001);
    watch_done(w, proxy, 1002);
    CHECK_INT(watch_sweep(w, 5000), 0);
    CHECK(!ended(s[1]));
    watch_close(w, proxy);
    watch_close(w, other);
    watch_free(w);
    for (int i = 0; i < 2; i++) close(s[i]), close(t[i]);
}

static void test_no_deadline_while_answering(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", false, 0);
    watch_headers(w, c, 1);
    watch_answering(w, c);
    CHECK_INT(watch_sweep(w, 1000), 0);
    CHECK(!ended(s[1]));
    /* An answer of 5,000 bytes: 15 s and 10 more to read it. */
    watch_response(w, c, 5000, 1000);
    CHECK_INT(watch_sweep(w, 1024.9), 0);
    CHECK_INT(watch_sweep(w, 1025), 1);
    CHECK(ended(s[1]));
    watch_close(w, c);
    watch_free(w);
    close(s[0]);
    close(s[1]);
}

/* Slow read: an answer of 10 MiB, which would have 15 s and 20,971 more
 * at 500 bytes a second, read through a small window and then not at all:
 * cut once 15 s and a second per 500 bytes acknowledged have passed. */
static void test_slow_read_cut_at_the_rate_it_reads(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, true, 2048);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", false, 0);
    watch_headers(w, c, 0);
    watch_answering(w, c);
    watch_response(w, c, 10 << 20, 0);
    static char answer[1 << 20];
    CHECK(send(s[0], answer, sizeof answer, MSG_DONTWAIT) > 0); /* as much as the buffers take */
    usleep(50000);
    CHECK_INT(watch_sweep(w, 14.9), 0);
    CHECK_INT(watch_sweep(w, 15 + 100), 1); /* the window let through far less than 50,000 bytes */
    CHECK(ended(s[1]) || recv(s[1], answer, sizeof answer, MSG_DONTWAIT) > 0);
    watch_close(w, c);
    watch_free(w);
    close(s[0]);
    close(s[1]);
}

static const char *sweep_log(Watch *w, double now);

/* The answer all written, the request over, but the client still reading
 * what the socket holds of it a few bytes at a time: measured as the
 * answer was, and logged as a slow read, not as an idle connection. */
static void test_slow_read_of_an_answer_all_written(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, true, 2048);
    WatchConn *c = watch_open(w, s[0], "192.0.2.7", false, 0);
    watch_headers(w, c, 0);
    watch_answering(w, c);
    watch_response(w, c, 1 << 20, 0);
    static char answer[1 << 20];
    CHECK(send(s[0], answer, sizeof answer, MSG_DONTWAIT) > 0);
    watch_done(w, c, 1);
    usleep(50000);
    CHECK_INT(watch_sweep(w, 15.9), 0);
    const char *out = sweep_log(w, 16 + 100);
    CHECK(ended(s[1]) || recv(s[1], answer, sizeof answer, MSG_DONTWAIT) != 0);
    CHECK_HAS(out, "1 connection cut, their answer read slower than 500 bytes a second");
    watch_close(w, c);
    watch_free(w);
    close(s[0]);
    close(s[1]);
}

static void test_next_request_due_from_the_end_of_the_last(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", false, 0);
    watch_headers(w, c, 1);
    watch_answering(w, c);
    watch_response(w, c, 100, 2);
    watch_done(w, c, 10);
    CHECK_INT(watch_sweep(w, 24.9), 0);
    CHECK_INT(watch_sweep(w, 25), 1);
    watch_close(w, c);
    watch_free(w);
    close(s[0]);
    close(s[1]);
}

/* The socket's bytes not yet acknowledged by the client. */
static int unacknowledged(int fd)
{
    int n = 0;
    return ioctl(fd, SIOCOUTQ, &n) == 0 ? n : -1;
}

/* An answer read at a good rate but for longer than the timeout (found: a
 * kept-alive connection reset once it had read 48,943 bytes in 6.1 s with a
 * timeout of 1 s): the next request's headers are due from the moment the
 * client has read it all, not from its handing to the kernel. */
static void test_next_request_due_once_the_answer_is_read(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, true, 2048);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", false, 0);
    watch_headers(w, c, 0);
    watch_answering(w, c);
    static char answer[1 << 20];
    ssize_t sent = send(s[0], answer, 200000, MSG_DONTWAIT);
    CHECK(sent > 0);
    watch_response(w, c, (size_t)sent, 0);
    watch_done(w, c, 1); /* all handed to the kernel */
    CHECK(unacknowledged(s[0]) > 0);
    ssize_t got = 0;
    for (int i = 0; i < 2000 && (got < sent || unacknowledged(s[0]) > 0); i++) {
        ssize_t n = recv(s[1], answer, sizeof answer, MSG_DONTWAIT);
        if (n > 0)
            got += n;
        else
            usleep(1000);
    }
    CHECK(got == sent);
    CHECK_INT(unacknowledged(s[0]), 0);
    CHECK_INT(watch_sweep(w, 30), 0); /* read it all by 30: due at 45 */
    CHECK(!ended(s[1]));
    CHECK_INT(watch_sweep(w, 44.9), 0);
    CHECK_INT(watch_sweep(w, 45), 1);
    CHECK(ended(s[1]));
    CHECK(!abortive(s[0]));
    watch_close(w, c);
    watch_free(w);
    close(s[0]);
    close(s[1]);
}

static void test_body_at_the_minimum_rate_is_never_cut(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", false, 0);
    watch_headers(w, c, 0);
    unsigned cut = 0;
    for (int t = 1; t <= 3600; t++) { /* an hour at 500 bytes a second */
        watch_body(w, c, 500);
        cut += watch_sweep(w, t + 0.5);
    }
    CHECK_INT(cut, 0);
    CHECK(!ended(s[1]));
    watch_close(w, c);

    /* One byte every 3 s: cut at 15 s and a little. */
    pair(s, false, 0);
    c = watch_open(w, s[0], "192.0.2.1", false, 0);
    watch_headers(w, c, 0);
    double at = 0;
    for (int t = 3; t <= 60 && !cut; t += 3) {
        watch_body(w, c, 1);
        cut = watch_sweep(w, t);
        at = t;
    }
    CHECK_INT(cut, 1);
    CHECK(at == 18); /* 15 s and 5 bytes' worth */
    watch_close(w, c);
    watch_free(w);
    close(s[0]);
    close(s[1]);
}

static void test_limits_in_all_and_per_address(void)
{
    Watch *w = watch_new(&limits);
    int s[3][2];
    WatchConn *c[3];
    for (int i = 0; i < 3; i++) pair(s[i], false, 0);
    CHECK(watch_admit(w, "192.0.2.1", false));
    c[0] = watch_open(w, s[0][0], "192.0.2.1", false, 0);
    c[1] = watch_open(w, s[1][0], "192.0.2.1", false, 0);
    CHECK(!watch_admit(w, "192.0.2.1", false)); /* 2 from one address */
    CHECK(watch_admit(w, "192.0.2.1", true));   /* a trusted proxy's: no limit of its own */
    CHECK(watch_admit(w, "192.0.2.2", false));  /* (the proxy's never opened: let go) */
    c[2] = watch_open(w, s[2][0], "192.0.2.2", false, 0);
    CHECK(!watch_admit(w, "192.0.2.3", false)); /* 3 in all */
    watch_close(w, c[0]);
    CHECK(watch_admit(w, "192.0.2.1", false));
    watch_close(w, c[1]);
    watch_close(w, c[2]);
    watch_free(w);
    for (int i = 0; i < 3; i++) close(s[i][0]), close(s[i][1]);
}

/* For test_an_admission_holds_its_place: admits on a thread of its own. */
static void *admit_elsewhere(void *w)
{
    static bool admitted;
    admitted = watch_admit(w, "192.0.2.1", false);
    return &admitted;
}

/* Two threads admitting at once cannot both take an address's last place:
 * an admission counts at once, is taken up by the same thread's
 * watch_open, and let go at its next admission when never opened. */
static void test_an_admission_holds_its_place(void)
{
    WatchLimits one = limits;
    one.max_per_address = 1;
    Watch *w = watch_new(&one);
    CHECK(watch_admit(w, "192.0.2.1", false));
    pthread_t t;
    void *other;
    pthread_create(&t, NULL, admit_elsewhere, w);
    pthread_join(t, &other);
    CHECK(!*(bool *)other); /* the place is this thread's */
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", false, 0);
    CHECK(!watch_admit(w, "192.0.2.1", false)); /* open once, not twice */
    watch_close(w, c);
    CHECK(watch_admit(w, "192.0.2.1", false));
    CHECK(watch_admit(w, "192.0.2.1", false)); /* never opened: let go at the next */
    watch_free(w);
    close(s[0]);
    close(s[1]);
}

/* Runs the sweep at time now with standard error into a file, and returns
 * what was written (freed by the next call). */
static char *logged;
static const char *sweep_log(Watch *w, double now)
{
    FILE *f = tmpfile();
    if (!f) abort();
    int fd = fileno(f);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    watch_sweep(w, now);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    free(logged);
    logged = xcalloc(1, 1 << 20);
    if (pread(fd, logged, (1 << 20) - 1, 0) < 0) logged[0] = 0;
    fclose(f);
    return logged;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

static void test_logged_once_a_minute_per_address(void)
{
    Watch *w = watch_new(&limits);
    int s[2][2];
    pair(s[0], false, 0);
    pair(s[1], false, 0);
    WatchConn *a = watch_open(w, s[0][0], "192.0.2.1", false, 0);
    WatchConn *b = watch_open(w, s[1][0], "192.0.2.1", false, 0);
    for (int i = 0; i < 5; i++) CHECK(!watch_admit(w, "192.0.2.1", false));
    const char *out = sweep_log(w, 1);
    CHECK_INT(lines(out), 1);
    CHECK_HAS(out, "5 connections refused, 2 already open from this address");
    CHECK_HAS(out, "(from 192.0.2.1)");
    for (int i = 0; i < 3; i++) CHECK(!watch_admit(w, "192.0.2.1", false));
    CHECK_INT(lines(sweep_log(w, 16)), 0); /* both cut now, and refusals: within the minute */
    out = sweep_log(w, 61);
    CHECK_INT(lines(out), 1);
    CHECK_HAS(out, "3 connections refused");
    CHECK_HAS(out, "2 connections cut, their headers not all sent within 15 s");
    CHECK_INT(lines(sweep_log(w, 200)), 0);
    watch_close(w, a);
    watch_close(w, b);
    watch_free(w);
    free(logged);
    logged = NULL;
    for (int i = 0; i < 2; i++) close(s[i][0]), close(s[i][1]);
}

static void test_idle_connection_closed_without_a_line(void)
{
    Watch *w = watch_new(&limits);
    int idle[2], slow[2];
    pair(idle, true, 0);
    pair(slow, true, 0);
    WatchConn *a = watch_open(w, idle[0], "192.0.2.1", false, 0);
    WatchConn *b = watch_open(w, slow[0], "192.0.2.2", false, 0);
    CHECK(send(slow[1], "GET / HTTP/1.1\r\nX-", 18, 0) == 18);
    usleep(20000);
    const char *out = sweep_log(w, 15);
    CHECK(ended(idle[1]));
    CHECK(ended(slow[1]));
    CHECK(!abortive(idle[0])); /* nothing to drop: an ordinary FIN */
    CHECK(!abortive(slow[0]));
    CHECK_INT(lines(out), 1);
    CHECK_HAS(out, "(from 192.0.2.2)");
    watch_close(w, a);
    watch_close(w, b);
    watch_free(w);
    free(logged);
    logged = NULL;
    close(idle[0]), close(idle[1]), close(slow[0]), close(slow[1]);
}

/* Refused because the server is full: no address is to blame, so one line
 * for the server, not one per address (found: 3,000 addresses refused
 * gave 3,000 lines, each keeping an entry for a minute). */
static void test_refused_full_counted_for_the_server(void)
{
    Watch *w = watch_new(&limits);
    WatchConn *c[3];
    c[0] = watch_open(w, -1, "192.0.2.1", false, 0);
    c[1] = watch_open(w, -1, "192.0.2.1", false, 0);
    c[2] = watch_open(w, -1, "192.0.2.2", false, 0);
    char client[64];
    for (int i = 0; i < 10; i++) {
        strfmt(client, sizeof client, "198.51.100.%d", i + 1);
        CHECK(!watch_admit(w, client, false));
    }
    const char *out = sweep_log(w, 1);
    CHECK_INT(lines(out), 1);
    CHECK_HAS(out, "10 connections refused, the server's 3 all in use");
    CHECK(!strstr(out, "(from "));
    for (int i = 0; i < 3; i++) watch_close(w, c[i]);
    watch_free(w);
}

/* Past the table's addresses at once (here 256), the others are counted
 * together, in one line, and without a limit per address. */
static void test_addresses_past_the_table_counted_together(void)
{
    WatchLimits many = limits;
    many.max_connections = 1000;
    many.max_per_address = 1;
    many.max_addresses = 256;
    Watch *w = watch_new(&many);
    static WatchConn *c[600];
    int n = 0, refused = 0;
    char client[64];
    for (int i = 0; i < 300; i++) {
        strfmt(client, sizeof client, "10.0.%d.%d", i / 250, i % 250 + 1);
        for (int k = 0; k < 2; k++)
            if (watch_admit(w, client, false))
                c[n++] = watch_open(w, -1, client, false, 0);
            else
                refused++;
    }
    CHECK_INT(refused, 256);
    CHECK_INT(n, 344);
    const char *out = sweep_log(w, 16); /* every one cut, too */
    CHECK_INT(lines(out), 257);
    CHECK_HAS(out, "88 connections cut, their headers not all sent within 15 s; "
                   "at most one such line a minute per address (from other addresses)");
    for (int i = 0; i < n; i++) watch_close(w, c[i]);
    CHECK_INT(lines(sweep_log(w, 100)), 0);
    watch_free(w);
}

/* An IPv6 client by its /64, for the limit and the log; IPv4 mapped into
 * IPv6 as IPv4. */
static void test_ipv6_by_its_64(void)
{
    Watch *w = watch_new(&(WatchLimits){.max_connections = 10, .max_per_address = 2, .timeout = 15, .min_rate = 500});
    WatchConn *c[6];
    CHECK(watch_admit(w, "2001:db8:1:2::1", false));
    c[0] = watch_open(w, -1, "2001:db8:1:2::1", false, 0);
    CHECK(watch_admit(w, "2001:db8:1:2:ffff::9", false));
    c[1] = watch_open(w, -1, "2001:db8:1:2:ffff::9", false, 0);
    CHECK(!watch_admit(w, "2001:db8:1:2:abcd:1:2:3", false));
    CHECK(watch_admit(w, "2001:db8:1:3::1", false));
    c[2] = watch_open(w, -1, "2001:db8:1:3::1", false, 0);
    CHECK(watch_admit(w, "::ffff:192.0.2.1", false));
    c[3] = watch_open(w, -1, "::ffff:192.0.2.1", false, 0);
    CHECK(watch_admit(w, "::ffff:192.0.2.2", false));
    c[4] = watch_open(w, -1, "::ffff:192.0.2.2", false, 0);
    CHECK(watch_admit(w, "192.0.2.1", false));
    c[5] = watch_open(w, -1, "192.0.2.1", false, 0);
    CHECK(!watch_admit(w, "::ffff:192.0.2.1", false));
    const char *out = sweep_log(w, 1);
    CHECK_INT(lines(out), 2);
    CHECK_HAS(out, "1 connection refused, 2 already open from this address; "
                   "at most one such line a minute per address (from 2001:db8:1:2::/64)");
    CHECK_HAS(out, "(from 192.0.2.1)");
    for (int i = 0; i < 6; i++) watch_close(w, c[i]);
    watch_free(w);
}

/* libmicrohttpd's messages: the first of each kind in a minute written, the
 * rest counted in one line a minute; past 16 kinds, the others together. */
static void test_library_messages_first_of_each_kind(void)
{
    Watch *w = watch_new(&limits);
    CHECK(watch_message(w, "Failed to parse", "Failed to parse `Content-Length'", 0));
    for (int i = 1; i <= 4; i++) CHECK(!watch_message(w, "Failed to parse", "Failed to parse `Content-Length'", i));
    CHECK(watch_message(w, "Error: handshake", "Error: handshake", 5));
    CHECK_INT(lines(sweep_log(w, 30)), 0);
    const char *out = sweep_log(w, 61);
    CHECK_INT(lines(out), 1);
    CHECK_HAS(out, "libmicrohttpd: 4 more like \"Failed to parse `Content-Length'\" within a minute");
    CHECK(!watch_message(w, "Failed to parse", "Failed to parse `Content-Length'", 62));
    CHECK_INT(lines(sweep_log(w, 200)), 1);
    CHECK_INT(lines(sweep_log(w, 300)), 0); /* quiet: forgotten */
    CHECK(watch_message(w, "Failed to parse", "Failed to parse `Content-Length'", 301));
    char kind[32];
    int written = 0;
    for (int i = 0; i < 40; i++) {
        strfmt(kind, sizeof kind, "kind %d", i);
        written += watch_message(w, kind, kind, 302);
    }
    CHECK_INT(written, 16); /* 15 more kinds, and the first of the others */
    watch_free(w);
}

/* The thread: a connection overdue is ended within a second or so. */
static void test_thread_sweeps(void)
{
    WatchLimits quick = limits;
    quick.timeout = 1;
    Watch *w = watch_new(&quick);
    CHECK(watch_start(w));
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", false, watch_now());
    bool gone = false;
    for (int i = 0; i < 40 && !gone; i++) {
        usleep(100000);
        gone = ended(s[1]);
    }
    CHECK(gone);
    watch_close(w, c);
    watch_free(w);
    close(s[0]);
    close(s[1]);
}

int main(void)
{
    RUN(test_headers_due_within_the_timeout);
    RUN(test_no_deadline_while_answering);
    RUN(test_proxy_connections_never_cut);
    RUN(test_slow_read_cut_at_the_rate_it_reads);
    RUN(test_slow_read_of_an_answer_all_written);
    RUN(test_next_request_due_from_the_end_of_the_last);
    RUN(test_body_at_the_minimum_rate_is_never_cut);
    RUN(test_limits_in_all_and_per_address);
    RUN(test_an_admission_holds_its_place);
    RUN(test_logged_once_a_minute_per_address);
    RUN(test_idle_connection_closed_without_a_line);
    RUN(test_next_request_due_once_the_answer_is_read);
    RUN(test_refused_full_counted_for_the_server);
    RUN(test_addresses_past_the_table_counted_together);
    RUN(test_ipv6_by_its_64);
    RUN(test_library_messages_first_of_each_kind);
    RUN(test_thread_sweeps);
    TEST_DONE();
}
