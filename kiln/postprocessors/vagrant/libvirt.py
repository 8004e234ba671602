"""libvirt boxes (vagrant-libvirt): `box.img` (qcow2), metadata with the
disk's format and its size in whole GB, and the libvirt driver to use.

A qcow2 disk without a backing file goes into the box as it is (linked into
the box directory, read once by the archiver); a raw disk, or an overlay on
a backing file, is converted to a standalone qcow2 first.
"""

from __future__ import annotations

import os

from kiln.components.artifact import Artifact
from kiln.components.runtime import BuildRun
from kiln.errors import KilnError
from kiln.postprocessors.convert import qemu_img
from kiln.postprocessors.convert.conversion import converting, describe
from kiln.postprocessors.convert.disks import disk_file, disk_info
from kiln.postprocessors.vagrant.parts import BoxParts

GIB = 1 << 30

_VAGRANTFILE = """
Vagrant.configure("2") do |config|
  config.vm.provider :libvirt do |libvirt|
    libvirt.driver = "{driver}"
  end
end
"""


def fill(run: BuildRun, artifact: Artifact, directory: str) -> BoxParts:
    """Put `box.img` in `directory`; the Vagrantfile part and metadata."""
    path = disk_file(artifact, "vagrant")
    disk = disk_info(run, path, artifact)
    box_image = os.path.join(directory, "box.img")
    if disk.driver == "qcow2" and not disk.backing_file:
        run.ui.message(f"Using the disk from the artifact: {path}")
        os.symlink(os.path.abspath(path), box_image)
    else:
        run.ui.message(f"Converting {path} ({describe(disk)}) to qcow2 for libvirt")
        with converting(run, disk, box_image) as progress:
            qemu_img.convert(run, disk, box_image, "qcow2", progress=progress)
    driver = _driver(artifact.state("domainType"))
    return BoxParts(
        vagrantfile=_VAGRANTFILE.format(driver=driver),
        metadata={
            "provider": "libvirt",
            "format": "qcow2",
            "virtual_size": -(-disk.virtual_size // GIB),
        },
    )


def _driver(domain_type: object) -> str:
    """The libvirt driver for the accelerator the image was built with (kvm when unknown)."""
    if domain_type in (None, "", "kvm"):
        return "kvm"
    if domain_type in ("none", "tcg", "hvf"):
        return "qemu"
    raise KilnError(f"Unknown libvirt domain type: {domain_type}")
