"""The keys a builder types when its machine boots (Packer's `bootcommand` configs).

`BootCommandConfig` is what every boot-typing builder takes; `VNCBootConfig`
adds the options of builders that type over VNC (qemu, vmware). A boot
command is checked as Packer parses it: every `<waitXX>` must be a positive
duration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiln.components.config import Config, Problems, option
from kiln.components.durations import DurationError, parse_duration

#: Packer's boot_wait when none (or zero) is given.
DEFAULT_BOOT_WAIT = "10s"
#: `<wait>`, `<wait5>`, `<wait1m30s>`: a bare number is seconds.
_WAIT = re.compile(r"<wait([0-9][0-9a-zµμ.]*)?>")


@dataclass(kw_only=True)
class BootCommandConfig(Config):
    """`boot_command`, `boot_wait` and `boot_keygroup_interval`."""

    boot_keygroup_interval: str = option(
        "",
        duration=True,
        doc="The pause after each group of keys; the builder picks one unless set.",
    )
    boot_wait: str = option(
        DEFAULT_BOOT_WAIT,
        duration=True,
        doc='How long to wait after boot before typing; a negative value ("-1s") means none.',
    )
    boot_command: tuple[str, ...] = option(
        (),
        doc="Keys to type at boot (`<enter>`, `<wait5>`, `{{ .HTTPIP }}`...); "
        "the strings are typed one after another.",
    )

    @property
    def boot_wait_seconds(self) -> float:
        """The wait before typing: zero means the default, a negative value none."""
        seconds = parse_duration(self.boot_wait or DEFAULT_BOOT_WAIT)
        if seconds == 0:
            return parse_duration(DEFAULT_BOOT_WAIT)
        return max(seconds, 0.0)

    def check_boot_command(self, problems: Problems) -> None:
        """Every wait in the boot command is positive."""
        for error in wait_errors("".join(self.boot_command)):
            problems.add(f"boot_command: {error}", "boot_command")


@dataclass(kw_only=True)
class VNCBootConfig(BootCommandConfig):
    """The boot command typed over VNC: adds `disable_vnc` and `boot_key_interval`."""

    disable_vnc: bool = option(
        False, doc="Do not open a VNC connection (no boot command can be typed then)."
    )
    boot_key_interval: str = option(
        "",
        duration=True,
        doc="The pause between key presses; 100ms (or PACKER_KEY_INTERVAL) unless set.",
    )

    def check_boot_command(self, problems: Problems) -> None:
        """The boot command's waits, and VNC to type it with."""
        if self.boot_command and self.disable_vnc:
            problems.add(
                "A boot command cannot be used when vnc is disabled (disable_vnc).", "disable_vnc"
            )
        super().check_boot_command(problems)


def wait_errors(command: str) -> list[str]:
    """What is wrong with the `<waitXX>` keys of a boot command."""
    errors = []
    for match in _WAIT.finditer(command):
        text = match.group(1)
        if text is None:
            continue
        try:
            seconds = float(text) if text.isdigit() else parse_duration(text)
        except DurationError:
            continue  # not a wait: Packer types it as plain characters
        if seconds <= 0:
            errors.append(f"Expecting a positive wait value. Got {match.group(0)}")
    return errors
