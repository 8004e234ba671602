"""`-machine-readable`: Packer's `timestamp,target,type,data...` records for a run.

Every UI call becomes a `ui` record (`ui,say`, `ui,message`, `ui,error`)
whose data is the text the terminal would show, uncoloured (prefixes and
`-timestamp-ui` timestamps included); the run's summary adds `error-count`,
`error`, `artifact-count` and the `artifact` records, in Packer's order.
As in Packer, the `ui` records have an empty target. Nobody can be asked a
question: the answer is always empty.
"""

from __future__ import annotations

import threading
from typing import IO

from kiln.ui.events import Event
from kiln.ui.output import machine_record
from kiln.ui.terminal import PackerLook, Record, Said, write_out


class MachineRenderer:
    """Writes one machine-readable record per line."""

    def __init__(self, out: IO[str], look: PackerLook) -> None:
        self.out = out
        self.look = look
        self._lock = threading.RLock()
        self._gone = False

    def handle(self, event: Event) -> None:
        """Write the records an event makes."""
        stamp = int(event.time)
        lines = []
        for item in self.look.translate(event):
            if isinstance(item, Said):
                lines.append(machine_record("", "ui", item.kind, item.text, timestamp=stamp))
            elif isinstance(item, Record):
                lines.append(machine_record(item.target, item.type, *item.data, timestamp=stamp))
        if lines:
            self._write("".join(line + "\n" for line in lines))

    def _write(self, text: str) -> None:
        with self._lock:
            if not self._gone:
                self._gone = not write_out(self.out, text)

    def close(self) -> None:
        """Flush."""
        self._write("")


class SilentPrompter:
    """Packer's machine-readable UI cannot ask: every answer is empty."""

    def ask(self, question: str) -> str:
        """Return "" without showing anything."""
        return ""
