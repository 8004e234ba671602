"""A bootable Debian disk image made on this machine by Kiln's own `rootfs` builder.

`debian_vm_image()` returns a qcow2 disk that boots (BIOS or UEFI) under
QEMU, gets its address by DHCP and accepts SSH as root with the key pair
beside it or with `PASSWORD`. It is built with `kiln build` (so it is also
a test of the builder) and cached under `$KILN_TEST_CACHE` (default
/var/cache/kiln-tests) in `vm-images/bookworm-DIGEST-YYYY-MM-DD/`, keyed by
the template, the rootfs builder's code and the UTC day, so a test session builds it at most once a
day; older images are removed when a new one is made. Downloaded packages
are kept in `$KILN_TEST_CACHE/packer_cache` (the builder's package cache),
so a rebuild downloads almost nothing. A lock file serialises sessions.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.infra.base_image import DEFAULT_CACHE

#: root's password in the image (a test image only: never use it elsewhere).
PASSWORD = "kiln-test-root"
BUILD_TIMEOUT = 1800
KILN = Path(sys.executable).with_name("kiln")

TEMPLATE = """\
variable "public_key" {
  type = string
}

source "rootfs" "debian" {
  release             = "bookworm"
  bootable            = true
  format              = "qcow2"
  hostname            = "kiln-test-vm"
  root_password       = "%(password)s"
  ssh_authorized_keys = [var.public_key]
  output_directory    = "image"
  image_name          = "debian.qcow2"
}

build {
  sources = ["source.rootfs.debian"]
}
"""


@dataclass(frozen=True)
class VMImage:
    """A bootable disk and how to log in to machines booted from it."""

    path: Path
    private_key: Path
    public_key: Path
    user: str = "root"
    password: str = PASSWORD


def cache_root() -> Path:
    """Where the test caches live."""
    return Path(os.environ.get("KILN_TEST_CACHE") or DEFAULT_CACHE)


def package_cache() -> Path:
    """The `PACKER_CACHE_DIR` tests give rootfs builds (downloaded packages)."""
    return cache_root() / "packer_cache"


def debian_vm_image() -> VMImage:
    """Today's bootable Debian image, built first when missing."""
    template = TEMPLATE % {"password": PASSWORD}
    digest = _digest(template)
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    root = cache_root() / "vm-images"
    root.mkdir(parents=True, exist_ok=True)
    directory = root / f"bookworm-{digest}-{today}"
    image = VMImage(
        path=directory / "image" / "debian.qcow2",
        private_key=directory / "id_ed25519",
        public_key=directory / "id_ed25519.pub",
    )
    with (root / "bookworm.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if image.path.exists():
            return image
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir()
        _build(directory, template, image)
        for old in root.glob("bookworm-*"):
            if old != directory and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    return image


def _digest(template: str) -> str:
    """What the image depends on: the template and the builder's code."""
    digest = hashlib.sha256(template.encode())
    package = Path(__file__).resolve().parents[2] / "kiln"
    for directory in ("builders/rootfs", "communicator/chroot"):
        for source in sorted((package / directory).glob("*.py")):
            digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def _build(directory: Path, template: str, image: VMImage) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kiln-test", "-f", image.private_key],
        check=True,
        capture_output=True,
    )
    (directory / "image.pkr.hcl").write_text(template)
    environment = {
        **os.environ,
        "PACKER_CACHE_DIR": str(package_cache()),
        "PKR_VAR_public_key": image.public_key.read_text().strip(),
        "PACKER_LOG": "1",
        "PACKER_LOG_PATH": str(directory / "build.log"),
    }
    done = subprocess.run(
        [KILN, "build", "image.pkr.hcl"],
        cwd=directory,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0 or not image.path.exists():
        raise RuntimeError(
            f"building the test VM image failed (log: {directory / 'build.log'}):\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )


OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
SSH_OPTIONS = [
    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
    "-o", "ConnectTimeout=5", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
]  # fmt: skip


@dataclass
class BootedMachine:
    """A QEMU machine booted from a disk, reachable over SSH on a local port."""

    process: subprocess.Popen[bytes]
    port: int
    key: Path
    serial_log: Path
    user: str = "root"

    def ssh(self, command: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run `command` on the machine with the system's ssh client."""
        return subprocess.run(
            ["ssh", *SSH_OPTIONS, "-i", str(self.key), "-p", str(self.port),
             f"{self.user}@127.0.0.1", command],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip


@contextlib.contextmanager
def booted(
    disk: Path, key: Path, workdir: Path, *, uefi: bool = False, wait: float = 600
) -> Iterator[BootedMachine]:
    """Boot `disk` (changes are thrown away) under TCG and wait until SSH answers.

    One virtual CPU: with two, multi-threaded TCG here once left a guest's CPU
    looping in the kernel's int3 handler while it patched its own code (an
    RCU stall, no SSH); the qemu builder's default is one CPU as well.
    """
    port = _free_port()
    serial = workdir / "serial.log"
    argv = [
        "qemu-system-x86_64", "-accel", "tcg", "-m", "1024", "-smp", "1",
        "-drive", f"file={disk},if=virtio,snapshot=on",
        "-nic", f"user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:{port}-:22",
        "-display", "none", "-serial", f"file:{serial}", "-no-reboot",
    ]  # fmt: skip
    if uefi:
        variables = workdir / "OVMF_VARS.fd"
        shutil.copyfile(OVMF_VARS, variables)
        argv += [
            "-machine", "q35",
            "-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
            "-drive", f"if=pflash,format=raw,file={variables}",
        ]  # fmt: skip
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    machine = BootedMachine(process, port, key, serial)
    try:
        deadline = time.monotonic() + wait
        while machine.ssh("true", timeout=30).returncode != 0:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the machine did not answer SSH; its console:\n{_tail(serial)}")
            time.sleep(3)
        yield machine
    finally:
        process.kill()
        process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tail(path: Path) -> str:
    try:
        return path.read_text(errors="replace")[-3000:]
    except OSError:
        return "(no console output)"
