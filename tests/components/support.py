"""Decoding real template text into component configs, for the component tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from kiln.components.config import Config
from kiln.components.decode import Decoded, decode_config
from kiln.hcl.body import NativeBody
from kiln.hcl.eval import EvalContext
from kiln.hcl.json_syntax import parse_json_config
from kiln.hcl.parser import parse_config
from kiln.hcl.values import Value

C = TypeVar("C", bound=Config)


def decode_hcl(
    config_class: type[C], text: str, variables: Mapping[str, Value] | None = None
) -> Decoded[C]:
    """Decode the body of the one block in `text` (e.g. `provisioner "shell" {...}`).

    `variables` become `var.NAME`.
    """
    body, diagnostics = parse_config(text.encode(), "test.pkr.hcl")
    assert body is not None and not diagnostics.has_errors, diagnostics
    (block,) = body.blocks
    ctx = EvalContext({"var": Value.object(dict(variables))}) if variables else None
    return decode_config(config_class, NativeBody(block.body), ctx)


def decode_json(config_class: type[C], text: str) -> Decoded[C]:
    """Decode a JSON object (a legacy template's component, without its "type")."""
    body, diagnostics = parse_json_config(text.encode(), "test.pkr.json")
    assert body is not None and not diagnostics.has_errors, diagnostics
    return decode_config(config_class, body, EvalContext({}))


def config_of(decoded: Decoded[C]) -> C:
    """The config of a decoding that had no errors."""
    assert decoded.config is not None, [str(d) for d in decoded.diagnostics]
    return decoded.config


def errors(decoded: Decoded[C]) -> list[str]:
    """Each error as "Summary; Detail" (no position)."""
    return [_text(d.summary, d.detail) for d in decoded.diagnostics.errors()]


def warnings(decoded: Decoded[C]) -> list[str]:
    """Each warning as "Summary; Detail"."""
    return [
        _text(d.summary, d.detail)
        for d in decoded.diagnostics
        if d not in decoded.diagnostics.errors()
    ]


def _text(summary: str, detail: str) -> str:
    return f"{summary}; {detail}" if detail else summary
