"""`-events-json=FILE`: every build event as one JSON object per line.

The stream is written as the run goes (one line per event, flushed at
once), so a tool can follow it live (`tail -f`, or `-` for stdout piped
into another program); it is complete when `kiln build` exits. Events
reach it already redacted by the event bus. A file that cannot be written
to the end fails the command when the run is over (the builds still finish
and clean up); a reader of `-` that goes away only stops the stream.
"""

from __future__ import annotations

import json
import threading
from typing import IO

from kiln.errors import UsageError
from kiln.ui.events import Event


class JsonEventsRenderer:
    """Writes `Event.as_json()` objects, one per line."""

    def __init__(self, out: IO[str], *, name: str | None = None) -> None:
        self.out = out
        #: The file's name, or None for stdout (not ours to close).
        self.name = name
        self._lock = threading.RLock()
        self._failure: str | None = None

    @classmethod
    def open(cls, destination: str, stdout: IO[str]) -> JsonEventsRenderer:
        """The stream for `-events-json=destination` (`-`: stdout), truncated."""
        if destination == "-":
            return cls(stdout)
        try:
            stream = open(destination, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        except OSError as error:
            raise UsageError(
                f'-events-json: cannot write "{destination}": {error.strerror or error}'
            ) from None
        return cls(stream, name=destination)

    def handle(self, event: Event) -> None:
        """Write one line for the event."""
        line = json.dumps(event.as_json(), ensure_ascii=False, default=str)
        with self._lock:
            if self._failure is not None:
                return
            try:
                self.out.write(line + "\n")
                self.out.flush()
            except (OSError, ValueError) as error:
                self._failure = str(getattr(error, "strerror", None) or error)

    def close(self) -> None:
        """Flush, close the file (never stdout); fail if the file could not be written."""
        with self._lock:
            try:
                if not self.out.closed:
                    self.out.flush()
                    if self.name is not None:
                        self.out.close()
            except (OSError, ValueError) as error:
                self._failure = self._failure or str(getattr(error, "strerror", None) or error)
            if self._failure is not None and self.name is not None:
                failure, self._failure = self._failure, None
                raise UsageError(f'-events-json: could not write "{self.name}": {failure}')
