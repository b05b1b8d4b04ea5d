"""Production serving: gunicorn settings sized to the machine, and a threaded worker with a request-header deadline.

`make run` reads these settings through `dashboard/gunicorn_conf.py`; `python -m dashboard` passes them directly.
Gunicorn has no header-read timeout of its own: a client that sends a first byte and then dribbles its headers would
hold a worker thread for as long as it likes. `Worker` closes such connections once HEADER_TIMEOUT has passed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from typing import Any

from gunicorn.glogging import Logger as GunicornLogger
from gunicorn.workers.gthread import ThreadWorker

MAX_LOG_LINE = 300  # characters of one log line: a 4 KB request line or method is not echoed whole
HEADER_TIMEOUT = 10.0  # seconds from a request's first byte to its last header line
SEND_TIMEOUT = 30.0  # seconds a blocked read of the body or write of the answer may wait for the client
THREADS = 32  # per worker: mostly idle readers and writers; the GIL keeps one callback running per worker at a time
# The request limits: a browser sends about 15 headers; the longest page address (the explorer's search string)
# stays well under the request-line limit.
LIMITS = {"limit_request_line": 4094, "limit_request_fields": 50, "limit_request_field_size": 8190}


def settings(host: str | None = None, port: int | None = None, workers: int | None = None) -> dict[str, Any]:
    """Gunicorn settings: threaded workers (one per core, at least two), recycling with jitter, tight request limits."""
    cores = os.cpu_count() or 1
    env_workers = os.environ.get("TRADE_LENS_WORKERS")
    out: dict[str, Any] = {
        "worker_class": "dashboard.server.Worker",
        "workers": workers or (int(env_workers) if env_workers else max(2, cores)),
        "threads": int(os.environ.get("TRADE_LENS_THREADS", THREADS)),
        # Recycle a worker now and then (a slow leak cannot grow for ever), but rarely: a new worker starts with empty
        # caches, and at 5000 +- 500 both workers of a loaded server restarted within a second of each other about
        # once a minute (50 clients: 14 failed requests and a cold-cache stall). The caches are bounded LRUs.
        "max_requests": 100_000,
        "max_requests_jitter": 50_000,  # ... never all workers at the same moment
        "timeout": 30,  # a worker whose main loop stops answering the master for 30 s is replaced
        "graceful_timeout": 20,
        "keepalive": 5,
        **LIMITS,
        "logger_class": "dashboard.server.Logger",
        "control_socket_disable": True,  # no run-time control socket in $HOME, shared by every instance
        "accesslog": "-",
        # The path without its query string, no referrer or user agent: nothing a client sends is logged at length.
        "access_log_format": '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
    }
    if host is not None and port is not None:
        out["bind"] = f"{host}:{port}"
    return out


class Worker(ThreadWorker):
    """gunicorn's gthread worker, but a connection that has not sent its headers in HEADER_TIMEOUT is closed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading: dict[Any, float] = {}  # connection -> deadline for its request headers

    def handle(self, conn: Any) -> Any:
        """Serve one request on conn in a pool thread, with a deadline on reading its headers."""
        self.reading[conn] = time.monotonic() + HEADER_TIMEOUT
        try:
            return super().handle(conn)
        finally:
            self.reading.pop(conn, None)

    def handle_request(self, req: Any, conn: Any) -> Any:
        """The headers are in: lift the deadline; body reads and answer writes each wait at most SEND_TIMEOUT."""
        self.reading.pop(conn, None)
        conn.sock.settimeout(SEND_TIMEOUT)
        return super().handle_request(req, conn)

    def murder_keepalived(self, force: bool = False) -> None:
        """Close idle kept-alive connections (gunicorn's own duty) and those past their header deadline."""
        super().murder_keepalived(force)
        now = time.monotonic()
        for conn, deadline in list(self.reading.items()):
            if now > deadline and conn.initialized:  # a pool thread is blocked reading this client's headers
                self.reading.pop(conn, None)
                with contextlib.suppress(OSError):  # the client may have gone meanwhile
                    conn.sock.shutdown(socket.SHUT_RDWR)  # the blocked read returns: the thread is free again


def _shorten(record: logging.LogRecord) -> bool:
    """Cut a log record's message to MAX_LOG_LINE characters (it is kept, never dropped)."""
    message = record.getMessage()
    if len(message) > MAX_LOG_LINE:
        record.msg, record.args = message[: MAX_LOG_LINE - 1] + "…", None
    return True


class Logger(GunicornLogger):
    """gunicorn's logger, with every error and access line cut to MAX_LOG_LINE characters."""

    def setup(self, cfg: Any) -> None:
        """Set gunicorn's loggers up, then shorten what they write."""
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(_shorten)
