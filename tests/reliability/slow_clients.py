#!/usr/bin/env python3
"""slow_clients.py: slow clients against `oversight serve`, and one normal
user meanwhile; for tests/reliability/test_slow_clients.sh. Standard
library only.

    slow_clients.py PORT SECONDS [--attack headers|body|mixed|none]
        [--connections N] [--addresses K] [--every S]
        [--user NAME --password WORD] [--client ADDRESS]

The attack keeps N connections open, spread over K loopback addresses
(127.0.0.10 onwards), each sending one byte every S seconds (3): of a
header line ("headers", Slowloris), or of a declared 4096-byte form body
("body", R-U-Dead-Yet), or half and half ("mixed"). A connection the
server ends is counted (refused when it ended within a second of opening,
cut otherwise, with how long it was held) and replaced, as slowhttptest
does, at up to 500 new connections a second.

Meanwhile the normal user, from --client (127.0.0.2), signs in and loads
pages over and over, each request on a new connection with a 10-second
timeout, timing each. At the end it prints one "key value" line per
figure: opened, refused, cut, open_at_end, held_max (seconds),
normal_requests, normal_failed, p50, p99, max (seconds), and the first
failures as "failure TEXT" lines."""

import argparse
import http.client
import re
import selectors
import socket
import threading
import time
import urllib.parse

HEADER_START = b"GET /sign-in HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\n"
HEADER_DRIP = b"X-Slow: a\r\n"
BODY_START = (b"POST /sign-in HTTP/1.1\r\nHost: localhost\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4096\r\n\r\n")
BODY_DRIP = b"a"


class Attack:
    def __init__(self, port, mode, connections, addresses, every):
        self.port, self.mode, self.target, self.every = port, mode, connections, every
        self.addresses = ["127.0.0.%d" % (10 + i) for i in range(addresses)]
        self.sel = selectors.DefaultSelector()
        self.opened = self.refused = self.cut = 0
        self.held_max = 0.0
        self.made = 0
        self.stop = False

    def open_one(self):
        i = self.made
        self.made += 1
        body = self.mode == "body" or (self.mode == "mixed" and (i // len(self.addresses)) % 2)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.bind((self.addresses[i % len(self.addresses)], 0))
            s.connect_ex(("127.0.0.1", self.port))
        except OSError:
            s.close()
            self.refused += 1
            return
        c = {"sock": s, "start": time.monotonic(), "sent": 0, "body": body, "next": 0.0, "up": False}
        self.sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE, c)
        self.opened += 1

    def ended(self, c):
        held = time.monotonic() - c["start"]
        try:
            self.sel.unregister(c["sock"])
        except (KeyError, ValueError):
            pass
        c["sock"].close()
        if held < 1.0:
            self.refused += 1
        else:
            self.cut += 1
            self.held_max = max(self.held_max, held)

    def drip(self, c, now):
        if now < c["next"]:
            return True
        first, more = (BODY_START, BODY_DRIP) if c["body"] else (HEADER_START, HEADER_DRIP)
        data = first if c["sent"] == 0 else more[(c["sent"] - len(first)) % len(more):][:1]
        try:
            n = c["sock"].send(data)
        except BlockingIOError:
            return True
        except OSError:
            return False
        c["sent"] += n
        c["next"] = now + self.every
        return True

    def run(self, seconds):
        end = time.monotonic() + seconds
        budget, tick = 0.0, time.monotonic()
        while not self.stop and time.monotonic() < end:
            now = time.monotonic()
            budget = min(100.0, budget + (now - tick) * 500.0)
            tick = now
            while len(self.sel.get_map()) < self.target and budget >= 1:
                self.open_one()
                budget -= 1
            for key, events in self.sel.select(timeout=0.05):
                c = key.data
                if events & selectors.EVENT_READ:
                    try:
                        got = c["sock"].recv(4096)
                    except BlockingIOError:
                        got = None
                    except OSError:
                        got = b""
                    if got == b"":
                        self.ended(c)
                        continue
                if events & selectors.EVENT_WRITE and not c["up"]:
                    c["up"] = True
                    self.sel.modify(c["sock"], selectors.EVENT_READ, c)
            now = time.monotonic()
            for key in list(self.sel.get_map().values()):
                c = key.data
                if c["up"] and not self.drip(c, now):
                    self.ended(c)
        self.open_at_end = len(self.sel.get_map())
        for key in list(self.sel.get_map().values()):
            key.data["sock"].close()


class Normal:
    def __init__(self, port, client, user, password):
        self.port, self.client, self.user, self.password = port, client, user, password
        self.times, self.failures = [], []
        self.stop = False

    def request(self, method, path, body=None, headers=None, want=(200,)):
        t0 = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=(self.client, 0))
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            status, set_cookie = r.status, r.getheader("Set-Cookie") or ""
            conn.close()
        except (OSError, http.client.HTTPException) as e:
            self.times.append(time.monotonic() - t0)
            self.failures.append("%s %s: %s" % (method, path, e.__class__.__name__ + " " + str(e)))
            return None
        self.times.append(time.monotonic() - t0)
        if status not in want:
            self.failures.append("%s %s: status %d" % (method, path, status))
            return None
        return status, set_cookie, data

    def cycle(self):
        got = self.request("GET", "/sign-in")
        if not got:
            return
        pre = re.search(rb'name="pre" value="([^"]*)"', got[2])
        cookie = got[1].split(";")[0]
        form = urllib.parse.urlencode({"pre": pre.group(1).decode() if pre else "", "username": self.user,
                                       "password": self.password})
        got = self.request("POST", "/sign-in", form,
                           {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}, want=(303,))
        if not got:
            return
        session = got[1].split(";")[0]
        for _ in range(4):
            for path in ("/", "/records", "/supervision"):
                if self.stop:
                    return
                self.request("GET", path, headers={"Cookie": session})

    def run(self, seconds):
        end = time.monotonic() + seconds
        while not self.stop and time.monotonic() < end:
            self.cycle()


def percentile(xs, p):
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("seconds", type=float)
    ap.add_argument("--attack", default="mixed", choices=["headers", "body", "mixed", "none"])
    ap.add_argument("--connections", type=int, default=1000)
    ap.add_argument("--addresses", type=int, default=16)
    ap.add_argument("--every", type=float, default=3.0)
    ap.add_argument("--user", default="worker")
    ap.add_argument("--password", default="oversight demo")
    ap.add_argument("--client", default="127.0.0.2")
    ap.add_argument("--warmup", type=float, default=3.0, help="seconds of attack before the normal user starts")
    a = ap.parse_args()

    attack = Attack(a.port, a.attack, a.connections, a.addresses, a.every)
    normal = Normal(a.port, a.client, a.user, a.password)
    t = None
    if a.attack != "none":
        t = threading.Thread(target=attack.run, args=(a.seconds,))
        t.start()
        time.sleep(a.warmup)
    normal.run(a.seconds - (a.warmup if t else 0))
    if t:
        t.join()
    else:
        attack.open_at_end = 0
    print("opened %d" % attack.opened)
    print("refused %d" % attack.refused)
    print("cut %d" % attack.cut)
    print("open_at_end %d" % attack.open_at_end)
    print("held_max %.1f" % attack.held_max)
    print("normal_requests %d" % len(normal.times))
    print("normal_failed %d" % len(normal.failures))
    print("p50 %.3f" % percentile(normal.times, 50))
    print("p99 %.3f" % percentile(normal.times, 99))
    print("max %.3f" % (max(normal.times) if normal.times else 0.0))
    for f in normal.failures[:5]:
        print("failure %s" % f)


if __name__ == "__main__":
    main()
