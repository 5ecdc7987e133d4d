"""Serve the review app on a local port (werkzeug's threaded server)."""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import socket
import threading
import warnings
from dataclasses import dataclass
from typing import Any

from vnqual.errors import InputError, VnqualWarning
from vnqual.review._app import ReviewState, create_app, url_maker

DEFAULT_HOST = "127.0.0.1"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Server:
    """A running review server: ``url`` (with the token), ``port``; :meth:`stop` ends it."""

    state: ReviewState
    host: str
    port: int
    httpd: Any
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The link to open (with ``?token=``)."""
        return url_maker(self.state, self.host, self.port)("/")

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl+C) or :meth:`stop`."""
        self.httpd.serve_forever()

    def start(self) -> Server:
        """Serve in a background thread (tests, benchmarks)."""
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="vnqual-review", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)
        self.state.flush()


def make_server(state: ReviewState, *, host: str = DEFAULT_HOST, port: int = 0) -> Server:
    """Bind the app to ``host:port`` (port 0: a free port).

    A host other than loopback gets a :class:`~vnqual.errors.VnqualWarning` (others on the
    network can reach the server; the token still guards it). A port in use raises
    :class:`~vnqual.errors.InputError` in one line.
    """
    from werkzeug.serving import make_server as _make

    if not is_loopback(host):
        warnings.warn(
            f"serving on {host}: other computers on the network can reach the review "
            "(the token still protects it); leave out the host to keep it on this computer",
            VnqualWarning,
            stacklevel=2,
        )
    app = create_app(state)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the terminal
    sock = _bind(host, port)
    try:
        httpd = _make(host, sock.getsockname()[1], app, threaded=True, fd=sock.fileno())
    finally:
        sock.close()  # werkzeug holds its own duplicate of the descriptor
    return Server(state, host, httpd.socket.getsockname()[1], httpd)


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; one clear :class:`InputError` when that fails."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise InputError(f"cannot serve on host {host!r} ({err.strerror}); check the host") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":  # as werkzeug does; on Windows it would let two servers share a port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} on {host} is in use; give another port or leave it out to get a free one"
            ) from None
        raise InputError(
            f"cannot serve on {host}:{port} ({err.strerror or err}); check the host and port"
        ) from None
    return sock
