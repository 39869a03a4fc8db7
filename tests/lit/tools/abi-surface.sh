#!/bin/sh
# abi-surface.sh ARCHIVE: compares the global functions an archive defines
# (`nm -g`, type T) with src/abi/abi_runtime.def. Prints "missing NAME" for
# each table function the archive does not define, then "extra NAME" for each
# defined function outside the table (the runtime's own rt_* helpers aside),
# then "duplicate NAME" for a name listed twice, then "table: N functions".
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/tools/abi-symbols.sh" > "$tmp/list"
LC_ALL=C sort -u "$tmp/list" > "$tmp/table"
nm -g "$1" | awk '$2 == "T" { print $3 }' | LC_ALL=C sort -u > "$tmp/defined"
LC_ALL=C comm -23 "$tmp/table" "$tmp/defined" | sed 's/^/missing /'
LC_ALL=C comm -13 "$tmp/table" "$tmp/defined" | grep -v '^rt_' | sed 's/^/extra /' || true
LC_ALL=C sort "$tmp/list" | uniq -d | sed 's/^/duplicate /'
echo "table: $(wc -l < "$tmp/list" | tr -d ' ') functions"
