"""HCL functions: Packer's contextual functions (env, vault, consul, AWS)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from kiln.hcl.functions._util import fn, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import STRING
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable


def _env(a: list[Value]) -> Value:
    return Value.string(os.environ.get(a[0].as_str(), ""))


def _unsupported(name: str, what: str, params: list[str]) -> Function:
    def impl(a: list[Value]) -> Value:
        raise FunctionError(f"{name} is not supported yet by Kiln: {what}")

    return fn(name, [param(p, STRING) for p in params], STRING, impl, impure=True)


def build(table: FunctionTable) -> dict[str, Function]:
    """Packer's contextual functions."""
    return {
        "env": fn("env", [param("key", STRING)], STRING, _env),
        "vault": _unsupported("vault", "reading secrets from HashiCorp Vault", ["path", "key"]),
        "consul_key": _unsupported("consul_key", "reading keys from HashiCorp Consul", ["key"]),
        "aws_secretsmanager": _unsupported(
            "aws_secretsmanager", "reading secrets from AWS Secrets Manager", ["name", "key"]
        ),
        "aws_secretsmanager_raw": _unsupported(
            "aws_secretsmanager_raw", "reading secrets from AWS Secrets Manager", ["name"]
        ),
    }
