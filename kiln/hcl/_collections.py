"""Function calls, tuple and object constructors and `for` expressions.

Split from the parser module for size; behaviour and diagnostics follow Go's
`finishParsingFunctionCall`, `parseTupleCons`, `parseObjectCons` and
`finishParsingForExpr`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiln.hcl import ast
from kiln.hcl._fast import between as _between
from kiln.hcl._fast import has_errors_since
from kiln.hcl._tt import TT
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.lexer import Token
from kiln.hcl.source import Range

if TYPE_CHECKING:
    from kiln.hcl.parser import Parser

T = TT


def _err(summary: str, detail: str, subject: Range, context: Range | None = None) -> Diagnostic:
    d = Diagnostic.error(summary, detail, subject)
    if context is None:
        return d
    return Diagnostic(d.severity, summary, detail, subject, context)


def _is_kw(tok: Token, word: bytes) -> bool:
    return tok.type is T.Ident and tok.text == word


def finish_function_call(p: Parser, name: Token, diags: Diagnostics) -> ast.Expression:
    """Parse `(args...)` after a function name (maybe `ns::name`)."""
    open_tok = p.read()
    name_str = name.text.decode("utf-8", "replace")
    name_end = name.range.end
    while open_tok.type is T.DoubleColon:
        nxt = p.read()
        if nxt.type is not T.Ident:
            diags.append(
                _err(
                    "Missing function name",
                    "Function scope resolution symbol :: must be followed by a function name "
                    "in this scope.",
                    nxt.range,
                    _between(name.range, nxt.range),
                )
            )
            p.recover_over(T.OParen)
            return ast.LiteralValue(None, _between(name.range, nxt.range))
        name_str += "::" + nxt.text.decode("utf-8", "replace")
        name_end = nxt.range.end
        open_tok = p.read()
    name_range = Range(name.range.filename, name.range.start, name_end)
    if open_tok.type is not T.OParen:
        diags.append(
            _err(
                "Missing open parenthesis",
                "Function selector must be followed by an open parenthesis to begin the "
                "function call.",
                open_tok.range,
                _between(name.range, open_tok.range),
            )
        )
        p.recover_over(T.OParen)
        return ast.LiteralValue(None, _between(name.range, open_tok.range))

    args: list[ast.Expression] = []
    expand_final = False
    close_tok: Token | None = None
    p.push_nl(False)
    while True:
        if p.peek().type is T.CParen:
            close_tok = p.read()
            break
        n0 = len(diags)
        arg = p.parse_expression_into(diags)
        args.append(arg)
        if p.recovery and has_errors_since(diags, n0):
            rec = p.recover(T.CParen)
            if rec.type is T.CParen:
                close_tok = rec
            break
        sep = p.read()
        if sep.type is T.CParen:
            close_tok = sep
            break
        if sep.type is T.Ellipsis:
            expand_final = True
            if p.peek().type is not T.CParen:
                if not p.recovery:
                    diags.append(
                        _err(
                            "Missing closing parenthesis",
                            "An expanded function argument (with ...) must be immediately "
                            "followed by closing parentheses.",
                            sep.range,
                            _between(name.range, sep.range),
                        )
                    )
                close_tok = p.recover(T.CParen)
            else:
                close_tok = p.read()
            break
        if sep.type is not T.Comma:
            if sep.type is T.EOF:
                diags.append(
                    _err(
                        "Unterminated function call",
                        "There is no closing parenthesis for this function call before the end "
                        "of the file. This may be caused by incorrect parenthesis nesting "
                        "elsewhere in this file.",
                        _between(name.range, open_tok.range),
                    )
                )
            else:
                diags.append(
                    _err(
                        "Missing argument separator",
                        "A comma is required to separate each function argument from the next.",
                        sep.range,
                        _between(name.range, sep.range),
                    )
                )
            close_tok = p.recover(T.CParen)
            break
        if p.peek().type is T.CParen:
            close_tok = p.read()
            break
    p.pop_nl()
    close_range = close_tok.range if close_tok is not None else p.prev_range()
    return ast.FunctionCall(
        name_str,
        tuple(args),
        expand_final,
        _between(name_range, close_range),
        name_range,
        open_tok.range,
        close_range,
    )


def parse_tuple_cons(p: Parser, diags: Diagnostics) -> ast.Expression:
    """Parse `[a, b, ...]` or a tuple `for` expression."""
    open_ = p.read()
    p.push_nl(False)
    try:
        if _is_kw(p.peek(), b"for"):
            return finish_for_expr(p, open_, diags)
        exprs: list[ast.Expression] = []
        while True:
            nxt = p.peek()
            if nxt.type is T.CBrack:
                close = p.read()
                break
            n0 = len(diags)
            expr = p.parse_expression_into(diags)
            exprs.append(expr)
            if p.recovery and has_errors_since(diags, n0):
                close = p.recover(T.CBrack)
                break
            nxt = p.peek()
            if nxt.type is T.CBrack:
                close = p.read()
                break
            if nxt.type is not T.Comma:
                if not p.recovery:
                    if nxt.type is T.EOF:
                        diags.append(
                            _err(
                                "Unterminated tuple constructor expression",
                                "There is no corresponding closing bracket before the end of "
                                "the file. This may be caused by incorrect bracket nesting "
                                "elsewhere in this file.",
                                open_.range,
                            )
                        )
                    else:
                        diags.append(
                            _err(
                                "Missing item separator",
                                "Expected a comma to mark the beginning of the next item.",
                                nxt.range,
                                _between(open_.range, nxt.range),
                            )
                        )
                close = p.recover(T.CBrack)
                break
            p.read()
        return ast.TupleCons(tuple(exprs), _between(open_.range, close.range), open_.range)
    finally:
        p.pop_nl()


_UNTERMINATED_OBJ = (
    "There is no corresponding closing brace before the end of the file. This may be caused "
    "by incorrect brace nesting elsewhere in this file."
)


def parse_object_cons(p: Parser, diags: Diagnostics) -> ast.Expression:
    """Parse `{ k = v, ... }` or an object `for` expression."""
    open_ = p.read()
    p.push_nl(False)
    is_for = _is_kw(p.peek(), b"for")
    p.pop_nl()
    if is_for:
        return finish_for_expr(p, open_, diags)
    p.push_nl(True)
    items: list[ast.ObjectConsItem] = []
    try:
        while True:
            nxt = p.peek()
            if nxt.type is T.Newline:
                p.read()
                continue
            if nxt.type is T.CBrace:
                close = p.read()
                break
            force = nxt.type is T.OParen
            n0 = len(diags)
            key = p.parse_expression_into(diags)
            if p.recovery and has_errors_since(diags, n0):
                close = p.recover(T.CBrace)
                break
            key_expr = ast.ObjectConsKeyExpr(key, force)
            nxt = p.peek()
            if nxt.type is not T.Equal and nxt.type is not T.Colon:
                if not p.recovery:
                    ctx = _between(open_.range, nxt.range)
                    if nxt.type is T.Newline or nxt.type is T.Comma:
                        diags.append(
                            _err(
                                "Missing attribute value",
                                'Expected an attribute value, introduced by an equals sign ("=").',
                                nxt.range,
                                ctx,
                            )
                        )
                    elif nxt.type is T.Ident:
                        diags.append(
                            _err(
                                "Missing key/value separator",
                                'Expected an equals sign ("=") to mark the beginning of the '
                                "attribute value. If you intended to given an attribute name "
                                "containing periods or spaces, write the name in quotes to "
                                "create a string literal.",
                                nxt.range,
                                ctx,
                            )
                        )
                    elif nxt.type is T.EOF:
                        diags.append(
                            _err(
                                "Unterminated object constructor expression",
                                _UNTERMINATED_OBJ,
                                open_.range,
                            )
                        )
                    else:
                        diags.append(
                            _err(
                                "Missing key/value separator",
                                'Expected an equals sign ("=") to mark the beginning of the '
                                "attribute value.",
                                nxt.range,
                                ctx,
                            )
                        )
                close = p.recover(T.CBrace)
                break
            p.read()
            n0 = len(diags)
            value = p.parse_expression_into(diags)
            items.append(ast.ObjectConsItem(key_expr, value))
            if p.recovery and has_errors_since(diags, n0):
                close = p.recover(T.CBrace)
                break
            nxt = p.peek()
            if nxt.type is T.CBrace:
                close = p.read()
                break
            if nxt.type is not T.Comma and nxt.type is not T.Newline:
                if not p.recovery:
                    if nxt.type is T.EOF:
                        diags.append(
                            _err(
                                "Unterminated object constructor expression",
                                _UNTERMINATED_OBJ,
                                open_.range,
                            )
                        )
                    else:
                        diags.append(
                            _err(
                                "Missing attribute separator",
                                "Expected a newline or comma to mark the beginning of the next "
                                "attribute.",
                                nxt.range,
                                _between(open_.range, nxt.range),
                            )
                        )
                close = p.recover(T.CBrace)
                break
            p.read()
    finally:
        p.pop_nl()
    return ast.ObjectCons(tuple(items), _between(open_.range, close.range), open_.range)


def _for_err(p: Parser, open_: Token, detail: str) -> Diagnostic:
    nxt = p.peek()
    return _err("Invalid 'for' expression", detail, nxt.range, _between(open_.range, nxt.range))


def finish_for_expr(p: Parser, open_: Token, diags: Diagnostics) -> ast.Expression:
    """Parse a `for` expression after its opening bracket or brace."""
    p.push_nl(False)
    try:
        return _finish_for(p, open_, diags)
    finally:
        p.pop_nl()


def _finish_for(p: Parser, open_: Token, diags: Diagnostics) -> ast.Expression:
    p.read()  # "for"
    make_obj = open_.type is T.OBrace
    close_type = T.CBrace if make_obj else T.CBrack

    def bail(detail: str | None) -> ast.Expression:
        if detail is not None and not p.recovery:
            diags.append(_for_err(p, open_, detail))
        close = p.recover(close_type)
        return ast.LiteralValue(None, _between(open_.range, close.range))

    if p.peek().type is not T.Ident:
        return bail("For expression requires variable name after 'for'.")
    key_name: str | None = None
    val_name = p.read().text.decode("utf-8", "replace")
    if p.peek().type is T.Comma:
        key_name = val_name
        p.read()
        if p.peek().type is not T.Ident:
            return bail("For expression requires value variable name after comma.")
        val_name = p.read().text.decode("utf-8", "replace")
    if not _is_kw(p.peek(), b"in"):
        return bail("For expression requires the 'in' keyword after its name declarations.")
    p.read()
    coll, cdiags = p.parse_expression()
    diags.extend(cdiags)
    if p.recovery and cdiags.has_errors:
        return bail(None)
    if p.peek().type is not T.Colon:
        return bail("For expression requires a colon after the collection expression.")
    p.read()
    key_expr: ast.Expression | None = None
    kdiags = Diagnostics()
    val_expr, vdiags = p.parse_expression()
    if p.peek().type is T.FatArrow:
        p.read()
        key_expr, kdiags = val_expr, vdiags
        val_expr, vdiags = p.parse_expression()
    diags.extend(kdiags)
    diags.extend(vdiags)
    if p.recovery and (kdiags.has_errors or vdiags.has_errors):
        return bail(None)
    group = False
    ellipsis: Token | None = None
    if p.peek().type is T.Ellipsis:
        ellipsis = p.read()
        group = True
    cond: ast.Expression | None = None
    if _is_kw(p.peek(), b"if"):
        p.read()
        cond, ndiags = p.parse_expression()
        diags.extend(ndiags)
        if p.recovery and ndiags.has_errors:
            return bail(None)
    if p.peek().type is close_type:
        close = p.read()
    else:
        if not p.recovery:
            diags.append(
                _for_err(p, open_, "Extra characters after the end of the 'for' expression.")
            )
        close = p.recover(close_type)
    whole = _between(open_.range, close.range)
    if not make_obj:
        if key_expr is not None:
            diags.append(
                _err(
                    "Invalid 'for' expression",
                    "Key expression is not valid when building a tuple.",
                    key_expr.range,
                    whole,
                )
            )
        if group and ellipsis is not None:
            diags.append(
                _err(
                    "Invalid 'for' expression",
                    "Grouping ellipsis (...) cannot be used when building a tuple.",
                    ellipsis.range,
                    whole,
                )
            )
    elif key_expr is None:
        diags.append(
            _err(
                "Invalid 'for' expression",
                "Key expression is required when building an object.",
                val_expr.range,
                whole,
            )
        )
    return ast.ForExpr(
        key_name,
        val_name,
        coll,
        key_expr,
        val_expr,
        cond,
        group,
        whole,
        open_.range,
        close.range,
    )
