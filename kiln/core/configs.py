"""Making a component of a plan: decode its block with the build's values, instantiate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiln.errors import KilnError
from kiln.hcl.diagnostics import Severity

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun
    from kiln.template.components import ComponentBlock


class InvalidConfigError(KilnError):
    """A component's configuration is invalid once the run-time values are known."""


def instantiate(block: ComponentBlock, run: BuildRun, *, at_run_time: bool = True) -> Any:
    """The component `block` names, configured; the run-time `build.*` values known."""
    config = block.decode_for_run(run.values) if at_run_time else block.config
    if config is None and not at_run_time:
        config = block.decode_for_run(run.values)
    if config is None:
        errors = [str(d) for d in block.diagnostics if d.severity is Severity.ERROR]
        raise InvalidConfigError(
            f'Invalid configuration of {block.kind.template_word} "{block.type}": '
            + ("; ".join(errors) or "it could not be decoded")
        )
    return block.component_class()(config, block.type)
