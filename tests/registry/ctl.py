#!/usr/bin/env python3
"""Start, stop and steer the test registry (server.py) from lit RUN lines.

  ctl.py start DIR        start a registry with its state in DIR; prints its base URL (also in DIR/url)
  ctl.py stop DIR         stop it (it also exits by itself after two minutes)
  ctl.py fault DIR JSON   inject a fault (see server.py); `ctl.py fault DIR none` clears it
  ctl.py dead-url DIR     a base URL on 127.0.0.1 where nothing listens (printed, and in DIR/url)
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def start(state):
    os.makedirs(state, exist_ok=True)
    port_file = os.path.join(state, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    log = open(os.path.join(state, "server.log"), "ab")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--state", state, "--port-file",
                             port_file, "--lifetime", "120"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=log, start_new_session=True)
    with open(os.path.join(state, "pid"), "w") as f:
        f.write("%d\n" % proc.pid)
    deadline = time.time() + 10
    while not os.path.exists(port_file):
        if proc.poll() is not None or time.time() > deadline:
            sys.exit("test registry did not start (see %s/server.log)" % state)
        time.sleep(0.02)
    with open(port_file) as f:
        url = "http://127.0.0.1:%d" % int(f.read())
    with open(os.path.join(state, "url"), "w") as f:
        f.write(url)
    print(url)


def stop(state):
    try:
        with open(os.path.join(state, "pid")) as f:
            pid = int(f.read())
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError):
        pass


def fault(state, text):
    path = os.path.join(state, "fault.json")
    if text == "none":
        if os.path.exists(path):
            os.remove(path)
        return
    json.loads(text)
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def dead_url(state):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    os.makedirs(state, exist_ok=True)
    url = "http://127.0.0.1:%d" % port
    with open(os.path.join(state, "url"), "w") as f:
        f.write(url)
    print(url)


def main():
    a = sys.argv[1:]
    if a[:1] == ["start"] and len(a) == 2:
        start(a[1])
    elif a[:1] == ["stop"] and len(a) == 2:
        stop(a[1])
    elif a[:1] == ["fault"] and len(a) == 3:
        fault(a[1], a[2])
    elif a[:1] == ["dead-url"] and len(a) == 2:
        dead_url(a[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
