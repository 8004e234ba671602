"""The `docker-import` post-processor: imports the docker builder's exported tar
(or an artifice artifact's file) into the container engine as
`repository[:tag]`, with Dockerfile `changes` applied, as Packer does.

The engine is the one the build ran in (podman builds import into podman),
else the one `docker_path` names (a Kiln addition; Packer always uses docker).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, option
from kiln.errors import KilnError
from kiln.postprocessors.options import keep_input_artifact

if TYPE_CHECKING:
    from kiln.components.artifact import Artifact
    from kiln.components.runtime import BuildRun

BUILDER_ID = "packer.post-processor.docker-import"
ACCEPTED = ("packer.docker", "packer.post-processor.artifice")


@dataclass(kw_only=True)
class DockerImportConfig(Config):
    """Options of the `docker-import` post-processor."""

    summary = "Imports a container tar file into the local container engine."

    repository: str = option("", doc='The repository of the imported image, "user/image".')
    tag: str = option("", doc="The tag of the imported image.")
    changes: tuple[str, ...] = option(
        (), doc='Dockerfile instructions applied on import ("CMD ...", "EXPOSE 8080").'
    )
    platform: str = option("", doc="The platform of the image, on multi-platform engines.")
    docker_path: str = option("", doc='The engine\'s command line ("docker" or "podman").')
    keep_input_artifact: bool | None = keep_input_artifact(
        "Keep the tar file once imported (default: it is deleted)."
    )


class DockerImportPostProcessor(PostProcessor):
    """Imports a tar into the engine."""

    config_class = DockerImportConfig
    config: DockerImportConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """`docker import TAR repository:tag`; the new artifact is that image."""
        from kiln.builders.docker.artifacts import ImageArtifact, engine_for  # noqa: PLC0415

        if artifact.builder_id not in ACCEPTED:
            raise KilnError(
                f"Unknown artifact type: {artifact.builder_id}\nCan only import from Docker "
                "builder and Artifice post-processor artifacts. If you are getting this error "
                "after having run the docker builder, it may be because you set commit: true "
                "in your Docker builder, so the image is already imported. "
            )
        if not artifact.files or not artifact.files[0]:
            raise KilnError("The artifact has no file to import (was the container discarded?).")
        repository = self.config.repository
        if self.config.tag:
            repository += ":" + self.config.tag
        engine = engine_for(artifact, self.config.docker_path, run.cancellation)
        run.ui.message(f"Importing image: {artifact.id}")
        run.ui.message(f"Repository: {repository}")
        image_id = engine.import_tar(
            artifact.files[0], self.config.changes, repository, self.config.platform
        )
        run.ui.message(f"Imported ID: {image_id}")
        return PostProcessed(ImageArtifact(builder_id=BUILDER_ID, id=repository, engine=engine))
