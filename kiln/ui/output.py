"""Command-level output: what a command says to the person or the machine.

Commands never call `print`; they call an `Output`. In human mode it writes
plain (optionally coloured) lines; with `-machine-readable` it writes Packer's
machine-readable records, `timestamp,target,type,data...`, with commas in the
data escaped as `%!(PACKER_COMMA)` and newlines as a literal `\\n`.
Everything passes through redaction first.
"""

from __future__ import annotations

import time
from typing import TextIO

from kiln.ui.redact import redact

_RED_BOLD = "\x1b[1;31m"
_RESET = "\x1b[0m"


def escape_machine_field(text: str) -> str:
    """Escape one data field of a machine-readable record as Packer does."""
    return text.replace(",", "%!(PACKER_COMMA)").replace("\r", "\\r").replace("\n", "\\n")


def machine_record(target: str, kind: str, *data: str, timestamp: int | None = None) -> str:
    """One machine-readable line (without the newline)."""
    stamp = int(time.time()) if timestamp is None else timestamp
    fields = [str(stamp), target, kind, *(escape_machine_field(d) for d in data)]
    return ",".join(fields)


class Output:
    """Where a command's messages go, in the mode the user chose."""

    def __init__(
        self, stdout: TextIO, stderr: TextIO, *, machine_readable: bool, color: bool
    ) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.machine_readable = machine_readable
        self.color = color and not machine_readable

    def say(self, text: str) -> None:
        """A normal message: stdout, or a `ui,say` record."""
        text = redact(text)
        if self.machine_readable:
            self._write(self.stdout, machine_record("", "ui", "say", text))
        else:
            self._write(self.stdout, text)

    def record(self, target: str, kind: str, *data: str) -> None:
        """A machine-readable-only record (ignored in human mode)."""
        if self.machine_readable:
            self._write(self.stdout, machine_record(target, kind, *(redact(d) for d in data)))

    def error(self, text: str) -> None:
        """An error for the person: stderr in red, or a `ui,error` record on stdout."""
        text = redact(text)
        if self.machine_readable:
            self._write(self.stdout, machine_record("", "ui", "error", text))
        elif self.color:
            self._write(self.stderr, f"{_RED_BOLD}{text}{_RESET}")
        else:
            self._write(self.stderr, text)

    def content(self, text: str) -> None:
        """A document the user asked for (`kiln fmt -`), written as is."""
        self.stdout.write(text)
        self.stdout.flush()

    def help(self, text: str, *, after_error: bool = False) -> None:
        """Usage text, as is: on stdout when asked for (as Packer), stderr after an error."""
        self._write(self.stderr if after_error else self.stdout, text.rstrip("\n"))

    @staticmethod
    def _write(stream: TextIO, text: str) -> None:
        stream.write(text + "\n")
        stream.flush()
