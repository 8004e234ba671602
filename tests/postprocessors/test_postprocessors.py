"""The options of the `manifest`, `checksum`, `compress`, `artifice` and
`shell-local` post-processors."""

from __future__ import annotations

from kiln.hcl.types import STRING, ListType
from kiln.hcl.values import Value
from kiln.postprocessors.artifice import ArtificeConfig
from kiln.postprocessors.checksum import ChecksumConfig
from kiln.postprocessors.compress import CompressConfig
from kiln.postprocessors.manifest import ManifestConfig
from kiln.postprocessors.shell_local import ShellLocalPostProcessorConfig
from tests.components.support import config_of, decode_hcl, decode_json, errors, warnings


def test_manifest_defaults_and_options() -> None:
    default = config_of(decode_hcl(ManifestConfig, 'post-processor "manifest" {\n}'))
    assert default.output == "packer-manifest.json"
    # Unset custom_data is null in the manifest, `{}` is an empty object (as Packer's Go map).
    assert (default.strip_path, default.strip_time, default.custom_data) == (False, False, None)
    text = """post-processor "manifest" {
      output      = "out/manifest.json"
      strip_path  = true
      strip_time  = true
      custom_data = { version = "1.2", count = 3 }
    }"""
    config = config_of(decode_hcl(ManifestConfig, text))
    assert config.custom_data == {"version": "1.2", "count": "3"}


def test_manifest_custom_data_is_a_map_of_strings() -> None:
    decoded = decode_json(ManifestConfig, '{"custom_data": {"a": {"b": 1}}}')
    assert errors(decoded) == [
        'Incorrect attribute value type; Inappropriate value for attribute "custom_data": '
        'element "a": string required.'
    ]


def test_checksum_defaults() -> None:
    config = config_of(decode_hcl(ChecksumConfig, 'post-processor "checksum" {\n}'))
    assert config.checksum_types == ("md5",)
    assert config.output == "packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum"
    assert config.keep_input_artifact is None


def test_checksum_types_are_checked() -> None:
    text = 'post-processor "checksum" {\n checksum_types = ["sha256", "sha3", "crc"]\n}'
    assert errors(decode_hcl(ChecksumConfig, text)) == [
        "Unrecognized checksum type: sha3 (known: md5, sha1, sha224, sha256, sha384, sha512)",
        "Unrecognized checksum type: crc (known: md5, sha1, sha224, sha256, sha384, sha512)",
    ]
    every = '["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]'
    config = config_of(
        decode_hcl(ChecksumConfig, f'post-processor "checksum" {{\n checksum_types = {every}\n}}')
    )
    assert len(config.checksum_types) == 6


def test_checksum_types_unknown_are_not_judged() -> None:
    text = 'post-processor "checksum" {\n checksum_types = var.t\n}'
    decoded = decode_hcl(ChecksumConfig, text, {"t": Value.unknown(ListType(STRING))})
    assert config_of(decoded).unknown_options == frozenset({"checksum_types"})


def test_compress_defaults_and_options() -> None:
    default = config_of(decode_hcl(CompressConfig, 'post-processor "compress" {\n}'))
    assert default.output == "packer_{{.BuildName}}_{{.BuilderType}}"
    assert (default.compression_level, default.format) == (None, "")
    text = (
        'post-processor "compress" {\n output = "out.zip"\n compression_level = 9\n'
        ' keep_input_artifact = true\n format = "zip"\n}'
    )
    config = config_of(decode_hcl(CompressConfig, text))
    assert (config.output, config.compression_level, config.keep_input_artifact) == (
        "out.zip",
        9,
        True,
    )


def test_compress_level_is_checked() -> None:
    low = 'post-processor "compress" {\n compression_level = -5\n}'
    assert errors(decode_hcl(CompressConfig, low)) == [
        "Invalid compression level. Expected an integer from -1 to 9."
    ]
    high = decode_hcl(CompressConfig, 'post-processor "compress" {\n compression_level = 12\n}')
    assert high.config is not None
    assert warnings(high) == ["compression_level 12 is above 9; 9 is used."]


def test_compress_unknown_format_is_a_warning() -> None:
    decoded = decode_hcl(CompressConfig, 'post-processor "compress" {\n format = "rar"\n}')
    assert decoded.config is not None
    assert warnings(decoded) == [
        'format "rar" is not one of tar, zip, gz, tar.gz, tgz, bgzf, tar.bgzf, lz4, tar.lz4, '
        "xz, tar.xz, zst, tar.zst: a gzipped tar archive is made."
    ]


def test_artifice_needs_files() -> None:
    config = config_of(
        decode_hcl(ArtificeConfig, 'post-processor "artifice" {\n files = ["out/disk.img"]\n}')
    )
    assert config.files == ("out/disk.img",)
    assert errors(decode_hcl(ArtificeConfig, 'post-processor "artifice" {\n}')) == [
        'Missing required argument; The argument "files" is required, but no definition was found.'
    ]
    assert errors(decode_hcl(ArtificeConfig, 'post-processor "artifice" {\n files = []\n}')) == [
        "No files specified in artifice configuration"
    ]


def test_shell_local_post_processor_takes_the_provisioners_options() -> None:
    text = (
        'post-processor "shell-local" {\n inline = ["echo done"]\n only_on = ["linux"]\n'
        " keep_input_artifact = false\n}"
    )
    config = config_of(decode_hcl(ShellLocalPostProcessorConfig, text))
    assert config.inline == ("echo done",)
    assert config.keep_input_artifact is False
    assert errors(
        decode_hcl(ShellLocalPostProcessorConfig, 'post-processor "shell-local" {\n}')
    ) == ["Command, Inline, Script and Scripts options cannot all be empty."]


def test_keep_input_artifact_is_a_bool() -> None:
    decoded = decode_json(CompressConfig, '{"keep_input_artifact": "yes please"}')
    assert errors(decoded) == [
        "Incorrect attribute value type; Inappropriate value for attribute "
        '"keep_input_artifact": a bool is required.'
    ]
