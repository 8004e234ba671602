"""Evaluating function calls, as Go HCL's `FunctionCallExpr.Value`.

The evaluator does HCL's part of a call itself (finding the function, the
`...` expansion, argument counts and conversions, each with its diagnostic
positioned on the right piece of source) and hands the converted arguments
to `Function.call`. Lazy functions (`try`, `can`) get one thunk per argument
instead of values, so an argument that fails is theirs to handle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from kiln.hcl import _eval_core as core
from kiln.hcl import ast
from kiln.hcl._eval_ops import name_suggestion
from kiln.hcl.diagnostics import Diagnostics, HCLError
from kiln.hcl.functions.spec import FunctionError, LazyFunction, TypeConversionFunction
from kiln.hcl.source import Range
from kiln.hcl.types import DYNAMIC
from kiln.hcl.values import DYNAMIC_UNKNOWN, Value

if TYPE_CHECKING:
    from kiln.hcl.functions.spec import Function, Parameter, Thunk

# An argument: its expression (for positions) and, for arguments that came
# from expanding a `...` value, the value already computed.
_Arg = tuple[ast.Expression, Value | None]


def _find_function(name: str, ctx: core.EvalContext | None) -> tuple[Function | None, bool]:
    """The function and whether any context in the chain offers functions."""
    any_funcs = False
    c = ctx
    while c is not None:
        source = c.functions
        if source is not None:
            any_funcs = True
            fn = _get(source, name)
            if fn is not None:
                return fn, True
        c = c.parent
    return None, any_funcs


def _get(source: Mapping[str, Function] | Callable[[str], Function | None], name: str) -> Any:
    if isinstance(source, Mapping):
        return source.get(name)
    return source(name)


def _unknown_function(
    node: ast.FunctionCall, ctx: core.EvalContext | None, diags: Diagnostics, any_funcs: bool
) -> Value:
    if not any_funcs:
        core.error(
            diags, "Function calls not allowed", "Functions may not be called here.", node.range
        )
        return DYNAMIC_UNKNOWN
    assert ctx is not None
    suggestion = name_suggestion(node.name, ctx.function_names())
    hint = f' Did you mean "{suggestion}"?' if suggestion else ""
    core.error(
        diags,
        "Call to unknown function",
        f'There is no function named "{node.name}".{hint}',
        node.name_range,
        node.range,
    )
    return DYNAMIC_UNKNOWN


def _expand_final(
    node: ast.FunctionCall, ctx: core.EvalContext | None, diags: Diagnostics
) -> list[_Arg] | None:
    """The argument list with the last argument's elements spread out.

    None means the call cannot go ahead (an error, or an unknown sequence).
    """
    last = node.args[-1]
    start = len(diags)
    val = core.ev(last, ctx, diags)
    if core.has_errors_since(diags, start):
        return None
    ty = val.type
    if not (ty is DYNAMIC or ty.is_tuple() or ty.is_list() or ty.is_set()):
        core.error(
            diags,
            "Invalid expanding argument value",
            "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
            last.range,
            node.range,
        )
        return None
    if val.is_null:
        core.error(
            diags,
            "Invalid expanding argument value",
            "The expanding argument (indicated by ...) must not be null.",
            last.range,
            node.range,
        )
        return None
    if ty is DYNAMIC or not val.is_known:
        return None
    val, marks = val.unmark()
    args: list[_Arg] = [(a, None) for a in node.args[:-1]]
    args.extend((last, e.with_marks(marks)) for e in val.elements())
    return args


def _check_count(
    node: ast.FunctionCall, fn: Function, args: list[_Arg], diags: Diagnostics
) -> bool:
    params = fn.params
    if len(args) < len(params):
        qual = " at least" if fn.var_param is not None else ""
        core.error(
            diags,
            "Not enough function arguments",
            f'Function "{node.name}" expects{qual} {len(params)} argument(s). '
            f'Missing value for "{params[len(args)].name}".',
            node.close_paren_range,
            node.range,
        )
        return False
    if fn.var_param is None and len(args) > len(params):
        core.error(
            diags,
            "Too many function arguments",
            f'Function "{node.name}" expects only {len(params)} argument(s).',
            _arg_start(args[len(params)]),
            node.range,
        )
        return False
    return True


def _arg_start(arg: _Arg) -> Range:
    """Where a diagnostic about one argument points (Go's arg StartRange).

    Arguments spread out of a `...` value were literal expressions spanning
    the whole expanded expression in Go, so they point at all of it.
    """
    expr, given = arg
    return expr.range if given is not None else core.start_range(expr)


def _param(fn: Function, i: int) -> Parameter | None:
    if i < len(fn.params):
        return fn.params[i]
    return fn.var_param


def _convert_args(
    node: ast.FunctionCall,
    fn: Function,
    args: list[_Arg],
    ctx: core.EvalContext | None,
    diags: Diagnostics,
) -> list[Value]:
    values: list[Value] = []
    for i, arg in enumerate(args):
        expr, given = arg
        val = core.ev(expr, ctx, diags) if given is None else given
        param = _param(fn, i)
        if param is not None and param.type is not DYNAMIC:
            converted, problem = core.convert_or_none(val, param.type)
            if converted is None:
                core.error(
                    diags,
                    "Invalid function argument",
                    f'Invalid value for "{param.name}" parameter: {problem}.',
                    _arg_start(arg),
                    node.range,
                )
                converted = DYNAMIC_UNKNOWN
            val = converted
        values.append(val)
    return values


def _thunk(expr: ast.Expression, given: Value | None, ctx: core.EvalContext | None) -> Thunk:
    def run() -> Value:
        if given is not None:
            return given
        diags = Diagnostics()
        val = core.ev(expr, ctx, diags)
        if diags.has_errors:
            raise HCLError(diags)
        return val

    return run


def _report_failure(
    node: ast.FunctionCall,
    fn: Function,
    args: list[_Arg],
    exc: FunctionError,
    diags: Diagnostics,
) -> None:
    i = exc.arg_index
    summary = exc.summary or "Error in function call"
    detail = exc.detail if exc.summary else f'Call to function "{node.name}" failed: {exc}.'
    if i is not None and _param(fn, i) is not None:
        if i < len(args):
            subject = _arg_start(args[i])
            core.error(diags, summary, detail, subject, node.range)
        else:
            core.error(diags, summary, detail, node.range)
        return
    core.error(diags, summary, detail, core.start_range(node), node.range)


def _call_with_type(
    fn: TypeConversionFunction,
    args: list[_Arg],
    ctx: core.EvalContext | None,
    diags: Diagnostics,
) -> Value:
    """`convert(value, type)`: the type argument is read as a type constraint."""
    from kiln.hcl.typeexpr import type_constraint  # noqa: PLC0415 - typeexpr imports the evaluator

    (value_expr, given), (type_expr, _) = args
    value = given if given is not None else core.ev(value_expr, ctx, diags)
    want, _defaults, type_diags = type_constraint(type_expr)
    diags.extend(type_diags)
    if type_diags.has_errors:
        return DYNAMIC_UNKNOWN
    return fn.call_with_type(value, want)


def ev_call(node: ast.FunctionCall, ctx: core.EvalContext | None, diags: Diagnostics) -> Value:
    """Evaluate a function call."""
    fn, any_funcs = _find_function(node.name, ctx)
    if fn is None:
        return _unknown_function(node, ctx, diags, any_funcs)
    args: list[_Arg] | None = [(a, None) for a in node.args]
    if node.expand_final and node.args:
        args = _expand_final(node, ctx, diags)
        if args is None:
            return DYNAMIC_UNKNOWN
    assert args is not None
    if not _check_count(node, fn, args, diags):
        return DYNAMIC_UNKNOWN
    try:
        if isinstance(fn, LazyFunction):
            return fn.call_lazy([_thunk(expr, given, ctx) for expr, given in args])
        if isinstance(fn, TypeConversionFunction):
            return _call_with_type(fn, args, ctx, diags)
        start = len(diags)
        values = _convert_args(node, fn, args, ctx, diags)
        if core.has_errors_since(diags, start):
            return DYNAMIC_UNKNOWN
        return fn.call(values)
    except FunctionError as exc:
        _report_failure(node, fn, args, exc, diags)
    except HCLError as exc:
        # A lazy function let an argument's own errors escape.
        diags.extend(exc.diagnostics)
    except Exception as exc:  # a library bug must not crash evaluation
        core.error(
            diags,
            "Error in function call",
            f'Call to function "{node.name}" failed: {type(exc).__name__}: {exc}.',
            core.start_range(node),
            node.range,
        )
    return DYNAMIC_UNKNOWN
