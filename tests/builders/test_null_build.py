"""The `null` builder with `communicator = "none"` through the real `kiln build`,
checked against `packer build` 1.6.6."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.provisioners.build_support import kiln_build, side_by_side

pytestmark = pytest.mark.backend("packer")


def template(*blocks: str, sources: str = '"source.null.x"') -> dict[str, str]:
    body = "\n".join(blocks)
    return {
        "t.pkr.hcl": f"""
source "null" "x" {{
  communicator = "none"
}}
build {{
  sources = [{sources}]
{body}
}}
"""
    }


def test_without_provisioners_it_exports_nothing(tmp_path: Path) -> None:
    kiln, packer = side_by_side(tmp_path, template(), "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert "--> null.x: Did not export anything. This is the null builder" in ran.output


def test_provisioners_run_in_order(tmp_path: Path) -> None:
    blocks = [
        f'  provisioner "shell-local" {{\n    inline = ["echo {n} >> order.txt"]\n  }}'
        for n in range(3)
    ]
    kiln, packer = side_by_side(tmp_path, template(*blocks), "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert (ran.cwd / "order.txt").read_text() == "0\n1\n2\n"
    assert kiln.lines("null.x") == packer.lines("null.x")


def test_build_values_are_packers(tmp_path: Path) -> None:
    provisioner = """
  provisioner "shell-local" {
    inline = ["echo \\"$ID $ADDR $IP $PORT $RUN\\" > values.txt"]
    environment_vars = [
      "ID=${build.ID}", "ADDR=${build.PackerHTTPAddr}", "IP=${build.PackerHTTPIP}",
      "PORT=${build.PackerHTTPPort}", "RUN=${build.PackerRunUUID}",
    ]
  }"""
    kiln, packer = side_by_side(tmp_path, template(provisioner), "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    values = [(ran.cwd / "values.txt").read_text().split() for ran in (kiln, packer)]
    for found in values:
        assert found[:4] == [
            "Null",
            "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER",
            "ERR_HTTP_IP_NOT_IMPLEMENTED_BY_BUILDER",
            "ERR_HTTP_PORT_NOT_IMPLEMENTED_BY_BUILDER",
        ]
        assert len(found[4]) == 36


def cleanup_template(first: str) -> dict[str, str]:
    # Packer 1.6.6 has error-cleanup-provisioner in JSON templates only.
    return {
        "t.json": f"""{{
  "builders": [{{"type": "null", "communicator": "none"}}],
  "provisioners": [
    {{"type": "shell-local", "inline": ["echo ran > first.txt", "{first}"]}},
    {{"type": "shell-local", "inline": ["echo second > second.txt"]}}
  ],
  "error-cleanup-provisioner": {{
    "type": "shell-local", "inline": ["echo cleaned > cleanup.txt"]
  }}
}}"""
    }


def test_a_failing_provisioner_runs_the_error_cleanup_provisioner(tmp_path: Path) -> None:
    kiln, packer = side_by_side(tmp_path, cleanup_template("exit 3"), "t.json")
    assert kiln.exit_code == packer.exit_code == 1
    for ran in (kiln, packer):
        assert (ran.cwd / "first.txt").read_text() == "ran\n"
        assert not (ran.cwd / "second.txt").exists()
        assert (ran.cwd / "cleanup.txt").read_text() == "cleaned\n"
        assert "Builds finished but no artifacts were created." in ran.output
    assert "Script exited with non-zero exit status: 3. Allowed exit codes are: [0]" in kiln.output


def test_a_successful_build_does_not_run_the_error_cleanup_provisioner(tmp_path: Path) -> None:
    kiln, packer = side_by_side(tmp_path, cleanup_template("true"), "t.json")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert (ran.cwd / "second.txt").read_text() == "second\n"
        assert not (ran.cwd / "cleanup.txt").exists()


def test_two_sources_build_in_parallel_with_their_own_names(tmp_path: Path) -> None:
    files = template(
        '  provisioner "shell-local" {\n'
        '    inline = ["echo $PACKER_BUILD_NAME > \\"$PACKER_BUILD_NAME.txt\\""]\n  }',
        sources='"source.null.x", "source.null.y"',
    )
    files["t.pkr.hcl"] = 'source "null" "y" {\n  communicator = "none"\n}\n' + files["t.pkr.hcl"]
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert (ran.cwd / "x.txt").read_text() == "x\n"
        assert (ran.cwd / "y.txt").read_text() == "y\n"


def test_a_provisioner_that_needs_a_machine_fails_clearly(tmp_path: Path) -> None:
    provisioner = '  provisioner "shell" {\n    inline = ["echo hi"]\n  }'
    ran = kiln_build(tmp_path, template(provisioner), "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "Build 'null.x' errored" in ran.output
    assert "internal error" not in ran.output and "Traceback" not in ran.output


def test_json_template(tmp_path: Path) -> None:
    files = {
        "t.json": '{"builders": [{"type": "null", "communicator": "none"}], '
        '"provisioners": [{"type": "shell-local", '
        '"inline": ["echo {{build_name}} {{build_type}} > out.txt"]}]}'
    }
    kiln, packer = side_by_side(tmp_path, files, "t.json")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert (ran.cwd / "out.txt").read_text() == "null null\n"
        assert "--> null: Did not export anything. This is the null builder" in ran.output
