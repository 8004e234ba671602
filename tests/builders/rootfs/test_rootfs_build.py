"""`kiln build` with the rootfs builder: provisioners in the chroot, outputs,
reproducible builds, and nothing left behind after a failure or Ctrl-C."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import subprocess
import tarfile
import uuid
from pathlib import Path

import pytest

from tests.builders.rootfs.support import (
    build,
    interrupt_after,
    mounts_containing,
    processes_running,
    start_build,
)
from tests.conftest import KilnRunner

pytestmark = pytest.mark.backend("root", "mmdebstrap", "mtools", "sfdisk")

PASSWORD = "rootfs-test-password-1"
PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKiLnTestKeyForKilnRootfsBuilderTests kiln@test"


def scratch_dirs() -> set[str]:
    """The build scratch directories of rootfs builds on this machine."""
    return set(glob.glob("/tmp/kiln-rootfs.*"))


def test_a_directory_image_provisioned_in_the_chroot(kiln: KilnRunner, tmp_path: Path) -> None:
    marker = f"kiln-escape-{uuid.uuid4().hex}"
    daemon = f"sleep 7{uuid.uuid4().int % 100000}"
    before = scratch_dirs()
    template = f"""
source "rootfs" "dir" {{
  release             = "bookworm"
  hostname            = "kiln-chroot"
  root_password       = "{PASSWORD}"
  ssh_authorized_keys = ["{PUBLIC_KEY}"]
}}
build {{
  sources = ["source.rootfs.dir"]
  provisioner "shell" {{
    inline = [
      "hostname > /root/hostname.txt",
      "ls /dev > /root/dev.txt",
      "cat /proc/mounts > /root/mounts.txt",
      "readlink /proc/self/ns/pid > /root/pid-namespace.txt",
      "ln -s / /etc/escape",
      "{daemon} &",
      "echo password is {PASSWORD}",
    ]
  }}
  provisioner "file" {{
    content     = "inside\\n"
    destination = "/etc/escape/tmp/{marker}"
  }}
  provisioner "file" {{
    source      = "/root/hostname.txt"
    direction   = "download"
    destination = "downloaded.txt"
  }}
}}
"""
    done = build(kiln, tmp_path, template)
    assert done.exit_code == 0, done.output
    image = tmp_path / "output-dir" / "dir"
    assert done.output.count(PASSWORD) == 0 and "<sensitive>" in done.output
    assert f"--> rootfs.dir: debian bookworm image (directory): {image}" in done.output
    assert (image / "root/hostname.txt").read_text() == "kiln-chroot\n"
    assert (tmp_path / "downloaded.txt").read_text() == "kiln-chroot\n"
    # A private /dev with the usual nodes, never this machine's devices.
    devices = (image / "root/dev.txt").read_text().split()
    assert {"null", "zero", "urandom", "pts", "shm"} <= set(devices)
    assert not {"kvm", "vda", "sda", "mem"} & set(devices)
    assert "kiln-dev /dev tmpfs" in (image / "root/mounts.txt").read_text()
    namespace = (image / "root/pid-namespace.txt").read_text().strip()
    assert namespace.startswith("pid:[") and namespace != os.readlink("/proc/self/ns/pid")
    # A link in the image is followed inside the image, never out to this machine.
    assert (image / "tmp" / marker).read_text() == "inside\n"
    assert not Path("/tmp", marker).exists()
    # The build's own traces are gone; what the template asked for is there.
    assert (image / "etc/hostname").read_text() == "kiln-chroot\n"
    machine_id = image / "etc/machine-id"
    assert not machine_id.exists() or machine_id.read_text() == ""
    assert not (image / "usr/sbin/policy-rc.d").exists()
    assert not (image / "etc/apt/apt.conf.d/99mmdebstrap").exists()
    assert not (image / "etc/dpkg/dpkg.cfg.d/99mmdebstrap").exists()
    assert (image / "root/.ssh/authorized_keys").read_text() == f"{PUBLIC_KEY}\n"
    shadow = (image / "etc/shadow").read_text().splitlines()
    assert shadow[0].startswith("root:$6$") and PASSWORD not in "".join(shadow)
    # Nothing outlives the build: no daemon, no mount, no scratch directory.
    assert processes_running(daemon) == []
    assert mounts_containing("kiln-rootfs") == []
    assert scratch_dirs() == before


REPRODUCIBLE = f"""
source "rootfs" "tar" {{
  release             = "bookworm"
  format              = "tar.zst"
  root_password       = "{PASSWORD}"
  ssh_authorized_keys = ["{PUBLIC_KEY}"]
  source_date_epoch   = 1700000000
}}
source "rootfs" "disk" {{
  release           = "bookworm"
  bootable          = true
  format            = "raw"
  source_date_epoch = 1700000000
}}
build {{
  sources = ["source.rootfs.tar", "source.rootfs.disk"]
  provisioner "shell" {{
    inline = ["echo provisioned > /etc/provisioned", "ldconfig"]
  }}
}}
"""


def test_builds_with_a_source_date_epoch_are_identical(kiln: KilnRunner, tmp_path: Path) -> None:
    digests = []
    for run in ("first", "second"):
        directory = tmp_path / run
        directory.mkdir()
        done = build(kiln, directory, REPRODUCIBLE)
        assert done.exit_code == 0, done.output
        tar = directory / "output-tar" / "tar.tar.zst"
        disk = directory / "output-disk" / "disk.raw"
        digests.append((_sha256(tar), _sha256(disk)))
    assert digests[0] == digests[1]


def test_ctrl_c_in_a_provisioner_leaves_nothing(tmp_path: Path) -> None:
    daemon = f"sleep 8{uuid.uuid4().int % 100000}"
    before = scratch_dirs()
    template = f"""
source "rootfs" "stop" {{
  release = "bookworm"
}}
build {{
  sources = ["source.rootfs.stop"]
  provisioner "shell" {{
    inline = ["{daemon} &", "echo provisioner-started", "{daemon}"]
  }}
}}
"""
    code, output = interrupt_after(start_build(tmp_path, template), "provisioner-started")
    assert code == 1, output
    assert "Build 'rootfs.stop' cancelled" in output or "interrupted" in output.lower(), output
    assert processes_running(daemon) == []
    assert mounts_containing("kiln-rootfs") == []
    assert scratch_dirs() == before
    assert not (tmp_path / "output-stop").exists()


def test_ctrl_c_while_bootstrapping_leaves_nothing(tmp_path: Path) -> None:
    before = scratch_dirs()
    template = 'source "rootfs" "early" {\n  release = "bookworm"\n}\n'
    template += 'build {\n  sources = ["source.rootfs.early"]\n}\n'
    code, output = interrupt_after(start_build(tmp_path, template), "I: running apt-get update")
    assert code == 1, output
    assert processes_running("mmdebstrap") == []
    assert mounts_containing("kiln-rootfs") == []
    assert scratch_dirs() == before
    assert not (tmp_path / "output-early").exists()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def test_an_ova_for_virtualbox_and_vmware(kiln: KilnRunner, tmp_path: Path) -> None:
    template = """
source "rootfs" "appliance" {
  release         = "bookworm"
  format          = "ova"
  partition_table = "mbr"
}
build {
  sources = ["source.rootfs.appliance"]
  provisioner "shell" {
    inline = ["echo appliance > /etc/appliance"]
  }
}
"""
    done = build(kiln, tmp_path, template)
    assert done.exit_code == 0, done.output
    package = tmp_path / "output-appliance" / "appliance.ova"
    with tarfile.open(package) as ova:
        names = ova.getnames()
        assert [Path(name).suffix for name in names] == [".ovf", ".mf", ".vmdk"]
        ova.extract(names[2], tmp_path, filter="data")
    disk = tmp_path / names[2]
    info = json.loads(
        subprocess.run(
            ["qemu-img", "info", "--output=json", str(disk)],
            capture_output=True, text=True, check=True,
        ).stdout
    )  # fmt: skip
    assert info["format"] == "vmdk" and info["format-specific"]["data"]["create-type"] == (
        "streamOptimized"
    )
    raw = tmp_path / "disk.raw"
    subprocess.run(["qemu-img", "convert", "-O", "raw", str(disk), str(raw)], check=True)
    read = subprocess.run(
        ["debugfs", "-R", "cat /etc/appliance", f"{raw}?offset={1 << 20}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert read.stdout == "appliance\n"
