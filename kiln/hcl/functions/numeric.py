"""HCL functions: numbers (cty stdlib number functions, Packer's sum)."""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from kiln.hcl.functions._util import fn, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import DYNAMIC, NUMBER, STRING, ListType, SetType, Type
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable

_N = NUMBER
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _num(d: Decimal | float | int) -> Value:
    if isinstance(d, float) and math.isinf(d):
        return Value.number(Decimal("Infinity") if d > 0 else Decimal("-Infinity"))
    return Value.number(d)


def _abs(a: list[Value]) -> Value:
    return Value.number(abs(a[0].as_number()))


def _round(mode: str) -> Function:
    def impl(a: list[Value]) -> Value:
        d = a[0].as_number()
        if d.is_infinite():
            return a[0]
        return Value.number(d.to_integral_value(rounding=mode))

    name = "ceil" if mode == ROUND_CEILING else "floor"
    return fn(name, [param("num", _N)], _N, impl)


def _log(a: list[Value]) -> Value:
    x, base = a[0].as_float(), a[1].as_float()
    try:
        lx = math.log(x) if x > 0 else (-math.inf if x == 0 else math.nan)
        return _num(lx / math.log(base))
    except (ValueError, ZeroDivisionError):
        raise FunctionError("the result is not a valid number") from None


def _pow(a: list[Value]) -> Value:
    try:
        return _num(math.pow(a[0].as_float(), a[1].as_float()))
    except (ValueError, OverflowError):
        raise FunctionError("the result is not a valid number") from None


def _minmax(pick: str) -> Function:
    def impl(a: list[Value]) -> Value:
        if not a:
            raise FunctionError("must pass at least one number")
        nums = [v.as_number() for v in a]
        return Value.number(max(nums) if pick == "max" else min(nums))

    return fn(pick, [], _N, impl, param("numbers", _N))


def _signum(a: list[Value]) -> Value:
    d = a[0].as_number()
    if not d.is_finite() or d != d.to_integral_value() or abs(d) >= 2**63:
        raise FunctionError(
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807"
        )
    return Value.number((d > 0) - (d < 0))


def _parseint(a: list[Value]) -> Value:
    s = a[0].as_str()
    try:
        base = a[1].as_int()
    except ValueError:
        base = 0
    if not 2 <= base <= 62:
        raise FunctionError("base must be a whole number between 2 and 62 inclusive", 1)
    body = s[1:] if s[:1] in "+-" else s
    digits = _DIGITS[:base] if base > 36 else _DIGITS[:base] + _DIGITS[36 : 36 + base - 10]
    if not body or any(c not in digits for c in body):
        raise FunctionError(f'cannot parse "{s}" as a base {base} integer', 0)
    value = 0
    for c in body:
        i = _DIGITS.index(c)
        if base <= 36 and i >= 36:
            i -= 26
        value = value * base + i
    return Value.number(-value if s.startswith("-") else value)


def _sum_ret(a: list[Value]) -> Type:
    t = a[0].type
    if not (t.is_list() or t.is_set() or t.is_tuple() or t.is_dynamic()):
        raise FunctionError("cannot sum noniterable", 0)
    return NUMBER


def _sum(a: list[Value]) -> Value:
    from kiln.hcl.convert import ConversionError, convert  # noqa: PLC0415

    lst = a[0]
    if not lst.is_wholly_known():
        return Value.unknown(NUMBER)
    elems = lst.elements()
    if not elems:
        raise FunctionError("cannot sum an empty list", 0)
    total = Decimal(0)
    for e in elems:
        if e.is_null:
            raise FunctionError("argument must be list, set, or tuple of number values", 0)
        try:
            total += convert(e, NUMBER).as_number()
        except ConversionError:
            raise FunctionError(
                "argument must be list, set, or tuple of number values", 0
            ) from None
    return Value.number(total)


def build(table: FunctionTable) -> dict[str, Function]:
    """The numeric functions."""
    p = param
    return {
        "abs": fn("abs", [p("num", _N)], _N, _abs),
        "ceil": _round(ROUND_CEILING),
        "floor": _round(ROUND_FLOOR),
        "log": fn("log", [p("num", _N), p("base", _N)], _N, _log),
        "max": _minmax("max"),
        "min": _minmax("min"),
        "parseint": fn("parseint", [p("number", STRING), p("base", _N)], _N, _parseint),
        "pow": fn("pow", [p("num", _N), p("power", _N)], _N, _pow),
        "signum": fn("signum", [p("num", _N)], _N, _signum),
        "sum": fn("sum", [p("list", DYNAMIC)], _sum_ret, _sum),
    }


__all__ = ["ListType", "SetType", "build"]
