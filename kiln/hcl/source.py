"""Source positions and ranges, as Go HCL's `hcl.Pos` and `hcl.Range`.

Lines and columns count from 1; columns count Unicode characters (grapheme
clusters in Go HCL; code points here), bytes count from 0 in the UTF-8 source.

The scanner makes one range per token, tens of thousands per file, and most
are never looked at. So a range made by the scanner or parser holds only its
byte offsets and a shared per-file `LineTable`; its `start` and `end`
positions are worked out (by binary search over line starts) on first use.
Either way a `Range` behaves as an immutable value: equality, hashing,
`repr` and `str` depend only on `filename`, `start` and `end`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

__all__ = ["LineTable", "Pos", "Range"]


@dataclass(frozen=True, slots=True)
class Pos:
    """One point in a source file."""

    line: int
    column: int
    byte: int


_CONT_BYTES = bytes(range(0x80, 0xC0))
_PLUS_ONE = (1).__add__


class LineTable:
    """Where the lines of one scanned source start, to turn offsets into `Pos`.

    `src` is the scanned text (after any byte-order mark); `base` is the
    absolute byte offset of `src[0]`, which lies at `line`/`column`.
    Lines count `\\n`; columns count bytes that are not UTF-8 continuation
    bytes, as the scanner does.
    """

    __slots__ = ("base", "cache", "column", "line", "src", "starts")

    def __init__(self, src: bytes, base: int, line: int, column: int) -> None:
        self.src = src
        self.base = base
        self.line = line
        self.column = column
        # Each line starts one byte past the end of the one before.
        lengths = map(len, src.split(b"\n")[:-1])
        self.starts = [0, *accumulate(map(_PLUS_ONE, lengths))]
        self.cache: dict[int, Pos] = {}

    def pos(self, byte: int) -> Pos:
        """The position of absolute byte offset `byte`."""
        p = self.cache.get(byte)
        if p is not None:
            return p
        off = byte - self.base
        i = bisect_right(self.starts, off) - 1
        ls = self.starts[i]
        seg = self.src[ls:off]
        n = len(seg) if seg.isascii() else len(seg.translate(None, _CONT_BYTES))
        p = Pos(self.line + i, (self.column if i == 0 else 1) + n, byte)
        self.cache[byte] = p
        return p


class Range:
    """A span of a source file: from `start` up to, not including, `end`."""

    __slots__ = ("_eb", "_end", "_filename", "_lines", "_sb", "_start")
    __match_args__ = ("filename", "start", "end")

    _filename: str
    _start: Pos | None
    _end: Pos | None
    _sb: int
    _eb: int
    _lines: LineTable | None

    def __init__(self, filename: str, start: Pos, end: Pos) -> None:
        self._filename = filename
        self._start = start
        self._end = end
        self._sb = start.byte
        self._eb = end.byte
        self._lines = None

    @property
    def filename(self) -> str:
        """The name of the file the range lies in."""
        return self._filename

    @property
    def start(self) -> Pos:
        """Where the range begins."""
        s = self._start
        if s is None:
            assert self._lines is not None
            s = self._start = self._lines.pos(self._sb)
        return s

    @property
    def end(self) -> Pos:
        """Where the range ends (exclusive)."""
        e = self._end
        if e is None:
            assert self._lines is not None
            e = self._end = self._lines.pos(self._eb)
        return e

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Range):
            return NotImplemented
        if self._lines is not None and self._lines is other._lines:
            return (
                self._sb == other._sb
                and self._eb == other._eb
                and self._filename == other._filename
            )
        return (
            self._filename == other._filename
            and self.start == other.start
            and self.end == other.end
        )

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash((self._filename, self.start, self.end))

    def __repr__(self) -> str:
        return f"Range(filename={self._filename!r}, start={self.start!r}, end={self.end!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Range, (self._filename, self.start, self.end))

    def __str__(self) -> str:
        """Go HCL's form: `file:12,3-9`, or `file:12,3-14,2` over several lines."""
        start = self.start
        end = self.end
        if start.line == end.line:
            return f"{self._filename}:{start.line},{start.column}-{end.column}"
        return f"{self._filename}:{start.line},{start.column}-{end.line},{end.column}"

    def join(self, other: Range) -> Range:
        """The smallest range covering both (Go HCL's `RangeBetween`)."""
        return between(self, other)

    @staticmethod
    def at(filename: str, line: int = 1, column: int = 1, byte: int = 0) -> Range:
        """An empty range at one position."""
        pos = Pos(line, column, byte)
        return Range(filename, pos, pos)


class LazyRange(Range):
    """A `Range` given by byte offsets into a `LineTable`'s source.

    Internal to the scanner and parser; it compares, hashes and prints
    exactly as the equivalent `Range`.
    """

    __slots__ = ()

    def __init__(self, filename: str, sb: int, eb: int, lines: LineTable) -> None:
        self._filename = filename
        self._start = None
        self._end = None
        self._sb = sb
        self._eb = eb
        self._lines = lines


def between(a: Range, b: Range) -> Range:
    """The smallest range covering `a` and `b` (Go's `hcl.RangeBetween`)."""
    lines = a._lines
    if lines is not None and lines is b._lines:
        # Both from one scan (so one file): positions follow from offsets.
        asb = a._sb
        bsb = b._sb
        aeb = a._eb
        beb = b._eb
        if asb <= bsb:
            if aeb >= beb:
                return a
            return LazyRange(a._filename, asb, beb, lines)
        if beb >= aeb:
            return b
        return LazyRange(a._filename, bsb, aeb, lines)
    start = a.start if a._sb <= b._sb else b.start
    end = a.end if a._eb >= b._eb else b.end
    return Range(a._filename, start, end)
