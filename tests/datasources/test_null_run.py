"""The `null` data source run by `kiln build` and `kiln validate -evaluate-datasources`.

Its output reaches the manifest post-processor's `custom_data`, which is how
the test reads what the template saw. (Packer 1.6.6 has no data sources;
these follow current Packer.)
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import KilnRunner
from tests.postprocessors.run_support import build, write_files

BUILD = """
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  post-processor "manifest" {
    strip_time  = true
    custom_data = { out = local.shown }
  }
}
"""


def test_output_is_the_input(tmp_path: Path) -> None:
    text = """
variable "word" {
  default = "hello"
}
data "null" "first" {
  input = "${var.word} world"
}
data "null" "second" {
  input = upper(data.null.first.output)
}
locals {
  shown = "${data.null.first.output} / ${data.null.second.output}"
}
"""
    write_files(tmp_path, {"t.pkr.hcl": text + BUILD})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    custom = ran.manifest()["builds"][0]["custom_data"]
    assert custom == {"out": "hello world / HELLO WORLD"}


def test_validate_evaluates_it_when_asked(kiln: KilnRunner, tmp_path: Path) -> None:
    text = 'data "null" "n" {\n  input = "x"\n}\nlocals {\n  shown = data.null.n.output\n}\n'
    write_files(tmp_path, {"t.pkr.hcl": text + BUILD})
    for args in (("validate",), ("validate", "-evaluate-datasources")):
        result = kiln(*args, "t.pkr.hcl")
        assert result.exit_code == 0, result.output
        assert "The configuration is valid." in result.output


def test_empty_input_is_an_error(kiln: KilnRunner, tmp_path: Path) -> None:
    text = 'data "null" "n" {\n  input = ""\n}\nlocals {\n  shown = data.null.n.output\n}\n'
    write_files(tmp_path, {"t.pkr.hcl": text + BUILD})
    result = kiln("build", "t.pkr.hcl")
    assert result.exit_code == 1
    assert "The `input` must be specified" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "packer-manifest.json").exists()
