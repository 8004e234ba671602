"""Small helpers shared by the function category modules."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiln.hcl.functions.spec import Function, Parameter
from kiln.hcl.types import Type

if TYPE_CHECKING:
    from kiln.hcl.values import Value

__all__ = ["fn", "graphemes", "param"]


def param(name: str, type_: Type, **flags: bool) -> Parameter:
    """Shorthand for `Parameter(name, type_, **flags)`."""
    return Parameter(name, type_, **flags)


def fn(
    name: str,
    params: list[Parameter],
    ret: Type | Callable[[list[Value]], Type],
    impl: Callable[[list[Value]], Value],
    var: Parameter | None = None,
    *,
    impure: bool = False,
) -> Function:
    """Shorthand for building a `Function`."""
    return Function(name, params, ret, impl, var_param=var, impure=impure)


_ZWJ = "\u200d"


def _extends(prev: str, ch: str) -> bool:
    """True if `ch` continues the grapheme cluster ending in `prev`.

    An approximation of Unicode's extended grapheme cluster rules (UAX #29),
    enough for combining marks, variation selectors, emoji modifiers, ZWJ
    sequences and CRLF, which is what cty's textseg matters for in practice.
    """
    if prev == "\r" and ch == "\n":
        return True
    if prev == _ZWJ:
        return True
    if ch == _ZWJ:
        return True
    cp = ord(ch)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return True
    if 0x1F3FB <= cp <= 0x1F3FF:  # emoji skin-tone modifiers
        return True
    if 0xE0020 <= cp <= 0xE007F:  # emoji tag sequences
        return True
    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


def graphemes(s: str) -> list[str]:
    """Split `s` into (approximate) extended grapheme clusters."""
    out: list[str] = []
    ri_open = False
    for ch in s:
        is_ri = 0x1F1E6 <= ord(ch) <= 0x1F1FF
        if out and (_extends(out[-1][-1], ch) or (is_ri and ri_open)):
            out[-1] += ch
            ri_open = False
            continue
        out.append(ch)
        ri_open = is_ri
    return out
