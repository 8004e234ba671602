"""How `kiln build` shows a run: renderers fed by the build events.

`make_renderers` picks them from the command line: the terminal renderer
(Packer's look), `-machine-readable` records, an `--events-json` stream.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from kiln.ui.events import Event, EventType, Prompter, Renderer


@dataclass
class OutputChoice:
    """What the command line asked for."""

    stdout: TextIO
    stderr: TextIO
    stdin: TextIO | None = None
    machine_readable: bool = False
    color: bool = False
    timestamp_ui: bool = False
    events_json: str | None = None


class PlainRenderer:
    """Packer's terminal look, line by line."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def handle(self, event: Event) -> None:
        """Write the lines an event makes."""
        target = str(event.data.get("target", event.build))
        if event.type in (EventType.SAY, EventType.ERROR):
            prefix = f"==> {target}: " if target else ""
            self._lines([prefix + line for line in event.text.splitlines() or [""]])
        elif event.type is EventType.MESSAGE:
            self._lines([f"    {target}: {line}" for line in event.text.splitlines() or [""]])
        elif event.type is EventType.BUILD_END:
            if event.data.get("ok") or event.data.get("cancelled"):
                self._lines([f"Build '{event.build}' finished."])
            else:
                self._lines([f"Build '{event.build}' errored: {event.text}"])
        elif event.type is EventType.RUN_END:
            self._summary(event)

    def _summary(self, event: Event) -> None:
        lines = ["", "==> Wait completed"]
        if event.data.get("cancelled"):
            lines.append("Cleanly cancelled builds after being interrupted.")
            self._lines(lines)
            return
        errors = event.data.get("errors") or {}
        if errors:
            lines += ["", "==> Some builds didn't complete successfully and had errors:"]
            lines += [f"--> {name}: {text}" for name, text in errors.items()]
        artifacts = event.data.get("artifacts") or {}
        if artifacts:
            lines += ["", "==> Builds finished. The artifacts of successful builds are:"]
            lines += [f"--> {name}: {text}" for name, texts in artifacts.items() for text in texts]
        else:
            lines += ["", "==> Builds finished but no artifacts were created."]
        self._lines(lines)

    def _lines(self, lines: list[str]) -> None:
        self.out.write("".join(line + "\n" for line in lines))
        self.out.flush()

    def close(self) -> None:
        """Nothing to release."""


class StdinPrompter:
    """Asks on the terminal, reading a line from stdin ("" at end of input)."""

    def __init__(self, out: TextIO, stdin: TextIO | None) -> None:
        self.out = out
        self.stdin = stdin

    def ask(self, question: str) -> str:
        """Print the question, read one line."""
        self.out.write(question + "\n")
        self.out.flush()
        if self.stdin is None:
            return ""
        line = self.stdin.readline()
        return line.rstrip("\n")


def make_renderers(choice: OutputChoice) -> tuple[list[Renderer], Prompter]:
    """The renderers and the prompter for a run."""
    renderers: list[Renderer] = [PlainRenderer(choice.stdout)]
    return renderers, StdinPrompter(choice.stdout, choice.stdin or sys.stdin)
