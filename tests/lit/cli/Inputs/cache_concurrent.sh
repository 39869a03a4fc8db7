#!/usr/bin/env bash
# cache_concurrent.sh BESKID PROGRAM DIR: eight `beskid run`s of one program
# start together on an empty cache (each compiles and stores the same entry);
# every one must print the same output, and the entry left behind must be
# whole (a following run hits it).
set -u
beskid=$1 program=$2 dir=$3
export XDG_CACHE_HOME=$dir/cache
pids=()
for i in 1 2 3 4 5 6 7 8; do
    "$beskid" run "$program" > "$dir/out.$i" 2>&1 &
    pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
for i in 2 3 4 5 6 7 8; do cmp -s "$dir/out.1" "$dir/out.$i" || { echo "run $i differs"; status=1; }; done
cat "$dir/out.1"
ls "$dir/cache/beskid" | grep -c '\.bjo$'
ls "$dir/cache/beskid" | grep -c '\.tmp$'
"$beskid" run -v "$program" 2>&1
exit $status
