#!/usr/bin/env bash
# bench/load.sh [council|national|all]: the web application under a working
# day's load (bench/README.md).
#
# For each scale, on a demo database of that size (made by `oversight demo`
# once and kept), it makes the benchmark's accounts (workers, managers,
# senior managers, auditors, an admin, and pairs of writers), signs each in
# as a browser does, and gives each page kind of a working day's mix
# (bench/load.py KINDS) its share of CONNS connections: one wrk process per
# kind, all at once, each with its accounts and the pages they may see
# (bench/load.lua), each reporting its own latencies. Meanwhile the writers
# (bench/load.py write) book sessions, add agenda items, start, save and
# send records and sign them off through the forms, at WRITE_RATE posts a
# second. Side by side, taking turns: nginx serving each kind's page, the
# same bytes, as static files, with the same connections: the ceiling of
# this machine. Each backend in BACKENDS: sqlite (one server), pg (the same
# database migrated to PostgreSQL, two servers behind nginx as a round-robin
# balancer, tests/nginx.sh).
#
# Settings (environment), defaults in brackets: DURATION [20] seconds per
# run; ROUNDS [2] turns of nginx and oversight; CONNS [64]; WRITE_RATE [5]
# posts a second; WRITERS [8] pairs; USERS accounts that read [council 200,
# national 1000]; BACKENDS [sqlite pg]; PG_NATIONAL [0] (1: national on
# PostgreSQL too; its migration takes long); BENCH_DIR [/tmp/oversight-bench];
# DATA: a folder of SCALE/*.csv from `oversight demo --csv` to import instead.
# Figures: printed, and in $BENCH_DIR/load-results.txt. Exit 1 on a failure
# (an error answer, a socket error or timeout, a sign-in page, a failed write).
set -eu -o pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
BIN=$root/build/oversight
WORK=${BENCH_DIR:-/tmp/oversight-bench}
TODAY=2026-11-01 # the demo's date, as in bench/run.sh
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-2}
CONNS=${CONNS:-64}
WRITE_RATE=${WRITE_RATE:-5}
WRITERS=${WRITERS:-8}
PROBE=${PROBE:-20}
BACKENDS=${BACKENDS:-sqlite pg}
PG_NATIONAL=${PG_NATIONAL:-0}
RESULTS=$WORK/load-results.txt
W=$WORK/load
which=${1:-all}
case $which in council | national | all) ;; *) echo "usage: bench/load.sh [council|national|all]" >&2; exit 2 ;; esac
mkdir -p "$W"
PATH=$PATH:/usr/sbin # nginx, for those who are not root
for t in wrk nginx curl sqlite3 python3 cc; do command -v "$t" >/dev/null || { tools/deps.sh bench; break; }; done
# shellcheck source=bench/lib.sh
. bench/lib.sh

die() { echo "bench/load.sh: $*" >&2; exit 1; }
now() { date +%s.%N; }
# shellcheck disable=SC2059 # the format is the first argument
say() { printf "$@" | tee -a "$RESULTS"; }
failures=""
failed() { failures="$failures$1"$'\n'; echo "  FAILED: $1" | tee -a "$RESULTS" >&2; }

pids=""
pg_dir=""
stop_all() {
    local p
    for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
    for p in $pids; do wait "$p" 2>/dev/null || true; done
    pids=""
}
cleanup() {
    stop_all
    if [ -n "$pg_dir" ]; then tests/pg.sh stop "$pg_dir/data" || true; rm -rf "$pg_dir"; fi
}
trap cleanup EXIT

free_port() {
    local p
    for _ in $(seq 100); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    die "no free port found"
}

# wrk's connections from many loopback addresses (bench/spread.c): serve
# allows 64 connections from one address.
if [ ! -f "$W/spread.so" ] || [ bench/spread.c -nt "$W/spread.so" ]; then
    cc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$W/spread.so" bench/spread.c -ldl || die "cannot build bench/spread.c"
fi

# ensure_db NAME STAFF CASES YEARS USERS: sets db to a demo database of that
# size (made once and kept while its stamp, bench/lib.sh's key, holds) with
# the benchmark's accounts (made when missing: each costs a password hash).
ensure_db() {
    local name=$1 key t0 k
    db=$WORK/load-$name.db
    key="$(db_key "$2" "$3" "$4") demo"
    [ -n "${DATA:-}" ] && key="import $DATA/$name"
    if [ -f "$db" ] && [ "$(cat "$db.key" 2>/dev/null)" = "$key" ]; then
        say '    database: %s, kept from an earlier run' "$db"
    elif [ -n "${DATA:-}" ]; then
        # The CSV files of `oversight demo --csv` (DATA/NAME/*.csv), imported:
        # quicker than the demo at national scale, but without the records,
        # bookings and inboxes the demo plays (those kinds are left out).
        rm -f "$db" "$db-wal" "$db-shm" "$db.key" "$db.accounts"
        t0=$(now)
        "$BIN" --db "$db" init >/dev/null
        for k in staff teams cases sessions discussions; do
            "$BIN" --db "$db" import "$k" "$DATA/$name/$k.csv" >"$W/import.out" 2>&1 || die "import failed: $(tail -n 3 "$W/import.out")"
        done
        sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;' >/dev/null
        echo "$key" >"$db.key"
        say '    database: %s/%s imported in %.0f s, kept as %s' "$DATA" "$name" "$(echo "$(now) - $t0" | bc -l)" "$db"
    else
        rm -f "$db" "$db-wal" "$db-shm" "$db.key" "$db.accounts"
        t0=$(now)
        "$BIN" --db "$db" demo --staff "$2" --cases "$3" --years "$4" --seed 1 --today "$TODAY" >"$W/demo.out" 2>&1 ||
            die "oversight demo failed: $(tail -n 3 "$W/demo.out")"
        sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;' >/dev/null
        echo "$key" >"$db.key"
        say '    database: oversight demo in %.0f s, kept as %s' "$(echo "$(now) - $t0" | bc -l)" "$db"
    fi
    t0=$(now)
    python3 bench/load.py accounts "$db" "$BIN" "$5" "$WRITERS" >"$W/accounts.out" || die "accounts: $(cat "$W/accounts.out")"
    say '; %s (%.0f s)\n' "$(cat "$W/accounts.out")" "$(echo "$(now) - $t0" | bc -l)"
}

# serve DBURI OUT [ARGS...]: one `oversight serve` on a free port; sets port.
serve() {
    local uri=$1 out=$2
    shift 2
    "$BIN" --db "$uri" serve --listen 127.0.0.1:0 --cost-header "$@" >"$out.out" 2>"$out.err" &
    pids="$pids $!"
    srv_pids="$srv_pids $!"
    port=""
    for _ in $(seq 300); do grep -qs "on port" "$out.out" && break; sleep 0.1; done
    port=$(sed -n 's/.* on port \([0-9]*\).*/\1/p' "$out.out")
    [ -n "$port" ] || die "oversight serve did not start: $(cat "$out.err")"
}

# nginx_start CONF: an nginx in the foreground (our child), its prefix $N.
nginx_start() {
    nginx -p "$N" -c "$1" -e "$N/error.log" 2>"$N/stderr" &
    pids="$pids $!"
    ngx_pid=$!
}

# cpu PID...: the CPU time, in ms, the processes and their children
# (nginx's workers, PostgreSQL's backends) have used so far. Less noisy
# than rates on a shared machine: the work each request costs.
cpu() {
    local p all="" hz
    hz=$(getconf CLK_TCK)
    for p in "$@"; do all="$all $p $(pgrep -P "$p" | tr '\n' ' ')"; done
    for p in $all; do sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null; done | awk -v hz="$hz" '{t += $12 + $13} END {print t * 1000 / hz}'
}

# rss: the app servers' resident memory, KiB, summed.
rss() {
    local p t=0 v
    for p in $srv_pids; do v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done
    echo "$t"
}

# mix BASE OUT STATIC: every kind's wrk at once, for DURATION, against BASE;
# with STATIC=1 each kind asks for its static copy instead.
mix() {
    local base=$1 out=$2 static=$3 name c wp=""
    : >"$out"
    while read -r name c _; do
        local file=$P/kind-$name.txt
        if [ "$static" = 1 ]; then file=$P/static-$name.txt; fi
        LD_PRELOAD=$W/spread.so wrk -t1 -c"$c" -d"${DURATION}s" --timeout 10s -s bench/load.lua "$base" -- \
            "$name" "$file" "$out" >"$out.$name.wrk" 2>&1 &
        wp="$wp $!"
    done <"$P/kinds.txt"
    local p ok=1
    for p in $wp; do wait "$p" || ok=0; done
    [ "$ok" = 1 ] || die "a wrk failed: $(cat "$out".*.wrk | grep -v '^ ' | tail -n 5)"
}

run_scale() {
    local name=$1 staff=$2 cases=$3 years=$4 users=$5 backend
    say '\n== %s scale: %s staff, %s cases, %s years (oversight demo)\n' "$name" "$staff" "$cases" "$years"
    ensure_db "$name" "$staff" "$cases" "$years" "$users"
    for backend in $BACKENDS; do
        if [ "$backend" = pg ] && [ "$name" = national ] && [ "$PG_NATIONAL" != 1 ]; then
            say '\n-- %s, PostgreSQL: not run (PG_NATIONAL=1 to run it)\n' "$name"
            continue
        fi
        run_backend "$name" "$backend"
    done
}

run_backend() {
    local name=$1 backend=$2 t0 base uri
    local tag=$name-$backend
    P=$W/$tag
    rm -rf "$P"
    mkdir -p "$P"
    srv_pids="" server_side=""
    if [ "$backend" = sqlite ]; then
        say '\n-- %s, SQLite, one app server\n' "$name"
        # A copy: the writers' rows stay out of the kept database.
        cp "$db" "$P/run.db"
        serve "$P/run.db" "$P/serve"
        base=http://127.0.0.1:$port
    else
        say '\n-- %s, PostgreSQL, two app servers behind nginx (round robin)\n' "$name"
        if [ -z "$pg_dir" ]; then
            pg_dir=$(mktemp -d "$WORK/load-pg.XXXXXX")
            PG_URI=$(tests/pg.sh start "$pg_dir/data")
        else
            psql -q "${PG_URI%/*}/postgres" -c "DROP DATABASE oversight_test" -c "CREATE DATABASE oversight_test" >/dev/null
        fi
        t0=$(now)
        # The kept database may be from an older schema (the SQLite runs use a copy): bring it up first.
        "$BIN" --db "$db" init >/dev/null 2>&1 || die "cannot bring $db to this schema"
        "$BIN" migrate --from "$db" --to "$PG_URI" >"$P/migrate.out" 2>&1 || die "migrate failed: $(tail -n 3 "$P/migrate.out")"
        psql -q "$PG_URI" -c "ANALYZE" >/dev/null
        say '    migrated from SQLite in %.0f s\n' "$(echo "$(now) - $t0" | bc -l)"
        local ports=""
        # Behind nginx, which limits and buffers slow clients itself: no
        # limit per address, and a longer wait for a request (tests/nginx.sh).
        serve "$PG_URI" "$P/serve1" --trusted-proxy 127.0.0.1
        ports="$port"
        serve "$PG_URI" "$P/serve2" --trusted-proxy 127.0.0.1
        ports="$ports $port"
        server_side="$(head -n 1 "$pg_dir/data/postmaster.pid")"
        N=$P/balancer
        mkdir -p "$N"
        local lport
        lport=$(free_port)
        # shellcheck disable=SC2086 # the servers' ports, one argument each
        tests/nginx.sh balance "$N" "$lport" 2 $ports >"$N/nginx.conf"
        nginx_start "$N/nginx.conf"
        base=http://127.0.0.1:$lport
        server_side="$server_side $ngx_pid"
        for _ in $(seq 100); do curl -s -o /dev/null "$base/sign-in" && break; sleep 0.1; done
    fi
    python3 bench/load.py plan "$db" "$base" "$P" "$CONNS" | tee -a "$RESULTS"

    # The static copies: each kind's page as its first account sees it.
    N=$P/nginx
    mkdir -p "$N/www"
    local kname c
    while read -r kname c _; do
        local cookie path
        IFS=$'\t' read -r cookie path <"$P/kind-$kname.txt"
        local code
        code=$(curl -s -o "$N/www/$kname" -w '%{http_code}' -H "Cookie: $cookie" "$base$path")
        [ "$code" = 200 ] || failed "$kname: $path answered $code before the run"
        printf -- '-\t/%s\n' "$kname" >"$P/static-$kname.txt"
    done <"$P/kinds.txt"
    chmod -R a+rX "$N"
    chmod a+x "$WORK" "$W" "$P" # nginx's workers read the files as another user
    local nport
    nport=$(free_port)
    tests/nginx.sh files "$N" "$nport" 2 "$N/www" >"$N/nginx.conf"
    nginx_start "$N/nginx.conf"
    local ng=http://127.0.0.1:$nport
    for _ in $(seq 100); do curl -s -o /dev/null "$ng/" && break; sleep 0.1; done

    # Each kind alone first (load.py probe): its time and its cost.
    python3 bench/load.py probe "$base" "$P" "$PROBE"

    # Turns: nginx, then oversight with the writers and memory sampled.
    local r rs=$P/rss
    rss >"$rs"
    for r in $(seq "$ROUNDS"); do
        local c0
        c0=$(cpu "$ngx_pid")
        mix "$ng" "$P/ng-$r.json" 1
        echo "$(cpu "$ngx_pid") - $c0" | bc -l >"$P/cpu-ng-$r"
        # The writers sign in first; then they and the readers start together.
        LOAD_DB=$db python3 bench/load.py write "$base" "$P/writes-$r.json" "$DURATION" "$WRITE_RATE" &
        local wpid=$!
        while [ ! -f "$P/writes-$r.json.ready" ]; do
            kill -0 "$wpid" 2>/dev/null || die "the writers could not sign in"
            sleep 0.2
        done
        touch "$P/writes-$r.json.go"
        # shellcheck disable=SC2086 # lists of process ids
        c0=$(cpu $srv_pids)
        local d0
        # shellcheck disable=SC2086
        d0=$(cpu $server_side)
        mix "$base" "$P/ov-$r.json" 0 &
        local mpid=$!
        while kill -0 "$mpid" 2>/dev/null; do sleep 1; rss >>"$rs"; done
        wait "$mpid" || die "the oversight mix failed"
        # shellcheck disable=SC2086
        echo "$(cpu $srv_pids) - $c0" | bc -l >"$P/cpu-ov-$r"
        # shellcheck disable=SC2086
        echo "$(cpu $server_side) - $d0" | bc -l >"$P/cpu-db-$r"
        wait "$wpid" || failed "the writers stopped with an error (round $r)"
        rss >>"$rs"
    done
    python3 bench/load.py report "$P" "$tag" "$ROUNDS" | tee -a "$RESULTS"
    if [ -s "$P/report.failures" ]; then
        while read -r line; do failed "$tag: $line"; done <"$P/report.failures"
    fi
    say '    memory of the app server(s), VmRSS: start %.1f MiB, peak %.1f MiB, end %.1f MiB (%d samples)\n' \
        "$(echo "$(head -n 1 "$rs") / 1024" | bc -l)" "$(echo "$(sort -n "$rs" | tail -n 1) / 1024" | bc -l)" \
        "$(echo "$(tail -n 1 "$rs") / 1024" | bc -l)" "$(wc -l <"$rs")"
    if grep -qs "connection limit" "$P"/serve*.err; then
        failed "$tag: oversight refused connections at its per-address limit"
    fi
    stop_all
}

: >"$RESULTS"
say 'Oversight load benchmark, %s; %s (%s), %d CPUs; %d connections, %s s x %s rounds, %s posts/s\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$BIN" "$(sha256sum "$BIN" | cut -c1-12)" "$(nproc)" "$CONNS" "$DURATION" \
    "$ROUNDS" "$WRITE_RATE"
case $which in
council | all) run_scale council 1000 20000 5 "${USERS:-200}" ;;
esac
case $which in
national | all) run_scale national 35000 400000 10 "${USERS:-1000}" ;;
esac
python3 bench/load.py goals "$W" | tee -a "$RESULTS"
say '\nFigures written to %s\n' "$RESULTS"
if [ -n "$failures" ]; then
    printf '\nbench/load.sh: FAILED:\n%s' "$failures" | tee -a "$RESULTS" >&2
    exit 1
fi
