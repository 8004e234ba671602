"""The `manifest` post-processor: records each build's artifacts in a JSON file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiln.components.base import PostProcessor
from kiln.components.config import Config, option


@dataclass(kw_only=True)
class ManifestConfig(Config):
    """Options of the `manifest` post-processor."""

    summary = "Writes a JSON manifest of the artifacts each build made."

    output: str = option("packer-manifest.json", doc="The manifest file (appended to).")
    strip_path: bool = option(False, doc="Record file names without their directories.")
    strip_time: bool = option(False, doc="Leave out the build time.")
    custom_data: Mapping[str, str] = option(
        default_factory=dict, doc="Extra key/value pairs recorded with each build."
    )


class ManifestPostProcessor(PostProcessor):
    """Writes the manifest."""

    config_class = ManifestConfig
