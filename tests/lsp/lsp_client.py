"""A minimal Language Server Protocol client for the tests of `beskid lsp`:
Content-Length framing over the server's stdin/stdout, requests matched to
their responses by id, notifications kept in order."""
import json
import os
import select
import subprocess
import time


class LspClient:
    def __init__(self, argv, env=None, cwd=None):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=env, cwd=cwd)
        self.next_id = 1
        self.buf = b""
        self.notifications = []

    def send_raw(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request_async(self, method, params=None):
        rid = self.next_id
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return rid

    def read_message(self, timeout=20.0):
        deadline = time.monotonic() + timeout
        while True:
            head_end = self.buf.find(b"\r\n\r\n")
            if head_end >= 0:
                length = None
                for line in self.buf[:head_end].split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                assert length is not None, "no Content-Length in %r" % self.buf[:head_end]
                if len(self.buf) >= head_end + 4 + length:
                    body = self.buf[head_end + 4:head_end + 4 + length]
                    self.buf = self.buf[head_end + 4 + length:]
                    return json.loads(body)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from the server")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise EOFError("the server closed its output")
                self.buf += chunk

    def response(self, rid, timeout=20.0):
        while True:
            msg = self.read_message(timeout)
            if "id" in msg and "method" not in msg and msg["id"] == rid:
                return msg
            if "id" in msg and "method" not in msg and msg["id"] is None:
                self.notifications.append(msg)  # an error about an unreadable message
                continue
            self.notifications.append(msg)

    def request(self, method, params=None, timeout=20.0):
        return self.response(self.request_async(method, params), timeout)

    def wait_notification(self, method, predicate=lambda p: True, timeout=20.0):
        for i, msg in enumerate(self.notifications):
            if msg.get("method") == method and predicate(msg.get("params")):
                del self.notifications[i]
                return msg["params"]
        deadline = time.monotonic() + timeout
        while True:
            msg = self.read_message(max(0.01, deadline - time.monotonic()))
            if msg.get("method") == method and predicate(msg.get("params")):
                return msg["params"]
            self.notifications.append(msg)

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        return self.proc.wait(timeout=20)
