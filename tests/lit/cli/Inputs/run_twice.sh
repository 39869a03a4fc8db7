#!/usr/bin/env bash
# run_twice.sh BESKID CACHE ARGS...: `beskid run -v ARGS` twice on the cache
# directory CACHE (emptied first). The first run compiles; the second must be
# the launcher's, from the cache, and both must print the same stdout, the
# same stderr (the cache's own note aside) and exit with the same status.
# Prints the second run's stdout and stderr, then `[exit N]`.
set -u
beskid=$1 cache=$2
shift 2
rm -rf "$cache"
export XDG_CACHE_HOME=$cache
"$beskid" run -v "$@" > "$cache.out1" 2> "$cache.err1"
s1=$?
"$beskid" run -v "$@" > "$cache.out2" 2> "$cache.err2"
s2=$?
grep -q '(shared object, no compiler)$' "$cache.err2" || s2=$s2+launcher-not-used
grep -v '^note: compiled-code cache' "$cache.err1" > "$cache.e1"
grep -v '^note: compiled-code cache' "$cache.err2" > "$cache.e2"
cmp -s "$cache.out1" "$cache.out2" || echo "stdout differs"
cmp -s "$cache.e1" "$cache.e2" || { echo "stderr differs:"; diff "$cache.e1" "$cache.e2"; }
[ "$s1" = "$s2" ] || echo "status differs: $s1 then $s2"
cat "$cache.out2" "$cache.e2"
echo "[exit $s1]"
