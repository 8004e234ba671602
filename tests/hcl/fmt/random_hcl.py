"""Random, messily formatted HCL templates for formatter testing.

Produces bodies of attributes, nested blocks, comments and blank lines, with
expressions of every kind (operators, unary `-`/`!`, conditionals, calls with
`...`, tuples and objects across lines, `for` expressions, splats, indexes,
templates with interpolations and directives, heredocs) and random spacing,
tabs, trailing comments and CRLF.  Most outputs are valid HCL; the rest are
still useful as "must not crash" inputs.

Used by make_cases.py (seeded, for the committed `rand_*` cases) and by the
property tests.
"""

from __future__ import annotations

import random

_IDENTS = ["a", "b", "var", "local", "x", "in", "for", "if", "each", "é", "data", "true", "null"]
_LEAVES = ["var.a.b", "a[0]", "a[*].b", "a.*.b", "f()", "1.5", "42", '"s"']
_BINARY = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]
_KEYS = ["k", "key2", '"q"', "(a)", "ü"]
_NAMES = ["a", "bb", "long_name", "ü", "x1", "日本"]
_HEREDOC_LINES = ["line", "${x}", "%{ if a }y%{ endif }", "{ [", "ü 日本", "  indented"]


class RandomHCL:
    """A generator of random templates driven by one `random.Random`."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd

    def template(self) -> str:
        """A whole random file."""
        text = self.body(0)
        if self.rnd.random() < 0.15:
            text = text.replace("\n", "\r\n")
        return text

    def _sp(self) -> str:
        return self.rnd.choice(["", "", " ", " ", "  ", "\t"])

    def _ws(self) -> str:
        return self.rnd.choice([" ", " ", "  ", "\t "])

    def _nl(self, inline: bool) -> str:
        """Optional line break (with a comment) where brackets allow one."""
        if inline or self.rnd.random() >= 0.25:
            return self._sp()
        brk = self.rnd.choice(["\n", "\n\n", " # c\n", " // c\n", "\n/* b */ "])
        return brk + " " * self.rnd.randint(0, 6)

    def quoted(self, depth: int) -> str:
        """A quoted template with literal text, interpolations and directives."""
        parts = []
        for _ in range(self.rnd.randint(0, 3)):
            pick = self.rnd.random()
            if pick < 0.4 or depth >= 3:
                parts.append(self.rnd.choice(["txt", " sp ", "ü", "$${x}", "\\n", "-"]))
            elif pick < 0.8:
                parts.append("${" + self._sp() + self.expr(depth + 1, True) + self._sp() + "}")
            else:
                cond = self.expr(depth + 1, True)
                parts.append(f"%{{{self._sp()}if {cond}{self._sp()}}}y%{{{self._sp()}endif}}")
        return '"' + "".join(parts) + '"'

    def expr(self, depth: int, inline: bool = False) -> str:
        """A random expression; `inline` keeps it on one line."""
        pick = self.rnd.random()
        if depth > 3 or pick < 0.25:
            leaf = self.rnd.choice([*_IDENTS, *_LEAVES, "template"])
            return self.quoted(depth + 1) if leaf == "template" else leaf
        if pick < 0.35:
            op = self.rnd.choice(_BINARY)
            left, right = self.expr(depth + 1, inline), self.expr(depth + 1, inline)
            return left + self._sp() + op + self._sp() + right
        if pick < 0.42:
            return self.rnd.choice(["-", "!"]) + self._sp() + self.expr(depth + 1, inline)
        if pick < 0.5:
            parts = [self.expr(depth + 1, inline) for _ in range(3)]
            ws = self._ws
            return f"{parts[0]}{ws()}?{ws()}{parts[1]}{ws()}:{ws()}{parts[2]}"
        if pick < 0.6:
            return self._call(depth, inline)
        if pick < 0.7:
            return self._tuple(depth, inline)
        if pick < 0.8:
            return self._object(depth, inline)
        if pick < 0.88:
            return self._for(depth)
        if pick < 0.94:
            nl = self._nl(inline)
            return "(" + nl + self.expr(depth + 1, inline) + self._nl(inline) + ")"
        index = self.expr(depth + 1, True)
        return self.expr(depth + 1, inline) + "[" + self._sp() + index + self._sp() + "]"

    def _call(self, depth: int, inline: bool) -> str:
        args = [self.expr(depth + 1, inline) for _ in range(self.rnd.randint(0, 3))]
        name = self.rnd.choice(["f", "max", "concat", "upper"])
        text = name + "(" + self._nl(inline) + ("," + self._nl(inline)).join(args)
        if args and self.rnd.random() < 0.2:
            text += "..."
        elif args and not inline and self.rnd.random() < 0.3:
            text += "," + self._nl(inline)
        return text + self._nl(inline) + ")"

    def _tuple(self, depth: int, inline: bool) -> str:
        items = [self.expr(depth + 1, inline) for _ in range(self.rnd.randint(0, 3))]
        text = "[" + self._nl(inline) + ("," + self._nl(inline)).join(items)
        if items and self.rnd.random() < 0.3:
            text += ","
        return text + self._nl(inline) + "]"

    def _object(self, depth: int, inline: bool) -> str:
        items = []
        for _ in range(self.rnd.randint(0, 3)):
            key = self.rnd.choice(_KEYS)
            sep = self.rnd.choice(["=", ":"])
            items.append(key + self._sp() + sep + self._sp() + self.expr(depth + 1, True))
        if inline or self.rnd.random() < 0.5:
            return "{" + self._sp() + ("," + self._sp()).join(items) + self._sp() + "}"
        rows = [
            " " * self.rnd.randint(0, 5) + item + self.rnd.choice(["\n", ",\n", " # c\n"])
            for item in items
        ]
        return "{\n" + "".join(rows) + "}"

    def _for(self, depth: int) -> str:
        ws, sp = self._ws, self._sp
        source = self.expr(depth + 1, True)
        value = self.expr(depth + 1, True)
        if self.rnd.random() < 0.5:
            cond = f"{ws()}if{ws()}{self.expr(depth + 1, True)}" if self.rnd.random() < 0.3 else ""
            return f"[for{ws()}x{ws()}in{ws()}{source}{sp()}:{sp()}{value}{cond}{sp()}]"
        group = "..." if self.rnd.random() < 0.3 else ""
        head = f"{{for{ws()}k,{sp()}v{ws()}in{ws()}{source}{sp()}:{sp()}"
        return f"{head}k{sp()}=>{sp()}{value}{group}{sp()}}}"

    def heredoc(self) -> str:
        """A heredoc, marker line included; ends with its newline."""
        dash = self.rnd.choice(["", "-"])
        lines = [
            " " * self.rnd.randint(0, 4)
            + self.rnd.choice(_HEREDOC_LINES)
            + " " * self.rnd.randint(0, 2)
            + "\n"
            for _ in range(self.rnd.randint(0, 3))
        ]
        return f"<<{dash}EOF\n" + "".join(lines) + " " * self.rnd.randint(0, 2) + "EOF\n"

    def body(self, depth: int) -> str:
        """Attributes, blocks, comments and blank lines."""
        out = []
        for _ in range(self.rnd.randint(1, 6)):
            pick = self.rnd.random()
            indent = " " * self.rnd.randint(0, 8)
            if pick < 0.6:
                out.append(indent + self._attribute())
            elif pick < 0.75 and depth < 3:
                out.append(indent + self._block(depth))
            elif pick < 0.85:
                comment = self.rnd.choice(["# comment", "// comment", "/* block */", "/* a\n b */"])
                out.append(indent + comment + "\n")
            else:
                out.append(self.rnd.choice(["\n", "   \n"]))
        return "".join(out)

    def _attribute(self) -> str:
        name = self.rnd.choice(_NAMES)
        head = name + self._sp() + "=" + self._sp()
        if self.rnd.random() < 0.1:
            return head + self.heredoc()
        tail = self.rnd.choice(["", "", " # t", " // t", "  /* b */"])
        return head + self.expr(0) + tail + "\n"

    def _block(self, depth: int) -> str:
        labels = "".join(
            self._ws() + self.rnd.choice(['"l"', "lab", '"ü"'])
            for _ in range(self.rnd.randint(0, 2))
        )
        kind = self.rnd.choice(["blk", "source", "build"])
        opener = kind + labels + self._ws() + "{" + self.rnd.choice(["", " # o"]) + "\n"
        closer = " " * self.rnd.randint(0, 4) + "}" + self.rnd.choice(["", " # c"]) + "\n"
        return opener + self.body(depth + 1) + closer
