"""Type conversion and unification, as go-cty's `convert` package.

`convert(value, want)` converts a value to a type (or type constraint with
`DYNAMIC` parts and optional object attributes), raising `ConversionError`
with cty's wording. `unify(types)` finds the single type a set of types can
all convert to safely, as HCL does for conditionals and collection
constructors.
"""

from __future__ import annotations

from kiln.hcl.types import Type
from kiln.hcl.values import Value

__all__ = [
    "ConversionError",
    "can_convert",
    "convert",
    "test_conformance",
    "unify",
    "unify_unsafe",
]


class ConversionError(Exception):
    """A value cannot be converted to the wanted type.

    `message` is cty's text (e.g. "a number is required"); `path` the steps
    to the offending part (attribute names as str, indexes as Value).
    `str(err)` is cty's formatted error, prefixed by the path when there is one
    (e.g. `.foo: a number is required`... as cty's path error formatting).
    """

    def __init__(self, message: str, path: tuple[str | Value, ...] = ()) -> None:
        self.message = message
        self.path = path
        super().__init__(message)


def convert(value: Value, want: Type) -> Value:
    """Convert `value` to type `want` (may contain DYNAMIC), as cty's convert.Convert."""
    raise NotImplementedError


def can_convert(have: Type, want: Type) -> bool:
    """True if some conversion from `have` to `want` exists (safe or unsafe)."""
    raise NotImplementedError


def unify(types: list[Type]) -> Type | None:
    """cty's convert.Unify: the type all `types` convert to safely, or None."""
    raise NotImplementedError


def unify_unsafe(types: list[Type]) -> Type | None:
    """cty's convert.UnifyUnsafe: like `unify` but allowing unsafe conversions."""
    raise NotImplementedError


def test_conformance(value: Value, want: Type) -> list[str]:
    """The problems that stop `value` conforming to `want` exactly (no conversion).

    Empty when the value's type already conforms (DYNAMIC matches anything).
    """
    raise NotImplementedError


test_conformance.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
