"""The SSH communicator's errors, and how a failed attempt is described to people."""

from __future__ import annotations

import errno
import re
import socket

import asyncssh

from kiln.communicator import DISCONNECTED
from kiln.errors import KilnError

__all__ = ["DISCONNECTED", "SSHError"]


class SSHError(KilnError):
    """The SSH communicator could not do what was asked."""


class SSHTimeoutError(SSHError):
    """SSH did not become available within ssh_timeout."""


class SSHAuthenticationError(SSHError):
    """The server refused every way of logging in, ssh_handshake_attempts times."""


class SSHConnectionLostError(SSHError):
    """The connection dropped and could not be opened again."""


class SSHNegotiationError(SSHError):
    """Kiln and the server share no algorithm of a kind: no retry can change that."""


def is_negotiation_failure(error: BaseException) -> bool:
    """Whether `error` says the two sides share no algorithm (key exchange, cipher, ...)."""
    return isinstance(error, asyncssh.KeyExchangeFailed)


def negotiation_message(error: BaseException) -> tuple[str, str]:
    """What the two sides could not agree on, in words; and which option changes it."""
    text = str(error)
    found = _NO_MATCH.match(text)
    if found is None:
        return f"the SSH handshake failed: {text}", "ssh_key_exchange_algorithms or ssh_ciphers"
    kind, ours, theirs = found.groups()
    option = _OPTION.get(kind, "ssh_key_exchange_algorithms or ssh_ciphers")
    return (
        f"no matching {kind} algorithm: Kiln offered {ours.replace(',', ', ')}; "
        f"the server offers {theirs.replace(',', ', ')}",
        option,
    )


_NO_MATCH = re.compile(r"No matching (.+?) algorithm found, sent (\S*) and received (\S*)")
_OPTION = {
    "key exchange": "ssh_key_exchange_algorithms",
    "encryption": "ssh_ciphers",
}


def is_authentication_failure(error: BaseException) -> bool:
    """Whether `error` says the server refused the credentials."""
    return isinstance(error, asyncssh.PermissionDenied)


def describe(error: BaseException) -> str:
    """One line saying why an attempt failed, in a person's words."""
    if isinstance(error, asyncssh.PermissionDenied):
        return "the server refused the credentials (permission denied)"
    if isinstance(error, asyncssh.HostKeyNotVerifiable):
        return f"the host key could not be verified: {error.reason}"
    if isinstance(error, asyncssh.KeyImportError | asyncssh.KeyEncryptionError):
        return f"the private key could not be read: {error}"
    if isinstance(error, asyncssh.KeyExchangeFailed):
        return negotiation_message(error)[0]
    if isinstance(error, asyncssh.ProtocolNotSupported | asyncssh.ProtocolError):
        return f"the server did not speak SSH as expected: {error.reason}"
    if isinstance(error, asyncssh.DisconnectError):
        return f"the server closed the connection during the handshake: {error.reason}"
    if isinstance(error, asyncssh.ConnectionLost):
        return "the connection was lost during the handshake"
    if isinstance(error, TimeoutError):
        return "no answer (timed out)"
    if isinstance(error, socket.gaierror):
        return f"the host name could not be resolved: {error.strerror}"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (nothing listens on that port yet)"
    if isinstance(error, OSError) and error.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return f"{error.strerror or 'unreachable'} (no route to the address)"
    if isinstance(error, OSError):
        return error.strerror or str(error) or type(error).__name__
    return str(error) or type(error).__name__
