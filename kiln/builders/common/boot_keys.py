"""A boot command read as Packer reads it: key presses, held keys, and waits.

`parse_boot_command(text)` turns an (already interpolated) boot command into
`KeyAction`s and `Wait`s, with Packer's grammar:

- `<wait>` (1 s), `<wait5>` (seconds), `<wait1m30s>` (a duration);
- `<XOn>` / `<XOff>`: hold or release one character, e.g. `<aOn>`;
- `<name>`, `<nameOn>`, `<nameOff>`: a special key (`<enter>`, `<f5>`,
  `<leftCtrlOn>`...), names in any case;
- anything else, `<` included when it starts none of the above, is typed
  as the character it is.

A builder types the result with its own driver (VNC keysyms here in
`KEYSYMS`; other drivers could map the same names to scancodes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from kiln.components.durations import DurationError, parse_duration
from kiln.errors import KilnError


class Press(Enum):
    """What happens to a key: pressed and released, held down, or let go."""

    PRESS = "press"
    ON = "on"
    OFF = "off"


@dataclass(frozen=True)
class KeyAction:
    """One key: a character (`char`) or a special key (`special`, lower case)."""

    press: Press
    char: str = ""
    special: str = ""


@dataclass(frozen=True)
class Wait:
    """A pause of `seconds` before the next key."""

    seconds: float


BootAction = KeyAction | Wait

#: The special keys of Packer's grammar, longest names first where one starts another.
SPECIAL_KEYS = (
    "bs", "del", "enter", "esc", "f10", "f11", "f12", "f1", "f2", "f3", "f4", "f5", "f6",
    "f7", "f8", "f9", "return", "tab", "up", "down", "spacebar", "insert", "home", "end",
    "pageup", "pagedown", "leftalt", "leftctrl", "leftmeta", "leftshift", "rightalt",
    "rightctrl", "rightmeta", "rightshift", "leftsuper", "rightsuper", "left", "right", "menu",
)  # fmt: skip

#: X11 keysyms of the special keys, as VNC servers take them.
KEYSYMS = {
    "bs": 0xFF08, "del": 0xFFFF, "down": 0xFF54, "end": 0xFF57, "enter": 0xFF0D,
    "esc": 0xFF1B, "f1": 0xFFBE, "f2": 0xFFBF, "f3": 0xFFC0, "f4": 0xFFC1, "f5": 0xFFC2,
    "f6": 0xFFC3, "f7": 0xFFC4, "f8": 0xFFC5, "f9": 0xFFC6, "f10": 0xFFC7, "f11": 0xFFC8,
    "f12": 0xFFC9, "home": 0xFF50, "insert": 0xFF63, "left": 0xFF51, "leftalt": 0xFFE9,
    "leftctrl": 0xFFE3, "leftshift": 0xFFE1, "leftsuper": 0xFFEB, "menu": 0xFF67,
    "pagedown": 0xFF56, "pageup": 0xFF55, "return": 0xFF0D, "right": 0xFF53,
    "rightalt": 0xFFEA, "rightctrl": 0xFFE4, "rightshift": 0xFFE2, "rightsuper": 0xFFEC,
    "spacebar": 0x20, "tab": 0xFF09, "up": 0xFF52,
}  # fmt: skip
LEFT_SHIFT = KEYSYMS["leftshift"]
#: Characters typed with shift held on a US keyboard (upper case letters too).
SHIFTED = '~!@#$%^&*()_+{}|:"<>?'

_DURATION = r"(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+"
_WAIT = re.compile(rf"<wait({_DURATION}|0|[1-9][0-9]*)?>")
_TOGGLE = re.compile(r"<(.)(on|off)>", re.IGNORECASE | re.DOTALL)
_SPECIAL = re.compile(rf"<({'|'.join(SPECIAL_KEYS)})(on|off)?>", re.IGNORECASE)


class BootCommandError(KilnError):
    """A boot command that cannot be typed."""


def parse_boot_command(text: str) -> list[BootAction]:
    """The actions `text` stands for, in order (waits must be positive)."""
    actions: list[BootAction] = []
    at = 0
    while at < len(text):
        if text[at] == "<":
            found = _bracketed(text, at)
            if found is not None:
                action, at = found
                actions.append(action)
                continue
        actions.append(KeyAction(Press.PRESS, char=text[at]))
        at += 1
    return actions


def _bracketed(text: str, at: int) -> tuple[BootAction, int] | None:
    if match := _WAIT.match(text, at):
        return Wait(_wait_seconds(match.group(0), match.group(1))), match.end()
    if match := _TOGGLE.match(text, at):
        return KeyAction(_press(match.group(2)), char=match.group(1)), match.end()
    if match := _SPECIAL.match(text, at):
        return KeyAction(_press(match.group(2)), special=match.group(1).lower()), match.end()
    return None


def _press(word: str | None) -> Press:
    return Press.PRESS if word is None else Press(word.lower())


def _wait_seconds(token: str, amount: str | None) -> float:
    if amount is None:
        return 1.0
    try:
        seconds = float(amount) if amount.isdigit() else parse_duration(amount)
    except DurationError:
        seconds = 0.0
    if seconds <= 0:
        raise BootCommandError(f"Expecting a positive wait value. Got {token}")
    return seconds


def keysym(action: KeyAction) -> int:
    """The X11 keysym of the key (Unicode beyond Latin-1 in the 0x01000000 plane)."""
    if action.special:
        try:
            return KEYSYMS[action.special]
        except KeyError:
            raise BootCommandError(f"special {action.special} not found.") from None
    code = ord(action.char)
    if action.char == "\n":
        return KEYSYMS["enter"]
    return code if code < 0x100 else 0x01000000 | code


def needs_shift(action: KeyAction) -> bool:
    """Whether the character is typed with shift held (as Packer decides)."""
    return bool(action.char) and (action.char.isupper() or action.char in SHIFTED)
