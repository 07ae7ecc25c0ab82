#!/usr/bin/env bash
# test_pg_restart.sh: a lost database connection in the middle of use. The
# web application serves readers and writers while its PostgreSQL server is
# (a) restarted (pg_ctl restart, fast or immediate), (b) made to end every
# backend of the database (pg_terminate_backend), and (c) stopped for a few
# seconds and started again. Asserted:
#   - every request is answered: a success, or 503 with Retry-After and a
#     page saying the service is busy or unavailable; never a hang, a 500, a
#     blank answer or a dropped connection;
#   - every acknowledged write (a 303) is in the database, and every write is
#     whole or absent: a group session with both attendees and both case
#     notes, or nothing;
#   - once the server is back, every request succeeds within a few seconds,
#     without restarting oversight: each pooled connection reconnects.
# The server is this script's own (tests/pg.sh), never the shared
# OVERSIGHT_TEST_PG one, which other tests are using.
#
# SQLite has no server and no connection to lose, so without
# OVERSIGHT_TEST_PG this is skipped. OVERSIGHT_LONG=1: many cycles.
set -u
if [ -z "${OVERSIGHT_TEST_PG:-}" ]; then
    echo "1..1"
    echo "ok 1 # SKIP SQLite has no database server and no connection to lose (set OVERSIGHT_TEST_PG)"
    echo "# summary: skipped on SQLite (no server connection to lose)"
    exit 0
fi
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/web_lib.sh"

long=${OVERSIGHT_LONG:-}
if [ -n "$long" ]; then cycles=10; else cycles=1; fi

# ---- our own PostgreSQL server ----
pgroot=$(mktemp -d)
pgdir=$pgroot/data
stop_pg() {
    "$ROOT/tests/pg.sh" stop "$pgdir" >/dev/null 2>&1
    rm -rf "$pgroot"
}
trap 'rc=$?; stop_pg; (exit $rc); on_exit' EXIT
uri=$("$ROOT/tests/pg.sh" start "$pgdir") || bail_out "could not start a PostgreSQL server of our own"
admin=${uri%/*}/postgres
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -t/ -k5 -n -r | head -n 1)
if [ "$(id -u)" = 0 ]; then as_owner() { runuser -u postgres -- "$@"; }; else as_owner() { "$@"; }; fi
# pg_ctl ARGS: on our cluster; a stopped one is started by "restart" with
# the options it was first started with (postmaster.opts).
pgctl() { as_owner "$bindir/pg_ctl" -D "$pgdir" -l "$pgdir/server.log" -w -t 60 "$@" >/dev/null 2>&1; }
now() { date +%s.%N; }
# event down|up WHAT: when a fault began and ended.
event() { echo "$1 $2 $(now)" >>"$T/events"; }

export OVERSIGHT_TEST_PG=$uri
start_server
sign_in_each manager worker
: >"$T/events"

# The manager records group sessions with two of their supervisees, one
# open case of each: a session, two attendees, two discussions, two notes.
mgr=$(staff_of manager)
read -r a1 c1 a2 c2 < <(sql "
    WITH held AS (
        SELECT s.id AS staff, min(c.id) AS case_id FROM staff s
        JOIN staff m ON m.ref = s.supervisor_ref AND m.id = '$mgr'
        JOIN cases c ON c.worker_ref = s.ref AND c.closed_date IS NULL AND c.allocated_date < current_date
        WHERE s.left_date IS NULL GROUP BY s.id ORDER BY s.id LIMIT 2)
    SELECT string_agg(staff || ' ' || case_id, ' ') FROM held")
[ -n "${c2:-}" ] || bail_out "the demo manager has no two supervisees with open cases"
groups_before=$(sql "SELECT count(*) FROM sessions WHERE type = 'group'")

# ---- the load ----
cat >"$T/load.py" <<'EOF'
import http.client, json, os, re, secrets, sys, threading, time, urllib.parse
port, tdir, a1, c1, a2, c2 = sys.argv[1:7]
port = int(port)
out = open(f"{tdir}/requests", "w")
lock = threading.Lock()

def running():
    return not os.path.exists(f"{tdir}/stop")

def jar(user):
    return open(f"{tdir}/jar.{user}").read()

def cookie(user):
    # curl's Netscape jar: the session cookie's name and value.
    for line in jar(user).splitlines():
        f = line.split("\t")
        if len(f) == 7 and not line.startswith("# ") and f[5].startswith("ov"):
            return f"{f[5]}={f[6]}"
    raise SystemExit(f"no session cookie for {user}")

def request(method, path, ck, body=None):
    """(status, headers, body text) or (0, {}, what went wrong)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        h = {"Cookie": ck}
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode("utf-8", "replace")
    except Exception as e:
        return 0, {}, f"{type(e).__name__}: {e}"
    finally:
        c.close()

def verdict(status, headers, text, want):
    if status == want:
        return "ok"
    if status == 503 and "retry-after" in headers and re.search(r"service is (busy|unavailable)|try again", text):
        return "clear"
    return "bad"

def what(v, text):
    """A failure's page title (or the start of its text)."""
    if v == "ok":
        return ""
    m = re.search(r"<title>([^<]*)</title>", text)
    return m.group(1) if m else text[:120].replace("\n", " ") or "(empty)"

def log(**kw):
    with lock:
        out.write(json.dumps(kw) + "\n")
        out.flush()

def writer(wid):
    ck = cookie("manager")
    st, _, page = request("GET", "/account", ck)
    csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
    seq = 0
    while running():
        seq += 1
        tag = f"pgr-{wid}-{seq}"
        body = urllib.parse.urlencode({
            "csrf": csrf, "write-key": secrets.token_urlsafe(24), "date": time.strftime("%Y-%m-%d"),
            "attendees": f"{a1} {a2}",
            "cases": f"{c1}: {tag} first\n{c2}: {tag} second"})
        t0 = time.time()
        st, h, text = request("POST", "/group-sessions", ck, body)
        v = verdict(st, h, text, 303)
        log(t0=t0, t1=time.time(), kind="write", tag=tag, status=st, verdict=v, detail=what(v, text))
        if v != "ok":
            time.sleep(0.2)

def reader(rid):
    user = "worker" if rid % 2 else "manager"
    ck = cookie(user)
    paths = ["/", "/supervision", "/records", "/api/v1/me/due"] if user == "worker" else ["/", "/supervision", "/team"]
    i = 0
    while running():
        path = paths[i % len(paths)]
        i += 1
        t0 = time.time()
        st, h, text = request("GET", path, ck)
        v = verdict(st, h, text, 200)
        log(t0=t0, t1=time.time(), kind="read", tag=path, status=st, verdict=v, detail=what(v, text))
        if v != "ok":
            time.sleep(0.2)

threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
threads += [threading.Thread(target=reader, args=(r,)) for r in range(3)]
for t in threads: t.start()
for t in threads: t.join()
EOF

# The API path the readers use must answer 200 before anything is broken.

# ---- the faults, while the load runs ----
# settle SECONDS: lets the load run on (the database up).
settle() { sleep "$1"; }
terminate() {
    psql -qAt "$admin" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
        WHERE datname = 'oversight_test' AND pid <> pg_backend_pid()" 2>/dev/null || echo 0
}
restarts=0 terminations=0 killed=0 stops=0
python3 "$T/load.py" "$port" "$T" "$a1" "$c1" "$a2" "$c2" &
load_pid=$!
background_pids="$background_pids $load_pid"
for cycle in $(seq "$cycles"); do
    settle 2
    # (a) a restart: fast (clients told), then immediate (no goodbye) in turn.
    mode=fast
    [ $((cycle % 2)) = 0 ] && mode=immediate
    event down restart
    pgctl -m "$mode" restart || bail_out "pg_ctl restart -m $mode failed: $(tail -n 5 "$pgdir/server.log")"
    event up restart
    restarts=$((restarts + 1))
    settle 4
    # (b) every backend of the database ended, twice, a second apart.
    for _ in 1 2; do
        event down terminate
        killed=$((killed + $(terminate)))
        event up terminate
        terminations=$((terminations + 1))
        settle 1
    done
    settle 2
    # (c) the server stopped for 3 seconds, then started again.
    event down stop
    pgctl -m immediate stop || bail_out "pg_ctl stop failed"
    sleep 3
    pgctl restart || bail_out "the server did not start again: $(tail -n 5 "$pgdir/server.log")"
    event up stop
    stops=$((stops + 1))
done
settle 3
touch "$T/stop"
wait "$load_pid"
load_rc=$?
[ "$load_rc" = 0 ] || fail "the load ran to its end" "exit status $load_rc"

# ---- the verdicts ----
# Every pooled connection, each used for the first time since the last
# fault: as many requests at once as the server has threads, three times.
burst_bad=0
for round in 1 2 3; do
    seq 8 | xargs -P 8 -I{} curl -s -o /dev/null -m 30 -w '%{http_code}\n' -b "$T/jar.manager" "$B/supervision" \
        >"$T/burst.$round"
    burst_bad=$((burst_bad + $(grep -vc '^200$' "$T/burst.$round")))
done

python3 - "$T" "$burst_bad" >"$T/verdicts" <<'EOF'
import collections, json, sys
tdir = sys.argv[1]
reqs = [json.loads(l) for l in open(f"{tdir}/requests")]
events = [l.split() for l in open(f"{tdir}/events")]
ups = [float(t) for kind, _, t in events if kind == "up"]
downs = [(float(t), what) for kind, what, t in events if kind == "down"]

def fault(r):
    """The fault a failed request followed: the last one begun before it ended."""
    began = [what for t, what in downs if t <= r["t1"]]
    return began[-1] if began else "none"

bad = [r for r in reqs if r["verdict"] == "bad"]
clear = [r for r in reqs if r["verdict"] == "clear"]
# A failure is only fair while the database is down or until it has been back
# for 5 seconds (first use of each connection, a transaction cut off).
late = [r for r in reqs if r["verdict"] != "ok" and all(not (d <= r["t1"] and r["t0"] <= u + 5) for (d, _), u in zip(downs, ups))]
# How long after each time the database came back until the first success
# started after it.
recovery = []
for u in ups:
    after = [r["t1"] - u for r in reqs if r["t0"] >= u and r["verdict"] == "ok"]
    if after:
        recovery.append(min(after))
slowest = max((r["t1"] - r["t0"] for r in reqs), default=0)
writes = [r for r in reqs if r["kind"] == "write"]
print(json.dumps({
    "requests": len(reqs), "ok": len(reqs) - len(bad) - len(clear), "clear": len(clear), "bad": len(bad),
    "bad_examples": [f"{n} x {k}" for k, n in collections.Counter(
        f'{r["kind"]} after {fault(r)} -> {r["status"]} {r["detail"]}' for r in bad).most_common(6)],
    "clear_examples": [f"{n} x {k}" for k, n in collections.Counter(
        f'{r["kind"]} after {fault(r)} -> {r["status"]} {r["detail"]}' for r in clear).most_common(6)],
    "late": len(late), "late_examples": [f'{r["kind"]} {r["tag"]} -> {r["status"]}' for r in late[:5]],
    "recovery_max": round(max(recovery, default=0), 2), "slowest": round(slowest, 2),
    "writes": len(writes), "acked": [r["tag"] for r in writes if r["verdict"] == "ok"],
    "unacked": [r["tag"] for r in writes if r["verdict"] != "ok"],
}))
EOF
v() { python3 -c "import json,sys; print(json.load(open('$T/verdicts'))['$1'])"; }
vlist() { python3 -c "import json,sys; print('\n'.join(json.load(open('$T/verdicts'))['$1']))"; }

if [ "$(v bad)" = 0 ]; then
    pass "every request answered: a success or a 503 with Retry-After ($(v requests) requests, $(v clear) refused)"
else
    fail "every request answered: a success or a 503 with Retry-After" "$(v bad) were not:" "$(vlist bad_examples)" \
        "the server logged, among others:" "$(grep -o 'database: .*' "$T/serve.err" | sort | uniq -c | sort -rn | head -n 8)"
fi
vlist clear_examples | sed 's/^/# refused: /'
awk -v s="$(v slowest)" 'BEGIN { exit !(s < 25) }' && pass "no request hung (slowest $(v slowest) s)" ||
    fail "no request hung" "slowest $(v slowest) s"
if [ "$(v late)" = 0 ]; then
    pass "requests succeed again within 5 s of the database being back (slowest recovery $(v recovery_max) s)"
else
    fail "requests succeed again within 5 s of the database being back" "$(v late) failed later:" "$(vlist late_examples)"
fi
[ "$burst_bad" = 0 ] && pass "every pooled connection works afterwards (24 requests, 8 at a time)" ||
    fail "every pooled connection works afterwards" "$burst_bad of 24 requests failed"
kill -0 "$server_pid" 2>/dev/null && pass "oversight kept running throughout" ||
    fail "oversight kept running throughout" "$(tail -n 5 "$T/serve.err")"

# Every write whole or absent, every acknowledged one present.
sql "SELECT split_part(n.decision, ' ', 1), count(DISTINCT n.ref), count(DISTINCT d.case_ref),
        (SELECT count(*) FROM attendees a WHERE a.session_ref = min(n.session_ref)), count(DISTINCT n.session_ref)
     FROM case_notes n LEFT JOIN discussions d ON d.session_ref = n.session_ref
     WHERE n.decision LIKE 'pgr-%' GROUP BY 1" >"$T/saved"
partial=$(awk -F'|' '$2 != 2 || $3 != 2 || $4 != 2 || $5 != 1' "$T/saved")
orphans=$(($(sql "SELECT count(*) FROM sessions WHERE type = 'group'") - groups_before - $(wc -l <"$T/saved")))
if [ -z "$partial" ] && [ "$orphans" = 0 ]; then
    pass "every write whole or absent ($(wc -l <"$T/saved") group sessions saved)"
else
    fail "every write whole or absent" "partial (tag|notes|discussions|attendees|sessions): $partial" \
        "group sessions without notes: $orphans"
fi
cut -d'|' -f1 "$T/saved" | sort >"$T/saved.tags"
vlist acked | sort >"$T/acked.tags"
lost=$(comm -23 "$T/acked.tags" "$T/saved.tags")
acked=$(wc -l <"$T/acked.tags")
[ -z "$lost" ] && pass "every acknowledged write is there ($acked)" ||
    fail "every acknowledged write is there" "missing: $(echo "$lost" | head -n 5 | paste -sd' ')"
unacked_saved=$(vlist unacked | sort | comm -12 - "$T/saved.tags" | wc -l)

# Started while the database server is down: a clear message naming the
# database and what to do, exit 3, at once; the running one waits it out.
pgctl -m fast stop || bail_out "pg_ctl stop failed"
start=$SECONDS
run timeout 20 "$OVERSIGHT" --db "$DB" serve --listen 127.0.0.1:0
check "oversight serve with the database down exits 3" 3 "$DB: cannot connect to PostgreSQL"
[ $((SECONDS - start)) -le 5 ] && grep -q "check that the server is running" "$T/err" &&
    pass "at once, saying what to do" || fail "at once, saying what to do" "$((SECONDS - start)) s: $ERR"
run timeout 20 "$OVERSIGHT" --db "$DB" due
check "a command with the database down exits 3, saying what to do" 3 "check that the server is running"
get manager /supervision
[ "$code" = 503 ] && has_header "Retry-After" && grep -q "The service is unavailable" "$T/b" &&
    pass "the running server answers 503 unavailable with Retry-After meanwhile" ||
    fail "the running server answers 503 unavailable with Retry-After meanwhile" "$code"
req "$B/healthz"
[ "$code" = 503 ] && has_header "Retry-After" && grep -qx "unavailable" "$T/b" &&
    pass "its /healthz answers 503 unavailable, for a load balancer" || fail "/healthz with the database down" "$code"
pgctl restart || bail_out "the server did not start again"
get manager /supervision
[ "$code" = 200 ] && pass "and 200 as soon as the database is back" || fail "and 200 as soon as the database is back" "$code"
req "$B/healthz"
[ "$code" = 200 ] && grep -qx "ok" "$T/b" && pass "and /healthz ok" || fail "/healthz once the database is back" "$code"

echo "# summary: cycles=$cycles restarts=$restarts terminations=$terminations backends_ended=$killed stops=$stops"
echo "# summary: requests=$(v requests) ok=$(v ok) refused_503=$(v clear) bad=$(v bad) writes=$(v writes) acknowledged=$acked unacknowledged_but_saved=$unacked_saved"
echo "# summary: recovery_max=$(v recovery_max)s slowest_request=$(v slowest)s"
done_testing
