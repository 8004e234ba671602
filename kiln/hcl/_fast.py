"""Fast constructors for the frozen position and token classes.

Frozen dataclasses assign each field through `object.__setattr__`, which
costs about a microsecond per object; the scanner and parser make tens of
thousands of objects per file. Setting the slots through their member
descriptors builds identical objects several times faster. Ranges are
plain slotted classes (see `kiln.hcl.source`) and need no such help.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, TypeVar, cast

from kiln.hcl.diagnostics import Diagnostic, Severity
from kiln.hcl.source import Pos, Range, between

__all__ = [
    "between",
    "call_gc_paused",
    "fast_factory",
    "has_errors_since",
    "make_pos",
    "make_range",
]

_T = TypeVar("_T")

_new = object.__new__
_ERROR = Severity.ERROR


def _setter(cls: type[Any], name: str) -> Callable[[object, object], None]:
    return cast(Callable[[object, object], None], getattr(cls, name).__set__)


_pos_line = _setter(Pos, "line")
_pos_col = _setter(Pos, "column")
_pos_byte = _setter(Pos, "byte")


def make_pos(line: int, column: int, byte: int) -> Pos:
    """`Pos(line, column, byte)`, built quickly."""
    p = _new(Pos)
    _pos_line(p, line)
    _pos_col(p, column)
    _pos_byte(p, byte)
    return p


def has_errors_since(diags: list[Diagnostic], n: int) -> bool:
    """True when any diagnostic after the first `n` of `diags` is an error."""
    if len(diags) <= n:
        return False
    return any(d.severity is _ERROR for d in diags[n:])


# Sources at least this long are scanned and parsed with the cyclic garbage
# collector paused: the scanner and parser allocate tens of thousands of
# objects (none of them in reference cycles), and the collector's repeated
# passes over the young ones cost about a tenth of the time. Small sources
# are not worth the bookkeeping.
GC_PAUSE_MIN_BYTES = 4096


def call_gc_paused(size: int, fn: Callable[..., _T], *args: Any) -> _T:
    """`fn(*args)`, with the garbage collector paused if `size` is large."""
    if size < GC_PAUSE_MIN_BYTES or not gc.isenabled():
        return fn(*args)
    gc.disable()
    try:
        return fn(*args)
    finally:
        gc.enable()


make_range = Range
"""`Range(filename, start, end)` (kept for the callers that import it)."""


def fast_factory(cls: type[_T], *fields: str) -> Callable[..., _T]:
    """A quick positional constructor for a frozen slotted dataclass `cls`.

    Only for classes whose `__init__` does nothing but assign `fields`.
    """
    setters = [_setter(cls, f) for f in fields]
    if len(setters) == 3:
        s0, s1, s2 = setters

        def make3(a: object, b: object, c: object) -> _T:
            obj: _T = _new(cls)
            s0(obj, a)
            s1(obj, b)
            s2(obj, c)
            return obj

        return make3

    pairs = list(enumerate(setters))

    def make(*args: object) -> _T:
        obj: _T = _new(cls)
        for i, s in pairs:
            s(obj, args[i])
        return obj

    return make
