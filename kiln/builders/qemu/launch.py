"""Starting the machine (Packer's `stepRun` and `stepConfigureQMP`).

qemu runs as a background process of its own (`kiln.process.start`): its
own process group, its output in the debug log (`Qemu: ...`), the guest's
serial console too (`Qemu serial: ...`), and `terminate_all` kills it if
Kiln dies. The step waits until qemu's VNC server accepts connections (or
qemu exits, which is an error quoting its last words) instead of Packer's
fixed two seconds. Its cleanup stops qemu whatever happened: SIGTERM, then
SIGKILL after a grace period.

Reads `state.data`: "output_directory", "qemu_disk_paths", "iso_path",
"cd_path", "floppy_path", "efivars_path", "http_ip", "http_port", "comm_host_port",
"vnc_address", "vnc_password". Writes "qemu" (the `Background` process)
and "accelerator".
"""

from __future__ import annotations

import contextlib
import os
import socket
import time

from kiln.builders.qemu.accelerator import choose_accelerator
from kiln.builders.qemu.command_line import (
    Machine,
    default_arguments,
    merge_arguments,
    render_qemuargs,
    template_data,
)
from kiln.builders.qemu.config import QemuConfig
from kiln.builders.qemu.network_steps import guest_port_of
from kiln.builders.qemu.qmp import QMPError, qmp_command
from kiln.builders.qemu.serial import SerialLog
from kiln.components.runtime import BuildState, Step
from kiln.errors import KilnError
from kiln.process import Background, start
from kiln.ui.log import get_logger

log = get_logger(__name__)

QEMU_HINT = "Install qemu with: apt-get install qemu-system-x86"
#: How long qemu may take to open its VNC server before the step goes on regardless.
READY_TIMEOUT = 15.0
#: Without a VNC server to watch (qemuargs replaced -vnc), how long an early failure is awaited.
EARLY_FAILURE_WAIT = 2.0
STOP_GRACE = 5.0


class RunMachine(Step):
    """Build qemu's command line and start the machine."""

    name = "stepRun"

    def __init__(self, config: QemuConfig, vm_name: str) -> None:
        self.config = config
        self.vm_name = vm_name
        self._process: Background | None = None
        self._serial: SerialLog | None = None

    def run(self, state: BuildState) -> None:
        """Choose the accelerator, start qemu, wait until it is up."""
        config = self.config
        accelerator = self._accelerator(state)
        state.data["accelerator"] = accelerator
        state.ui.say(
            "Starting VM, booting disk image"
            if config.disk_image
            else "Starting VM, booting from CD-ROM"
        )
        if accelerator == "none":
            state.ui.message(
                "WARNING: The VM will be started with no hardware acceleration.\n"
                "The installation may take considerably longer to finish.\n"
            )
        machine = self._machine(state, accelerator)
        defaults = default_arguments(config, machine)
        if config.headless:
            state.ui.message(_vnc_message(machine, str(state.data.get("vnc_password") or "")))
        qemuargs: list[list[str]] = []
        if config.qemuargs:
            state.ui.say("Overriding default Qemu arguments with qemuargs template option...")
            data = template_data(
                config,
                machine,
                str(state.data.get("http_ip") or ""),
                int(state.data.get("http_port") or 0),
            )
            qemuargs = render_qemuargs(config, data, state.run)
        argv = [config.qemu_binary, *merge_arguments(defaults, qemuargs, config.net_device)]
        log.info("Executing %s: %s", config.qemu_binary, argv[1:])
        self._serial = SerialLog(machine.serial_socket)
        self._process = start(argv, log_prefix="Qemu:", install_hint=QEMU_HINT)
        state.data["qemu"] = self._process
        self._wait_until_up(state, machine, "-vnc" not in {row[0] for row in qemuargs if row})

    def _accelerator(self, state: BuildState) -> str:
        if self.config.accelerator:
            return self.config.accelerator
        chosen, reason = choose_accelerator(self.config.qemu_binary, state.run.cancellation)
        log.info("accelerator %s: %s", chosen, reason)
        if chosen == "tcg" and "KVM is present" in reason:
            state.ui.message(f"{reason}; using tcg (set accelerator to choose)")
        return chosen

    def _machine(self, state: BuildState, accelerator: str) -> Machine:
        data = state.data
        address, port = data["vnc_address"]
        scratch = state.run.scratch_dir()
        return Machine(
            vm_name=self.vm_name,
            output_directory=str(data["output_directory"]),
            accelerator=accelerator,
            disk_paths=list(data.get("qemu_disk_paths") or []),
            vnc_address=address,
            vnc_port=port,
            iso_path="" if self.config.disk_image else str(data.get("iso_path") or ""),
            cd_path=str(data.get("cd_path") or ""),
            floppy_path=str(data.get("floppy_path") or ""),
            efivars_path=str(data.get("efivars_path") or ""),
            host_port=int(data.get("comm_host_port") or 0)
            if not self.config.skip_nat_mapping
            else 0,
            guest_port=guest_port_of(self.config),
            # Only this machine dials the forwarded port, unless the template names another host.
            forward_address="" if self.config.host else "127.0.0.1",
            vnc_password=bool(data.get("vnc_password")),
            serial_socket=os.path.join(scratch, "serial.sock"),
            qmp_socket=self.config.qmp_socket(str(data["output_directory"]), self.vm_name)
            if self.config.qmp_enabled
            else "",
        )

    def _wait_until_up(self, state: BuildState, machine: Machine, watch_vnc: bool) -> None:
        process = self._process
        assert process is not None
        deadline = time.monotonic() + (READY_TIMEOUT if watch_vnc else EARLY_FAILURE_WAIT)
        while time.monotonic() < deadline:
            status = process.wait(0.1, state.run.cancellation)
            if status is not None:
                output = "\n".join(f"    {line}" for line in process.last_output[-10:])
                message = (
                    "Error launching VM: Qemu failed to start (exit status "
                    f"{status}). Please run with PACKER_LOG=1 to get more info."
                )
                state.ui.error(message)
                raise KilnError(f"{message}\n  last output:\n{output}" if output else message)
            if watch_vnc and _accepts(machine.vnc_address, machine.vnc_port):
                return
        log.info("qemu is running (pid %d)", process.pid)

    def cleanup(self, state: BuildState) -> None:
        """Stop qemu (if it still runs) and the serial reader."""
        process, self._process = self._process, None
        if process is not None and process.returncode is None:
            status = process.stop(STOP_GRACE)
            log.info("qemu stopped (status %s)", status)
        if self._serial is not None:
            self._serial.close()
            self._serial = None


def _accepts(address: str, port: int) -> bool:
    host = "127.0.0.1" if address in ("0.0.0.0", "") else address
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def _vnc_message(machine: Machine, password: str) -> str:
    where = f"{machine.vnc_address}:{machine.vnc_port}"
    if password:
        return (
            "The VM will be run headless, without a GUI. If you want to\n"
            f"view the screen of the VM, connect via VNC to vnc://{where}\n"
            f"with the password: {password}"
        )
    return (
        "The VM will be run headless, without a GUI. If you want to\n"
        "view the screen of the VM, connect via VNC without a password to\n"
        f"vnc://{where}"
    )


class SetVNCPassword(Step):
    """With vnc_use_password: give qemu's VNC server its password over QMP."""

    name = "stepConfigureQMP"

    def __init__(self, config: QemuConfig, vm_name: str) -> None:
        self.config = config
        self.vm_name = vm_name

    def run(self, state: BuildState) -> None:
        """Connect to the QMP socket and change the VNC password."""
        password = str(state.data.get("vnc_password") or "")
        if not self.config.qmp_enabled or not password:
            return
        path = self.config.qmp_socket(str(state.data["output_directory"]), self.vm_name)
        log.info("QMP socket: %s", path)
        try:
            qmp_command(path, "change-vnc-password", {"password": password})
        except QMPError as error:
            message = f"Error setting the VNC password: {error.message}"
            state.ui.error(message)
            raise KilnError(message) from None
