"""A minimal VNC (RFB 3.3/3.7/3.8) client: enough to type keys into a machine.

Boot commands need only the handshake (no authentication, or the classic
VNC password challenge) and KeyEvent messages; no screen is ever requested,
so the server has nothing to send back. That is why this is written here
rather than taken from vncdotool, which brings Twisted, Pillow and a
reactor thread that starts once per process, for features (screen capture,
pointer) a boot command never uses; every method here is a blocking call
on one socket with a timeout, which cancels cleanly with the build.
"""

from __future__ import annotations

import socket
import struct

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from kiln.errors import KilnError

_NO_AUTH = 1
_VNC_AUTH = 2
_KEY_EVENT = 4


class VNCError(KilnError):
    """The VNC server could not be reached or refused the session."""


class VNCClient:
    """One session with a VNC server; `key(keysym, down)` sends a key event."""

    def __init__(self, sock: socket.socket, desktop_name: str) -> None:
        self._sock = sock
        #: The name the server gave its desktop.
        self.desktop_name = desktop_name

    @classmethod
    def connect(cls, host: str, port: int, password: str = "", timeout: float = 10.0) -> VNCClient:
        """Connect, authenticate (with `password` when the server asks) and share the desktop."""
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except OSError as error:
            raise VNCError(f"Error connecting to VNC: {error}") from None
        try:
            name = _handshake(sock, password)
        except (OSError, struct.error) as error:
            sock.close()
            raise VNCError(f"Error handshaking with VNC: {error}") from None
        except VNCError:
            sock.close()
            raise
        return cls(sock, name)

    def key(self, keysym: int, down: bool) -> None:
        """Press (`down`) or release a key given by its X11 keysym."""
        try:
            self._sock.sendall(struct.pack(">BBxxI", _KEY_EVENT, int(down), keysym))
        except OSError as error:
            raise VNCError(f"Error sending a key over VNC: {error}") from None

    def close(self) -> None:
        """End the session."""
        self._sock.close()

    def __enter__(self) -> VNCClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _handshake(sock: socket.socket, password: str) -> str:
    server = _exact(sock, 12)
    if not server.startswith(b"RFB "):
        raise VNCError(f"Error handshaking with VNC: not a VNC server ({server!r})")
    minor = min(int(server[8:11]), 8) if server[4:7] == b"003" else 8
    minor = 3 if minor < 7 else minor
    sock.sendall(b"RFB 003.%03d\n" % minor)
    security = _security_type(sock, minor, password)
    if security == _VNC_AUTH:
        challenge = _exact(sock, 16)
        sock.sendall(_vnc_response(password, challenge))
    if minor >= 8 or security == _VNC_AUTH:
        (result,) = struct.unpack(">I", _exact(sock, 4))
        if result != 0:
            reason = _reason(sock) if minor >= 8 else ""
            raise VNCError(f"Error handshaking with VNC: authentication failed {reason}".strip())
    sock.sendall(b"\x01")  # ClientInit: share the desktop with other viewers
    _width, _height = struct.unpack(">HH", _exact(sock, 4))
    _exact(sock, 16)  # the pixel format: no screen is read
    (length,) = struct.unpack(">I", _exact(sock, 4))
    return _exact(sock, length).decode("utf-8", errors="replace")


def _security_type(sock: socket.socket, minor: int, password: str) -> int:
    if minor == 3:
        (chosen,) = struct.unpack(">I", _exact(sock, 4))
        if chosen == 0:
            raise VNCError(f"Error handshaking with VNC: {_reason(sock)}")
        return int(chosen)
    (count,) = _exact(sock, 1)
    if count == 0:
        raise VNCError(f"Error handshaking with VNC: {_reason(sock)}")
    offered = set(_exact(sock, count))
    wanted = (_VNC_AUTH, _NO_AUTH) if password else (_NO_AUTH, _VNC_AUTH)
    for kind in wanted:
        if kind in offered:
            sock.sendall(bytes([kind]))
            return kind
    raise VNCError(
        f"Error handshaking with VNC: no supported security type (offered {sorted(offered)})"
    )


def _vnc_response(password: str, challenge: bytes) -> bytes:
    """The challenge DES-encrypted with the password, each key byte bit-reversed (RFB 7.2.2)."""
    key = bytes(int(f"{byte:08b}"[::-1], 2) for byte in password.encode()[:8].ljust(8, b"\0"))
    # Three equal DES keys make TripleDES plain DES, which is what VNC uses.
    encryptor = Cipher(TripleDES(key * 3), modes.ECB()).encryptor()
    return encryptor.update(challenge) + encryptor.finalize()


def _reason(sock: socket.socket) -> str:
    (length,) = struct.unpack(">I", _exact(sock, 4))
    return _exact(sock, length).decode("utf-8", errors="replace")


def _exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise VNCError("Error handshaking with VNC: the server closed the connection")
        data += chunk
    return data
