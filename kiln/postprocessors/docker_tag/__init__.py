"""The `docker-tag` post-processor (HashiCorp's Docker plugin): tags the image
a `docker` build committed or imported, as Packer does.

Each of `tags` (and the deprecated `tag`) becomes `repository:TAG`; with
none, the image is tagged `repository`. The new artifact's id is the last
name given, and it carries all of them (`docker_tags`) for docker-push. The
input is always kept: a tag of a deleted image would be useless. The engine
is the one the build ran in, else the one `docker_path` names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, option
from kiln.errors import KilnError

if TYPE_CHECKING:
    from kiln.components.artifact import Artifact
    from kiln.components.runtime import BuildRun

BUILDER_ID = "packer.post-processor.docker-tag"
ACCEPTED = (BUILDER_ID, "packer.post-processor.docker-import")


@dataclass(kw_only=True)
class DockerTagConfig(Config):
    """Options of the `docker-tag` post-processor."""

    summary = "Tags a Docker image in the local daemon."

    repository: str = option("", doc='The repository to tag into, "user/image".')
    tags: tuple[str, ...] = option((), doc="The tags to give the image.")
    tag: tuple[str, ...] = option((), doc="Deprecated spelling of tags (added to them).")
    force: bool = option(False, doc="Move a tag that already names another image.")
    docker_path: str = option("", doc='The engine\'s command line ("docker" or "podman").')


class DockerTagPostProcessor(PostProcessor):
    """Tags Docker images."""

    config_class = DockerTagConfig
    config: DockerTagConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """`docker tag ID repository:tag` for each tag."""
        from kiln.builders.docker.artifacts import ImageArtifact, engine_for  # noqa: PLC0415

        config = self.config
        if config.tag:
            run.ui.say(
                'Deprecation warning: "tag" option has been replaced with "tags". In future '
                "versions of Packer, this configuration may not work. Please call `packer fix` "
                "on your template to update."
            )
        if artifact.builder_id not in ACCEPTED:
            raise KilnError(
                f"Unknown artifact type: {artifact.builder_id}\n"
                "Can only tag from Docker builder artifacts."
            )
        engine = engine_for(artifact, config.docker_path, run.cancellation)
        names = [f"{config.repository}:{tag}" for tag in (*config.tags, *config.tag)]
        for name in names or [config.repository]:
            run.ui.message(f"Tagging image: {artifact.id}")
            run.ui.message(f"Repository: {name}")
            engine.tag(artifact.id, name)
        tagged = ImageArtifact(
            builder_id=BUILDER_ID,
            id=names[-1] if names else config.repository,
            engine=engine,
            tags=names,
            state={"generated_data": artifact.state("generated_data")},
        )
        return PostProcessed(tagged, keep_input=True, force_keep_input=True)
