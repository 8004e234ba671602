"""The `null` builder: creates nothing, only connects to an existing machine
through its communicator so that provisioners can run there."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.communicator.connect import Connect
from kiln.communicator.options import CommunicatorConfig
from kiln.components.artifact import Artifact
from kiln.components.base import Builder
from kiln.components.config import Problems
from kiln.components.runtime import BuildRun, BuildState, Provision, Step


@dataclass(kw_only=True)
class NullConfig(CommunicatorConfig):
    """Options of the `null` builder: the communicator's, nothing more."""

    summary = "Connects to an existing machine and runs provisioners on it."

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then: a host and one way to log in."""
        super().check(problems)
        if not self.is_known("communicator") or self.communicator not in ("ssh", "winrm"):
            return
        host_option = f"{self.communicator}_host"
        if self.is_known(host_option) and not self.host:
            problems.add(
                f"a Host must be specified ({host_option}), please reference your "
                "communicator documentation",
                host_option,
            )
        self._check_authentication(problems)

    def _check_authentication(self, problems: Problems) -> None:
        ways = ("ssh_agent_auth", "ssh_password", "ssh_private_key_file")
        password_option = f"{self.communicator}_password"
        if not self.is_known(*ways, password_option):
            return
        if not (self.ssh_agent_auth or self.password or self.ssh_private_key_file):
            problems.add(
                "one authentication method must be specified, please reference your "
                "communicator documentation",
                password_option,
            )
        chosen = [name for name in ways if getattr(self, name)]
        if len(chosen) > 1:
            problems.add(
                "only one of ssh_agent_auth, ssh_password, and ssh_private_key_file "
                "must be specified",
                chosen[1],
            )


class NullBuilder(Builder):
    """Connects to an existing machine."""

    config_class = NullConfig
    builder_id = "fnoeding.null"
    config: NullConfig

    def steps(self, run: BuildRun) -> list[Step]:
        """Connect, provision."""
        # Packer's null builder names its machine "Null": that is its build.ID.
        run.values["ID"] = "Null"
        return [Connect(self.config), Provision()]

    def artifact(self, state: BuildState) -> Artifact:
        """Nothing is exported: an artifact that only says so."""
        return NullArtifact(
            builder_id=self.builder_id,
            id="Null",
            description="Did not export anything. This is the null builder",
        )


class NullArtifact(Artifact):
    """The null builder's artifact: no files, nothing to destroy."""

    def destroy(self) -> None:
        """Nothing to delete."""
