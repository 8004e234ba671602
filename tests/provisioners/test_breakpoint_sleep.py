"""The `breakpoint` and `sleep` provisioners' options."""

from __future__ import annotations

from kiln.provisioners.breakpoint import BreakpointConfig
from kiln.provisioners.sleep import SleepConfig
from tests.components.support import config_of, decode_hcl, decode_json, errors


def test_breakpoint_defaults_and_options() -> None:
    empty = config_of(decode_hcl(BreakpointConfig, 'provisioner "breakpoint" {\n}'))
    assert (empty.note, empty.disable) == ("", False)
    text = 'provisioner "breakpoint" {\n note = "look around"\n disable = true\n}'
    config = config_of(decode_hcl(BreakpointConfig, text))
    assert (config.note, config.disable) == ("look around", True)


def test_breakpoint_disable_is_a_bool() -> None:
    decoded = decode_json(BreakpointConfig, '{"disable": "later"}')
    assert errors(decoded) == [
        'Incorrect attribute value type; Inappropriate value for attribute "disable": '
        "a bool is required."
    ]


def test_sleep_takes_a_go_duration() -> None:
    assert config_of(decode_json(SleepConfig, '{"duration": "1m30s"}')).duration == "1m30s"
    assert errors(decode_hcl(SleepConfig, 'provisioner "sleep" {\n duration = 5\n}')) == [
        'Invalid duration; The value of "duration" is not a duration: '
        'time: missing unit in duration "5".'
    ]
