"""The `virtualbox-iso` builder's schema: every documented option is declared
(a typo is an Unsupported argument, with a suggestion), nested blocks decode,
and the plugin's Prepare checks report missing and invalid options."""

from __future__ import annotations

from pathlib import Path

from kiln.builders.virtualbox_iso import VirtualBoxISOBuilder, VirtualBoxISOConfig
from kiln.components.registry import Kind, component
from tests.components.support import config_of, decode_hcl, errors, warnings

SHA256 = "ed363350696a726b7932db864dda019bd2017365c9e299627830f06954643f93"
BASE = (
    f'iso_url = "ubuntu.iso"\niso_checksum = "sha256:{SHA256}"\nssh_username = "u"\n'
    'guest_os_type = "Ubuntu_64"\nshutdown_command = "sudo poweroff"'
)
NO_SHUTDOWN_COMMAND = (
    "A shutdown_command was not specified. Without a shutdown command, Packer\n"
    "will forcibly halt the virtual machine, which may result in data loss."
)


def source(body: str) -> str:
    return f'source "virtualbox-iso" "x" {{\n{body}\n}}'


def problems(body: str, base: str = BASE) -> list[str]:
    return errors(decode_hcl(VirtualBoxISOConfig, source(f"{base}\n{body}")))


def config(body: str) -> VirtualBoxISOConfig:
    return config_of(decode_hcl(VirtualBoxISOConfig, source(f"{BASE}\n{body}")))


def test_registered_as_a_builder() -> None:
    assert component(Kind.BUILDER, "virtualbox-iso") is VirtualBoxISOBuilder
    assert VirtualBoxISOBuilder.config_class is VirtualBoxISOConfig


def test_a_minimal_source_is_valid_with_the_plugins_defaults() -> None:
    made = config("")
    assert (made.guest_os_type, made.guest_additions, made.format) == (
        "Ubuntu_64",
        "upload",
        "ovf",
    )
    assert (made.hard_drive_interface, made.disk_size) == ("ide", 40000)


def test_a_misspelt_option_is_an_unsupported_argument() -> None:
    assert problems('guest_additons_mode = "attach"') == [
        'Unsupported argument; An argument named "guest_additons_mode" is not expected here. '
        'Did you mean "guest_additions_mode"?'
    ]
    # VMware's options are not VirtualBox's
    assert problems('vmx_data = { "a" = "b" }') == [
        'Unsupported argument; An argument named "vmx_data" is not expected here.'
    ]


def test_wrong_types_are_reported_with_the_option() -> None:
    assert problems('memory = "lots"') == [
        "Incorrect attribute value type; Inappropriate value for attribute "
        '"memory": a number is required.'
    ]
    assert problems('vboxmanage = "modifyvm"') == [
        "Incorrect attribute value type; Inappropriate value for attribute "
        '"vboxmanage": list of list of string required.'
    ]


def test_missing_and_invalid_options_are_reported_as_the_plugin_does() -> None:
    assert problems("", base='ssh_username = "u"') == [
        "One of iso_url or iso_urls must be specified"
    ]
    assert problems('guest_additions_mode = "sideways"') == [
        "guest_additions_mode is invalid. Must be one of: [disable attach upload]"
    ]
    assert problems('format = "qcow2"') == ["invalid format, only 'ovf' or 'ova' are allowed"]
    assert problems('hard_drive_interface = "nvme"') == [
        "hard_drive_interface can only be ide, sata, pcie, scsi or virtio"
    ]


def test_without_a_shutdown_command_it_warns() -> None:
    base = BASE.replace('shutdown_command = "sudo poweroff"', "")
    decoded = decode_hcl(VirtualBoxISOConfig, source(base))
    assert (errors(decoded), warnings(decoded)) == ([], [NO_SHUTDOWN_COMMAND])


def test_lists_decode_and_files_are_checked(tmp_path: Path) -> None:
    assert problems('floppy_files = ["ks.cfg"]') == [
        "Bad Floppy disk file 'ks.cfg': no such file or directory"
    ]
    (tmp_path / "ks.cfg").touch()
    made = config(
        'vboxmanage = [["modifyvm", "{{.Name}}", "--cpus", "2"]]\n'
        'boot_command = ["<esc><wait>", "linux<enter>"]\n'
        f'http_directory = "http"\nfloppy_files = ["{tmp_path}/ks.cfg"]'
    )
    assert made.vboxmanage == (("modifyvm", "{{.Name}}", "--cpus", "2"),)
    assert made.boot_command == ("<esc><wait>", "linux<enter>")
    assert (made.http_directory, made.floppy_files) == ("http", (f"{tmp_path}/ks.cfg",))
