"""Robustness and diagnostic-position tests for the lexer and parser."""

from __future__ import annotations

import pathlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiln.hcl.lexer import TokenType, lex_config, lex_template
from kiln.hcl.parser import parse_config, parse_expression, parse_template

CORPUS = pathlib.Path(__file__).parent.parent / "corpus" / "native"
SEEDS = sorted(CORPUS.glob("*/*.hcl"))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data: bytes) -> None:
    for fn in (parse_config, parse_expression, parse_template):
        fn(data, "f.hcl")
    toks = lex_config(data, "f.hcl")
    assert toks[-1].type is TokenType.EOF
    assert lex_template(data, "f.hcl")[-1].type is TokenType.EOF


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SEEDS), st.binary(max_size=8), st.integers(0, 400))
def test_spliced_corpus_never_raises(path: pathlib.Path, junk: bytes, at: int) -> None:
    data = path.read_bytes()
    at %= len(data) + 1
    mutated = data[:at] + junk + data[at:]
    parse_config(mutated, "f.hcl")
    parse_template(mutated, "f.hcl")


@pytest.mark.parametrize("path", SEEDS[:200], ids=lambda p: p.name)
def test_tokens_cover_source(path: pathlib.Path) -> None:
    """Token texts, with the skipped spaces, rebuild the source exactly."""
    data = path.read_bytes()
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    base = len(data) - len(body)
    out = bytearray()
    pos = 0
    for tok in lex_config(data, "f"):
        start = tok.range.start.byte - base
        gap = body[pos:start]
        assert gap.strip(b" \t") == b"", (gap, tok)
        out += gap + tok.text
        pos = start + len(tok.text)
    assert bytes(out) == body


import pygohcl  # noqa: E402 - a declared test dependency

_GO_POS = re.compile(r"tmp\.hcl:(\d+),(\d+)-(?:(\d+),)?(\d+): ([^;]+);")


def _go_first(data: bytes) -> tuple[str, str] | None:
    try:
        pygohcl.loadb(data)
    except pygohcl.HCLParseError as e:
        m = _GO_POS.search(str(e))
        if m:
            line, col, eline, ecol, summary = m.groups()
            end = f"{eline},{ecol}" if eline else ecol
            return f"tmp.hcl:{line},{col}-{end}", summary
    return None


RANGE_CASES = [
    b"a = 1\na = 2\n",
    b"a = 1 b = 2\n",
    b"a = \nb = 1\n",
    b'a = "${x"\n',
    b"b { a = 1 \n c = 2}\n",
    b"a = [1 2]\n",
    b"a = {a 1}\n",
    b"x = 1 & 2\n",
    b"a = 'x'\n",
    b"b 1 {\n}\n",
    b"b {\n",
    b'a = "\\q"\n',
    b"a = f(1 2)\n",
    b'a = "%{ bogus }"\n',
    b"a = <<EOF\nhello\n",
    b'a = "x\n',
    b"a = 1;\n",
    b"a = [for x in y]\n",
    b"  foo = bar.\n",
    b"a = (1\n",
]


@pytest.mark.parametrize("data", RANGE_CASES)
def test_first_diagnostic_matches_go(data: bytes) -> None:
    want = _go_first(data)
    assert want is not None
    _, diags = parse_config(data, "tmp.hcl")
    assert diags.has_errors
    first = diags.errors()[0]
    assert (str(first.subject), first.summary) == want
