#!/bin/sh
# nginx.sh: a throwaway nginx on loopback for the tests and benchmarks, as
# a whole configuration printed on stdout.
#   tests/nginx.sh balance DIR PORT WORKERS SERVER_PORT...
#       a round-robin load balancer in front of the `oversight serve` on
#       127.0.0.1:SERVER_PORT... (tests/cli/test_app_servers.sh, bench/load.sh)
#   tests/nginx.sh files DIR PORT WORKERS ROOT
#       the files in ROOT, as HTML, as fast as nginx serves them: the
#       ceiling bench/load.sh compares oversight with
# Either listens on 127.0.0.1:PORT with WORKERS processes and keeps its pid
# file, error log and temporary files in DIR. It runs in the foreground:
# `nginx -p DIR -c FILE -e DIR/error.log &`.
#
# The balancer's upstream and proxy settings are docs/deploy.md's (TLS, the
# sign-in limit and the client timeouts left out). The app servers are
# stateless (sessions, write keys and the page cache's generations are in
# the database), so any server may answer any request. They should run with
# --trusted-proxy 127.0.0.1: every connection comes from nginx, which is then
# held neither to the limit of connections per address nor to the deadlines
# for slow clients (nginx reads whole requests from slow clients itself; a
# server that cut a kept-alive connection as nginx sent a POST on it would
# have it answered 502). Connections to them are kept alive, and closed by
# nginx after 10 s idle, before libmicrohttpd's own idle timeout (30 s)
# closes them under it. A server that refuses a connection (stopped) is left
# alone for 1 s, then tried again. With one worker the turns are strict:
# each request goes to the other server than the one before (each worker
# keeps its own turn). X-Upstream names the server that answered.
set -eu

die() {
    echo "nginx.sh: $*" >&2
    exit 1
}

usage="usage: nginx.sh balance DIR PORT WORKERS SERVER_PORT... | files DIR PORT WORKERS ROOT"
[ $# -ge 5 ] || die "$usage"
mode=$1 dir=$2 port=$3 workers=$4
shift 4
case $mode in
balance) numbers="$port $workers $*" ;;
files) numbers="$port $workers" root=$1 ;;
*) die "$usage" ;;
esac
for n in $numbers; do
    case $n in *[!0-9]*) die "not a number: \"$n\"" ;; esac
done

cat <<CONF
worker_processes $workers;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    keepalive_requests 1000000;
CONF
if [ "$mode" = files ]; then
    cat <<CONF
    sendfile on;
    tcp_nopush on;
    open_file_cache max=64;
    default_type "text/html; charset=utf-8";
    server { listen 127.0.0.1:$port; root $root; }
}
CONF
    exit 0
fi
cat <<CONF
    upstream oversight {
$(for p in "$@"; do printf '        server 127.0.0.1:%s max_fails=1 fail_timeout=1s;\n' "$p"; done)
        keepalive 64;
        keepalive_timeout 10s;
    }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://oversight;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # With its port: a form's Origin names it (src/web/frame.c).
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_next_upstream error timeout;
            proxy_buffering on;
            proxy_buffers 16 16k;
            add_header X-Upstream \$upstream_addr always;
        }
    }
}
CONF
