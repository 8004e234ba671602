"""Generate the native-syntax differential corpus.

Writes `native/valid/*.hcl` and `native/invalid/*.hcl`; which directory a
case lands in is decided by pygohcl (Go's HCL parser), so the directory
names record Go's verdict. Run: `.venv/bin/python tests/hcl/corpus/make_corpus.py`.
Inputs avoid free variables and functions where possible, since pygohcl
evaluates after parsing (it falls back to source text on evaluation errors,
so those still count as accepted).
"""

from __future__ import annotations

import hashlib
import itertools
import pathlib
import shutil

import pygohcl

HERE = pathlib.Path(__file__).parent / "native"

EXPRS = [
    "1",
    "1.5",
    "1e3",
    "1.5e+3",
    "2E-2",
    "0",
    "007",
    "true",
    "false",
    "null",
    '"s"',
    '""',
    '"a\\nb\\t\\"q\\"\\\\"',
    '"\\u00e9\\U0001F600"',
    '"$${x}"',
    '"%%{x}"',
    '"${1}"',
    '"a${1 + 2}b"',
    '"${~ 1 ~}"',
    '"%{ if true }y%{ else }n%{ endif }"',
    '"%{ for x in [1,2] }${x}%{ endfor }"',
    '"%{~ if true ~} x %{~ endif ~}"',
    "[1, 2, 3]",
    "[]",
    "[1, 2,]",
    "{}",
    "{ a = 1 }",
    "{ a = 1, b = 2 }",
    '{ "k" = 1 }',
    "{ a: 1 }",
    "{\n a = 1\n b = 2\n}",
    '{ ("k") = 1 }',
    "1 + 2 * 3",
    "(1 + 2) * 3",
    "10 / 2 % 3",
    "1 - -1",
    "!true",
    "true && false || true",
    "1 == 1",
    "1 != 2",
    "1 < 2",
    "1 <= 2",
    "2 > 1",
    "2 >= 1",
    "true ? 1 : 2",
    "true ? false ? 1 : 2 : 3",
    "[for x in [1, 2]: x]",
    "[for i, x in [1]: i if x > 0]",
    "{for k, v in {a = 1}: k => v}",
    "{for k, v in {a = 1}: v => k...}",
    "[1, 2][0]",
    '{a = 1}["a"]',
    "{a = {b = 1}}.a.b",
    "[[1]][0][0]",
    "[{a=1}][*].a",
    "[{a=1}].*.a",
    "[1,2,3][1 + 0]",
    '"${"nested ${"x"}"}"',
    "-1.5",
    "!!true",
    "(((1)))",
    "[\n1,\n2\n]",
    "1 +\n2",
    '{ a = [1, { b = "c" }] }',
]
BAD_EXPRS = [
    "",
    "1 +",
    "+",
    "[1, 2",
    "[1 2]",
    "{a = 1",
    "{a 1}",
    "{a = 1 b = 2}",
    '"unterminated',
    '"${1"',
    '"${1 2}"',
    '"%{ if true }x"',
    '"%{ endif }"',
    '"%{ bogus }"',
    "(1",
    "(1 2)",
    "1 ? 2",
    "[for x in y]",
    "[for in y: x]",
    "{for x in y: x}",
    "[for k, v in y: k => v]",
    "f(1",
    "f(1 2)",
    "f(1..., 2)",
    "a.",
    "a.*.*",
    "a[*",
    "a[1",
    "1..2",
    "'s'",
    "`s`",
    "1 & 2",
    "1 | 2",
    "^1",
    "a;",
    '"\\q"',
    '"\\u12"',
    '"\\',
    "@",
    "$",
    "1 ** 2",
    '"a\nb"',
    "{,}",
    "[,]",
    "{ a = }",
    "1 = 2",
    "a.0.1",
    "f(,)",
    '"%{ for }%{ endfor }"',
    '"%{ else }"',
    '"%{ if true }%{ endfor }"',
    '"%{ for x in [1] }%{ else }%{ endfor }"',
    "a::",
    "a::b",
    "~1",
    "!",
    "-",
    "a[]",
    "{a = 1,,}",
    "[for x in [1]: x if]",
    '"${}"',
    '"${a:b}"',
]
BODIES = [
    "",
    "\n",
    "# c\n",
    "// c\n",
    "/* c */\n",
    "/* multi\nline */ a = 1\n",
    "a = 1 # trailing\n",
    "b {}\n",
    "b {\n}\n",
    'b "l" {\n}\n',
    'b "l1" "l2" {\n a = 1\n}\n',
    "b l {\n}\n",
    'b "l" l2 {\n}\n',
    "b { a = 1 }\n",
    "b {\n c {\n  d = 1\n }\n}\n",
    "a = 1\nb = 2\n",
    "a = 1\r\nb = 2\r\n",
    "\ufeffa = 1\n",
    "a = 1",
    "a=1\n",
    "a\t= 1\n",
    "héllo = 1\n",
    "a-b = 1\n",
    "_a = 1\n",
    "a = <<EOF\nhello\nEOF\n",
    "a = <<-EOF\n  hello\n    x\n  EOF\n",
    "a = <<EOF\n${1}\nEOF\n",
    "a = <<EOF\nEOF\n",
    "a = <<EOF\r\nx\r\nEOF\r\n",
    "a = <<EOF\n  $${x} %%{y} $ %\nEOF\n",
    "b {\n}\nb {\n}\n",
    'b "x" {}\nb "y" {}\n',
    "a = 1\nb {\n  a = 2\n}\n",
    "b {\n  # comment\n  a = 1 // c\n}\n",
    "a = [\n  1,\n  2,\n]\n",
    "a = {\n  b = 1\n\n  c = 2\n}\n",
    "a = (\n1\n)\n",
    'a = "x" /* c */\n',
    "b { \n}\n",
    "a = <<-EOT\n\tx\n\tEOT\n",
    "a = <<EOF\n%{ if true }y%{ endif }\nEOF\n",
]
BAD_BODIES = [
    "a = 1\na = 2\n",
    "a = 1 b = 2\n",
    "a = 1, b = 2\n",
    "a\n",
    "a b\n",
    "= 1\n",
    '"a" = 1\n',
    "b {\n",
    "b {\n c = 1\n",
    "b = {\n",
    "b { a = 1\n}\n",
    "b { a = 1, b = 2 }\n",
    "b { c {} }\n",
    "b {} c = 1\n",
    "b\n{\n}\n",
    "b = {} {}\n",
    "b 1 {\n}\n",
    '"b" {\n}\n',
    "b { a = 1 } x\n",
    "}\n",
    "{\n",
    "a = 1 }\n",
    "1 = 2\n",
    "a = <<EOF\nhello\n",
    "a = <<EOF\nhello\nEOF",
    'b "l\n" {\n}\n',
    'b "${x}" {\n}\n',
    'b "%{x}" {\n}\n',
    "a = 1\n\x00\n",
    "a = \xff\n",
    "a.b = 1\n",
    "a[0] = 1\n",
    "b { a }\n",
    "b { = 1 }\n",
    "b { 1 }\n",
    "a = \n",
    "a =\nb = 1\n",
    "b {\n a = 1\n a = 2\n}\n",
    "a = 1;\n",
    "a = 1 1\n",
    'b "l" = 1\n',
    "b {\n}}\n",
    "b {{\n}\n",
    "a = ~}\n",
    "a = }\n",
    "a = ${1}\n",
    'a = "x""y"\n',
]


def cases() -> list[str]:
    out: list[str] = []
    for e in EXPRS + BAD_EXPRS:
        out.append(f"a = {e}\n")
        out.append(f"blk {{\n  x = {e}\n}}\n")
    out += BODIES + BAD_BODIES
    # Operator/operand combinations.
    operands = ["1", '"s"', "true", "[1]", "(2)", "-3"]
    ops = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "=", "=>", "?"]
    for a, op, b in itertools.product(operands[:3], ops, operands[3:]):
        out.append(f"v = {a} {op} {b}\n")
    # Block header shapes.
    for labels in ["", '"a"', "a", '"a" "b"', '"a" b', "1", '"a" 1', "="]:
        for body in ["{}", "{\n}", "{ x = 1 }", "{ x = 1, y = 2 }", "{\n x = 1 }", "{ x }"]:
            out.append(f"blk {labels} {body}\n")
    # Strings with escapes and template pieces.
    pieces = [
        "a",
        "\\n",
        "\\x",
        "$${",
        "%%{",
        "${1}",
        "%{if true}",
        "%{endif}",
        "$",
        "%",
        "\\u0041",
    ]
    for a, b in itertools.product(pieces, repeat=2):
        out.append(f'v = "{a}{b}"\n')
    # Heredoc variations.
    for marker, flush, body in itertools.product(
        ["EOF", "EOT"], ["", "-"], ["x", "  x\n y", "${1}", ""]
    ):
        text = f"{body}\n" if body else ""
        out.append(f"v = <<{flush}{marker}\n{text}{marker}\n")
        out.append(f"v = <<{flush}{marker}\n{text}EOF2\n")
    return out


def main() -> None:
    for sub in ("valid", "invalid"):
        d = HERE / sub
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    seen: set[str] = set()
    counts = {"valid": 0, "invalid": 0}
    for text in cases():
        if text in seen:
            continue
        seen.add(text)
        if "\x00" in text:
            continue  # pygohcl passes a C string: NUL truncates the input
        data = text.encode("utf-8", "surrogateescape")
        if "\xff" in text:
            data = text.encode("latin-1", "replace").replace(b"\xff", b"\xff")
        try:
            pygohcl.loadb(data)
            sub = "valid"
        except pygohcl.HCLParseError:
            sub = "invalid"
        except Exception:
            continue
        name = hashlib.sha1(data).hexdigest()[:12] + ".hcl"
        (HERE / sub / name).write_bytes(data)
        counts[sub] += 1
    print(counts)


if __name__ == "__main__":
    main()
