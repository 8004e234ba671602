"""The docker builder's artifacts, as Packer reports them.

- `ImageArtifact`: an image in the engine (a commit, an import, a tag, a
  push); its id is the image id or `repository:tag`; destroying it removes
  the image (`rmi`). Its state carries `docker_tags` for docker-push.
- `ExportArtifact`: the container exported to a tar file (`export_path`),
  or nothing at all when the container was discarded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kiln.communicator.container.engine import Engine
from kiln.components.artifact import Artifact
from kiln.process import Cancellation

BUILDER_ID = "packer.docker"
#: Committed images carry the docker-import post-processor's id, as in Packer.
IMPORT_ID = "packer.post-processor.docker-import"


class ImageArtifact(Artifact):
    """An image in the container engine."""

    def __init__(
        self,
        *,
        builder_id: str,
        id: str,
        engine: Engine,
        tags: Sequence[str] = (),
        state: Mapping[str, Any] | None = None,
    ) -> None:
        merged = dict(state or {})
        merged["docker_tags"] = list(tags)
        super().__init__(builder_id=builder_id, id=id, state=merged)
        self.engine = engine

    @property
    def tags(self) -> list[str]:
        """The `repository:tag` names a docker-tag post-processor gave the image."""
        return list(self.state("docker_tags") or [])

    def string(self) -> str:
        """`Imported Docker image: ID[ with tags T1 T2]`."""
        if self.tags:
            return f"Imported Docker image: {self.id} with tags {' '.join(self.tags)}"
        return f"Imported Docker image: {self.id}"

    def destroy(self) -> None:
        """Remove the image from the engine."""
        self.engine.remove_image(self.id)


class ExportArtifact(Artifact):
    """The container as a tar file (or, once discarded, nothing)."""

    def __init__(
        self, path: str, engine: Engine | None = None, state: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(builder_id=BUILDER_ID, id="Container", files=[path], state=state)
        self.path = path
        #: The engine the container ran in (docker-import imports into it).
        self.engine = engine

    def string(self) -> str:
        """`Exported Docker file: PATH`."""
        return f"Exported Docker file: {self.path}"

    def destroy(self) -> None:
        """Delete the tar file (nothing when the container was discarded)."""
        if self.path:
            super().destroy()


def engine_for(artifact: Artifact, docker_path: str, cancellation: Cancellation) -> Engine:
    """The engine that holds `artifact` (the one that built it), else the one docker_path names."""
    engine = getattr(artifact, "engine", None)
    if isinstance(engine, Engine) and not docker_path:
        return engine
    chosen = Engine.choose(docker_path, cancellation)
    chosen.version()
    return chosen
