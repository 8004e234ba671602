"""Traversal steps after a term: `.attr`, `.0`, `[key]`, `.*` and `[*]` splats.

Split from the parser module for size; behaviour follows Go's
`parseExpressionTraversals`, including the legacy `a.0` index form and the
attribute-only `.*` splat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiln.hcl import ast
from kiln.hcl._fast import between as _between
from kiln.hcl._tt import TT
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.lexer import Token
from kiln.hcl.source import Range

if TYPE_CHECKING:
    from kiln.hcl.parser import Parser

T = TT


def make_relative(expr: ast.Expression, step: ast.Traverser, rng: Range) -> ast.Expression:
    """Append `step` to a traversal expression, or start a relative one."""
    if isinstance(expr, ast.ScopeTraversal):
        return ast.ScopeTraversal((*expr.traversal, step), _between(expr.range, rng))
    if isinstance(expr, ast.RelativeTraversal):
        return ast.RelativeTraversal(
            expr.source, (*expr.traversal, step), _between(expr.range, rng)
        )
    return ast.RelativeTraversal(expr, (step,), _between(expr.range, rng))


def _legacy_index_error(first: bytes, second: bytes, splat: bool, rng: Range) -> Diagnostic:
    f, s = first.decode(), second.decode()
    how = (
        "Use the proper index syntax with a full splat expression [*] instead, like "
        if splat
        else "Use the proper index syntax instead, like "
    )
    return Diagnostic.error(
        "Invalid legacy index syntax",
        "When using the legacy index syntax, chaining two indexes together is not "
        f"permitted. {how}[{f}][{s}].",
        rng,
    )


def parse_traversals(p: Parser, start: ast.Expression, diags: Diagnostics) -> ast.Expression:
    """Parse traversal steps following `start` (Go's parseExpressionTraversals)."""
    ret = start
    while True:
        nxt = p.peek()
        if nxt.type is T.Dot:
            dot = p.read()
            attr = p.peek()
            at = attr.type
            if at is T.Ident:
                attr = p.read()
                rng = _between(dot.range, attr.range)
                ret = make_relative(
                    ret, ast.TraverseAttr(attr.text.decode("utf-8", "replace"), rng), rng
                )
            elif at is T.NumberLit:
                num = p.read()
                rng = _between(dot.range, num.range)
                if b"." in num.text:
                    a, _, b = num.text.partition(b".")
                    diags.append(_legacy_index_error(a, b, False, num.range))
                    ret = make_relative(ret, ast.TraverseIndex(None, rng), rng)
                    continue
                val = p.number_value(num, diags)
                ret = make_relative(ret, ast.TraverseIndex(val, rng), rng)
            elif at is T.Star:
                ret = _attr_splat(p, start, ret, dot, diags)
            else:
                diags.append(
                    Diagnostic.error(
                        "Invalid attribute name",
                        "An attribute name is required after a dot.",
                        attr.range,
                    )
                )
                ret = ast.LiteralValue(None, _between(start.range, dot.range))
                p.recovery = True
        elif nxt.type is T.OBrack:
            open_ = p.read()
            if p.peek().type is T.Star:
                p.read()
                close = p.read()
                if close.type is not T.CBrack and not p.recovery:
                    diags.append(
                        Diagnostic.error(
                            "Missing close bracket on splat index",
                            "The star for a full splat operator must be immediately followed "
                            'by a closing bracket ("]").',
                            close.range,
                        )
                    )
                    close = p.recover(T.CBrack)
                marker = _between(open_.range, close.range)
                item = ast.AnonSymbolExpr(marker)
                each = parse_traversals(p, item, diags)
                ret = ast.SplatExpr(ret, each, item, _between(start.range, each.range), marker)
                continue
            p.push_nl(False)
            key_expr, kdiags = p.parse_expression()
            diags.extend(kdiags)
            if p.recovery and kdiags.has_errors:
                close = p.recover(T.CBrack)
            else:
                close = p.read()
                if close.type is not T.CBrack and not p.recovery:
                    diags.append(
                        Diagnostic.error(
                            "Missing close bracket on index",
                            'The index operator must end with a closing bracket ("]").',
                            close.range,
                        )
                    )
                    close = p.recover(T.CBrack)
            p.pop_nl()
            rng = _between(open_.range, close.range)
            if isinstance(key_expr, ast.LiteralValue):
                ret = make_relative(ret, ast.TraverseIndex(key_expr.value, rng), rng)
            elif isinstance(key_expr, ast.TemplateExpr) and key_expr.is_string_literal():
                lit = key_expr.parts[0]
                assert isinstance(lit, ast.LiteralValue)
                ret = make_relative(ret, ast.TraverseIndex(lit.value, rng), rng)
            else:
                ret = ast.IndexExpr(ret, key_expr, _between(start.range, rng), open_.range, rng)
        else:
            return ret


def _attr_splat(
    p: Parser, start: ast.Expression, ret: ast.Expression, dot: Token, diags: Diagnostics
) -> ast.Expression:
    """The attribute-only splat `.*.a.b`, after its dot has been read."""
    marker = p.read()
    trav: list[ast.Traverser] = []
    first_range = p.peek().range
    last_range = marker.range
    while p.peek().type is T.Dot:
        d = p.read()
        if p.peek().type is T.NumberLit:
            num = p.read()
            if b"." in num.text:
                first, _, second = num.text.partition(b".")
                diags.append(_legacy_index_error(first, second, True, marker.range))
                trav.append(ast.TraverseIndex(None, _between(d.range, num.range)))
                last_range = num.range
                continue
            val = p.number_value(num, diags)
            trav.append(ast.TraverseIndex(val, _between(d.range, num.range)))
            last_range = num.range
            continue
        if p.peek().type is not T.Ident:
            if not p.recovery:
                if p.peek().type is T.Star:
                    diags.append(
                        Diagnostic.error(
                            "Nested splat expression not allowed",
                            "A splat expression (*) cannot be used inside another "
                            "attribute-only splat expression.",
                            p.peek().range,
                        )
                    )
                else:
                    diags.append(
                        Diagnostic.error(
                            "Invalid attribute name",
                            "An attribute name is required after a dot.",
                            marker.range,
                        )
                    )
            p.recovery = True
            break
        a = p.read()
        trav.append(ast.TraverseAttr(a.text.decode("utf-8", "replace"), _between(d.range, a.range)))
        last_range = a.range
    marker_range = _between(dot.range, marker.range)
    item = ast.AnonSymbolExpr(marker_range)
    each: ast.Expression = item
    if trav:
        each = ast.RelativeTraversal(item, tuple(trav), _between(first_range, last_range))
    return ast.SplatExpr(ret, each, item, _between(start.range, last_range), marker_range)
