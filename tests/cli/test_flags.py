"""Packer's flag spellings, parsed by the one declaration each command makes."""

from __future__ import annotations

from typing import Any

import click
import pytest

from kiln.cli.command import Flag, FlagKind, PackerCommand, render_help
from kiln.errors import UsageError

FLAGS = [
    Flag("force", "Force a build.", FlagKind.BOOL),
    Flag("color", "Disable color output. (Default: color)", FlagKind.BOOL, True, "-color=false"),
    Flag("var", "Variable for templates.", FlagKind.REPEATED, display="-var 'key=value'"),
    Flag("only", "Build only these.", FlagKind.LIST, display="-only=foo,bar,baz"),
    Flag("on-error", "What to do on error.", FlagKind.VALUE, "cleanup"),
]


def _parse(*args: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def record(invocation: object, **values: Any) -> int:
        seen.update(values)
        return 0

    command = PackerCommand(
        "build",
        usage="kiln build [options] TEMPLATE",
        description="Builds.",
        flags=FLAGS,
        callback=record,
        arguments=[click.Argument(["template"], required=False)],
    )
    command.main(list(args), standalone_mode=False, obj=None)
    return seen


def test_defaults() -> None:
    assert _parse() == {
        "force": False,
        "color": True,
        "var": [],
        "only": [],
        "on_error": "cleanup",
        "template": None,
    }


@pytest.mark.parametrize(
    "args",
    [
        ["-var", "a=1", "-var=b=2", "--var", "c=3"],
        ["--var=a=1", "-var", "b=2", "-var", "c=3"],
    ],
)
def test_repeated_values_keep_their_order(args: list[str]) -> None:
    assert _parse(*args)["var"] == ["a=1", "b=2", "c=3"]


def test_lists_split_on_commas_and_accumulate() -> None:
    assert _parse("-only=a,b", "--only", "c")["only"] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("args", "force", "color"),
    [
        (["-force"], True, True),
        (["--force"], True, True),
        (["-force=false", "-color=false"], False, False),
        (["-force=1", "--color=F"], True, False),
        (["-color=true"], False, True),
    ],
)
def test_booleans_as_go_reads_them(args: list[str], force: bool, color: bool) -> None:
    values = _parse(*args)
    assert (values["force"], values["color"]) == (force, color)


def test_flags_and_template_in_any_order() -> None:
    values = _parse("t.pkr.hcl", "-force", "-on-error=abort")
    assert (values["template"], values["force"], values["on_error"]) == ("t.pkr.hcl", True, "abort")


def test_a_bad_boolean_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match='invalid boolean value "maybe" for -force'):
        _parse("-force=maybe")


def test_after_double_dash_nothing_is_a_flag() -> None:
    assert _parse("--", "-force")["template"] == "-force"


def test_help_layout_matches_packer() -> None:
    text = render_help("kiln build [options] TEMPLATE", "Builds.\nIn parallel.", FLAGS)
    assert text.splitlines() == [
        "Usage: kiln build [options] TEMPLATE",
        "",
        "  Builds.",
        "  In parallel.",
        "",
        "Options:",
        "",
        "  -force                        Force a build.",
        "  -color=false                  Disable color output. (Default: color)",
        "  -var 'key=value'              Variable for templates.",
        "  -only=foo,bar,baz             Build only these.",
        "  -on-error                     What to do on error.",
    ]
