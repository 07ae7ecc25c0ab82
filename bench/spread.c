/* spread.c: a preload library for the load generator of bench/load.sh.
 *
 * oversight serve accepts at most 64 connections from one client address,
 * so 256 connections from 127.0.0.1 would be 192 refusals, not 256 users.
 * Loaded with LD_PRELOAD into wrk, this binds each new connection to a
 * loopback address first, 127.0.0.2 to 127.0.0.251 in turn, so that the
 * connections come from many addresses, as a site's users do. Connections
 * to anywhere but 127.0.0.0/8 are left alone.
 *
 *   cc -shared -fPIC -O2 -o spread.so bench/spread.c -ldl */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <sys/socket.h>

typedef int (*ConnectFn)(int, const struct sockaddr *, socklen_t);

int connect(int fd, const struct sockaddr *sa, socklen_t len)
{
    static _Atomic(ConnectFn) real;
    static atomic_uint next;
    ConnectFn f = atomic_load(&real);
    if (!f) {
        f = (ConnectFn)dlsym(RTLD_NEXT, "connect");
        atomic_store(&real, f);
    }
    if (sa && sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *to = (const struct sockaddr_in *)sa;
        if ((ntohl(to->sin_addr.s_addr) >> 24) == 127) {
            struct sockaddr_in from = {.sin_family = AF_INET};
            from.sin_addr.s_addr = htonl(0x7f000002u + atomic_fetch_add(&next, 1) % 250);
            (void)bind(fd, (const struct sockaddr *)&from, sizeof from); /* on failure, the usual address */
        }
    }
    return f(fd, sa, len);
}
