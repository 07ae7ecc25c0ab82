#!/bin/sh
# pg.sh: a throwaway PostgreSQL server on loopback for the tests and benchmarks.
#   tests/pg.sh start DIR   creates a cluster in DIR, starts it on a free port
#                           and prints its URI (postgresql://...) on stdout
#   tests/pg.sh db DIR NAME creates database NAME on the server in DIR and
#                           prints its URI (tests/run.sh: one per parallel slot)
#   tests/pg.sh stop DIR    stops it (DIR can then be deleted)
# Uses Debian's PostgreSQL server binaries. As root, the cluster belongs to
# the postgres user (the server refuses to run as root); otherwise to the
# caller. Authentication is trust on a loopback address only, and the socket
# lives in DIR, so nothing outside this machine can reach the server.
set -eu

die() {
    echo "pg.sh: $*" >&2
    exit 1
}

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
        bindir=$d
        break
    fi
done
[ -n "$bindir" ] || die "no PostgreSQL server found under /usr/lib/postgresql (install it: apt-get install postgresql)"

usage="usage: pg.sh start DIR | db DIR NAME | stop DIR"
[ $# -ge 2 ] || die "$usage"
cmd=$1
dir=$2

# as_owner CMD...: runs a command as the cluster's owner.
if [ "$(id -u)" = 0 ]; then
    owner=postgres
    id postgres >/dev/null 2>&1 || die "user postgres does not exist (install the postgresql package)"
    as_owner() { runuser -u postgres -- "$@"; }
else
    owner=$(id -un)
    as_owner() { "$@"; }
fi

case $cmd in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown "$owner" "$dir" && chmod 700 "$dir"
    # The parent folder must be traversable by the owner (mktemp makes 0700).
    [ "$(id -u)" = 0 ] && chmod o+x "$(dirname "$dir")"
    as_owner "$bindir/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$dir.initdb.log" 2>&1 || { cat "$dir.initdb.log" >&2; die "initdb failed in $dir"; }
    # A free port: ask the kernel for one, then hand it to the server.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
        echo $((20000 + $$ % 20000)))
    # max_connections: tests/run.sh runs a suite per core at once, each
    # with a server or two holding a connection per core (up to 16).
    as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB" \
        start >/dev/null 2>&1 || { tail -n 20 "$dir/server.log" >&2 || true; die "the server in $dir did not start"; }
    as_owner "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE oversight_test" >/dev/null ||
        die "could not create the test database"
    echo "postgresql://postgres@127.0.0.1:$port/oversight_test"
    ;;
db)
    [ $# = 3 ] || die "$usage"
    name=$3
    case $name in '' | *[!a-z0-9_]*) die "a database name is lower-case letters, digits and _ (not \"$name\")" ;; esac
    # The server's port is the fourth line of its postmaster.pid.
    port=$(sed -n 4p "$dir/postmaster.pid" 2>/dev/null) && [ -n "$port" ] || die "no server running in $dir"
    "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE $name" >/dev/null ||
        die "could not create database $name"
    echo "postgresql://postgres@127.0.0.1:$port/$name"
    ;;
stop)
    [ -f "$dir/postmaster.pid" ] || exit 0
    as_owner "$bindir/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
*) die "$usage" ;;
esac
