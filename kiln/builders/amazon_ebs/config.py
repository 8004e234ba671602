"""The `amazon-ebs` builder's options: every option of the plugin's builder,
from the shared Amazon groups (`kiln.builders.common.amazon`) plus the EBS
volumes and fast launch, with the checks of the plugin's Prepare."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiln.builders.amazon_ebs.fast_launch import FastLaunchConfig, check_template
from kiln.builders.common.amazon.access import AccessConfig
from kiln.builders.common.amazon.ami import AMIConfig
from kiln.builders.common.amazon.block_device import BlockDevice
from kiln.builders.common.amazon.run import RunConfig
from kiln.builders.common.tags import NameValue
from kiln.components.config import Problems, block, option


@dataclass(kw_only=True)
class EBSConfig(AccessConfig, AMIConfig, RunConfig):
    """Options of the `amazon-ebs` builder."""

    summary = (
        "Builds an EBS-backed AMI: launches an instance from a source AMI, provisions it, "
        "stops it and registers an image of its volumes."
    )

    skip_create_ami: bool = option(
        False, doc="Do everything but create the AMI (for testing provisioners)."
    )
    skip_ami_run_tags: bool = option(False, doc="Do not copy run_tags onto the AMI.")
    ami_block_device_mappings: tuple[BlockDevice, ...] = block(
        doc="Volumes of the AMI (instances launched from it); repeatable."
    )
    launch_block_device_mappings: tuple[BlockDevice, ...] = block(
        doc="Volumes of the build instance (their snapshots go into the AMI); repeatable."
    )
    run_volume_tags: Mapping[str, str] = option(
        default_factory=dict, doc="Tags for the build instance's volumes (not the AMI's)."
    )
    run_volume_tag: tuple[NameValue, ...] = block(
        doc="One build volume tag (name and value); repeatable."
    )
    no_ephemeral: bool = option(
        False, doc="Hide ephemeral drives from Windows guests (adds no_device mappings)."
    )
    fast_launch: FastLaunchConfig | None = block(doc="Fast launch for Windows AMIs.")

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then the plugin's Prepare, group by group."""
        super().check(problems)
        self.check_access(problems)
        self.check_ami(problems)
        self.check_run(problems)
        self._check_fast_launch(problems)
        if self.is_spot and (self.ena_support or self.sriov_support):
            problems.add(
                "Spot instances do not support modification, which is required when either "
                "`ena_support` or `sriov_support` are set. Please ensure you use an AMI that "
                "already has either SR-IOV or ENA enabled.",
                "spot_price",
            )
        if self.spot_price_auto_product:
            problems.warn(
                "spot_price_auto_product is deprecated and no longer necessary for Packer "
                "builds. In future versions of Packer, inclusion of spot_price_auto_product "
                "will error your builds. Please take a look at our current documentation to "
                "understand how Packer requests Spot instances.",
                "spot_price_auto_product",
            )
        if self.enable_t2_unlimited:
            problems.warn(
                "enable_t2_unlimited is deprecated please use enable_unlimited_credits. In "
                "future versions of Packer, inclusion of enable_t2_unlimited will error your "
                "builds.",
                "enable_t2_unlimited",
            )

    def _check_fast_launch(self, problems: Problems) -> None:
        fast = self.fast_launch
        if fast is None:
            return
        if fast.names_build_region_template:
            check_template(problems, fast, f'fast_launch_template_config region "{self.region}": ')
        regions = [t.region for t in fast.region_launch_templates or ()]
        if fast.names_build_region_template and self.region in regions:
            problems.add(
                f'fast launch: launch template specified twice for region "{self.region}", only '
                "once is supported",
                "fast_launch",
            )
        for region in regions:
            if region and region != self.region and region not in self.ami_regions:
                problems.add(
                    f'Launch template specified for enabling fast-launch on region "{region}", '
                    "but the AMI won't be copied there.",
                    "fast_launch",
                )
