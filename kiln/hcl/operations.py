"""Operators on values with cty/HCL semantics.

Each function takes and returns `Value`s. Unknown operands give unknown
results of the right type; marks on operands carry to the result; null
operands and unsuitable types raise `OperationError` with the summary and
detail Go HCL reports (e.g. summary "Invalid operand", detail "Unsuitable
value for left operand: a number is required.").
"""

from __future__ import annotations

from kiln.hcl.values import Value

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
    operand is at fault ("left", "right", "operand" or None) so the evaluator
    can point at it.
    """

    def __init__(self, summary: str, detail: str, operand: str | None = None) -> None:
        self.summary = summary
        self.detail = detail
        self.operand = operand
        super().__init__(f"{summary}: {detail}")

    @property
    def message(self) -> str:
        """The detail text (kept for callers wanting one string)."""
        return self.detail


def add(a: Value, b: Value) -> Value:
    """`a + b` (numbers; operands converted to number as HCL does)."""
    raise NotImplementedError


def subtract(a: Value, b: Value) -> Value:
    """`a - b`."""
    raise NotImplementedError


def multiply(a: Value, b: Value) -> Value:
    """`a * b`."""
    raise NotImplementedError


def divide(a: Value, b: Value) -> Value:
    """`a / b` (x/0 is +/-Inf; 0/0 and Inf/Inf are errors, as in cty)."""
    raise NotImplementedError


def modulo(a: Value, b: Value) -> Value:
    """`a % b` (sign follows the dividend, as Go's and cty's)."""
    raise NotImplementedError


def negate(a: Value) -> Value:
    """`-a`."""
    raise NotImplementedError


def greater_than(a: Value, b: Value) -> Value:
    """`a > b`."""
    raise NotImplementedError


def greater_than_or_equal(a: Value, b: Value) -> Value:
    """`a >= b`."""
    raise NotImplementedError


def less_than(a: Value, b: Value) -> Value:
    """`a < b`."""
    raise NotImplementedError


def less_than_or_equal(a: Value, b: Value) -> Value:
    """`a <= b`."""
    raise NotImplementedError


def equals(a: Value, b: Value) -> Value:
    """`a == b` as cty's Equals (different types are simply not equal)."""
    raise NotImplementedError


def not_equals(a: Value, b: Value) -> Value:
    """`a != b`."""
    raise NotImplementedError


def and_(a: Value, b: Value) -> Value:
    """`a && b`."""
    raise NotImplementedError


def or_(a: Value, b: Value) -> Value:
    """`a || b`."""
    raise NotImplementedError


def not_(a: Value) -> Value:
    """`!a`."""
    raise NotImplementedError
