"""Packer's template functions (`user`, `env`, `isotime`, `build`...) and their context.

A `RenderContext` holds what the functions may see: user variables, the
environment (only while variables are interpolated, as in Packer), the
build's name and type, the template path, the time Kiln started, and the
values of `{{ build `KEY` }}`, which are known only once a build runs.
Each function declares its Go parameter types, so the renderer checks
arguments and counts them with Go's messages.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from kiln.hcl.gotime import RFC3339, go_format, strftime

if TYPE_CHECKING:
    from kiln.components.runtime import BuildRun

__all__ = [
    "DEFER_BUILD",
    "PACKER_FUNCTIONS",
    "FunctionError",
    "GoFunction",
    "RenderContext",
    "clean_resource_name",
]


class _DeferBuild:
    """Marker: leave `{{ build `KEY` }}` in the output, to render when the build runs."""

    def __repr__(self) -> str:
        return "DEFER_BUILD"


#: Pass as `RenderContext.build_values` to keep `build` calls for later.
DEFER_BUILD: Final = _DeferBuild()


@dataclass(frozen=True)
class RenderContext:
    """Everything a legacy template's functions and `.Fields` can read.

    `data` is what `.Name`, `.Path`, `.Vars`, `.HTTPIP`... look up; a
    missing key prints `<no value>` as Go does for a map, unless
    `data_type` names the Go struct it stands for, which makes it an error.
    `enable_env` is True only while `variables` are interpolated.
    """

    data: Mapping[str, Any] | None = None
    data_type: str | None = None
    user_variables: Mapping[str, str] | None = None
    enable_env: bool = False
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    build_name: str = ""
    build_type: str = ""
    template_path: str = ""
    packer_version: str = ""
    init_time: datetime = field(default_factory=lambda: datetime.now(UTC))
    build_values: Mapping[str, str] | _DeferBuild | None = None
    working_directory: str | None = None
    #: Builders that name cloud resources (googlecompute, azure) add clean_resource_name.
    resource_names: bool = False

    @classmethod
    def for_build(
        cls, run: BuildRun, data: Mapping[str, Any], data_type: str | None = None
    ) -> RenderContext:
        """What a component renders `{{ }}` with while its build runs: `data`, the
        build's name, type and `build.*` values, and the template's directory."""
        return cls(
            data=dict(data),
            data_type=data_type,
            build_name=run.name,
            build_type=run.builder_type,
            build_values=run.values,
            template_path=run.template_dir,
        )


class FunctionError(Exception):
    """A function failed; the renderer reports `error calling NAME: message`."""


@dataclass(frozen=True)
class GoFunction:
    """A function as Go's template engine sees it: parameter types and a body.

    Types are `string`, `int` or `interface {}` (any value). `call` receives
    the context, then the arguments.
    """

    params: tuple[str, ...]
    call: Callable[..., Any]
    variadic: str | None = None


def _user(ctx: RenderContext, name: str) -> str:
    if ctx.user_variables is None:
        raise FunctionError("test")
    if name not in ctx.user_variables:
        if ctx.enable_env:
            raise FunctionError(
                f"Error: variable not set: {name}: Please make sure that the variable you're "
                "referencing has been defined; Packer treats all variables used to interpolate "
                "other user variables as required."
            )
        return ""
    return ctx.user_variables[name]


def _env(ctx: RenderContext, name: str) -> str:
    if not ctx.enable_env:
        raise FunctionError("env vars are not allowed here")
    return ctx.environ.get(name, "")


def _isotime(ctx: RenderContext, *layout: str) -> str:
    if len(layout) > 1:
        raise FunctionError(f"too many values, 1 needed: [{' '.join(layout)}]")
    return go_format(ctx.init_time.astimezone(UTC), layout[0] if layout else RFC3339)


def _strftime(ctx: RenderContext, fmt: str) -> str:
    return strftime(ctx.init_time.astimezone(UTC), fmt)


def _timestamp(ctx: RenderContext) -> str:
    return str(int(ctx.init_time.timestamp()))


def _uuid(ctx: RenderContext) -> str:
    """A time-ordered UUID shaped as Packer's: 8-4-4-4-12 hex digits."""
    nanos = int(ctx.init_time.timestamp() * 1e9) + secrets.randbelow(1000)
    stamp = f"{nanos & (2**64 - 1):016x}"
    rest = secrets.token_hex(8)
    return f"{stamp[:8]}-{stamp[8:12]}-{stamp[12:16]}-{rest[:4]}-{rest[4:16]}"


def _available(value: str, what: str) -> str:
    if not value:
        raise FunctionError(f"{what} not available")
    return value


def _template_dir(ctx: RenderContext) -> str:
    if not ctx.template_path:
        raise FunctionError("template path not available")
    base = ctx.working_directory or os.getcwd()
    return os.path.dirname(os.path.abspath(os.path.join(base, ctx.template_path)))


def _build(ctx: RenderContext, key: str) -> str:
    values = ctx.build_values
    if isinstance(values, _DeferBuild):
        return "{{ build `" + key + "` }}"
    if values is None or key not in values:
        raise FunctionError(
            "Error validating build variable: the given variable "
            f"{key} will not be passed into your plugin."
        )
    return values[key]


def _split(ctx: RenderContext, text: str, sep: str, index: int) -> str:
    parts = _go_split(text, sep)
    if index < 0:
        raise FunctionError(f"runtime error: index out of range [{index}]")
    if len(parts) <= index:
        raise FunctionError(
            f"the substring {index} was unavailable using the separator value, {sep}, "
            f"only {len(parts)} values were found"
        )
    return parts[index]


def _go_split(text: str, sep: str) -> list[str]:
    """Go's strings.Split: an empty separator splits into characters."""
    if sep == "":
        return list(text)
    return text.split(sep)


def _replace(ctx: RenderContext, old: str, new: str, count: int, text: str) -> str:
    return text.replace(old, new, count if count >= 0 else -1)


def _replace_all(ctx: RenderContext, old: str, new: str, text: str) -> str:
    return text.replace(old, new)


def _sed(ctx: RenderContext, expression: str, text: str) -> str:
    raise FunctionError(
        "template function `sed` is deprecated use `replace` or `replace_all` "
        "instead.Documentation: https://www.packer.io/docs/templates/engine"
    )


def _unsupported(name: str) -> Callable[..., str]:
    def call(ctx: RenderContext, *args: str) -> str:
        raise FunctionError(f"{name} is not supported by Kiln in legacy JSON templates")

    return call


_NOT_RESOURCE_CHAR = re.compile(r"[^a-z0-9-]")


def clean_resource_name(text: str) -> str:
    """Lower-case, and every character a cloud resource name can't hold as `-`."""
    return _NOT_RESOURCE_CHAR.sub("-", text.lower())


S = "string"
I = "int"  # noqa: E741 - Go's type name

#: Packer's template functions by name.
PACKER_FUNCTIONS: dict[str, GoFunction] = {
    "build_name": GoFunction((), lambda ctx: _available(ctx.build_name, "build_name")),
    "build_type": GoFunction((), lambda ctx: _available(ctx.build_type, "build_type")),
    "env": GoFunction((S,), _env),
    "isotime": GoFunction((), _isotime, variadic=S),
    "strftime": GoFunction((S,), _strftime),
    "pwd": GoFunction((), lambda ctx: ctx.working_directory or os.getcwd()),
    "split": GoFunction((S, S, I), _split),
    "template_dir": GoFunction((), _template_dir),
    "timestamp": GoFunction((), _timestamp),
    "uuid": GoFunction((), _uuid),
    "user": GoFunction((S,), _user),
    "packer_version": GoFunction((), lambda ctx: _available(ctx.packer_version, "packer_version")),
    "consul_key": GoFunction((S,), _unsupported("consul_key")),
    "vault": GoFunction((S, S), _unsupported("vault")),
    "aws_secretsmanager": GoFunction((), _unsupported("aws_secretsmanager"), variadic=S),
    "sed": GoFunction((S, S), _sed),
    "build": GoFunction((S,), _build),
    "replace": GoFunction((S, S, I, S), _replace),
    "replace_all": GoFunction((S, S, S), _replace_all),
    "upper": GoFunction((S,), lambda ctx, text: text.upper()),
    "lower": GoFunction((S,), lambda ctx, text: text.lower()),
}

#: Added for builders that name cloud resources.
RESOURCE_NAME_FUNCTIONS: dict[str, GoFunction] = {
    "clean_resource_name": GoFunction((S,), lambda ctx, text: clean_resource_name(text)),
}


def functions_for(ctx: RenderContext) -> dict[str, GoFunction]:
    """The functions a template rendered in `ctx` can call."""
    if ctx.resource_names:
        return PACKER_FUNCTIONS | RESOURCE_NAME_FUNCTIONS
    return PACKER_FUNCTIONS
