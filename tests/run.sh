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
set -u
[ $# -ge 1 ] || { echo "usage: tests/run.sh BUILD..." >&2; exit 2; }
cd "$(dirname "$0")/.."
root=$(pwd)
passed=0
failed=0
skipped=0
log=$(mktemp)

# count NAME CMD...: runs a TAP-printing command and adds up its results.
count() {
    local name=$1
    shift
    "$@" >"$log" 2>&1
    local rc=$? p f s plans planned bail problem=""
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
    local more=""
    [ "$s" != 0 ] && more=", $s skipped"
    if [ "$f" != 0 ]; then
        echo "FAIL $name ($((p - s)) passed$more, $f failed, exit $rc${problem:+: $problem})"
        grep -v '^ok ' "$log" | head -n 60 | sed 's/^/    /'
    else
        echo "ok   $name ($((p - s)) passed$more)"
    fi
}

# missing NAME WHY: a suite that should have run and could not.
missing() {
    echo "FAIL $1 ($2)"
    failed=$((failed + 1))
}

count "tests/selftest/test_run.sh" tests/selftest/test_run.sh

# web_install: npm ci in tests/web, remembering which lock it installed.
web_install() {
    (cd tests/web && npm ci --no-audit --no-fund) && cp tests/web/package-lock.json tests/web/node_modules/.installed-lock &&
        echo "ok 1 - npm ci" && echo "1..1"
}
if ! cmp -s tests/web/package-lock.json tests/web/node_modules/.installed-lock; then
    count "npm ci in tests/web" web_install
fi

pgdir=$(mktemp -d)
if pg_uri=$(tests/pg.sh start "$pgdir/data"); then
    echo "PostgreSQL for the tests: $pg_uri"
else
    missing "PostgreSQL" "could not start a server for the tests (see above)"
    pg_uri=""
fi

for build in "$@"; do
    for src in tests/unit/*/test_*.c; do
        t=$build/tests/$(basename "$src" .c)
        if [ -x "$t" ]; then
            count "$t" env OVERSIGHT_TEST_PG="$pg_uri" "$t"
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
            count "$t $corpus" "$t" "$corpus"
        else
            missing "$t" "missing or not executable: build it with make BUILD=$build unit"
        fi
    done
    for t in tests/cli/test_*.sh; do
        count "$t [$build, sqlite]" env OVERSIGHT="$root/$build/oversight" "$t"
        if [ -n "$pg_uri" ]; then
            count "$t [$build, postgresql]" env OVERSIGHT="$root/$build/oversight" OVERSIGHT_TEST_PG="$pg_uri" "$t"
        fi
    done
    if [ "$build" = "$1" ]; then
        # The short versions of make reliability's tests (OVERSIGHT_LONG unset):
        # on the plain build only, as they test the program's behaviour under
        # crashes, faults and load, which a sanitizer build does not change.
        for t in tests/reliability/test_*.sh; do
            [ -e "$t" ] || continue
            count "$t [$build, sqlite]" env OVERSIGHT="$root/$build/oversight" "$t"
            if [ -n "$pg_uri" ]; then
                count "$t [$build, postgresql]" env OVERSIGHT="$root/$build/oversight" OVERSIGHT_TEST_PG="$pg_uri" "$t"
            fi
        done
        for suite in run journey record; do
            count "tests/web/$suite.mjs [$build, sqlite]" node "tests/web/$suite.mjs" "$root/$build/oversight"
            if [ -n "$pg_uri" ]; then
                count "tests/web/$suite.mjs [$build, postgresql]" env OVERSIGHT_TEST_PG="$pg_uri" node "tests/web/$suite.mjs" "$root/$build/oversight"
            fi
        done
    fi
done

# A short libFuzzer run of every fuzz driver (make test builds them with
# clang into build/fuzz/fuzzers): 5 seconds each, from their seeds.
count "tests/fuzz/run.sh build/fuzz/fuzzers 5" tests/fuzz/run.sh build/fuzz/fuzzers 5

[ -n "$pg_uri" ] && tests/pg.sh stop "$pgdir/data" >/dev/null 2>&1
rm -rf "$pgdir" "$log"
[ "$skipped" != 0 ] && echo "$skipped skipped (see the suites above)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
