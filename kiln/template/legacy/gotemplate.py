"""Packer's `{{ }}` templates: Go's text/template syntax, parsed into an AST.

Legacy JSON templates interpolate strings with Go's text/template: text,
actions such as `{{ .Name }}`, `{{ user "x" }}`, pipelines `{{ x | y }}`,
parenthesised calls, `{{- -}}` trim markers, `{{/* comments */}}`,
`if`/`else`/`end`, `range` and `$variables`. `parse_template` builds the
tree; every node keeps its offset in the text so that errors read as Go's
(`template: root:1: function "foo" not defined`). Rendering lives in
`kiln.template.legacy.render`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from kiln.template.legacy._builtins import BUILTINS
from kiln.template.legacy._lexer import Kind, Token, lex

__all__ = [
    "Action",
    "Bool",
    "Command",
    "Dot",
    "Field",
    "Identifier",
    "If",
    "Nil",
    "Node",
    "Number",
    "Pipe",
    "Range",
    "String",
    "Template",
    "TemplateError",
    "Text",
    "Variable",
    "describe",
    "parse_template",
    "position",
]

#: Go's predefined template functions that Packer templates may use.
GO_BUILTINS = frozenset(BUILTINS)


class TemplateError(Exception):
    """A template that cannot be parsed or rendered, worded as Go words it.

    `message` is Go's full text (`template: root:1:9: executing "root" at
    <...>: reason`); `reason` the part after the location; `offset` where in
    the template text the problem is, `line`/`column` the same 1-based.
    """

    def __init__(self, message: str, reason: str, text: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.offset = offset
        self.line, self.column = position(text, offset)


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --- the tree -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text between actions."""

    pos: int
    text: str


@dataclass(frozen=True, slots=True)
class Identifier:
    """A function name."""

    pos: int
    name: str


@dataclass(frozen=True, slots=True)
class Field:
    """`.A.B`: fields of the data."""

    pos: int
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Variable:
    """`$x.A`: a variable and optional fields of it."""

    pos: int
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Dot:
    """`.`: the data itself."""

    pos: int


@dataclass(frozen=True, slots=True)
class Nil:
    """`nil`."""

    pos: int


@dataclass(frozen=True, slots=True)
class Bool:
    """`true` or `false`."""

    pos: int
    value: bool


@dataclass(frozen=True, slots=True)
class Number:
    """A numeric constant; `integer` is set when it is a valid int."""

    pos: int
    text: str
    integer: int | None
    floating: float | None


@dataclass(frozen=True, slots=True)
class String:
    """A quoted or raw string: `quoted` as written, `text` its value."""

    pos: int
    quoted: str
    text: str


@dataclass(frozen=True, slots=True)
class Command:
    """One stage of a pipeline: an operand followed by arguments."""

    pos: int
    args: tuple[Operand, ...]


@dataclass(frozen=True, slots=True)
class Pipe:
    """`$x := a | b c`: declarations and commands."""

    pos: int
    line: int
    decls: tuple[Variable, ...]
    cmds: tuple[Command, ...]


@dataclass(frozen=True, slots=True)
class Action:
    """`{{ pipeline }}`: its value is printed."""

    pos: int
    line: int
    pipe: Pipe


@dataclass(frozen=True, slots=True)
class If:
    """`{{ if pipe }} body {{ else }} otherwise {{ end }}`."""

    pos: int
    line: int
    pipe: Pipe
    body: tuple[Node, ...]
    otherwise: tuple[Node, ...] | None


@dataclass(frozen=True, slots=True)
class Range:
    """`{{ range pipe }} body {{ else }} otherwise {{ end }}`."""

    pos: int
    line: int
    pipe: Pipe
    body: tuple[Node, ...]
    otherwise: tuple[Node, ...] | None


Operand = Identifier | Field | Variable | Dot | Nil | Bool | Number | String | Pipe
Node = Text | Action | If | Range


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: its name (`root` in Packer), text and top-level nodes."""

    name: str
    text: str
    nodes: tuple[Node, ...]
    functions: frozenset[str] = field(default_factory=frozenset)


def describe(node: Operand | Command) -> str:
    """A node as Go's `String()` prints it, for `at <...>` in errors."""
    match node:
        case Identifier(_, name):
            return name
        case Field(_, names):
            return "".join(f".{name}" for name in names)
        case Variable(_, names):
            return ".".join(names)
        case Dot():
            return "."
        case Nil():
            return "nil"
        case Bool(_, value):
            return "true" if value else "false"
        case Number(_, text):
            return text
        case String(_, quoted):
            return quoted
        case Command(_, args):
            shown = (f"({describe(a)})" if isinstance(a, Pipe) else describe(a) for a in args)
            return " ".join(shown)
        case Pipe(_, _, decls, cmds):
            head = ", ".join(describe(d) for d in decls) + " := " if decls else ""
            return head + " | ".join(describe(c) for c in cmds)


# --- the parser -----------------------------------------------------------------


class _ParseError(Exception):
    def __init__(self, reason: str, line: int, pos: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.pos = pos


@dataclass
class _End:
    """`{{ end }}` or `{{ else }}` ending a list; `else_if` for `{{ else if }}`."""

    word: str
    token: Token
    else_if: bool = False


class _Parser:
    def __init__(self, text: str, functions: Collection[str]) -> None:
        self.tokens = lex(text)
        self.index = 0
        self.functions = functions
        self.variables: list[str] = ["$"]
        self.current = self.tokens[0]

    # token access, as Go's parser: next, backup, peek, skipping spaces
    def next(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is not Kind.EOF and token.kind is not Kind.ERROR:
            self.index += 1
        self.current = token
        return token

    def backup(self) -> None:
        self.index -= 1

    def next_non_space(self) -> Token:
        token = self.next()
        while token.kind is Kind.SPACE:
            token = self.next()
        if token.kind is Kind.ERROR:
            self.fail(token.value)
        return token

    def peek_non_space(self) -> Token:
        token = self.next_non_space()
        if token.kind is not Kind.EOF:
            self.backup()
        return token

    def fail(self, reason: str) -> _ParseError:
        raise _ParseError(reason, self.current.line, self.current.pos)

    def unexpected(self, token: Token, context: str) -> _ParseError:
        raise self.fail(f"unexpected {token} in {context}")

    # structure
    def parse(self) -> tuple[Node, ...]:
        nodes: list[Node] = []
        while self.peek().kind is not Kind.EOF:
            node = self.text_or_action()
            if isinstance(node, _End):
                self.fail(f"unexpected {{{{{node.word}}}}}")
            else:
                nodes.append(node)
        return tuple(nodes)

    def peek(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is Kind.ERROR:
            self.current = token
            self.fail(token.value)
        return token

    def text_or_action(self) -> Node | _End:
        token = self.next_non_space()
        if token.kind is Kind.TEXT:
            return Text(token.pos, token.value)
        if token.kind is Kind.LEFT_DELIM:
            return self.action()
        raise self.unexpected(token, "input")

    def item_list(self) -> tuple[tuple[Node, ...], _End]:
        nodes: list[Node] = []
        while self.peek_non_space().kind is not Kind.EOF:
            node = self.text_or_action()
            if isinstance(node, _End):
                return tuple(nodes), node
            nodes.append(node)
        raise self.fail("unexpected EOF")

    def action(self) -> Node | _End:
        token = self.next_non_space()
        if token.kind is Kind.KEYWORD:
            if token.value in ("end", "else"):
                return self.end_or_else(token)
            if token.value in ("if", "range"):
                return self.control(token)
            self.fail(f"{{{{{token.value}}}}} is not supported in Packer templates")
        self.backup()
        start = self.peek_non_space()
        pipe = self.pipeline("command")
        return Action(start.pos, start.line, pipe)

    def end_or_else(self, token: Token) -> _End:
        if token.value == "else" and self.peek_non_space().value == "if":
            return _End("else", token, else_if=True)
        closing = self.next_non_space()
        if closing.kind is not Kind.RIGHT_DELIM:
            raise self.unexpected(closing, token.value)
        return _End(token.value, token)

    def control(self, keyword: Token) -> If | Range:
        depth = len(self.variables)
        pipe = self.pipeline(keyword.value)
        body, end = self.item_list()
        otherwise: tuple[Node, ...] | None = None
        if end.word == "else":
            if end.else_if and keyword.value == "if":
                nested = self.control(self.next_non_space())
                otherwise = (nested,)
            else:
                otherwise, end = self.item_list()
                if end.word != "end":
                    self.fail("expected end; found {{else}}")
        del self.variables[depth:]
        kind = If if keyword.value == "if" else Range
        return kind(keyword.pos, keyword.line, pipe, body, otherwise)

    def pipeline(self, context: str, end: Kind = Kind.RIGHT_DELIM) -> Pipe:
        start = self.peek_non_space()
        decls = self.declarations()
        cmds: list[Command] = []
        operands = {Kind.BOOL, Kind.CHAR_CONSTANT, Kind.DOT, Kind.FIELD, Kind.IDENTIFIER}
        operands |= {Kind.NUMBER, Kind.NIL, Kind.RAW_STRING, Kind.STRING, Kind.VARIABLE}
        operands |= {Kind.LEFT_PAREN}
        while True:
            token = self.next_non_space()
            if token.kind is end:
                self.check_pipeline(cmds, context)
                if end is Kind.RIGHT_PAREN:
                    self.backup()
                return Pipe(start.pos, start.line, decls, tuple(cmds))
            if token.kind not in operands:
                raise self.unexpected(token, context)
            self.backup()
            cmds.append(self.command())

    def declarations(self) -> tuple[Variable, ...]:
        first = self.peek_non_space()
        if first.kind is not Kind.VARIABLE:
            return ()
        save = self.index
        self.next_non_space()
        names = [first]
        token = self.next_non_space()
        if token.kind is Kind.CHAR and token.value == ",":
            second = self.next_non_space()
            if second.kind is Kind.VARIABLE:
                names.append(second)
                token = self.next_non_space()
        if token.kind is not Kind.DECLARE:
            self.index = save
            return ()
        self.variables.extend(n.value for n in names)
        return tuple(Variable(n.pos, (n.value,)) for n in names)

    def check_pipeline(self, cmds: list[Command], context: str) -> None:
        if not cmds:
            self.fail(f"missing value for {context}")
        for stage, cmd in enumerate(cmds[1:], start=2):
            if isinstance(cmd.args[0], Bool | Dot | Nil | Number | String):
                self.fail(f"non executable command in pipeline stage {stage}")

    def command(self) -> Command:
        start = self.peek_non_space()
        args: list[Operand] = []
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                args.append(operand)
            token = self.next()
            if token.kind is Kind.SPACE:
                continue
            if token.kind is Kind.ERROR:
                self.fail(token.value)
            if token.kind in (Kind.RIGHT_DELIM, Kind.RIGHT_PAREN):
                self.backup()
            elif token.kind is not Kind.PIPE:
                raise self.unexpected(token, "operand")
            break
        if not args:
            self.fail("empty command")
        return Command(start.pos, tuple(args))

    def operand(self) -> Operand | None:
        node = self.term()
        if node is None:
            return None
        chain: list[str] = []
        while self.tokens[self.index].kind is Kind.FIELD:
            chain.append(self.next().value[1:])
        if not chain:
            return node
        if isinstance(node, Field):
            return Field(node.pos, node.names + tuple(chain))
        if isinstance(node, Variable):
            return Variable(node.pos, node.names + tuple(chain))
        raise self.fail(f"unexpected .{chain[0]} after term {describe(node)!r}")

    def term(self) -> Operand | None:
        token = self.next_non_space()
        match token.kind:
            case Kind.IDENTIFIER:
                if token.value not in self.functions:
                    self.fail(f'function "{token.value}" not defined')
                return Identifier(token.pos, token.value)
            case Kind.DOT:
                return Dot(token.pos)
            case Kind.NIL:
                return Nil(token.pos)
            case Kind.BOOL:
                return Bool(token.pos, token.value == "true")
            case Kind.FIELD:
                return Field(token.pos, tuple(token.value[1:].split(".")))
            case Kind.VARIABLE:
                return self.variable(token)
            case Kind.NUMBER | Kind.CHAR_CONSTANT:
                return self.number(token)
            case Kind.STRING | Kind.RAW_STRING:
                return String(token.pos, token.value, self.unquote(token))
            case Kind.LEFT_PAREN:
                pipe = self.pipeline("parenthesized pipeline", Kind.RIGHT_PAREN)
                closing = self.next_non_space()
                if closing.kind is not Kind.RIGHT_PAREN:
                    raise self.unexpected(closing, "closing parenthesis")
                return pipe
        self.backup()
        return None

    def variable(self, token: Token) -> Variable:
        names = tuple(token.value.split("."))
        if names[0] not in self.variables:
            self.fail(f'undefined variable "{names[0]}"')
        return Variable(token.pos, names)

    def number(self, token: Token) -> Number:
        text = token.value
        if token.kind is Kind.CHAR_CONSTANT:
            value = _unquote_go(text[1:-1], "'")
            if value is None or len(value) != 1:
                self.fail(f"malformed character constant: {text}")
            return Number(token.pos, text, ord(value or "\0"), float(ord(value or "\0")))
        integer = _go_int(text)
        floating = _go_float(text)
        if integer is None and floating is None:
            self.fail(f'illegal number syntax: "{text}"')
        if integer is not None and floating is None:
            floating = float(integer)
        if floating is not None and integer is None and floating.is_integer() and "e" in text:
            integer = int(floating)
        return Number(token.pos, text, integer, floating)

    def unquote(self, token: Token) -> str:
        if token.kind is Kind.RAW_STRING:
            return token.value[1:-1].replace("\r", "")
        value = _unquote_go(token.value[1:-1], '"')
        if value is None:
            self.fail("invalid syntax")
        return value or ""


_INT = re.compile(r"[+-]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?")


def _go_int(text: str) -> int | None:
    if not _INT.fullmatch(text):
        return None
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").replace("_", "")
    if len(body) > 1 and body[0] == "0" and body[1].isdigit():
        return sign * int(body, 8)
    return sign * int(body, 0)


def _go_float(text: str) -> float | None:
    if not _FLOAT.fullmatch(text) or not any(c in text for c in ".eE"):
        return None
    return float(text.replace("_", ""))


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_ESCAPE = re.compile(
    r"\\(?:([abfnrtv\\'\"])|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})"
    r"|([0-7]{3})|(.))"
)


def _unquote_go(body: str, quote: str) -> str | None:
    """Go's strconv.Unquote of a quoted body; None when it is malformed."""
    bad = False

    def replace(match: re.Match[str]) -> str:
        nonlocal bad
        simple, hex2, hex4, hex8, octal, other = match.groups()
        if simple is not None:
            if simple in "'\"" and simple != quote:
                bad = True
            return _ESCAPES.get(simple, simple)
        if other is not None:
            bad = True
            return ""
        digits = hex2 or hex4 or hex8
        return chr(int(digits, 16)) if digits else chr(int(octal, 8))

    result = _ESCAPE.sub(replace, body)
    return None if bad else result


def parse_template(text: str, functions: Collection[str] = (), name: str = "root") -> Template:
    """Parse `text` as Go's text/template would with `functions` defined.

    Go's built-in functions (`printf`, `len`, `eq`...) are always defined.
    Raises `TemplateError` with Go's wording, e.g.
    `template: root:1: function "foo" not defined`.
    """
    names = frozenset(functions) | GO_BUILTINS
    parser = _Parser(text, names)
    try:
        nodes = parser.parse()
    except _ParseError as error:
        message = f"template: {name}:{error.line}: {error.reason}"
        raise TemplateError(message, error.reason, text, error.pos) from None
    return Template(name, text, nodes, names)


def walk(nodes: tuple[Node, ...]) -> Iterator[Node]:
    """Every node of a tree, depth first, in source order."""
    for node in nodes:
        yield node
        if isinstance(node, If | Range):
            yield from walk(node.body)
            yield from walk(node.otherwise or ())
