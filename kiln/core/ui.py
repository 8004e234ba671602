"""The `BuildUI` components talk through: every call becomes an event."""

from __future__ import annotations

import itertools
import threading

from kiln.ui.events import EventBus, EventType

_progress_ids = itertools.count(1)


class EventProgress:
    """A progress bar as events (`progress-start`, `progress`, `progress-end`)."""

    #: Emit at most every this many bytes, so a fast copy does not flood the renderers.
    STEP = 1 << 20

    def __init__(self, bus: EventBus, build: str, description: str, total: int | None) -> None:
        self._bus = bus
        self._build = build
        self._description = description
        self._total = total
        self._id = next(_progress_ids)
        self._done = 0
        self._reported = 0
        self._closed = False
        self._lock = threading.Lock()
        bus.emit(EventType.PROGRESS_START, build, description, id=self._id, total=total, done=0)

    def advance(self, amount: int) -> None:
        """`amount` more units are done."""
        with self._lock:
            self._done += amount
            if self._done - self._reported < self.STEP and self._done != self._total:
                return
            self._reported = self._done
            done = self._done
        self._bus.emit(
            EventType.PROGRESS, self._build, self._description,
            id=self._id, total=self._total, done=done,
        )  # fmt: skip

    def close(self) -> None:
        """The transfer ended."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._bus.emit(
            EventType.PROGRESS_END, self._build, self._description,
            id=self._id, total=self._total, done=self._done,
        )  # fmt: skip


class EventUI:
    """A build's UI (or a post-processor's: `target` is then `build (type)`)."""

    def __init__(self, bus: EventBus, build: str, target: str | None = None) -> None:
        self.bus = bus
        self.build = build
        #: The name shown before each line; Packer shows `build (type)` for post-processors.
        self.target = target or build

    def say(self, text: str) -> None:
        """`==> target: text`."""
        self.bus.emit(EventType.SAY, self.build, text, target=self.target)

    def message(self, text: str) -> None:
        """`    target: text`."""
        self.bus.emit(EventType.MESSAGE, self.build, text, target=self.target)

    def error(self, text: str) -> None:
        """`==> target: text`, in red."""
        self.bus.emit(EventType.ERROR, self.build, text, target=self.target)

    def progress(self, description: str, total: int | None) -> EventProgress:
        """A progress bar for a long transfer."""
        return EventProgress(self.bus, self.build, description, total)

    def ask(self, question: str) -> str:
        """Ask the person (prefixed with the target, as Packer does)."""
        return self.bus.ask(f"==> {self.target}: {question}")
