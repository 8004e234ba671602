"""Build events: everything a build has to say, as data, for every renderer.

The build engine never prints. It emits `Event`s into one `EventBus`; the
bus redacts secrets (so no renderer, log or JSON stream can see one) and
hands each event, in order, to every renderer attached to it: the terminal
(Packer's look, with a live status area), `-machine-readable`, the
`--events-json` stream and the debug log.

Event types and their `data`:

| type | build | text | data |
|---|---|---|---|
| `run-start` | "" | | `builds`: names in order, `run_uuid` |
| `build-start` | name | | `builder_type` |
| `say` / `message` / `error` | name or "" | the line(s) | |
| `step-start` / `step-end` | name | step title | `step`, `elapsed` (end) |
| `progress-start` / `progress` / `progress-end` | name | description | `id`, `total`, `done` |
| `build-end` | name | error message or "" | `ok`, `cancelled`, `elapsed` |
| `artifact` | name | artifact string | `index`, `builder_id`, `id`, `files` |
| `run-end` | "" | | `errors` {build: text}, `artifacts` {build: [texts]}, `elapsed`, `cancelled` |
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from kiln.ui.redact import redact


class EventType(StrEnum):
    """What happened."""

    RUN_START = "run-start"
    BUILD_START = "build-start"
    SAY = "say"
    MESSAGE = "message"
    ERROR = "error"
    STEP_START = "step-start"
    STEP_END = "step-end"
    PROGRESS_START = "progress-start"
    PROGRESS = "progress"
    PROGRESS_END = "progress-end"
    BUILD_END = "build-end"
    ARTIFACT = "artifact"
    RUN_END = "run-end"


@dataclass(frozen=True)
class Event:
    """One thing a run or a build did or said."""

    type: EventType
    build: str = ""
    text: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    time: float = field(default_factory=time.time)

    def as_json(self) -> dict[str, Any]:
        """The event as one JSON object of the `--events-json` stream."""
        return {
            "time": self.time,
            "type": self.type.value,
            "build": self.build,
            "text": self.text,
            **{k: v for k, v in self.data.items() if k not in ("time", "type", "build", "text")},
        }


class Renderer(Protocol):
    """Something that shows events (terminal, machine-readable, JSON, log)."""

    def handle(self, event: Event) -> None:
        """Show one event."""

    def close(self) -> None:
        """The run is over: flush and release the output."""


class Prompter(Protocol):
    """Something that can ask the person a question (the terminal renderer)."""

    def ask(self, question: str) -> str:
        """Show `question`, return the line typed ("" when there is nobody to ask)."""


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {k: _redacted(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(v) for v in value]
    return value


class EventBus:
    """Delivers events, redacted and in order, to every attached renderer."""

    def __init__(self, renderers: list[Renderer] | None = None) -> None:
        self._renderers: list[Renderer] = list(renderers or [])
        self._lock = threading.RLock()
        self.prompter: Prompter | None = None

    def attach(self, renderer: Renderer) -> None:
        """Add a renderer."""
        with self._lock:
            self._renderers.append(renderer)

    def emit(self, type: EventType, build: str = "", text: str = "", **data: Any) -> None:
        """Emit one event to every renderer."""
        event = Event(type, build, redact(text), _redacted(data))
        with self._lock:
            for renderer in self._renderers:
                renderer.handle(event)

    def ask(self, question: str) -> str:
        """Ask the person through the prompter ("" when there is none)."""
        with self._lock:
            prompter = self.prompter
        return "" if prompter is None else prompter.ask(redact(question))

    def close(self) -> None:
        """Close every renderer."""
        with self._lock:
            for renderer in self._renderers:
                renderer.close()
