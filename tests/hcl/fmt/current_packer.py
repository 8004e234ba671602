"""The one formatting rule current Packer changed since 1.6.6, applied to its goldens.

The goldens are `packer fmt` 1.6.6's own output. Current hclwrite (and so
current Packer) writes no space after `!` (`!var.x`, where 1.6.6 wrote
`! var.x`); current Packer wins, so the goldens are read through this.
"""

from __future__ import annotations

from itertools import pairwise

from kiln.hcl.lexer import TokenType, lex_config

#: Goldens where a `!` shortens the widest line of a run of aligned trailing
#: comments, so current Packer also moves those comments: their spacing can't be
#: derived from 1.6.6's output and is compared with blanks ignored.
REALIGNED_COMMENTS = frozenset({"rand_022", "rand_119"})


def as_current_packer(golden: bytes) -> bytes:
    """`golden` with the spaces after each `!` operator removed."""
    tokens = lex_config(golden, "golden")
    cuts: list[tuple[int, int]] = []
    for bang, after in pairwise(tokens):
        if bang.type is TokenType.Bang and after.type is not TokenType.Newline:
            gap = (bang.range.end.byte, after.range.start.byte)
            if gap[0] < gap[1] and golden[gap[0] : gap[1]].strip(b" ") == b"":
                cuts.append(gap)
    for start, end in reversed(cuts):
        golden = golden[:start] + golden[end:]
    return golden
