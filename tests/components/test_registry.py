"""Every built-in component is found by its Packer type name through its entry point."""

from __future__ import annotations

import pytest

from kiln.components.base import Builder, DataSource, PostProcessor, Provisioner
from kiln.components.config import Config
from kiln.components.registry import Kind, UnknownComponentError, available, component, exists

BUILT_IN = {
    Kind.BUILDER: ["docker", "file", "null"],
    Kind.PROVISIONER: ["breakpoint", "file", "shell", "shell-local", "sleep"],
    Kind.POST_PROCESSOR: ["artifice", "checksum", "compress", "manifest", "shell-local"],
    Kind.DATASOURCE: ["http", "null"],
}
BASES = {
    Kind.BUILDER: Builder,
    Kind.PROVISIONER: Provisioner,
    Kind.POST_PROCESSOR: PostProcessor,
    Kind.DATASOURCE: DataSource,
}


@pytest.mark.parametrize("kind", list(Kind))
def test_every_built_in_is_available(kind: Kind) -> None:
    assert set(BUILT_IN[kind]) <= set(available(kind))


@pytest.mark.parametrize(
    ("kind", "name"), [(kind, name) for kind, names in BUILT_IN.items() for name in names]
)
def test_each_name_loads_a_component_of_its_kind(kind: Kind, name: str) -> None:
    assert exists(kind, name)
    loaded = component(kind, name)
    assert issubclass(loaded, BASES[kind])
    assert loaded.kind is kind
    assert issubclass(loaded.config_class, Config)
    assert loaded.config_class.options(), f"{name} declares no options"
    for info in loaded.config_class.options():
        assert info.spec.doc, f"{name}: option {info.name} has no doc"


def test_data_sources_declare_what_they_produce() -> None:
    assert set(component(Kind.DATASOURCE, "null").output_type.attributes) == {"output"}
    assert set(component(Kind.DATASOURCE, "http").output_type.attributes) == {
        "url",
        "body",
        "request_headers",
        "response_headers",
        "status_code",
    }


def test_same_name_in_two_kinds_is_two_components() -> None:
    provisioner = component(Kind.PROVISIONER, "shell-local")
    post_processor = component(Kind.POST_PROCESSOR, "shell-local")
    assert provisioner is not post_processor
    assert post_processor.config_class.option_named("keep_input_artifact") is not None
    assert provisioner.config_class.option_named("keep_input_artifact") is None


def test_an_unknown_name_lists_the_known_ones() -> None:
    assert not exists(Kind.PROVISIONER, "ansible")
    with pytest.raises(UnknownComponentError) as raised:
        component(Kind.PROVISIONER, "ansible")
    error = raised.value
    assert (error.kind, error.name) == (Kind.PROVISIONER, "ansible")
    assert error.message == 'Unknown provisioner type "ansible"'
    known = ", ".join(available(Kind.PROVISIONER))
    assert f"Known provisioner types: {known}." in (error.hint or "")
    assert "breakpoint" in known
    assert "shell-local" in known


def test_builders_are_called_sources_in_the_message() -> None:
    with pytest.raises(UnknownComponentError) as raised:
        component(Kind.BUILDER, "openstack")
    assert raised.value.message == 'Unknown source type "openstack"'
    known = ", ".join(available(Kind.BUILDER))
    assert f"Known source types: {known}." in (raised.value.hint or "")
    assert {"file", "null"} <= set(known.split(", "))
