"""What the qemu builder's tests share: the busybox guest's template, the debug
log's serial lines, and a check that no qemu of a test outlives it.

Guest builds boot Debian's kernel with a busybox initramfs
(tests/infra/guest_kernel.py) through `qemuargs` (`-kernel`, `-initrd`,
`-append`), under TCG; the installer ISO they name is a small ISO made here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

from tests.conftest import KILN
from tests.infra.guest_kernel import guest_files

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SERIAL = re.compile(r"Qemu serial: (.*)$", re.MULTILINE)


def make_iso(path: Path, files: Mapping[str, str], label: str = "BOOT") -> str:
    """An ISO holding `files` (name → text), made with xorriso; its sha256."""
    source = path.with_suffix(".d")
    source.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (source / name).write_text(text)
    subprocess.run(
        ["xorriso", "-as", "genisoimage", "-quiet", "-volid", label, "-output", str(path),
         str(source)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return hashlib.sha256(path.read_bytes()).hexdigest()


def guest_source(name: str, body: str, *, append: str = "console=ttyS0 quiet") -> str:
    """A `source "qemu"` block booting the busybox guest, with `body` added."""
    kernel, initrd = guest_files()
    return f"""
source "qemu" "{name}" {{
  headless     = true
  accelerator  = "tcg"
  disk_size    = "16M"
  qemuargs = [
    ["-kernel", "{kernel}"],
    ["-initrd", "{initrd}"],
    ["-append", "{append}"],
  ]
{body}
}}
build {{ sources = ["source.qemu.{name}"] }}
"""


def kiln_env(directory: Path, **extra: str) -> dict[str, str]:
    """The environment a test's `kiln build` runs in: a debug log in `directory`."""
    return {
        "PACKER_LOG": "1",
        "PACKER_LOG_PATH": str(directory / "kiln.log"),
        "PACKER_CACHE_DIR": str(directory / "cache"),
        **extra,
    }


def serial_lines(directory: Path) -> list[str]:
    """What the guest wrote on its serial port, from the debug log."""
    return [line.rstrip() for line in SERIAL.findall((directory / "kiln.log").read_text())]


def qemu_processes(marker: str) -> list[int]:
    """Pids of running qemu processes whose command line or working directory has `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            status = (entry / "status").read_text()
        except OSError:
            continue
        if "State:\tZ" in status or not argv or b"qemu-system" not in argv[0]:
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            cwd = ""
        if marker in cwd or any(marker.encode() in arg for arg in argv):
            found.append(int(entry.name))
    return found


def clean_environment() -> dict[str, str]:
    """This process's environment without PACKER_*/KILN_*/PKR_VAR_* settings."""
    prefixes = ("PACKER_", "KILN_", "PKR_VAR_")
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


def start_kiln(directory: Path, *args: str) -> subprocess.Popen[str]:
    """`kiln build ARGS` running in `directory`, not waited for (for Ctrl-C tests)."""
    environ = clean_environment()
    return subprocess.Popen(
        [str(KILN), "build", *args],
        cwd=directory,
        env={**environ, **kiln_env(directory)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wait_for_line(process: subprocess.Popen[str], text: str) -> list[str]:
    """Read the process's output up to the line containing `text` (the lines read)."""
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(ANSI.sub("", line))
        if text in line:
            return seen
    raise AssertionError(f"{text!r} never appeared; output:\n{''.join(seen)}")


def interrupt(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Ctrl-C as a terminal sends it (SIGINT to the process group); the exit code and output."""
    os.killpg(process.pid, signal.SIGINT)
    output, _ = process.communicate(timeout=120)
    return process.returncode, ANSI.sub("", output)


FLOPPY_OPTIONS = """
  floppy_files         = ["floppy/answers.cfg", "floppy/scripts"]
  floppy_dirs          = ["floppy/drivers"]"""

FLOPPY_COMMANDS = """
      "modprobe floppy && mkdir -p /mnt/floppy && mount -r /dev/fd0 /mnt/floppy",
      "cd /mnt/floppy && find . -type f | sort > /root/floppy.txt",
      "cat answers.cfg >> /root/floppy.txt",
      "cd / && umount /mnt/floppy","""


def disk_image_template(
    image: Path, key: Path, output_directory: str, *, floppy: bool = False
) -> str:
    """The template built by both tools: a bootable Debian qcow2, a shell and a file
    provisioner over SSH, shut down by command, compacted. With `floppy`, a floppy
    made from the files `make_floppy_files` writes, which the shell provisioner
    mounts and lists into /root/floppy.txt."""
    return f"""
source "qemu" "debian" {{
  iso_url              = "{image}"
  iso_checksum         = "none"
  disk_image           = true
  format               = "qcow2"
  disk_size            = "3G"
  headless             = true
  accelerator          = "tcg"
  memory               = 1024
  output_directory     = "{output_directory}"
  vm_name              = "debian.qcow2"
  ssh_username         = "root"
  ssh_private_key_file = "{key}"
  ssh_timeout          = "10m"
  shutdown_command     = "poweroff"{FLOPPY_OPTIONS if floppy else ""}
}}
build {{
  sources = ["source.qemu.debian"]
  provisioner "shell" {{
    inline = [
      "echo provisioned-by-shell > /root/shell.txt", "uname -r",{FLOPPY_COMMANDS if floppy else ""}
    ]
  }}
  provisioner "file" {{
    source      = "payload.txt"
    destination = "/root/payload.txt"
  }}
}}
"""


def make_floppy_files(directory: Path) -> None:
    """The floppy's sources: a file, a directory whose files go flatly to the
    root (`floppy_files`), and one that keeps its tree (`floppy_dirs`)."""
    (directory / "floppy" / "scripts").mkdir(parents=True)
    (directory / "floppy" / "drivers" / "net").mkdir(parents=True)
    (directory / "floppy" / "answers.cfg").write_text("answer=42\n")
    (directory / "floppy" / "scripts" / "setup.ps1").write_text("Write-Host hello\n")
    (directory / "floppy" / "drivers" / "net" / "netkvm.inf").write_text("[Version]\n")


def read_guest_file(image: Path, path: str, scratch: Path) -> str:
    """The text of `path` in the image's root file system (its last partition),
    read with debugfs from a raw copy: no mount, no loop device."""
    raw = scratch / f"{image.name}.raw"
    subprocess.run(["qemu-img", "convert", "-O", "raw", str(image), str(raw)], check=True,
                   capture_output=True, timeout=600)  # fmt: skip
    table = json.loads(
        subprocess.run(
            ["sfdisk", "-J", str(raw)], check=True, capture_output=True, text=True
        ).stdout
    )["partitiontable"]
    start = table["partitions"][-1]["start"] * table.get("sectorsize", 512)
    try:
        read = subprocess.run(
            ["debugfs", "-R", f"cat {path}", f"{raw}?offset={start}"],
            check=True, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        raw.unlink()
    return read.stdout
