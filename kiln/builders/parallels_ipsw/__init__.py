"""The `parallels-ipsw` builder (the Parallels plugin, `github.com/parallels/parallels`):
creates a macOS machine on Apple silicon from an IPSW restore image, drives
its setup screens (boot commands, or screens recognized by OCR), provisions
it and leaves it as a PVM.

The plugin is no longer HashiCorp's; Kiln ships its schema so that templates
using it validate as they do with the plugin installed. It cannot run it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.builders.common.boot import BootCommandConfig
from kiln.builders.common.defaults import restore_defaults
from kiln.builders.common.http import HTTPConfig
from kiln.builders.common.iso import checksum_error
from kiln.builders.common.parallels import (
    HardwareConfig,
    ParallelsOutputConfig,
    PrlctlConfig,
)
from kiln.builders.common.shutdown import ShutdownConfig, shutdown_warning
from kiln.communicator.options import CommunicatorConfig
from kiln.components.base import Builder
from kiln.components.config import Config, Problems, block, option

DEFAULT_HOST_INTERFACES = (*(f"en{n}" for n in range(10)), "ppp0", "ppp1", "ppp2")


@dataclass(kw_only=True)
class BootScreen(Config):
    """One `boot_screen_config` block: what to type when a setup screen is recognized."""

    screen_name: str = option("", doc="The screen's name; required.")
    matching_strings: tuple[str, ...] = option(
        (), doc="Texts that identify the screen (all must be on it); none: the fallback screen."
    )
    is_last_screen: bool = option(False, doc="Stop the screen-driven boot after this screen.")
    boot_command: tuple[str, ...] = option((), doc="The keys typed on this screen.")
    boot_wait: str = option("", duration=True, doc="How long to wait before typing.")
    boot_keygroup_interval: str = option(
        "", duration=True, doc="The pause after each group of keys."
    )

    def check(self, problems: Problems) -> None:
        """A name."""
        if self.is_known("screen_name") and not self.screen_name:
            problems.add("screen name should not be empty", "screen_name")


@dataclass(kw_only=True)
class IPSWConfig(Config):
    """The restore image (checked like an ISO)."""

    ipsw_url: str = option("", doc="Where to get the IPSW (a URL or local path).")
    ipsw_urls: tuple[str, ...] = option((), doc="Mirrors of the IPSW; instead of ipsw_url.")
    ipsw_checksum: str = option(
        "", doc='The IPSW\'s checksum: "sha256:HEX", bare HEX, "file:URL" or "none".'
    )
    ipsw_target_path: str = option("", doc="Where the downloaded IPSW is kept.")

    def check_ipsw(self, problems: Problems) -> None:
        """Exactly one of ipsw_url and ipsw_urls; a checksum of a known form."""
        if self.ipsw_url and self.ipsw_urls:
            problems.add("Only one of iso_url or iso_urls must be specified", "ipsw_urls")
            return
        if not (self.ipsw_url or self.ipsw_urls):
            if self.is_known("ipsw_url", "ipsw_urls"):
                problems.add("One of iso_url or iso_urls must be specified", "ipsw_url")
            return
        if not self.is_known("ipsw_checksum"):
            return
        if self.ipsw_checksum == "none":
            problems.warn(
                "A checksum of 'none' was specified. Since ISO files are so big,\n"
                "a checksum is highly recommended.",
                "ipsw_checksum",
            )
        elif not self.ipsw_checksum:
            problems.add(
                'A checksum must be specified (ipsw_checksum; "none" skips verification)',
                "ipsw_checksum",
            )
        else:
            error = checksum_error(self.ipsw_checksum)
            if error:
                problems.add(
                    f'ipsw_checksum "{self.ipsw_checksum}" is invalid: {error}', "ipsw_checksum"
                )


@dataclass(kw_only=True)
class ParallelsIPSWConfig(
    IPSWConfig,
    HTTPConfig,
    BootCommandConfig,
    ParallelsOutputConfig,
    HardwareConfig,
    PrlctlConfig,
    ShutdownConfig,
    CommunicatorConfig,
):
    """Options of the `parallels-ipsw` builder."""

    summary = "Builds a macOS Parallels Desktop machine (Apple silicon) from an IPSW restore image."

    boot_screen_config: tuple[BootScreen, ...] = block(
        doc="Setup screens recognized by OCR and what to type on each; repeatable."
    )
    ocr_library: str = option("vision", doc='"vision" (macOS) or "tesseract".')
    disk_size: int = option(40000, doc="The disk's size in megabytes.")
    host_interfaces: tuple[str, ...] = option(
        DEFAULT_HOST_INTERFACES, doc="Host interfaces searched for {{ .HTTPIP }}."
    )
    vm_name: str = option("", doc="The PVM's name; packer-BUILDNAME unless set.")

    def __post_init__(self) -> None:
        restore_defaults(self)
        if not self.host_interfaces:
            self.host_interfaces = DEFAULT_HOST_INTERFACES

    def check(self, problems: Problems) -> None:
        """The communicator's rules, then the plugin's Prepare."""
        super().check(problems)
        self.check_ipsw(problems)
        self.check_http(problems)
        self.check_output(problems)
        self.check_hardware(problems)
        self.check_boot_command(problems)
        shutdown_warning(problems, self)
        screens = self.boot_screen_config or ()
        if sum(1 for screen in screens if not screen.matching_strings) > 1:
            problems.add(
                "more than one empty screen config found.only one empty screen config is allowed",
                "boot_screen_config",
            )
        if self.ocr_library not in ("tesseract", "vision"):
            problems.add(f"invalid ocr_library: {self.ocr_library}", "ocr_library")


class ParallelsIPSWBuilder(Builder):
    """Builds macOS Parallels machines from IPSW images (validated only)."""

    config_class = ParallelsIPSWConfig
    builder_id = "rickard-von-essen.parallels"
