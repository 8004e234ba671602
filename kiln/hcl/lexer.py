"""The HCL native-syntax scanner, token for token like Go's hclsyntax scanner.

Go HCL generates its scanner with Ragel (`scan_tokens.rl`): a longest-match
scanner with four modes (normal, quoted string, heredoc, bare template) and a
call stack for `${`/`%{` sequences nested in templates. This module mirrors
those modes with one compiled regular expression per mode, ordered so that
Python's first-match alternation picks the same token Ragel's longest match
does. Token boundaries matter: the formatter rebuilds source from them.

Positions are computed as Go does: lines count `\\n`, columns count
characters (code points here) from 1, bytes count from 0 in the whole file,
including a leading UTF-8 byte-order mark, which is skipped but still counted
in byte offsets. Each token's range holds only byte offsets and the scan's
shared `LineTable`; lines and columns are worked out when first asked for.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from kiln.hcl._fast import call_gc_paused, fast_factory
from kiln.hcl.source import LazyRange, LineTable, Pos, Range

__all__ = ["Token", "TokenType", "lex_config", "lex_template"]


class TokenType(enum.Enum):
    """Token kinds, named as Go's `hclsyntax.Token*` constants minus `Token`.

    The values are Go's mnemonic runes, handy in debug output.
    """

    OBrace = "{"
    CBrace = "}"
    OBrack = "["
    CBrack = "]"
    OParen = "("
    CParen = ")"
    OQuote = "«"
    CQuote = "»"
    OHeredoc = "H"
    CHeredoc = "h"

    Star = "*"
    Slash = "/"
    Plus = "+"
    Minus = "-"
    Percent = "%"

    Equal = "="
    EqualOp = "≔"
    NotEqual = "≠"
    LessThan = "<"
    LessThanEq = "≤"
    GreaterThan = ">"
    GreaterThanEq = "≥"

    And = "∧"
    Or = "∨"  # noqa: RUF001
    Bang = "!"

    Dot = "."
    Comma = ","

    DoubleColon = "⸬"
    Ellipsis = "…"
    FatArrow = "⇒"

    Question = "?"
    Colon = ":"

    TemplateInterp = "∫"
    TemplateControl = "λ"
    TemplateSeqEnd = "∎"

    QuotedLit = "Q"
    StringLit = "S"
    NumberLit = "N"
    Ident = "I"

    Comment = "C"

    Newline = "\n"
    EOF = "␄"

    BitwiseAnd = "&"
    BitwiseOr = "|"
    BitwiseNot = "~"
    BitwiseXor = "^"
    StarStar = "➚"
    Apostrophe = "'"
    Backtick = "`"
    Semicolon = ";"
    Tabs = "␉"
    Invalid = "�"
    BadUTF8 = "💩"
    QuotedNewline = "␤"

    Nil = "\x00"

    # Members are singletons compared by identity; hashing by identity keeps
    # dict and set lookups in C (Enum's own hash calls Python code).
    __hash__ = object.__hash__


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, its exact source bytes and where it lies."""

    type: TokenType
    text: bytes
    range: Range


T = TokenType

# Single-byte tokens that stand for themselves (Go's `SelfToken`), by byte.
_SELF: dict[int, TokenType] = {
    ord("["): T.OBrack,
    ord("]"): T.CBrack,
    ord("("): T.OParen,
    ord(")"): T.CParen,
    ord("."): T.Dot,
    ord(","): T.Comma,
    ord("*"): T.Star,
    ord("/"): T.Slash,
    ord("%"): T.Percent,
    ord("+"): T.Plus,
    ord("-"): T.Minus,
    ord("="): T.Equal,
    ord("<"): T.LessThan,
    ord(">"): T.GreaterThan,
    ord("!"): T.Bang,
    ord("?"): T.Question,
    ord(":"): T.Colon,
    ord("&"): T.BitwiseAnd,
    ord("|"): T.BitwiseOr,
    ord("~"): T.BitwiseNot,
    ord("^"): T.BitwiseXor,
    ord(";"): T.Semicolon,
    ord("`"): T.Backtick,
    ord("'"): T.Apostrophe,
}

_OPS: dict[bytes, TokenType] = {
    b"==": T.EqualOp,
    b"!=": T.NotEqual,
    b">=": T.GreaterThanEq,
    b"<=": T.LessThanEq,
    b"&&": T.And,
    b"||": T.Or,
    b"::": T.DoubleColon,
    b"...": T.Ellipsis,
    b"=>": T.FatArrow,
}

# One complete UTF-8 sequence by Go's `AnyUTF8` (lead byte plus continuations;
# like Ragel, no check for overlong forms or surrogates).
_MB = rb"(?:[\xc0-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf7][\x80-\xbf]{3})"
_MB_RE = re.compile(_MB)

# Normal mode. Alternatives are ordered so that the first match is also the
# longest match Ragel would choose among the rules of `main`. Leading blanks
# are skipped in the same match; each alternative is one numbered group
# (`_MB` captures nothing), so `m.lastindex` tells which rule matched.
_K_ID, _K_NUM, _K_NL, _K_COM, _K_HD, _K_OB, _K_CB, _K_TCB, _K_PUNCT, _K_Q = range(1, 11)
_MAIN_RE = re.compile(
    rb"[ \t]*(?:"
    rb"([A-Za-z_][A-Za-z0-9_\-]*)"
    rb"|([0-9](?:(?:[0-9.]|[eE][+\-]?[0-9])*(?:[0-9]|[eE][+\-]?[0-9]))?)"
    rb"|(\r?\n)"
    rb"|(\#[^\n]*\n?|//[^\n]*\n?|/\*.*?\*/)"
    rb"|(<<-?(?:[A-Za-z_]|" + _MB + rb")(?:[A-Za-z0-9_\-]|" + _MB + rb")*\r?\n)"
    rb"|(\{)|(\})|(~\})"
    rb"|(==|!=|>=|<=|&&|\|\||::|\.\.\.|=>|[\[\]().,*/%+\-=<>!?:&|~^;`'])"
    rb"|(\")"
    rb")",
    re.DOTALL,
)
_PUNCT: dict[bytes, TokenType] = {bytes([c]): ty for c, ty in _SELF.items()} | _OPS
_SIMPLE: tuple[TokenType, ...] = (T.Nil, T.Ident, T.NumberLit, T.Newline, T.Comment)

# Quoted string mode (`stringTemplate`).
_STRING_RE = re.compile(
    rb"(?P<interp>\$\{~?)|(?P<ctrl>%\{~?)|(?P<end>\")"
    rb"|(?P<lit>\$\$\{~?|%%\{~?|\$(?=[^{])|%(?=[^{])"
    rb"|(?:\\(?:[^\r\n\x80-\xff]|" + _MB + rb")|[^$%\"\\\r\n\x80-\xff]|" + _MB + rb")+)"
    rb"|(?P<nl>[\r\n]+)"
)
# A whole quoted string that string mode would scan as one literal run.
_PLAIN_STRING_RE = re.compile(
    rb'"(?:\\(?:[^\r\n\x80-\xff]|' + _MB + rb")|[^$%\"\\\r\n\x80-\xff]|" + _MB + rb')*"'
)

# Heredoc and bare template modes share literal rules: a literal is one of
# the `$`/`%` escapes or a run of ordinary characters, then maybe a newline.
_HEREDOC_RE = re.compile(
    rb"(?P<interp>\$\{~?)|(?P<ctrl>%\{~?)"
    rb"|(?P<esc>\$\$\{~?|%%\{~?|\$(?=[^{])|%(?=[^{]))"
    rb"|(?P<lit>(?:[^$%\r\n\x80-\xff]|" + _MB + rb")*)(?P<eol>\r?\n)?"
)


def _is_ident_start(ch: str) -> bool:
    return ch == "_" or ch.isidentifier()


def _is_ident_continue(ch: str) -> bool:
    return ch == "-" or ("a" + ch).isidentifier()


def _decode_one(src: bytes, pos: int) -> tuple[str | None, int]:
    """The UTF-8 character at `pos` and its length, or (None, 1) if broken."""
    m = _MB_RE.match(src, pos)
    if m is None:
        return None, 1
    try:
        return m.group().decode("utf-8"), m.end() - pos
    except UnicodeDecodeError:
        return "\ufffd", m.end() - pos


def _ident_end(src: bytes, pos: int) -> int:
    """Where an identifier continuing at `pos` ends (handles non-ASCII)."""
    n = len(src)
    while pos < n:
        c = src[pos]
        if c < 0x80:
            if 0x61 <= c <= 0x7A or 0x41 <= c <= 0x5A or 0x30 <= c <= 0x39 or c in (0x5F, 0x2D):
                pos += 1
                continue
            return pos
        ch, size = _decode_one(src, pos)
        if ch is None or not _is_ident_continue(ch):
            return pos
        pos += size
    return pos


class _Scanner:
    """State of one scan: the token list, the line table, mode stacks."""

    def __init__(self, data: bytes, filename: str, start: Pos) -> None:
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        self.src = data[bom:]
        self.filename = filename
        self.base_byte = start.byte + bom
        self.lines = LineTable(self.src, self.base_byte, start.line, start.column)
        self.tokens: list[Token] = []
        # Go's brace nesting counters for `${ ... }` inside templates.
        self.braces = 0
        self.ret_braces: list[int] = []
        # Heredocs in progress: [marker, at_start_of_line].
        self.heredocs: list[list[object]] = []

    def emit(self, ty: TokenType, s: int, e: int) -> None:
        """Append a token for `src[s:e]`."""
        base = self.base_byte
        self.tokens.append(
            _make_token(ty, self.src[s:e], LazyRange(self.filename, base + s, base + e, self.lines))
        )


_make_token = fast_factory(Token, "type", "text", "range")
_new = object.__new__
# The slots' member descriptors, to fill tokens without the frozen check.
_set_type = vars(Token)["type"].__set__
_set_text = vars(Token)["text"].__set__
_set_range = vars(Token)["range"].__set__
_IDENT = TokenType.Ident
_OBRACE = TokenType.OBrace
_CBRACE = TokenType.CBrace
_OQUOTE = TokenType.OQuote
_CQUOTE = TokenType.CQuote
_QUOTEDLIT = TokenType.QuotedLit


_ORIGIN = Pos(1, 1, 0)


def lex_config(src: bytes, filename: str, start: Pos = _ORIGIN) -> list[Token]:
    """Scan a whole configuration file (Go's `hclsyntax.LexConfig`).

    Comments and newlines are included; the list always ends with EOF.
    """
    return call_gc_paused(len(src), _scan, src, filename, start, "main")


def lex_template(src: bytes, filename: str, start: Pos = _ORIGIN) -> list[Token]:
    """Scan a bare template, such as string contents (Go's `LexTemplate`)."""
    return call_gc_paused(len(src), _scan, src, filename, start, "bare")


def _scan(data: bytes, filename: str, start: Pos, mode: str) -> list[Token]:
    sc = _Scanner(data, filename, start)
    src = sc.src
    n = len(src)
    emit = sc.emit
    stack: list[str] = []
    p = 0
    stalled = -1
    while p < n:
        if mode == "main":
            p = _scan_main(sc, p, stack)
            if stack and stack[-1] == "->":
                # A string or heredoc begins: `_scan_main` pushed the marker.
                stack.pop()
                mode = stack.pop()
            elif p < 0:
                # Return from an interpolation sequence to its template.
                p = -p - 1
                mode = stack.pop()
            continue
        if mode == "string":
            m = _STRING_RE.match(src, p)
            if m is None:
                c = src[p]
                if c >= 0x80:
                    ch, size = _decode_one(src, p)
                    if ch is None:
                        emit(T.BadUTF8, p, p + 1)
                        p += 1
                        continue
                    emit(T.Invalid, p, p + size)
                    p += size
                    continue
                if c in (0x24, 0x25):  # `$`/`%` at end of input
                    stalled = p
                    break
                emit(T.Invalid, p, p + 1)
                p += 1
                continue
            kind = m.lastgroup
            e = m.end()
            if kind == "lit":
                emit(T.QuotedLit, p, e)
            elif kind == "end":
                emit(T.CQuote, p, e)
                mode = stack.pop()
            elif kind == "nl":
                emit(T.QuotedNewline, p, e)
            else:
                _begin_seq(sc, kind, p, e)
                stack.append(mode)
                mode = "main"
            p = e
            continue
        # heredoc or bare template
        m = _HEREDOC_RE.match(src, p)
        assert m is not None  # the literal alternative can match empty
        kind = m.lastgroup
        if kind == "eol":
            kind = "lit"
        e = m.end()
        if kind in ("interp", "ctrl"):
            _begin_seq(sc, kind, p, e)
            stack.append(mode)
            mode = "main"
            p = e
            continue
        if e == p:
            # Nothing matched: a broken UTF-8 byte, a lone CR, or `$`/`%`
            # at the very end of input.
            c = src[p]
            if c >= 0x80 and _MB_RE.match(src, p) is None:
                emit(T.BadUTF8, p, p + 1)
                p += 1
                continue
            stalled = p
            break
        eol = kind == "lit" and m.group("eol") is not None
        if mode == "bare":
            emit(T.StringLit, p, e)
        elif eol:
            top = sc.heredocs[-1]
            if top[1] and src[p : m.start("eol")].strip() == top[0]:
                nls = m.start("eol")
                emit(T.CHeredoc, p, nls)
                emit(T.Newline, nls, e)
                sc.heredocs.pop()
                mode = stack.pop()
                p = e
                continue
            top[1] = True
            emit(T.StringLit, p, e)
        else:
            sc.heredocs[-1][1] = False
            emit(T.StringLit, p, e)
        p = e
    if stalled >= 0:
        # Go's scanner stops where no rule can match; the rest of the input
        # becomes one token.
        if mode == "bare" and not stack:
            emit(T.StringLit, stalled, n)
        else:
            emit(T.Invalid, stalled, n)
    emit(T.EOF, n, n)
    return sc.tokens


def _begin_seq(sc: _Scanner, kind: str | None, s: int, e: int) -> None:
    """Emit `${`/`%{`, entering an interpolation or directive sequence."""
    sc.emit(T.TemplateInterp if kind == "interp" else T.TemplateControl, s, e)
    sc.braces += 1
    sc.ret_braces.append(sc.braces)
    if sc.heredocs:
        sc.heredocs[-1][1] = False


def _scan_main(sc: _Scanner, p: int, stack: list[str]) -> int:
    """Scan normal-mode tokens from `p`.

    Returns the offset to continue at. When a sequence ends and the scanner
    must return to a template mode, returns `-(offset + 1)`. When a string or
    heredoc begins, pushes `"main"` (the mode to return to), the new mode and
    the marker `"->"` onto `stack`.
    """
    src = sc.src
    n = len(src)
    emit = sc.emit
    match = _MAIN_RE.match
    append = sc.tokens.append
    filename = sc.filename
    base = sc.base_byte
    lines = sc.lines
    new = _new
    set_type = _set_type
    set_text = _set_text
    set_range = _set_range
    punct = _PUNCT
    simple = _SIMPLE
    while p < n:
        m = match(src, p)
        if m is None:
            c = src[p]
            if c in (0x20, 0x09):
                p += 1
            elif c >= 0x80:
                ch, size = _decode_one(src, p)
                if ch is None:
                    emit(T.BadUTF8, p, p + 1)
                    p += 1
                elif _is_ident_start(ch):
                    e = _ident_end(src, p + size)
                    emit(T.Ident, p, e)
                    p = e
                else:
                    emit(T.Invalid, p, p + size)
                    p += size
            else:
                emit(T.Invalid, p, p + 1)
                p += 1
            continue
        k = m.lastindex or 0
        s, e = m.span(k)
        if k == _K_PUNCT:
            ty = punct[src[s:e]]
        elif k == _K_ID:
            if e < n and src[e] >= 0x80:
                e = _ident_end(src, e)
            ty = _IDENT
        elif k <= _K_COM:
            ty = simple[k]
        elif k == _K_OB:
            ty = _OBRACE
            sc.braces += 1
        elif k in (_K_CB, _K_TCB):
            rb = sc.ret_braces
            if rb and rb[-1] == sc.braces:
                emit(T.TemplateSeqEnd, s, e)
                sc.braces -= 1
                rb.pop()
                if stack:
                    return -(e + 1)
                p = e
                continue
            ty = T.TemplateSeqEnd if k == _K_TCB else _CBRACE
            sc.braces -= 1
        elif k == _K_Q:
            plain = _PLAIN_STRING_RE.match(src, s)
            if plain is not None:
                # A string without template sequences, escapes of them or
                # line breaks: string mode would make just these tokens.
                # (The token building is written out here, as below, because
                # strings are common and calls cost.)
                e = plain.end()
                tok = new(Token)
                set_type(tok, _OQUOTE)
                set_text(tok, b'"')
                set_range(tok, LazyRange(filename, base + s, base + s + 1, lines))
                append(tok)
                if e - 1 > s + 1:
                    tok = new(Token)
                    set_type(tok, _QUOTEDLIT)
                    set_text(tok, src[s + 1 : e - 1])
                    set_range(tok, LazyRange(filename, base + s + 1, base + e - 1, lines))
                    append(tok)
                tok = new(Token)
                set_type(tok, _CQUOTE)
                set_text(tok, b'"')
                set_range(tok, LazyRange(filename, base + e - 1, base + e, lines))
                append(tok)
                p = e
                continue
            emit(T.OQuote, s, e)
            stack.extend(("main", "string", "->"))
            return e
        else:  # heredoc introducer
            marker = src[s + 2 : e - 1]
            if marker.startswith(b"-"):
                marker = marker[1:]
            if marker.endswith(b"\r"):
                marker = marker[:-1]
            text = marker.decode("utf-8", "replace")
            if not (_is_ident_start(text[0]) and all(_is_ident_continue(ch) for ch in text[1:])):
                # Not an identifier after all: just `<`.
                emit(T.LessThan, s, s + 1)
                p = s + 1
                continue
            emit(T.OHeredoc, s, e)
            sc.heredocs.append([marker, True])
            stack.extend(("main", "heredoc", "->"))
            return e
        tok = new(Token)
        set_type(tok, ty)
        set_text(tok, src[s:e])
        set_range(tok, LazyRange(filename, base + s, base + e, lines))
        append(tok)
        p = e
    return p
