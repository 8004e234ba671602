"""Packer's boot command grammar: what each token becomes (the keys themselves are
proven in a real guest by test_boot_command.py)."""

from __future__ import annotations

import pytest

from kiln.builders.common.boot_keys import (
    BootCommandError,
    KeyAction,
    Press,
    Wait,
    keysym,
    needs_shift,
    parse_boot_command,
)


def test_specials_waits_and_toggles() -> None:
    assert parse_boot_command("a<enter><wait><wait5><wait1m30s><wait250ms>") == [
        KeyAction(Press.PRESS, char="a"),
        KeyAction(Press.PRESS, special="enter"),
        Wait(1.0),
        Wait(5.0),
        Wait(90.0),
        Wait(0.25),
    ]
    assert parse_boot_command("<leftCtrlOn>c<leftCtrlOff><cOn><COFF><F12><PageUp>") == [
        KeyAction(Press.ON, special="leftctrl"),
        KeyAction(Press.PRESS, char="c"),
        KeyAction(Press.OFF, special="leftctrl"),
        KeyAction(Press.ON, char="c"),
        KeyAction(Press.OFF, char="C"),
        KeyAction(Press.PRESS, special="f12"),
        KeyAction(Press.PRESS, special="pageup"),
    ]


def test_anything_else_is_typed_as_it_is() -> None:
    typed = parse_boot_command("<nope> <wait5x> <")
    assert "".join(action.char for action in typed if isinstance(action, KeyAction)) == (
        "<nope> <wait5x> <"
    )


def test_waits_must_be_positive() -> None:
    with pytest.raises(BootCommandError, match=r"Expecting a positive wait value. Got <wait0>"):
        parse_boot_command("<wait0>")


@pytest.mark.parametrize(
    ("text", "code", "shift"),
    [("a", 0x61, False), ("A", 0x41, True), ("!", 0x21, True), ("é", 0xE9, False),
     ("€", 0x010020AC, False), ("<esc>", 0xFF1B, False), ("<spacebar>", 0x20, False),
     ("<leftSuper>", 0xFFEB, False)],
)  # fmt: skip
def test_keysyms(text: str, code: int, shift: bool) -> None:
    (action,) = parse_boot_command(text)
    assert isinstance(action, KeyAction)
    assert (keysym(action), needs_shift(action)) == (code, shift)


def test_meta_keys_parse_but_vnc_has_no_keysym_for_them() -> None:
    (action,) = parse_boot_command("<leftMeta>")
    assert isinstance(action, KeyAction)
    with pytest.raises(BootCommandError, match=r"special leftmeta not found\."):
        keysym(action)
