"""End to end: a qemu build (the busybox guest under TCG, tests/builders/qemu/support.py)
whose artifact `convert` packs as an OVA and `vagrant` boxes for libvirt, as Packer's
qemu artifact (`transcend.qemu`, with diskName/diskType/diskSize/domainType) is boxed."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

from tests.builders.qemu.support import guest_source, kiln_env, make_iso
from tests.conftest import KilnRunner
from tests.postprocessors.disk_images import check, info
from tests.postprocessors.ovf_checks import check_descriptor, check_manifest, read_ova


@pytest.mark.backend("qemu", "qemu-img")
def test_qemu_artifact_becomes_an_ova_and_a_libvirt_box(kiln: KilnRunner, tmp_path: Path) -> None:
    checksum = make_iso(tmp_path / "boot.iso", {"readme.txt": "installer"})
    body = f"""
  iso_url      = "boot.iso"
  iso_checksum = "sha256:{checksum}"
  communicator = "none"
  boot_wait    = "1s"
  vm_name      = "guest.qcow2"
"""
    source = guest_source("images", body)
    build_block = """build {
  sources = ["source.qemu.images"]
  post-processors {
    post-processor "convert" {
      format              = "ova"
      output              = "dist/{{.BuildName}}.ova"
      keep_input_artifact = true
    }
  }
  post-processors {
    post-processor "vagrant" {
      output = "dist/{{.BuildName}}-{{.Provider}}.box"
    }
  }
}
"""
    text = source.replace('build { sources = ["source.qemu.images"] }\n', build_block)
    (tmp_path / "t.pkr.hcl").write_text(text)

    result = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path), timeout=400)

    assert result.exit_code == 0, result.output
    assert "Converting output-images/guest.qcow2 (qcow2, 16 MiB) to ova" in result.stdout
    assert "Creating Vagrant box for 'libvirt' provider" in result.stdout
    ova = read_ova(tmp_path / "dist" / "images.ova")
    assert ova.names == ["images.ovf", "images.mf", "images-disk1.vmdk"]
    check_descriptor(ova.data["images.ovf"], {n: len(d) for n, d in ova.data.items()})
    check_manifest(ova.data["images.mf"], ova.data, "sha1")
    with tarfile.open(tmp_path / "dist" / "images-libvirt.box", "r:gz") as box:
        names = box.getnames()
        metadata = box.extractfile("metadata.json")
        vagrantfile = box.extractfile("Vagrantfile")
        assert metadata is not None and vagrantfile is not None
        assert json.loads(metadata.read())["virtual_size"] == 1
        # Built under TCG: the box asks vagrant-libvirt for the qemu driver, as Packer's.
        assert 'libvirt.driver = "qemu"' in vagrantfile.read().decode()
        box.extract("box.img", tmp_path / "unpacked", filter="data")
    assert sorted(names) == ["Vagrantfile", "box.img", "metadata.json"]
    image = tmp_path / "unpacked" / "box.img"
    assert info(image)["format"] == "qcow2" and info(image)["virtual-size"] == 16 << 20
    check(image, "qcow2")
