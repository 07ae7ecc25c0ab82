#!/usr/bin/env python3
"""writers.py: load and proof for the reliability tests (stdlib only).

  writers.py write --base URL --pairs FILE --acks FILE --stop FILE
                   [--oversight BIN --db DB --import-rows N]
      Writers of every kind of write the web application takes, one thread
      per pair of accounts (a supervisor and their supervisee), each going
      round a supervision: a booking, agenda items from both, the record
      started, saved, an action, sent, signed by the supervisee, an informal
      discussion and an incident on a case. With --oversight, one more
      thread runs `oversight import staff` over and over, killing some
      imports part-way. Runs until the file --stop exists.

      Every write the server ACKNOWLEDGED (a 303, or the "Already saved"
      page for a repeat) is appended to --acks as one JSON line, with the
      unique text it wrote, after the answer came. A write whose answer did
      not come (the server was killed, or refused the connection) may or may
      not have been saved: it is sent again with the SAME write key until an
      answer comes, so it is applied at most once and, once answered, known
      to be saved. A write refused (4xx, 5xx, the full-disk page) is not
      acknowledged; its status is counted.

  writers.py check --db DB --acks FILE --state FILE
      Checks the database against the acknowledgements: every acknowledged
      write present, none twice, every import wholly there or wholly absent,
      the data generation never going back; and the database's own checks
      (SQLite: integrity_check and foreign_key_check; PostgreSQL: every
      foreign key's rows by a query, no constraint left unvalidated).
      Prints "# " lines; exits 1 when anything is wrong.

  writers.py count --acks FILE
      The acknowledged writes by kind, as one line.

A pairs FILE has one line per pair: MANAGER WORKER WORKER_ID WORKER_REF CASE.
Every account's password is in OVERSIGHT_PASSWORD.
"""
import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

PREFIX = "crash-"
TIMEOUT = 20


class Counter:
    """Answers by status, shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}

    def add(self, what):
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1


class Acks:
    """The acknowledgement log: one JSON line per acknowledged write, flushed
    at once, so that whatever is in it was acknowledged before it was read."""

    def __init__(self, path):
        self.lock = threading.Lock()
        self.f = open(path, "a", buffering=1)

    def add(self, **ack):
        with self.lock:
            self.f.write(json.dumps(ack) + "\n")
            self.f.flush()


class Session:
    """One account's signed-in session over plain HTTP/1.1, a new connection
    per request so that a restarted server is simply reached again."""

    def __init__(self, base, username, password, stopped, counter):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.username, self.password = username, password
        self.cookies = {}
        self.csrf = None
        self.stopped = stopped
        self.counter = counter

    def request(self, method, path, fields=None):
        """(status, headers, body) or None when no answer came."""
        body = urllib.parse.urlencode(fields) if fields is not None else None
        headers = {"Connection": "close"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        c = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            c.request(method, path, body=body, headers=headers)
            r = c.getresponse()
            data = r.read().decode("utf-8", "replace")
            for k, v in r.getheaders():
                if k.lower() == "set-cookie":
                    name, _, rest = v.partition("=")
                    value = rest.split(";", 1)[0]
                    if value == "" or "Max-Age=0" in v:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = value
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        except (OSError, http.client.HTTPException):
            return None
        finally:
            c.close()

    def wait_answer(self, method, path, fields=None):
        """request, repeated until an answer comes (or the writers stop)."""
        while True:
            got = self.request(method, path, fields)
            if got is not None or self.stopped():
                return got
            self.counter.add("no answer")
            time.sleep(0.2)

    def sign_in(self):
        """Signs in and reads the form token; False if the writers stop first."""
        while not self.stopped():
            self.cookies = {}
            got = self.wait_answer("GET", "/sign-in")
            if got is None:
                return False
            m = re.search(r'name="pre" value="([^"]*)"', got[2])
            fields = {"username": self.username, "password": self.password}
            if m:
                fields["pre"] = m.group(1)
            got = self.wait_answer("POST", "/sign-in", fields)
            if got is not None and got[0] == 303 and self.refresh_csrf():
                return True
            time.sleep(0.5)
        return False

    def refresh_csrf(self):
        got = self.wait_answer("GET", "/account")
        if got is None or got[0] != 200:
            return False
        m = re.search(r'name="csrf" value="([^"]*)"', got[2])
        self.csrf = m.group(1) if m else None
        return self.csrf is not None

    def write(self, path, fields):
        """Sends a change with a new write key until it is answered. Returns
        (True, location) when acknowledged, (False, status) when refused."""
        key = secrets.token_urlsafe(32)
        signed_in_again = 0
        while True:
            if self.csrf is None and not self.sign_in():
                return False, "stopped"
            got = self.request("POST", path, dict(fields, csrf=self.csrf, **{"write-key": key}))
            if got is None:
                # Sent, perhaps saved, not answered: the same key again.
                self.counter.add("no answer")
                if self.stopped():
                    return False, "stopped"
                time.sleep(0.2)
                continue
            status, headers, body = got
            self.counter.add(str(status))
            if status == 303 and "/sign-in" not in headers.get("location", ""):
                return True, headers.get("location", "")
            if status == 200 and "Already saved" in body:
                return True, ""
            if status == 503:  # busy: nothing saved, try again
                time.sleep(0.5)
                continue
            if status in (303, 403) and signed_in_again < 2:
                self.csrf = None  # the session or its token ended: sign in again
                signed_in_again += 1
                continue
            return False, status


def number_in(location, noun):
    m = re.search(r"/%s/(\d+)" % noun, location or "")
    return int(m.group(1)) if m else None


def pair_writer(args, pair, n, acks, counter, stopped):
    manager_name, worker_name, worker_id, worker_ref, case_id = pair
    password = os.environ.get("OVERSIGHT_PASSWORD", "oversight demo")
    m = Session(args.base, manager_name, password, stopped, counter)
    w = Session(args.base, worker_name, password, stopped, counter)
    today = time.strftime("%Y-%m-%d")
    yesterday = time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400))
    soon = time.strftime("%Y-%m-%d", time.localtime(time.time() + 14 * 86400))
    tag_base = f"{PREFIX}{os.getpid()}-{n}-"
    r = 0
    while not stopped():
        r += 1
        tag = f"{tag_base}{r}"

        def text_write(s, kind, path, fields, text):
            ok, got = s.write(path, fields)
            if ok:
                acks.add(kind=kind, text=text)
            return ok, got

        ok, got = text_write(m, "booking", "/bookings",
                             {"supervisee": worker_ref, "date": today,
                              "start-time": "%02d:%02d" % (8 + r % 10, 5 * (r % 12)), "place": tag + " room"},
                             tag + " room")
        booking = number_in(got, "bookings") if ok else None
        if booking is None:
            continue
        text_write(w, "agenda", f"/bookings/{booking}/agenda", {"kind": "worry", "text": tag + " worry"}, tag + " worry")
        text_write(m, "agenda", f"/bookings/{booking}/agenda", {"kind": "topic", "text": tag + " topic"}, tag + " topic")
        ok, got = m.write(f"/bookings/{booking}/record", {})
        record = number_in(got, "records") if ok else None
        if ok:
            acks.add(kind="record", text=str(booking))
        if record is not None:
            text_write(m, "save", f"/records/{record}/save", {"workload": tag + " workload"}, tag + " workload")
            text_write(m, "action", f"/records/{record}/actions",
                       {"action": tag + " action", "owner": worker_id, "due": soon}, tag + " action")
            ok, _ = m.write(f"/records/{record}/send", {})
            if ok:
                acks.add(kind="send", text=str(record))
                ok, _ = w.write(f"/records/{record}/sign", {"version": "1"})
                if ok:
                    acks.add(kind="sign", text=str(record))
        text_write(m, "discussion", "/discussions",
                   {"case": case_id, "date": yesterday, "decision": tag + " decision", "rationale": "Seen"},
                   tag + " decision")
        text_write(w, "concern", f"/cases/{case_id}/concerns",
                   {"concern-kind": "incident", "concern-date": today, "concern-text": tag + " concern"},
                   tag + " concern")


def importer(args, acks, counter, stopped):
    """`oversight import staff` of new rows, over and over; about half are
    killed with SIGKILL part-way. Only an import that exited 0 is
    acknowledged; every one must be wholly there or wholly absent."""
    folder = os.path.dirname(os.path.abspath(args.acks))
    today = time.strftime("%Y-%m-%d")
    b = 0
    took = 0.5  # how long the last finished import took
    while not stopped():
        b += 1
        batch = f"{os.getpid()}-{b}"
        path = os.path.join(folder, f"import-{batch}.csv")
        with open(path, "w") as f:
            f.write("id,name,role,start_date\n")
            for i in range(args.import_rows):
                f.write(f"{PREFIX}imp-{batch}-{i},Imported {batch} {i},social-worker,{today}\n")
        p = subprocess.Popen([args.oversight, "--db", args.db, "import", "staff", path],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started = time.monotonic()
        killed = False
        if random.random() < 0.5:
            try:
                # A moment within the time imports take (checking, then writing).
                p.wait(timeout=random.uniform(0.1, 1.0) * took)
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGKILL)
                killed = True
        _, err = p.communicate()
        if not killed and p.returncode == 0:
            took = time.monotonic() - started
        os.unlink(path)
        if killed:
            outcome = "killed"
        elif p.returncode == 0:
            outcome = "ok"
        else:
            outcome = f"exit {p.returncode}"
            if p.returncode not in (3,):
                sys.stderr.write(f"writers.py: import {batch} exit {p.returncode}: {err.decode(errors='replace')}\n")
        counter.add(f"import {outcome}")
        acks.add(kind="import", text=batch, rows=args.import_rows, outcome=outcome)
        time.sleep(random.uniform(0, args.import_pause))


def cmd_write(args):
    pairs = [line.split() for line in open(args.pairs) if line.strip()]
    acks = Acks(args.acks)
    counter = Counter()

    def stopped():
        return os.path.exists(args.stop)

    threads = [threading.Thread(target=pair_writer, args=(args, p, i, acks, counter, stopped), daemon=True)
               for i, p in enumerate(pairs)]
    if args.oversight:
        threads.append(threading.Thread(target=importer, args=(args, acks, counter, stopped), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("# answers: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.counts.items())))


class Db:
    """Queries on the test database: SQLite through the sqlite3 module,
    PostgreSQL through psql (no driver in the standard library)."""

    def __init__(self, uri):
        self.pg = uri.startswith("postgres")
        self.uri = uri
        if not self.pg:
            self.c = sqlite3.connect(uri, timeout=30)

    def rows(self, q):
        if not self.pg:
            return [tuple("" if v is None else str(v) for v in r) for r in self.c.execute(q).fetchall()]
        out = subprocess.run(["psql", "-qAtX", "-F", "\t", "-v", "ON_ERROR_STOP=1", self.uri, "-c", q],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(out.stderr.strip())
        return [tuple(line.split("\t")) for line in out.stdout.splitlines()]


# Where each kind's acknowledged text is found: the query lists the texts
# present (with how often).
PRESENT = {
    "booking": "SELECT place, count(*) FROM bookings WHERE place LIKE 'crash-%' GROUP BY place",
    "agenda": "SELECT text, count(*) FROM agenda_items WHERE text LIKE 'crash-%' GROUP BY text",
    "record": "SELECT booking_ref, count(*) FROM records GROUP BY booking_ref",
    "save": "SELECT text, count(*) FROM record_items WHERE topic = 'workload' AND text LIKE 'crash-%' GROUP BY text",
    "action": "SELECT text, count(*) FROM actions WHERE text LIKE 'crash-%' GROUP BY text",
    "send": "SELECT record_ref, count(*) FROM record_versions WHERE version = 1 AND sent_at IS NOT NULL GROUP BY record_ref",
    "sign": "SELECT record_ref, count(*) FROM record_versions WHERE version = 1 AND state = 'signed' GROUP BY record_ref",
    "discussion": "SELECT decision, count(*) FROM case_notes WHERE decision LIKE 'crash-%' GROUP BY decision",
    "concern": "SELECT text, count(*) FROM case_concerns WHERE text LIKE 'crash-%' GROUP BY text",
}

PG_FOREIGN_KEYS = """
SELECT c.conname, c.conrelid::regclass, c.confrelid::regclass,
       string_agg(format('t.%I IS NOT NULL', a.attname), ' AND '),
       string_agg(format('p.%I = t.%I', af.attname, a.attname), ' AND ')
FROM pg_constraint c
CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, fcol)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = k.fcol
WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
GROUP BY c.conname, c.conrelid, c.confrelid ORDER BY 1
"""


def read_acks(path):
    acks = []
    with open(path) as f:
        for line in f:
            if line.endswith("\n"):  # a line being written is read next time
                acks.append(json.loads(line))
    return acks


def cmd_check(args):
    db = Db(args.db)
    acks = read_acks(args.acks)
    problems = []
    for kind, q in PRESENT.items():
        present = {r[0]: int(r[1]) for r in db.rows(q)}
        want = [a["text"] for a in acks if a["kind"] == kind]
        missing = [t for t in want if t not in present]
        if missing:
            problems.append(f"{kind}: {len(missing)} of {len(want)} acknowledged missing, e.g. {missing[:3]}")
        if kind not in ("send", "sign", "record"):
            twice = [t for t, n in present.items() if n > 1]
            if twice:
                problems.append(f"{kind}: {len(twice)} saved more than once, e.g. {twice[:3]}")
    imported = {}
    for (sid,) in db.rows("SELECT id FROM staff WHERE id LIKE 'crash-imp-%'"):
        batch = sid[len("crash-imp-"):].rsplit("-", 1)[0]
        imported[batch] = imported.get(batch, 0) + 1
    whole = {"ok": 0, "killed": 0, "other": 0}
    for a in acks:
        if a["kind"] != "import":
            continue
        got = imported.get(a["text"], 0)
        if a["outcome"] == "ok" and got != a["rows"]:
            problems.append(f"import {a['text']}: exited 0 but {got} of {a['rows']} rows are there")
        elif got not in (0, a["rows"]):
            problems.append(f"import {a['text']} ({a['outcome']}): {got} of {a['rows']} rows: half there")
        whole["ok" if a["outcome"] == "ok" else "killed" if a["outcome"] == "killed" else "other"] += 1
    gen = db.rows("SELECT count(*), max(n) FROM data_generation")
    if not gen or gen[0][0] != "1":
        problems.append(f"data_generation has {gen[0][0] if gen else 'no'} rows, want 1")
    else:
        n = int(gen[0][1])
        last = int(open(args.state).read()) if os.path.exists(args.state) else 0
        if n < last:
            problems.append(f"data_generation went back from {last} to {n}")
        with open(args.state, "w") as f:
            f.write(str(n))
    if db.pg:
        keys = db.rows(PG_FOREIGN_KEYS)
        checked = len(keys)
        orphans = db.rows(" UNION ALL ".join(
            f"SELECT '{name}', '{rel}', '{frel}', count(*) FROM {rel} t WHERE {notnull} AND NOT EXISTS "
            f"(SELECT 1 FROM {frel} p WHERE {join})" for name, rel, frel, notnull, join in keys))
        for name, rel, frel, n in orphans:
            if n != "0":
                problems.append(f"foreign key {name}: {n} rows of {rel} name no row of {frel}")
        for (name,) in db.rows("SELECT conname FROM pg_constraint WHERE NOT convalidated AND connamespace = 'public'::regnamespace"):
            problems.append(f"constraint {name} not validated")
        print(f"# checked: {checked} foreign keys by query, constraints validated")
    else:
        ic = db.rows("PRAGMA integrity_check")
        if ic != [("ok",)]:
            problems.append(f"integrity_check: {ic[:5]}")
        fk = db.rows("PRAGMA foreign_key_check")
        if fk:
            problems.append(f"foreign_key_check: {len(fk)} rows, e.g. {fk[:3]}")
        print("# checked: integrity_check ok" if ic == [("ok",)] else "# checked: integrity_check FAILED")
    print(f"# acknowledged: {len([a for a in acks if a['kind'] != 'import'])} web writes, "
          f"imports {whole['ok']} ok, {whole['killed']} killed, {whole['other']} refused; lost {len(problems)}")
    for p in problems:
        print(f"# PROBLEM: {p}")
    return 1 if problems else 0


def cmd_count(args):
    acks = read_acks(args.acks)
    kinds = {}
    for a in acks:
        k = a["kind"] if a["kind"] != "import" else f"import {a['outcome']}"
        kinds[k] = kinds.get(k, 0) + 1
    total = sum(v for k, v in kinds.items() if not k.startswith("import"))
    print(f"{total} web writes acknowledged (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("--base", required=True)
    w.add_argument("--pairs", required=True)
    w.add_argument("--acks", required=True)
    w.add_argument("--stop", required=True)
    w.add_argument("--oversight")
    w.add_argument("--db")
    w.add_argument("--import-rows", type=int, default=300)
    w.add_argument("--import-pause", type=float, default=0.5, help="at most this many seconds between imports")
    c = sub.add_parser("check")
    c.add_argument("--db", required=True)
    c.add_argument("--acks", required=True)
    c.add_argument("--state", required=True)
    n = sub.add_parser("count")
    n.add_argument("--acks", required=True)
    args = ap.parse_args()
    sys.exit({"write": cmd_write, "check": cmd_check, "count": cmd_count}[args.cmd](args) or 0)


if __name__ == "__main__":
    main()
