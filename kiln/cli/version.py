"""`kiln version`: Kiln's version and the Packer version it follows."""

from __future__ import annotations

from kiln.cli.command import PackerCommand
from kiln.cli.invocation import Invocation
from kiln.version import PACKER_COMPAT_VERSION, __version__


def version_line() -> str:
    """The one line `kiln version`, `-v` and `--version` print."""
    return f"Kiln v{__version__} (compatible with Packer v{PACKER_COMPAT_VERSION})"


def show_version(invocation: Invocation) -> int:
    """Print the version; in machine-readable mode, Packer's records too.

    The `version` record carries the Packer version Kiln is compatible with,
    because scripts that parse `packer -machine-readable version` compare it
    against Packer releases; Kiln's own version is in `kiln-version`.
    """
    output = invocation.output
    output.record("", "version", PACKER_COMPAT_VERSION)
    output.record("", "version-prelease", "")
    output.record("", "version-commit", "")
    output.record("", "kiln-version", __version__)
    output.say(version_line())
    return 0


COMMAND = PackerCommand(
    "version",
    usage="kiln version",
    description=(
        "Prints the Kiln version and the version of Packer whose templates,\n"
        "command line and output it reproduces."
    ),
    flags=[],
    callback=show_version,
)
