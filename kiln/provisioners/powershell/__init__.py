"""The `powershell` provisioner (part of Packer itself): uploads PowerShell
scripts (or inline commands) to a Windows machine and runs them, optionally
elevated through a scheduled task.

Kiln checks its options (`PowerShellConfig`) but cannot run it yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import Provisioner
from kiln.components.config import Problems, option
from kiln.provisioners.shell_options import ShellScriptOptions

EXECUTION_POLICIES = (
    "bypass",
    "allsigned",
    "default",
    "remotesigned",
    "restricted",
    "undefined",
    "unrestricted",
    "none",
)


@dataclass(kw_only=True)
class PowerShellConfig(ShellScriptOptions):
    """Options of the `powershell` provisioner."""

    summary = "Runs PowerShell scripts or inline commands on a Windows machine."

    binary: bool = option(
        False, doc="Upload the scripts as they are, without converting line ends."
    )
    remote_path: str = option(
        "", doc="Where the script is uploaded; c:/Windows/Temp/script-UUID.ps1 unless set."
    )
    remote_env_var_path: str = option(
        "", doc="Where the file setting the environment is uploaded (a writable path)."
    )
    execute_command: str = option(
        "",
        doc="The command that runs a script ({{.Path}}, {{.Vars}}); powershell with the "
        "execution policy unless set.",
    )
    elevated_execute_command: str = option(
        "", doc="The command that runs a script as elevated_user; as execute_command unless set."
    )
    elevated_env_var_format: str = option(
        "", doc="The format of one variable for elevated runs; '$env:%s=\"%s\"; ' unless set."
    )
    elevated_user: str = option("", doc="Run the scripts as this user, in a scheduled task.")
    elevated_password: str = option("", sensitive=True, doc="The elevated user's password.")
    execution_policy: str = option(
        "bypass",
        doc='The PowerShell execution policy: "bypass", "allsigned", "default", '
        '"remotesigned", "restricted", "undefined", "unrestricted" or "none".',
    )
    debug_mode: int = option(0, doc="Set-PSDebug -Trace level: 0 (off), 1 or 2.")
    skip_clean: bool = option(False, doc="Leave the uploaded scripts on the machine.")
    start_retry_timeout: str = option(
        "5m", duration=True, doc="How long to keep retrying to start a script (across reboots)."
    )
    pause_after: str = option("", duration=True, doc="How long to wait after the scripts ran.")
    use_pwsh: bool = option(False, doc="Run pwsh.exe (PowerShell 7) instead of powershell.exe.")

    def check(self, problems: Problems) -> None:
        """The provisioner's Prepare, in its order."""
        if self.script and self.scripts:
            problems.add("Only one of script or scripts can be specified.", "scripts")
        if not self.elevated_user and self.elevated_password:
            problems.add(
                "Must supply an 'elevated_user' if 'elevated_password' provided",
                "elevated_password",
            )
        if self.is_known("inline", "script", "scripts"):
            if not self.script_paths and not self.inline:
                problems.add("Either a script file or inline script must be specified.")
            elif self.script_paths and self.inline:
                problems.add(
                    "Only a script file or an inline script can be specified, not both.", "inline"
                )
        self.check_scripts_exist(problems)
        self.check_environment(problems)
        if self.execution_policy.lower() not in EXECUTION_POLICIES:
            problems.add(
                'Invalid execution policy provided. Please supply one of: "bypass", '
                '"allsigned", "default", "remotesigned", "restricted", "undefined", '
                '"unrestricted", "none".',
                "execution_policy",
            )
        if not 0 <= self.debug_mode <= 2:
            problems.add(
                f"{self.debug_mode} is an invalid Trace level for `debug_mode`; valid values "
                "are 0, 1, and 2",
                "debug_mode",
            )


class PowerShellProvisioner(Provisioner):
    """Runs PowerShell on Windows machines (validated only)."""

    config_class = PowerShellConfig
