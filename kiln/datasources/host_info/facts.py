"""What the `host-info` data source reports about this machine.

The plugin gets its facts from Go (`runtime.GOOS`, `runtime.GOARCH`) and
from the gopsutil library, so the values here are spelled as those spell
them: `linux`/`darwin`/`windows`, `amd64`/`arm64`/`386`, and for a Linux
distribution the name, version and family gopsutil gives (`debian`,
`12.11` from /etc/debian_version, `debian`; `redhat`, `9.4`, `rhel`). The
distribution is read from os-release (the freedesktop.org standard file),
with gopsutil's names for the few distributions whose os-release ID differs.
"""

from __future__ import annotations

import platform
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

#: Python's `platform.machine()` names → Go's GOARCH names.
_GO_ARCHITECTURES = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "i386": "386",
    "i486": "386",
    "i586": "386",
    "i686": "386",
    "x86": "386",
    "aarch64": "arm64",
    "arm64": "arm64",
    "armv6l": "arm",
    "armv7l": "arm",
    "armv8l": "arm",
    "ppc64le": "ppc64le",
    "ppc64": "ppc64",
    "s390x": "s390x",
    "riscv64": "riscv64",
    "mips64": "mips64",
    "loongarch64": "loong64",
}

#: os-release IDs that gopsutil names otherwise.
_PLATFORM_NAMES = {"rhel": "redhat", "ol": "oracle", "amzn": "amazon"}

#: gopsutil's platform families.
_FAMILIES = {
    **dict.fromkeys(("debian", "ubuntu", "linuxmint", "raspbian"), "debian"),
    "fedora": "fedora",
    **dict.fromkeys(
        (
            "oracle",
            "centos",
            "redhat",
            "scientific",
            "amazon",
            "xenserver",
            "cloudlinux",
            "rocky",
            "almalinux",
        ),
        "rhel",
    ),
    **dict.fromkeys(
        ("suse", "opensuse", "opensuse-leap", "opensuse-tumbleweed", "sles", "sled"), "suse"
    ),
    **dict.fromkeys(("arch", "manjaro"), "arch"),
    **{name: name for name in ("gentoo", "slackware", "alpine", "coreos", "solus", "exherbo")},
}

#: What gopsutil calls the family of every macOS machine.
_DARWIN_FAMILY = "Standalone Workstation"


@dataclass(frozen=True)
class HostFacts:
    """The `host-info` outputs."""

    os_type: str
    architecture: str
    platform: str
    version: str
    family: str


def host_facts(etc: Path = Path("/etc")) -> HostFacts:
    """This machine's facts; `etc` is where a Linux system's release files are."""
    os_type = go_os()
    architecture = _GO_ARCHITECTURES.get(platform.machine().lower(), platform.machine().lower())
    if os_type == "linux":
        name, version, family = linux_distribution(etc)
    elif os_type == "darwin":
        name, version, family = "darwin", platform.mac_ver()[0], _DARWIN_FAMILY
    else:
        name, version, family = os_type, platform.release(), ""
    return HostFacts(os_type, architecture, name, version, family)


def go_os() -> str:
    """The operating system as Go's GOOS names it."""
    if sys.platform == "win32":
        return "windows"
    # freebsd14 → freebsd, as Go names every version alike.
    return sys.platform.rstrip("0123456789")


def linux_distribution(etc: Path) -> tuple[str, str, str]:
    """(platform, version, family) of the Linux distribution whose /etc is `etc`;
    empty strings where it cannot be told."""
    release = os_release(etc)
    ident = release.get("ID", "")
    name = _PLATFORM_NAMES.get(ident, ident)
    version = release.get("VERSION_ID", "")
    if name in ("debian", "raspbian"):
        # Debian's os-release says "12"; the point release is in debian_version.
        version = _first_line(etc / "debian_version") or version
    return name, version, _FAMILIES.get(name, "")


def os_release(etc: Path) -> dict[str, str]:
    """The KEY=value pairs of os-release (`etc/os-release`, else the
    distribution's copy in /usr/lib), values unquoted as a shell would."""
    for path in (etc / "os-release", etc.parent / "usr" / "lib" / "os-release"):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        return dict(_assignments(text))
    return {}


def _assignments(text: str) -> list[tuple[str, str]]:
    found = []
    for line in text.splitlines():
        key, equals, raw = line.strip().partition("=")
        if not equals or key.startswith("#"):
            continue
        try:
            words = shlex.split(raw)
        except ValueError:  # an unbalanced quote: keep the text as written
            words = [raw.strip("\"'")]
        found.append((key, " ".join(words)))
    return found


def _first_line(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[0].strip() if lines else ""
