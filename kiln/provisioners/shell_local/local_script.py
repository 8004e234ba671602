"""Running `shell-local` work on the machine running Kiln, as Packer's SDK does.

Shared by the `shell-local` provisioner and post-processor:
`run_local_script(run, config, generated_data=None)` runs the config's
`inline` commands (or `command`), `script` or `scripts`, one after the other:

- `inline` becomes one script file (`#!inline_shebang`, then each command
  rendered as a `{{ }}` template) in the build's scratch directory, removed
  once it has run;
- each script runs as `execute_command` (default `/bin/sh -c "{{.Vars}}
  {{.Script}}"`), its elements rendered with Kiln's Go-template engine
  (`kiln.template.legacy.render.interpolate`): `{{.Vars}}` is every
  variable (PACKER_BUILD_NAME, PACKER_BUILDER_TYPE, PACKER_HTTP_* when
  the builder serves HTTP, `environment_vars`, `env`) formatted with
  `env_var_format` in name order; `{{.Script}}` and `{{.Command}}` are the
  script's absolute path; `{{.ID}}` etc. are the build's values;
- the process inherits Kiln's environment plus `run.environment()`
  (PACKER_RUN_UUID...), runs through `kiln.process.run` with the build's
  cancellation (Ctrl-C stops its whole process group); stdout lines go to
  `run.ui.message`, stderr lines to `run.ui.error`, as Packer shows them;
- an exit status outside `valid_exit_codes` raises `KilnError` worded as
  Packer's.

`only_on` naming other systems skips everything (with Packer's message).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kiln.errors import KilnError, MissingToolError
from kiln.process import run as run_process
from kiln.process import write_executable
from kiln.template.legacy.functions import RenderContext
from kiln.template.legacy.gotemplate import TemplateError
from kiln.template.legacy.render import interpolate

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun
    from kiln.provisioners.shell_local import ShellLocalConfig

__all__ = [
    "InvalidExitCodeError",
    "flattened_variables",
    "go_os",
    "go_sprintf",
    "linux_path",
    "quote_single",
    "run_local_script",
]

#: Build values that mean "this builder has no HTTP server" (Packer's placeholders).
_HTTP_VALUES = {
    "PackerHTTPAddr": "PACKER_HTTP_ADDR",
    "PackerHTTPIP": "PACKER_HTTP_IP",
    "PackerHTTPPort": "PACKER_HTTP_PORT",
}


class InvalidExitCodeError(KilnError):
    """A script ended with an exit status outside `valid_exit_codes`."""

    def __init__(self, code: int, allowed: Sequence[int]) -> None:
        allowed_text = "[" + " ".join(str(c) for c in allowed) + "]"
        super().__init__(
            f"Script exited with non-zero exit status: {code}. "
            f"Allowed exit codes are: {allowed_text}"
        )
        self.code = code
        self.allowed = tuple(allowed)


def go_os() -> str:
    """This machine's operating system as Go's GOOS names it (what `only_on` lists)."""
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform.startswith("freebsd"):
        return "freebsd"
    if sys.platform.startswith("openbsd"):
        return "openbsd"
    if sys.platform.startswith("sunos"):
        return "solaris"
    if sys.platform == "win32":
        return "windows"
    return sys.platform


def run_local_script(
    run: BuildRun,
    config: ShellLocalConfig,
    generated_data: Mapping[str, str] | None = None,
) -> None:
    """Run the config's inline commands, script or scripts; raise `KilnError` on failure.

    `generated_data` is what `{{.Name}}` fields and the PACKER_HTTP_*
    variables read (default: the build's `run.values`; the post-processor
    passes the artifact's generated data). `CancelledError` propagates.
    """
    if config.only_on and go_os() not in config.only_on:
        run.ui.say("Skipping shell-local due to runtime OS")
        return
    data = dict(run.values if generated_data is None else generated_data)
    context = _render_context(run, data)
    variables = flattened_variables(run, config, data, context)
    inline = list(config.inline) or ([config.command] if config.command else [])
    if inline:
        path = _write_inline_script(run, config, inline, context)
        try:
            _run_one(run, config, path, variables, data)
        finally:
            with contextlib.suppress(OSError):
                os.remove(path)
        return
    for script in config.script_paths:
        _run_one(run, config, script, variables, data)


def flattened_variables(
    run: BuildRun,
    config: ShellLocalConfig,
    data: Mapping[str, str],
    context: RenderContext,
) -> str:
    """`{{.Vars}}`: every variable through `env_var_format`, sorted by name."""
    variables = {
        "PACKER_BUILD_NAME": run.source_name or run.name,
        "PACKER_BUILDER_TYPE": run.builder_type,
    }
    for value_name, variable in _HTTP_VALUES.items():
        value = data.get(value_name, "")
        if value and not value.startswith("ERR_"):
            variables[variable] = value
    for pair in config.environment_vars:
        key, _, value = _render(pair, context).partition("=")
        variables[key] = quote_single(value)
    for key, value in config.env.items():
        variables[key] = quote_single(value)
    fmt = config.env_var_format or "%s='%s' "
    return "".join(go_sprintf(fmt, key, variables[key]) for key in sorted(variables))


def linux_path(windows_path: str) -> str:
    """`C:/path/file` → `/mnt/c/path/file` (Windows Subsystem for Linux), as Packer does."""
    forward = windows_path.replace("\\", "/")
    drive, found, rest = forward.partition(":/")
    if not found:
        raise KilnError(
            "There was an error splitting your absolute path; expected to find a drive "
            f"following the format ':/' but did not: absolute path: {forward}"
        )
    return f"/mnt/{drive.lower()}/{rest}"


def _run_one(
    run: BuildRun,
    config: ShellLocalConfig,
    script: str,
    variables: str,
    data: Mapping[str, str],
) -> None:
    absolute = os.path.abspath(script)
    if config.use_linux_pathing:
        absolute = linux_path(absolute)
    fields = {**data, "Vars": variables, "Script": absolute, "Command": absolute}
    context = _render_context(run, fields)
    argv = []
    for element in config.execute_command:
        try:
            argv.append(interpolate(element, context))
        except TemplateError as error:
            raise KilnError(f"Error processing command: {error}") from None
    if not argv:
        raise KilnError(
            "Error launching command via shell-local communicator: No ExecuteCommand provided"
        )
    run.ui.say(f"Running local shell script: {script}")
    try:
        completed = run_process(
            argv,
            extra_env=run.environment(),
            check=False,
            on_output=lambda stream, line: _show(run, stream, line),
            cancellation=run.cancellation,
        )
    except MissingToolError as error:
        raise KilnError(
            f"Error executing script: {absolute}\n\n{error}",
            hint="Check the first element of execute_command.",
        ) from None
    # Go reports a process killed by a signal as exit status -1.
    code = completed.returncode if completed.returncode >= 0 else -1
    if code not in (config.valid_exit_codes or (0,)):
        raise InvalidExitCodeError(code, config.valid_exit_codes or (0,))


def _show(run: BuildRun, stream: str, line: str) -> None:
    # As Packer: trailing blanks go, and a carriage return hides what came before it.
    text = line.rstrip()
    text = text[text.rfind("\r") + 1 :]
    if stream == "stderr":
        run.ui.error(text)
    else:
        run.ui.message(text)


def _write_inline_script(
    run: BuildRun, config: ShellLocalConfig, commands: Sequence[str], context: RenderContext
) -> str:
    lines = [f"#!{config.inline_shebang}"] if config.inline_shebang else []
    lines += [_render(command, context) for command in commands]
    extension = config.tempfile_extension.lstrip(".")
    descriptor, path = tempfile.mkstemp(
        prefix="packer-shell", suffix=f".{extension}" if extension else "", dir=run.scratch_dir()
    )
    os.close(descriptor)
    # Written under the spawn lock: no other build thread forks while it is open.
    write_executable(path, "".join(line + "\n" for line in lines).encode("utf-8"))
    return path


def _render_context(run: BuildRun, data: Mapping[str, str]) -> RenderContext:
    return RenderContext.for_build(run, data)


def _render(text: str, context: RenderContext) -> str:
    """`text` as a Go template (as Packer renders inline commands and environment_vars)."""
    if "{{" not in text:
        return text
    try:
        return interpolate(text, context)
    except TemplateError as error:
        raise KilnError(str(error)) from None


def quote_single(value: str) -> str:
    """Make a value safe inside '...' (what env_var_format's default wraps it in)."""
    return value.replace("'", "'\"'\"'")


def go_sprintf(fmt: str, key: str, value: str) -> str:
    """Go's fmt.Sprintf(fmt, key, value) for the verbs env_var_format uses (%s, %v, %q, %%)."""
    out: list[str] = []
    args = [key, value]
    i = 0
    while i < len(fmt):
        char = fmt[i]
        if char != "%" or i + 1 >= len(fmt):
            out.append(char)
            i += 1
            continue
        verb = fmt[i + 1]
        i += 2
        if verb == "%":
            out.append("%")
        elif not args:
            out.append(f"%!{verb}(MISSING)")
        elif verb in "sv":
            out.append(args.pop(0))
        elif verb == "q":
            out.append(_go_quote(args.pop(0)))
        else:
            out.append(f"%!{verb}(string={args.pop(0)})")
    if args:
        out.append("%!(EXTRA " + ", ".join(f"string={a}" for a in args) + ")")
    return "".join(out)


def _go_quote(text: str) -> str:
    from kiln.hcl._goquote import go_quote  # noqa: PLC0415

    return go_quote(text)


# The names the `shell` provisioner imported before these were public.
_go_sprintf = go_sprintf
_quote_single = quote_single
