"""Operators on values with cty/HCL semantics.

Each function takes and returns `Value`s, following Go HCL's BinaryOpExpr
and UnaryOpExpr: operands are first converted to the operator's parameter
type (number or bool; `==`/`!=` take any type), failures raising
`OperationError("Invalid operand", "Unsuitable value for left operand: a
number is required.")`; a null operand gives "Operation failed" /
"Error during operation: argument must not be null."; unknown operands give
an unknown result; marks on the operands are carried to the result.
Arithmetic on infinities that would make NaN fails with cty's messages.
"""

from __future__ import annotations

from collections.abc import Callable

from kiln.hcl import _numbers
from kiln.hcl.types import BOOL, DYNAMIC, NUMBER, Type
from kiln.hcl.values import FALSE, TRUE, Value

__all__ = [
    "OperationError",
    "add",
    "and_",
    "divide",
    "equals",
    "greater_than",
    "greater_than_or_equal",
    "less_than",
    "less_than_or_equal",
    "modulo",
    "multiply",
    "negate",
    "not_",
    "not_equals",
    "or_",
    "subtract",
]


class OperationError(Exception):
    """An operator cannot be applied.

    `summary` and `detail` are Go HCL's diagnostic texts; `operand` says which
    operand is at fault ("left", "right", "unary" or None) so the evaluator
    can point at it. When both operands are unsuitable, HCL reports two
    diagnostics: `problems` lists every (summary, detail, operand).
    """

    def __init__(
        self,
        summary: str,
        detail: str,
        operand: str | None = None,
        problems: list[tuple[str, str, str | None]] | None = None,
    ) -> None:
        self.summary = summary
        self.detail = detail
        self.operand = operand
        self.problems = problems or [(summary, detail, operand)]
        super().__init__(f"{summary}: {detail}")

    @property
    def message(self) -> str:
        """The detail text (kept for callers wanting one string)."""
        return self.detail


def _operands(args: tuple[Value, ...], names: tuple[str, ...], want: Type) -> list[Value]:
    """Convert operands to the parameter type as HCL does before calling."""
    from kiln.hcl.convert import ConversionError, convert  # noqa: PLC0415 - import cycle

    out: list[Value] = []
    problems: list[tuple[str, str, str | None]] = []
    for v, name in zip(args, names, strict=True):
        try:
            out.append(convert(v, want))
        except ConversionError as err:
            problems.append(
                ("Invalid operand", f"Unsuitable value for {name} operand: {err.message}.", name)
            )
    if problems:
        first = problems[0]
        raise OperationError(first[0], first[1], first[2], problems)
    return out


def _call(
    args: list[Value], result_type: Type, impl: Callable[..., Value], names: tuple[str, ...]
) -> Value:
    """cty function.Call for params that allow neither null, unknown nor marks."""
    marks: frozenset[str] = frozenset()
    plain: list[Value] = []
    for arg in args:
        base, m = arg.unmark()
        marks |= m
        plain.append(base)
    for v in plain:
        if v.is_null:
            raise OperationError(
                "Operation failed", "Error during operation: argument must not be null."
            )
    if not all(v.is_known for v in plain):
        return Value.unknown(result_type).with_marks(marks)
    try:
        result = impl(*plain)
    except _numbers.NaNError as err:
        raise OperationError("Operation failed", f"Error during operation: {err}.") from None
    return result.with_marks(marks)


def _arith(op: Callable[[_numbers.Num, _numbers.Num], _numbers.Num]) -> Callable[..., Value]:
    def impl(a: Value, b: Value) -> Value:
        return Value.number(op(a.as_num(), b.as_num()))

    return impl


_LR = ("left", "right")


def _binary_number(a: Value, b: Value, impl: Callable[..., Value], result: Type) -> Value:
    return _call(_operands((a, b), _LR, NUMBER), result, impl, _LR)


def add(a: Value, b: Value) -> Value:
    """`a + b` (operands converted to number as HCL does)."""
    return _binary_number(a, b, _arith(_numbers.add), NUMBER)


def subtract(a: Value, b: Value) -> Value:
    """`a - b`."""
    return _binary_number(a, b, _arith(_numbers.sub), NUMBER)


def multiply(a: Value, b: Value) -> Value:
    """`a * b`."""
    return _binary_number(a, b, _arith(_numbers.mul), NUMBER)


def divide(a: Value, b: Value) -> Value:
    """`a / b` (x/0 is +/-Inf; 0/0 and Inf/Inf are errors, as in cty)."""
    return _binary_number(a, b, _arith(_numbers.div), NUMBER)


def modulo(a: Value, b: Value) -> Value:
    """`a % b` (sign follows the dividend; x % 0 is x), as Packer 1.6.6's cty."""
    return _binary_number(a, b, _arith(_numbers.mod), NUMBER)


def negate(a: Value) -> Value:
    """`-a`."""
    (x,) = _operands((a,), ("unary",), NUMBER)
    return _call([x], NUMBER, lambda v: Value.number(_numbers.neg(v.as_num())), ("unary",))


def _compare(test: Callable[[int], bool]) -> Callable[..., Value]:
    def impl(a: Value, b: Value) -> Value:
        return TRUE if test(_numbers.cmp(a.as_num(), b.as_num())) else FALSE

    return impl


def greater_than(a: Value, b: Value) -> Value:
    """`a > b`."""
    return _binary_number(a, b, _compare(lambda c: c > 0), BOOL)


def greater_than_or_equal(a: Value, b: Value) -> Value:
    """`a >= b`."""
    return _binary_number(a, b, _compare(lambda c: c >= 0), BOOL)


def less_than(a: Value, b: Value) -> Value:
    """`a < b`."""
    return _binary_number(a, b, _compare(lambda c: c < 0), BOOL)


def less_than_or_equal(a: Value, b: Value) -> Value:
    """`a <= b`."""
    return _binary_number(a, b, _compare(lambda c: c <= 0), BOOL)


def equals(a: Value, b: Value) -> Value:
    """`a == b` as cty's Equals: values of different types are not equal,
    nulls of any type are equal, unknowns make the result unknown."""
    if a.contains_marked() or b.contains_marked():
        ua, ma = a.unmark_deep()
        ub, mb = b.unmark_deep()
        return _equals(ua, ub).with_marks(ma | mb)
    return _equals(a, b)


def not_equals(a: Value, b: Value) -> Value:
    """`a != b`."""
    return not_(equals(a, b))


_UNKNOWN_BOOL = Value.unknown(BOOL)


def _equals(a: Value, b: Value) -> Value:
    ak, bk = a.is_known, b.is_known
    if not ak and not bk:
        return _UNKNOWN_BOOL
    if ak != bk:
        known, unknown = (a, b) if ak else (b, a)
        if known.is_null or unknown.type.has_dynamic_types():
            return _UNKNOWN_BOOL
        return FALSE if known.type != unknown.type else _UNKNOWN_BOOL
    if a.is_null or b.is_null:
        return TRUE if a.is_null and b.is_null else FALSE
    if not _wholly_known_type(a) or not _wholly_known_type(b):
        from kiln.hcl.convert import conforms  # noqa: PLC0415 - import cycle

        if not conforms(a.type, b.type) and not conforms(b.type, a.type):
            return FALSE
        return _UNKNOWN_BOOL
    if a.type != b.type:
        return FALSE
    t = a.type
    if t.is_primitive():
        return TRUE if a == b else FALSE
    if t.is_set():
        if not a.is_wholly_known() or not b.is_wholly_known():
            return _UNKNOWN_BOOL
        return TRUE if a == b else FALSE
    if t.is_object() or t.is_map():
        ai, bi = dict(a.items()), dict(b.items())
        if ai.keys() != bi.keys():
            return FALSE
        pairs = [(ai[k], bi[k]) for k in ai]
    else:
        ae, be = a.elements(), b.elements()
        if len(ae) != len(be):
            return FALSE
        pairs = list(zip(ae, be, strict=True))
    for x, y in pairs:
        r = _equals(x, y)
        if not r.is_known:
            return _UNKNOWN_BOOL
        if not r.as_bool():
            return FALSE
    return TRUE


def _wholly_known_type(v: Value) -> bool:
    """cty's HasWholyKnownType: no unknown-typed (dynamic) value anywhere inside."""
    if v.is_null:
        return True
    if not v.is_known:
        return v.type is not DYNAMIC and not v.type.has_dynamic_types()
    t = v.type
    if t.is_list() or t.is_set() or t.is_tuple():
        return all(_wholly_known_type(e) for e in v.elements())
    if t.is_map() or t.is_object():
        return all(_wholly_known_type(e) for _, e in v.items())
    return True


def _logic(a: Value, b: Value, short: bool) -> Value:
    x, y = _operands((a, b), _LR, BOOL)
    # A known operand equal to `short` decides the result even when the other
    # is unknown (cty's And/Or refinement); nulls are still errors.
    for v in (x, y):
        u = v.unmark()[0]
        if u.is_known and not u.is_null and u.as_bool() is short:
            marks = x.marks | y.marks
            if not (x.is_null or y.is_null):
                return Value.bool(short).with_marks(marks)

    def impl(p: Value, q: Value) -> Value:
        return Value.bool(p.as_bool() and q.as_bool() if not short else p.as_bool() or q.as_bool())

    return _call([x, y], BOOL, impl, _LR)


def and_(a: Value, b: Value) -> Value:
    """`a && b`."""
    return _logic(a, b, short=False)


def or_(a: Value, b: Value) -> Value:
    """`a || b`."""
    return _logic(a, b, short=True)


def not_(a: Value) -> Value:
    """`!a`."""
    (x,) = _operands((a,), ("unary",), BOOL)
    return _call([x], BOOL, lambda v: FALSE if v.as_bool() else TRUE, ("unary",))
