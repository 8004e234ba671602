"""`kiln console`: evaluate HCL2 expressions, as `packer console` does.

With a TEMPLATE, `var.*`, `local.*`, `data.*`, `path.*` and
`packer.version` are available: the template's data sources run first, as
current Packer's console runs them (one that fails is a warning on stderr,
and its value is unknown). Lines are read from stdin:
piped, problems are shown as they come and only the last result is printed
(exit status 1 if any line failed); on a terminal, a `> ` prompt with history
and tab completion prints every result. `help`, `variables` and `exit` work
as in Packer.

A legacy JSON TEMPLATE (`*.json`) gets Packer's JSON-mode console instead,
where lines are `{{ }}` Go templates (`kiln.template.legacy.console`). So
does no TEMPLATE at all, as in Packer, unless `-config-type=hcl2`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from kiln.cli.command import Flag, FlagKind, PackerCommand
from kiln.cli.invocation import Invocation
from kiln.cli.validate import VAR_FLAGS, load_checked, render_diagnostics

if TYPE_CHECKING:
    from kiln.hcl.diagnostics import Diagnostics
    from kiln.hcl.eval import EvalContext
    from kiln.template.loader import Template

CONSOLE_HELP = """\
Kiln console (HCL2).
Type an HCL2 expression and press <enter> to see its value; the variables,
locals and functions of the template the console was started with can be
used, for example: upper(var.name)

"variables" lists the input and local variables and their values.
"exit" (or Control-D, Control-C) leaves the console.

Go template placeholders like "{{timestamp}}" are plain text in HCL2."""

INPUT_NAME = "<console-input>"


@dataclass
class ConsoleSession:
    """Evaluates console lines in one context."""

    context: EvalContext
    template: Template | None = None
    failed: bool = field(default=False)

    def handle(self, line: str) -> tuple[str | None, Diagnostics | None, bool]:
        """(text to print, problems, exit requested) for one input line."""
        line = line.strip()
        if not line:
            return None, None, False
        if line == "exit":
            return None, None, True
        if line == "help":
            return CONSOLE_HELP, None, False
        if line == "variables":
            return self._variables(), None, False
        return self._evaluate(line)

    def _evaluate(self, line: str) -> tuple[str | None, Diagnostics | None, bool]:
        from kiln.hcl.eval import evaluate_expression_text  # noqa: PLC0415
        from kiln.hcl.printer import format_value  # noqa: PLC0415

        value, diags = evaluate_expression_text(line, self.context, INPUT_NAME)
        if diags.has_errors:
            self.failed = True
            return None, diags, False
        return format_value(value.unmark_deep()[0]), diags or None, False

    def _variables(self) -> str:
        from kiln.cli.inspect import variables_section  # noqa: PLC0415

        if self.template is None:
            return "> input-variables:\n\n\n> local-variables:\n"
        return variables_section(self.template)

    def completions(self) -> list[str]:
        """Function names and variable references, for tab completion."""
        names = []
        if self.template is not None:
            names += [f"var.{name}" for name in self.template.variables]
            names += [f"local.{name}" for name in self.template.locals]
        names += ["path.root", "path.cwd", "packer.version"]
        functions = self.context.functions
        if functions is not None and not callable(functions):
            names += [f"{name}(" for name in functions]
        return sorted(names)


def _load_session(
    invocation: Invocation, var: list[str], var_file: list[str], path: str | None
) -> ConsoleSession:
    from kiln.template.context import template_context  # noqa: PLC0415

    if path is None:
        context = template_context(
            variables={}, local_values={}, data={}, root=".", cwd=os.getcwd()
        )
        return ConsoleSession(context)
    template = load_checked(
        invocation,
        path,
        var,
        var_file,
        check_components=False,
        require_values=False,
        warn_undeclared_var=False,
        evaluate_datasources=True,
        tolerate_datasource_failures=True,
    )
    warnings = template.warnings()
    if warnings:
        invocation.output.error(render_diagnostics(warnings, template.sources.files) + "\n")
    return ConsoleSession(template.evaluation_context(), template)


def _show_problems(invocation: Invocation, diags: Diagnostics) -> None:
    # As Packer: console input is not a file, so no line is quoted.
    marker = f"  on {INPUT_NAME} line 1:\n"
    rendered = "\n".join(d.render({}) for d in diags).replace(
        marker, marker + "  (source code not available)\n"
    )
    invocation.output.error(rendered.rstrip("\n") + "\n")


def run_piped(invocation: Invocation, session: ConsoleSession, lines: Iterator[str]) -> int:
    """Piped input: problems as they come, then the last result."""
    last = ""
    for line in lines:
        text, diags, leave = session.handle(line)
        if diags:
            _show_problems(invocation, diags)
        if leave:
            break
        if text is not None:
            last = text
    if last:
        invocation.output.say(last)
    return 1 if session.failed else 0


def run_interactive(
    invocation: Invocation, session: ConsoleSession, read: Callable[[str], str]
) -> int:
    """A `> ` prompt: every result printed; Control-D or `exit` leaves."""
    while True:
        try:
            line = read("> ")
        except EOFError:
            return 0
        except KeyboardInterrupt:
            return 0
        text, diags, leave = session.handle(line)
        if diags:
            _show_problems(invocation, diags)
        if leave:
            return 0
        if text is not None:
            invocation.output.say(text)


def _history_file(invocation: Invocation) -> str:
    state = invocation.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    return os.path.join(state, "kiln", "console_history")


def _readline_prompt(invocation: Invocation, candidates: list[str]) -> Callable[[str], str]:
    import readline  # noqa: PLC0415 - only for a terminal

    history = _history_file(invocation)
    with contextlib.suppress(OSError):
        readline.read_history_file(history)

    def complete(text: str, state: int) -> str | None:
        found = [c for c in candidates if c.startswith(text)]
        return found[state] if state < len(found) else None

    readline.set_completer_delims(" \t\n()[]{},+-*/%=<>!&|?:\"'")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")

    def read(prompt: str) -> str:
        line = input(prompt)
        try:
            os.makedirs(os.path.dirname(history), exist_ok=True)
            readline.append_history_file(1, history)
        except OSError:
            pass
        return line

    return read


CONFIG_TYPES = ("json", "hcl2")


def run_console(
    invocation: Invocation,
    *,
    var: list[str],
    var_file: list[str],
    config_type: str | None,
    paths: tuple[str, ...],
) -> int:
    """Start a console on the template (if any) and evaluate stdin's lines."""
    from kiln.errors import UsageError  # noqa: PLC0415

    if len(paths) > 1:
        raise UsageError("at most one TEMPLATE argument is expected")
    mode = config_type or "json"
    if mode not in CONFIG_TYPES:
        raise UsageError(f'-config-type must be json or hcl2; "{mode}" is neither')
    from kiln.template.anyformat import is_legacy_json  # noqa: PLC0415

    if paths and is_legacy_json(paths[0]):
        return _run_legacy_console(invocation, var, var_file, paths[0])
    if not paths and mode == "json":
        return _run_legacy_console(invocation, var, var_file, None)
    session = _load_session(invocation, var, var_file, paths[0] if paths else None)
    if invocation.stdin.isatty():
        prompt = _readline_prompt(invocation, session.completions())
        return run_interactive(invocation, session, prompt)
    return run_piped(invocation, session, _stdin_lines(invocation))


def _stdin_lines(invocation: Invocation) -> Iterator[str]:
    return (raw.decode("utf-8", errors="replace") for raw in invocation.stdin)


def _run_legacy_console(
    invocation: Invocation, var: list[str], var_file: list[str], path: str | None
) -> int:
    """Packer's JSON-mode console: each line a `{{ }}` template.

    Without a template (`path` None) there are only the command line's
    variables, and `{{template_dir}}` has no template to name.
    """
    from kiln.template.legacy import console  # noqa: PLC0415
    from kiln.template.legacy.plans import LegacyJSONTemplate  # noqa: PLC0415
    from kiln.template.legacy.template import LegacyTemplate  # noqa: PLC0415

    if path is None:
        legacy = LegacyTemplate(path="", source=b"")
    else:
        template = load_checked(
            invocation, path, var, var_file, check_components=False, require_values=False
        )
        assert isinstance(template, LegacyJSONTemplate) and template.legacy is not None
        legacy = template.legacy
    session, warning = console.start_console(legacy, var, var_file, invocation.environ)
    if warning is not None:
        invocation.output.error(warning + "\n")
    output = invocation.output
    if invocation.stdin.isatty():
        prompt = _readline_prompt(invocation, session.completions())
        return console.run_interactive(output, session, prompt)
    return console.run_piped(output, session, _stdin_lines(invocation))


COMMAND = PackerCommand(
    "console",
    usage="kiln console [options] [TEMPLATE]",
    description=(
        "Creates a console for testing variable interpolation.\n"
        "If a template is provided, this command will load the template and any\n"
        "variables defined therein into its context to be referenced during\n"
        "interpolation."
    ),
    flags=[
        *VAR_FLAGS,
        Flag(
            "config-type",
            "Without a TEMPLATE: json (the default) reads {{ }} templates,\n"
            + " " * 32
            + "hcl2 reads HCL2 expressions.",
            FlagKind.VALUE,
            display="-config-type=[json|hcl2]",
        ),
    ],
    callback=run_console,
    arguments=[click.Argument(["paths"], nargs=-1, metavar="[TEMPLATE]")],
)
