"""Type constraint expressions: types, defaults, diagnostics and type_string."""

from __future__ import annotations

import pytest

from kiln.hcl.diagnostics import Severity
from kiln.hcl.parser import parse_expression
from kiln.hcl.typeexpr import get_type, type_constraint_from_text, type_string
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

TYPES = [
    ("string", STRING),
    ("number", NUMBER),
    ("bool", BOOL),
    ("any", DYNAMIC),
    ("list(string)", ListType(STRING)),
    ("set(number)", SetType(NUMBER)),
    ("map(bool)", MapType(BOOL)),
    ("list(map(any))", ListType(MapType(DYNAMIC))),
    ("tuple([string, number])", TupleType((STRING, NUMBER))),
    ("tuple([])", TupleType(())),
    ("object({})", ObjectType({})),
    ("object({a = string, b = list(number)})", ObjectType({"a": STRING, "b": ListType(NUMBER)})),
    (
        "object({a = string, b = optional(number)})",
        ObjectType({"a": STRING, "b": NUMBER}, frozenset({"b"})),
    ),
]


@pytest.mark.parametrize(("text", "expected"), TYPES)
def test_type(text: str, expected: Type) -> None:
    ty, _, diags = type_constraint_from_text(text)
    assert not diags, [str(d) for d in diags]
    assert ty == expected


def test_optional_default() -> None:
    ty, defaults, diags = type_constraint_from_text(
        "object({name = string, size = optional(number, 1), tags = optional(map(string), {})})"
    )
    assert not diags
    assert isinstance(ty, ObjectType)
    assert ty.optional == frozenset({"size", "tags"})
    assert ty.defaults["size"] == Value.number(1)
    assert ty.defaults["tags"] == Value.map({}, STRING)
    assert defaults is not None and defaults.default_values["size"] == Value.number(1)


def test_nested_defaults_tree() -> None:
    _, defaults, diags = type_constraint_from_text('list(object({a = optional(string, "x")}))')
    assert not diags
    assert defaults is not None
    assert defaults.type == ListType(
        ObjectType({"a": STRING}, frozenset({"a"}), {"a": Value.string("x")})
    )
    assert defaults.children[""].default_values["a"] == Value.string("x")


ERRORS = [
    (
        "list",
        "The list type constructor requires one argument specifying the element type.",
        "t:1,1-5",
    ),
    (
        "map",
        "The map type constructor requires one argument specifying the element type.",
        "t:1,1-4",
    ),
    (
        "object",
        "The object type constructor requires one argument specifying the attribute "
        "types and values as a map.",
        "t:1,1-7",
    ),
    (
        "tuple",
        "The tuple type constructor requires one argument specifying the element types as a list.",
        "t:1,1-6",
    ),
    ("foo", 'The keyword "foo" is not a valid type specification.', "t:1,1-4"),
    ("null", 'The keyword "null" is not a valid type specification.', "t:1,1-5"),
    (
        '"string"',
        "A type specification is either a primitive type keyword (bool, number, "
        "string) or a complex type constructor call, like list(string).",
        "t:1,1-9",
    ),
    ("string()", 'Primitive type keyword "string" does not expect arguments.', "t:1,7-9"),
    ("any(string)", 'Type constraint keyword "any" does not expect arguments.', "t:1,4-12"),
    (
        "list(string, number)",
        "The list type constructor requires one argument specifying the element type.",
        "t:1,14-20",
    ),
    (
        "list()",
        "The list type constructor requires one argument specifying the element type.",
        "t:1,5-7",
    ),
    ("foo(string)", 'Keyword "foo" is not a valid type constructor.', "t:1,1-12"),
    (
        "optional(string)",
        'Keyword "optional" is valid only as a modifier for object type attributes.',
        "t:1,1-9",
    ),
    (
        "object([string])",
        "Object type constructor requires a map whose keys are attribute "
        "names and whose values are the corresponding attribute types.",
        "t:1,8-16",
    ),
    ("tuple({a = string})", "Tuple type constructor requires a list of element types.", "t:1,7-19"),
    ('object({"a" = string})', "Object constructor map keys must be attribute names.", "t:1,9-12"),
    (
        "object({a = optional()})",
        "Optional attribute modifier requires the attribute type as its argument.",
        "t:1,21-23",
    ),
    (
        "object({a = optional(string, 1, 2)})",
        "Optional attribute modifier expects at most two "
        "arguments: the attribute type, and a default value.",
        "t:1,21-35",
    ),
    (
        "list(1)",
        "A type specification is either a primitive type keyword (bool, number, "
        "string) or a complex type constructor call, like list(string).",
        "t:1,6-7",
    ),
]


@pytest.mark.parametrize(("text", "detail", "where"), ERRORS)
def test_type_error(text: str, detail: str, where: str) -> None:
    _, _, diags = type_constraint_from_text(text, "t")
    assert len(diags) == 1, [str(d) for d in diags]
    assert diags[0].summary == "Invalid type specification"
    assert diags[0].detail == detail
    assert str(diags[0].subject) == where


def test_bad_default() -> None:
    _, _, diags = type_constraint_from_text('object({a = optional(number, "x")})', "t")
    assert [d.summary for d in diags] == ["Invalid default value for optional attribute"]
    assert diags[0].detail == (
        "This default value is not compatible with the attribute's type constraint: "
        "a number is required."
    )
    assert str(diags[0].subject) == "t:1,30-33"


def test_exact_types_refuse_any_and_optional() -> None:
    expr, _ = parse_expression(b"any", "t")
    assert expr is not None
    _, _, diags = get_type(expr, constraint=False)
    assert diags[0].detail == (
        'The keyword "any" cannot be used in this type specification: an exact type is required.'
    )
    expr, _ = parse_expression(b"object({a = optional(string)})", "t")
    assert expr is not None
    _, _, diags = get_type(expr, constraint=False)
    assert diags[0].detail == (
        "Optional attribute modifier is only for type constraints, not for exact types."
    )


def test_optional_without_defaults_takes_one_argument() -> None:
    expr, _ = parse_expression(b'object({a = optional(string, "x")})', "t")
    assert expr is not None
    _, _, diags = get_type(expr, with_defaults=False)
    assert diags[0].detail == (
        "Optional attribute modifier expects only one argument: the attribute type."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [('"string"', STRING), ('"list"', ListType(DYNAMIC)), ('"map"', MapType(DYNAMIC))],
)
def test_legacy_quoted_types(text: str, expected: Type) -> None:
    ty, _, diags = type_constraint_from_text(text, legacy_quoted=True)
    assert ty == expected
    assert [d.severity for d in diags] == [Severity.WARNING]
    assert diags[0].summary == "Quoted type constraints are deprecated"


def test_legacy_quoted_unknown_hint() -> None:
    _, _, diags = type_constraint_from_text('"foo"', legacy_quoted=True)
    assert diags[0].summary == "Invalid legacy variable type hint"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("string", "string"),
        ("any", "any"),
        ("list(map(number))", "list(map(number))"),
        ("set(bool)", "set(bool)"),
        ("tuple([string, number])", "tuple([string,number])"),
        ("object({b = string, a = number})", "object({a=number,b=string})"),
        ("object({a = optional(string)})", "object({a=optional(string)})"),
    ],
)
def test_type_string(text: str, expected: str) -> None:
    ty, _, diags = type_constraint_from_text(text)
    assert not diags
    assert type_string(ty) == expected
    again, _, _ = type_constraint_from_text(expected)
    assert again == ty


def test_type_string_quotes_odd_attribute_names() -> None:
    assert type_string(ObjectType({"a b": STRING})) == 'object({"a b"=string})'
