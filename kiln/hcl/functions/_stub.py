"""Placeholder functions for names whose implementation is not written yet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiln.hcl.functions.spec import Function, FunctionError, Parameter
from kiln.hcl.types import DYNAMIC

if TYPE_CHECKING:
    from kiln.hcl.values import Value


def stub(name: str) -> Function:
    """A function that always fails with a clear "not implemented" error."""

    def impl(args: list[Value]) -> Value:
        raise FunctionError(f"the {name} function is not implemented yet by Kiln")

    return Function(
        name,
        [],
        DYNAMIC,
        impl,
        var_param=Parameter("args", DYNAMIC, allow_null=True, allow_unknown=True),
    )
