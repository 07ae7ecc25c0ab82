#!/usr/bin/env bash
# test_run.sh: the test runner's own test. tests/run.sh runs against a fake
# project in a scratch folder: fake unit, fuzz, end-to-end and browser suites
# that print TAP, a fake PostgreSQL starter and a fake node. First all of
# them behave, and the runner must count exactly their results and pass;
# then, one at a time, a suite misbehaves and the runner must count exactly
# the failures expected and name the suite. Last, the runner's parallel
# slots: suites that run at once, each with its own database, whose output
# does not mix; those it must run alone; TEST_JOBS=1 one at a time.
# The runner runs with TEST_JOBS=3 unless a test says otherwise.
# tests/run.sh runs this first.
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
    suite "$t/tests/pg.sh" 'case $1 in start) echo postgresql://fake@127.0.0.1:1/fake ;; db) echo "postgresql://fake@127.0.0.1:1/$3" ;; esac'
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

# runner NAME [JOBS]: runs the fake project's runner, JOBS suites at a time
# (3 by default); sets $status, $out and $last.
runner() {
    PATH="$S/$1/bin:$PATH" TEST_JOBS=${2:-3} "$S/$1/tests/run.sh" build >"$S/$1.out" 2>&1
    status=$?
    out=$(cat "$S/$1.out")
    last=$(tail -n 1 "$S/$1.out")
}

# counted NAME TOTAL WHAT [COMMAND...]: WHAT passes when runner NAME's run
# ended well with "TOTAL passed, 0 failed" (and COMMAND, if given, holds);
# else it fails, showing the run's output.
counted() {
    local name=$1 total=$2 what=$3
    shift 3
    if [ "$status" = 0 ] && [ "$last" = "$total passed, 0 failed" ] && { [ $# = 0 ] || "$@"; }; then
        pass "$what"
    else
        fail "$what" "exit $status" "$(sed 's/^/| /' "$S/$name.out")"
    fi
}

# The well-behaved project: selftest 1, test_a 1, test_b 1 (and 1 skipped),
# fuzz_x 1, test_c.sh 2 (SQLite and PostgreSQL), test_r.sh 2, the short fuzz run 1, the browser suites 4.
tree "$S/good"
runner good
counted good 15 "a project whose suites behave passes, every result counted" \
    grep -qx "1 skipped (see the suites above)" "$S/good.out"

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

# ---- the parallel slots ----

# results NAME: the runner's result lines for project NAME without their
# seconds, sorted: what was counted, whatever the order suites ended in.
results() { grep -E '^(ok  |FAIL)' "$S/$1.out" | sed 's/, [0-9]* s)$/)/' | sort; }

# One at a time (TEST_JOBS=1) the well-behaved project counts the same.
cp -a "$S/good" "$S/one"
runner one 1
if [ "$status" = 0 ] && [ "$last" = "15 passed, 0 failed" ] && [ "$(results one)" = "$(results good)" ]; then
    pass "TEST_JOBS=1: the same results, counted the same"
else
    fail "TEST_JOBS=1: the same results, counted the same" "exit $status" "$(diff <(results good) <(results one))" \
        "$(sed 's/^/| /' "$S/one.out")"
fi

# Each result line says how long its suite took; the ten slowest are listed.
if grep -Eqx 'ok   tests/cli/test_c\.sh \[build, sqlite\] \(1 passed, [0-9]+ s\)' "$S/good.out" &&
    grep -Eqx 'ok   build/tests/test_b \(1 passed, 1 skipped, [0-9]+ s\)' "$S/good.out" &&
    [ "$(sed -n '/^The slowest suites/,$p' "$S/good.out" | grep -Ec '^ +[0-9]+  [^ ]')" = 10 ]; then
    pass "each result line has its seconds, and the ten slowest suites are listed"
else
    fail "each result line has its seconds, and the ten slowest suites are listed" "$(sed 's/^/| /' "$S/good.out")"
fi

# meet ME OTHER: a suite that starts, then waits up to 10 s for OTHER to
# start: it passes only if the two run at the same time.
meet() {
    echo "touch $t/$1.started"
    echo "for i in \$(seq 100); do [ -e $t/$2.started ] && break; sleep 0.1; done"
    echo "[ -e $t/$2.started ] && echo 'ok 1 - $1 ran while $2 ran' || echo 'not ok 1 - $1 ran without $2'"
    echo 'echo 1..1'
}
scenario together
suite "$t/build/tests/test_a" "$(meet a b)"
suite "$t/build/tests/test_b" "$(meet b a)"
runner together 2
counted together 15 "TEST_JOBS=2: two suites run at the same time, both counted"

# Two suites failing at the same time, each printing 30 lines slowly: both
# counted, and each one's output printed whole under its FAIL line.
chatty() {
    echo "for i in \$(seq 30); do echo \"# $1 line \$i\"; sleep 0.01; done"
    echo "echo 'not ok 1 - $1'; echo 1..1; exit 1"
}
scenario mixed
suite "$t/build/tests/test_a" "$(meet a b | head -n 2)" "$(chatty a)"
suite "$t/build/tests/test_b" "$(meet b a | head -n 2)" "$(chatty b)"
runner mixed 2
# block NAME: the lines under NAME's FAIL line, up to the next result.
block() { sed -n "\|^FAIL build/tests/$1 |,\$p" "$S/mixed.out" | sed '1d' | sed '/^[^ ]/,$d'; }
if [ "$status" != 0 ] && echo "$last" | grep -Eqx '[0-9]+ passed, 2 failed' &&
    [ "$(block test_a | grep -c '^    # a line')" = 30 ] && [ "$(block test_a | grep -c ' b ')" = 0 ] &&
    [ "$(block test_b | grep -c '^    # b line')" = 30 ] && [ "$(block test_b | grep -c ' a ')" = 0 ]; then
    pass "two suites failing at once: both counted, each one's output whole and apart"
else
    fail "two suites failing at once: both counted, each one's output whole and apart" "exit $status" \
        "$(sed 's/^/| /' "$S/mixed.out")"
fi

# Suites on PostgreSQL at the same time each have their own database: a
# suite holds its database (a folder named after it) for half a second and
# fails if another suite holds it.
own_db() {
    echo 'db=${OVERSIGHT_TEST_PG:-}'
    echo 'if [ -n "$db" ]; then'
    echo "    echo \"\${db##*/}\" >>$t/dbs"
    echo "    mkdir $t/held.\${db##*/} 2>/dev/null || { echo \"not ok 1 - \$db was in use\"; echo 1..1; exit 1; }"
    echo "    sleep 0.5; rmdir $t/held.\${db##*/}"
    echo 'fi'
    echo 'echo "ok 1 - a database of its own"; echo 1..1'
}
scenario databases
for s in c d e; do suite "$t/tests/cli/test_$s.sh" "$(own_db)"; done
runner databases 3
if [ "$status" = 0 ] && [ "$last" = "19 passed, 0 failed" ] && [ "$(sort -u "$t/dbs" | wc -l)" -ge 2 ]; then
    pass "suites on PostgreSQL at the same time each have a database of their own ($(sort -u "$t/dbs" | tr '\n' ' '))"
else
    fail "suites on PostgreSQL at the same time each have a database of their own" "exit $status" \
        "databases: $(tr '\n' ' ' <"$t/dbs" 2>/dev/null)" "$(sed 's/^/| /' "$S/databases.out")"
fi

# busy / solo: a suite that is busy for 0.3 s (a file $t/busy.PID meanwhile);
# a solo one also fails if another is busy at its start or its end.
busy() { echo "touch $t/busy.\$\$; sleep 0.3; rm $t/busy.\$\$; echo 'ok 1 - busy'; echo 1..1"; }
solo() {
    echo "others() { ls $t/busy.* 2>/dev/null | grep -v busy.\$\$; }"
    echo "[ -z \"\$(others)\" ] || { echo 'not ok 1 - others ran at its start'; echo 1..1; exit 1; }"
    echo "touch $t/busy.\$\$; sleep 0.3"
    echo "[ -z \"\$(others)\" ] || { echo 'not ok 1 - others ran at its end'; echo 1..1; exit 1; }"
    echo "rm $t/busy.\$\$; echo 'ok 1 - alone'; echo 1..1"
}
# The suites run.sh runs alone, here with suites busy all around them.
scenario alone
for s in c d e f; do suite "$t/tests/cli/test_$s.sh" "$(busy)"; done
suite "$t/tests/cli/test_http_limits.sh" "$(solo)"
suite "$t/tests/reliability/test_slow_clients.sh" "$(solo)"
suite "$t/tests/cli/test_import_lock.sh" "$(solo)"
runner alone 3
counted alone 27 "the suites that measure time or load run with nothing beside them"

# TEST_JOBS=1: every suite alone.
scenario one-by-one
for f in tests/cli/test_c.sh tests/reliability/test_r.sh build/tests/test_a build/tests/test_b; do suite "$t/$f" "$(solo)"; done
runner one-by-one 1
counted one-by-one 15 "TEST_JOBS=1: one suite at a time"

for jobs in 0 two -1; do
    runner good "$jobs"
    if [ "$status" = 2 ] && grep -q "TEST_JOBS must be a whole number" "$S/good.out"; then
        pass "TEST_JOBS=$jobs is refused"
    else
        fail "TEST_JOBS=$jobs is refused" "exit $status" "$(sed 's/^/| /' "$S/good.out")"
    fi
done

echo "1..$n"
[ "$failed" = 0 ]
