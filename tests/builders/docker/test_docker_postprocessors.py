"""docker-import, docker-tag, docker-push (to a real registry, with a login) and
docker-save after the docker builder, through the real `kiln build`; and the
builder's own registry login."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

from tests.builders.docker.conftest import REGISTRY_PASSWORD, REGISTRY_USER
from tests.builders.docker.support import EngineUnderTest, build
from tests.infra.registry import Registry


def template(engine: EngineUnderTest, post: str, **options: object) -> dict[str, str]:
    provision = '  provisioner "shell" {\n    inline = ["echo made > /made.txt"]\n  }\n'
    return {
        "t.pkr.hcl": engine.source(**options)
        + f'build {{\n  sources = ["source.docker.x"]\n{provision}{post}\n}}\n'
    }


def login_block(registry: Registry, password: str = REGISTRY_PASSWORD) -> str:
    return (
        f'    login = true\n    login_server = "{registry.address}"\n'
        f'    login_username = "{REGISTRY_USER}"\n    login_password = "{password}"\n'
    )


def test_commit_tag_push_with_login(
    tmp_path: Path, engine: EngineUnderTest, registry: Registry, request: pytest.FixtureRequest
) -> None:
    if engine.name == "podman":
        request.getfixturevalue("podman_trusts")
    repository = f"{registry.address}/kiln/{engine.name}-pushed"
    post = f"""  post-processors {{
    post-processor "docker-tag" {{
      repository = "{repository}"
      tags       = ["a", "b"]
    }}
    post-processor "docker-push" {{
{login_block(registry)}    }}
  }}"""
    ran = build("kiln", tmp_path, engine, template(engine, post, commit=True))
    assert ran.exit_code == 0, ran.output
    assert registry.tags(f"kiln/{engine.name}-pushed") == ["a", "b"]
    for line in (
        f"    docker.x (docker-tag): Repository: {repository}:a",
        "    docker.x (docker-push): Logging in...",
        f"    docker.x (docker-push): Pushing: {repository}:b",
        "    docker.x (docker-push): Logging out...",
        f"--> docker.x: Imported Docker image: {repository}:b with tags {repository}:a "
        f"{repository}:b",
    ):
        assert line in ran.output
    assert REGISTRY_PASSWORD not in ran.output
    assert engine.read_file(f"{repository}:a", "/made.txt") == "made\n"


@pytest.mark.usefixtures("trusted")
def test_a_refused_push_login(tmp_path: Path, engine: EngineUnderTest, registry: Registry) -> None:
    post = f"""  post-processors {{
    post-processor "docker-tag" {{
      repository = "{registry.address}/kiln/{engine.name}-refused"
    }}
    post-processor "docker-push" {{
{login_block(registry, "wrong-password-5")}    }}
  }}"""
    ran = build("kiln", tmp_path, engine, template(engine, post, commit=True))
    assert ran.exit_code == 1
    assert "Error logging in to Docker: Error logging in: " in ran.output, ran.output
    assert "wrong-password-5" not in ran.output
    assert registry.tags(f"kiln/{engine.name}-refused") == []


def test_builder_login_errors(tmp_path: Path, engine: EngineUnderTest, registry: Registry) -> None:
    files = template(
        engine,
        "",
        commit=True,
        pull=True,
        login=True,
        login_server=registry.address,
        login_username=REGISTRY_USER,
        login_password="not-the-password-3",
    )
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 1
    assert "==> docker.x: Pulling Docker image: kiln-test/debian:bookworm" in ran.output
    assert "    docker.x: Logging in..." in ran.output
    assert "Error logging in: " in ran.output
    assert "not-the-password-3" not in ran.output
    assert "Traceback" not in ran.output


@pytest.mark.usefixtures("trusted")
def test_builder_login_then_pull(
    tmp_path: Path, engine: EngineUnderTest, registry: Registry
) -> None:
    pushed = f"{registry.address}/kiln/{engine.name}-base:1"
    engine.cli("tag", engine.image, pushed)
    engine.cli(
        "login", "-u", REGISTRY_USER, "--password-stdin", registry.address,
        input=REGISTRY_PASSWORD.encode(),
    )  # fmt: skip
    try:
        engine.cli("push", pushed)
    finally:
        engine.cli("logout", registry.address)
    engine.cli("rmi", pushed)
    files = template(
        engine,
        "",
        image=pushed,
        pull=True,
        discard=True,
        login=True,
        login_server=registry.address,
        login_username=REGISTRY_USER,
        login_password=REGISTRY_PASSWORD,
    )
    ran = build("kiln", tmp_path, engine, files)
    assert ran.exit_code == 0, ran.output
    assert "    docker.x: Logging in..." in ran.output
    assert "    docker.x: Logging out..." in ran.output
    assert REGISTRY_PASSWORD not in ran.output
    digest = engine.cli("inspect", "--format", "{{index .RepoDigests 0}}", pushed).strip()
    assert digest.startswith(f"{registry.address}/kiln/{engine.name}-base@sha256:")
    # The login was private to the build: the user's own client configuration has none.
    assert registry.address not in client_logins(engine)
    engine.cli("rmi", pushed)


def client_logins(engine: EngineUnderTest) -> str:
    """The text of the engine client's own login file (empty when there is none)."""
    where = engine.env.get("REGISTRY_AUTH_FILE") or f"{engine.env['DOCKER_CONFIG']}/config.json"
    path = Path(where)
    return path.read_text() if path.exists() else ""


def test_export_import_and_save(tmp_path: Path, engine: EngineUnderTest) -> None:
    repository = f"kiln/{engine.name}-imported"
    post = f"""  post-processors {{
    post-processor "docker-import" {{
      repository = "{repository}"
      tag        = "7"
      changes    = ["EXPOSE 80 443", "ENV MODE=imported", "LABEL source=kiln"]
    }}
    post-processor "docker-save" {{
      path = "saved.tar"
    }}
  }}"""
    ran = build("kiln", tmp_path, engine, template(engine, post, export_path="image.tar"))
    assert ran.exit_code == 0, ran.output
    assert f"    docker.x (docker-import): Repository: {repository}:7" in ran.output
    assert "    docker.x (docker-save): Saved to: saved.tar" in ran.output
    # docker-import does not keep its input by default: the exported tar is gone.
    assert not (tmp_path / "image.tar").exists()
    config = engine.image_config(f"{repository}:7")
    assert set(config["ExposedPorts"]) == {"80/tcp", "443/tcp"}
    assert "MODE=imported" in config["Env"] and config["Labels"] == {"source": "kiln"}
    assert engine.read_file(f"{repository}:7", "/made.txt") == "made\n"
    with tarfile.open(tmp_path / "saved.tar") as saved:
        manifest = saved.extractfile("manifest.json")
        assert manifest is not None
        assert json.load(manifest)[0]["RepoTags"][0].endswith(f"{repository}:7")


def test_post_processors_refuse_other_artifacts(tmp_path: Path, engine: EngineUnderTest) -> None:
    post = '  post-processor "docker-push" {}'
    ran = build("kiln", tmp_path, engine, template(engine, post, export_path="i.tar"))
    assert ran.exit_code == 1
    assert "Unknown artifact type: packer.docker" in ran.output
    assert "Can only import from docker-import and docker-tag artifacts." in ran.output
    post = '  post-processor "docker-import" {\n    repository = "kiln/never"\n  }'
    ran = build("kiln", tmp_path / "commit", engine, template(engine, post, commit=True))
    assert ran.exit_code == 1
    assert "Unknown artifact type: packer.post-processor.docker-import" in ran.output
    assert "Can only import from Docker builder and Artifice post-processor" in ran.output
    post = '  post-processor "docker-save" {\n    path = "s.tar"\n  }'
    ran = build("kiln", tmp_path / "save", engine, template(engine, post, export_path="i.tar"))
    assert ran.exit_code == 1
    assert "Can only save Docker builder artifacts." in ran.output
    assert "Traceback" not in ran.output
