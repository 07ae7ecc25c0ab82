#!/usr/bin/env bash
# run.sh BUILD...: runs every test against each build folder's binaries
# (unit tests, then the end-to-end tests), on SQLite and on a throwaway
# PostgreSQL server, and ends with the line "N passed, N failed".
# The browser tests (tests/web/run.mjs and journey.mjs, Chromium driven
# from Node.js) run against the first BUILD only, the plain one: a sanitizer
# build shows a browser nothing more. Their npm packages are installed from
# tests/web/package-lock.json when node_modules is missing or the lock has
# changed.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
passed=0
failed=0
log=$(mktemp)

# count NAME CMD...: runs a TAP-printing command and adds up its results.
count() {
    local name=$1
    shift
    "$@" >"$log" 2>&1
    local rc=$? p f
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        f=1 # crashed or bailed out without saying which test
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" != 0 ]; then
        echo "FAIL $name ($p passed, $f failed, exit $rc)"
        grep -v '^ok ' "$log" | head -n 60 | sed 's/^/    /'
    else
        echo "ok   $name ($p passed)"
    fi
}

# web_install: npm ci in tests/web, remembering which lock it installed.
web_install() {
    (cd tests/web && npm ci --no-audit --no-fund) && cp tests/web/package-lock.json tests/web/node_modules/.installed-lock
}
if ! cmp -s tests/web/package-lock.json tests/web/node_modules/.installed-lock; then
    count "npm ci in tests/web" web_install
fi

pgdir=$(mktemp -d)
if pg_uri=$(tests/pg.sh start "$pgdir/data"); then
    echo "PostgreSQL for the tests: $pg_uri"
else
    echo "FAIL: could not start a PostgreSQL server for the tests (see above)"
    failed=$((failed + 1))
    pg_uri=""
fi

for build in "$@"; do
    for t in "$build"/tests/test_*; do
        [ -x "$t" ] || continue
        count "$t" env OVERSIGHT_TEST_PG="$pg_uri" "$t"
    done
    for t in tests/cli/test_*.sh; do
        count "$t [$build, sqlite]" env OVERSIGHT="$root/$build/oversight" "$t"
        if [ -n "$pg_uri" ]; then
            count "$t [$build, postgresql]" env OVERSIGHT="$root/$build/oversight" OVERSIGHT_TEST_PG="$pg_uri" "$t"
        fi
    done
    if [ "$build" = "$1" ]; then
        for suite in run journey; do
            count "tests/web/$suite.mjs [$build, sqlite]" node "tests/web/$suite.mjs" "$root/$build/oversight"
            if [ -n "$pg_uri" ]; then
                count "tests/web/$suite.mjs [$build, postgresql]" env OVERSIGHT_TEST_PG="$pg_uri" node "tests/web/$suite.mjs" "$root/$build/oversight"
            fi
        done
    fi
done

[ -n "$pg_uri" ] && tests/pg.sh stop "$pgdir/data" >/dev/null 2>&1
rm -rf "$pgdir" "$log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
