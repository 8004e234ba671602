"""The `shell` provisioner running on a real machine (the sshd test host), next to Packer 1.6.6."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.communicator.conftest import login_options, null_template, packer_build
from tests.conftest import KilnRunner
from tests.infra.sshd_host import SSHHost

pytestmark = pytest.mark.backend("netns", "sshd", "ssh", "packer")


def _both(kiln: KilnRunner, template: Path) -> tuple[str, str]:
    """Run `template` through kiln and packer; both must agree on the exit code."""
    ours = kiln("build", template.name)
    theirs = packer_build(template)
    assert ours.exit_code == theirs.exit_code, (ours.output, theirs.output)
    return ours.output, theirs.output


def test_inline_commands_with_variables_and_exit_codes(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    provisioners = """
  provisioner "shell" {
    environment_vars = ["FOO=it's here", "BAR=2"]
    inline = [
      "echo foo=$FOO bar=$BAR name=$PACKER_BUILD_NAME type=$PACKER_BUILDER_TYPE",
      "echo user=${build.User}",
    ]
  }
  provisioner "shell" {
    use_env_var_file = true
    environment_vars = ["FROM_FILE=yes"]
    inline = ["echo from_file=$FROM_FILE", "exit 3"]
    valid_exit_codes = [0, 3]
  }
  provisioner "shell" {
    inline_shebang = "/bin/sh"
    inline = ["false", "echo went-on", "exit 4"]
  }
"""
    template = null_template(tmp_path, login_options(ssh_host), provisioners)
    ours, theirs = _both(kiln, template)
    for output in (ours, theirs):
        assert "foo=it's here bar=2 name=remote type=null" in output
        assert f"user={ssh_host.username}" in output
        assert "from_file=yes" in output
        assert "went-on" in output
        assert "Script exited with non-zero exit status: 4." in output


def test_scripts_with_crlf_endings_and_cleanup(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    first = tmp_path / "first.sh"
    first.write_bytes(b"#!/bin/sh\r\necho first-ran\r\n")
    second = tmp_path / "second.sh"
    second.write_bytes(b"#!/bin/sh\necho second-ran")
    folder = ssh_host.home
    provisioners = f"""
  provisioner "shell" {{
    scripts = ["{first}", "{second}"]
    remote_folder = "{folder}"
  }}
  provisioner "shell" {{
    inline = ["echo kept"]
    remote_path = "{folder}/kept.sh"
    skip_clean = true
  }}
"""
    template = null_template(tmp_path, login_options(ssh_host), provisioners)
    ours = kiln("build", template.name)
    assert ours.exit_code == 0, ours.output
    assert "first-ran" in ours.stdout and "second-ran" in ours.stdout
    assert sorted(path.name for path in folder.iterdir()) == ["kept.sh"]
    assert (folder / "kept.sh").read_text() == "#!/bin/sh -e\necho kept\n"

    theirs = packer_build(template)
    assert theirs.exit_code == 0, theirs.output
    assert "first-ran" in theirs.output and "second-ran" in theirs.output


def test_env_and_a_custom_execute_command(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    # `env` is newer than Packer 1.6.6, so this one runs through Kiln only.
    provisioners = """
  provisioner "shell" {
    env = { GREETING = "hello 'quoted'" }
    execute_command = "{{ .Vars }} sh {{ .Path }} && echo via-execute-command"
    inline = ["echo greeting=$GREETING"]
  }
"""
    template = null_template(tmp_path, login_options(ssh_host), provisioners)
    ours = kiln("build", template.name)
    assert ours.exit_code == 0, ours.output
    assert "greeting=hello 'quoted'" in ours.stdout
    assert "via-execute-command" in ours.stdout


def _reboot_when_asked(host: SSHHost, stop: threading.Event) -> None:
    marker = host.home / "reboot-now"
    while not stop.is_set():
        if marker.exists():
            marker.unlink()
            host.reboot(down_seconds=1.0)
        stop.wait(0.05)


@pytest.mark.parametrize("expect_disconnect", [True, False])
def test_a_reboot_during_a_script(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path, expect_disconnect: bool
) -> None:
    provisioners = f"""
  provisioner "shell" {{
    expect_disconnect = {str(expect_disconnect).lower()}
    inline = ["echo rebooting", "touch $HOME/reboot-now", "sleep 60", "echo not-reached"]
  }}
  provisioner "shell" {{
    inline = ["echo after-reboot"]
  }}
"""
    options = {**login_options(ssh_host), "ssh_timeout": "60s"}
    template = null_template(tmp_path, options, provisioners)
    stop = threading.Event()
    rebooter = threading.Thread(target=_reboot_when_asked, args=(ssh_host, stop))
    rebooter.start()
    try:
        ours, theirs = _both(kiln, template)
    finally:
        stop.set()
        rebooter.join()
    for output in (ours, theirs):
        assert "rebooting" in output
        assert "not-reached" not in output
        if expect_disconnect:
            assert "after-reboot" in output
        else:
            assert "Script disconnected unexpectedly" in output
            assert "after-reboot" not in output


def test_shell_needs_a_communicator(kiln: KilnRunner, tmp_path: Path) -> None:
    template = null_template(
        tmp_path, {"communicator": "none"}, '  provisioner "shell" {\n    inline = ["true"]\n  }\n'
    )
    ours = kiln("build", template.name)
    assert ours.exit_code == 1
    assert 'communicator = "none"' in ours.output
    assert "Traceback" not in ours.output


#: A custom execute_command that sources {{.EnvVarFile}} itself and shows its path.
ENV_FILE_COMMAND = (
    "chmod +x {{.Path}}; . {{.EnvVarFile}} && echo file={{.EnvVarFile}} from=$FROM && {{.Path}}"
)


def _script_options(folder: Path, script: Path) -> str:
    return f"""
  provisioner "shell" {{
    inline = ["mkdir -p {folder}"]
  }}
  provisioner "shell" {{
    script = "{script}"
    binary = true
    remote_folder = "{folder}"
    remote_file = "binary.sh"
    skip_clean = true
    environment_vars = ["ONE=1", "TWO=two"]
    env_var_format = "export %s=%s; "
  }}
  provisioner "shell" {{
    use_env_var_file = true
    environment_vars = ["FROM=envfile"]
    execute_command = "{ENV_FILE_COMMAND}"
    remote_folder = "{folder}"
    inline = ["echo inline-ran"]
    pause_after = "1s"
  }}
"""


def test_script_binary_remote_file_env_var_format_env_var_file_and_pause_after(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    script = tmp_path / "mixed.sh"
    # binary: the CRLF line reaches the machine as it is (without it, it would become LF).
    original = b"#!/bin/sh\necho one=$ONE two=$TWO\r\n"
    script.write_bytes(original)
    outputs = {}
    for program in ("kiln", "packer"):
        folder = ssh_host.home / program
        directory = tmp_path / program
        directory.mkdir()
        template = null_template(
            directory, login_options(ssh_host), _script_options(folder, script)
        )
        if program == "kiln":
            result = kiln("build", template.name, cwd=directory)
            exit_code, output = result.exit_code, result.output
        else:
            theirs = packer_build(template)
            exit_code, output = theirs.exit_code, theirs.output
        assert exit_code == 0, output
        outputs[program] = output
        assert (folder / "binary.sh").read_bytes() == original
        assert "one=1 two=two" in output
        assert f"file={folder}/varfile_" in output and "from=envfile" in output
        assert "inline-ran" in output
        # The env var file is removed afterwards (skip_clean is not set there).
        assert not list(folder.glob("varfile_*"))
    pauses = {
        program: [line.split(": ", 1)[1] for line in output.splitlines() if "Pausing" in line]
        for program, output in outputs.items()
    }
    assert pauses["kiln"] == pauses["packer"] == ["Pausing 1s after this provisioner..."]


def test_start_retry_timeout_ends_the_retries(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    provisioners = """
  provisioner "shell" {
    remote_folder = "/no-such-folder"
    start_retry_timeout = "3s"
    inline = ["echo never"]
  }
"""
    template = null_template(tmp_path, login_options(ssh_host), provisioners)
    ours, theirs = _both(kiln, template)
    assert "Retryable error" in ours and "/no-such-folder" in ours
    assert "never" not in ours.replace("echo never", "")
    assert "Traceback" not in ours
    assert "/no-such-folder" in theirs
