"""What template expressions can refer to, in each place.

- Everywhere: `var.*`, `local.*`, `data.TYPE.NAME`, `path.root`, `path.cwd`,
  `packer.version`, and Packer's functions.
- Inside a build (sources, provisioners, post-processors): also
  `source.name`, `source.type`, `build.name`, and the run-time `build.*`
  values (`build.ID`, `build.Host`, `build.SSHPrivateKey`, ...), which are
  unknown until the build runs: `with_build_values` gives the context again
  with them known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kiln.hcl.eval import EvalContext
from kiln.hcl.types import STRING
from kiln.hcl.values import Value
from kiln.version import PACKER_COMPAT_VERSION

#: The `build.*` values a builder provides once its machine is up.
BUILD_RUNTIME_NAMES = (
    "ID",
    "Host",
    "Port",
    "User",
    "Password",
    "ConnType",
    "PackerRunUUID",
    "PackerHTTPAddr",
    "PackerHTTPIP",
    "PackerHTTPPort",
    "SSHPublicKey",
    "SSHPrivateKey",
    "WinRMPassword",
)


def template_context(
    *,
    variables: Mapping[str, Value],
    local_values: Mapping[str, Value],
    data: Mapping[str, Mapping[str, Value]],
    root: str,
    cwd: str,
) -> EvalContext:
    """The context of variables, locals and data sources."""
    from kiln.hcl.functions import functions_for  # noqa: PLC0415 - a large table

    return EvalContext(
        {
            "var": Value.object(dict(variables)),
            "local": Value.object(dict(local_values)),
            "data": Value.object({kind: Value.object(dict(named)) for kind, named in data.items()}),
            "path": Value.object({"root": Value.string(root), "cwd": Value.string(cwd)}),
            "packer": Value.object(
                {
                    "version": Value.string(PACKER_COMPAT_VERSION),
                    # Set by HCP Packer during a build; unknown otherwise (as Packer).
                    "iterationID": Value.unknown(STRING),
                    "versionFingerprint": Value.unknown(STRING),
                }
            ),
        },
        functions_for(root),
    )


def build_context(
    base: EvalContext,
    *,
    build_name: str,
    source_type: str,
    source_name: str,
    generated: Iterable[str] = (),
) -> EvalContext:
    """The context inside a build, for one of its sources (run-time values unknown)."""
    names = dict.fromkeys((*BUILD_RUNTIME_NAMES, *generated), Value.unknown(STRING))
    build = Value.object({"name": Value.string(build_name), **names})
    source = Value.object({"name": Value.string(source_name), "type": Value.string(source_type)})
    return base.new_child({"build": build, "source": source})


def with_build_values(ctx: EvalContext, values: Mapping[str, str]) -> EvalContext:
    """`ctx` (from `build_context`) with the run-time `build.*` values known."""
    assert ctx.variables is not None, "expected a context made by build_context"
    build = ctx.variables["build"]
    known = dict(build.items())
    known.update({name: Value.string(text) for name, text in values.items()})
    variables = {**ctx.variables, "build": Value.object(known)}
    return EvalContext(variables, ctx.functions, ctx.parent)
