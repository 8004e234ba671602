"""The `artifice` post-processor: replaces the artifact with files the build
left behind (e.g. ones downloaded by a provisioner).

Each entry of `files` is a glob pattern (Go's `filepath.Glob`: a pattern
matching nothing adds nothing, a name without wildcards is kept when it
exists). The old artifact's files are not deleted by artifice itself; the
input is kept unless `keep_input_artifact = false`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from kiln.components.artifact import Artifact
from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, Problems, option
from kiln.components.runtime import BuildRun
from kiln.errors import KilnError
from kiln.postprocessors.artifice.goglob import BadPatternError, go_glob
from kiln.postprocessors.options import keep_input_artifact

BUILDER_ID = "packer.post-processor.artifice"


@dataclass(kw_only=True)
class ArtificeConfig(Config):
    """Options of the `artifice` post-processor."""

    summary = "Makes the given files the build's artifact."

    files: tuple[str, ...] = option(
        required=True, doc="The files (glob patterns) that make up the new artifact."
    )
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
    config: ArtificeConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """The files matching `files` become the artifact; the input is kept by default."""
        if artifact.files:
            run.ui.say(f"Discarding files from artifact: {', '.join(artifact.files)}")
        files: list[str] = []
        for pattern in self.config.files:
            files.extend(_matching(pattern))
        run.ui.say(f"Using these artifact files: {', '.join(files)}")
        made = Artifact(
            builder_id=BUILDER_ID,
            files=files,
            description=f"Created artifact from files: {', '.join(files)}",
        )
        return PostProcessed(made, keep_input=True)


def _matching(pattern: str) -> list[str]:
    """The files `pattern` names; each must be readable (a dangling link is an error)."""
    try:
        found = go_glob(pattern)
    except BadPatternError as error:
        raise KilnError(f"Bad artifice file pattern {pattern!r}: {error}") from None
    for path in found:
        try:
            os.stat(path)
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            raise KilnError(f"Artifice file {path}: stat {path}: {reason}") from None
    return found
