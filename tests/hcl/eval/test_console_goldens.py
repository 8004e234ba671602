"""Differential test: Kiln evaluates each golden expression as `packer console` did.

`golden/console.json` holds what Packer 1.6.6 printed (see make_goldens.py).
Each expression is evaluated in the same scope (the variables and locals of
`_golden_env.py`, Packer's functions) and printed with `format_value`; for
expressions Packer rejected, Kiln must report the same diagnostics: same
summaries in the same order, same details, on the same line.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kiln.hcl import functions
from kiln.hcl.convert import convert
from kiln.hcl.eval import EvalContext, evaluate_expression_text
from kiln.hcl.printer import format_value
from kiln.hcl.typeexpr import type_constraint_from_text
from kiln.hcl.values import Value
from tests.hcl.eval._golden_env import LOCALS, VARIABLES

GOLDEN = Path(__file__).parent / "golden" / "console.json"
CASES: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]

# Expressions where Kiln knowingly differs from Packer 1.6.6, with the reason.
KNOWN_DIFFERENCES: dict[str, str] = {
    'lookup(local.o, "nope")': (
        "kiln.hcl.functions' lookup takes an optional default (newer Packer); "
        "Packer 1.6.6's requires three arguments"
    ),
}


def _value(text: str) -> Value:
    val, diags = evaluate_expression_text(text, None, filename="<golden env>")
    assert not diags.has_errors, [str(d) for d in diags]
    return val


@cache
def golden_context() -> EvalContext:
    """The scope `packer console t.pkr.hcl` evaluates in."""
    variables: dict[str, Value] = {}
    for name, (type_src, default) in VARIABLES.items():
        val = _value(default)
        if type_src:
            ty, _, diags = type_constraint_from_text(type_src)
            assert not diags.has_errors, [str(d) for d in diags]
            val = convert(val, ty)
        variables[name] = val
    local = {name: _value(src) for name, src in LOCALS.items()}
    path = {"cwd": Value.string("/golden"), "root": Value.string(".")}
    scope = {
        "var": Value.object(variables),
        "local": Value.object(local),
        "path": Value.object(path),
    }
    return EvalContext(scope, functions.lookup)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_console_golden(case: dict[str, Any]) -> None:
    expr = case["expr"]
    if expr in KNOWN_DIFFERENCES:
        pytest.xfail(KNOWN_DIFFERENCES[expr])
    val, diags = evaluate_expression_text(expr, golden_context(), filename="<console-input>")
    if case["exit"] == 0:
        assert not diags.has_errors, [str(d) for d in diags]
        expected = case["stdout"][:-1] if case["stdout"].endswith("\n") else case["stdout"]
        assert format_value(val) == expected
        return
    got = [
        (d.summary, _norm(d.detail), d.subject.start.line if d.subject else None)
        for d in diags.errors()
    ]
    want = [(d["summary"], _norm(d["detail"]), d["line"]) for d in case["diagnostics"]]
    assert got == want
    for d in diags.errors():
        assert d.subject is None or d.subject.filename == "<console-input>"
