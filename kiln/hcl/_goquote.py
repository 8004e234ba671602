"""Go's `strconv.Quote` (the `%q` verb), which Packer and cty use for strings."""

from __future__ import annotations

_SIMPLE = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def go_quote(s: str) -> str:
    """Quote `s` exactly as Go's strconv.Quote does.

    Printable runes (Go's unicode.IsPrint, which matches Python's
    str.isprintable per character) stay as they are; control characters
    become `\\xHH`, other non-printable runes `\\uHHHH` or `\\UHHHHHHHH`.
    """
    if s.isascii() and s.isprintable() and '"' not in s and "\\" not in s:
        return f'"{s}"'
    out = ['"']
    for ch in s:
        esc = _SIMPLE.get(ch)
        if esc is not None:
            out.append(esc)
            continue
        if ch.isprintable():
            out.append(ch)
            continue
        cp = ord(ch)
        if cp < 0x20 or cp == 0x7F:
            out.append(f"\\x{cp:02x}")
        elif 0xD800 <= cp <= 0xDFFF:
            # Not a valid rune in Go: it is replaced by U+FFFD, which is printable.
            out.append("\ufffd")
        elif cp < 0x10000:
            out.append(f"\\u{cp:04x}")
        else:
            out.append(f"\\U{cp:08x}")
    out.append('"')
    return "".join(out)
