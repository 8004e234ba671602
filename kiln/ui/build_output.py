"""How `kiln build` shows a run: the renderers fed by the build events.

`make_renderers` picks them from the command line:

- the terminal: Packer's lines (`kiln.ui.terminal`), with a live status
  area (`kiln.ui.live`) when stdout is a terminal that nothing else writes
  to; or `-machine-readable` records (`kiln.ui.machine`);
- `-events-json=FILE` (`kiln.ui.events_json`); with `-`, stdout carries
  the JSON stream only and the terminal's lines go to stderr;
- always, the debug log (`kiln.ui.log_renderer`).

and the prompter that asks `-debug` and `-on-error=ask` questions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from kiln.ui.events import Prompter, Renderer
from kiln.ui.events_json import JsonEventsRenderer
from kiln.ui.log import read_log_settings
from kiln.ui.log_renderer import LogRenderer
from kiln.ui.machine import MachineRenderer, SilentPrompter
from kiln.ui.terminal import PackerLook, PlainRenderer, TerminalPrompter

if TYPE_CHECKING:
    from kiln.ui.live import LiveRenderer


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
    #: `-debug`: Packer says so before the builds start.
    debug: bool = False
    #: The environment (`TERM`, `PACKER_LOG`); None: the process's.
    environ: Mapping[str, str] | None = None
    #: Whether the run was interrupted (a pending question then ends).
    interrupted: Callable[[], bool] | None = None


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def wants_live_area(choice: OutputChoice, out: TextIO) -> bool:
    """Whether the live status area can be drawn on `out`.

    Only on a terminal, never with `-machine-readable`, never on a dumb
    terminal, and not when the debug log writes to the same terminal
    (its lines would tear the area apart).
    """
    environ = os.environ if choice.environ is None else choice.environ
    if choice.machine_readable or not _is_terminal(out):
        return False
    if environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    log = read_log_settings(environ)
    return not (log.enabled and log.path is None)


def _live_renderer(out: TextIO, look: PackerLook, color: bool) -> LiveRenderer:
    # rich takes about 45 ms to import: only a terminal's live area needs it, so
    # `kiln build` with its output in a pipe or a file (CI, scripts) never loads it.
    from kiln.ui.live import LiveRenderer  # noqa: PLC0415

    return LiveRenderer(out, look, color=color)


def make_renderers(choice: OutputChoice) -> tuple[list[Renderer], Prompter]:
    """The renderers and the prompter for a run."""
    out = choice.stderr if choice.events_json == "-" else choice.stdout
    color = choice.color and not choice.machine_readable
    look = PackerLook(color=color, timestamps=choice.timestamp_ui, debug=choice.debug)
    terminal: Renderer
    prompter: Prompter
    if choice.machine_readable:
        terminal, prompter = MachineRenderer(out, look), SilentPrompter()
    else:
        shown = (
            _live_renderer(out, look, color)
            if wants_live_area(choice, out)
            else PlainRenderer(out, look)
        )
        terminal = shown
        prompter = TerminalPrompter(shown, look, choice.stdin, choice.interrupted)
    renderers: list[Renderer] = [LogRenderer(), terminal]
    if choice.events_json:
        # Last: its close() may fail the command, after the terminal has been put right.
        renderers.append(JsonEventsRenderer.open(choice.events_json, choice.stdout))
    return renderers, prompter
