"""templatefile: render a file as an HCL template with the given variables."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kiln.hcl.diagnostics import HCLError
from kiln.hcl.functions.spec import Function, FunctionError, Parameter
from kiln.hcl.types import DYNAMIC, STRING
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable


def _functions(table: FunctionTable) -> Callable[[str], Function | None]:
    """The table's functions, with templatefile replaced by a refusal."""

    def lookup(name: str) -> Function | None:
        if name == "templatefile":
            return _NO_RECURSION
        return table.get(name)

    return lookup


def _refuse(a: list[Value]) -> Value:
    raise FunctionError("cannot recursively call templatefile from inside templatefile call")


def render(table: FunctionTable, path: str, source: str, variables: Value) -> Value:
    """Render `source` (read from `path`) with `variables` (a map or object)."""
    from kiln.hcl._eval_core import EvalContext  # noqa: PLC0415 - evaluator is heavy
    from kiln.hcl.eval import evaluate_template_text  # noqa: PLC0415

    t = variables.type
    if not (t.is_map() or t.is_object()):
        raise FunctionError("invalid vars value: must be a map", 1)
    if not variables.is_wholly_known():
        return _unknown()
    names = dict(variables.items())
    ctx = EvalContext(names, _functions(table))
    value, diags = evaluate_template_text(source, ctx, filename=path)
    if diags.has_errors:
        raise HCLError(diags)
    return value


def _unknown() -> Value:
    return Value.unknown(DYNAMIC)


_NO_RECURSION = Function(
    "templatefile",
    [Parameter("path", STRING), Parameter("vars", DYNAMIC)],
    DYNAMIC,
    _refuse,
)
