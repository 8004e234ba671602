"""Which file of an artifact is its disk image, and what format it is in.

Shared by `convert` and `vagrant`. An artifact of one file is that file; of
several (artifice, a builder that leaves logs beside the disk), the one file
with a disk image's extension. The format comes from the artifact when its
builder says (`diskType`, as the qemu builder's artifact has it), else from
qemu-img's probe; a `.vhd` file is read as VHD first, because a fixed VHD
looks like a raw image to the probe.
"""

from __future__ import annotations

import os

from kiln.components.artifact import Artifact
from kiln.components.runtime import BuildRun
from kiln.errors import CommandFailedError, KilnError
from kiln.postprocessors.convert import qemu_img
from kiln.postprocessors.convert.formats import INPUT_DRIVERS
from kiln.postprocessors.convert.qemu_img import DiskInfo

DISK_EXTENSIONS = (".raw", ".img", ".qcow2", ".vmdk", ".vhd", ".vhdx", ".vdi")


def disk_file(artifact: Artifact, what: str) -> str:
    """The path of `artifact`'s one disk image; `what` names the post-processor."""
    files = list(artifact.files)
    if len(files) == 1:
        return files[0]
    # The qemu builder names its main disk (others are its additional disks).
    named = artifact.state("diskName")
    chosen = [path for path in files if named and os.path.basename(path) == named]
    if len(chosen) == 1:
        return chosen[0]
    disks = [path for path in files if path.lower().endswith(DISK_EXTENSIONS)]
    if len(disks) == 1:
        return disks[0]
    listed = ", ".join(files) if files else "none"
    raise KilnError(
        f"{what} needs an artifact with one disk image; the {artifact.builder_id} "
        f"artifact has {len(files)} files ({listed}).",
        hint="Pick the disk with an `artifice` post-processor before it.",
    )


def disk_info(run: BuildRun, path: str, artifact: Artifact) -> DiskInfo:
    """What the disk image `path` of `artifact` is (format, virtual size)."""
    if not os.path.isfile(path):
        raise KilnError(f"The artifact's disk image {path} does not exist or is not a file.")
    if path.lower().endswith(".ova"):
        raise KilnError(
            f"{path} is an OVF package (OVA), not a disk image.",
            hint="Convert the disk image the OVA was made from, or box the OVA with `vagrant`.",
        )
    declared = artifact.state("diskType")
    driver = declared if isinstance(declared, str) and declared in INPUT_DRIVERS else None
    if driver is None and path.lower().endswith(".vhd"):
        driver = "vpc"
    try:
        found = qemu_img.info(run, path, driver)
    except CommandFailedError:
        if driver != "vpc" or declared == "vpc":
            raise
        found = qemu_img.info(run, path)
    if found.driver not in INPUT_DRIVERS:
        raise KilnError(
            f"{path} is a {found.driver} image; raw, qcow2, vmdk, vhd, vhdx and vdi "
            "images can be converted."
        )
    return found
