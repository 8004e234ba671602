"""The `vagrant` post-processor through `kiln build`: libvirt and virtualbox boxes
taken apart and checked (metadata.json, Vagrantfile, the disk read by qemu-img,
the OVF descriptor and manifest), and Packer 1.6.6's error for an artifice artifact.

Vagrant, libvirt and VirtualBox are not installable here (VirtualBox is not in
Debian; vagrant-libvirt needs a libvirt daemon): the boxes are checked against
what those tools read."""

from __future__ import annotations

import hashlib
import json
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.conftest import KILN
from tests.postprocessors import disk_images
from tests.postprocessors.disk_images import HELLO, SampleDisk, info, make_disk, same_disk
from tests.postprocessors.ovf_checks import check_descriptor, check_manifest
from tests.postprocessors.run_support import build, clean_env, side_by_side, write_files

pytestmark = pytest.mark.backend("qemu-img")

SOURCE = 'source "null" "a" {\n  communicator = "none"\n}\n'


def template(*chains: str) -> str:
    return f'{SOURCE}build {{\n  sources = ["source.null.a"]\n{"".join(chains)}}}\n'


def chain(*blocks: str) -> str:
    return "  post-processors {\n" + "".join(blocks) + "  }\n"


def artifice(files: str) -> str:
    return f'    post-processor "artifice" {{\n      files = ["{files}"]\n    }}\n'


def post_processor(kind: str, options: str) -> str:
    return f'    post-processor "{kind}" {{\n{options}    }}\n'


def unpack(box: Path, into: Path) -> dict[str, bytes]:
    """A box's members (the way Vagrant unpacks it: a tar, gzipped or not)."""
    members = {}
    with tarfile.open(box, "r:*") as archive:
        for member in archive:
            assert member.isfile() and "/" not in member.name, member.name
            extracted = archive.extractfile(member)
            assert extracted is not None
            members[member.name] = extracted.read()
    into.mkdir(parents=True, exist_ok=True)
    for name, data in members.items():
        (into / name).write_bytes(data)
    return members


@pytest.fixture
def disk(tmp_path: Path) -> SampleDisk:
    made = make_disk(tmp_path)
    disk_images.to_format(made.raw, tmp_path / "disk.qcow2", "qcow2")
    return made


def test_libvirt_box_from_a_qcow2_disk(tmp_path: Path, disk: SampleDisk) -> None:
    (tmp_path / "README.md").write_text("read me\n")
    (tmp_path / "Vagrantfile.tpl").write_text("# box {{ .BuildName }} for {{ .Provider }}\n")
    options = (
        '      provider_override = "libvirt"\n'
        '      output = "boxes/{{.BuildName}}-{{.Provider}}.box"\n'
        '      include = ["README.md"]\n'
        '      vagrantfile_template = "Vagrantfile.tpl"\n'
        "      keep_input_artifact = true\n"
    )
    write_files(
        tmp_path,
        {"t.pkr.hcl": template(chain(artifice("disk.qcow2"), post_processor("vagrant", options)))},
    )
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert "Creating Vagrant box for 'libvirt' provider" in ran.output
    assert "--> null.a: 'libvirt' provider box: boxes/a-libvirt.box" in ran.output
    box = tmp_path / "boxes" / "a-libvirt.box"
    with box.open("rb") as raw:
        assert raw.read(2) == b"\x1f\x8b"
    members = unpack(box, tmp_path / "unpacked")
    assert sorted(members) == ["README.md", "Vagrantfile", "box.img", "metadata.json"]
    assert json.loads(members["metadata.json"]) == {
        "architecture": "amd64",
        "format": "qcow2",
        "provider": "libvirt",
        "virtual_size": 1,
    }
    vagrantfile = members["Vagrantfile"].decode()
    assert 'libvirt.driver = "kvm"' in vagrantfile
    assert "# box a for libvirt" in vagrantfile
    assert members["README.md"] == b"read me\n"
    image = tmp_path / "unpacked" / "box.img"
    assert info(image)["format"] == "qcow2"
    disk_images.check(image, "qcow2")
    same_disk(disk.raw, image, "qcow2")
    assert (tmp_path / "disk.qcow2").exists()  # kept


def test_libvirt_box_from_converted_raw_discards_its_input(
    tmp_path: Path, disk: SampleDisk
) -> None:
    # convert's artifact is Kiln's own: a raw image makes a libvirt box without an override.
    text = template(
        chain(
            artifice("disk.raw"),
            post_processor(
                "convert",
                '      format = "raw"\n      output = "out/copy.raw"\n'
                "      keep_input_artifact = true\n",
            ),
            post_processor("vagrant", '      compression_level = 0\n      output = "plain.box"\n'),
        )
    )
    write_files(tmp_path, {"t.pkr.hcl": text})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert "to qcow2 for libvirt" in ran.output
    with (tmp_path / "plain.box").open("rb") as raw:
        assert raw.read(262)[257:262] == b"ustar"  # level 0: a plain tar
    members = unpack(tmp_path / "plain.box", tmp_path / "unpacked")
    image = tmp_path / "unpacked" / "box.img"
    assert info(image)["format"] == "qcow2"
    same_disk(disk.raw, image, "qcow2")
    assert disk_images.read_file(image, "qcow2", "hello.txt", tmp_path) == HELLO
    assert json.loads(members["metadata.json"])["virtual_size"] == 1
    assert not (tmp_path / "out" / "copy.raw").exists()  # vagrant discards its input


def test_virtualbox_box_from_an_ova(tmp_path: Path, disk: SampleDisk) -> None:
    text = template(
        chain(
            artifice("disk.qcow2"),
            post_processor(
                "convert",
                '      format = "ova"\n      vm_name = "web"\n      keep_input_artifact = true\n',
            ),
            post_processor("vagrant", '      output = "{{.Provider}}.box"\n'),
        )
    )
    write_files(tmp_path, {"t.pkr.hcl": text})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert "Unpacking OVA: disk.ova" in ran.output
    members = unpack(tmp_path / "virtualbox.box", tmp_path / "unpacked")
    assert sorted(members) == [
        "Vagrantfile",
        "box.mf",
        "box.ovf",
        "metadata.json",
        "web-disk1.vmdk",
    ]
    assert json.loads(members["metadata.json"]) == {
        "architecture": "amd64",
        "provider": "virtualbox",
    }
    sizes = {name: len(data) for name, data in members.items()}
    found = check_descriptor(members["box.ovf"], sizes)
    assert found.system_id == "web"
    check_manifest(
        members["box.mf"], {n: members[n] for n in ("box.ovf", "web-disk1.vmdk")}, "sha1"
    )
    expected_mac = "080027" + hashlib.sha256(b"a").hexdigest()[:6].upper()
    assert f'config.vm.base_mac = "{expected_mac}"' in members["Vagrantfile"].decode()
    same_disk(disk.raw, tmp_path / "unpacked" / "web-disk1.vmdk", "vmdk")
    assert not (tmp_path / "disk.ova").exists()


def test_virtualbox_box_from_a_disk_writes_its_descriptor(tmp_path: Path, disk: SampleDisk) -> None:
    options = '      provider_override = "virtualbox"\n      keep_input_artifact = true\n'
    text = template(chain(artifice("disk.raw"), post_processor("vagrant", options)))
    write_files(tmp_path, {"t.pkr.hcl": text})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    members = unpack(tmp_path / "packer_a_virtualbox_amd64.box", tmp_path / "unpacked")
    assert sorted(members) == ["Vagrantfile", "box-disk1.vmdk", "box.ovf", "metadata.json"]
    found = check_descriptor(members["box.ovf"], {n: len(d) for n, d in members.items()})
    assert found.item(20)["ResourceSubType"] == "AHCI"
    vmdk = tmp_path / "unpacked" / "box-disk1.vmdk"
    assert info(vmdk)["format-specific"]["data"]["create-type"] == "streamOptimized"
    assert found.disks["vmdisk1"][1] == info(vmdk)["virtual-size"]
    disk_images.check(vmdk, "vmdk")
    same_disk(disk.raw, vmdk, "vmdk")


def test_override_per_provider(tmp_path: Path, disk: SampleDisk) -> None:
    options = (
        '      provider_override = "libvirt"\n'
        '      output = "default.box"\n'
        '      override = { libvirt = { output = "libvirt-only.box", compression_level = 1 } }\n'
        "      keep_input_artifact = true\n"
    )
    text = template(chain(artifice("disk.qcow2"), post_processor("vagrant", options)))
    write_files(tmp_path, {"t.pkr.hcl": text})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert (tmp_path / "libvirt-only.box").exists() and not (tmp_path / "default.box").exists()


def test_providers_kiln_cannot_make_are_a_clear_error(tmp_path: Path, disk: SampleDisk) -> None:
    options = '      provider_override = "aws"\n      keep_input_artifact = true\n'
    text = template(chain(artifice("disk.qcow2"), post_processor("vagrant", options)))
    write_files(tmp_path, {"t.pkr.hcl": text})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert (
        "Kiln makes Vagrant boxes for the libvirt and virtualbox providers; the aws" in ran.output
    )
    assert "Traceback" not in ran.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".box") == []


def test_a_vhd_makes_no_box(tmp_path: Path, disk: SampleDisk) -> None:
    text = template(
        chain(
            artifice("disk.raw"),
            post_processor("convert", '      format = "vhdx"\n      keep_input_artifact = true\n'),
            post_processor("vagrant", ""),
        )
    )
    write_files(tmp_path, {"t.pkr.hcl": text})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "No Vagrant provider takes disk.vhdx as it is (vhdx)" in ran.output


@pytest.mark.backend("qemu-img", "packer")
def test_artifice_without_provider_override_fails_as_in_packer(tmp_path: Path) -> None:
    files = {
        "disk.img": "not really a disk\n",
        "t.pkr.hcl": template(chain(artifice("disk.img"), post_processor("vagrant", ""))),
    }
    kiln_run, packer_run = side_by_side(tmp_path, files, "t.pkr.hcl")
    message = "Unknown artifact type, can't build box: packer.post-processor.artifice"
    assert (kiln_run.exit_code, packer_run.exit_code) == (1, 1)
    assert message in packer_run.output and message in kiln_run.output
    assert "you need to set the provider_override option" in kiln_run.output


@pytest.mark.backend("packer")
def test_json_override_objects_validate_as_in_packer(tmp_path: Path) -> None:
    legacy = {
        "builders": [{"type": "null", "communicator": "none"}],
        "post-processors": [
            {"type": "vagrant", "override": {"libvirt": {"output": "x.box"}}},
        ],
    }
    write_files(tmp_path, {"t.json": json.dumps(legacy)})
    for tool in (str(KILN), "packer"):
        done = subprocess.run(
            [tool, "validate", "t.json"],
            cwd=tmp_path,
            env=clean_env(tmp_path),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, (tool, done.stdout, done.stderr)
