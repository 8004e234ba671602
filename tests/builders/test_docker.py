"""The `docker` builder's options."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiln.builders.docker import DockerConfig
from kiln.hcl.types import BOOL
from kiln.hcl.values import Value
from kiln.ui.redact import forget_secrets, redact
from tests.components.support import config_of, decode_hcl, decode_json, errors


def decode(body: str, variables: dict[str, Value] | None = None) -> list[str]:
    return errors(decode_hcl(DockerConfig, f'source "docker" "x" {{\n{body}\n}}', variables))


def test_defaults() -> None:
    text = 'source "docker" "x" {\n image = "ubuntu:22.04"\n commit = true\n}'
    config = config_of(decode_hcl(DockerConfig, text))
    assert config.communicator == "docker"
    assert (config.pull, config.fix_upload_owner, config.privileged) == (True, True, False)
    assert config.volumes == {}


def test_options_of_a_real_template() -> None:
    text = """source "docker" "ubuntu" {
      image        = "ubuntu:jammy"
      export_path  = "image.tar"
      pull         = false
      run_command  = ["-d", "-i", "-t", "--entrypoint=/bin/bash", "--", "{{.Image}}"]
      changes      = ["USER ubuntu", "EXPOSE 8080"]
      volumes      = { "/tmp/cache" = "/cache" }
      cap_add      = ["SYS_ADMIN"]
      platform     = "linux/amd64"
      login          = true
      login_server   = "registry.example.com"
      login_username = "me"
      login_password = "registry-pass-1"
    }"""
    forget_secrets()
    config = config_of(decode_hcl(DockerConfig, text))
    assert config.run_command[3] == "--entrypoint=/bin/bash"
    assert config.volumes == {"/tmp/cache": "/cache"}
    assert redact("docker login -p registry-pass-1") == "docker login -p <sensitive>"
    forget_secrets()


def test_an_image_is_required() -> None:
    assert decode("commit = true") == [
        'Missing required argument; The argument "image" is required, but no definition was found.'
    ]
    assert decode('image = ""\ncommit = true') == ["Image must be specified"]


@pytest.mark.parametrize(
    "body",
    ["commit = true\ndiscard = true", 'commit = true\nexport_path = "a.tar"'],
)
def test_one_way_to_keep_the_result(body: str) -> None:
    assert decode(f'image = "i"\n{body}') == [
        "Cannot specify more than one of commit, discard, and export_path"
    ]


def test_some_way_to_keep_the_result() -> None:
    assert decode('image = "i"') == [
        "No instructions given for handling the artifact; expected commit, discard, or export_path"
    ]
    unknown = {"c": Value.unknown(BOOL)}
    assert decode('image = "i"\ncommit = var.c', unknown) == []


def test_export_path_is_a_file(tmp_path: Path) -> None:
    assert decode(f'image = "i"\nexport_path = "{tmp_path}"') == [
        "export_path must be a file, not a directory"
    ]


def test_ecr_login_needs_a_server() -> None:
    assert decode('image = "i"\ndiscard = true\necr_login = true') == [
        "ECR login requires login server to be provided."
    ]


def test_docker_communicators_are_accepted_and_others_checked() -> None:
    assert decode('image = "i"\ndiscard = true\ncommunicator = "dockerWindowsContainer"') == []
    assert decode('image = "i"\ndiscard = true\ncommunicator = "podman"') == [
        "Communicator type podman is invalid; valid types: "
        '"docker", "dockerWindowsContainer", "ssh", "winrm", "none"'
    ]
    assert decode('image = "i"\ndiscard = true\ncommunicator = "ssh"\nssh_host = "h"') == [
        "An ssh_username must be specified\n"
        '  Note: some builders used to default ssh_username to "root".'
    ]


def test_json_template() -> None:
    config = config_of(decode_json(DockerConfig, '{"image": "alpine", "discard": true}'))
    assert config.discard is True
