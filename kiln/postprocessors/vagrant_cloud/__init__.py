"""The `vagrant-cloud` post-processor (HashiCorp's Vagrant plugin): uploads a
box made by the `vagrant` post-processor (or artifice) to Vagrant Cloud and
releases the version.

Kiln checks its options (`VagrantCloudConfig`) but cannot run it yet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from kiln.components.base import PostProcessor
from kiln.components.config import Config, Problems, option

DEFAULT_URL = "https://vagrantcloud.com/api/v1"


@dataclass(kw_only=True)
class VagrantCloudConfig(Config):
    """Options of the `vagrant-cloud` post-processor."""

    summary = "Uploads a Vagrant box to Vagrant Cloud (or a compatible server)."

    box_tag: str = option("", doc='The box, "USER/NAME"; required.')
    version: str = option("", doc='The version to create or add to, "1.0.0"; required.')
    version_description: str = option("", doc="The version's description (Markdown).")
    no_release: bool = option(False, doc="Upload without releasing the version.")
    access_token: str = option(
        "", sensitive=True, doc="The API token; VAGRANT_CLOUD_TOKEN unless set."
    )
    vagrant_cloud_url: str = option(DEFAULT_URL, doc="The API's URL, for a self-hosted server.")
    insecure_skip_tls_verify: bool = option(
        False, doc="Do not verify the server's certificate (not with the default URL)."
    )
    box_download_url: str = option(
        "", doc="Where the box can be downloaded; upload nothing and point there instead."
    )
    no_direct_upload: bool = option(
        False, doc="Upload through Vagrant Cloud rather than straight to its storage."
    )
    box_checksum: str = option("", doc='The box\'s checksum, "TYPE:DIGEST".')

    def check(self, problems: Problems) -> None:
        """A box and a version; a token for the public server."""
        for name in ("box_tag", "version"):
            if self.is_known(name) and not getattr(self, name):
                problems.add(f"{name} must be set", name)
        token = (
            self.access_token
            or os.environ.get("VAGRANT_CLOUD_TOKEN")
            or os.environ.get("ATLAS_TOKEN")
        )
        if (
            self.vagrant_cloud_url in ("", DEFAULT_URL)
            and not token
            and self.is_known("access_token", "vagrant_cloud_url")
        ):
            problems.add(
                "access_token must be set if vagrant_cloud_url has not been overridden",
                "access_token",
            )


class VagrantCloudPostProcessor(PostProcessor):
    """Uploads Vagrant boxes (validated only)."""

    config_class = VagrantCloudConfig
