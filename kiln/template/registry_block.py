"""The `hcp_packer_registry` block of a build: metadata for HCP Packer.

Kiln reads and checks it (so templates that use it validate), and keeps it
for the build engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.config import Config, Problems, option
from kiln.hcl.body import ContentBlock
from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.eval import EvalContext
from kiln.hcl.source import Range


@dataclass(kw_only=True)
class RegistryConfig(Config):
    """The arguments of `hcp_packer_registry`."""

    bucket_name: str = option("", doc="The bucket the image is published to.")
    description: str = option("", doc="The bucket's description.")
    bucket_labels: dict[str, str] = option(default_factory=dict, doc="Labels of the bucket.")
    build_labels: dict[str, str] = option(default_factory=dict, doc="Labels of this build.")

    def check(self, problems: Problems) -> None:
        """The description is limited as HCP limits it."""
        if len(self.description) > 255:
            problems.add("description must be at most 255 characters long", "description")


@dataclass
class RegistryBlock:
    """A decoded `hcp_packer_registry` block (config None when it had errors)."""

    range: Range
    config: RegistryConfig | None


def read_registry_block(block: ContentBlock, ctx: EvalContext, diags: Diagnostics) -> RegistryBlock:
    """Decode and check an `hcp_packer_registry` block."""
    from kiln.components.decode import decode_config  # noqa: PLC0415

    decoded = decode_config(RegistryConfig, block.body, ctx, where=block.def_range)
    diags.extend(decoded.diagnostics)
    return RegistryBlock(block.def_range, decoded.config)
