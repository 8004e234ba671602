"""The docker post-processors' remaining options on both engines: docker-tag `force`,
docker-push without a login and with `keep_input_artifact`, `platform` on
docker-import and docker-push, and `ecr_login` (builder and docker-push) against
moto's AWS API emulator, whose ECR login the test registry accepts under an
ECR name."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.builders.docker.conftest import ecr_server
from tests.builders.docker.support import EngineUnderTest, build
from tests.builders.docker.test_docker_postprocessors import template
from tests.infra.aws_emulator import ECR_HOST, ECR_USER, AwsEmulator, ecr_password
from tests.infra.dockerd import hosts_file, with_hosts
from tests.infra.registry import Registry

AWS_SECRET = "emulated-aws-secret-9"
Wrap = Callable[[list[str]], list[str]]


def image_id(engine: EngineUnderTest, name: str) -> str:
    return engine.cli("inspect", "--format", "{{.Id}}", name).strip().removeprefix("sha256:")


def test_tag_force_moves_an_existing_tag(tmp_path: Path, engine: EngineUnderTest) -> None:
    taken = f"kiln/{engine.name}-forced:1"
    engine.cli("tag", engine.image, taken)
    post = f"""  post-processor "docker-tag" {{
    repository = "kiln/{engine.name}-forced"
    tags       = ["1"]
    force      = true
  }}"""
    ran = build("kiln", tmp_path, engine, template(engine, post, commit=True))
    assert ran.exit_code == 0, ran.output
    committed = ran.output.split("Image ID: ")[1].split()[0].removeprefix("sha256:")
    assert image_id(engine, taken) == committed != image_id(engine, engine.image)
    assert engine.read_file(taken, "/made.txt") == "made\n"


@pytest.mark.usefixtures("trusted")
@pytest.mark.parametrize("keep", [False, True])
def test_push_without_login_and_keep_input_artifact(
    tmp_path: Path, engine: EngineUnderTest, open_registry: Registry, keep: bool
) -> None:
    repository = f"{open_registry.address}/kiln/{engine.name}-kept-{str(keep).lower()}"
    post = f"""  post-processors {{
    post-processor "docker-tag" {{
      repository = "{repository}"
      tags       = ["2"]
    }}
    post-processor "docker-push" {{
      keep_input_artifact = {str(keep).lower()}
    }}
  }}"""
    ran = build("kiln", tmp_path, engine, template(engine, post, commit=True))
    assert ran.exit_code == 0, ran.output
    assert "Logging in..." not in ran.output
    assert f"    docker.x (docker-push): Pushing: {repository}:2" in ran.output
    assert open_registry.tags(repository.split("/", 1)[1]) == ["2"]
    local = engine.cli("images", "--format", "{{.Repository}}:{{.Tag}}").split()
    # Without keep_input_artifact the tagged input is removed once pushed (as Packer).
    assert (f"{repository}:2" in local) is keep


def test_import_platform(tmp_path: Path, engine: EngineUnderTest) -> None:
    repository = f"kiln/{engine.name}-platform-import"
    post = f"""  post-processor "docker-import" {{
    repository = "{repository}"
    tag        = "1"
    platform   = "linux/amd64"
  }}"""
    ran = build("kiln", tmp_path, engine, template(engine, post, export_path="image.tar"))
    assert ran.exit_code == 0, ran.output
    found = engine.cli("inspect", "--format", "{{.Os}}/{{.Architecture}}", f"{repository}:1")
    assert found.strip() == "linux/amd64"
    assert engine.read_file(f"{repository}:1", "/made.txt") == "made\n"


@pytest.mark.usefixtures("trusted")
def test_push_platform(tmp_path: Path, engine: EngineUnderTest, open_registry: Registry) -> None:
    repository = f"{open_registry.address}/kiln/{engine.name}-platform-push"

    def post(platform: str, tag: str) -> str:
        return f"""  post-processors {{
    post-processor "docker-tag" {{
      repository = "{repository}"
      tags       = ["{tag}"]
    }}
    post-processor "docker-push" {{
      platform = "{platform}"
    }}
  }}"""

    ran = build(
        "kiln", tmp_path / "same", engine, template(engine, post("linux/amd64", "ok"), commit=True)
    )
    assert ran.exit_code == 0, ran.output
    assert open_registry.tags(repository.split("/", 1)[1]) == ["ok"]
    other = template(engine, post("linux/arm64/v8", "no"), commit=True)
    ran = build("kiln", tmp_path / "other", engine, other)
    assert ran.exit_code == 1
    assert f"Error pushing image: {repository}:no is a linux/amd64 image, not linux/arm64/v8" in (
        ran.output
    )
    assert open_registry.tags(repository.split("/", 1)[1]) == ["ok"]
    assert "Traceback" not in ran.output


def ecr_options(server: str) -> dict[str, object]:
    return {
        "ecr_login": True,
        "login_server": server,
        "aws_access_key": "AKIAKILNTESTS",
        "aws_secret_key": AWS_SECRET,
    }


def body(options: dict[str, object]) -> str:
    """HCL attribute lines for a post-processor block."""
    return "".join(f"      {key} = {json.dumps(value)}\n" for key, value in options.items())


def ecr_names(engine: EngineUnderTest, directory: Path) -> Wrap | None:
    """With podman (no daemon), Kiln itself must resolve the ECR name; dockerd does already."""
    if engine.name != "podman":
        return None
    directory.mkdir(parents=True, exist_ok=True)
    hosts = hosts_file(directory / "hosts", [ECR_HOST])
    return lambda argv: with_hosts(argv, hosts)


def push_to_ecr(engine: EngineUnderTest, server: str, name: str, wrap: Wrap | None) -> None:
    """The base image pushed to the registry under its ECR name, with ECR's login."""
    client = engine if wrap is None else replace(engine, argv=wrap(engine.argv))
    engine.cli("tag", engine.image, name)
    client.cli("login", "-u", ECR_USER, "--password-stdin", server, input=ecr_password().encode())
    try:
        client.cli("push", name)
    finally:
        client.cli("logout", server)
    engine.cli("rmi", name)


@pytest.mark.usefixtures("trusted")
def test_ecr_login_for_the_pull_and_the_push(
    tmp_path: Path, engine: EngineUnderTest, registry: Registry, aws: AwsEmulator
) -> None:
    server = ecr_server(registry)
    wrap = ecr_names(engine, tmp_path)
    base = f"{server}/kiln/{engine.name}-ecr-base:1"
    push_to_ecr(engine, server, base, wrap)
    pushed = f"{server}/kiln/{engine.name}-ecr-pushed"
    post = f"""  post-processors {{
    post-processor "docker-tag" {{
      repository = "{pushed}"
      tags       = ["1"]
    }}
    post-processor "docker-push" {{
{body(ecr_options(server))}    }}
  }}"""
    files = template(engine, post, image=base, pull=True, commit=True, **ecr_options(server))
    ran = build("kiln", tmp_path / "b", engine, files, env=aws.env, wrap=wrap)
    assert ran.exit_code == 0, ran.output
    for line in (
        f"==> docker.x: Pulling Docker image: {base}",
        "    docker.x: Fetching ECR credentials...",
        "    docker.x: Logging in...",
        "    docker.x: Logging out...",
        "    docker.x (docker-push): Fetching ECR credentials...",
        "    docker.x (docker-push): Logging in...",
        f"    docker.x (docker-push): Pushing: {pushed}:1",
    ):
        assert line in ran.output, line
    assert registry.tags(f"kiln/{engine.name}-ecr-pushed") == ["1"]
    assert ecr_password() not in ran.output and AWS_SECRET not in ran.output
    engine.cli("rmi", base)


def test_ecr_errors(tmp_path: Path, engine: EngineUnderTest, aws: AwsEmulator) -> None:
    wrong = "registry.example.invalid"
    files = template(engine, "", pull=True, commit=True, **ecr_options(wrong))
    ran = build("kiln", tmp_path / "pull", engine, files, env=aws.env)
    assert ran.exit_code == 1
    parse = f"Failed to parse the ECR URL: {wrong} it should be on the form <account number>."
    assert f"==> docker.x: Error fetching ECR credentials: {parse}" in ran.output
    post = f"""  post-processors {{
    post-processor "docker-tag" {{
      repository = "kiln/{engine.name}-ecr-never"
    }}
    post-processor "docker-push" {{
{body(ecr_options(wrong))}    }}
  }}"""
    ran = build("kiln", tmp_path / "push", engine, template(engine, post, commit=True), env=aws.env)
    assert ran.exit_code == 1
    assert "    docker.x (docker-push): Fetching ECR credentials..." in ran.output
    assert parse in ran.output
    assert AWS_SECRET not in ran.output and "Traceback" not in ran.output


def test_save_without_keep_input_artifact_removes_the_image(
    tmp_path: Path, engine: EngineUnderTest
) -> None:
    repository = f"kiln/{engine.name}-saved-not-kept"
    post = f"""  post-processors {{
    post-processor "docker-tag" {{
      repository = "{repository}"
      tags       = ["1"]
    }}
    post-processor "docker-save" {{
      path                = "saved.tar"
      keep_input_artifact = false
    }}
  }}"""
    ran = build("kiln", tmp_path, engine, template(engine, post, commit=True))
    assert ran.exit_code == 0, ran.output
    assert (tmp_path / "saved.tar").stat().st_size > 0
    # As Packer 1.6.6: the core destroys the input artifact, the tagged image.
    local = engine.cli("images", "--format", "{{.Repository}}:{{.Tag}}").split()
    assert f"{repository}:1" not in local and f"localhost/{repository}:1" not in local
