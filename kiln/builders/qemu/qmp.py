"""A minimal QMP (qemu's JSON monitor protocol) client: one command at a time
over the machine's `-qmp unix:...` socket."""

from __future__ import annotations

import json
import socket
import time
from typing import Any

from kiln.errors import KilnError


class QMPError(KilnError):
    """The monitor could not be reached or refused a command."""


def qmp_command(
    path: str, command: str, arguments: dict[str, Any] | None = None, timeout: float = 10.0
) -> Any:
    """Connect to the QMP socket at `path` (waiting up to `timeout` for it), run `command`."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(path)
            break
        except OSError as error:
            sock.close()
            if time.monotonic() > deadline:
                raise QMPError(f"QMP failed to connect: {error}") from None
            time.sleep(0.1)
    with sock, sock.makefile("rw", encoding="utf-8") as stream:
        _reply(stream)  # the greeting
        _send(stream, "qmp_capabilities", None)
        _reply(stream)
        _send(stream, command, arguments)
        return _reply(stream)


def _send(stream: Any, command: str, arguments: dict[str, Any] | None) -> None:
    message: dict[str, Any] = {"execute": command}
    if arguments:
        message["arguments"] = arguments
    stream.write(json.dumps(message) + "\n")
    stream.flush()


def _reply(stream: Any) -> Any:
    while True:
        line = stream.readline()
        if not line:
            raise QMPError("QMP closed the connection")
        message = json.loads(line)
        if "event" in message:
            continue
        if "error" in message:
            raise QMPError(f"QMP error: {message['error'].get('desc', message['error'])}")
        return message.get("return", message)
