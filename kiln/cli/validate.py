"""`kiln validate`: check a template as `packer validate` does.

Every problem of every file and every build is reported in one run, each
with its file and line. Component blocks are decoded against their config
classes with the run-time `build.*` values unknown; data sources are not
run unless `-evaluate-datasources` is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from kiln.cli.command import Flag, FlagKind, PackerCommand
from kiln.cli.invocation import Invocation
from kiln.errors import UsageError

if TYPE_CHECKING:
    from kiln.hcl.diagnostics import Diagnostic
    from kiln.template.loader import Template

#: `-var` and `-var-file`, shared by the commands that load templates.
VAR_FLAGS = [
    Flag(
        "var",
        "Variable for templates, can be used multiple times.",
        FlagKind.REPEATED,
        display="-var 'key=value'",
    ),
    Flag(
        "var-file",
        "JSON or HCL2 file containing user variables, can be used multiple times.",
        FlagKind.REPEATED,
        display="-var-file=path",
    ),
]

SYNTAX_ONLY_PASSED = "Syntax-only check passed. Everything looks okay."
VALID = "The configuration is valid."


def render_diagnostics(diagnostics: Sequence[Diagnostic], sources: dict[str, bytes]) -> str:
    """Diagnostics in Packer's layout, quoting their source lines."""
    return "\n".join(d.render(sources) for d in diagnostics).rstrip("\n")


def one_template(paths: tuple[str, ...]) -> str:
    """The single TEMPLATE argument (a usage error otherwise)."""
    if len(paths) != 1:
        raise UsageError("exactly one TEMPLATE argument is expected")
    return paths[0]


def load_checked(
    invocation: Invocation, path: str, var: list[str], var_file: list[str], **settings: Any
) -> Template:
    """Load the template at `path` with the `-var`/`-var-file` values, the
    environment's `PKR_VAR_*` and the other `LoadOptions` `settings`; its
    errors are raised."""
    from kiln.template.anyformat import is_legacy_json, load_any  # noqa: PLC0415 - heavy
    from kiln.template.loader import LoadOptions  # noqa: PLC0415

    options = LoadOptions(
        var_options=var, var_files=var_file, environ=invocation.environ, **settings
    )
    template = load_any(path, options, stdin=invocation.stdin)
    if template.has_errors:
        raise template.error()
    if not options.syntax_only and not is_legacy_json(path):
        template.diagnostics.extend(unmatched_filters(template, options.only, options.except_))
    return template


GLOB_HINT = "These could also be matched with a glob pattern like: 'happycloud.*'"


def unmatched_filters(template: Template, only: list[str], except_: list[str]) -> list[Diagnostic]:
    """Current Packer's warnings when `-only`/`-except` match fewer builds than
    patterns were given (HCL2 templates; post-processors `-except` drops count)."""
    from kiln.hcl.diagnostics import Diagnostic  # noqa: PLC0415
    from kiln.template.globs import matches_any  # noqa: PLC0415
    from kiln.template.plans import build_name  # noqa: PLC0415

    names: list[str] = []
    only_matches = except_matches = 0
    for build in template.builds:
        for use in build.sources:
            name = build_name(build, use)
            names.append(name)
            if only:
                if not matches_any(name, only):
                    continue
                only_matches += 1
            if except_ and matches_any(name, except_):
                except_matches += 1
                continue
            for chain in build.post_processors:
                for block in chain:
                    if block.runs_for(use) and matches_any(block.name or block.type, except_):
                        except_matches += 1
                        break
    detail = f"Possible build names: [{' '.join(names)}].\n{GLOB_HINT}"
    found = []
    if len(only) > only_matches:
        summary = "an 'only' option was passed, but not all matches were found for the given build."
        found.append(Diagnostic.warning(summary, detail))
    if len(except_) > except_matches:
        summary = "an 'except' option was passed, but did not match any build."
        found.append(Diagnostic.warning(summary, detail))
    return found


def run_validate(
    invocation: Invocation,
    *,
    syntax_only: bool,
    evaluate_datasources: bool,
    no_warn_undeclared_var: bool,
    only: list[str],
    var: list[str],
    var_file: list[str],
    paths: tuple[str, ...],
    **excluded: list[str],
) -> int:
    """Load and check the template; print problems or Packer's success line."""
    template = load_checked(
        invocation,
        one_template(paths),
        var,
        var_file,
        only=only,
        except_=excluded["except"],
        syntax_only=syntax_only,
        evaluate_datasources=evaluate_datasources,
        warn_undeclared_var=not no_warn_undeclared_var,
    )
    warnings = template.warnings()
    if warnings:
        invocation.output.say(render_diagnostics(warnings, template.sources.files))
    invocation.output.say(SYNTAX_ONLY_PASSED if syntax_only else VALID)
    return 0


COMMAND = PackerCommand(
    "validate",
    usage="kiln validate [options] TEMPLATE",
    description=(
        "Checks the template is valid by parsing the template and also\n"
        "checking the configuration with the various builders, provisioners, etc.\n"
        "\n"
        "If it is not valid, the errors will be shown and the command will exit\n"
        "with a non-zero exit status. If it is valid, it will exit with a zero\n"
        "exit status."
    ),
    flags=[
        Flag("syntax-only", "Only check syntax. Do not verify config of the template."),
        Flag(
            "evaluate-datasources",
            "Evaluate data sources during validation (HCL2 only, may incur\n"
            + " " * 32
            + "costs); default: false.",
        ),
        Flag(
            "except",
            "Validate all builds other than these.",
            FlagKind.LIST,
            display="-except=foo,bar,baz",
        ),
        Flag("only", "Validate only these builds.", FlagKind.LIST, display="-only=foo,bar,baz"),
        Flag(
            "no-warn-undeclared-var",
            "Disable warnings for user variable files containing\n"
            + " " * 32
            + "undeclared variables.",
        ),
        *VAR_FLAGS,
    ],
    callback=run_validate,
    arguments=[click.Argument(["paths"], nargs=-1, metavar="TEMPLATE")],
)
