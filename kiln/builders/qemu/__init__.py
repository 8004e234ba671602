"""The `qemu` builder: creates a qemu/KVM machine from an installer ISO or a disk
image, provisions it, and leaves its disk image (qcow2 or raw).

Its options are declared by `QemuConfig`, split by concern: `disk`, `machine`
(CPU, memory, firmware, TPM), `display` (VNC, QMP), `network`, plus the
shared groups in `kiln.builders.common`.

Steps, in Packer's order: fetch the ISO (`kiln.builders.common.download`),
prepare the output directory, the temporary SSH key, the extra CD, the disks
(`disk_steps`), EFI variables, the HTTP server's address and the server,
the forwarded host port and the VNC port (`network_steps`), start qemu
(`launch`: accelerator probe in `accelerator`, command line in
`command_line`, serial console in `serial`), the VNC password over QMP,
type the boot command (`kiln.builders.common.boot_typing`), connect,
provision, remove the temporary key, shut down (`shutdown_step`), compact
(`disk_steps.ConvertDisk`). The artifact (`artifact`) is the output
directory's files.
"""

from __future__ import annotations

from kiln.builders.qemu.config import QemuConfig
from kiln.components.artifact import Artifact
from kiln.components.base import Builder
from kiln.components.runtime import BuildRun, BuildState, Provision, Step
from kiln.errors import KilnError

__all__ = ["QemuBuilder", "QemuConfig"]


class QemuBuilder(Builder):
    """Builds qemu/KVM disk images."""

    config_class = QemuConfig
    builder_id = "transcend.qemu"
    config: QemuConfig

    def steps(self, run: BuildRun) -> list[Step]:
        """Packer's qemu steps, in its order."""
        from kiln.builders.common.boot_typing import TypeBootCommand  # noqa: PLC0415
        from kiln.builders.common.cd_image import CreateCD  # noqa: PLC0415
        from kiln.builders.common.download import DownloadISO  # noqa: PLC0415
        from kiln.builders.common.floppy_image import CreateFloppy  # noqa: PLC0415
        from kiln.builders.common.http_server import StartHTTPServer  # noqa: PLC0415
        from kiln.builders.common.output_dir import PrepareOutputDirectory  # noqa: PLC0415
        from kiln.builders.qemu import disk_steps, launch, network_steps  # noqa: PLC0415
        from kiln.builders.qemu.shutdown_step import ShutdownMachine  # noqa: PLC0415
        from kiln.communicator.connect import Connect  # noqa: PLC0415
        from kiln.communicator.temporary_keys import (  # noqa: PLC0415
            CreateSSHKeyPair,
            RemoveTemporaryKey,
        )

        config = self.config
        _refuse_unsupported(config)
        name = config.image_name(run.source_name or run.name)
        output = config.output_dir(run.source_name or run.name)
        fetch: Step = _UseISOURL(config) if config.iso_skip_cache else DownloadISO(config)
        return [
            fetch,
            PrepareOutputDirectory(output),
            CreateFloppy(config),
            CreateSSHKeyPair(config),
            CreateCD(config),
            disk_steps.CreateDisk(config, name),
            disk_steps.CopyDisk(config, name),
            disk_steps.ResizeDisk(config, name),
            disk_steps.PrepareEFIVars(config),
            network_steps.DiscoverHTTPIP(config),
            StartHTTPServer(config),
            network_steps.ForwardHostPort(config),
            network_steps.ConfigureVNC(config),
            launch.RunMachine(config, name),
            launch.SetVNCPassword(config, name),
            TypeBootCommand(config, name, config.boot_steps),
            Connect(config),
            Provision(),
            RemoveTemporaryKey(config),
            ShutdownMachine(config, config),
            disk_steps.ConvertDisk(config, name),
        ]

    def artifact(self, state: BuildState) -> Artifact | None:
        """The output directory's files (efivars.fd left out with efi_drop_efivars)."""
        from kiln.builders.qemu.artifact import QemuArtifact, files_in  # noqa: PLC0415

        if state.failed or "output_directory" not in state.data:
            return None
        config = self.config
        name = config.image_name(state.run.source_name or state.run.name)
        directory = config.output_dir(state.run.source_name or state.run.name)
        leave_out = ("efivars.fd",) if config.efi_drop_efivars else ()
        return QemuArtifact(
            directory,
            files_in(directory, leave_out),
            {
                "diskName": name,
                "diskPaths": list(state.data.get("qemu_disk_paths") or []),
                "diskType": config.format,
                "diskSize": config.disk_size,
                "domainType": str(state.data.get("accelerator") or config.accelerator),
            },
        )


def _refuse_unsupported(config: QemuConfig) -> None:
    """Options Kiln accepts in templates but cannot run yet: said before anything starts."""
    unsupported = [
        name
        for name, used in (
            ("vtpm", config.vtpm),
            ("net_bridge", bool(config.net_bridge)),
        )
        if used
    ]
    if unsupported:
        raise KilnError(
            f"The qemu builder of this version of Kiln cannot run with {', '.join(unsupported)}.",
            hint="Remove them from the source; Kiln does not run them yet.",
        )


class _UseISOURL(Step):
    """iso_skip_cache: qemu reads iso_url itself (its curl block driver)."""

    name = "stepSetISO"

    def __init__(self, config: QemuConfig) -> None:
        self.config = config

    def run(self, state: BuildState) -> None:
        """Use the first URL as it is."""
        state.data["iso_path"] = self.config.iso_sources[0]
