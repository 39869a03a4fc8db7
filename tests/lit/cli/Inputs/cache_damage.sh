#!/usr/bin/env bash
# cache_damage.sh DIR HOW: damages the one entry of the cache directory DIR.
#   payload: zeroes 16 bytes of the object   header: zeroes the magic
#   truncate: cuts the file inside the object   empty: cuts it to 0 bytes
set -eu
entries=("$1"/*.bjo)
[ ${#entries[@]} = 1 ] && [ -f "${entries[0]}" ] || { echo "expected one entry in $1"; exit 1; }
e=${entries[0]}
case $2 in
payload) dd if=/dev/zero of="$e" bs=1 seek=200 count=16 conv=notrunc status=none ;;
header) dd if=/dev/zero of="$e" bs=1 seek=0 count=4 conv=notrunc status=none ;;
truncate) truncate -s 150 "$e" ;;
empty) truncate -s 0 "$e" ;;
*) echo "unknown damage $2"; exit 1 ;;
esac
