"""The SSH communicator's errors, and how a failed attempt is described to people."""

from __future__ import annotations

import errno
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
