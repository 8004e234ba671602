"""The instance an Amazon builder launches to build its image (the plugin's
`RunConfig`): source AMI, instance type, network, spot requests, user data,
metadata service, and how the communicator reaches the instance."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from kiln.builders.common.amazon.filters import (
    AmiFilter,
    SecurityGroupFilter,
    SubnetFilter,
    VpcFilter,
)
from kiln.builders.common.defaults import restore_defaults
from kiln.builders.common.tags import KeyValue
from kiln.communicator.options import CommunicatorConfig
from kiln.components.config import Config, Problems, block, option

SSH_INTERFACES = ("public_ip", "private_ip", "public_dns", "private_dns", "ipv6", "session_manager")
SPOT_ALLOCATION_STRATEGIES = (
    "lowest-price",
    "diversified",
    "capacity-optimized",
    "capacity-optimized-prioritized",
    "price-capacity-optimized",
)
TENANCIES = ("default", "dedicated", "host")
_BURSTABLE = re.compile(r"t(:?2|3a?|4g)\.")
_EIP_ALLOCATION = re.compile(r"eipalloc-[0-9a-f]+")


@dataclass(kw_only=True)
class Statement(Config):
    """One `Statement` of a policy document."""

    effect: str = option("", name="Effect", doc='"Allow" or "Deny".')
    action: tuple[str, ...] = option((), name="Action", doc='Actions, e.g. ["logs:*"].')
    resource: tuple[str, ...] = option((), name="Resource", doc='Resources, e.g. ["*"].')


@dataclass(kw_only=True)
class PolicyDocument(Config):
    """`temporary_iam_instance_profile_policy_document`: the policy of a temporary
    instance profile made for the build (iam_instance_profile wins when set)."""

    version: str = option("", name="Version", doc='The policy language version, "2012-10-17".')
    statement: tuple[Statement, ...] = block(name="Statement", doc="One statement; repeatable.")


@dataclass(kw_only=True)
class MetadataOptions(Config):
    """`metadata_options`: the instance metadata service of the build instance."""

    http_endpoint: str = option("enabled", doc='"enabled" or "disabled".')
    http_tokens: str = option("optional", doc='"optional", or "required" for IMDSv2 only.')
    http_put_response_hop_limit: int = option(1, doc="The hop limit of PUT responses, 1 to 64.")
    instance_metadata_tags: str = option(
        "disabled", doc='"enabled" to expose instance tags in the metadata.'
    )

    def __post_init__(self) -> None:
        restore_defaults(self)

    def check(self, problems: Problems) -> None:
        """Each option takes one of its documented values."""
        for name, allowed in (
            ("http_endpoint", ("disabled", "enabled")),
            ("http_tokens", ("optional", "required")),
            ("instance_metadata_tags", ("disabled", "enabled")),
        ):
            if getattr(self, name) not in allowed:
                problems.add(
                    f"{name} requires either {allowed[0]} or {allowed[1]} as its value", name
                )
        if not 1 <= self.http_put_response_hop_limit <= 64:
            problems.add(
                "http_put_response_hop_limit requires a number between 1 and 64",
                "http_put_response_hop_limit",
            )


@dataclass(kw_only=True)
class LicenseConfigurationRequest(Config):
    """The `license_configuration_request` block."""

    license_configuration_arn: str = option("", doc="The license configuration's ARN.")


@dataclass(kw_only=True)
class LicenseSpecification(Config):
    """One `license_specifications` block."""

    license_configuration_request: LicenseConfigurationRequest | None = block(
        doc="The license configuration to use."
    )


@dataclass(kw_only=True)
class Placement(Config):
    """The `placement` block: dedicated hosts and tenancy."""

    host_resource_group_arn: str = option("", doc="A host resource group to launch in.")
    host_id: str = option("", doc="A dedicated host to launch on.")
    tenancy: str = option("", doc='"default", "dedicated" or "host".')

    def check(self, problems: Problems) -> None:
        """One way to pick a host; a host needs "host" tenancy."""
        if self.host_id and self.host_resource_group_arn:
            problems.add(
                "The `host_id` and `host_resource_group_arn` settings cannot be specified at the "
                "same time.",
                "host_id",
            )
        if (self.host_id or self.host_resource_group_arn) and self.tenancy not in ("", "host"):
            problems.add(
                "The tenancy should be `host` if either the `host_id` or "
                "`host_resource_group_arn` attributes are specified.",
                "tenancy",
            )


@dataclass(kw_only=True)
class InstanceOptions(Config):
    """What instance is launched, from which AMI."""

    source_ami: str = option("", doc="The AMI the instance starts from; or source_ami_filter.")
    source_ami_filter: AmiFilter | None = block(
        doc="Find the source AMI by filters (owners required)."
    )
    instance_type: str = option("", doc='The instance type, "t2.small"; or spot_instance_types.')
    availability_zone: str = option("", doc="The zone to launch in; AWS picks unless set.")
    ebs_optimized: bool = option(False, doc="Launch an EBS-optimized instance.")
    enable_nitro_enclave: bool = option(False, doc="Enable Nitro Enclaves (not with spot).")
    enable_t2_unlimited: bool = option(False, doc="Deprecated: use enable_unlimited_credits.")
    enable_unlimited_credits: bool = option(
        False, doc="Unlimited CPU credits for burstable (T2, T3, T3a, T4g) instances."
    )
    iam_instance_profile: str = option("", doc="The IAM instance profile to launch with.")
    skip_profile_validation: bool = option(
        False, doc="Do not check that iam_instance_profile exists."
    )
    temporary_iam_instance_profile_policy_document: PolicyDocument | None = block(
        doc="Make a temporary instance profile with this policy."
    )
    shutdown_behavior: str = option(
        "stop", doc='What an instance-initiated shutdown does: "stop" or "terminate".'
    )
    disable_stop_instance: bool = option(
        False, doc="Do not stop the instance: the last provisioner does (e.g. sysprep)."
    )
    run_tags: Mapping[str, str] = option(
        default_factory=dict, doc="Tags for the instance and the resources made for it."
    )
    run_tag: tuple[KeyValue, ...] = block(doc="One run tag; repeatable.")
    user_data: str = option("", doc="User data given to the instance.")
    user_data_file: str = option("", doc="A file whose contents are the user data.")
    windows_password_timeout: str = option(
        "20m", duration=True, doc="How long to wait for a Windows instance's password."
    )
    metadata_options: MetadataOptions | None = block(doc="The instance metadata service.")
    license_specifications: tuple[LicenseSpecification, ...] = block(
        doc="License configurations to launch with; repeatable."
    )
    placement: Placement | None = block(doc="Dedicated hosts and tenancy.")
    tenancy: str = option("", doc="Deprecated: use placement { tenancy = ... }.")
    capacity_reservation_preference: str = option(
        "", doc='"open" or "none" (the default without a reservation ID or group).'
    )
    capacity_reservation_id: str = option("", doc="A capacity reservation to launch in.")
    capacity_reservation_group_arn: str = option(
        "", doc="A capacity reservation group to launch in."
    )


@dataclass(kw_only=True)
class SpotOptions(Config):
    """Spot instance requests."""

    spot_price: str = option(
        "", doc='The maximum hourly price; "auto" bids the on-demand price. No spot unless set.'
    )
    spot_instance_types: tuple[str, ...] = option(
        (), doc="Instance types a spot fleet may pick from; instead of instance_type."
    )
    spot_allocation_strategy: str = option(
        "", doc='How the fleet picks: "lowest-price", "price-capacity-optimized"...'
    )
    spot_price_auto_product: str = option("", doc="Deprecated; no longer needed.")
    spot_tags: Mapping[str, str] | None = option(None, doc="Tags for the spot request.")
    spot_tag: tuple[KeyValue, ...] = block(doc="One spot request tag; repeatable.")
    fleet_tags: Mapping[str, str] | None = option(None, doc="Tags for the spot fleet.")
    fleet_tag: tuple[KeyValue, ...] = block(doc="One fleet tag; repeatable.")
    block_duration_minutes: int = option(0, doc="Deprecated spot block duration: a multiple of 60.")

    @property
    def is_spot(self) -> bool:
        """Whether a spot instance is requested."""
        return self.spot_price not in ("", "0")


@dataclass(kw_only=True)
class NetworkOptions(Config):
    """Where the instance is launched and who may reach it."""

    vpc_id: str = option("", doc="The VPC; found from subnet_id unless set.")
    vpc_filter: VpcFilter | None = block(doc="Find vpc_id by filters (exactly one match).")
    subnet_id: str = option("", doc="The subnet (needed in a non-default VPC).")
    subnet_filter: SubnetFilter | None = block(doc="Find subnet_id by filters.")
    security_group_id: str = option("", doc="One security group; or security_group_ids.")
    security_group_ids: tuple[str, ...] = option(
        (), doc="Security groups; a temporary one is made unless set."
    )
    security_group_filter: SecurityGroupFilter | None = block(
        doc="Find security_group_ids by filters."
    )
    temporary_security_group_source_cidrs: tuple[str, ...] = option(
        (), doc='CIDRs the temporary security group admits; ["0.0.0.0/0"] unless set.'
    )
    temporary_security_group_source_public_ip: bool = option(
        False, doc="Admit only this machine's public IP in the temporary security group."
    )
    associate_public_ip_address: bool | None = option(
        None, doc="Give the instance a public IP (in a non-default VPC)."
    )
    elastic_ip_allocation_id: str = option(
        "", doc="An existing Elastic IP (eipalloc-...) to associate; not with the above."
    )
    ssh_interface: str = option(
        "",
        doc='How to reach the instance: "public_ip", "private_ip", "public_dns", '
        '"private_dns", "ipv6" or "session_manager".',
    )
    pause_before_ssm: str = option(
        "10s", duration=True, doc="Wait before opening the Session Manager session."
    )
    session_manager_port: int = option(
        0, doc="The local port of the Session Manager tunnel; a free one unless set."
    )


@dataclass(kw_only=True)
class RunConfig(InstanceOptions, SpotOptions, NetworkOptions, CommunicatorConfig):
    """The build instance and its communicator."""

    def check_run(self, problems: Problems) -> None:
        """The plugin's RunConfig.Prepare."""
        if self.temporary_key_pair_type not in ("rsa", "ed25519"):
            problems.add(
                "temporary_key_pair_type requires either rsa or ed25519 as its value",
                "temporary_key_pair_type",
            )
        self._check_source(problems)
        self._check_communication(problems)
        self._check_spot(problems)
        self._check_files_and_network(problems)
        self._check_capacity_and_tenancy(problems)
        self._check_instance_features(problems)

    def _check_source(self, problems: Problems) -> None:
        if self.source_ami or not self.is_known("source_ami"):
            return
        ami_filter = self.source_ami_filter or AmiFilter()
        if ami_filter.is_empty:
            problems.add("A source_ami or source_ami_filter must be specified", "source_ami")
        if not ami_filter.owners:
            problems.add(
                "For security reasons, your source AMI filter must declare an owner.",
                "source_ami_filter",
            )

    def _check_communication(self, problems: Problems) -> None:
        interface = self.ssh_interface
        if interface and interface not in SSH_INTERFACES:
            problems.add(f"Unknown interface type: {interface}", "ssh_interface")
        if interface == "session_manager":
            if self.communicator == "winrm":
                problems.add(
                    'session_manager connectivity is not supported with the "winrm" '
                    'communicator; please use "ssh"',
                    "ssh_interface",
                )
            if (
                not self.iam_instance_profile
                and not self.temporary_iam_instance_profile_policy_document
            ):
                problems.add(
                    "no iam_instance_profile defined; session_manager connectivity requires a "
                    "valid instance profile with AmazonSSMManagedInstanceCore permissions. "
                    "Alternatively a temporary_iam_instance_profile_policy_document can be used.",
                    "ssh_interface",
                )
        if self.ssh_keypair_name:
            if (
                self.communicator == "winrm"
                and not self.winrm_password
                and not self.ssh_private_key_file
            ):
                problems.add(
                    "ssh_private_key_file must be provided to retrieve the winrm password when "
                    "using ssh_keypair_name.",
                    "ssh_keypair_name",
                )
            elif not self.ssh_private_key_file and not self.ssh_agent_auth:
                problems.add(
                    "ssh_private_key_file must be provided or ssh_agent_auth enabled when "
                    "ssh_keypair_name is specified.",
                    "ssh_keypair_name",
                )

    def _check_spot(self, problems: Problems) -> None:
        if self.is_known("instance_type", "spot_instance_types"):
            if not self.instance_type and not self.spot_instance_types:
                problems.add(
                    "either instance_type or spot_instance_types must be specified",
                    "instance_type",
                )
            elif self.instance_type and self.spot_instance_types:
                problems.add(
                    "either instance_type or spot_instance_types must be specified, not both",
                    "spot_instance_types",
                )
        if (self.fleet_tags is not None or self.fleet_tag) and not self.is_spot:
            problems.add(
                "fleet_tags should not be set when not requesting a spot instance", "fleet_tags"
            )
        if self.block_duration_minutes % 60:
            problems.add("block_duration_minutes must be multiple of 60", "block_duration_minutes")
        if (self.spot_tags is not None or self.spot_tag) and not self.is_spot:
            problems.add(
                "spot_tags should not be set when not requesting a spot instance", "spot_tags"
            )
        strategy = self.spot_allocation_strategy
        if strategy and strategy not in SPOT_ALLOCATION_STRATEGIES:
            problems.add(
                f'invalid spot allocation strategy "{strategy}", valid values are either '
                "lowest-price, diversified,capacity-optimized, capacity-optimized-prioritized, "
                "price-capacity-optimized",
                "spot_allocation_strategy",
            )

    def _check_files_and_network(self, problems: Problems) -> None:
        if self.user_data and self.user_data_file:
            problems.add(
                "Only one of user_data or user_data_file can be specified.", "user_data_file"
            )
        elif self.user_data_file and not os.path.exists(self.user_data_file):
            problems.add(f"user_data_file not found: {self.user_data_file}", "user_data_file")
        if self.security_group_id and self.security_group_ids:
            problems.add(
                "Only one of security_group_id or security_group_ids can be specified.",
                "security_group_ids",
            )
        for cidr in self.temporary_security_group_source_cidrs:
            try:
                ipaddress.ip_network(cidr, strict=False)
            except ValueError:
                problems.add(
                    "Error parsing CIDR in temporary_security_group_source_cidrs: "
                    f"invalid CIDR address: {cidr}",
                    "temporary_security_group_source_cidrs",
                )
        if self.shutdown_behavior not in ("", "stop", "terminate"):
            problems.add(
                "shutdown_behavior only accepts 'stop' or 'terminate' values.", "shutdown_behavior"
            )
        allocation = self.elastic_ip_allocation_id
        if allocation:
            if not _EIP_ALLOCATION.fullmatch(allocation):
                problems.add(
                    "elastic_ip_allocation_id must be a valid EIP allocation ID (e.g. "
                    f'eipalloc-0123456789abcdef0), got: "{allocation}"',
                    "elastic_ip_allocation_id",
                )
            if self.associate_public_ip_address is not None:
                problems.add(
                    "associate_public_ip_address must not be set when elastic_ip_allocation_id "
                    "is specified",
                    "associate_public_ip_address",
                )

    def _check_capacity_and_tenancy(self, problems: Problems) -> None:
        reservation = self.capacity_reservation_id or self.capacity_reservation_group_arn
        if self.capacity_reservation_id and self.capacity_reservation_group_arn:
            problems.add(
                "capacity_reservation_id and capacity_reservation_group_arn are mutually "
                "exclusive, only one should be used",
                "capacity_reservation_group_arn",
            )
        if reservation and self.capacity_reservation_preference:
            problems.add(
                "capacity_reservation_id, capacity_reservation_group_arn and "
                "capacity_reservation_preference are mutually exclusive, only one should be set",
                "capacity_reservation_preference",
            )
        if self.capacity_reservation_preference not in ("", "none", "open"):
            problems.add(
                "capacity_reservation_preference only accepts 'none' or 'open' values",
                "capacity_reservation_preference",
            )
        placed = self.placement.tenancy if self.placement else ""
        if placed and self.tenancy:
            problems.add(
                "Error: Please set only one of placement.tenancy and tenancy (deprecated)",
                "tenancy",
            )
        tenancy = self.tenancy or placed
        if tenancy and tenancy not in TENANCIES:
            problems.add(f"Error: Unknown tenancy type {tenancy}", "tenancy")

    def _check_instance_features(self, problems: Problems) -> None:
        if self.enable_unlimited_credits or self.enable_t2_unlimited:
            if self.is_known("instance_type") and not _BURSTABLE.match(self.instance_type):
                problems.add(
                    f"Error: Instance Type: {self.instance_type} is not within the supported "
                    "types for Unlimited credits. Supported instance types are T2, T3, and T4g",
                    "enable_unlimited_credits",
                )
            if self.spot_price and self.instance_type.startswith("t2."):
                problems.add(
                    "Error: Unlimited credits cannot be used in conjunction with Spot Instances",
                    "enable_unlimited_credits",
                )
        if self.enable_nitro_enclave:
            if self.spot_price:
                problems.add(
                    "Error: Nitro Enclave cannot be used in conjunction with Spot Instances",
                    "enable_nitro_enclave",
                )
            if self.instance_type.startswith("t"):
                problems.add(
                    "Error: Nitro Enclaves cannot be used in conjunction with burstable instance "
                    f"types: {self.instance_type}",
                    "enable_nitro_enclave",
                )
