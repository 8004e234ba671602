"""The same templates built by `kiln build` and by Packer 1.6.6's docker builder,
against the same private dockerd: the images must be equivalent — the same
files (paths, modes, owners, contents of what was provisioned) and the same
Config (Cmd, Entrypoint, Env, Labels, ExposedPorts, WorkingDir, User) — and
the builds must say the same things. Committed images, exported tars
(`export_path`) and discarded containers, with `run_command`, `volumes`,
`exec_user` and `fix_upload_owner` on and off."""

from __future__ import annotations

import hashlib
import re
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.builders.docker.support import EngineUnderTest, Ran, build

pytestmark = pytest.mark.backend("packer")


@pytest.fixture(scope="module", autouse=True)
def _packer_is_1_6_6() -> None:
    """Every comparison here is with Packer 1.6.6, the reference."""
    shown = subprocess.run(["packer", "version"], capture_output=True, text=True, check=False)
    assert shown.stdout.splitlines()[:1] == ["Packer v1.6.6"], shown.stdout + shown.stderr


COMPARED = ("Cmd", "Entrypoint", "Env", "Labels", "ExposedPorts", "WorkingDir", "User", "Volumes")

TEMPLATE = """
source "docker" "x" {
  image   = "kiln-test/debian:bookworm"
  pull    = false
  commit  = true
  author  = "Kiln <kiln@example.invalid>"
  message = "side by side"
  changes = [
    "CMD [\\"/usr/bin/env\\"]",
    "ENTRYPOINT /bin/sh -c",
    "ENV STAGE production",
    "ENV A=1 B=2",
    "EXPOSE 8080 53/udp",
    "LABEL version=2 team=builds",
    "VOLUME /data",
    "WORKDIR /srv/app",
    "USER www-data",
  ]
}

build {
  sources = ["source.docker.x"]
  provisioner "shell" {
    inline = [
      "mkdir -p /srv/app && echo 'hello' > /srv/app/hello.txt",
      "chmod 0600 /srv/app/hello.txt",
      "echo \\"$PACKER_BUILDER_TYPE $PACKER_BUILD_NAME\\" > /srv/app/env.txt",
    ]
  }
  provisioner "file" {
    source      = "files/"
    destination = "/srv/app/static"
  }
  provisioner "file" {
    source      = "conf.ini"
    destination = "/etc/app.ini"
  }
}
"""

FILES = {
    "t.pkr.hcl": TEMPLATE,
    "files/index.html": "<p>index</p>\n",
    "files/js/app.js": "console.log(1)\n",
    "conf.ini": "[app]\nkey = value\n",
}


def image_of(ran: Ran) -> str:
    found = re.search(r"Image ID: (sha256:[0-9a-f]{64})", ran.output)
    assert found, ran.output
    return found.group(1)


def file_table(engine: EngineUnderTest, image: str, root: Path) -> dict[str, tuple[Any, ...]]:
    """Every path of the image: type, mode, owner and a hash of regular files' bytes."""
    container = engine.cli("create", image).strip()
    try:
        exported = root / f"{container}.tar"
        engine.cli("export", "-o", str(exported), container)
    finally:
        engine.cli("rm", container)
    table = tar_table(exported)
    exported.unlink()
    return table


def tar_table(exported: Path) -> dict[str, tuple[Any, ...]]:
    """Every path of a container's tar: type, mode, owner and a hash of regular files."""
    table: dict[str, tuple[Any, ...]] = {}
    with tarfile.open(exported) as archive:
        for member in archive:
            digest = ""
            if member.isfile():
                data = archive.extractfile(member)
                digest = hashlib.sha256(data.read() if data else b"").hexdigest()
            table[member.name] = (member.type, member.mode, member.uid, member.gid, digest)
    return table


def test_equivalent_images(tmp_path: Path, docker_engine: EngineUnderTest) -> None:
    kiln = build("kiln", tmp_path / "kiln", docker_engine, FILES)
    packer = build("packer", tmp_path / "packer", docker_engine, FILES)
    assert kiln.exit_code == packer.exit_code == 0, kiln.output + packer.output
    images = [image_of(kiln), image_of(packer)]
    configs = [docker_engine.image_config(image) for image in images]
    for name in COMPARED:
        assert configs[0].get(name) == configs[1].get(name), name
    assert configs[0]["User"] == "www-data" and "STAGE=production" in configs[0]["Env"]
    metadata = [
        docker_engine.cli("inspect", "--format", "{{.Author}}|{{.Comment}}", image)
        for image in images
    ]
    assert metadata[0] == metadata[1]
    tables = [file_table(docker_engine, image, tmp_path) for image in images]
    assert tables[0].keys() == tables[1].keys()
    different = {path for path in tables[0] if tables[0][path] != tables[1][path]}
    # /tmp held each tool's own script names; the build environment file differs by name only.
    assert different <= {"tmp/"}, sorted(different)
    assert tables[0]["srv/app/hello.txt"][1] & 0o7777 == 0o600
    assert docker_engine.read_file(images[0], "/srv/app/env.txt") == "docker x\n"


def messages(ran: Ran) -> list[str]:
    """The build's lines with ids, paths and the run command's temporary mounts masked."""
    masked = []
    for line in ran.lines():
        text = re.sub(r"sha256:[0-9a-f]{64}|\b[0-9a-f]{64}\b", "<id>", line)
        text = re.sub(r"Run command: .*", "Run command: <...>", text)
        masked.append(re.sub(r"shell script: \S+", "shell script: <inline>", text))
    return masked


def test_same_messages(tmp_path: Path, docker_engine: EngineUnderTest) -> None:
    kiln = build("kiln", tmp_path / "kiln", docker_engine, FILES)
    packer = build("packer", tmp_path / "packer", docker_engine, FILES)
    assert kiln.exit_code == packer.exit_code == 0
    assert messages(kiln) == messages(packer)


def test_same_failure_when_the_image_is_missing(
    tmp_path: Path, docker_engine: EngineUnderTest
) -> None:
    files = {
        **FILES,
        "t.pkr.hcl": TEMPLATE.replace("kiln-test/debian:bookworm", "kiln-test/none:0"),
    }
    kiln = build("kiln", tmp_path / "kiln", docker_engine, files)
    packer = build("packer", tmp_path / "packer", docker_engine, files)
    assert kiln.exit_code == packer.exit_code == 1
    for ran in (kiln, packer):
        assert "Error running container: Docker exited with a non-zero exit status." in ran.output
    assert docker_engine.containers() == []


RUN_TEMPLATE = """
source "docker" "x" {{
  image       = "kiln-test/debian:bookworm"
  pull        = false
  {keep}
  run_command = ["-d", "-i", "-t", "-e", "FROM_RUN=yes", "--user", "nobody",
                 "--entrypoint=/bin/sh", "--", "{{{{.Image}}}}"]
  volumes     = {{ "{shared}" = "/mnt/shared" }}
  exec_user   = "{exec_user}"
  fix_upload_owner = {fix}
}}

build {{
  sources = ["source.docker.x"]
  provisioner "shell" {{
    inline = [
      "echo \\"$FROM_RUN $(id -u)\\" > /result.txt",
      "cat /mnt/shared/host.txt >> /result.txt",
      "mkdir -p /srv/app",
    ]
  }}
  provisioner "file" {{
    source      = "conf.ini"
    destination = "/srv/app/conf.ini"
  }}
  provisioner "file" {{
    source      = "files/"
    destination = "/srv/app/static"
  }}
  provisioner "shell" {{
    inline = ["cat /result.txt", "stat -c '%U %a %n' /srv/app/conf.ini /srv/app/static/js/app.js"]
  }}
}}
"""


def run_files(tmp_path: Path, keep: str, exec_user: str = "0", fix: bool = True) -> dict[str, str]:
    shared = tmp_path / "shared"
    shared.mkdir(exist_ok=True)
    (shared / "host.txt").write_text("from the host\n")
    text = RUN_TEMPLATE.format(keep=keep, shared=shared, exec_user=exec_user, fix=str(fix).lower())
    return {**FILES, "t.pkr.hcl": text}


@pytest.fixture
def both(tmp_path: Path, docker_engine: EngineUnderTest) -> Iterator[None]:
    """Neither tool may leave an image or a container behind in these builds."""
    images = docker_engine.cli("images", "-aq").split()
    yield
    assert docker_engine.cli("images", "-aq").split() == images
    assert docker_engine.containers() == []


@pytest.mark.usefixtures("both")
def test_export_path_run_command_volumes_exec_user(
    tmp_path: Path, docker_engine: EngineUnderTest
) -> None:
    files = run_files(tmp_path, keep='export_path = "out/image.tar"')
    kiln = build("kiln", tmp_path / "kiln", docker_engine, files)
    packer = build("packer", tmp_path / "packer", docker_engine, files)
    assert kiln.exit_code == packer.exit_code == 0, kiln.output + packer.output
    assert messages(kiln) == messages(packer)
    assert "    docker.x: yes 0" in kiln.output and "    docker.x: from the host" in kiln.output
    assert "    docker.x: nobody 644 /srv/app/conf.ini" in kiln.output
    tables = [tar_table(tmp_path / tool / "out/image.tar") for tool in ("kiln", "packer")]
    assert tables[0].keys() == tables[1].keys()
    different = {path for path in tables[0] if tables[0][path] != tables[1][path]}
    assert different <= {"tmp/"}, sorted(different)


@pytest.mark.usefixtures("both")
def test_discard_without_fix_upload_owner(tmp_path: Path, docker_engine: EngineUnderTest) -> None:
    files = run_files(tmp_path, keep="discard = true", fix=False)
    kiln = build("kiln", tmp_path / "kiln", docker_engine, files)
    packer = build("packer", tmp_path / "packer", docker_engine, files)
    assert kiln.exit_code == packer.exit_code == 0, kiln.output + packer.output
    assert messages(kiln) == messages(packer)
    assert "    docker.x: root 644 /srv/app/conf.ini" in kiln.output
    assert "--> docker.x: Exported Docker file: " in kiln.output.splitlines()


@pytest.mark.usefixtures("both")
def test_an_exec_user_that_does_not_exist(tmp_path: Path, docker_engine: EngineUnderTest) -> None:
    files = run_files(tmp_path, keep="discard = true", exec_user="no-such-user")
    kiln = build("kiln", tmp_path / "kiln", docker_engine, files)
    packer = build("packer", tmp_path / "packer", docker_engine, files)
    assert kiln.exit_code == packer.exit_code == 1
    assert "    docker.x: unable to find user no-such-user: no matching entries in passwd file" in (
        kiln.output
    )
    # Kiln words the exit status as current Packer ("126. Allowed"; 1.6.6: "126.Allowed").
    spelled = [
        line.replace(". Allowed exit codes", ".Allowed exit codes") for line in messages(kiln)
    ]
    assert spelled == messages(packer)
