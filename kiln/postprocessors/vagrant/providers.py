"""Which Vagrant provider a box is made for, from the artifact it is made of.

Packer's plugin knows builders by their artifact's builder id (the table
below, as in its `builtins`); Kiln adds its own disk-producing components,
whose provider depends on what the artifact holds: an OVF package or a
VMDK/VDI disk makes a VirtualBox box, a raw or qcow2 disk a libvirt box.
`provider_override` always wins. Kiln makes boxes for two providers,
`libvirt` and `virtualbox`; the others are named so that their error says
so rather than "unknown".
"""

from __future__ import annotations

import os

from kiln.components.artifact import Artifact
from kiln.components.runtime import BuildRun
from kiln.errors import KilnError

#: Packer's builder ids and the provider each one's artifact is boxed for.
PACKER_BUILDERS = {
    "mitchellh.amazonebs": "aws",
    "mitchellh.amazon.instance": "aws",
    "mitchellh.virtualbox": "virtualbox",
    "mitchellh.vmware": "vmware",
    "mitchellh.vmware-esx": "vmware",
    "pearkes.digitalocean": "digitalocean",
    "packer.googlecompute": "google",
    "hashicorp.scaleway": "scaleway",
    "packer.parallels": "parallels",
    "MSOpenTech.hyperv": "hyperv",
    "transcend.qemu": "libvirt",
    "ustream.lxc": "lxc",
    "Azure.ResourceManagement.VMImage": "azure",
    "packer.post-processor.docker-import": "docker",
    "packer.post-processor.docker-tag": "docker",
    "packer.post-processor.docker-push": "docker",
    "packer.file": "file",
}

#: Kiln's components whose artifact is a disk image (or an OVA) of any format.
KILN_DISK_BUILDERS = ("kiln.rootfs", "kiln.post-processor.convert")

#: The providers Kiln makes boxes for.
MADE = ("libvirt", "virtualbox")

_VIRTUALBOX_DRIVERS = ("vmdk", "vdi")
_LIBVIRT_DRIVERS = ("raw", "qcow2")


def provider_for(run: BuildRun, artifact: Artifact, override: str) -> str:
    """The provider to box `artifact` for; raises when Kiln cannot make that box."""
    name = override or _by_builder(run, artifact)
    if name not in MADE:
        raise KilnError(
            f"Kiln makes Vagrant boxes for the {' and '.join(MADE)} providers; the {name} "
            f"provider (for the {artifact.builder_id} artifact) is not supported yet."
        )
    return name


def _by_builder(run: BuildRun, artifact: Artifact) -> str:
    builder_id = artifact.builder_id
    if builder_id in PACKER_BUILDERS:
        return PACKER_BUILDERS[builder_id]
    if builder_id in KILN_DISK_BUILDERS:
        return _by_content(run, artifact)
    hint = None
    if builder_id == "packer.post-processor.artifice":
        hint = (
            "When using an artifact created by the artifice post-processor, you need to set "
            "the provider_override option."
        )
    raise KilnError(f"Unknown artifact type, can't build box: {builder_id}", hint=hint)


def _by_content(run: BuildRun, artifact: Artifact) -> str:
    from kiln.postprocessors.convert.disks import disk_file, disk_info  # noqa: PLC0415

    if any(path.lower().endswith((".ova", ".ovf")) for path in artifact.files):
        return "virtualbox"
    disk = disk_info(run, disk_file(artifact, "vagrant"), artifact)
    if disk.driver in _VIRTUALBOX_DRIVERS:
        return "virtualbox"
    if disk.driver in _LIBVIRT_DRIVERS:
        return "libvirt"
    raise KilnError(
        f"No Vagrant provider takes {os.path.basename(disk.path)} as it is ({disk.driver}): "
        "libvirt boxes are made of raw or qcow2 disks, virtualbox boxes of OVF packages, "
        "VMDK or VDI disks.",
        hint='Set provider_override = "libvirt" or "virtualbox" to have the disk converted.',
    )
