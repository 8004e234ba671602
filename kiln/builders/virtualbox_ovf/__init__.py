"""The `virtualbox-ovf` builder (HashiCorp's VirtualBox plugin): imports an
existing OVF/OVA machine, provisions it and exports it again.

Kiln checks its options (`VirtualBoxOVFConfig`) but cannot run it yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.builders.common.boot import BootCommandConfig
from kiln.builders.common.defaults import restore_defaults
from kiln.builders.common.http import HTTPConfig
from kiln.builders.common.iso import checksum_error
from kiln.builders.common.media import CDConfig, FloppyConfig
from kiln.builders.common.port_forwarding import HostPortForwardingConfig
from kiln.builders.common.shutdown import shutdown_warning
from kiln.builders.common.virtualbox import (
    ExportConfig,
    GuestAdditionsConfig,
    GuestShutdownConfig,
    VBoxManageConfig,
    VersionFileConfig,
    VRDPConfig,
)
from kiln.builders.common.vm_output import OutputFilenameConfig
from kiln.communicator.options import CommunicatorConfig
from kiln.components.base import Builder
from kiln.components.config import Problems, option


@dataclass(kw_only=True)
class VirtualBoxOVFConfig(
    HTTPConfig,
    FloppyConfig,
    CDConfig,
    BootCommandConfig,
    ExportConfig,
    OutputFilenameConfig,
    VRDPConfig,
    GuestShutdownConfig,
    HostPortForwardingConfig,
    VBoxManageConfig,
    VersionFileConfig,
    GuestAdditionsConfig,
    CommunicatorConfig,
):
    """Options of the `virtualbox-ovf` builder."""

    summary = (
        "Builds a VirtualBox machine from an existing OVF or OVA: imports it, provisions it "
        "and exports it again."
    )

    source_path: str = option("", doc="The OVF or OVA file (a path or URL) to import; required.")
    checksum: str = option(
        "",
        doc='The source\'s checksum: "sha256:HEX" (md5, sha1, sha512), bare HEX, '
        '"file:URL" or "none".',
    )
    target_path: str = option("", doc="Where a downloaded source is kept; in the cache unless set.")
    import_flags: tuple[str, ...] = option(
        (), doc='Extra flags for VBoxManage import ("--eula", "accept").'
    )
    import_opts: str = option("", doc='Options for VBoxManage import --options ("keepallmacs").')
    vm_name: str = option("", doc="The machine's name; packer-BUILDNAME-TIMESTAMP unless set.")
    keep_registered: bool = option(False, doc="Leave the machine registered in VirtualBox.")
    skip_export: bool = option(False, doc="Do not export the machine.")
    ssh_listen_address: str = option(
        "127.0.0.1", doc="The host address the forwarded communicator port listens on."
    )

    def __post_init__(self) -> None:
        restore_defaults(self)
        self.normalize_port_forwarding()

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then the plugin's Prepare."""
        super().check(problems)
        self.check_export(problems)
        self.check_floppy(problems)
        self.check_cd(problems)
        self.check_http(problems)
        self.check_vrdp(problems)
        self.check_port_forwarding(problems)
        self.check_version_file(problems, self.communicator)
        self.check_boot_command(problems)
        self.check_guest_additions(problems, self.communicator)
        if self.is_known("source_path") and not self.source_path:
            problems.add("source_path is required", "source_path")
        error = checksum_error(self.checksum) if self.checksum not in ("", "none") else ""
        if error:
            problems.add(f'checksum "{self.checksum}" is invalid: {error}', "checksum")
        shutdown_warning(problems, self)


class VirtualBoxOVFBuilder(Builder):
    """Builds VirtualBox machines from OVF/OVA files (validated only)."""

    config_class = VirtualBoxOVFConfig
    builder_id = "mitchellh.virtualbox"
