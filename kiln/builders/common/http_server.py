"""The build's HTTP server (Packer's `StepHTTPServer`): files for the guest's installer.

A VM builder puts `StartHTTPServer(config)` in its steps, after the step
that finds the address the guest reaches this machine by (it writes
`state.data["http_ip"]`) and before the boot command. With `http_directory`
the directory's files are served (directory listings and `index.html` as
Go's file server); with `http_content` each URL path serves its text from
memory and any other path is a 404 naming the closest known path. The port
is the first free one found from a random start in `http_port_min`..
`http_port_max` (Packer's docs: "a randomly available port in this range",
so parallel builds rarely race for the same one), bound on
`http_bind_address` (every interface by default) or `http_interface`'s
address. The server runs on the standard library's `ThreadingHTTPServer`
in a daemon thread and stops in the step's cleanup.

What the step makes known: `state.data["http_port"]` (int) and
`state.data["http_ip"]`, and the build values `PackerHTTPIP`,
`PackerHTTPPort`, `PackerHTTPAddr` (`{{ .HTTPIP }}`, `build.PackerHTTPAddr`,
and `PACKER_HTTP_*` in shell scripts), computed as Packer's provisioning
hook computes them.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import fcntl
import functools
import http.server
import os
import posixpath
import random
import socket
import struct
import threading
import urllib.parse
from collections.abc import Mapping
from typing import Any

from kiln.builders.common.http import HTTPConfig
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError
from kiln.ui.log import get_logger

log = get_logger(__name__)

__all__ = ["StartHTTPServer", "http_values"]


class StartHTTPServer(Step):
    """Serve `http_directory` or `http_content` to the guest while the build runs.

    Reads `state.data["http_ip"]` (the address the guest uses, set by an
    earlier builder step; optional). Writes `state.data["http_port"]` (0 when
    there is nothing to serve, as Packer), `state.data["http_ip"]` (the
    bound address when no step set one) and the `PackerHTTP*` build values.
    """

    name = "StepHTTPServer"

    def __init__(self, config: HTTPConfig) -> None:
        self.config = config
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def run(self, state: BuildState) -> None:
        """Start the server (nothing to serve: only `http_port` = 0)."""
        config = self.config
        if not config.serves_http:
            state.data["http_port"] = 0
            state.run.values.update(http_values(state.data))
            return
        if config.http_directory and not os.path.isdir(config.http_directory):
            reason = "no such file or directory"
            if os.path.exists(config.http_directory):
                reason = "not a directory"
            raise KilnError(f'Error finding "{config.http_directory}": {reason}')
        address = _bind_address(config)
        server = _listen(address, config, _handler(config))
        self._server = server
        port = int(server.server_address[1])
        ip = str(state.data.get("http_ip") or address)
        state.ui.say(f"Starting HTTP server on address {ip} and port {port}")
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.2},
            name=f"http {state.run.name}",
            daemon=True,
        )
        self._thread.start()
        state.data["http_ip"] = ip
        state.data["http_port"] = port
        state.run.values.update(http_values(state.data))

    def cleanup(self, state: BuildState) -> None:
        """Stop the server and free its port."""
        server, self._server = self._server, None
        if server is None:
            return
        if self._thread is not None:
            server.shutdown()
            self._thread.join(timeout=10)
        server.server_close()


def http_values(data: Mapping[str, Any]) -> dict[str, str]:
    """`PackerHTTPIP`/`Port`/`Addr` from `http_ip` and `http_port`, as Packer's hook data.

    A value whose state entry is missing is left out (the build keeps its
    `ERR_..._NOT_IMPLEMENTED_BY_BUILDER` placeholder); the address needs both.
    """
    values: dict[str, str] = {}
    if "http_port" in data:
        values["PackerHTTPPort"] = str(data["http_port"])
    if "http_ip" in data:
        values["PackerHTTPIP"] = str(data["http_ip"])
    if "http_port" in data and "http_ip" in data:
        values["PackerHTTPAddr"] = f"{data['http_ip']}:{data['http_port']}"
    return values


# -- listening ---------------------------------------------------------------


def _bind_address(config: HTTPConfig) -> str:
    if config.http_network_protocol in ("unix", "unixpacket"):
        raise KilnError(
            f'http_network_protocol "{config.http_network_protocol}" is not supported by Kiln: '
            "the guest reaches the server over TCP.",
            hint='Use "tcp", "tcp4" or "tcp6".',
        )
    if config.http_interface:
        return _interface_address(config.http_interface)
    if config.http_bind_address:
        return config.http_bind_address
    return "::" if config.http_network_protocol == "tcp6" else "0.0.0.0"


def _interface_address(name: str) -> str:
    """The IPv4 address of the interface `name` (SIOCGIFADDR)."""
    siocgifaddr = 0x8915
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            packed = fcntl.ioctl(
                probe.fileno(), siocgifaddr, struct.pack("256s", name[:15].encode())
            )
        except OSError as error:
            raise KilnError(
                f'http_interface "{name}": no IPv4 address found ({error.strerror or error})'
            ) from None
    return socket.inet_ntoa(packed[20:24])


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # Binding with SO_REUSEADDR would let two builds share a port on some systems.
    allow_reuse_address = False


class _Server6(_Server):
    address_family = socket.AF_INET6


def _listen(
    address: str, config: HTTPConfig, handler: type[http.server.BaseHTTPRequestHandler]
) -> _Server:
    low, high = config.http_port_min, config.http_port_max
    ports = list(range(low, high + 1))
    if not ports:
        raise KilnError(
            f"Error finding port: http_port_min ({low}) is above http_port_max ({high})"
        )
    start = random.randrange(len(ports))
    server_class = _Server6 if ":" in address else _Server
    for port in ports[start:] + ports[:start]:
        server = server_class((address, port), handler, bind_and_activate=False)
        try:
            server.server_bind()
            server.server_activate()
        except OSError as error:
            server.server_close()
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                continue
            raise KilnError(
                f"Error finding port: cannot listen on {address}:{port}: {error.strerror or error}",
                hint="Check http_bind_address (an address of this machine).",
            ) from None
        return server
    raise KilnError(
        f"Error finding port: every port from {low} to {high} is in use on {address}",
        hint="Widen http_port_min/http_port_max.",
    )


# -- answering -------------------------------------------------------------


def _handler(config: HTTPConfig) -> type[http.server.BaseHTTPRequestHandler]:
    if config.http_directory:
        return functools.partial(  # type: ignore[return-value]
            _DirectoryHandler, directory=os.path.abspath(config.http_directory)
        )
    return functools.partial(  # type: ignore[return-value]
        _ContentHandler, content=dict(config.http_content)
    )


class _Quiet(http.server.BaseHTTPRequestHandler):
    """Requests go to the debug log, never to the terminal."""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http server: %s %s", self.address_string(), format % args)


class _DirectoryHandler(_Quiet, http.server.SimpleHTTPRequestHandler):
    """Files of `http_directory`, with listings (as Go's http.FileServer)."""


class _ContentHandler(_Quiet):
    """`http_content`: URL path → text, 404 for anything else."""

    def __init__(self, *args: Any, content: dict[str, str], **kwargs: Any) -> None:
        self.content = content
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        """Answer with the text of the path, or a 404."""
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        """The headers a GET would have."""
        self._answer(with_body=False)

    def _answer(self, *, with_body: bool) -> None:
        path = posixpath.normpath(urllib.parse.unquote(urllib.parse.urlsplit(self.path).path))
        path = "/" + path.lstrip("/")
        text = self.content.get(path)
        status = 200
        if text is None:
            status = 404
            text = f"{path} not found."
            close = difflib.get_close_matches(path, sorted(self.content), n=1)
            if close:
                text += f' Did you mean "{close[0]}"?'
            text += "\n"
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            with contextlib.suppress(OSError):
                self.wfile.write(body)
