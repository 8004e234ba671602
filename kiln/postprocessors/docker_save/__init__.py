"""The `docker-save` post-processor: saves the image a docker build committed,
imported or tagged to a tar file (`docker save -o path`), as Packer does.
The input artifact is passed on unchanged."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, option
from kiln.errors import CancelledError, KilnError
from kiln.postprocessors.options import keep_input_artifact

if TYPE_CHECKING:
    from kiln.components.artifact import Artifact
    from kiln.components.runtime import BuildRun

BUILDER_ID = "packer.post-processor.docker-save"
ACCEPTED = ("packer.post-processor.docker-import", "packer.post-processor.docker-tag")


@dataclass(kw_only=True)
class DockerSaveConfig(Config):
    """Options of the `docker-save` post-processor."""

    summary = "Saves a Docker image to a tar file."

    path: str = option("", doc="The tar file to write.")
    docker_path: str = option("", doc='The engine\'s command line ("docker" or "podman").')
    keep_input_artifact: bool | None = keep_input_artifact(
        "Keep the image in the engine once saved (default: kept; false removes it)."
    )


class DockerSavePostProcessor(PostProcessor):
    """Saves an image to a tar file."""

    config_class = DockerSaveConfig
    config: DockerSaveConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """`docker save -o PATH IMAGE`; the image artifact goes on."""
        from kiln.builders.docker.artifacts import engine_for  # noqa: PLC0415
        from kiln.communicator.container.engine import EngineError  # noqa: PLC0415

        if artifact.builder_id not in ACCEPTED:
            raise KilnError(
                f"Unknown artifact type: {artifact.builder_id}\n"
                "Can only save Docker builder artifacts."
            )
        path = self.config.path
        try:
            with open(path, "wb"):
                pass
        except OSError as error:
            raise KilnError(f"Error creating output file: {error}") from None
        engine = engine_for(artifact, self.config.docker_path, run.cancellation)
        run.ui.message(f"Saving image: {artifact.id}")
        try:
            engine.save(artifact.id, path)
        except (EngineError, CancelledError):
            with contextlib.suppress(OSError):
                os.remove(path)
            raise
        run.ui.message(f"Saved to: {path}")
        return PostProcessed(artifact, keep_input=True)
