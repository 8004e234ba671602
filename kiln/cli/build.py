"""`kiln build`: run every build of a template, as `packer build` does.

Loads the template (data sources run), starts the builds in parallel and
shows them through the renderers the flags choose. Ctrl-C or SIGTERM
cancels: every build stops at its next safe point and cleans up; a second
Ctrl-C only says that cleanup is under way. Exit status 1 when any build
failed or the run was cancelled.
"""

from __future__ import annotations

import contextlib
import io
import signal
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from kiln.cli.command import Flag, FlagKind, PackerCommand
from kiln.cli.invocation import Invocation
from kiln.cli.validate import VAR_FLAGS, load_checked, one_template, render_diagnostics
from kiln.errors import UsageError

if TYPE_CHECKING:
    from kiln.core.run import Run

ON_ERROR_MODES = ("cleanup", "abort", "ask", "run-cleanup-provisioner")


def run_build(
    invocation: Invocation,
    *,
    paths: tuple[str, ...],
    var: list[str],
    var_file: list[str],
    only: list[str],
    parallel_builds: str | None,
    on_error: str | None,
    debug: bool,
    force: bool,
    color: bool,
    timestamp_ui: bool,
    warn_on_undeclared_var: bool,
    events_json: str | None,
    machine_readable: bool,
    **excluded: list[str],
) -> int:
    """Load the template and run its builds (`-machine-readable` was applied globally)."""
    from kiln.core.run import Run, RunOptions  # noqa: PLC0415 - heavy, only when run
    from kiln.ui.build_output import OutputChoice, make_renderers  # noqa: PLC0415
    from kiln.ui.events import EventBus  # noqa: PLC0415

    mode = on_error or "cleanup"
    if mode not in ON_ERROR_MODES:
        raise UsageError(
            f'-on-error must be one of {", ".join(ON_ERROR_MODES)}; "{mode}" is not one of them'
        )
    limit = _parallel_builds(parallel_builds)
    path = one_template(paths)
    template = load_checked(
        invocation,
        path,
        var,
        var_file,
        only=only,
        except_=excluded["except"],
        evaluate_datasources=True,
        warn_undeclared_var=warn_on_undeclared_var,
    )
    output = invocation.output
    warnings = template.warnings()
    if warnings:
        output.say(render_diagnostics(warnings, template.sources.files))
    choice = OutputChoice(
        stdout=output.stdout,
        stderr=output.stderr,
        stdin=io.TextIOWrapper(invocation.stdin, encoding="utf-8", errors="replace"),
        machine_readable=invocation.machine_readable,
        color=output.color and color,
        timestamp_ui=timestamp_ui,
        events_json=events_json,
        debug=debug,
        environ=invocation.environ,
        interrupted=lambda: run.cancelled,  # `run` exists before any question is asked
    )
    renderers, prompter = make_renderers(choice)
    bus = EventBus(renderers)
    bus.prompter = prompter
    options = RunOptions(
        parallel_builds=limit,
        on_error=mode,
        debug=debug,
        force=force,
        template_dir=template.root,
    )
    run = Run(template.plans, options, bus)
    try:
        with _cancel_on_signals(run, bus):
            result = run.execute()
    finally:
        bus.close()
    return 1 if result.failed else 0


def _parallel_builds(text: str | None) -> int:
    if text is None or text == "":
        return 0
    try:
        value = int(text, 0)
    except ValueError:
        raise UsageError(f'invalid value "{text}" for flag -parallel-builds: parse error') from None
    return max(value, 0)


@contextlib.contextmanager
def _cancel_on_signals(run: Run, bus: Any) -> Iterator[None]:
    """SIGINT/SIGTERM cancel the run (once); later ones say cleanup is under way."""
    from kiln.ui.events import EventType  # noqa: PLC0415

    def handler(signum: int, frame: object) -> None:
        if run.cancelled:
            bus.emit(EventType.ERROR, "", "Cleanup is in progress, please wait...")
            return
        name = "interrupt" if signum == signal.SIGINT else "terminated"
        bus.emit(EventType.ERROR, "", f"Cancelling build after receiving {name}")
        run.cancel()

    if threading.current_thread() is not threading.main_thread():
        yield  # signals can only be caught in the main thread (tests calling run_cli)
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


COMMAND = PackerCommand(
    "build",
    usage="kiln build [options] TEMPLATE",
    description=(
        "Will execute multiple builds in parallel as defined in the template.\n"
        "The various artifacts created by the template will be outputted."
    ),
    flags=[
        Flag("color", "If false, disable color output. (Default: color)", default=True),
        Flag("debug", "Debug mode enabled for builds."),
        Flag(
            "except",
            "Run all builds and post-processors other than these.",
            FlagKind.LIST,
            display="-except=foo,bar,baz",
        ),
        Flag(
            "only", "Build only the specified builds.", FlagKind.LIST, display="-only=foo,bar,baz"
        ),
        Flag("force", "Force a build to continue if artifacts exist, deletes existing artifacts."),
        Flag("machine-readable", "Produce machine-readable output."),
        Flag(
            "on-error",
            "If the build fails do: clean up (default), abort, ask, or\n"
            + " " * 32
            + "run-cleanup-provisioner.",
            FlagKind.VALUE,
            display="-on-error=[cleanup|abort|ask|run-cleanup-provisioner]",
        ),
        Flag(
            "parallel-builds",
            "Number of builds to run in parallel. 1 disables parallelization.\n"
            + " " * 32
            + "0 means no limit (Default: 0)",
            FlagKind.VALUE,
            display="-parallel-builds=0",
        ),
        Flag("timestamp-ui", "Enable prefixing of each ui output with an RFC3339 timestamp."),
        *VAR_FLAGS,
        Flag(
            "warn-on-undeclared-var",
            "Display warnings for user variable files containing undeclared variables.",
        ),
        Flag(
            "events-json",
            "Write every build event as one JSON object per line to FILE (- for stdout).",
            FlagKind.VALUE,
            display="-events-json=FILE",
        ),
    ],
    callback=run_build,
    arguments=[click.Argument(["paths"], nargs=-1, metavar="TEMPLATE")],
)
