"""variables_referenced: the root traversals an expression reads (Go's Variables())."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiln.hcl import ast
from kiln.hcl.eval import Traversal, variables_referenced
from kiln.hcl.parser import parse_expression


def refs(text: str) -> list[str]:
    expr, diags = parse_expression(text.encode(), "t.hcl")
    assert expr is not None and not diags.has_errors
    return [_show(t) for t in variables_referenced(expr)]


def _show(trav: Traversal) -> str:
    out = []
    for step in trav:
        if isinstance(step, ast.TraverseRoot):
            out.append(step.name)
        elif isinstance(step, ast.TraverseAttr):
            out.append("." + step.name)
        elif isinstance(step, ast.TraverseIndex):
            key = step.key
            out.append(f"[{int(key)}]" if isinstance(key, Decimal) else f"[{key!r}]")
    return "".join(out)


CASES = [
    ("1 + 2", []),
    ("local.a", ["local.a"]),
    ("var.b[0].c", ["var.b[0].c"]),
    ('var.m["k"]', ["var.m['k']"]),
    ("local.a + var.b", ["local.a", "var.b"]),
    ("upper(local.x)", ["local.x"]),
    ("local.l[var.i]", ["local.l", "var.i"]),
    ("(local.o).name", ["local.o"]),
    ("local.objs[*].name", ["local.objs"]),
    ("[for x in var.l: x + local.y]", ["var.l", "local.y"]),
    ("{for k, v in var.m: k => v if local.ok}", ["var.m", "local.ok"]),
    ("[for x in var.l: [for y in x: y + z]]", ["var.l", "z"]),
    ("[for x in x: x]", ["x"]),
    ("{a = local.b}", ["local.b"]),
    ("{(k) = 1}", ["k"]),
    ("{a.b = 1}", ["a.b"]),
    ('"${local.s}-%{for x in var.l}${x}${data.y}%{endfor}"', ["local.s", "var.l", "data.y"]),
    ("c ? var.a : local.b", ["c", "var.a", "local.b"]),
    ("-n", ["n"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_variables_referenced(text: str, expected: list[str]) -> None:
    assert refs(text) == expected


def test_traversals_keep_ranges() -> None:
    expr, _ = parse_expression(b"1 + var.x", "t.hcl")
    assert expr is not None
    (trav,) = variables_referenced(expr)
    assert str(trav[0].range) == "t.hcl:1,5-8"
