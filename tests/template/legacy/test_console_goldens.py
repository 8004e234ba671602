"""Kiln's `{{ }}` engine against Packer 1.6.6's `packer console`, expression by expression.

The goldens (goldens/console.json, made by make_goldens.py) hold what Packer
printed for each expression, with the template's variables as user
variables and no build data, the same context built here through
`load_legacy_template`. Time functions are rendered at the second Packer ran;
those that show sub-second digits or random ones are compared by shape.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiln.template.legacy.functions import RenderContext
from kiln.template.legacy.gotemplate import TemplateError
from kiln.template.legacy.render import interpolate
from kiln.template.legacy.template import load_legacy_template

GOLDENS = json.loads((Path(__file__).parent / "goldens" / "console.json").read_text())
CASES = GOLDENS["cases"]


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> tuple[RenderContext, Path]:
    """The context `packer console` renders in, for the goldens' template."""
    directory = tmp_path_factory.mktemp("console")
    path = directory / "template.json"
    path.write_text(json.dumps(GOLDENS["template"]))
    template = load_legacy_template(path, [], [], GOLDENS["environment"])
    ctx = RenderContext(
        user_variables=template.user_variables,
        template_path=str(path),
        working_directory=str(directory),
    )
    return ctx, directory


def _shape(text: str) -> str:
    return re.sub(r"[0-9a-f]+", "x", text)


def _render(case: dict[str, Any], ctx: RenderContext) -> tuple[str, str]:
    # Packer's clock had sub-second digits: give ours some for the shape checks.
    stamp = datetime.fromtimestamp(int(case["timestamp"]) + 0.123456, UTC)
    ctx = RenderContext(**{**ctx.__dict__, "init_time": stamp})
    try:
        return "output", interpolate(case["expression"], ctx)
    except TemplateError as error:
        return "error", error.message


@pytest.mark.parametrize("case", CASES, ids=[c["expression"] for c in CASES])
def test_expression_renders_as_packer_console(
    case: dict[str, Any], console: tuple[RenderContext, Path]
) -> None:
    ctx, directory = console
    kind, result = _render(case, ctx)
    result = result.replace(str(directory), "<DIR>")
    expected_kind = "error" if "error" in case else "output"
    assert kind == expected_kind, result
    if case.get("shape_only"):
        assert _shape(result) == _shape(case[kind])
    else:
        assert result == case[kind]


def test_error_positions_point_into_the_expression() -> None:
    with pytest.raises(TemplateError) as raised:
        interpolate("first line\nsecond {{ upper 1 }}", RenderContext())
    assert raised.value.message.startswith('template: root:2:16: executing "root" at <1>')
    assert (raised.value.line, raised.value.column) == (2, 17)


def test_build_values_can_be_left_for_the_build_or_given() -> None:
    from kiln.template.legacy.functions import DEFER_BUILD  # noqa: PLC0415

    later = RenderContext(build_values=DEFER_BUILD)
    assert interpolate("id={{ build `ID` }}", later) == "id={{ build `ID` }}"
    now = RenderContext(build_values={"ID": "i-123"})
    assert interpolate(interpolate("id={{ build `ID` }}", later), now) == "id=i-123"


def test_fields_of_typed_data_are_errors_when_unknown() -> None:
    data = RenderContext(data={"Path": "/tmp/x", "Vars": "A=1"}, data_type="*shell.Template")
    assert interpolate("{{ .Vars }} {{ .Path }}", data) == "A=1 /tmp/x"
    with pytest.raises(TemplateError) as raised:
        interpolate("{{ .Nope }}", data)
    assert raised.value.reason == "can't evaluate field Nope in type *shell.Template"


def test_env_is_allowed_only_while_variables_are_interpolated() -> None:
    variables = RenderContext(enable_env=True, environ={"A": "x"}, user_variables={})
    assert interpolate('{{ env "A" }}{{ env "B" }}', variables) == "x"
    with pytest.raises(TemplateError, match="env vars are not allowed here"):
        interpolate('{{ env "A" }}', RenderContext(environ={"A": "x"}))


def test_clean_resource_name_exists_for_builders_that_name_resources() -> None:
    ctx = RenderContext(resource_names=True)
    assert interpolate('{{ clean_resource_name "My Image_1.0" }}', ctx) == "my-image-1-0"
