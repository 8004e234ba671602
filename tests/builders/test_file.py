"""The `file` builder's options."""

from __future__ import annotations

from kiln.builders.file import FileConfig
from tests.components.support import config_of, decode_hcl, errors, warnings


def test_content() -> None:
    config = config_of(
        decode_hcl(FileConfig, 'source "file" "x" {\n target = "o"\n content = "hi"\n}')
    )
    assert (config.target, config.content, config.source) == ("o", "hi", "")


def test_target_is_required() -> None:
    assert errors(decode_hcl(FileConfig, 'source "file" "x" {\n content = "hi"\n}')) == [
        'Missing required argument; The argument "target" is required, but no definition was found.'
    ]


def test_source_and_content_exclude_each_other() -> None:
    text = 'source "file" "x" {\n target = "o"\n content = "hi"\n source = "in"\n}'
    assert errors(decode_hcl(FileConfig, text)) == ["Only one of source or content may be set."]


def test_neither_is_a_warning() -> None:
    decoded = decode_hcl(FileConfig, 'source "file" "x" {\n target = "o"\n}')
    assert decoded.config is not None
    assert warnings(decoded) == ["Both source and content are empty: the target will be empty."]


def test_target_may_not_be_empty() -> None:
    text = 'source "file" "x" {\n target = ""\n content = "hi"\n}'
    assert errors(decode_hcl(FileConfig, text)) == ["target required"]
