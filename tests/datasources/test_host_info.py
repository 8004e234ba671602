"""The `host-info` data source (plugin github.com/stromweld/host-info) runs
locally: its outputs describe this machine as the plugin documents them.

Through the CLI, the values are compared with what this Debian machine's own
tools say (`uname`, `dpkg --print-architecture`, /etc/debian_version); the
distribution table is checked on os-release files written as other
distributions ship them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kiln.datasources.host_info.facts import linux_distribution
from tests.conftest import KilnRunner

TEMPLATE = """\
data "host-info" "this" {}

locals {
  host_os = try(data.host-info.this.os_type, "unknown")
  accel   = local.host_os == "darwin" ? "hvf" : (local.host_os == "windows" ? "whpx" : "kvm")
}
"""


def _tool(*argv: str) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()


def test_outputs_describe_this_machine(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text(TEMPLATE)
    result = kiln("console", "t.pkr.hcl", input="jsonencode(data.host-info.this)\n")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts == {
        "os_type": _tool("uname", "-s").lower(),
        # Debian's architecture names are Go's for the 64-bit machines.
        "architecture": _tool("dpkg", "--print-architecture"),
        "platform": "debian",
        "version": Path("/etc/debian_version").read_text().splitlines()[0],
        "family": "debian",
    }


def test_bento_style_locals_use_it(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text(TEMPLATE)
    result = kiln("inspect", "t.pkr.hcl")
    assert result.exit_code == 0, result.output
    assert 'local.accel: "kvm"\nlocal.host_os: "linux"\n' in result.stdout
    result = kiln("validate", "-evaluate-datasources", "t.pkr.hcl")
    assert (result.exit_code, result.stdout) == (0, "The configuration is valid.\n")


def test_it_takes_no_options(kiln: KilnRunner, tmp_path: Path) -> None:
    (tmp_path / "t.pkr.hcl").write_text('data "host-info" "this" {\n  os = "linux"\n}\n')
    result = kiln("validate", "t.pkr.hcl")
    assert result.exit_code == 1
    assert "Error: Unsupported argument" in result.stderr
    assert "on t.pkr.hcl line 2:" in result.stderr


@pytest.mark.parametrize(
    ("os_release", "debian_version", "expected"),
    [
        ('ID=debian\nVERSION_ID="12"\n', "12.11\n", ("debian", "12.11", "debian")),
        (
            'ID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n',
            "trixie/sid\n",
            ("ubuntu", "24.04", "debian"),
        ),
        ('ID="rhel"\nVERSION_ID="9.4"\n', None, ("redhat", "9.4", "rhel")),
        ('ID="rocky"\nVERSION_ID="9.3"\n', None, ("rocky", "9.3", "rhel")),
        ('ID="ol"\nVERSION_ID="8.9"\n', None, ("oracle", "8.9", "rhel")),
        ('ID="amzn"\nVERSION_ID="2023"\n', None, ("amazon", "2023", "rhel")),
        ("ID=fedora\nVERSION_ID=40\n", None, ("fedora", "40", "fedora")),
        ('ID="opensuse-leap"\nVERSION_ID="15.6"\n', None, ("opensuse-leap", "15.6", "suse")),
        ("ID=alpine\nVERSION_ID=3.20.1\n", None, ("alpine", "3.20.1", "alpine")),
        ("# a comment\nID=nixos\nVERSION_ID='24.05'\n", None, ("nixos", "24.05", "")),
        (None, None, ("", "", "")),
    ],
)
def test_distributions(
    tmp_path: Path,
    os_release: str | None,
    debian_version: str | None,
    expected: tuple[str, str, str],
) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    if os_release is not None:
        (etc / "os-release").write_text(os_release)
    if debian_version is not None:
        (etc / "debian_version").write_text(debian_version)
    assert linux_distribution(etc) == expected


def test_os_release_in_usr_lib_is_read_too(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "usr" / "lib").mkdir(parents=True)
    (tmp_path / "usr" / "lib" / "os-release").write_text("ID=arch\n")
    assert linux_distribution(tmp_path / "etc") == ("arch", "", "arch")
