"""`kiln console TEMPLATE.json`: Packer's JSON-mode console.

Each input line is a Go template (`{{user `region`}}-{{timestamp}}`)
rendered with the template's user variables, as `packer console` does for
legacy JSON templates: no build data, `env` not allowed, the same clock for
every line. `variables` lists the user variables, `help` explains, `exit`
leaves a prompt.

Piped input behaves as Packer's: every line is read (`exit` too) and the
result of the last one is printed, even when it is empty; problems are shown
as they come, each as an `Interpolation error` whose detail is wrapped at 80
columns. Differences, in docs/compatibility.md: problems go to stderr labelled
`Error` with exit status 1 (Packer labels them `???????` on stdout and exits
0), and `variables` is sorted by name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiln.template.legacy.functions import PACKER_FUNCTIONS, RenderContext
from kiln.template.legacy.gotemplate import TemplateError
from kiln.template.legacy.render import interpolate
from kiln.template.legacy.variables import (
    VariableError,
    command_line_variables,
    resolve_variables,
)

if TYPE_CHECKING:
    from kiln.template.legacy.template import LegacyTemplate
    from kiln.ui.output import Output

__all__ = ["LegacyConsole", "Reply", "run_interactive", "run_piped", "start_console"]

CONSOLE_HELP = """\
Kiln console (legacy JSON template).
Type a Go template and press <enter> to see it rendered with the user
variables of the template the console was started with, for example:
{{user `name`}}-{{timestamp}}

"variables" lists the user variables and their values.
"exit" (or Control-D, Control-C) leaves the console.

HCL2 expressions are plain text here: start the console without a template,
or with an HCL2 one, to evaluate them."""

#: Where Packer's diagnostic writer wraps a problem's detail.
WRAP_COLUMNS = 80


@dataclass(frozen=True)
class Reply:
    """What one input line gave: text to print, a problem, or a request to leave."""

    text: str = ""
    problem: str | None = None
    leave: bool = False


@dataclass
class LegacyConsole:
    """Renders console lines in the context of one legacy JSON template."""

    context: RenderContext
    user_variables: dict[str, str] = field(default_factory=dict)
    failed: bool = False

    def handle(self, line: str) -> Reply:
        """The reply to one input line (surrounding blanks ignored)."""
        line = line.strip()
        if not line:
            return Reply()
        if line == "exit":
            return Reply(leave=True)
        if line == "help":
            return Reply(CONSOLE_HELP)
        if line == "variables":
            return Reply(self.variables())
        try:
            return Reply(interpolate(line, self.context))
        except TemplateError as error:
            self.failed = True
            return Reply(problem=interpolation_error(error.message))

    def variables(self) -> str:
        """Packer's listing: a blank line, then a `name: value,` line per variable."""
        rows = (f"{name}: {value},\n" for name, value in sorted(self.user_variables.items()))
        return "\n" + "".join(rows)

    def completions(self) -> list[str]:
        """Function names and quoted user variable names, for tab completion.

        Braces are word separators for the completer, so after `{{` a
        function name is completed, and after `user ` a variable's name.
        """
        names = [f"`{name}`" for name in self.user_variables if name]
        names += [*PACKER_FUNCTIONS, "help", "variables", "exit"]
        return sorted(names)


def start_console(
    legacy: LegacyTemplate,
    var_options: Iterable[str],
    var_files: Iterable[str],
    environ: Mapping[str, str],
) -> tuple[LegacyConsole, str | None]:
    """The console for `legacy`, and a warning when its variables cannot be resolved.

    As in Packer, variables that cannot all be resolved (a required one
    unset, a default that fails to render) leave the console without user
    variables; Kiln says why.
    """
    warning = None
    try:
        given = command_line_variables(list(var_options), list(var_files))
        declared = {name: variable.default for name, variable in legacy.variables.items()}
        values = resolve_variables(declared, given, environ, legacy.path)
    except VariableError as error:
        values = {}
        warning = (
            f"Warning: {error.summary}\n\n"
            "The console starts without user variables, as Packer's does."
        )
    cwd = os.getcwd()
    context = RenderContext(
        user_variables=values,
        environ=environ,
        template_path=os.path.abspath(legacy.path) if legacy.path else "",
        working_directory=cwd,
    )
    return LegacyConsole(context, values), warning


def interpolation_error(detail: str) -> str:
    """A rendering problem as Packer's console shows it (with Kiln's `Error` label)."""
    return f"Error: Interpolation error\n\n{wrap(detail, WRAP_COLUMNS)}\n"


def wrap(text: str, width: int) -> str:
    """`text` wrapped at `width` characters as Go's `wordwrap.WrapString` wraps it.

    Lines break at blanks (which are dropped there); a word longer than
    `width` is not broken; existing newlines are kept.
    """
    lines = text.split("\n")
    # As HCL's diagnostic writer: an indented line is left as it is.
    return "\n".join(line if line.startswith(" ") else _wrap_line(line, width) for line in lines)


def _wrap_line(line: str, width: int) -> str:
    out: list[str] = []
    column = 0
    spaces = word = ""
    for char in line:
        if char.isspace() and char != "\u00a0":
            if word or not spaces:
                out.append(spaces + word)
                column += len(spaces) + len(word)
                spaces = word = ""
            spaces += char
            continue
        word += char
        if column + len(spaces) + len(word) > width and len(word) < width:
            out.append("\n")
            column, spaces = 0, ""
    if word or column + len(spaces) <= width:
        out.append(spaces + word)
    return "".join(out)


def _say_result(output: Output, text: str) -> None:
    # Packer prints the piped result as a `message` (its machine-readable type).
    if output.machine_readable:
        output.record("", "ui", "message", text)
    else:
        output.say(text)


def run_piped(output: Output, console: LegacyConsole, lines: Iterable[str]) -> int:
    """Every line rendered; problems as they come, then the last line's result."""
    last = ""
    for line in lines:
        reply = console.handle(line)
        if reply.problem is not None:
            output.error(reply.problem)
        last = reply.text
    _say_result(output, last)
    return 1 if console.failed else 0


def run_interactive(output: Output, console: LegacyConsole, read: Callable[[str], str]) -> int:
    """A `> ` prompt printing every line's result; `exit`, Control-D or Control-C leaves."""
    while True:
        try:
            line = read("> ")
        except (EOFError, KeyboardInterrupt):
            return 0
        reply = console.handle(line)
        if reply.problem is not None:
            output.error(reply.problem)
        if reply.leave:
            return 0
        output.say(reply.text)
