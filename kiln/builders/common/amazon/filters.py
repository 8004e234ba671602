"""Filters the Amazon components select AMIs, subnets, VPCs and security groups with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiln.builders.common.tags import NameValueFilter
from kiln.components.config import Config, option


@dataclass(kw_only=True)
class AmiFilter(Config):
    """`source_ami_filter` (and the `amazon-ami` data source's own options)."""

    filters: Mapping[str, str] = option(
        default_factory=dict,
        doc='DescribeImages filters, e.g. { name = "ubuntu/images/*", '
        'virtualization-type = "hvm" }.',
    )
    owners: tuple[str, ...] = option(
        (), doc='Account IDs or aliases ("self", "amazon") the image must belong to; required.'
    )
    most_recent: bool = option(False, doc="Take the newest match when several images match.")
    include_deprecated: bool = option(False, doc="Also match deprecated images.")

    @property
    def is_empty(self) -> bool:
        """Neither filters nor owners (the plugin's `Empty`)."""
        return not self.owners and not self.filters


@dataclass(kw_only=True)
class SecurityGroupFilter(NameValueFilter):
    """`security_group_filter`: selects `security_group_ids` by DescribeSecurityGroups filters."""


@dataclass(kw_only=True)
class VpcFilter(NameValueFilter):
    """`vpc_filter`: selects `vpc_id` by DescribeVpcs filters (exactly one must match)."""


@dataclass(kw_only=True)
class SubnetFilter(NameValueFilter):
    """`subnet_filter`: selects `subnet_id` by DescribeSubnets filters."""

    most_free: bool = option(False, doc="Take the matching subnet with the most free addresses.")
    random: bool = option(False, doc="Take a random matching subnet.")
