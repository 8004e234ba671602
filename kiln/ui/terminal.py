"""Packer's terminal look: which lines each build event makes, and in which colour.

`PackerLook` turns events into what Packer's UI layers would write:

- a build's lines are prefixed line by line, `==> name: ` for `say` and
  `error`, `    name: ` for `message` (post-processors: `name (type)`), and
  the whole result loses its trailing whitespace;
- with `-timestamp-ui`, a build's output (not the run's) starts with an
  RFC 3339 timestamp and `: ` (once per message, not per line);
- with colour, each build has one colour (Packer's palette, in build
  order): `say` in bold, `message` plain, errors in bold red; the whole
  message, lines and all, is wrapped in one colour code. The run's own
  lines (wait, summary, interrupt) are never coloured;
- the run's summary, in Packer's order, including the records that only
  `-machine-readable` shows (`Record`).

`PlainRenderer` writes those lines to a stream; `TerminalPrompter` asks
questions the way Packer's UI does (the question, a space, the answer).
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Protocol

from kiln.ui.durations import packer_duration
from kiln.ui.events import Event, EventType

#: ANSI colours of builds, in the order Packer hands them out.
PALETTE = (32, 36, 35, 33, 34)  # green, cyan, magenta, yellow, blue
RED = 31

DEBUG_NOTICE = "Debug mode enabled. Builds will not be parallelized."
FAILED_HEADING = "Some builds didn't complete successfully and had errors:"


@dataclass(frozen=True)
class Said:
    """One call of Packer's UI: `say`, `message` or `error`, its finished text and colour."""

    kind: str
    text: str
    color: int | None = None
    bold: bool = False

    def rendered(self) -> str:
        """The text as written to the terminal (wrapped in its colour code, if any)."""
        if self.color is None:
            return self.text
        return f"\x1b[{1 if self.bold else 0};{self.color}m{self.text}\x1b[0m"


@dataclass(frozen=True)
class Record:
    """A record only `-machine-readable` shows (`artifact-count`, `error`, ...)."""

    target: str
    type: str
    data: tuple[str, ...]


def rfc3339(timestamp: float) -> str:
    """`timestamp` in local time as Go's RFC 3339 layout writes it (`Z` for UTC)."""
    moment = datetime.fromtimestamp(timestamp).astimezone()
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    offset = moment.utcoffset()
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def prefix_lines(arrow: bool, target: str, text: str) -> str:
    """Every line of `text` behind `==> target: ` (or blanks instead of the arrow)."""
    lead = "==>" if arrow else "   "
    return "\n".join(f"{lead} {target}: {line}" for line in text.split("\n")).rstrip()


class PackerLook:
    """Translates events into Packer's UI calls; one per renderer (it keeps state)."""

    def __init__(self, *, color: bool, timestamps: bool = False, debug: bool = False) -> None:
        self.color = color
        self.timestamps = timestamps
        self.debug = debug
        self._now = 0.0
        self._colors: dict[str, int] = {}
        self._artifacts: dict[str, list[Event]] = {}

    # -- colours --------------------------------------------------------

    def color_of(self, build: str) -> int:
        """The build's colour code (handed out in order, as Packer does)."""
        if build not in self._colors:
            self._colors[build] = PALETTE[len(self._colors) % len(PALETTE)]
        return self._colors[build]

    def build_for(self, target: str) -> str | None:
        """The build a target (`name` or `name (type)`) belongs to, if known."""
        matches = [b for b in self._colors if target == b or target.startswith(b + " (")]
        return max(matches, key=len) if matches else None

    def _said(self, kind: str, build: str, text: str) -> Said:
        """A build's UI call: timestamped and coloured as asked."""
        if self.timestamps:
            text = f"{rfc3339(self._now)}: {text}"
        if not self.color:
            return Said(kind, text)
        if kind == "error":
            return Said(kind, text, RED, bold=True)
        return Said(kind, text, self.color_of(build), bold=kind == "say")

    # -- events ---------------------------------------------------------

    def translate(self, event: Event) -> list[Said | Record]:
        """What Packer's UI would write for `event`, in order."""
        self._now = event.time
        kind = event.type
        if kind in (EventType.SAY, EventType.MESSAGE, EventType.ERROR):
            return [self._line(event)]
        if kind is EventType.RUN_START:
            return self._start(list(event.data.get("builds") or []))
        if kind is EventType.BUILD_END:
            return [self._build_end(event)]
        if kind is EventType.ARTIFACT:
            self._artifacts.setdefault(event.build, []).append(event)
            return []
        if kind is EventType.RUN_END:
            return self._summary(event)
        return []

    def _line(self, event: Event) -> Said:
        kind = event.type.value
        target = str(event.data.get("target") or event.build)
        if not event.build and not target:
            return Said(kind, event.text)
        text = prefix_lines(kind != "message", target, event.text)
        return self._said(kind, event.build or target, text)

    def _start(self, builds: list[str]) -> list[Said | Record]:
        out: list[Said | Record] = []
        if self.debug:
            out.append(Said("say", DEBUG_NOTICE))
        for build in builds:
            color = self.color_of(str(build))
            if self.color:
                out.append(Said("say", f"{build}: output will be in this color.", color, True))
        if self.color and builds:
            out.append(Said("say", ""))
        return out

    def _build_end(self, event: Event) -> Said:
        took = packer_duration(float(event.data.get("elapsed") or 0.0))
        if event.data.get("ok") or event.data.get("cancelled"):
            return self._said("say", event.build, f"Build '{event.build}' finished after {took}.")
        message = f"Build '{event.build}' errored after {took}: {event.text}"
        return self._said("error", event.build, message)

    def _summary(self, event: Event) -> list[Said | Record]:
        took = packer_duration(float(event.data.get("elapsed") or 0.0))
        out: list[Said | Record] = [Said("say", f"\n==> Wait completed after {took}")]
        if event.data.get("cancelled"):
            out.append(Said("say", "Cleanly cancelled builds after being interrupted."))
            return out
        errors: dict[str, str] = dict(event.data.get("errors") or {})
        if errors:
            out.append(Record("", "error-count", (str(len(errors)),)))
            out.append(Said("error", f"\n==> {FAILED_HEADING}"))
            for name, text in errors.items():
                out.append(Record(name, "error", (str(text),)))
                out.append(Said("error", f"--> {name}: {text}"))
        artifacts: dict[str, list[str]] = dict(event.data.get("artifacts") or {})
        if not artifacts:
            out.append(Said("say", "\n==> Builds finished but no artifacts were created."))
            return out
        out.append(Said("say", "\n==> Builds finished. The artifacts of successful builds are:"))
        for name, strings in artifacts.items():
            out += self._artifact_lines(name, list(strings))
        return out

    def _artifact_lines(self, name: str, strings: list[str]) -> list[Said | Record]:
        events = {e.data.get("index"): e for e in self._artifacts.get(name, [])}
        out: list[Said | Record] = [Record(name, "artifact-count", (str(len(strings)),))]
        for index, string in enumerate(strings):
            out += [
                Record(name, "artifact", (str(index), *data))
                for data in _artifact_data(events.get(index), string)
            ]
            out.append(Said("say", f"--> {name}: {string}"))
        return out

    # -- questions ------------------------------------------------------

    def question(self, question: str) -> Said:
        """A question as Packer's UI asks it: prefixed line by line, in the build's colour.

        `question` arrives as `==> target: text` (the build's UI added the
        first prefix); questions are never timestamped, as in Packer.
        """
        if question.startswith("==> ") and ": " in question:
            target, _, body = question[4:].partition(": ")
            build = self.build_for(target)
            if build is not None:
                text = prefix_lines(True, target, body)
                if self.color:
                    return Said("ask", text, self.color_of(build), bold=True)
                return Said("ask", text)
        return Said("ask", question)


def _artifact_data(event: Event | None, string: str) -> list[tuple[str, ...]]:
    """The data of one artifact's `artifact,i,...` records, in Packer's order."""
    if event is None:
        return [("string", string), ("end",)]
    files = [str(f) for f in event.data.get("files") or []]
    return [
        ("builder-id", str(event.data.get("builder_id", ""))),
        ("id", str(event.data.get("id", ""))),
        ("string", string),
        ("files-count", str(len(files))),
        *[("file", str(n), f) for n, f in enumerate(files)],
        ("end",),
    ]


class PlainRenderer:
    """Packer's terminal look, line by line, on a stream."""

    def __init__(self, out: IO[str], look: PackerLook) -> None:
        self.out = out
        self.look = look
        # Re-entrant: a signal handler may emit while the main thread is writing.
        self._lock = threading.RLock()
        self._gone = False
        self._asking = 0
        self._held: list[str] = []

    def handle(self, event: Event) -> None:
        """Write the lines an event makes (held back while a question waits, as Packer)."""
        said = [item.rendered() for item in self.look.translate(event) if isinstance(item, Said)]
        if not said:
            return
        text = "".join(line + "\n" for line in said)
        with self._lock:
            if self._asking:
                self._held.append(text)
            else:
                self.write(text)

    def write(self, text: str) -> None:
        """Write `text` as is (a question, an echo)."""
        with self._lock:
            if not self._gone:
                self._gone = not write_out(self.out, text)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """While a question waits, other lines wait too; they follow the answer."""
        with self._lock:
            self._asking += 1
        try:
            yield
        finally:
            with self._lock:
                self._asking -= 1
                if not self._asking:
                    held, self._held = self._held, []
                    self.write("".join(held))

    def close(self) -> None:
        """Flush."""
        self.write("")


def write_out(out: IO[str], text: str) -> bool:
    """Write and flush; False when the reader has gone (the builds go on regardless)."""
    try:
        if text:
            out.write(text)
        out.flush()
    except (BrokenPipeError, ValueError):
        # A closed pipe (`kiln build | head`) or stream: the run must still
        # finish and clean up, so the output is dropped instead of failing builds.
        return False
    return True


class PromptSurface(Protocol):
    """Where a prompter writes: the plain renderer, or the live one (paused while asking)."""

    def write(self, text: str) -> None:
        """Write text as is."""

    def paused(self) -> contextlib.AbstractContextManager[None]:
        """Stop any live display while the person answers."""


class TerminalPrompter:
    """Asks as Packer does: the question in its build's colour, a space, one line read.

    Answers come from stdin (Packer reads its controlling terminal; stdin
    lets a script answer). When stdin is not a terminal nothing echoes the
    answer, so the prompter ends the line itself. A run interrupted while a
    question waits ends the question with an empty answer, as Packer does.
    """

    def __init__(
        self,
        surface: PromptSurface,
        look: PackerLook,
        stdin: IO[str] | None,
        interrupted: Callable[[], bool] | None = None,
    ) -> None:
        self.surface = surface
        self.look = look
        self.stdin = stdin
        self.interrupted = interrupted or (lambda: False)
        self._lock = threading.Lock()

    def ask(self, question: str) -> str:
        """Show `question`, return the line typed ("" at end of input or on interrupt)."""
        with self._lock, self.surface.paused():
            self.surface.write(self.look.question(question).rendered() + " ")
            line, echoed = self._read_line()
            if not echoed:
                self.surface.write("\n")
        return line.strip()

    def _read_line(self) -> tuple[str, bool]:
        """The answer, and whether the terminal echoed its newline."""
        if self.stdin is None:
            return "", False
        try:
            fd = self.stdin.fileno()
        except (OSError, ValueError):
            return self.stdin.readline().rstrip("\n"), False
        data = bytearray()
        for chunk in self._bytes(fd):
            if chunk is None:
                return "", False
            if chunk == b"\n":
                return data.decode("utf-8", errors="replace"), os.isatty(fd)
            if chunk == b"":
                break
            data += chunk
        return data.decode("utf-8", errors="replace"), False

    def _bytes(self, fd: int) -> Iterator[bytes | None]:
        """stdin one byte at a time (so later questions get later lines); None on interrupt."""
        while True:
            if self.interrupted():
                yield None
                return
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                yield os.read(fd, 1)
