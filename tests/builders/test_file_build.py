"""The `file` builder through the real `kiln build`, checked against `packer build` 1.6.6."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.provisioners.build_support import build, in_dir, kiln_build, side_by_side

pytestmark = pytest.mark.backend("packer")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def template(source: str, *provisioners: str) -> dict[str, str]:
    body = "\n".join(provisioners)
    return {
        "t.pkr.hcl": f"""
source "file" "f" {{
{source}
}}
build {{
  sources = ["source.file.f"]
{body}
}}
"""
    }


def test_content_is_written_with_its_directories(tmp_path: Path) -> None:
    files = template('  content = "hello\\nworld\\n"\n  target = "out/sub/a.txt"')
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        target = ran.cwd / "out/sub/a.txt"
        assert target.read_text() == "hello\nworld\n"
        assert mode(target) == 0o600
        assert mode(ran.cwd / "out/sub") == 0o755
        assert "--> file.f: Stored file: out/sub/a.txt" in ran.output
    assert sorted(os.listdir(kiln.cwd / "out/sub")) == ["a.txt"]


def test_empty_content_makes_an_empty_file(tmp_path: Path) -> None:
    kiln, packer = side_by_side(tmp_path, template('  target = "empty.txt"'), "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    assert (kiln.cwd / "empty.txt").read_bytes() == (packer.cwd / "empty.txt").read_bytes() == b""


def test_source_is_copied_with_packers_messages(tmp_path: Path) -> None:
    files = template('  source = "in.txt"\n  target = "out/b.txt"')
    files["in.txt"] = "copied bytes\n"
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    assert (
        kiln.lines("file.f")
        == packer.lines("file.f")
        == [
            "==> file.f: Copying in.txt to out/b.txt",
            "==> file.f: Copied 13 bytes",
        ]
    )
    for ran in (kiln, packer):
        assert (ran.cwd / "out/b.txt").read_text() == "copied bytes\n"
        assert "--> file.f: Stored file: out/b.txt" in ran.output
    assert mode(kiln.cwd / "out/b.txt") == mode(packer.cwd / "out/b.txt") == 0o666 & ~_umask()


def test_an_existing_target_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    files = template('  content = "new\\n"\n  target = "t.txt"')
    files["t.txt"] = "old content, longer than the new\n"
    ran = {}
    for tool in ("kiln", "packer"):
        directory = in_dir(tmp_path, tool, files)
        (directory / "t.txt").chmod(0o640)
        ran[tool] = build(tool, directory, "t.pkr.hcl")
    assert ran["kiln"].exit_code == ran["packer"].exit_code == 0, ran["kiln"].output
    for tool in ("kiln", "packer"):
        assert (tmp_path / tool / "t.txt").read_text() == "new\n"
        assert mode(tmp_path / tool / "t.txt") == 0o640


def test_kiln_replaces_the_target_atomically(tmp_path: Path) -> None:
    # A reader holding the old file keeps reading the old content: the new
    # file was renamed over it, not written into it.
    files = template('  content = "new\\n"\n  target = "t.txt"')
    files["t.txt"] = "old\n"
    directory = in_dir(tmp_path, "kiln", files)
    with open(directory / "t.txt") as old:
        ran = build("kiln", directory, "t.pkr.hcl")
        assert ran.exit_code == 0, ran.output
        assert old.read() == "old\n"
    assert (directory / "t.txt").read_text() == "new\n"
    assert sorted(os.listdir(directory)) == ["t.pkr.hcl", "t.txt", "tmp"]


def test_a_symlink_target_is_written_through(tmp_path: Path) -> None:
    files = template('  content = "new\\n"\n  target = "t.txt"')
    files["real.txt"] = "old\n"
    for tool in ("kiln", "packer"):
        (in_dir(tmp_path, tool, files) / "t.txt").symlink_to("real.txt")
        ran = build(tool, tmp_path / tool, "t.pkr.hcl")
        assert ran.exit_code == 0, ran.output
        assert (tmp_path / tool / "t.txt").is_symlink()
        assert (tmp_path / tool / "real.txt").read_text() == "new\n"


def test_a_missing_source_fails_as_packer_says(tmp_path: Path) -> None:
    files = template('  source = "nosuch.txt"\n  target = "out.txt"')
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    for ran in (kiln, packer):
        assert "file.f: open nosuch.txt: no such file or directory" in ran.output
        assert not (ran.cwd / "out.txt").exists()
    assert "Traceback" not in kiln.output


def test_a_directory_target_fails_as_packer_says(tmp_path: Path) -> None:
    files = template('  content = "x"\n  target = "out/d"')
    files["out/d/keep"] = ""
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    for ran in (kiln, packer):
        assert "file.f: open out/d: is a directory" in ran.output
    assert sorted(os.listdir(kiln.cwd / "out/d")) == ["keep"]


def test_a_target_directory_that_cannot_be_made_fails_clearly(tmp_path: Path) -> None:
    files = template('  content = "x"\n  target = "blocker/a.txt"')
    files["blocker"] = "a file where a directory should be"
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    assert "file.f: mkdir blocker: not a directory" in kiln.output
    assert "mkdir blocker: not a directory" in packer.output


def test_shell_local_runs_after_the_file_is_written(tmp_path: Path) -> None:
    provisioner = """
  provisioner "shell-local" {
    inline = [
      "cat out.txt > seen.txt",
      "echo \\"$PACKER_BUILD_NAME $PACKER_BUILDER_TYPE\\" >> seen.txt",
    ]
  }"""
    files = template('  content = "made\\n"\n  target = "out.txt"', provisioner)
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert (ran.cwd / "seen.txt").read_text() == "made\nf file\n"
    assert kiln.lines("file.f") == packer.lines("file.f")


def test_a_failing_provisioner_fails_the_build_and_keeps_the_file(tmp_path: Path) -> None:
    provisioner = '  provisioner "shell-local" {\n    inline = ["exit 7"]\n  }'
    files = template('  content = "made\\n"\n  target = "out.txt"', provisioner)
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    for ran in (kiln, packer):
        assert (ran.cwd / "out.txt").read_text() == "made\n"
        assert "Builds finished but no artifacts were created." in ran.output
    assert "Script exited with non-zero exit status: 7. Allowed exit codes are: [0]" in kiln.output


def test_build_values_are_packers_placeholders(tmp_path: Path) -> None:
    # Packer's file builder gives provisioners no values of its own.
    provisioner = """
  provisioner "shell-local" {
    inline = ["echo \\"$ID $ADDR $RUN\\" > values.txt"]
    environment_vars = [
      "ID=${build.ID}", "ADDR=${build.PackerHTTPAddr}", "RUN=${build.PackerRunUUID}"
    ]
  }"""
    files = template('  content = "x"\n  target = "out.txt"', provisioner)
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    build_id, addr, run_uuid = (ran.cwd / "values.txt").read_text().split()
    assert build_id == "ERR_ID_NOT_IMPLEMENTED_BY_BUILDER"
    assert addr == "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER"
    assert len(run_uuid) == 36


def test_a_provisioner_that_needs_a_machine_fails_clearly(tmp_path: Path) -> None:
    provisioner = '  provisioner "shell" {\n    inline = ["echo hi"]\n  }'
    files = template('  content = "x"\n  target = "out.txt"', provisioner)
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "Build 'file.f' errored" in ran.output
    assert "internal error" not in ran.output and "Traceback" not in ran.output


def test_json_template(tmp_path: Path) -> None:
    files = {
        "t.json": '{"builders": [{"type": "file", "content": "{{user `text`}}", '
        '"target": "out.txt"}], "variables": {"text": "from json"}}'
    }
    kiln, packer = side_by_side(tmp_path, files, "t.json")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert (ran.cwd / "out.txt").read_text() == "from json"
        assert "--> file: Stored file: out.txt" in ran.output


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
