"""The `rootfs` builder's options and their checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiln.builders.rootfs import RootfsConfig
from kiln.builders.rootfs.bootstrap import mmdebstrap_arguments, packages
from kiln.builders.rootfs.config import parse_size
from kiln.builders.rootfs.layout import DiskIds, plan
from kiln.builders.rootfs.reproducible import Identity
from tests.components.support import config_of, decode_hcl, errors


def decode(body: str) -> list[str]:
    return errors(decode_hcl(RootfsConfig, f'source "rootfs" "x" {{\n{body}\n}}'))


def config(body: str) -> RootfsConfig:
    made = config_of(decode_hcl(RootfsConfig, f'source "rootfs" "x" {{\n{body}\n}}'))
    assert isinstance(made, RootfsConfig)
    return made


def test_defaults() -> None:
    made = config('release = "bookworm"')
    assert (made.distribution, made.variant, made.format) == ("debian", "minbase", "directory")
    assert (made.partition_table, made.bootable, made.hostname) == ("gpt", False, "localhost")
    assert made.image_file("deb") == "deb"
    assert config('release = "bookworm"\nformat = "tar.zst"').image_file("deb") == "deb.tar.zst"


def test_a_release_is_required() -> None:
    assert decode("") == [
        'Missing required argument; The argument "release" is required, but no definition '
        "was found."
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'distribution = "arch"',
            'distribution "arch" is not supported; use one of "debian", "ubuntu"',
        ),
        ('format = "iso"', 'format "iso" is not supported; use one of "directory", "tar"'),
        ('variant = "tiny"', 'variant "tiny" is not supported'),
        (
            'partition_table = "apm"',
            'partition_table "apm" is not supported; use one of "gpt", "mbr"',
        ),
        ('disk_size = "lots"', 'Invalid disk size "lots"'),
        ('hostname = "no_underscores"', '"no_underscores" is not a valid host name'),
        ("source_date_epoch = -1", "source_date_epoch must not be negative"),
    ],
)
def test_wrong_values_are_reported(body: str, message: str) -> None:
    found = decode(f'release = "bookworm"\n{body}')
    assert len(found) == 1 and found[0].startswith(message), found


def test_a_wrong_type_is_reported() -> None:
    assert decode('release = "bookworm"\nbootable = "perhaps"') == [
        'Incorrect attribute value type; Inappropriate value for attribute "bootable": '
        "a bool is required."
    ]


def test_sizes() -> None:
    assert parse_size("4G") == 4 << 30
    assert parse_size("2048M") == parse_size("2048") == parse_size("2048MiB") == 2048 << 20
    assert parse_size("4 gigs") is None


def test_packages_for_a_bootable_image() -> None:
    chosen = packages(config('release = "bookworm"\nbootable = true\npackages = ["curl"]'))
    assert chosen[0] == "curl" and "linux-image-amd64" in chosen
    assert {"grub-pc-bin", "grub-efi-amd64-bin", "openssh-server", "systemd-resolved"} <= set(
        chosen
    )
    mbr = packages(config('release = "bullseye"\nbootable = true\npartition_table = "mbr"'))
    assert "grub-efi-amd64-bin" not in mbr and "systemd-resolved" not in mbr


def test_the_mirror_given_is_the_only_source(tmp_path: Path) -> None:
    made = config(
        'release = "bookworm"\nmirror = "http://mirror.invalid/debian"\n'
        'components = ["main", "contrib"]'
    )
    argv = mmdebstrap_arguments(made, str(tmp_path / "root"), str(tmp_path / "cache"))
    assert argv[-3:] == [
        "bookworm",
        str(tmp_path / "root"),
        "deb http://mirror.invalid/debian bookworm main contrib",
    ]
    assert "--variant=minbase" in argv and "--mode=root" in argv


def test_reproducible_identifiers_follow_the_epoch_and_the_build() -> None:
    first = DiskIds.make(Identity.for_build(1700000000, "rootfs.a"))
    assert first == DiskIds.make(Identity.for_build(1700000000, "rootfs.a"))
    assert first != DiskIds.make(Identity.for_build(1700000001, "rootfs.a"))
    assert first != DiskIds.make(Identity.for_build(1700000000, "rootfs.b"))
    assert DiskIds.make(Identity(None)) != DiskIds.make(Identity(None))
    salt = Identity.for_build(1, "x").salt("pw")
    assert len(salt) == 16 and salt == Identity.for_build(1, "x").salt("pw")


def test_disk_layouts() -> None:
    gpt = plan("gpt", 700 << 20, None)
    assert gpt.bios_boot is not None and gpt.esp is not None
    assert (gpt.bios_boot.start, gpt.esp.start, gpt.root.start) == (1 << 20, 2 << 20, 66 << 20)
    assert gpt.root.size >= (700 << 20) * 5 // 4 and gpt.size % (1 << 20) == 0
    mbr = plan("mbr", 10 << 20, 4 << 30)
    assert (mbr.size, mbr.root.start, mbr.bios_boot) == (4 << 30, 1 << 20, None)
    assert mbr.root.size == (4 << 30) - (2 << 20)
    ids = DiskIds.make(Identity.for_build(0, "x"))
    script = gpt.sfdisk_script(ids, "amd64")
    assert "label: gpt" in script and 'name="root"' in script and ids.root_partition in script
    assert f"label-id: 0x{ids.mbr_disk:08x}" in mbr.sfdisk_script(ids, "amd64")
