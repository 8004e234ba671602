"""Unit tests for types, values, conversion, unification, marks and sets."""

from __future__ import annotations

import pytest

from kiln.hcl import operations as ops
from kiln.hcl.convert import ConversionError, convert, unify, unify_unsafe
from kiln.hcl.printer import format_value, value_from_json, value_to_json
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
)
from kiln.hcl.values import DYNAMIC_UNKNOWN, EMPTY_TUPLE, FALSE, TRUE, Value, ValueError_

S, N = Value.string, Value.number


def test_type_names_and_equality() -> None:
    assert ListType(STRING) == ListType(STRING) and hash(ListType(STRING)) == hash(ListType(STRING))
    assert ListType(STRING) != SetType(STRING)
    assert MapType(NUMBER).friendly_name() == "map of number"
    assert SetType(ListType(BOOL)).friendly_name() == "set of list of bool"
    assert ListType(DYNAMIC).friendly_name(constraint=True) == "list of any"
    assert TupleType((STRING,)).friendly_name() == "tuple"
    assert ObjectType({"a": STRING}).friendly_name() == "object"
    assert MapType(STRING).element_type() is STRING


def test_constructors() -> None:
    assert S("e\u0301").as_str() == "\u00e9"  # NFC
    assert N(5).as_int() == 5 and N("1.5").as_float() == 1.5
    with pytest.raises(ValueError_):
        N("1.5").as_int()
    with pytest.raises(ValueError_):
        Value.list([])
    with pytest.raises(ValueError_):
        Value.list([S("a"), N(1)])
    assert Value.list([], STRING).length() == 0
    assert Value.tuple([]) is EMPTY_TUPLE
    m = Value.map({"b": N(1), "a": N(2)})
    assert [k for k, _ in m.items()] == ["a", "b"]
    o = Value.object({"x": S("y")})
    assert o.get_attr("x") == S("y")
    assert Value.list([S("a"), S("b")]).index(N(1)) == S("b")
    assert m.index(S("a")) == N(2)


def test_numbers_are_512_bit_binary() -> None:
    third = ops.divide(N("1"), N("3"))  # literals parse at 512 bits
    assert convert(ops.divide(N(1), N(3)), STRING) == S("0.33333333333333333334")  # int64: 64 bits
    assert ops.multiply(third, N("3")).equals(N(1)) == TRUE
    assert ops.add(N("0.1"), N("0.2")).equals(N("0.3")) == TRUE
    assert convert(third, STRING).as_str().endswith("3335")
    assert convert(N(0.1), STRING).as_str() == "0.1"  # float64 precision shortest
    assert format_value(N("1e100")) == "1e+100"


def test_primitive_conversions() -> None:
    assert convert(S("1"), NUMBER) == N(1)
    assert convert(S("true"), BOOL) == TRUE and convert(S("0"), BOOL) == FALSE
    assert convert(N("2.50"), STRING) == S("2.5")
    assert convert(TRUE, STRING) == S("true")
    for value, want, msg in [
        (S("x"), NUMBER, "a number is required"),
        (S("yes"), BOOL, "a bool is required"),
        (S("True"), BOOL, 'a bool is required; to convert from string, use lowercase "true"'),
        (TRUE, NUMBER, "number required"),
        (Value.tuple([N(1)]), STRING, "string required"),
    ]:
        with pytest.raises(ConversionError) as err:
            convert(value, want)
        assert err.value.message == msg


def test_structural_conversions() -> None:
    tup = Value.tuple([N(1), S("2")])
    assert convert(tup, ListType(STRING)) == Value.list([S("1"), S("2")])
    assert convert(tup, ListType(DYNAMIC)) == Value.list([S("1"), S("2")])
    obj = Value.object({"a": N(1), "b": S("x")})
    assert convert(obj, MapType(STRING)) == Value.map({"a": S("1"), "b": S("x")})
    want = ObjectType({"a": STRING})
    assert convert(obj, want) == Value.object({"a": S("1")})  # extra attribute dropped
    with pytest.raises(ConversionError) as err:
        convert(Value.object({"b": N(1)}), ObjectType({"a": STRING}))
    assert err.value.message == 'attribute "a" is required'
    with pytest.raises(ConversionError) as err:
        convert(Value.list([S("a")]), ListType(NUMBER))
    assert err.value.message == "a number is required"
    assert err.value.path == (N(0),)
    with pytest.raises(ConversionError) as err:
        convert(Value.tuple([S("a"), Value.tuple([])]), ListType(DYNAMIC))
    assert err.value.message == "all list elements must have the same type"


def test_optional_attributes_and_defaults() -> None:
    want = ObjectType({"a": STRING, "b": NUMBER}, frozenset({"b"}), {"b": N(7)})
    assert convert(Value.object({"a": S("x")}), want) == Value.object({"a": S("x"), "b": N(7)})
    plain = ObjectType({"a": STRING, "b": NUMBER}, frozenset({"b"}))
    got = convert(Value.object({"a": S("x")}), plain)
    assert got.get_attr("b").is_null


def test_unify() -> None:
    assert unify([NUMBER, STRING]) is STRING
    assert unify([NUMBER, BOOL]) is None
    assert unify_unsafe([NUMBER, BOOL]) is None  # only given types are candidates
    assert unify_unsafe([STRING, BOOL]) is STRING
    assert unify([DYNAMIC, NUMBER]) is DYNAMIC  # dynamic converts only unsafely
    assert unify_unsafe([DYNAMIC, NUMBER]) is NUMBER
    assert unify([ListType(NUMBER), ListType(STRING)]) == ListType(STRING)
    assert unify([TupleType((NUMBER,)), TupleType((STRING,))]) == TupleType((STRING,))
    assert unify([TupleType((NUMBER,)), TupleType((STRING, STRING))]) == ListType(STRING)
    o1, o2 = ObjectType({"a": NUMBER}), ObjectType({"b": STRING})
    assert unify([o1, o2]) == MapType(STRING)
    assert unify([ListType(NUMBER), TupleType((STRING,))]) == ListType(STRING)


def test_unknowns_and_marks_propagate() -> None:
    u = Value.unknown(NUMBER)
    assert ops.add(u, N(1)) == Value.unknown(NUMBER)
    secret = N(2).mark("sensitive")
    r = ops.multiply(secret, N(3))
    assert r.has_mark("sensitive") and r.unmark()[0] == N(6)
    assert ops.equals(u, N(1)) == Value.unknown(BOOL)
    assert ops.equals(u, S("a")) == FALSE
    assert ops.equals(DYNAMIC_UNKNOWN, S("a")) == Value.unknown(BOOL)
    assert ops.and_(FALSE, Value.unknown(BOOL)) == FALSE
    assert convert(u, STRING) == Value.unknown(STRING)
    assert convert(secret, STRING) == S("2").mark("sensitive")
    assert format_value(Value.tuple([u])) == "<unknown>"
    assert format_value(Value.tuple([S("p").mark("sensitive")])) == '[\n  "<sensitive>",\n]'
    with pytest.raises(ops.OperationError) as err:
        ops.add(Value.null(NUMBER), N(1))
    assert err.value.detail == "Error during operation: argument must not be null."


def test_set_order_and_dedupe() -> None:
    s = Value.set([S("b"), S("a"), S("b")])
    assert s.elements() == [S("a"), S("b")]
    nums = Value.set([N(10), N(2), N(-1), Value.unknown(NUMBER), N(2)])
    assert nums.elements()[:3] == [N(-1), N(2), N(10)]
    assert not nums.elements()[3].is_known
    assert Value.set([TRUE, FALSE]).elements() == [FALSE, TRUE]
    marked = Value.set([S("a").mark("sensitive")])
    assert marked.has_mark("sensitive") and not marked.elements()[0].marks


def test_json_round_trip() -> None:
    v = Value.object({"b": N("0.5"), "a": Value.tuple([S("<x>"), Value.null(DYNAMIC)])})
    text = value_to_json(v)
    assert text == '{"a":["\\u003cx\\u003e",null],"b":0.5}'
    assert value_from_json(text) == v
    assert value_from_json("[1,2]", ListType(NUMBER)) == Value.list([N(1), N(2)])
