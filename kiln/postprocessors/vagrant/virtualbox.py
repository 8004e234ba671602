"""VirtualBox boxes: `box.ovf`, the disks it references, metadata, and the
base MAC address Vagrant gives the first network adapter.

From an OVA (convert's, or a VirtualBox export) the package is unpacked; from
an OVF with its disks (the virtualbox builders) the files are linked in and
the descriptor renamed `box.ovf`; from a bare disk image (raw, qcow2, VMDK,
VDI) Kiln converts the disk to a streamOptimized VMDK and writes the
descriptor itself (SATA disk, one E1000 adapter on NAT).

The base MAC comes from the descriptor's VirtualBox section when it has one
(`<Adapter slot="0" ... MACAddress=...>`); otherwise one is derived from the
build's name in VirtualBox's range (08:00:27), since older Vagrant releases
refuse a VirtualBox box without `base_mac`.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import tarfile

from kiln.components.artifact import Artifact
from kiln.components.runtime import BuildRun
from kiln.errors import KilnError
from kiln.postprocessors.convert.conversion import converting, describe, vmdk_for_ovf
from kiln.postprocessors.convert.disks import disk_file, disk_info
from kiln.postprocessors.convert.ovf import OvfDisk, VirtualMachine, descriptor
from kiln.postprocessors.vagrant.parts import BoxParts

_BASE_MAC = re.compile(rb'<Adapter slot="0"[^>]*?MACAddress="([0-9A-Fa-f]{12})"')
_CHUNK = 1 << 20

_VAGRANTFILE = """
Vagrant.configure("2") do |config|
  config.vm.base_mac = "{mac}"
end
"""


def fill(run: BuildRun, artifact: Artifact, directory: str) -> BoxParts:
    """Put `box.ovf` and its disks in `directory`; the Vagrantfile part and metadata."""
    packaged = [p for p in artifact.files if p.lower().endswith((".ova", ".ovf"))]
    if packaged:
        for path in artifact.files:
            if path.lower().endswith(".ova"):
                run.ui.message(f"Unpacking OVA: {path}")
                _unpack(run, path, directory)
            else:
                run.ui.message(f"Using the file from the artifact: {path}")
                os.symlink(os.path.abspath(path), os.path.join(directory, os.path.basename(path)))
        run.ui.message("Renaming the OVF to box.ovf...")
        _rename_ovf(directory)
    else:
        _from_disk(run, artifact, directory)
    return BoxParts(
        vagrantfile=_VAGRANTFILE.format(mac=_base_mac(run, directory)),
        metadata={"provider": "virtualbox"},
    )


def _from_disk(run: BuildRun, artifact: Artifact, directory: str) -> None:
    path = disk_file(artifact, "vagrant")
    disk = disk_info(run, path, artifact)
    name = "box-disk1.vmdk"
    run.ui.message(f"Converting {path} ({describe(disk)}) to a VMDK for VirtualBox")
    machine = VirtualMachine(name=_machine_name(run), disk_controller="sata")
    target = os.path.join(directory, name)
    with converting(run, disk, target) as progress:
        _, capacity = vmdk_for_ovf(run, disk, target, machine, progress)
    run.ui.message("Writing box.ovf")
    text = descriptor(machine, [OvfDisk(name, os.stat(target).st_size, capacity)])
    with open(os.path.join(directory, "box.ovf"), "wb") as out:
        out.write(text)


def _machine_name(run: BuildRun) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", run.environment()["PACKER_BUILD_NAME"])
    return name.strip("._") or "vm"


def _unpack(run: BuildRun, path: str, directory: str) -> None:
    """The OVA's files into `directory`, under their base names (never a path)."""
    try:
        with tarfile.open(path, "r:") as package:
            for member in package:
                name = os.path.basename(member.name)
                if not member.isfile() or name in ("", ".", ".."):
                    continue
                source = package.extractfile(member)
                if source is None:
                    continue
                with source, open(os.path.join(directory, name), "wb") as out:
                    while chunk := source.read(_CHUNK):
                        run.check_cancelled()
                        out.write(chunk)
    except (OSError, tarfile.TarError) as error:
        raise KilnError(f"Unable to unpack the OVA {path}: {error}") from None


def _rename_ovf(directory: str) -> None:
    """The one OVF becomes `box.ovf`, and its manifest `box.mf` naming it so.

    VirtualBox checks the manifest named after the descriptor; renamed with
    it (the digests are those of unchanged files), it still protects the box.
    """
    found = glob.glob(os.path.join(glob.escape(directory), "*.ovf"))
    if len(found) > 1:
        raise KilnError("More than one OVF file in VirtualBox artifact.")
    if not found:
        raise KilnError("ovf file couldn't be found")
    old_name = os.path.basename(found[0])
    os.rename(found[0], os.path.join(directory, "box.ovf"))
    manifest = os.path.join(directory, old_name[: -len(".ovf")] + ".mf")
    if old_name != "box.ovf" and os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as source:
            text = source.read().replace(f"({old_name})=", "(box.ovf)=")
        os.remove(manifest)
        with open(os.path.join(directory, "box.mf"), "w", encoding="utf-8") as out:
            out.write(text)


def _base_mac(run: BuildRun, directory: str) -> str:
    with open(os.path.join(directory, "box.ovf"), "rb") as ovf:
        found = _BASE_MAC.search(ovf.read(16 << 20))
    if found:
        return found.group(1).decode().upper()
    digest = hashlib.sha256(run.environment()["PACKER_BUILD_NAME"].encode()).hexdigest()
    return f"080027{digest[:6].upper()}"
