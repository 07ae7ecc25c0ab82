#!/usr/bin/env bash
# Reminders and email: a record waiting for a worker's signature makes one
# reminder, in their inbox and as an email sent to a local SMTP server
# (python3-aiosmtpd), read back whole: To with their accented name, the
# Subject, the link and nothing of the record. notify run twice makes
# nothing twice; a person who turned email off gets none (the inbox still
# has it); a digest gathers a day's reminders into one email, sent once the
# day is over; with the server down the email stays queued, is not tried
# again before its backoff, and is delivered once the server is back; after
# the last attempt it is given up with the reason shown by mail status;
# STARTTLS is required unless allowed off for a loopback server; bad
# settings are refused. Two servers on one database, both making reminders
# and sending, make and send each once; the navigation shows the unread
# count, in words for a screen reader.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

PY=/usr/bin/python3
"$PY" -c 'import aiosmtpd' 2>/dev/null || bail_out "python3-aiosmtpd is not installed (tools/deps.sh test)"
SINK=$ROOT/tests/cli/smtp_sink.py
URL=https://oversight.example.org
NAME="Zoë Ångström-Núñez"

# sink_start [PORT]: the SMTP server writing into $T/mail; sets $smtp_port.
sink_start() {
    rm -f "$T/mail/port"
    "$PY" "$SINK" "$T/mail" ${1:-} 2>"$T/sink.err" &
    sink_pid=$!
    background_pids="$background_pids $sink_pid"
    for _ in $(seq 100); do [ -e "$T/mail/port" ] && break; sleep 0.1; done
    [ -e "$T/mail/port" ] || bail_out "the SMTP server did not start: $(cat "$T/sink.err")"
    smtp_port=$(cat "$T/mail/port")
}
sink_stop() {
    kill "$sink_pid" 2>/dev/null
    wait "$sink_pid" 2>/dev/null
}
send() { ov mail send --smtp-url "smtp://127.0.0.1:$smtp_port" --mail-from oversight@council.example \
    --public-url "$URL" --smtp-plain-loopback "$@"; }
# to ADDRESS [TEXT]: the messages sent to ADDRESS (holding TEXT in their
# raw form: a link is plain in the headers-decoded form only, so TEXT is
# matched against show's output), one file name a line.
to() {
    local f
    for f in $(grep -l -x -F "$1" "$T"/mail/*.rcpt 2>/dev/null | sed 's/\.rcpt$/.eml/'); do
        [ -z "${2:-}" ] || show "$f" 2>/dev/null | grep -qF -- "$2" && echo "$f"
    done
}
# show FILE: the message as its reader sees it: To, Subject, then the body decoded.
show() {
    "$PY" -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print("To:", m["To"]); print("Subject:", m["Subject"]); print("Date:", m["Date"]); print("Message-ID:", m["Message-ID"])
print("Type:", m.get_content_type(), m.get_content_charset()); print(); print(m.get_content())' "$1"
}

fresh_db
ov init >/dev/null
ov demo --staff 30 --cases 100 --seed 1 --accounts >"$T/demo.out" 2>&1 || bail_out "demo failed: $(cat "$T/demo.out")"
TODAY=$(date +%F)
NOW=$(date +%s)

# Three supervisees, each with records: the worker (email each), one who
# turned email off, one with a daily digest; nobody else has an address.
mapfile -t see < <(sql "SELECT supervisee_ref FROM records GROUP BY supervisee_ref HAVING count(*) >= 3 ORDER BY supervisee_ref LIMIT 4")
[ "${#see[@]}" = 4 ] || bail_out "the demo made too few records"
W=${see[0]} OFF=${see[1]} DIG=${see[2]} LATER=${see[3]}
latest() { sql "SELECT ref FROM records WHERE supervisee_ref = $1 ORDER BY ref DESC LIMIT 1 OFFSET ${2:-0}"; }
REC=$(latest "$W") REC_OFF=$(latest "$OFF") DIG1=$(latest "$DIG") DIG2=$(latest "$DIG" 1) REC_LATER=$(latest "$LATER")
SECRET=$(sql "SELECT text FROM record_items WHERE record_ref = $REC AND length(text) > 30 LIMIT 1")
# (The demo's own audits told their supervisors, by email too, at the
# demo's addresses: that mail is not this test's, so it goes.)
sql "DELETE FROM mail_items; DELETE FROM mail_queue;
     UPDATE staff SET email = NULL;
     UPDATE staff SET email = 'worker@council.example', name = '$NAME' WHERE ref = $W;
     UPDATE staff SET email = 'off@council.example' WHERE ref = $OFF;
     UPDATE staff SET email = 'digest@council.example' WHERE ref = $DIG;
     UPDATE staff SET email = 'later@council.example' WHERE ref = $LATER;
     UPDATE record_versions SET state = 'signed' WHERE state = 'sent';
     UPDATE record_versions SET state = 'sent', sent_at = $NOW, sent_date = '$TODAY'
      WHERE (record_ref, version) IN (SELECT ref, latest_version FROM records WHERE ref IN ($REC, $REC_OFF, $DIG1, $DIG2));
     INSERT INTO notify_prefs (staff_ref, delivery, supervision, signature, escalation, audit, changed_at)
      VALUES ($OFF, 'each', 1, 0, 1, 1, $NOW), ($DIG, 'digest', 1, 1, 1, 1, $NOW)" >/dev/null

run ov notify
check "notify without an action names it" 2 "which action? run"
run ov notify run --as-of 2026-02-30
check "a bad --as-of is refused" 2 "not a valid date"
run ov mail send --mail-from a@b.example --public-url "$URL"
check "mail send needs --smtp-url" 2 "--smtp-url is required"
run ov mail send --smtp-url http://127.0.0.1:25 --mail-from a@b.example --public-url "$URL"
check "an http URL is refused" 2 "smtp:// (STARTTLS) or smtps://"
run ov mail send --smtp-url smtp://mail.example.org:25 --smtp-plain-loopback --mail-from a@b.example --public-url "$URL"
check "sending without TLS is for a loopback server only" 2 "only to a loopback address"
run ov mail send --smtp-url smtp://127.0.0.1:25 --mail-from "a@b.example>, c@d.example" --public-url "$URL"
check "a From that is not one address is refused" 2 "--mail-from must be an address"
run ov mail send --smtp-url smtp://127.0.0.1:25 --mail-from a@b.example --public-url "$URL" --smtp-user u
check "a user needs the password file" 2 "go together"

run ov notify run
check "notify run makes the reminders" 0 "reminders made"
REMINDERS=$(sql "SELECT count(*) FROM reminders")
QUEUED=$(sql "SELECT count(*) FROM mail_queue")
[ "$(sql "SELECT count(*) FROM reminders WHERE kind = 'signature'")" = 4 ] && pass "a signature reminder for each record waiting" ||
    fail "a signature reminder for each record waiting" "$(sql "SELECT * FROM reminders WHERE kind = 'signature'")"
[ "$(sql "SELECT count(*) FROM inbox WHERE staff_ref = $W AND link = '/records/$REC' AND text LIKE 'A supervision record is waiting%'")" = 1 ] &&
    pass "the worker's inbox has it, with the link" || fail "the worker's inbox has it, with the link"
run ov notify run
check "notify run again" 0 "0 reminders made"
[ "$(sql "SELECT count(*) FROM reminders")" = "$REMINDERS" ] && [ "$(sql "SELECT count(*) FROM mail_queue")" = "$QUEUED" ] &&
    [ "$(sql "SELECT count(*) FROM inbox WHERE staff_ref = $W AND link = '/records/$REC' AND text LIKE 'A supervision record is waiting%'")" = 1 ] &&
    pass "run twice: no reminder, inbox message or email twice" || fail "run twice: no reminder, inbox message or email twice"
[ "$(sql "SELECT count(*) FROM mail_queue WHERE staff_ref = $OFF")" = 0 ] &&
    [ "$(sql "SELECT count(*) FROM inbox WHERE staff_ref = $OFF AND link = '/records/$REC_OFF' AND text LIKE 'A supervision record is waiting%'")" = 1 ] &&
    pass "email turned off: none queued, the inbox has it" || fail "email turned off: none queued, the inbox has it"
[ "$(sql "SELECT count(*) FROM mail_queue WHERE staff_ref = $DIG")" = 1 ] &&
    [ "$(sql "SELECT count(*) FROM mail_items i JOIN mail_queue q ON q.ref = i.mail_ref WHERE q.staff_ref = $DIG")" -ge 2 ] &&
    pass "a digest gathers the day's reminders in one email" || fail "a digest gathers the day's reminders in one email"
[ "$(sql "SELECT count(*) FROM mail_queue WHERE to_addr IN ('worker@council.example', 'digest@council.example', 'later@council.example')")" = "$QUEUED" ] &&
    pass "nobody without an address is emailed" || fail "nobody without an address is emailed"

# STARTTLS is required: this server does not offer it.
sink_start
run ov mail send --smtp-url "smtp://127.0.0.1:$smtp_port" --mail-from oversight@council.example --public-url "$URL"
check "without STARTTLS nothing is sent" 0 "0 sent, 1 to try again later"
[ -z "$(ls "$T/mail"/*.eml 2>/dev/null)" ] && pass "the server received nothing" || fail "the server received nothing"
run ov mail status
check "mail status shows the reason" 0 "STARTTLS"

run send
check "the emails due are sent (the one that failed waits for its backoff)" 0 "sent, 0 to try again later"
run send --now $((NOW + 3600))
check "after the backoff, the one that failed is sent" 0 "1 sent"
mapfile -t got < <(to worker@council.example "/records/$REC")
[ "${#got[@]}" = 1 ] && pass "the worker got one email about the record" || fail "the worker got one email about the record" "${got[*]}"
show "${got[0]}" >"$T/msg"
grep -qxF "To: $NAME <worker@council.example>" "$T/msg" && pass "To: their name, accents and all, and address" ||
    fail "To: their name, accents and all, and address" "$(head -n 2 "$T/msg")"
grep -qxF "Subject: A supervision record is waiting for your signature" "$T/msg" && pass "the Subject" ||
    fail "the Subject" "$(sed -n 2p "$T/msg")"
grep -qF "$URL/records/$REC" "$T/msg" && pass "the link to the record" || fail "the link to the record" "$(cat "$T/msg")"
grep -q "^Date: .*[0-9][0-9]:[0-9][0-9]:[0-9][0-9] +0000$" "$T/msg" && grep -q "^Message-ID: <oversight\..*@council.example>$" "$T/msg" &&
    grep -qx "Type: text/plain utf-8" "$T/msg" && pass "Date, Message-ID and a UTF-8 text body" ||
    fail "Date, Message-ID and a UTF-8 text body" "$(head -n 5 "$T/msg")"
grep -q "Hello $NAME," "$T/msg" && pass "the body greets them by name" || fail "the body greets them by name"
if [ -n "$SECRET" ] && grep -qF -- "${SECRET:0:40}" "$T/msg" "${got[0]}"; then fail "nothing of the record is in the email"; else
    pass "nothing of the record is in the email"; fi
[ -z "$(to off@council.example)" ] && pass "the person who turned email off got none" || fail "the person who turned email off got none"
[ -z "$(to digest@council.example)" ] && pass "the digest waits for the day to end" || fail "the digest waits for the day to end"
run send --now $((NOW + 2 * 86400))
check "the next day the digest goes" 0 "1 sent"
mapfile -t got < <(to digest@council.example)
[ "${#got[@]}" = 1 ] && show "${got[0]}" >"$T/dig" && grep -qF "$URL/records/$DIG1" "$T/dig" && grep -qF "$URL/records/$DIG2" "$T/dig" &&
    pass "one digest, with both records' links" || fail "one digest, with both records' links" "$(cat "$T/dig" 2>/dev/null)"
run send --now $((NOW + 3 * 86400))
check "nothing is sent twice" 0 "0 sent, 0 to try again later, 0 given up"

# The server down: queued, tried again after its backoff, delivered once it is back.
sql "UPDATE record_versions SET state = 'sent', sent_at = $NOW, sent_date = '$TODAY'
      WHERE (record_ref, version) IN (SELECT ref, latest_version FROM records WHERE ref = $REC_LATER)" >/dev/null
ov notify run >/dev/null
sink_stop
run send
check "the server down: not sent" 0 "0 sent, 1 to try again later"
[ "$(sql "SELECT status || ' ' || attempts FROM mail_queue WHERE to_addr = 'later@council.example'")" = "queued 1" ] &&
    pass "it stays queued, one attempt counted" || fail "it stays queued, one attempt counted"
run ov mail status
check "mail status shows the error" 0 "last error:"
run send
check "not tried again before its backoff" 0 "0 sent, 0 to try again later"
sink_start "$smtp_port"
run send --now $((NOW + 600))
check "the server back: delivered" 0 "1 sent"
[ "$(to later@council.example | wc -l)" = 1 ] && pass "the server received it once" || fail "the server received it once"

# Given up after the last attempt, with the reason kept.
sql "UPDATE mail_queue SET status = 'queued', attempts = 7, next_at = 0 WHERE to_addr = 'later@council.example'" >/dev/null
sink_stop
run send
check "the last attempt fails" 0 "1 given up"
run ov mail status
check "mail status says it was given up and why" 0 "given up after 8 attempts"
[ "$(sql "SELECT status FROM mail_queue WHERE to_addr = 'later@council.example'")" = failed ] &&
    pass "its status is failed" || fail "its status is failed"

# Two servers on one database, both making reminders and sending mail.
REC2=$(latest "$W" 1)
sql "UPDATE record_versions SET state = 'sent', sent_at = $NOW, sent_date = '$TODAY'
      WHERE (record_ref, version) IN (SELECT ref, latest_version FROM records WHERE ref = $REC2)" >/dev/null
sink_start "$smtp_port"
run ov serve --listen 127.0.0.1:0 --smtp-url "smtp://127.0.0.1:$smtp_port" --mail-from oversight@council.example
check "serve with email needs --public-url for the links" 2 "--public-url"
MAILOPTS=(--reminders --smtp-url "smtp://127.0.0.1:$smtp_port" --mail-from oversight@council.example --public-url "$URL" --smtp-plain-loopback)
serve one "${MAILOPTS[@]}"
one=$server_pid B=http://127.0.0.1:$port
[ -n "$port" ] || bail_out "the server did not start: $(cat "$T/one.err")"
serve two "${MAILOPTS[@]}"
two=$server_pid
[ -n "$port" ] || bail_out "the second server did not start: $(cat "$T/two.err")"
for _ in $(seq 150); do [ -n "$(to worker@council.example "/records/$REC2")" ] && break; sleep 0.1; done
kill -TERM "$one" "$two"
wait "$one" "$two" 2>/dev/null
[ "$(to worker@council.example "/records/$REC2" | wc -l)" = 1 ] && pass "the servers sent the new reminder once" ||
    fail "the servers sent the new reminder once" "$(cat "$T/one.err" "$T/two.err")"
[ "$(sql "SELECT count(*) FROM reminders WHERE subject = 'record:$REC2'")" = 1 ] &&
    [ "$(sql "SELECT count(*) FROM mail_items WHERE link = '/records/$REC2'")" = 1 ] &&
    pass "and made it once" || fail "and made it once"

# The unread count in the navigation.
serve nav
B=http://127.0.0.1:$port
[ -n "$port" ] || bail_out "the server did not start: $(cat "$T/nav.err")"
sign_in_each worker
UNREAD=$(sql "SELECT count(*) FROM inbox i JOIN users u ON u.staff_ref = i.staff_ref WHERE u.username = 'worker' AND i.read_at IS NULL")
get worker /
if [ "$UNREAD" -gt 0 ]; then
    grep -qF "Inbox<span aria-hidden=\"true\"> ($UNREAD)</span><span class=\"govuk-visually-hidden\">, $UNREAD unread message" "$T/b" &&
        pass "the navigation shows Inbox ($UNREAD), in words to a screen reader" ||
        fail "the navigation shows Inbox ($UNREAD), in words to a screen reader" "$(grep -o 'Inbox[^/]*' "$T/b" | head -n 2)"
else
    fail "the worker has unread messages"
fi
post worker /inbox/read
get worker /
grep -qF 'href="/inbox">Inbox</a>' "$T/b" && pass "once read, no count" || fail "once read, no count" "$(grep -o 'Inbox[^/]*' "$T/b" | head -n 2)"

# Each person's choice, on their account page.
get worker /account
grep -qF 'id="reminders"' "$T/b" && grep -qF 'name="delivery" type="radio" value="each" checked' "$T/b" &&
    pass "the account page has the reminders, each by email by default" || fail "the account page has the reminders, each by email by default"
post worker /account/reminders delivery=digest signature=yes
WREF=$(sql "SELECT staff_ref FROM users WHERE username = 'worker'")
[ "$code" = 303 ] && [ "$(sql "SELECT delivery, supervision, signature, escalation, audit FROM notify_prefs WHERE staff_ref = $WREF")" = "digest|0|1|0|0" ] &&
    pass "a digest, of signatures only, chosen" || fail "a digest, of signatures only, chosen" "$code $(sql "SELECT * FROM notify_prefs WHERE staff_ref = $WREF")"
get worker /account
grep -qF 'value="digest" checked' "$T/b" && grep -qF 'name="signature" type="checkbox" value="yes" checked' "$T/b" &&
    ! grep -qF 'name="supervision" type="checkbox" value="yes" checked' "$T/b" && pass "the page shows the choice" ||
    fail "the page shows the choice"
snapshot "$T/before"
post worker /account/reminders delivery=sometimes signature=yes
[ "$code" = 400 ] && grep -qF "Choose how reminders reach you" "$T/b" && pass "an unknown delivery is refused, saying why" ||
    fail "an unknown delivery is refused, saying why" "$code"
unchanged "an unknown delivery changes nothing"

done_testing
