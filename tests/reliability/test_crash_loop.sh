#!/usr/bin/env bash
# test_crash_loop.sh: the server killed with SIGKILL at random moments while
# it is written to, restarted each time; nothing it acknowledged is lost.
#
# Pairs of demo accounts (a supervisor and their supervisee) write every kind
# of write the web application takes (tests/reliability/writers.py: bookings,
# agenda items from both sides, records started, saved, sent and signed,
# actions, informal discussions, incidents on cases), while `oversight import
# staff` runs from the command line over and over, about half the imports
# killed part-way. Each writer logs every write the server acknowledged (a
# 303, or "Already saved" for a repeat) with the unique text it wrote; an
# unanswered write is sent again with the same write key. After each restart
# and at the end, tests/reliability/writers.py check: every acknowledged
# write is there, none twice, every import wholly there or wholly absent, the
# data generation never goes back; SQLite's integrity_check and
# foreign_key_check are clean; on PostgreSQL every foreign key's rows are
# checked by a query.
#
# Short (make test): 5 kills, 3 pairs. OVERSIGHT_LONG=1: 100 kills
# (OVERSIGHT_CYCLES to choose), 12 pairs. See docs/reliability.md, "Crashes".
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/web_lib.sh"

if [ -n "${OVERSIGHT_LONG:-}" ]; then
    cycles=${OVERSIGHT_CYCLES:-100} pairs=12 import_rows=500 import_pause=3 kill_within=4
else
    cycles=${OVERSIGHT_CYCLES:-5} pairs=3 import_rows=300 import_pause=0.5 kill_within=2
fi
backend=sqlite
[ -n "${OVERSIGHT_TEST_PG:-}" ] && backend=postgresql
writers=$ROOT/tests/reliability/writers.py
export OVERSIGHT_PASSWORD=$PASSWORD

start_server
demo_worker
sign_in_each worker

# The pairs: the demo's manager and worker, and more supervisees each with
# their supervisor, given accounts here (crash-STAFFID; a supervisor with two
# supervisees writes as two sessions); each supervisee's first open case is
# made a family placement (incidents are recorded on those).
sql "SELECT sup.id, s.id, s.ref, (SELECT min(c.id) FROM cases c WHERE c.worker_ref = s.ref AND c.closed_date IS NULL)
     FROM staff s JOIN staff sup ON sup.ref = s.supervisor_ref
     WHERE s.left_date IS NULL AND sup.left_date IS NULL
       AND NOT EXISTS (SELECT 1 FROM users u WHERE u.staff_ref = s.ref OR u.staff_ref = sup.ref)
       AND EXISTS (SELECT 1 FROM cases c WHERE c.worker_ref = s.ref AND c.closed_date IS NULL)
     ORDER BY s.ref" | head -n $((pairs - 1)) | tr '|' ' ' >"$T/pairs.more"
echo "manager worker $worker $worker_ref $case_id" >"$T/pairs"
while read -r sup wid wref case; do
    for id in "$sup" "$wid"; do
        grep -qx "$id" "$T/accounts" 2>/dev/null && continue
        echo "$PASSWORD" | ov user add "crash-$id" --staff "$id" --password-stdin >/dev/null ||
            bail_out "could not add an account for $id"
        echo "$id" >>"$T/accounts"
    done
    echo "crash-$sup crash-$wid $wid $wref $case" >>"$T/pairs"
done <"$T/pairs.more"
sql "UPDATE cases SET category = 'family-placement' WHERE id IN ($(awk '{ printf "%s'\''%s'\''", (NR > 1 ? "," : ""), $5 }' "$T/pairs"))" >/dev/null
got=$(wc -l <"$T/pairs")
[ "$got" = "$pairs" ] && pass "$pairs pairs of accounts write at once" || bail_out "only $got pairs of accounts (want $pairs)"

# restart: the server again on the same port; waits until it listens.
restart() {
    local i=$1
    "$OVERSIGHT" --db "$DB" serve --listen "127.0.0.1:$port" >"$T/serve.$i.out" 2>"$T/serve.$i.err" &
    server_pid=$!
    background_pids="$background_pids $server_pid"
    for _ in $(seq 200); do
        grep -qs "on port" "$T/serve.$i.out" && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.05
    done
    return 1
}

python3 "$writers" write --base "$B" --pairs "$T/pairs" --acks "$T/acks" --stop "$T/stop" \
    --oversight "$OVERSIGHT" --db "$DB" --import-rows "$import_rows" --import-pause "$import_pause" >"$T/writers.out" 2>"$T/writers.err" &
writers_pid=$!
background_pids="$background_pids $writers_pid"

restarted=0 checked_ok=0 problems=""
start=$SECONDS
for i in $(seq "$cycles"); do
    # A random moment: 0.3 s to kill_within s after the server listens.
    sleep "$(awk -v s="$RANDOM" -v k="$kill_within" 'BEGIN { srand(s); printf "%.2f", 0.3 + rand() * (k - 0.3) }')"
    kill -KILL "$server_pid"
    wait "$server_pid" 2>/dev/null
    if restart "$i"; then
        restarted=$((restarted + 1))
    else
        problems+="cycle $i: the server did not start again: $(tail -n 3 "$T/serve.$i.err")"$'\n'
        break
    fi
    if python3 "$writers" check --db "$DB" --acks "$T/acks" --state "$T/state" >"$T/check.$i" 2>&1; then
        checked_ok=$((checked_ok + 1))
    else
        problems+="after kill $i: $(grep -v '^# checked' "$T/check.$i" | head -n 5)"$'\n'
    fi
done
took=$((SECONDS - start))

# Let the writers run on a moment after the last restart, then stop them and
# check the end state.
sleep 1
touch "$T/stop"
for _ in $(seq 300); do kill -0 "$writers_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$writers_pid" 2>/dev/null && { kill "$writers_pid"; problems+="the writers did not stop"$'\n'; }
wait "$writers_pid" 2>/dev/null

[ "$restarted" = "$cycles" ] && pass "the server restarted after each of $cycles kills" ||
    fail "the server restarted after each of $cycles kills (only $restarted)" "$problems"
[ "$checked_ok" = "$cycles" ] &&
    pass "after each restart every acknowledged write is there, once; imports whole; the database's checks clean" ||
    fail "after each restart every acknowledged write is there ($checked_ok of $cycles checks clean)" "$problems"
if python3 "$writers" check --db "$DB" --acks "$T/acks" --state "$T/state" >"$T/check.end" 2>&1; then
    pass "at the end too"
else
    fail "at the end too" "$(cat "$T/check.end")"
fi
# The check is not blind: an acknowledgement of a write that was never made
# is reported missing.
{ cat "$T/acks"; echo '{"kind": "booking", "text": "crash-never-written room"}'; } >"$T/acks.planted"
if python3 "$writers" check --db "$DB" --acks "$T/acks.planted" --state "$T/state.planted" >"$T/check.planted" 2>&1; then
    fail "the check reports an acknowledged write that is not there"
else
    grep -q "booking: 1 of .* missing" "$T/check.planted" && pass "the check reports an acknowledged write that is not there" ||
        fail "the check reports an acknowledged write that is not there" "$(cat "$T/check.planted")"
fi
counts=$(python3 "$writers" count --acks "$T/acks")
missing_kinds=""
for k in booking agenda record save action send sign discussion concern "import ok" "import killed"; do
    echo "$counts" | grep -q "[(,] *$k [0-9]" || missing_kinds+=" $k;"
done
[ -z "$missing_kinds" ] && pass "writes of every kind were acknowledged, and imports both finished and killed" ||
    fail "writes of every kind were acknowledged, and imports both finished and killed" "none of:$missing_kinds" "$counts"
answers=$(sed -n 's/^# answers: //p' "$T/writers.out")
if echo "$answers" | tr ',' '\n' | grep -Eq '^ *(500|502|504) '; then
    fail "no write was answered with a server error" "$answers" "$(grep -h ERROR "$T"/serve*.err | head -n 5)"
else
    pass "no write was answered with a server error"
fi
[ -s "$T/writers.err" ] && fail "the writers reported nothing unexpected" "$(head -n 5 "$T/writers.err")" ||
    pass "the writers reported nothing unexpected"

echo "# summary: $backend: $restarted kills with SIGKILL in ${took}s, $pairs pairs writing"
echo "# summary: $counts"
echo "# summary: lost $(grep -c PROBLEM "$T"/check.[0-9]* "$T/check.end" | awk -F: '{ s += $2 } END { print s + 0 }'), integrity $([ "$checked_ok" = "$cycles" ] && echo ok || echo FAILED) after every restart"
echo "# answers: $answers"
done_testing
