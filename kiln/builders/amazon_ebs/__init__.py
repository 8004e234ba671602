"""The `amazon-ebs` builder (HashiCorp's Amazon plugin): launches an EC2
instance from a source AMI, provisions it, and registers an EBS-backed AMI.

Kiln checks its options (`EBSConfig`) but cannot run it yet.
"""

from __future__ import annotations

from kiln.builders.amazon_ebs.config import EBSConfig
from kiln.components.base import Builder

__all__ = ["EBSBuilder", "EBSConfig"]


class EBSBuilder(Builder):
    """Builds EBS-backed AMIs (validated only)."""

    config_class = EBSConfig
    builder_id = "mitchellh.amazonebs"
