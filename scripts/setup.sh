#!/usr/bin/env bash
# scripts/setup.sh: on a fresh Debian 12 machine (as root), install what is
# missing, build beskid and its runtime, and run an example program through
# both backends: `beskid run` (JIT) and an executable made by `beskid build`.
# It builds the optimised compiler (build/release/beskid); MODE=debug builds
# the debug one instead (`make test` builds and tests that one itself).
set -euo pipefail
cd "$(dirname "$0")/.."

# LLVM is linked statically: its archives need zlib and zstd (zlib1g-dev, libzstd-dev).
# clang-19 and libclang-rt-19-dev (libFuzzer, ASan) build the fuzz harnesses (`make fuzz`).
# nettle-dev: SHA-256 (compiled-code cache keys, package digests), linked statically.
# gdb and linux-perf run the debugger and profiler tests (tests/lit/debug; skipped without them).
# The second target (`build --target-triple aarch64-unknown-linux-gnu`, issue 14): Debian's cross
# compiler and C library, the collector for arm64 from the multiarch archive (libgc-dev:arm64, so
# the runtime for AArch64 links against the same Boehm GC), and qemu-user to run the executables.
PACKAGES=(build-essential make python3 llvm-19-dev llvm-19-tools libgc-dev libcmocka-dev libcjson-dev zlib1g-dev
          libzstd-dev clang-19 libclang-rt-19-dev nettle-dev gdb linux-perf
          gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user libgc-dev:arm64
          # packages (issue 16): headers only; beskid dlopens libcurl4 and libarchive13 (docs/packages.md)
          libcurl4-openssl-dev libarchive-dev
          # the language server's real client (tests/lit/lsp/nvim.test)
          neovim)
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
fi
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The TextMate grammar's test (editors/textmate, issue 15) needs vscode-textmate and vscode-oniguruma
# from npm, pinned by package-lock.json; installed once (again only when the lockfile changes).
if command -v npm >/dev/null 2>&1; then
    lock=editors/textmate/package-lock.json
    if [ ! -f editors/textmate/node_modules/.package-lock.json ] || [ "$lock" -nt editors/textmate/node_modules/.package-lock.json ]; then
        (cd editors/textmate && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
            echo "setup: npm ci failed in editors/textmate: the TextMate grammar test will fail" >&2
    fi
fi

MODE=${MODE:-release}
make -j"$(nproc)" MODE="$MODE"
B=build/$MODE

echo "== beskid run examples/hello.bd =="
"$B/beskid" run examples/hello.bd
echo "== beskid build examples/hello.bd =="
out=$(mktemp -d)
"$B/beskid" build examples/hello.bd --plain -o "$out/hello"
set +e
"$out/hello"
status=$?
set -e
echo "(executable exited with status $status)"
rm -rf "$out"
