#!/usr/bin/env bash
# cache_damage.sh DIR HOW [KIND]: damages the one entry of the cache directory
# DIR of KIND: bjo (the default; the compiler's object entries) or so (the
# launcher's shared objects, whose header is a trailer).
#   payload: inverts 16 bytes of the object (zeroing could leave them as they were)
#   header: zeroes the magic
#   truncate: cuts the file inside the object   empty: cuts it to 0 bytes
set -eu
kind=${3:-bjo}
entries=("$1"/*."$kind")
[ ${#entries[@]} = 1 ] && [ -f "${entries[0]}" ] || { echo "expected one entry in $1"; exit 1; }
e=${entries[0]}
case $2 in
payload) python3 -c 'import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(200); b = f.read(16); f.seek(200); f.write(bytes(x ^ 0xFF for x in b))' "$e" ;;
header)
    # the object entry's header opens the file; the shared object's 88-byte trailer ends it
    at=0
    [ "$kind" = so ] && at=$(($(stat -c %s "$e") - 88))
    dd if=/dev/zero of="$e" bs=1 seek="$at" count=4 conv=notrunc status=none ;;
truncate) truncate -s 150 "$e" ;;
empty) truncate -s 0 "$e" ;;
*) echo "unknown damage $2"; exit 1 ;;
esac
