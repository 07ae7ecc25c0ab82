#!/usr/bin/env bash
# bench/run.sh [council|national|all]: the performance figures of Oversight.
#
# For each scale it generates a synthetic council (oversight demo --csv),
# then, side by side in the same run and on the same machine:
#   - imports the four files into SQLite (rows/s, peak memory);
#   - `oversight due` for the whole organisation and for one team;
#   - the same answer from one SQL query in the sqlite3 shell (bench/due.sql),
#     checked row for row against ours;
#   - a full scan of the discussions table in the sqlite3 shell (the floor);
#   - `oversight policy show`, the fixed cost of any command on the database
#     (starting, opening it, reading the policy), beside one team's list;
#   - the same imports and due lists on PostgreSQL (a throwaway server).
# Times are medians of several runs; ratios are printed, since the machine
# is shared and absolute times drift.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
BIN=$root/build/oversight
WORK=${BENCH_DIR:-/tmp/oversight-bench}
TODAY=2026-11-01
which=${1:-all}
mkdir -p "$WORK"
command -v /usr/bin/time >/dev/null || tools/deps.sh bench
. bench/lib.sh

# now: seconds since the epoch with nanoseconds.
now() { date +%s.%N; }
# median of the numbers on stdin.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# timed N CMD...: median wall seconds of N runs (output to $WORK/out).
timed() {
    local n=$1 i t0 t1
    shift
    for i in $(seq "$n"); do
        t0=$(now)
        "$@" >"$WORK/out" 2>"$WORK/err"
        t1=$(now)
        echo "$t1 - $t0" | bc -l
    done | median
}
# peak_kb CMD...: peak resident memory in KiB of one run.
peak_kb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1; }
ms() { printf '%.1f ms' "$(echo "$1 * 1000" | bc -l)"; }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
# goal WHAT RATIO MAX: the ratio against its goal (at most MAX), and whether met.
goal() {
    local verdict=met
    [ "$(echo "$2 <= $3" | bc -l)" = 1 ] || verdict=MISSED
    printf '      %-42s %5.2f (goal <= %s) %s\n' "$1" "$2" "$3" "$verdict"
}

pg_uri=""
pgdir=$WORK/pg
start_pg() {
    rm -rf "$pgdir"
    if pg_uri=$(tests/pg.sh start "$pgdir" 2>"$WORK/pg.err"); then :; else
        echo "PostgreSQL: could not start ($(tail -n 1 "$WORK/pg.err")); skipping its figures"
        pg_uri=""
    fi
}
stop_pg() { [ -n "$pg_uri" ] && tests/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; }
trap stop_pg EXIT

# import_all DB: imports the four files, printing rows/s and peak memory.
import_all() {
    local db=$1 kind rows t kb
    "$BIN" --db "$db" init >/dev/null
    for kind in staff cases sessions discussions; do
        rows=$(($(wc -l <"$csv/$kind.csv") - 1))
        t0=$(now)
        kb=$(/usr/bin/time -f '%M' "$BIN" --db "$db" import "$kind" "$csv/$kind.csv" 2>&1 >/dev/null | tail -n 1)
        t=$(echo "$(now) - $t0" | bc -l)
        printf '    import %-12s %10d rows %8.1f s %10.0f rows/s  peak %6d MiB\n' "$kind" "$rows" "$t" \
            "$(echo "$rows / $t" | bc -l)" $((kb / 1024))
    done
}

run_scale() {
    local name=$1 staff=$2 cases=$3 years=$4 runs=$5
    csv=$WORK/$name-csv
    local db=$WORK/$name.db
    echo "== $name scale: $staff staff, $cases cases, $years years (as of $TODAY)"
    if [ ! -f "$csv/.done-$staff-$cases-$years" ]; then
        rm -rf "$csv"
        t0=$(now)
        "$BIN" demo --csv "$csv" --staff "$staff" --cases "$cases" --years "$years" --seed 1 --today "$TODAY" >/dev/null
        printf '    generated in %.1f s\n' "$(echo "$(now) - $t0" | bc -l)"
        touch "$csv/.done-$staff-$cases-$years"
    fi
    printf '    rows: %s sessions, %s discussions\n' "$(($(wc -l <"$csv/sessions.csv") - 1))" \
        "$(($(wc -l <"$csv/discussions.csv") - 1))"

    echo "  SQLite"
    rm -f "$db" "$db-wal" "$db-shm" "$db.key"
    import_all "$db"
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;' >/dev/null
    db_key "$staff" "$cases" "$years" >"$db.key" # bench/web.sh may reuse it
    team=$(sqlite3 "$db" "SELECT t.name FROM teams t JOIN staff s ON s.team_ref = t.ref GROUP BY t.ref ORDER BY count(*) DESC, t.name LIMIT 1")
    local due_all due_team sql floor kb
    sed "s/@ASOF@/$TODAY/" bench/due.sql >"$WORK/due.sql"
    # Ours, the one-query alternative and the floor take turns, so that a
    # busy moment on the machine falls on all three alike; each ratio is the
    # median of the per-round ratios.
    local i t_due t_sql t_floor
    : >"$WORK/rounds"
    for i in $(seq "$runs"); do
        t_due=$(timed 1 "$BIN" --db "$db" due --as-of "$TODAY" --format csv)
        [ "$i" = 1 ] && tail -n +2 "$WORK/out" | awk -F, -v OFS=, '{print $1,$2,$3,$5,$6,$7,$8}' >"$WORK/ours.csv"
        t_sql=$(timed 1 sqlite3 -list -separator , "$db" ".read $WORK/due.sql")
        [ "$i" = 1 ] && cp "$WORK/out" "$WORK/sql.csv"
        t_floor=$(timed 1 sqlite3 "$db" "SELECT count(*), max(date) FROM discussions NOT INDEXED")
        echo "$t_due $t_sql $t_floor" >>"$WORK/rounds"
    done
    due_all=$(awk '{print $1}' "$WORK/rounds" | median)
    sql=$(awk '{print $2}' "$WORK/rounds" | median)
    floor=$(awk '{print $3}' "$WORK/rounds" | median)
    local r_floor r_sql
    r_floor=$(awk '{print $1 / $3}' "$WORK/rounds" | median)
    r_sql=$(awk '{print $1 / $2}' "$WORK/rounds" | median)
    if cmp -s "$WORK/sql.csv" "$WORK/ours.csv"; then same="identical, $(wc -l <"$WORK/ours.csv") rows"; else same="DIFFERENT"; fi
    kb=$(peak_kb "$BIN" --db "$db" due --as-of "$TODAY" --format csv)
    # One team's list and the fixed cost take turns in the same way.
    local t_team t_fixed team_rows
    : >"$WORK/team-rounds"
    for i in $(seq $((runs * 4))); do
        t_team=$(timed 1 "$BIN" --db "$db" due --as-of "$TODAY" --format csv --team "$team")
        [ "$i" = 1 ] && team_rows=$(($(wc -l <"$WORK/out") - 1))
        t_fixed=$(timed 1 "$BIN" --db "$db" policy show)
        echo "$t_team $t_fixed" >>"$WORK/team-rounds"
    done
    due_team=$(awk '{print $1}' "$WORK/team-rounds" | median)
    local fixed r_fixed
    fixed=$(awk '{print $2}' "$WORK/team-rounds" | median)
    r_fixed=$(awk '{print $1 / $2}' "$WORK/team-rounds" | median)
    printf '    due, whole organisation: %s (peak %d MiB)\n' "$(ms "$due_all")" $((kb / 1024))
    printf '    due, one team (%s, %d rows): %s\n' "$team" "$team_rows" "$(ms "$due_team")"
    printf '    one SQL query in sqlite3:  %s (answer %s)\n' "$(ms "$sql")" "$same"
    printf '    full scan of discussions:  %s (the floor)\n' "$(ms "$floor")"
    printf '    policy show:               %s (the fixed cost of a command)\n' "$(ms "$fixed")"
    printf '    ratios (medians of the rounds\x27 ratios):\n'
    goal "whole organisation: due / floor" "$r_floor" 1.5
    goal "one team: due --team / policy show" "$r_fixed" 2
    goal "whole organisation: due / one SQL query" "$r_sql" 1

    if [ -n "$pg_uri" ]; then
        echo "  PostgreSQL"
        psql -q "$pg_uri" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null 2>&1
        import_all "$pg_uri"
        psql -q "$pg_uri" -c 'VACUUM ANALYZE' >/dev/null 2>&1
        local pg_all pg_team
        pg_all=$(timed "$runs" "$BIN" --db "$pg_uri" due --as-of "$TODAY" --format csv)
        tail -n +2 "$WORK/out" | awk -F, -v OFS=, '{print $1,$2,$3,$5,$6,$7,$8}' >"$WORK/pg.csv"
        if cmp -s "$WORK/pg.csv" "$WORK/ours.csv"; then same="identical to SQLite's"; else same="DIFFERENT from SQLite's"; fi
        pg_team=$(timed $((runs * 4)) "$BIN" --db "$pg_uri" due --as-of "$TODAY" --format csv --team "$team")
        printf '    due, whole organisation: %s (answer %s)\n' "$(ms "$pg_all")" "$same"
        printf '    due, one team: %s (goal < 50 ms)\n' "$(ms "$pg_team")"
        printf '    ratio: PostgreSQL / SQLite, whole organisation = %s (goal <= 2)\n' "$(ratio "$pg_all" "$due_all")"
    fi
}

# BENCH_PG=0 leaves PostgreSQL out (a quicker run).
[ "${BENCH_PG:-1}" = 0 ] || start_pg
case $which in
council) run_scale council 1000 20000 5 5 ;;
national) run_scale national 35000 400000 10 5 ;;
all)
    run_scale council 1000 20000 5 5
    run_scale national 35000 400000 10 5
    ;;
*) echo "usage: bench/run.sh [council|national|all]" >&2; exit 2 ;;
esac
