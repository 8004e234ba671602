"""The `docker-push` post-processor (HashiCorp's Docker plugin): pushes the
images `docker-tag` (or `docker-import`) produced to their registry, as
Packer does: the artifact's id, then each of its tags; with `login`, a
`docker login` first (password on standard input, into a configuration
private to the build) and a logout after. The pushed image's digest is
added to the generated data (`Digest`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, Problems, option
from kiln.errors import KilnError
from kiln.postprocessors.options import keep_input_artifact
from kiln.ui.redact import register_secret

if TYPE_CHECKING:
    from kiln.communicator.container.engine import Engine
    from kiln.components.artifact import Artifact
    from kiln.components.runtime import BuildRun

IMPORT_ID = "packer.post-processor.docker-import"
ACCEPTED = (IMPORT_ID, "packer.post-processor.docker-tag")


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
    aws_force_use_public_ecr: bool = option(False, doc="Push to Amazon ECR Public.")
    platform: str = option("", doc="The platform to push, on multi-platform engines.")
    docker_path: str = option("", doc='The engine\'s command line ("docker" or "podman").')
    keep_input_artifact: bool | None = keep_input_artifact(
        "Keep the local image once pushed (default: kept)."
    )

    def check(self, problems: Problems) -> None:
        """ECR needs the registry's address."""
        if self.ecr_login and self.is_known("login_server") and not self.login_server:
            problems.add("ECR login requires login server to be provided.", "login_server")


class DockerPushPostProcessor(PostProcessor):
    """Pushes Docker images."""

    config_class = DockerPushConfig
    config: DockerPushConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """Push the image's names; the result is the pushed image."""
        from kiln.builders.docker.artifacts import ImageArtifact, engine_for  # noqa: PLC0415

        config = self.config
        if artifact.builder_id not in ACCEPTED:
            raise KilnError(
                f"Unknown artifact type: {artifact.builder_id}\n"
                "Can only import from docker-import and docker-tag artifacts."
            )
        engine = engine_for(artifact, config.docker_path, run.cancellation)
        tags = list(artifact.state("docker_tags") or [])
        names = [artifact.id, *tags]
        if config.login or config.ecr_login:
            self._pushed_logged_in(run, engine, names)
        else:
            self._push(run, engine, names)
        generated = dict(artifact.state("generated_data") or {})
        try:
            generated["Digest"] = engine.inspect(
                artifact.id, "{{index .RepoDigests 0}}", kind="image"
            )
        except KilnError:
            run.ui.message("Unable to determine pushed Docker image digest")
            generated["Digest"] = ""
        pushed = ImageArtifact(
            builder_id=IMPORT_ID,
            id=names[0],
            engine=engine,
            tags=tags,
            state={"generated_data": generated},
        )
        return PostProcessed(pushed, keep_input=True)

    def _pushed_logged_in(self, run: BuildRun, engine: Engine, names: list[str]) -> None:
        """Log in (with ECR's credentials when `ecr_login`), push, log out."""
        from kiln.builders.docker.ecr import ecr_credentials  # noqa: PLC0415
        from kiln.builders.docker.steps import aws_access  # noqa: PLC0415

        config = self.config
        username, password = config.login_username, config.login_password
        if config.ecr_login:
            run.ui.message("Fetching ECR credentials...")
            username, password = ecr_credentials(config.login_server, aws_access(config))
        run.ui.message("Logging in...")
        if password:
            register_secret(password)
        engine.config_dir = run.scratch_dir()
        try:
            engine.login(config.login_server, username, password)
        except KilnError as error:
            raise KilnError(f"Error logging in to Docker: {error.message}") from None
        try:
            self._push(run, engine, names)
        finally:
            run.ui.message("Logging out...")
            engine.logout(config.login_server)
            engine.config_dir = None

    def _push(self, run: BuildRun, engine: Engine, names: list[str]) -> None:
        def show(_stream: str, line: str) -> None:
            if line.strip():
                run.ui.message(line)

        for name in names:
            run.ui.message(f"Pushing: {name}")
            engine.push(name, self.config.platform, show)
