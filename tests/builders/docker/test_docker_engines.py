"""How the docker builder finds its engine, and a legacy JSON template on both engines.

Without `docker_path`, Docker stays the engine even when its daemon does not
answer and podman would work: the build fails, and the error says podman is
there to choose (docs/architecture.md, "Containers", says why). A stopped
engine is simulated by DOCKER_HOST naming a socket nobody listens on.
"""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path

from tests.builders.docker.support import EngineUnderTest, build


def test_podman_is_found_when_docker_is_not_installed(
    tmp_path: Path, podman_engine_: EngineUnderTest
) -> None:
    only_podman = tmp_path / "bin"
    only_podman.mkdir()
    (only_podman / "podman").symlink_to("/usr/bin/podman")
    source = (
        'source "docker" "x" {\n  image = "kiln-test/debian:bookworm"\n  pull = false\n'
        "  discard = true\n}\n"
        'build {\n  sources = ["source.docker.x"]\n'
        '  provisioner "shell" {\n    inline = ["echo $container"]\n  }\n}\n'
    )
    ran = build(
        "kiln",
        tmp_path / "b",
        podman_engine_,
        {"t.pkr.hcl": source},
        env={"PATH": str(only_podman)},
    )
    assert ran.exit_code == 0, ran.output
    assert "    docker.x: Run command: podman run " in ran.output
    assert "    docker.x: podman" in ran.output  # podman tells its containers who runs them


def stopped(tmp_path: Path, docker_engine: EngineUnderTest) -> EngineUnderTest:
    """The docker engine's client, pointed at a socket nobody listens on."""
    env = {**docker_engine.env, "DOCKER_HOST": f"unix://{tmp_path}/none.sock"}
    return EngineUnderTest("docker", docker_engine.argv, env, docker_engine.image)


SOURCE = (
    'source "docker" "x" {{\n  image = "kiln-test/debian:bookworm"\n  pull = false\n'
    "  discard = true\n{extra}}}\n"
    'build {{\n  sources = ["source.docker.x"]\n'
    '  provisioner "shell" {{\n    inline = ["echo $container"]\n  }}\n}}\n'
)


def test_a_stopped_docker_is_an_error_that_names_podman(
    tmp_path: Path, docker_engine: EngineUnderTest, podman_engine_: EngineUnderTest
) -> None:
    gone = stopped(tmp_path, docker_engine)
    ran = build("kiln", tmp_path / "b", gone, {"t.pkr.hcl": SOURCE.format(extra="")})
    assert ran.exit_code == 1
    assert f"The Docker engine is not reachable at unix://{tmp_path}/none.sock" in ran.output
    assert "Start it (`dockerd`, or `systemctl start docker`)" in ran.output
    assert "is installed and works here: to build with it, set docker_path = " in ran.output
    assert "Traceback" not in ran.output
    assert podman_engine_.containers() == []


def test_a_stopped_docker_without_podman(tmp_path: Path, docker_engine: EngineUnderTest) -> None:
    only_docker = tmp_path / "bin"
    only_docker.mkdir()
    (only_docker / "docker").symlink_to(docker_engine.argv[0])
    gone = stopped(tmp_path, docker_engine)
    files = {"t.pkr.hcl": SOURCE.format(extra="")}
    ran = build("kiln", tmp_path / "b", gone, files, env={"PATH": str(only_docker)})
    assert ran.exit_code == 1
    assert "The Docker engine is not reachable at " in ran.output
    assert 'to build with podman instead, set docker_path = "podman".' in ran.output
    assert "works here" not in ran.output


def test_docker_path_podman_builds_while_docker_is_stopped(
    tmp_path: Path, docker_engine: EngineUnderTest, podman_engine_: EngineUnderTest
) -> None:
    gone = stopped(tmp_path, docker_engine)
    both = {**gone.env, **podman_engine_.env}
    files = {"t.pkr.hcl": SOURCE.format(extra='  docker_path = "podman"\n')}
    ran = build("kiln", tmp_path / "b", podman_engine_, files, env=both)
    assert ran.exit_code == 0, ran.output
    assert "    docker.x: Run command: podman run " in ran.output
    assert "    docker.x: podman" in ran.output


def test_a_legacy_json_template(tmp_path: Path, engine: EngineUnderTest) -> None:
    builder: dict[str, object] = {
        "type": "docker",
        "image": engine.image,
        "pull": False,
        "export_path": "out/{{user `name`}}.tar",
        "run_command": ["-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "{{.Image}}"],
    }
    if engine.name == "podman":
        builder["docker_path"] = "podman"
    template = {
        "variables": {"name": "legacy"},
        "builders": [builder],
        "provisioners": [{"type": "shell", "inline": ["echo json > /json.txt"]}],
        "post-processors": [
            [{"type": "docker-import", "repository": f"kiln/{engine.name}-json", "tag": "1",
              "keep_input_artifact": True}],
        ],
    }  # fmt: skip
    ran = build("kiln", tmp_path, engine, {"t.json": json.dumps(template)}, "t.json")
    assert ran.exit_code == 0, ran.output
    assert f"-- {engine.image}" in ran.output
    with tarfile.open(tmp_path / "out/legacy.tar") as exported:
        member = exported.extractfile("json.txt")
        assert member is not None and member.read() == b"json\n"
    assert engine.read_file(f"kiln/{engine.name}-json:1", "/json.txt") == "json\n"
    assert os.path.exists(tmp_path / "out/legacy.tar")
