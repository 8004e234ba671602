"""Exact numbers for HCL, standing in for cty's 512-bit `big.Float`.

Numbers are `decimal.Decimal` values computed in a private context with 160
significant digits (512 bits is about 154 decimal digits). Decimal keeps
literals such as `0.1` exact, which is what makes `0.1 + 0.2` come out as
`0.3`, just as cty's big.Float sum rounds to the float64 `0.3` when printed.
Infinities are allowed (cty allows them); NaN never escapes: operations that
would make one raise instead, as cty panics there.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal

#: Significant digits kept by arithmetic (cty: 512-bit mantissa ~ 154 digits).
PRECISION = 160

CONTEXT = decimal.Context(
    prec=PRECISION,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999_999,
    Emax=999_999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[decimal.InvalidOperation],
)

POS_INF = Decimal("Infinity")
NEG_INF = Decimal("-Infinity")
ZERO = Decimal(0)
ONE = Decimal(1)

#: int64 bounds: Packer prints numbers in this range that are whole as integers.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class NumberSyntaxError(ValueError):
    """A string is not a valid number (cty's ParseNumberVal failure)."""


def to_decimal(n: int | float | Decimal | str) -> Decimal:
    """Normalise a Python number (or numeric string) to the internal form."""
    if isinstance(n, bool):
        raise TypeError("bool is not a number")
    if isinstance(n, Decimal):
        d = n
    elif isinstance(n, int):
        d = Decimal(n)
    elif isinstance(n, float):
        if math.isnan(n):
            raise ValueError("NaN is not a valid HCL number")
        # float -> Decimal is exact, the same as cty.NumberFloatVal's big.Float.
        d = Decimal(n)
    elif isinstance(n, str):
        return parse(n)
    else:
        raise TypeError(f"cannot make a number from {type(n).__name__}")
    if d.is_nan():
        raise ValueError("NaN is not a valid HCL number")
    return CONTEXT.plus(d) if not d.is_infinite() else d


def parse(s: str) -> Decimal:
    """Parse a number the way cty.ParseNumberVal does.

    Accepts decimal literals with optional sign, fraction and exponent;
    rejects empty strings, surrounding spaces, hex, `Inf`/`NaN` spellings.
    """
    if not _looks_numeric(s):
        raise NumberSyntaxError(s)
    try:
        d = Decimal(s)
    except decimal.InvalidOperation:
        raise NumberSyntaxError(s) from None
    return CONTEXT.plus(d)


def _looks_numeric(s: str) -> bool:
    # big.Float.Parse (base 10) accepts: [+-] digits [. digits] [(e|E) [+-] digits],
    # also a leading "." or a trailing "."; it rejects underscores in base 10,
    # "inf"/"nan" we reject too (cty's parser refuses them as invalid).
    if not s:
        return False
    i = 0
    n = len(s)
    if s[i] in "+-":
        i += 1
    digits = 0
    while i < n and s[i].isascii() and s[i].isdigit():
        i += 1
        digits += 1
    if i < n and s[i] == ".":
        i += 1
        while i < n and s[i].isascii() and s[i].isdigit():
            i += 1
            digits += 1
    if digits == 0:
        return False
    if i < n and s[i] in "eE":
        i += 1
        if i < n and s[i] in "+-":
            i += 1
        exp_digits = 0
        while i < n and s[i].isascii() and s[i].isdigit():
            i += 1
            exp_digits += 1
        if exp_digits == 0:
            return False
    return i == n


def is_whole(d: Decimal) -> bool:
    """True for finite integral numbers."""
    return d.is_finite() and d == d.to_integral_value()


def _digits_of(d: Decimal) -> tuple[str, int]:
    """Decimal digits (no trailing zeros) and point position: d = 0.DIGITS * 10**exp."""
    _, digit_tuple, exponent = d.as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0")
    if not digits:
        return "", 0
    assert isinstance(exponent, int)
    # as_tuple: d = DIGITS * 10**exponent (before stripping); point after len(all digits).
    return digits, len(digit_tuple) + exponent


def go_format_g(neg: bool, digits: str, exp: int, prec: int, shortest: bool) -> str:
    """Go's %g layout (strconv/big ftoa) of a decimal `0.digits * 10**exp`.

    `digits` must already be rounded to the wanted significant digits, with
    trailing zeros removed ("" means zero).
    """
    sign = "-" if neg else ""
    if not digits:
        digits, exp = "0", 1
    nd = len(digits)
    eprec = prec
    if eprec > nd >= exp:
        eprec = nd
    if shortest:
        eprec = 6
    e = exp - 1
    if e < -4 or e >= eprec:
        p = min(prec, nd) if not shortest else nd
        body = digits[0]
        if p > 1:
            body += "." + digits[1:p].ljust(p - 1, "0")
        esign = "-" if e < 0 else "+"
        return f"{sign}{body}e{esign}{abs(e):02d}"
    p = prec if not shortest else nd
    if p > exp:
        p = nd
    frac_digits = max(p - exp, 0)
    if exp > 0:
        int_part = digits[:exp].ljust(exp, "0")
        frac = digits[exp:]
    else:
        int_part = "0"
        frac = "0" * (-exp) + digits
    frac = frac[:frac_digits].ljust(frac_digits, "0")
    return f"{sign}{int_part}.{frac}" if frac_digits else f"{sign}{int_part}"


def big_float_string(d: Decimal) -> str:
    """big.Float's String(): Text('g', 10), used in cty's set hashing."""
    if d.is_infinite():
        return "-Inf" if d < 0 else "+Inf"
    rounded = decimal.Context(prec=10, rounding=decimal.ROUND_HALF_EVEN).plus(d)
    digits, exp = _digits_of(rounded)
    return go_format_g(d.is_signed(), digits, exp, 10, shortest=False)


def format_float64(f: float) -> str:
    """Go's `%v` of a float64 (strconv 'g', shortest): `1e+21`, `0.3`, `+Inf`."""
    if math.isnan(f):
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    # repr() gives the shortest round-tripping digits, the same digits Go picks.
    d = Decimal(repr(f))
    digits, exp = _digits_of(d)
    return go_format_g(d.is_signed(), digits, exp, -1, shortest=True)
