"""This machine's apt configuration: where it gets packages from, and what it runs.

The `rootfs` builder borrows the mirror of the machine it runs on when the
template names none and the machine runs the same distribution, so that no
mirror's host name is written into Kiln: both the one-line format
(`/etc/apt/sources.list`, `*.list`) and the deb822 format (`*.sources`)
are read.
"""

from __future__ import annotations

import glob
from pathlib import Path

SOURCES_LIST = "/etc/apt/sources.list"
SOURCES_DIR = "/etc/apt/sources.list.d"
OS_RELEASE = "/etc/os-release"


def uris(suite: str, component: str = "main") -> list[str]:
    """The `deb` URIs this machine's apt sources use for `suite` with `component`, in order."""
    found: list[str] = []
    for path in [SOURCES_LIST, *sorted(glob.glob(f"{SOURCES_DIR}/*"))]:
        try:
            text = Path(path).read_text()
        except OSError:
            continue
        if path.endswith(".sources"):
            found += _deb822_uris(text, suite, component)
        elif path.endswith(".list"):
            found += _one_line_uris(text, suite, component)
    return list(dict.fromkeys(found))


def os_release_id() -> str:
    """The ID of /etc/os-release ("debian", "ubuntu", ...; empty when unknown)."""
    try:
        text = Path(OS_RELEASE).read_text()
    except OSError:
        return ""
    for line in text.splitlines():
        name, _, value = line.partition("=")
        if name.strip() == "ID":
            return value.strip().strip('"')
    return ""


def _one_line_uris(text: str, suite: str, component: str) -> list[str]:
    found = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) < 4 or words[0] != "deb":
            continue
        if words[1].startswith("["):  # options: deb [arch=amd64 signed-by=...] URI SUITE ...
            while words and not words[0].endswith("]"):
                words.pop(0)
            words = ["deb", *words[1:]]
        if len(words) >= 4 and words[2] == suite and component in words[3:]:
            found.append(words[1])
    return found


def _deb822_uris(text: str, suite: str, component: str) -> list[str]:
    found = []
    for stanza in text.split("\n\n"):
        fields: dict[str, str] = {}
        for line in stanza.splitlines():
            if line.startswith("#") or ":" not in line:
                continue
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        if fields.get("enabled", "yes").lower() == "no":
            continue
        if (
            "deb" in fields.get("types", "").split()
            and suite in fields.get("suites", "").split()
            and component in fields.get("components", "").split()
        ):
            found += fields.get("uris", "").split()
    return found
