"""HCL functions: IP network (go-cty-funcs cidr)."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from kiln.hcl.functions._util import fn, param
from kiln.hcl.functions.spec import Function, FunctionError
from kiln.hcl.types import NUMBER, STRING, ListType
from kiln.hcl.values import Value

if TYPE_CHECKING:
    from kiln.hcl.functions import FunctionTable

_Net = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse(prefix: str) -> _Net:
    # Go's net.ParseCIDR accepts host bits set; keep the network part.
    try:
        return ipaddress.ip_network(prefix, strict=False)
    except ValueError:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {prefix}") from None


def _fmt_ip(net: _Net, value: int) -> str:
    if net.version == 4:
        return str(ipaddress.IPv4Address(value))
    return str(ipaddress.IPv6Address(value))


def _host(a: list[Value]) -> Value:
    net = _parse(a[0].as_str())
    num = a[1].as_int()
    host_bits = net.max_prefixlen - net.prefixlen
    size = 1 << host_bits
    if num < 0:
        if -num > size:
            raise FunctionError(
                f"prefix of {net.prefixlen} does not accommodate a host numbered {num}"
            )
        num += size
    elif num >= size:
        raise FunctionError(f"prefix of {net.prefixlen} does not accommodate a host numbered {num}")
    return Value.string(_fmt_ip(net, int(net.network_address) + num))


def _netmask(a: list[Value]) -> Value:
    net = _parse(a[0].as_str())
    mask = int(net.netmask)
    return Value.string(_fmt_ip(net, mask))


def _subnet_of(net: _Net, newbits: int, num: int) -> _Net:
    new_len = net.prefixlen + newbits
    if new_len > net.max_prefixlen:
        raise FunctionError(
            f"insufficient address space to extend prefix of {net.prefixlen} by {newbits}"
        )
    if num < 0 or num >= (1 << newbits):
        raise FunctionError(
            f"prefix extension of {newbits} does not accommodate a subnet numbered {num}"
        )
    base = int(net.network_address) | (num << (net.max_prefixlen - new_len))
    return ipaddress.ip_network((base, new_len))


def _subnet(a: list[Value]) -> Value:
    net = _parse(a[0].as_str())
    newbits, num = a[1].as_int(), a[2].as_int()
    if newbits < 0:
        raise FunctionError("must extend prefix by at least one bit", 1)
    if (newbits > 32 and net.version == 4) or newbits > 128:
        raise FunctionError(f"may not extend prefix by more than {net.max_prefixlen} bits", 1)
    return Value.string(str(_subnet_of(net, newbits, num)))


def _subnets(a: list[Value]) -> Value:
    net = _parse(a[0].as_str())
    first = int(net.network_address)
    out: list[Value] = []
    cur = first
    for i, v in enumerate(a[1:], start=1):
        newbits = v.as_int()
        if newbits < 1:
            raise FunctionError("must extend prefix by at least one bit", i)
        new_len = net.prefixlen + newbits
        if new_len > net.max_prefixlen:
            kind = "IPv4" if net.version == 4 else "IPv6"
            raise FunctionError(
                f"would extend prefix to {new_len} bits, which is too long for an {kind} address",
                i,
            )
        block = 1 << (net.max_prefixlen - new_len)
        # Align the next candidate to this block size.
        cur = (cur + block - 1) // block * block
        if cur + block > first + (1 << (net.max_prefixlen - net.prefixlen)):
            raise FunctionError(
                "not enough remaining address space for a subnet with a prefix of "
                f"{new_len} bits after {out[-1].as_str() if out else net}",
                i,
            )
        out.append(Value.string(str(ipaddress.ip_network((cur, new_len)))))
        cur += block
    return Value.list(out, STRING)


def build(table: FunctionTable) -> dict[str, Function]:
    """The IP network functions."""
    p = param
    return {
        "cidrhost": fn("cidrhost", [p("prefix", STRING), p("hostnum", NUMBER)], STRING, _host),
        "cidrnetmask": fn("cidrnetmask", [p("prefix", STRING)], STRING, _netmask),
        "cidrsubnet": fn(
            "cidrsubnet",
            [p("prefix", STRING), p("newbits", NUMBER), p("netnum", NUMBER)],
            STRING,
            _subnet,
        ),
        "cidrsubnets": fn(
            "cidrsubnets", [p("prefix", STRING)], ListType(STRING), _subnets, p("newbits", NUMBER)
        ),
    }
