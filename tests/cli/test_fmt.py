"""`kiln fmt` through the CLI, side by side with Packer 1.6.6's `packer fmt`.

Packer 1.6.6 lacks `-recursive` and `-`; those follow current Packer's
documented behaviour and are checked on their own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiln.hcl.parser import parse_config
from tests.conftest import KilnRunner
from tests.hcl.fmt.current_packer import REALIGNED_COMMENTS, as_current_packer

UNFORMATTED = {
    "main.pkr.hcl": 'source "null" "a" {\ncommunicator="none"\n  x = [1,2]\n}\n',
    "vars.pkrvars.hcl": 'region="eu"\nsize = 1\n',
    "tidy.pkr.hcl": "locals {\n  a = 1\n}\n",
    "notes.txt": "a=1\n",
    ".hidden.pkr.hcl": "a=1\n",
    "backup.pkr.hcl~": "a=1\n",
}


def _tree(root: Path) -> Path:
    root.mkdir()
    for name, text in UNFORMATTED.items():
        (root / name).write_text(text)
    (root / "nested").mkdir()
    (root / "nested" / "inner.pkr.hcl").write_text("b=2\n")
    return root


def _snapshot(root: Path) -> dict[str, str]:
    # Hidden files are left out: Packer 1.6.6 formats them, current Packer skips them.
    return {
        str(path.relative_to(root)): path.read_text()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def _packer_fmt(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["packer", "fmt", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.backend("packer")
def test_directory_is_formatted_as_packer_formats_it(kiln: KilnRunner, tmp_path: Path) -> None:
    ours = _tree(tmp_path / "ours")
    theirs = _tree(tmp_path / "theirs")

    result = kiln("fmt", "ours", cwd=tmp_path)
    reference = _packer_fmt("theirs", cwd=tmp_path)

    assert (result.exit_code, reference.returncode) == (0, 0)
    assert _snapshot(ours) == _snapshot(theirs)
    assert sorted(result.stdout.split()) == ["ours/main.pkr.hcl", "ours/vars.pkrvars.hcl"]
    assert (ours / ".hidden.pkr.hcl").read_text() == "a=1\n"
    assert (ours / "nested" / "inner.pkr.hcl").read_text() == "b=2\n"


@pytest.mark.backend("packer")
def test_check_exits_3_and_writes_nothing(kiln: KilnRunner, tmp_path: Path) -> None:
    ours = _tree(tmp_path / "ours")
    before = _snapshot(ours)

    result = kiln("fmt", "-check", "ours", cwd=tmp_path)
    reference = _packer_fmt("-check", str(_tree(tmp_path / "theirs")), cwd=tmp_path)

    assert result.exit_code == reference.returncode == 3
    assert _snapshot(ours) == before
    assert sorted(result.stdout.split()) == ["ours/main.pkr.hcl", "ours/vars.pkrvars.hcl"]
    assert kiln("fmt", "-check", "ours/tidy.pkr.hcl", cwd=tmp_path).exit_code == 0


@pytest.mark.backend("packer")
def test_diff_matches_packer(kiln: KilnRunner, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "main.pkr.hcl").write_text(UNFORMATTED["main.pkr.hcl"])

    result = kiln("fmt", "-diff", "-write=false", "main.pkr.hcl", cwd=work)
    reference = _packer_fmt("-diff", "-write=false", "main.pkr.hcl", cwd=work)

    assert result.exit_code == reference.returncode == 0
    assert result.stdout == reference.stdout
    assert (work / "main.pkr.hcl").read_text() == UNFORMATTED["main.pkr.hcl"]


def test_recursive_descends_into_subdirectories(kiln: KilnRunner, tmp_path: Path) -> None:
    ours = _tree(tmp_path / "ours")

    result = kiln("fmt", "-recursive", "ours", cwd=tmp_path)

    assert result.exit_code == 0
    assert "ours/nested/inner.pkr.hcl" in result.stdout.split()
    assert (ours / "nested" / "inner.pkr.hcl").read_text() == "b = 2\n"


def test_stdin_is_formatted_to_stdout(kiln: KilnRunner) -> None:
    result = kiln("fmt", "-", input='x=1\nlonger="y"\n')

    assert result.exit_code == 0
    assert result.stdout == 'x      = 1\nlonger = "y"\n'


def test_file_keeps_its_permissions(kiln: KilnRunner, tmp_path: Path) -> None:
    template = tmp_path / "t.pkr.hcl"
    template.write_text("a=1\n")
    template.chmod(0o600)

    assert kiln("fmt", "t.pkr.hcl").exit_code == 0
    assert template.read_text() == "a = 1\n"
    assert template.stat().st_mode & 0o777 == 0o600
    assert [name for name in os.listdir(tmp_path) if name != "state"] == ["t.pkr.hcl"]


def test_invalid_template_gives_positioned_error_and_other_files_still_formatted(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    (tmp_path / "bad.pkr.hcl").write_text("a = 1\nb = \n")
    (tmp_path / "good.pkr.hcl").write_text("c=3\n")

    result = kiln("fmt", ".")

    assert result.exit_code == 1
    assert "Error: Invalid expression" in result.stderr
    assert "on bad.pkr.hcl line 2:" in result.stderr
    assert "Traceback" not in result.output
    assert (tmp_path / "bad.pkr.hcl").read_text() == "a = 1\nb = \n"
    assert (tmp_path / "good.pkr.hcl").read_text() == "c = 3\n"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("template.json", "file template.json is not a HCL file"),
        ("missing.pkr.hcl", "failed to open missing.pkr.hcl: no such file or directory"),
    ],
)
def test_unusable_paths_are_reported(
    kiln: KilnRunner, tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "template.json").write_text("{}")

    result = kiln("fmt", name)

    assert result.exit_code == 1
    assert f"Error: encountered an error while formatting {name}" in result.stderr
    assert message in result.stderr


def test_without_a_path_is_a_usage_error(kiln: KilnRunner) -> None:
    result = kiln("fmt")

    assert result.exit_code == 1
    assert "Usage: kiln fmt" in result.stderr


def test_golden_corpus_whole_process(kiln: KilnRunner, tmp_path: Path) -> None:
    """Every formatter golden (made by `packer fmt`, tests/hcl/fmt) through the real CLI."""
    cases = Path(__file__).resolve().parents[1] / "hcl" / "fmt" / "cases"
    # Some goldens are of inputs that are not valid HCL (hclwrite formats them
    # anyway); `fmt` refuses those, as `packer fmt` does.
    inputs = [
        source
        for source in sorted(cases.glob("*.pkr.hcl"))
        if not parse_config(source.read_bytes(), source.name)[1].has_errors
    ]
    assert len(inputs) > 300
    for source in inputs:
        shutil.copy(source, tmp_path / source.name)

    result = kiln("fmt", ".")

    assert result.exit_code == 0, result.stderr
    for source in inputs:
        expected = source.with_name(source.name.removesuffix(".pkr.hcl") + ".golden")
        got, want = (tmp_path / source.name).read_bytes(), as_current_packer(expected.read_bytes())
        if source.name.removesuffix(".pkr.hcl") in REALIGNED_COMMENTS:
            got, want = got.replace(b" ", b""), want.replace(b" ", b"")
        assert got == want, source.name
    assert kiln("fmt", "-check", ".").exit_code == 0
