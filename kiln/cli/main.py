"""The `kiln` command line: global flags, dispatch, and error handling once.

Commands are looked up by name in `COMMANDS` and imported only when run, so
`kiln --help` and `kiln version` start fast. Whatever a command raises ends
here: a `KilnError` or HCL diagnostics become a clear message and exit 1; any
other exception is a bug, reported as one "internal error" line naming the
file that holds its traceback.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import logging
import os
import platform
import signal
import sys
from collections.abc import Mapping, Sequence
from typing import BinaryIO, NoReturn, TextIO

import click

from kiln.cli.command import HELP_NAMES, PackerCommand
from kiln.cli.invocation import Invocation
from kiln.errors import KilnError
from kiln.hcl.diagnostics import HCLError
from kiln.process import terminate_all
from kiln.ui.color import color_enabled
from kiln.ui.log import (
    LogSettings,
    configure_logging,
    get_logger,
    read_log_settings,
    record_internal_error,
)
from kiln.ui.output import Output
from kiln.version import PACKER_COMPAT_VERSION, __version__

log = get_logger(__name__)

#: name -> (module defining `COMMAND`, one-line synopsis for `kiln --help`).
#: A command appears here only once it works.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("kiln.cli.build", "Build image(s) from template"),
    "console": ("kiln.cli.console", "Creates a console for testing variable interpolation"),
    "fmt": ("kiln.cli.fmt", "Rewrites HCL2 config files to canonical format"),
    "hcl2_upgrade": ("kiln.cli.hcl2_upgrade", "Transforms a JSON template into HCL2 configuration"),
    "init": ("kiln.cli.init", "Checks that the plugins a template requires are provided"),
    "inspect": ("kiln.cli.inspect", "See components of a template"),
    "plugins": ("kiln.cli.plugins", "Interact with plugins"),
    "validate": ("kiln.cli.validate", "Check that a template is valid"),
    "version": ("kiln.cli.version", "Prints the Kiln version and the Packer version it follows"),
}

VERSION_FLAGS = ("-v", "-version", "--version")
MACHINE_READABLE_FLAGS = ("-machine-readable", "--machine-readable")

#: Packer's exit status for an unknown or missing command.
EXIT_UNKNOWN_COMMAND = 127


def loggable_arguments(argv: Sequence[str]) -> list[str]:
    """The arguments for the debug log, `-var` values hidden: whether one is sensitive
    is known only once the template is read, after this is logged."""
    shown: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            name, sep, _ = arg.partition("=")
            shown.append(f"{name}{sep}<hidden>" if sep else "<hidden>")
            hide_next = False
        elif arg.lstrip("-") == "var":
            shown.append(arg)
            hide_next = True
        elif arg.lstrip("-").startswith("var="):
            name, _, _ = arg.partition("=")[2].partition("=")
            shown.append(f"{arg.split('=', 1)[0]}={name}=<hidden>")
        else:
            shown.append(arg)
    return shown


def top_help() -> str:
    """`kiln --help`, laid out as `packer --help`."""
    width = max(len(name) for name in COMMANDS) + 4
    lines = [
        "Usage: kiln [--version] [--help] <command> [<args>]",
        "",
        "Available commands are:",
        *(f"    {name.ljust(width)}{synopsis}" for name, (_, synopsis) in sorted(COMMANDS.items())),
        "",
    ]
    return "\n".join(lines)


def take_global_flags(args: Sequence[str]) -> tuple[bool, list[str]]:
    """Remove `-machine-readable` from anywhere before `--`, as Packer does."""
    machine_readable = False
    rest: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            rest.extend(args[index:])
            break
        if arg in MACHINE_READABLE_FLAGS:
            machine_readable = True
        else:
            rest.append(arg)
    return machine_readable, rest


def run_cli(
    argv: Sequence[str],
    *,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    """Run one `kiln` invocation and return its exit status."""
    env = os.environ if environ is None else environ
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    settings = read_log_settings(env)
    configure_logging(settings)
    machine_readable, args = take_global_flags(argv)
    output = Output(out, err, machine_readable=machine_readable, color=color_enabled(out, env))
    source = sys.stdin.buffer if stdin is None else stdin
    invocation = Invocation(output, env, settings, machine_readable, source)
    log.info(
        "Kiln version: %s (Packer %s) [Python %s %s]",
        __version__,
        PACKER_COMPAT_VERSION,
        platform.python_version(),
        sys.platform,
    )
    log.debug("arguments: %s", loggable_arguments(argv))
    try:
        return _dispatch(args, invocation)
    except KilnError as error:
        log.debug("user error", exc_info=True)
        output.error(f"Error: {error}")
        return error.exit_code
    except HCLError as error:
        output.error("\n".join(d.render(error.sources) for d in error.diagnostics).rstrip("\n"))
        return 1
    except KeyboardInterrupt:
        output.error("Interrupted.")
        return 1
    except BrokenPipeError:
        # The reader went away (`kiln ... | head`); nothing more can be said.
        return 0
    except Exception as error:
        return _internal_error(error, settings, output, env)
    finally:
        terminate_all()


def _internal_error(
    error: Exception, settings: LogSettings, output: Output, env: Mapping[str, str]
) -> int:
    try:
        where = f" The traceback is in {record_internal_error(error, settings, env)}."
    except Exception:
        # The report of a bug must not itself crash.
        where = " No traceback could be written."
    output.error(
        f"kiln: internal error: {type(error).__name__}: {error}.{where} "
        "This is a bug in Kiln; please report it with that file."
    )
    return 1


def _dispatch(args: list[str], invocation: Invocation) -> int:
    output = invocation.output
    if not args or args[0] in HELP_NAMES:
        output.help(top_help())
        return 0 if args else EXIT_UNKNOWN_COMMAND
    if args[0] in VERSION_FLAGS:
        args = ["version", *args[1:]]
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        output.error(f'kiln: unknown command "{name}".{_suggestion(name)}\n')
        output.help(top_help(), after_error=True)
        return EXIT_UNKNOWN_COMMAND
    command: PackerCommand = importlib.import_module(COMMANDS[name][0]).COMMAND
    return _invoke(command, name, rest, invocation)


def _suggestion(name: str) -> str:
    close = difflib.get_close_matches(name, COMMANDS, n=1)
    return f' Did you mean "{close[0]}"?' if close else ""


def _invoke(command: PackerCommand, name: str, args: list[str], invocation: Invocation) -> int:
    try:
        result = command.main(args, prog_name=f"kiln {name}", obj=invocation, standalone_mode=False)
    except click.UsageError as error:
        invocation.output.error(f"Error: {error.format_message()}\n")
        invocation.output.help(command.get_help(click.Context(command)), after_error=True)
        return 1
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.Abort:
        invocation.output.error("Interrupted.")
        return 1
    return int(result) if isinstance(result, int) else 0


def _interrupt_on_sigterm(signum: int, frame: object) -> None:
    # SIGTERM gets the same orderly path as Ctrl-C: cleanups run, children die.
    raise KeyboardInterrupt


def main() -> NoReturn:
    """The console-script entry point."""
    signal.signal(signal.SIGTERM, _interrupt_on_sigterm)
    _leave(run_cli(sys.argv[1:]))


def _leave(code: int) -> NoReturn:
    """Flush what was written and exit at once, skipping the interpreter's teardown.

    After a build, tearing down every module and object (asyncssh's, the
    template's) costs 0.2 to 0.5 s, with nothing left to clean: `run_cli`
    has stopped every child process and closed every renderer and file.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    logging.shutdown()
    os._exit(code)
