#!/bin/sh
# with-url.sh DIR COMMAND...: runs COMMAND with BESKID_PCKG_URL set to the
# base URL of the test registry whose state is DIR (ctl.py start/dead-url
# wrote it to DIR/url); lit's shell has no $(...).
dir=$1
shift
BESKID_PCKG_URL=$(cat "$dir/url") || exit 1
export BESKID_PCKG_URL
exec "$@"
