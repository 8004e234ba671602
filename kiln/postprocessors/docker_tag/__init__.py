"""The `docker-tag` post-processor (HashiCorp's Docker plugin): tags the image
a `docker` build committed or imported.

Kiln checks its options (`DockerTagConfig`) but cannot run it yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import PostProcessor
from kiln.components.config import Config, option


@dataclass(kw_only=True)
class DockerTagConfig(Config):
    """Options of the `docker-tag` post-processor."""

    summary = "Tags a Docker image in the local daemon."

    repository: str = option("", doc='The repository to tag into, "user/image".')
    tags: tuple[str, ...] = option((), doc="The tags to give the image.")
    tag: tuple[str, ...] = option((), doc="Deprecated spelling of tags (added to them).")
    force: bool = option(False, doc="Move a tag that already names another image.")


class DockerTagPostProcessor(PostProcessor):
    """Tags Docker images (validated only)."""

    config_class = DockerTagConfig
