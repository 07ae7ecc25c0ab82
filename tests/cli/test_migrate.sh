#!/usr/bin/env bash
# oversight migrate: a SQLite organisation copied into the database under test
# (PostgreSQL, or another SQLite file) gives the same `due` row for row, on
# the worked councils and on a demo council; a target that is not empty is
# refused and left as it was; the copy can be imported into afterwards.
. "$(dirname "$0")/lib.sh"

# same_due NAME SRC DST ARGS...: both databases print the same due list.
same_due() {
    local name=$1 src=$2 dst=$3
    shift 3
    "$OVERSIGHT" --db "$src" due --format csv "$@" >"$T/src.csv" 2>&1
    "$OVERSIGHT" --db "$dst" due --format csv "$@" >"$T/dst.csv" 2>&1
    if [ "$(wc -l <"$T/src.csv")" -lt 2 ]; then
        fail "$name: the source's due list is empty" "$(head -n 3 "$T/src.csv")"
    elif cmp -s "$T/src.csv" "$T/dst.csv"; then
        pass "$name: same due list, row for row ($(($(wc -l <"$T/src.csv") - 1)) rows)"
    else
        fail "$name: due lists differ" "$(diff "$T/src.csv" "$T/dst.csv" | head -n 10)"
    fi
}

for dir in "$EXAMPLES"/due/council-*; do
    name=$(basename "$dir")
    src=$T/$name.sqlite
    "$OVERSIGHT" --db "$src" init >/dev/null
    for kind in staff cases sessions discussions; do
        "$OVERSIGHT" --db "$src" import "$kind" "$dir/$kind.csv" >/dev/null
    done
    fresh_db
    run "$OVERSIGHT" migrate --from "$src" --to "$DB"
    check "$name: migrate" 0 "copied"
    same_due "$name" "$src" "$DB" --as-of "$(cat "$dir/asof")"
done

# A demo council: teams, group and informal sessions, cancellations, leavers.
src=$T/demo.sqlite
"$OVERSIGHT" --db "$src" init >/dev/null
"$OVERSIGHT" --db "$src" demo --staff 80 --cases 900 --years 3 --seed 11 >/dev/null
"$OVERSIGHT" --db "$src" user add auditor1 --role auditor >/dev/null
fresh_db
run "$OVERSIGHT" migrate --from "$src" --to "$DB"
check "demo: migrate" 0 "80 staff, 900 cases"
check "demo: accounts and their roles travel too" 0 "1 users, 1 user roles"
for asof in 2025-02-28 2026-11-01; do
    same_due "demo as of $asof" "$src" "$DB" --as-of "$asof"
done
team=$("$OVERSIGHT" --db "$src" due --format csv --as-of 2026-11-01 --status overdue | awk -F, 'NR == 2 {print $2}')
worker_team=$(sqlite3 "$src" "SELECT t.name FROM staff s JOIN teams t ON t.ref = s.team_ref WHERE s.id = '$team'")
same_due "demo, one team" "$src" "$DB" --as-of 2026-11-01 --team "$worker_team"
same_due "demo, one supervisor" "$src" "$DB" --as-of 2026-11-01 \
    --supervisor "$(sqlite3 "$src" "SELECT sup.id FROM staff s JOIN staff sup ON sup.ref = s.supervisor_ref LIMIT 1")"

# The policy travels with the organisation.
policy=$T/strict.policy
"$OVERSIGHT" policy show >"$policy"
sed -i 's/^policy .*/policy "Strict test policy"/' "$policy"
src2=$T/policy.sqlite
"$OVERSIGHT" --db "$src2" init --policy "$policy" >/dev/null
snapshot "$T/before"
run "$OVERSIGHT" migrate --from "$src2" --to "$DB"
check "a target that is not empty is refused" 1 "the target is not empty"
unchanged "the refused target is unchanged"

fresh_db
run "$OVERSIGHT" migrate --from "$src2" --to "$DB"
check "migrate the policy" 0 "1 settings"
run "$OVERSIGHT" --db "$DB" init
check "the target uses the source's policy" 0 'policy "Strict test policy"'

# New rows are numbered after the copied ones.
fresh_db
"$OVERSIGHT" migrate --from "$src" --to "$DB" >/dev/null
printf 'id,name,role,team,start_date\nNEW1,New Worker,social-worker,A brand new team,2026-01-05\n' >"$T/new.csv"
run "$OVERSIGHT" --db "$DB" import staff "$T/new.csv"
check "import into the copy" 0 "imported 1"
run "$OVERSIGHT" --db "$DB" due --format csv --as-of 2026-11-01 --worker NEW1
check "the new worker is listed" 0 "staff,NEW1"

# Bad calls.
run "$OVERSIGHT" migrate --from "$src"
check "--to is required" 2 "both --from and --to"
run "$OVERSIGHT" migrate --from "$T/missing.sqlite" --to "$T/other.sqlite"
check "a missing source" 3 "the source"
if [ ! -e "$T/other.sqlite" ]; then pass "no target is created for a missing source"; else fail "a target was created"; fi
run "$OVERSIGHT" migrate --from "$src" --to "$src"
check "the same database twice" 2 "the same database"
done_testing
