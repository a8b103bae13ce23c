#!/usr/bin/env python3
"""A syslog sink for the logging benchmark: counts the UDP datagrams it receives on 127.0.0.1:PORT.

Usage: udp_sink.py PORT STATE_FILE
Every 0.2 s (and on SIGTERM) it rewrites STATE_FILE with "datagrams bytes" on the first line and the
last datagram received on the second, so the bench script can count the lines a proxy sent during a
run and show what one looked like. The receive buffer is made large so a burst is not lost in the
kernel (lost datagrams show in /proc/net/snmp, Udp RcvbufErrors, which the script reports too).
"""
import os
import signal
import socket
import sys
import time


def main() -> int:
    port, state = int(sys.argv[1]), sys.argv[2]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    s.bind(("127.0.0.1", port))
    s.settimeout(0.2)
    count = 0
    size = 0
    last = b""
    stop = False

    def save():
        tmp = state + ".tmp"
        with open(tmp, "wb") as f:
            f.write(f"{count} {size}\n".encode() + last.rstrip(b"\n") + b"\n")
        os.replace(tmp, state)

    def term(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, term)
    save()
    due = time.monotonic() + 0.2
    recv = s.recv
    while not stop:
        try:
            last = recv(65536)
            count += 1
            size += len(last)
            if count & 255 == 0 and time.monotonic() >= due:
                save()
                due = time.monotonic() + 0.2
        except socket.timeout:
            save()
            due = time.monotonic() + 0.2
    save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
