"""legacy_isotime and legacy_strftime as current Packer defines them: a Go
layout and a go-strftime format rendered at the run's start time, RFC 3339
without an argument, an error with more than one."""

from __future__ import annotations

import re

import pytest

from kiln.hcl.eval import EvalContext, evaluate_expression_text
from kiln.hcl.functions import functions_for
from kiln.hcl.printer import format_value

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def _evaluate(expr: str) -> tuple[str | None, str | None]:
    value, diags = evaluate_expression_text(expr, EvalContext({}, functions_for(".")))
    if diags.has_errors:
        return None, " ".join(diags.errors()[0].detail.split())
    return format_value(value), None


@pytest.mark.parametrize("name", ["legacy_isotime", "legacy_strftime"])
def test_without_a_format_the_time_is_rfc3339(name: str) -> None:
    out, err = _evaluate(f"{name}()")
    assert err is None and out is not None and re.fullmatch(STAMP, out)
    assert out == _evaluate("timestamp()")[0]


@pytest.mark.parametrize("name", ["legacy_isotime", "legacy_strftime"])
def test_more_than_one_format_is_an_error(name: str) -> None:
    out, err = _evaluate(f'{name}("a", "b")')
    assert out is None and err is not None
    assert "too many values, 1 needed: [a b]" in err


def test_strftime_keeps_directives_go_strftime_lacks() -> None:
    # Python's strftime would print the day of the year and the weekday number.
    assert _evaluate('legacy_strftime("%j %w %e %%")') == ("%j %w %e %", None)


def test_strftime_and_isotime_agree_on_the_one_clock_reading() -> None:
    iso, _ = _evaluate('legacy_isotime("2006-01-02 15:04:05.000 MST")')
    strf, _ = _evaluate('legacy_strftime("%Y-%m-%d %H:%M:%S%L %Z")')
    assert iso is not None and re.fullmatch(r"[-\d]{10} [:\d]{8}\.\d{3} UTC", iso)
    assert iso == strf


def test_isotime_layouts_follow_go() -> None:
    out, _ = _evaluate('legacy_isotime("_2006 Janet Z07:00 -07 .9x")')
    assert out is not None and re.fullmatch(r"_\d{4} Janet Z \+00 (\.\d+)?x", out)
