"""Canonical HCL formatting, byte for byte as `packer fmt` (Go's `hclwrite.Format`).

The formatter works on the token stream, never on a syntax tree: it only
changes the whitespace *between* tokens, so comments, heredocs and string
contents survive by construction, and any lexable input can be formatted
(even input that would not parse).

As in hclwrite, the input is cut into lines at newline tokens (and at line
comments, which carry their own newline).  Each line is split into up to three
cells: the *lead*, the *assign* cell (from an `=` onwards, when the rest of
the line is bracket-balanced) and a trailing line *comment*.  Three passes
then set the number of spaces before each token:

1. indentation: two spaces per level, levels counted by the net bracket
   change of each line (with a stack, so lopsided lines such as `}]` do not
   push later lines too far left or right);
2. spacing between tokens within a cell (`_space_after`);
3. alignment: the `=` of consecutive assign lines, then the trailing
   comments of consecutive commented lines, are lined up in a column.

The output is each token's text preceded by its spaces.  Whitespace outside
tokens is dropped, except before end of file, which hclwrite never adjusts.
"""

from __future__ import annotations

from collections.abc import Callable

from kiln.hcl._format_width import columns
from kiln.hcl.lexer import Token, TokenType, lex_config

__all__ = ["format_source"]

T = TokenType

# Net bracket effect of a token, as hclwrite counts it: template `${`/`%{`
# open like brackets and their closing `}` (TemplateSeqEnd) closes them.
_BRACKET: dict[TokenType, int] = {
    T.OBrace: 1,
    T.OBrack: 1,
    T.OParen: 1,
    T.TemplateControl: 1,
    T.TemplateInterp: 1,
    T.CBrace: -1,
    T.CBrack: -1,
    T.CParen: -1,
    T.TemplateSeqEnd: -1,
}

# Tokens after which a `-` must be a negation rather than a subtraction.
_NEGATION_CONTEXT = frozenset(
    {
        T.Nil,
        T.OParen,
        T.OBrace,
        T.OBrack,
        T.Equal,
        T.Colon,
        T.Comma,
        T.Question,
        T.Plus,
        T.Star,
        T.Slash,
        T.Percent,
        T.Minus,
        T.EqualOp,
        T.NotEqual,
        T.GreaterThan,
        T.GreaterThanEq,
        T.LessThan,
        T.LessThanEq,
        T.And,
        T.Or,
        T.Bang,
    }
)

# Template pieces: no spaces are ever added next to literal string content.
_TEMPLATE_SUBJECT = frozenset({T.QuotedLit, T.StringLit, T.OQuote, T.OHeredoc})
_TEMPLATE_AFTER = frozenset({T.QuotedLit, T.StringLit, T.CQuote, T.CHeredoc})


def format_source(src: bytes, filename: str = "<input>") -> bytes:
    """Format HCL native-syntax source as `hclwrite.Format` does.

    Only whitespace between tokens changes.  Works on any input the lexer can
    scan; checking that the input is valid HCL is the caller's business.
    """
    tokens = lex_config(src, filename)
    types = [tok.type for tok in tokens]
    texts = [tok.text for tok in tokens]
    spaces = _original_spaces(tokens)
    lines = _split_lines(types, texts)
    _format_indent(lines, types, spaces)
    _format_spaces(lines, types, texts, spaces)
    _format_cells(lines, texts, spaces)
    return b"".join(b" " * n + text if n else text for n, text in zip(spaces, texts, strict=True))


def _original_spaces(tokens: list[Token]) -> list[int]:
    """Bytes skipped before each token, as hclwrite's initial SpacesBefore.

    Only the end-of-file token keeps this value in the output: every other
    token has its spacing recomputed.
    """
    out: list[int] = []
    last = 0
    for tok in tokens:
        out.append(tok.range.start.byte - last)
        last = tok.range.end.byte
    return out


class _Line:
    """One line's cells as token index ranges: lead [start, lead_end),
    assign [lead_end, end) when `has_assign`, and an optional comment token."""

    __slots__ = ("comment", "end", "has_assign", "lead_end", "start")

    def __init__(self, start: int, lead_end: int, end: int, comment: int) -> None:
        self.start = start
        self.lead_end = lead_end
        self.end = end
        self.comment = comment
        self.has_assign = lead_end != end


def _split_lines(types: list[TokenType], texts: list[bytes]) -> list[_Line]:
    """Cut the token stream into lines and each line into its cells."""
    lines: list[_Line] = []
    start = 0
    count = len(types)
    for i in range(count):
        ty = types[i]
        if ty is T.EOF:
            count = i
            break
        if ty is T.Newline or (ty is T.Comment and texts[i].endswith(b"\n")):
            lines.append(_cells(types, texts, start, i + 1))
            start = i + 1
    if start < count:
        lines.append(_cells(types, texts, start, count))
    return lines


def _cells(types: list[TokenType], texts: list[bytes], start: int, end: int) -> _Line:
    """Split tokens [start, end) of one line into lead, assign and comment."""
    comment = -1
    if end - start > 1 and types[end - 1] is T.Comment:
        comment = end - 1
        end -= 1
    for i in range(start + 1, end):
        if types[i] is T.Equal:
            # Only a bracket-balanced rest of line counts as an assignment to
            # align; an opening bracket means a multi-line value follows.
            net = 0
            for j in range(i, end):
                net += _BRACKET.get(types[j], 0)
            if net == 0:
                return _Line(start, i, end, comment)
            break
    return _Line(start, end, end, comment)


def _format_indent(lines: list[_Line], types: list[TokenType], spaces: list[int]) -> None:
    """Set each line's indentation from the brackets opened on earlier lines."""
    indents: list[int] = []  # openers counted for each indentation level
    for line in lines:
        first = line.start
        if first == line.end and line.comment < 0:
            continue
        if types[first] is T.Newline:
            spaces[first] = 0
            continue
        net = 0
        for i in range(first, line.lead_end):
            net += _BRACKET.get(types[i], 0)
            if types[i] is T.OHeredoc:
                # A heredoc's body is literal text, whatever it contains.
                break
        for i in range(line.lead_end, line.end):
            net += _BRACKET.get(types[i], 0)
        if net > 0:
            spaces[first] = 2 * len(indents)
            indents.append(net)
            continue
        closed = -net
        while closed > 0 and indents:
            top = indents[-1]
            if closed >= top:
                closed -= top
                indents.pop()
            else:
                indents[-1] = top - closed
                closed = 0
        spaces[first] = 2 * len(indents)


def _format_spaces(
    lines: list[_Line], types: list[TokenType], texts: list[bytes], spaces: list[int]
) -> None:
    """Set the spaces between neighbouring tokens within each cell."""
    for line in lines:
        _space_run(line.start, line.lead_end, types, texts, spaces)
        if line.has_assign:
            # One space separates the `=` from what it assigns to (the
            # alignment pass widens it later).
            spaces[line.lead_end] = 1
            _space_run(line.lead_end, line.end, types, texts, spaces)


def _space_run(
    start: int, end: int, types: list[TokenType], texts: list[bytes], spaces: list[int]
) -> None:
    """Space the tokens [start, end) of one cell."""
    before = T.Nil
    before_text = b""
    for i in range(start, end - 1):
        subject = types[i]
        spaces[i + 1] = int(_space_after(subject, texts[i], before, before_text, types[i + 1]))
        before = subject
        before_text = texts[i]


def _space_after(
    subject: TokenType,
    subject_text: bytes,
    before: TokenType,
    before_text: bytes,
    after: TokenType,
) -> bool:
    """Whether a space goes between `subject` and the `after` token.

    The rules are checked in hclwrite's order; the first that applies wins.
    """
    if after is T.Newline or after is T.Nil:
        return False
    if subject is T.Ident and after is T.OParen:
        return False  # function call: name(
    if subject is T.Dot or after is T.Dot:
        return False  # attribute access
    if after is T.Comma or after is T.Ellipsis:
        return False
    if subject is T.Comma:
        return True
    if subject in _TEMPLATE_SUBJECT or after in _TEMPLATE_AFTER:
        return False  # never pad literal template text
    if subject is T.Ident and before is T.Ident and subject_text == b"in":
        return True  # `for x in [foo]`: `in` is the keyword, not a reference
    if after is T.OBrack and (
        subject is T.Ident or subject is T.NumberLit or _BRACKET.get(subject, 0) < 0
    ):
        return False  # index: foo[0], f(x)[0], [1][0]
    if subject is T.Minus:
        # Negation hugs its operand; subtraction is spaced.  A minus is taken
        # as negation when the token before cannot end an expression.
        return before not in _NEGATION_CONTEXT
    if subject is T.OBrace or after is T.CBrace:
        return not (subject is T.OBrace and after is T.CBrace)  # `{ a = 1 }`, `{}`
    if (subject is T.TemplateInterp or subject is T.TemplateControl) and after is T.OBrace:
        return True  # "${ {a = 1} }" keeps the braces apart
    if subject is T.CBrace and after is T.TemplateSeqEnd:
        return True
    if subject is T.TemplateSeqEnd and (after is T.TemplateInterp or after is T.TemplateControl):
        return False  # "${a}${b}", "%{if a}%{endif}": adjacent sequences stay joined
    if _BRACKET.get(subject, 0) > 0:
        return False  # no space after an opening bracket
    return _BRACKET.get(after, 0) >= 0  # ... nor before a closing one


def _format_cells(lines: list[_Line], texts: list[bytes], spaces: list[int]) -> None:
    """Align `=` across runs of assignment lines, then trailing comments."""
    _align(lines, lambda ln: ln.has_assign, lambda ln: ln.lead_end, texts, spaces)
    _align(lines, lambda ln: ln.comment >= 0, lambda ln: ln.comment, texts, spaces)


def _align(
    lines: list[_Line],
    in_run: Callable[[_Line], bool],
    target: Callable[[_Line], int],
    texts: list[bytes],
    spaces: list[int],
) -> None:
    """Pad the `target` token of each run of consecutive `in_run` lines so
    that they all start one column after the widest text before them."""
    run: list[tuple[int, int]] = []  # (target token, columns before it)
    for line in lines:
        if not in_run(line):
            _close_run(run, spaces)
            continue
        idx = target(line)
        run.append((idx, _columns(line.start, idx, texts, spaces)))
    _close_run(run, spaces)


def _close_run(run: list[tuple[int, int]], spaces: list[int]) -> None:
    if not run:
        return
    widest = max(width for _, width in run)
    for idx, width in run:
        spaces[idx] = widest - width + 1
    run.clear()


def _columns(start: int, end: int, texts: list[bytes], spaces: list[int]) -> int:
    """Columns taken by tokens [start, end) with their leading spaces."""
    total = 0
    for i in range(start, end):
        total += spaces[i] + columns(texts[i])
    return total
