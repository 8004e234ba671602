"""HCL functions: numeric."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiln.hcl.functions._names import CATEGORIES as _CATEGORIES
from kiln.hcl.functions._stub import stub

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable
    from kiln.hcl.functions.spec import Function


def build(table: FunctionTable) -> dict[str, Function]:
    """The numeric functions."""
    return {name: stub(name) for name in _CATEGORIES["numeric"]}
