#!/usr/bin/env python3
"""bench/lsp_bench.py [--beskid PATH] [--lines N] [--runs N]: latency of
`beskid lsp` on a generated file of about N lines (default 5,000; the
program of bench/gen_scale.py): hover, go to definition and completion
(members after `.`) answered from an up-to-date analysis, and the re-check
after a one-character edit (didChange to publishDiagnostics, debounce 0).
Targets (issue 15): hover, definition, completion <= 50 ms; re-check <= 100 ms.
Prints a Markdown section for bench/RESULTS.md. Not a test."""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "tests", "lsp"))
import gen_scale  # noqa: E402
from lsp_client import LspClient  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--beskid", default=os.path.join(here, "..", "build", "release", "beskid"))
ap.add_argument("--lines", type=int, default=5000)
ap.add_argument("--runs", type=int, default=20)
args = ap.parse_args()

units = max(1, args.lines // 19)
text = gen_scale.beskid(units)
while text.count("\n") + 1 < args.lines:
    units += 1
    text = gen_scale.beskid(units)
work = tempfile.mkdtemp(prefix="beskid-lsp-bench-")
path = os.path.join(work, "big.bd")
with open(path, "w") as f:
    f.write(text)
uri = "file://" + path
nlines = text.count("\n") + 1


def pos(needle, delta=0):
    at = text.index(needle) + delta
    return {"line": text.count("\n", 0, at), "character": at - (text.rfind("\n", 0, at) + 1)}


k = units // 2
env = dict(os.environ, BESKID_LSP_DEBOUNCE_MS="0")
c = LspClient([os.path.abspath(args.beskid), "lsp"], env=env, cwd=work)
c.request("initialize", {"processId": None, "rootUri": "file://" + work, "capabilities": {}})
c.notify("initialized", {})
t0 = time.perf_counter()
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "beskid", "version": 1, "text": text}})
d = c.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"] == uri, timeout=120)
first = (time.perf_counter() - t0) * 1000
assert not [x for x in d["diagnostics"] if x["severity"] == 1], d["diagnostics"][:3]
td = {"uri": uri}


def timed(method, params, check):
    out = []
    for _ in range(args.runs):
        t = time.perf_counter()
        r = c.request(method, params)
        out.append((time.perf_counter() - t) * 1000)
        assert "error" not in r and check(r["result"]), (method, r)
    return out


call = pos(f"Area{k}(Shape{k}::Rect")
hover = timed("textDocument/hover", {"textDocument": td, "position": call},
              lambda r: f"Area{k}" in r["contents"]["value"])
definition = timed("textDocument/definition", {"textDocument": td, "position": call},
                   lambda r: r["range"]["start"] == pos(f"Area{k}(Shape{k} s)"))
member = pos(f"p.Scale(2).Sum() + Area{k}", 2)
completion = timed("textDocument/completion", {"textDocument": td, "position": member},
                   lambda r: {"Scale", "Sum", "x", "y"} <= {i["label"] for i in r})

recheck = []
edit_at = pos(f"p.Scale(2).Sum() + Area{k}", 8)
for i in range(args.runs):
    version = 2 + i
    t = time.perf_counter()
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [
        {"range": {"start": edit_at, "end": {"line": edit_at["line"], "character": edit_at["character"] + 1}},
         "text": "3" if i % 2 == 0 else "2"}]})
    c.wait_notification("textDocument/publishDiagnostics", lambda p: p.get("version") == version, timeout=60)
    recheck.append((time.perf_counter() - t) * 1000)
# an edit and a hover written together: the hover waits for the re-check
edit_then_hover = []
for i in range(args.runs):
    version = 2 + args.runs + i
    change = {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": [
            {"range": {"start": edit_at, "end": {"line": edit_at["line"], "character": edit_at["character"] + 1}},
             "text": "3" if i % 2 == 0 else "2"}]}}
    rid = 100000 + i
    hover_msg = {"jsonrpc": "2.0", "id": rid, "method": "textDocument/hover",
                 "params": {"textDocument": td, "position": call}}
    data = b""
    for m in (change, hover_msg):
        body = json.dumps(m).encode()
        data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    t = time.perf_counter()
    c.send_raw(data)
    r = c.response(rid)
    edit_then_hover.append((time.perf_counter() - t) * 1000)
    assert f"Area{k}" in r["result"]["contents"]["value"], r
c.request("shutdown")
c.notify("exit")
c.close()


def row(name, xs, target):
    med = statistics.median(xs)
    return (f"| {name} | {med:.2f} | {max(xs):.2f} | ≤ {target} | "
            f"{'**met**' if med <= target else '**missed**'} |")


cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
commit = subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print(f"""
## Language server latency (`bench/lsp_bench.py`)

- **Date**: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; **commit** `{commit}`; `python3 bench/lsp_bench.py --runs {args.runs}`
- **Machine**: `nproc` = {os.cpu_count()}, CPU `{cpu}`, {platform.system()} {platform.release()} {platform.machine()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}
- **Input**: a generated file of {nlines} lines ({units} units of `bench/gen_scale.py`), `{os.path.relpath(os.path.abspath(args.beskid), os.path.join(here, '..'))}`, debounce 0
- Round trips measured by the client (JSON-RPC over pipes included); {args.runs} runs each; the first analysis (didOpen to diagnostics) took {first:.0f} ms.

| request | median (ms) | max (ms) | target (ms) | status |
|---|---:|---:|---:|---|
{row('hover (a call)', hover, 50)}
{row('definition (a call)', definition, 50)}
{row('completion (members after `.`)', completion, 50)}
{row('re-check after a one-character edit (didChange to diagnostics)', recheck, 100)}
{row('hover sent with an edit (re-check included)', edit_then_hover, 50)}
""")
