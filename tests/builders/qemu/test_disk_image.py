"""`disk_image = true` on a bootable Debian qcow2 (made by the rootfs builder,
tests/infra/vm_image.py), built by Kiln and by Packer 1.6.6 from the same
template on the same image: boot under TCG, `shell` and `file` provisioners
over SSH through the forwarded port, `shutdown_command`, compaction. Both
must succeed, leave only the image in their output directory, and the
image must hold the provisioned files (read with debugfs, no mounting),
among them the listing of the floppy (`floppy_files`, `floppy_dirs`) as
the guest's kernel read it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.builders.qemu.support import (
    ANSI,
    clean_environment,
    disk_image_template,
    kiln_env,
    make_floppy_files,
    qemu_processes,
    read_guest_file,
)
from tests.conftest import KILN
from tests.infra.vm_image import VMImage, debian_vm_image

TOOLS = {"kiln": str(KILN), "packer": "packer"}


@pytest.fixture(scope="module")
def debian_image() -> VMImage:
    """Today's bootable Debian qcow2 (built by `kiln build` of a rootfs template, cached)."""
    return debian_vm_image()


def build(tool: str, directory: Path, image: VMImage) -> tuple[int, str]:
    directory.mkdir()
    (directory / "payload.txt").write_text("uploaded by the file provisioner\n")
    make_floppy_files(directory)
    (directory / "t.pkr.hcl").write_text(
        disk_image_template(image.path, image.private_key, f"output-{tool}", floppy=True)
    )
    completed = subprocess.run(
        [TOOLS[tool], "build", "t.pkr.hcl"],
        cwd=directory,
        env={**clean_environment(), **kiln_env(directory)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return completed.returncode, ANSI.sub("", completed.stdout + completed.stderr)


@pytest.mark.backend("qemu", "packer")
def test_disk_image_provisioned_over_ssh_by_kiln_and_by_packer(
    tmp_path: Path, debian_image: VMImage
) -> None:
    results = {tool: build(tool, tmp_path / tool, debian_image) for tool in TOOLS}

    for tool, (code, output) in results.items():
        assert code == 0, f"{tool}:\n{output}"
        for line in (
            "Creating floppy disk...",
            "Copying file: floppy/answers.cfg",
            "Copying directory: floppy/scripts",
            "Adding file: floppy/scripts/setup.ps1",
            "Recursively copying : floppy/drivers",
            "Starting VM, booting disk image",
            "Connected to SSH!",
            "Provisioning with shell script",
            "Uploading payload.txt => /root/payload.txt",
            "Gracefully halting virtual machine...",
            "Converting hard drive...",
            f"VM files in directory: output-{tool}",
        ):
            assert line in output, f"{tool} did not say {line!r}:\n{output}"
        assert re.search(r"qemu\.debian: 6\.1\.\d+-\d+-amd64", output), output  # uname -r
        output_dir = tmp_path / tool / f"output-{tool}"
        assert sorted(p.name for p in output_dir.iterdir()) == ["debian.qcow2"]
        disk = output_dir / "debian.qcow2"
        info = json.loads(
            subprocess.run(
                ["qemu-img", "info", "--output=json", str(disk)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        assert (info["format"], info["virtual-size"]) == ("qcow2", 3 * 1024**3)
        assert "backing-filename" not in info
        assert read_guest_file(disk, "/root/shell.txt", tmp_path) == "provisioned-by-shell\n"
        assert (
            read_guest_file(disk, "/root/payload.txt", tmp_path)
            == "uploaded by the file provisioner\n"
        )
        # The guest's own kernel read the floppy: files flat, floppy_dirs with its tree.
        # Packer writes 8.3 names only (upper case); Kiln keeps the names as given.
        listing = read_guest_file(disk, "/root/floppy.txt", tmp_path)
        expected = "./answers.cfg\n./drivers/net/netkvm.inf\n./setup.ps1\nanswer=42\n"
        if tool == "packer":
            listing = listing.replace("./", "").lower()
            expected = expected.replace("./", "")
        assert listing == expected, tool
    assert not qemu_processes(str(tmp_path))
    # Kiln boots without Packer's 10 s boot_wait when there is nothing to type.
    assert "Waiting 10s for boot..." in results["packer"][1]
    assert "for boot..." not in results["kiln"][1]
