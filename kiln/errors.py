"""The exceptions that mean "the user can fix this", as opposed to bugs in Kiln.

Anything raised that is a `KilnError` is reported on the console as a clear
message and the command exits with `exit_code` (1, as Packer does). Any other
exception is a bug: the console gets one "internal error" line and the
traceback goes to the debug log.
"""

from __future__ import annotations


class KilnError(Exception):
    """A problem the user can fix: bad input, a missing tool, a failed build."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n\n{self.hint}"
        return self.message


class UsageError(KilnError):
    """The command line itself is wrong (unknown flag, missing argument)."""


class MissingToolError(KilnError):
    """A program Kiln needs is not installed on this machine."""


class CommandFailedError(KilnError):
    """A subprocess exited unsuccessfully; the message shows how to rerun it."""

    def __init__(self, message: str, *, command: str, returncode: int, output_tail: str) -> None:
        super().__init__(message)
        self.command = command
        self.returncode = returncode
        self.output_tail = output_tail


class CommandTimedOutError(KilnError):
    """A subprocess ran past its time limit and was stopped."""


class CancelledError(KilnError):
    """The run was interrupted (Ctrl-C, SIGTERM) and has cleaned up."""
