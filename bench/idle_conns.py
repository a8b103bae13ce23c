#!/usr/bin/env python3
"""Hold N idle TCP connections open to HOST:PORT (loopback only) for a bounded time.

Usage: idle_conns.py HOST PORT N HOLD_SECONDS READY_FILE

Opens N connections (sending nothing), writes "opened=K failed=F" to READY_FILE once every connect has
been tried, holds them for HOLD_SECONDS, then checks each one is still open (no FIN/RST received) and
prints "opened=K failed=F alive=A" on stdout before closing them all. Used by tcp-bench.sh to measure a
proxy's memory per idle proxied connection.
"""
import os
import resource
import select
import socket
import sys
import time


def main() -> int:
    host, port, n, hold, ready = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
    if host not in ("127.0.0.1", "localhost", "::1"):
        print("idle_conns.py: loopback targets only", file=sys.stderr)
        return 2
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, n + 64)) if hard != resource.RLIM_INFINITY else max(soft, n + 64)
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))

    socks, failed = [], 0
    deadline = time.monotonic() + 60
    for i in range(n):
        if time.monotonic() > deadline:
            failed += n - i
            break
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(5)
        try:
            s.connect((host, port))
            socks.append(s)
        except OSError as e:
            failed += 1
            s.close()
            if failed <= 3:
                print(f"idle_conns.py: connect #{i} failed: {e}", file=sys.stderr)
        if i % 200 == 199:
            time.sleep(0.02)  # pace the accept queue a little
    with open(ready + ".tmp", "w") as f:
        f.write(f"opened={len(socks)} failed={failed}\n")
    os.replace(ready + ".tmp", ready)

    time.sleep(hold)

    # poll, not select: descriptors pass FD_SETSIZE (1024) with a few thousand sockets
    poller = select.poll()
    for s in socks:
        poller.register(s, select.POLLIN)
    ready_fds = {fd: ev for fd, ev in poller.poll(0)}
    alive = 0
    for s in socks:
        ev = ready_fds.get(s.fileno())
        if ev is None:
            alive += 1
            continue
        if ev & (select.POLLERR | select.POLLNVAL):
            continue
        try:
            s.setblocking(False)
            if s.recv(1, socket.MSG_PEEK) != b"":
                alive += 1  # data arrived, but still open
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    for s in socks:
        s.close()
    print(f"opened={len(socks)} failed={failed} alive={alive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
