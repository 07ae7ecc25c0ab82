#!/usr/bin/env bash
# Several app servers on one database behind nginx as a load balancer
# (docs/deploy.md): two `oversight serve` in an upstream, round robin, and
# a throwaway nginx with one worker on a free loopback port
# (tests/nginx.sh). Every request through it is served by the other
# server than the one before (nginx names it in X-Upstream), and nothing a server keeps in memory may contradict the
# other: the session, a form fetched from one and posted to the other, a
# write seen on the next request, the policy in force. Then /healthz, the
# client's address behind the proxy, and one server stopped and started
# again while requests go on. On SQLite the two share one file (WAL).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"

command -v nginx >/dev/null || bail_out "nginx is not installed (tools/deps.sh build test installs it)"

fresh_db
ov init >/dev/null
ov demo --staff 60 --cases 900 --accounts >"$T/demo.out" 2>&1 || bail_out "demo failed: $(cat "$T/demo.out")"
demo_worker

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# app NAME PORT: one app server, trusting nginx (on this address) to name
# the client, with a small limit of connections per address, which nginx's
# connections must not be held to, and a short drain when stopped.
app() {
    serve "$1" --listen "127.0.0.1:$2" --trusted-proxy 127.0.0.1 --max-per-address 2 --drain 2
    [ -n "$port" ] || bail_out "server $1 did not start: $(cat "$T/$1.err")"
}
port_a=$(free_port)
port_b=$(free_port)
app a "$port_a"
pid_a=$server_pid
app b "$port_b"
pid_b=$server_pid

nport=$(free_port)
mkdir -p "$T/nginx"
"$ROOT/tests/nginx.sh" balance "$T/nginx" "$nport" 1 "$port_a" "$port_b" >"$T/nginx.conf" || bail_out "tests/nginx.sh failed"
nginx -c "$T/nginx.conf" -p "$T/nginx" -e "$T/nginx/error.log" >"$T/nginx.out" 2>&1 &
background_pids="$background_pids $!"
B=http://127.0.0.1:$nport
for _ in $(seq 50); do curl -s -o /dev/null "$B/healthz" && break; sleep 0.1; done
curl -s -o /dev/null "$B/healthz" || bail_out "nginx did not start: $(cat "$T/nginx.out" "$T/nginx/error.log")"

# through USER PATH [CURL ARGS...]: a request through the balancer with
# USER's session (USER "-": none), as req leaves it, and $upstream the
# server that answered.
through() {
    local u=$1 p=$2
    shift 2
    if [ "$u" = - ]; then req "$@" "$B$p"; else req -b "$T/jar.$u" "$@" "$B$p"; fi
    upstream=$(sed -n 's/^X-Upstream: *\([^\r]*\).*/\1/Ip' "$T/h")
}
expect() { # expect DESCRIPTION CODE [TEXT]: the last response
    if [ "$code" = "$2" ] && { [ -z "${3:-}" ] || grep -qF -- "$3" "$T/b"; }; then pass "$1"; else
        fail "$1 (got $code from $upstream$([ -n "${3:-}" ] && ! grep -qF -- "$3" "$T/b" && echo ", no \"$3\""))"
    fi
}

# /healthz: tiny, session-free, never cached, through either server.
through - /healthz
expect "/healthz answers ok through the balancer" 200 "ok"
first=$upstream
has_header "Cache-Control: no-store" && ! has_header "Set-Cookie" && has_header "Content-Type: text/plain" &&
    pass "/healthz is plain text, not stored, and sets no cookie" || fail "/healthz headers" "$(cat "$T/h")"
through - /healthz
[ "$code" = 200 ] && [ -n "$first" ] && [ -n "$upstream" ] && [ "$upstream" != "$first" ] &&
    pass "the next request is served by the other server ($first, then $upstream)" ||
    fail "round robin" "$first then $upstream ($code)"

# The session: signed in through the balancer (the form from one server,
# posted to the other), it works on both.
sign_in manager "$T/jar.manager"
[ "$code" = 303 ] && pass "signing in through the balancer" || fail "signing in through the balancer ($code)"
seen=""
ok=yes
for i in 1 2 3 4; do
    through manager /
    [ "$code" = 200 ] && grep -q "Sign out" "$T/b" || ok="no: $code from $upstream"
    seen="$seen $upstream"
done
[ "$ok" = yes ] && [ "$(tr ' ' '\n' <<<"$seen" | sort -u | grep -c .)" = 2 ] &&
    pass "the session works on both servers ($seen)" || fail "the session on both servers" "$ok;$seen"

# A form fetched from one server is posted to the other: its form token
# and one-time write key hold there; the change is on the very next
# request, served by the first; sending it again applies it once.
post manager /bookings supervisee="$worker_ref" date="$(date +%F)" start-time=09:00 place="Room 2"
booking=$(echo "$location" | grep -o '/bookings/[0-9]*' | grep -o '[0-9]*$')
[ -n "$booking" ] || bail_out "could not book a session through the balancer ($code)"
through manager "/bookings/$booking"
form_from=$upstream
grep -o "<form[^>]*action=\"/bookings/$booking/agenda\".*" "$T/b" | sed 's#</form>.*##' >"$T/agenda_form"
csrf=$(form_token "$T/agenda_form")
wkey=$(grep -o 'name="write-key" value="[^"]*"' "$T/agenda_form" | head -n 1 | cut -d'"' -f4)
[ "$code" = 200 ] && [ -n "$csrf" ] && [ -n "$wkey" ] && pass "the booking page has the agenda form" ||
    fail "the agenda form" "$code, csrf '$csrf', key '$wkey'"
item="Item across servers $RANDOM"
post_item() {
    through manager "/bookings/$booking/agenda" --data-urlencode "csrf=$csrf" --data-urlencode "write-key=$wkey" \
        --data-urlencode kind=topic --data-urlencode "text=$item"
}
post_item
[ "$code" = 303 ] && [ "$upstream" != "$form_from" ] &&
    pass "the form from one server is taken by the other ($form_from, then $upstream)" ||
    fail "the form posted to the other server" "$code from $upstream (form from $form_from): $(head -c 300 "$T/b")"
wrote_on=$upstream
through manager "/bookings/$booking"
[ "$code" = 200 ] && [ "$upstream" != "$wrote_on" ] && grep -qF "$item" "$T/b" &&
    pass "the write is on the next request, served by the other server" ||
    fail "the write seen by the other server" "$code from $upstream (written on $wrote_on)"
post_item
post_item
[ "$(sql "SELECT count(*) FROM agenda_items WHERE text = '$item'")" = 1 ] &&
    pass "sent again to either server, it is saved once" ||
    fail "the write key across servers" "$(sql "SELECT count(*) FROM agenda_items WHERE text = '$item'") items"

# The policy in force is the database's: applied from the command line, both
# servers answer by it on their next request (the role's label here).
ov policy show >"$T/policy"
sed 's/^role social-worker "Social worker"/role social-worker "Social worker (children)"/' "$T/policy" >"$T/policy.new"
cmp -s "$T/policy" "$T/policy.new" && bail_out "the policy has no social-worker role to relabel"
ov policy apply "$T/policy.new" >"$T/apply.out" 2>&1 || bail_out "policy apply failed: $(cat "$T/apply.out")"
seen=""
ok=yes
for i in 1 2; do
    through manager "/people/$worker"
    [ "$code" = 200 ] && grep -qF "Social worker (children)" "$T/b" || ok="no: $code from $upstream"
    seen="$seen $upstream"
done
[ "$ok" = yes ] && pass "both servers take up a policy applied elsewhere ($seen)" || fail "the policy on both servers" "$ok;$seen"

# The client's address: from the trusted proxy's X-Forwarded-For (its last
# address, the one nginx adds), never from what a client claims; and the
# proxy's connections are not held to --max-per-address 2.
wrong() { sql "SELECT count(*) FROM sign_in_failures WHERE username = 'pair auditor $1'"; }
# wrong_password URL [CURL ARGS...]: a wrong password for auditor, the form fetched first.
wrong_password() {
    local url=$1
    shift
    rm -f "$T/jar.x"
    req -c "$T/jar.x" "$@" "$url"
    req -b "$T/jar.x" "$@" --data-urlencode "username=auditor" --data-urlencode "password=not it" \
        --data-urlencode "pre=$(grep -o 'name="pre" value="[^"]*"' "$T/b" | cut -d'"' -f4)" "$url"
}
wrong_password "http://127.0.0.1:$port_a/sign-in" -H "X-Forwarded-For: 198.51.100.7"
[ "$(wrong 198.51.100.7)" = 1 ] && pass "the trusted proxy's X-Forwarded-For names the client" ||
    fail "X-Forwarded-For from the trusted proxy" "$(sql "SELECT username FROM sign_in_failures")"
wrong_password "http://127.0.0.1:$port_a/sign-in" -H "X-Forwarded-For: 198.51.100.8, 2001:DB8:0::7"
wrong_password "http://127.0.0.1:$port_a/sign-in" -H "X-Forwarded-For: 198.51.100.8, unknown"
[ "$(wrong 2001:db8::7)" = 1 ] && [ "$(wrong 198.51.100.8)" = 0 ] &&
    pass "only its last address counts, an IPv6 one written as usual" ||
    fail "the last address of X-Forwarded-For" "$(sql "SELECT username FROM sign_in_failures")"
wrong_password "$B/sign-in" -H "X-Forwarded-For: 198.51.100.9"
[ "$code" = 401 ] && [ "$(wrong 198.51.100.9)" = 0 ] && [ "$(wrong 127.0.0.1)" = 2 ] &&
    pass "an address the client claims is not believed (nor one that is not an address)" ||
    fail "a forged X-Forwarded-For" "$(sql "SELECT username FROM sign_in_failures")"
many=()
for i in $(seq 8); do
    curl -s -o /dev/null -w '%{http_code}\n' -b "$T/jar.manager" "$B/" >"$T/many.$i" 2>&1 &
    many+=($!)
done
wait "${many[@]}"
cat "$T"/many.* >"$T/many"
[ "$(grep -c '^200$' "$T/many")" = 8 ] && pass "8 requests at once through the proxy, over the per-address limit of 2" ||
    fail "requests at once through the proxy" "$(sort "$T/many" | uniq -c | tr '\n' ' ')"

# Stopping one server while requests go on: /healthz turns 503 at once, the
# server serves on through its drain, then stops; no request fails. Then
# it starts again and takes its turn.
through - /healthz
through - /healthz # both servers have been asked: a balancer is watching
(
    for i in $(seq 30); do
        curl -s -o /dev/null -w '%{http_code}\n' -b "$T/jar.manager" "$B/"
        sleep 0.1
    done
) >"$T/during" 2>&1 &
load=$!
sleep 0.5
kill -TERM "$pid_a"
sleep 0.3
req "http://127.0.0.1:$port_a/healthz"
[ "$code" = 503 ] && has_header "Retry-After" && grep -q "stopping" "$T/b" &&
    pass "once stopping, /healthz answers 503 with Retry-After" || fail "/healthz while stopping ($code)"
req -b "$T/jar.manager" "http://127.0.0.1:$port_a/"
[ "$code" = 200 ] && has_header "Connection: close" && pass "while draining, it still serves pages, closing each connection" ||
    fail "serving while draining ($code)" "$(cat "$T/h")"
wait "$load"
wait "$pid_a" 2>/dev/null
[ "$(grep -c '^200$' "$T/during")" = 30 ] && pass "no request failed while a server stopped (30 of 30)" ||
    fail "requests while a server stopped" "$(sort "$T/during" | uniq -c | tr '\n' ' ')"
grep -q "serving for 2 s more" "$T/a.err" && pass "the stopping server drained, as its log says" ||
    fail "the drain in the log" "$(tail -n 3 "$T/a.err")"
through - /healthz
# nginx may try the stopped server first, until it has marked it failed:
# $upstream then lists both, and the answer is from the last.
[ "$code" = 200 ] && [ "${upstream##*, }" = "127.0.0.1:$port_b" ] && pass "with one server stopped the other answers" ||
    fail "one server left ($code from $upstream)"
app a "$port_a"
sleep 1.2 # nginx's fail_timeout for the stopped server
seen=""
for i in 1 2 3 4; do
    through manager /
    seen="$seen $upstream"
done
grep -q "127.0.0.1:$port_a" <<<"$seen" && grep -q "127.0.0.1:$port_b" <<<"$seen" &&
    pass "started again, it takes its turn with the same session ($seen)" || fail "started again" "$seen"

done_testing
