"""The qemu builder around the machine: output directory and -force, the ISO's
checksum and cache, the disks it makes, and Ctrl-C.

These builds boot nothing useful (the "installer" is a data ISO, there is
no communicator and no boot command), so each takes seconds: qemu starts,
the builder halts it, and the disk steps run.
"""

from __future__ import annotations

import http.server
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tests.builders.qemu.support import (
    guest_source,
    interrupt,
    kiln_env,
    make_iso,
    qemu_processes,
    start_kiln,
    wait_for_line,
)
from tests.conftest import KilnRunner


def machine(
    name: str, iso_url: str, checksum: str, extra: str = "", accelerator: str = "tcg"
) -> str:
    """A source that starts qemu on a data ISO and halts it at once."""
    return f"""
source "qemu" "{name}" {{
  iso_url      = "{iso_url}"
  iso_checksum = "{checksum}"
  headless     = true
  accelerator  = "{accelerator}"
  communicator = "none"
  disk_size    = "8M"
{extra}
}}
build {{ sources = ["source.qemu.{name}"] }}
"""


def image_info(path: Path) -> dict[str, object]:
    completed = subprocess.run(
        ["qemu-img", "info", "--output=json", str(path)], capture_output=True, text=True, check=True
    )
    info: dict[str, object] = json.loads(completed.stdout)
    return info


@pytest.mark.backend("qemu")
def test_output_directory_must_not_exist_unless_forced(kiln: KilnRunner, tmp_path: Path) -> None:
    checksum = make_iso(tmp_path / "data.iso", {"a.txt": "a"})
    (tmp_path / "t.pkr.hcl").write_text(
        machine(
            "out",
            "data.iso",
            f"sha256:{checksum}",
            'format = "raw"\n  disk_additional_size = ["4M"]\n  vm_name = "disk.img"',
        )
    )
    (tmp_path / "output-out").mkdir()
    (tmp_path / "output-out" / "old-file").write_text("from an earlier build")

    refused = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path))
    assert refused.exit_code == 1
    assert "Output directory 'output-out' already exists. It must not exist." in refused.output
    assert (tmp_path / "output-out" / "old-file").exists()

    forced = kiln("build", "-force", "t.pkr.hcl", env=kiln_env(tmp_path))
    assert forced.exit_code == 0, forced.output
    assert "Deleting previous output directory..." in forced.stdout
    assert "Halting the virtual machine..." in forced.stdout
    # raw images are neither compacted nor compressed
    assert "Converting hard drive" not in forced.stdout
    files = sorted(p.name for p in (tmp_path / "output-out").iterdir())
    assert files == ["disk.img", "disk.img-1"]
    assert image_info(tmp_path / "output-out" / "disk.img")["format"] == "raw"
    assert image_info(tmp_path / "output-out" / "disk.img-1")["virtual-size"] == 4 * 1024 * 1024
    assert not qemu_processes(str(tmp_path))


class _Counting(http.server.SimpleHTTPRequestHandler):
    gets: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).gets.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def iso_server(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on loopback serving tmp_path/www: its URL and the paths fetched."""
    (tmp_path / "www").mkdir()
    _Counting.gets = []
    handler = lambda *a: _Counting(*a, directory=str(tmp_path / "www"))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Counting.gets
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.backend("qemu")
def test_iso_over_http_is_checked_and_cached(
    kiln: KilnRunner, tmp_path: Path, iso_server: tuple[str, list[str]]
) -> None:
    url, gets = iso_server
    checksum = make_iso(tmp_path / "www" / "install.iso", {"b.txt": "b"})
    (tmp_path / "www" / "SHA256SUMS").write_text(f"{checksum}  install.iso\n")
    (tmp_path / "t.pkr.hcl").write_text(
        machine("net", f"{url}/install.iso", f"file:{url}/SHA256SUMS", "skip_compaction = true")
    )

    first = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path))
    assert first.exit_code == 0, first.output
    cached = list((tmp_path / "cache").glob("*.iso"))
    assert len(cached) == 1
    assert f"{url}/install.iso => {cached[0]}" in first.stdout
    assert gets.count("/install.iso") == 1

    second = kiln("build", "-force", "t.pkr.hcl", env=kiln_env(tmp_path))
    assert second.exit_code == 0, second.output
    assert gets.count("/install.iso") == 1, "the cached ISO was fetched again"

    wrong = machine("net", f"{url}/install.iso", "sha256:" + "0" * 64)
    (tmp_path / "t.pkr.hcl").write_text(wrong)
    failed = kiln("build", "-force", "t.pkr.hcl", env=kiln_env(tmp_path))
    assert failed.exit_code == 1
    assert "Checksums did not match" in failed.output
    assert "error downloading ISO" in failed.output
    assert not list((tmp_path / "cache").glob("*.part"))


@pytest.mark.backend("qemu")
def test_ctrl_c_while_the_machine_runs_leaves_nothing(tmp_path: Path) -> None:
    checksum = make_iso(tmp_path / "boot.iso", {"c.txt": "c"})
    body = f"""
  iso_url      = "boot.iso"
  iso_checksum = "sha256:{checksum}"
  communicator = "none"
  cd_content   = {{ "x.txt" = "x" }}
  boot_wait    = "10m"
  boot_command = ["never typed<enter>"]
"""
    (tmp_path / "t.pkr.hcl").write_text(guest_source("stopped", body))
    process = start_kiln(tmp_path, "t.pkr.hcl")
    wait_for_line(process, "Waiting 10m0s for boot...")
    assert qemu_processes(str(tmp_path)), "qemu should be running"

    code, output = interrupt(process)

    assert code == 1, output
    assert "Deleting output directory..." in output
    assert not qemu_processes(str(tmp_path))
    assert not (tmp_path / "output-stopped").exists()


@pytest.mark.backend("qemu")
def test_vnc_password_set_over_qmp_and_used_to_type(kiln: KilnRunner, tmp_path: Path) -> None:
    checksum = make_iso(tmp_path / "data.iso", {"d.txt": "d"})
    extra = """
  vnc_use_password  = true
  boot_wait         = "1s"
  boot_key_interval = "5ms"
  boot_command      = ["<esc>Kiln<enter>"]
"""
    # No accelerator: the KVM probe decides (on this machine's kvm-pvm: TCG).
    (tmp_path / "t.pkr.hcl").write_text(
        machine("locked", "data.iso", f"sha256:{checksum}", extra, accelerator="")
    )

    result = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path))

    assert result.exit_code == 0, result.output
    assert "with the password: " in result.stdout
    assert "Typing the boot commands over VNC..." in result.stdout
    log = (tmp_path / "kiln.log").read_text()
    assert "Connected to VNC desktop: QEMU (packer-locked)" in log
    chosen = re.search(r"accelerator (kvm|tcg): (.*)", log)
    assert chosen, log
    assert f"accel={chosen.group(1)}" in log
    # the QMP socket lived in the output directory while qemu ran, and went with it
    assert sorted(p.name for p in (tmp_path / "output-locked").iterdir()) == ["packer-locked"]


@pytest.mark.backend("qemu")
def test_efi_boot_with_its_variables_left_out_of_the_artifact(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    checksum = make_iso(tmp_path / "data.iso", {"e.txt": "e"})
    extra = 'efi_boot = true\n  efi_drop_efivars = true\n  machine_type = "q35"'
    template = machine("uefi", "data.iso", f"sha256:{checksum}", extra).replace(
        'build { sources = ["source.qemu.uefi"] }',
        'build {\n  sources = ["source.qemu.uefi"]\n  post-processor "manifest" {}\n}',
    )
    (tmp_path / "t.pkr.hcl").write_text(template)

    result = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path))

    assert result.exit_code == 0, result.output
    log = (tmp_path / "kiln.log").read_text()
    assert "file=/usr/share/OVMF/OVMF_CODE.fd,if=pflash,unit=0,format=raw,readonly=on" in log
    assert "-boot" not in log.split("Executing qemu-system-x86_64:")[1].splitlines()[0]
    output = tmp_path / "output-uefi"
    assert sorted(p.name for p in output.iterdir()) == ["efivars.fd", "packer-uefi"]
    manifest = json.loads((tmp_path / "packer-manifest.json").read_text())
    (built,) = manifest["builds"]
    assert built["builder_type"] == "qemu"
    assert [f["name"] for f in built["files"]] == ["output-uefi/packer-uefi"]


@pytest.mark.backend("qemu")
def test_qemu_that_fails_to_start_is_reported_with_its_words(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    checksum = make_iso(tmp_path / "data.iso", {"f.txt": "f"})
    extra = 'qemuargs = [["-machine", "no-such-machine"]]'
    (tmp_path / "t.pkr.hcl").write_text(machine("broken", "data.iso", f"sha256:{checksum}", extra))

    result = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path))

    assert result.exit_code == 1
    assert "Error launching VM: Qemu failed to start (exit status 1)" in result.output
    assert "unsupported machine type" in result.output  # qemu's own last words
    assert "Traceback" not in result.output
    assert not (tmp_path / "output-broken").exists()
    assert not qemu_processes(str(tmp_path))


@pytest.mark.backend("qemu")
def test_disk_image_converted_resized_or_used_as_backing_file(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    source = tmp_path / "base.img"
    subprocess.run(["qemu-img", "create", "-f", "qcow2", str(source), "4M"], check=True,
                   capture_output=True)  # fmt: skip
    (tmp_path / "t.pkr.hcl").write_text(machine("copied", "base.img", "none", "disk_image = true"))
    copied = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path))
    assert copied.exit_code == 0, copied.output
    # base.img's extension is not the format's: converted, then resized and compacted
    assert "Copying hard drive..." in copied.stdout
    assert "Resizing hard drive..." in copied.stdout
    assert "Converting hard drive..." in copied.stdout
    info = image_info(tmp_path / "output-copied" / "packer-copied")
    assert (info["format"], info["virtual-size"]) == ("qcow2", 8 * 1024 * 1024)  # disk_size

    (tmp_path / "t.pkr.hcl").write_text(
        machine(
            "overlay",
            "base.img",
            "none",
            "disk_image = true\n  use_backing_file = true\n  skip_resize_disk = true",
        )
    )
    overlay = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path))
    assert overlay.exit_code == 0, overlay.output
    assert "Creating required virtual machine disks" in overlay.stdout
    assert "Resizing hard drive..." not in overlay.stdout
    assert "Converting hard drive..." not in overlay.stdout  # a backing file means no compaction
    info = image_info(tmp_path / "output-overlay" / "packer-overlay")
    assert info["backing-filename"] == str(source)
    assert info["virtual-size"] == 8 * 1024 * 1024  # disk_size (8M) given to qemu-img create


@pytest.mark.backend("qemu")
def test_floppy_content_and_label_on_the_attached_floppy(kiln: KilnRunner, tmp_path: Path) -> None:
    checksum = make_iso(tmp_path / "data.iso", {"f.txt": "f"})
    (tmp_path / "ks.cfg").write_text("install\n")
    extra = """
  floppy_files   = ["ks.cfg"]
  floppy_content = { "meta-data" = "instance-id: kiln", "seed/user-data" = "#cloud-config" }
  floppy_label   = "cidata"
"""
    # While qemu runs, a local provisioner copies the image qemu was given with -fda.
    grab = (
        "pid=$(pgrep -f -- '-fda ' | head -n 1); "
        "tr '\\0' '\\n' < /proc/$pid/cmdline | grep -A1 -x -- -fda | tail -n 1 > fda.txt; "
        'cp "$(cat fda.txt)" seen.img'
    )
    template = machine("floppy", "data.iso", f"sha256:{checksum}", extra).replace(
        'build { sources = ["source.qemu.floppy"] }',
        'build {\n  sources = ["source.qemu.floppy"]\n'
        f'  provisioner "shell-local" {{ inline = [{json.dumps(grab)}] }}\n}}',
    )
    (tmp_path / "t.pkr.hcl").write_text(template)

    result = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path))

    assert result.exit_code == 0, result.output
    assert "Copying files from floppy_content" in result.stdout
    seen = tmp_path / "seen.img"
    assert seen.stat().st_size == 1440 * 1024
    mtools = {"MTOOLS_SKIP_CHECK": "1", "PATH": "/usr/bin:/bin"}

    def mtype(path: str) -> str:
        return subprocess.run(["mtype", "-i", str(seen), f"::{path}"], env=mtools,
                              capture_output=True, text=True, check=True).stdout  # fmt: skip

    assert (mtype("/ks.cfg"), mtype("/meta-data")) == ("install\n", "instance-id: kiln")
    assert mtype("/seed/user-data") == "#cloud-config"
    label = subprocess.run(["mlabel", "-i", str(seen), "-s", "::"], env=mtools,
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "cidata" in label
    # The image lived in the build's scratch space and went with it.
    assert not Path((tmp_path / "fda.txt").read_text().strip()).exists()
    assert not qemu_processes(str(tmp_path))


@pytest.mark.backend("qemu")
def test_floppy_too_small_for_its_files_is_a_clear_error(kiln: KilnRunner, tmp_path: Path) -> None:
    checksum = make_iso(tmp_path / "data.iso", {"f.txt": "f"})
    (tmp_path / "big.bin").write_bytes(bytes(2 * 1024 * 1024))
    extra = '  floppy_files = ["big.bin"]'
    (tmp_path / "t.pkr.hcl").write_text(machine("big", "data.iso", f"sha256:{checksum}", extra))

    result = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path))

    assert result.exit_code == 1
    assert (
        "Error creating floppy: its files take 2,097,152 bytes; a 1.44 MB floppy holds 1,457,664"
        in result.output
    ), result.output
    assert "cd_files" in result.output  # the hint
    assert "Traceback" not in result.output
    assert not qemu_processes(str(tmp_path))
