"""Small pieces of kiln.template checked directly: globs, version constraints,
dynamic blocks and run-time build values."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiln.template.context import with_build_values
from kiln.template.globs import matches_any
from kiln.template.loader import LoadOptions, load_template
from kiln.template.versions import satisfies


@pytest.mark.parametrize(
    ("name", "pattern", "expected"),
    [
        ("web.file.a", "web.*", True),
        ("web.file.a", "*.a", True),
        ("web.file.a", "file.?", False),
        ("file.b", "file.?", True),
        ("file.b", "{web,file}.[ab]", True),
        ("file.c", "file.[!c]", False),
    ],
)
def test_glob(name: str, pattern: str, expected: bool) -> None:
    assert matches_any(name, [pattern]) is expected


@pytest.mark.parametrize(
    ("constraint", "expected"),
    [
        (">= 1.7.0", True),
        ("< 1.0", False),
        ("~> 1.16", True),
        ("~> 1.15.0", False),
        (">= 1.2, != 1.16.0", False),
        ("1.16.0", True),
    ],
)
def test_required_version(constraint: str, expected: bool) -> None:
    assert satisfies("1.16.0", constraint) is expected


def test_plans_decode_again_with_build_values(tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text(
        'source "file" "a" {\n  target = "a.txt"\n  content = "id=${build.ID}"\n}\n'
        'build {\n  sources = ["file.a"]\n  dynamic "provisioner" {\n'
        '    for_each = ["one", "two"]\n    labels = ["shell-local"]\n'
        '    content {\n      inline = ["echo ${provisioner.value} ${build.Host}"]\n    }\n  }\n}\n'
    )
    template = load_template(str(tmp_path / "t.pkr.hcl"), LoadOptions())
    assert not template.has_errors, template.diagnostics
    (plan,) = template.plans
    assert plan.name == "file.a"
    assert "content" in plan.builder.config.unknown_options  # type: ignore[union-attr]
    known = with_build_values(plan.context, {"ID": "42", "Host": "h"})
    assert plan.builder.decode(known).content == "id=42"  # type: ignore[union-attr]
    second = plan.provisioners[1].block.decode(known)
    assert second.inline == ("echo two h",)  # type: ignore[union-attr]
