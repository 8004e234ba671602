"""The `convert` post-processor through `kiln build`, each result read by qemu-img
(info, check, compare) and debugfs; OVA packages taken apart and their descriptor,
member order and manifest checked (tests/postprocessors/ovf_checks.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiln.components.artifact import Artifact
from kiln.components.registry import Kind, component
from kiln.errors import CancelledError, KilnError
from kiln.postprocessors.convert import ConvertConfig, ConvertPostProcessor
from tests.conftest import KILN, KilnRunner
from tests.postprocessors import disk_images
from tests.postprocessors.disk_images import HELLO, SampleDisk, info, make_disk, same_disk
from tests.postprocessors.ovf_checks import check_descriptor, check_manifest, read_ova
from tests.postprocessors.run_support import Recorder, build, clean_env, new_run, write_files

pytestmark = pytest.mark.backend("qemu-img")

SOURCE = 'source "null" "a" {\n  communicator = "none"\n}\n'
#: A size that is no whole number of MiB, so that Azure's rounding shows.
ODD_SIZE = (64 << 20) + 512


def chain(files: str, options: str) -> str:
    """artifice of `files`, then convert with `options` (input kept)."""
    return (
        "  post-processors {\n"
        f'    post-processor "artifice" {{\n      files = ["{files}"]\n    }}\n'
        f'    post-processor "convert" {{\n{options}      keep_input_artifact = true\n    }}\n'
        "  }\n"
    )


def template(*chains: str) -> str:
    return f'{SOURCE}build {{\n  sources = ["source.null.a"]\n{"".join(chains)}}}\n'


@dataclass(frozen=True)
class Case:
    """One conversion: its options, its output, and how qemu-img reads the output."""

    options: str
    output: str
    driver: str
    create_type: str = ""


CASES = {
    "qcow2": Case('      format = "qcow2"\n      output = "out/d.qcow2"\n', "d.qcow2", "qcow2"),
    "qcow2-compressed": Case(
        '      format = "qcow2"\n      disk_compression = true\n      output = "out/c.qcow2"\n',
        "c.qcow2",
        "qcow2",
    ),
    "raw": Case('      format = "raw"\n      output = "out/d.raw"\n', "d.raw", "raw"),
    "vmdk": Case(
        '      format = "vmdk"\n      output = "out/d.vmdk"\n', "d.vmdk", "vmdk", "monolithicSparse"
    ),
    "vmdk-stream": Case(
        '      format = "vmdk"\n      vmdk_subformat = "streamOptimized"\n'
        '      vmdk_adapter_type = "lsilogic"\n      output = "out/s.vmdk"\n',
        "s.vmdk",
        "vmdk",
        "streamOptimized",
    ),
    "vhd": Case('      format = "vhd"\n      output = "out/d.vhd"\n', "d.vhd", "vpc"),
    "vhd-azure": Case(
        '      format = "vhd"\n      vhd_fixed = true\n      output = "out/azure.vhd"\n',
        "azure.vhd",
        "vpc",
    ),
    "vhdx": Case('      format = "vhdx"\n      output = "out/d.vhdx"\n', "d.vhdx", "vhdx"),
    "vdi": Case('      format = "vdi"\n      output = "out/d.vdi"\n', "d.vdi", "vdi"),
}


@dataclass(frozen=True)
class Built:
    """The one `kiln build` every format test reads."""

    directory: Path
    disk: SampleDisk
    output: str
    exit_code: int


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A qcow2 input converted to every format (and an OVA) by one build."""
    directory = tmp_path_factory.mktemp("convert")
    disk = make_disk(directory, size=ODD_SIZE)
    disk_images.to_format(disk.raw, directory / "disk.qcow2", "qcow2")
    chains = [chain("disk.qcow2", case.options) for case in CASES.values()]
    chains.append(
        chain(
            "disk.qcow2",
            '      format = "ova"\n      output = "out/{{.BuildName}}.{{.Format}}"\n'
            '      vm_name = "kiln-vm"\n      ova_cpus = 2\n      ova_memory = 2048\n'
            '      ova_os_type = "debian-64"\n      ova_disk_controller = "scsi"\n',
        )
    )
    chains.append(
        chain(
            "disk.qcow2",
            '      format = "ova"\n      ova_manifest = "sha256"\n'
            '      output = "out/sha256.ova"\n',
        )
    )
    write_files(directory, {"t.pkr.hcl": template(*chains)})
    ran = build("kiln", directory, "t.pkr.hcl")
    return Built(directory, disk, ran.output, ran.exit_code)


def test_the_build_succeeds(built: Built) -> None:
    assert built.exit_code == 0, built.output
    assert "Converting disk.qcow2 (qcow2, 64 MiB) to vmdk: out/d.vmdk" in built.output
    assert "--> null.a: vmdk disk image: out/d.vmdk" in built.output
    assert "--> null.a: OVF package (OVA): out/a.ova" in built.output
    leftovers = [p.name for p in (built.directory / "out").iterdir() if "kiln-partial" in p.name]
    assert leftovers == []


@pytest.mark.parametrize("name", list(CASES))
def test_each_format_is_what_qemu_img_reads(built: Built, name: str) -> None:
    case = CASES[name]
    image = built.directory / "out" / case.output
    found = info(image, case.driver)
    assert found["format"] == case.driver
    expected_size = (65 << 20) if name == "vhd-azure" else ODD_SIZE
    assert found["virtual-size"] == expected_size
    if case.create_type:
        assert found["format-specific"]["data"]["create-type"] == case.create_type
    if case.driver in ("qcow2", "vmdk", "vhdx", "vdi"):
        disk_images.check(image, case.driver)
    same_disk(built.disk.raw, image, case.driver)


def test_the_file_system_survives(built: Built, tmp_path: Path) -> None:
    for name in ("vmdk-stream", "vhd-azure", "vdi"):
        case = CASES[name]
        image = built.directory / "out" / case.output
        assert disk_images.read_file(image, case.driver, "hello.txt", tmp_path) == HELLO
        blob = disk_images.read_file(image, case.driver, "blob.bin", tmp_path)
        assert hashlib.sha256(blob).hexdigest() == built.disk.blob_sha256


def test_compression_makes_a_smaller_qcow2(built: Built) -> None:
    plain = info(built.directory / "out" / "d.qcow2")
    compressed = info(built.directory / "out" / "c.qcow2")
    assert compressed["actual-size"] < plain["actual-size"]


def test_azure_vhd_is_fixed_and_aligned(built: Built) -> None:
    image = built.directory / "out" / "azure.vhd"
    data = image.read_bytes()
    # A fixed VHD is the disk's bytes and a 512-byte footer ("conectix", type 2 = fixed).
    assert len(data) == (65 << 20) + 512
    footer = data[-512:]
    assert footer[:8] == b"conectix"
    assert int.from_bytes(footer[60:64], "big") == 2
    assert int.from_bytes(footer[48:56], "big") == 65 << 20
    assert "Virtual size rounded up to a whole MiB for Azure: 68157440 bytes" in built.output
    dynamic = (built.directory / "out" / "d.vhd").read_bytes()[:8]
    assert dynamic == b"conectix"  # a dynamic VHD starts with a copy of the footer


def test_ova_package(built: Built, tmp_path: Path) -> None:
    ova = read_ova(built.directory / "out" / "a.ova")
    assert ova.names == ["kiln-vm.ovf", "kiln-vm.mf", "kiln-vm-disk1.vmdk"]
    members = {name: len(data) for name, data in ova.data.items()}
    found = check_descriptor(ova.data["kiln-vm.ovf"], members)
    assert found.system_id == "kiln-vm" and found.os_id == 96 and found.system_type == "vmx-10"
    assert found.item(3)["VirtualQuantity"] == "2"
    assert found.item(4)["VirtualQuantity"] == "2048"
    assert found.item(6)["ResourceSubType"] == "lsilogic"
    assert found.item(10)["ResourceSubType"] == "E1000"
    check_manifest(ova.data["kiln-vm.mf"], ova.data, "sha1")
    vmdk = tmp_path / "kiln-vm-disk1.vmdk"
    vmdk.write_bytes(ova.data["kiln-vm-disk1.vmdk"])
    details = info(vmdk, "vmdk")
    assert details["format-specific"]["data"]["create-type"] == "streamOptimized"
    assert found.disks["vmdisk1"] == ("file1", details["virtual-size"])
    disk_images.check(vmdk, "vmdk")
    same_disk(built.disk.raw, vmdk, "vmdk")


def test_ova_with_sha256_manifest_and_defaults(built: Built) -> None:
    ova = read_ova(built.directory / "out" / "sha256.ova")
    assert ova.names == ["a.ovf", "a.mf", "a-disk1.vmdk"]
    check_manifest(ova.data["a.mf"], ova.data, "sha256")
    found = check_descriptor(ova.data["a.ovf"], {n: len(d) for n, d in ova.data.items()})
    assert found.os_id == 101 and found.item(5)["ResourceSubType"] == "PIIX4"
    assert found.item(4)["VirtualQuantity"] == "1024"


# -- defaults, errors, Ctrl-C ---------------------------------------------------------------


def test_default_output_is_beside_the_input_and_input_is_discarded(tmp_path: Path) -> None:
    disk = make_disk(tmp_path)
    (tmp_path / "img").mkdir()
    shutil.move(disk.raw, tmp_path / "img" / "disk.raw")
    text = template(
        "  post-processors {\n"
        '    post-processor "artifice" {\n      files = ["img/disk.raw"]\n    }\n'
        '    post-processor "convert" {\n      format = "vdi"\n    }\n'
        "  }\n"
    )
    write_files(tmp_path, {"t.pkr.hcl": text})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 0, ran.output
    assert sorted(p.name for p in (tmp_path / "img").iterdir()) == ["disk.vdi"]
    assert info(tmp_path / "img" / "disk.vdi")["format"] == "vdi"


def test_legacy_json_template_renders_output(tmp_path: Path) -> None:
    make_disk(tmp_path)
    template_json = {
        "builders": [{"type": "null", "name": "legacy", "communicator": "none"}],
        "post-processors": [
            [
                {"type": "artifice", "files": ["disk.raw"]},
                {
                    "type": "convert",
                    "format": "qcow2",
                    "output": "out/{{.BuildName}}-{{.Format}}.img",
                    "keep_input_artifact": True,
                },
            ]
        ],
    }
    write_files(tmp_path, {"t.json": json.dumps(template_json)})
    ran = build("kiln", tmp_path, "t.json")
    assert ran.exit_code == 0, ran.output
    assert info(tmp_path / "out" / "legacy-qcow2.img")["format"] == "qcow2"


def test_unknown_format_is_a_positioned_error(kiln: KilnRunner, tmp_path: Path) -> None:
    text = template(chain("disk.raw", '      format = "vmdk4"\n      vhd_fixed = true\n'))
    write_files(tmp_path, {"t.pkr.hcl": text})
    result = kiln("validate", "t.pkr.hcl")
    assert result.exit_code == 1
    assert 'Unknown format "vmdk4"; known: qcow2, raw, vmdk, vhd, vhdx, vdi, ova' in result.output
    assert "t.pkr.hcl line" in result.output and "Traceback" not in result.output


def test_options_of_another_format_warn(kiln: KilnRunner, tmp_path: Path) -> None:
    text = template(chain("disk.raw", '      format = "vmdk"\n      vhd_fixed = true\n'))
    write_files(tmp_path, {"t.pkr.hcl": text})
    result = kiln("validate", "t.pkr.hcl")
    assert result.exit_code == 0, result.output
    assert 'vhd_fixed has no effect on format "vmdk"' in result.output


def test_artifact_with_several_files_needs_artifice(tmp_path: Path) -> None:
    make_disk(tmp_path)
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "more.txt").write_text("y")
    text = template(
        "  post-processors {\n"
        '    post-processor "artifice" {\n      files = ["notes.txt", "more.txt"]\n    }\n'
        '    post-processor "convert" {\n      format = "vdi"\n    }\n'
        "  }\n"
    )
    write_files(tmp_path, {"t.pkr.hcl": text})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    assert ran.exit_code == 1
    assert "convert needs an artifact with one disk image" in ran.output
    assert "Traceback" not in ran.output


def test_unsupported_input_format_is_a_user_error(tmp_path: Path) -> None:
    disk_images.tool("qemu-img", "create", "-q", "-f", "qed", tmp_path / "old.qed", "16M")
    with pytest.raises(KilnError, match=r"old.qed is a qed image; raw, qcow2, vmdk"):
        post_process(tmp_path, ConvertConfig(format="vdi"), [tmp_path / "old.qed"], Recorder())


def test_output_may_not_be_the_input(tmp_path: Path) -> None:
    disk = make_disk(tmp_path)
    config = ConvertConfig(format="raw", output=str(disk.raw))
    with pytest.raises(KilnError, match="is its input disk"):
        post_process(tmp_path, config, [disk.raw], Recorder())


def post_process(
    tmp_path: Path, config: ConvertConfig, files: list[Path], ui: Recorder
) -> Artifact | None:
    run = new_run(ui)
    artifact = Artifact(builder_id="packer.file", files=[str(f) for f in files])
    return ConvertPostProcessor(config).post_process(run, artifact).artifact


def test_artifact_describes_the_image(tmp_path: Path) -> None:
    disk = make_disk(tmp_path, random_mib=24)
    ui = Recorder()
    made = post_process(
        tmp_path, ConvertConfig(format="qcow2", output=str(tmp_path / "o.qcow2")), [disk.raw], ui
    )
    assert made is not None and made.builder_id == "kiln.post-processor.convert"
    assert made.files == [str(tmp_path / "o.qcow2")]
    assert (made.state("format"), made.state("diskType"), made.state("diskSize")) == (
        "qcow2",
        "qcow2",
        "64M",
    )
    assert f"progress Converting to {tmp_path}/o.qcow2 None" in ui.said and ui.closed


def test_cancelling_leaves_nothing(tmp_path: Path) -> None:
    disk = make_disk(tmp_path, random_mib=24)
    ui = Recorder()
    ui.cancel_after = 4 << 20
    config = ConvertConfig(format="ova", output=str(tmp_path / "out" / "x.ova"))
    with pytest.raises(CancelledError):
        post_process(tmp_path, config, [disk.raw], ui)
    assert ui.closed
    assert list((tmp_path / "out").iterdir()) == []


def test_interrupt_leaves_no_partial_image(tmp_path: Path) -> None:
    # Compressing 256 MiB of random data into a streamOptimized VMDK takes seconds.
    make_disk(tmp_path, size=320 << 20, random_mib=256)
    text = template(
        chain(
            "disk.raw",
            '      format = "vmdk"\n      vmdk_subformat = "streamOptimized"\n'
            '      output = "out/big.vmdk"\n',
        )
    )
    write_files(tmp_path, {"t.pkr.hcl": text})
    process = subprocess.Popen(
        [str(KILN), "build", "t.pkr.hcl"],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "Converting disk.raw" in line:
            process.send_signal(signal.SIGINT)
            break
    rest = threading.Thread(target=lambda: seen.extend(process.stdout or []))
    rest.start()
    assert process.wait(timeout=120) != 0, "".join(seen)
    rest.join()
    assert list((tmp_path / "out").iterdir()) == [], "".join(seen)
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, check=False)
    assert leftover.stdout == b"", "a qemu-img outlived the build"


def test_convert_is_a_documented_post_processor() -> None:
    loaded = component(Kind.POST_PROCESSOR, "convert")
    assert loaded is ConvertPostProcessor
    assert all(info.spec.doc for info in loaded.config_class.options())


def test_an_ova_is_not_a_disk_to_convert(tmp_path: Path) -> None:
    (tmp_path / "vm.ova").write_bytes(bytes(1024))
    with pytest.raises(KilnError, match=r"vm.ova is an OVF package \(OVA\), not a disk image"):
        post_process(tmp_path, ConvertConfig(format="vdi"), [tmp_path / "vm.ova"], Recorder())
