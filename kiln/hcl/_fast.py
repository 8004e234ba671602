"""Fast constructors for the frozen position and token classes.

Frozen dataclasses assign each field through `object.__setattr__`, which
costs about a microsecond per object; the scanner and parser make tens of
thousands of positions per file. Setting the slots through their member
descriptors builds identical objects several times faster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from kiln.hcl.source import Pos, Range

_T = TypeVar("_T")

_new = object.__new__


def _setter(cls: type[Any], name: str) -> Callable[[object, object], None]:
    return cast(Callable[[object, object], None], getattr(cls, name).__set__)


_pos_line = _setter(Pos, "line")
_pos_col = _setter(Pos, "column")
_pos_byte = _setter(Pos, "byte")
_rng_file = _setter(Range, "filename")
_rng_start = _setter(Range, "start")
_rng_end = _setter(Range, "end")


def make_pos(line: int, column: int, byte: int) -> Pos:
    """`Pos(line, column, byte)`, built quickly."""
    p = _new(Pos)
    _pos_line(p, line)
    _pos_col(p, column)
    _pos_byte(p, byte)
    return p


def make_range(filename: str, start: Pos, end: Pos) -> Range:
    """`Range(filename, start, end)`, built quickly."""
    r = _new(Range)
    _rng_file(r, filename)
    _rng_start(r, start)
    _rng_end(r, end)
    return r


def between(a: Range, b: Range) -> Range:
    """The smallest range covering `a` and `b` (Go's `hcl.RangeBetween`)."""
    start = a.start if a.start.byte <= b.start.byte else b.start
    end = a.end if a.end.byte >= b.end.byte else b.end
    return make_range(a.filename, start, end)


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
