"""More of the docker builder's options end to end, on a private dockerd and on podman:
pulling from a local registry (with `platform`, without a login), the generated
data reaching provisioners and post-processors, `device`, `runtime`,
`container_dir`, `volumes` under `~/`, `ONBUILD`, and directories in and out."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import pytest

from tests.builders.docker.support import EngineUnderTest, build
from tests.builders.docker.test_docker_build import file, shell, template
from tests.infra.registry import Registry


def push_base(engine: EngineUnderTest, registry: Registry, name: str) -> str:
    """The base image pushed to `registry` (which wants no login) as `name`, gone locally."""
    pushed = f"{registry.address}/{name}"
    engine.cli("tag", engine.image, pushed)
    engine.cli("push", pushed)
    engine.cli("rmi", pushed)
    return pushed


@pytest.mark.usefixtures("trusted")
def test_pull_with_platform_and_no_login_then_generated_data(
    tmp_path: Path, engine: EngineUnderTest, open_registry: Registry
) -> None:
    pushed = push_base(engine, open_registry, f"kiln/{engine.name}-platform:1")
    platform = "linux/amd64"  # the platform of the base image made on this machine
    provisioner = """  provisioner "shell" {
    environment_vars = [
      "DIGEST=${build.SourceImageDigest}",
      "SOURCE=${build.SourceImageSha256}",
      "IMAGE=${build.ImageSha256}",
    ]
    inline = ["echo \\"digest=$DIGEST source=$SOURCE image=$IMAGE\\""]
  }
  post-processor "shell-local" {
    inline = ["echo committed=${build.ImageSha256}"]
  }"""
    files = template(engine, provisioner, image=pushed, pull=True, platform=platform, commit=True)
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    assert f"==> docker.x: Pulling Docker image: {pushed}" in ran.output
    assert "Logging in..." not in ran.output
    assert f"--platform {platform} " in ran.output  # in the run command
    pulled = engine.cli("inspect", "--format", "{{.Os}}/{{.Architecture}}", pushed).strip()
    assert pulled == platform
    digest = engine.cli("inspect", "--format", "{{index .RepoDigests 0}}", pushed).strip()
    source = engine.cli("inspect", "--format", "{{.Id}}", pushed).strip()
    source = source if source.startswith("sha256:") else f"sha256:{source}"
    assert digest.startswith(f"{open_registry.address}/kiln/{engine.name}-platform@sha256:")
    # The image is committed after the provisioners: they see Packer's placeholder.
    line = f"    docker.x: digest={digest} source={source} image=ERR_IMAGE_SHA256_NOT_FOUND"
    assert line in ran.output
    image_id = ran.output.split("Image ID: ")[1].split()[0]
    assert f"    docker.x (shell-local): committed={image_id}" in ran.output
    engine.cli("rmi", pushed)


def test_device_runtime_and_container_dir(tmp_path: Path, engine: EngineUnderTest) -> None:
    files = template(
        engine,
        shell(
            "test -c /dev/kiln-null && echo device is a character device",
            "ls -d /kiln-shared && grep -c ' /kiln-shared ' /proc/self/mountinfo",
            "test -e /packer-files || echo no default container dir",
        ),
        discard=True,
        device=["/dev/null:/dev/kiln-null"],
        runtime="runc",
        container_dir="/kiln-shared",
    )
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    assert "--device /dev/null:/dev/kiln-null --runtime runc -v " in ran.output
    assert ":/kiln-shared -d -i -t" in ran.output
    for line in ("device is a character device", "/kiln-shared", "1", "no default container dir"):
        assert f"    docker.x: {line}" in ran.output.splitlines(), line


def test_volumes_under_home(tmp_path: Path, engine: EngineUnderTest) -> None:
    home = tmp_path / "home"  # the builds' HOME (support.environment)
    (home / "cache").mkdir(parents=True)
    (home / "cache" / "from-home.txt").write_text("home volume\n")
    files = template(
        engine,
        shell("cat /mnt/home-cache/from-home.txt", "echo written > /mnt/home-cache/back.txt"),
        discard=True,
        volumes={"~/cache": "/mnt/home-cache"},
    )
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    assert f"-v {home}/cache:/mnt/home-cache" in ran.output
    assert "    docker.x: home volume" in ran.output
    assert (home / "cache" / "back.txt").read_text() == "written\n"


def test_onbuild_change(tmp_path: Path, engine: EngineUnderTest) -> None:
    files = template(
        engine,
        shell("true"),
        commit=True,
        changes=["ONBUILD RUN echo built-on-top", "ONBUILD ENV CHILD=1"],
    )
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    image_id = ran.output.split("Image ID: ")[1].split()[0]
    wanted = ["RUN echo built-on-top", "ENV CHILD=1"]
    # podman keeps ONBUILD only in Docker's image format, which Kiln commits in; its
    # inspect shows the OCI view (no OnBuild), so the image's own config is read.
    assert saved_config(engine, image_id, tmp_path / "saved.tar")["OnBuild"] == wanted
    if engine.name == "docker":
        assert engine.image_config(image_id)["OnBuild"] == wanted


def saved_config(engine: EngineUnderTest, image: str, tar: Path) -> dict[str, Any]:
    """The image's config as stored (`save`, docker-archive: manifest.json names it)."""
    engine.cli("save", "-o", str(tar), image)
    with tarfile.open(tar) as saved:
        manifest = json.load(saved.extractfile("manifest.json"))  # type: ignore[arg-type]
        document = json.load(saved.extractfile(manifest[0]["Config"]))  # type: ignore[arg-type]
    config: dict[str, Any] = document["config"]
    return config


def test_directories_in_and_out(tmp_path: Path, engine: EngineUnderTest) -> None:
    files = template(
        engine,
        shell("mkdir -p /srv/existing /srv/out/sub", "echo a > /srv/out/a.txt",
              "echo b > /srv/out/sub/b.txt"),
        # No trailing slash, existing destination: the directory goes inside it.
        file("updir", "/srv/existing"),
        # Trailing slash: the directory's contents, into a new destination.
        file("updir/", "/srv/contents"),
        shell("find /srv/existing /srv/contents -type f | sort"),
        # A directory download: its contents into the local directory.
        file("/srv/out/", "down/", "download"),
        commit=True,
    )  # fmt: skip
    files.update({"updir/one.txt": "1\n", "updir/deeper/two.txt": "2\n"})
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    listed = [line.split(": ", 1)[1] for line in ran.lines() if "docker.x: /srv/" in line]
    assert listed == [
        "/srv/contents/deeper/two.txt",
        "/srv/contents/one.txt",
        "/srv/existing/updir/deeper/two.txt",
        "/srv/existing/updir/one.txt",
    ]
    assert (tmp_path / "down/a.txt").read_text() == "a\n"
    assert (tmp_path / "down/sub/b.txt").read_text() == "b\n"
    assert sorted(p.name for p in (tmp_path / "down").iterdir()) == ["a.txt", "sub"]


def test_capabilities_in_the_container(tmp_path: Path, engine: EngineUnderTest) -> None:
    files = template(
        engine,
        shell("grep CapEff /proc/self/status"),
        discard=True,
        cap_add=["SYS_ADMIN", "NET_ADMIN"],
        cap_drop=["NET_RAW", "CHOWN"],
    )
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    effective = int(ran.output.split("CapEff:")[1].split()[0], 16)
    bits = {"CHOWN": 0, "NET_ADMIN": 12, "NET_RAW": 13, "SYS_ADMIN": 21}
    assert effective & (1 << bits["SYS_ADMIN"]) and effective & (1 << bits["NET_ADMIN"])
    assert not effective & (1 << bits["NET_RAW"]) and not effective & (1 << bits["CHOWN"])
