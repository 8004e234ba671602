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
    if at_run_time and config.unknown_options:
        names = ", ".join(sorted(config.unknown_options))
        raise InvalidConfigError(
            f'Invalid configuration of {block.kind.template_word} "{block.type}": '
            f"{names} depend(s) on values this build does not provide (such as a build.* "
            "value its builder does not set)"
        )
    return block.component_class()(config, block.type)
