#!/bin/sh
# run-demo.sh BINARY: a fresh demo database with an account for each kind of
# user, served on http://127.0.0.1:8080/ (make run).
set -eu
bin=$1
db=demo.db
rm -f "$db" "$db-wal" "$db-shm" "$db.log-key"
"$bin" --db "$db" init
"$bin" --db "$db" log init --origin demo.oversight.example/supervision
"$bin" --db "$db" demo --accounts
# Today's reminders, in each person's inbox (the emails stay queued: no relay
# is given; `oversight mail status` lists them), and again each day the
# server runs.
"$bin" --db "$db" notify run
echo
exec "$bin" --db "$db" serve --listen 127.0.0.1:8080 --reminders
