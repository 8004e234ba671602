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

The rules are those of the hclwrite vendored by Packer 1.6.6 (checked against
its output, see tests/hcl/fmt/); newer hclwrite versions differ slightly
(tests/hcl/fmt/NOTES.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import repeat

from kiln.hcl._fast import call_gc_paused
from kiln.hcl._format_width import columns
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.lexer import Token, TokenType, lex_config
from kiln.hcl.parser import parse_config_tokens

__all__ = ["format_source", "format_tokens"]

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

# The passes work on token *codes* (each TokenType's value, a short str):
# hashing an Enum member runs Python code, hashing a str does not, and this
# is the formatter's inner loop.
_BY_CODE: dict[str, TokenType] = {ty.value: ty for ty in TokenType}
_BRACKET_BY_CODE: dict[str, int] = {ty.value: n for ty, n in _BRACKET.items()}
_NEWLINE: str = T.Newline.value
_COMMENT: str = T.Comment.value
_EQUAL: str = T.Equal.value
_OHEREDOC: str = T.OHeredoc.value
_EOF: str = T.EOF.value
_NIL: str = T.Nil.value

# Pre-rendered runs of spaces for the output (grown on demand).
_SPACES = [b" " * n for n in range(81)]


# For each subject code, for each following code: 1 or 0 spaces, or None
# where the answer also depends on the token before the subject.
_SpaceTable = dict[str, dict[str, int | None]]


def format_source(src: bytes, filename: str = "<input>") -> bytes:
    """Format HCL native-syntax source as `hclwrite.Format` does.

    Only whitespace between tokens changes.  Works on any input the lexer can
    scan; checking that the input is valid HCL is the caller's business.
    """
    return format_tokens(lex_config(src, filename))


def format_valid_source(src: bytes, filename: str) -> tuple[bytes | None, Diagnostics]:
    """Format `src` only if it is valid HCL, as `packer fmt` does: scanned once.

    Returns the formatted source, or None and the parser's diagnostics.
    """
    return call_gc_paused(len(src), _format_valid_source, src, filename)


def _format_valid_source(src: bytes, filename: str) -> tuple[bytes | None, Diagnostics]:
    tokens = lex_config(src, filename)
    _, diagnostics = parse_config_tokens(tokens)
    if diagnostics.has_errors:
        return None, diagnostics
    return format_tokens(tokens), diagnostics


def format_tokens(tokens: list[Token]) -> bytes:
    """Format an already-scanned token list (the output of `lex_config`)."""
    types = [tok.type._value_ for tok in tokens]
    texts = [tok.text for tok in tokens]
    spaces = [0] * len(tokens)
    _keep_space_before_eof(tokens, spaces)
    brackets = list(map(_BRACKET_BY_CODE.get, types, repeat(0)))
    lines = _split_lines(types, texts, brackets)
    _format_indent(lines, types, brackets, spaces)
    _format_spaces(lines, types, texts, spaces)
    _format_cells(lines, texts, spaces)
    return _render(spaces, texts)


def _keep_space_before_eof(tokens: list[Token], spaces: list[int]) -> None:
    """Keep the gap before end of file, which hclwrite never recomputes.

    hclwrite starts every token with the number of bytes skipped before it,
    then recomputes that for every token that belongs to a line; the EOF token
    belongs to none, so trailing blanks without a final newline survive (a tab
    counting as one space).
    """
    if tokens and tokens[-1].type is T.EOF:
        last_end = tokens[-2].range.end.byte if len(tokens) > 1 else 0
        spaces[-1] = max(0, tokens[-1].range.start.byte - last_end)


def _render(spaces: list[int], texts: list[bytes]) -> bytes:
    """Each token's text preceded by its spaces."""
    widest = max(spaces, default=0)
    while widest >= len(_SPACES):
        _SPACES.append(b" " * len(_SPACES))
    parts: list[bytes] = [b""] * (2 * len(texts))
    parts[0::2] = map(_SPACES.__getitem__, spaces)
    parts[1::2] = texts
    return b"".join(parts)


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


def _split_lines(types: list[str], texts: list[bytes], brackets: list[int]) -> list[_Line]:
    """Cut the token stream into lines and each line into its cells."""
    count = types.index(_EOF) if _EOF in types else len(types)  # EOF is in no line
    # Newline tokens end lines, and so do line comments, which carry their
    # own newline (block comments are Comment tokens too, without one).
    ends = [
        i + 1
        for i, code in enumerate(types[:count])
        if code == _NEWLINE or (code == _COMMENT and texts[i].endswith(b"\n"))
    ]
    if not ends or ends[-1] < count:
        ends.append(count)
    lines: list[_Line] = []
    start = 0
    for end in ends:
        if end > start:
            lines.append(_cells(types, brackets, start, end))
        start = end
    return lines


def _cells(types: list[str], brackets: list[int], start: int, end: int) -> _Line:
    """Split tokens [start, end) of one line into lead, assign and comment."""
    comment = -1
    if end - start > 1 and types[end - 1] == _COMMENT:
        comment = end - 1
        end -= 1
    try:
        equal = types.index(_EQUAL, start + 1, end)
    except ValueError:
        return _Line(start, end, end, comment)
    # Only a bracket-balanced rest of line counts as an assignment to align;
    # an opening bracket means a multi-line value follows.
    if sum(brackets[equal:end]) == 0:
        return _Line(start, equal, end, comment)
    return _Line(start, end, end, comment)


def _format_indent(
    lines: list[_Line], types: list[str], brackets: list[int], spaces: list[int]
) -> None:
    """Set each line's indentation from the brackets opened on earlier lines."""
    indents: list[int] = []  # openers counted for each indentation level
    for line in lines:
        first = line.start
        if types[first] == _NEWLINE:
            spaces[first] = 0
            continue
        lead_end = line.lead_end
        if _OHEREDOC in types[first:lead_end]:
            # A heredoc's body is literal text, whatever brackets it holds:
            # hclwrite stops counting the lead at the heredoc's opening.
            lead_end = types.index(_OHEREDOC, first, lead_end) + 1
        net = sum(brackets[first:lead_end]) + sum(brackets[line.lead_end : line.end])
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
    lines: list[_Line], types: list[str], texts: list[bytes], spaces: list[int]
) -> None:
    """Set the spaces between neighbouring tokens within each cell."""
    spacer = _Spacer(types, texts, spaces)
    for line in lines:
        spacer.run(line.start, line.lead_end)
        if line.has_assign:
            # One space separates the `=` from what it assigns to (the
            # alignment pass widens it later).
            spaces[line.lead_end] = 1
            spacer.run(line.lead_end, line.end)


class _Spacer:
    """Applies `_space_after` to runs of tokens, through `_space_table`."""

    __slots__ = ("spaces", "table", "texts", "types")

    def __init__(self, types: list[str], texts: list[bytes], spaces: list[int]) -> None:
        self.types = types
        self.texts = texts
        self.spaces = spaces
        self.table = _space_table()

    def run(self, start: int, end: int) -> None:
        """Space the tokens [start, end) of one cell."""
        types, spaces, table = self.types, self.spaces, self.table
        before = _NIL
        for i in range(start, end - 1):
            subject = types[i]
            after = types[i + 1]
            space = table[subject][after]
            if space is None:
                by_code = _BY_CODE
                space = int(
                    _space_after(by_code[subject], self.texts[i], by_code[before], by_code[after])
                )
            spaces[i + 1] = space
            before = subject


@cache
def _space_table() -> _SpaceTable:
    """`_space_after` for every (subject, after) pair, or None where the
    answer also depends on the token before the subject or on its text.

    Only a `-` (negation or subtraction?) and an identifier (the `in` of a
    `for`?) look further than the pair itself.
    """
    kinds = list(TokenType)
    table: _SpaceTable = {}
    for subject in kinds:
        row: dict[str, int | None] = {}
        for after in kinds:
            if subject is T.Minus:
                answers = {_space_after(subject, b"-", before, after) for before in kinds}
            elif subject is T.Ident:
                answers = {
                    _space_after(subject, b"x", T.Nil, after),
                    _space_after(subject, b"in", T.Ident, after),
                }
            else:
                answers = {_space_after(subject, b"", T.Nil, after)}
            row[after.value] = int(answers.pop()) if len(answers) == 1 else None
        table[subject.value] = row
    return table


def _space_after(
    subject: TokenType, subject_text: bytes, before: TokenType, after: TokenType
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
    if subject is T.Bang:
        return False  # `!var.x` (current hclwrite; Packer 1.6.6 wrote `! var.x`)
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
    """Align `=` across runs of assignment lines, then trailing comments.

    The `=` go first because moving them moves the comments after them.
    """
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
        width = sum(spaces[line.start : idx]) + sum(map(columns, texts[line.start : idx]))
        run.append((idx, width))
    _close_run(run, spaces)


def _close_run(run: list[tuple[int, int]], spaces: list[int]) -> None:
    """Pad the target tokens of one finished run, then empty it."""
    if not run:
        return
    widest = max(width for _, width in run)
    for idx, width in run:
        spaces[idx] = widest - width + 1
    run.clear()
