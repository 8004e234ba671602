"""The `shell-local` provisioner through the real `kiln build`, checked against
`packer build` 1.6.6 (which differs from current Packer in one message: it
prints "status: 2.Allowed" without a space)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from kiln.components.runtime import BuildRun
from kiln.core.ui import EventUI
from kiln.provisioners.shell_local import ShellLocalConfig
from kiln.provisioners.shell_local.local_script import run_local_script
from kiln.ui.events import Event, EventBus
from tests.provisioners.build_support import (
    kiln_build,
    process_gone,
    side_by_side,
    start_kiln,
    wait_for_file,
)

pytestmark = pytest.mark.backend("packer")


def template(*provisioners: str) -> dict[str, str]:
    body = "\n".join(f'  provisioner "shell-local" {{\n{p}\n  }}' for p in provisioners)
    return {
        "t.pkr.hcl": f"""
source "null" "x" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.x"]
{body}
}}
"""
    }


SCRIPT_ONE = '#!/bin/sh\necho "one $FOO $0"\necho "one $FOO" > one.txt\n'
SCRIPT_TWO = 'echo "two $BAR"\necho "$BAR" > two.txt\nexit 3\n'


def test_scripts_env_vars_execute_command_and_exit_codes(tmp_path: Path) -> None:
    files = template(
        """    scripts = ["one.sh", "./two.sh"]
    environment_vars = ["FOO=foo", "BAR=it's \\"quoted\\""]
    execute_command = ["/bin/sh", "-c", "{{.Vars}} /bin/sh {{.Command}}"]
    valid_exit_codes = [0, 3]"""
    )
    files |= {"one.sh": SCRIPT_ONE, "two.sh": SCRIPT_TWO}
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    assert kiln.lines("null.x") == [
        "==> null.x: Running local shell script: one.sh",
        f"    null.x: one foo {kiln.cwd}/one.sh",
        "==> null.x: Running local shell script: ./two.sh",
        '    null.x: two it\'s "quoted"',
    ]
    assert packer.lines("null.x") == [
        line.replace("/kiln/", "/packer/") for line in kiln.lines("null.x")
    ]
    for ran in (kiln, packer):
        assert (ran.cwd / "one.txt").read_text() == "one foo\n"
        assert (ran.cwd / "two.txt").read_text() == 'it\'s "quoted"\n'


def test_inline_shebang_extension_and_env_var_format(tmp_path: Path) -> None:
    files = template(
        """    inline = [
      "echo \\"$0\\" > script-name.txt",
      "echo \\"[$FOO]\\" > foo.txt",
      "echo $BASH_VERSION > bash.txt",
    ]
    inline_shebang = "/bin/bash -e"
    tempfile_extension = ".sh"
    env_var_format = "export %s=%q; "
    environment_vars = ["FOO=x y"]"""
    )
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert (ran.cwd / "foo.txt").read_text() == "[x y]\n"
        assert (ran.cwd / "bash.txt").read_text().strip()
        assert (ran.cwd / "script-name.txt").read_text().strip().endswith(".sh")
    script = Path((kiln.cwd / "script-name.txt").read_text().strip())
    assert script.parent.name.startswith("kiln-null.x-")
    assert script.parent.parent == kiln.tmp
    assert kiln.scratch_left() == []


def test_a_bad_exit_status_fails_with_packers_message(tmp_path: Path) -> None:
    files = template('    inline = ["echo before", "exit 2", "echo after"]')
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    message = "Script exited with non-zero exit status: 2. Allowed exit codes are: [0]"
    assert f"--> null.x: {message}" in kiln.output
    assert message.replace(". Allowed", ".Allowed") in packer.output
    assert kiln.lines("null.x") == [
        "==> null.x: Running local shell script: <inline-script>",
        "    null.x: before",
        "==> null.x: Provisioning step had errors: Running the cleanup provisioner, if present...",
    ]
    assert packer.lines("null.x")[:3] == kiln.lines("null.x")


def test_valid_exit_codes_are_listed_as_go_prints_them(tmp_path: Path) -> None:
    files = template('    command = "exit 4"\n    valid_exit_codes = [0, 3]')
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    assert "exit status: 4. Allowed exit codes are: [0 3]" in kiln.output
    assert "exit status: 4.Allowed exit codes are: [0 3]" in packer.output


def test_a_script_killed_by_a_signal_has_status_minus_one(tmp_path: Path) -> None:
    files = template(
        '    inline = ["kill -9 $$"]\n    execute_command = ["/bin/sh", "{{.Script}}"]'
    )
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    assert "non-zero exit status: -1. Allowed" in kiln.output
    assert "non-zero exit status: -1.Allowed" in packer.output


def test_command_runs_like_a_one_line_inline(tmp_path: Path) -> None:
    files = template('    command = "echo from command > command.txt"')
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert (ran.cwd / "command.txt").read_text() == "from command\n"


def test_only_on_skips_other_systems(tmp_path: Path) -> None:
    files = template(
        '    only_on = ["windows", "darwin"]\n    inline = ["touch ran-elsewhere"]',
        '    only_on = ["linux"]\n    inline = ["touch ran-here"]',
    )
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    assert kiln.lines("null.x") == packer.lines("null.x")
    assert kiln.lines("null.x")[0] == "==> null.x: Skipping shell-local due to runtime OS"
    for ran in (kiln, packer):
        assert not (ran.cwd / "ran-elsewhere").exists()
        assert (ran.cwd / "ran-here").exists()


def test_output_lines_are_cleaned_as_packer_does(tmp_path: Path) -> None:
    files = template(
        '    inline = ["printf \'hidden\\\\rshown  \\\\n\'", "echo", "echo last", "echo oops >&2"]'
    )
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    expected = [
        "==> null.x: Running local shell script: <inline-script>",
        "    null.x: shown",
        "    null.x:",
        "    null.x: last",
        "==> null.x: oops",
    ]
    # stdout and stderr are read separately: where the stderr line lands may vary.
    assert sorted(kiln.lines("null.x")) == sorted(packer.lines("null.x")) == sorted(expected)
    stdout = [line for line in kiln.lines("null.x") if line.startswith("    ")]
    assert stdout == expected[1:4]


def test_packer_variables_reach_the_script(tmp_path: Path) -> None:
    files = template(
        '    inline = ["echo $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE $PACKER_RUN_UUID > v.txt"]'
    )
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        name, builder_type, run_uuid = (ran.cwd / "v.txt").read_text().split()
        assert (name, builder_type, len(run_uuid)) == ("x", "null", 36)


def test_env_wins_over_environment_vars(tmp_path: Path) -> None:
    # `env` is newer than Packer 1.6.6.
    files = template(
        """    inline = ["echo \\"$A|$B\\" > env.txt"]
    environment_vars = ["A=from list", "B=b"]
    env = { A = "from env's map" }"""
    )
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert (ran.cwd / "env.txt").read_text() == "from env's map|b\n"


def test_go_templates_in_inline_and_execute_command_see_build_values(tmp_path: Path) -> None:
    # Current Packer renders {{.ID}} with the build's values (1.6.6 printed <no value>).
    files = template(
        """    inline = ["echo '{{.ID}} {{build `ID`}} {{.Missing}}' > t.txt"]
    execute_command = ["/bin/sh", "-c", "ID_AGAIN={{.ID}} {{.Vars}} {{.Script}}"]"""
    )
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert (ran.cwd / "t.txt").read_text() == "Null Null <no value>\n"


def test_a_broken_execute_command_template_is_reported(tmp_path: Path) -> None:
    files = template('    inline = ["true"]\n    execute_command = ["/bin/sh", "{{.Script"]')
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "--> null.x: Error processing command: template: root:1:" in ran.output
    assert "Traceback" not in ran.output


def test_a_missing_interpreter_is_reported(tmp_path: Path) -> None:
    files = template(
        '    inline = ["true"]\n    execute_command = ["/nonexistent/sh", "{{.Script}}"]'
    )
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    for ran in (kiln, packer):
        assert "Build 'null.x' errored" in ran.output
        assert "Error executing script: " in ran.output
    assert "Cannot run '/nonexistent/sh': no such program or directory." in kiln.output
    assert "Traceback" not in kiln.output


def test_use_linux_pathing_needs_windows_paths(tmp_path: Path) -> None:
    files = template('    script = "one.sh"\n    use_linux_pathing = true')
    files["one.sh"] = SCRIPT_ONE
    kiln, packer = side_by_side(tmp_path, files, "t.pkr.hcl")
    assert kiln.exit_code == packer.exit_code == 1
    for ran in (kiln, packer):
        assert "There was an error splitting your absolute path; expected" in ran.output
        assert not (ran.cwd / "one.txt").exists()


def test_json_template_with_user_variables(tmp_path: Path) -> None:
    files = {
        "t.json": """{
  "variables": {"greeting": "hello"},
  "builders": [{"type": "null", "communicator": "none"}],
  "provisioners": [{
    "type": "shell-local",
    "inline": ["echo \\"$G {{build_name}}\\" > g.txt"],
    "environment_vars": ["G={{user `greeting`}}"]
  }]
}"""
    }
    kiln, packer = side_by_side(tmp_path, files, "t.json")
    assert kiln.exit_code == packer.exit_code == 0, kiln.output
    for ran in (kiln, packer):
        assert (ran.cwd / "g.txt").read_text() == "hello null\n"


def test_a_timeout_stops_the_script(tmp_path: Path) -> None:
    files = template('    inline = ["echo $$ > pid.txt", "sleep 30"]')
    files["t.pkr.hcl"] = files["t.pkr.hcl"].replace(
        'provisioner "shell-local" {', 'provisioner "shell-local" {\n    timeout = "1s"'
    )
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "timed out after 1s" in ran.output
    assert process_gone(int((ran.cwd / "pid.txt").read_text()))
    assert ran.scratch_left() == []


def test_ctrl_c_stops_the_whole_process_group_and_removes_the_scratch(tmp_path: Path) -> None:
    files = template('    inline = ["sleep 30 & echo $! > pid.txt; wait"]')
    directory = tmp_path / "kiln"
    directory.mkdir()
    (directory / "t.pkr.hcl").write_text(files["t.pkr.hcl"])
    process = start_kiln(directory, "t.pkr.hcl")
    sleep_pid = int(wait_for_file(directory / "pid.txt", process))
    scratch = [p for p in (directory / "tmp").iterdir() if p.name.startswith("kiln-")]
    assert len(scratch) == 1
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 1, output
    assert "Cancelling build after receiving interrupt" in output
    assert process_gone(sleep_pid)
    assert not scratch[0].exists()
    assert "Traceback" not in output


class Recorder:
    """A renderer that keeps every event."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def handle(self, event: Event) -> None:
        self.events.append(event)

    def close(self) -> None:
        """Nothing to release."""


def test_http_values_become_packer_http_variables(tmp_path: Path) -> None:
    # No builder that serves HTTP runs yet: give the build the values a VM builder would.
    recorder = Recorder()
    run = BuildRun(
        name="qemu.vm",
        builder_type="qemu",
        run_uuid="run-uuid",
        ui=EventUI(EventBus([recorder]), "qemu.vm"),
        source_name="vm",
        values={
            "PackerHTTPIP": "10.0.2.2",
            "PackerHTTPPort": "8123",
            "PackerHTTPAddr": "10.0.2.2:8123",
        },
    )
    config = ShellLocalConfig(
        inline=(
            "echo $PACKER_HTTP_ADDR $PACKER_HTTP_IP $PACKER_HTTP_PORT",
            "echo $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE $PACKER_RUN_UUID",
        ),
        execute_command=("/bin/sh", "-c", "env -i {{.Vars}} /bin/sh {{.Script}}"),
    )
    try:
        run_local_script(run, config)
    finally:
        run.remove_scratch()
    said = [e.text for e in recorder.events]
    assert said[1:] == ["10.0.2.2:8123 10.0.2.2 8123", "vm qemu"]
    script = said[0].removeprefix("Running local shell script: ")
    assert os.path.basename(os.path.dirname(script)).startswith("kiln-qemu.vm-")
    assert not os.path.exists(script)


def test_a_broken_template_in_environment_vars_is_reported(tmp_path: Path) -> None:
    files = template('    inline = ["true"]\n    environment_vars = ["A={{.X"]')
    ran = kiln_build(tmp_path, files, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "--> null.x: template: root:1: unclosed action" in ran.output
    assert "Traceback" not in ran.output
