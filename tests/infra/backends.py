"""Which real backends this machine has, for the `backend` test marker.

`@pytest.mark.backend("netns", "sshd")` says a test needs those backends.
Where one is missing, the test skips with the reason, except in CI
(`CI=true`), where a missing backend is a failure: CI's set-up installs
everything, so a missing piece there is a bug in the set-up, not a reason
to pass quietly.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Callable

import pytest


def in_ci() -> bool:
    """True when running under CI (`CI` set to a true value)."""
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def _root() -> str | None:
    return None if os.geteuid() == 0 else "needs root (run the tests as root)"


def _program(name: str, package: str) -> Callable[[], str | None]:
    def check() -> str | None:
        if shutil.which(name) or os.path.exists(f"/usr/sbin/{name}"):
            return None
        return f"needs {name} (apt-get install {package})"

    return check


def _netns() -> str | None:
    missing = _root() or _program("ip", "iproute2")()
    if missing:
        return missing
    probe = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return f"needs network namespaces: `ip netns list` failed: {probe.stderr.strip()}"
    return None


def _kvm() -> str | None:
    if os.access("/dev/kvm", os.R_OK | os.W_OK):
        return None
    return "needs /dev/kvm (hardware virtualisation)"


CHECKS: dict[str, Callable[[], str | None]] = {
    "root": _root,
    "netns": _netns,
    "sshd": _program("sshd", "openssh-server"),
    "ssh": _program("ssh", "openssh-client"),
    "packer": _program("packer", "packer"),
    "kvm": _kvm,
    "qemu": _program("qemu-system-x86_64", "qemu-system-x86"),
    "podman": _program("podman", "podman"),
    "dockerd": _program("dockerd", "docker.io"),
    "docker": _program("docker", "docker.io"),
    "runc": _program("runc", "runc"),
    "docker-registry": _program("docker-registry", "docker-registry"),
    "mmdebstrap": _program("mmdebstrap", "mmdebstrap"),
    "sfdisk": _program("sfdisk", "fdisk"),
    "mtools": _program("mcopy", "mtools"),
    "mkfs.fat": _program("mkfs.fat", "dosfstools"),
    "ovmf": lambda: (
        None
        if os.path.exists("/usr/share/OVMF/OVMF_CODE_4M.fd")
        else "needs OVMF (apt-get install ovmf)"
    ),
    "qemu-img": _program("qemu-img", "qemu-utils"),
    "danted": _program("danted", "dante-server"),
}


@functools.cache
def missing_reason(name: str) -> str | None:
    """Why backend `name` is unusable here, or None when it is present."""
    check = CHECKS.get(name)
    if check is None:
        return f"unknown backend {name!r} (known: {', '.join(sorted(CHECKS))})"
    return check()


def require(*names: str) -> None:
    """Skip (or, in CI, fail) the current test unless every backend is present."""
    reasons = [reason for name in names if (reason := missing_reason(name))]
    if not reasons:
        return
    message = "; ".join(reasons)
    if in_ci():
        pytest.fail(f"backend missing in CI: {message}", pytrace=False)
    pytest.skip(message)
