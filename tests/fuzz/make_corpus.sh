#!/usr/bin/env bash
# tests/fuzz/make_corpus.sh BUILD_DIR: rebuilds tests/fuzz/corpus/ from the test
# programs kept in the repository: every lit `.bd` (with its RUN/CHECK comment
# lines dropped) and example for the source harnesses, every lit `.ir` for
# the IR harness, merged by each harness (libFuzzer's -merge=1 keeps only the
# inputs that add coverage), so the corpus stays small.
set -euo pipefail
cd "$(dirname "$0")/../.."
fz=${1:-build/fuzz}
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/bd" "$seeds/ir"
n=0
while IFS= read -r f; do
    n=$((n + 1))
    grep -vE '^\s*(//|;) *([A-Z0-9-]+):' "$f" > "$seeds/bd/$n.bd" || true
done < <(find tests/lit examples -name '*.bd' | LC_ALL=C sort)
while IFS= read -r f; do
    n=$((n + 1))
    grep -vE '^\s*; *([A-Z0-9-]+):' "$f" > "$seeds/ir/$n.ir" || true
done < <(find tests/lit -name '*.ir' | LC_ALL=C sort)
for t in parse check pipeline ir; do
    src=bd
    [ "$t" = ir ] && src=ir
    rm -rf "tests/fuzz/corpus/$t"
    mkdir -p "tests/fuzz/corpus/$t"
    "$fz/fuzz_$t" -merge=1 -timeout=10 -rss_limit_mb=4096 "tests/fuzz/corpus/$t" "$seeds/$src" 2>&1 | tail -n 1
done
du -sh tests/fuzz/corpus
