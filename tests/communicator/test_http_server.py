"""The build's HTTP server (`StartHTTPServer`, Packer's StepHTTPServer), served for real.

The step runs with a real `BuildRun`/`BuildState`; files are fetched with
urllib from this machine, and by the sshd test host (the "guest") through a
`shell` provisioner that reads `PACKER_HTTP_ADDR`, as an installer would.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiln.builders.common.http import HTTPConfig
from kiln.builders.common.http_server import StartHTTPServer
from kiln.builders.null import NullConfig
from kiln.communicator.connect import Connect
from kiln.components.runtime import BuildState
from kiln.errors import KilnError
from kiln.provisioners.shell import ShellConfig, ShellProvisioner
from tests.communicator.conftest import Recorder, build_state, login_options
from tests.infra.sshd_host import SSHHost


def _free_ports(count: int) -> list[int]:
    """`count` consecutive ports nothing listens on right now."""
    for base in range(31000, 60000, 7):
        ports = list(range(base, base + count))
        if all(_is_free(port) for port in ports):
            return ports
    raise AssertionError("no free ports")


def _is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _started(**options: Any) -> tuple[StartHTTPServer, BuildState, Recorder]:
    state, recorder = build_state()
    step = StartHTTPServer(HTTPConfig(**options))
    step.run(state)
    return step, state, recorder


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "http"
    (root / "preseed").mkdir(parents=True)
    (root / "ks.cfg").write_text("install\nreboot\n")
    (root / "preseed" / "debian.cfg").write_text("d-i debian-installer/locale string en_US\n")
    return root


@pytest.fixture
def ports() -> Iterator[list[int]]:
    yield _free_ports(3)


def test_http_directory_is_served_until_cleanup(site: Path, ports: list[int]) -> None:
    step, state, recorder = _started(
        http_directory=str(site),
        http_bind_address="127.0.0.1",
        http_port_min=ports[0],
        http_port_max=ports[-1],
    )
    port = state.data["http_port"]
    try:
        assert port in ports
        assert state.data["http_ip"] == "127.0.0.1"
        values = state.run.values
        assert values["PackerHTTPIP"] == "127.0.0.1"
        assert values["PackerHTTPPort"] == str(port)
        assert values["PackerHTTPAddr"] == f"127.0.0.1:{port}"
        assert state.run.environment()["PACKER_HTTP_ADDR"] == f"127.0.0.1:{port}"
        assert recorder.texts == [f"Starting HTTP server on address 127.0.0.1 and port {port}"]
        base = f"http://127.0.0.1:{port}"
        assert _get(f"{base}/ks.cfg") == (200, "install\nreboot\n")
        assert _get(f"{base}/preseed/debian.cfg")[1].startswith("d-i debian-installer")
        status, listing = _get(f"{base}/")
        assert status == 200 and "ks.cfg" in listing and "preseed/" in listing
        assert _get(f"{base}/missing.cfg")[0] == 404
        # Nothing outside the directory is reachable.
        assert _get(f"{base}/../../etc/passwd")[0] == 404
    finally:
        step.cleanup(state)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/ks.cfg", timeout=5)


def test_http_content_serves_text_from_memory(ports: list[int]) -> None:
    content = {"/ks.cfg": "from memory\n", "/user-data": "#cloud-config\n"}
    step, state, _ = _started(
        http_content=content,
        http_bind_address="127.0.0.1",
        http_port_min=ports[0],
        http_port_max=ports[-1],
    )
    base = f"http://127.0.0.1:{state.data['http_port']}"
    try:
        assert _get(f"{base}/ks.cfg") == (200, "from memory\n")
        assert _get(f"{base}/./user-data") == (200, "#cloud-config\n")
        assert _get(f"{base}/ks.cgf") == (404, '/ks.cgf not found. Did you mean "/ks.cfg"?\n')
    finally:
        step.cleanup(state)


def test_the_port_is_a_free_one_of_the_range(site: Path, ports: list[int]) -> None:
    # Two of the three ports are taken: the server must find the third.
    taken = [socket.socket(), socket.socket()]
    try:
        for sock, port in zip(taken, ports[:2], strict=True):
            sock.bind(("127.0.0.1", port))
            sock.listen()
        step, state, _ = _started(
            http_directory=str(site),
            http_bind_address="127.0.0.1",
            http_port_min=ports[0],
            http_port_max=ports[-1],
        )
        try:
            assert state.data["http_port"] == ports[2]
            with pytest.raises(KilnError, match=rf"every port from {ports[2]} to {ports[2]}"):
                _started(
                    http_directory=str(site),
                    http_bind_address="127.0.0.1",
                    http_port_min=ports[2],
                    http_port_max=ports[2],
                )
        finally:
            step.cleanup(state)
    finally:
        for sock in taken:
            sock.close()


def test_problems_are_reported_before_anything_listens(tmp_path: Path, ports: list[int]) -> None:
    with pytest.raises(KilnError, match=r"Error finding .*nowhere.*: no such file or directory"):
        _started(http_directory=str(tmp_path / "nowhere"))
    with pytest.raises(KilnError, match=r"cannot listen on 192\.0\.2\.1"):
        _started(
            http_content={"/a": "b"},
            http_bind_address="192.0.2.1",
            http_port_min=ports[0],
            http_port_max=ports[0],
        )


def test_nothing_to_serve_gives_port_zero_as_packer(ports: list[int]) -> None:
    step, state, recorder = _started()
    step.cleanup(state)
    assert state.data["http_port"] == 0
    assert state.run.values["PackerHTTPPort"] == "0"
    assert state.run.values["PackerHTTPAddr"] == "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER"
    assert recorder.texts == []


@pytest.mark.backend("netns", "sshd", "ssh")
def test_the_guest_fetches_files_through_packer_http_addr(
    ssh_host: SSHHost, site: Path, ports: list[int]
) -> None:
    state, recorder = build_state()
    # What a VM builder's address-discovery step does: the address the guest reaches us by.
    state.data["http_ip"] = ssh_host.gateway
    server = StartHTTPServer(
        HTTPConfig(http_directory=str(site), http_port_min=ports[0], http_port_max=ports[-1])
    )
    connect = Connect(NullConfig(communicator="ssh", **login_options(ssh_host)))
    fetch = (
        'python3 -c "import os, urllib.request; '
        "print(urllib.request.urlopen('http://' + os.environ['PACKER_HTTP_ADDR'] + "
        "'/preseed/debian.cfg').read().decode())\""
    )
    shell = ShellProvisioner(
        ShellConfig(
            inline=[
                "echo ip=$PACKER_HTTP_IP port=$PACKER_HTTP_PORT",
                fetch,
                "echo value={{ .PackerHTTPAddr }}",
            ]
        )
    )
    try:
        server.run(state)
        connect.run(state)
        shell.provision(state.run, state.communicator)
    finally:
        connect.cleanup(state)
        server.cleanup(state)
        state.run.remove_scratch()
    port = state.data["http_port"]
    said = recorder.texts
    assert f"Starting HTTP server on address {ssh_host.gateway} and port {port}" in said
    assert f"ip={ssh_host.gateway} port={port}" in said
    assert "d-i debian-installer/locale string en_US" in said
    assert f"value={ssh_host.gateway}:{port}" in said
