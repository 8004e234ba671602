"""The `shell-local` provisioner: runs commands or scripts on the machine
running Kiln (not the one being built). The `shell-local` post-processor
takes the same options."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiln.components.base import Provisioner
from kiln.components.config import Problems, option
from kiln.provisioners.shell_options import ShellScriptOptions

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun, Communicator

#: The operating systems `only_on` accepts (Go's GOOS names).
SUPPORTED_SYSTEMS = ("darwin", "freebsd", "linux", "openbsd", "solaris", "windows")

_TOO_MANY = (
    "You may only specify one of the following options: Command, Inline, Script or Scripts. "
    "Please consolidate these options in your config."
)


@dataclass(kw_only=True)
class ShellLocalConfig(ShellScriptOptions):
    """Options of `shell-local` (the provisioner and the post-processor)."""

    summary = "Runs commands or scripts on the machine running Kiln."

    env_var_format: str = option("%s='%s' ", doc="The printf format of one variable in {{.Vars}}.")
    command: str = option("", doc="One command to run (deprecated: use inline).")
    execute_command: tuple[str, ...] = option(
        ("/bin/sh", "-c", "{{.Vars}} {{.Script}}"),
        doc="The argv that runs a script ({{.Script}}, {{.Vars}}).",
    )
    inline_shebang: str = option("/bin/sh -e", doc="The interpreter line of inline scripts.")
    only_on: tuple[str, ...] = option(
        (),
        doc="Run only on these operating systems (" + ", ".join(SUPPORTED_SYSTEMS) + ").",
    )
    tempfile_extension: str = option("", doc="The file extension of the inline script file.")
    use_linux_pathing: bool = option(
        False, doc="On Windows, turn script paths into Windows Subsystem for Linux ones."
    )

    def check(self, problems: Problems) -> None:
        """One of command, inline, script or scripts; known systems; KEY=value pairs."""
        self._check_one_source(problems)
        self.check_scripts_exist(problems)
        for system in self.only_on:
            if system not in SUPPORTED_SYSTEMS:
                problems.add(
                    f"Invalid OS specified in only_on: '{system}'\n"
                    f"Supported OS names: {', '.join(SUPPORTED_SYSTEMS)}",
                    "only_on",
                )
        if self.use_linux_pathing and (self.inline or self.command):
            problems.add(
                "Packer is unable to use the Command and Inline features with the Windows "
                "Linux Subsystem. Please use the Script or Scripts options instead",
                "use_linux_pathing",
            )
        if self.use_linux_pathing:
            self._check_linux_paths(problems)
        self.check_environment(problems)

    def _check_linux_paths(self, problems: Problems) -> None:
        """Scripts must have Windows paths (`C:/...`) that WSL can reach as `/mnt/c/...`."""
        from kiln.errors import KilnError  # noqa: PLC0415
        from kiln.provisioners.shell_local.local_script import linux_path  # noqa: PLC0415

        for path in self.script_paths:
            try:
                linux_path(os.path.abspath(path))
            except KilnError as error:
                problems.add(str(error), "script" if self.script else "scripts")
                return

    def _check_one_source(self, problems: Problems) -> None:
        self.check_exactly_one(
            problems,
            ("command", "inline", "script", "scripts"),
            too_many=_TOO_MANY,
            missing="Command, Inline, Script and Scripts options cannot all be empty.",
        )


class ShellLocalProvisioner(Provisioner):
    """Runs commands on the machine running Kiln."""

    config_class = ShellLocalConfig
    config: ShellLocalConfig

    def provision(self, run: BuildRun, communicator: Communicator | None) -> None:
        """Run the commands locally; the build's communicator is not used."""
        from kiln.provisioners.shell_local.local_script import run_local_script  # noqa: PLC0415

        run_local_script(run, self.config)

    def files_read(self) -> list[str]:
        """The scripts it runs (its inputs besides the options, for the step cache)."""
        return self.config.script_paths
