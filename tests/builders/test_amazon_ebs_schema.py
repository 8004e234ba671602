"""The `amazon-ebs` builder's schema: every documented option is declared (a
typo is an Unsupported argument), nested blocks decode, the plugin's Prepare
checks report missing and conflicting options, and a build says the source
can be validated but not run."""

from __future__ import annotations

from pathlib import Path

from kiln.builders.amazon_ebs import EBSBuilder, EBSConfig
from kiln.components.registry import Kind, component
from tests.components.support import config_of, decode_hcl, errors, warnings
from tests.conftest import KilnRunner

BASE = (
    'ami_name = "packer-linux"\ninstance_type = "t2.micro"\nregion = "us-east-1"\n'
    'source_ami = "ami-0123456789"\nssh_username = "ubuntu"'
)


def source(body: str) -> str:
    return f'source "amazon-ebs" "x" {{\n{body}\n}}'


def problems(body: str, base: str = BASE) -> list[str]:
    return errors(decode_hcl(EBSConfig, source(f"{base}\n{body}")))


def config(body: str) -> EBSConfig:
    return config_of(decode_hcl(EBSConfig, source(f"{BASE}\n{body}")))


def test_registered_as_a_builder() -> None:
    assert component(Kind.BUILDER, "amazon-ebs") is EBSBuilder
    assert EBSBuilder.config_class is EBSConfig


def test_a_minimal_source_is_valid_with_the_plugins_defaults() -> None:
    made = config("")
    assert (made.ami_name, made.region, made.communicator) == ("packer-linux", "us-east-1", "ssh")
    assert (made.ssh_port, made.ssh_username) == (22, "ubuntu")
    assert made.source_ami_filter is None
    assert (made.launch_block_device_mappings, made.tag, made.fast_launch) == ((), (), None)


def test_a_misspelt_option_is_an_unsupported_argument() -> None:
    assert problems('ami_nmae = "x"') == [
        'Unsupported argument; An argument named "ami_nmae" is not expected here.'
    ]
    # an option of another builder is not one of this builder's
    assert problems('volume_type = "gp3"') == [
        'Unsupported argument; An argument named "volume_type" is not expected here.'
    ]
    assert problems("source_ami_filters {\n}") == [
        'Unsupported block type; Blocks of type "source_ami_filters" are not expected here. '
        'Did you mean "source_ami_filter"?'
    ]


def test_wrong_types_are_reported_with_the_option() -> None:
    assert problems('ebs_optimized = "sometimes"') == [
        "Incorrect attribute value type; Inappropriate value for attribute "
        '"ebs_optimized": a bool is required.'
    ]
    assert problems(
        'launch_block_device_mappings {\n  device_name = "/dev/sda1"\n  volume_size = "big"\n}'
    ) == [
        "Incorrect attribute value type; Inappropriate value for attribute "
        '"volume_size": a number is required.'
    ]


def test_missing_required_options_are_reported_as_the_plugin_does() -> None:
    assert problems("", base='region = "us-east-1"') == [
        "An ssh_username must be specified\n"
        '  Note: some builders used to default ssh_username to "root".',
        "ami_name must be specified",
        "ami_name must be between 3 and 128 characters long",
        "A source_ami or source_ami_filter must be specified",
        "For security reasons, your source AMI filter must declare an owner.",
        "either instance_type or spot_instance_types must be specified",
    ]
    assert problems("launch_block_device_mappings {\n  volume_size = 8\n}") == [
        "The `device_name` must be specified for every device in the block device mapping."
    ]


def test_nested_blocks_decode() -> None:
    base = BASE.replace('source_ami = "ami-0123456789"', "")
    made = config_of(
        decode_hcl(
            EBSConfig,
            source(
                f"{base}\n"
                "source_ami_filter {\n"
                '  filters = { name = "ubuntu/*", virtualization-type = "hvm" }\n'
                '  owners = ["099720109477"]\n  most_recent = true\n}\n'
                'launch_block_device_mappings {\n  device_name = "/dev/sda1"\n'
                "  volume_size = 8\n  delete_on_termination = true\n}\n"
                'tag {\n  key = "Name"\n  value = "web"\n}\n'
                'assume_role {\n  role_arn = "arn:aws:iam::1:role/packer"\n}'
            ),
        )
    )
    assert made.source_ami_filter is not None
    assert made.source_ami_filter.filters == {"name": "ubuntu/*", "virtualization-type": "hvm"}
    assert made.source_ami_filter.owners == ("099720109477",)
    assert made.source_ami_filter.most_recent is True
    (device,) = made.launch_block_device_mappings
    assert (device.device_name, device.volume_size, device.delete_on_termination) == (
        "/dev/sda1",
        8,
        True,
    )
    assert [(t.key, t.value) for t in made.tag] == [("Name", "web")]
    assert made.assume_role is not None
    assert made.assume_role.role_arn == "arn:aws:iam::1:role/packer"


def test_conflicts_and_deprecations() -> None:
    assert problems('spot_price = "auto"\nena_support = true') == [
        "Spot instances do not support modification, which is required when either "
        "`ena_support` or `sriov_support` are set. Please ensure you use an AMI that "
        "already has either SR-IOV or ENA enabled."
    ]
    assert problems('ssh_interface = "carrier_pigeon"') == [
        "Unknown interface type: carrier_pigeon"
    ]
    decoded = decode_hcl(EBSConfig, source(f"{BASE}\nenable_t2_unlimited = false"))
    assert errors(decoded) == []
    assert decoded.config is not None
    assert not warnings(decoded)  # the deprecation warns only when it is set to true


def test_building_says_it_can_be_validated_but_not_run(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "main.pkr.hcl").write_text(
        source(BASE) + '\nbuild {\n  sources = ["source.amazon-ebs.x"]\n}\n'
    )
    assert kiln("validate", "main.pkr.hcl").exit_code == 0
    built = kiln("build", "main.pkr.hcl")
    assert built.exit_code == 1
    assert 'The source "amazon-ebs" can be validated but cannot run' in built.output
