"""Keeps sensitive values out of everything Kiln prints or logs.

Code that learns a secret (a sensitive variable, a password, a private key)
registers it here once; every renderer and the debug log pass their text
through `redact()`, so a secret is replaced by `<sensitive>` wherever it
appears, including inside multi-line command output.
"""

from __future__ import annotations

import logging
import threading

PLACEHOLDER = "<sensitive>"

_lock = threading.Lock()
_secrets: list[str] = []


def register_secret(value: str) -> None:
    """Remember `value` (and each of its lines) as a secret to hide from now on."""
    candidates = [value, *value.splitlines()]
    with _lock:
        for candidate in candidates:
            # Very short strings would blank out ordinary words; Packer has the same floor.
            if len(candidate.strip()) >= 3 and candidate not in _secrets:
                _secrets.append(candidate)
        # Longest first, so a secret that contains another is replaced whole.
        _secrets.sort(key=len, reverse=True)


def forget_secrets() -> None:
    """Drop every registered secret (between independent runs in one process)."""
    with _lock:
        _secrets.clear()


def redact(text: str) -> str:
    """`text` with every registered secret replaced by `<sensitive>`."""
    with _lock:
        secrets = list(_secrets)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, PLACEHOLDER)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the fully formatted message of each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message with its redacted rendering."""
        message = redact(record.getMessage())
        record.msg = message
        record.args = None
        return True
