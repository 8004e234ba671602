"""examples/debian-vm.pkr.hcl, the README's VM example, builds as it says."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.conftest import KilnRunner
from tests.infra.vm_image import package_cache

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "debian-vm.pkr.hcl"

pytestmark = pytest.mark.backend("root", "mmdebstrap", "mtools", "sfdisk", "qemu-img")


def test_the_vm_example_builds_a_qcow2_an_ova_and_checksums(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    shutil.copy(EXAMPLE, tmp_path)
    done = kiln(
        "build", "-var", "public_key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample kiln@example",
        EXAMPLE.name,
        cwd=tmp_path, env={"PACKER_CACHE_DIR": str(package_cache())}, timeout=1800,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    output = tmp_path / "output-debian-vm"
    assert sorted(path.name for path in output.iterdir()) == [
        "debian.ova",
        "debian.qcow2",
        "sha256SUMS",
    ]
    check = subprocess.run(
        ["sha256sum", "-c", "sha256SUMS"], cwd=output, capture_output=True, text=True, check=False
    )
    assert check.returncode == 0 and "debian.qcow2: OK" in check.stdout, check.stdout
    with tarfile.open(output / "debian.ova") as ova:
        assert [Path(name).suffix for name in ova.getnames()] == [".ovf", ".mf", ".vmdk"]
