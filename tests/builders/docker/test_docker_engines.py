"""How the docker builder finds its engine, and a legacy JSON template on both engines."""

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
