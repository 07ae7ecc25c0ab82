#!/usr/bin/env bash
# The worked councils of the contract (tests/examples/due): import the four files and
# compare `due --format csv` with expected.csv, row for row (without the rule
# column, which the examples do not fix).
. "$(dirname "$0")/lib.sh"

for dir in "$EXAMPLES"/due/council-*; do
    name=$(basename "$dir")
    fresh_db
    run ov init
    check "$name: init" 0
    for kind in staff cases sessions discussions; do
        run ov import "$kind" "$dir/$kind.csv"
        check "$name: import $kind" 0 "imported"
    done
    run ov due --as-of "$(cat "$dir/asof")" --format csv
    check "$name: due" 0
    # kind,id,owner,rule,last,due,status,days_overdue -> drop rule
    echo "$OUT" | tail -n +2 | awk -F, -v OFS=, '{print $1,$2,$3,$5,$6,$7,$8}' | sort >"$T/got"
    tail -n +2 "$dir/expected.csv" | tr -d '\r' | sort >"$T/want"
    if diff "$T/want" "$T/got" >"$T/diff"; then
        pass "$name: every row as expected ($(wc -l <"$T/want") rows)"
    else
        fail "$name: rows differ from expected.csv" "$(head -n 20 "$T/diff")"
    fi
    # The stable sort order of the contract: most overdue, due date, kind, id.
    echo "$OUT" | tail -n +2 | awk -F, -v OFS=, '{print $8,$6,$1,$2}' >"$T/order"
    if sort -t, -k1,1nr -k2,2 -k3,3 -k4,4 -c "$T/order" 2>/dev/null; then
        pass "$name: sorted most overdue first, then due, kind, id"
    else
        fail "$name: not in the contract's order" "$(head -n 5 "$T/order")"
    fi
done
done_testing
