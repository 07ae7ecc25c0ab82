# web_lib.sh: helpers for the HTTP tests: servers on loopback, a demo
# database with an account for each kind of user, and curl wrappers that
# leave the last response's status in $code, headers in $T/h and body in
# $T/b. Source after lib.sh.

PASSWORD="oversight demo"

# serve NAME [ARGS...]: `oversight serve ARGS` on $DB on a free loopback
# port, its output in $T/NAME.out and $T/NAME.err. Sets $server_pid, and
# $port once it listens (empty if it did not within 10 seconds). Stopped at
# exit if still running.
serve() {
    local name=$1
    shift
    "$OVERSIGHT" --db "$DB" serve --listen 127.0.0.1:0 "$@" >"$T/$name.out" 2>"$T/$name.err" &
    server_pid=$!
    background_pids="$background_pids $server_pid"
    for _ in $(seq 100); do grep -qs "on port" "$T/$name.out" && break; sleep 0.1; done
    port=$(sed -n 's/.* on port \([0-9]*\).*/\1/p' "$T/$name.out")
}

# start_server: a fresh demo database with accounts (worker, manager, senior,
# auditor, admin; each with $PASSWORD), served on loopback; sets $B. The
# server logs to $T/serve.err.
start_server() {
    fresh_db
    ov init >/dev/null
    ov demo --staff 60 --cases 900 --accounts >"$T/demo.out" 2>&1 || bail_out "demo failed: $(cat "$T/demo.out")"
    serve serve
    [ -n "$port" ] || bail_out "the server did not start: $(cat "$T/serve.err")"
    B=http://127.0.0.1:$port
}

# staff_of USER: the staff id of the account USER.
staff_of() {
    sql "SELECT s.id FROM users u JOIN staff s ON s.ref = u.staff_ref WHERE u.username = '$1'"
}

# demo_worker: the demo's worker: their staff id and ref in $worker and
# $worker_ref, their $team and $service, and their first open case $case_id.
demo_worker() {
    worker=$(staff_of worker)
    worker_ref=$(sql "SELECT ref FROM staff WHERE id = '$worker'")
    team=$(sql "SELECT t.name FROM staff s JOIN teams t ON t.ref = s.team_ref WHERE s.id = '$worker'")
    service=$(sql "SELECT v.name FROM teams t JOIN services v ON v.ref = t.service_ref WHERE t.name = '$team'")
    case_id=$(sql "SELECT c.id FROM cases c JOIN staff w ON w.ref = c.worker_ref WHERE w.id = '$worker' AND c.closed_date IS NULL ORDER BY c.id LIMIT 1")
}

# req ARGS...: curl, keeping status in $code, headers in $T/h, body in $T/b.
req() {
    code=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' "$@")
}

# has_header TEXT: the last response's headers have a line starting with TEXT.
has_header() { grep -qi "^$1" "$T/h"; }

# form_token [FILE]: the first form token on a page (FILE, - for standard
# input; the last response's body by default).
form_token() { grep -o 'name="csrf" value="[^"]*"' "${1:-$T/b}" | head -n 1 | cut -d'"' -f4; }

# sign_in USER JAR [PASSWORD]: signs in through the form; $code is the post's status.
sign_in() {
    rm -f "$2"
    curl -s -c "$2" "$B/sign-in" -o "$T/form"
    local pre
    pre=$(grep -o 'name="pre" value="[^"]*"' "$T/form" | cut -d'"' -f4)
    req -b "$2" -c "$2" --data-urlencode "pre=$pre" --data-urlencode "username=$1" \
        --data-urlencode "password=${3:-$PASSWORD}" "$B/sign-in"
}

# sign_in_each USER...: signs each in, their session in $T/jar.USER; bails
# out if one cannot.
sign_in_each() {
    local u
    for u in "$@"; do
        sign_in "$u" "$T/jar.$u"
        [ "$code" = 303 ] || bail_out "$u could not sign in ($code)"
    done
}

# csrf_of JAR: the form token of the session in JAR (from its account page),
# leaving the last response as it was.
csrf_of() {
    curl -s -b "$1" "$B/account" | form_token -
}

# enc TEXT: TEXT percent-encoded as one URL path segment.
enc() {
    local s=$1 out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
        [a-zA-Z0-9.~_-]) out+=$c ;;
        *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf '%s\n' "$out"
}

# get USER PATH: a GET with USER's session ($T/jar.USER), as req leaves it.
get() { req -b "$T/jar.$1" "$B$2"; }

# post USER PATH FIELD=VALUE...: a form post with USER's session ($T/jar.USER)
# and form token; $code, $T/h and $T/b as req leaves them, $location the
# redirect's target.
post() {
    local user=$1 path=$2
    shift 2
    local args=(--data-urlencode "csrf=$(csrf_of "$T/jar.$user")")
    for f in "$@"; do args+=(--data-urlencode "$f"); done
    req -b "$T/jar.$user" "${args[@]}" "$B$path"
    location=$(sed -n 's/^Location: *\([^\r]*\).*/\1/Ip' "$T/h")
}
