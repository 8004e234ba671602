"""Option groups of the Parallels plugin (`github.com/parallels/parallels`,
formerly HashiCorp's) shared by `parallels-iso` and `parallels-ipsw`: hardware,
prlctl commands, the output directory, Parallels Tools and the VM window."""

from __future__ import annotations

import os
from dataclasses import dataclass

from kiln.builders.common.vm_output import OutputDirectoryConfig
from kiln.components.config import Config, Problems, option

#: Where the schema comes from (a plugin no longer published by HashiCorp).
PLUGIN_SOURCE = "github.com/parallels/parallels"
TOOLS_MODES = ("disable", "attach", "upload")
STARTUP_VIEWS = ("same", "window", "coherence", "fullscreen", "modality", "headless")
ON_WINDOW_CLOSE = ("suspend", "shutdown", "stop", "ask", "keep-running")
DEFAULT_HOST_INTERFACES = (*(f"en{n}" for n in range(21)), "ppp0", "ppp1", "ppp2")


@dataclass(kw_only=True)
class HardwareConfig(Config):
    """`cpus`, `memory`, `sound` and `usb`."""

    cpus: int = option(1, doc="Virtual CPUs.")
    memory: int = option(512, doc="Memory in megabytes.")
    sound: bool = option(False, doc="Add a sound device.")
    usb: bool = option(False, doc="Add a USB controller.")

    def check_hardware(self, problems: Problems) -> None:
        """No negative counts."""
        if self.cpus < 0:
            problems.add(f"An invalid number of cpus was specified (cpus < 0): {self.cpus}", "cpus")
        if self.memory < 0:
            problems.add(
                f"An invalid memory size was specified (memory < 0): {self.memory}", "memory"
            )


@dataclass(kw_only=True)
class PrlctlConfig(Config):
    """prlctl commands run before booting and after shutting down, and the version file."""

    prlctl: tuple[tuple[str, ...], ...] = option(
        (),
        doc="prlctl commands run before the machine boots, each a list: "
        '["set", "{{.Name}}", "--cpus", "2"].',
    )
    prlctl_post: tuple[tuple[str, ...], ...] = option(
        (), doc="prlctl commands run once the machine is shut down."
    )
    prlctl_version_file: str = option(
        ".prlctl_version",
        doc='Where the Parallels Desktop version is written in the guest; "" for none.',
    )


@dataclass(kw_only=True)
class ParallelsOutputConfig(OutputDirectoryConfig):
    """`output_directory`, which must not exist yet."""

    def check_output(self, problems: Problems) -> None:
        """An existing output directory is an error (the plugin checks before the build)."""
        path = self.output_directory
        if path and os.path.exists(path):
            absolute = os.path.normpath(os.path.abspath(path))
            problems.add(
                f"Output directory '{absolute}' already exists. It must not exist.",
                "output_directory",
            )


@dataclass(kw_only=True)
class ToolsConfig(Config):
    """How Parallels Tools reach the guest."""

    parallels_tools_flavor: str = option(
        "",
        doc='The tools ISO to use: "win", "lin", "mac", "os2", "other" (or "-arm" variants); '
        'required unless parallels_tools_mode is "disable".',
    )
    parallels_tools_guest_path: str = option(
        "prl-tools-{{.Flavor}}.iso", doc="Where the ISO is uploaded in the guest (a template)."
    )
    parallels_tools_mode: str = option("upload", doc='"upload", "attach" or "disable".')

    def check_tools(self, problems: Problems) -> None:
        """A known mode; a flavor unless disabled."""
        mode = self.parallels_tools_mode
        if mode not in TOOLS_MODES:
            problems.add(
                "parallels_tools_mode is invalid. Must be one of: [disable attach upload]",
                "parallels_tools_mode",
            )
        if (
            not self.parallels_tools_flavor
            and mode != "disable"
            and self.is_known("parallels_tools_flavor", "parallels_tools_mode")
        ):
            problems.add("parallels_tools_flavor must be specified", "parallels_tools_flavor")


@dataclass(kw_only=True)
class VMWindowConfig(Config):
    """How the machine's window behaves."""

    startup_view: str = option(
        "",
        doc='The view at start: "same", "window", "coherence", "fullscreen", "modality" or '
        '"headless".',
    )
    on_window_close: str = option(
        "",
        doc='What closing the window does: "suspend", "shutdown", "stop", "ask" or "keep-running".',
    )

    def check_window(self, problems: Problems) -> None:
        """Known values."""
        if self.startup_view and self.startup_view not in STARTUP_VIEWS:
            allowed = " ".join(("", *STARTUP_VIEWS))
            problems.add(
                f"invalid value for startup-view: {self.startup_view}. Allowed values are : "
                f"[{allowed}]",
                "startup_view",
            )
        if self.on_window_close and self.on_window_close not in ON_WINDOW_CLOSE:
            allowed = " ".join(("", *ON_WINDOW_CLOSE))
            problems.add(
                f"invalid value for on-window-close: {self.on_window_close}. Allowed values "
                f"are : [{allowed}]",
                "on_window_close",
            )
