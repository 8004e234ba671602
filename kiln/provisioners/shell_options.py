"""Options every shell-like provisioner shares (Packer's `shell.Provisioner`):
what to run (`inline`, `script`, `scripts`), its environment, and the exit
codes that count as success. The `shell` and `shell-local` provisioners and
the `shell-local` post-processor build on it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from kiln.components.config import Config, Problems, option


@dataclass(kw_only=True)
class ShellScriptOptions(Config):
    """What a shell provisioner runs, and with which environment."""

    inline: tuple[str, ...] = option(
        (), doc="Commands run one after the other in a single shell script."
    )
    script: str = option("", doc="A local script to run.")
    scripts: tuple[str, ...] = option((), doc="Local scripts to run in order, each on its own.")
    valid_exit_codes: tuple[int, ...] = option((0,), doc="The exit codes that mean success.")
    environment_vars: tuple[str, ...] = option(
        (), doc='Environment variables for the scripts, as "KEY=value".'
    )
    env: Mapping[str, str] = option(
        default_factory=dict,
        doc="Environment variables for the scripts; wins over environment_vars.",
    )
    env_var_format: str = option(
        "", doc="The printf format of one variable in {{.Vars}} (defaults per provisioner)."
    )

    @property
    def script_paths(self) -> list[str]:
        """`script` and `scripts` as one list."""
        return [self.script] if self.script else list(self.scripts)

    def check_environment(self, problems: Problems) -> None:
        """Each `environment_vars` entry is KEY=value; `env` keys are not empty."""
        for pair in self.environment_vars:
            key, equals, _ = pair.partition("=")
            if not equals or not key:
                problems.add(
                    f"Environment variable not in format 'key=value': {pair}", "environment_vars"
                )
        if "" in self.env:
            problems.add("Environment variable names in env cannot be empty.", "env")

    def check_scripts_exist(self, problems: Problems) -> None:
        """Each local script must exist when the template is validated."""
        for path in self.script_paths:
            error = missing_file(path)
            if error:
                name = "script" if self.script else "scripts"
                problems.add(f"Bad script '{path}': {error}", name)


def missing_file(path: str) -> str:
    """Why `path` cannot be read, worded as Go's os.Stat says it ("" if it can)."""
    try:
        os.stat(path)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        return f"stat {path}: {reason}"
    return ""
