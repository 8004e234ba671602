"""`kiln.hcl`'s public names all resolve, and the whole path works end to end."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiln import hcl


@pytest.mark.parametrize("name", hcl.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(hcl, name) is not None


def test_all_lists_exactly_the_exports() -> None:
    assert sorted(hcl.__all__) == sorted(hcl._EXPORTS)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = hcl.no_such_thing  # type: ignore[attr-defined]


def test_importing_the_package_loads_no_engine_module() -> None:
    probe = (
        "import sys, kiln.hcl; print(sorted(m for m in sys.modules if m.startswith('kiln.hcl.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


def test_parse_evaluate_print_format() -> None:
    source = b'locals {\n  name = "kiln"\n  n    = 2\n}\nx = "${local.name}-${local.n * 2}"\n'
    body, diags = hcl.parse_config(source, "t.pkr.hcl")
    assert body is not None and not diags.has_errors
    scope = hcl.EvalContext(
        {"local": hcl.Value.object({"name": hcl.Value.string("kiln"), "n": hcl.Value.number(2)})},
        hcl.lookup_function,
    )
    value, diags = hcl.evaluate(body.attributes["x"].expr, scope)
    assert not diags
    assert hcl.format_value(value) == "kiln-4"
    assert hcl.format_source(b"a=1\nbb  =  2\n") == b"a  = 1\nbb = 2\n"


def test_errors_carry_go_hcl_positions() -> None:
    _, diags = hcl.parse_config(b"a = 1\na = 2\n", "t.pkr.hcl")
    assert [str(d) for d in diags] == [
        't.pkr.hcl:2,1-2: Attribute redefined; The argument "a" was already set at '
        "t.pkr.hcl:1,1-2. Each argument may be set only once."
    ]
