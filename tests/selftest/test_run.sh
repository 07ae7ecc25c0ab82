#!/usr/bin/env bash
# test_run.sh: the test runner's own test. tests/run.sh runs against a fake
# project in a scratch folder: fake unit, fuzz, end-to-end and browser suites
# that print TAP, a fake PostgreSQL starter and a fake node. First all of
# them behave, and the runner must count exactly their results and pass;
# then, one at a time, a suite misbehaves and the runner must count exactly
# the failures expected and name the suite. tests/run.sh runs this first.
set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
n=0
failed=0

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
    shift
    for line in "$@"; do echo "#   $line"; done
}

# suite FILE LINES...: an executable script printing LINES (printf escapes).
suite() {
    local f=$1
    shift
    mkdir -p "$(dirname "$f")"
    { echo '#!/bin/sh'; for l in "$@"; do printf '%s\n' "$l"; done; } >"$f"
    chmod +x "$f"
}

# tree DIR: the fake project in which every suite behaves: 15 passes and 1 skip.
tree() {
    local t=$1
    mkdir -p "$t/tests/unit/core" "$t/tests/unit/svc" "$t/tests/cli" "$t/tests/fuzz/corpus/x" "$t/tests/web/node_modules" \
        "$t/build/tests" "$t/bin"
    cp "$here/../run.sh" "$t/tests/run.sh"
    suite "$t/tests/pg.sh" 'case $1 in start) echo postgresql://fake@127.0.0.1:1/fake ;; esac'
    suite "$t/tests/selftest/test_run.sh" 'echo "ok 1 - the runner"; echo "1..1"'
    suite "$t/bin/node" 'exec sh "$@"' # the browser suites below are shell
    echo lock >"$t/tests/web/package-lock.json"
    echo lock >"$t/tests/web/node_modules/.installed-lock"
    suite "$t/tests/web/run.mjs" 'echo "ok 1 - browser"; echo "1..1"'
    suite "$t/tests/web/journey.mjs" 'echo "1..1"; echo "ok 1 - journey"' # the plan may come first
    suite "$t/tests/web/record.mjs" 'echo "ok 1 - record"; echo "1..1"'
    : >"$t/tests/unit/core/test_a.c"
    : >"$t/tests/unit/svc/test_b.c"
    : >"$t/tests/fuzz/fuzz_x.c"
    echo seed >"$t/tests/fuzz/corpus/x/seed"
    suite "$t/build/tests/test_a" 'echo "ok 1 - a"; echo "1..1"'
    suite "$t/build/tests/test_b" 'echo "ok 1 - b"' 'echo "ok 2 - b2 # SKIP left out on purpose"' 'echo "1..2"'
    suite "$t/build/tests/fuzz_x" '[ -f "$1/seed" ] || exit 1' 'echo "ok 1 - seed"; echo "1..1"'
    suite "$t/tests/cli/test_c.sh" 'echo "ok 1 - c"; echo "1..1"'
    suite "$t/tests/reliability/test_r.sh" 'echo "ok 1 - r"; echo "# summary: r held"; echo "1..1"'
    suite "$t/tests/fuzz/run.sh" '[ "$1" = build/fuzz/fuzzers ] || exit 1' 'echo "ok 1 - fuzz_x ran"; echo "1..1"'
}

# runner NAME: runs the fake project's runner; sets $status, $out and $last.
runner() {
    PATH="$S/$1/bin:$PATH" "$S/$1/tests/run.sh" build >"$S/$1.out" 2>&1
    status=$?
    out=$(cat "$S/$1.out")
    last=$(tail -n 1 "$S/$1.out")
}

# The well-behaved project: selftest 1, test_a 1, test_b 1 (and 1 skipped),
# fuzz_x 1, test_c.sh 2 (SQLite and PostgreSQL), test_r.sh 2, the short fuzz run 1, the browser suites 4.
tree "$S/good"
runner good
if [ "$status" = 0 ] && [ "$last" = "15 passed, 0 failed" ] && grep -qx "1 skipped (see the suites above)" "$S/good.out"; then
    pass "a project whose suites behave passes, every result counted"
else
    fail "a project whose suites behave passes, every result counted" "exit $status" "$(sed 's/^/| /' "$S/good.out")"
fi

# misbehaves NAME WANT_FAILED WANT_NAMED: after the change made to project
# NAME, the runner fails with WANT_FAILED failures and a FAIL line naming
# WANT_NAMED.
misbehaves() {
    local name=$1 want=$2 named=$3
    runner "$name"
    local what="runner fails: $name"
    if [ "$status" = 0 ]; then
        fail "$what" "exit 0" "$(sed 's/^/| /' "$S/$name.out")"
    elif ! echo "$last" | grep -Eq "^[0-9]+ passed, $want failed\$"; then
        fail "$what" "last line \"$last\", want $want failed" "$(sed 's/^/| /' "$S/$name.out")"
    elif ! grep -qF "FAIL $named" "$S/$name.out"; then
        fail "$what" "no line FAIL $named" "$(sed 's/^/| /' "$S/$name.out")"
    else
        pass "$what"
    fi
}

# scenario NAME: a fresh copy of the well-behaved project in $S/NAME ($t).
scenario() {
    t=$S/$1
    cp -a "$S/good" "$t"
}

scenario silent
suite "$t/build/tests/test_a" 'exit 0'
misbehaves silent 1 build/tests/test_a

scenario no-plan
suite "$t/build/tests/test_a" 'echo "ok 1 - a"'
misbehaves no-plan 1 build/tests/test_a

scenario two-plans
suite "$t/build/tests/test_a" 'echo "1..1"; echo "ok 1 - a"; echo "1..1"'
misbehaves two-plans 1 build/tests/test_a

scenario short-plan
suite "$t/build/tests/test_a" 'echo "ok 1 - a"; echo "ok 2 - a2"; echo "1..3"'
misbehaves short-plan 1 build/tests/test_a

scenario long-plan
suite "$t/build/tests/test_a" 'echo "ok 1 - a"; echo "ok 2 - a2"; echo "1..1"'
misbehaves long-plan 1 build/tests/test_a

scenario exit-status
suite "$t/build/tests/test_a" 'echo "ok 1 - a"; echo "1..1"; exit 3'
misbehaves exit-status 1 build/tests/test_a

scenario crash
suite "$t/build/tests/test_a" 'echo "ok 1 - a"; kill -SEGV $$'
misbehaves crash 1 build/tests/test_a

scenario bail-out
suite "$t/build/tests/test_a" 'echo "Bail out! no database"; echo "1..0"'
misbehaves bail-out 1 build/tests/test_a

scenario not-ok
suite "$t/build/tests/test_a" 'echo "not ok 1 - a"; echo "ok 2 - a2"; echo "1..2"; exit 1'
misbehaves not-ok 1 build/tests/test_a

scenario missing-binary
rm "$t/build/tests/test_b"
misbehaves missing-binary 1 build/tests/test_b

scenario not-executable
chmod -x "$t/build/tests/test_b"
misbehaves not-executable 1 build/tests/test_b

scenario missing-fuzz-replay
rm "$t/build/tests/fuzz_x"
misbehaves missing-fuzz-replay 1 build/tests/fuzz_x

scenario no-corpus
rm -r "$t/tests/fuzz/corpus/x"
misbehaves no-corpus 1 tests/fuzz/fuzz_x.c

scenario silent-cli # once on SQLite, once on PostgreSQL
suite "$t/tests/cli/test_c.sh" 'exit 0'
misbehaves silent-cli 2 tests/cli/test_c.sh

scenario silent-reliability # once on SQLite, once on PostgreSQL
suite "$t/tests/reliability/test_r.sh" 'echo "# summary: nothing ran"'
misbehaves silent-reliability 2 tests/reliability/test_r.sh

scenario silent-fuzz-run
suite "$t/tests/fuzz/run.sh" 'exit 0'
misbehaves silent-fuzz-run 1 tests/fuzz/run.sh

scenario silent-browser
suite "$t/tests/web/run.mjs" 'true'
misbehaves silent-browser 2 tests/web/run.mjs

scenario no-postgresql
suite "$t/tests/pg.sh" 'exit 1'
misbehaves no-postgresql 1 PostgreSQL

echo "1..$n"
[ "$failed" = 0 ]
