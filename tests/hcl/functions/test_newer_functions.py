"""Functions newer than Packer 1.6.6, checked against their documented examples."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.hcl.functions.conftest import load

CASES: list[dict[str, Any]] = load("newer.json")["cases"]


def _evaluate(expr: str) -> tuple[str | None, str | None]:
    from kiln.hcl._eval_core import EvalContext  # noqa: PLC0415
    from kiln.hcl.eval import evaluate_expression_text  # noqa: PLC0415
    from kiln.hcl.functions import functions_for  # noqa: PLC0415
    from kiln.hcl.printer import format_value  # noqa: PLC0415

    value, diags = evaluate_expression_text(expr, EvalContext({}, functions_for(".")))
    if diags.has_errors:
        return None, " ".join(diags.errors()[0].detail.split())
    return format_value(value) + "\n", None


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_documented_example(case: dict[str, Any], workdir: Path) -> None:
    """A documented example gives the documented result."""
    out, err = _evaluate(case["expr"])
    if "stdout" in case:
        assert (out, err) == (case["stdout"], None)
    else:
        assert err is not None and case["error"] in err, (out, err)


def test_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """env() reads the environment; unset variables are empty."""
    monkeypatch.setenv("KILN_TEST_ENV", "hello")
    monkeypatch.delenv("KILN_TEST_UNSET", raising=False)
    assert _evaluate('env("KILN_TEST_ENV")') == ("hello\n", None)
    assert _evaluate('env("KILN_TEST_UNSET")') == ("\n", None)


def test_legacy_time_formats() -> None:
    """legacy_isotime takes a Go layout, legacy_strftime a strftime format."""
    out, _ = _evaluate('legacy_isotime("2006-01-02T15:04:05Z07:00")')
    assert out is not None and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n", out)
    out, _ = _evaluate('legacy_strftime("%Y-%m-%d")')
    assert out is not None and re.fullmatch(r"\d{4}-\d\d-\d\d\n", out)
    stamp, _ = _evaluate("timestamp()")
    iso, _ = _evaluate('legacy_isotime("2006-01-02T15:04:05Z07:00")')
    assert stamp == iso  # one clock reading per run, as in Packer


def test_templatefile(workdir: Path) -> None:
    """templatefile renders with the given vars and refuses to recurse."""
    (workdir / "t.tpl").write_text("Hello ${name}! %{ for x in items }[${x}]%{ endfor }")
    out = _evaluate('templatefile("t.tpl", {name = "Bob", items = [1, 2]})')
    assert out == ("Hello Bob! [1][2]\n", None)
    (workdir / "r.tpl").write_text('${templatefile("t.tpl", {})}')
    _, err = _evaluate('templatefile("r.tpl", {})')
    assert err is not None and "cannot recursively call templatefile" in err
    (workdir / "u.tpl").write_text("${upper(nope)}")
    _, err = _evaluate('templatefile("u.tpl", {})')
    assert err is not None and 'There is no variable named "nope"' in err
