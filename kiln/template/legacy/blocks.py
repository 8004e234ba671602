"""A legacy JSON template's component, as a `ComponentBlock` the build engine decodes.

Decoding follows Packer's three steps for JSON templates, on the positioned
JSON object so every problem points into the `.json` file:

1. render the configuration's strings with the `{{ }}` engine
   (`interpolation`), in what one build knows: user variables, `build_name`,
   `build_type`, the template's path; `env` is not allowed; provisioners and
   post-processors see the build's values through `{{ build `KEY` }}` and
   `{{ .KEY }}`, builders never do;
2. convert values as Packer's weak decoder does (`weak_types`);
3. decode the result as an HCL JSON body (strings literal, no `${}`) against
   the component's config class with `decode_config`, so that diagnostics
   are the same as for HCL2 templates (Unsupported argument, Missing
   required argument, the class's own checks).

Rendering happens on each decode, from the configuration as written: at
validate time `{{ build `KEY` }}` (and `{{ .KEY }}`) are left as written
wherever they appear, and `decode_for_run(values)` renders them with the
build's values. Keys the component renders itself later (`execute_command`
with `{{ .Path }}`...) are never rendered here.

Why not a body whose expressions render lazily? Packer renders first and
decodes after; doing the same on a copy of the JSON tree keeps the decoder,
JSON bodies and the evaluator untouched, and makes `{{ }}` and weak typing
two plain functions of a JSON value.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kiln.hcl.diagnostics import Diagnostic
from kiln.hcl.eval import EvalContext
from kiln.hcl.json_syntax import JSONBody, JSONObject
from kiln.template.components import ComponentBlock
from kiln.template.context import BUILD_RUNTIME_NAMES
from kiln.template.legacy.functions import RenderContext
from kiln.template.legacy.interpolation import render_object, rules_for
from kiln.template.legacy.weak_types import weakly_typed
from kiln.version import PACKER_COMPAT_VERSION

if TYPE_CHECKING:
    from kiln.components.config import Config

__all__ = ["BuildFacts", "LegacyComponentBlock", "hidden_keys"]


@dataclass(frozen=True)
class BuildFacts:
    """What the templates of one build's components can see."""

    build_name: str
    build_type: str
    user_variables: Mapping[str, str]
    template_path: str
    working_directory: str
    init_time: datetime
    #: The `build` values provisioners and post-processors may use.
    build_value_names: tuple[str, ...] = BUILD_RUNTIME_NAMES

    def placeholders(self) -> dict[str, str]:
        """Validate-time `build` values: each call kept as written."""
        return {name: "{{ build `" + name + "` }}" for name in self.build_value_names}


def hidden_keys(node: JSONObject, meta: frozenset[str]) -> frozenset[str]:
    """Keys the component does not see: Packer's meta keys, `_comments` and `packer_*`."""
    own = {p.name for p in node.properties if p.name.startswith(("_", "packer_"))}
    return meta | own


@dataclass
class LegacyComponentBlock(ComponentBlock):
    """A builder, provisioner or post-processor of a legacy JSON template.

    `source` is its configuration as written (a provisioner's `override` for
    this build already applied), `hidden` the keys that are not options.
    `context` is None: JSON templates have no HCL expressions.
    """

    source: JSONObject = field(kw_only=True)
    hidden: frozenset[str] = field(kw_only=True)
    facts: BuildFacts = field(kw_only=True)

    @property
    def sees_build_values(self) -> bool:
        """Provisioners and post-processors run once the build has values; builders do not."""
        from kiln.components.registry import Kind  # noqa: PLC0415

        return self.kind is not Kind.BUILDER

    def decode(self, ctx: EvalContext | None = None) -> Config | None:
        """Decode at validate time (`ctx` is unused: there are no HCL expressions).

        Run-time values (`{{ build `ID` }}`) are left as written.
        """
        return self._decode(self.facts.placeholders())

    def decode_for_run(self, build_values: Mapping[str, str]) -> Config | None:
        """Decode with the build's values known (the build engine's call)."""
        return self._decode(build_values)

    def _decode(self, build_values: Mapping[str, str]) -> Config | None:
        from kiln.components.decode import decode_config  # noqa: PLC0415 - loads types

        config_class = self.component_class().config_class
        rules = rules_for(self.kind, self.type)
        ctx = self._render_context(build_values, resource_names=rules.resource_names)
        rendered, diagnostics = render_object(self.source, ctx, rules)
        typed, found = weakly_typed(config_class, rendered, self.hidden)
        diagnostics.extend(found)
        body = JSONBody(typed, self.hidden)
        decoded = decode_config(config_class, body, None, where=self.range)
        # A value weak typing could not convert fails decoding too: report it once.
        converted = {str(d.subject) for d in found}
        diagnostics.extend(
            _reworded(d) for d in decoded.diagnostics if str(d.subject) not in converted
        )
        self.diagnostics = diagnostics
        return None if diagnostics.has_errors else decoded.config

    def _render_context(
        self, build_values: Mapping[str, str], *, resource_names: bool
    ) -> RenderContext:
        facts = self.facts
        values: Mapping[str, Any] | None = build_values if self.sees_build_values else None
        return RenderContext(
            data=values,
            user_variables=facts.user_variables,
            build_name=facts.build_name,
            build_type=facts.build_type,
            template_path=facts.template_path,
            packer_version=PACKER_COMPAT_VERSION,
            init_time=facts.init_time,
            build_values=values,
            working_directory=facts.working_directory or os.getcwd(),
            resource_names=resource_names,
        )


_EXTRANEOUS = "Extraneous JSON object property"
_NO_ARGUMENT = re.compile(r'No argument or block type is named ("(?:[^"\\]|\\.)*")\.(.*)', re.S)


def _reworded(diagnostic: Diagnostic) -> Diagnostic:
    """A key the component does not have, worded as for HCL2 templates."""
    match = _NO_ARGUMENT.fullmatch(diagnostic.detail)
    if diagnostic.summary != _EXTRANEOUS or match is None:
        return diagnostic
    name, hint = match.groups()
    return dataclasses.replace(
        diagnostic,
        summary="Unsupported argument",
        detail=f"An argument named {name} is not expected here.{hint}",
    )
