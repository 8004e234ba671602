"""User variables of legacy JSON templates: command-line values and resolution.

Values come from the template's defaults, `-var-file` files and `-var`
flags (`-var` wins, then later files over earlier ones). Defaults are then
interpolated in sorted order, over as many passes as it takes, with `env`
allowed and `user` reading variables already resolved; `{{ .Field }}`
placeholders are kept for later, as Packer keeps them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from kiln.errors import KilnError
from kiln.template.legacy.functions import RenderContext
from kiln.template.legacy.gotemplate import TemplateError
from kiln.template.legacy.render import interpolate

__all__ = ["VariableError", "command_line_variables", "resolve_variables"]

_PLACEHOLDER = re.compile(r"{{(\s|)\.(.*?)(\s|)}}")
_USES_USER = re.compile(r"{{\s*user\s*`.*`\s*}}")
_MAX_PASSES = 100


class VariableError(KilnError):
    """A variable cannot be given a value; `name` is the variable concerned."""

    def __init__(self, summary: str, name: str = "") -> None:
        super().__init__(summary)
        self.summary = summary
        self.name = name


def command_line_variables(var_args: Sequence[str], var_files: Sequence[str]) -> dict[str, str]:
    """`-var-file` values, then `-var` values over them."""
    values: dict[str, str] = {}
    for path in var_files:
        values.update(_read_var_file(path))
    for arg in var_args:
        name, sep, value = arg.partition("=")
        if not sep:
            raise VariableError(
                f"invalid value \"{arg}\" for flag -var: No '=' value in arg: {arg}"
            )
        values[name] = value
    return values


def _read_var_file(path: str) -> dict[str, str]:
    try:
        with open(path, encoding="utf-8") as stream:
            content = json.load(stream)
    except OSError as error:
        raise VariableError(f"open {path}: {(error.strerror or str(error)).lower()}") from None
    except ValueError as error:
        raise VariableError(f"Error reading variables in '{path}': {error}") from None
    if not isinstance(content, dict):
        kind = "array" if isinstance(content, list) else type(content).__name__
        raise VariableError(
            f"Error reading variables in '{path}': json: cannot unmarshal {kind} "
            "into Go value of type kvflag.FlagJSON"
        )
    for value in content.values():
        if not isinstance(value, str):
            kind = "number" if isinstance(value, int | float) else type(value).__name__
            raise VariableError(
                f"Error reading variables in '{path}': json: cannot unmarshal {kind} "
                "into Go value of type string"
            )
    return content


def resolve_variables(
    declared: Mapping[str, str | None],
    given: Mapping[str, str],
    environ: Mapping[str, str],
    template_path: str = "",
) -> dict[str, str]:
    """Every user variable's value: given ones as they are, defaults interpolated.

    `declared` maps a variable to its default, None when it is required.
    """
    missing = sorted(name for name, default in declared.items() if default is None)
    missing = [name for name in missing if name not in given]
    if missing:
        raise VariableError(f"required variable not set: {missing[0]}", missing[0])
    raw = {name: default or "" for name, default in declared.items()} | dict(given)
    resolved = dict(given)
    pending = sorted(raw)
    failure: tuple[str, TemplateError] | None = None
    for _ in range(_MAX_PASSES):
        retry = changed = False
        finished: list[str] = []
        for name in pending:
            ctx = RenderContext(
                user_variables=resolved,
                enable_env=True,
                environ=environ,
                template_path=template_path,
            )
            try:
                resolved[name] = _render_keeping_placeholders(raw[name], ctx)
            except TemplateError as error:
                if "variable not set" not in error.reason:
                    raise VariableError(f"Failed to interpolate {name}: {error}", name) from None
                retry, failure = True, (name, error)
                continue
            changed = True
            if _USES_USER.search(raw[name]):
                retry = True
            else:
                finished.append(name)
        if not retry:
            break
        pending = [name for name in pending if name not in finished]
    if failure is not None and retry and not changed:
        failed, reason = failure
        detail = f'"{failed}": "{raw[failed]}"; error: {reason}'
        raise VariableError(f"Failed to interpolate {detail}", failed)
    return resolved


def _render_keeping_placeholders(text: str, ctx: RenderContext) -> str:
    """Render, leaving `{{ .Field }}` for the component that knows the field."""
    protected = _PLACEHOLDER.sub(lambda m: "{{`" + m.group(0) + "`}}", text)
    return interpolate(protected, ctx)
