#!/bin/sh
# Runs "$@", passes its output through, then prints its exit status as `[exit N]`
# on stdout, so a test can pin an exact status with FileCheck.
"$@"
echo "[exit $?]"
