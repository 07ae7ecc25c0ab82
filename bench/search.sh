#!/usr/bin/env bash
# bench/search.sh [council|national|all]: what a search costs (GET /search),
# beside one person's page (GET /people/ID) in the same run, for a team
# manager, a senior manager of one service, the head of the line (whose
# share is everyone) and an auditor, at each scale.
#
# A search within someone's share must cost what the share holds, not what
# the organisation holds: the manager's and the senior manager's figures
# should stay the same from council to national scale. The head and the
# auditor may read (nearly) everyone and are answered through the name
# indexes (svc/search.h, search_share_scan).
#
# Each scale is a synthetic council (oversight demo --csv, one year of
# history: search reads no sessions) whose staff, teams and cases are
# imported into SQLite, with a child's name given to every case. The server
# answers on loopback; each figure is the median of ROUNDS requests over one
# kept-alive connection, the search and the person's page taking turns.
# PostgreSQL is not measured here (bench/run.sh covers the backends' due
# lists); BENCH_DIR as bench/run.sh.
set -eu
cd "$(dirname "$0")/.."
BIN=$PWD/build/oversight
WORK=${BENCH_DIR:-/tmp/oversight-bench}/search
ROUNDS=${ROUNDS:-200}
which=${1:-all}
PASSWORD="bench search password"
mkdir -p "$WORK"
say() { printf "$@"; }
die() {
    echo "bench/search.sh: $*" >&2
    exit 1
}

server_pid=""
stop() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; server_pid=""; }
trap stop EXIT

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# times JAR PATH...: one curl, one connection, each path ROUNDS times in
# turn; prints per path "PATH MEDIAN_MS" (fails on anything but 200).
times() {
    local jar=$1 args=() i p
    shift
    for ((i = 0; i < ROUNDS; i++)); do for p in "$@"; do args+=(-o /dev/null "$base$p"); done; done
    curl -s -b "$jar" -w '%{http_code} %{time_total} %{url_effective}\n' "${args[@]}" >"$WORK/times"
    grep -qv '^200 ' "$WORK/times" && die "a request was not answered 200: $(grep -v '^200 ' "$WORK/times" | head -n 1)"
    for p in "$@"; do
        printf '%s %s\n' "$p" "$(grep -F " $base$p" "$WORK/times" | awk '$3 == "'"$base$p"'" {print $2 * 1000}' | median)"
    done
}

sign_in() {
    local user=$1 jar=$2 pre code
    rm -f "$jar"
    curl -s -c "$jar" "$base/sign-in" -o "$WORK/form"
    pre=$(grep -o 'name="pre" value="[^"]*"' "$WORK/form" | cut -d'"' -f4)
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "pre=$pre" \
        --data-urlencode "username=$user" --data-urlencode "password=$PASSWORD" "$base/sign-in")
    [ "$code" = 303 ] || die "sign-in as $user gave $code"
}

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

run_scale() {
    local name=$1 staff=$2 cases=$3
    local csv=$WORK/$name-csv db=$WORK/$name.db
    say '== %s scale: %s staff, %s cases\n' "$name" "$staff" "$cases"
    if [ ! -f "$db.done" ]; then
        rm -rf "$csv" "$db" "$db-wal" "$db-shm"
        "$BIN" demo --csv "$csv" --staff "$staff" --cases "$cases" --years 1 --seed 1 --today 2026-11-01 >/dev/null
        "$BIN" --db "$db" init >/dev/null
        for kind in staff teams cases; do "$BIN" --db "$db" import "$kind" "$csv/$kind.csv" >/dev/null; done
        # A child's name on every case, from the staff's first names and surnames.
        sqlite3 "$db" "UPDATE cases SET name = (SELECT substr(a.name, 1, instr(a.name, ' ') - 1) FROM staff a
                         WHERE a.ref = 1 + cases.ref % (SELECT max(ref) FROM staff)) || ' ' ||
                       (SELECT substr(b.name, instr(b.name, ' ') + 1) FROM staff b
                         WHERE b.ref = 1 + (cases.ref * 7) % (SELECT max(ref) FROM staff));
                       PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;" >/dev/null
        touch "$db.done"
    fi
    # A team manager (the one who supervises most), the service with most
    # staff and the manager of its first team as its senior manager, the
    # head of the line (whose share is the whole organisation), an auditor.
    local mgr service smgr head person pname sperson
    mgr=$(sqlite3 "$db" "SELECT m.id FROM staff s JOIN staff m ON m.ref = s.supervisor_ref WHERE m.role = 'manager'
                         GROUP BY m.ref ORDER BY count(*) DESC, m.id LIMIT 1")
    service=$(sqlite3 "$db" "SELECT v.name FROM staff s JOIN teams t ON t.ref = s.team_ref JOIN services v ON v.ref = t.service_ref
                             JOIN staff m ON m.ref = t.manager_ref WHERE m.role = 'manager'
                             GROUP BY v.ref ORDER BY count(*) DESC, v.name LIMIT 1")
    smgr=$(sqlite3 "$db" "SELECT m.id FROM teams t JOIN services v ON v.ref = t.service_ref JOIN staff m ON m.ref = t.manager_ref
                          WHERE v.name = '${service//\'/\'\'}' AND m.id <> '$mgr' ORDER BY t.name LIMIT 1")
    head=$(sqlite3 "$db" "SELECT id FROM staff WHERE line_manager_ref IS NULL ORDER BY
                          (SELECT count(*) FROM staff x WHERE x.line_manager_ref = staff.ref) DESC, id LIMIT 1")
    person=$(sqlite3 "$db" "SELECT s.id FROM staff s JOIN staff m ON m.ref = s.supervisor_ref WHERE m.id = '$mgr'
                            ORDER BY s.id LIMIT 1")
    pname=$(sqlite3 "$db" "SELECT name FROM staff WHERE id = '$person'")
    sperson=$(sqlite3 "$db" "SELECT s.id FROM staff s JOIN teams t ON t.ref = s.team_ref JOIN services v ON v.ref = t.service_ref
                             WHERE v.name = '${service//\'/\'\'}' ORDER BY s.id LIMIT 1")
    [ -n "$mgr" ] && [ -n "$smgr" ] && [ -n "$head" ] && [ -n "$person" ] && [ -n "$sperson" ] ||
        die "the council lacks a manager, service, head or person ($mgr|$smgr|$head|$person|$sperson)"
    # Accounts named by whom they are linked to. A database kept from an
    # earlier run keeps its accounts: theirs are unlinked first.
    local a
    for a in $("$BIN" --db "$db" user list | awk '$1 ~ /^bench-/ && $2 != "-" {print $1}'); do
        "$BIN" --db "$db" user unlink "$a" >/dev/null
    done
    add() {
        local name=$1
        printf '%s\n' "$PASSWORD" | "$BIN" --db "$db" user add "$@" --password-stdin >/dev/null 2>&1 && return
        [ "${2:-}" = --staff ] && "$BIN" --db "$db" user link "$name" --staff "$3" >/dev/null
        return 0
    }
    local -A account=([manager]="bench-$mgr" [senior]="bench-$smgr-senior" [head]="bench-$head" [auditor]=bench-auditor)
    add "${account[manager]}" --staff "$mgr"
    add "${account[senior]}" --staff "$smgr" --role "senior-manager:$service"
    add "${account[head]}" --staff "$head"
    add "${account[auditor]}" --role auditor

    stop
    "$BIN" --db "$db" serve --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
    server_pid=$!
    for _ in $(seq 100); do grep -qs "on port" "$WORK/serve.out" && break; sleep 0.1; done
    base=http://127.0.0.1:$(sed -n 's/.* on port \([0-9]*\).*/\1/p' "$WORK/serve.out")
    local first=${pname%% *} rest=${pname#* }
    say '    manager %s, senior manager %s of "%s", head %s; person %s (%s)\n' "$mgr" "$smgr" "$service" "$head" "$person" "$pname"
    say '    %-8s %-32s %9s %9s %7s\n' viewer search "search" "person" ratio
    for u in manager senior head auditor; do
        sign_in "${account[$u]}" "$WORK/jar.$u"
        local q
        for q in "${first:0:2}" "$pname" "${rest:0:4}" "$person" "$(sqlite3 "$db" "SELECT id FROM cases ORDER BY id LIMIT 1")"; do
            local s p
            local who=$person
            [ "$u" = senior ] && who=$sperson
            times "$WORK/jar.$u" "/search?q=$(enc "$q")" "/people/$who" >"$WORK/pair"
            s=$(sed -n 1p "$WORK/pair" | awk '{print $2}')
            p=$(sed -n 2p "$WORK/pair" | awk '{print $2}')
            say '    %-8s %-32s %6.2f ms %6.2f ms %7.2f\n' "$u" "\"$q\"" "$s" "$p" "$(echo "$s / $p" | bc -l)"
            echo "$name $u $q $s $p" >>"$WORK/results"
        done
    done
    stop
}

: >"$WORK/results"
case $which in
council) run_scale council 1000 20000 ;;
national) run_scale national 35000 400000 ;;
all)
    run_scale council 1000 20000
    run_scale national 35000 400000
    ;;
*) echo "usage: bench/search.sh [council|national|all]" >&2; exit 2 ;;
esac
