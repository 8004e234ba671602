"""Packer-shaped commands on top of click.

A command declares its flags once, as `Flag`s; that one declaration gives the
parser (Go's flag rules: `-name`, `--name`, `-name=value`, `-name value`,
booleans as `-name` or `-name=false`, repeatable flags, comma lists) and the
`-h` help text in Packer's layout:

    Usage: kiln build [options] TEMPLATE

      Will execute multiple builds in parallel as defined in the template.

    Options:

      -force                        Force a build to continue if artifacts exist.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import click

from kiln.errors import UsageError

#: Help options accepted by every command, as Packer accepts them.
HELP_NAMES = ("-h", "-help", "--help")

_GO_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_GO_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


class FlagKind(enum.Enum):
    """How a flag takes its value."""

    BOOL = "bool"  # -force, -force=true, -force=false
    VALUE = "value"  # -name=value or -name value; the last one wins
    REPEATED = "repeated"  # -var a=1 -var b=2: every occurrence, in order
    LIST = "list"  # -only=a,b -only=c: comma-separated, accumulated


@dataclass(frozen=True)
class Flag:
    """One command-line flag: its name, how it takes values, and its help."""

    name: str
    help: str
    kind: FlagKind = FlagKind.BOOL
    default: Any = None
    #: How the flag is shown in help, e.g. "-var 'key=value'"; defaults to "-name".
    display: str = ""

    @property
    def dest(self) -> str:
        """The Python parameter name the value is passed as."""
        return self.name.replace("-", "_")

    @property
    def shown(self) -> str:
        """The flag as help prints it."""
        return self.display or f"-{self.name}"

    def to_click(self) -> click.Option:
        """The click option that parses this flag."""
        names = [f"-{self.name}", f"--{self.name}", self.dest]
        if self.kind is FlagKind.BOOL:
            default = bool(self.default)
            return click.Option(names, type=click.STRING, default="true" if default else "false")
        if self.kind is FlagKind.VALUE:
            return click.Option(names, type=click.STRING, default=self.default)
        return click.Option(names, type=click.STRING, multiple=True)


def parse_go_bool(flag: str, text: str) -> bool:
    """Read a boolean flag value with Go's strconv.ParseBool rules."""
    if text in _GO_TRUE:
        return True
    if text in _GO_FALSE:
        return False
    raise UsageError(f'invalid boolean value "{text}" for -{flag}: parse error')


def _split_flag(arg: str) -> tuple[str, str | None] | None:
    """`-name=value` → ("name", "value"); `--name` → ("name", None); not a flag → None."""
    if not arg.startswith("-") or arg in ("-", "--"):
        return None
    body = arg[2:] if arg.startswith("--") else arg[1:]
    if not body or body.startswith("-"):
        return None
    name, sep, value = body.partition("=")
    return name, (value if sep else None)


def normalize_args(args: Sequence[str], flags: Sequence[Flag]) -> list[str]:
    """Rewrite Go-style boolean flags so that click always sees `-name=true|false`.

    Everything after `--` is left alone. Unknown flags are passed through for
    click to reject with a usage error.
    """
    booleans = {f.name for f in flags if f.kind is FlagKind.BOOL}
    known = {f.name for f in flags} | {name.lstrip("-") for name in HELP_NAMES}
    out: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            out.append(arg)
            out.extend(rest)
            break
        split = _split_flag(arg)
        if split is not None and split[0] not in known:
            # Go's flag package names the whole flag (click would say "-b" for "-bogus").
            raise click.UsageError(f"flag provided but not defined: -{split[0]}")
        if split is None or split[0] not in booleans:
            out.append(arg)
            continue
        name, value = split
        truth = True if value is None else parse_go_bool(name, value)
        out.append(f"-{name}={'true' if truth else 'false'}")
    return out


def _decode(flags: Sequence[Flag], raw: dict[str, Any]) -> dict[str, Any]:
    """Turn click's strings into the typed values the callback receives."""
    values: dict[str, Any] = {}
    for flag in flags:
        value = raw.pop(flag.dest)
        if flag.kind is FlagKind.BOOL:
            value = value == "true"
        elif flag.kind is FlagKind.REPEATED:
            value = list(value)
        elif flag.kind is FlagKind.LIST:
            value = [part for item in value for part in item.split(",") if part]
        values[flag.dest] = value
    values.update(raw)
    return values


class PackerCommand(click.Command):
    """A click command that parses and documents itself as a Packer command does."""

    def __init__(
        self,
        name: str,
        *,
        usage: str,
        description: str,
        flags: Sequence[Flag],
        callback: Callable[..., int],
        arguments: Sequence[click.Argument] = (),
    ) -> None:
        self.flags = list(flags)
        self.usage = usage
        self.description = description

        def invoke(**raw: Any) -> int:
            invocation = click.get_current_context().obj
            return callback(invocation, **_decode(self.flags, raw))

        super().__init__(
            name,
            callback=invoke,
            params=[*(f.to_click() for f in self.flags), *arguments],
            context_settings={"help_option_names": list(HELP_NAMES)},
        )

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Apply Go's boolean-flag spelling before click parses."""
        return super().parse_args(ctx, normalize_args(args, self.flags))

    def get_help(self, ctx: click.Context) -> str:
        """Help in Packer's layout."""
        return render_help(self.usage, self.description, self.flags)


def render_help(usage: str, description: str, flags: Sequence[Flag]) -> str:
    """Packer's help layout: usage line, indented description, aligned options."""
    lines = [f"Usage: {usage}", ""]
    lines.extend(f"  {line}" if line else "" for line in description.strip("\n").splitlines())
    if flags:
        lines.extend(["", "Options:", ""])
        for flag in flags:
            shown = flag.shown
            gap = " " * (30 - len(shown)) if len(shown) < 30 else " "
            lines.append(f"  {shown}{gap}{flag.help}")
    return "\n".join(lines) + "\n"
