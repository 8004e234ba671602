"""The `rootfs` builder (Kiln's own; Packer has none): an operating system image
made straight from distribution packages, with no installer and no virtual machine.

Steps: make the output directory; bootstrap the release with mmdebstrap
(`bootstrap`); connect provisioners through the chroot communicator and
configure the system (`system`); provision; for a bootable disk, install
GRUB (`boot`); finish the system; write the directory, tar or disk image
(`output`, `disk`, `layout`). Identifiers and timestamps come from
`source_date_epoch` when it is set (`reproducible`).
"""

from __future__ import annotations

from kiln.builders.rootfs.config import RootfsConfig
from kiln.components.base import Builder
from kiln.components.runtime import BuildRun, Provision, Step

__all__ = ["RootfsBuilder", "RootfsConfig"]


class RootfsBuilder(Builder):
    """Builds root filesystems, tars and bootable disk images from packages."""

    config_class = RootfsConfig
    config: RootfsConfig
    builder_id = "kiln.rootfs"

    def steps(self, run: BuildRun) -> list[Step]:
        """Output directory, bootstrap, chroot, configure, provision, GRUB, finish, write."""
        from kiln.builders.common.output_dir import PrepareOutputDirectory  # noqa: PLC0415
        from kiln.builders.rootfs.boot import InstallBootloader  # noqa: PLC0415
        from kiln.builders.rootfs.bootstrap import Bootstrap, host_architecture  # noqa: PLC0415
        from kiln.builders.rootfs.layout import DiskIds  # noqa: PLC0415
        from kiln.builders.rootfs.output import WriteImage  # noqa: PLC0415
        from kiln.builders.rootfs.reproducible import Identity  # noqa: PLC0415
        from kiln.builders.rootfs.system import Configure, EnterChroot, Finalize  # noqa: PLC0415

        config = self.config
        name = run.source_name or run.name
        identity = Identity.for_build(config.source_date_epoch, name)
        ids = DiskIds.make(identity)
        chosen: list[Step] = [
            PrepareOutputDirectory(config.output_dir(name)),
            Bootstrap(config),
            EnterChroot(config),
            Configure(config, identity, ids),
            Provision(),
        ]
        if config.bootable and config.is_disk:
            uefi = config.partition_table == "gpt"
            chosen.append(InstallBootloader(ids.root_filesystem, uefi))
        architecture = config.architecture or host_architecture()
        chosen += [Finalize(config), WriteImage(config, ids, architecture)]
        return chosen
