#!/bin/sh
# ir-round-trip.sh BESKID LIT_DIR WORK_DIR: for every .bd under LIT_DIR whose
# `beskid ir` succeeds, prints its artifact, reads that text back with
# `beskid ir FILE.ir` and requires the second print to be byte-identical.
# Prints one `FAIL: file` line per program that does not round-trip, then
# `round trip: N programs, M failed`; exits 1 when M > 0 or N == 0.
beskid=$1
lit_dir=$2
work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
count=0
failed=0
for bd in $(find "$lit_dir" -name '*.bd' | LC_ALL=C sort); do
    ir="$work/$count.ir"
    "$beskid" ir "$bd" >"$ir" 2>/dev/null || continue
    count=$((count + 1))
    if ! "$beskid" ir "$ir" >"$ir.again" 2>"$ir.err" || ! cmp -s "$ir" "$ir.again"; then
        failed=$((failed + 1))
        echo "FAIL: $bd"
        head -n 5 "$ir.err"
        diff "$ir" "$ir.again" | head -n 10
    fi
done
echo "round trip: $count programs, $failed failed"
[ "$failed" = 0 ] && [ "$count" -gt 0 ]
