"""Go's fmt number formatting (big.Float / big.Int) over exact Decimals.

cty formats numbers for `format()` by handing its big.Float/big.Int to Go's
fmt package; these helpers reproduce that output from the Decimal numbers
Kiln uses. Pure functions on plain Python data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

__all__ = ["Flags", "format_float", "format_int", "shortest_g"]


@dataclass
class Flags:
    """The flags, width and precision of one `%` verb (-1 when absent)."""

    plus: bool = False
    minus: bool = False
    space: bool = False
    zero: bool = False
    sharp: bool = False
    width: int = -1
    prec: int = -1


def _digits(d: Decimal) -> tuple[str, int]:
    """Mantissa digits (no trailing zeros) and exponent e with d = 0.mant * 10**e."""
    if d == 0:
        return "", 0
    t = abs(d).normalize().as_tuple()
    mant = "".join(map(str, t.digits)).rstrip("0") or "0"
    assert isinstance(t.exponent, int)
    exp = len(t.digits) + t.exponent
    return mant, exp


def _round(mant: str, exp: int, n: int) -> tuple[str, int]:
    """Round the digit string to n digits the way Go's big decimal does."""
    if n < 0 or n >= len(mant):
        return mant, exp
    if mant[n] == "5" and n + 1 == len(mant):
        up = n > 0 and int(mant[n - 1]) % 2 == 1
    else:
        up = mant[n] >= "5"
    if not up:
        kept = mant[:n].rstrip("0")
        return kept, exp if kept else 0
    # Round up: increment the kept prefix.
    digits = list(mant[:n])
    i = n - 1
    while i >= 0:
        if digits[i] < "9":
            digits[i] = chr(ord(digits[i]) + 1)
            return "".join(digits[: i + 1]).rstrip("0") or "0", exp
        i -= 1
    # All nines (or n == 0): becomes 1 with a larger exponent.
    return "1", exp + 1


def _fmt_e(mant: str, exp: int, prec: int, upper: bool) -> str:
    first = mant[0] if mant else "0"
    rest = mant[1:] if mant else ""
    frac = rest if prec < 0 else (rest + "0" * prec)[:prec]
    e = (exp - 1) if mant else 0
    out = first + ("." + frac if frac else "")
    sign = "-" if e < 0 else "+"
    return out + ("E" if upper else "e") + sign + f"{abs(e):02d}"


def _fmt_f(mant: str, exp: int, prec: int) -> str:
    if exp > 0:
        intpart = (mant[:exp] + "0" * max(0, exp - len(mant))) or "0"
        fracdigits = mant[exp:]
    else:
        intpart = "0"
        fracdigits = "0" * (-exp) + mant
    frac = fracdigits if prec < 0 else (fracdigits + "0" * prec)[:prec]
    return intpart + ("." + frac if frac else "")


def _text(d: Decimal, verb: str, prec: int) -> str:
    """big.Float.Text(verb, prec) for a finite non-negative magnitude."""
    mant, exp = _digits(d)
    shortest = prec < 0
    if verb in "eE":
        if not shortest:
            mant, exp = _round(mant, exp, 1 + prec)
        return _fmt_e(mant, exp, prec, verb == "E")
    if verb == "f":
        if not shortest:
            mant, exp = _round(mant, exp, exp + prec)
        return _fmt_f(mant, exp, prec)
    # g / G
    if not shortest:
        p = prec if prec > 0 else 1
        mant, exp = _round(mant, exp, p)
        prec = p
    eprec = prec
    if eprec > len(mant) and len(mant) >= exp:
        eprec = len(mant)
    if shortest:
        eprec = 6
    e = exp - 1
    if e < -4 or e >= eprec:
        if shortest or prec > len(mant):
            prec = len(mant)
        return _fmt_e(mant, exp, prec - 1, verb == "G")
    if shortest or prec > exp:
        prec = len(mant)
    return _fmt_f(mant, exp, max(prec - exp, 0))


def shortest_g(d: Decimal) -> str:
    """big.Float.Text('g', -1): cty's `%v` form of a number."""
    if d.is_infinite():
        return "-Inf" if d < 0 else "+Inf"
    body = _text(abs(d), "g", -1)
    return ("-" + body) if d < 0 else body


def _pad(sign: str, body: str, f: Flags, zero_ok: bool) -> str:
    length = len(sign) + len(body)
    if f.width <= length:
        return sign + body
    pad = f.width - length
    if f.minus:
        return sign + body + " " * pad
    if f.zero and zero_ok:
        return sign + "0" * pad + body
    return " " * pad + sign + body


def format_float(d: Decimal, verb: str, f: Flags) -> str:
    """Go's fmt.Sprintf("%<flags><verb>", bigFloat) for e, E, f, g, G."""
    prec = f.prec
    if prec < 0 and verb in "eEf":
        prec = 6
    body = "Inf" if d.is_infinite() else _text(abs(d), verb, prec)
    neg = d < 0 or (d == 0 and d.is_signed())
    sign = "-" if neg else ("+" if f.plus else (" " if f.space else ""))
    return _pad(sign, body, f, not d.is_infinite())


_BASES = {"b": 2, "o": 8, "d": 10, "x": 16, "X": 16}


def _to_base(n: int, base: int) -> str:
    if base == 10:
        return str(n)
    return {2: format(n, "b"), 8: format(n, "o"), 16: format(n, "x")}[base]


def format_int(n: int, verb: str, f: Flags) -> str:
    """Go's fmt.Sprintf("%<flags><verb>", bigInt) for b, d, o, x, X."""
    digits = _to_base(abs(n), _BASES[verb])
    if verb == "X":
        digits = digits.upper()
    sign = "-" if n < 0 else ("+" if f.plus else (" " if f.space else ""))
    prefix = ""
    if f.sharp:
        prefix = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb, "")
    zeros = 0
    if f.prec >= 0:
        if len(digits) < f.prec:
            zeros = f.prec - len(digits)
        elif digits == "0" and f.prec == 0:
            return ""
    length = len(sign) + len(prefix) + zeros + len(digits)
    left = right = 0
    if f.width > length:
        pad = f.width - length
        if f.minus:
            right = pad
        elif f.zero and f.prec < 0:
            zeros = pad
        else:
            left = pad
    return " " * left + sign + prefix + "0" * zeros + digits + " " * right


def to_integral(d: Decimal) -> int | None:
    """The int value of d if it is a whole finite number, else None."""
    if not d.is_finite():
        return None
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, len(d.as_tuple().digits) + 10)
        i = d.to_integral_value(rounding=ROUND_HALF_EVEN)
    return int(i) if i == d else None
