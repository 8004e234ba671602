"""The nested blocks of `azure-arm`: gallery source and destination, spot, plan."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.config import Config, Problems, block, option


@dataclass(kw_only=True)
class SharedImageGallery(Config):
    """`shared_image_gallery`: a gallery image to start from."""

    subscription: str = option("", doc="The gallery's subscription.")
    resource_group: str = option("", doc="The gallery's resource group.")
    gallery_name: str = option("", doc="The gallery.")
    image_name: str = option("", doc="The image definition.")
    image_version: str = option("", doc="The version; the latest unless set.")
    community_gallery_image_id: str = option(
        "", doc="/CommunityGalleries/NAME/Images/IMAGE[/Versions/V], instead of the above."
    )
    direct_shared_gallery_image_id: str = option(
        "", doc="/sharedGalleries/NAME/Images/IMAGE[/Versions/V], instead of the above."
    )


@dataclass(kw_only=True)
class TargetRegion(Config):
    """One `target_region` block of a gallery destination."""

    name: str = option("", doc="The region; required.")
    disk_encryption_set_id: str = option("", doc="The disk encryption set used in that region.")

    def check(self, problems: Problems) -> None:
        """A region name."""
        if self.is_known("name") and not self.name:
            problems.add("target_region name must be specified", "name")


@dataclass(kw_only=True)
class SharedImageGalleryDestination(Config):
    """`shared_image_gallery_destination`: publish the image as a gallery image version."""

    subscription: str = option("", doc="The gallery's subscription; subscription_id unless set.")
    resource_group: str = option("", doc="The gallery's resource group; required.")
    gallery_name: str = option("", doc="The gallery.")
    image_name: str = option("", doc="The image definition; required.")
    image_version: str = option("", doc='The version to create, "1.0.0"; required.')
    replication_regions: tuple[str, ...] = option((), doc="Regions the version is replicated to.")
    target_region: tuple[TargetRegion, ...] = block(
        doc="A region to replicate to, with its encryption; repeatable."
    )
    storage_account_type: str = option(
        "", doc='"Standard_LRS" (default), "Standard_ZRS" or "Premium_LRS".'
    )
    specialized: bool = option(False, doc="The image is specialized (not generalized).")
    use_shallow_replication: bool = option(
        False, doc="Replicate shallowly (faster; the source must stay)."
    )


@dataclass(kw_only=True)
class Spot(Config):
    """`spot`: build on a spot VM."""

    eviction_policy: str = option("", doc='"Delete" or "Deallocate"; a spot VM when set.')
    max_price: float = option(0, doc="The maximum hourly price; -1 (or unset): no price eviction.")


@dataclass(kw_only=True)
class PlanInfo(Config):
    """`plan_info`: the marketplace plan of the source image."""

    plan_name: str = option("", doc="The plan's name.")
    plan_product: str = option("", doc="The plan's product.")
    plan_publisher: str = option("", doc="The plan's publisher.")
    plan_promotion_code: str = option("", doc="A promotion code.")
