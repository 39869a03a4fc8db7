#!/bin/sh
# ir-round-trip.sh BESKID LIT_DIR WORK_DIR [SHARD SHARDS]: for every .bd under
# LIT_DIR (with SHARD/SHARDS, only the SHARD-th of every SHARDS, so that lit
# runs the shards side by side instead of one long test at the end) whose
# `beskid ir` succeeds, prints its artifact, reads that text back with
# `beskid ir FILE.ir` and requires the second print to be byte-identical.
# Prints one `FAIL: file` line per program that does not round-trip, then
# `round trip: N programs, M failed`; exits 1 when M > 0 or N == 0.
beskid=$1
lit_dir=$2
work=$3
shard=${4:-0}
shards=${5:-1}
rm -rf "$work" && mkdir -p "$work" || exit 1
count=0
failed=0
index=0
# Project fixtures (projects/, pckg/) are skipped: compiling a file inside a project's source
# root syncs that project's Project.lock and copies (backends.md §6.2), and
# the fixtures must stay as checked in (their tests copy them to %t).
for bd in $(find "$lit_dir" -path '*/projects/Inputs' -prune -o -path '*/pckg/Inputs' -prune -o -name '*.bd' -print | LC_ALL=C sort); do
    index=$((index + 1))
    [ $((index % shards)) = "$shard" ] || continue
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
