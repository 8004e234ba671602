"""Unknown values flow through everything without errors; marks follow values."""

from __future__ import annotations

import pytest

from kiln.hcl.types import BOOL, DYNAMIC, NUMBER, STRING, ListType
from kiln.hcl.values import SENSITIVE
from tests.hcl.eval._helpers import value_of

UNKNOWN_CASES = [
    ("u.str", STRING),
    ("u.any", DYNAMIC),
    ("u.any.attr", DYNAMIC),
    ("u.any[0]", DYNAMIC),
    ("u.any[0].x.y", DYNAMIC),
    ("u.obj.a", STRING),
    ('u.obj["a"]', STRING),
    ("u.list[0]", STRING),
    ("u.list[u.num]", STRING),
    ("local.l[u.num]", STRING),
    ("local.t[u.num]", DYNAMIC),
    ("local.m[u.str]", STRING),
    ("local.o[u.str]", DYNAMIC),
    ("u.map.k", NUMBER),
    ('"x${u.str}y"', STRING),
    ('"x${u.any}"', STRING),
    ('"%{for x in u.list}${x}%{endfor}"', STRING),
    ('"%{if u.any}a%{endif}"', STRING),
    ("u.num + 1", NUMBER),
    ("-u.num", NUMBER),
    ("!u.any", BOOL),
    ('u.str == "a"', BOOL),
    ("u.any && true", BOOL),
    ("u.any ? 1 : 2", NUMBER),
    ('u.any ? "a" : 1', STRING),
    ("true ? u.str : 1", STRING),
    ("[for x in u.list: x]", DYNAMIC),
    ("[for x in u.any: x]", DYNAMIC),
    ("{for k, v in u.map: k => v}", DYNAMIC),
    ("[for x in local.l: x if u.any]", DYNAMIC),
    ("{for x in local.l: u.str => x}", DYNAMIC),
    ("u.list[*]", ListType(STRING)),
    ("u.any[*]", DYNAMIC),
    ("u.obj[*].a", DYNAMIC),
    ("upper(u.str)", STRING),
    ("upper(u.any)", STRING),
    ("count(u.list...)", DYNAMIC),
    ("count(u.any...)", DYNAMIC),
    ("{(u.str) = 1}", DYNAMIC),
]


@pytest.mark.parametrize(("text", "type_"), UNKNOWN_CASES)
def test_unknown_propagates(text: str, type_: object) -> None:
    val = value_of(text)
    assert not val.is_known
    assert val.type == type_


def test_known_collection_with_unknown_element() -> None:
    val = value_of("u.known_list[1]")
    assert val.is_known and val.as_str() == "k"
    assert not value_of("u.known_list[0]").is_known
    assert not value_of('"${u.known_list[0]}"').is_known


MARKED = [
    '"x${secret}"',
    "upper(secret)",
    'secret == "x"',
    'true ? secret : "y"',
    "{a = secret}.a",
    "[secret][0]",
    "secret_list[0]",
    "secret_list[*]",
    "[for x in secret_list: x]",
    '"%{for x in secret_list}${x}%{endfor}"',
    "{for x in secret_list: x => 1}",
    "{(secret) = 1}",
]


@pytest.mark.parametrize("text", MARKED)
def test_sensitive_mark_propagates(text: str) -> None:
    assert SENSITIVE in value_of(text).marks


def test_marks_stay_inside_collections() -> None:
    val = value_of("[secret, 1]")
    assert not val.marks
    assert val.contains_marked()


def test_unmarked_results_stay_unmarked() -> None:
    assert not value_of('"x${local.s}"').marks
