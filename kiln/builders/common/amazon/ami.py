"""The AMI an Amazon builder registers, and who may use it (the plugin's
`AMIConfig` with its `SnapshotConfig`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from kiln.builders.common.tags import KeyValue
from kiln.components.config import Config, Problems, block, option

#: Characters an AMI name may hold (others are what `clean_resource_name` replaces).
_AMI_NAME = re.compile(r"[a-zA-Z0-9()\[\] ./\-'@_]*")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_KMS_KEY = re.compile(r"[a-f0-9]+[a-f0-9-]+$|mrk-[a-f0-9]+[a-f0-9-]+$|alias/[a-zA-Z0-9:/_-]+$")
_KMS_ARN = re.compile(
    r"arn:aws(-[a-z]{2}(-gov)?)?:kms:([a-z]{2}-(gov-)?[a-z]+-\d)?:(\d{12}):"
    r"(key/([a-f0-9]+[a-f0-9-]+|mrk-[a-f0-9]+[a-f0-9-]+)|alias/[a-zA-Z0-9:/_-]+)$"
)


@dataclass(kw_only=True)
class DeregistrationProtection(Config):
    """The `deregistration_protection` block."""

    enabled: bool = option(False, doc="Protect the AMI from being deregistered.")
    with_cooldown: bool = option(
        False, doc="Keep the protection for 24 hours after it is turned off (implies enabled)."
    )


@dataclass(kw_only=True)
class SnapshotConfig(Config):
    """Tags and sharing of the snapshots behind the AMI."""

    snapshot_tags: Mapping[str, str] = option(
        default_factory=dict, doc="Tags for the snapshots (a template, like tags)."
    )
    snapshot_tag: tuple[KeyValue, ...] = block(doc="One snapshot tag; repeatable.")
    snapshot_users: tuple[str, ...] = option(
        (), doc="Account IDs allowed to create volumes from the snapshots."
    )
    snapshot_groups: tuple[str, ...] = option(
        (), doc='Groups allowed to create volumes from the snapshots ("all" makes them public).'
    )


@dataclass(kw_only=True)
class AMIConfig(SnapshotConfig):
    """`ami_name` and what the registered image is like."""

    ami_name: str = option(
        "", doc="The AMI's name (3 to 128 characters, unique in the account); required."
    )
    ami_description: str = option("", doc="The AMI's description.")
    ami_virtualization_type: str = option(
        "", doc='"hvm" or "paravirtual"; the source AMI\'s unless set.'
    )
    ami_users: tuple[str, ...] = option((), doc="Account IDs allowed to launch the AMI.")
    ami_groups: tuple[str, ...] = option(
        (), doc='Groups allowed to launch the AMI ("all" makes it public).'
    )
    ami_org_arns: tuple[str, ...] = option((), doc="Organization ARNs allowed to launch the AMI.")
    ami_ou_arns: tuple[str, ...] = option(
        (), doc="Organizational unit ARNs allowed to launch the AMI."
    )
    ami_product_codes: tuple[str, ...] = option((), doc="Product codes to attach to the AMI.")
    ami_regions: tuple[str, ...] = option(
        (), doc="Regions the AMI is copied to (tags and sharing follow it)."
    )
    skip_region_validation: bool = option(False, doc="Do not check ami_regions exist.")
    snapshot_copy_duration_minutes: int = option(
        0, doc="Time-based copy of the snapshots: minutes the copy may take (multiple of 15)."
    )
    tags: Mapping[str, str] = option(
        default_factory=dict, doc="Tags for the AMI (and its copies); a template."
    )
    tag: tuple[KeyValue, ...] = block(doc="One AMI tag; repeatable.")
    ena_support: bool | None = option(
        None, doc="Enable enhanced networking (ENA) on the AMI; the source's setting unless set."
    )
    sriov_support: bool = option(False, doc="Enable enhanced networking (SR-IOV) on HVM AMIs.")
    force_deregister: bool = option(False, doc="Deregister an existing AMI of the same name first.")
    force_delete_snapshot: bool = option(
        False, doc="Also delete the snapshots of the AMI deregistered by force_deregister."
    )
    encrypt_boot: bool | None = option(
        None, doc="Encrypt the AMI's boot volume (false: unencrypted; the source's unless set)."
    )
    kms_key_id: str = option(
        "", doc="The KMS key (ID, alias or ARN) encrypting the boot volume; needs encrypt_boot."
    )
    region_kms_key_ids: Mapping[str, str] = option(
        default_factory=dict,
        doc="Per region (of ami_regions), the KMS key encrypting the copy; needs encrypt_boot.",
    )
    skip_save_build_region: bool = option(
        False, doc="Keep no AMI in the build region (only the copies in ami_regions)."
    )
    imds_support: str = option("", doc='"v2.0" to require IMDSv2 on instances of the AMI.')
    deprecate_at: str = option("", doc="When the AMI is deprecated, in UTC: YYYY-MM-DDTHH:MM:SSZ.")
    deregistration_protection: DeregistrationProtection | None = block(
        doc="Protect the AMI from deregistration."
    )

    def check_ami(self, problems: Problems) -> None:
        """The plugin's AMIConfig.Prepare (templates in the name are not judged)."""
        if not self.is_known("ami_name"):
            pass
        elif not self.ami_name:
            problems.add("ami_name must be specified", "ami_name")
            problems.add("ami_name must be between 3 and 128 characters long", "ami_name")
        elif "{{" not in self.ami_name:
            if not 3 <= len(self.ami_name) <= 128:
                problems.add("ami_name must be between 3 and 128 characters long", "ami_name")
            if not _AMI_NAME.fullmatch(self.ami_name):
                problems.add(
                    "AMIName should only contain alphanumeric characters, parentheses (()), "
                    "square brackets ([]), spaces ( ), periods (.), slashes (/), dashes (-), "
                    "single quotes ('), at-signs (@), or underscores(_). You can use the "
                    "`clean_resource_name` template filter to automatically clean your ami name.",
                    "ami_name",
                )
        self._check_regions(problems)
        self._check_encryption(problems)
        if self.imds_support not in ("", "v2.0"):
            problems.add(
                'The only valid imds_support values are "v2.0" or the empty string',
                "imds_support",
            )
        if self.deprecate_at and not _is_rfc3339(self.deprecate_at):
            problems.add(
                f'deprecate_at is not a valid time: "{self.deprecate_at}". '
                "Expect time format: YYYY-MM-DDTHH:MM:SSZ",
                "deprecate_at",
            )

    def _check_regions(self, problems: Problems) -> None:
        if not self.region_kms_key_ids:
            return
        for region in self.region_kms_key_ids:
            if region not in self.ami_regions:
                problems.add(
                    f"Region {region} is in region_kms_key_ids but not in ami_regions",
                    "region_kms_key_ids",
                )
        for region in dict.fromkeys(self.ami_regions):
            if region not in self.region_kms_key_ids:
                problems.add(
                    f"Region {region} is in ami_regions but not in region_kms_key_ids",
                    "ami_regions",
                )

    def _check_encryption(self, problems: Problems) -> None:
        default_key = not self.kms_key_id and not self.region_kms_key_ids
        if self.ami_users or self.ami_org_arns or self.ami_ou_arns:
            if default_key and self.encrypt_boot:
                problems.add("Cannot share AMI encrypted with default KMS key", "ami_users")
            if any(not key for key in self.region_kms_key_ids.values()):
                problems.add(
                    "Cannot share AMI encrypted with default KMS key for other regions",
                    "region_kms_key_ids",
                )
        keys = [self.kms_key_id] if self.kms_key_id else []
        keys += [key for key in self.region_kms_key_ids.values() if key]
        if keys and self.encrypt_boot is not True and self.is_known("encrypt_boot"):
            problems.add(
                "If you have set either region_kms_key_ids or kms_key_id, encrypt_boot must "
                "also be true.",
                "encrypt_boot" if self.encrypt_boot is not None else "kms_key_id",
            )
        for key in keys:
            if not (_KMS_KEY.match(key) or _KMS_ARN.match(key)):
                problems.add(f'"{key}" is not a valid KMS Key Id.', "kms_key_id")
        if self.snapshot_users:
            if default_key and self.encrypt_boot:
                problems.add(
                    "Cannot share snapshot encrypted with default KMS key, see "
                    "https://www.packer.io/docs/builders/amazon-ebs#region_kms_key_ids for more "
                    "information",
                    "snapshot_users",
                )
            if any(not key for key in self.region_kms_key_ids.values()):
                problems.add(
                    "Cannot share snapshot encrypted with default KMS key", "region_kms_key_ids"
                )


def _is_rfc3339(text: str) -> bool:
    if not _RFC3339.fullmatch(text):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
