"""Every build event in the debug log (`PACKER_LOG=1`), at debug level.

Each event is one log line, `event <type> <JSON>`, so the log holds the
whole run even when the terminal showed only part of it (a live area,
`-machine-readable`). Events are already redacted; the log handler's
filter redacts once more.
"""

from __future__ import annotations

import json
import logging

from kiln.ui.events import Event
from kiln.ui.log import get_logger


class LogRenderer:
    """Sends events to the `kiln.events` logger."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self.log = logger or get_logger("events")

    def handle(self, event: Event) -> None:
        """Log the event (nothing is formatted when the debug log is off)."""
        if self.log.isEnabledFor(logging.DEBUG):
            payload = json.dumps(event.as_json(), ensure_ascii=False, default=str)
            self.log.debug("event %s %s", event.type.value, payload)

    def close(self) -> None:
        """Nothing to release: the log outlives the run."""
