"""examples/docker.pkr.hcl builds as its comments say, with dockerd and with podman."""

from __future__ import annotations

import json
from pathlib import Path

from tests.builders.docker.support import EngineUnderTest, build

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "docker.pkr.hcl"


def test_the_docker_example(tmp_path: Path, engine: EngineUnderTest) -> None:
    ran = build("kiln", tmp_path, engine, {}, "-var", f"engine={engine.name}", str(EXAMPLE))
    assert ran.exit_code == 0, ran.output
    assert "kiln-example/web:latest" in ran.output
    assert engine.cli("run", "--rm", "kiln-example/web:latest") == "<h1>Built by Kiln</h1>\n"
    config = engine.image_config("kiln-example/web:latest")
    assert config["WorkingDir"] == "/srv/www" and "8080/tcp" in config["ExposedPorts"]
    manifest = json.loads((tmp_path / "docker-manifest.json").read_text())
    assert manifest["builds"][0]["builder_type"] == "docker"
    engine.cli("rmi", "kiln-example/web:latest")
