"""What the rootfs builder's tests share: running `kiln build` with the test
package cache, and checks that a build left nothing behind on this machine."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

from tests.conftest import KILN, KilnResult, KilnRunner
from tests.infra.vm_image import package_cache

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build(kiln: KilnRunner, directory: Path, template: str, *args: str) -> KilnResult:
    """`kiln build` of `template` (written to directory/t.pkr.hcl) with the shared package cache."""
    (directory / "t.pkr.hcl").write_text(template)
    return kiln(
        "build", *args, "t.pkr.hcl",
        cwd=directory, env={"PACKER_CACHE_DIR": str(package_cache())}, timeout=1800,
    )  # fmt: skip


def start_build(directory: Path, template: str) -> subprocess.Popen[str]:
    """`kiln build` in the background (its own process group), output on a pipe."""
    (directory / "t.pkr.hcl").write_text(template)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PACKER_", "PKR_"))}
    environment["PACKER_CACHE_DIR"] = str(package_cache())
    return subprocess.Popen(
        [str(KILN), "build", "t.pkr.hcl"],
        cwd=directory, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip


def interrupt_after(process: subprocess.Popen[str], text: str) -> tuple[int, str]:
    """Wait for `text` in the output, then Ctrl-C (SIGINT to the group); exit code and output."""
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if text in line:
            break
    else:
        raise AssertionError(f"{text!r} never appeared:\n{''.join(seen)}")
    os.killpg(process.pid, signal.SIGINT)
    rest, _ = process.communicate(timeout=300)
    return process.returncode, ANSI.sub("", "".join(seen) + rest)


def mounts_containing(text: str) -> list[str]:
    """Mount points of this machine whose path contains `text`."""
    with open("/proc/self/mountinfo") as table:
        return [line.split()[4] for line in table if text in line.split()[4]]


def processes_running(text: str) -> list[str]:
    """Command lines of running processes that contain `text` (the tests' own excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in command:
            found.append(command)
    return found
