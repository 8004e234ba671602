"""One run of `convert`: where the output goes, qemu-img's settings for the
format, the OVA package, and the artifact that describes the result."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator

from kiln.components.artifact import Artifact
from kiln.components.runtime import BuildRun, Progress
from kiln.errors import KilnError
from kiln.postprocessors.compress.output import render_output
from kiln.postprocessors.convert import BUILDER_ID, ConvertConfig, ova, qemu_img
from kiln.postprocessors.convert.disks import DISK_EXTENSIONS, disk_file, disk_info
from kiln.postprocessors.convert.formats import FORMATS, INPUT_DRIVERS, DiskFormat, round_up_to_mib
from kiln.postprocessors.convert.ovf import VMDK_ADAPTERS, VirtualMachine
from kiln.postprocessors.convert.qemu_img import DiskInfo
from kiln.postprocessors.convert.staging import staged

#: Inputs with at least this much data get a progress bar.
PROGRESS_MIN_BYTES = 16 << 20

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def convert_artifact(config: ConvertConfig, run: BuildRun, artifact: Artifact) -> Artifact:
    """Convert `artifact`'s disk image as `config` says; the new artifact."""
    chosen = FORMATS[config.format]
    source_path = disk_file(artifact, "convert")
    source = disk_info(run, source_path, artifact)
    target = output_path(config, run, artifact, source_path, chosen)
    if os.path.exists(target) and os.path.samefile(target, source_path):
        raise KilnError(f"convert's output {target} is its input disk; choose another output.")
    run.ui.say(f"Converting {source_path} ({describe(source)}) to {chosen.name}: {target}")
    with staged(target) as path, converting(run, source, target) as progress:
        if chosen.name == "ova":
            virtual_size = _write_ova(config, run, source, path, progress)
        else:
            virtual_size = _write_disk(config, run, source, path, chosen=chosen, progress=progress)
    run.ui.say(f"Converted image {target} ({chosen.name}, {human_size(virtual_size)} virtual)")
    return _artifact(artifact, target, chosen, virtual_size)


@contextlib.contextmanager
def converting(run: BuildRun, source: DiskInfo, target: str) -> Iterator[Progress | None]:
    """A progress bar for converting `source` to `target` when it holds enough data to wait for."""
    if source.actual_size < PROGRESS_MIN_BYTES:
        yield None
        return
    progress = run.ui.progress(f"Converting to {target}", None)
    try:
        yield progress
    finally:
        progress.close()


def output_path(
    config: ConvertConfig, run: BuildRun, artifact: Artifact, source: str, chosen: DiskFormat
) -> str:
    """The file `output` names, or the default beside the input disk."""
    base, extension = os.path.splitext(source)
    if extension.lower() not in DISK_EXTENSIONS:
        base = source
    default_name = os.path.basename(f"{base}.{chosen.extension}")
    if os.path.abspath(f"{base}.{chosen.extension}") == os.path.abspath(source):
        default_name = os.path.basename(f"{base}-converted.{chosen.extension}")
    if not config.output:
        return os.path.join(os.path.dirname(source), default_name)
    generated = artifact.state("generated_data") or {}
    target = render_output(config.output, run, {**generated, "Format": chosen.name})
    if target.endswith(os.sep) or os.path.isdir(target):
        return os.path.join(target, default_name)
    return target


def _write_disk(
    config: ConvertConfig,
    run: BuildRun,
    source: DiskInfo,
    path: str,
    *,
    chosen: DiskFormat,
    progress: Progress | None,
) -> int:
    """The image in a disk format at `path`; its virtual size."""
    options: dict[str, str] = {}
    if chosen.name == "vmdk":
        options["subformat"] = config.vmdk_subformat
        if config.vmdk_adapter_type:
            options["adapter_type"] = config.vmdk_adapter_type
    elif chosen.name == "vhdx":
        options["subformat"] = "dynamic"
    elif chosen.name == "vhd":
        # force_size keeps the size exact instead of rounding it to a CHS geometry.
        options = {"subformat": "fixed" if config.vhd_fixed else "dynamic", "force_size": "on"}
        if config.vhd_fixed:
            size = round_up_to_mib(source.virtual_size)
            if size != source.virtual_size:
                run.ui.message(f"Virtual size rounded up to a whole MiB for Azure: {size} bytes")
            qemu_img.create(run, path, chosen.driver, size, options)
            qemu_img.convert(run, source, path, chosen.driver, existing=True, progress=progress)
            return size
    qemu_img.convert(
        run,
        source,
        path,
        chosen.driver,
        options=options,
        compress=config.disk_compression and chosen.name == "qcow2",
        progress=progress,
    )
    return qemu_img.info(run, path, chosen.driver).virtual_size


def _write_ova(
    config: ConvertConfig, run: BuildRun, source: DiskInfo, path: str, progress: Progress | None
) -> int:
    """An OVA at `path`: a streamOptimized VMDK converted beside it, then packed."""
    name = config.vm_name or _safe_name(run.environment()["PACKER_BUILD_NAME"])
    machine = VirtualMachine(
        name=name,
        cpus=config.ova_cpus,
        memory_mib=config.ova_memory,
        os_type=config.ova_os_type,
        disk_controller=config.ova_disk_controller,
        hardware_version=config.ova_hardware_version,
    )
    disk_path = os.path.join(os.path.dirname(path), f"{name}-disk1.vmdk")
    disk = vmdk_for_ovf(run, source, disk_path, machine, progress)
    run.ui.say(f"Packing the OVF package {os.path.basename(path)}")
    manifest = "" if config.ova_manifest == "none" else config.ova_manifest
    ova.write(run, path, ova.Package(machine, [disk], manifest), progress)
    return disk[1]


def vmdk_for_ovf(
    run: BuildRun,
    source: DiskInfo,
    target: str,
    machine: VirtualMachine,
    progress: Progress | None = None,
) -> tuple[str, int]:
    """`source` as the streamOptimized VMDK `target` that an OVF package holds.

    Returns its path and virtual size (what the descriptor gives as capacity).
    """
    adapter = VMDK_ADAPTERS[machine.disk_controller]
    options = {"subformat": "streamOptimized", "adapter_type": adapter}
    qemu_img.convert(run, source, target, "vmdk", options=options, progress=progress)
    return target, qemu_img.info(run, target, "vmdk").virtual_size


def _artifact(input_artifact: Artifact, target: str, chosen: DiskFormat, size: int) -> Artifact:
    state = {
        "format": chosen.name,
        "diskName": os.path.basename(target),
        "diskSize": f"{round_up_to_mib(size) >> 20}M",
        "generated_data": input_artifact.state("generated_data") or {},
    }
    if chosen.name != "ova":
        state["diskType"] = chosen.driver
    domain = input_artifact.state("domainType")
    if domain:
        state["domainType"] = domain
    kind = "OVF package (OVA)" if chosen.name == "ova" else f"{chosen.name} disk image"
    return Artifact(
        builder_id=BUILDER_ID,
        id=target,
        files=[target],
        description=f"{kind}: {target}",
        state=state,
    )


def describe(disk: DiskInfo) -> str:
    """`qcow2, 2 GiB`: a disk's format and virtual size for messages."""
    return f"{INPUT_DRIVERS.get(disk.driver, disk.driver)}, {human_size(disk.virtual_size)}"


def human_size(size: int) -> str:
    """Bytes in binary units, as qemu-img shows them (`64 MiB`, `1.5 GiB`)."""
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            shown = f"{value:.1f}".removesuffix(".0")
            return f"{shown} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _safe_name(name: str) -> str:
    return _UNSAFE_NAME.sub("_", name).strip("._") or "vm"
