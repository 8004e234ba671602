"""The `docker` builder: starts a container from an image, provisions it, and
commits, exports or discards it.

Steps (`steps.py`): find the engine (Docker, or podman with docker_path),
make the shared temporary directory, pull (logging in when asked), run the
container, connect (the `docker` communicator: `kiln.communicator.container`),
provision, then commit, export, or nothing (discard). The container is always removed at the end.
Artifacts (`artifacts.py`) are Packer's: an image id, or the exported tar.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from kiln.communicator.options import CommunicatorConfig
from kiln.components.artifact import Artifact
from kiln.components.base import Builder
from kiln.components.config import Problems, option
from kiln.components.runtime import BuildRun, BuildState, Provision, Step


@dataclass(kw_only=True)
class DockerConfig(CommunicatorConfig):
    """Options of the `docker` builder."""

    summary = "Builds a container image by provisioning a running container."

    communicator_types: ClassVar[tuple[str, ...]] = (
        "docker",
        "dockerWindowsContainer",
        "ssh",
        "winrm",
        "none",
    )

    communicator: str = option(
        "docker",
        doc='How to reach the container: "docker" (docker exec/cp), '
        '"dockerWindowsContainer", "ssh", "winrm" or "none".',
    )
    image: str = option(required=True, doc="The base image, as `docker pull` takes it.")
    commit: bool = option(False, doc="Commit the container to an image.")
    discard: bool = option(False, doc="Throw the container away at the end.")
    export_path: str = option("", doc="Export the container to this tar file.")
    author: str = option("", doc="The author of the commit.")
    message: str = option("", doc="The commit message.")
    changes: tuple[str, ...] = option(
        (), doc='Dockerfile instructions applied on commit ("CMD ...", "EXPOSE 8080").'
    )
    container_dir: str = option(
        "", doc='Where the host\'s temp directory is mounted: "/packer-files" (Windows: c:/...).'
    )
    run_command: tuple[str, ...] = option(
        (),
        doc="The arguments of `docker run`; by default "
        '["-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "{{.Image}}"].',
    )
    exec_user: str = option("", doc="The user (UID or UID:GID) commands run as.")
    privileged: bool = option(False, doc="Run the container with --privileged.")
    pty: bool = option(False, doc="Allocate a pseudo-terminal for commands.")
    pull: bool = option(True, doc="Pull the image before starting the container.")
    runtime: str = option("", doc='The container runtime (`docker run --runtime`), e.g. "runsc".')
    docker_path: str = option(
        "",
        doc='The engine\'s command line: "docker" (the default when installed) or "podman".',
    )
    platform: str = option("", doc="The platform of the image, on multi-platform servers.")
    device: tuple[str, ...] = option((), doc="Host devices to make available in the container.")
    cap_add: tuple[str, ...] = option((), doc="Linux capabilities to add.")
    cap_drop: tuple[str, ...] = option((), doc="Linux capabilities to drop.")
    tmpfs: tuple[str, ...] = option((), doc="tmpfs mounts to add.")
    volumes: Mapping[str, str] = option(
        default_factory=dict, doc="Volumes to mount: host path to container path."
    )
    fix_upload_owner: bool = option(
        True, doc="Give uploaded files to the user the container runs as."
    )
    windows_container: bool = option(False, doc="Build a Windows container on a Windows host.")
    login: bool = option(False, doc="Log in to the registry before pulling.")
    login_server: str = option("", doc="The registry to log in to.")
    login_username: str = option("", doc="The registry user.")
    login_password: str = option("", sensitive=True, doc="The registry user's password.")
    ecr_login: bool = option(False, doc="Log in to Amazon ECR for the pull (needs login_server).")
    aws_access_key: str = option("", sensitive=True, doc="The AWS access key for ECR.")
    aws_secret_key: str = option("", sensitive=True, doc="The AWS secret key for ECR.")
    aws_token: str = option("", sensitive=True, doc="The AWS session token for ECR.")
    aws_profile: str = option("", doc="The AWS profile for ECR credentials.")
    aws_force_use_public_ecr: bool = option(False, doc="Treat login_server as Amazon ECR Public.")

    def check(self, problems: Problems) -> None:
        """The communicator's rules; an image; exactly one of commit, discard, export_path."""
        super().check(problems)
        if self.is_known("image") and not self.image:
            problems.add("Image must be specified", "image")
        self.check_exactly_one(
            problems,
            ("commit", "discard", "export_path"),
            too_many="Cannot specify more than one of commit, discard, and export_path",
            missing="No instructions given for handling the artifact; expected commit, discard, "
            "or export_path",
        )
        if self.export_path and os.path.isdir(self.export_path):
            problems.add("export_path must be a file, not a directory", "export_path")
        if self.ecr_login and self.is_known("login_server") and not self.login_server:
            problems.add("ECR login requires login server to be provided.", "login_server")


class DockerBuilder(Builder):
    """Builds container images with Docker or podman."""

    config_class = DockerConfig
    builder_id = "packer.docker"
    generated_data = ("ImageSha256", "SourceImageDigest", "SourceImageSha256")
    config: DockerConfig

    def steps(self, run: BuildRun) -> list[Step]:
        """Engine, temp dir, pull, run, connect, provision, then commit or export."""
        from kiln.builders.docker import steps  # noqa: PLC0415
        from kiln.communicator.connect import Connect  # noqa: PLC0415

        config = self.config
        chosen: list[Step] = [
            steps.ConnectEngine(config),
            steps.TempDir(),
            steps.Pull(config),
            steps.RunContainer(config),
            Connect(config),
            Provision(),
        ]
        if config.commit:
            # As documented (and as Packer 1.6.6): run_command's entrypoint stays the image's.
            chosen.append(steps.Commit(config))
        elif config.export_path and not config.discard:
            chosen.append(steps.Export(config))
        return chosen

    def artifact(self, state: BuildState) -> Artifact | None:
        """The committed image, or the exported (or discarded) container."""
        from kiln.builders.docker.artifacts import (  # noqa: PLC0415
            IMPORT_ID,
            ExportArtifact,
            ImageArtifact,
        )

        if state.failed:
            return None
        if self.config.commit:
            return ImageArtifact(
                builder_id=IMPORT_ID, id=str(state.data["image_id"]), engine=state.data["engine"]
            )
        path = "" if self.config.discard else self.config.export_path
        return ExportArtifact(path, engine=state.data.get("engine"))
