"""`validate -only/-except` naming nothing: current Packer's warnings.

Current Packer (hashicorp/packer#11050, hcl2template GetBuilds) warns when fewer builds match
than `-only` patterns were given, and when `-except` patterns excluded fewer
builds and post-processors than were given; the run still succeeds. Legacy
JSON templates and `-syntax-only` get no such warning.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import KilnRunner

TEMPLATE = """\
source "file" "a" {
  target  = "a.txt"
  content = "x"
}
source "file" "b" {
  target  = "b.txt"
  content = "x"
}
build {
  name    = "named"
  sources = ["file.a", "file.b"]
  post-processor "manifest" {}
  post-processor "checksum" {
    name = "sums"
  }
}
"""

NAMES = "Possible build names: [named.file.a named.file.b].\n"
GLOB = "These could also be matched with a glob pattern like: 'happycloud.*'\n"
ONLY = "Warning: an 'only' option was passed, but not all matches were found for the given build.\n"
EXCEPT = "Warning: an 'except' option was passed, but did not match any build.\n"
VALID = "The configuration is valid.\n"


def _validate(kiln: KilnRunner, tmp_path: Path, *flags: str) -> tuple[int, str, str]:
    (tmp_path / "main.pkr.hcl").write_text(TEMPLATE)
    result = kiln("validate", *flags, "main.pkr.hcl")
    return result.exit_code, result.stdout, result.stderr


def test_only_matching_nothing_warns_and_lists_build_names(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    assert _validate(kiln, tmp_path, "-only=nope") == (0, ONLY + "\n" + NAMES + GLOB + VALID, "")


def test_except_matching_nothing_warns(kiln: KilnRunner, tmp_path: Path) -> None:
    assert _validate(kiln, tmp_path, "-except=nope") == (
        0,
        EXCEPT + "\n" + NAMES + GLOB + VALID,
        "",
    )


def test_matching_filters_say_nothing(kiln: KilnRunner, tmp_path: Path) -> None:
    for flag in ("-only=named.*", "-only=named.file.a", "-except=named.file.b"):
        assert _validate(kiln, tmp_path, flag) == (0, VALID, ""), flag


def test_except_naming_a_post_processor_counts_as_a_match(kiln: KilnRunner, tmp_path: Path) -> None:
    # By its name, or by its type when it has none (Packer's test_except_manifest).
    assert _validate(kiln, tmp_path, "-except=sums") == (0, VALID, "")
    assert _validate(kiln, tmp_path, "-except=manifest") == (0, VALID, "")


def test_more_only_patterns_than_matched_builds_warn(kiln: KilnRunner, tmp_path: Path) -> None:
    code, stdout, _ = _validate(kiln, tmp_path, "-only=named.file.a,nope")
    assert (code, stdout.startswith(ONLY)) == (0, True)


def test_syntax_only_checks_no_filters(kiln: KilnRunner, tmp_path: Path) -> None:
    assert _validate(kiln, tmp_path, "-syntax-only", "-only=nope") == (
        0,
        "Syntax-only check passed. Everything looks okay.\n",
        "",
    )
