"""Engines shared by the docker builder's tests: started once per session.

- `docker_engine`: a private dockerd (tests/infra/dockerd.py) with the base image imported;
- `podman_engine`: podman with private storage (tests/infra/podman.py), base image imported;
- `engine`: either of them, for tests parametrized over both (`ENGINES`);
- `registry`: a docker-registry on loopback that wants a login (tests/infra/registry.py).

The base image is the cached Debian tar of tests/infra/base_image.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.builders.docker.support import EngineUnderTest
from tests.infra import backends
from tests.infra.base_image import IMAGE, base_image_tar, import_into
from tests.infra.dockerd import dockerd_engine
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
    with dockerd_engine(tmp_path_factory.mktemp("dockerd")) as engine:
        import_into(["docker"], engine.env)
        yield EngineUnderTest("docker", ["docker"], engine.env, IMAGE)


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
    """A registry on loopback that wants REGISTRY_USER's login."""
    backends.require("docker-registry")
    root = tmp_path_factory.mktemp("registry")
    with registry_server(root, {REGISTRY_USER: REGISTRY_PASSWORD}) as server:
        yield server


@pytest.fixture
def podman_trusts(registry: Registry, podman_engine_: EngineUnderTest) -> Registry:
    """The registry, with podman told it speaks plain HTTP."""
    assert podman_engine_.root is not None
    write_registries(podman_engine_.root, [registry.address])
    return registry


@pytest.fixture(autouse=True)
def _no_container_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test must leave its engine without containers."""
    yield
    for name in ("docker_engine", "podman_engine_"):
        if name in request.fixturenames:
            under_test: EngineUnderTest = request.getfixturevalue(name)
            assert under_test.containers() == [], f"{under_test.name} has containers left"
