#!/bin/sh
# run-demo.sh BINARY: a fresh demo database with a demo account, served on
# http://127.0.0.1:8080/ (make run).
set -eu
bin=$1
db=demo.db
rm -f "$db" "$db-wal" "$db-shm"
"$bin" --db "$db" init
"$bin" --db "$db" demo
"$bin" --db "$db" due --format table | head -n 12
# The worker with the most overdue cases signs in as "worker".
worker=$("$bin" --db "$db" due --format csv --status overdue | awk -F, '$1 == "case" {n[$3]++} END {for (w in n) print n[w], w}' | sort -k1,1nr -k2 | head -n 1 | cut -d' ' -f2)
printf 'demo worker password\n' | "$bin" --db "$db" user add worker --staff "$worker" --password-stdin >/dev/null
echo
echo "Demo account: username worker, password \"demo worker password\" (staff $worker)"
exec "$bin" --db "$db" serve --listen 127.0.0.1:8080
