"""Decoding of string literal tokens: escapes, `$${`/`%%{`, and their errors.

Mirrors Go HCL's `ParseStringLiteralToken` (driven by `scan_string_lit.rl`):
the token text is cut into escape sequences and literal runs, then each
escape is resolved, reporting "Invalid escape sequence" as Go does.
"""

from __future__ import annotations

import re

from kiln.hcl._fast import make_pos, make_range
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.source import Range

# Escape-like pieces in a quoted literal; everything between is plain text.
_QUOTED_PIECES = re.compile(
    rb"\\u[0-9a-fA-F]{0,4}|\\U[0-9a-fA-F]{0,8}"
    rb"|\\(?:[\x00-\x54\x56-\x74\x76-\x7f]|[\xc0-\xdf][\x80-\xbf]"
    rb"|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf7][\x80-\xbf]{3})?"
    rb"|\$(?:\$\{?)?|%(?:%\{?)?|\r\n|\r|\n"
)
_UNQUOTED_PIECES = re.compile(rb"\$(?:\$\{?)?|%(?:%\{?)?|\r\n|\r|\n")

_SIMPLE = {ord("n"): "\n", ord("r"): "\r", ord("t"): "\t", ord('"'): '"', ord("\\"): "\\"}


def _go_quote(b: bytes) -> str:
    """Approximately Go's `%q` formatting of a byte string."""
    s = b.decode("utf-8", "replace")
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}")
    out.append('"')
    return "".join(out)


def decode_string_literal(text: bytes, quoted: bool, rng: Range) -> tuple[str, Diagnostics]:
    """The string value of a QuotedLit (`quoted`) or StringLit token's text."""
    diags = Diagnostics()
    if quoted:
        if b"\\" not in text and b"$" not in text and b"%" not in text:
            return text.decode("utf-8", "replace"), diags
        pieces = _QUOTED_PIECES
    else:
        if b"$" not in text and b"%" not in text:
            return text.decode("utf-8", "replace"), diags
        pieces = _UNQUOTED_PIECES
    out: list[bytes] = []
    pos = 0
    for m in pieces.finditer(text):
        s, e = m.span()
        if s > pos:
            out.append(text[pos:s])
        pos = e
        piece = m.group()
        first = piece[0]
        if first == 0x5C:  # backslash
            if len(piece) < 2:
                diags.append(
                    _esc_err(
                        text,
                        s,
                        e,
                        rng,
                        "Backslash must be followed by an escape sequence selector character.",
                    )
                )
                out.append(piece)
                continue
            sel = piece[1]
            if sel in _SIMPLE:
                out.append(_SIMPLE[sel].encode())
                continue
            if sel in (0x75, 0x55):  # u, U
                want = 6 if sel == 0x75 else 10
                if len(piece) != want:
                    n = "four" if sel == 0x75 else "eight"
                    diags.append(
                        _esc_err(
                            text,
                            s,
                            e,
                            rng,
                            f"The \\{chr(sel)} escape sequence must be followed by {n} "
                            "hexadecimal digits.",
                        )
                    )
                    out.append(piece)
                    continue
                code = int(piece[2:], 16)
                if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                    diags.append(
                        _esc_err(text, s, e, rng, f"Cannot encode character U+{code:04x} in UTF-8.")
                    )
                    out.append(piece)
                    continue
                out.append(chr(code).encode("utf-8"))
                continue
            diags.append(
                _esc_err(
                    text,
                    s,
                    e,
                    rng,
                    f"The symbol {_go_quote(piece[1:])} is not a valid escape sequence selector.",
                )
            )
            out.append(piece[1:])
            continue
        if len(piece) == 3 and piece[1] == first and piece[2] == 0x7B:
            out.append(piece[1:])  # `$${` -> `${`, `%%{` -> `%{`
            continue
        out.append(piece)
    if pos < len(text):
        out.append(text[pos:])
    return b"".join(out).decode("utf-8", "replace"), diags


def _esc_err(text: bytes, s: int, e: int, rng: Range, detail: str) -> Diagnostic:
    """An escape error positioned at `text[s:e]` within the token at `rng`."""
    start = rng.start
    if b"\n" in text[:s]:
        # Escapes never follow a newline within one quoted token; keep the
        # token's own start in that unlikely case.
        sub = rng
    else:
        c0 = start.column + len(text[:s].decode("utf-8", "replace"))
        c1 = c0 + len(text[s:e].decode("utf-8", "replace"))
        sub = make_range(
            rng.filename,
            make_pos(start.line, c0, start.byte + s),
            make_pos(start.line, c1, start.byte + e),
        )
    return Diagnostic.error("Invalid escape sequence", detail, sub)
