#!/bin/sh
# abi-signature-check.sh: shows that the runtime's build checks each C
# function against src/abi/abi_runtime.def, and each machine type of the
# table against its C type. Compiles runtime/rt_abi_check.c against a copy
# of the table, unchanged and then with one signature changed in the table
# only, and prints how each compile ended and the function the failed
# assertions name. "ok" is exit 0.
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/abi"
cp "$root/src/abi/abi_runtime.def" "$tmp/abi/abi_runtime.def"
check() { # the copy in $tmp shadows src/abi/abi_runtime.def
    if ${CC:-cc} -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -fsyntax-only -I"$tmp" -I"$root/src" \
        -I"$root/runtime/include" -I"$root/runtime" "$root/runtime/rt_abi_check.c" 2> "$tmp/err"; then
        echo "$1: ok"
    else
        echo "$1: failed"
        grep -o 'runtime function [a-z_0-9]*\( does not match\|: the machine\)[^"]*' "$tmp/err" | LC_ALL=C sort -u
    fi
}
# change one entry of the copy; report if the pattern no longer matches
mutate() {
    sed "s/$1/$2/" "$root/src/abi/abi_runtime.def" > "$tmp/abi/abi_runtime.def"
    cmp -s "$root/src/abi/abi_runtime.def" "$tmp/abi/abi_runtime.def" && echo "pattern not found: $1"
}
check unchanged
mutate '^RT(ALLOC, alloc, PTR, void \*, 0, (I64, PTR), (size_t,' 'RT(ALLOC, alloc, PTR, void *, 0, (I64, PTR), (int64_t,'
check "alloc's first parameter int64_t"
mutate '^RT(STR_LEN, str_len, I64, size_t,' 'RT(STR_LEN, str_len, I64, int64_t,'
check "str_len returning int64_t"
mutate '^RT(RT_ARRAY_NEW, \(.*\), uint8_t),' 'RT(RT_ARRAY_NEW, \1),'
check "beskid_rt_array_new without its last parameter"
# the machine signature only: the C signature still matches the function
mutate '^RT(STR_LEN, str_len, I64,' 'RT(STR_LEN, str_len, I32,'
check "str_len's machine return I32"
mutate '^RT(RT_ARRAY_NEW, \(.*\) (I64, I64, I8),' 'RT(RT_ARRAY_NEW, \1 (I64, I64, I64),'
check "beskid_rt_array_new's last machine parameter I64"
mutate '^RT(STR_FROM_F64, \(.*\) (F64),' 'RT(STR_FROM_F64, \1 (I64),'
check "beskid_rt_str_from_f64's machine parameter I64"
mutate '^RT(ARRAY_NEW, \(.*\) (I64, I64),' 'RT(ARRAY_NEW, \1 (I64),'
check "array_new without its last machine parameter"
