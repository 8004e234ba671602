"""The `docker-push` post-processor (HashiCorp's Docker plugin): pushes the
images `docker-tag` (or `docker-import`) produced to their registry.

Kiln checks its options (`DockerPushConfig`) but cannot run it yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import PostProcessor
from kiln.components.config import Config, Problems, option


@dataclass(kw_only=True)
class DockerPushConfig(Config):
    """Options of the `docker-push` post-processor."""

    summary = "Pushes a tagged Docker image to its registry."

    login: bool = option(False, doc="Log in to the registry before pushing.")
    login_username: str = option("", doc="The registry user.")
    login_password: str = option("", sensitive=True, doc="The registry user's password.")
    login_server: str = option("", doc="The registry to log in to.")
    ecr_login: bool = option(False, doc="Log in to Amazon ECR (needs login_server).")
    aws_access_key: str = option("", sensitive=True, doc="The AWS access key for ECR.")
    aws_secret_key: str = option("", sensitive=True, doc="The AWS secret key for ECR.")
    aws_token: str = option("", sensitive=True, doc="The AWS session token for ECR.")
    aws_profile: str = option("", doc="The AWS profile for ECR credentials.")

    def check(self, problems: Problems) -> None:
        """ECR needs the registry's address."""
        if self.ecr_login and self.is_known("login_server") and not self.login_server:
            problems.add("ECR login requires login server to be provided.", "login_server")


class DockerPushPostProcessor(PostProcessor):
    """Pushes Docker images (validated only)."""

    config_class = DockerPushConfig
