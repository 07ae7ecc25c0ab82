#!/usr/bin/env bash
# run.sh FUZZERS SECONDS [WORK [NAME...]]: runs each libFuzzer driver (or
# those named: csv, http...) in the folder
# FUZZERS (built by make fuzzers with CC=clang FUZZER=1, e.g.
# build/fuzz/fuzzers) for SECONDS seconds, one after the other on one core,
# from its seeds in tests/fuzz/corpus/NAME/. Inputs it finds go to
# WORK/corpus/NAME/, an input that fails to WORK/crash-NAME-*, its whole
# output to WORK/NAME.log. WORK defaults to a scratch folder removed at the
# end, so that a short run leaves nothing behind (make fuzz keeps its WORK,
# build/fuzz, to grow its corpora from one run to the next).
#
# Prints TAP, one test per driver, with its figures: executions, executions
# a second, coverage (libFuzzer's "cov", edges reached, and "ft",
# features), the corpus it ended with (inputs and bytes) and the largest
# memory; and the same as a "# summary:" line. A driver that crashes, hangs
# (an input over 25 s), runs out of memory or breaks a FUZZ_ASSERT fails,
# with the input's file named. make test runs it with a few seconds per
# driver; docs/reliability.md ("Hostile input") has the long run's figures.
set -u
[ $# -ge 2 ] || { echo "usage: tests/fuzz/run.sh FUZZERS SECONDS [WORK [NAME...]]" >&2; exit 2; }
cd "$(dirname "$0")/../.."
fuzzers=$1
seconds=$2
if [ $# -ge 3 ]; then
    work=$3
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

names=("${@:4}")
if [ ${#names[@]} = 0 ]; then
    for src in tests/fuzz/fuzz_*.c; do
        name=$(basename "$src" .c)
        names+=("${name#fuzz_}")
    done
fi
echo "1..${#names[@]}"
n=0
failed=0
for name in "${names[@]}"; do
    n=$((n + 1))
    bin=$fuzzers/fuzz_$name
    seeds=tests/fuzz/corpus/$name
    if [ ! -x "$bin" ]; then
        echo "not ok $n - fuzz_$name: no $bin (make BUILD=build/fuzz CC=clang FUZZER=1 fuzzers)"
        failed=$((failed + 1))
        continue
    fi
    mkdir -p "$work/corpus/$name"
    log=$work/$name.log
    rm -f "$work"/crash-"$name"-* "$work"/timeout-"$name"-* "$work"/oom-"$name"-*
    "$bin" -max_total_time="$seconds" -timeout=25 -print_final_stats=1 \
        -artifact_prefix="$work/crash-$name-" "$work/corpus/$name" "$seeds" >"$log" 2>&1
    rc=$?
    final() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
    runs=$(final number_of_executed_units)
    rate=$(final average_exec_per_sec)
    rss=$(final peak_rss_mb)
    # The last status line: "#N DONE cov: C ft: F corp: K/SIZE ..."
    last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")
    figures="${runs:-?} runs (${rate:-?}/s), cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, ${rss:-?} MB"
    crash=$(ls "$work"/crash-"$name"-* "$work"/timeout-"$name"-* "$work"/oom-"$name"-* 2>/dev/null | head -n 1)
    if [ "$rc" = 0 ] && [ -z "$crash" ]; then
        echo "ok $n - fuzz_$name: $seconds s, $figures, no failure"
        echo "# summary: fuzz_$name runs=${runs:-?} exec_per_s=${rate:-?} cov=${cov:-?} ft=${ft:-?} corpus=${corp:-?} crashes=0"
    else
        failed=$((failed + 1))
        echo "not ok $n - fuzz_$name: exit $rc after $figures; input: ${crash:-none kept} (log: $log)"
        grep -E 'FUZZ_ASSERT|ERROR: |SUMMARY: ' "$log" | grep -v '^oversight serve' | head -n 5 | sed 's/^/# /'
        echo "# summary: fuzz_$name runs=${runs:-?} crashes=1 input=${crash:-none}"
        # Kept past the scratch folder's removal, for the replay test to be given.
        if [ -n "$crash" ] && [ $# -lt 3 ]; then
            keep=$(mktemp "${TMPDIR:-/tmp}/fuzz-$name-XXXXXX")
            cp "$crash" "$keep" && echo "# the input is kept as $keep"
        fi
    fi
done
[ "$failed" = 0 ]
