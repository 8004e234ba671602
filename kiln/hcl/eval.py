"""Evaluating HCL expressions to values, as Go HCL's `Expression.Value`.

```python
ctx = EvalContext({"local": Value.object({"x": Value.number(1)})}, functions.lookup)
value, diags = evaluate(expr, ctx)
```

`evaluate` never raises for problems in the expression: they come back as
diagnostics positioned on the sub-expression at fault, with Go HCL's wording,
and the value is then an unknown (Go's `cty.DynamicVal`) where Go's would be.
Unknown values flow through every operation without errors and marks (such as
"sensitive") carry from operands to results.

`variables_referenced` lists the traversals an expression reads from its
context (Go's `Expression.Variables()`), for dependency ordering.

`register_expression` lets code outside `kiln.hcl` add expression node
kinds of its own (as Go HCL's extensions implement `hcl.Expression`).
"""

from __future__ import annotations

from kiln.hcl import ast
from kiln.hcl._eval_core import DISPATCH, EvalContext, Evaluator, ev
from kiln.hcl._eval_json import evaluate_json, json_templates
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.json_syntax import JSONExpression
from kiln.hcl.source import Pos
from kiln.hcl.values import DYNAMIC_UNKNOWN, Value

__all__ = [
    "EvalContext",
    "Evaluator",
    "Traversal",
    "evaluate",
    "evaluate_expression_text",
    "evaluate_template_text",
    "register_expression",
    "variables_referenced",
]

Traversal = tuple[ast.Traverser, ...]
"""An absolute traversal: a `TraverseRoot` then attribute/index steps."""


def evaluate(
    expr: ast.Expression | JSONExpression, ctx: EvalContext | None = None
) -> tuple[Value, Diagnostics]:
    """The value of `expr` in `ctx`, and the diagnostics evaluation produced.

    `expr` may come from either syntax: a native-syntax AST node or the
    `JSONExpression` of an attribute read from a JSON file.
    """
    diags = Diagnostics()
    if isinstance(expr, JSONExpression):
        return evaluate_json(expr, ctx, diags), diags
    return ev(expr, ctx, diags), diags


def register_expression(kind: type, evaluator: Evaluator) -> None:
    """Evaluate nodes of class `kind` with `evaluator(node, ctx, diags)`, which
    appends its problems to `diags` and returns the node's value."""
    DISPATCH[kind] = evaluator


def evaluate_expression_text(
    text: str, ctx: EvalContext | None = None, filename: str = "<expr>"
) -> tuple[Value, Diagnostics]:
    """Parse `text` as one expression and evaluate it.

    Parse errors are returned without evaluating (the value is then an
    unknown of any type).
    """
    from kiln.hcl.parser import parse_expression  # noqa: PLC0415 - parser imports are heavy

    expr, diags = parse_expression(text.encode("utf-8"), filename, Pos(1, 1, 0))
    return _evaluate_parsed(expr, diags, ctx)


def evaluate_template_text(
    text: str, ctx: EvalContext | None = None, filename: str = "<template>"
) -> tuple[Value, Diagnostics]:
    """Parse `text` as a bare template (as `templatefile` reads files) and render it.

    The result is whatever the template yields: a string, or, for a template
    that is a single interpolation like `${x}`, x's value unconverted (Go's
    TemplateWrap behaviour). Parse errors are returned without evaluating.
    """
    from kiln.hcl.parser import parse_template  # noqa: PLC0415 - parser imports are heavy

    expr, diags = parse_template(text.encode("utf-8"), filename, Pos(1, 1, 0))
    return _evaluate_parsed(expr, diags, ctx)


def _evaluate_parsed(
    expr: ast.Expression | None, diags: Diagnostics, ctx: EvalContext | None
) -> tuple[Value, Diagnostics]:
    if expr is None or diags.has_errors:
        return DYNAMIC_UNKNOWN, diags
    value, eval_diags = evaluate(expr, ctx)
    diags.extend(eval_diags)
    return value, diags


def variables_referenced(expr: ast.Expression | JSONExpression) -> list[Traversal]:
    """Every root traversal `expr` reads from its context, in source order.

    Names bound by enclosing `for` expressions are excluded, as are bare-word
    object keys (`{ name = ... }`), exactly as Go's `Variables()`. For a JSON
    expression, the traversals of the templates in its strings.
    """
    found: list[Traversal] = []
    if isinstance(expr, JSONExpression):
        for string in json_templates(expr.value):
            template, _ = JSONExpression(string).template()
            if template is not None:
                _collect(template, frozenset(), found)
        return found
    _collect(expr, frozenset(), found)
    return found


def _collect(node: object, local: frozenset[str], found: list[Traversal]) -> None:
    kind = type(node)
    if kind is ast.ScopeTraversal:
        trav: Traversal = node.traversal  # type: ignore[attr-defined]
        root = trav[0]
        if not (isinstance(root, ast.TraverseRoot) and root.name in local):
            found.append(trav)
        return
    if kind is ast.ForExpr:
        _collect_for(node, local, found)  # type: ignore[arg-type]
        return
    if kind is ast.ObjectConsKeyExpr:
        if _is_literal_key(node):  # type: ignore[arg-type]
            return
        _collect(node.wrapped, local, found)  # type: ignore[attr-defined]
        return
    for child in ast.children(node):  # type: ignore[arg-type]
        if isinstance(child, ast.ObjectConsItem):
            _collect(child.key_expr, local, found)
            _collect(child.value_expr, local, found)
        else:
            _collect(child, local, found)


def _is_literal_key(key: ast.ObjectConsKeyExpr) -> bool:
    if key.force_non_literal:
        return False
    if key.as_literal_name() is not None:
        return True
    w = key.wrapped
    return type(w) is ast.LiteralValue and (w.value is None or isinstance(w.value, bool))


def _collect_for(node: ast.ForExpr, local: frozenset[str], found: list[Traversal]) -> None:
    _collect(node.coll, local, found)
    names = {node.value_var}
    if node.key_var is not None:
        names.add(node.key_var)
    inner = local | names
    if node.key_expr is not None:
        _collect(node.key_expr, inner, found)
    _collect(node.value_expr, inner, found)
    if node.cond is not None:
        _collect(node.cond, inner, found)
