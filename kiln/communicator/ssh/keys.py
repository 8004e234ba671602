"""Temporary SSH key pairs for builders that put a fresh key on the machine.

`temporary_key_pair(run, config)` makes a key of `temporary_key_pair_type`
(and `_bits`), writes the private half to a 0600 file in the build's scratch
directory (removed when the build ends, or earlier by `remove()`) and gives
the public half in authorized_keys format, named `temporary_key_pair_name`
(default `packer_<UUID>`, as Packer names it).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

from kiln.communicator.options import SSHOptions
from kiln.components.runtime import BuildRun
from kiln.errors import KilnError
from kiln.ui.redact import register_secret

_CURVES: dict[int, ec.EllipticCurve] = {
    256: ec.SECP256R1(),
    384: ec.SECP384R1(),
    521: ec.SECP521R1(),
}
_DEFAULT_BITS = {"rsa": 4096, "ecdsa": 521, "dsa": 1024, "ed25519": 256}


@dataclass(frozen=True)
class TemporaryKeyPair:
    """A generated key pair: the private key (text and file) and the public key line."""

    name: str
    kind: str
    bits: int
    private_key: str
    public_key: str
    private_key_file: Path

    def remove(self) -> None:
        """Delete the private key file (the engine also removes the scratch directory)."""
        with contextlib.suppress(FileNotFoundError):
            self.private_key_file.unlink()


def temporary_key_pair(run: BuildRun, options: SSHOptions) -> TemporaryKeyPair:
    """Generate the key pair `options` asks for, for this build."""
    kind = options.temporary_key_pair_type or "rsa"
    bits = options.temporary_key_pair_bits or _DEFAULT_BITS.get(kind, 0)
    name = options.temporary_key_pair_name or f"packer_{uuid.uuid4()}"
    private, encoding = _generate(kind, bits)
    private_text = private.private_bytes(
        serialization.Encoding.PEM, encoding, serialization.NoEncryption()
    ).decode()
    public = private.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    register_secret(private_text)
    path = Path(run.scratch_dir()) / f"ssh_key_{kind}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(private_text)
    return TemporaryKeyPair(
        name=name,
        kind=kind,
        bits=bits,
        private_key=private_text,
        public_key=f"{public.decode()} {name}",
        private_key_file=path,
    )


def _generate(
    kind: str, bits: int
) -> tuple[
    rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey | dsa.DSAPrivateKey,
    serialization.PrivateFormat,
]:
    traditional = serialization.PrivateFormat.TraditionalOpenSSL
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=bits), traditional
    if kind == "ecdsa":
        if bits not in _CURVES:
            raise KilnError(
                f"temporary_key_pair_bits for an ecdsa key must be 256, 384 or 521, not {bits}"
            )
        return ec.generate_private_key(_CURVES[bits]), traditional
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate(), serialization.PrivateFormat.OpenSSH
    if kind == "dsa":
        return dsa.generate_private_key(key_size=bits), traditional
    raise KilnError(f'temporary_key_pair_type must be rsa, ecdsa, ed25519 or dsa, not "{kind}"')
