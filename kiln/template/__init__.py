"""kiln.template: Packer's HCL2 template language on top of `kiln.hcl`.

Loading a template (`load_template`, or `load_any` which also recognises
legacy JSON templates) reads every file of a template, its variable values
from outside (`LoadOptions`), evaluates locals and data sources in
dependency order, reads the builds, and makes one `BuildPlan` per build and
source. Every problem found is collected in `Template.diagnostics`.

The build engine uses a plan's `ComponentBlock`s (`plan.builder`,
`plan.provisioners[i].block`, ...): `block.decode(ctx)` decodes a component's
config again in a context where the run-time `build.*` values are known
(`block.decode_for_run({"ID": ..., "Host": ...})`).

Modules, in loading order: `files` (finding and parsing), `packer_block`,
`variables` and `assignments`, `locals`, `datasources`, `graph`, `sources`,
`builds` (with `meta` for meta-arguments and `registry_block`), `dynamic`
(dynamic blocks), `plans`, `components`, `context`, `loader`, `anyformat`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiln.template.anyformat import is_legacy_json, load_any
    from kiln.template.components import ComponentBlock
    from kiln.template.context import with_build_values
    from kiln.template.loader import LoadOptions, Template, load_template
    from kiln.template.plans import BuildPlan, PostProcessorPlan, ProvisionerPlan

_EXPORTS = {
    "is_legacy_json": "kiln.template.anyformat",
    "load_any": "kiln.template.anyformat",
    "ComponentBlock": "kiln.template.components",
    "with_build_values": "kiln.template.context",
    "LoadOptions": "kiln.template.loader",
    "Template": "kiln.template.loader",
    "load_template": "kiln.template.loader",
    "BuildPlan": "kiln.template.plans",
    "PostProcessorPlan": "kiln.template.plans",
    "ProvisionerPlan": "kiln.template.plans",
}

__all__ = [
    "BuildPlan",
    "ComponentBlock",
    "LoadOptions",
    "PostProcessorPlan",
    "ProvisionerPlan",
    "Template",
    "is_legacy_json",
    "load_any",
    "load_template",
    "with_build_values",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is used."""
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'kiln.template' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
