"""Reliability probes against a running server on loopback: slow-header clients, an oversized body, timed requests.

`python -m bench.probe --port P` runs the probes of issue 11 against a server already listening on 127.0.0.1:P.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

HOST = "127.0.0.1"


@contextlib.contextmanager
def slow_header_clients(port: int, n: int, interval: float = 1.0) -> Iterator[list[int]]:
    """Hold n connections that send a request line, then one header line every interval seconds, never finishing.

    A client the server cuts off reconnects and starts again. Yields a one-element list counting the connections made.
    """
    stop = threading.Event()
    made = [0]

    def client() -> None:
        while not stop.is_set():
            try:
                with socket.create_connection((HOST, port), timeout=5) as s:
                    made[0] += 1
                    s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
                    i = 0
                    while not stop.wait(interval):
                        s.sendall(b"X-Slow-%d: x\r\n" % i)
                        i += 1
            except OSError:  # cut off by the server: come back
                stop.wait(0.2)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(n)]
    for t in threads:
        t.start()
    try:
        yield made
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=interval + 6)


def timed_get(port: int, path: str = "/", timeout: float = 10.0) -> tuple[int, float]:
    """GET path on a fresh connection; return (status, seconds), status 0 when it failed or timed out."""
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        return r.status, time.perf_counter() - t0
    except OSError:
        return 0, time.perf_counter() - t0
    finally:
        conn.close()


def big_post(port: int, megabytes: int, timeout: float = 60.0) -> tuple[int, float]:
    """POST megabytes MB of JSON-looking bytes to the callback route; return (status, seconds), 0 when cut off."""
    chunk = b" " * (1024 * 1024)
    t0 = time.perf_counter()
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(
                b"POST /_dash-update-component HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n{" % (megabytes * len(chunk) + 2)
            )
            with contextlib.suppress(OSError):  # the server may answer and close before the body is all sent
                for _ in range(megabytes):
                    s.sendall(chunk)
                s.sendall(b"}")
            status_line = s.makefile("rb").readline()
        status = int(status_line.split()[1]) if status_line else 0
    except (OSError, ValueError, IndexError):
        status = 0
    return status, time.perf_counter() - t0


def slow_client_probe(port: int, slow: int = 30, normal: int = 20, seconds: float = 20.0) -> dict[str, Any]:
    """With `slow` slow-header clients holding connections, send `normal` GET / spread over `seconds`."""
    results = []
    with slow_header_clients(port, slow) as made:
        time.sleep(2)  # let them all connect and start dribbling
        for _ in range(normal):
            t0 = time.perf_counter()
            results.append(timed_get(port))
            time.sleep(max(0.0, seconds / normal - (time.perf_counter() - t0)))
    ok = sorted(s for code, s in results if code == 200)
    return {
        "slow_clients": slow,
        "slow_connections_made": made[0],
        "normal_requests": normal,
        "normal_ok": len(ok),
        "normal_p95_s": round(ok[max(0, int(len(ok) * 0.95) - 1)], 3) if ok else None,
        "normal_max_s": round(max(s for _, s in results), 3),
    }


def main() -> None:
    """Run the probes against a server on 127.0.0.1:--port and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--slow", type=int, default=30)
    parser.add_argument("--normal", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--post-mb", type=int, default=50)
    args = parser.parse_args()
    out = slow_client_probe(args.port, args.slow, args.normal, args.seconds)
    print(json.dumps(out), flush=True)
    status, seconds = big_post(args.port, args.post_mb)
    out.update({"post_mb": args.post_mb, "post_status": status, "post_s": round(seconds, 2)})
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
