#!/usr/bin/env bash
# bench/trends.sh [council|national]: compliance over time (the service
# and team trends pages, GET /services/NAME/trends and /teams/NAME/trends:
# twelve months each) side by side, over HTTP on SQLite.
#
# The service is the one with the most staff of those with more than one
# team, the team its team with the most. The two pages take turns, ROUNDS times, after one request each to
# warm the caches; each time is curl's time_total for the whole answer.
# Prints the medians and the median of the rounds' ratios (service / team),
# against the goal (issue 16): a service's 12 months within 2x of a team's,
# and under 200 ms.
#
# council: `oversight demo --staff 1000 --cases 20000 --seed 1`, made once
# and kept in BENCH_DIR/trends/. national: a copy of NATIONAL_DB (default
# BENCH_DIR/national.db, as bench/run.sh makes it), never the file itself.
# Settings (environment): ROUNDS=9 BENCH_DIR=/tmp/oversight-bench
set -eu
cd "$(dirname "$0")/.."
scale=${1:-council}
ROUNDS=${ROUNDS:-9}
BIN=$(realpath "${OVERSIGHT:-build/oversight}")
W=${BENCH_DIR:-/tmp/oversight-bench}/trends
PASSWORD="oversight demo"
mkdir -p "$W"
db=$W/$scale.db
case $scale in
council)
    if [ ! -s "$db.done" ]; then
        rm -f "$db" "$db"-*
        "$BIN" --db "$db" init >/dev/null
        "$BIN" --db "$db" demo --staff 1000 --cases 20000 --seed 1 >/dev/null
        touch "$db.done"
    fi
    ;;
national)
    src=${NATIONAL_DB:-${BENCH_DIR:-/tmp/oversight-bench}/national.db}
    [ -s "$db.done" ] || { cp "$src" "$db" && touch "$db.done"; }
    ;;
*) echo "usage: bench/trends.sh [council|national]" >&2; exit 2 ;;
esac
"$BIN" --db "$db" user add bench-auditor --role auditor --password-stdin <<<"$PASSWORD" >/dev/null 2>&1 || true

q() { sqlite3 "$db" "$1"; }
service=$(q "SELECT v.name FROM services v JOIN teams t ON t.service_ref = v.ref JOIN staff s ON s.team_ref = t.ref
             WHERE s.left_date IS NULL GROUP BY v.ref HAVING count(DISTINCT t.ref) > 1
             ORDER BY count(*) DESC, v.name LIMIT 1")
team=$(q "SELECT t.name FROM teams t JOIN services v ON v.ref = t.service_ref JOIN staff s ON s.team_ref = t.ref
          WHERE v.name = '$service' AND s.left_date IS NULL GROUP BY t.ref ORDER BY count(*) DESC, t.name LIMIT 1")
service_staff=$(q "SELECT count(*) FROM staff s JOIN teams t ON t.ref = s.team_ref JOIN services v ON v.ref = t.service_ref
                   WHERE v.name = '$service' AND s.left_date IS NULL")
team_staff=$(q "SELECT count(*) FROM staff s JOIN teams t ON t.ref = s.team_ref WHERE t.name = '$team' AND s.left_date IS NULL")

out=$W/serve.out
"$BIN" --db "$db" serve --listen 127.0.0.1:0 >"$out" 2>"$W/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 100); do grep -qs "on port" "$out" && break; sleep 0.1; done
B=http://127.0.0.1:$(sed -n 's/.* on port \([0-9]*\).*/\1/p' "$out")
jar=$W/jar
curl -s -c "$jar" "$B/sign-in" -o "$W/form"
pre=$(grep -o 'name="pre" value="[^"]*"' "$W/form" | cut -d'"' -f4)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "pre=$pre" --data-urlencode "username=bench-auditor" \
    --data-urlencode "password=$PASSWORD" "$B/sign-in"

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
S=$B/services/$(enc "$service")/trends
T=$B/teams/$(enc "$team")/trends
time_of() {
    local r
    r=$(curl -s -b "$jar" -o "$W/page" -w '%{http_code} %{time_total}' "$1")
    [ "${r%% *}" = 200 ] || { echo "bench/trends.sh: $1 answered ${r%% *}" >&2; exit 1; }
    echo "${r#* }"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_of "$S" >/dev/null
time_of "$T" >/dev/null
: >"$W/s" && : >"$W/t" && : >"$W/r"
for _ in $(seq "$ROUNDS"); do
    s=$(time_of "$S")
    t=$(time_of "$T")
    echo "$s" >>"$W/s"
    echo "$t" >>"$W/t"
    awk -v s="$s" -v t="$t" 'BEGIN { print s / t }' >>"$W/r"
done
ms=$(median <"$W/s")
mt=$(median <"$W/t")
ratio=$(median <"$W/r")
printf '%s: service "%s" (%s staff) 12 months: %.0f ms; team "%s" (%s staff): %.0f ms; service / team %.2f (goal <= 2: %s); service under 200 ms: %s\n' \
    "$scale" "$service" "$service_staff" "$(awk -v x="$ms" 'BEGIN{print x*1000}')" "$team" "$team_staff" \
    "$(awk -v x="$mt" 'BEGIN{print x*1000}')" "$ratio" \
    "$(awk -v r="$ratio" 'BEGIN { print (r <= 2) ? "met" : "MISSED" }')" \
    "$(awk -v x="$ms" 'BEGIN { print (x < 0.2) ? "met" : "MISSED" }')"
