#!/usr/bin/env bash
# test_store_faults.sh: every service use case that writes, with the database
# failing under it call by call (docs/reliability.md, "Faults in the
# database"). The work is done by the unit test beside the binary,
# tests/unit/svc/test_faults.c (build/tests/test_faults, made by make unit):
# this runs it for one backend, SQLite or, with OVERSIGHT_TEST_PG, PostgreSQL,
# passes OVERSIGHT_LONG on (the long version: every fault at every call, both
# once and from then on), and re-emits its TAP and its summary:
#
#   # summary: U use cases, A attempts, F faults injected, N failures found
#
# A failure found is an attempt after which a promise did not hold: a
# success reported although a call failed, an answer other than "failed",
# an error that does not say why, a table changed, a transaction left open,
# or the step not succeeding once the faults stopped.
set -u
: "${OVERSIGHT:?set OVERSIGHT to the binary under test}"
bin=$(dirname "$OVERSIGHT")/tests/test_faults
if [ ! -x "$bin" ]; then
    echo "not ok 1 - $bin is missing: build it with make unit"
    echo "1..1"
    exit 1
fi
if [ -n "${OVERSIGHT_TEST_PG:-}" ]; then
    backend=postgresql
else
    backend=sqlite
fi
OVERSIGHT_FAULTS_ONLY=$backend OVERSIGHT_LONG=${OVERSIGHT_LONG:-} "$bin"
