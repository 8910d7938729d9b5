"""A local portal for collector tests: a threaded HTTP server on 127.0.0.1 with a request log.

Each request is logged with the kernel's receive time of its first byte (SO_TIMESTAMPNS), so
gaps between request starts measured here are what the network saw, not when a server thread
happened to be scheduled.
"""

from __future__ import annotations

import hashlib
import itertools
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux value; Python does not export it


@dataclass
class Route:
    """What one path answers: a fixed page, or a handler for special behaviour."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # conditional requests: an ETag from the body and a fixed Last-Modified
    validators: bool = True
    last_modified: datetime = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    # special behaviour: called with the handler and the hit number (1-based) on this path
    handler: Callable[[BaseHTTPRequestHandler, int], None] | None = None

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Hit:
    """One logged request."""

    at: float  # kernel receive time of the request's first byte (epoch seconds)
    handled_at: float
    path: str
    headers: dict[str, str]
    status: int


class PortalServer:
    """A threaded HTTP server on 127.0.0.1:0 serving `routes`; `hits` is the request log."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                pass

            def handle_one_request(self) -> None:
                self._rx = _peek_receive_time(self.connection)
                if self._rx is None:
                    self.close_connection = True
                    return
                super().handle_one_request()

            def do_GET(self) -> None:
                server._serve(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
        self.httpd.daemon_threads = True
        self.httpd.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.httpd.socket.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.httpd.server_bind()
        self.httpd.server_activate()
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.in_flight = 0
        self.max_in_flight = 0

    def start(self) -> PortalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.hits]

    def hits_on(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self._lock:
            count = self._counts[path] = self._counts.get(path, 0) + 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        route = self.routes.get(path)
        rx = getattr(handler, "_rx", None) or time.time()
        # logged before answering, so a client that has its answer always finds it logged
        hit = Hit(rx, time.time(), path, dict(handler.headers.items()), 0)
        with self._lock:
            self.hits.append(hit)
        handler._hit = hit  # type: ignore[attr-defined]
        try:
            if route is None:
                hit.status = _send(handler, 404, b"not found", {"Content-Type": "text/plain"})
            elif route.handler is not None:
                route.handler(handler, count)
                hit.status = getattr(handler, "_status", 200)
            else:
                hit.status = _serve_route(handler, route)
        finally:
            with self._lock:
                self.in_flight -= 1


def _serve_route(handler: BaseHTTPRequestHandler, route: Route) -> int:
    headers = {"Content-Type": route.content_type, **route.headers}
    if route.validators and route.status == 200:
        headers["ETag"] = route.etag
        headers["Last-Modified"] = format_datetime(route.last_modified, usegmt=True)
        if_none = handler.headers.get("If-None-Match")
        if_since = handler.headers.get("If-Modified-Since")
        if if_none is not None:
            if if_none == route.etag:
                return _send(handler, 304, b"", {"ETag": route.etag})
        elif if_since is not None:
            try:
                since = parsedate_to_datetime(if_since)
            except (TypeError, ValueError):
                since = None
            if since is not None and since >= route.last_modified:
                return _send(handler, 304, b"", {})
    return _send(handler, route.status, route.body, headers)


def _send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]
) -> int:
    handler._status = status  # type: ignore[attr-defined]
    hit = getattr(handler, "_hit", None)
    if hit is not None:
        hit.status = status  # before answering: the client may look at the log at once
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    if status != 304:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if status != 304 and body:
        handler.wfile.write(body)
    return status


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    """For route handlers: answer with `status`, `body` and headers (`Content_Type=...`)."""
    _send(handler, status, body, {k.replace("_", "-"): v for k, v in headers.items()})


def _peek_receive_time(conn: socket.socket) -> float | None:
    """Block until the next request's first byte arrives; its kernel receive time (or None: EOF)."""
    try:
        data, ancillary, _flags, _addr = conn.recvmsg(1, 256, socket.MSG_PEEK)
    except OSError:
        return None
    if not data:
        return None
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(payload) >= 16:
            seconds, nanos = struct.unpack("qq", payload[:16])
            return seconds + nanos / 1e9
    return time.time()


def gaps(hits: list[Hit]) -> list[float]:
    """Seconds between consecutive request starts, in arrival order."""
    times = sorted(h.at for h in hits)
    return [b - a for a, b in itertools.pairwise(times)]
