"""Decoding a builder, provisioner, post-processor or data source block
against the config class of the component its type names."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiln.components.registry import Kind, UnknownComponentError, component
from kiln.hcl.body import HCLBody
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.eval import EvalContext
from kiln.hcl.source import Range
from kiln.template.dynamic import DynamicBody
from kiln.template.packer_block import Requirements

if TYPE_CHECKING:
    from kiln.components.base import Component
    from kiln.components.config import Config


@dataclass
class ComponentBlock:
    """A component's block, ready to be decoded (again) in a context.

    At validate time `config` is decoded with the run-time `build.*` values
    unknown; the build engine decodes again with `decode(ctx)` once they are
    known (see `kiln.template.context.with_build_values`).
    """

    kind: Kind
    type: str
    body: HCLBody
    context: EvalContext | None
    range: Range
    config: Config | None = None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def component_class(self) -> builtins.type[Component]:
        """The component class the block's type names."""
        return component(self.kind, self.type)

    def decode(self, ctx: EvalContext | None = None) -> Config | None:
        """Decode the block in `ctx` (default: its own context); diagnostics are kept."""
        from kiln.components.decode import decode_config  # noqa: PLC0415 - decoding loads types

        ctx = self.context if ctx is None else ctx
        cls = self.component_class()
        decoded = decode_config(
            cls.config_class, DynamicBody(self.body, ctx), ctx, where=self.range
        )
        self.diagnostics = decoded.diagnostics
        return decoded.config

    def decode_for_run(self, build_values: Mapping[str, str]) -> Config | None:
        """Decode again with the run-time `build.*` values known (the build engine's call).

        Diagnostics are in `self.diagnostics`; None when the config is invalid.
        """
        from kiln.template.context import with_build_values  # noqa: PLC0415

        assert self.context is not None, "a component block of a build has a context"
        return self.decode(with_build_values(self.context, build_values))


def unknown_type(
    kind: Kind, type_name: str, where: Range, requirements: Requirements
) -> Diagnostic | None:
    """The diagnostic for a component type Kiln does not have (None when it has it)."""
    from kiln.components.registry import exists  # noqa: PLC0415

    if exists(kind, type_name):
        return None
    plugin = requirements.plugin_for(type_name)
    if plugin is not None:
        return Diagnostic.error(
            f'Unknown {kind.template_word} type "{type_name}"',
            f'The {kind.template_word} "{type_name}" would come from the plugin '
            f'"{plugin.source}" (required_plugins "{plugin.name}" at {plugin.range}), which '
            "is not built into Kiln and has no Kiln plugin package installed. Only plugins "
            "published by HashiCorp (github.com/hashicorp/...) are built in.",
            where,
        )
    error = UnknownComponentError(kind, type_name)
    return Diagnostic.error(error.message, error.hint or "", where)


def decode_block(block: ComponentBlock, diags: Diagnostics) -> None:
    """Decode `block` in its context, adding what was found to `diags`."""
    block.config = block.decode()
    diags.extend(block.diagnostics)
