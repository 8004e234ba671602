"""Choosing qemu's accelerator when the template does not: KVM if it really works, else TCG.

Packer picks `kvm` whenever /dev/kvm can be opened. That is not enough: a
machine can offer a /dev/kvm that cannot run ordinary guests (a
paravirtual nested hypervisor such as kvm-pvm runs only kernels built for
it; a Linux installer hangs in its first instructions, with no error).
So Kiln boots a probe first: a 512-byte boot sector (source beside this
file, kvm_probe.S) that enters long mode, takes an exception and returns
from it, then exits qemu with status 33 through the isa-debug-exit device.
On working KVM it ends in well under a second (most of it the BIOS); if it
has not ended in `PROBE_TIMEOUT` seconds, or ended otherwise, KVM is not
used. The answer is kept for the rest of the process, per qemu binary.
"""

from __future__ import annotations

import os
import tempfile
import threading

from kiln.errors import CancelledError, KilnError
from kiln.process import Cancellation, run
from kiln.ui.log import get_logger

log = get_logger(__name__)

PROBE_TIMEOUT = 10.0
#: qemu's exit status when the probe writes 0x10 to isa-debug-exit ((0x10 << 1) | 1).
PROBE_SUCCESS = 33
#: The probe's code (kvm_probe.S, assembled); padded to a boot sector at run time.
_PROBE_CODE = bytes.fromhex(
    "fa31c08ed88ec08ed0bc007cbf0010b9000c6631c0fc66f3ab66c70600100320000066c7"
    "0600200330000066c7060030830000000f20e06683c8200f22e066b8001000000f22d866"
    "b9800000c00f32660d000100000f300f20c0660d010000800f22c0660f0116e07c66ea71"
    "7c0000080048c7c0cd7c0000668904253040000066c7042532400000080066c704253440"
    "0000008e48c1e8106689042536400000c704253840000000000000c704253c4000000000"
    "00000f011c25e67c000048c7c400800000ccb010e6f4f4ebfd48cf900000000000000000"
    "00000000009a20000f00d07c0000ff000040"
)
_X86_BINARIES = ("qemu-system-x86_64", "qemu-system-i386", "qemu-kvm", "kvm")

_known: dict[str, tuple[bool, str]] = {}
_lock = threading.Lock()


def boot_sector() -> bytes:
    """The probe as a bootable 512-byte sector."""
    return _PROBE_CODE.ljust(510, b"\0") + b"\x55\xaa"


def choose_accelerator(qemu_binary: str, cancellation: Cancellation) -> tuple[str, str]:
    """The accelerator to use and why ("kvm" only when the probe ran under KVM)."""
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError as error:
        return "tcg", f"/dev/kvm cannot be opened ({error.strerror})"
    if os.path.basename(qemu_binary) not in _X86_BINARIES:
        # The probe is x86 code; other targets keep Packer's rule.
        return "kvm", "/dev/kvm can be opened"
    with _lock:
        if qemu_binary not in _known:
            _known[qemu_binary] = _probe(qemu_binary, cancellation)
        works, reason = _known[qemu_binary]
    return ("kvm" if works else "tcg"), reason


def _probe(qemu_binary: str, cancellation: Cancellation) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory(prefix="kiln-kvm-probe-") as directory:
        disk = os.path.join(directory, "probe.img")
        with open(disk, "wb") as out:
            out.write(boot_sector())
        argv = [
            qemu_binary, "-accel", "kvm", "-machine", "pc", "-m", "16", "-nodefaults",
            "-display", "none", "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-drive", f"file={disk},format=raw,if=ide",
        ]  # fmt: skip
        # qemu reports a guest KVM cannot run ("KVM internal error") and then waits for
        # ever: the probe stops at that line instead of at the time limit.
        probe = cancellation.child()

        def watch(_stream: str, line: str) -> None:
            if "KVM internal error" in line:
                probe.cancel("KVM internal error")

        try:
            result = run(
                argv,
                check=False,
                timeout=PROBE_TIMEOUT,
                cancellation=probe,
                on_output=watch,
                terminate_grace=1.0,
            )
        except CancelledError:
            if cancellation.cancelled:
                raise
            return False, "KVM is present but cannot run a test machine (KVM internal error)"
        except KilnError as error:
            log.info("KVM probe: %s", error.message)
            return False, (
                f"KVM is present but did not run a test machine within {PROBE_TIMEOUT:g}s"
            )
    log.info("KVM probe: exit status %d in %.2fs", result.returncode, result.duration)
    if result.returncode == PROBE_SUCCESS:
        return True, f"KVM ran a test machine in {result.duration:.1f}s"
    return False, f"KVM is present but a test machine failed under it (exit {result.returncode})"
