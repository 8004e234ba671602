"""The `file` provisioner's options."""

from __future__ import annotations

from pathlib import Path

from kiln.hcl.types import STRING
from kiln.hcl.values import Value
from kiln.provisioners.file import FileProvisionerConfig
from tests.components.support import config_of, decode_hcl, decode_json, errors


def decode(body: str, variables: dict[str, Value] | None = None) -> list[str]:
    text = f'provisioner "file" {{\n{body}\n}}'
    return errors(decode_hcl(FileProvisionerConfig, text, variables))


def test_upload_of_an_existing_source(tmp_path: Path) -> None:
    source = tmp_path / "app.conf"
    source.write_text("x")
    text = f'provisioner "file" {{\n source = "{source}"\n destination = "/etc/app.conf"\n}}'
    config = config_of(decode_hcl(FileProvisionerConfig, text))
    assert config.direction == "upload"
    assert config.all_sources == [str(source)]
    assert config.generated is False


def test_content_needs_no_source() -> None:
    config = config_of(
        decode_hcl(
            FileProvisionerConfig,
            'provisioner "file" {\n content = "hi"\n destination = "/tmp/x"\n}',
        )
    )
    assert config.content == "hi"


def test_destination_is_required() -> None:
    assert decode('content = "x"') == [
        'Missing required argument; The argument "destination" is required, but no '
        "definition was found."
    ]
    assert decode('content = "x"\ndestination = ""') == ["Destination must be specified."]


def test_upload_sources_must_exist_unless_generated(tmp_path: Path) -> None:
    missing = tmp_path / "later.tar"
    assert decode(f'sources = ["{missing}"]\ndestination = "/tmp/"') == [
        f"Bad source '{missing}': stat {missing}: no such file or directory"
    ]
    assert decode(f'sources = ["{missing}"]\ndestination = "/tmp/"\ngenerated = true') == []


def test_download_sources_are_on_the_machine(tmp_path: Path) -> None:
    assert (
        decode(f'source = "/var/log/syslog"\ndestination = "{tmp_path}/"\ndirection = "download"')
        == []
    )


def test_direction_is_upload_or_download() -> None:
    assert decode('content = "x"\ndestination = "/tmp/x"\ndirection = "sideways"') == [
        "Direction must be one of: download, upload."
    ]


def test_sources_conflict_with_content(tmp_path: Path) -> None:
    source = tmp_path / "a"
    source.write_text("x")
    assert decode(f'source = "{source}"\ncontent = "x"\ndestination = "/tmp/a"') == [
        "source(s) conflicts with content."
    ]


def test_something_to_copy_is_required() -> None:
    assert decode('destination = "/tmp/a"') == [
        "One of source, sources or content must be specified."
    ]
    assert decode('destination = "/tmp/a"\ncontent = var.c', {"c": Value.unknown(STRING)}) == []


def test_json_template(tmp_path: Path) -> None:
    decoded = decode_json(
        FileProvisionerConfig,
        '{"sources": ["a", "b"], "destination": "/tmp/", "generated": true}',
    )
    assert config_of(decoded).all_sources == ["a", "b"]
