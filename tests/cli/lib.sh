# lib.sh: helpers for the end-to-end tests in tests/cli/. Each test script
# sources this, runs the real binary ($OVERSIGHT) against a real database and
# prints TAP lines ("ok N - name" / "not ok N - name"); tests/run.sh counts them.
#
# The database is SQLite in a temporary folder, or PostgreSQL when
# OVERSIGHT_TEST_PG holds a URI (its public schema is emptied by fresh_db,
# so no two scripts may be given the same one at once: tests/run.sh gives
# each of its parallel slots its own).
#
# A script ends with done_testing, the only place the plan ("1..N") is
# printed: a script that stops before it (an unset variable, a bail-out, an
# exit) has no plan and bails out, so it cannot pass.

set -u
export LC_ALL=C
: "${OVERSIGHT:?set OVERSIGHT to the binary under test}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EXAMPLES=${EXAMPLES:-$ROOT/tests/examples}
T=$(mktemp -d)
n=0
failed=0
planned=""
bailed=""
background_pids=""

# on_exit: stops what the script left running in the background and removes
# $T; a script ending before done_testing bails out, with a failing status.
on_exit() {
    local rc=$?
    [ -n "$background_pids" ] && kill $background_pids 2>/dev/null
    rm -rf "$T"
    if [ -z "$planned" ]; then
        [ -n "$bailed" ] || echo "Bail out! $(basename "$0") ended before done_testing (exit status $rc)"
        [ "$rc" = 0 ] && exit 1
    fi
}
trap on_exit EXIT

# bail_out WHY: stops the script; what it would test cannot be tested.
bail_out() {
    echo "Bail out! $1"
    bailed=yes
    exit 1
}

# fresh_db: points $DB at an empty database. (On PostgreSQL the key file
# sealing two-factor secrets is named, as a deployment must; a SQLite
# database keeps its own beside it, $DB.key.)
fresh_db() {
    if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
        DB=$OVERSIGHT_TEST_PG
        export OVERSIGHT_SECRET_KEY=$T/secret.key
        rm -f "$OVERSIGHT_SECRET_KEY"
        psql -q -v ON_ERROR_STOP=1 "$DB" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null 2>&1 ||
            bail_out "cannot reset $DB"
    else
        DB=$T/db.$RANDOM$RANDOM.sqlite
    fi
}

# sql [QUERY]: the query's rows from the test database, '|' between columns;
# without QUERY, the statements on standard input.
sql() {
    if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then psql -qAt "$DB" ${1+-c "$1"}; else sqlite3 "$DB" ${1+"$1"}; fi
}

# snapshot FILE: every row of the database, in a stable order.
# (data_generation only counts writes: it is not data, and moves on with any.
# The read trail records reads, written a moment after them by the server's
# trail writer: a refused form shows its page again, and that read may land
# between two snapshots; test_trail.sh checks the trail itself.)
snapshot() {
    if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
        pg_dump --data-only --inserts --no-owner --exclude-table=schema_migrations --exclude-table=data_generation \
            --exclude-table=read_trail "$DB" 2>/dev/null | grep '^INSERT' | sort >"$1"
    else
        sqlite3 "$DB" .dump | grep '^INSERT' | grep -v 'schema_migrations\|data_generation\|^INSERT INTO "\?read_trail"\? ' |
            sort >"$1"
    fi
}

# unchanged NAME: passes when the database holds what `snapshot "$T/before"` saw.
unchanged() {
    snapshot "$T/after"
    if cmp -s "$T/before" "$T/after"; then
        pass "$1"
    else
        fail "$1" "$(diff "$T/before" "$T/after" | head -n 5)"
    fi
}

ov() { "$OVERSIGHT" --db "$DB" "$@"; }

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
    shift
    for line in "$@"; do echo "#   $line"; done
}

# run CMD...: runs a command, keeping its exit status, stdout and stderr.
run() {
    "$@" >"$T/out" 2>"$T/err"
    status=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}

# check NAME EXPECTED_STATUS [STDERR_SUBSTRING]: after run.
check() {
    local name=$1 want=$2 text=${3:-}
    if [ "$status" != "$want" ]; then
        fail "$name" "exit status $status, want $want" "stderr: ${ERR:0:400}"
    elif [ -n "$text" ] && ! grep -qF -- "$text" "$T/err" && ! grep -qF -- "$text" "$T/out"; then
        fail "$name" "output lacks: $text" "stderr: ${ERR:0:400}" "stdout: ${OUT:0:200}"
    else
        pass "$name"
    fi
}

# changes_nothing NAME STATUS TEXT CMD...: CMD ends as `check NAME STATUS
# TEXT` wants, and the database is as it was ("NAME: nothing changed").
changes_nothing() {
    local name=$1 want=$2 text=$3
    shift 3
    snapshot "$T/before"
    run "$@"
    check "$name" "$want" "$text"
    unchanged "$name: nothing changed"
}

# done_testing: the plan, once every test has run; fails if any did.
done_testing() {
    echo "1..$n"
    planned=$n
    [ "$failed" = 0 ]
}
