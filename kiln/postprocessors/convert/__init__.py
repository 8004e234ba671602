"""The `convert` post-processor (Kiln's own; Packer has none): writes the
artifact's disk image in another format, so one template yields images for
QEMU/KVM (qcow2, raw), VMware (vmdk, ova), VirtualBox (vdi, ova), Azure
(fixed vhd) and Hyper-V (vhdx).

It follows any builder whose artifact is a disk image (qemu, rootfs, or
`file`/`artifice` naming one). The work is qemu-img's (`qemu_img`); the OVA
package is made here (`ova`, `ovf`). Outputs appear whole or not at all
(`staging`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.artifact import Artifact
from kiln.components.base import PostProcessed, PostProcessor
from kiln.components.config import Config, Problems, option
from kiln.components.runtime import BuildRun
from kiln.postprocessors.convert.formats import (
    FORMATS,
    MANIFEST_DIGESTS,
    VMDK_ADAPTER_TYPES,
    VMDK_SUBFORMATS,
)
from kiln.postprocessors.convert.ovf import CONTROLLERS, OS_TYPES
from kiln.postprocessors.options import keep_input_artifact

BUILDER_ID = "kiln.post-processor.convert"

_OVA_OPTIONS = (
    "vm_name",
    "ova_cpus",
    "ova_memory",
    "ova_os_type",
    "ova_disk_controller",
    "ova_hardware_version",
)


@dataclass(kw_only=True)
class ConvertConfig(Config):
    """Options of the `convert` post-processor."""

    summary = "Converts the artifact's disk image to vmdk, vhd, vhdx, vdi, ova, qcow2 or raw."

    format: str = option(
        required=True,
        doc="The format to write: qcow2, raw, vmdk, vhd, vhdx, vdi, or ova (an OVF package "
        "with a streamOptimized VMDK).",
    )
    output: str = option(
        "",
        doc="The file written, a template with {{.BuildName}}, {{.BuilderType}}, {{.Format}} "
        "and the build's values; a directory (ending in /) keeps the default name. "
        "Default: beside the input disk, its name with the format's extension.",
    )
    disk_compression: bool = option(
        False, doc="qcow2: compress the clusters (smaller file, slower to write)."
    )
    vmdk_subformat: str = option(
        "monolithicSparse",
        doc="vmdk: monolithicSparse (VMware Workstation/Fusion, VirtualBox) or "
        "streamOptimized (compressed, for uploads to ESXi/vSphere).",
    )
    vmdk_adapter_type: str = option(
        "",
        doc="vmdk: the adapter its descriptor names: ide, lsilogic, buslogic or legacyESX "
        "(default ide, qemu-img's).",
    )
    vhd_fixed: bool = option(
        False,
        doc="vhd: a fixed-size VHD, its virtual size rounded up to a whole MiB, as Azure "
        "requires (default: a dynamic VHD for Hyper-V).",
    )
    vm_name: str = option(
        "", doc="ova: the machine's name, also naming the package's files (default: the build's)."
    )
    ova_cpus: int = option(1, doc="ova: virtual CPUs.")
    ova_memory: int = option(1024, doc="ova: memory in MiB.")
    ova_os_type: str = option(
        "linux-64",
        doc="ova: the guest system: other, other-64, linux, linux-64, debian, debian-64, "
        "ubuntu, ubuntu-64, or a CIM operating system number.",
    )
    ova_disk_controller: str = option(
        "ide",
        doc="ova: the disk controller: ide (any guest, VirtualBox and VMware alike), scsi "
        "(LSI Logic) or sata (AHCI; VirtualBox, recent VMware).",
    )
    ova_hardware_version: int = option(
        10, doc="ova: VMware's virtual hardware version (vmx-N); VirtualBox ignores it."
    )
    ova_manifest: str = option(
        "sha1",
        doc="ova: the manifest's digests: sha1 (OVF 1.0, read by every VMware and VirtualBox "
        "release), sha256 (OVF 2.0 readers), or none.",
    )
    keep_input_artifact: bool | None = keep_input_artifact(
        "Keep the input disk image as well as the converted one (false by default)."
    )

    def check(self, problems: Problems) -> None:
        """Known format and variants; OVA settings a machine can have."""
        if self.is_known("format") and self.format not in FORMATS:
            problems.add(f'Unknown format "{self.format}"; known: {", ".join(FORMATS)}', "format")
        self._check_choice(problems, "vmdk_subformat", VMDK_SUBFORMATS)
        if self.vmdk_adapter_type:
            self._check_choice(problems, "vmdk_adapter_type", VMDK_ADAPTER_TYPES)
        self._check_choice(problems, "ova_disk_controller", tuple(CONTROLLERS))
        self._check_choice(problems, "ova_manifest", (*MANIFEST_DIGESTS, "none"))
        if self.is_known("ova_os_type") and not (
            self.ova_os_type in OS_TYPES or self.ova_os_type.isdigit()
        ):
            problems.add(
                f'Unknown ova_os_type "{self.ova_os_type}"; known: {", ".join(OS_TYPES)}, '
                "or a CIM operating system number",
                "ova_os_type",
            )
        for name, lowest in (("ova_cpus", 1), ("ova_memory", 4), ("ova_hardware_version", 4)):
            if self.is_known(name) and getattr(self, name) < lowest:
                problems.add(f"{name} must be at least {lowest}", name)
        if self.is_known("vm_name") and ("/" in self.vm_name or len(self.vm_name) > 80):
            problems.add("vm_name must be a file name (no /) of at most 80 characters", "vm_name")
        self._check_applies(problems)

    def _check_choice(self, problems: Problems, name: str, choices: tuple[str, ...]) -> None:
        value = getattr(self, name)
        if self.is_known(name) and value not in choices:
            problems.add(f'{name} must be one of {", ".join(choices)}, not "{value}"', name)

    def _check_applies(self, problems: Problems) -> None:
        """Warn about settings the chosen format does not use."""
        if not self.is_known("format") or self.format not in FORMATS:
            return
        used_by = {
            "disk_compression": ("qcow2",),
            "vhd_fixed": ("vhd",),
            "vmdk_subformat": ("vmdk",),
            "vmdk_adapter_type": ("vmdk",),
            "ova_manifest": ("ova",),
            **dict.fromkeys(_OVA_OPTIONS, ("ova",)),
        }
        for name, formats in used_by.items():
            if self.format not in formats and self._changed(name):
                problems.warn(f'{name} has no effect on format "{self.format}"', name)

    def _changed(self, name: str) -> bool:
        default = ConvertConfig.__dataclass_fields__[name].default
        return bool(self.is_known(name) and getattr(self, name) != default)


class ConvertPostProcessor(PostProcessor):
    """Converts disk images with qemu-img; packs OVAs."""

    config_class = ConvertConfig
    config: ConvertConfig

    def post_process(self, run: BuildRun, artifact: Artifact) -> PostProcessed:
        """Write the converted image; the input is discarded unless `keep_input_artifact`."""
        from kiln.postprocessors.convert.conversion import convert_artifact  # noqa: PLC0415

        made = convert_artifact(self.config, run, artifact)
        return PostProcessed(made, keep_input=False)
