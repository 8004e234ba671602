"""Source positions and ranges, as Go HCL's `hcl.Pos` and `hcl.Range`.

Lines and columns count from 1; columns count Unicode characters (grapheme
clusters in Go HCL; code points here), bytes count from 0 in the UTF-8 source.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Pos:
    """One point in a source file."""

    line: int
    column: int
    byte: int


@dataclass(frozen=True, slots=True)
class Range:
    """A span of a source file: from `start` up to, not including, `end`."""

    filename: str
    start: Pos
    end: Pos

    def __str__(self) -> str:
        """Go HCL's form: `file:12,3-9`, or `file:12,3-14,2` over several lines."""
        if self.start.line == self.end.line:
            return f"{self.filename}:{self.start.line},{self.start.column}-{self.end.column}"
        return (
            f"{self.filename}:{self.start.line},{self.start.column}-"
            f"{self.end.line},{self.end.column}"
        )

    def join(self, other: Range) -> Range:
        """The smallest range covering both (Go HCL's `RangeBetween`)."""
        start = self.start if self.start.byte <= other.start.byte else other.start
        end = self.end if self.end.byte >= other.end.byte else other.end
        return Range(self.filename, start, end)

    @staticmethod
    def at(filename: str, line: int = 1, column: int = 1, byte: int = 0) -> Range:
        """An empty range at one position."""
        pos = Pos(line, column, byte)
        return Range(filename, pos, pos)
