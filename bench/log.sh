#!/usr/bin/env bash
# bench/log.sh [LEAVES] [postgresql]: the record log's figures (docs in
# bench/README.md, "The record log"): appending LEAVES entries (default 20
# million), the cost a logged write adds to its transaction's commit, and
# the time and size of inclusion and consistency proofs at that size, made
# from the stored tree and checked as `oversight verify` checks them.
# With "postgresql", on a throwaway PostgreSQL server instead of SQLite.
set -eu
cd "$(dirname "$0")/.."
leaves=${1:-20000000}
WORK=${BENCH_DIR:-/tmp/oversight-bench}
mkdir -p "$WORK"
make -s build/bench/log_bench
if [ "${2:-}" = postgresql ]; then
    pg=$(mktemp -d)
    trap 'tests/pg.sh stop "$pg/data" >/dev/null 2>&1; rm -rf "$pg"' EXIT
    tests/pg.sh start "$pg/data" >/dev/null
    db=$(tests/pg.sh db "$pg/data" log_bench)
else
    db=$WORK/log-$leaves.db
    rm -f "$db" "$db-wal" "$db-shm"
fi
echo "# record log, $leaves leaves, ${2:-sqlite}, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1 /proc/loadavg)"
build/bench/log_bench "$db" "$leaves"
[ "${2:-}" = postgresql ] || echo "database_bytes $(stat -c %s "$db")"
