"""Secrets never reach the log or the console."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from kiln.ui.output import Output, machine_record
from kiln.ui.redact import RedactingFilter, forget_secrets, redact, register_secret


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    forget_secrets()
    yield
    forget_secrets()


def test_registered_secrets_are_replaced_everywhere_in_text() -> None:
    register_secret("s3cr3t-value")
    register_secret("line one\nline two")
    text = "token=s3cr3t-value; key:\nline one\nline two\nend"
    assert redact(text) == "token=<sensitive>; key:\n<sensitive>\nend"


def test_each_line_of_a_multiline_secret_is_hidden_on_its_own() -> None:
    register_secret("-----BEGIN KEY-----\nMIIEabc\n-----END KEY-----")
    assert redact("output: MIIEabc") == "output: <sensitive>"


def test_log_records_are_redacted_after_formatting() -> None:
    register_secret("hunter2")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("kiln.test.redact")
    # Independent of how earlier tests configured the `kiln` logger (level, handlers).
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.warning("password is %s", "hunter2")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == "password is <sensitive>\n"


def test_output_redacts_in_both_modes() -> None:
    register_secret("hunter2")
    human, machine = io.StringIO(), io.StringIO()
    Output(human, human, machine_readable=False, color=False).say("pw hunter2")
    Output(machine, machine, machine_readable=True, color=False).say("pw hunter2, ok")
    assert human.getvalue() == "pw <sensitive>\n"
    assert machine.getvalue().split(",", 1)[1] == ",ui,say,pw <sensitive>%!(PACKER_COMMA) ok\n"


def test_machine_record_escapes_commas_and_newlines() -> None:
    record = machine_record("file.a", "ui", "message", "a,b\nc", timestamp=1700000000)
    assert record == "1700000000,file.a,ui,message,a%!(PACKER_COMMA)b\\nc"
