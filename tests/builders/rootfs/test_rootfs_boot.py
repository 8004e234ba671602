"""A bootable image from the rootfs builder boots under QEMU, with BIOS and with
UEFI, and accepts SSH (issue: rootfs → bootable qcow2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.infra.vm_image import booted, debian_vm_image

pytestmark = pytest.mark.backend("root", "mmdebstrap", "mtools", "sfdisk", "qemu", "qemu-img")


@pytest.mark.parametrize(
    "firmware", ["bios", pytest.param("uefi", marks=pytest.mark.backend("ovmf"))]
)
def test_the_image_boots_and_accepts_ssh(firmware: str, tmp_path: Path) -> None:
    image = debian_vm_image()
    with booted(image.path, image.private_key, tmp_path, uefi=firmware == "uefi") as machine:
        facts = machine.ssh(
            "hostname; systemctl is-system-running --wait; "
            "ls /etc/ssh/ssh_host_ed25519_key; wc -c < /etc/machine-id; "
            "findmnt -n -o SOURCE,FSTYPE,OPTIONS /; ip -4 -o addr show scope global; "
            "test -d /sys/firmware/efi && echo efi || echo bios; resolvectl dns"
        )
    assert facts.returncode == 0, facts.stderr
    lines = facts.stdout.splitlines()
    assert lines[0] == "kiln-test-vm"
    assert lines[1] == "running", lines  # every unit started
    assert lines[2] == "/etc/ssh/ssh_host_ed25519_key"  # made on first boot
    assert lines[3] == "33"  # a machine id of its own (32 hex digits and a newline)
    source, kind, options = lines[4].split()
    assert (source, kind, options.split(",")[0]) == ("/dev/vda3", "ext4", "rw")
    assert " inet 10.0.2." in lines[5]  # an address from DHCP
    assert lines[6] == ("efi" if firmware == "uefi" else "bios")
    assert "10.0.2.3" in " ".join(lines[7:]), lines  # DHCP's DNS server, in systemd-resolved
    console = machine.serial_log.read_text(errors="replace")
    assert "Linux version" in console and "kiln-test-vm login:" in console
