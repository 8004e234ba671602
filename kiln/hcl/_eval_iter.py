"""Evaluating `for` expressions and splats, as Go HCL's ForExpr and SplatExpr."""

from __future__ import annotations

from collections.abc import Iterator

from kiln.hcl import _eval_core as core
from kiln.hcl import ast
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.types import BOOL, DYNAMIC, STRING, ListType, TupleType, Type
from kiln.hcl.values import DYNAMIC_UNKNOWN, EMPTY_TUPLE, Value

# ------------------------------------------------------------------ for


def _elements(coll: Value) -> Iterator[tuple[Value, Value]]:
    """(key, value) pairs as cty's ElementIterator gives them."""
    ty = coll.type
    if ty.is_map() or ty.is_object():
        for k, v in coll.items():
            yield Value.string(k), v
    elif ty.is_set():
        # A set element is its own key.
        for v in coll.elements():
            yield v, v
    else:
        for i, v in enumerate(coll.elements()):
            yield Value.number(i), v


def _can_iterate(ty: Type) -> bool:
    return ty.is_collection() or ty.is_tuple() or ty.is_object()


def _child(
    node: ast.ForExpr, ctx: core.EvalContext | None, key: Value, val: Value
) -> core.EvalContext:
    names = {node.value_var: val}
    if node.key_var is not None:
        names[node.key_var] = key
    return core.EvalContext(names, None, ctx)


def _precheck_condition(
    node: ast.ForExpr, cond: ast.Expression, ctx: core.EvalContext | None, diags: Diagnostics
) -> bool:
    """Go's early check of the `if` clause with unknown iteration values.

    It catches conditions that are wrong whatever the element (null, not a
    bool) once, rather than once per element. False means stop.
    """
    start = len(diags)
    result = core.ev(cond, _child(node, ctx, DYNAMIC_UNKNOWN, DYNAMIC_UNKNOWN), diags)
    if result.is_null:
        core.error(
            diags,
            "Condition is null",
            "The value of the 'if' clause must not be null.",
            cond.range,
            node.range,
        )
        return False
    converted, problem = core.convert_or_none(result, BOOL)
    if converted is None:
        core.error(
            diags,
            "Invalid 'for' condition",
            f"The 'if' clause value is invalid: {problem}.",
            cond.range,
            node.range,
        )
        return False
    return not core.has_errors_since(diags, start)


def _clause_value(
    node: ast.ForExpr,
    expr: ast.Expression,
    child: core.EvalContext,
    diags: Diagnostics,
    state: _ForState,
    *,
    want: Type,
    messages: tuple[str, str, str],
) -> Value | None:
    """`expr` evaluated for one element and converted to `want`, its marks moved
    onto the result; None when the element cannot be used (error or unknown).

    `messages` is (summary, detail for null, detail for a wrong type with `{}`
    for the conversion problem).
    """
    summary, null_detail, invalid_detail = messages
    raw = core.ev(expr, child, diags)
    if raw.is_null:
        state.fail(diags, summary, null_detail, node, expr)
        return None
    if not raw.is_known:
        state.known = False
        return None
    converted, problem = core.convert_or_none(raw, want)
    if converted is None:
        state.fail(diags, summary, invalid_detail.format(problem), node, expr)
        return None
    if not converted.is_known:
        state.known = False
        return None
    plain, marks = converted.unmark()
    state.marks.update(marks)
    return plain


_CONDITION_MESSAGES = (
    "Invalid 'for' condition",
    "The value of the 'if' clause must not be null.",
    "The 'if' clause value is invalid: {}.",
)
_KEY_MESSAGES = (
    "Invalid object key",
    "Key expression in 'for' expression must not produce a null value.",
    "The key expression produced an invalid result: {}.",
)


def _include(
    node: ast.ForExpr,
    cond: ast.Expression,
    child: core.EvalContext,
    diags: Diagnostics,
    state: _ForState,
) -> bool | None:
    """Whether the `if` clause keeps this element; None when it cannot tell."""
    value = _clause_value(node, cond, child, diags, state, want=BOOL, messages=_CONDITION_MESSAGES)
    return None if value is None else value.as_bool()


class _ForState:
    """What a `for` evaluation accumulates across elements."""

    __slots__ = ("known", "marks")

    def __init__(self, marks: frozenset[str]) -> None:
        self.known = True
        self.marks: set[str] = set(marks)

    def fail(
        self,
        diags: Diagnostics,
        summary: str,
        detail: str,
        node: ast.ForExpr,
        subject: ast.Expression,
    ) -> None:
        # Go reports per-element problems only until the result is known to
        # be unknown, so one bad clause does not repeat for every element.
        if self.known:
            core.error(diags, summary, detail, subject.range, node.range)
        self.known = False


def ev_for(node: ast.ForExpr, ctx: core.EvalContext | None, diags: Diagnostics) -> Value:
    """Evaluate a `for` expression."""
    coll = core.ev(node.coll, ctx, diags)
    if coll.is_null:
        core.error(
            diags,
            "Iteration over null value",
            "A null value cannot be used as the collection in a 'for' expression.",
            node.coll.range,
            node.range,
        )
        return DYNAMIC_UNKNOWN
    if coll.type is DYNAMIC:
        return DYNAMIC_UNKNOWN
    coll, coll_marks = coll.unmark()
    if not _can_iterate(coll.type):
        core.error(
            diags,
            "Iteration over non-iterable value",
            f"A value of type {coll.type.friendly_name()} cannot be used as the collection "
            "in a 'for' expression.",
            node.coll.range,
            node.range,
        )
        return DYNAMIC_UNKNOWN
    if not coll.is_known:
        return DYNAMIC_UNKNOWN
    if node.cond is not None and not _precheck_condition(node, node.cond, ctx, diags):
        return DYNAMIC_UNKNOWN
    state = _ForState(coll_marks)
    if node.key_expr is None:
        result = _for_tuple(node, coll, ctx, diags, state)
    else:
        result = _for_object(node, coll, ctx, diags, state)
    if not state.known or result is None:
        return DYNAMIC_UNKNOWN
    return result.with_marks(state.marks)


def _for_tuple(
    node: ast.ForExpr,
    coll: Value,
    ctx: core.EvalContext | None,
    diags: Diagnostics,
    state: _ForState,
) -> Value | None:
    vals: list[Value] = []
    for key, elem in _elements(coll):
        child = _child(node, ctx, key, elem)
        if node.cond is not None and not _include(node, node.cond, child, diags, state):
            continue
        vals.append(core.ev(node.value_expr, child, diags))
    return Value.tuple(vals)


def _object_key(
    node: ast.ForExpr,
    key_expr: ast.Expression,
    child: core.EvalContext,
    diags: Diagnostics,
    state: _ForState,
) -> str | None:
    value = _clause_value(node, key_expr, child, diags, state, want=STRING, messages=_KEY_MESSAGES)
    return None if value is None else value.as_str()


def _for_object(
    node: ast.ForExpr,
    coll: Value,
    ctx: core.EvalContext | None,
    diags: Diagnostics,
    state: _ForState,
) -> Value | None:
    key_expr = node.key_expr
    assert key_expr is not None
    vals: dict[str, Value] = {}
    groups: dict[str, list[Value]] = {}
    for key, elem in _elements(coll):
        child = _child(node, ctx, key, elem)
        if node.cond is not None and not _include(node, node.cond, child, diags, state):
            continue
        name = _object_key(node, key_expr, child, diags, state)
        if name is None:
            continue
        val = core.ev(node.value_expr, child, diags)
        if node.group:
            groups.setdefault(name, []).append(val)
        elif name in vals:
            core.error(
                diags,
                "Duplicate object key",
                f"Two different items produced the key \"{name}\" in this 'for' expression. "
                "If duplicates are expected, use the ellipsis (...) after the value "
                "expression to enable grouping by key.",
                key_expr.range,
                node.range,
            )
        else:
            vals[name] = val
    if node.group:
        return Value.object({k: Value.tuple(v) for k, v in groups.items()})
    return Value.object(vals)


# ---------------------------------------------------------------- splat


def _splat_result_type(
    node: ast.SplatExpr, source_ty: Type, ctx: core.EvalContext | None, diags: Diagnostics
) -> Type:
    """The type the splat would produce, found by evaluating `each` on unknowns."""
    child = core.EvalContext(None, None, ctx)
    if source_ty.is_list() or source_ty.is_set():
        child.bind_anon(node.item, Value.unknown(source_ty.element_type()))
        return ListType(core.ev(node.each, child, diags).type)
    if isinstance(source_ty, TupleType):
        types: list[Type] = []
        for ety in source_ty.elements:
            child.bind_anon(node.item, Value.unknown(ety))
            types.append(core.ev(node.each, child, diags).type)
        return TupleType(types)
    return DYNAMIC


def ev_splat(node: ast.SplatExpr, ctx: core.EvalContext | None, diags: Diagnostics) -> Value:
    """Evaluate a splat (`source[*].each` or `source.*.each`)."""
    start = len(diags)
    source = core.ev(node.source, ctx, diags)
    if core.has_errors_since(diags, start):
        return DYNAMIC_UNKNOWN
    ty = source.type
    if ty is DYNAMIC:
        # Packer 1.6.6's HCL defers before looking at nulls, so even a
        # `null` literal splats to an unknown rather than to [].
        return DYNAMIC_UNKNOWN
    sequence = ty.is_tuple() or ty.is_list() or ty.is_set()
    if source.is_null:
        if not sequence:
            # A null single value splats to no elements at all.
            return EMPTY_TUPLE
        core.error(
            diags,
            "Splat of null value",
            "Splat expressions (with the * symbol) cannot be applied to null sequences.",
            node.source.range,
            node.source.range.join(node.marker_range),
        )
        return DYNAMIC_UNKNOWN
    upgraded_unknown = False
    if not sequence:
        # Any other single value acts as a one-element tuple. An unknown one
        # might yet turn out null (no elements), so the result stays unknown;
        # `each` is still evaluated to report bad attribute names.
        upgraded_unknown = not source.is_known
        source = Value.tuple([source])
        ty = source.type
    if not source.is_known:
        return Value.unknown(_splat_result_type(node, ty, ctx, diags)).with_marks(source.marks)
    source, marks = source.unmark()
    child = core.EvalContext(None, None, ctx)
    vals: list[Value] = []
    known = True
    for elem in source.elements():
        child.bind_anon(node.item, elem)
        before = len(diags)
        vals.append(core.ev(node.each, child, diags))
        if core.has_errors_since(diags, before):
            known = False
    if upgraded_unknown:
        return DYNAMIC_UNKNOWN
    if not known:
        return Value.unknown(_splat_result_type(node, ty, ctx, Diagnostics()))
    if ty.is_list() or ty.is_set():
        return _splat_list(node, ty, vals, ctx, diags).with_marks(marks)
    return Value.tuple(vals).with_marks(marks)


def _splat_list(
    node: ast.SplatExpr,
    ty: Type,
    vals: list[Value],
    ctx: core.EvalContext | None,
    diags: Diagnostics,
) -> Value:
    if not vals:
        result_ty = _splat_result_type(node, ty, ctx, diags)
        return Value.list([], result_ty.element_type())
    first = vals[0].type
    if all(v.type == first for v in vals):
        return Value.list(vals)
    # Elements of one list can still produce results of different types
    # (e.g. through a `DYNAMIC`-typed element); cty would panic, so fall back
    # to a tuple rather than fail.
    return Value.tuple(vals)
