#!/usr/bin/env bash
# bench/cache.sh OLD_BINARY [NEW_BINARY]: the kept pages while other teams
# write, two builds side by side.
#
# For each build, on a council made by that build (`oversight demo --staff
# 1000 --cases 20000 --accounts`, kept in BENCH_DIR/cache/ while the build
# is the same), it measures with wrk (2 threads, CONNS connections, DURATION
# seconds) the requests per second of three pages: the demo manager's team
# list (/team), their landing page (/) and an auditor's landing page (/,
# the organisation's figures), first with nothing written, then while
# another team's manager books a session through the application every
# WRITE_PAUSE seconds (each a committed write about that team's people).
# The two builds take turns, ROUNDS times; the figures are medians. Not
# part of `make test` or `make bench`.
#
# Settings (environment): DURATION=10 ROUNDS=3 CONNS=8 WRITE_PAUSE=0.1
# BENCH_DIR=/tmp/oversight-bench
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/cache.sh OLD_BINARY [NEW_BINARY]" >&2; exit 2; }
OLD=$(realpath "$1")
NEW=$(realpath "${2:-build/oversight}")
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-8}
WRITE_PAUSE=${WRITE_PAUSE:-0.1}
W=${BENCH_DIR:-/tmp/oversight-bench}/cache
PASSWORD="oversight demo"
mkdir -p "$W"
command -v wrk >/dev/null || { echo "bench/cache.sh: wrk is needed (apt-get install -y wrk)" >&2; exit 1; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# db BINARY: the council made by BINARY (kept while BINARY is the same).
db() {
    local key db
    key=$(sha1sum "$1" | cut -c1-12)
    db=$W/council-$key.db
    if [ ! -s "$db.done" ]; then
        rm -f "$db" "$db"-*
        "$1" --db "$db" init >/dev/null
        "$1" --db "$db" demo --staff 1000 --cases 20000 --accounts >/dev/null
        # Another team's manager, with a supervisee to book sessions for.
        local other
        other=$(sqlite3 "$db" "SELECT m.id FROM teams t JOIN staff m ON m.ref = t.manager_ref
            WHERE m.id <> (SELECT s.id FROM users u JOIN staff s ON s.ref = u.staff_ref WHERE u.username = 'manager')
            AND EXISTS (SELECT 1 FROM staff w WHERE w.supervisor_ref = m.ref AND w.left_date IS NULL) ORDER BY t.name LIMIT 1")
        "$1" --db "$db" user add writer --staff "$other" --password-stdin <<<"$PASSWORD" >/dev/null
        echo "$other" >"$db.done"
    fi
    echo "$db"
}

pid=""
stop() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; }; }
wpid=""
stop_writer() { [ -z "$wpid" ] || { kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true; wpid=""; }; }
trap 'stop_writer; stop' EXIT

# serve BINARY DB: starts the server; sets $B.
serve() {
    "$1" --db "$2" serve --listen 127.0.0.1:0 >"$W/serve.out" 2>"$W/serve.err" &
    pid=$!
    for _ in $(seq 100); do grep -qs "on port" "$W/serve.out" && break; sleep 0.1; done
    B=http://127.0.0.1:$(sed -n 's/.* on port \([0-9]*\).*/\1/p' "$W/serve.out")
}

# cookie USER: signs USER in; prints the Cookie header's value.
cookie() {
    local jar=$W/jar.$1 pre
    rm -f "$jar"
    pre=$(curl -s -c "$jar" "$B/sign-in" | grep -o 'name="pre" value="[^"]*"' | cut -d'"' -f4)
    curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "pre=$pre" --data-urlencode "username=$1" \
        --data-urlencode "password=$PASSWORD" "$B/sign-in"
    echo "ov_session=$(awk '$6 == "ov_session" {print $7}' "$jar")"
}

# writer DB: books a session for the writer's supervisee every WRITE_PAUSE
# seconds, until stopped.
writer() {
    local other sup csrf i=0
    other=$(cat "$1.done")
    sup=$(sqlite3 "$1" "SELECT ref FROM staff WHERE supervisor_ref = (SELECT ref FROM staff WHERE id = '$other')
        AND left_date IS NULL ORDER BY id LIMIT 1")
    csrf=$(curl -s -b "$W/jar.writer" "$B/account" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | cut -d'"' -f4)
    while :; do
        i=$((i + 1))
        curl -s -o /dev/null -b "$W/jar.writer" --data-urlencode "csrf=$csrf" --data-urlencode "supervisee=$sup" \
            --data-urlencode "date=2026-12-$((10 + i % 18))" --data-urlencode "start-time=$((9 + i % 8)):00" \
            --data-urlencode "place=Room $i" "$B/bookings"
        sleep "$WRITE_PAUSE"
    done
}

# rate USER PAGE: requests per second over DURATION, after 2 seconds' warm-up.
rate() {
    wrk -t2 -c"$CONNS" -d2s -H "Cookie: $2" "$B$3" >/dev/null 2>&1
    wrk -t2 -c"$CONNS" -d"${DURATION}s" -H "Cookie: $2" "$B$3" >"$W/wrk.out" 2>&1
    grep -q "Non-2xx" "$W/wrk.out" && { echo "bench/cache.sh: errors: $(cat "$W/wrk.out")" >&2; exit 1; }
    awk '/Requests\/sec/ {print $2}' "$W/wrk.out"
}

declare -A got
for build in old new; do db "$([ $build = old ] && echo "$OLD" || echo "$NEW")" >/dev/null; done
for round in $(seq "$ROUNDS"); do
    for build in old new; do
        bin=$OLD
        [ $build = new ] && bin=$NEW
        d=$(db "$bin")
        serve "$bin" "$d"
        m=$(cookie manager)
        a=$(cookie auditor)
        cookie writer >/dev/null
        for writes in none writing; do
            [ $writes = writing ] && { writer "$d" & wpid=$!; }
            for page in "manager $m /team" "manager $m /" "auditor $a /"; do
                set -- $page
                r=$(rate "$1" "$2" "$3")
                got["$build|$writes|$1 $3"]+="$r "
                echo "round $round $build $writes $1 $3: $r req/s" >&2
            done
            stop_writer
        done
        [ $writes = writing ] && echo "  bookings made: $(sqlite3 "$d" "SELECT count(*) FROM bookings WHERE place LIKE 'Room %'")" >&2
        stop
    done
done
printf '| page | writes | before req/s | after req/s | after / before |\n| --- | --- | --- | --- | --- |\n'
for page in "manager /team" "manager /" "auditor /"; do
    for writes in none writing; do
        o=$(echo "${got["old|$writes|$page"]}" | tr ' ' '\n' | grep . | median)
        n=$(echo "${got["new|$writes|$page"]}" | tr ' ' '\n' | grep . | median)
        printf '| %s | %s | %s | %s | %.2f |\n' "$page" "$writes" "$o" "$n" "$(echo "$n / $o" | bc -l)"
    done
done
