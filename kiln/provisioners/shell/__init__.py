"""The `shell` provisioner: uploads shell scripts (or inline commands) to the
machine and runs them there through the communicator."""

from __future__ import annotations

from dataclasses import dataclass

from kiln.components.base import Provisioner
from kiln.components.config import Problems, option
from kiln.components.runtime import BuildRun, Communicator
from kiln.provisioners.shell_options import ShellScriptOptions


@dataclass(kw_only=True)
class ShellConfig(ShellScriptOptions):
    """Options of the `shell` provisioner."""

    summary = "Runs shell scripts or inline commands on the machine being built."

    binary: bool = option(False, doc="Upload the scripts as they are, without converting CRLF.")
    execute_command: str = option(
        "",
        doc="The command that runs a script ({{.Path}}, {{.Vars}}, {{.EnvVarFile}}); "
        'by default "chmod +x {{.Path}}; {{.Vars}} {{.Path}}", or with use_env_var_file '
        '"chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}".',
    )
    inline_shebang: str = option("/bin/sh -e", doc="The interpreter line of inline scripts.")
    use_env_var_file: bool = option(
        False, doc="Write the environment to a file the script sources, not the command line."
    )
    remote_folder: str = option("/tmp", doc="The machine's directory scripts are uploaded to.")
    remote_file: str = option(
        "", doc='The uploaded script\'s name; "script_NNNN.sh" (random) by default.'
    )
    remote_path: str = option(
        "", doc="The uploaded script's full path; overrides remote_folder and remote_file."
    )
    expect_disconnect: bool = option(
        False, doc="Accept the connection dropping while a script runs (a reboot)."
    )
    start_retry_timeout: str = option(
        "5m", duration=True, doc="How long to keep retrying to start a script (across reboots)."
    )
    skip_clean: bool = option(False, doc="Leave the uploaded scripts on the machine.")
    pause_after: str = option("", duration=True, doc="How long to wait after the scripts ran.")

    @property
    def default_env_var_format(self) -> str:
        """`env_var_format` unless set: it depends on use_env_var_file."""
        if self.env_var_format:
            return self.env_var_format
        return "export %s='%s'\n" if self.use_env_var_file else "%s='%s' "

    def check(self, problems: Problems) -> None:
        """Exactly one of inline, script or scripts; scripts exist; KEY=value pairs."""
        check_one_source(self, problems)
        self.check_scripts_exist(problems)
        self.check_environment(problems)


def check_one_source(config: ShellScriptOptions, problems: Problems) -> None:
    """The `shell` rule on inline/script/scripts, in Packer's words."""
    if config.script and config.scripts:
        problems.add("Only one of script or scripts can be specified.", "scripts")
    if not config.is_known("inline", "script", "scripts"):
        return
    if not (config.script_paths or config.inline):
        problems.add("Either a script file or inline script must be specified.")
    elif config.script_paths and config.inline:
        problems.add("Only a script file or an inline script can be specified, not both.", "inline")


class ShellProvisioner(Provisioner):
    """Runs shell scripts on the machine."""

    config_class = ShellConfig
    config: ShellConfig

    def provision(self, run: BuildRun, communicator: Communicator | None) -> None:
        """Upload and run the scripts through the build's communicator."""
        from kiln.provisioners.shell.remote import run_remote_scripts  # noqa: PLC0415

        run_remote_scripts(run, self.config, communicator)
