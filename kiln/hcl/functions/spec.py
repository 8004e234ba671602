"""Function specifications, modelled on go-cty's `function.Spec`.

A `Function` declares its parameters and return type and supplies an `impl`
that works on already-converted, known, non-null, unmarked arguments. The
generic `Function.call` does what cty's `Function.Call` does around it:
argument-count checks, conversion to the parameter types, unknown
short-circuiting, null rejection and mark (sensitive) propagation.

`try` and `can` need their arguments unevaluated: they are `LazyFunction`s,
which the evaluator calls with `call_lazy(thunks)` where each thunk evaluates
one argument expression (raising `kiln.hcl.diagnostics.HCLError` on failure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiln.hcl.types import Type
    from kiln.hcl.values import Value

__all__ = [
    "Function",
    "FunctionError",
    "LazyFunction",
    "Parameter",
    "Thunk",
    "TypeConversionFunction",
]


class FunctionError(Exception):
    """A function call failed.

    Implementations raise it with cty's bare error text as `message` (e.g.
    `string required`) and, for cty's `function.ArgError`, the zero-based
    `arg_index` of the offending argument. `Function.call` then fills in the
    diagnostic HCL would print: `summary` ("Invalid function argument", "Error
    in function call", "Not enough function arguments"...) and `detail` (e.g.
    `Invalid value for "str" parameter: string required.` or `Call to function
    "format" failed: ...`). When `arg_index` is set the evaluator should make
    that argument expression the diagnostic's subject.
    """

    def __init__(self, message: str, arg_index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.arg_index = arg_index
        self.summary = ""
        self.detail = message

    def __str__(self) -> str:
        return f"{self.summary}: {self.detail}" if self.summary else self.detail


@dataclass(frozen=True, slots=True)
class Parameter:
    """One declared parameter, as cty's `function.Parameter`.

    The `allow_*` flags opt out of `Function.call`'s generic handling:
    `allow_null` lets a null through to `impl`, `allow_unknown` lets unknown
    values through (otherwise the call short-circuits to an unknown result),
    `allow_dynamic_type` lets a value of not-yet-known type through, and
    `allow_marked` hands marked values to `impl` unchanged (otherwise marks are
    stripped before and re-applied to the result).
    """

    name: str
    type: Type
    allow_null: bool = False
    allow_unknown: bool = False
    allow_dynamic_type: bool = False
    allow_marked: bool = False


Impl = Callable[[list["Value"]], "Value"]


@dataclass(eq=False)
class Function:
    """A callable HCL function; see the module docstring for `call`'s rules."""

    name: str
    params: list[Parameter]
    # Either fixed, or computed from the converted arguments like cty's
    # TypeFunc, which gets values (possibly unknown) rather than bare types
    # because some functions (jsondecode, lookup, convert...) type their result
    # from argument values.
    return_type: Type | Callable[[list[Value]], Type]
    impl: Impl
    var_param: Parameter | None = None
    description: str = ""
    # Functions such as timestamp() and uuidv4() give a different answer each
    # call; the evaluator may treat them as impure (e.g. during validation).
    impure: bool = False
    lazy: bool = field(default=False, init=False)

    def return_type_for(self, args: Sequence[Value]) -> Type:
        """The result type for these arguments (converted as `call` would)."""
        from kiln.hcl.functions import _call  # noqa: PLC0415 (circular: _call uses spec)

        return _call.return_type_for(self, list(args))

    def call(self, args: Sequence[Value]) -> Value:
        """Call the function with evaluated arguments; raises `FunctionError`."""
        from kiln.hcl.functions import _call  # noqa: PLC0415 (circular: _call uses spec)

        return _call.call(self, list(args))


# A thunk evaluates one unevaluated argument expression. It raises
# kiln.hcl.diagnostics.HCLError when the expression has errors.
Thunk = Callable[[], "Value"]


@dataclass(eq=False)
class LazyFunction(Function):
    """A function whose arguments must not be evaluated up front (try, can).

    The evaluator checks `lazy` and calls `call_lazy` with one thunk per
    argument instead of `call`. `lazy_impl` receives the thunks and decides
    which to run and how to treat their errors.
    """

    lazy_impl: Callable[[list[Thunk]], Value] | None = None

    def __post_init__(self) -> None:
        self.lazy = True

    def call_lazy(self, thunks: Sequence[Thunk]) -> Value:
        """Call with unevaluated arguments; raises `FunctionError`."""
        if self.lazy_impl is None:
            raise FunctionError(f"function {self.name!r} has no lazy implementation")
        return self.lazy_impl(list(thunks))

    def call(self, args: Sequence[Value]) -> Value:
        """Call with already-evaluated arguments (each wrapped as a thunk)."""
        return self.call_lazy([_const_thunk(v) for v in args])


def _const_thunk(value: Value) -> Thunk:
    return lambda: value


class TypeConversionFunction(Function):
    """`convert(value, type)`: the second argument is a type expression.

    The evaluator recognises this kind, reads the second argument's source as
    a type constraint (as HCL's typeexpr does) instead of evaluating it, and
    calls `call_with_type`.
    """

    def call_with_type(self, value: Value, want: Type) -> Value:
        """Convert `value` to `want`; raises `FunctionError` on the value argument."""
        from kiln.hcl.convert import ConversionError, convert  # noqa: PLC0415 - keep import light

        try:
            return convert(value, want)
        except ConversionError as problem:
            error = FunctionError(str(problem), arg_index=0)
            error.summary = "Invalid function argument"
            error.detail = f'Invalid value for "value" parameter: {problem}.'
            raise error from problem
