"""Differential tests against `packer console` 1.6.6 goldens (golden/console.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiln.hcl import functions
from kiln.hcl import operations as ops
from kiln.hcl.convert import convert, unify_unsafe
from kiln.hcl.eval import EvalContext, evaluate_expression_text
from kiln.hcl.operations import OperationError
from kiln.hcl.printer import format_value, value_to_json
from kiln.hcl.types import DYNAMIC, STRING
from kiln.hcl.values import FALSE, TRUE, Value
from tests.hcl.values.cases import CASES

GOLDEN = json.loads((Path(__file__).parent / "golden" / "console.json").read_text())
BUILDERS = dict(CASES)


def _cond(c: Value, a: Value, b: Value) -> Value:
    # HCL's ConditionalExpr: unify both result types (unsafe), convert both.
    t = unify_unsafe([a.type, b.type])
    assert t is not None
    return convert(a if c.as_bool() else b, t)


def _tmpl(*parts: Value) -> Value:
    return Value.string("".join(convert(p, STRING).as_str() for p in parts))


SCOPE: dict[str, Any] = {
    "n": Value.number,
    "s": Value.string,
    "TRUE": TRUE,
    "FALSE": FALSE,
    "NULL": Value.null(DYNAMIC),
    "tup": lambda *e: Value.tuple(e),
    "obj": lambda **kw: Value.object(kw),
    "add": ops.add,
    "sub": ops.subtract,
    "mul": ops.multiply,
    "div": ops.divide,
    "mod": ops.modulo,
    "neg": ops.negate,
    "not_": ops.not_,
    "and_": ops.and_,
    "or_": ops.or_,
    "eq": ops.equals,
    "ne": ops.not_equals,
    "lt": ops.less_than,
    "le": ops.less_than_or_equal,
    "gt": ops.greater_than,
    "ge": ops.greater_than_or_equal,
    "cond": _cond,
    "tmpl": _tmpl,
    "js": lambda v: Value.string(value_to_json(v)),
}


def _errors(err: OperationError) -> list[list[str]]:
    return [[summary, detail] for summary, detail, _ in err.problems]


@pytest.mark.parametrize("golden", GOLDEN, ids=[g["expr"] for g in GOLDEN])
def test_value_model_matches_packer_console(golden: dict[str, Any]) -> None:
    code = BUILDERS[golden["expr"]]
    try:
        got: Any = format_value(eval(code, dict(SCOPE)))
        ok = True
    except OperationError as err:
        got, ok = _errors(err), False
    assert (ok, got) == (golden["ok"], golden["output"])


def test_goldens_cover_every_case() -> None:
    assert [g["expr"] for g in GOLDEN] == [e for e, _ in CASES]


@pytest.mark.parametrize("golden", GOLDEN, ids=[g["expr"] for g in GOLDEN])
def test_evaluator_matches_packer_console(golden: dict[str, Any]) -> None:
    value, diags = evaluate_expression_text(golden["expr"], EvalContext({}, functions.lookup))
    errors = [[d.summary, d.detail] for d in diags if d.severity.value == "Error"]
    if not golden["ok"]:
        assert errors == golden["output"]
        return
    assert errors == []
    assert format_value(value) == golden["output"]
