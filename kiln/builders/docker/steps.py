"""The docker builder's steps, in Packer's order and with Packer's messages.

State (`BuildState.data`) they share: "engine" (the `Engine`), "temp_dir"
(the host directory mounted at container_dir), "container_id", "image_id".
The container is removed by `RunContainer.cleanup` whatever happened:
success, a failed step, or Ctrl-C (cleanups get a fresh cancellation).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from typing import TYPE_CHECKING, Any

from kiln.builders.docker.ecr import AwsAccess, ecr_credentials
from kiln.communicator.container.engine import Engine, EngineError
from kiln.components.runtime import BuildState, OutputCallback, Step
from kiln.errors import CancelledError, KilnError
from kiln.ui.log import get_logger
from kiln.ui.redact import register_secret

if TYPE_CHECKING:
    from kiln.builders.docker import DockerConfig

log = get_logger(__name__)

#: `build.*` values before the steps that find them (Packer's placeholders).
DEFAULT_GENERATED = {
    "ImageSha256": "ERR_IMAGE_SHA256_NOT_FOUND",
    "SourceImageDigest": "ERR_SOURCE_IMAGE_DIGEST_NOT_FOUND",
    "SourceImageSha256": "ERR_SOURCE_IMAGE_Sha256_NOT_FOUND",
}


def _engine(state: BuildState) -> Engine:
    engine = state.data["engine"]
    assert isinstance(engine, Engine)
    return engine


def _fail(state: BuildState, error: KilnError) -> KilnError:
    state.ui.error(error.message)
    return error


class ConnectEngine(Step):
    """Find the engine and check it answers; set Packer's generated-data placeholders."""

    name = "StepEngine"

    def __init__(self, config: DockerConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Choose docker or podman and ask for its version (a stopped engine fails here)."""
        if self.config.windows_container or self.config.communicator == "dockerWindowsContainer":
            raise _fail(
                state,
                KilnError(
                    "windows_container needs a Windows host running Docker for Windows; "
                    "this machine runs Linux, where Windows containers cannot run.",
                    hint='Remove windows_container (and communicator = "dockerWindowsContainer") '
                    "to build a Linux container.",
                ),
            )
        # Whether the engine answers is found out by the first real call (a stopped
        # engine's error is then explained by `Engine.diagnose`): no extra round trip.
        state.data["engine"] = Engine.choose(self.config.docker_path, state.run.cancellation)
        state.run.values.update(DEFAULT_GENERATED)


class TempDir(Step):
    """Make the host directory that is mounted into the container at container_dir."""

    name = "StepTempDir"

    def __init__(self) -> None:
        self.path = ""

    def run(self, state: BuildState) -> None:
        """Create it (under PACKER_TMP_DIR when set, else the build's scratch directory)."""
        state.ui.say("Creating a temporary directory for sharing data...")
        parent = os.environ.get("PACKER_TMP_DIR") or state.run.scratch_dir()
        try:
            os.makedirs(parent, exist_ok=True)
            self.path = tempfile.mkdtemp(prefix="tmp", dir=os.path.abspath(parent))
        except OSError as error:
            raise _fail(state, KilnError(f"Error making temp dir: {error}")) from None
        state.data["temp_dir"] = self.path

    def cleanup(self, state: BuildState) -> None:
        """Remove it."""
        if self.path:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = ""


class Pull(Step):
    """`docker pull` the image (with a login first when asked); note its digest and id."""

    name = "StepPull"

    def __init__(self, config: DockerConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Pull, unless `pull = false`."""
        config = self.config
        if not config.pull:
            return
        state.ui.say(f"Pulling Docker image: {config.image}")
        engine = _engine(state)
        logged_in = False
        try:
            username, password = config.login_username, config.login_password
            if config.ecr_login:
                state.ui.message("Fetching ECR credentials...")
                try:
                    username, password = ecr_credentials(config.login_server, aws_access(config))
                except KilnError as error:
                    failure = KilnError(
                        f"Error fetching ECR credentials: {error.message}", hint=error.hint
                    )
                    raise _fail(state, failure) from None
            if config.login or config.ecr_login:
                state.ui.message("Logging in...")
                engine.config_dir = state.run.scratch_dir()
                if password:
                    register_secret(password)
                try:
                    engine.login(config.login_server, username, password)
                except EngineError as error:
                    raise _fail(state, KilnError(error.message, hint=error.hint)) from None
                logged_in = True
            try:
                engine.pull(config.image, config.platform, _messages(state))
            except EngineError as error:
                raise _fail(state, engine.diagnose(error)) from None
        finally:
            if logged_in:
                state.ui.message("Logging out...")
                engine.logout(config.login_server)
            # Later calls (a push by docker-push without login) use the user's own configuration.
            engine.config_dir = None
        self._note_source(state, engine)

    def _note_source(self, state: BuildState, engine: Engine) -> None:
        try:
            digest = engine.inspect(self.config.image, "{{index .RepoDigests 0}}", kind="image")
            state.run.values["SourceImageDigest"] = digest
        except EngineError as error:
            state.ui.error(f"Error determining source Docker image digest: {error.message}")
        try:
            state.run.values["SourceImageSha256"] = engine.image_id(self.config.image)
        except EngineError as error:
            state.ui.error(f"Error determining source Docker image Id: {error.message}")


class RunContainer(Step):
    """`docker run` the container; its cleanup kills and removes it, always."""

    name = "StepRun"

    def __init__(self, config: DockerConfig) -> None:
        self.config = config
        self.container_id = ""
        self._cidfile = ""

    def run(self, state: BuildState) -> None:
        """Start the container with the volumes, devices, capabilities and run_command."""
        engine = _engine(state)
        self._cidfile = os.path.join(state.run.scratch_dir(), "container.id")
        args = self._arguments(str(state.data["temp_dir"]))
        state.ui.say("Starting docker container...")
        state.ui.message(f"Run command: {os.path.basename(engine.executable)} run {' '.join(args)}")
        try:
            self.container_id = engine.start_container(args)
        except EngineError as error:
            failure = KilnError(f"Error running container: {error.message}", hint=error.hint)
            raise _fail(state, engine.diagnose(failure)) from None
        finally:
            self.container_id = self.container_id or self._recorded_id()
        state.data["container_id"] = self.container_id
        state.run.values["ID"] = self.container_id
        state.ui.message(f"Container ID: {self.container_id}")
        if self.config.communicator in ("ssh", "winrm") and not self.config.host:
            # The container's address on the engine's network is where SSH/WinRM listens.
            address = engine.inspect(self.container_id, "{{.NetworkSettings.IPAddress}}")
            state.data["host"] = address

    def _arguments(self, temp_dir: str) -> list[str]:
        config = self.config
        args = ["--cidfile", self._cidfile]
        for device in config.device:
            args += ["--device", device]
        for capability in config.cap_add:
            args += ["--cap-add", capability]
        for capability in config.cap_drop:
            args += ["--cap-drop", capability]
        if config.privileged:
            args.append("--privileged")
        if config.runtime:
            args += ["--runtime", config.runtime]
        if config.platform:
            args += ["--platform", config.platform]
        for mount in config.tmpfs:
            args += ["--tmpfs", mount]
        volumes = dict(config.volumes)
        volumes[temp_dir] = config.container_dir or "/packer-files"
        for host, guest in volumes.items():
            local = (
                os.path.join(os.path.expanduser("~"), host[2:]) if host.startswith("~/") else host
            )
            args += ["-v", f"{local}:{guest}"]
        run_command = config.run_command or (
            "-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "{{.Image}}"
        )  # fmt: skip
        args += [_image_template(arg, config.image) for arg in run_command]
        return args

    def _recorded_id(self) -> str:
        """The id the engine wrote to the cid file (a `run` cut short may have made one)."""
        try:
            with open(self._cidfile, encoding="utf-8") as recorded:
                return recorded.read().strip()
        except OSError:
            return ""

    def cleanup(self, state: BuildState) -> None:
        """Kill and remove the container (it no longer existing is fine)."""
        container = self.container_id or self._recorded_id()
        if not container:
            return
        state.ui.say(f"Killing the container: {container}")
        try:
            _engine(state).remove_container(container)
        except EngineError as error:
            state.ui.error(error.message)
        self.container_id = ""
        self._cidfile = ""


class Commit(Step):
    """`docker commit` the container with the author, changes and message."""

    name = "StepCommit"

    def __init__(self, config: DockerConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Commit; the image id becomes the artifact's id and build.ImageSha256."""
        engine = _engine(state)
        changes = list(self.config.changes)
        state.ui.say("Committing the container")
        try:
            image_id = engine.commit(
                str(state.data["container_id"]), self.config.author, changes, self.config.message
            )
        except EngineError as error:
            raise _fail(state, error) from None
        state.data["image_id"] = image_id
        state.run.values["ImageSha256"] = image_id
        state.ui.message(f"Image ID: {image_id}")


class Export(Step):
    """`docker export` the container to export_path."""

    name = "StepExport"

    def __init__(self, config: DockerConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Export (the file is removed again when the export fails)."""
        path = self.config.export_path
        try:
            directory = os.path.dirname(path)
            if directory:
                os.makedirs(directory, mode=0o755, exist_ok=True)
            with open(path, "wb"):
                pass
        except OSError as error:
            raise _fail(state, KilnError(f"Error creating output file: {error}")) from None
        state.ui.say("Exporting the container")
        try:
            _engine(state).export(str(state.data["container_id"]), path)
        except (EngineError, CancelledError) as error:
            with contextlib.suppress(OSError):
                os.remove(path)
            if isinstance(error, EngineError):
                raise _fail(state, error) from None
            raise


def aws_access(config: Any) -> AwsAccess:
    """The `aws_*` options of the builder or of docker-push."""
    return AwsAccess(
        access_key=config.aws_access_key,
        secret_key=config.aws_secret_key,
        token=config.aws_token,
        profile=config.aws_profile,
        force_public=config.aws_force_use_public_ecr,
    )


def _image_template(argument: str, image: str) -> str:
    """run_command's `{{.Image}}` (spaces inside the braces allowed)."""
    return re.sub(r"\{\{\s*\.Image\s*\}\}", lambda _: image, argument)


def _messages(state: BuildState) -> OutputCallback:
    def show(_stream: str, line: str) -> None:
        if line.strip():
            state.ui.message(line)

    return show
