# lit configuration for beskid's language and CLI tests.
# Each .bd file carries its own RUN lines and FileCheck expectations.
#   %beskid  the compiler of the current build mode (MODE=debug|asan|release)
#   %status  runs a command, passes its output through, then prints `[exit N]`
import os

import lit.formats

config.name = "beskid"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".bd", ".test", ".ir"]
config.excludes = ["tools", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(
    os.path.dirname(os.path.dirname(config.test_source_root)),
    "build", os.environ.get("MODE", "debug"), "lit")

root = os.path.dirname(os.path.dirname(config.test_source_root))
mode = os.environ.get("MODE", "debug")
config.substitutions.append(("%beskid_rt", os.path.join(root, "build", mode, "libbeskid_rt.a")))
# %beskid is the launcher; the compiler it starts lies beside it (src/launch/launch.c).
config.substitutions.append(("%beskid_compiler", os.path.join(root, "build", mode, "beskid-compiler")))
config.substitutions.append(("%beskid", os.path.join(root, "build", mode, "beskid")))
config.substitutions.append(("%status", os.path.join(config.test_source_root, "tools", "status.sh")))

config.environment["PATH"] = "/usr/lib/llvm-19/bin:" + os.environ.get("PATH", "/usr/bin:/bin")
config.environment["BESKID_VERIFY_IR"] = "1"
for name in ("HOME", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "CC", "TMPDIR"):
    if name in os.environ:
        config.environment[name] = os.environ[name]
# `beskid run` caches compiled code (backend/jit/jit_cache.h): the suite uses
# a cache of its own, emptied at every start, never the user's.
import shutil
suite_cache = os.path.join(config.test_exec_root, "xdg-cache")
shutil.rmtree(suite_cache, ignore_errors=True)
config.environment["XDG_CACHE_HOME"] = suite_cache
# Every command provisions the standard library (cli/corelib.h) and says so
# on stderr when it installs it: the suite installs its own copy once, here,
# so that no test sees that line and the user's HOME is never written.
suite_corelib = os.path.join(config.test_exec_root, "corelib")
config.environment["BESKID_CORELIB_ROOT"] = suite_corelib
try:
    import subprocess as _sp
    os.makedirs(config.test_exec_root, exist_ok=True)
    _sp.run([os.path.join(root, "build", mode, "beskid"), "help"], env=dict(os.environ, BESKID_CORELIB_ROOT=suite_corelib),
            stdout=_sp.DEVNULL, stderr=_sp.DEVNULL, timeout=60)
except (OSError, _sp.SubprocessError):
    pass
if mode == "asan":
    config.available_features.add("asan")
# The codegen driver mode of the test_codegen unit binary (built by `make
# test`): reads FILE.ir, verifies it and prints the LLVM module.
config.substitutions.append(("%cg-llvm", os.path.join(root, "build", mode, "tests", "test_codegen") + " --emit-llvm"))
# The debugger tests (tests/lit/debug) need gdb; scripts/setup.sh installs it.
import shutil
if shutil.which("gdb"):
    config.available_features.add("gdb")
else:
    lit_config.note("gdb not found: the gdb tests of tests/lit/debug are UNSUPPORTED (scripts/setup.sh installs gdb)")
# The perf tests need `perf record` to work for this user (perf_event_paranoid
# <= 2 allows a process's own user-space samples).
import subprocess
try:
    if shutil.which("perf") and subprocess.run(["perf", "record", "-q", "-e", "cpu-clock:u", "-o", "/dev/null", "true"],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                               timeout=20).returncode == 0:
        config.available_features.add("perf")
    else:
        lit_config.note("perf record unavailable: the perf tests of tests/lit/debug are UNSUPPORTED")
except (OSError, subprocess.SubprocessError):
    lit_config.note("perf record unavailable: the perf tests of tests/lit/debug are UNSUPPORTED")
# The second target (tests/lit/extern/aarch64-qemu.bd, issue 14): Debian's
# cross driver, qemu-user and the runtime the Makefile builds for AArch64 when
# the cross compiler is installed (scripts/setup.sh installs all three).
if (shutil.which("aarch64-linux-gnu-gcc") and shutil.which("qemu-aarch64")
        and os.path.exists(os.path.join(root, "build", mode, "aarch64-unknown-linux-gnu", "libbeskid_rt.a"))
        and os.path.exists("/usr/lib/aarch64-linux-gnu/libgc.so")):
    config.available_features.add("aarch64-cross")
else:
    lit_config.note("no AArch64 cross toolchain: the qemu test of tests/lit/extern is UNSUPPORTED "
                    "(scripts/setup.sh installs gcc-aarch64-linux-gnu, qemu-user and libgc-dev:arm64)")
# The TextMate grammar's golden-scope test (tests/lit/editors, issue 15) runs
# editors/textmate/tests/run.js under node; scripts/setup.sh runs `npm ci`.
if shutil.which("node") and shutil.which("npm"):
    config.available_features.add("node")
else:
    lit_config.note("node/npm not found: the TextMate grammar test of tests/lit/editors is UNSUPPORTED")
# The package registry of the tests (issue 16, tests/registry/): `%registry
# start DIR` prints its URL, `%registry stop DIR` stops it; `%with-registry DIR
# CMD` runs CMD with BESKID_PCKG_URL set to it.
config.substitutions.append(("%registry", "python3 " + os.path.join(root, "tests", "registry", "ctl.py")))
config.substitutions.append(("%with-registry", os.path.join(root, "tests", "registry", "with-url.sh")))
# The language server's real-client test (tests/lit/lsp/nvim.test) needs
# Neovim; scripts/setup.sh installs it.
if shutil.which("nvim"):
    config.available_features.add("nvim")
else:
    lit_config.note("nvim not found: tests/lit/lsp/nvim.test is UNSUPPORTED (scripts/setup.sh installs neovim)")
