#!/bin/sh
# Runs Neovim headless with its built-in LSP client attached to `beskid lsp`
# (tests/lsp/nvim_client.lua) on a copy of a small project.
# Usage: nvim.sh BESKID WORKDIR
set -e
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$2" && mkdir -p "$2/Src"
cat > "$2/Project.proj" <<'P'
project {
  name = "Nv"
  version = "0.1.0"
}

target "App" {
  kind = App
  entry = "Main.bd"
}
P
cat > "$2/Src/Main.bd" <<'M'
pub mod util;
use util.Twice;

/// The entry point.
i64 main() {
    i64 value = 21;
    return Twice(value);
}
M
cat > "$2/Src/util.bd" <<'U'
/// Doubles a number.
pub i64 Twice(i64 n) {
    return n * 2;
}
U
BESKID=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") PROJECT=$(cd "$2" && pwd) BESKID_LSP_DEBOUNCE_MS=10 \
  HOME="$2" XDG_STATE_HOME="$2/state" XDG_CACHE_HOME="$2/cache" \
  timeout 60 nvim --headless -u NONE -i NONE -n -c "luafile $here/nvim_client.lua" 2>&1
