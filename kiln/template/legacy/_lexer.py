"""The scanner of Go's text/template, for the subset Packer templates use.

Tokens carry their byte offset in the template text and their line, so that
the parser and renderer can report errors where Go reports them. Scanning
stops at the first error, which becomes an `ERROR` token: the parser reports
it only when it reaches it, as Go's concurrent lexer does.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiln.hcl._goquote import go_quote

LEFT = "{{"
RIGHT = "}}"
LEFT_COMMENT = "/*"
RIGHT_COMMENT = "*/"

_SPACE = (" ", "\t", "\r", "\n")

KEYWORDS = {"block", "define", "else", "end", "if", "range", "nil", "template", "with"}


class Kind(enum.Enum):
    """What a token is."""

    TEXT = "text"
    LEFT_DELIM = "left delim"
    RIGHT_DELIM = "right delim"
    SPACE = "space"
    IDENTIFIER = "identifier"
    FIELD = "field"
    VARIABLE = "variable"
    STRING = "string"
    RAW_STRING = "raw string"
    CHAR_CONSTANT = "char constant"
    NUMBER = "number"
    BOOL = "bool"
    NIL = "nil"
    DOT = "dot"
    PIPE = "pipe"
    LEFT_PAREN = "("
    RIGHT_PAREN = ")"
    DECLARE = ":="
    ASSIGN = "="
    CHAR = "char"
    KEYWORD = "keyword"
    ERROR = "error"
    EOF = "EOF"


@dataclass(frozen=True, slots=True)
class Token:
    """One token: kind, text, byte offset and 1-based line."""

    kind: Kind
    value: str
    pos: int
    line: int

    def __str__(self) -> str:
        """As Go's item.String(), used in "unexpected ..." messages."""
        if self.kind is Kind.EOF:
            return "EOF"
        if self.kind is Kind.ERROR:
            return self.value
        if self.kind is Kind.KEYWORD:
            return f"<{self.value}>"
        if len(self.value) > 10:
            return go_quote(self.value[:10]) + "..."
        return go_quote(self.value)


def go_rune(char: str) -> str:
    """Go's %#U of a rune: `U+005C '\\'`."""
    return f"U+{ord(char):04X} '{char}'" if char.isprintable() else f"U+{ord(char):04X}"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.start = 0
        self.line = 1
        self.start_line = 1
        self.tokens: list[Token] = []
        self.paren_depth = 0

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        self.line += self.text.count("\n", self.pos, self.pos + count)
        self.pos += count

    def emit(self, kind: Kind) -> None:
        value = self.text[self.start : self.pos]
        self.tokens.append(Token(kind, value, self.start, self.start_line))
        self.ignore()

    def ignore(self) -> None:
        self.start = self.pos
        self.start_line = self.line

    def error(self, message: str) -> None:
        self.tokens.append(Token(Kind.ERROR, message, self.start, self.start_line))


def lex(text: str) -> list[Token]:
    """Scan a template into tokens, ending with EOF or an ERROR token."""
    scanner = _Scanner(text)
    while _lex_text(scanner) and _lex_action(scanner):
        pass
    return scanner.tokens


def _trimmed_left(scanner: _Scanner, at: int) -> bool:
    """`{{- ` trims the text before it: a dash and a space after the delimiter."""
    text = scanner.text
    return text.startswith("-", at + 2) and at + 3 < len(text) and text[at + 3] in " \t\r\n"


def _lex_text(scanner: _Scanner) -> bool:
    """Text up to the next `{{`; False at the end of the input."""
    text = scanner.text
    at = text.find(LEFT, scanner.pos)
    if at < 0:
        scanner.advance(len(text) - scanner.pos)
        if scanner.pos > scanner.start:
            scanner.emit(Kind.TEXT)
        scanner.tokens.append(Token(Kind.EOF, "", scanner.pos, scanner.line))
        return False
    trim = _trimmed_left(scanner, at)
    end = len(text[scanner.start : at].rstrip(" \t\r\n")) + scanner.start if trim else at
    scanner.advance(end - scanner.pos)
    if scanner.pos > scanner.start:
        scanner.emit(Kind.TEXT)
    scanner.advance(at - scanner.pos)
    scanner.ignore()
    return True


def _lex_action(scanner: _Scanner) -> bool:
    """From `{{` to `}}`; False after an error."""
    trim = _trimmed_left(scanner, scanner.pos)
    after = scanner.pos + 2 + (2 if trim else 0)
    if scanner.text.startswith(LEFT_COMMENT, after):
        return _lex_comment(scanner, after)
    scanner.advance(2)
    scanner.emit(Kind.LEFT_DELIM)
    if trim:
        scanner.advance(2)
        scanner.ignore()
    scanner.paren_depth = 0
    while True:
        done = _at_right_delim(scanner)
        if done is not None:
            if scanner.paren_depth > 0:
                scanner.error("unclosed left paren")
                return False
            return _emit_right_delim(scanner, trim_after=done)
        if not _lex_inside(scanner):
            return False


def _at_right_delim(scanner: _Scanner) -> bool | None:
    """None when not at `}}`; else whether it is ` -}}` (trims what follows)."""
    text, pos = scanner.text, scanner.pos
    if text[pos : pos + 1] in _SPACE and text.startswith("-" + RIGHT, pos + 1):
        return True
    if text.startswith(RIGHT, pos):
        return False
    return None


def _emit_right_delim(scanner: _Scanner, *, trim_after: bool) -> bool:
    if trim_after:
        scanner.advance(2)
        scanner.emit(Kind.SPACE)
    scanner.advance(2)
    scanner.emit(Kind.RIGHT_DELIM)
    if trim_after:
        rest = scanner.text[scanner.pos :]
        scanner.advance(len(rest) - len(rest.lstrip(" \t\r\n")))
        scanner.ignore()
    return True


def _lex_comment(scanner: _Scanner, after: int) -> bool:
    text = scanner.text
    close = text.find(RIGHT_COMMENT, after + 2)
    if close < 0:
        scanner.error("unclosed comment")
        return False
    end = close + 2
    trim_after = text[end : end + 1] in _SPACE and text.startswith("-" + RIGHT, end + 1)
    if not text.startswith(RIGHT, end) and not trim_after:
        scanner.error("comment ends before closing delimiter")
        return False
    scanner.advance(end + (4 if trim_after else 2) - scanner.pos)
    if trim_after:
        rest = text[scanner.pos :]
        scanner.advance(len(rest) - len(rest.lstrip(" \t\r\n")))
    scanner.ignore()
    return True


def _lex_inside(scanner: _Scanner) -> bool:
    """One token inside an action; False after an error."""
    char = scanner.peek()
    if char == "":
        scanner.error("unclosed action")
        return False
    if char in _SPACE:
        while scanner.peek() in _SPACE and _at_right_delim(scanner) is None:
            scanner.advance()
        scanner.emit(Kind.SPACE)
        return True
    simple = {"|": Kind.PIPE, "=": Kind.ASSIGN}
    if char in simple:
        scanner.advance()
        scanner.emit(simple[char])
        return True
    if char == ":":
        if scanner.peek(1) != "=":
            scanner.advance()
            scanner.error("expected :=")
            return False
        scanner.advance(2)
        scanner.emit(Kind.DECLARE)
        return True
    if char in "\"`'":
        return _lex_quote(scanner, char)
    if char == "$":
        scanner.advance()
        return _lex_word(scanner, Kind.VARIABLE)
    if char == "." and not scanner.peek(1).isdigit():
        return _lex_field(scanner)
    if char in "+-" or char.isdigit() or char == ".":
        return _lex_number(scanner)
    if char == "_" or char.isalpha():
        return _lex_word(scanner, Kind.IDENTIFIER)
    return _lex_paren_or_char(scanner, char)


def _lex_paren_or_char(scanner: _Scanner, char: str) -> bool:
    if char == "(":
        scanner.paren_depth += 1
        scanner.advance()
        scanner.emit(Kind.LEFT_PAREN)
        return True
    if char == ")":
        scanner.paren_depth -= 1
        scanner.advance()
        scanner.emit(Kind.RIGHT_PAREN)
        return True
    scanner.advance()
    if ord(char) < 128 and char.isprintable():
        scanner.emit(Kind.CHAR)
        return True
    scanner.error(f"unrecognized character in action: {go_rune(char)}")
    return False


def _lex_quote(scanner: _Scanner, quote: str) -> bool:
    scanner.advance()
    while True:
        char = scanner.peek()
        if char == "\\" and quote != "`":
            scanner.advance()
            char = scanner.peek()
            if char in ("", "\n"):
                break
        elif char == quote:
            scanner.advance()
            kinds = {'"': Kind.STRING, "`": Kind.RAW_STRING, "'": Kind.CHAR_CONSTANT}
            scanner.emit(kinds[quote])
            return True
        elif char == "" or (char == "\n" and quote != "`"):
            break
        scanner.advance()
    messages = {
        '"': "unterminated quoted string",
        "`": "unterminated raw quoted string",
        "'": "unterminated character constant",
    }
    scanner.error(messages[quote])
    return False


def _is_word_char(char: str) -> bool:
    return char == "_" or (char != "" and (char.isalpha() or char.isdigit()))


def _lex_word(scanner: _Scanner, kind: Kind) -> bool:
    while _is_word_char(scanner.peek()):
        scanner.advance()
    if not _word_ends_well(scanner):
        scanner.error(f"bad character {go_rune(scanner.peek())}")
        return False
    word = scanner.text[scanner.start : scanner.pos]
    if kind is Kind.IDENTIFIER:
        if word in ("true", "false"):
            kind = Kind.BOOL
        elif word == "nil":
            kind = Kind.NIL
        elif word in KEYWORDS:
            kind = Kind.KEYWORD
    scanner.emit(kind)
    return True


def _lex_field(scanner: _Scanner) -> bool:
    scanner.advance()
    if not _is_word_char(scanner.peek()):
        scanner.emit(Kind.DOT)
        return True
    return _lex_word(scanner, Kind.FIELD)


def _word_ends_well(scanner: _Scanner) -> bool:
    char = scanner.peek()
    if char in ("", " ", "\t", "\r", "\n", ".", ",", "|", ":", ")", "("):
        return True
    return scanner.text.startswith(RIGHT, scanner.pos)


def _lex_number(scanner: _Scanner) -> bool:
    """Go's scanNumber: sign, base prefix, digits, fraction, exponent."""
    if scanner.peek() in ("+", "-"):
        scanner.advance()
    digits = "0123456789_"
    exponent = "eE"
    if scanner.peek() == "0" and scanner.peek(1) in ("x", "X", "o", "O", "b", "B"):
        base = scanner.peek(1).lower()
        scanner.advance(2)
        digits = {"x": "0123456789abcdefABCDEF_", "o": "01234567_", "b": "01_"}[base]
        exponent = "pP" if base == "x" else ""
    _accept_run(scanner, digits)
    if scanner.peek() == ".":
        scanner.advance()
        _accept_run(scanner, digits)
    if exponent and scanner.peek() != "" and scanner.peek() in exponent:
        scanner.advance()
        if scanner.peek() in ("+", "-"):
            scanner.advance()
        _accept_run(scanner, "0123456789_")
    if scanner.peek().isalnum():
        scanner.advance()
        scanner.error(f"bad number syntax: {go_quote(scanner.text[scanner.start : scanner.pos])}")
        return False
    scanner.emit(Kind.NUMBER)
    return True


def _accept_run(scanner: _Scanner, valid: str) -> None:
    while scanner.peek() != "" and scanner.peek() in valid:
        scanner.advance()
