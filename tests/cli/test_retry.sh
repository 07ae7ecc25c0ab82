#!/bin/bash
# test_retry.sh: a change sent twice is applied once. Every form that
# changes something carries a one-time write key (svc/write_key.h); a second
# sending with the same key (a second press, a browser posting again after a
# lost answer, a client's retry) is answered as the first was and saves
# nothing; a different key, or none, is a new change. Shown with a booking,
# an agenda item and an informal discussion (docs/reliability.md).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

start_server
demo_worker
sign_in_each manager worker
today=$(date +%F)
yesterday=$(date -d '-1 day' +%F)

# count TABLE WHERE: rows of TABLE matching WHERE.
count() { sql "SELECT count(*) FROM $1 WHERE $2"; }
# same NAME WANT GOT: a check that GOT is WANT.
same() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1 (got $3, want $2)"; fi; }
# key: a fresh write key, as the forms make them.
key() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

get manager /discussions/new
k1=$(grep -o 'name="write-key" value="[^"]*"' "$T/b" | head -n 1 | cut -d'"' -f4)
get manager /discussions/new
k2=$(grep -o 'name="write-key" value="[^"]*"' "$T/b" | head -n 1 | cut -d'"' -f4)
[ -n "$k1" ] && [ -n "$k2" ] && [ "$k1" != "$k2" ] && pass "each form carries a write key of its own" ||
    fail "each form carries a write key of its own ($k1, $k2)"

# A booking sent twice with one key: one booking, and the same answer.
k=$(key)
post manager /bookings supervisee="$worker_ref" date="$today" start-time=09:00 place="Retry room A" write-key="$k"
first=$location
same "a booking is made" 303 "$code"
post manager /bookings supervisee="$worker_ref" date="$today" start-time=09:00 place="Retry room A" write-key="$k"
same "sent again with its key, it is answered as before" "303 $first" "$code $location"
same "and there is one booking" 1 "$(count bookings "place = 'Retry room A'")"
grep -q "sent again with a used write key" "$T/serve.err" && pass "the repeat is logged" || fail "the repeat is logged"

# Two keys are two bookings; no key at all is a new booking each time.
post manager /bookings supervisee="$worker_ref" date="$today" start-time=10:00 place="Retry room B" write-key="$(key)"
post manager /bookings supervisee="$worker_ref" date="$today" start-time=10:00 place="Retry room B" write-key="$(key)"
same "with different keys, two bookings" 2 "$(count bookings "place = 'Retry room B'")"
post manager /bookings supervisee="$worker_ref" date="$today" start-time=11:00 place="Retry room C"
post manager /bookings supervisee="$worker_ref" date="$today" start-time=11:00 place="Retry room C"
same "without a key (older clients), each sending is applied" 2 "$(count bookings "place = 'Retry room C'")"

# A sending that saved nothing leaves its key unused: corrected, it is saved.
k=$(key)
post manager /bookings supervisee="$worker_ref" date=2026-02-30 start-time=12:00 place="Retry room D" write-key="$k"
same "a booking with a wrong date is refused" 400 "$code"
post manager /bookings supervisee="$worker_ref" date="$today" start-time=12:00 place="Retry room D" write-key="$k"
same "the same key, corrected, books it" "303 1" "$code $(count bookings "place = 'Retry room D'")"

# A key that is not one the site makes is refused, and nothing is saved.
post manager /bookings supervisee="$worker_ref" date="$today" start-time=13:00 place="Retry room E" write-key="a b"
same "a malformed key is refused" "400 0" "$code $(count bookings "place = 'Retry room E'")"

booking=$(echo "$first" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
[ -n "$booking" ] && pass "the booking has a page" || bail_out "no booking in $first"

# An agenda item sent twice with one key: one item.
k=$(key)
post worker "/bookings/$booking/agenda" kind=topic text="Retry topic one" write-key="$k"
first=$location
post worker "/bookings/$booking/agenda" kind=topic text="Retry topic one" write-key="$k"
same "an agenda item sent twice with its key is added once" "303 $first 1" \
    "$code $location $(count agenda_items "text = 'Retry topic one'")"
post worker "/bookings/$booking/agenda" kind=topic text="Retry topic two" write-key="$(key)"
post worker "/bookings/$booking/agenda" kind=topic text="Retry topic two" write-key="$(key)"
same "with different keys, two items" 2 "$(count agenda_items "text = 'Retry topic two'")"
# Keys are each account's: another's key of the same text is theirs.
post manager "/bookings/$booking/agenda" kind=topic text="Retry topic one" write-key="$k"
same "another account's sending with that key is its own" 2 "$(count agenda_items "text = 'Retry topic one'")"

# An informal discussion sent twice with one key: one note.
k=$(key)
post manager /discussions case="$case_id" date="$yesterday" decision="Retry decision one" rationale="Seen" write-key="$k"
same "an informal discussion is recorded" 303 "$code"
post manager /discussions case="$case_id" date="$yesterday" decision="Retry decision one" rationale="Seen" write-key="$k"
same "sent twice with its key, it is recorded once" "303 1" "$code $(count case_notes "decision = 'Retry decision one'")"
post manager /discussions case="$case_id" date="$yesterday" decision="Retry decision two" rationale="Seen" write-key="$(key)"
post manager /discussions case="$case_id" date="$yesterday" decision="Retry decision two" rationale="Seen" write-key="$(key)"
same "with different keys, twice" 2 "$(count case_notes "decision = 'Retry decision two'")"

# Sent twice at once (a double click): one is saved, both are answered.
k=$(key)
csrf=$(csrf_of "$T/jar.worker")
pids=""
for i in 1 2 3 4; do
    curl -s -o /dev/null -w '%{http_code}\n' -b "$T/jar.worker" --data-urlencode "csrf=$csrf" \
        --data-urlencode kind=topic --data-urlencode "text=Retry topic at once" --data-urlencode "write-key=$k" \
        "$B/bookings/$booking/agenda" >"$T/at_once.$i" &
    pids="$pids $!"
done
for p in $pids; do wait "$p"; done
# Each is answered as saved: the first by going on (303); a repeat by the
# same answer when the first had kept it already, else by the page saying it
# was saved before (200) - a repeat can arrive between the first's commit
# and its keeping its answer.
codes=$(cat "$T"/at_once.* | tr '\n' ' ' | sed 's/ $//')
if echo "$codes" | grep -Eq '^(303|200)( (303|200)){3}$' && echo "$codes" | grep -q 303; then
    pass "four sendings at once are all answered as saved ($codes)"
else
    fail "four sendings at once are all answered as saved" "got $codes, want each 303 or 200 (already saved), at least one 303"
fi
same "and the item is added once" 1 "$(count agenda_items "text = 'Retry topic at once'")"

done_testing
