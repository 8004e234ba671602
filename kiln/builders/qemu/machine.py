"""The qemu builder's virtual machine: qemu binary, accelerator, CPUs, memory,
firmware (BIOS, pflash or EFI), TPM, and raw qemu arguments."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from kiln.components.config import Config, Problems, option

ACCELERATORS = ("none", "kvm", "tcg", "xen", "hax", "hvf", "whpx")
DEFAULT_MEMORY = 512
DEFAULT_EFI_CODE = "/usr/share/OVMF/OVMF_CODE.fd"
DEFAULT_EFI_VARS = "/usr/share/OVMF/OVMF_VARS.fd"


@dataclass(kw_only=True)
class MachineOptions(Config):
    """What machine qemu emulates and how it runs it."""

    qemu_binary: str = option(
        "qemu-system-x86_64", doc='The qemu program to run ("qemu-kvm", "qemu-system-aarch64"...).'
    )
    accelerator: str = option(
        "",
        doc='"kvm", "tcg", "xen", "hax", "hvf", "whpx" or "none"; '
        "kvm when /dev/kvm can be opened, tcg otherwise, unless set.",
    )
    machine_type: str = option("pc", doc="The machine to emulate (`qemu -machine help`), e.g. q35.")
    cpu_model: str = option(
        "",
        doc='The CPU model to emulate (`qemu -cpu help`), e.g. "host"; qemu\'s default unless set.',
    )
    memory: int = option(DEFAULT_MEMORY, doc="Memory in megabytes; below 10 means 512.")
    cpus: int = option(
        0, doc="Virtual CPUs: 1, or sockets * cores * threads, unless set (the smaller wins)."
    )
    sockets: int = option(0, doc="CPU sockets (1 unless set).")
    cores: int = option(0, doc="Cores per socket (1 unless set).")
    threads: int = option(0, doc="Threads per core (1 unless set).")
    qemuargs: tuple[tuple[str, ...], ...] = option(
        (),
        doc='Extra qemu switches, each a list ["-switch", "value parts"...], overriding the '
        "builder's own; templates may use {{ .SSHHostPort }}, {{ .HTTPIP }}...",
    )

    def normalize_machine(self) -> None:
        """Packer's conversion: too little memory (below 10 MB) means the default."""
        if self.memory < 10:
            self.memory = DEFAULT_MEMORY

    def chosen_accelerator(self) -> str:
        """The accelerator qemu runs with, choosing as Packer does when none is set.

        A method, not a property: without `accelerator` it opens /dev/kvm to see
        whether KVM can be used, so call it once, when the machine is started.
        """
        if self.accelerator:
            return self.accelerator
        if sys.platform == "win32":
            return "tcg"
        try:
            os.close(os.open("/dev/kvm", os.O_RDWR))
        except OSError:
            return "tcg"
        return "kvm"

    @property
    def smp(self) -> str:
        """The value of qemu's -smp switch, as Packer builds it from the CPU options."""
        topology = _topology_cpus(self.sockets, self.cores, self.threads)
        count = self.cpus or topology or 1
        if topology and count > topology:
            count = topology
        parts = [str(count)]
        for name in ("sockets", "cores", "threads"):
            if getattr(self, name) > 0:
                parts.append(f"{name}={getattr(self, name)}")
        return ",".join(parts)

    def check_machine(self, problems: Problems) -> None:
        """A known accelerator; no negative CPU counts."""
        if self.accelerator and self.accelerator not in ACCELERATORS:
            problems.add(
                f"invalid accelerator \"{self.accelerator}\", only 'kvm', 'tcg', 'xen', "
                "'hax', 'hvf', 'whpx', or 'none' are allowed",
                "accelerator",
            )
        for name in ("cpus", "sockets", "cores", "threads"):
            if getattr(self, name) < 0:
                problems.add(f"{name} must be a positive number", name)


def _topology_cpus(sockets: int, cores: int, threads: int) -> int:
    """The CPUs a topology describes: the product of the counts given (0 if none)."""
    total = 1
    for count in (sockets, cores, threads):
        if count > 0:
            total *= count
    return total if max(sockets, cores, threads) > 0 else 0


@dataclass(kw_only=True)
class FirmwareOptions(Config):
    """BIOS or EFI firmware, and an emulated TPM."""

    firmware: str = option(
        "", doc="A firmware file given to qemu (-bios, or pflash); qemu's own unless set."
    )
    use_pflash: bool = option(False, doc="Give `firmware` as a pflash drive instead of -bios.")
    efi_boot: bool = option(
        False, doc="Boot with EFI firmware; implied by efi_firmware_code or efi_firmware_vars."
    )
    efi_firmware_code: str = option(
        "", doc=f"The EFI firmware's code (OVMF_CODE.fd); {DEFAULT_EFI_CODE} unless set."
    )
    efi_firmware_vars: str = option(
        "", doc=f"The EFI variables template (OVMF_VARS.fd); {DEFAULT_EFI_VARS} unless set."
    )
    efi_drop_efivars: bool = option(
        False, doc="Leave efivars.fd out of the artifact (for post-processors wanting disks only)."
    )
    vtpm: bool = option(False, doc="Give the guest an emulated TPM (needs swtpm).")
    use_tpm1: bool = option(False, doc="Emulate TPM 1.2 instead of 2.0.")
    tpm_device_type: str = option(
        "tpm-tis",
        doc='The TPM device: "tpm-tis" (x86), "tpm-tis-device" (ARM), "tpm-spapr" (POWER).',
    )

    @property
    def efi_enabled(self) -> bool:
        """Whether the machine boots with EFI firmware."""
        return bool(self.efi_boot or self.efi_firmware_code or self.efi_firmware_vars)

    @property
    def efi_code_path(self) -> str:
        """The EFI code file used (empty when not booting with EFI)."""
        if not self.efi_enabled:
            return ""
        return self.efi_firmware_code or DEFAULT_EFI_CODE

    @property
    def efi_vars_path(self) -> str:
        """The EFI variables template used (empty when not booting with EFI)."""
        if not self.efi_enabled:
            return ""
        return self.efi_firmware_vars or DEFAULT_EFI_VARS
