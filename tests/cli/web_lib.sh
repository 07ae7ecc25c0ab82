# web_lib.sh: helpers for the HTTP tests: a server on a demo database with
# an account for each kind of user, and curl wrappers. Source after lib.sh.

PASSWORD="oversight demo"

# start_server: a fresh demo database with accounts, served on loopback; sets $B.
start_server() {
    fresh_db
    ov init >/dev/null
    ov demo --staff 60 --cases 900 --accounts >"$T/demo.out" 2>&1 || { echo "Bail out! demo failed: $(cat "$T/demo.out")"; exit 1; }
    "$OVERSIGHT" --db "$DB" serve --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
    server_pid=$!
    for _ in $(seq 100); do grep -qs "on port" "$T/serve.out" && break; sleep 0.1; done
    local port
    port=$(sed -n 's/.* on port \([0-9]*\).*/\1/p' "$T/serve.out")
    [ -n "$port" ] || { echo "Bail out! the server did not start: $(cat "$T/serve.err")"; exit 1; }
    B=http://127.0.0.1:$port
    trap 'kill $server_pid 2>/dev/null; rm -rf "$T"' EXIT
}

# req ARGS...: curl, keeping status in $code, headers in $T/h, body in $T/b.
req() {
    code=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' "$@")
}

# sign_in USER JAR [PASSWORD]: signs in through the form; $code is the post's status.
sign_in() {
    rm -f "$2"
    curl -s -c "$2" "$B/sign-in" -o "$T/form"
    local pre
    pre=$(grep -o 'name="pre" value="[^"]*"' "$T/form" | cut -d'"' -f4)
    req -b "$2" -c "$2" --data-urlencode "pre=$pre" --data-urlencode "username=$1" \
        --data-urlencode "password=${3:-$PASSWORD}" "$B/sign-in"
}

# csrf_of JAR: the form token of the session in JAR (from a signed-in page).
csrf_of() {
    curl -s -b "$1" "$B/account" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | cut -d'"' -f4
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

# has_header TEXT: the last response's headers have a line starting with TEXT.
has_header() { grep -qi "^$1" "$T/h"; }

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
