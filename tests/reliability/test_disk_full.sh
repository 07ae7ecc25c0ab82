#!/usr/bin/env bash
# test_disk_full.sh: the database's disk fills up while the application is
# used. Writes are refused with a clear page ("Nothing you sent has been
# saved"), nothing acknowledged is lost, reading goes on (pages and the API,
# for people signed in, also when their session's once-a-minute "last seen"
# falls due on the full disk), and once there is room again writes work,
# without a restart.
#
# The database is on a small tmpfs mounted here (we run as root): SQLite's
# file and its WAL; for PostgreSQL a throwaway server (tests/pg.sh) whose
# whole data directory, pg_wal too, is on it (not the OVERSIGHT_TEST_PG
# server, which only says PostgreSQL is wanted). The disk is filled with a
# file of filler, then written to through the application until a write is
# refused. When a tmpfs cannot be mounted the test says so as a skip.
#
# Short (make test): one fill. OVERSIGHT_LONG=1: three fills, the reads
# going on for more than a minute on the full disk. See docs/reliability.md,
# "A full disk".
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/web_lib.sh"

backend=sqlite size=32m
[ -n "${OVERSIGHT_TEST_PG:-}" ] && backend=postgresql size=320m
rounds=1 wait_full=0
[ -n "${OVERSIGHT_LONG:-}" ] && rounds=3 wait_full=65
writers=$ROOT/tests/reliability/writers.py
disk=$T/disk
pgdata=""

# cleanup: the server and PostgreSQL stopped, the tmpfs unmounted, then
# lib.sh's own end.
cleanup() {
    local rc=$?
    [ -n "$background_pids" ] && kill $background_pids 2>/dev/null && sleep 0.2
    background_pids=""
    [ -n "$pgdata" ] && "$ROOT/tests/pg.sh" stop "$pgdata" >/dev/null 2>&1
    mountpoint -q "$disk" && { umount "$disk" 2>/dev/null || umount -l "$disk"; }
    (exit $rc)
    on_exit
}
trap cleanup EXIT

mkdir -p "$disk"
if ! mount -t tmpfs -o "size=$size,mode=0755" tmpfs "$disk" 2>"$T/mount.err"; then
    why=$(tr '\n' ' ' <"$T/mount.err")
    n=1
    echo "ok 1 # SKIP a tmpfs cannot be mounted here (${why:-mount failed}): a full disk is not tested"
    echo "# summary: $backend: SKIPPED, no tmpfs (${why:-mount failed})"
    done_testing
    exit
fi

if [ "$backend" = postgresql ]; then
    chmod o+x "$T" # the server runs as postgres
    pgdata=$disk/data
    OVERSIGHT_TEST_PG=$("$ROOT/tests/pg.sh" start "$pgdata") || bail_out "no PostgreSQL server on the tmpfs"
    export OVERSIGHT_TEST_PG
    fresh_db
else
    DB=$disk/db.sqlite
fi
ov init >/dev/null
ov demo --staff 60 --cases 900 --accounts >"$T/demo.out" 2>&1 || bail_out "demo failed: $(cat "$T/demo.out")"
serve serve
[ -n "$port" ] || bail_out "the server did not start: $(cat "$T/serve.err")"
B=http://127.0.0.1:$port
first_pid=$server_pid
sign_in_each worker manager senior
# More sessions of the readers (r1..r6), each a "last seen" to write.
for i in 1 2 3 4 5 6; do
    sign_in "$([ $((i % 2)) = 1 ] && echo worker || echo senior)" "$T/jar.r$i"
    [ "$code" = 303 ] || bail_out "reader $i could not sign in ($code)"
done
demo_worker
today=$(date +%F)

key() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
# ack KIND TEXT: a write the server acknowledged, for writers.py check.
ack() { printf '{"kind": "%s", "text": "%s"}\n' "$1" "$2" >>"$T/acks"; }
touch "$T/acks"
acked=0
sign_ins="" refused=0 tries_total=0 reads=0 bad_reads="" refusals_unclear="" wrote_after=0

post manager /bookings supervisee="$worker_ref" date="$today" start-time=09:00 place="crash-diskfull room" write-key="$(key)"
booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
[ "$code" = 303 ] && [ -n "$booking" ] && ack booking "crash-diskfull room" && acked=1 || bail_out "no booking ($code)"

# agenda USER TEXT: adds an agenda item; acknowledged when answered 303.
agenda() {
    post "$1" "/bookings/$booking/agenda" kind=topic text="$2" write-key="$(key)"
    if [ "$code" = 303 ]; then
        ack agenda "$2"
        acked=$((acked + 1))
        return 0
    fi
    return 1
}

# reads USER WHEN: pages and the API as USER; each must answer 200.
reads() {
    local p
    for p in / /records "/bookings/$booking" /supervision /api/v1/me /api/v1/me/due; do
        get "$1" "$p"
        reads=$((reads + 1))
        [ "$code" = 200 ] || bad_reads+="$1 $p: $code ($2); "
    done
}

for round in $(seq "$rounds"); do
    for i in 1 2 3; do agenda worker "crash-diskfull $round before $i" || bail_out "a write before the disk is full failed ($code)"; done
    # The readers' "last seen" falls due: their next request, on the full
    # disk, is the one that writes it.
    sql "UPDATE web_sessions SET last_seen_at = last_seen_at - 120 WHERE user_ref IN
         (SELECT ref FROM users WHERE username IN ('worker', 'senior'))" >/dev/null

    # On SQLite a reader holds a snapshot (as a backup or a long report
    # would), so the WAL cannot start again from its beginning: every write
    # needs new room, and once the disk is full the sessions' "last seen"
    # cannot be written either (else it may fit in WAL space already there).
    if [ "$backend" = sqlite ]; then
        rm -f "$T/release"
        python3 -c 'import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN"); c.execute("SELECT count(*) FROM staff").fetchall()
print("holding", flush=True)
while not os.path.exists(sys.argv[2]): time.sleep(0.05)
c.execute("COMMIT")' "$DB" "$T/release" >"$T/reader.out" 2>&1 &
        reader_pid=$!
        background_pids="$background_pids $reader_pid"
        for _ in $(seq 100); do grep -qs holding "$T/reader.out" && break; sleep 0.05; done
    fi

    # Full: filler leaving a little room (up to 1 MiB), which writes then
    # take until one is refused part-way.
    left=$(( (RANDOM % 256) * 4 ))
    free=$(df --output=avail -k "$disk" | tail -n 1)
    dd if=/dev/zero of="$disk/filler" bs=1k count=$((free > left ? free - left : 0)) >/dev/null 2>&1
    tries=0
    # (Random text: PostgreSQL compresses what it can.)
    while agenda manager "crash-diskfull $round while filling $tries $(head -c 4500 /dev/urandom | base64 -w 0)"; do
        tries=$((tries + 1))
        [ "$tries" -lt 500 ] || break
    done
    tries_total=$((tries_total + tries))
    if [ "$code" = 303 ]; then
        fail "round $round: a write on the full disk is refused" "500 writes were all saved"
        continue
    fi
    refused=$((refused + 1))
    grep -q "Nothing you sent has been saved" "$T/b" || refusals_unclear+="agenda: $code $(head -c 200 "$T/b"); "
    # Other kinds of write are refused alike.
    post manager /bookings supervisee="$worker_ref" date="$today" start-time=10:00 place="crash-diskfull refused $round" write-key="$(key)"
    # (On PostgreSQL a write that fits in pages it has is saved.)
    [ "$code" = 303 ] && ack booking "crash-diskfull refused $round" && acked=$((acked + 1)) || refused=$((refused + 1))
    [ "$code" = 303 ] || grep -q "Nothing you sent has been saved" "$T/b" || refusals_unclear+="booking: $code; "
    post manager /discussions case="$case_id" date="$today" decision="crash-diskfull refused $round" rationale=Seen write-key="$(key)"
    [ "$code" = 303 ] && ack discussion "crash-diskfull refused $round" && acked=$((acked + 1)) || refused=$((refused + 1))
    [ "$code" = 303 ] || grep -q "Nothing you sent has been saved" "$T/b" || refusals_unclear+="discussion: $code; "

    # Signing in is a write: done where it fits, else refused clearly.
    sign_in auditor "$T/jar.auditor"
    [ "$code" = 303 ] || grep -q "Nothing you sent has been saved" "$T/b" || refusals_unclear+="sign-in: $code; "
    [ "$code" = 303 ] && sign_ins="$sign_ins saved" || sign_ins="$sign_ins refused"

    # Reading goes on: the readers' first requests write "last seen" (and
    # cannot); a minute on (long version), everyone's does.
    reads worker "round $round, full"
    reads senior "round $round, full"
    for i in 1 2 3 4 5 6; do reads "r$i" "round $round, full"; done
    if [ "$wait_full" -gt 0 ]; then
        sleep "$wait_full"
        reads manager "round $round, full for $wait_full s"
        reads worker "round $round, full for $wait_full s"
    fi
    [ -d /proc/$first_pid ] || bail_out "the server stopped on the full disk: $(tail -n 5 "$T/serve.err")"

    # Room again: writes work, without a restart.
    touch "$T/release"
    rm -f "$disk/filler"
    agenda manager "crash-diskfull $round after" && wrote_after=$((wrote_after + 1))
    agenda worker "crash-diskfull $round after, worker" && wrote_after=$((wrote_after + 1))
done

if [ "$backend" = sqlite ]; then
    [ "$refused" = $((3 * rounds)) ] && pass "on the full disk, each kind of write tried is refused ($refused refusals)" ||
        fail "on the full disk, each kind of write tried is refused ($refused refusals, want $((3 * rounds)))"
else
    [ "$refused" -ge "$rounds" ] && pass "on the full disk, writes needing room are refused ($refused refusals)" ||
        fail "on the full disk, writes needing room are refused ($refused refusals, want at least $rounds)"
fi
[ -z "$refusals_unclear" ] && pass "each write (and sign-in) is saved, or refused with a page saying nothing sent was saved" ||
    fail "each write (and sign-in) is saved, or refused with a page saying nothing sent was saved" "$refusals_unclear"
[ -z "$bad_reads" ] && pass "reading goes on: $reads pages and API answers, all 200" ||
    fail "reading goes on: pages and API answers on the full disk" "$bad_reads" "$(grep -i error "$T/serve.err" | tail -n 3)"
# The readers' "last seen" fell due on the full disk. On SQLite (with the
# reader holding its snapshot) it cannot be written: that is logged, and the
# reads were answered (above). On PostgreSQL the update fits in the page its
# row is in, and is written.
seen_now=$(sql "SELECT count(*) FROM web_sessions s JOIN users u ON u.ref = s.user_ref
    WHERE u.username IN ('worker', 'senior') AND s.ended_at IS NULL AND s.last_seen_at >= $(date +%s) - 100")
if grep -q "could not write session bookkeeping" "$T/serve.err"; then
    seen="could not be written (logged)"
    pass "a session's \"last seen\" fell due on the full disk: $seen"
elif [ "$backend" = postgresql ] && [ "$seen_now" -ge 2 ]; then
    seen="was written (it fitted)"
    pass "a session's \"last seen\" fell due on the full disk: $seen"
else
    seen="not logged as unwritable ($seen_now sessions seen lately)"
    fail "a session's \"last seen\" fell due on the full disk: $seen"
fi
[ "$wrote_after" = $((2 * rounds)) ] && [ "$server_pid" = "$first_pid" ] && kill -0 "$server_pid" &&
    pass "with room again, writes work without a restart" ||
    fail "with room again, writes work without a restart ($wrote_after of $((2 * rounds)); $code)" "$(tail -n 3 "$T/serve.err")"
if python3 "$writers" check --db "$DB" --acks "$T/acks" --state "$T/state" >"$T/check" 2>&1; then
    pass "every acknowledged write ($acked) is there, once; the database's checks clean"
else
    fail "every acknowledged write is there, once; the database's checks clean" "$(cat "$T/check")"
fi

echo "# summary: $backend on a $size tmpfs: $rounds fills, $tries_total writes on the filling disk, $acked writes acknowledged (lost $(grep -c PROBLEM "$T/check")), $refused refused clearly, $reads reads answered while full$([ "$wait_full" -gt 0 ] && echo " (for ${wait_full}s)"), last seen on the full disk $seen, sign-in on it:$sign_ins, writes again after freeing: $wrote_after of $((2 * rounds))"
done_testing
