"""Minimal RSA PKCS#1 v1.5 decryption (rsadecrypt) without third-party crypto."""

from __future__ import annotations

import base64

from kiln.hcl.functions.spec import FunctionError


def _der_read(data: bytes, pos: int) -> tuple[int, bytes, int]:
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        nbytes = length & 0x7F
        length = int.from_bytes(data[pos : pos + nbytes], "big")
        pos += nbytes
    return tag, data[pos : pos + length], pos + length


def _ints(seq: bytes) -> list[int]:
    out: list[int] = []
    pos = 0
    while pos < len(seq):
        tag, body, pos = _der_read(seq, pos)
        if tag == 0x02:
            out.append(int.from_bytes(body, "big", signed=True))
        elif tag == 0x04:  # PKCS#8 wraps the PKCS#1 key in an OCTET STRING
            _, inner, _ = _der_read(body, 0)
            return _ints(inner)
        elif tag == 0x30:
            continue
    return out


def _private_key(pem: str) -> tuple[int, int]:
    lines = [ln.strip() for ln in pem.strip().splitlines()]
    if not lines or not lines[0].startswith("-----BEGIN"):
        raise FunctionError("failed to parse key: no key found", 1)
    body = "".join(ln for ln in lines[1:] if not ln.startswith("-----") and ":" not in ln)
    try:
        der = base64.b64decode(body)
        _, seq, _ = _der_read(der, 0)
        ints = _ints(seq)
        n, d = ints[1], ints[3]
    except (ValueError, IndexError):
        raise FunctionError("failed to parse key: invalid private key", 1) from None
    return n, d


def decrypt_pkcs1v15(ciphertext: bytes, pem: str) -> str:
    """Decrypt with an RSA private key in PEM form; text result."""
    n, d = _private_key(pem)
    k = (n.bit_length() + 7) // 8
    m = pow(int.from_bytes(ciphertext, "big"), d, n).to_bytes(k, "big")
    if m[0] != 0 or m[1] != 2 or 0 not in m[2:]:
        raise FunctionError("failed to decrypt: crypto/rsa: decryption error")
    sep = m.index(0, 2)
    return m[sep + 1 :].decode("utf-8", "replace")
