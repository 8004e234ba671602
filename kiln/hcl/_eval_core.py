"""The expression evaluator's core: the context, the dispatch and simple nodes.

`ev(node, ctx, diags)` evaluates one node, appending problems to `diags` and
returning a value (`DYNAMIC_UNKNOWN` where Go HCL returns `cty.DynamicVal`
after an error). Dispatch is a dict from node class to a function, one per
node kind; function calls live in `_eval_calls`, `for` and splat expressions in
`_eval_iter`. Semantics and diagnostic wording follow Go HCL as shipped with
Packer 1.6.6 (checked against `packer console` goldens).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

from kiln.hcl import ast
from kiln.hcl._eval_ops import get_attr, index, name_suggestion
from kiln.hcl._eval_unify import unify_unsafe_v1
from kiln.hcl.convert import ConversionError, convert
from kiln.hcl.diagnostics import Diagnostic, Diagnostics, Severity
from kiln.hcl.operations import (
    OperationError,
    add,
    and_,
    divide,
    equals,
    greater_than,
    greater_than_or_equal,
    less_than,
    less_than_or_equal,
    modulo,
    multiply,
    negate,
    not_,
    not_equals,
    or_,
    subtract,
)
from kiln.hcl.source import Range
from kiln.hcl.types import BOOL, DYNAMIC, NUMBER, STRING, Type
from kiln.hcl.values import DYNAMIC_UNKNOWN, FALSE, NULL_DYNAMIC, TRUE, Value

if TYPE_CHECKING:
    from kiln.hcl.functions.spec import Function

FunctionSource: TypeAlias = "Mapping[str, Function] | Callable[[str], Function | None]"


class EvalContext:
    """Variables and functions an expression may use, as Go's `hcl.EvalContext`.

    `variables` maps root names (`var`, `local`...) to values; `functions` is
    a name -> Function mapping or a lookup callable such as
    `kiln.hcl.functions.lookup`. A context with `variables=None` (or
    `functions=None`) defers to its parent for them; when no context in the
    chain has any, references give "Variables not allowed" ("Function calls
    not allowed"), exactly as in Go.
    """

    __slots__ = ("_anon", "functions", "parent", "variables")

    def __init__(
        self,
        variables: Mapping[str, Value] | None = None,
        functions: Mapping[str, Function] | Callable[[str], Function | None] | None = None,
        parent: EvalContext | None = None,
    ) -> None:
        self.variables = variables
        self.functions = functions
        self.parent = parent
        # Values bound to splat placeholders (AnonSymbolExpr), by node id.
        self._anon: dict[int, Value] | None = None

    def new_child(
        self,
        variables: Mapping[str, Value] | None = None,
        functions: Mapping[str, Function] | Callable[[str], Function | None] | None = None,
    ) -> EvalContext:
        """A child context whose names shadow this one's (Go's NewChild)."""
        return EvalContext(variables, functions, self)

    def chain(self) -> Iterator[EvalContext]:
        """This context and its ancestors, innermost first."""
        c: EvalContext | None = self
        while c is not None:
            yield c
            c = c.parent

    def variable_names(self) -> set[str]:
        """Every variable name visible from this context."""
        return {name for c in self.chain() if c.variables for name in c.variables}

    def function_names(self) -> set[str]:
        """Every function name visible from this context (when enumerable)."""
        names: set[str] = set()
        for c in self.chain():
            names.update(_enumerate_functions(c.functions))
        return names

    def bind_anon(self, node: ast.AnonSymbolExpr, value: Value) -> None:
        """Bind a splat placeholder to the current element."""
        if self._anon is None:
            self._anon = {}
        self._anon[id(node)] = value

    def anon_value(self, node: ast.AnonSymbolExpr) -> Value:
        """The value bound to a splat placeholder, or an unknown if unbound."""
        key = id(node)
        for c in self.chain():
            if c._anon is not None and key in c._anon:
                return c._anon[key]
        return DYNAMIC_UNKNOWN


def _enumerate_functions(source: object) -> list[str]:
    if source is None:
        return []
    if isinstance(source, Mapping):
        return list(source)
    from kiln.hcl import functions  # noqa: PLC0415 - lazy: functions import evaluator users

    if source is functions.lookup:
        return list(functions.FUNCTIONS)
    return []


# ------------------------------------------------------------------ helpers


def has_errors_since(diags: Diagnostics, start: int) -> bool:
    """True if an error was appended to `diags` at or after index `start`."""
    if len(diags) == start:
        return False
    return any(diags[i].severity is Severity.ERROR for i in range(start, len(diags)))


def error(
    diags: Diagnostics,
    summary: str,
    detail: str,
    subject: Range | None,
    context: Range | None = None,
) -> None:
    """Append an error diagnostic."""
    diags.append(Diagnostic(Severity.ERROR, summary, detail, subject, context))


def literal_value(lit: ast.Literal) -> Value:
    """The value of an AST literal (plain Python data)."""
    if lit is None:
        return NULL_DYNAMIC
    if lit is True:
        return TRUE
    if lit is False:
        return FALSE
    if isinstance(lit, str):
        return Value.string(lit)
    # Building a number value normalises it, which is slow next to a dict
    # lookup, and templates repeat the same few number literals.
    cached = _NUMBERS.get(lit)
    if cached is None:
        if len(_NUMBERS) > 4096:
            _NUMBERS.clear()
        cached = _NUMBERS[lit] = Value.number(lit)
    return cached


_NUMBERS: dict[Decimal, Value] = {}


def start_range(node: Any) -> Range:
    """Go's `Expression.StartRange()`: the part diagnostics point at first."""
    kind = type(node)
    if kind is ast.FunctionCall:
        return node.name_range.join(node.open_paren_range)  # type: ignore[no-any-return]
    if kind is ast.Parentheses:
        return start_range(node.expression)
    if kind is ast.Conditional:
        return start_range(node.condition)
    if kind is ast.BinaryOp:
        return start_range(node.lhs)
    if kind is ast.UnaryOp:
        return node.symbol_range  # type: ignore[no-any-return]
    if kind in (ast.IndexExpr, ast.TupleCons, ast.ObjectCons, ast.ForExpr):
        return node.open_range  # type: ignore[no-any-return]
    if kind is ast.SplatExpr:
        return node.marker_range  # type: ignore[no-any-return]
    if kind is ast.TemplateExpr and node.parts:
        return start_range(node.parts[0])
    if kind is ast.TemplateJoin:
        return start_range(node.tuple)
    if kind is ast.ObjectConsKeyExpr:
        return start_range(node.wrapped)
    return node.range  # type: ignore[no-any-return]


def convert_or_none(value: Value, want: Type) -> tuple[Value | None, str]:
    """`convert`, returning (None, message) instead of raising."""
    try:
        return convert(value, want), ""
    except ConversionError as exc:
        return None, str(exc)


# ------------------------------------------------------------ dispatching

Evaluator: TypeAlias = Callable[[Any, EvalContext | None, Diagnostics], Value]
DISPATCH: dict[type, Evaluator] = {}


def ev(node: ast.Expression, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    """Evaluate one node, appending diagnostics to `diags`."""
    fn = DISPATCH.get(type(node))
    if fn is None:
        error(
            diags,
            "Unsupported expression",
            f"Kiln cannot evaluate a {type(node).__name__} node.",
            getattr(node, "range", None),
        )
        return DYNAMIC_UNKNOWN
    return fn(node, ctx, diags)


def _ev_literal(node: ast.LiteralValue, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    return literal_value(node.value)


def _ev_parens(node: ast.Parentheses, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    return ev(node.expression, ctx, diags)


def _ev_anon(node: ast.AnonSymbolExpr, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    if ctx is None:
        return DYNAMIC_UNKNOWN
    return ctx.anon_value(node)


# ------------------------------------------------------------ traversals


def lookup_root(root: ast.TraverseRoot, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    """The value of a traversal's root name, or an error diagnostic."""
    name = root.name
    any_vars = False
    c = ctx
    while c is not None:
        vars_ = c.variables
        if vars_ is not None:
            any_vars = True
            found = vars_.get(name)
            if found is not None:
                return found
        c = c.parent
    if not any_vars:
        error(diags, "Variables not allowed", "Variables may not be used here.", root.range)
        return DYNAMIC_UNKNOWN
    assert ctx is not None
    suggestion = name_suggestion(name, ctx.variable_names())
    hint = f' Did you mean "{suggestion}"?' if suggestion else ""
    error(diags, "Unknown variable", f'There is no variable named "{name}".{hint}', root.range)
    return DYNAMIC_UNKNOWN


def traverse(val: Value, steps: tuple[ast.Traverser, ...], diags: Diagnostics) -> Value:
    """Apply relative traversal steps to a value (Go's TraverseRel)."""
    for step in steps:
        kind = type(step)
        if kind is ast.TraverseAttr:
            val, step_diags = get_attr(val, step.name, step.range)  # type: ignore[union-attr]
        elif kind is ast.TraverseIndex:
            key = literal_value(step.key)  # type: ignore[union-attr]
            val, step_diags = index(val, key, step.range)
        else:
            error(
                diags,
                "Cannot evaluate traversal pattern",
                "This is a pattern for matching against traversals rather than a concrete "
                "traversal, so it cannot be directly evaluated.",
                step.range,
            )
            return DYNAMIC_UNKNOWN
        if step_diags:
            diags.extend(step_diags)
            return DYNAMIC_UNKNOWN
    return val


def _ev_scope(node: ast.ScopeTraversal, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    trav = node.traversal
    start = len(diags)
    root = lookup_root(trav[0], ctx, diags)  # type: ignore[arg-type]
    if len(diags) > start:
        return DYNAMIC_UNKNOWN
    if len(trav) == 1:
        return root
    return traverse(root, trav[1:], diags)


def _ev_relative(node: ast.RelativeTraversal, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    source = ev(node.source, ctx, diags)
    return traverse(source, node.traversal, diags)


def _ev_index(node: ast.IndexExpr, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    coll = ev(node.collection, ctx, diags)
    key = ev(node.key, ctx, diags)
    val, index_diags = index(coll, key, node.bracket_range)
    if index_diags:
        diags.extend(index_diags)
    return val


# ---------------------------------------------------------- constructors


def _ev_tuple(node: ast.TupleCons, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    return Value.tuple([ev(e, ctx, diags) for e in node.exprs])


def _key_keyword(key: ast.ObjectConsKeyExpr) -> str | None:
    """The literal name of a bare-word key (Go's ExprAsKeyword)."""
    name = key.as_literal_name()
    if name is not None:
        return name
    w = key.wrapped
    if not key.force_non_literal and type(w) is ast.LiteralValue:
        # `null`, `true` and `false` were keywords before the parser made
        # them literals; as keys they are names.
        if w.value is None:
            return "null"
        if w.value is True:
            return "true"
        if w.value is False:
            return "false"
    return None


def _ev_object_key(
    node: ast.ObjectConsKeyExpr, ctx: EvalContext | None, diags: Diagnostics
) -> Value:
    if not node.force_non_literal:
        w = node.wrapped
        if type(w) is ast.ScopeTraversal and len(w.traversal) > 1:
            error(
                diags,
                "Ambiguous attribute key",
                "If this expression is intended to be a reference, wrap it in parentheses. "
                "If it's instead intended as a literal name containing periods, wrap it in "
                "quotes to create a string literal.",
                node.range,
            )
            return DYNAMIC_UNKNOWN
        name = _key_keyword(node)
        if name is not None:
            return Value.string(name)
    return ev(node.wrapped, ctx, diags)


def _ev_object(node: ast.ObjectCons, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    vals: dict[str, Value] = {}
    marks: set[str] = set()
    known = True
    for item in node.items:
        start = len(diags)
        key = _ev_object_key(item.key_expr, ctx, diags)
        key_failed = has_errors_since(diags, start)
        val = ev(item.value_expr, ctx, diags)
        if key_failed:
            known = False
            continue
        if key.is_null:
            error(
                diags,
                "Null value as key",
                "Can't use a null value as a key.",
                item.value_expr.range,
            )
            known = False
            continue
        key, key_marks = key.unmark()
        marks.update(key_marks)
        str_key, problem = convert_or_none(key, STRING)
        if str_key is None:
            error(
                diags,
                "Incorrect key type",
                f"Can't use this value as a key: {problem}.",
                item.key_expr.range,
            )
            known = False
            continue
        if not str_key.is_known:
            known = False
            continue
        vals[str_key.as_str()] = val
    if not known:
        return DYNAMIC_UNKNOWN
    return Value.object(vals).with_marks(marks)


# ------------------------------------------------------------- operators

_BINARY: dict[ast.Operation, tuple[Callable[[Value, Value], Value], Type]] = {
    ast.Operation.LogicalOr: (or_, BOOL),
    ast.Operation.LogicalAnd: (and_, BOOL),
    ast.Operation.Equal: (equals, BOOL),
    ast.Operation.NotEqual: (not_equals, BOOL),
    ast.Operation.GreaterThan: (greater_than, BOOL),
    ast.Operation.GreaterThanOrEqual: (greater_than_or_equal, BOOL),
    ast.Operation.LessThan: (less_than, BOOL),
    ast.Operation.LessThanOrEqual: (less_than_or_equal, BOOL),
    ast.Operation.Add: (add, NUMBER),
    ast.Operation.Subtract: (subtract, NUMBER),
    ast.Operation.Multiply: (multiply, NUMBER),
    ast.Operation.Divide: (divide, NUMBER),
    ast.Operation.Modulo: (modulo, NUMBER),
}

_UNARY: dict[ast.Operation, tuple[Callable[[Value], Value], Type]] = {
    ast.Operation.LogicalNot: (not_, BOOL),
    ast.Operation.Negate: (negate, NUMBER),
}


def _operand_subject(node: ast.BinaryOp, exc: OperationError) -> Range:
    if exc.operand == "left":
        return node.lhs.range
    if exc.operand == "right":
        return node.rhs.range
    return node.range


def _ev_binary(node: ast.BinaryOp, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    impl, result_type = _BINARY[node.op]
    start = len(diags)
    lhs = ev(node.lhs, ctx, diags)
    rhs = ev(node.rhs, ctx, diags)
    if has_errors_since(diags, start):
        return Value.unknown(result_type)
    try:
        return impl(lhs, rhs)
    except OperationError as exc:
        error(diags, exc.summary, exc.detail, _operand_subject(node, exc), node.range)
        if exc.operand == "left":
            # Go converts both operands before giving up, so an unsuitable
            # right operand is reported too: probe it with a stand-in left.
            try:
                impl(DYNAMIC_UNKNOWN, rhs)
            except OperationError as right_exc:
                if right_exc.operand == "right":
                    error(diags, right_exc.summary, right_exc.detail, node.rhs.range, node.range)
        return Value.unknown(result_type)


def _ev_unary(node: ast.UnaryOp, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    impl, result_type = _UNARY[node.op]
    start = len(diags)
    val = ev(node.val, ctx, diags)
    if has_errors_since(diags, start):
        return Value.unknown(result_type)
    try:
        return impl(val)
    except OperationError as exc:
        subject = node.range if exc.operand is None else node.val.range
        error(diags, exc.summary, exc.detail, subject, node.range)
        return Value.unknown(result_type)


# ----------------------------------------------------------- conditional


def _conditional_type(true_val: Value, false_val: Value) -> Type | None:
    # A literal `null` (null of no type) fits the other branch's type, so
    # it does not widen the result to "any".
    if true_val.type is DYNAMIC and true_val.is_null:
        return false_val.type
    if false_val.type is DYNAMIC and false_val.is_null:
        return true_val.type
    return unify_unsafe_v1([true_val.type, false_val.type])


def _ev_conditional(node: ast.Conditional, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    true_diags, false_diags = Diagnostics(), Diagnostics()
    true_val = ev(node.true_result, ctx, true_diags)
    false_val = ev(node.false_result, ctx, false_diags)
    result_type = _conditional_type(true_val, false_val)
    if result_type is None:
        error(
            diags,
            "Inconsistent conditional result types",
            "The true and false result expressions must have consistent types. The given "
            f"expressions are {true_val.type.friendly_name()} and "
            f"{false_val.type.friendly_name()}, respectively.",
            node.true_result.range.join(node.false_result.range),
            node.range,
        )
        return DYNAMIC_UNKNOWN
    cond = ev(node.condition, ctx, diags)
    if cond.is_null:
        error(
            diags,
            "Null condition",
            "The condition value is null. Conditions must either be true or false.",
            node.condition.range,
            node.range,
        )
        return Value.unknown(result_type)
    if not cond.is_known:
        marks = cond.marks | true_val.marks | false_val.marks
        return Value.unknown(result_type).with_marks(marks)
    as_bool, _ = convert_or_none(cond, BOOL)
    if as_bool is None:
        error(
            diags,
            "Incorrect condition type",
            "The condition expression must be of type bool.",
            node.condition.range,
            node.range,
        )
        return Value.unknown(result_type)
    if not as_bool.is_known:
        return Value.unknown(result_type).with_marks(as_bool.marks)
    chosen_true = as_bool.unmark()[0].as_bool()
    which = "true" if chosen_true else "false"
    chosen = true_val if chosen_true else false_val
    diags.extend(true_diags if chosen_true else false_diags)
    branch = node.true_result if chosen_true else node.false_result
    if result_type is not DYNAMIC and chosen.type != result_type:
        converted, problem = convert_or_none(chosen, result_type)
        if converted is None:
            error(
                diags,
                "Inconsistent conditional result types",
                f"The {which} result value has the wrong type: {problem}.",
                branch.range,
                node.range,
            )
            return Value.unknown(result_type)
        chosen = converted
    return chosen.with_marks(as_bool.marks)


# -------------------------------------------------------------- templates


def _ev_template(node: ast.TemplateExpr, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    parts = node.parts
    if len(parts) == 1 and type(parts[0]) is ast.LiteralValue:
        # The common case: a plain quoted string.
        return literal_value(parts[0].value)
    start = len(diags)
    buf: list[str] = []
    marks: set[str] = set()
    known = True
    for part in parts:
        val = ev(part, ctx, diags)
        payload = val.payload
        if val.type is STRING and type(payload) is str and not val.marks:
            # Fast path: a known, unmarked string needs no conversion.
            if known and not has_errors_since(diags, start):
                buf.append(payload)
            continue
        if val.is_null:
            error(
                diags,
                "Invalid template interpolation value",
                "The expression result is null. Cannot include a null value in a string template.",
                part.range,
                node.range,
            )
            continue
        val, part_marks = val.unmark()
        marks.update(part_marks)
        if not val.is_known:
            known = False
            continue
        text, problem = convert_or_none(val, STRING)
        if text is None:
            error(
                diags,
                "Invalid template interpolation value",
                f"Cannot include the given value in a string template: {problem}.",
                part.range,
                node.range,
            )
            continue
        if not text.is_known:
            known = False
            continue
        if known and not has_errors_since(diags, start):
            text, text_marks = text.unmark_deep()
            marks.update(text_marks)
            buf.append(text.as_str())
    if not known:
        return Value.unknown(STRING).with_marks(marks)
    return Value.string("".join(buf)).with_marks(marks)


def _ev_template_wrap(node: ast.TemplateWrap, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    return ev(node.wrapped, ctx, diags)


def _ev_template_join(node: ast.TemplateJoin, ctx: EvalContext | None, diags: Diagnostics) -> Value:
    tup = ev(node.tuple, ctx, diags)
    if tup.type is DYNAMIC or not tup.is_known or tup.is_null:
        return Value.unknown(STRING).with_marks(tup.marks)
    tup, marks_ = tup.unmark()
    marks = set(marks_)
    buf: list[str] = []
    for val in tup.elements():
        if val.is_null:
            error(
                diags,
                "Invalid template interpolation value",
                "An iteration result is null. Cannot include a null value in a string template.",
                node.range,
            )
            continue
        if val.type is DYNAMIC:
            return Value.unknown(STRING).with_marks(marks)
        text, problem = convert_or_none(val, STRING)
        if text is None:
            error(
                diags,
                "Invalid template interpolation value",
                "Cannot include one of the interpolation results into the string template: "
                f"{problem}.",
                node.range,
            )
            continue
        if not text.is_known:
            return Value.unknown(STRING).with_marks(marks)
        text, text_marks = text.unmark_deep()
        marks.update(text_marks)
        buf.append(text.as_str())
    return Value.string("".join(buf)).with_marks(marks)


DISPATCH.update(
    {
        ast.LiteralValue: _ev_literal,
        ast.Parentheses: _ev_parens,
        ast.AnonSymbolExpr: _ev_anon,
        ast.ScopeTraversal: _ev_scope,
        ast.RelativeTraversal: _ev_relative,
        ast.IndexExpr: _ev_index,
        ast.TupleCons: _ev_tuple,
        ast.ObjectCons: _ev_object,
        ast.ObjectConsKeyExpr: _ev_object_key,
        ast.BinaryOp: _ev_binary,
        ast.UnaryOp: _ev_unary,
        ast.Conditional: _ev_conditional,
        ast.TemplateExpr: _ev_template,
        ast.TemplateWrap: _ev_template_wrap,
        ast.TemplateJoin: _ev_template_join,
    }
)

# Registered last: these modules call back into `ev`.
from kiln.hcl import _eval_calls, _eval_iter  # noqa: E402

DISPATCH.update(
    {
        ast.FunctionCall: _eval_calls.ev_call,
        ast.ForExpr: _eval_iter.ev_for,
        ast.SplatExpr: _eval_iter.ev_splat,
    }
)
