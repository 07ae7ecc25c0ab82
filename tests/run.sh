#!/usr/bin/env bash
# run.sh BUILD...: runs every test against each build folder's binaries
# (unit tests, fuzz drivers on their corpora, then the end-to-end tests and
# the short versions of the reliability tests in tests/reliability/), on
# SQLite and on a throwaway PostgreSQL server, and ends with the line
# "N passed, N failed". Last, a short libFuzzer run of each fuzz driver
# (built by make test with clang into build/fuzz/fuzzers). The browser tests (tests/web/run.mjs, journey.mjs and record.mjs,
# Chromium driven from Node.js) run against the first BUILD only, the plain
# one: a sanitizer build shows a browser nothing more. Their npm packages are
# installed from tests/web/package-lock.json when node_modules is missing or
# the lock has changed.
#
# Every suite prints TAP. A suite counts as one more failure when it exits
# non-zero without a "not ok", prints no result, has no plan line "1..N" or
# more than one, or has a plan that does not match its results, or bails out.
# A unit test binary (one per tests/unit/*/test_*.c) or fuzz replay binary
# (one per tests/fuzz/fuzz_*.c) missing from a build folder is a failure too,
# and so is a fuzz driver without a corpus (tests/fuzz/corpus/NAME/).
# tests/selftest/test_run.sh, run first, checks all this on fake suites.
#
# Suites run TEST_JOBS at a time (default: the number of cores; TEST_JOBS=1
# runs one after the other). Those named in $alone below run first, one at
# a time, with nothing beside them. Each suite's output is kept apart and
# its result printed whole when it ends, with the seconds it took:
#   ok   tests/cli/test_x.sh [build, sqlite] (52 passed, 31 s)
# followed, for a failure, by its output (its "ok" lines left out). The ten
# slowest suites are listed before the last line. On PostgreSQL each of the
# TEST_JOBS slots has its own database on the one server (oversight_test_1,
# _2...), so two suites never share a database: the end-to-end tests empty
# theirs (tests/cli/lib.sh fresh_db).
set -u
[ $# -ge 1 ] || { echo "usage: tests/run.sh BUILD..." >&2; exit 2; }
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
case $jobs in
'' | *[!0-9]* | 0) echo "tests/run.sh: TEST_JOBS must be a whole number, 1 or more (not \"$jobs\")" >&2; exit 2 ;;
esac

# Suites run alone, one at a time and with nothing else, because they
# measure time under load that other suites on the same cores would add to,
# or are heavy enough to starve what runs beside them:
#   test_slow_clients.sh  a normal user's p99 under a second beside 1,000
#                         slow connections
#   test_http_limits.sh   connections cut at a 2-second deadline (1.9 to
#                         4.5 s allowed), a request let go within 3 s
#   test_import_lock.sh   a command done within 3 s while an import runs
#   test_pg_restart.sh    requests answered again within 5 s of its own
#                         PostgreSQL server coming back
#   test_crash_loop.sh    writers and imports at full speed, killed at random
#                         moments: every kind of write must get through in
#                         a few seconds
#   test_app_servers.sh   requests answered during a server's 2-second drain
# (The browser suites, tests/web/*.mjs, time out only a hung step, after
# 10 s, or a hung run, after 15 minutes: far beyond what they need.)
alone=(tests/reliability/test_slow_clients.sh tests/cli/test_http_limits.sh tests/cli/test_import_lock.sh
    tests/reliability/test_pg_restart.sh tests/reliability/test_crash_loop.sh tests/cli/test_app_servers.sh)
# runs_alone NAME: whether the suite NAME ("FILE [BUILD, BACKEND]") is one of them.
runs_alone() {
    local a
    for a in "${alone[@]}"; do [ "${1%% *}" = "$a" ] && return 0; done
    return 1
}

passed=0
failed=0
skipped=0
work=$(mktemp -d) # each suite's output, $work/N.log
times=$work/times # "SECONDS NAME", a line per suite
: >"$times"
# A suite's end is announced on this pipe as "N EXIT_STATUS SECONDS".
mkfifo "$work/ended" && exec 3<>"$work/ended" || { echo "tests/run.sh: cannot make a pipe in $work" >&2; exit 2; }
pgdir=""

# Interrupted: the suites running are ended too (commands started in the
# background ignore SIGINT), and the server stopped.
interrupted() {
    trap '' INT TERM
    kill -TERM 0 2>/dev/null
    [ -n "$pgdir" ] && tests/pg.sh stop "$pgdir/data" >/dev/null 2>&1
    rm -rf "$pgdir" "$work"
    exit 130
}
trap interrupted INT TERM

# tally NAME LOG RC SECONDS: adds up the results of a suite that printed
# LOG and exited with RC, and prints its result line.
tally() {
    local name=$1 log=$2 rc=$3 secs=$4
    local p s f plans planned bail problem=""
    # passed (skips included), skipped, failed, plan lines, the first plan, bail-outs
    read -r p s f plans planned bail < <(awk '
        /^ok / { p++; if (toupper($0) ~ /^OK [^#]*#[[:space:]]*SKIP/) s++ }
        /^not ok / { f++ }
        /^1\.\.[0-9]+[[:space:]]*$/ { if (!plans++) planned = substr($1, 4) + 0 }
        /^Bail out!/ { bail++ }
        END { print p + 0, s + 0, f + 0, plans + 0, planned + 0, bail + 0 }' "$log")
    if [ "$bail" != 0 ]; then
        problem="bailed out"
    elif [ $((p + f)) = 0 ]; then
        problem="no test results"
    elif [ "$plans" = 0 ]; then
        problem="no plan line (1..N)"
    elif [ "$plans" != 1 ]; then
        problem="$plans plan lines"
    elif [ "$planned" != $((p + f)) ]; then
        problem="planned $planned tests, ran $((p + f))"
    elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        problem="crashed or failed without saying which test"
    fi
    [ -n "$problem" ] && f=$((f + 1))
    passed=$((passed + p - s))
    skipped=$((skipped + s))
    failed=$((failed + f))
    echo "$secs $name" >>"$times"
    local more=""
    [ "$s" != 0 ] && more=", $s skipped"
    if [ "$f" != 0 ]; then
        echo "FAIL $name ($((p - s)) passed$more, $f failed, exit $rc${problem:+: $problem}, $secs s)"
        grep -v '^ok ' "$log" | head -n 60 | sed 's/^/    /'
    else
        echo "ok   $name ($((p - s)) passed$more, $secs s)"
    fi
}

# missing NAME WHY: a suite that should have run and could not.
missing() {
    echo "FAIL $1 ($2)"
    failed=$((failed + 1))
}

# The queue of suites to run: names, commands (quoted for eval), and
# whether each is given its slot's PostgreSQL database as OVERSIGHT_TEST_PG.
names=()
commands=()
wants_pg=()
# suite [--pg] NAME CMD...: queues a TAP-printing command.
suite() {
    local pg=0
    [ "$1" = --pg ] && { pg=1; shift; }
    names+=("$1")
    shift
    commands+=("$(printf '%q ' "$@")")
    wants_pg+=("$pg")
}

# slot_db[K]: the database of slot K (1 to $jobs); empty without PostgreSQL.
slot_db=()

# start I SLOT: starts suite I in the background in slot SLOT (1 to
# $jobs); it says on the pipe when it ends.
slot_of=()
pid_of=()
start() {
    local i=$1 slot=$2
    slot_of[i]=$slot
    (
        begun=$SECONDS
        if [ "${wants_pg[i]}" = 1 ]; then export OVERSIGHT_TEST_PG=${slot_db[slot]:-}; fi
        eval "${commands[i]}" </dev/null >"$work/$i.log" 2>&1 3>&-
        echo "$i $? $((SECONDS - begun))" >&3
    ) &
    pid_of[i]=$!
}

# finish: waits for a running suite to end and counts it; $freed is then
# the slot it leaves free.
finish() {
    local i rc secs
    read -r i rc secs <&3
    wait "${pid_of[i]}"
    tally "${names[i]}" "$work/$i.log" "$rc" "$secs"
    freed=${slot_of[i]}
}

# run_queue: runs the queued suites, those in $alone first, one at a time,
# then the others $jobs at a time; then empties the queue.
run_queue() {
    local i slot running=0 free=() first=() rest=()
    for i in "${!names[@]}"; do
        if runs_alone "${names[i]}"; then first+=("$i"); else rest+=("$i"); fi
    done
    for i in "${first[@]}"; do
        start "$i" 1
        finish
    done
    for ((slot = jobs; slot >= 1; slot--)); do free+=("$slot"); done
    for i in "${rest[@]}"; do
        if [ "$running" = "$jobs" ]; then
            finish
            running=$((running - 1))
            free+=("$freed")
        fi
        slot=${free[-1]}
        unset 'free[-1]'
        start "$i" "$slot"
        running=$((running + 1))
    done
    for ((; running > 0; running--)); do finish; done
    names=() commands=() wants_pg=() slot_of=() pid_of=()
}

suite "tests/selftest/test_run.sh" tests/selftest/test_run.sh
run_queue

# web_install: npm ci in tests/web, remembering which lock it installed.
web_install() {
    (cd tests/web && npm ci --no-audit --no-fund) && cp tests/web/package-lock.json tests/web/node_modules/.installed-lock &&
        echo "ok 1 - npm ci" && echo "1..1"
}
if ! cmp -s tests/web/package-lock.json tests/web/node_modules/.installed-lock; then
    suite "npm ci in tests/web" web_install
    run_queue
fi

pgdir=$(mktemp -d)
if pg_uri=$(tests/pg.sh start "$pgdir/data"); then
    echo "PostgreSQL for the tests: $pg_uri"
    for ((slot = 1; slot <= jobs; slot++)); do
        slot_db[slot]=$(tests/pg.sh db "$pgdir/data" "oversight_test_$slot") ||
            { missing "PostgreSQL" "could not create a database for each of the $jobs slots (see above)"; pg_uri=""; slot_db=(); break; }
    done
else
    missing "PostgreSQL" "could not start a server for the tests (see above)"
    pg_uri=""
fi
echo "Suites $jobs at a time (TEST_JOBS); those that measure time or load first, one at a time."

# The end-to-end suites first, the longest, then the unit tests and fuzz
# replays: short ones at the end leave no slot idle for long.
for build in "$@"; do
    for t in tests/cli/test_*.sh; do
        suite "$t [$build, sqlite]" env OVERSIGHT="$root/$build/oversight" "$t"
        if [ -n "$pg_uri" ]; then
            suite --pg "$t [$build, postgresql]" env OVERSIGHT="$root/$build/oversight" "$t"
        fi
    done
    if [ "$build" = "$1" ]; then
        # The short versions of make reliability's tests (OVERSIGHT_LONG unset):
        # on the plain build only, as they test the program's behaviour under
        # crashes, faults and load, which a sanitizer build does not change.
        for t in tests/reliability/test_*.sh; do
            [ -e "$t" ] || continue
            suite "$t [$build, sqlite]" env OVERSIGHT="$root/$build/oversight" "$t"
            if [ -n "$pg_uri" ]; then
                suite --pg "$t [$build, postgresql]" env OVERSIGHT="$root/$build/oversight" "$t"
            fi
        done
        for web in run journey record; do
            suite "tests/web/$web.mjs [$build, sqlite]" node "tests/web/$web.mjs" "$root/$build/oversight"
            if [ -n "$pg_uri" ]; then
                suite --pg "tests/web/$web.mjs [$build, postgresql]" node "tests/web/$web.mjs" "$root/$build/oversight"
            fi
        done
    fi
done

# A short libFuzzer run of every fuzz driver (make test builds them with
# clang into build/fuzz/fuzzers): 5 seconds each, from their seeds.
suite "tests/fuzz/run.sh build/fuzz/fuzzers 5" tests/fuzz/run.sh build/fuzz/fuzzers 5

for build in "$@"; do
    for src in tests/unit/*/test_*.c; do
        t=$build/tests/$(basename "$src" .c)
        if [ -x "$t" ]; then
            suite --pg "$t" "$t"
        else
            missing "$t" "missing or not executable: build it with make BUILD=$build unit"
        fi
    done
    for src in tests/fuzz/fuzz_*.c; do
        [ -e "$src" ] || continue
        name=$(basename "$src" .c)
        corpus=tests/fuzz/corpus/${name#fuzz_}
        t=$build/tests/$name
        if [ ! -d "$corpus" ]; then
            missing "$src" "no seed corpus $corpus/"
        elif [ -x "$t" ]; then
            suite "$t $corpus" "$t" "$corpus"
        else
            missing "$t" "missing or not executable: build it with make BUILD=$build unit"
        fi
    done
done

run_queue

tests/pg.sh stop "$pgdir/data" >/dev/null 2>&1
echo "The slowest suites (seconds):"
sort -rn "$times" | head -n 10 | awk '{ printf "  %5d  %s\n", $1, substr($0, length($1) + 2) }'
rm -rf "$pgdir" "$work"
[ "$skipped" != 0 ] && echo "$skipped skipped (see the suites above)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
