"""The `artifice` post-processor: replaces the artifact with files the build
left behind (e.g. ones downloaded by a provisioner)."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import PostProcessor
from kiln.components.config import Config, Problems, option
from kiln.postprocessors.options import keep_input_artifact


@dataclass(kw_only=True)
class ArtificeConfig(Config):
    """Options of the `artifice` post-processor."""

    summary = "Makes the given files the build's artifact."

    files: tuple[str, ...] = option(required=True, doc="The files that make up the new artifact.")
    keep_input_artifact: bool | None = keep_input_artifact(
        "Keep the original artifact's files (true by default)."
    )

    def check(self, problems: Problems) -> None:
        """At least one file."""
        if self.is_known("files") and not self.files:
            problems.add("No files specified in artifice configuration", "files")


class ArtificePostProcessor(PostProcessor):
    """Replaces the artifact with given files."""

    config_class = ArtificeConfig
