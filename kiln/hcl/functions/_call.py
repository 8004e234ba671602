"""The generic part of calling a function: what HCL and cty do around `impl`.

HCL's FunctionCallExpr checks the argument count and converts each argument
to its parameter's type; cty's Function.Call then rejects nulls, handles
unknown and dynamic-typed arguments and strips/re-applies marks. Both are done
here so `Function.call` behaves like a Packer function call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiln.hcl.convert import ConversionError, convert
from kiln.hcl.functions.spec import Function, FunctionError, Parameter
from kiln.hcl.types import DYNAMIC
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.types import Type


def _param_for(fn: Function, index: int) -> Parameter:
    if index < len(fn.params):
        return fn.params[index]
    assert fn.var_param is not None
    return fn.var_param


def _check_count(fn: Function, args: list[Value]) -> None:
    n = len(fn.params)
    if len(args) < n:
        missing = fn.params[len(args)]
        err = FunctionError(
            f'Function "{fn.name}" expects {n} argument(s). Missing value for "{missing.name}".'
        )
        err.summary = "Not enough function arguments"
        raise err
    if len(args) > n and fn.var_param is None:
        err = FunctionError(f'Function "{fn.name}" expects only {n} argument(s).', n)
        err.summary = "Too many function arguments"
        raise err


def _arg_error(fn: Function, index: int, message: str) -> FunctionError:
    err = FunctionError(message, index)
    err.detail = f'Invalid value for "{_param_for(fn, index).name}" parameter: {message}.'
    err.summary = "Invalid function argument"
    return err


def _prepare(fn: Function, args: list[Value]) -> list[Value]:
    """Convert arguments to the parameter types (HCL's step before Call)."""
    _check_count(fn, args)
    out: list[Value] = []
    for i, arg in enumerate(args):
        param = _param_for(fn, i)
        if param.type.is_dynamic() or arg.type == param.type:
            # Already the right type: conversion would be the identity.
            out.append(arg)
            continue
        try:
            out.append(convert(arg, param.type))
        except ConversionError as exc:
            raise _arg_error(fn, i, str(exc)) from None
    return out


def _return_type(fn: Function, args: list[Value]) -> Type:
    for i, arg in enumerate(args):
        param = _param_for(fn, i)
        if arg.is_null and not param.allow_null:
            raise _arg_error(fn, i, "argument must not be null")
        if arg.type.is_dynamic() and not param.allow_dynamic_type:
            # cty: the type function may not cope with an unknown type.
            return DYNAMIC
    if callable(fn.return_type):
        try:
            return fn.return_type(args)
        except FunctionError as exc:
            raise _finish(fn, exc) from None
    return fn.return_type


def _finish(fn: Function, exc: FunctionError) -> FunctionError:
    """Fill in summary/detail the way HCL words a failed call."""
    if exc.summary:
        return exc
    index = exc.arg_index
    if index is not None and (index < len(fn.params) or fn.var_param is not None):
        return _arg_error(fn, index, exc.message)
    exc.summary = "Error in function call"
    exc.detail = f'Call to function "{fn.name}" failed: {exc.message}.'
    return exc


def return_type_for(fn: Function, args: list[Value]) -> Type:
    """The result type of calling `fn` with `args` (cty ReturnTypeForValues)."""
    return _return_type(fn, _prepare(fn, args))


def call(fn: Function, args: list[Value]) -> Value:
    """Call `fn`; see `Function.call`."""
    args = _prepare(fn, args)
    ret_type = _return_type(fn, args)
    marks: set[str] = set()
    plain: list[Value] = []
    for i, given in enumerate(args):
        param = _param_for(fn, i)
        arg = given
        if not param.allow_marked:
            arg, arg_marks = given.unmark_deep()
            marks.update(arg_marks)
        if not arg.is_known and not param.allow_unknown:
            return Value.unknown(ret_type).with_marks(marks)
        plain.append(arg)
    try:
        result = fn.impl(plain)
    except FunctionError as exc:
        raise _finish(fn, exc) from None
    return result.with_marks(marks) if marks else result
