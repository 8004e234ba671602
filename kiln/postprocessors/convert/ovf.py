"""OVF 1.0 descriptors (DMTF DSP0243) for one virtual machine, as VirtualBox and VMware import them.

The descriptor is built with `xml.etree`: References (the disk files),
DiskSection, NetworkSection, then one VirtualSystem with its operating
system and its VirtualHardwareSection (CPUs, memory, a disk controller,
the disks, one E1000 network adapter on the network "NAT").

Names are written as VirtualBox and ovftool write them: elements in the
envelope namespace as the default namespace, OVF attributes with the `ovf:`
prefix, resource settings with `rasd:` and `vssd:`. ElementTree gives each
namespace one prefix, so the prefixed names are written as given and the
namespace declarations are set on the envelope. The elements of an Item and
of System are in alphabetical order: the CIM schemas declare them as an
alphabetical sequence, and ovftool checks it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

OVF_NS = "http://schemas.dmtf.org/ovf/envelope/1"
RASD_NS = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
VSSD_NS = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData"

#: How OVF names a streamOptimized VMDK (the only disk format both importers take).
VMDK_STREAM_FORMAT = "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"

#: `ova_os_type` names: the CIM operating system id and its description.
OS_TYPES: dict[str, tuple[int, str]] = {
    "other": (1, "Other"),
    "other-64": (102, "Other 64-Bit"),
    "linux": (36, "Linux"),
    "linux-64": (101, "Linux 64-Bit"),
    "debian": (95, "Debian"),
    "debian-64": (96, "Debian 64-Bit"),
    "ubuntu": (93, "Ubuntu"),
    "ubuntu-64": (94, "Ubuntu 64-Bit"),
}

#: `ova_disk_controller`: CIM resource type, subtype, and the name shown.
CONTROLLERS: dict[str, tuple[int, str, str]] = {
    "ide": (5, "PIIX4", "IDE Controller"),
    "scsi": (6, "lsilogic", "SCSI Controller"),
    "sata": (20, "AHCI", "SATA Controller"),
}

#: The VMDK descriptor's adapter type that matches each controller.
VMDK_ADAPTERS = {"ide": "ide", "scsi": "lsilogic", "sata": "ide"}

# CIM resource types (DSP1041 / CIM_ResourceAllocationSettingData).
_PROCESSOR, _MEMORY, _ETHERNET, _DISK = 3, 4, 10, 17


@dataclass(frozen=True)
class OvfDisk:
    """One disk of the package: its file (in the package) and the guest's disk size."""

    file_name: str
    file_size: int
    capacity: int


@dataclass(frozen=True)
class VirtualMachine:
    """The machine an OVF descriptor describes."""

    name: str
    cpus: int = 1
    memory_mib: int = 1024
    os_type: str = "linux-64"
    disk_controller: str = "ide"
    #: VMware's virtual hardware version (`vmx-N`); VirtualBox does not read it.
    hardware_version: int = 10
    network: str = "NAT"


def os_type_id(name: str) -> tuple[int, str]:
    """The CIM id and description of `ova_os_type` (a name above, or a CIM number)."""
    if name in OS_TYPES:
        return OS_TYPES[name]
    if name.isdigit():
        return int(name), f"CIM operating system {name}"
    raise ValueError(name)


def descriptor(machine: VirtualMachine, disks: Sequence[OvfDisk]) -> bytes:
    """The OVF descriptor of `machine` with `disks`, as UTF-8 XML."""
    envelope = ET.Element(
        "Envelope",
        {
            "xmlns": OVF_NS,
            "xmlns:ovf": OVF_NS,
            "xmlns:rasd": RASD_NS,
            "xmlns:vssd": VSSD_NS,
            "ovf:version": "1.0",
            "xml:lang": "en-US",
        },
    )
    references = ET.SubElement(envelope, "References")
    for index, disk in enumerate(disks, 1):
        ET.SubElement(
            references,
            "File",
            {"ovf:href": disk.file_name, "ovf:id": f"file{index}", "ovf:size": str(disk.file_size)},
        )
    _disk_section(envelope, disks)
    network = _section(envelope, "NetworkSection", "The logical networks used by the machine")
    named = ET.SubElement(network, "Network", {"ovf:name": machine.network})
    _text(named, "Description", f"The {machine.network} network")
    _virtual_system(envelope, machine, disks)
    ET.indent(envelope)
    text = ET.tostring(envelope, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def _disk_section(envelope: ET.Element, disks: Sequence[OvfDisk]) -> None:
    section = _section(envelope, "DiskSection", "The virtual disks")
    for index, disk in enumerate(disks, 1):
        ET.SubElement(
            section,
            "Disk",
            {
                "ovf:capacity": str(disk.capacity),
                "ovf:capacityAllocationUnits": "byte",
                "ovf:diskId": f"vmdisk{index}",
                "ovf:fileRef": f"file{index}",
                "ovf:format": VMDK_STREAM_FORMAT,
            },
        )


def _virtual_system(
    envelope: ET.Element, machine: VirtualMachine, disks: Sequence[OvfDisk]
) -> None:
    system = ET.SubElement(envelope, "VirtualSystem", {"ovf:id": machine.name})
    _text(system, "Info", "A virtual machine")
    _text(system, "Name", machine.name)
    os_id, os_name = os_type_id(machine.os_type)
    os_section = _section(
        system, "OperatingSystemSection", "The guest operating system", {"ovf:id": str(os_id)}
    )
    _text(os_section, "Description", os_name)
    hardware = _section(system, "VirtualHardwareSection", "The virtual hardware")
    _settings(
        ET.SubElement(hardware, "System"),
        "vssd",
        {
            "ElementName": "Virtual Hardware Family",
            "InstanceID": "0",
            "VirtualSystemIdentifier": machine.name,
            "VirtualSystemType": f"vmx-{machine.hardware_version:02d}",
        },
    )
    for item in _items(machine, disks):
        _settings(ET.SubElement(hardware, "Item"), "rasd", item)


def _items(machine: VirtualMachine, disks: Sequence[OvfDisk]) -> list[dict[str, str]]:
    """The hardware Items, each a mapping of RASD element names to text."""
    cpus = f"{machine.cpus} virtual CPU(s)"
    memory = f"{machine.memory_mib} MB of memory"
    kind, subtype, controller_name = CONTROLLERS[machine.disk_controller]
    items = [
        {
            "AllocationUnits": "hertz * 10^6",
            "Caption": cpus,
            "Description": "Number of virtual CPUs",
            "ElementName": cpus,
            "ResourceType": str(_PROCESSOR),
            "VirtualQuantity": str(machine.cpus),
        },
        {
            "AllocationUnits": "byte * 2^20",
            "Caption": memory,
            "Description": "Memory size",
            "ElementName": memory,
            "ResourceType": str(_MEMORY),
            "VirtualQuantity": str(machine.memory_mib),
        },
        {
            "Address": "0",
            "Caption": f"{machine.disk_controller}Controller0",
            "Description": controller_name,
            "ElementName": f"{machine.disk_controller}Controller0",
            "ResourceSubType": subtype,
            "ResourceType": str(kind),
        },
    ]
    controller_id = str(len(items))
    for index, _disk in enumerate(disks, 1):
        items.append(
            {
                "AddressOnParent": str(index - 1),
                "Caption": f"disk{index}",
                "Description": "Disk image",
                "ElementName": f"disk{index}",
                "HostResource": f"ovf:/disk/vmdisk{index}",
                "Parent": controller_id,
                "ResourceType": str(_DISK),
            }
        )
    items.append(
        {
            "AutomaticAllocation": "true",
            "Caption": f"Ethernet adapter on '{machine.network}'",
            "Connection": machine.network,
            "Description": f"E1000 ethernet adapter on '{machine.network}'",
            "ElementName": "ethernet0",
            "ResourceSubType": "E1000",
            "ResourceType": str(_ETHERNET),
        }
    )
    for number, item in enumerate(items, 1):
        item["InstanceID"] = str(number)
    return items


def _section(
    parent: ET.Element, name: str, info: str, attributes: Mapping[str, str] | None = None
) -> ET.Element:
    section = ET.SubElement(parent, name, dict(attributes or {}))
    _text(section, "Info", info)
    return section


def _settings(parent: ET.Element, prefix: str, values: Mapping[str, str]) -> None:
    # The CIM schemas' sequences are alphabetical.
    for name in sorted(values):
        _text(parent, f"{prefix}:{name}", values[name])


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, name)
    element.text = text
    return element
