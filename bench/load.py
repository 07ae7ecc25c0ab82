#!/usr/bin/env python3
"""load.py: the accounts, pages, writers and figures of bench/load.sh
(bench/README.md).

  load.py accounts DB BIN USERS WRITERS  the benchmark's accounts, made in DB
                                         with `oversight user add` when
                                         missing; listed in DB.accounts
  load.py plan DB BASE OUT CONNS         signs every reading account in, as a
                                         browser does, and writes one file of
                                         "cookie<TAB>path" lines per page kind
                                         (OUT/kind-NAME.txt) and OUT/kinds.txt
                                         (name, connections, lines)
  load.py write BASE OUT SECONDS RATE    the writers (LOAD_DB names the
                                         database): supervisions booked,
                                         agendas, records saved, sent and
                                         signed off through the forms, RATE
                                         posts a second in all
  load.py report OUT TAG ROUNDS          one scale and backend's figures
  load.py goals DIR                      the issue's goals, from the reports

Only the standard library: http.client, and sqlite3 to choose accounts and
pages from the SQLite database the benchmark made (a PostgreSQL run is
migrated from that file, keys included, so the same refs and ids hold).
"""
import concurrent.futures
import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

PASSWORD = "load benchmark password"
TODAY = time.strftime("%Y-%m-%d")
CURRENT = "(s.left_date IS NULL OR s.left_date > '%s')" % TODAY

# The page kinds of the mix: name, the kind of viewer, the connections of
# the 64 each has (a working day: mostly landing pages, people and cases),
# and the paths it asks for, one list per account (see paths()).
KINDS = [
    ("home-worker", "worker", 6), ("home-manager", "manager", 5), ("home-senior", "senior", 3),
    ("home-auditor", "auditor", 2), ("team-manager", "manager", 3), ("service-senior", "senior", 2),
    ("person-worker", "worker", 3), ("person-manager", "manager", 4), ("person-senior", "senior", 2),
    ("person-auditor", "auditor", 2), ("case-worker", "worker", 4), ("case-manager", "manager", 3),
    ("record-worker", "worker", 2), ("record-manager", "manager", 2), ("booking-worker", "worker", 2),
    ("booking-manager", "manager", 2), ("inbox-worker", "worker", 2), ("inbox-manager", "manager", 2),
    ("sessions-worker", "worker", 2), ("search-manager", "manager", 2), ("search-senior", "senior", 1),
    ("api-due-worker", "worker", 2), ("api-team-manager", "manager", 2), ("api-person-manager", "manager", 1),
    ("api-case-worker", "worker", 1), ("admin-users", "admin", 1),
]


def die(msg):
    sys.stderr.write("load.py: %s\n" % msg)
    sys.exit(1)


def rows(db, sql, *args):
    return db.execute(sql, args).fetchall()


def choose(db, users, writers):
    """The accounts: (username, staff id or '', roles, kind). Staff with
    records or bookings come first among workers and managers, so that the
    record and booking pages have viewers; the writers are other managers
    with one of their supervisees each."""
    rnd = random.Random(1)
    wk, mg, sm, au = (int(users * f) for f in (0.55, 0.27, 0.1, 0.07))
    have = {r[0] for r in rows(db, "SELECT supervisee_ref FROM records UNION SELECT supervisee_ref FROM bookings")}
    sup = {r[0] for r in rows(db, "SELECT supervisor_ref FROM records UNION SELECT supervisor_ref FROM bookings")}
    workers = rows(db, """SELECT s.ref, s.id FROM staff s JOIN staff m ON m.ref = s.supervisor_ref
        WHERE s.role IN ('social-worker', 'nqsw', 'senior-practitioner', 'residential') AND %s
        AND (m.left_date IS NULL OR m.left_date > ?) ORDER BY s.id""" % CURRENT, TODAY)
    managers = rows(db, """SELECT s.ref, s.id FROM staff s WHERE s.role = 'manager' AND %s AND EXISTS
        (SELECT 1 FROM staff r WHERE r.supervisor_ref = s.ref AND (r.left_date IS NULL OR r.left_date > ?))
        ORDER BY s.id""" % CURRENT, TODAY)
    # A senior manager's service: the one whose team managers they manage.
    seniors = rows(db, """SELECT s.ref, s.id, min(v.name) FROM staff s JOIN staff m ON m.line_manager_ref = s.ref
        JOIN teams t ON t.manager_ref = m.ref JOIN services v ON v.ref = t.service_ref
        WHERE s.role = 'service-manager' AND %s GROUP BY s.ref, s.id ORDER BY s.id""" % CURRENT)
    rnd.shuffle(workers)
    rnd.shuffle(managers)
    rnd.shuffle(seniors)
    workers.sort(key=lambda w: w[0] not in have)
    managers.sort(key=lambda m: m[0] not in sup)
    # The writers: managers from the end of the list, each with a supervisee
    # not among the readers.
    out, taken = [], set()
    wpairs = []
    for ref, sid in reversed(managers):
        if len(wpairs) >= writers:
            break
        sub = rows(db, """SELECT s.ref, s.id FROM staff s WHERE s.supervisor_ref = ? AND %s
            AND s.role <> 'manager' ORDER BY s.id LIMIT 1""" % CURRENT, ref)
        if sub:
            wpairs.append(((ref, sid), sub[0]))
            taken.update({ref, sub[0][0]})
    for i, (m, w) in enumerate(wpairs):
        out.append(("load-wm%d" % i, m[1], [], "writer-manager"))
        out.append(("load-ww%d" % i, w[1], [], "writer-worker"))
    for i, (ref, sid) in enumerate([w for w in workers if w[0] not in taken][:wk]):
        out.append(("load-w%d" % i, sid, [], "worker"))
    for i, (ref, sid) in enumerate([m for m in managers if m[0] not in taken][:mg]):
        out.append(("load-m%d" % i, sid, [], "manager"))
    for i, (ref, sid, service) in enumerate(seniors[:max(sm, 1)]):
        out.append(("load-s%d" % i, sid, ["senior-manager:" + service], "senior:" + service))
    for i in range(max(au, 1)):
        out.append(("load-a%d" % i, "", ["auditor"], "auditor"))
    out.append(("load-admin", "", ["admin"], "admin"))
    return out


def cmd_accounts(dbfile, binary, users, writers):
    db = sqlite3.connect(dbfile)
    want = choose(db, int(users), int(writers))
    have = {r[0] for r in rows(db, "SELECT username FROM users")}
    db.close()

    def add(a):
        name, sid, roles, _ = a
        if name in have:
            return None
        args = [binary, "--db", dbfile, "user", "add", name, "--password-stdin"]
        if sid:
            args += ["--staff", sid]
        for r in roles:
            args += ["--role", r]
        p = subprocess.run(args, input=PASSWORD + "\n", capture_output=True, text=True)
        return None if p.returncode == 0 else "%s: %s" % (name, p.stderr.strip())

    # Most of an account's making is its password's hashing: several at once.
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        for e in ex.map(add, want):
            if e:
                die("cannot add account " + e)
    # Each account as the database has it (an account made earlier keeps its link).
    db = sqlite3.connect(dbfile)
    with open(dbfile + ".accounts", "w") as f:
        for name, sid, roles, kind in want:
            got = rows(db, "SELECT s.id FROM users u LEFT JOIN staff s ON s.ref = u.staff_ref WHERE u.username = ?", name)
            if not got or (got[0][0] or "") != sid:
                die("account %s is linked to %s, not %s: delete the database to start again" % (name, got, sid))
            f.write("%s\t%s\t%s\n" % (name, sid, kind))
    db.close()
    made = sum(1 for a in want if a[0] not in have)
    print("%d accounts, %d of them made now" % (len(want), made))


class Client:
    """One browser: a keep-alive connection and a session cookie."""

    def __init__(self, base, source=None):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.source = source
        self.jar = {}
        self.conn = None

    @property
    def cookie(self):
        """The session's cookie, as wrk sends it."""
        return "ov_session=" + self.jar["ov_session"] if self.jar.get("ov_session") else ""

    def request(self, method, path, fields=None):
        body, headers = None, {"Sec-Fetch-Site": "same-origin"}
        if self.jar:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.jar.items())
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30,
                                                       source_address=(self.source, 0) if self.source else None)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                for k, v in r.getheaders():
                    if k.lower() == "set-cookie":
                        name, _, value = v.split(";")[0].partition("=")
                        if value:
                            self.jar[name] = value
                        else:
                            self.jar.pop(name, None)
                return r.status, r.getheader("Location") or "", data.decode("utf-8", "replace")
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        return 0, "", ""

    def sign_in(self, username):
        status, _, page = self.request("GET", "/sign-in")
        m = re.search(r'name="pre" value="([^"]*)"', page)
        if status != 200 or not m:
            die("the sign-in form answered %d" % status)
        status, loc, page = self.request("POST", "/sign-in",
                                         {"pre": m.group(1), "username": username, "password": PASSWORD})
        if status != 303 or not self.cookie:
            die("%s could not sign in (%d)" % (username, status))


def accounts_of(dbfile):
    out = []
    with open(dbfile + ".accounts") as f:
        for line in f:
            name, sid, kind = line.rstrip("\n").split("\t")
            out.append((name, sid, kind.split(":")[0], kind.partition(":")[2]))
    return out


def q(s):
    return urllib.parse.quote(s, safe="")


# The pages whose path is the same for every viewer (each shows the viewer's own).
ONE_PATH = {"home": "/", "team": "/team", "inbox": "/inbox", "sessions": "/supervision", "admin": "/admin/users",
            "api-due": "/api/v1/me/due", "api-team": "/api/v1/team/due"}


def paths(db, kind, sid, service):
    """The paths one account of the kind's viewer may see."""
    me = rows(db, "SELECT ref FROM staff WHERE id = ?", sid)
    me = me[0][0] if me else None
    page = kind.rsplit("-", 1)[0] if kind.startswith("api-") else kind.split("-")[0]
    if page in ONE_PATH:
        return [ONE_PATH[page]]
    mine = "SELECT s.id FROM staff s WHERE s.supervisor_ref = ? AND %s ORDER BY s.id LIMIT 5" % CURRENT
    in_service = """SELECT s.%s FROM staff s JOIN teams t ON t.ref = s.team_ref JOIN services v ON v.ref = t.service_ref
        WHERE v.name = ? AND """ + CURRENT + " ORDER BY s.id LIMIT %d"
    if kind == "service-senior":
        return ["/services/" + q(service)]
    if kind == "person-worker":
        return ["/people/" + sid]
    if kind in ("person-manager", "api-person-manager"):
        pre = "/api/v1/people/" if kind.startswith("api") else "/people/"
        return [pre + r[0] for r in rows(db, mine, me)]
    if kind == "person-senior":
        return ["/people/" + r[0] for r in rows(db, in_service % ("id", 5), service)]
    if kind == "person-auditor":
        return ["/people/" + r[0] for r in rows(db, "SELECT id FROM staff ORDER BY random() LIMIT 5")]
    if kind in ("case-worker", "api-case-worker"):
        pre = "/api/v1/cases/" if kind.startswith("api") else "/cases/"
        return [pre + r[0] for r in rows(db, """SELECT id FROM cases WHERE worker_ref = ? AND closed_date IS NULL
            ORDER BY id LIMIT 5""", me)]
    if kind == "case-manager":
        return ["/cases/" + r[0] for r in rows(db, """SELECT c.id FROM cases c JOIN staff s ON s.ref = c.worker_ref
            WHERE s.supervisor_ref = ? AND c.closed_date IS NULL ORDER BY c.id LIMIT 5""", me)]
    if kind in ("record-worker", "record-manager"):
        col = "supervisee_ref" if kind == "record-worker" else "supervisor_ref"
        return ["/records/%d" % r[0] for r in rows(db, "SELECT ref FROM records WHERE %s = ? ORDER BY ref LIMIT 5" % col, me)]
    if kind in ("booking-worker", "booking-manager"):
        col = "supervisee_ref" if kind == "booking-worker" else "supervisor_ref"
        return ["/bookings/%d" % r[0] for r in rows(db, "SELECT ref FROM bookings WHERE %s = ? ORDER BY ref LIMIT 5" % col, me)]
    if kind == "search-manager":
        return ["/search?q=" + q(r[0].split()[-1]) for r in rows(db, """SELECT name FROM staff s WHERE s.supervisor_ref = ?
            AND %s ORDER BY s.id LIMIT 2""" % CURRENT, me)]
    if kind == "search-senior":
        return ["/search?q=" + q(r[0].split()[0]) for r in rows(db, in_service % ("name", 2), service)]
    die("unknown kind " + kind)


def cmd_plan(dbfile, base, out, conns):
    db = sqlite3.connect(dbfile)
    accounts = [a for a in accounts_of(dbfile) if not a[2].startswith("writer")]
    # Signing in: the server checks each password (Argon2id), so in parallel.
    def sign(a):
        c = Client(base, "127.0.0.%d" % (2 + hash(a[0]) % 250))
        c.sign_in(a[0])
        c.conn.close()
        return a[0], c.cookie
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        cookies = dict(ex.map(sign, accounts))
    print("    signed in %d accounts in %.1f s" % (len(cookies), time.time() - t0))
    weight = sum(k[2] for k in KINDS)
    with open(os.path.join(out, "kinds.txt"), "w") as kf:
        for name, viewer, w in KINDS:
            lines = []
            for user, sid, kind, service in accounts:
                if kind == viewer:
                    lines += ["%s\t%s" % (cookies[user], p) for p in paths(db, name, sid, service)]
            if not lines:
                print("    %s: no account of this kind may see such a page at this scale; left out" % name)
                continue
            random.Random(name).shuffle(lines)
            with open(os.path.join(out, "kind-%s.txt" % name), "w") as f:
                f.write("\n".join(lines) + "\n")
            kf.write("%s %d %d\n" % (name, max(1, round(conns * w / weight)), len(lines)))


def cmd_write(base, out, seconds, rate):
    """Writers: each pair (a manager and their supervisee) goes round a
    supervision: the manager books a session, both add agenda items, the
    manager starts the record, saves it and sends it, the supervisee signs
    it. Each post is made from the form's page, with its csrf and write-key,
    as a browser does; a post is a success when it answers 303."""
    seconds, rate = float(seconds), float(rate)
    pairs = {}
    for name, sid, kind, _ in accounts_of(os.environ["LOAD_DB"]):
        if kind.startswith("writer"):
            i = int(re.sub(r"\D", "", name))
            pairs.setdefault(i, {})[kind] = (name, sid)
    refs = {}
    db = sqlite3.connect(os.environ["LOAD_DB"])
    for p in pairs.values():
        refs[p["writer-worker"][1]] = rows(db, "SELECT ref FROM staff WHERE id = ?", p["writer-worker"][1])[0][0]
    db.close()
    lat, failures, lock = {}, [], threading.Lock()
    interval = len(pairs) / rate if rate > 0 else 1e9

    def post(c, page, path, fields, kind):
        status, _, body = c.request("GET", page)
        m = re.search(r'<form method="post" action="%s"[^>]*><input type="hidden" name="csrf" value="([^"]*)">'
                      r'<input type="hidden" name="write-key" value="([^"]*)">' % re.escape(path), body)
        if status != 200 or not m:
            with lock:
                failures.append("%s: the form %s is not on %s (%d)" % (kind, path, page, status))
            return None
        fields = dict(fields, csrf=m.group(1), **{"write-key": m.group(2)})
        t0 = time.time()
        status, loc, body = c.request("POST", path, fields)
        ms = (time.time() - t0) * 1000
        with lock:
            lat.setdefault(kind, []).append(ms)
            if status != 303:
                e = re.search(r'govuk-error-summary__list.*?<a[^>]*>([^<]*)', body, re.S)
                failures.append("%s %s: %d %s" % (kind, path, status, e.group(1) if e else ""))
                return None
        return loc

    def pair(i, p, m, w):
        n = 0
        next_at = time.time() + random.Random(i).random() * interval
        steps = None
        while time.time() < stop:
            if steps is None:
                n += 1
                start = "%02d:%02d" % (8 + (n // 4) % 10, 15 * (n % 4))
                steps = iter(cycle(m, w, refs[p["writer-worker"][1]], start))
            time.sleep(max(0, next_at - time.time()))
            next_at += interval
            if time.time() >= stop:
                break
            try:
                if next(steps) is None:
                    steps = None
            except StopIteration:
                steps = None

    def cycle(m, w, worker_ref, start):
        b = post(m, "/supervision", "/bookings",
                 {"supervisee": worker_ref, "date": TODAY, "start-time": start, "place": "Room 2"}, "book")
        yield b
        if not b:
            return
        b = urllib.parse.urlsplit(b).path
        yield post(m, b, b + "/agenda", {"kind": "topic", "text": "Caseload this month"}, "agenda")
        yield post(w, b, b + "/agenda", {"kind": "worry", "text": "A family's housing"}, "agenda")
        r = post(m, b, b + "/record", {}, "record-start")
        yield r
        if not r:
            return
        r = urllib.parse.urlsplit(r).path
        # The record is one form: its buttons save it, or send it too.
        yield post(m, r, r + "/save", {"do": "save", "workload": "Twenty cases", "wellbeing": "Well"}, "record-save")
        yield post(m, r, r + "/save", {"do": "send", "workload": "Twenty cases", "wellbeing": "Well"}, "record-send")
        yield post(w, r, r + "/sign", {}, "sign-off")

    # Signed in before the run: each sign-in is a password hash on the
    # server (about 0.1 s of a core, 64 MiB), not part of a working day's load.
    clients = {}
    for i, p in sorted(pairs.items()):
        k = "127.0.0.%d" % (i % 250 + 2)
        clients[i] = (Client(base, k), Client(base, k))
        clients[i][0].sign_in(p["writer-manager"][0])
        clients[i][1].sign_in(p["writer-worker"][0])
    open(out + ".ready", "w").close()
    while not os.path.exists(out + ".go"):
        time.sleep(0.05)
    stop = time.time() + seconds
    threads = [threading.Thread(target=pair, args=(i, p) + clients[i]) for i, p in sorted(pairs.items())]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.time() - t0
    with open(out, "w") as f:
        for kind, ms in sorted(lat.items()):
            ms.sort()
            f.write(json.dumps({"write": kind, "n": len(ms), "p50": pct(ms, 50), "p99": pct(ms, 99),
                                "max": ms[-1], "seconds": took}) + "\n")
        f.write(json.dumps({"write": "all", "n": sum(len(v) for v in lat.values()), "failures": len(failures),
                            "examples": failures[:5], "seconds": took}) + "\n")


def pct(sorted_ms, p):
    if not sorted_ms:
        return 0
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * p / 100))]


def median(v):
    v = sorted(v)
    if not v:
        return 0
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def read_json(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def hist_of(out, kinds):
    """A run's latencies in all: {microseconds: count}, summed over kinds."""
    h = {}
    for k in kinds:
        with open("%s.%s.hist" % (out, k)) as f:
            for pair in f.read().split():
                us, n = pair.split(":")
                h[int(us)] = h.get(int(us), 0) + int(n)
    return h


def hist_pct(h, p):
    total = sum(h.values())
    want, seen = total * p / 100, 0
    for us in sorted(h):
        seen += h[us]
        if seen >= want:
            return us / 1000
    return 0


def cmd_report(d, tag, rounds):
    """The figures of one scale and backend: per kind, the medians of the
    rounds; in all, each round's sums and the exact percentiles over every
    request (the kinds' histograms merged), then the rounds' medians."""
    rounds = int(rounds)
    kinds = [l.split()[0] for l in open(os.path.join(d, "kinds.txt"))]
    conns = {l.split()[0]: int(l.split()[1]) for l in open(os.path.join(d, "kinds.txt"))}
    per = {k: {"ov": [], "ng": []} for k in kinds}
    tot = {"ov": [], "ng": [], "ratio": [], "p50": [], "p99": [], "p999": []}
    problems = []
    writes = []
    for r in range(1, rounds + 1):
        sums = {}
        for who in ("ov", "ng"):
            rs = {x["kind"]: x for x in read_json(os.path.join(d, "%s-%d.json" % (who, r)))}
            for k in kinds:
                x = rs.get(k)
                if not x:
                    problems.append("%s round %d: no figures for %s" % (who, r, k))
                    continue
                x["rate"] = x["requests"] / x["seconds"] if x["seconds"] else 0
                per[k][who].append(x)
                if x["not200"] or x["signin"] or x["socket"] or x["timeouts"]:
                    problems.append("%s %s round %d: %d not 200 (%s), %d sign-in pages, %d socket errors, %d timeouts" % (
                        "oversight" if who == "ov" else "nginx", k, r, x["not200"], x["statuses"].strip(), x["signin"],
                        x["socket"], x["timeouts"]))
            sums[who] = sum(x.get("rate", 0) for x in rs.values())
            tot[who].append(sums[who])
        tot["ratio"].append(sums["ov"] / sums["ng"] if sums["ng"] else 0)
        for who in ("ov", "ng", "db"):
            f = os.path.join(d, "cpu-%s-%d" % (who, r))
            n = sum(x["requests"] for x in read_json(os.path.join(d, "%s-%d.json" % ("ng" if who == "ng" else "ov", r))))
            if os.path.exists(f) and n:
                tot.setdefault("cpu-" + who, []).append(float(open(f).read()) / n)
        h = hist_of(os.path.join(d, "ov-%d.json" % r), kinds)
        for p, key in ((50, "p50"), (99, "p99"), (99.9, "p999")):
            tot[key].append(hist_pct(h, p))
        wpath = os.path.join(d, "writes-%d.json" % r)
        if os.path.exists(wpath):
            writes.append(read_json(wpath))
        else:
            problems.append("round %d: the writers wrote no figures" % r)
    out = {"tag": tag, "when": time.strftime("%Y-%m-%d %H:%M"), "kinds": {}, "rate": median(tot["ov"]), "nginx": median(tot["ng"]),
           "ratio": median(tot["ratio"]), "p50": median(tot["p50"]), "p99": median(tot["p99"]),
           "p999": median(tot["p999"])}
    probe = {}
    if os.path.exists(os.path.join(d, "probe.json")):
        with open(os.path.join(d, "probe.json")) as f:
            probe = json.load(f)
    print("    %-20s %5s %9s %9s %6s %8s %8s %8s %9s %6s %6s" % ("kind", "conns", "req/s", "nginx", "ratio", "p50 ms",
                                                             "p99 ms", "p99.9 ms", "alone ms", "stmts", "rows"))
    for k in kinds:
        ov, ng = per[k]["ov"], per[k]["ng"]
        ratios = [a["rate"] / b["rate"] for a, b in zip(ov, ng) if b["rate"]]
        f = {"rate": median([x["rate"] for x in ov]), "nginx": median([x["rate"] for x in ng]),
             "ratio": median(ratios), "p50": median([x["p50"] for x in ov]), "p99": median([x["p99"] for x in ov]),
             "p999": median([x["p999"] for x in ov]), "bytes": median([x["bytes"] / max(1, x["requests"]) for x in ov])}
        f.update(probe.get(k, {}))
        out["kinds"][k] = f
        print("    %-20s %5d %9.0f %9.0f %6.3f %8.2f %8.2f %8.2f %9.2f %6.0f %6.0f" % (
            k, conns[k], f["rate"], f["nginx"], f["ratio"], f["p50"], f["p99"], f["p999"], f.get("ms", 0),
            f.get("statements", 0), f.get("rows", 0)))
    print("    %-20s %5d %9.0f %9.0f %6.3f %8.2f %8.2f %8.2f" % ("all", sum(conns.values()), out["rate"], out["nginx"],
                                                               out["ratio"], out["p50"], out["p99"], out["p999"]))
    ov_cpu, db_cpu, ng_cpu = (median(tot.get("cpu-" + w, [0])) for w in ("ov", "db", "ng"))
    print("    CPU per request (the run's CPU time over its read requests; writes included): oversight %.3f ms%s,"
          " nginx %.3f ms: %.0fx" % (ov_cpu, " + %.3f ms PostgreSQL and the balancer" % db_cpu if db_cpu else "", ng_cpu,
                                     (ov_cpu + db_cpu) / ng_cpu if ng_cpu else 0))
    out["cpu"] = median(tot.get("cpu-ov", [0]))
    out["cpu_db"] = median(tot.get("cpu-db", [0]))
    out["cpu_nginx"] = median(tot.get("cpu-ng", [0]))
    print("    (medians of %d rounds; ratio: oversight / nginx serving the same bytes statically; in all: percentiles"
          " over every request)" % rounds)
    n = fails = 0
    lat = {}
    for run in writes:
        for x in run:
            if x["write"] == "all":
                n += x["n"]
                fails += x["failures"]
                if x["failures"]:
                    problems.append("writes: %d failed, e.g. %s" % (x["failures"], "; ".join(x["examples"][:3])))
            else:
                lat.setdefault(x["write"], []).append(x)
    secs = sum(x["seconds"] for run in writes for x in run if x["write"] == "all")
    out["writes"] = n / secs if secs else 0
    print("    writes: %d posts in %.0f s (%.1f a second), %d failed; per kind, median of the rounds: %s" % (
        n, secs, out["writes"], fails, ", ".join("%s p50 %.1f ms p99 %.1f ms (%d)" % (
            k, median([x["p50"] for x in v]), median([x["p99"] for x in v]), sum(x["n"] for x in v))
            for k, v in sorted(lat.items()))))
    with open(os.path.join(d, "report.failures"), "w") as f:
        f.write("".join(p + "\n" for p in problems))
    with open(os.path.join(os.path.dirname(d), "summary-%s.json" % tag), "w") as f:
        json.dump(out, f)


def cmd_goals(d):
    """The goals of the issue, from the summaries this run wrote."""
    s = {}
    for name in os.listdir(d):
        if name.startswith("summary-") and name.endswith(".json"):
            with open(os.path.join(d, name)) as f:
                x = json.load(f)
                s[x["tag"]] = x
    def goal(ok):
        return "met" if ok else "MISSED"
    print("\n== Goals (issue 14), from the latest run of each scale and backend (%s)" % ", ".join(
        "%s %s" % (t, x.get("when", "?")) for t, x in sorted(s.items())))
    for be in ("sqlite", "pg"):
        c = s.get("council-" + be)
        if c:
            print("    council %s, mixed load with writes, %s: %.3f x nginx (goal >= 0.2: %s), p99 %.1f ms (goal < 50: %s)"
                  % (be, "64 connections", c["ratio"], goal(c["ratio"] >= 0.2), c["p99"], goal(c["p99"] < 50)))
        n = s.get("national-" + be)
        if c and n:
            print("    national %s: %.3f x nginx, p99 %.1f ms; council / national rate ratio %.2f (goal <= 1.5: %s),"
                  " p99 national / council %.2f (goal <= 1.5: %s)" % (
                      be, n["ratio"], n["p99"], c["ratio"] / n["ratio"] if n["ratio"] else 99,
                      goal(n["ratio"] and c["ratio"] / n["ratio"] <= 1.5), n["p99"] / c["p99"] if c["p99"] else 99,
                      goal(c["p99"] and n["p99"] / c["p99"] <= 1.5)))
            worst = sorted(((n["kinds"][k]["p99"] / c["kinds"][k]["p99"], k) for k in c["kinds"]
                            if k in n["kinds"] and c["kinds"][k]["p99"]), reverse=True)
            over = [(r, k) for r, k in worst if r > 1.5]
            print("    %s, national p99 / council p99 per kind (goal <= 1.5 each): %s; %s" % (
                be, goal(not over), ", ".join("%s %.2f" % (k, r) for r, k in worst)))
        if n:
            homes = [(k, v["ratio"]) for k, v in n["kinds"].items() if k.startswith("home-")]
            print("    national %s, landing pages with writes (goal >= 0.25 x nginx each): %s; %s" % (
                be, goal(homes and all(r >= 0.25 for _, r in homes)), ", ".join("%s %.3f" % h for h in homes)))
    for scale in ("council", "national"):
        a, b = s.get(scale + "-sqlite"), s.get(scale + "-pg")
        if a and b:
            print("    %s, PostgreSQL (two servers) / SQLite: rate %.2f, p99 %.1f / %.1f ms (goal within 2x: %s);"
                  " CPU per request, app servers and database, %.2f / %.2f ms (%.1fx)" % (
                      scale, b["rate"] / a["rate"] if a["rate"] else 0, b["p99"], a["p99"],
                      goal(b["rate"] * 2 >= a["rate"] and b["p99"] <= 2 * a["p99"]), b.get("cpu", 0) + b.get("cpu_db", 0),
                      a.get("cpu", 0), (b.get("cpu", 0) + b.get("cpu_db", 0)) / a["cpu"] if a.get("cpu") else 0))


def cmd_probe(base, d, n):
    """Each kind alone, before the load: N requests one after another over
    one connection, going round the kind's accounts and pages; the median
    time, and the statements and rows the server counted (X-Oversight-Cost,
    serve --cost-header), medians too: what a page costs its viewer."""
    out = {}
    for line in open(os.path.join(d, "kinds.txt")):
        kind = line.split()[0]
        reqs = [l.rstrip("\n").split("\t") for l in open(os.path.join(d, "kind-%s.txt" % kind))]
        c = Client(base, "127.0.0.252")
        ms, st, rw = [], [], []
        for i in range(int(n)):
            cookie, path = reqs[i % len(reqs)]
            c.jar = {"ov_session": cookie.partition("=")[2]}
            t0 = time.time()
            c.conn = c.conn or http.client.HTTPConnection(c.host, c.port, timeout=30, source_address=(c.source, 0))
            c.conn.request("GET", path, headers={"Cookie": cookie})
            r = c.conn.getresponse()
            r.read()
            ms.append((time.time() - t0) * 1000)
            cost = dict(kv.split("=") for kv in (r.getheader("X-Oversight-Cost") or "").split() if "=" in kv)
            st.append(int(cost.get("statements", 0)))
            rw.append(int(cost.get("rows", 0)))
        out[kind] = {"ms": median(ms), "statements": median(st), "rows": median(rw)}
    with open(os.path.join(d, "probe.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[:1] == ["accounts"] and len(a) == 5:
        cmd_accounts(*a[1:])
    elif a[:1] == ["plan"] and len(a) == 5:
        cmd_plan(a[1], a[2], a[3], int(a[4]))
    elif a[:1] == ["write"] and len(a) == 5:
        cmd_write(*a[1:])
    elif a[:1] == ["report"] and len(a) == 4:
        cmd_report(*a[1:])
    elif a[:1] == ["probe"] and len(a) == 4:
        cmd_probe(*a[1:])
    elif a[:1] == ["goals"] and len(a) == 2:
        cmd_goals(a[1])
    else:
        die("usage: see the top of bench/load.py")
