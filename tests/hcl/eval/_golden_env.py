"""The variables and locals the console goldens evaluate against.

`make_goldens.py` writes them into the template it hands to `packer console`;
`test_console_goldens.py` builds the same scope with Kiln. Each entry is
(type constraint or None, HCL source of the value).
"""

from __future__ import annotations

VARIABLES: dict[str, tuple[str, str]] = {
    "str_list": ("list(string)", '["a", "b", "c"]'),
    "num_list": ("list(number)", "[3, 1, 2]"),
    "empty_list": ("list(string)", "[]"),
    "str_set": ("set(string)", '["b", "a", "c"]'),
    "num_set": ("set(number)", "[10, 2, 33]"),
    "str_map": ("map(string)", '{ x = "1", y = "2", z = "three" }'),
    "num_map": ("map(number)", "{ one = 1, two = 2 }"),
    "empty_map": ("map(string)", "{}"),
    "list_map": ("map(list(number))", "{ a = [1, 2], b = [] }"),
    "obj_list": (
        "list(object({ name = string, size = number }))",
        '[{ name = "web", size = 2 }, { name = "db", size = 5 }]',
    ),
    "obj_set": (
        "set(object({ name = string }))",
        '[{ name = "y" }, { name = "x" }]',
    ),
    "nested_list": ("list(list(string))", '[["a", "b"], ["c"]]'),
    "obj": ("object({ id = number, tags = map(string) })", '{ id = 7, tags = { env = "prod" } }'),
    "tup": ("tuple([string, number, bool])", '["x", 1, false]'),
    "str_num": ("string", '"12"'),
    "num": ("number", "5"),
    "untyped": ("", '["u", 1]'),
}

LOCALS: dict[str, str] = {
    "s": '"hello"',
    "empty_s": '""',
    "n": "42",
    "f": "1.5",
    "neg": "-3",
    "big": "12345678901234567890",
    "b": "true",
    "nb": "false",
    "t": '["a", 1, true]',
    "empty_t": "[]",
    "o": '{ name = "x", size = 3, tags = { env = "prod" } }',
    "empty_o": "{}",
    "objs": '[{ name = "a", v = 1 }, { name = "b", v = 2 }, { name = "a", v = 3 }]',
    "nested": "[[1, 2], [3, 4]]",
    "nul": "null",
    "words": '["one", "two", "three"]',
    "mixed": '[1, "2", true]',
    "with_null": '["a", null]',
    "num_str": '"7"',
    "bool_str": '"true"',
    "multi": '"line1\\nline2"',
    "unicode": '"héllo wörld ✓"',
    "keyed": '{ "a b" = 1, "0" = "zero", "x.y" = 2 }',
}


def template_source() -> str:
    """The .pkr.hcl text declaring VARIABLES and LOCALS."""
    out: list[str] = []
    for name, (type_src, default) in VARIABLES.items():
        out.append(f'variable "{name}" {{')
        if type_src:
            out.append(f"  type    = {type_src}")
        out.append(f"  default = {default}")
        out.append("}")
    out.append("locals {")
    for name, src in LOCALS.items():
        out.append(f"  {name} = {src}")
    out.append("}")
    return "\n".join(out) + "\n"
