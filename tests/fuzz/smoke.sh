#!/usr/bin/env bash
# tests/fuzz/smoke.sh: runs the fuzz smoke against the beskid of MODE.
set -u
cd "$(dirname "$0")/../.."
exec python3 tests/fuzz/smoke.py "build/${MODE:-debug}/beskid"
