"""The `docker` communicator (entry point `kiln.communicators: docker`): a container
reached through its engine's command line (`exec`, `cp`), Docker or podman.

`connect(config, state)` is what the `Connect` step calls. The builder that
started the container leaves in `state.data`: "engine" (an `Engine`),
"container_id", and "temp_dir" (the host directory shared with the
container). Modules: engine (the command line of Docker or podman), archive
(tar streams), communicator (`ContainerCommunicator`).
"""

from __future__ import annotations

from typing import Any

from kiln.communicator.container.communicator import ContainerCommunicator, ContainerSettings
from kiln.communicator.container.engine import Engine, EngineError
from kiln.communicator.options import CommunicatorConfig
from kiln.components.runtime import BuildState
from kiln.errors import KilnError

__all__ = ["ContainerCommunicator", "ContainerSettings", "Engine", "EngineError", "connect"]


def connect(config: CommunicatorConfig, state: BuildState) -> ContainerCommunicator:
    """A communicator for the container the builder started (no waiting: it runs already)."""
    engine = state.data.get("engine")
    container_id = state.data.get("container_id")
    if not isinstance(engine, Engine) or not isinstance(container_id, str):
        raise KilnError(
            'The "docker" communicator works only with the docker builder, which starts '
            "the container it connects to."
        )
    state.ui.say("Using docker communicator to connect:")
    options: Any = config
    settings = ContainerSettings(
        container_id=container_id,
        exec_user=str(getattr(options, "exec_user", "") or ""),
        pty=bool(getattr(options, "pty", False)),
        fix_upload_owner=bool(getattr(options, "fix_upload_owner", True)),
        container_user=engine.inspect(container_id, "{{.Config.User}}"),
        scratch=str(state.data.get("temp_dir") or ""),
    )
    state.run.values.update({"ConnType": "docker"})
    return ContainerCommunicator(engine, settings, state.run.cancellation)
