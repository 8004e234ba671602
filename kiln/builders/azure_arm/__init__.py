"""The `azure-arm` builder (HashiCorp's Azure plugin): deploys a VM in Azure
from a marketplace image, a VHD, a managed image or a gallery image,
provisions it and captures a managed image, a VHD or a gallery image version.

Kiln checks its options (`AzureARMConfig`) but cannot run it yet.
"""

from __future__ import annotations

from kiln.builders.azure_arm.config import AzureARMConfig
from kiln.components.base import Builder

__all__ = ["AzureARMBuilder", "AzureARMConfig"]


class AzureARMBuilder(Builder):
    """Builds Azure images (validated only)."""

    config_class = AzureARMConfig
    builder_id = "Azure.ResourceManagement.VMImage"
