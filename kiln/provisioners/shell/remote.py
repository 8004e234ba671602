"""Running the `shell` provisioner's scripts on the machine, as Packer does.

For each script (the `inline` commands become one, `#!inline_shebang`
first): upload it to `remote_path` (line endings made Unix unless
`binary`), `chmod 0755` it, run `execute_command` (`{{.Vars}}`, `{{.Path}}`,
`{{.EnvVarFile}}` and the build's values), streaming stdout as messages and
stderr as errors. Uploading and starting are retried every 2 s until
`start_retry_timeout` (a machine that is rebooting). A script whose
connection drops is accepted with `expect_disconnect`; otherwise its exit
status must be one of `valid_exit_codes`. The uploaded files are removed
unless `skip_clean`; `pause_after` waits at the end.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import random
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar

from kiln.communicator import DISCONNECTED
from kiln.components.durations import format_duration, parse_duration
from kiln.errors import CancelledError, KilnError
from kiln.provisioners.shell_local.local_script import (
    InvalidExitCodeError,
    _go_sprintf,
    _quote_single,
)
from kiln.template.legacy.functions import RenderContext
from kiln.template.legacy.gotemplate import TemplateError
from kiln.template.legacy.render import interpolate
from kiln.ui.log import get_logger

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun, Communicator
    from kiln.provisioners.shell import ShellConfig

log = get_logger(__name__)
T = TypeVar("T")

#: Packer's pause between two tries of a retryable step.
RETRY_SECONDS = 2.0

DISCONNECTED_UNEXPECTEDLY = (
    "Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a "
    'restart, you can try adding `"expect_disconnect": true` or `"skip_clean": true` to the '
    "shell provisioner parameters."
)


def run_remote_scripts(
    run: BuildRun, config: ShellConfig, communicator: Communicator | None
) -> None:
    """Run the config's inline commands, script or scripts on the machine."""
    if communicator is None:
        raise KilnError(
            "The shell provisioner needs a connection to the machine, but this build uses "
            'communicator = "none".',
            hint="Use shell-local to run commands on this machine instead.",
        )
    remote = _Remote(run, config, communicator)
    variables = remote.variables()
    if config.use_env_var_file:
        remote.env_var_file = posixpath.join(
            config.remote_folder, f"varfile_{random.randrange(10000)}.sh"
        )
        remote.retry(lambda: remote.upload(remote.env_var_file, variables.encode()))
    with _scripts(run, config, remote.context()) as scripts:
        for script in scripts:
            remote.run_script(script, variables)
    if not config.skip_clean and remote.env_var_file:
        remote.remove(remote.env_var_file)
    pause = parse_duration(config.pause_after) if config.pause_after else 0.0
    if pause > 0:
        run.ui.say(f"Pausing {format_duration(pause)} after this provisioner...")
        run.sleep(pause)


class _Remote:
    def __init__(self, run: BuildRun, config: ShellConfig, communicator: Communicator) -> None:
        self.run = run
        self.config = config
        self.communicator = communicator
        self.env_var_file = ""
        self.path = config.remote_path or posixpath.join(
            config.remote_folder, config.remote_file or f"script_{random.randrange(10000)}.sh"
        )

    def context(self, extra: Mapping[str, str] | None = None) -> RenderContext:
        return RenderContext.for_build(self.run, {**self.run.values, **(extra or {})})

    def variables(self) -> str:
        """`{{.Vars}}` (or the env var file): every variable through env_var_format."""
        values = {
            "PACKER_BUILD_NAME": self.run.source_name or self.run.name,
            "PACKER_BUILDER_TYPE": self.run.builder_type,
        }
        for name, value in self.run.environment().items():
            if name.startswith("PACKER_HTTP_"):
                values[name] = value
        context = self.context()
        for pair in self.config.environment_vars:
            key, _, value = _render(pair, context).partition("=")
            values[key] = _quote_single(value)
        for key, value in self.config.env.items():
            values[key] = _quote_single(value)
        fmt = self.config.default_env_var_format
        return "".join(_go_sprintf(fmt, key, values[key]) for key in sorted(values))

    def command(self, variables: str) -> str:
        default = (
            "chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}"
            if self.config.use_env_var_file
            else "chmod +x {{.Path}}; {{.Vars}} {{.Path}}"
        )
        fields = {"Vars": variables, "Path": self.path, "EnvVarFile": self.env_var_file}
        try:
            return interpolate(self.config.execute_command or default, self.context(fields))
        except TemplateError as error:
            raise KilnError(f"Error processing command: {error}") from None

    def run_script(self, script: str, variables: str) -> None:
        self.run.ui.say(f"Provisioning with shell script: {script}")
        with open(script, "rb") as source:
            content = source.read()
        if not self.config.binary:
            content = _unix_lines(content)
        command = self.command(variables)

        def attempt() -> int:
            self.upload(self.path, content)
            self.communicator.run(f"chmod 0755 {self.path}", cancellation=self.run.cancellation)
            return self.communicator.run(
                command, on_output=self._show, cancellation=self.run.cancellation
            )

        status = self.retry(attempt)
        if status == DISCONNECTED:
            if not self.config.expect_disconnect:
                raise KilnError(DISCONNECTED_UNEXPECTEDLY)
        elif status not in (self.config.valid_exit_codes or (0,)):
            raise InvalidExitCodeError(status, self.config.valid_exit_codes or (0,))
        if not self.config.skip_clean:
            self.remove(self.path)

    def upload(self, path: str, content: bytes) -> None:
        self.communicator.upload(path, io.BytesIO(content), size=len(content))

    def remove(self, path: str) -> None:
        def attempt() -> None:
            status = self.communicator.run(f"rm -f {path}", cancellation=self.run.cancellation)
            if status != 0:
                raise KilnError(f"Error removing temporary script at {path}!")

        self.retry(attempt)

    def retry(self, attempt: Callable[[], T]) -> T:
        """`attempt()`, tried again every 2 s until start_retry_timeout (Packer's retryable)."""
        limit = parse_duration(self.config.start_retry_timeout or "5m")
        deadline = time.monotonic() + limit
        while True:
            try:
                return attempt()
            except CancelledError:
                raise
            except KilnError as error:
                log.info("Retryable error: %s", error)
                if time.monotonic() >= deadline:
                    raise KilnError(f"Retryable error: {error.message}", hint=error.hint) from None
                self.run.sleep(RETRY_SECONDS)

    def _show(self, stream: str, line: str) -> None:
        text = line.rstrip()
        text = text[text.rfind("\r") + 1 :]
        if stream == "stderr":
            self.run.ui.error(text)
        else:
            self.run.ui.message(text)


@contextlib.contextmanager
def _scripts(run: BuildRun, config: ShellConfig, context: RenderContext) -> Iterator[list[str]]:
    if not config.inline:
        yield list(config.script_paths)
        return
    lines = [f"#!{config.inline_shebang}"] if config.inline_shebang else []
    for command in config.inline:
        try:
            lines.append(_render(command, context))
        except TemplateError as error:
            raise KilnError(str(error)) from None
    descriptor, path = tempfile.mkstemp(prefix="packer-shell", dir=run.scratch_dir())
    with os.fdopen(descriptor, "w", encoding="utf-8") as script:
        script.write("".join(line + "\n" for line in lines))
    try:
        yield [path]
    finally:
        with contextlib.suppress(OSError):
            os.remove(path)


def _render(text: str, context: RenderContext) -> str:
    return interpolate(text, context) if "{{" in text else text


def _unix_lines(content: bytes) -> bytes:
    """Packer's UnixReader: every line ends in a single "\\n" (CRLF and a last line too)."""
    if not content:
        return content
    lines = content.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return b"".join(line.removesuffix(b"\r") + b"\n" for line in lines)
