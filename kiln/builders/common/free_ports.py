"""Picking a free TCP port from a range for something that will listen later
(qemu's VNC server, the host end of a forwarded SSH port).

Packer's way, kept: try the ports of the range from a random start, take
the first that can be bound, release it for the program that will use it,
and hold a lock file on it until the build ends so that parallel builds
(of this or another Kiln process) never pick the same port.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import random
import socket
import tempfile
from dataclasses import dataclass
from typing import IO

from kiln.errors import KilnError

_LOCK_DIR = "kiln-port-locks"


@dataclass
class ReservedPort:
    """A port found free and locked for this build; `release()` frees the lock."""

    port: int
    _lock: IO[str] | None

    def release(self) -> None:
        """Let other builds pick the port again."""
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.close()


def reserve_port(address: str, low: int, high: int) -> ReservedPort:
    """A free port between `low` and `high` (inclusive) on `address`, locked for this build."""
    ports = list(range(low, high + 1))
    if not ports:
        raise KilnError(f"Error finding port: the range {low}-{high} is empty")
    start = random.randrange(len(ports))
    for port in ports[start:] + ports[:start]:
        lock = _lock(port)
        if lock is None:
            continue
        if _bindable(address, port):
            return ReservedPort(port, lock)
        lock.close()
    raise KilnError(
        f"Error finding port: no free port between {low} and {high} on {address or '0.0.0.0'}"
    )


def _lock(port: int) -> IO[str] | None:
    directory = os.path.join(tempfile.gettempdir(), _LOCK_DIR)
    os.makedirs(directory, exist_ok=True)
    handle = open(os.path.join(directory, f"{port}.lock"), "w")  # noqa: SIM115 (held open)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def _bindable(address: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with contextlib.closing(socket.socket(family, socket.SOCK_STREAM)) as probe:
        try:
            probe.bind((address or "0.0.0.0", port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise KilnError(
                f"Error finding port: cannot listen on {address}:{port}: {error.strerror}"
            ) from None
    return True
