#!/usr/bin/env bash
# run.sh BUILD: make reliability. Runs the long version (OVERSIGHT_LONG=1) of
# every reliability test, tests/reliability/test_*.sh, against BUILD's
# binary, on SQLite and on a throwaway PostgreSQL server, and prints one line
# per test and backend: its verdict, the figures it reported and how long it
# took. The whole output of each is kept in BUILD/reliability/NAME.BACKEND.log.
# Ends with "N passed, N failed".
#
# A test script prints TAP, and "# summary: ..." lines with its figures (how
# many crashes, writes, connections...). The same scripts run in make test
# without OVERSIGHT_LONG, as short versions (tests/run.sh).
set -u
[ $# = 1 ] || { echo "usage: tests/reliability/run.sh BUILD (make reliability builds and runs it)" >&2; exit 2; }
cd "$(dirname "$0")/../.."
root=$(pwd)
build=$1
[ -x "$build/oversight" ] || { echo "run.sh: no $build/oversight: build it with make BUILD=$build all unit" >&2; exit 2; }
logs=$build/reliability
mkdir -p "$logs"
passed=0
failed=0

# one NAME BACKEND CMD...: runs one test, prints its line.
one() {
    local name=$1 backend=$2
    shift 2
    local log="$logs/$name.$backend.log" start=$SECONDS
    "$@" >"$log" 2>&1
    local rc=$? took=$((SECONDS - start)) p f summary
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    summary=$(sed -n 's/^# summary: //p' "$log" | paste -sd ';' - | sed 's/;/; /g')
    if [ "$rc" = 0 ] && [ "$f" = 0 ] && [ "$p" != 0 ] && grep -q '^1\.\.[0-9]' "$log"; then
        passed=$((passed + 1))
        echo "ok   $name [$backend] ${summary:-$p checks} (${took}s)"
    else
        failed=$((failed + 1))
        echo "FAIL $name [$backend] ${summary:-$p passed, $f failed, exit $rc} (${took}s; log: $log)"
        grep '^not ok ' "$log" | head -n 5 | sed 's/^/    /'
    fi
}

pgdir=$(mktemp -d)
trap 'tests/pg.sh stop "$pgdir/data" >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
pg_uri=$(tests/pg.sh start "$pgdir/data") || { echo "FAIL PostgreSQL (could not start a server for the tests)"; pg_uri=""; failed=$((failed + 1)); }

found=0
for t in tests/reliability/test_*.sh; do
    [ -e "$t" ] || continue
    found=1
    name=$(basename "$t" .sh)
    one "$name" sqlite env OVERSIGHT_LONG=1 OVERSIGHT="$root/$build/oversight" "$t"
    [ -n "$pg_uri" ] && one "$name" postgresql env OVERSIGHT_LONG=1 OVERSIGHT="$root/$build/oversight" OVERSIGHT_TEST_PG="$pg_uri" "$t"
done
[ "$found" = 1 ] || { echo "FAIL no tests/reliability/test_*.sh to run"; failed=$((failed + 1)); }
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
