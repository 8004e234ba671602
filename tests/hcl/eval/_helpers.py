"""Shared scope and helpers for the evaluator tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.eval import EvalContext, evaluate_expression_text
from kiln.hcl.functions.spec import Function, FunctionError, Parameter
from kiln.hcl.types import DYNAMIC, NUMBER, STRING, ListType, MapType, ObjectType, SetType
from kiln.hcl.values import DYNAMIC_UNKNOWN, SENSITIVE, Value

S = Value.string
N = Value.number
B = Value.bool


def _upper(args: list[Value]) -> Value:
    return S(args[0].as_str().upper())


def _fail_second(args: list[Value]) -> Value:
    raise FunctionError("second argument is wrong", 1)


def _fail_plain(args: list[Value]) -> Value:
    raise FunctionError("it went wrong")


def _count(args: list[Value]) -> Value:
    return N(len(args))


def _boom(args: list[Value]) -> Value:
    raise RuntimeError("library bug")


def test_functions() -> dict[str, Function]:
    """A small function table whose signatures the tests rely on."""
    return {
        "upper": Function("upper", [Parameter("str", STRING)], STRING, _upper),
        "count": Function(
            "count",
            [Parameter("first", DYNAMIC)],
            NUMBER,
            _count,
            var_param=Parameter("rest", DYNAMIC),
        ),
        "pair": Function(
            "pair", [Parameter("a", STRING), Parameter("b", NUMBER)], STRING, _fail_second
        ),
        "oops": Function("oops", [], STRING, _fail_plain),
        "boom": Function("boom", [], STRING, _boom),
    }


test_functions.__test__ = False  # type: ignore[attr-defined]


def scope() -> dict[str, Value]:
    """The variables the unit tests evaluate against."""
    objs = Value.tuple(
        [Value.object({"name": S("a"), "v": N(1)}), Value.object({"name": S("b"), "v": N(2)})]
    )
    local = Value.object(
        {
            "s": S("hello"),
            "n": N(42),
            "b": B(True),
            "t": Value.tuple([S("a"), N(1), B(True)]),
            "o": Value.object({"name": S("x"), "tags": Value.map({"env": S("prod")})}),
            "nul": Value.null(DYNAMIC),
            "l": Value.list([S("a"), S("b"), S("c")]),
            "m": Value.map({"x": S("1"), "y": S("2")}),
            "set": Value.set([S("b"), S("a")]),
            "objs": objs,
            "null_list": Value.null(ListType(STRING)),
            "empty_list": Value.list([], STRING),
        }
    )
    unknowns = Value.object(
        {
            "str": Value.unknown(STRING),
            "num": Value.unknown(NUMBER),
            "any": DYNAMIC_UNKNOWN,
            "list": Value.unknown(ListType(STRING)),
            "map": Value.unknown(MapType(NUMBER)),
            "set": Value.unknown(SetType(STRING)),
            "obj": Value.unknown(ObjectType({"a": STRING})),
            "known_list": Value.list([Value.unknown(STRING), S("k")]),
        }
    )
    return {
        "local": local,
        "u": unknowns,
        "secret": S("hunter2").mark(SENSITIVE),
        "secret_list": Value.list([S("a"), S("b")]).mark(SENSITIVE),
    }


def run(
    text: str,
    variables: Mapping[str, Value] | None = None,
    functions: Mapping[str, Function] | Callable[[str], Function | None] | None = None,
    *,
    ctx: EvalContext | Any | None = ...,
) -> tuple[Value, Diagnostics]:
    """Evaluate `text` (file "t.hcl") in the standard test scope."""
    if ctx is ...:
        ctx = EvalContext(
            scope() if variables is None else variables,
            test_functions() if functions is None else functions,
        )
    return evaluate_expression_text(text, ctx, filename="t.hcl")


def value_of(text: str, **kwargs: Any) -> Value:
    """The value of an expression that must evaluate without diagnostics."""
    val, diags = run(text, **kwargs)
    assert not diags, [str(d) for d in diags]
    return val


def only_error(text: str, **kwargs: Any) -> Diagnostic:
    """The single diagnostic an expression must produce."""
    _, diags = run(text, **kwargs)
    assert len(diags) == 1, [str(d) for d in diags]
    return diags[0]
