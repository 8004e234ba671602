"""Registering the strings of sensitive values so that no output shows them."""

from __future__ import annotations

from kiln.hcl.values import Value
from kiln.ui.redact import register_secret


def register_sensitive(value: Value) -> None:
    """Register every known string inside `value` as a secret."""
    if value.contains_marked():
        value = value.unmark_deep()[0]
    if not value.is_known or value.is_null:
        return
    kind = value.type
    if kind.is_primitive():
        register_secret(_text(value))
    elif kind.is_list() or kind.is_set() or kind.is_tuple():
        for item in value.elements():
            register_sensitive(item)
    elif kind.is_map() or kind.is_object():
        for _, item in value.items():
            register_sensitive(item)


def _text(value: Value) -> str:
    from kiln.hcl.convert import convert  # noqa: PLC0415
    from kiln.hcl.types import STRING  # noqa: PLC0415

    return convert(value, STRING).as_str()
