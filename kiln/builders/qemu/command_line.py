"""The qemu command line: the builder's default switches, then `qemuargs` merged over them.

As Packer builds it: each default is one switch with one value (or a list
of values for `-device` and `-drive`); a `qemuargs` row `["-switch",
"parts"...]` replaces every default value of that switch (its parts are
joined without a separator; a row with no value gives the bare switch);
a `-device` override that no longer mentions `net_device` gets the NIC
added back. Packer's order is Go's random map order; Kiln's is stable:
the defaults in the order below, each replaced in place, then the
switches only `qemuargs` has, in their order.

One default is Kiln's own: `-serial` connects the guest's first serial
port to a socket Kiln reads into the debug log (a `qemuargs` `-serial`
replaces it, as any default).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiln.builders.qemu.config import QemuConfig
from kiln.components.runtime import BuildRun
from kiln.errors import KilnError
from kiln.template.legacy.functions import RenderContext
from kiln.template.legacy.gotemplate import TemplateError
from kiln.template.legacy.render import interpolate

VNC_FIRST_PORT = 5900


@dataclass
class Machine:
    """What the command line is made from, beyond the options: paths and ports found by steps."""

    vm_name: str
    output_directory: str
    accelerator: str
    disk_paths: Sequence[str]
    vnc_address: str
    vnc_port: int
    iso_path: str = ""
    cd_path: str = ""
    floppy_path: str = ""
    efivars_path: str = ""
    #: The host port forwarded to the guest's communicator port (0: none).
    host_port: int = 0
    guest_port: int = 22
    #: The address the forwarded port listens on ("" = every interface, as Packer).
    forward_address: str = ""
    vnc_password: bool = False
    serial_socket: str = ""
    qmp_socket: str = ""


def default_arguments(config: QemuConfig, machine: Machine) -> dict[str, str | list[str]]:
    """The builder's switches before `qemuargs`."""
    args: dict[str, str | list[str]] = {}
    if not config.efi_enabled:
        args["-boot"] = "c" if config.disk_image else "once=d"
    if machine.qmp_socket:
        args["-qmp"] = f"unix:{machine.qmp_socket},server,nowait"
    args["-name"] = machine.vm_name
    if machine.accelerator == "none":
        args["-machine"] = f"type={config.machine_type}"
    else:
        args["-machine"] = f"type={config.machine_type},accel={machine.accelerator}"
    if config.firmware and not config.use_pflash:
        args["-bios"] = config.firmware
    args["-netdev"] = _netdev(config, machine)
    vnc = f"{machine.vnc_address}:{machine.vnc_port - VNC_FIRST_PORT}"
    args["-vnc"] = f"{vnc},password=on" if machine.vnc_password else vnc
    args["-m"] = f"{config.memory}M"
    if machine.floppy_path:
        args["-fda"] = machine.floppy_path
    args["-smp"] = config.smp
    if config.cpu_model:
        args["-cpu"] = config.cpu_model
    if not config.headless:
        if config.display and config.display != "none":
            args["-display"] = config.display
        elif not config.use_default_display:
            args["-display"] = "gtk"
    if config.vga:
        args["-vga"] = config.vga
    devices, drives = _devices_and_drives(config, machine)
    args["-device"] = devices
    args["-drive"] = drives
    if machine.serial_socket:
        args["-serial"] = f"unix:{machine.serial_socket}"
    return args


def _netdev(config: QemuConfig, machine: Machine) -> str:
    if config.net_bridge:
        return f"bridge,id=user.0,br={config.net_bridge}"
    if not machine.host_port:
        return "user,id=user.0"
    return (
        f"user,id=user.0,hostfwd=tcp:{machine.forward_address}:{machine.host_port}"
        f"-:{machine.guest_port}"
    )


def _devices_and_drives(config: QemuConfig, machine: Machine) -> tuple[list[str], list[str]]:
    devices: list[str] = []
    drives: list[str] = []
    scsi_index = 0
    for index, path in enumerate(machine.disk_paths):
        modes = f"cache={config.disk_cache},discard={config.disk_discard},format={config.format}"
        drive = f"file={path},if={config.disk_interface},{modes}"
        if config.disk_interface == "virtio-scsi":
            if scsi_index == 0:
                devices.append("virtio-scsi-pci,id=scsi0")
            devices.append(f"scsi-hd,bus=scsi0.0,drive=drive{index}")
            drive = f"if=none,file={path},id=drive{index},{modes}"
            scsi_index += 1
        if config.disk_detect_zeroes != "off":
            drive += f",detect-zeroes={config.disk_detect_zeroes}"
        drives.append(drive)
    devices.append(f"{config.net_device},netdev=user.0")
    cds = [path for path in (machine.iso_path, machine.cd_path) if path]
    for index, path in enumerate(cds):
        interface = config.cdrom_interface
        if not interface:
            drives.append(f"file={path},media=cdrom")
        elif interface == "virtio-scsi":
            if scsi_index == 0:
                devices.append("virtio-scsi-pci,id=scsi0")
            drives.append(f"file={path},if=none,index={scsi_index},id=cdrom{index},media=cdrom")
            devices += ["virtio-scsi-device", f"scsi-cd,drive=cdrom{index}"]
            scsi_index += 1
        else:
            drives.append(f"file={path},if={interface},index={index},id=cdrom{index},media=cdrom")
    if config.firmware and config.use_pflash:
        drives.append(f"file={config.firmware},if=pflash,format=raw,readonly=on")
    if config.efi_enabled:
        drives.append(f"file={config.efi_code_path},if=pflash,unit=0,format=raw,readonly=on")
        drives.append(f"file={machine.efivars_path},if=pflash,unit=1,format=raw")
    return devices, drives


def merge_arguments(
    defaults: Mapping[str, str | list[str]],
    qemuargs: Sequence[Sequence[str]],
    net_device: str,
) -> list[str]:
    """Packer's merge of `qemuargs` over the defaults, flattened into argv (no program)."""
    given: dict[str, list[str]] = {}
    for row in qemuargs:
        if not row:
            continue
        values = given.setdefault(row[0], [])
        value = "".join(row[1:])
        if value:
            values.append(value)
    merged: dict[str, list[str]] = {}
    for key, default in defaults.items():
        if key in given:
            merged[key] = given[key]
        else:
            merged[key] = [default] if isinstance(default, str) else list(default)
    for key, values in given.items():
        merged.setdefault(key, values)
    if "-device" in given and net_device not in "".join(merged["-device"]):
        merged["-device"].append(f"{net_device},netdev=user.0")
    argv: list[str] = []
    for key, values in merged.items():
        if not values:
            argv.append(key)
        for value in values:
            argv += [key, value]
    return argv


def render_qemuargs(config: QemuConfig, data: Mapping[str, Any], run: BuildRun) -> list[list[str]]:
    """`qemuargs` with `{{ .HTTPIP }}`, `{{ .SSHHostPort }}`... rendered."""
    context = RenderContext.for_build(run, data, "qemuArgsTemplateData")
    rendered: list[list[str]] = []
    for row in config.qemuargs:
        try:
            rendered.append([interpolate(part, context) if "{{" in part else part for part in row])
        except TemplateError as error:
            raise KilnError(f"Error processing QemuArgs: {error}") from None
    return rendered


def template_data(
    config: QemuConfig, machine: Machine, http_ip: str, http_port: int
) -> dict[str, Any]:
    """What `qemuargs` templates can read."""
    return {
        "HTTPIP": http_ip,
        "HTTPPort": http_port,
        "HTTPDir": config.http_directory,
        "HTTPContent": dict(config.http_content),
        "OutputDir": machine.output_directory,
        "Name": machine.vm_name,
        "SSHHostPort": machine.host_port,
    }


def disk_path(output_directory: str, vm_name: str, index: int = 0) -> str:
    """The path of disk `index` (0: the main disk; then VM_NAME-1, VM_NAME-2...)."""
    name = vm_name if index == 0 else f"{vm_name}-{index}"
    return os.path.join(output_directory, name)
