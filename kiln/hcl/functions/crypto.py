"""HCL functions: hashing, bcrypt and rsadecrypt."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING

from kiln.hcl.functions._util import fn, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import NUMBER, STRING
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable


def _hash(name: str) -> Function:
    def impl(a: list[Value]) -> Value:
        return Value.string(hashlib.new(name, a[0].as_str().encode()).hexdigest())

    return fn(name, [param("str", STRING)], STRING, impl)


def _bcrypt(a: list[Value]) -> Value:
    import bcrypt  # noqa: PLC0415 - only loaded when used

    cost = 10
    if len(a) > 2:
        raise FunctionError(f"bcrypt() takes no more than two arguments, but got {len(a)}")
    if len(a) == 2:
        cost = a[1].as_int()
    if cost < 4 or cost > 31:
        # Go's bcrypt silently raises costs below 4 to the default (10).
        if cost < 4:
            cost = 10
        else:
            raise FunctionError(f"crypto/bcrypt: cost {cost} is outside allowed range (4,31)")
    secret = a[0].as_str().encode()
    hashed = bcrypt.hashpw(secret[:72], bcrypt.gensalt(rounds=cost, prefix=b"2a"))
    return Value.string(hashed.decode())


def _rsadecrypt(a: list[Value]) -> Value:
    from kiln.hcl.functions._rsa import decrypt_pkcs1v15  # noqa: PLC0415

    s, key = a[0].as_str(), a[1].as_str()
    try:
        data = base64.b64decode(s, validate=True)
    except ValueError:
        raise FunctionError(
            f'failed to decode input "{s}": cipher text must be base64-encoded'
        ) from None
    return Value.string(decrypt_pkcs1v15(data, key))


def build(table: FunctionTable) -> dict[str, Function]:
    """The crypto functions."""
    return {
        "bcrypt": fn(
            "bcrypt", [param("str", STRING)], STRING, _bcrypt, param("cost", NUMBER), impure=True
        ),
        "md5": _hash("md5"),
        "rsadecrypt": fn(
            "rsadecrypt",
            [param("ciphertext", STRING), param("privatekey", STRING)],
            STRING,
            _rsadecrypt,
        ),
        "sha1": _hash("sha1"),
        "sha256": _hash("sha256"),
        "sha512": _hash("sha512"),
    }
