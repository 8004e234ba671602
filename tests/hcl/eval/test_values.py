"""What each expression kind evaluates to (no diagnostics expected)."""

from __future__ import annotations

import pytest

from kiln.hcl import functions
from kiln.hcl.types import BOOL, DYNAMIC, NUMBER, STRING, ListType, ObjectType, TupleType
from kiln.hcl.values import EMPTY_TUPLE, Value
from tests.hcl.eval._helpers import B, N, S, run, scope, value_of


def t(*items: Value) -> Value:
    return Value.tuple(list(items))


def o(**attrs: Value) -> Value:
    return Value.object(attrs)


LITERALS = [
    ("42", N(42)),
    ("1.5", N("1.5")),
    ("true", B(True)),
    ("null", Value.null(DYNAMIC)),
    ('"a"', S("a")),
    ('"a\\nb"', S("a\nb")),
    ("[]", EMPTY_TUPLE),
    ("{}", Value.object({})),
    ('[1, "a"]', t(N(1), S("a"))),
    ('{a = 1, "b c" = 2}', o(a=N(1), **{"b c": N(2)})),
    ("{a = 1, a = 2}", o(a=N(2))),
    ("{null = 1, true = 2, false = 3}", Value.object({"null": N(1), "true": N(2), "false": N(3)})),
    ("{1 = 2}", Value.object({"1": N(2)})),
    ("{(local.s) = 1}", o(hello=N(1))),
    ('{"${local.s}x" = 1}', o(hellox=N(1))),
    ("{local = 1}", o(local=N(1))),
    ("(1)", N(1)),
]

TRAVERSALS = [
    ("local.s", S("hello")),
    ("local.t[0]", S("a")),
    ("local.t.1", N(1)),
    ('local.t["2"]', B(True)),
    ("local.o.tags.env", S("prod")),
    ('local.o["tags"]["env"]', S("prod")),
    ("local.l[1]", S("b")),
    ('local.l["2"]', S("c")),
    ("local.m.x", S("1")),
    ('local.m["y"]', S("2")),
    ("(local.o).name", S("x")),
    ("local.t[local.n - 41]", N(1)),
    ('{a = {b = "c"}}.a.b', S("c")),
    ("[[1, 2]][0][1]", N(2)),
]

SPLATS = [
    ("local.objs[*].name", t(S("a"), S("b"))),
    ("local.objs.*.v", t(N(1), N(2))),
    ("local.l[*]", Value.list([S("a"), S("b"), S("c")])),
    ("local.set[*]", Value.list([S("a"), S("b")])),
    ("local.o[*].name", t(S("x"))),
    ("local.s[*]", t(S("hello"))),
    ("local.empty_list[*]", Value.list([], STRING)),
    ("[[1, 2], [3]][*][0]", t(N(1), N(3))),
    ("[{a = [1]}][*].a[0]", t(N(1))),
]

FORS = [
    ("[for x in local.l: x]", t(S("a"), S("b"), S("c"))),
    ("[for i, x in local.l: i]", t(N(0), N(1), N(2))),
    ("[for k, v in local.m: k]", t(S("x"), S("y"))),
    ("[for k, v in local.set: k]", t(S("a"), S("b"))),
    ('[for x in local.l: x if x != "b"]', t(S("a"), S("c"))),
    ("{for x in local.l: x => upper(x)}", o(a=S("A"), b=S("B"), c=S("C"))),
    ("{for k, v in local.m: v => k}", Value.object({"1": S("x"), "2": S("y")})),
    ('{for x in local.l: "k" => x...}', o(k=t(S("a"), S("b"), S("c")))),
    ("[for x in []: x]", EMPTY_TUPLE),
    ("[for x in [1, 2]: [for y in [3]: x * y]]", t(t(N(3)), t(N(6)))),
    ("{for x in local.objs: x.name => x.v if x.v > 1}", o(b=N(2))),
]

CALLS = [
    ('upper("a")', S("A")),
    ("count(1, 2, 3)", N(3)),
    ("count(local.l...)", N(3)),
    ("count(1, local.t...)", N(4)),
    ("count([]...)", None),
]

CONDITIONALS = [
    ("true ? 1 : 2", N(1)),
    ("false ? 1 : 2", N(2)),
    ('true ? 1 : "a"', S("1")),
    ('"true" ? "y" : "n"', S("y")),
    ("true ? null : 1", Value.null(NUMBER)),
    ("false ? 1 : null", Value.null(NUMBER)),
    ("true ? local.l : []", Value.list([S("a"), S("b"), S("c")])),
]

TEMPLATES = [
    ('"${local.s} world"', S("hello world")),
    ('"${local.t}"', Value.tuple([S("a"), N(1), B(True)])),
    ('"x${local.n}"', S("x42")),
    ('"x${true}"', S("xtrue")),
    ('"%{if local.b}y%{else}n%{endif}"', S("y")),
    ('"%{for x in local.l}${x},%{endfor}"', S("a,b,c,")),
    ('"%{for i, x in local.l}${i}%{endfor}"', S("012")),
    ('"[%{ for x in local.l ~} ${x} %{~ endfor }]"', S("[abc]")),
    ('"$${x} %%{y}"', S("${x} %{y}")),
]

OPERATORS = [
    ("1 + 2 * 3", N(7)),
    ('"1" + 2', N(3)),
    ("10 % 3", N(1)),
    ("-local.n", N(-42)),
    ("1 == 1", B(True)),
    ('1 == "1"', B(False)),
    ("[1] == [1]", B(True)),
    ("!false", B(True)),
    ("true && false || true", B(True)),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    LITERALS + TRAVERSALS + SPLATS + FORS + CONDITIONALS + TEMPLATES + OPERATORS,
)
def test_value(text: str, expected: Value) -> None:
    assert value_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), CALLS)
def test_call(text: str, expected: Value | None) -> None:
    if expected is None:
        _, diags = run(text)
        assert diags.has_errors
    else:
        assert value_of(text) == expected


def test_splat_of_typed_null_single_value_is_empty() -> None:
    variables = {"x": Value.null(ObjectType({"a": STRING}))}
    assert value_of("x[*]", variables=variables) == EMPTY_TUPLE


def test_splat_of_null_literal_is_unknown_as_in_packer() -> None:
    val = value_of("local.nul[*]")
    assert not val.is_known
    assert val.type is DYNAMIC


def test_for_group_keeps_iteration_order() -> None:
    assert value_of(
        '{for x in ["b", "a", "b2"]: substr(x, 0, 1) => x...}',
        functions=functions.lookup,
        variables=scope(),
    ) == o(a=t(S("a")), b=t(S("b"), S("b2")))


def test_try_and_can_get_unevaluated_arguments() -> None:
    lookup = functions.lookup
    assert value_of('try(local.nope, "fallback")', functions=lookup) == S("fallback")
    assert value_of("try(local.s, 1)", functions=lookup) == S("hello")
    assert value_of("can(local.nope)", functions=lookup) == B(False)
    assert value_of("can(local.t[0])", functions=lookup) == B(True)


def test_result_types() -> None:
    assert value_of("[for x in local.l: x]").type == TupleType((STRING, STRING, STRING))
    assert value_of("local.objs[*].name").type == TupleType((STRING, STRING))
    assert value_of("local.l[*]").type == ListType(STRING)
    assert value_of("1 < 2").type is BOOL
