"""`boot_command` typed over VNC into a real guest, with the HTTP server and the extra CD.

One build of the busybox guest (tests/infra/guest_kernel.py) under TCG:
the guest runs each line typed on its console and echoes it, with what it
printed, to its serial port, which the builder writes to the debug log.
So the serial lines prove what the keys were: shifted characters, held
keys (Ctrl-U, a character held), backspace, waits, `{{ .Name }}`/`{{ .HTTPIP }}`/
`{{ .HTTPPort }}`, a file of `http_directory` fetched by the guest, and
`cd_files`/`cd_content`/`cd_label` on the CD it mounts.

Keys typed before the guest's keyboard driver is up are lost, and under
TCG on a shared machine the guest takes 10 to 25 s to get there: hence the
long boot_wait (and a final wait for the last commands to run before the
machine is halted).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.builders.qemu.support import (
    guest_source,
    kiln_env,
    make_iso,
    qemu_processes,
    serial_lines,
)
from tests.conftest import KilnRunner

BOOT_COMMAND = [
    "echo Hello {{ .Name }} at {{ .HTTPIP }}:{{ .HTTPPort }}!<enter>",
    "echo a<spacebar>b typX<bs>ed<return>",
    "garbage<leftCtrlOn>u<leftCtrlOff>echo after-kill<enter>",
    "<wait1s>echo waited<wait500ms><enter>",
    "echo <aOn><aOff>char-toggle<enter>",
    "wget -q -O - http://{{ .HTTPIP }}:{{ .HTTPPort }}/hello.txt<enter>",
    "mount -t iso9660 /dev/sr1 /cdrom && cat /cdrom/greeting.txt /cdrom/note.txt "
    "/cdrom/tree/deep.txt<enter>",
    "dd if=/dev/sr1 bs=1 skip=32808 count=32 2>/dev/null; echo<enter>",
    "echo done-typing<enter><wait20s>",
]


@pytest.mark.backend("qemu")
def test_boot_command_types_into_the_guest(kiln: KilnRunner, tmp_path: Path) -> None:
    checksum = make_iso(tmp_path / "boot.iso", {"readme.txt": "installer"})
    (tmp_path / "http").mkdir()
    (tmp_path / "http" / "hello.txt").write_text("served-over-http\n")
    (tmp_path / "note.txt").write_text("a cd_files file\n")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "deep.txt").write_text("a cd_files directory\n")
    commands = ",\n    ".join(json.dumps(line) for line in BOOT_COMMAND)
    body = f"""
  iso_url           = "boot.iso"
  iso_checksum      = "sha256:{checksum}"
  communicator      = "none"
  http_directory    = "http"
  cd_files          = ["note.txt", "tree"]
  cd_content        = {{ "greeting.txt" = "from cd_content\\n" }}
  cd_label          = "kilncd"
  boot_wait         = "30s"
  boot_key_interval = "50ms"
  boot_command = [
    {commands}
  ]
"""
    (tmp_path / "t.pkr.hcl").write_text(guest_source("typing", body))

    result = kiln("build", "t.pkr.hcl", env=kiln_env(tmp_path), timeout=400)

    assert result.exit_code == 0, result.output
    assert "Typing the boot commands over VNC..." in result.stdout
    assert "VM files in directory: output-typing" in result.stdout
    serial = serial_lines(tmp_path)
    port = re.search(r"Starting HTTP server on address 10\.0\.2\.2 and port (\d+)", result.stdout)
    assert port, result.stdout
    expected = [
        f"typed: echo Hello packer-typing at 10.0.2.2:{port.group(1)}!",
        f"Hello packer-typing at 10.0.2.2:{port.group(1)}!",
        "a b typed",
        "typed: echo after-kill",
        "waited",
        "achar-toggle",
        "served-over-http",
        "from cd_content",
        "a cd_files file",
        "a cd_files directory",
        "done-typing",
    ]
    for line in expected:
        assert line in serial, f"{line!r} not on the serial console:\n" + "\n".join(serial)
    assert "kilncd" in serial, "\n".join(serial)  # the volume id, read from the CD
    assert not qemu_processes(str(tmp_path))
    info = subprocess.run(
        ["qemu-img", "info", "--output=json", str(tmp_path / "output-typing" / "packer-typing")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    image = json.loads(info.stdout)
    assert (image["format"], image["virtual-size"]) == ("qcow2", 16 * 1024 * 1024)
    assert sorted(p.name for p in (tmp_path / "output-typing").iterdir()) == ["packer-typing"]
