#!/bin/sh
# abi-panics.sh: compares the panic messages of src/abi/abi_runtime.def with
# the runtime's sources. Prints "unraised MSG" for a table message no runtime
# string literal starts with (a formatted message is compared up to its first
# `{`), then "unlisted MSG" for each literal the runtime passes to
# beskid_rt_panic_cstr that no table entry lists, then "panics: N messages".
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/tools/abi-symbols.sh" --panics | cut -f2 | LC_ALL=C sort -u > "$tmp/table"
while IFS= read -r msg; do
    prefix=${msg%%\{*}
    grep -qF "\"$prefix" "$root"/runtime/*.c || echo "unraised $msg"
done < "$tmp/table"
sed -n 's/.*beskid_rt_panic_cstr("\([^"]*\)").*/\1/p' "$root"/runtime/*.c | LC_ALL=C sort -u > "$tmp/raised"
LC_ALL=C comm -13 "$tmp/table" "$tmp/raised" | sed 's/^/unlisted /'
echo "panics: $(wc -l < "$tmp/table" | tr -d ' ') messages"
