"""The guest's serial console, read into the debug log.

qemu connects its `-serial unix:PATH` to a socket this module listens on;
each line the guest writes appears in the debug log as `Qemu serial: LINE`
(kernel messages, a login prompt, an installer's progress), which is where
a person looks when a machine does not come up.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading

from kiln.ui.log import get_logger

log = get_logger(__name__)

_ACCEPT_POLL = 0.2


class SerialLog:
    """A listening socket for one machine's serial port, and the thread that logs it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(path)
        self._listener.listen(1)
        self._listener.settimeout(_ACCEPT_POLL)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="qemu serial", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        connection = None
        while connection is None and not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = self._listener.accept()
        if connection is None:
            return
        with connection:
            connection.settimeout(_ACCEPT_POLL)
            pending = b""
            while not self._stopping.is_set():
                try:
                    chunk = connection.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    _log_line(line)
            if pending:
                _log_line(pending)

    def close(self) -> None:
        """Stop reading (what was written so far is logged) and remove the socket."""
        self._stopping.set()
        self._thread.join(timeout=5)
        self._listener.close()
        with contextlib.suppress(OSError):
            os.remove(self.path)


def _log_line(raw: bytes) -> None:
    text = raw.decode("utf-8", errors="replace").rstrip("\r\n").replace("\r", "")
    log.debug("Qemu serial: %s", text)
