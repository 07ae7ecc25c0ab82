#!/usr/bin/env bash
# bench/web.sh [council|national|all]: the web application under load.
#
# For each scale, on a demo database of that size (the one bench/run.sh built
# when it is still current, else one imported here and kept), it signs in as
# a team manager and measures one signed-in page (PAGE, default /team) with
# wrk, side by side in the same run with nginx serving the same page's HTML
# as a static file: the ceiling of what a web server on this machine can do.
# At each connection count (64 and 256) the two take turns, ROUNDS times;
# the figures are medians, and the rate is given as a ratio to nginx's, since
# the machine is shared and absolute figures drift. Then one longer run
# (MEM_SECONDS) while the server's resident memory is sampled every second.
#
# Goals: oversight / nginx requests per second >= 0.25; p99 < 20 ms at 64
# connections; national p99 / council p99 <= 1.5; memory flat under load.
# An error response (anything but the page), a socket error or a timeout
# is a failure: the script says so and exits 1.
#
# Settings (environment): PAGE=/team DURATION=15 (seconds per run) ROUNDS=3
# CONNS="64 256" MEM_SECONDS=60 BENCH_DIR=/tmp/oversight-bench SPREAD=1
# (SPREAD=0: all connections from 127.0.0.1; see bench/spread.c).
# Figures are also written to $BENCH_DIR/web-results.txt.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
BIN=$root/build/oversight
WORK=${BENCH_DIR:-/tmp/oversight-bench}
TODAY=2026-11-01 # the demo's date, as in bench/run.sh (which shares its files)
PAGE=${PAGE:-/team}
DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-64 256}
MEM_SECONDS=${MEM_SECONDS:-60}
SPREAD=${SPREAD:-1}
THREADS=2
RESULTS=$WORK/web-results.txt
W=$WORK/web
which=${1:-all}
case $which in council | national | all) ;; *) echo "usage: bench/web.sh [council|national|all]" >&2; exit 2 ;; esac
mkdir -p "$W"
PATH=$PATH:/usr/sbin # nginx, for those who are not root
for t in wrk nginx curl sqlite3 bc cc; do command -v "$t" >/dev/null || { tools/deps.sh bench; break; }; done
. bench/lib.sh

die() { echo "bench/web.sh: $*" >&2; exit 1; }
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# say FORMAT ARGS...: printed and written to the results file.
# shellcheck disable=SC2059 # the format is the first argument
say() { printf "$@" | tee -a "$RESULTS"; }
failures=""
failed() { failures="$failures$1"$'\n'; echo "  FAILED: $1" | tee -a "$RESULTS" >&2; }
goal() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo met; else echo MISSED; fi; }

srv_pid="" ngx_pid=""
stop_servers() {
    if [ -n "$srv_pid" ]; then kill -TERM "$srv_pid" 2>/dev/null || true; wait "$srv_pid" 2>/dev/null || true; fi
    if [ -n "$ngx_pid" ]; then kill -TERM "$ngx_pid" 2>/dev/null || true; wait "$ngx_pid" 2>/dev/null || true; fi
    srv_pid="" ngx_pid=""
}
trap stop_servers EXIT

# free_port: a loopback port nothing listens on.
free_port() {
    local p
    for _ in $(seq 100); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    die "no free port found"
}

# Spreading wrk's connections over many loopback addresses (bench/spread.c).
preload=""
if [ "$SPREAD" = 1 ]; then
    if [ ! -f "$W/spread.so" ] || [ bench/spread.c -nt "$W/spread.so" ]; then
        cc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$W/spread.so" bench/spread.c -ldl || die "cannot build bench/spread.c"
    fi
    preload=$W/spread.so
fi

# ensure_db NAME STAFF CASES YEARS: sets db to a demo database of that size.
ensure_db() {
    local name=$1 staff=$2 cases=$3 years=$4 key t0 k csv=$WORK/$1-csv
    db=$WORK/web-$name.db
    key=$(db_key "$staff" "$cases" "$years")
    if [ -f "$db" ] && [ "$(cat "$db.key" 2>/dev/null)" = "$key" ]; then
        say '    database: %s, kept from an earlier run\n' "$db"
        return
    fi
    rm -f "$db" "$db-wal" "$db-shm" "$db.key"
    local theirs=$WORK/$name.db
    if [ -f "$theirs" ] && [ "$(cat "$theirs.key" 2>/dev/null)" = "$key" ]; then
        t0=$(now)
        sqlite3 "$theirs" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
        cp "$theirs" "$db"
        echo "$key" >"$db.key"
        say '    database: copied from bench/run.sh'"'"'s %s in %.1f s\n' "$theirs" "$(echo "$(now) - $t0" | bc -l)"
        return
    fi
    t0=$(now)
    if [ ! -f "$csv/.done-$staff-$cases-$years" ]; then
        rm -rf "$csv"
        "$BIN" demo --csv "$csv" --staff "$staff" --cases "$cases" --years "$years" --seed 1 --today "$TODAY" >/dev/null
        touch "$csv/.done-$staff-$cases-$years"
    fi
    "$BIN" --db "$db" init >/dev/null
    for k in staff cases sessions discussions; do
        "$BIN" --db "$db" import "$k" "$csv/$k.csv" >/dev/null
    done
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;' >/dev/null
    echo "$key" >"$db.key"
    say '    database: built in %.1f s (%d MiB), kept as %s for later runs\n' "$(echo "$(now) - $t0" | bc -l)" \
        $(($(stat -c %s "$db") / 1048576)) "$db"
}

# rss: the server's resident memory in KiB.
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$srv_pid/status"; }

# run_wrk OUT URL CONNS SECONDS: one wrk run, output in OUT.
run_wrk() {
    LD_PRELOAD=$preload wrk -t"$THREADS" -c"$3" -d"$4s" --latency -H "Cookie: $cookie" "$2" >"$1" 2>&1 ||
        die "wrk failed: $(tail -n 3 "$1")"
}

# parse OUT: "rate p99_ms requests bytes_read non_2xx_3xx socket_errors".
parse() {
    awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000;
                     if (v ~ /m$/) return v * 60000; return v * 3600000 }
    function bytes(v) { if (v ~ /TB$/) return v * 1024^4; if (v ~ /GB$/) return v * 1024^3; if (v ~ /MB$/) return v * 1024^2;
                        if (v ~ /KB$/) return v * 1024; return v + 0 }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { n = $1; b = bytes($(NF - 1)) }
    /^Requests\/sec:/ { rate = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { sock = $4 + $6 + $8 + $10 }
    END { printf "%s %s %d %.0f %d %d\n", rate + 0, p99 + 0, n, b, bad, sock }' "$1"
}

# check OUT SIZE WHO: a failure unless every response was the page. wrk counts
# only 4xx and 5xx as errors, so the bytes read per response are compared with
# the size of the page's response as well: a redirect to the sign-in page, or
# any other answer, is much smaller.
check() {
    local n b bad sock per
    read -r _ _ n b bad sock < <(parse "$1")
    [ "$n" -gt 0 ] || { failed "$3: no requests answered ($(tail -n 2 "$1" | tr '\n' ' '))"; return; }
    [ "$bad" = 0 ] || failed "$3: $bad responses with an error status"
    [ "$sock" = 0 ] || failed "$3: socket errors or timeouts: $(grep 'Socket errors' "$1" | sed 's/^ *//')"
    per=$(echo "$b / $n" | bc -l)
    if [ "$(echo "$per < $2 * 0.98 || $per > $2 * 1.02" | bc -l)" = 1 ]; then
        failed "$3: $(printf '%.0f' "$per") bytes per response on average, not $2: some answers were not the page"
    fi
}

run_scale() {
    local name=$1 staff=$2 cases=$3 years=$4
    say '\n== %s scale: %s staff, %s cases, %s years; page %s\n' "$name" "$staff" "$cases" "$years" "$PAGE"
    ensure_db "$name" "$staff" "$cases" "$years"

    # The account: the manager with the most current supervisees.
    local mgr reports
    read -r mgr reports < <(sqlite3 -separator ' ' "$db" "SELECT s.id, count(*) FROM staff s
        JOIN staff r ON r.supervisor_ref = s.ref AND (r.left_date IS NULL OR r.left_date > date('now'))
        WHERE s.left_date IS NULL OR s.left_date > date('now')
        GROUP BY s.ref ORDER BY s.role = 'manager' DESC, count(*) DESC, s.id LIMIT 1")
    [ -n "$mgr" ] || die "no staff member supervises anyone in $db"
    local user=bench-manager password="bench manager password"
    if ! printf '%s\n' "$password" | "$BIN" --db "$db" user add "$user" --staff "$mgr" --password-stdin >/dev/null 2>&1; then
        printf '%s\n' "$password" | "$BIN" --db "$db" user reset-password "$user" --password-stdin >/dev/null ||
            die "cannot set the password of $user"
    fi

    "$BIN" --db "$db" serve --listen 127.0.0.1:0 >"$W/serve.out" 2>"$W/serve.err" &
    srv_pid=$!
    for _ in $(seq 200); do grep -q "on port" "$W/serve.out" && break; sleep 0.1; done
    local port
    port=$(sed -n 's/.* on port \([0-9]*\).*/\1/p' "$W/serve.out")
    [ -n "$port" ] || die "oversight serve did not start: $(cat "$W/serve.err")"
    local ov=http://127.0.0.1:$port

    # Signing in as a browser does: the form (its token and cookie), then the post.
    rm -f "$W/jar"
    curl -s -c "$W/jar" "$ov/sign-in" -o "$W/form"
    local pre code
    pre=$(grep -o 'name="pre" value="[^"]*"' "$W/form" | cut -d'"' -f4)
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "$W/jar" -c "$W/jar" --data-urlencode "pre=$pre" \
        --data-urlencode "username=$user" --data-urlencode "password=$password" "$ov/sign-in")
    [ "$code" = 303 ] || die "sign-in as $user gave $code, not 303"
    cookie="ov_session=$(awk '$6 == "ov_session" {print $7}' "$W/jar")"
    [ ${#cookie} -gt 20 ] || die "no session cookie after signing in"
    local hsize bsize
    read -r code hsize bsize < <(curl -s -o "$W/page.html" -D "$W/page.h" -w '%{http_code} %{size_header} %{size_download}\n' \
        -H "Cookie: $cookie" "$ov$PAGE")
    [ "$code" = 200 ] || die "GET $PAGE signed in as $user gave $code, not 200 (does $PAGE exist in this build? PAGE=/ measures My supervision)"
    local ov_size=$((hsize + bsize))
    say '    signed in as staff %s (supervises %s); the page: %s bytes of HTML\n' "$mgr" "$reports" "$bsize"

    # nginx: the same HTML and the same response headers, as a static file.
    local N=$W/nginx nport
    rm -rf "$N"
    mkdir -p "$N/www" "$N/tmp"
    cp "$W/page.html" "$N/www/page.html"
    chmod -R a+rX "$N"
    nport=$(free_port)
    local type headers
    type=$(grep -i '^Content-Type:' "$W/page.h" | head -n 1 | sed 's/^[^:]*: *//; s/\r$//')
    headers=$(tr -d '\r' <"$W/page.h" | awk -F': ' 'NR > 1 && NF >= 2 && tolower($1) !~ /^(date|content-length|content-type|connection|keep-alive|transfer-encoding)$/ && $0 !~ /[$"\\]/ {
        name = $1; sub(/^[^:]*: */, ""); printf "            add_header %s \"%s\" always;\n", name, $0 }')
    cat >"$N/nginx.conf" <<EOF
worker_processes $THREADS;
daemon off;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    client_body_temp_path $N/tmp/body;
    proxy_temp_path $N/tmp/proxy;
    fastcgi_temp_path $N/tmp/fastcgi;
    uwsgi_temp_path $N/tmp/uwsgi;
    scgi_temp_path $N/tmp/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max=16;
    server {
        listen 127.0.0.1:$nport;
        root $N/www;
        location / {
            default_type "$type";
            try_files /page.html =404;
$headers
        }
    }
}
EOF
    nginx -p "$N" -c "$N/nginx.conf" -e "$N/error.log" 2>"$N/stderr" &
    ngx_pid=$!
    local ng=http://127.0.0.1:$nport
    for _ in $(seq 100); do curl -s -o /dev/null "$ng/" && break; sleep 0.1; done
    read -r code hsize bsize < <(curl -s -o "$W/static.html" -w '%{http_code} %{size_header} %{size_download}\n' \
        -H "Cookie: $cookie" "$ng$PAGE")
    if [ "$code" != 200 ] || ! cmp -s "$W/static.html" "$W/page.html"; then
        die "nginx did not serve the page ($code): $(tail -n 3 "$N/error.log" "$N/stderr")"
    fi
    local ng_size=$((hsize + bsize))

    # Warm up both, then take turns; the order alternates from round to round.
    run_wrk "$W/wrk.out" "$ng$PAGE" 64 3
    check "$W/wrk.out" "$ng_size" "nginx, warm-up"
    run_wrk "$W/wrk.out" "$ov$PAGE" 64 3
    check "$W/wrk.out" "$ov_size" "oversight, warm-up"
    local c r rounds=$W/rounds-$name
    : >"$rounds"
    for c in $CONNS; do
        for r in $(seq "$ROUNDS"); do
            local first=ng
            [ $((r % 2)) = 0 ] && first=ov
            for who in $first $([ $first = ng ] && echo ov || echo ng); do
                if [ "$who" = ng ]; then
                    run_wrk "$W/wrk-ng-$c-$r.out" "$ng$PAGE" "$c" "$DURATION"
                    check "$W/wrk-ng-$c-$r.out" "$ng_size" "nginx, $c connections, round $r"
                else
                    run_wrk "$W/wrk-ov-$c-$r.out" "$ov$PAGE" "$c" "$DURATION"
                    check "$W/wrk-ov-$c-$r.out" "$ov_size" "oversight, $c connections, round $r"
                fi
            done
            echo "$c $r $(parse "$W/wrk-ng-$c-$r.out" | cut -d' ' -f1,2) $(parse "$W/wrk-ov-$c-$r.out" | cut -d' ' -f1,2)" >>"$rounds"
        done
    done

    say '    %-6s %14s %9s %16s %9s %16s\n' conns "nginx req/s" "p99 ms" "oversight req/s" "p99 ms" "oversight/nginx"
    for c in $CONNS; do
        local ngr ngp ovr ovp ratio
        ngr=$(awk -v c="$c" '$1 == c {print $3}' "$rounds" | median)
        ngp=$(awk -v c="$c" '$1 == c {print $4}' "$rounds" | median)
        ovr=$(awk -v c="$c" '$1 == c {print $5}' "$rounds" | median)
        ovp=$(awk -v c="$c" '$1 == c {print $6}' "$rounds" | median)
        ratio=$(awk -v c="$c" '$1 == c && $3 > 0 {print $5 / $3}' "$rounds" | median)
        say '    %-6s %14.0f %9.2f %16.0f %9.2f %9.2f (%s)\n' "$c" "$ngr" "$ngp" "$ovr" "$ovp" "$ratio" \
            "goal >= 0.25: $(goal "$ratio >= 0.25")"
        echo "$ovp" >"$W/p99-$name-$c"
    done
    if [ -f "$W/p99-$name-64" ]; then
        local p64
        p64=$(cat "$W/p99-$name-64")
        say '    p99 at 64 connections: %.2f ms (goal < 20 ms: %s)\n' "$p64" "$(goal "$p64 < 20")"
    fi
    say '    (medians of %d rounds of %d s; ratio: median of the rounds'"'"' ratios; %d wrk threads, %d nginx workers, %d CPUs)\n' \
        "$ROUNDS" "$DURATION" "$THREADS" "$THREADS" "$(nproc)"

    # Memory: the server's resident set, every second of one longer run.
    local wpid samples=$W/rss-$name
    rss >"$samples"
    LD_PRELOAD=$preload wrk -t"$THREADS" -c64 -d"${MEM_SECONDS}s" -H "Cookie: $cookie" "$ov$PAGE" >"$W/wrk-mem.out" 2>&1 &
    wpid=$!
    while kill -0 "$wpid" 2>/dev/null; do sleep 1; rss >>"$samples"; done
    wait "$wpid" || die "wrk failed: $(tail -n 3 "$W/wrk-mem.out")"
    rss >>"$samples"
    check "$W/wrk-mem.out" "$ov_size" "oversight, memory run"
    local start max end growth
    start=$(head -n 1 "$samples")
    max=$(sort -n "$samples" | tail -n 1)
    end=$(tail -n 1 "$samples")
    growth=$((end - start))
    say '    memory (VmRSS, %d samples over %d s at 64 connections): start %.1f MiB, max %.1f MiB, end %.1f MiB; growth %+.1f MiB (%+.1f%%; goal: flat, %s)\n' \
        "$(wc -l <"$samples")" "$MEM_SECONDS" "$(echo "$start / 1024" | bc -l)" "$(echo "$max / 1024" | bc -l)" \
        "$(echo "$end / 1024" | bc -l)" "$(echo "$growth / 1024" | bc -l)" "$(echo "100 * $growth / $start" | bc -l)" \
        "$(if [ "$(echo "$growth <= $start * 0.05" | bc -l)" = 1 ]; then echo "within 5%"; else echo "GROWING"; fi)"
    if grep -q "connection limit" "$W/serve.err"; then
        failed "oversight refused connections at its per-address limit (see $W/serve.err)"
    fi
    stop_servers
}

: >"$RESULTS"
rm -f "$W"/p99-*
say 'Oversight web benchmark, %s; %s (%s), %d CPUs; PAGE=%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$BIN" \
    "$(sha256sum "$BIN" | cut -c1-12)" "$(nproc)" "$PAGE"
case $which in
council) run_scale council 1000 20000 5 ;;
national) run_scale national 35000 400000 10 ;;
all)
    run_scale council 1000 20000 5
    run_scale national 35000 400000 10
    say '\n== national / council p99\n'
    for c in $CONNS; do
        if [ -f "$W/p99-national-$c" ] && [ -f "$W/p99-council-$c" ]; then
            r=$(echo "$(cat "$W/p99-national-$c") / $(cat "$W/p99-council-$c")" | bc -l)
            say '    %s connections: %.2f (goal <= 1.5: %s)\n' "$c" "$r" "$(goal "$r <= 1.5")"
        fi
    done
    ;;
esac
say '\nFigures written to %s\n' "$RESULTS"
if [ -n "$failures" ]; then
    printf '\nbench/web.sh: FAILED:\n%s' "$failures" | tee -a "$RESULTS" >&2
    exit 1
fi
