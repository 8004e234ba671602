"""The step that types a boot command into a machine over VNC (Packer's
`stepTypeBootCommand` of the qemu and vmware plugins).

Reads `state.data`: "vnc_address" (host, port), "vnc_password" (may be
empty), "http_ip", "http_port" and "ssh_public_key" (what `{{ .HTTPIP }}`,
`{{ .HTTPPort }}` and `{{ .SSHPublicKey }}` render to; `{{ .Name }}` is the
machine's name). Each key is a press and
a release, with `boot_key_interval` (else `PACKER_KEY_INTERVAL`, else
100 ms) after each event, as Packer's VNC driver does; `<waitXX>` pauses
watch the build's cancellation.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from kiln.builders.common.boot import VNCBootConfig
from kiln.builders.common.boot_keys import (
    LEFT_SHIFT,
    BootAction,
    BootCommandError,
    KeyAction,
    Press,
    Wait,
    keysym,
    needs_shift,
    parse_boot_command,
)
from kiln.builders.common.vnc import VNCClient, VNCError
from kiln.components.durations import DurationError, format_duration, parse_duration
from kiln.components.runtime import BuildRun, BuildState, Step
from kiln.errors import KilnError
from kiln.template.legacy.functions import RenderContext
from kiln.template.legacy.gotemplate import TemplateError
from kiln.template.legacy.render import interpolate
from kiln.ui.log import get_logger

log = get_logger(__name__)

DEFAULT_KEY_INTERVAL = 0.1
KEY_INTERVAL_ENV = "PACKER_KEY_INTERVAL"


def key_interval(config: VNCBootConfig) -> float:
    """The pause after each key event: boot_key_interval, PACKER_KEY_INTERVAL, or 100 ms."""
    if config.boot_key_interval:
        seconds = parse_duration(config.boot_key_interval)
        if seconds > 0:
            return seconds
    try:
        return parse_duration(os.environ.get(KEY_INTERVAL_ENV, ""))
    except DurationError:
        return DEFAULT_KEY_INTERVAL


class TypeBootCommand(Step):
    """Wait boot_wait, connect to the machine's VNC server and type the boot command."""

    name = "StepTypeBootCommand"

    def __init__(
        self, config: VNCBootConfig, vm_name: str, boot_steps: Sequence[Sequence[str]] = ()
    ) -> None:
        self.config = config
        self.vm_name = vm_name
        #: (keys, description) pairs; boot_command, when set, is one step without description.
        self.boot_steps = (
            [("".join(config.boot_command), "")]
            if config.boot_command
            else [(step[0], step[1] if len(step) > 1 else "") for step in boot_steps if step]
        )

    def run(self, state: BuildState) -> None:
        """Wait, connect, then type each boot step (pausing after each one with -debug)."""
        if self.config.disable_vnc:
            log.info("Skipping boot command step...")
            return
        if not self.boot_steps:
            # Kiln goes straight on: boot_wait only delays typing, and there is nothing to type.
            return
        run = state.run
        wait = self.config.boot_wait_seconds
        if wait > 0:
            state.ui.say(f"Waiting {format_duration(wait)} for boot...")
            run.sleep(wait)
        host, port = state.data["vnc_address"]
        state.ui.say(f"Connecting to VM via VNC ({host}:{port})")
        try:
            client = VNCClient.connect(host, port, str(state.data.get("vnc_password") or ""))
        except VNCError as error:
            raise _failed(state, error.message) from None
        with client:
            log.info("Connected to VNC desktop: %s", client.desktop_name)
            state.ui.say("Typing the boot commands over VNC...")
            typist = _Typist(client, run, key_interval(self.config))
            context = _context(run, self._template_data(state))
            for keys, description in self.boot_steps:
                if description:
                    state.ui.say(f"Typing boot command for: {description}")
                try:
                    command = _render(keys, context)
                except KilnError as error:
                    raise _failed(state, error.message) from None
                try:
                    typist.type(parse_boot_command(command))
                except (BootCommandError, VNCError) as error:
                    raise _failed(state, f"Error running boot command: {error.message}") from None
                if run.debug and not run.cancelled:
                    shown = (
                        f'boot description: "{description}", command: {command}'
                        if description
                        else f"boot_command: {command}"
                    )
                    state.ui.ask(f"Pausing after run of step '{shown}'. Press enter to continue.")

    def _template_data(self, state: BuildState) -> dict[str, Any]:
        data = state.data
        return {
            "HTTPIP": str(data.get("http_ip") or ""),
            "HTTPPort": int(data.get("http_port") or 0),
            "Name": self.vm_name,
            "SSHPublicKey": str(data.get("ssh_public_key") or ""),
        }


class _Typist:
    """Sends actions as VNC key events, as Packer's VNC driver does."""

    def __init__(self, client: VNCClient, run: BuildRun, interval: float) -> None:
        self.client = client
        self.run = run
        self.interval = interval

    def type(self, actions: list[BootAction]) -> None:
        for action in actions:
            self.run.check_cancelled()
            if isinstance(action, Wait):
                log.info("[INFO] Waiting %s", format_duration(action.seconds))
                self.run.sleep(action.seconds)
            else:
                self._key(action)

    def _key(self, action: KeyAction) -> None:
        code = keysym(action)
        shift = needs_shift(action)
        log.debug("Sending key %r, code 0x%X, shift %s", action.char or action.special, code, shift)
        if action.press in (Press.ON, Press.PRESS):
            if shift:
                self._event(LEFT_SHIFT, True)
            self._event(code, True)
        if action.press in (Press.OFF, Press.PRESS):
            self._event(code, False)
            if shift:
                self._event(LEFT_SHIFT, False)

    def _event(self, code: int, down: bool) -> None:
        self.client.key(code, down)
        self.run.sleep(self.interval)


def _context(run: BuildRun, data: Mapping[str, Any]) -> RenderContext:
    return RenderContext.for_build(run, data, "bootCommandTemplateData")


def _render(text: str, context: RenderContext) -> str:
    if "{{" not in text:
        return text
    try:
        return interpolate(text, context)
    except TemplateError as error:
        raise KilnError(f"Error preparing boot command: {error}") from None


def _failed(state: BuildState, message: str) -> KilnError:
    state.ui.error(message)
    return KilnError(message)
