"""Binary big floats emulating Go's `math/big.Float` as cty uses it.

cty numbers are `*big.Float`: a binary mantissa of `prec` bits (512 when
parsed from text, 64 for int64 values, 53 for float64 values), rounding to
nearest-even after every operation, signed zeros and infinities. Printing
(`Text('f', -1)`) shows the shortest decimal that rounds back to the same
value *at that precision*, so `1/3` prints 155 digits and `0.1` prints
`0.1`. `Num` reproduces this with Python ints: value = m * 2**e.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Final

#: Precision of numbers parsed from text and of arithmetic results.
PREC: Final = 512


class NumberSyntaxError(ValueError):
    """A string is not a valid number (cty's ParseNumberVal failure)."""


class NaNError(ArithmeticError):
    """An operation would produce NaN; `str()` is cty's panic message."""


class Num:
    """An immutable big float: m * 2**e (m odd or 0), or +/-Inf; signed zero."""

    __slots__ = ("e", "inf", "m", "neg", "prec")

    m: int
    e: int
    prec: int
    inf: int  # 0 finite, +1 or -1 infinite
    neg: bool  # sign (needed for -0 and infinities)

    def __init__(self, m: int, e: int, prec: int, inf: int = 0, neg: bool = False) -> None:
        self.m = m
        self.e = e
        self.prec = prec
        self.inf = inf
        self.neg = neg

    # Equality as big.Float's Cmp: -0 == 0; precision does not matter.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Num):
            return NotImplemented
        if self.inf or other.inf:
            return self.inf == other.inf
        return self.m == other.m and self.e == other.e

    def __hash__(self) -> int:
        return hash((self.m, self.e, self.inf))

    def __repr__(self) -> str:
        return f"Num({format_f(self)})"

    def is_zero(self) -> bool:
        """True for +0 and -0."""
        return not self.inf and self.m == 0

    def sign(self) -> int:
        """-1, 0 or +1 (zero of either sign gives 0)."""
        if self.inf:
            return self.inf
        return (self.m > 0) - (self.m < 0)

    def is_int(self) -> bool:
        """True for finite whole numbers."""
        return not self.inf and (self.m == 0 or self.e >= 0)

    def to_int(self) -> int:
        """The exact integer value (must be is_int())."""
        return self.m << self.e if self.e >= 0 else 0

    def trunc(self) -> int:
        """The integer part, rounding toward zero (big.Float.Int)."""
        if self.e >= 0:
            return self.m << self.e
        q = abs(self.m) >> -self.e
        return -q if self.m < 0 else q

    def to_float(self) -> float:
        """Nearest float64 (as big.Float.Float64), overflowing to +/-inf."""
        if self.inf:
            return math.inf if self.inf > 0 else -math.inf
        if self.m == 0:
            return -0.0 if self.neg else 0.0
        try:
            return math.ldexp(float(self.m), self.e)
        except OverflowError:
            return math.inf if self.m > 0 else -math.inf

    def to_decimal(self) -> Decimal:
        """A Decimal that converts back to this exact value (shortest digits)."""
        if self.inf:
            return Decimal("-Infinity") if self.inf < 0 else Decimal("Infinity")
        return Decimal(format_f(self))


def make(m: int, e: int, prec: int, neg: bool = False) -> Num:
    """Round m * 2**e to `prec` bits (nearest even) and normalise."""
    if m == 0:
        return Num(0, 0, prec, 0, neg)
    sign = -1 if m < 0 else 1
    a = -m if m < 0 else m
    excess = a.bit_length() - prec
    if excess > 0:
        half = 1 << (excess - 1)
        rest = a & ((1 << excess) - 1)
        a >>= excess
        e += excess
        if rest > half or (rest == half and a & 1):
            a += 1
    # Strip trailing zero bits so that equal values have equal (m, e).
    tz = (a & -a).bit_length() - 1
    if tz:
        a >>= tz
        e += tz
    return Num(sign * a, e, prec, 0, sign < 0)


POS_INF: Final = Num(0, 0, PREC, 1, False)
NEG_INF: Final = Num(0, 0, PREC, -1, True)
ZERO: Final = Num(0, 0, 64)


def infinity(negative: bool, prec: int = PREC) -> Num:
    """+Inf or -Inf."""
    return Num(0, 0, prec, -1 if negative else 1, negative)


def from_int(i: int) -> Num:
    """An integer, exact (precision as big.Float.SetInt: at least 64 bits)."""
    return make(i, 0, max(64, abs(i).bit_length()))


def from_float(f: float) -> Num:
    """A float64, exact, with precision 53 (as big.Float.SetFloat64)."""
    if math.isnan(f):
        raise ValueError("NaN is not a valid HCL number")
    if math.isinf(f):
        return infinity(f < 0, 53)
    if f == 0:
        return Num(0, 0, 53, 0, math.copysign(1.0, f) < 0)
    mant, exp = math.frexp(f)
    return make(int(mant * (1 << 53)), exp - 53, 53)


def from_decimal(d: Decimal, prec: int = PREC) -> Num:
    """A Decimal rounded to `prec` bits."""
    if d.is_nan():
        raise ValueError("NaN is not a valid HCL number")
    if d.is_infinite():
        return infinity(d < 0, prec)
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    coeff = int("".join(map(str, digits)) or "0")
    if sign:
        coeff = -coeff
    if coeff == 0:
        return Num(0, 0, prec, 0, bool(sign))
    return _from_ratio(coeff * 10**exp, 1, prec) if exp >= 0 else _from_ratio(coeff, 10**-exp, prec)


def _from_ratio(p: int, q: int, prec: int) -> Num:
    """p/q (q > 0) correctly rounded to `prec` bits."""
    if p == 0:
        return Num(0, 0, prec)
    neg = p < 0
    a = -p if neg else p
    # Scale so the integer quotient has prec + 2 bits, then round with a sticky bit.
    shift = prec + 2 - (a.bit_length() - q.bit_length())
    if shift > 0:
        quo, rem = divmod(a << shift, q)
    else:
        quo, rem = divmod(a, q << -shift)
    quo = (quo << 1) | (1 if rem else 0)
    r = make(-quo if neg else quo, -shift - 1, prec)
    return r


def parse(s: str) -> Num:
    """Parse text as cty.ParseNumberVal (big.ParseFloat base 10, 512 bits)."""
    body = s[1:] if s[:1] in ("+", "-") else s
    if body in ("Inf", "inf"):
        return infinity(s.startswith("-"))
    if not _looks_numeric(s):
        raise NumberSyntaxError(s)
    return from_decimal(Decimal(s))


def _looks_numeric(s: str) -> bool:
    # big.Float accepts [sign] digits [. digits] [(e|E) [sign] digits], with
    # ".5" and "5." allowed; no spaces, underscores (base 10) or hex.
    i, n = 0, len(s)
    if i < n and s[i] in "+-":
        i += 1
    digits = 0
    while i < n and "0" <= s[i] <= "9":
        i += 1
        digits += 1
    if i < n and s[i] == ".":
        i += 1
        while i < n and "0" <= s[i] <= "9":
            i += 1
            digits += 1
    if digits == 0:
        return False
    if i < n and s[i] in "eE":
        i += 1
        if i < n and s[i] in "+-":
            i += 1
        start = i
        while i < n and "0" <= s[i] <= "9":
            i += 1
        if i == start:
            return False
    return i == n


# -- arithmetic ---------------------------------------------------------------


def _prec(a: Num, b: Num) -> int:
    return max(a.prec, b.prec)


def add(a: Num, b: Num, prec: int | None = None) -> Num:
    """a + b; +Inf + -Inf raises NaNError."""
    p = prec or _prec(a, b)
    if a.inf or b.inf:
        if a.inf and b.inf and a.inf != b.inf:
            raise NaNError("can't compute sum of opposing infinities")
        return infinity((a.inf or b.inf) < 0, p)
    if a.m == 0 and b.m == 0:
        # IEEE/big.Float: -0 + -0 = -0, otherwise +0.
        return Num(0, 0, p, 0, a.neg and b.neg)
    if a.m == 0:
        return make(b.m, b.e, p)
    if b.m == 0:
        return make(a.m, a.e, p)
    e = min(a.e, b.e)
    return make((a.m << (a.e - e)) + (b.m << (b.e - e)), e, p)


def neg(a: Num) -> Num:
    """-a."""
    if a.inf:
        return infinity(a.inf > 0, a.prec)
    return Num(-a.m, a.e, a.prec, 0, not a.neg)


def sub(a: Num, b: Num, prec: int | None = None) -> Num:
    """a - b; Inf - Inf raises NaNError."""
    if a.inf and b.inf and a.inf == b.inf:
        raise NaNError("can't subtract infinity from itself")
    return add(a, neg(b), prec)


def mul(a: Num, b: Num, prec: int | None = None) -> Num:
    """a * b; 0 * Inf raises NaNError."""
    p = prec or _prec(a, b)
    negative = a.neg != b.neg
    if a.inf or b.inf:
        if a.is_zero() or b.is_zero():
            raise NaNError("can't multiply zero by infinity")
        return infinity(negative, p)
    if a.m == 0 or b.m == 0:
        return Num(0, 0, p, 0, negative)
    return make(a.m * b.m, a.e + b.e, p)


def div(a: Num, b: Num) -> Num:
    """a / b; x/0 is signed Inf; 0/0 and Inf/Inf raise NaNError."""
    p = _prec(a, b)
    negative = a.neg != b.neg
    if (a.is_zero() and b.is_zero()) or (a.inf and b.inf):
        raise NaNError("can't divide zero by zero or infinity by infinity")
    if a.inf:
        return infinity(negative, p)
    if b.inf or a.m == 0:
        return Num(0, 0, p, 0, negative)
    if b.m == 0:
        return infinity(negative, p)
    r = _from_ratio(a.m * (1 << max(a.e - b.e, 0)), abs(b.m) << max(b.e - a.e, 0), p)
    return neg(r) if b.m < 0 else r


def mod(a: Num, b: Num) -> Num:
    """a % b as the cty in Packer 1.6.6 computes it.

    x % 0 is x; Inf % y is Inf; x % Inf is an error. Otherwise
    a - b * trunc(a / b), where the product and difference are rounded to
    the precision of the truncated quotient (at least 64 bits), as the
    big.Float arithmetic of that cty version does.
    """
    if b.is_zero():
        return a
    if a.inf:
        return a
    if b.inf:
        raise NaNError("can't use modulo with zero and infinity")
    q = div(a, b).trunc()
    qp = max(64, abs(q).bit_length())
    work = mul(b, make(q, 0, qp), qp)
    return sub(a, work, qp)


def cmp(a: Num, b: Num) -> int:
    """-1, 0 or +1 (big.Float.Cmp; -0 == 0)."""
    if a.inf or b.inf:
        ai = a.inf if a.inf else 0
        bi = b.inf if b.inf else 0
        if ai == bi:
            return 0
        if ai:
            return ai
        return -bi
    if a.m == b.m and a.e == b.e:
        return 0
    e = min(a.e, b.e)
    x = a.m << (a.e - e)
    y = b.m << (b.e - e)
    return (x > y) - (x < y)


# -- formatting ---------------------------------------------------------------


def _shortest_digits(a: Num) -> tuple[str, int]:
    """Shortest decimal digits D and point position P with 0.D * 10**P == a
    at a's precision (Go big.Float's roundShortest). Zero gives ("", 0)."""
    m = abs(a.m)
    if m == 0:
        return "", 0
    # Mantissa with prec+1 bits: its lsb is half an ulp.
    s = m.bit_length() - (a.prec + 1)
    e = a.e
    if s < 0:
        m <<= -s
        e += s
    # (m exactly representable: it had <= prec bits.)
    inclusive = (m & 2) == 0
    lo, hi = m - 1, m + 1
    if e >= 0:
        x, low, up, k = m << e, lo << e, hi << e, 0
    else:
        k = -e
        f = 5**k
        x, low, up = m * f, lo * f, hi * f  # all scaled by 10**k
    xs = str(x)
    nd = len(xs)
    for n in range(1, nd + 1):
        scale = 10 ** (nd - n)
        down = (x // scale) * scale
        upv = down + scale
        okdown = down > low or (inclusive and down == low)
        okup = upv < up or (inclusive and upv == up)
        if okdown and okup:
            # Both neighbours round back: take the nearer, ties to even.
            twice = 2 * (x - down)
            odd = (down // scale) % 2 == 1
            chosen = upv if twice > scale or (twice == scale and odd) else down
        elif okdown:
            chosen = down
        elif okup:
            chosen = upv
        else:
            continue
        cs = str(chosen).rstrip("0")
        point = len(str(chosen)) - k
        return cs, point
    return xs.rstrip("0"), nd - k


def format_f(a: Num) -> str:
    """big.Float Text('f', -1): plain decimal, shortest; "+Inf", "-0"."""
    if a.inf:
        return "+Inf" if a.inf > 0 else "-Inf"
    sign = "-" if a.neg else ""
    digits, point = _shortest_digits(a)
    if not digits:
        return sign + "0"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def go_format_g(neg: bool, digits: str, exp: int, prec: int, shortest: bool) -> str:
    """Go's %g layout (strconv/big ftoa) of a decimal `0.digits * 10**exp`.

    `digits` must already be rounded to the wanted significant digits, with
    trailing zeros removed ("" means zero).
    """
    sign = "-" if neg else ""
    if not digits:
        digits, exp = "0", 1
    nd = len(digits)
    if shortest:
        prec = nd
    eprec = prec
    if eprec > nd >= exp:
        eprec = nd
    if shortest:
        eprec = 6
    e = exp - 1
    if e < -4 or e >= eprec:
        p = min(prec, nd)
        body = digits[0]
        if p > 1:
            body += "." + digits[1:p].ljust(p - 1, "0")
        esign = "-" if e < 0 else "+"
        return f"{sign}{body}e{esign}{abs(e):02d}"
    p = prec
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


def big_float_string(a: Num) -> str:
    """big.Float's String(): Text('g', 10), used in cty's set hashing."""
    if a.inf:
        return "+Inf" if a.inf > 0 else "-Inf"
    d = a.to_decimal()
    from decimal import ROUND_HALF_EVEN, Context  # noqa: PLC0415 - rarely needed

    rounded = Context(prec=10, rounding=ROUND_HALF_EVEN).plus(d)
    digits, exp = _digits_of(rounded)
    return go_format_g(a.neg, digits, exp, 10, shortest=False)


def _digits_of(d: Decimal) -> tuple[str, int]:
    """Digits (no trailing zeros) and point position: d = 0.DIGITS * 10**exp."""
    _, digit_tuple, exponent = d.as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    if not digits:
        return "", 0
    point = len(digits) + exponent
    return digits.rstrip("0"), point


def format_float64(f: float) -> str:
    """Go's `%v` of a float64 (strconv 'g', shortest): `1e+21`, `0.3`, `+Inf`."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    # repr() gives the shortest round-tripping digits, the same digits Go picks.
    digits, exp = _digits_of(Decimal(repr(f)))
    return go_format_g(math.copysign(1.0, f) < 0, digits, exp, -1, shortest=True)
