"""Structural checks of OVF 1.0 descriptors, OVA packages and their manifests.

No DMTF schema (DSP8023, the OVF envelope XSD, with the CIM RASD/VSSD
schemas it imports) is shipped by a Debian or PyPI package, and nothing can
be downloaded here, so the descriptor is checked against what the schema
and the specification require, element by element: the envelope's
namespace and version, References → sections → VirtualSystem order, Info
first in every section, unique ids, every reference resolving (Disk
fileRef → File id, HostResource → diskId, Item Parent → a controller,
Connection → a Network), file sizes matching the package's members, and
RASD/VSSD elements in the schema's (alphabetical) sequence order.
"""

from __future__ import annotations

import hashlib
import re
import tarfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

OVF = "http://schemas.dmtf.org/ovf/envelope/1"
RASD = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
VSSD = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData"
XML = "http://www.w3.org/XML/1998/namespace"
STREAM_OPTIMIZED = "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"

CONTROLLER_TYPES = {"5", "6", "20"}
SECTIONS = {"DiskSection", "NetworkSection", "OperatingSystemSection", "VirtualHardwareSection"}


@dataclass
class Descriptor:
    """What the checks found in a descriptor, for tests to assert values on."""

    system_id: str
    os_id: int
    system_type: str
    files: dict[str, tuple[str, int]] = field(default_factory=dict)
    disks: dict[str, tuple[str, int]] = field(default_factory=dict)
    items: list[dict[str, str]] = field(default_factory=list)

    def item(self, resource_type: int) -> dict[str, str]:
        """The one Item of `resource_type`."""
        found = [i for i in self.items if i["ResourceType"] == str(resource_type)]
        assert len(found) == 1, found
        return found[0]


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _attr(element: ET.Element, name: str) -> str:
    value = element.get(_q(OVF, name))
    assert value is not None, f"{element.tag} lacks ovf:{name}"
    return value


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _info_first(section: ET.Element) -> None:
    assert len(section) and section[0].tag == _q(OVF, "Info"), f"{section.tag}: Info not first"
    assert (section[0].text or "").strip(), f"{section.tag}: empty Info"


def _namespaces(root: ET.Element) -> None:
    for element in root.iter():
        namespace = element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else ""
        assert namespace in (OVF, RASD, VSSD), f"element {element.tag} in no OVF namespace"
        for name in element.attrib:
            assert name.startswith((f"{{{OVF}}}", f"{{{XML}}}")), f"attribute {name} unqualified"


def check_descriptor(text: bytes, members: dict[str, int] | None = None) -> Descriptor:
    """Check an OVF 1.0 descriptor; `members` (name → size) are the package's other files."""
    assert text.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text)
    assert root.tag == _q(OVF, "Envelope")
    assert root.get(_q(OVF, "version")) == "1.0"
    assert root.get(_q(XML, "lang"))
    _namespaces(root)
    children = [_local(child) for child in root]
    assert children[0] == "References" and children[-1] == "VirtualSystem", children
    assert set(children[1:-1]) <= SECTIONS, children
    files = {}
    for file in root.iterfind(f"{{{OVF}}}References/{{{OVF}}}File"):
        ident, href, size = _attr(file, "id"), _attr(file, "href"), int(_attr(file, "size"))
        assert ident not in files and "/" not in href
        if members is not None:
            assert members.get(href) == size, (href, size, members)
        files[ident] = (href, size)
    disks = _disks(root, files)
    networks = _networks(root)
    system = root.find(f"{{{OVF}}}VirtualSystem")
    assert system is not None
    _info_first(system)
    os_section = system.find(f"{{{OVF}}}OperatingSystemSection")
    assert os_section is not None
    _info_first(os_section)
    hardware = system.find(f"{{{OVF}}}VirtualHardwareSection")
    assert hardware is not None
    _info_first(hardware)
    settings = hardware.find(f"{{{OVF}}}System")
    assert settings is not None
    values = _sequence(settings, VSSD)
    assert {"ElementName", "InstanceID", "VirtualSystemType"} <= set(values)
    found = Descriptor(
        system_id=_attr(system, "id"),
        os_id=int(_attr(os_section, "id")),
        system_type=values["VirtualSystemType"],
        files=files,
        disks=disks,
        items=[_sequence(item, RASD) for item in hardware.iterfind(f"{{{OVF}}}Item")],
    )
    _check_items(found, networks)
    return found


def _disks(root: ET.Element, files: dict[str, tuple[str, int]]) -> dict[str, tuple[str, int]]:
    section = root.find(f"{{{OVF}}}DiskSection")
    assert section is not None
    _info_first(section)
    disks = {}
    for disk in section.iterfind(f"{{{OVF}}}Disk"):
        ident, ref = _attr(disk, "diskId"), _attr(disk, "fileRef")
        assert ident not in disks and ref in files, (ident, ref)
        assert _attr(disk, "format") == STREAM_OPTIMIZED
        assert disk.get(_q(OVF, "capacityAllocationUnits"), "byte") == "byte"
        disks[ident] = (ref, int(_attr(disk, "capacity")))
    assert disks, "no Disk"
    return disks


def _networks(root: ET.Element) -> set[str]:
    section = root.find(f"{{{OVF}}}NetworkSection")
    assert section is not None
    _info_first(section)
    return {_attr(n, "name") for n in section.iterfind(f"{{{OVF}}}Network")}


def _sequence(element: ET.Element, namespace: str) -> dict[str, str]:
    """The settings of a System/Item: all in `namespace`, in the schema's alphabetical order."""
    names = []
    for child in element:
        assert child.tag.startswith(f"{{{namespace}}}"), child.tag
        names.append(_local(child))
    assert names == sorted(names) and len(set(names)) == len(names), names
    return {_local(child): (child.text or "") for child in element}


def _check_items(found: Descriptor, networks: set[str]) -> None:
    ids = [item["InstanceID"] for item in found.items]
    assert len(set(ids)) == len(ids), ids
    controllers = {i["InstanceID"] for i in found.items if i["ResourceType"] in CONTROLLER_TYPES}
    used_disks = set()
    for item in found.items:
        assert {"ElementName", "InstanceID", "ResourceType"} <= set(item), item
        if item["ResourceType"] == "17":
            host = item["HostResource"]
            assert host.startswith("ovf:/disk/"), host
            used_disks.add(host.removeprefix("ovf:/disk/"))
            assert item["Parent"] in controllers, item
        if item["ResourceType"] == "10":
            assert item["Connection"] in networks, item
    assert used_disks == set(found.disks), (used_disks, found.disks)


@dataclass
class OvaContents:
    """An OVA's members in order, with their bytes."""

    names: list[str]
    data: dict[str, bytes]


def read_ova(path: Path) -> OvaContents:
    """An OVA's members; each must be a USTAR regular file (the format OVF names)."""
    names, data = [], {}
    with tarfile.open(path, "r:") as package:
        for member in package:
            assert member.isfile() and "/" not in member.name, member.name
            names.append(member.name)
            extracted = package.extractfile(member)
            assert extracted is not None
            data[member.name] = extracted.read()
    with path.open("rb") as raw:
        assert raw.read(512)[257:265] == b"ustar\x0000", "first member is not USTAR"
    return OvaContents(names, data)


_MANIFEST_LINE = re.compile(r"^(SHA1|SHA256)\(([^)]+)\)= ([0-9a-f]+)$")


def check_manifest(text: bytes, data: dict[str, bytes], kind: str) -> None:
    """Every line's digest is right, and every other member is listed."""
    listed = {}
    for line in text.decode().splitlines():
        match = _MANIFEST_LINE.match(line)
        assert match, line
        assert match.group(1) == kind.upper()
        listed[match.group(2)] = match.group(3)
    expected = {name for name in data if not name.endswith(".mf")}
    assert set(listed) == expected, (listed, expected)
    for name, digest in listed.items():
        assert hashlib.new(kind, data[name]).hexdigest() == digest, name
