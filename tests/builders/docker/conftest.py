"""Engines shared by the docker builder's tests: started once per session.

- `docker_engine`: a private dockerd (tests/infra/dockerd.py) with the base image imported;
- `podman_engine`: podman with private storage (tests/infra/podman.py), base image imported;
- `engine`: either of them, for tests parametrized over both (`ENGINES`);
- `registry`: a docker-registry on loopback that wants a login (tests/infra/registry.py),
  also answering as Amazon ECR (`ECR_HOST`, resolved to loopback by the engines) with the
  login the AWS emulator's ECR hands out; `open_registry`: one that wants none;
- `aws`: moto's AWS API emulator (tests/infra/aws_emulator.py).

The base image is the cached Debian tar of tests/infra/base_image.py. The docker
client is Debian's (`DOCKER_CLIENT`), whatever `docker` comes first on PATH.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.builders.docker.support import EngineUnderTest
from tests.infra import backends
from tests.infra.aws_emulator import ECR_HOST, ECR_USER, AwsEmulator, aws_emulator, ecr_password
from tests.infra.base_image import IMAGE, base_image_tar, import_into
from tests.infra.dockerd import DOCKER_CLIENT, dockerd_engine
from tests.infra.podman import podman_engine, write_registries
from tests.infra.registry import Registry, registry_server

ENGINES = ["docker", "podman"]
REGISTRY_USER = "kiln"
REGISTRY_PASSWORD = "registry-secret-7"


@pytest.fixture(scope="session")
def base_tar() -> str:
    """The base image tar (built on first use today, then cached)."""
    backends.require("root", "mmdebstrap")
    return str(base_image_tar())


@pytest.fixture(scope="session")
def docker_engine(
    tmp_path_factory: pytest.TempPathFactory, base_tar: str
) -> Iterator[EngineUnderTest]:
    """A private dockerd for the session, holding the base image."""
    backends.require("root", "dockerd", "docker", "runc")
    with dockerd_engine(tmp_path_factory.mktemp("dockerd"), hosts=[ECR_HOST]) as engine:
        import_into([DOCKER_CLIENT], engine.env)
        yield EngineUnderTest("docker", [DOCKER_CLIENT], engine.env, IMAGE)


@pytest.fixture(scope="session")
def podman_engine_(
    tmp_path_factory: pytest.TempPathFactory, base_tar: str
) -> Iterator[EngineUnderTest]:
    """podman with private storage for the session, holding the base image."""
    backends.require("root", "podman", "runc")
    with podman_engine(tmp_path_factory.mktemp("podman")) as engine:
        import_into(["podman"], engine.env)
        yield EngineUnderTest("podman", ["podman"], engine.env, IMAGE, root=engine.root)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> EngineUnderTest:
    """Each engine in turn."""
    fixture = "docker_engine" if request.param == "docker" else "podman_engine_"
    chosen: EngineUnderTest = request.getfixturevalue(fixture)
    return chosen


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    """A registry on loopback that wants REGISTRY_USER's login (or ECR's, as ECR_HOST)."""
    backends.require("docker-registry")
    root = tmp_path_factory.mktemp("registry")
    users = {REGISTRY_USER: REGISTRY_PASSWORD, ECR_USER: ecr_password()}
    with registry_server(root, users) as server:
        yield server


@pytest.fixture(scope="session")
def open_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    """A registry on loopback that wants no login."""
    backends.require("docker-registry")
    with registry_server(tmp_path_factory.mktemp("open-registry")) as server:
        yield server


@pytest.fixture(scope="session")
def aws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AwsEmulator]:
    """moto's AWS API emulator (its ECR hands out the registry's ECR login)."""
    with aws_emulator(tmp_path_factory.mktemp("aws")) as emulator:
        yield emulator


def ecr_server(registry: Registry) -> str:
    """The registry's address under its ECR name."""
    return f"{ECR_HOST}:{registry.address.rsplit(':', 1)[1]}"


@pytest.fixture
def podman_trusts(
    registry: Registry, open_registry: Registry, podman_engine_: EngineUnderTest
) -> Registry:
    """The registry, with podman told it (and the open one, and its ECR name) speak HTTP."""
    assert podman_engine_.root is not None
    trusted = [registry.address, open_registry.address, ecr_server(registry)]
    write_registries(podman_engine_.root, trusted)
    return registry


@pytest.fixture
def trusted(request: pytest.FixtureRequest, engine: EngineUnderTest) -> None:
    """For an `engine` test using registries: podman trusts them (Docker trusts loopback)."""
    if engine.name == "podman":
        request.getfixturevalue("podman_trusts")


@pytest.fixture(autouse=True)
def _no_container_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test must leave its engine without containers."""
    yield
    for name in ("docker_engine", "podman_engine_"):
        if name in request.fixturenames:
            under_test: EngineUnderTest = request.getfixturevalue(name)
            assert under_test.containers() == [], f"{under_test.name} has containers left"
