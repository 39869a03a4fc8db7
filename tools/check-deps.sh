#!/usr/bin/env bash
# tools/check-deps.sh: checks that #include lines follow the layering of
# STYLE.md §3.1 (support ← syntax/project/artifact ← sema ← lower; codegen and
# backends never see the front end; only cli/main choose a backend).
set -u
cd "$(dirname "$0")/.."
allowed() {
    case "$1" in
    support | abi) echo "$1" ;;
    syntax | project) echo "support $1" ;;
    artifact) echo "support abi artifact" ;;
    sema) echo "support syntax sema" ;;
    lower) echo "support syntax sema abi artifact lower" ;;
    codegen) echo "support abi artifact codegen" ;;
    backend) echo "support abi artifact codegen backend" ;;
    cli) echo "support syntax sema lower abi artifact codegen backend project cli" ;;
    esac
}
bad=0
while IFS= read -r file; do
    layer=$(echo "$file" | cut -d/ -f2)
    [ "$layer" = main.c ] && continue
    ok=$(allowed "$layer")
    while IFS= read -r inc; do
        dep=$(echo "$inc" | sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p')
        [ -z "$dep" ] && continue
        case " $ok " in *" $dep "*) ;; *)
            echo "$file: layer '$layer' must not include '$inc'"
            bad=1
            ;;
        esac
    done < <(grep -E '^#include "' "$file")
    if grep -qE '^#include <llvm-c/' "$file" && ! echo "$layer" | grep -qE '^(codegen|backend)$'; then
        echo "$file: only codegen/ and backend/ may include llvm-c"
        bad=1
    fi
done < <(find src -name '*.[ch]' | LC_ALL=C sort)
if grep -rnE '\b(printf|exit)\(|fprintf\(stderr' src --include='*.c' | grep -vE '^src/(cli/|main\.c|support/check\.c)' | grep -v '^\s*//' ; then
    echo "printf/exit/fprintf(stderr) below src/cli (see above)"
    bad=1
fi
[ $bad = 0 ] && echo "check-deps: ok"
exit $bad
