"""EvalContext chaining, the conditional's cty-1.x type unification, and
expression kinds registered from outside kiln.hcl."""

from __future__ import annotations

import pytest

from kiln.hcl import functions
from kiln.hcl._eval_unify import unify_unsafe_v1
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.eval import EvalContext, evaluate, evaluate_expression_text, register_expression
from kiln.hcl.parser import parse_expression
from kiln.hcl.source import Pos
from kiln.hcl.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
)
from kiln.hcl.values import Value


def test_child_context_shadows_parent() -> None:
    parent = EvalContext({"a": Value.number(1), "b": Value.number(2)}, functions.lookup)
    child = parent.new_child({"a": Value.string("x")})
    val, diags = evaluate_expression_text('"${a}${b}"', child)
    assert not diags
    assert val == Value.string("x2")
    assert child.variable_names() == {"a", "b"}
    assert "upper" in child.function_names()


def test_child_without_variables_defers_to_parent() -> None:
    child = EvalContext({"a": Value.number(1)}).new_child()
    val, diags = evaluate_expression_text("a + 1", child)
    assert not diags and val == Value.number(2)


def test_for_and_splat_work_without_a_context() -> None:
    val, diags = evaluate_expression_text("[for x in [1, 2]: x * 2]", None)
    assert not diags
    assert val == Value.tuple([Value.number(2), Value.number(4)])
    val, diags = evaluate_expression_text("[{a = 1}][*].a", None)
    assert not diags and val == Value.tuple([Value.number(1)])


def test_suggestions_search_every_level() -> None:
    ctx = EvalContext({"local": Value.object({})}).new_child({"item": Value.number(1)})
    _, diags = evaluate_expression_text("itme", ctx)
    assert diags[0].detail == 'There is no variable named "itme". Did you mean "item"?'


def test_parse_errors_are_returned_without_evaluating() -> None:
    val, diags = evaluate_expression_text("1 +", None)
    assert diags.has_errors and not val.is_known


UNIFY = [
    ([NUMBER, STRING], STRING),
    ([BOOL, NUMBER], None),
    ([NUMBER, DYNAMIC], DYNAMIC),
    ([ListType(NUMBER), ListType(STRING)], ListType(STRING)),
    ([ListType(NUMBER), TupleType((STRING,))], ListType(NUMBER)),
    ([ListType(NUMBER), TupleType((BOOL,))], None),
    ([SetType(NUMBER), ListType(NUMBER)], ListType(NUMBER)),
    ([MapType(STRING), ObjectType({"a": NUMBER})], MapType(STRING)),
    ([TupleType((NUMBER,)), TupleType((STRING,))], TupleType((STRING,))),
    ([TupleType(()), TupleType((NUMBER,))], ListType(NUMBER)),
    ([TupleType((BOOL,)), TupleType((NUMBER,))], None),
    ([ObjectType({"a": NUMBER}), ObjectType({"a": STRING})], ObjectType({"a": STRING})),
    ([ObjectType({"a": NUMBER}), ObjectType({"b": NUMBER})], MapType(NUMBER)),
    ([ObjectType({}), TupleType(())], None),
    ([TupleType((NUMBER,)), DYNAMIC], TupleType((NUMBER,))),
]


@pytest.mark.parametrize(("types", "expected"), UNIFY)
def test_unify_unsafe_v1(types: list[Type], expected: Type | None) -> None:
    assert unify_unsafe_v1(types) == expected


class _Doubled:
    """An expression kind of a caller's own: twice a wrapped expression."""

    def __init__(self, expr: object) -> None:
        self.expr = expr


def _evaluate_doubled(node: _Doubled, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    value, found = evaluate(node.expr, ctx)  # type: ignore[arg-type]
    diags.extend(found)
    return Value.number(value.as_number() * 2) if value.is_known else value


def test_registered_expression_kind_is_evaluated() -> None:
    register_expression(_Doubled, _evaluate_doubled)
    wrapped = parse_expression(b"a + 1", "<test>", Pos(1, 1, 0))[0]
    value, diags = evaluate(_Doubled(wrapped), EvalContext({"a": Value.number(20)}))
    assert not diags and value == Value.number(42)
    _, diags = evaluate(_Doubled(wrapped), EvalContext({"b": Value.number(20)}))
    assert [d.summary for d in diags] == ["Unknown variable"]
