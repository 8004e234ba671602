"""HCL functions: can, try (lazy) and convert."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiln.hcl.diagnostics import HCLError
from kiln.hcl.functions._util import param
from kiln.hcl.functions.spec import (
    Function,
    FunctionError,
    LazyFunction,
    Thunk,
    TypeConversionFunction,
)
from kiln.hcl.types import BOOL, DYNAMIC
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable


def _try(thunks: list[Thunk]) -> Value:
    if not thunks:
        raise FunctionError("at least one argument is required")
    problems: list[str] = []
    for thunk in thunks:
        try:
            v = thunk()
        except HCLError as exc:
            for d in exc.diagnostics.errors():
                where = f" (at {d.subject})" if d.subject else ""
                problems.append(f"- {d.summary}{where}\n  {d.detail}")
            continue
        except FunctionError as exc:
            problems.append(f"- {exc.summary or 'Error in function call'}\n  {exc.detail}")
            continue
        if not v.is_wholly_known():
            # HCL's try: an unknown result might still fail once known.
            return Value.unknown(DYNAMIC)
        return v
    raise FunctionError(
        "no expression succeeded:\n"
        + "\n".join(problems)
        + "\n\nAt least one expression must produce a successful result"
    )


def _can(thunks: list[Thunk]) -> Value:
    if len(thunks) != 1:
        raise FunctionError('Function "can" expects 1 argument(s).')
    try:
        v = thunks[0]()
    except (HCLError, FunctionError):
        return Value.bool(False)
    if not v.is_wholly_known():
        return Value.unknown(BOOL)
    return Value.bool(True)


def _convert_without_type(a: list[Value]) -> Value:
    # Only reachable when called with values (not through the evaluator,
    # which reads the type argument's source): there is no type to convert to.
    raise FunctionError("the type argument must be a type expression, like list(string)", 1)


def build(table: FunctionTable) -> dict[str, Function]:
    """The conversion functions."""
    lazy_param = param(
        "expressions",
        DYNAMIC,
        allow_null=True,
        allow_unknown=True,
        allow_dynamic_type=True,
        allow_marked=True,
    )
    return {
        "try": LazyFunction(
            "try", [], DYNAMIC, lambda a: a[0], var_param=lazy_param, lazy_impl=_try
        ),
        "can": LazyFunction(
            "can",
            [
                param(
                    "expression",
                    DYNAMIC,
                    allow_null=True,
                    allow_unknown=True,
                    allow_dynamic_type=True,
                    allow_marked=True,
                )
            ],
            BOOL,
            lambda a: a[0],
            lazy_impl=_can,
        ),
        "convert": TypeConversionFunction(
            "convert",
            [
                param("value", DYNAMIC, allow_null=True, allow_marked=True),
                param("type", DYNAMIC, allow_dynamic_type=True),
            ],
            DYNAMIC,
            _convert_without_type,
        ),
    }
