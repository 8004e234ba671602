"""A tiny Linux guest for the qemu builder's tests: Debian's kernel and a busybox initramfs.

`guest_files()` returns (kernel, initramfs). Both come from Debian packages
fetched with `apt-get download` (the machine's own apt sources: no other
download): `linux-image-amd64`'s kernel and `busybox-static`. The initramfs
holds busybox, the kernel modules for a virtio NIC and an IDE CD-ROM (with
their dependencies, read from each module's .modinfo), and an /init that

- brings up eth0 as 10.0.2.15 (qemu's user-mode network; the host is 10.0.2.2),
- prints `kiln-guest: ready` on the serial port,
- then reads lines typed on the console (tty1, where VNC keys arrive),
  echoes each to the serial port as `typed: LINE` and runs it there, so a
  test reads what a boot command typed, and what it did, in the serial log.

Cached under `$KILN_TEST_CACHE` (default /var/cache/kiln-tests)/guest/ in a
directory named by the package versions and a hash of /init, with a lock
so concurrent sessions build it once.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import io
import lzma
import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.infra.base_image import DEFAULT_CACHE

KERNEL_PACKAGE = "linux-image-amd64"
BUSYBOX_PACKAGE = "busybox-static"
#: Modules the guest loads (their dependencies are added): a virtio NIC and an IDE CD-ROM.
MODULES = ("virtio_net", "virtio_pci", "ata_piix", "sr_mod", "isofs")
#: The serial line the guest prints once it listens to the console.
READY = "kiln-guest: ready"

INIT = """#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for module in $(cat /modules.list); do insmod "/lib/modules/$module" 2>/dev/null; done
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
mkdir -p /cdrom
echo "kiln-guest: ready" > /dev/ttyS0
while read -r line; do
    echo "typed: $line"
    eval "$line"
done < /dev/tty1 > /dev/ttyS0 2>&1
"""


def cache_root() -> Path:
    """Where the guest's files are kept."""
    return Path(os.environ.get("KILN_TEST_CACHE") or DEFAULT_CACHE) / "guest"


def guest_files() -> tuple[Path, Path]:
    """(kernel, initramfs), built on first use."""
    kernel_package = _kernel_package()
    versions = [_candidate(kernel_package), _candidate(BUSYBOX_PACKAGE)]
    key = hashlib.sha256("\n".join([*versions, INIT, *MODULES]).encode()).hexdigest()[:16]
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    directory = root / key
    kernel, initrd = directory / "vmlinuz", directory / "initrd.gz"
    with (root / "guest.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if kernel.exists() and initrd.exists():
            return kernel, initrd
        shutil.rmtree(directory, ignore_errors=True)
        _build(directory, kernel_package, kernel, initrd)
        for old in root.iterdir():
            if old.is_dir() and old != directory:
                shutil.rmtree(old, ignore_errors=True)
    return kernel, initrd


def _apt(*args: str, cwd: Path | None = None) -> str:
    completed = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {completed.stderr[-2000:]}")
    return completed.stdout


def _kernel_package() -> str:
    """The versioned kernel package linux-image-amd64 depends on."""
    for line in _apt("apt-cache", "depends", KERNEL_PACKAGE).splitlines():
        name = line.strip().removeprefix("Depends:").strip()
        if line.strip().startswith("Depends:") and name.startswith("linux-image-"):
            return name
    raise RuntimeError(f"apt-cache depends {KERNEL_PACKAGE}: no kernel package found")


def _candidate(package: str) -> str:
    for line in _apt("apt-cache", "policy", package).splitlines():
        if line.strip().startswith("Candidate:"):
            return f"{package}={line.split(':', 1)[1].strip()}"
    raise RuntimeError(f"apt-cache policy {package}: no candidate version")


def _build(directory: Path, kernel_package: str, kernel: Path, initrd: Path) -> None:
    work = directory / "work"
    work.mkdir(parents=True)
    # apt's sandbox user must be able to write where the packages land.
    os.chmod(work, 0o777)
    _apt("apt-get", "download", kernel_package, BUSYBOX_PACKAGE, cwd=work)
    tree = work / "tree"
    for deb in sorted(work.glob("*.deb")):
        _apt("dpkg-deb", "-x", str(deb), str(tree))
    image = next((tree / "boot").glob("vmlinuz-*"))
    modules = next((tree / "lib" / "modules").iterdir())
    files = {
        "init": (INIT.encode(), 0o755),
        "bin/busybox": ((tree / "bin" / "busybox").read_bytes(), 0o755),
    }
    order = _module_order(modules)
    for relative in order:
        files[f"lib/modules/{Path(relative).name}"] = (_module_bytes(modules / relative), 0o644)
    files["modules.list"] = ("".join(f"{Path(m).name}\n" for m in order).encode(), 0o644)
    partial = initrd.with_suffix(".partial")
    partial.write_bytes(gzip.compress(_cpio(files)))
    shutil.copyfile(image, kernel)
    partial.rename(initrd)
    shutil.rmtree(work)


def _module_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return lzma.decompress(data) if path.suffix == ".xz" else data


def _module_order(modules: Path) -> list[str]:
    """Paths (relative to `modules`) of MODULES and their dependencies, dependencies first."""
    index = {}
    for path in modules.rglob("*.ko*"):
        index[path.name.split(".ko")[0].replace("-", "_")] = path
    order: list[str] = []

    def visit(name: str) -> None:
        path = index[name.replace("-", "_")]
        relative = str(path.relative_to(modules))
        if relative in order:
            return
        for dependency in _depends(_module_bytes(path)):
            visit(dependency)
        order.append(relative)

    for name in MODULES:
        visit(name)
    return order


def _depends(module: bytes) -> list[str]:
    match = re.search(rb"depends=([^\0]*)\0", module)
    if not match or not match.group(1):
        return []
    return match.group(1).decode().split(",")


def _cpio(files: dict[str, tuple[bytes, int]]) -> bytes:
    """A newc cpio archive of `files` (path → (data, mode)), with their directories."""
    out = io.BytesIO()
    inode = 1
    directories = sorted({str(Path(p).parent) for p in files if str(Path(p).parent) != "."})
    directories = sorted({d for p in directories for d in _parents(p)})
    entries = [(d, b"", 0o040755) for d in [*directories, "proc", "sys", "dev", "tmp"]]
    entries += [(path, data, 0o100000 | mode) for path, (data, mode) in files.items()]
    for path, data, mode in [*entries, ("TRAILER!!!", b"", 0)]:
        name = path.encode() + b"\0"
        header = "070701" + "".join(
            f"{value:08x}"
            for value in (inode, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0)
        )
        inode += 1
        out.write(header.encode() + name)
        out.write(b"\0" * (-(110 + len(name)) % 4))
        out.write(data)
        out.write(b"\0" * (-len(data) % 4))
    return out.getvalue()


def _parents(path: str) -> list[str]:
    parts = Path(path).parts
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
