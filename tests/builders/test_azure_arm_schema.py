"""The `azure-arm` builder's schema: every documented option is declared (a
typo is an Unsupported argument), nested blocks decode, and the plugin's
Prepare checks report missing, invalid and conflicting options."""

from __future__ import annotations

from kiln.builders.azure_arm import AzureARMBuilder, AzureARMConfig
from kiln.components.registry import Kind, component
from tests.components.support import config_of, decode_hcl, errors

IMAGE = (
    'image_publisher = "Canonical"\nimage_offer = "0001-com-ubuntu-server-jammy"\n'
    'image_sku = "22_04-lts"\nlocation = "East US"\nvm_size = "Standard_B2s"\n'
    'managed_image_name = "web"\nmanaged_image_resource_group_name = "images"'
)
BASE = f'{IMAGE}\nos_type = "Linux"'


def source(body: str) -> str:
    return f'source "azure-arm" "x" {{\n{body}\n}}'


def problems(body: str, base: str = BASE) -> list[str]:
    return errors(decode_hcl(AzureARMConfig, source(f"{base}\n{body}")))


def config(body: str, base: str = BASE) -> AzureARMConfig:
    return config_of(decode_hcl(AzureARMConfig, source(f"{base}\n{body}")))


def test_registered_as_a_builder() -> None:
    assert component(Kind.BUILDER, "azure-arm") is AzureARMBuilder
    assert AzureARMBuilder.config_class is AzureARMConfig


def test_a_managed_image_source_is_valid() -> None:
    made = config("")
    assert (made.os_type, made.managed_image_name, made.communicator) == ("Linux", "web", "ssh")
    assert config("", base=f'{IMAGE}\nos_type = "Windows"').os_type == "Windows"


def test_a_misspelt_option_is_an_unsupported_argument() -> None:
    assert problems('image_publsher = "Canonical"') == [
        'Unsupported argument; An argument named "image_publsher" is not expected here.'
    ]
    assert problems('instance_type = "t2.micro"') == [
        'Unsupported argument; An argument named "instance_type" is not expected here.'
    ]


def test_wrong_types_are_reported_with_the_option() -> None:
    assert problems('azure_tags = "dept=eng"') == [
        "Incorrect attribute value type; Inappropriate value for attribute "
        '"azure_tags": map of string required.'
    ]
    assert problems('os_disk_size_gb = "big"') == [
        "Incorrect attribute value type; Inappropriate value for attribute "
        '"os_disk_size_gb": a number is required.'
    ]


def test_missing_required_options_are_reported_as_the_plugin_does() -> None:
    assert problems("", base='location = "East US"') == [
        "A capture_container_name, managed_image_name or shared_image_gallery_destination "
        "must be specified",
        "A capture_name_prefix, managed_image_resource_group_name or "
        "shared_image_gallery_destination must be specified",
        "An image_publisher must be specified",
        "An image_offer must be specified",
        "An image_sku must be specified",
        "Specify either a VHD (storage_account and resource_group_name), a Managed Image "
        "(managed_image_resource_group_name and managed_image_name) or a Shared Image Gallery "
        "(shared_image_gallery_destination) output (Managed Images can also be published to "
        "Shared Image Galleries)",
        "A storage_account must be specified",
        "A resource_group_name must be specified",
        "An os_type must be specified",
    ]


def test_invalid_and_conflicting_values() -> None:
    assert problems("", base=f'{IMAGE}\nos_type = "Solaris"') == [
        'The os_type "Solaris" is invalid'
    ]
    assert problems('build_resource_group_name = "b"\ntemp_resource_group_name = "t"') == [
        "The settings temp_resource_group_name and build_resource_group_name cannot both be "
        "defined.  Please define one or neither.",
        "Specify either a location to create the resource group in or an existing "
        "build_resource_group_name, but not both.",
    ]
    # a service principal needs its subscription
    (half,) = problems('client_id = "app"\nclient_secret = "s3cr3t"')
    assert half.startswith("No valid set of authentication values specified:\n")
    assert problems('client_id = "app"\nclient_secret = "s3cr3t"\nsubscription_id = "sub"') == []


def test_nested_blocks_decode() -> None:
    made = config(
        "shared_image_gallery_destination {\n"
        '  subscription = "sub"\n  resource_group = "rg"\n  gallery_name = "g"\n'
        '  image_name = "web"\n  image_version = "1.0.0"\n  replication_regions = ["eastus"]\n'
        "}\n"
        'azure_tag {\n  name = "team"\n  value = "web"\n}\n'
        'azure_tags = { dept = "eng" }'
    )
    destination = made.shared_image_gallery_destination
    assert destination is not None
    assert (destination.gallery_name, destination.replication_regions) == ("g", ("eastus",))
    assert [(t.name, t.value) for t in made.azure_tag] == [("team", "web")]
    assert made.azure_tags == {"dept": "eng"}
