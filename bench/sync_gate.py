#!/usr/bin/env python3
"""sync_gate.py LISTEN_PORT HUB_PORT N — a loopback gate for bench/sync.sh's
"20 sites at once" row. It reads each request whole; pushes
(POST /api/v1/sync/push) wait until N of them have arrived (or 60 s passed) and
are then sent to the hub together, so the hub's busy window measures the hub
applying N concurrent batches rather than the spread of N `bekal sync` processes
starting up. Other requests pass straight through. Answers are relayed as they
come. Prints nothing; stop it with SIGTERM."""
import socket
import sys
import threading

listen_port, hub_port, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
barrier = threading.Barrier(n)


def read_request(c):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = c.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v.strip())
    while len(body) < length:
        chunk = c.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head, body


def serve(c):
    with c:
        req = read_request(c)
        if req is None:
            return
        head, body = req
        if head.startswith(b"POST /api/v1/sync/push "):
            try:
                barrier.wait(timeout=60)
            except threading.BrokenBarrierError:
                pass
        # one request a connection: the hub closes after answering
        lines = [l for l in head.split(b"\r\n") if not l.lower().startswith(b"connection:")]
        up = socket.create_connection(("127.0.0.1", hub_port))
        with up:
            up.sendall(b"\r\n".join(lines) + b"\r\nConnection: close\r\n\r\n" + body)
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                c.sendall(chunk)


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", listen_port))
s.listen(64)
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
