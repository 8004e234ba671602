"""Template parsing: literals, `${}` interpolations and `%{}` directives.

Follows Go's `parser_template.go` in two passes: the token stream is first
raised to a flat list of template parts (literals already unescaped and
whitespace-stripped for `~` markers), flush heredocs are de-indented and
adjacent literals joined; then directives are nested, lowering `%{if}` to a
`Conditional` and `%{for}` to a `TemplateJoin` over a `ForExpr`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.hcl import ast
from kiln.hcl._fast import between as _between
from kiln.hcl._fast import make_pos, make_range
from kiln.hcl._strlit import decode_string_literal
from kiln.hcl._suggest import name_suggestion
from kiln.hcl._tt import TT
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.lexer import Token, TokenType
from kiln.hcl.source import Range

if TYPE_CHECKING:
    from kiln.hcl.parser import Parser

T = TT


@dataclass(slots=True)
class _Lit:
    val: str
    range: Range


@dataclass(slots=True)
class _Interp:
    expr: ast.Expression
    range: Range


@dataclass(slots=True)
class _If:
    cond: ast.Expression
    range: Range


@dataclass(slots=True)
class _For:
    key: str | None
    val: str
    coll: ast.Expression
    range: Range


@dataclass(slots=True)
class _EndCtrl:
    kind: str  # "endif", "else" or "endfor"
    range: Range


@dataclass(slots=True)
class _End:
    range: Range


_Part = _Lit | _Interp | _If | _For | _EndCtrl | _End

_INTERP_EXTRA = (
    "Expected a closing brace to end the interpolation expression, but found extra "
    "characters.\n\nThis can happen when you include interpolation syntax for another "
    "language, such as shell scripting, but forget to escape the interpolation start token. "
    'If this is an embedded sequence for another language, escape it by starting with "$${" '
    'instead of just "${".'
)


def _suggest(given: str, options: list[str]) -> str:
    return name_suggestion(given, options)


def _parts(p: Parser, end: TokenType, diags: Diagnostics) -> tuple[list[_Part], Range]:
    parts: list[_Part] = []
    start_range = p.peek().range
    ltrim_next = False
    next_can_trim_prev = False
    end_range = start_range
    while True:
        nxt = p.read()
        ty = nxt.type
        if ty is end:
            end_range = nxt.range
            break
        ltrim = ltrim_next
        ltrim_next = False
        can_trim_prev = next_can_trim_prev
        next_can_trim_prev = False
        if ty is T.StringLit or ty is T.QuotedLit:
            s, sdiags = decode_string_literal(nxt.text, ty is T.QuotedLit, nxt.range)
            diags.extend(sdiags)
            if ltrim:
                s = s.lstrip()
            parts.append(_Lit(s, nxt.range))
            next_can_trim_prev = True
            continue
        if ty is T.TemplateInterp or ty is T.TemplateControl:
            if can_trim_prev and len(nxt.text) == 3 and parts and isinstance(parts[-1], _Lit):
                parts[-1].val = parts[-1].val.rstrip()
            p.push_nl(False)
            if ty is T.TemplateInterp:
                expr = p.parse_expression_into(diags)
                close = p.peek()
                if close.type is not T.TemplateSeqEnd:
                    if not p.recovery:
                        ct = close.type
                        if ct is T.EOF:
                            diags.append(
                                Diagnostic.error(
                                    "Unclosed template interpolation sequence",
                                    "There is no closing brace for this interpolation sequence "
                                    "before the end of the file. This might be caused by "
                                    "incorrect nesting inside the given expression.",
                                    start_range,
                                )
                            )
                        elif ct is T.Colon:
                            diags.append(
                                Diagnostic(
                                    Diagnostic.error("").severity,
                                    "Extra characters after interpolation expression",
                                    "Template interpolation doesn't expect a colon at this "
                                    "location. Did you intend this to be a literal sequence to "
                                    "be processed as part of another language? If so, you can "
                                    'escape it by starting with "$${" instead of just "${".',
                                    close.range,
                                    _between(start_range, close.range),
                                )
                            )
                        elif (ct is T.CQuote or ct is T.OQuote) and end is T.CQuote:
                            diags.append(
                                Diagnostic.error(
                                    "Unclosed template interpolation sequence",
                                    "There is no closing brace for this interpolation sequence "
                                    "before the end of the quoted template. This might be caused "
                                    "by incorrect nesting inside the given expression.",
                                    start_range,
                                )
                            )
                        else:
                            diags.append(
                                Diagnostic(
                                    Diagnostic.error("").severity,
                                    "Extra characters after interpolation expression",
                                    _INTERP_EXTRA,
                                    close.range,
                                    _between(start_range, close.range),
                                )
                            )
                    p.recover(T.TemplateSeqEnd)
                else:
                    p.read()
                    if len(close.text) == 2 and close.text[0] == 0x7E:
                        ltrim_next = True
                p.pop_nl()
                parts.append(_Interp(expr, _between(nxt.range, close.range)))
                continue
            # %{ directive }
            kw = p.peek()
            if kw.type is not T.Ident:
                if not p.recovery:
                    diags.append(
                        Diagnostic(
                            Diagnostic.error("").severity,
                            "Invalid template directive",
                            'A template directive keyword ("if", "for", etc) is expected at '
                            "the beginning of a %{ sequence.",
                            kw.range,
                            _between(nxt.range, kw.range),
                        )
                    )
                p.recover(T.TemplateSeqEnd)
                p.pop_nl()
                continue
            p.read()
            word = kw.text
            if word == b"if":
                cond, cdiags = p.parse_expression()
                diags.extend(cdiags)
                parts.append(_If(cond, _between(nxt.range, p.peek().range)))
            elif word in (b"else", b"endif", b"endfor"):
                parts.append(_EndCtrl(word.decode(), _between(nxt.range, p.peek().range)))
            elif word == b"for":
                ok = _for_directive(p, nxt, parts, diags)
                if not ok:
                    p.recover(T.TemplateSeqEnd)
                    p.pop_nl()
                    continue
            else:
                if not p.recovery:
                    given = kw.text.decode("utf-8", "replace")
                    sug = _suggest(given, ["if", "for", "else", "endif", "endfor"])
                    extra = f' Did you mean "{sug}"?' if sug else ""
                    diags.append(
                        Diagnostic(
                            Diagnostic.error("").severity,
                            "Invalid template control keyword",
                            f'"{given}" is not a valid template control keyword.{extra}',
                            kw.range,
                            _between(nxt.range, kw.range),
                        )
                    )
                p.recover(T.TemplateSeqEnd)
                p.pop_nl()
                continue
            close = p.peek()
            if close.type is not T.TemplateSeqEnd:
                if not p.recovery:
                    diags.append(
                        Diagnostic(
                            Diagnostic.error("").severity,
                            f"Extra characters in {word.decode('utf-8', 'replace')} marker",
                            "Expected a closing brace to end the sequence, but found extra "
                            "characters.",
                            close.range,
                            _between(start_range, close.range),
                        )
                    )
                p.recover(T.TemplateSeqEnd)
            else:
                p.read()
                if len(close.text) == 2 and close.text[0] == 0x7E:
                    ltrim_next = True
            p.pop_nl()
            continue
        if not p.recovery:
            diags.append(
                Diagnostic(
                    Diagnostic.error("").severity,
                    "Unterminated template string",
                    "No closing marker was found for the string.",
                    nxt.range,
                    _between(start_range, nxt.range),
                )
            )
        final = p.recover(end)
        end_range = final.range
        break
    if not parts:
        at = start_range.end
        parts.append(_Lit("", make_range(start_range.filename, at, at)))
    parts.append(_End(end_range))
    return parts, _between(start_range, end_range)


def _for_directive(p: Parser, opener: Token, parts: list[_Part], diags: Diagnostics) -> bool:
    def fail(detail: str) -> bool:
        if not p.recovery:
            diags.append(Diagnostic.error("Invalid 'for' directive", detail, p.peek().range))
        return False

    if p.peek().type is not T.Ident:
        return fail("For directive requires variable name after 'for'.")
    key: str | None = None
    val = p.read().text.decode("utf-8", "replace")
    if p.peek().type is T.Comma:
        key = val
        p.read()
        if p.peek().type is not T.Ident:
            return fail("For directive requires value variable name after comma.")
        val = p.read().text.decode("utf-8", "replace")
    nxt = p.peek()
    if not (nxt.type is T.Ident and nxt.text == b"in"):
        return fail("For directive requires 'in' keyword after names.")
    p.read()
    coll, cdiags = p.parse_expression()
    diags.extend(cdiags)
    parts.append(_For(key, val, coll, _between(opener.range, p.peek().range)))
    return True


def _flush_heredoc(parts: list[_Part]) -> None:
    """De-indent a `<<-` heredoc by its least-indented line, as Go does."""
    big = 1 << 62
    min_spaces = big
    newline = True
    adjust: list[_Lit] = []
    for part in parts:
        if newline:
            newline = False
            spaces = 0
            if isinstance(part, _Lit):
                orig = part.val
                trimmed = orig.lstrip()
                if not trimmed and orig.endswith("\n"):
                    spaces = big
                else:
                    spaces = len(orig) - len(trimmed)
                    adjust.append(part)
            elif isinstance(part, _End):
                break
            min_spaces = min(min_spaces, spaces)
        if isinstance(part, _Lit) and part.val.endswith("\n"):
            newline = True
    if min_spaces == big:
        return
    for lit in adjust:
        cut = lit.val[:min_spaces]
        lit.val = lit.val[min_spaces:]
        s = lit.range.start
        nb = len(cut.encode("utf-8"))
        lit.range = make_range(
            lit.range.filename, make_pos(s.line, s.column + min_spaces, s.byte + nb), lit.range.end
        )


def _meld(parts: list[_Part]) -> list[_Part]:
    out: list[_Part] = []
    for part in parts:
        if isinstance(part, _Lit) and out and isinstance(out[-1], _Lit):
            prev = out[-1]
            prev.val += part.val
            prev.range = make_range(prev.range.filename, prev.range.start, part.range.end)
            continue
        out.append(part)
    return out


def parse_template_parts_into_exprs(
    p: Parser, end: TokenType, flush: bool, diags: Diagnostics, bare: bool = False
) -> tuple[list[ast.Expression], bool]:
    """Parse a template up to `end`; returns its parts and Go's "passthru" flag.

    Passthru means the template is exactly one interpolation, to be wrapped
    in a `TemplateWrap`.
    """
    parts, _rng = _parts(p, end, diags)
    if flush:
        _flush_heredoc(parts)
    parts = _meld(parts)
    tp = _TemplateParser(parts)
    exprs = tp.parse_root(diags)
    passthru = len(parts) == 2 and isinstance(parts[0], _Interp)
    return exprs, passthru


def _placeholder(rng: Range) -> ast.Expression:
    return ast.LiteralValue(None, rng)


class _TemplateParser:
    """Second pass: nest `if`/`for` directives into expressions."""

    def __init__(self, parts: list[_Part]) -> None:
        self.parts = parts
        self.pos = 0

    def peek(self) -> _Part:
        return self.parts[self.pos]

    def read(self) -> _Part:
        part = self.parts[self.pos]
        if not isinstance(part, _End):
            self.pos += 1
        return part

    def parse_root(self, diags: Diagnostics) -> list[ast.Expression]:
        exprs: list[ast.Expression] = []
        while not isinstance(self.peek(), _End):
            exprs.append(self.parse_expr(diags))
        return exprs

    def parse_expr(self, diags: Diagnostics) -> ast.Expression:
        part = self.peek()
        if isinstance(part, _Lit):
            self.read()
            return ast.LiteralValue(part.val, part.range)
        if isinstance(part, _Interp):
            self.read()
            return part.expr
        if isinstance(part, _If):
            return self.parse_if(diags)
        if isinstance(part, _For):
            return self.parse_for(diags)
        if isinstance(part, _End):
            self.read()
            diags.append(
                Diagnostic.error(
                    "Unexpected end of template",
                    "The control directives within this template are unbalanced.",
                    part.range,
                )
            )
            return _placeholder(part.range)
        assert isinstance(part, _EndCtrl)
        self.read()
        diags.append(
            Diagnostic.error(
                f"Unexpected {part.kind} directive",
                "The control directives within this template are unbalanced.",
                part.range,
            )
        )
        return _placeholder(part.range)

    def parse_if(self, diags: Diagnostics) -> ast.Expression:
        open_ = self.read()
        assert isinstance(open_, _If)
        if_exprs: list[ast.Expression] = []
        else_exprs: list[ast.Expression] = []
        current = if_exprs
        while True:
            nxt = self.peek()
            if isinstance(nxt, _End):
                diags.append(
                    Diagnostic.error(
                        "Unexpected end of template",
                        f"The if directive at {open_.range} is missing its corresponding "
                        "endif directive.",
                        nxt.range,
                    )
                )
                return _placeholder(nxt.range)
            if isinstance(nxt, _EndCtrl):
                self.read()
                if nxt.kind == "else":
                    if current is if_exprs:
                        current = else_exprs
                        continue
                    diags.append(
                        Diagnostic.error(
                            "Unexpected else directive",
                            f"Already in the else clause for the if started at {open_.range}.",
                            nxt.range,
                        )
                    )
                elif nxt.kind == "endif":
                    endif_range = nxt.range
                    break
                else:
                    diags.append(
                        Diagnostic.error(
                            f"Unexpected {nxt.kind} directive",
                            f"Expecting an endif directive for the if started at {open_.range}.",
                            nxt.range,
                        )
                    )
                return _placeholder(nxt.range)
            current.append(self.parse_expr(diags))
        if not if_exprs:
            at = open_.range.end
            if_exprs.append(ast.LiteralValue("", make_range(open_.range.filename, at, at)))
        if not else_exprs:
            at = endif_range.start
            else_exprs.append(ast.LiteralValue("", make_range(endif_range.filename, at, at)))
        true_expr = ast.TemplateExpr(
            tuple(if_exprs), _between(if_exprs[0].range, if_exprs[-1].range)
        )
        false_expr = ast.TemplateExpr(
            tuple(else_exprs), _between(else_exprs[0].range, else_exprs[-1].range)
        )
        return ast.Conditional(
            open_.cond, true_expr, false_expr, _between(open_.range, endif_range)
        )

    def parse_for(self, diags: Diagnostics) -> ast.Expression:
        open_ = self.read()
        assert isinstance(open_, _For)
        content: list[ast.Expression] = []
        while True:
            nxt = self.peek()
            if isinstance(nxt, _End):
                diags.append(
                    Diagnostic.error(
                        "Unexpected end of template",
                        f"The for directive at {open_.range} is missing its corresponding "
                        "endfor directive.",
                        nxt.range,
                    )
                )
                return _placeholder(nxt.range)
            if isinstance(nxt, _EndCtrl):
                self.read()
                if nxt.kind == "else":
                    diags.append(
                        Diagnostic.error(
                            "Unexpected else directive",
                            "An else clause is not expected for a for directive.",
                            nxt.range,
                        )
                    )
                elif nxt.kind == "endfor":
                    endfor_range = nxt.range
                    break
                else:
                    diags.append(
                        Diagnostic.error(
                            f"Unexpected {nxt.kind} directive",
                            "Expecting an endfor directive corresponding to the for directive "
                            f"at {open_.range}.",
                            nxt.range,
                        )
                    )
                return _placeholder(nxt.range)
            content.append(self.parse_expr(diags))
        if not content:
            at = open_.range.end
            content.append(ast.LiteralValue("", make_range(open_.range.filename, at, at)))
        body = ast.TemplateExpr(tuple(content), _between(content[0].range, content[-1].range))
        whole = _between(open_.range, endfor_range)
        fe = ast.ForExpr(
            open_.key,
            open_.val,
            open_.coll,
            None,
            body,
            None,
            False,
            whole,
            open_.range,
            endfor_range,
        )
        return ast.TemplateJoin(fe, whole)
