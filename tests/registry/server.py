#!/usr/bin/env python3
"""A Beskid package registry for the tests (issue 16), Python standard library only.

Speaks the registry protocol under {base}/api:
  GET  /api/packages                         -> [{name, latestVersion, description}]
  GET  /api/search?q=TEXT                     -> same shape, names containing TEXT
  GET  /api/packages/{name}                   -> {name, latestVersion, description, dependencies[...], versions[...]}
  GET  /api/packages/{name}/versions          -> [{version, isYanked, checksumSha256, sizeBytes, publishedAtUtc}]
                                                 newest first
  GET  /api/packages/{name}/versions/{v}/download -> the archive (404 when yanked)
  POST /api/packages/{name}/publish           -> multipart: artifact, checksumSha256, manifestJson; the version is
                                                 the archive's package.json version (else the next patch); same
                                                 checksum again is idempotent, a different one is 409
  POST /api/packages/{name}/versions/{v}/yank | /unyank
  GET  /api/users/me
Writes need `X-API-Key: bpk_test` or `Authorization: Bearer tok_test` (else 401).
Errors are non-2xx with {"success": false, "message": ...}.

State lives in --state DIR (packages/<name>/<version>.bpk plus index.json). Faults are read from DIR/fault.json
at every request: {"kind": K, "match": "substring of the path" (optional), ...} with K one of
  status      respond {"status": N} with a JSON message
  badjson     respond 200 with text that is not JSON
  body        respond 200 with {"body": TEXT}
  unsuccess   respond 200 with {"success": false, "message": "refused by test"}
  slow        sleep {"seconds": S} before answering normally
  corrupt     serve downloads with one byte changed (checksum mismatch)
  drop        close the connection without answering
The server writes its port to --port-file, and exits by itself after --lifetime seconds (a test that dies
half-way leaves nothing running for long).
"""
import argparse
import hashlib
import io
import json
import os
import re
import sys
import threading
import time
import zipfile
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

API_KEY = "bpk_test"
TOKEN = "tok_test"
NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")


def version_key(text):
    parts = re.split(r"[.+-]", text)
    key = []
    for p in parts[:3]:
        key.append(int(p) if p.isdigit() else 0)
    while len(key) < 3:
        key.append(0)
    # a pre-release sorts before its release
    key.append(0 if "-" in text else 1)
    return tuple(key)


class State:
    def __init__(self, root):
        self.root = root
        self.lock = threading.Lock()
        os.makedirs(os.path.join(root, "packages"), exist_ok=True)
        self.index_path = os.path.join(root, "index.json")

    def load(self):
        try:
            with open(self.index_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def save(self, index):
        tmp = self.index_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(index, f, indent=1, sort_keys=True)
        os.replace(tmp, self.index_path)

    def archive_path(self, name, version):
        return os.path.join(self.root, "packages", name, version + ".bpk")

    def fault(self):
        try:
            with open(os.path.join(self.root, "fault.json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None


def parse_multipart(body, content_type):
    m = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not m:
        return None
    boundary = b"--" + m.group(1).encode()
    fields = {}
    for part in body.split(boundary)[1:]:
        if part.startswith(b"--"):
            break
        part = part[2:] if part.startswith(b"\r\n") else part
        head, _, data = part.partition(b"\r\n\r\n")
        if data.endswith(b"\r\n"):
            data = data[:-2]
        nm = re.search(rb'name="([^"]*)"', head)
        if nm:
            fields[nm.group(1).decode()] = data
    return fields


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "beskid-test-registry/1"

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("registry: " + (fmt % args) + "\n")

    # --- replies
    def send_bytes(self, status, data, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_json(self, status, value):
        self.send_bytes(status, json.dumps(value).encode(), "application/json")

    def error(self, status, message):
        self.send_json(status, {"success": False, "message": message})

    def authorized(self):
        if self.headers.get("X-API-Key") == API_KEY:
            return True
        return self.headers.get("Authorization") == "Bearer " + TOKEN

    # --- dispatch
    def do_GET(self):
        self.handle_request("GET")

    def do_POST(self):
        self.handle_request("POST")

    def handle_request(self, method):
        self.server.touch()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlparse(self.path)
        path = unquote(url.path)
        fault = self.server.state.fault()
        if fault and fault.get("match", "") in path:
            kind = fault.get("kind")
            if kind == "status":
                return self.error(int(fault.get("status", 500)), fault.get("message", "injected failure"))
            if kind == "body":
                return self.send_bytes(200, fault.get("body", "").encode(), "application/json")
            if kind == "badjson":
                return self.send_bytes(200, b"<html>not json</html>", "application/json")
            if kind == "unsuccess":
                return self.send_json(200, {"success": False, "message": "refused by test"})
            if kind == "slow":
                time.sleep(float(fault.get("seconds", 5)))
            if kind == "drop":
                self.close_connection = True
                return
        if not path.startswith("/api/"):
            return self.error(404, "not found")
        parts = [p for p in path[len("/api/"):].split("/") if p]
        try:
            self.route(method, parts, parse_qs(url.query), body, fault)
        except BrokenPipeError:
            pass

    def route(self, method, parts, query, body, fault):
        st = self.server.state
        if method == "GET" and parts == ["packages"]:
            return self.send_json(200, self.summaries(lambda n: True))
        if method == "GET" and parts == ["search"]:
            q = (query.get("q") or [""])[0].lower()
            return self.send_json(200, self.summaries(lambda n: q in n.lower()))
        if method == "GET" and parts == ["users", "me"]:
            if not self.authorized():
                return self.error(401, "missing or invalid credentials")
            return self.send_json(200, {"success": True, "username": "tester", "email": "tester@example.org"})
        if len(parts) < 2 or parts[0] != "packages" or not NAME_RE.match(parts[1]):
            return self.error(404, "not found")
        name = parts[1]
        with st.lock:
            index = st.load()
        pkg = index.get(name)
        if method == "POST" and parts[2:] == ["publish"]:
            return self.publish(name, body)
        if pkg is None:
            return self.error(404, "package `%s` not found" % name)
        versions = sorted(pkg["versions"], key=lambda v: version_key(v["version"]), reverse=True)
        if method == "GET" and len(parts) == 2:
            latest = next((v for v in versions if not v["isYanked"]), versions[0] if versions else None)
            return self.send_json(200, {
                "name": name, "description": pkg.get("description", ""),
                "latestVersion": latest["version"] if latest else None,
                "dependencies": latest.get("dependencies", []) if latest else [],
                "versions": [self.public(v) for v in versions]})
        if method == "GET" and parts[2:] == ["versions"]:
            out = [self.public(v) for v in versions]
            if fault and fault.get("kind") == "wrongsum":
                for v in out:
                    v["checksumSha256"] = "0" * 64
            return self.send_json(200, out)
        if len(parts) == 5 and parts[2] == "versions":
            ver = next((v for v in versions if v["version"] == parts[3]), None)
            if ver is None:
                return self.error(404, "version %s of `%s` not found" % (parts[3], name))
            action = parts[4]
            if method == "GET" and action == "download":
                if ver["isYanked"]:
                    return self.error(404, "version %s of `%s` is yanked" % (parts[3], name))
                with open(st.archive_path(name, ver["version"]), "rb") as f:
                    data = f.read()
                if fault and fault.get("kind") == "corrupt":
                    data = data[:-1] + bytes([data[-1] ^ 0xFF])
                return self.send_bytes(200, data, "application/zip")
            if method == "POST" and action in ("yank", "unyank"):
                if not self.authorized():
                    return self.error(401, "missing or invalid credentials")
                with st.lock:
                    index = st.load()
                    for v in index[name]["versions"]:
                        if v["version"] == ver["version"]:
                            v["isYanked"] = action == "yank"
                    st.save(index)
                return self.send_json(200, {"success": True, "name": name, "version": ver["version"],
                                            "isYanked": action == "yank"})
        return self.error(404, "not found")

    @staticmethod
    def public(v):
        return {k: v[k] for k in ("version", "isYanked", "checksumSha256", "sizeBytes", "publishedAtUtc")}

    def summaries(self, keep):
        st = self.server.state
        with st.lock:
            index = st.load()
        out = []
        for name in sorted(index):
            if not keep(name):
                continue
            live = [v for v in index[name]["versions"] if not v["isYanked"]]
            latest = max(live, key=lambda v: version_key(v["version"]))["version"] if live else None
            out.append({"name": name, "latestVersion": latest, "description": index[name].get("description", "")})
        return out

    def publish(self, name, body):
        st = self.server.state
        if not self.authorized():
            return self.error(401, "missing or invalid credentials")
        fields = parse_multipart(body, self.headers.get("Content-Type"))
        if not fields or "artifact" not in fields:
            return self.error(400, "multipart field `artifact` is required")
        artifact = fields["artifact"]
        digest = hashlib.sha256(artifact).hexdigest()
        claimed = fields.get("checksumSha256", b"").decode().strip().lower()
        if claimed and claimed != digest:
            return self.error(400, "checksumSha256 does not match the artifact")
        try:
            with zipfile.ZipFile(io.BytesIO(artifact)) as z:
                package = json.loads(z.read("package.json"))
                # lenient on purpose: the tests publish broken archives for the client to refuse
                manifest = z.read("Project.proj").decode() if "Project.proj" in z.namelist() else ""
        except (zipfile.BadZipFile, KeyError, ValueError) as e:
            return self.error(400, "invalid package archive: %s" % e)
        if package.get("id") != name:
            return self.error(400, "package.json id `%s` is not `%s`" % (package.get("id"), name))
        deps = []
        for m in re.finditer(r'dependency\s+"([^"]+)"\s*\{([^}]*)\}', manifest):
            block = dict(re.findall(r'(\w+)\s*=\s*"?([^"\n]*)"?', m.group(2)))
            if block.get("source", "").strip() == "registry":
                deps.append({"name": m.group(1), "version": block.get("version", ""), "source": "registry",
                             "registry": block.get("registry")})
        with st.lock:
            index = st.load()
            pkg = index.setdefault(name, {"description": "", "versions": []})
            version = package.get("version")
            if not version:
                newest = max((v["version"] for v in pkg["versions"]), key=version_key, default="0.0.0")
                a, b, c = version_key(newest)[:3]
                version = "%d.%d.%d" % (a, b, c + 1)
            existing = next((v for v in pkg["versions"] if v["version"] == version), None)
            if existing:
                if existing["checksumSha256"] == digest:
                    return self.send_json(200, {"success": True, "name": name, "version": version,
                                                "checksumSha256": digest, "alreadyPublished": True})
                return self.error(409, "version %s of `%s` is already published with another checksum"
                                  % (version, name))
            os.makedirs(os.path.dirname(st.archive_path(name, version)), exist_ok=True)
            with open(st.archive_path(name, version), "wb") as f:
                f.write(artifact)
            pkg["versions"].append({
                "version": version, "isYanked": False, "checksumSha256": digest, "sizeBytes": len(artifact),
                "publishedAtUtc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "dependencies": deps})
            st.save(index)
        return self.send_json(201, {"success": True, "name": name, "version": version, "checksumSha256": digest})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def touch(self):
        self.last = time.time()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--state", required=True, help="state directory")
    ap.add_argument("--port-file", help="write the port here once listening")
    ap.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    ap.add_argument("--lifetime", type=float, default=120, help="exit after this many seconds")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    server.state = State(args.state)
    server.verbose = args.verbose
    server.touch()
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print(port, flush=True)
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
