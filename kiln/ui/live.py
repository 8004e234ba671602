"""A live status area under Packer's lines, for a person at a terminal.

Packer's lines (the same text and colours as the plain renderer) scroll
above; below them, redrawn a few times a second, one row per running
build — its colour, its name, the step it is in and how long it has been
running — and a progress bar per transfer. The area is transient: when
the run ends (or a question is asked) it disappears and only Packer's
lines remain.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TransferSpeedColumn,
)
from rich.spinner import Spinner
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kiln.ui.events import Event, EventType
from kiln.ui.terminal import RED, PackerLook, Said, write_out

_PROGRESS = (EventType.PROGRESS_START, EventType.PROGRESS, EventType.PROGRESS_END)
_COLOR_NAMES = {31: "red", 32: "green", 33: "yellow", 34: "blue", 35: "magenta", 36: "cyan"}


def clock(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`) for the status area."""
    whole = max(int(seconds), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass
class _Running:
    """What the status area knows about one running build."""

    color: int
    started: float
    step: str = ""
    step_started: float = 0.0
    #: The build's latest line, shown after its step.
    latest: str = ""
    spinner: Spinner = field(default_factory=lambda: Spinner("dots"))


class BuildStatus:
    """The status area's state: running builds and transfers, fed by events."""

    def __init__(self, look: PackerLook, *, color: bool) -> None:
        self.look = look
        self.color = color
        self._lock = threading.Lock()
        self._running: dict[str, _Running] = {}
        self.progress = Progress(
            TextColumn("  {task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            auto_refresh=False,
        )
        self._tasks: dict[object, TaskID] = {}

    def update(self, event: Event) -> bool:
        """Take in one event; True when the area's rows changed (not only their text)."""
        with self._lock:
            if event.type in (EventType.SAY, EventType.MESSAGE):
                if event.build:
                    self._said(event)
                return False
            if event.type is EventType.BUILD_START:
                self._running[event.build] = _Running(self.look.color_of(event.build), event.time)
            elif event.type is EventType.BUILD_END:
                self._running.pop(event.build, None)
            elif event.type in (EventType.STEP_START, EventType.STEP_END):
                self._step(event)
            elif event.type in _PROGRESS:
                self._progress(event)
            else:
                return False
            return True

    def _step(self, event: Event) -> None:
        running = self._running.get(event.build)
        if running is None:
            return
        if event.type is EventType.STEP_START:
            running.step, running.step_started = event.text, event.time
        elif running.step == event.text:
            running.step = ""

    def _said(self, event: Event) -> None:
        running = self._running.get(event.build)
        lines = [line for line in event.text.splitlines() if line.strip()]
        if running is not None and lines:
            running.latest = lines[-1].strip()

    def _progress(self, event: Event) -> None:
        key = event.data.get("id")
        total = event.data.get("total")
        done = event.data.get("done") or 0
        if event.type is EventType.PROGRESS_END:
            task = self._tasks.pop(key, None)
            if task is not None:
                self.progress.remove_task(task)
            return
        task = self._tasks.get(key)
        if task is None:
            description = f"{event.build}: {event.text}" if event.build else event.text
            task = self.progress.add_task(description, total=total)
            self._tasks[key] = task
        self.progress.update(task, completed=done, total=total)

    def renderable(self) -> RenderableType:
        """The area as it is now (called by the live display's refresh)."""
        now = time.time()
        rows = Table.grid(padding=(0, 1))
        for _ in range(4):
            rows.add_column(no_wrap=True)
        rows.add_column(no_wrap=True, overflow="ellipsis", style="dim")
        with self._lock:
            for name, running in self._running.items():
                style = Style(color=_COLOR_NAMES[running.color]) if self.color else Style()
                running.spinner.style = style
                step = "…"
                if running.step:
                    step = f"{running.step} ({clock(now - running.step_started)})"
                rows.add_row(
                    running.spinner,
                    Text(name, style=style),
                    Text(clock(now - running.started)),
                    Text(step),
                    Text(running.latest),
                )
            has_tasks = bool(self._tasks)
        if has_tasks:
            return Group(rows, self.progress)
        return rows


class LiveRenderer:
    """Packer's lines above, the live status area below (rich)."""

    def __init__(self, out: IO[str], look: PackerLook, *, color: bool) -> None:
        self.look = look
        self.color = color
        self.console = Console(
            file=out,
            force_terminal=True,
            color_system="standard" if color else None,
            no_color=not color,
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=True,
        )
        self.status = BuildStatus(look, color=color)
        self.live = Live(
            console=self.console,
            get_renderable=self.status.renderable,
            refresh_per_second=4,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._lock = threading.RLock()
        self._paused = 0
        self._held: list[Said] = []
        self._ended = False

    def handle(self, event: Event) -> None:
        """Update the area; print the event's lines above it."""
        changed = self.status.update(event)
        with self._lock:
            if event.type is EventType.RUN_START and not self._ended:
                self._start()
            if event.type is EventType.RUN_END:
                # The summary is written below the finished run, not above a live area.
                self._ended = True
                self.live.stop()
            if changed and self.live.is_started:
                self.live.refresh()  # so the lines below are printed above the new rows
            said = [item for item in self.look.translate(event) if isinstance(item, Said)]
            if self._paused:
                self._held += said
            else:
                self._print(said)

    def _print(self, said: list[Said]) -> None:
        try:
            for item in said:
                self.console.print(self._text(item))
        except (BrokenPipeError, ValueError):
            self._ended = True  # nobody reads any more; the builds go on

    def _start(self) -> None:
        if not self._paused:
            self.live.start()

    def _text(self, said: Said) -> Text:
        if said.color is None or not self.color:
            return Text(said.text)
        color = _COLOR_NAMES.get(said.color, _COLOR_NAMES[RED])
        return Text(said.text, style=Style(color=color, bold=said.bold))

    def write(self, text: str) -> None:
        """Write text as is (questions): only while paused."""
        with self._lock:
            write_out(self.console.file, text)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Hide the area while a question waits; other lines wait too, then follow the answer."""
        with self._lock:
            self._paused += 1
            self.live.stop()
        try:
            yield
        finally:
            with self._lock:
                self._paused -= 1
                if not self._paused:
                    held, self._held = self._held, []
                    self._print(held)
                    if not self._ended:
                        self.live.start()

    def close(self) -> None:
        """Remove the area (the run is over)."""
        with self._lock:
            self._ended = True
            self.live.stop()
            self.console.file.flush()
