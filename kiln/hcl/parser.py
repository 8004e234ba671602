"""Recursive-descent parser for HCL native syntax, following Go's hclsyntax.

The parser reads the token list from `kiln.hcl.lexer` through a "peeker"
that hides comments and, depending on context, newlines, exactly as Go's
does. Errors never raise: every problem becomes a diagnostic carrying Go
HCL's summary, detail and range, and parsing recovers (at the next line,
closing bracket or template sequence end) to report later problems too.
Like Go, once recovery has happened the parser stays in "recovery mode",
where some follow-on errors are suppressed to reduce noise.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from kiln.hcl import ast
from kiln.hcl._collections import finish_function_call, parse_object_cons, parse_tuple_cons
from kiln.hcl._diag_tokens import check_invalid_tokens
from kiln.hcl._fast import between as _fast_between
from kiln.hcl._fast import call_gc_paused, has_errors_since, make_range
from kiln.hcl._strlit import decode_string_literal
from kiln.hcl._template import parse_template_parts_into_exprs
from kiln.hcl._traversal import parse_traversals
from kiln.hcl._tt import TT
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.lexer import Token, TokenType, lex_config, lex_template
from kiln.hcl.source import Pos, Range

__all__ = ["parse_config", "parse_expression", "parse_template"]

T = TT
_COMMENT = TokenType.Comment
_NEWLINE = TokenType.Newline
_ORIGIN = Pos(1, 1, 0)

_BINARY_OPS: list[dict[TokenType, ast.Operation]] = [
    {T.Or: ast.Operation.LogicalOr},
    {T.And: ast.Operation.LogicalAnd},
    {T.EqualOp: ast.Operation.Equal, T.NotEqual: ast.Operation.NotEqual},
    {
        T.GreaterThan: ast.Operation.GreaterThan,
        T.GreaterThanEq: ast.Operation.GreaterThanOrEqual,
        T.LessThan: ast.Operation.LessThan,
        T.LessThanEq: ast.Operation.LessThanOrEqual,
    },
    {T.Plus: ast.Operation.Add, T.Minus: ast.Operation.Subtract},
    {
        T.Star: ast.Operation.Multiply,
        T.Slash: ast.Operation.Divide,
        T.Percent: ast.Operation.Modulo,
    },
]
# Every operator token at any level, to skip the level walk quickly.
_ANY_BINARY = frozenset(k for level in _BINARY_OPS for k in level)
_N_LEVELS = len(_BINARY_OPS)

_OPPOSITE = {
    T.OBrace: T.CBrace,
    T.OBrack: T.CBrack,
    T.OParen: T.CParen,
    T.OQuote: T.CQuote,
    T.OHeredoc: T.CHeredoc,
    T.CBrace: T.OBrace,
    T.CBrack: T.OBrack,
    T.CParen: T.OParen,
    T.CQuote: T.OQuote,
    T.CHeredoc: T.OHeredoc,
    T.TemplateControl: T.TemplateSeqEnd,
    T.TemplateInterp: T.TemplateSeqEnd,
    T.TemplateSeqEnd: T.TemplateInterp,
}
_OPENERS = frozenset(
    (T.OBrace, T.OBrack, T.OParen, T.OQuote, T.OHeredoc, T.TemplateInterp, T.TemplateControl)
)
_CLOSERS = frozenset((T.CBrace, T.CBrack, T.CParen, T.CQuote, T.CHeredoc))


between = _fast_between


def _err(summary: str, detail: str, subject: Range, context: Range | None = None) -> Diagnostic:
    return Diagnostic(Diagnostic.error("").severity, summary, detail, subject, context)


class Parser:
    """Parser state: the tokens, the peeker position and newline mode.

    Public so the template module can drive it; use the module functions.
    """

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.next_index = 0
        self.nl_stack = [True]
        self.recovery = False
        self._n = len(tokens)
        self._nl = True  # nl_stack[-1]

    # ------------------------------------------------------------ peeker

    def _next(self) -> tuple[Token, int]:
        toks = self.tokens
        include_nl = self._nl
        i = self.next_index
        n = len(toks)
        while i < n:
            tok = toks[i]
            ty = tok.type
            if ty is T.Comment:
                # Line comments absorb their newline; when newlines matter
                # the comment stands in for one.
                if include_nl and tok.text.endswith(b"\n"):
                    return Token(T.Newline, tok.text[-1:], tok.range), i + 1
                i += 1
                continue
            if ty is T.Newline and not include_nl:
                i += 1
                continue
            return tok, i + 1
        return toks[-1], n

    def peek(self) -> Token:
        """The next significant token, without consuming it."""
        i = self.next_index
        if i < self._n:
            tok = self.tokens[i]
            ty = tok.type
            if ty is not _COMMENT and (ty is not _NEWLINE or self._nl):
                return tok
        return self._next()[0]

    def read(self) -> Token:
        """Consume and return the next significant token."""
        i = self.next_index
        if i < self._n:
            tok = self.tokens[i]
            ty = tok.type
            if ty is not _COMMENT and (ty is not _NEWLINE or self._nl):
                self.next_index = i + 1
                return tok
        tok, self.next_index = self._next()
        return tok

    def prev_range(self) -> Range:
        """The range of the token just consumed."""
        if self.next_index == 0:
            return self.tokens[0].range
        return self.tokens[self.next_index - 1].range

    def push_nl(self, include: bool) -> None:
        """Start (or stop) treating newlines as significant."""
        self.nl_stack.append(include)
        self._nl = include

    def pop_nl(self) -> None:
        """Undo the latest `push_nl`."""
        stack = self.nl_stack
        stack.pop()
        self._nl = stack[-1]

    # ---------------------------------------------------------- recovery

    def recover(self, end: TokenType) -> Token:
        """Skip to just after the `end` token that closes the current nesting."""
        start = _OPPOSITE.get(end)
        self.recovery = True
        nest = 0
        while True:
            tok = self.read()
            ty = tok.type
            if end is T.TemplateSeqEnd and ty is T.TemplateControl:
                ty = T.TemplateInterp
            if ty is start:
                nest += 1
            elif ty is end:
                if nest < 1:
                    return tok
                nest -= 1
            elif ty is T.EOF:
                return tok

    def recover_over(self, start: TokenType) -> None:
        """Skip past the next bracketed region opened by `start`."""
        while True:
            tok = self.read()
            if tok.type is start or tok.type is T.EOF:
                break
        self.recover(_OPPOSITE[start])

    def recover_after_body_item(self) -> None:
        """Skip to the end of the current line, honouring open brackets."""
        self.recovery = True
        opened: list[TokenType] = []
        while True:
            tok = self.read()
            ty = tok.type
            if ty is T.Newline:
                if not opened:
                    return
            elif ty is T.EOF:
                return
            elif ty in _OPENERS:
                opened.append(ty)
            elif ty in _CLOSERS:
                opener = _OPPOSITE[ty]
                while opened and opened[-1] is not opener:
                    opened.pop()
                if opened:
                    opened.pop()
            elif ty is T.TemplateSeqEnd:
                while opened and opened[-1] not in (T.TemplateInterp, T.TemplateControl):
                    opened.pop()
                if opened:
                    opened.pop()

    # -------------------------------------------------------------- body

    def parse_body(self, end: TokenType) -> tuple[ast.Body, Diagnostics]:
        """Parse attributes and blocks up to `end` (EOF or `}`)."""
        attrs: dict[str, ast.Attribute] = {}
        blocks: list[ast.Block] = []
        diags = Diagnostics()
        start_range = self.prev_range()
        end_range = start_range
        while True:
            nxt = self.peek()
            ty = nxt.type
            if ty is end:
                end_range = nxt.range
                self.read()
                break
            if ty is T.Newline:
                self.read()
                continue
            if ty is T.Ident:
                item = self.parse_body_item(diags)
                if isinstance(item, ast.Block):
                    blocks.append(item)
                elif isinstance(item, ast.Attribute):
                    existing = attrs.get(item.name)
                    if existing is not None:
                        diags.append(
                            _err(
                                "Attribute redefined",
                                f"The argument {_goq(item.name)} was already set at "
                                f"{existing.name_range}. Each argument may be set only once.",
                                item.name_range,
                            )
                        )
                    else:
                        attrs[item.name] = item
                continue
            bad = self.read()
            if not self.recovery:
                if bad.type is T.OQuote:
                    diags.append(
                        _err(
                            "Invalid argument name", "Argument names must not be quoted.", bad.range
                        )
                    )
                elif bad.type is T.EOF:
                    if end is T.CBrace:
                        diags.append(
                            _err(
                                "Unclosed configuration block",
                                "There is no closing brace for this block before the end of "
                                "the file. This may be caused by incorrect brace nesting "
                                "elsewhere in this file.",
                                start_range,
                            )
                        )
                    else:
                        diags.append(
                            _err(
                                "Unclosed configuration body",
                                "Found end of file before the end of this configuration body.",
                                start_range,
                            )
                        )
                else:
                    diags.append(
                        _err(
                            "Argument or block definition required",
                            "An argument or block definition is required here.",
                            bad.range,
                        )
                    )
            end_range = self.prev_range()
            self.recover(end)
            break
        body_range = between(start_range, end_range)
        end_pos = end_range.end
        return (
            ast.Body(
                attrs, tuple(blocks), body_range, make_range(end_range.filename, end_pos, end_pos)
            ),
            diags,
        )

    def parse_body_item(self, diags: Diagnostics) -> ast.Attribute | ast.Block | None:
        """Parse one attribute or block starting at an identifier."""
        ident = self.read()
        nxt = self.peek()
        if nxt.type is T.Equal:
            return self.finish_attribute(ident, False, diags)
        if nxt.type in (T.OQuote, T.OBrace, T.Ident):
            return self.finish_block(ident, diags)
        self.recover_after_body_item()
        diags.append(
            _err(
                "Argument or block definition required",
                "An argument or block definition is required here. To set an argument, use "
                'the equals sign "=" to introduce the argument value.',
                ident.range,
            )
        )
        return None

    def finish_attribute(
        self, ident: Token, single_line: bool, diags: Diagnostics
    ) -> ast.Attribute:
        """Parse `= expr` and the line end after an attribute name."""
        eq = self.read()
        n0 = len(diags)
        expr = self.parse_expression_into(diags)
        if self.recovery and _has_errors_since(diags, n0):
            end_range = self.prev_range()
            self.recover_after_body_item()
        else:
            end_range = self.prev_range()
            if not single_line:
                end = self.peek()
                if end.type is not T.Newline and end.type is not T.EOF:
                    if not self.recovery:
                        summary = "Missing newline after argument"
                        detail = "An argument definition must end with a newline."
                        if end.type is T.Comma:
                            summary = "Unexpected comma after argument"
                            detail = (
                                "Argument definitions must be separated by newlines, not "
                                "commas. " + detail
                            )
                        diags.append(
                            _err(summary, detail, end.range, between(ident.range, end.range))
                        )
                    end_range = self.prev_range()
                    self.recover_after_body_item()
                else:
                    end_range = self.prev_range()
                    self.read()
        name = ident.text.decode("utf-8", "replace")
        return ast.Attribute(name, expr, between(ident.range, end_range), ident.range, eq.range)

    def finish_block(self, ident: Token, diags: Diagnostics) -> ast.Block:
        """Parse a block's labels and body after its type name."""
        btype = ident.text.decode("utf-8", "replace")
        labels: list[str] = []
        label_ranges: list[Range] = []
        while True:
            tok = self.peek()
            ty = tok.type
            if ty is T.OBrace:
                obrace = self.read()
                break
            if ty is T.OQuote:
                label, lrange = self.parse_quoted_string_literal(diags)
                labels.append(label)
                label_ranges.append(lrange)
                continue
            if ty is T.Ident:
                tok = self.read()
                labels.append(tok.text.decode("utf-8", "replace"))
                label_ranges.append(tok.range)
                continue
            if ty is T.Equal:
                diags.append(
                    _err(
                        "Invalid block definition",
                        'The equals sign "=" indicates an argument definition, and must not '
                        "be used when defining a block.",
                        tok.range,
                        between(ident.range, tok.range),
                    )
                )
            elif ty is T.Newline:
                diags.append(
                    _err(
                        "Invalid block definition",
                        'A block definition must have block content delimited by "{" and "}", '
                        "starting on the same line as the block header.",
                        tok.range,
                        between(ident.range, tok.range),
                    )
                )
            elif not self.recovery:
                diags.append(
                    _err(
                        "Invalid block definition",
                        'Either a quoted string block label or an opening brace ("{") is '
                        "expected here.",
                        tok.range,
                        between(ident.range, tok.range),
                    )
                )
            self.recover_after_body_item()
            end_range = label_ranges[-1] if label_ranges else ident.range
            empty = ast.Body({}, (), ident.range, ident.range)
            return ast.Block(
                btype,
                tuple(labels),
                empty,
                between(ident.range, end_range),
                ident.range,
                tuple(label_ranges),
                ident.range,
                end_range,
            )

        body: ast.Body | None
        nt = self.peek().type
        if nt in (T.Newline, T.EOF, T.CBrace):
            body, bdiags = self.parse_body(T.CBrace)
        else:
            body, bdiags = self.parse_single_attr_body()
            after = self.peek()
            at = after.type
            if at is T.CBrace:
                self.read()
            elif at is T.Comma:
                diags.append(
                    _err(
                        "Invalid single-argument block definition",
                        "Single-line block syntax can include only one argument definition. "
                        "To define multiple arguments, use the multi-line block syntax with "
                        "one argument definition per line.",
                        after.range,
                    )
                )
                self.recover(T.CBrace)
            elif at is T.Newline:
                diags.append(
                    _err(
                        "Invalid single-argument block definition",
                        "An argument definition on the same line as its containing block "
                        "creates a single-line block definition, which must also be closed on "
                        "the same line. Place the block's closing brace immediately after the "
                        "argument definition.",
                        after.range,
                    )
                )
                self.recover(T.CBrace)
            else:
                if not self.recovery:
                    if at is T.EOF:
                        diags.append(
                            _err(
                                "Unclosed configuration block",
                                "There is no closing brace for this block before the end of "
                                "the file. This may be caused by incorrect brace nesting "
                                "elsewhere in this file.",
                                obrace.range,
                                between(ident.range, obrace.range),
                            )
                        )
                    else:
                        diags.append(
                            _err(
                                "Invalid single-argument block definition",
                                "A single-line block definition must end with a closing brace "
                                "immediately after its single argument definition.",
                                after.range,
                            )
                        )
                self.recover(T.CBrace)
        diags.extend(bdiags)
        cbrace_range = self.prev_range()
        eol = self.peek()
        if eol.type is T.Newline or eol.type is T.EOF:
            self.read()
        else:
            if not self.recovery:
                diags.append(
                    _err(
                        "Missing newline after block definition",
                        "A block definition must end with a newline.",
                        eol.range,
                        between(ident.range, eol.range),
                    )
                )
            self.recover_after_body_item()
        if body is None:
            body = ast.Body({}, (), between(obrace.range, cbrace_range), cbrace_range)
        else:
            body = ast.Body(
                body.attributes, body.blocks, between(obrace.range, cbrace_range), cbrace_range
            )
        return ast.Block(
            btype,
            tuple(labels),
            body,
            between(ident.range, cbrace_range),
            ident.range,
            tuple(label_ranges),
            obrace.range,
            cbrace_range,
        )

    def parse_single_attr_body(self) -> tuple[ast.Body | None, Diagnostics]:
        """Parse the one attribute of a one-line block, `b { x = 1 }`."""
        diags = Diagnostics()
        ident = self.read()
        if ident.type is not T.Ident:
            self.recover_after_body_item()
            diags.append(
                _err(
                    "Argument or block definition required",
                    "An argument or block definition is required here.",
                    ident.range,
                )
            )
            return None, diags
        nxt = self.peek()
        if nxt.type is T.Equal:
            attr = self.finish_attribute(ident, True, diags)
            end = attr.range.end
            return (
                ast.Body(
                    {attr.name: attr}, (), attr.range, make_range(attr.range.filename, end, end)
                ),
                diags,
            )
        self.recover_after_body_item()
        if nxt.type in (T.OQuote, T.OBrace, T.Ident):
            name = ident.text.decode("utf-8", "replace")
            diags.append(
                _err(
                    "Argument definition required",
                    "A single-line block definition can contain only a single argument. If you "
                    f"meant to define argument {_goq(name)}, use an equals sign to assign it a "
                    "value. To define a nested block, place it on a line of its own within its "
                    "parent block.",
                    between(ident.range, nxt.range),
                )
            )
        else:
            diags.append(
                _err(
                    "Argument or block definition required",
                    "An argument or block definition is required here. To set an argument, "
                    'use the equals sign "=" to introduce the argument value.',
                    ident.range,
                )
            )
        return None, diags

    def parse_quoted_string_literal(self, diags: Diagnostics) -> tuple[str, Range]:
        """Parse a quoted string that may not contain template sequences."""
        oquote = self.read()
        parts: list[str] = []
        while True:
            tok = self.read()
            ty = tok.type
            if ty is T.CQuote:
                end_range = tok.range
                break
            if ty is T.QuotedLit:
                s, sd = decode_string_literal(tok.text, True, tok.range)
                diags.extend(sd)
                parts.append(s)
                continue
            if ty is T.TemplateControl or ty is T.TemplateInterp:
                which = "%" if ty is T.TemplateControl else "$"
                diags.append(
                    _err(
                        "Invalid string literal",
                        "Template sequences are not allowed in this string. To include a literal "
                        f'"{which}", double it (as "{which}{which}") to escape it.',
                        tok.range,
                        between(oquote.range, tok.range),
                    )
                )
                parts.append(which + "{ ... }")
                self.recover(T.TemplateSeqEnd)
                continue
            if ty is T.EOF:
                diags.append(
                    _err(
                        "Unterminated string literal",
                        "Unable to find the closing quote mark before the end of the file.",
                        tok.range,
                        between(oquote.range, tok.range),
                    )
                )
                end_range = tok.range
                break
            diags.append(
                _err(
                    "Invalid string literal",
                    "This item is not valid in a string literal.",
                    tok.range,
                    between(oquote.range, tok.range),
                )
            )
            self.recover(T.CQuote)
            end_range = tok.range
            break
        return "".join(parts), between(oquote.range, end_range)

    # -------------------------------------------------------- expressions

    def parse_expression(self) -> tuple[ast.Expression, Diagnostics]:
        """Parse a full expression, conditional operator included."""
        diags = Diagnostics()
        return self.parse_expression_into(diags), diags

    def parse_expression_into(self, diags: Diagnostics) -> ast.Expression:
        """`parse_expression`, appending its diagnostics to `diags`."""
        start = self.peek()
        n0 = len(diags)
        # `parse_binary_ops(0, diags)`, unrolled for the usual lone operand.
        cond = self.parse_expression_term(diags, start)
        nty = self.peek().type
        if nty is T.Dot or nty is T.OBrack:
            cond = parse_traversals(self, cond, diags)
            nty = self.peek().type
        if self.recovery and _has_errors_since(diags, n0):
            return cond
        if nty in _ANY_BINARY:
            cond = self._binary_ops_from(0, diags, cond, n0)
            if self.recovery and _has_errors_since(diags, n0):
                return cond
            nty = self.peek().type
        if nty is not T.Question:
            return cond
        self.read()
        n1 = len(diags)
        true_expr = self.parse_expression_into(diags)
        if self.recovery and _has_errors_since(diags, n1):
            return cond
        colon = self.peek()
        if colon.type is not T.Colon:
            diags.append(
                _err(
                    "Missing false expression in conditional",
                    "The conditional operator (...?...:...) requires a false expression, "
                    "delimited by a colon.",
                    colon.range,
                    between(start.range, colon.range),
                )
            )
            return cond
        self.read()
        n2 = len(diags)
        false_expr = self.parse_expression_into(diags)
        if self.recovery and _has_errors_since(diags, n2):
            return cond
        return ast.Conditional(cond, true_expr, false_expr, between(start.range, false_expr.range))

    def parse_binary_ops(self, level: int, diags: Diagnostics) -> ast.Expression:
        """Parse operators of precedence `level` and tighter, left-associative."""
        if level == _N_LEVELS:
            return self.parse_expression_with_traversals(diags)
        # Most operands are not followed by any operator: parse the first
        # operand once and only climb the precedence levels if one follows.
        n0 = len(diags)
        first = self.parse_expression_term(diags)
        nty = self.peek().type
        if nty is T.Dot or nty is T.OBrack:
            first = parse_traversals(self, first, diags)
            nty = self.peek().type
        if self.recovery and _has_errors_since(diags, n0):
            return first
        if nty not in _ANY_BINARY:
            return first
        return self._binary_ops_from(level, diags, first, n0)

    def _binary_ops_from(
        self, level: int, diags: Diagnostics, first: ast.Expression, n0: int
    ) -> ast.Expression:
        """`parse_binary_ops` with its leftmost operand, `first`, parsed already.

        `n0` is the diagnostics count from before `first` was parsed.
        """
        if level == _N_LEVELS:
            return first
        this_level = _BINARY_OPS[level]
        lhs = self._binary_ops_from(level + 1, diags, first, n0)
        if self.recovery and _has_errors_since(diags, n0):
            return lhs
        operation: ast.Operation | None = None
        rhs: ast.Expression = lhs
        while True:
            nxt = self.peek()
            new_op = this_level.get(nxt.type)
            if new_op is None:
                break
            if operation is not None:
                lhs = ast.BinaryOp(lhs, operation, rhs, between(lhs.range, rhs.range))
            operation = new_op
            self.read()
            n1 = len(diags)
            rhs = self.parse_binary_ops(level + 1, diags)
            if self.recovery and _has_errors_since(diags, n1):
                return lhs
        if operation is None:
            return lhs
        return ast.BinaryOp(lhs, operation, rhs, between(lhs.range, rhs.range))

    def parse_expression_with_traversals(self, diags: Diagnostics) -> ast.Expression:
        """A term followed by any `.attr`, `[index]` and splat steps."""
        term = self.parse_expression_term(diags)
        ty = self.peek().type
        if ty is not T.Dot and ty is not T.OBrack:
            return term
        return parse_traversals(self, term, diags)

    def parse_expression_traversals(
        self, start: ast.Expression, diags: Diagnostics
    ) -> ast.Expression:
        """Apply traversal steps following `start`."""
        return parse_traversals(self, start, diags)

    def parse_expression_term(
        self, diags: Diagnostics, start: Token | None = None
    ) -> ast.Expression:
        """Parse one term: literal, variable, call, string, collection, etc.

        `start`, if given, is the result of `peek()` here.
        """
        if start is None:
            start = self.peek()
        ty = start.type
        if ty is T.Ident:
            tok = self.read()
            nt = self.peek().type
            if nt is T.OParen or nt is T.DoubleColon:
                return finish_function_call(self, tok, diags)
            name = tok.text
            if name == b"true":
                return ast.LiteralValue(True, tok.range)
            if name == b"false":
                return ast.LiteralValue(False, tok.range)
            if name == b"null":
                return ast.LiteralValue(None, tok.range)
            rng = tok.range
            steps: list[ast.Traverser] = [ast.TraverseRoot(name.decode("utf-8", "replace"), rng)]
            if nt is T.Dot:
                # Plain attribute steps, `var.a.b`, taken here at once; the
                # result is what `parse_traversals` would build step by step.
                last = rng
                while True:
                    mark = self.next_index
                    dot = self.read()
                    attr = self.peek()
                    if attr.type is not T.Ident:
                        self.next_index = mark  # leave the dot to parse_traversals
                        break
                    self.read()
                    last = between(dot.range, attr.range)
                    steps.append(ast.TraverseAttr(attr.text.decode("utf-8", "replace"), last))
                    if self.peek().type is not T.Dot:
                        break
                rng = between(rng, last)
            return ast.ScopeTraversal(tuple(steps), rng)
        if ty is T.NumberLit:
            tok = self.read()
            return ast.LiteralValue(self.number_value(tok, diags), tok.range)
        if ty is T.OQuote or ty is T.OHeredoc:
            opener = self.read()
            if ty is T.OQuote:
                # Fast path for the common plain string: `"text"`.
                i = self.next_index
                toks = self.tokens
                if i + 1 < self._n and toks[i].type is T.QuotedLit and toks[i + 1].type is T.CQuote:
                    lit = toks[i]
                    close = toks[i + 1]
                    self.next_index = i + 2
                    raw = lit.text
                    if b"\\" in raw or b"$" in raw or b"%" in raw:
                        text, sdiags = decode_string_literal(raw, True, lit.range)
                        diags.extend(sdiags)
                    else:
                        text = raw.decode("utf-8", "replace")
                    return ast.TemplateExpr(
                        (ast.LiteralValue(text, lit.range),), between(opener.range, close.range)
                    )
            closer = T.CQuote if ty is T.OQuote else T.CHeredoc
            flush = ty is T.OHeredoc and opener.text.startswith(b"<<-")
            exprs, passthru = parse_template_parts_into_exprs(self, closer, flush, diags)
            rng = between(opener.range, self.prev_range())
            if passthru:
                return ast.TemplateWrap(exprs[0], rng)
            return ast.TemplateExpr(tuple(exprs), rng)
        if ty is T.OParen:
            oparen = self.read()
            self.push_nl(False)
            n0 = len(diags)
            expr = self.parse_expression_into(diags)
            if _has_errors_since(diags, n0):
                self.recover(T.CParen)
                self.pop_nl()
                return expr
            close = self.peek()
            if close.type is not T.CParen:
                diags.append(
                    _err(
                        "Unbalanced parentheses",
                        "Expected a closing parenthesis to terminate the expression.",
                        close.range,
                        between(start.range, close.range),
                    )
                )
                self.recovery = True
            cparen = self.read()
            self.pop_nl()
            return ast.Parentheses(expr, between(oparen.range, cparen.range))
        if ty is T.Minus or ty is T.Bang:
            tok = self.read()
            operand = self.parse_expression_with_traversals(diags)
            op = ast.Operation.Negate if ty is T.Minus else ast.Operation.LogicalNot
            return ast.UnaryOp(op, operand, between(tok.range, operand.range), tok.range)
        if ty is T.OBrack:
            return parse_tuple_cons(self, diags)
        if ty is T.OBrace:
            return parse_object_cons(self, diags)
        if not self.recovery:
            if ty is T.EOF:
                diags.append(
                    _err(
                        "Missing expression",
                        "Expected the start of an expression, but found the end of the file.",
                        start.range,
                    )
                )
            else:
                diags.append(
                    _err(
                        "Invalid expression",
                        "Expected the start of an expression, but found an invalid expression "
                        "token.",
                        start.range,
                    )
                )
        self.recovery = True
        return ast.LiteralValue(None, start.range)

    def number_value(self, tok: Token, diags: Diagnostics) -> Decimal | None:
        """The value of a number token, or None with an error if malformed."""
        try:
            return Decimal(tok.text.decode("ascii"))
        except (InvalidOperation, UnicodeDecodeError):
            diags.append(
                _err(
                    "Invalid number literal",
                    "Failed to recognize the value of this number literal.",
                    tok.range,
                )
            )
            return None


_has_errors_since = has_errors_since


def _goq(s: str) -> str:
    """Go's `%q` for a plain string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ------------------------------------------------------------- entry points


def parse_config(src: bytes, filename: str) -> tuple[ast.Body | None, Diagnostics]:
    """Parse a whole native-syntax file (Go's `hclsyntax.ParseConfig`).

    Always returns a body (possibly partial) and every diagnostic found.
    """
    return call_gc_paused(len(src), _parse_config, src, filename)


def _parse_config(src: bytes, filename: str) -> tuple[ast.Body | None, Diagnostics]:
    return parse_config_tokens(lex_config(src, filename))


def parse_config_tokens(tokens: list[Token]) -> tuple[ast.Body | None, Diagnostics]:
    """Parse a file already scanned by `lex_config` (the tokens are not changed)."""
    diags = check_invalid_tokens(tokens)
    p = Parser(tokens)
    body, bdiags = p.parse_body(T.EOF)
    diags.extend(bdiags)
    return body, diags


def parse_expression(
    src: bytes, filename: str, start: Pos = _ORIGIN
) -> tuple[ast.Expression | None, Diagnostics]:
    """Parse a standalone expression (Go's `hclsyntax.ParseExpression`)."""
    tokens = lex_config(src, filename, start)
    diags = check_invalid_tokens(tokens)
    p = Parser(tokens)
    p.push_nl(False)
    expr, ediags = p.parse_expression()
    diags.extend(ediags)
    nxt = p.peek()
    if nxt.type is not T.EOF and not p.recovery:
        diags.append(
            _err(
                "Extra characters after expression",
                "An expression was successfully parsed, but extra characters were found after it.",
                nxt.range,
            )
        )
    p.pop_nl()
    return expr, diags


def parse_template(
    src: bytes, filename: str, start: Pos = _ORIGIN
) -> tuple[ast.Expression | None, Diagnostics]:
    """Parse a bare template, such as a JSON string (Go's `ParseTemplate`)."""
    tokens = lex_template(src, filename, start)
    diags = check_invalid_tokens(tokens)
    p = Parser(tokens)
    exprs, passthru = parse_template_parts_into_exprs(p, T.EOF, False, diags, bare=True)
    first = tokens[0].range
    rng = between(first, tokens[-1].range)
    if passthru:
        return ast.TemplateWrap(exprs[0], rng), diags
    return ast.TemplateExpr(tuple(exprs), rng), diags
