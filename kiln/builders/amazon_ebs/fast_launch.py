"""The `fast_launch` block of `amazon-ebs`: pre-provisioned snapshots that let
Windows AMIs launch faster."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.config import Config, Problems, block, option


@dataclass(kw_only=True)
class FastLaunchTemplate(Config):
    """One `region_launch_templates` block: the launch template used in one region."""

    region: str = option("", doc="The region the template is in; required.")
    template_id: str = option("", doc="The launch template's ID (not with template_name).")
    template_name: str = option("", doc="The launch template's name (not with template_id).")
    template_version: int = option(0, doc="The template version; the latest unless set.")

    def check(self, problems: Problems) -> None:
        """A region; one way to name the template; a version only with a template."""
        if self.is_known("region") and not self.region:
            problems.add("region cannot be empty for a regional fast template config", "region")
            return
        check_template(problems, self, f'fast_launch_template_config region "{self.region}": ')


@dataclass(kw_only=True)
class FastLaunchConfig(Config):
    """The `fast_launch` block (Windows AMIs only)."""

    enable_fast_launch: bool = option(False, doc="Turn fast launch on (implied by the others).")
    template_id: str = option("", doc="The launch template (ID) for the build region.")
    template_name: str = option("", doc="The launch template (name) for the build region.")
    template_version: int = option(0, doc="The template version; the latest unless set.")
    region_launch_templates: tuple[FastLaunchTemplate, ...] = block(
        doc="A launch template per region the AMI is copied to; repeatable."
    )
    max_parallel_launches: int = option(
        0, doc="Instances launched at once to make snapshots (at least 6)."
    )
    target_resource_count: int = option(0, doc="Snapshots to pre-provision (AWS's default: 5).")

    def check(self, problems: Problems) -> None:
        """The plugin's FastLaunchConfig.Prepare (the per-region rules are the blocks' own)."""
        if self.max_parallel_launches and self.max_parallel_launches < 6:
            problems.add(
                f"max_parallel_launches must be >= 6, provided value is "
                f"{self.max_parallel_launches}",
                "max_parallel_launches",
            )
        if self.target_resource_count and self.target_resource_count < 1:
            problems.add(
                f"target_resource_count must be >= 1, provided value is "
                f"{self.target_resource_count}",
                "target_resource_count",
            )
        regions = [template.region for template in self.region_launch_templates or ()]
        for region in sorted({r for r in regions if regions.count(r) > 1}):
            problems.add(
                f'fast launch: launch template specified twice for region "{region}", only once '
                "is supported",
                "region_launch_templates",
            )

    @property
    def names_build_region_template(self) -> bool:
        """Whether a template is given for the build region itself."""
        return bool(self.template_id or self.template_name or self.template_version)


def check_template(
    problems: Problems, template: FastLaunchTemplate | FastLaunchConfig, prefix: str
) -> None:
    """One of template_id and template_name; a version only with one of them."""
    if template.template_id and template.template_name:
        problems.add(
            f"{prefix}both template ID and name cannot be specified at the same time",
            "template_name",
        )
    if template.template_version and template.template_version < 1:
        problems.add(
            f"{prefix}the launch template version must be >= 1, provided value is "
            f"{template.template_version}",
            "template_version",
        )
    if template.template_version and not (template.template_id or template.template_name):
        problems.add(
            f"{prefix}launch template version specified without an ID or name",
            "template_version",
        )
