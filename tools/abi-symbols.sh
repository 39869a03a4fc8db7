#!/bin/sh
# tools/abi-symbols.sh: the runtime functions of src/abi/abi_runtime.def, one C
# name a line, in table order; with --panics, each function's panic messages
# as "name<TAB>message" lines. Reads the table as text (one RT(...) entry a
# line), so it needs neither beskid nor a C compiler.
#   tools/abi-symbols.sh [--panics] [TABLE]
set -eu
panics=0
if [ "${1:-}" = --panics ]; then
    panics=1
    shift
fi
table=${1:-$(dirname "$0")/../src/abi/abi_runtime.def}
if [ $panics = 0 ]; then
    sed -n 's/^RT([A-Z0-9_]*, \([a-z0-9_]*\),.*/\1/p' "$table"
else
    # the last parenthesised group of an entry holds its quoted messages
    sed -n 's/^RT([A-Z0-9_]*, \([a-z0-9_]*\),.*, (\([^()]*\)))$/\1\t\2/p' "$table" |
        awk -F '\t' '{ n = split($2, parts, "\""); for (i = 2; i <= n; i += 2) print $1 "\t" parts[i] }'
fi
