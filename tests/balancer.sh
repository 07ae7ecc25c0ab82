#!/bin/sh
# balancer.sh: nginx as a round-robin load balancer in front of several
# `oversight serve` on loopback, for the tests and the benchmarks
# (tests/cli/test_app_servers.sh, bench/load.sh).
#   tests/balancer.sh DIR PORT WORKERS SERVER_PORT...
# prints a whole nginx configuration: WORKERS processes listening on
# 127.0.0.1:PORT and passing each request to the next of the servers on
# 127.0.0.1:SERVER_PORT..., with its pid file, error log and temporary files
# in DIR. It runs in the foreground: `nginx -p DIR -c FILE -e DIR/error.log &`.
#
# The upstream and proxy settings are docs/deploy.md's (TLS, the sign-in
# limit and the client timeouts left out). The app servers are stateless
# (sessions, write keys and the page cache's generations are in the
# database), so any server may answer any request. They should run with
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
    echo "balancer.sh: $*" >&2
    exit 1
}

[ $# -ge 4 ] || die "usage: balancer.sh DIR PORT WORKERS SERVER_PORT..."
dir=$1 port=$2 workers=$3
shift 3
for n in "$port" "$workers" "$@"; do
    case $n in '' | *[!0-9]*) die "not a number: \"$n\"" ;; esac
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
