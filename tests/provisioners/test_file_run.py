"""The `file` provisioner copying to and from the sshd test host, next to Packer 1.6.6."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.communicator.conftest import login_options, null_template, packer_build
from tests.conftest import KilnRunner
from tests.infra.sshd_host import SSHHost

pytestmark = pytest.mark.backend("netns", "sshd", "ssh", "packer")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "css").mkdir(parents=True)
    (site / "index.html").write_text("<h1>hi</h1>\n")
    (site / "css" / "main.css").write_text("body {}\n")
    (site / "run.sh").write_text("#!/bin/sh\n")
    (site / "run.sh").chmod(0o750)
    return site


@pytest.mark.parametrize("program", ["kiln", "packer"])
@pytest.mark.parametrize("method", ["scp", "sftp"])
def test_uploads_as_packer_lays_them_out(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path, program: str, method: str
) -> None:
    site = _site(tmp_path)
    remote = ssh_host.home / program
    provisioners = f"""
  provisioner "shell" {{
    inline = ["mkdir -p {remote}/whole {remote}/contents {remote}/files"]
  }}
  provisioner "file" {{
    source = "{site}"
    destination = "{remote}/whole"
  }}
  provisioner "file" {{
    source = "{site}/"
    destination = "{remote}/contents"
  }}
  provisioner "file" {{
    sources = ["{site}/index.html", "{site}/run.sh"]
    destination = "{remote}/files/"
  }}
  provisioner "file" {{
    source = "{site}/index.html"
    destination = "{remote}/renamed.html"
  }}
"""
    if program == "kiln":  # `content` is newer than Packer 1.6.6
        provisioners += f"""
  provisioner "file" {{
    content = "made from content\\n"
    destination = "{remote}/content.txt"
  }}
"""
    options = {**login_options(ssh_host), "ssh_file_transfer_method": method}
    template = null_template(tmp_path, options, provisioners)
    if program == "kiln":
        result = kiln("build", template.name)
        exit_code, output = result.exit_code, result.output
    else:
        theirs = packer_build(template)
        exit_code, output = theirs.exit_code, theirs.output
    assert exit_code == 0, output
    expected = _tree(site)
    assert _tree(remote / "whole") == {f"site/{name}": data for name, data in expected.items()}
    assert _tree(remote / "contents") == expected
    assert _tree(remote / "files") == {
        "index.html": expected["index.html"],
        "run.sh": expected["run.sh"],
    }
    assert (remote / "files" / "run.sh").stat().st_mode & 0o777 == 0o750
    assert (remote / "renamed.html").read_bytes() == expected["index.html"]
    if program == "kiln":
        assert (remote / "content.txt").read_text() == "made from content\n"


@pytest.mark.parametrize("program", ["kiln", "packer"])
def test_downloads(kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path, program: str) -> None:
    remote = ssh_host.home / "data"
    local = tmp_path / f"local-{program}"
    provisioners = f"""
  provisioner "shell" {{
    inline = [
      "mkdir -p {remote}/sub",
      "echo one > {remote}/one.txt",
      "echo two > {remote}/sub/two.txt",
    ]
  }}
  provisioner "file" {{
    direction = "download"
    source = "{remote}/one.txt"
    destination = "{local}/renamed.txt"
  }}
  provisioner "file" {{
    direction = "download"
    source = "{remote}/one.txt"
    destination = "{local}/into/"
  }}
  provisioner "file" {{
    direction = "download"
    source = "{remote}/"
    destination = "{local}/tree/"
  }}
"""
    template = null_template(tmp_path, login_options(ssh_host), provisioners)
    if program == "kiln":
        result = kiln("build", template.name)
        exit_code, output = result.exit_code, result.output
    else:
        theirs = packer_build(template)
        exit_code, output = theirs.exit_code, theirs.output
    assert exit_code == 0, output
    assert (local / "renamed.txt").read_text() == "one\n"
    assert (local / "into" / "one.txt").read_text() == "one\n"
    assert _tree(local / "tree") == {"data/one.txt": b"one\n", "data/sub/two.txt": b"two\n"}


def test_a_missing_remote_file_fails_clearly(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path
) -> None:
    provisioners = f"""
  provisioner "file" {{
    direction = "download"
    source = "{ssh_host.home}/nothing-here"
    destination = "{tmp_path}/x"
  }}
"""
    template = null_template(tmp_path, login_options(ssh_host), provisioners)
    ours = kiln("build", template.name)
    assert ours.exit_code == 1
    assert "Download failed" in ours.output and "nothing-here" in ours.output
    assert "Traceback" not in ours.output
    assert packer_build(template).exit_code == 1


def _remote_files(remote: Path) -> str:
    return f"""
  provisioner "shell" {{
    inline = [
      "mkdir -p {remote}/data/sub",
      "echo a > {remote}/data/a.txt",
      "echo b > {remote}/data/b.txt",
      "echo c > {remote}/data/c.log",
      "echo deep > {remote}/data/sub/deep.txt",
    ]
  }}
"""


@pytest.mark.parametrize("program", ["kiln", "packer"])
def test_generated_sources_and_glob_downloads(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path, program: str
) -> None:
    remote = ssh_host.home / program
    local = tmp_path / f"local-{program}"
    generated = tmp_path / f"made-during-the-build-{program}.txt"
    provisioners = (
        _remote_files(remote)
        + f"""
  provisioner "shell-local" {{
    inline = ["echo generated > {generated}"]
  }}
  provisioner "file" {{
    source = "{generated}"
    destination = "{remote}/generated.txt"
    generated = true
  }}
  provisioner "file" {{
    direction = "download"
    source = "{remote}/data/*"
    destination = "{local}/globbed/"
  }}
"""
    )
    if program == "kiln":
        # Packer 1.6.6 takes "x/*.txt" for a file name inside the destination and fails
        # (open .../globbed-txt/*.txt/a.txt); only a source ending in "*" works there.
        provisioners += f"""
  provisioner "file" {{
    direction = "download"
    source = "{remote}/data/*.txt"
    destination = "{local}/globbed-txt/"
  }}
"""
    template = null_template(tmp_path, login_options(ssh_host), provisioners)
    assert not generated.exists()
    if program == "kiln":
        result = kiln("build", template.name)
        exit_code, output = result.exit_code, result.output
    else:
        theirs = packer_build(template)
        exit_code, output = theirs.exit_code, theirs.output
    assert exit_code == 0, output
    assert (remote / "generated.txt").read_text() == "generated\n"
    assert _tree(local / "globbed") == {
        "a.txt": b"a\n",
        "b.txt": b"b\n",
        "c.log": b"c\n",
        "sub/deep.txt": b"deep\n",
    }
    if program == "kiln":
        assert _tree(local / "globbed-txt") == {"a.txt": b"a\n", "b.txt": b"b\n"}


@pytest.mark.parametrize("program", ["kiln", "packer"])
def test_a_directory_download_needs_a_trailing_slash(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path, program: str
) -> None:
    # Without the slash the source is taken for a file, as Packer does: the copy fails.
    remote = ssh_host.home / program
    provisioners = (
        _remote_files(remote)
        + f"""
  provisioner "file" {{
    direction = "download"
    source = "{remote}/data"
    destination = "{tmp_path}/no-slash/"
  }}
"""
    )
    template = null_template(tmp_path, login_options(ssh_host), provisioners)
    if program == "kiln":
        result = kiln("build", template.name)
        exit_code, output = result.exit_code, result.output
        assert "Download failed" in output and f"{remote}/data" in output
        assert "Traceback" not in output
    else:
        theirs = packer_build(template)
        exit_code, output = theirs.exit_code, theirs.output
    assert exit_code == 1, output
    assert not (tmp_path / "no-slash" / "data" / "a.txt").exists()


@pytest.mark.parametrize("program", ["kiln", "packer"])
def test_sources_after_a_directory_download(
    kiln: KilnRunner, ssh_host: SSHHost, tmp_path: Path, program: str
) -> None:
    # Packer (1.6.6 and current) returns after the first directory download and skips
    # the sources after it; Kiln copies every source (docs/compatibility.md).
    remote = ssh_host.home / program
    local = tmp_path / f"local-{program}"
    provisioners = (
        _remote_files(remote)
        + f"""
  provisioner "file" {{
    direction = "download"
    sources = ["{remote}/data/sub/", "{remote}/data/a.txt"]
    destination = "{local}/"
  }}
"""
    )
    template = null_template(tmp_path, login_options(ssh_host), provisioners)
    if program == "kiln":
        result = kiln("build", template.name)
        exit_code, output = result.exit_code, result.output
    else:
        theirs = packer_build(template)
        exit_code, output = theirs.exit_code, theirs.output
    assert exit_code == 0, output
    assert (local / "sub" / "deep.txt").read_text() == "deep\n"
    assert (local / "a.txt").exists() == (program == "kiln")
