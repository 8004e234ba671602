"""The `azure-arm` builder's options: every option of the plugin's builder
(authentication in `client`, nested blocks in `blocks`), with the checks of
its Prepare that need no Azure API."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass

from kiln.builders.azure_arm.blocks import (
    PlanInfo,
    SharedImageGallery,
    SharedImageGalleryDestination,
    Spot,
)
from kiln.builders.azure_arm.client import ClientConfig
from kiln.builders.common.tags import NameValue
from kiln.communicator.options import CommunicatorConfig
from kiln.components.config import Config, Problems, block, option

_RESOURCE_GROUP = re.compile(r"[^_\W][\w\-._()]{0,89}")
_MANAGED_DISK = re.compile(r"[^_\W][\w\-._)]{0,79}")
_CAPTURE_CONTAINER = re.compile(r"[a-z0-9][a-z0-9\-]{2,62}")
_CAPTURE_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-.]{0,23}")
_SNAPSHOT = re.compile(r"[A-Za-z0-9_]{1,79}")
_SNAPSHOT_PREFIX = re.compile(r"[A-Za-z0-9_]{1,59}")
_RESOURCE_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,9}")
_IDENTITY = re.compile(
    r"/subscriptions/[^/]+/resource[gG]roups/[^/]+/providers/([^/]+)/([^/]+)/[^/]+"
)
_RESOURCE_GROUP_TEXT = r"^[^_\W][\w-._\(\)]{0,89}$"
_MANAGED_DISK_TEXT = r"^[^_\W][\w-._)]{0,79}$"
SIG_STORAGE_ACCOUNT_TYPES = ("Standard_LRS", "Standard_ZRS", "Premium_LRS")
LICENSE_TYPES = {
    "Linux": ("RHEL_BYOS", "SLES_BYOS"),
    "Windows": ("Windows_Client", "Windows_Server"),
}


@dataclass(kw_only=True)
class SourceOptions(Config):
    """What the build VM starts from."""

    image_publisher: str = option("", doc='A marketplace image\'s publisher ("Canonical").')
    image_offer: str = option("", doc="The marketplace image's offer.")
    image_sku: str = option("", doc="The marketplace image's SKU.")
    image_version: str = option("", doc='The marketplace image\'s version; "latest" unless set.')
    image_url: str = option("", doc="A VHD to start from, instead of a marketplace image.")
    custom_managed_image_name: str = option("", doc="A managed image to start from.")
    custom_managed_image_resource_group_name: str = option(
        "", doc="The resource group of custom_managed_image_name."
    )
    shared_image_gallery: SharedImageGallery | None = block(doc="A gallery image to start from.")
    plan_info: PlanInfo | None = block(doc="The marketplace plan of the source image.")


@dataclass(kw_only=True)
class OutputOptions(Config):
    """What the build leaves: a managed image, a VHD, or a gallery image version."""

    managed_image_resource_group_name: str = option(
        "", doc="The (existing) resource group of the managed image made."
    )
    managed_image_name: str = option("", doc="The managed image made (must not exist).")
    managed_image_storage_account_type: str = option(
        "", doc='"Standard_LRS" (default) or "Premium_LRS".'
    )
    managed_image_os_disk_snapshot_name: str = option(
        "", doc="Snapshot the OS disk under this name before capture."
    )
    managed_image_data_disk_snapshot_prefix: str = option(
        "", doc="Snapshot the data disks with this prefix before capture."
    )
    managed_image_zone_resilient: bool = option(False, doc="Store the image zone-resiliently.")
    keep_os_disk: bool = option(False, doc="Do not delete the OS disk.")
    capture_name_prefix: str = option("", doc="The VHD's name prefix (VHD output).")
    capture_container_name: str = option("", doc="The VHD's storage container (VHD output).")
    storage_account: str = option("", doc="The storage account of a VHD output.")
    resource_group_name: str = option("", doc="The resource group of storage_account.")
    shared_image_gallery_destination: SharedImageGalleryDestination | None = block(
        doc="Publish the image to a gallery."
    )
    shared_image_gallery_timeout: str = option(
        "60m", duration=True, doc="How long publishing to the gallery may take."
    )
    shared_gallery_image_version_end_of_life_date: str = option(
        "", doc="The gallery version's end of life, 2006-01-02T15:04:05.99Z."
    )
    shared_image_gallery_replica_count: int = option(
        0, doc="Replicas of the gallery version per region (1 to 100)."
    )
    shared_gallery_image_version_exclude_from_latest: bool = option(
        False, doc='Exclude the version from "latest".'
    )
    skip_create_image: bool = option(
        False, doc="Do everything but capture an image (for testing provisioners)."
    )


@dataclass(kw_only=True)
class DeploymentOptions(Config):
    """Where and how the build VM is deployed."""

    location: str = option("", doc="The region to build in; or build_resource_group_name.")
    build_resource_group_name: str = option(
        "", doc="An existing resource group to build in; instead of location."
    )
    temp_resource_group_name: str = option(
        "", doc="The temporary resource group's name; random unless set."
    )
    temp_compute_name: str = option("", doc="The build VM's name; random unless set.")
    temp_nic_name: str = option("", doc="The NIC's name; random unless set.")
    temp_os_disk_name: str = option("", doc="The OS disk's name; random unless set.")
    vm_size: str = option("Standard_A1", doc="The build VM's size.")
    spot: Spot | None = block(doc="Use a spot VM.")
    os_type: str = option("", doc='"Linux" or "Windows"; required.')
    os_disk_size_gb: int = option(0, doc="The OS disk's size in GB; the image's unless set.")
    disk_additional_size: tuple[int, ...] = option((), doc="Sizes in GB of data disks.")
    disk_caching_type: str = option(
        "ReadWrite", doc='The OS disk caching: "None", "ReadOnly" or "ReadWrite".'
    )
    disk_encryption_set_id: str = option("", doc="A disk encryption set for the disks.")
    azure_tags: Mapping[str, str] = option(
        default_factory=dict, doc="Tags for every resource made (at most 15)."
    )
    azure_tag: tuple[NameValue, ...] = block(doc="One tag (name and value); repeatable.")
    user_assigned_managed_identities: tuple[str, ...] = option(
        (), doc="Resource IDs of user assigned identities given to the VM."
    )
    build_key_vault_name: str = option("", doc="An existing key vault for WinRM certificates.")
    build_key_vault_secret_name: str = option("", doc="The secret's name in that vault.")
    build_key_vault_sku: str = option("standard", doc='"standard" or "premium".')
    private_virtual_network_with_public_ip: bool = option(
        False, doc="Give the VM a public IP in an existing virtual network."
    )
    virtual_network_name: str = option("", doc="An existing virtual network to use.")
    virtual_network_subnet_name: str = option("", doc="Its subnet.")
    virtual_network_resource_group_name: str = option("", doc="Its resource group.")
    allowed_inbound_ip_addresses: tuple[str, ...] = option(
        (), doc="IPs or CIDRs allowed to reach the VM (not with virtual_network_name)."
    )
    custom_data_file: str = option("", doc="A file of custom data (cloud-init) for the VM.")
    custom_data: str = option("", doc="Custom data for the VM; or custom_data_file.")
    user_data_file: str = option("", doc="A file of user data for the VM.")
    user_data: str = option("", doc="User data for the VM; or user_data_file.")
    custom_script: str = option("", doc="A command run by the custom script extension.")
    polling_duration_timeout: str = option(
        "15m", duration=True, doc="How long to wait for Azure operations."
    )
    winrm_expiration_time: str = option(
        "", duration=True, doc="How long the WinRM certificate is valid."
    )
    boot_diag_storage_account: str = option("", doc="A storage account for boot diagnostics.")
    custom_resource_build_prefix: str = option(
        "", doc="A prefix (10 characters at most) for the names of the resources made."
    )
    license_type: str = option(
        "", doc='"RHEL_BYOS", "SLES_BYOS", "Windows_Client" or "Windows_Server".'
    )
    secure_boot_enabled: bool = option(False, doc="Enable secure boot (trusted launch).")
    encryption_at_host: bool | None = option(None, doc="Encrypt at the host.")
    vtpm_enabled: bool = option(False, doc="Enable a virtual TPM (trusted launch).")
    security_type: str = option("", doc='"TrustedLaunch" or "ConfidentialVM".')
    async_resourcegroup_delete: bool = option(
        False, doc="Do not wait for the temporary resource group to be deleted."
    )


@dataclass(kw_only=True)
class AzureARMConfig(
    ClientConfig, SourceOptions, OutputOptions, DeploymentOptions, CommunicatorConfig
):
    """Options of the `azure-arm` builder."""

    summary = (
        "Builds an Azure image: deploys a VM from an image, provisions it and captures a "
        "managed image, a VHD or a gallery image version."
    )

    def __post_init__(self) -> None:
        # The plugin logs in as "packer" unless told otherwise.
        if not self.ssh_username and self.is_known("ssh_username"):
            self.ssh_username = "packer"
        if not self.winrm_username and self.is_known("winrm_username"):
            self.winrm_username = self.ssh_username

    def check(self, problems: Problems) -> None:
        """The plugin's Prepare: communicator, credentials, identities, output, source,
        deployment, then each option with a fixed form."""
        password = self.winrm_password
        if self.communicator != "ssh" and password and not _strong_password(password):
            problems.add(
                'The supplied "winrm_password" must be between 8-123 characters long and must '
                "satisfy at least 3 from the following: \n1) Contains an uppercase character "
                "\n2) Contains a lowercase character\n3) Contains a numeric digit\n4) Contains "
                "a special character\n5) Control characters are not allowed",
                "winrm_password",
            )
        super().check(problems)
        self.check_client(problems)
        self._check_identities(problems)
        self._check_capture(problems)
        self._check_source(problems)
        self._check_deployment(problems)
        self._check_names(problems)
        self._check_values(problems)
        tags = {**self.azure_tags, **{t.name: t.value for t in self.azure_tag or ()}}
        if len(tags) > 15:
            problems.add(
                f"a max of 15 tags are supported, but {len(tags)} were provided", "azure_tags"
            )
        for key, value in tags.items():
            if len(key) > 512:
                problems.add(
                    f'the tag name "{key}" exceeds ({len(key)}) the 512 character limit',
                    "azure_tags",
                )
            if len(value) > 256:
                problems.add(
                    f'the tag name "{value}" exceeds ({len(value)}) the 256 character limit',
                    "azure_tags",
                )

    @property
    def _gallery_destination(self) -> str:
        destination = self.shared_image_gallery_destination
        return destination.gallery_name if destination else ""

    def _check_identities(self, problems: Problems) -> None:
        for identity in self.user_assigned_managed_identities:
            match = _IDENTITY.fullmatch(identity)
            if not match:
                problems.add(
                    "Error parsing resource ID from `user_assigned_managed_identities`; please "
                    "make sure that this value follows the full resource id format: /subscriptions/"
                    "<SUBSCRIPTON_ID>/resourcegroups/<RESOURCE_GROUP>/providers/"
                    "Microsoft.ManagedIdentity/userAssignedIdentities/"
                    f"<USER_ASSIGNED_IDENTITY_NAME>.\n Original error: {identity!r} is not a "
                    "resource ID",
                    "user_assigned_managed_identities",
                )
                continue
            if match.group(1).lower() != "microsoft.managedidentity":
                problems.add(
                    "A valid user assigned managed identity resource id must have a correct "
                    "resource provider",
                    "user_assigned_managed_identities",
                )
            if match.group(2).lower() != "userassignedidentities":
                problems.add(
                    "A valid user assigned managed identity resource id must have a correct "
                    "resource type",
                    "user_assigned_managed_identities",
                )

    def _check_capture(self, problems: Problems) -> None:
        if not self.is_known(
            "capture_container_name",
            "capture_name_prefix",
            "managed_image_name",
            "managed_image_resource_group_name",
        ):
            return
        gallery = self._gallery_destination
        if not (self.capture_container_name or self.managed_image_name or gallery):
            problems.add(
                "A capture_container_name, managed_image_name or "
                "shared_image_gallery_destination must be specified"
            )
        if not (self.capture_name_prefix or self.managed_image_resource_group_name or gallery):
            problems.add(
                "A capture_name_prefix, managed_image_resource_group_name or "
                "shared_image_gallery_destination must be specified"
            )
        vhd = self.capture_name_prefix or self.capture_container_name
        if vhd and (self.managed_image_resource_group_name or self.managed_image_name):
            problems.add(
                "Either a VHD or a managed image can be built, but not both. Please specify "
                "either capture_container_name and capture_name_prefix or "
                "managed_image_resource_group_name and managed_image_name."
            )
        container = self.capture_container_name
        if container:
            if not _CAPTURE_CONTAINER.fullmatch(container):
                problems.add(
                    "A capture_container_name must satisfy the regular expression "
                    '"^[a-z0-9][a-z0-9\\\\-]{2,62}$".',
                    "capture_container_name",
                )
            if container.endswith("-"):
                problems.add(
                    "A capture_container_name must not end with a hyphen, e.g. '-'.",
                    "capture_container_name",
                )
            if "--" in container:
                problems.add(
                    "A capture_container_name must not contain consecutive hyphens, e.g. '--'.",
                    "capture_container_name",
                )
            prefix = self.capture_name_prefix
            if not prefix:
                problems.add("A capture_name_prefix must be specified", "capture_name_prefix")
            if not _CAPTURE_PREFIX.fullmatch(prefix):
                problems.add(
                    "A capture_name_prefix must satisfy the regular expression "
                    '"^[A-Za-z0-9][A-Za-z0-9_\\\\-\\\\.]{0,23}$".',
                    "capture_name_prefix",
                )
            if prefix.endswith(("-", ".")):
                problems.add(
                    "A capture_name_prefix must not end with a hyphen or period.",
                    "capture_name_prefix",
                )
        if self.temp_resource_group_name and self.build_resource_group_name:
            problems.add(
                "The settings temp_resource_group_name and build_resource_group_name cannot both "
                "be defined.  Please define one or neither.",
                "temp_resource_group_name",
            )

    def _check_source(self, problems: Problems) -> None:
        gallery = self.shared_image_gallery or SharedImageGallery()
        is_url = bool(self.image_url)
        is_custom = bool(
            self.custom_managed_image_name or self.custom_managed_image_resource_group_name
        )
        shared = bool(
            gallery.gallery_name
            or gallery.community_gallery_image_id
            or gallery.direct_shared_gallery_image_id
        )
        platform = bool(self.image_publisher or self.image_offer or self.image_sku)
        if not self.is_known(
            "image_url",
            "custom_managed_image_name",
            "custom_managed_image_resource_group_name",
            "image_publisher",
            "image_offer",
            "image_sku",
        ):
            return
        if is_url + is_custom + platform + shared > 1:
            problems.add(
                "Specify either a VHD (image_url), Image Reference (image_publisher, "
                "image_offer, image_sku), a Managed Disk (custom_managed_disk_image_name, "
                "custom_managed_disk_resource_group_name), or a Shared Gallery Image "
                "(shared_image_gallery)"
            )
        if is_url and self.managed_image_resource_group_name:
            problems.add(
                "A managed image must be created from a managed image, it cannot be created "
                "from a VHD.",
                "image_url",
            )
        vhd_messages = (
            "VHD Target [capture_container_name] is not supported when using Shared Image "
            "Gallery as source. Use managed_image_resource_group_name instead.",
            "VHD Target [capture_name_prefix] is not supported when using Shared Image Gallery "
            "as source. Use managed_image_name instead.",
        )
        if gallery.community_gallery_image_id or gallery.direct_shared_gallery_image_id:
            if gallery.gallery_name:
                problems.add("Cannot specify 2 kinds of azure compute gallery sources")
            self._vhd_target_errors(problems, vhd_messages)
            if gallery.community_gallery_image_id and gallery.direct_shared_gallery_image_id:
                problems.add(
                    "Cannot specify both community gallery and direct shared gallery as a source"
                )
        elif gallery.gallery_name:
            for name in ("subscription", "resource_group", "image_name"):
                if not getattr(gallery, name):
                    problems.add(f"A shared_image_gallery.{name} must be specified")
            self._vhd_target_errors(problems, vhd_messages)
        elif not self.image_url and not self.custom_managed_image_name:
            for name, article in (("publisher", "An"), ("offer", "An"), ("sku", "An")):
                if not getattr(self, f"image_{name}"):
                    problems.add(f"{article} image_{name} must be specified", f"image_{name}")
        elif not self.image_url and not self.image_publisher:
            for name, article in (
                ("custom_managed_image_resource_group_name", "A"),
                ("custom_managed_image_name", "A"),
                ("managed_image_resource_group_name", "A"),
                ("managed_image_name", "A"),
            ):
                if not getattr(self, name):
                    problems.add(f"{article} {name} must be specified", name)
        elif self.image_publisher or self.image_offer or self.image_sku or self.image_version:
            problems.add(
                "An image_url must not be specified if image_publisher, image_offer, image_sku, "
                "or image_version is specified",
                "image_url",
            )

    def _vhd_target_errors(self, problems: Problems, messages: tuple[str, str]) -> None:
        if self.capture_container_name:
            problems.add(messages[0], "capture_container_name")
        if self.capture_name_prefix:
            problems.add(messages[1], "capture_name_prefix")

    def _check_deployment(self, problems: Problems) -> None:
        gallery = self._gallery_destination
        names = (
            "storage_account",
            "resource_group_name",
            "managed_image_name",
            "managed_image_resource_group_name",
            "location",
            "build_resource_group_name",
        )
        if not self.is_known(*names):
            return
        vhd = bool(self.storage_account or self.resource_group_name)
        image = bool(self.managed_image_name or self.managed_image_resource_group_name or gallery)
        if vhd == image:
            problems.add(
                "Specify either a VHD (storage_account and resource_group_name), a Managed Image "
                "(managed_image_resource_group_name and managed_image_name) or a Shared Image "
                "Gallery (shared_image_gallery_destination) output (Managed Images can also be "
                "published to Shared Image Galleries)"
            )
        if bool(self.location) == bool(self.build_resource_group_name):
            problems.add(
                "Specify either a location to create the resource group in or an existing "
                "build_resource_group_name, but not both.",
                "location",
            )
        if not image:
            if not self.storage_account:
                problems.add("A storage_account must be specified", "storage_account")
            if not self.resource_group_name:
                problems.add("A resource_group_name must be specified", "resource_group_name")
        destination = self.shared_image_gallery_destination
        if destination is not None and destination.gallery_name:
            if not destination.resource_group:
                problems.add(
                    "A resource_group must be specified for shared_image_gallery_destination"
                )
            if not destination.image_name:
                problems.add("An image_name must be specified for shared_image_gallery_destination")
            if not destination.image_version:
                problems.add(
                    "An image_version must be specified for shared_image_gallery_destination"
                )

    def _check_names(self, problems: Problems) -> None:
        for name in (
            "temp_resource_group_name",
            "build_resource_group_name",
            "managed_image_resource_group_name",
        ):
            value = getattr(self, name)
            if value and not _azure_name(_RESOURCE_GROUP, value):
                problems.add(
                    f'The setting {name} must match the regular expression "'
                    f"{_RESOURCE_GROUP_TEXT}\", and not end with a '-' or '.'.",
                    name,
                )
        if self.managed_image_name and not _azure_name(_MANAGED_DISK, self.managed_image_name):
            problems.add(
                'The setting managed_image_name must match the regular expression "'
                f"{_MANAGED_DISK_TEXT}\", and not end with a '-' or '.'.",
                "managed_image_name",
            )
        snapshot = self.managed_image_os_disk_snapshot_name
        if snapshot and not _azure_name(_SNAPSHOT, snapshot):
            problems.add(
                "The setting managed_image_os_disk_snapshot_name must only contain characters "
                "from a-z, A-Z, 0-9 and _ and the maximum length is 80 characters",
                "managed_image_os_disk_snapshot_name",
            )
        prefix = self.managed_image_data_disk_snapshot_prefix
        if prefix and not _azure_name(_SNAPSHOT_PREFIX, prefix):
            problems.add(
                "The setting managed_image_data_disk_snapshot_prefix must only contain characters "
                "from a-z, A-Z, 0-9 and _ and the maximum length (excluding the prefix) is 60 "
                "characters",
                "managed_image_data_disk_snapshot_prefix",
            )
        prefix = self.custom_resource_build_prefix
        if prefix and not _RESOURCE_PREFIX.fullmatch(prefix):
            problems.add(
                "The setting custom_resource_build_prefix must only contain characters from "
                "a-z, A-Z, 0-9 and - and the maximum length is 10 characters",
                "custom_resource_build_prefix",
            )

    def _check_values(self, problems: Problems) -> None:
        network = self.virtual_network_name
        for name in ("virtual_network_resource_group_name", "virtual_network_subnet_name"):
            if not network and getattr(self, name):
                problems.add(f"If {name} is specified, so must virtual_network_name", name)
        if self.allowed_inbound_ip_addresses:
            if network:
                problems.add(
                    "If virtual_network_name is specified, allowed_inbound_ip_addresses cannot "
                    "be specified",
                    "allowed_inbound_ip_addresses",
                )
            elif not all(_ip_or_cidr(a) for a in self.allowed_inbound_ip_addresses):
                problems.add(
                    "The setting allowed_inbound_ip_addresses must only contain valid IP "
                    "addresses or CIDR blocks",
                    "allowed_inbound_ip_addresses",
                )
        if self.user_data and self.user_data_file:
            problems.add("Only one of user_data or user_data_file can be specified.", "user_data")
        if self.custom_data and self.custom_data_file:
            problems.add(
                "Only one of custom_data or custom_data_file can be specified.", "custom_data"
            )
        plan = self.plan_info
        if (
            plan is not None
            and any(
                (plan.plan_name, plan.plan_product, plan.plan_publisher, plan.plan_promotion_code)
            )
            and not (plan.plan_name and plan.plan_product and plan.plan_publisher)
        ):
            problems.add(
                "if either plan_name, plan_product, plan_publisher, or plan_promotion_code "
                "are defined then plan_name, plan_product, and plan_publisher must be defined",
                "plan_info",
            )
        os_type = self._os_type(problems)
        self._check_spot(problems)
        if self.managed_image_storage_account_type not in ("", "Standard_LRS", "Premium_LRS"):
            problems.add(
                f'The managed_image_storage_account_type "{self.managed_image_storage_account_type}'
                '" is invalid',
                "managed_image_storage_account_type",
            )
        destination = self.shared_image_gallery_destination
        kind = destination.storage_account_type if destination else ""
        if kind and kind not in SIG_STORAGE_ACCOUNT_TYPES:
            problems.add(
                f'The storage_account_type "{kind}" of shared_image_gallery_destination is '
                "invalid; use Standard_LRS, Standard_ZRS or Premium_LRS",
                "shared_image_gallery_destination",
            )
        if self.disk_caching_type not in ("", "None", "ReadOnly", "ReadWrite"):
            problems.add(
                f'The disk_caching_type "{self.disk_caching_type}" is invalid', "disk_caching_type"
            )
        self._check_license(problems, os_type)

    def _os_type(self, problems: Problems) -> str:
        if not self.is_known("os_type"):
            return ""
        for known in ("Linux", "Windows"):
            if self.os_type.lower() == known.lower():
                return known
        if not self.os_type:
            problems.add("An os_type must be specified", "os_type")
        else:
            problems.add(f'The os_type "{self.os_type}" is invalid', "os_type")
        return ""

    def _check_spot(self, problems: Problems) -> None:
        spot = self.spot
        if spot is None:
            return
        if spot.eviction_policy:
            if spot.eviction_policy not in ("Delete", "Deallocate"):
                problems.add(
                    f'The spot.eviction_policy "{spot.eviction_policy}" is invalid, '
                    'eviction_policy must be "Delete", "Deallocate", or unset',
                    "spot",
                )
        elif spot.max_price:
            problems.add(
                "Setting a spot.max_price without an spot.eviction_policy is invalid, "
                'eviction_policy must be "Delete" or "Deallocate" if max_price is set',
                "spot",
            )

    def _check_license(self, problems: Problems, os_type: str) -> None:
        license_type = self.license_type
        if not license_type or os_type not in LICENSE_TYPES:
            return
        if license_type.lower() in (known.lower() for known in LICENSE_TYPES[os_type]):
            return
        if os_type == "Linux":
            message = "is invalid for Linux, only RHEL_BYOS or SLES_BYOS are supported"
        else:
            message = "is invalid for Windows, use Windows_Client or Windows_Server"
        problems.add(f'The license_type "{license_type}" {message}', "license_type")


def _azure_name(pattern: re.Pattern[str], name: str) -> bool:
    return bool(pattern.fullmatch(name)) and not name.endswith((".", "-"))


def _ip_or_cidr(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def _strong_password(password: str) -> bool:
    """Azure's rule: 8 to 123 characters, and three of: upper, lower, digit, special."""
    if not 8 <= len(password) <= 123:
        return False
    classes = (
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    )
    return sum(classes) >= 3
