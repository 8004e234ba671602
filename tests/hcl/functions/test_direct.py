"""Calling functions directly with Values: the generic cty call rules."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from kiln.hcl.diagnostics import Diagnostic, HCLError
from kiln.hcl.functions import FUNCTIONS, FunctionError, LazyFunction, lookup
from kiln.hcl.types import BOOL, DYNAMIC, NUMBER, STRING, ListType
from kiln.hcl.values import SENSITIVE, Value

S = Value.string
N = Value.number


def call(name: str, *args: Value) -> Value:
    fn = lookup(name)
    assert fn is not None
    return fn.call(list(args))


def test_table_and_lookup() -> None:
    """Packer's 101 HCL2 functions plus env are registered; others are not."""
    assert len(FUNCTIONS) == 102
    assert lookup("upper") is FUNCTIONS["upper"]
    assert lookup("tonumber") is None
    assert "sum" in FUNCTIONS


def test_import_is_lazy() -> None:
    """Importing the package loads no category module nor heavy dependency."""
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import kiln.hcl.functions\n"
        "heavy = {'re2', 'yaml', 'bcrypt', 'ipaddress', 'hashlib', 'kiln.hcl.functions.string'}\n"
        "print(sorted(heavy & (set(sys.modules) - before)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_plain_calls() -> None:
    """Arguments are converted to parameter types."""
    assert call("upper", S("abc")) == S("ABC")
    assert call("upper", N(12)) == S("12")
    assert call("max", N(1), N(5), N(3)) == N(5)
    assert call("join", S("-"), Value.list([S("a"), S("b")])) == S("a-b")
    assert call("format", S("%05.1f|%-4d|%x"), N(Decimal("3.14159")), N(7), N(255)) == S(
        "003.1|7   |ff"
    )


def test_null_argument_is_rejected() -> None:
    """A null for a parameter without allow_null names the parameter."""
    with pytest.raises(FunctionError) as err:
        call("upper", Value.null(STRING))
    assert err.value.arg_index == 0
    assert err.value.summary == "Invalid function argument"
    assert err.value.detail == 'Invalid value for "str" parameter: argument must not be null.'


def test_conversion_error_names_argument() -> None:
    """A wrongly-typed argument fails with cty's wording, positioned on it."""
    with pytest.raises(FunctionError) as err:
        call("abs", S("x"))
    assert err.value.arg_index == 0
    assert err.value.detail == 'Invalid value for "num" parameter: a number is required.'


def test_impl_error_is_wrapped() -> None:
    """Non-argument errors read `Call to function "x" failed: ...`."""
    with pytest.raises(FunctionError) as err:
        call("coalesce", S(""), S(""))
    assert err.value.arg_index is None
    assert err.value.detail == (
        'Call to function "coalesce" failed: no non-null, non-empty-string arguments.'
    )


def test_argument_counts() -> None:
    """Too few or too many arguments give HCL's diagnostics."""
    with pytest.raises(FunctionError) as err:
        call("substr", S("abc"))
    assert err.value.summary == "Not enough function arguments"
    with pytest.raises(FunctionError) as err:
        call("upper", S("a"), S("b"))
    assert err.value.summary == "Too many function arguments"


def test_unknown_short_circuits() -> None:
    """An unknown argument gives an unknown of the return type."""
    got = call("upper", Value.unknown(STRING))
    assert not got.is_known and got.type == STRING
    got = call("split", S(","), Value.unknown(STRING))
    assert not got.is_known and got.type == ListType(STRING)
    assert not call("length", Value.unknown(STRING)).is_known


def test_marks_propagate() -> None:
    """Sensitive in, sensitive out; the impl sees unmarked values."""
    got = call("upper", S("secret").mark(SENSITIVE))
    assert got.as_str() == "SECRET" and got.is_sensitive
    got = call("length", Value.list([S("a").mark(SENSITIVE)]))
    assert got.is_sensitive and got.as_int() == 1


def test_try_and_can_are_lazy() -> None:
    """try/can take thunks and treat HCL errors as failures."""
    try_fn, can_fn = lookup("try"), lookup("can")
    assert isinstance(try_fn, LazyFunction) and try_fn.lazy
    assert isinstance(can_fn, LazyFunction)

    def bad() -> Value:
        raise HCLError([Diagnostic.error("Unsupported attribute", "no attribute b")])

    assert try_fn.call_lazy([bad, lambda: S("fallback")]) == S("fallback")
    assert can_fn.call_lazy([bad]) == Value.bool(False)
    assert can_fn.call_lazy([lambda: N(1)]) == Value.bool(True)
    assert not can_fn.call_lazy([lambda: Value.unknown(NUMBER)]).is_known
    assert not try_fn.call_lazy([lambda: Value.unknown(DYNAMIC)]).is_known
    with pytest.raises(FunctionError) as err:
        try_fn.call_lazy([bad])
    assert "no expression succeeded" in err.value.message


def test_regex_groups() -> None:
    """Unnamed groups give a list, named groups an object, as Go does."""
    assert call("regex", S("(a)(b)?"), S("a")) == Value.list([S("a"), Value.null(STRING)])
    got = call("regex", S("(?P<x>a)(?P<y>b)"), S("ab"))
    assert got == Value.object({"x": S("a"), "y": S("b")})
    with pytest.raises(FunctionError) as err:
        call("regex", S("(?P<x>a)(b)"), S("ab"))
    assert "named and unnamed" in err.value.message
    assert call("regex_replace", S("ab-cd"), S("(?P<w>[a-z]+)"), S("<${w}$$>")) == S("<ab$>-<cd$>")


def test_bool_results() -> None:
    """Bool-returning functions return bool values."""
    assert call("startswith", S("abc"), S("ab")) == Value.bool(True)
    assert call("contains", Value.list([N(1), N(2)]), N(2)) == Value.bool(True)
    assert call("alltrue", Value.list([], BOOL)) == Value.bool(True)
