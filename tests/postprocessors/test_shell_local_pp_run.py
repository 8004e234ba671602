"""The `shell-local` post-processor through `kiln build`, compared with `packer build` 1.6.6."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postprocessors.run_support import (
    UUID,
    artifact_lines,
    build,
    normalise,
    side_by_side,
    write_files,
)


def template(*post_processors: str, sources: tuple[str, ...] = ("a",)) -> str:
    blocks = "".join(f'source "null" "{n}" {{\n  communicator = "none"\n}}\n' for n in sources)
    names = ", ".join(f'"source.null.{n}"' for n in sources)
    body = "\n".join(post_processors)
    return f"{blocks}build {{\n  sources = [{names}]\n{body}\n}}\n"


def shell_local(body: str) -> str:
    return f'  post-processor "shell-local" {{\n{body}\n  }}'


def lines_of(output: str, prefix: str) -> list[str]:
    return sorted(line.split(": ", 1)[1] for line in output.splitlines() if line.startswith(prefix))


@pytest.mark.backend("packer")
def test_environment_and_output_as_in_packer(tmp_path: Path) -> None:
    text = template(
        shell_local(
            '    inline = ["echo name=$PACKER_BUILD_NAME type=$PACKER_BUILDER_TYPE", '
            '"echo run=$PACKER_RUN_UUID", "echo oops >&2"]'
        ),
        sources=("a", "b"),
    )
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    for ran in (kiln, packer):
        assert lines_of(ran.output, "    null.a (shell-local): name=") == ["name=a type=null"]
        assert lines_of(ran.output, "    null.b (shell-local): name=") == ["name=b type=null"]
        run_lines = lines_of(ran.output, "    null.a (shell-local): run=")
        assert len(run_lines) == 1 and UUID.fullmatch(run_lines[0].removeprefix("run="))
        assert "==> null.a (shell-local): oops" in ran.output
        assert "==> null.a (shell-local): Running local shell script: " in ran.output
    # The artifact passes through: builder artifact + the post-processor's (the same one).
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)


@pytest.mark.backend("packer")
def test_one_element_execute_command_runs_through_sh_c(tmp_path: Path) -> None:
    text = template(
        shell_local(
            '    execute_command = ["echo via-sh {{.Vars}}; echo script=$(basename {{.Script}})"]\n'
            '    inline = ["true"]'
        )
    )
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    for ran in (kiln, packer):
        vias = lines_of(ran.output, "    null.a (shell-local): via-sh")
        assert vias == ["via-sh PACKER_BUILDER_TYPE=null PACKER_BUILD_NAME=a"]
        assert "    null.a (shell-local): script=packer-shell" in ran.output


@pytest.mark.backend("packer")
def test_failing_script_fails_the_build_as_in_packer(tmp_path: Path) -> None:
    text = template(
        shell_local('    inline = ["echo before", "exit 3"]'),
        shell_local('    inline = ["exit 4"]\n    valid_exit_codes = [0, 4]'),
    )
    kiln, packer = side_by_side(tmp_path, {"t.pkr.hcl": text}, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (1, 1)
    message = "Script exited with non-zero exit status: 3. Allowed exit codes are: [0]"
    # 1.6.6 printed no space after the full stop (current Packer does).
    assert message in kiln.output and message.replace(". ", ".") in packer.output
    assert "Traceback" not in kiln.output


@pytest.mark.backend("packer")
def test_artifact_passes_through_and_is_kept_whatever_the_user_says(tmp_path: Path) -> None:
    text = template(
        "  post-processors {\n"
        '    post-processor "artifice" {\n      files = ["made.txt"]\n    }\n'
        '    post-processor "shell-local" {\n      inline = ["echo more >> made.txt"]\n'
        "      keep_input_artifact = false\n    }\n"
        '    post-processor "manifest" {\n      strip_time = true\n    }\n'
        "  }"
    )
    files = {"t.pkr.hcl": text, "made.txt": "first\n"}
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert (kiln.exit_code, packer.exit_code) == (0, 0), kiln.output + packer.output
    for ran in (kiln, packer):
        assert (ran.cwd / "made.txt").read_text() == "first\nmore\n"
    assert normalise(kiln.manifest()) == normalise(packer.manifest())
    assert kiln.manifest()["builds"][0]["files"] == [{"name": "made.txt", "size": 11}]
    assert artifact_lines(kiln.output) == artifact_lines(packer.output)


@pytest.mark.backend("packer")
def test_scripts_run_in_order_with_environment(tmp_path: Path) -> None:
    text = template(
        shell_local(
            '    scripts = ["one.sh", "two.sh"]\n'
            '    environment_vars = ["GREETING=hello world"]\n'
            '    env = { OTHER = "it\'s" }'
        )
    )
    files = {
        "t.pkr.hcl": text,
        "one.sh": '#!/bin/sh\necho "one: $GREETING"\n',
        "two.sh": '#!/bin/sh\necho "two: $OTHER"\n',
    }
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == 0, kiln.output
    assert "    null.a (shell-local): one: hello world" in kiln.output
    assert "    null.a (shell-local): two: it's" in kiln.output
    # Packer 1.6.6 has no `env` option (current Packer has): it rejects the template.
    assert packer.exit_code == 1 and 'An argument named "env" is not expected' in packer.output


def test_only_on_another_system_skips(tmp_path: Path) -> None:
    text = template(shell_local('    inline = ["exit 1"]\n    only_on = ["windows"]'))
    write_files(tmp_path, {"t.pkr.hcl": text})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert "Skipping shell-local due to runtime OS" in ran.output
