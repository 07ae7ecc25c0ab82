/* The watch over slow clients (web/watch.h), with the times given: each
 * deadline ends a connection (its peer sees the end) at the moment it
 * passes and not before; none runs while the application answers; the
 * limits on connections; one log line a minute per address, none for an
 * idle connection closed. The watch over a real server is tested by
 * tests/reliability/test_slow_clients.sh and tests/cli/test_http_limits.sh. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
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

static void test_headers_due_within_the_timeout(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", 100);
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

static void test_no_deadline_while_answering(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", 0);
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
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", 0);
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
    WatchConn *c = watch_open(w, s[0], "192.0.2.7", 0);
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
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", 0);
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

static void test_body_at_the_minimum_rate_is_never_cut(void)
{
    Watch *w = watch_new(&limits);
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", 0);
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
    c = watch_open(w, s[0], "192.0.2.1", 0);
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
    CHECK(watch_admit(w, "192.0.2.1"));
    c[0] = watch_open(w, s[0][0], "192.0.2.1", 0);
    c[1] = watch_open(w, s[1][0], "192.0.2.1", 0);
    CHECK(!watch_admit(w, "192.0.2.1")); /* 2 from one address */
    CHECK(watch_admit(w, "192.0.2.2"));
    c[2] = watch_open(w, s[2][0], "192.0.2.2", 0);
    CHECK(!watch_admit(w, "192.0.2.3")); /* 3 in all */
    watch_close(w, c[0]);
    CHECK(watch_admit(w, "192.0.2.1"));
    watch_close(w, c[1]);
    watch_close(w, c[2]);
    watch_free(w);
    for (int i = 0; i < 3; i++) close(s[i][0]), close(s[i][1]);
}

/* For test_an_admission_holds_its_place: admits on a thread of its own. */
static void *admit_elsewhere(void *w)
{
    static bool admitted;
    admitted = watch_admit(w, "192.0.2.1");
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
    CHECK(watch_admit(w, "192.0.2.1"));
    pthread_t t;
    void *other;
    pthread_create(&t, NULL, admit_elsewhere, w);
    pthread_join(t, &other);
    CHECK(!*(bool *)other); /* the place is this thread's */
    int s[2];
    pair(s, false, 0);
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", 0);
    CHECK(!watch_admit(w, "192.0.2.1")); /* open once, not twice */
    watch_close(w, c);
    CHECK(watch_admit(w, "192.0.2.1"));
    CHECK(watch_admit(w, "192.0.2.1")); /* never opened: let go at the next */
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
    logged = xcalloc(1, 4096);
    if (pread(fd, logged, 4095, 0) < 0) logged[0] = 0;
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
    WatchConn *a = watch_open(w, s[0][0], "192.0.2.1", 0);
    WatchConn *b = watch_open(w, s[1][0], "192.0.2.1", 0);
    for (int i = 0; i < 5; i++) CHECK(!watch_admit(w, "192.0.2.1"));
    const char *out = sweep_log(w, 1);
    CHECK_INT(lines(out), 1);
    CHECK_HAS(out, "5 connections refused, 2 already open from this address");
    CHECK_HAS(out, "(from 192.0.2.1)");
    for (int i = 0; i < 3; i++) CHECK(!watch_admit(w, "192.0.2.1"));
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
    WatchConn *a = watch_open(w, idle[0], "192.0.2.1", 0);
    WatchConn *b = watch_open(w, slow[0], "192.0.2.2", 0);
    CHECK(send(slow[1], "GET / HTTP/1.1\r\nX-", 18, 0) == 18);
    usleep(20000);
    const char *out = sweep_log(w, 15);
    CHECK(ended(idle[1]));
    CHECK(ended(slow[1]));
    CHECK_INT(lines(out), 1);
    CHECK_HAS(out, "(from 192.0.2.2)");
    watch_close(w, a);
    watch_close(w, b);
    watch_free(w);
    free(logged);
    logged = NULL;
    close(idle[0]), close(idle[1]), close(slow[0]), close(slow[1]);
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
    WatchConn *c = watch_open(w, s[0], "192.0.2.1", watch_now());
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
    RUN(test_slow_read_cut_at_the_rate_it_reads);
    RUN(test_slow_read_of_an_answer_all_written);
    RUN(test_next_request_due_from_the_end_of_the_last);
    RUN(test_body_at_the_minimum_rate_is_never_cut);
    RUN(test_limits_in_all_and_per_address);
    RUN(test_an_admission_holds_its_place);
    RUN(test_logged_once_a_minute_per_address);
    RUN(test_idle_connection_closed_without_a_line);
    RUN(test_thread_sweeps);
    TEST_DONE();
}
