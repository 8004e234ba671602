"""The `vmware-iso` builder's schema: every documented option is declared (a
typo is an Unsupported argument), and the plugin's Prepare checks report
missing, invalid and conflicting options (`network_adapter_type` is required
by current plugins)."""

from __future__ import annotations

from kiln.builders.vmware_iso import VMwareISOBuilder, VMwareISOConfig
from kiln.components.registry import Kind, component
from tests.components.support import config_of, decode_hcl, errors

SHA256 = "ed363350696a726b7932db864dda019bd2017365c9e299627830f06954643f93"
BASE = (
    f'iso_url = "ubuntu.iso"\niso_checksum = "sha256:{SHA256}"\nssh_username = "u"\n'
    'network_adapter_type = "e1000e"\nshutdown_command = "sudo poweroff"'
)


def source(body: str) -> str:
    return f'source "vmware-iso" "x" {{\n{body}\n}}'


def problems(body: str, base: str = BASE) -> list[str]:
    return errors(decode_hcl(VMwareISOConfig, source(f"{base}\n{body}")))


def config(body: str) -> VMwareISOConfig:
    return config_of(decode_hcl(VMwareISOConfig, source(f"{BASE}\n{body}")))


def test_registered_as_a_builder() -> None:
    assert component(Kind.BUILDER, "vmware-iso") is VMwareISOBuilder
    assert VMwareISOBuilder.config_class is VMwareISOConfig


def test_a_minimal_source_is_valid() -> None:
    made = config("")
    assert (made.network_adapter_type, made.communicator) == ("e1000e", "ssh")


def test_a_misspelt_option_is_an_unsupported_argument() -> None:
    (typo,) = problems('network_adaptor_type = "e1000"')
    assert typo.startswith(
        'Unsupported argument; An argument named "network_adaptor_type" is not expected here.'
    )
    # VirtualBox's options are not VMware's
    assert problems('vboxmanage = [["modifyvm", "{{.Name}}"]]') == [
        'Unsupported argument; An argument named "vboxmanage" is not expected here.'
    ]
    assert problems("port_forwarding {\n  host_port = 2222\n  guest_port = 22\n}") == [
        'Unsupported block type; Blocks of type "port_forwarding" are not expected here.'
    ]


def test_wrong_types_are_reported_with_the_option() -> None:
    assert problems('memory = "lots"') == [
        "Incorrect attribute value type; Inappropriate value for attribute "
        '"memory": a number is required.'
    ]
    assert problems('vmx_data = ["numvcpus"]') == [
        "Incorrect attribute value type; Inappropriate value for attribute "
        '"vmx_data": map of string required.'
    ]


def test_missing_required_options_are_reported_as_the_plugin_does() -> None:
    assert problems("", base='ssh_username = "u"\nshutdown_command = "poweroff"') == [
        "One of iso_url or iso_urls must be specified",
        "'network_adapter_type' is required; must be one of vmxnet3, e1000e, e1000",
    ]


def test_invalid_and_conflicting_values() -> None:
    assert problems('format = "qcow2"') == [
        "invalid 'format' type specified: qcow2; must be one of ovf, ova, vmx"
    ]
    assert problems('tools_upload_flavor = "linux"') == [
        "'tools_mode' must be explicitly specified when using any tools configuration"
    ]
    assert problems('usb_version = "3.1"') == ["'usb_version' can only be set when 'usb' is 'true'"]


def test_maps_and_lists_decode() -> None:
    made = config(
        'vmx_data = { "numvcpus" = "2", "memsize" = "2048" }\n'
        'boot_command = ["<esc><wait>", "linux<enter>"]\ndisk_additional_size = [1024, 2048]'
    )
    assert made.vmx_data == {"numvcpus": "2", "memsize": "2048"}
    assert made.boot_command == ("<esc><wait>", "linux<enter>")
    assert made.disk_additional_size == (1024, 2048)
