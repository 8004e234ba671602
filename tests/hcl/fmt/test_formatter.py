"""The formatter against `packer fmt` goldens (see make_goldens.py).

- every accepted case formats to its golden byte for byte;
- formatting is idempotent on every golden;
- inputs Packer rejects are still formatted without an exception;
- arbitrary token soup never makes the formatter raise, and formatting
  changes nothing but the spaces and tabs between tokens;
- random messy templates (random_hcl.py) format idempotently.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiln.hcl._format_width import columns
from kiln.hcl.formatter import format_source

from .current_packer import REALIGNED_COMMENTS, as_current_packer
from .random_hcl import RandomHCL

CASES = Path(__file__).resolve().parent / "cases"
SUFFIX = ".pkr.hcl"

GOLDEN_NAMES = sorted(p.name.removesuffix(".golden") for p in CASES.glob("*.golden"))
REJECTED_NAMES = sorted(p.name.removesuffix(".rejected") for p in CASES.glob("*.rejected"))


def _input(name: str) -> bytes:
    return (CASES / f"{name}{SUFFIX}").read_bytes()


def _golden(name: str) -> bytes:
    return as_current_packer((CASES / f"{name}.golden").read_bytes())


def _show(data: bytes) -> str:
    """Make whitespace differences visible in assertion messages."""
    return data.decode("utf-8", "replace").replace(" ", "·").replace("\t", "→")


def test_corpus_is_big_enough() -> None:
    assert len(GOLDEN_NAMES) >= 150
    assert all((CASES / f"{name}{SUFFIX}").exists() for name in GOLDEN_NAMES)


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_matches_packer(name: str) -> None:
    out = format_source(_input(name), f"{name}{SUFFIX}")
    want = _golden(name)
    if name in REALIGNED_COMMENTS:
        out, want = _strip_blanks(out), _strip_blanks(want)
    assert out == want, f"\n--- got\n{_show(out)}\n--- want\n{_show(want)}"


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_idempotent(name: str) -> None:
    golden = _golden(name)
    if name in REALIGNED_COMMENTS:
        golden = format_source(golden)
    assert format_source(golden) == golden


@pytest.mark.parametrize("name", REJECTED_NAMES)
def test_rejected_inputs_do_not_crash(name: str) -> None:
    assert isinstance(format_source(_input(name)), bytes)


def _strip_blanks(data: bytes) -> bytes:
    return data.replace(b" ", b"").replace(b"\t", b"")


# Fragments of HCL: real tokens, broken tokens, whitespace of every kind, and
# pieces that switch the lexer into strings, templates and heredocs.
_FRAGMENTS = [
    "a", "bb", "in", "for", "if", "endif", "endfor", "var", "x-y", "日本", "é", "e\u0301",
    "1", "1.5", "1e3", "=", "==", "!=", "!", "-", "+", "*", "/", "%", "<", "<=", ">", ">=",
    "&&", "||", "?", ":", "=>", "...", ".", ",", "(", ")", "[", "]", "{", "}", "::",
    '"', '"x"', '"${', '"%{', "${", "%{", "~}", "}", "$${", "%%{", "\\", "'", "`", ";",
    "<<EOF\n", "<<-EOF\n", "EOF\n", "  EOF\n", "EOF",
    "#", "# c\n", "// c\n", "/*", "*/", "/* c */",
    " ", "  ", "\t", "\n", "\r\n", "\r", "\ufeff", "\x00", "\xff",
]  # fmt: skip

_SOUP = st.lists(st.sampled_from(_FRAGMENTS), max_size=60).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SOUP)
def test_token_soup_never_raises(src: bytes) -> None:
    out = format_source(src)
    assert isinstance(out, bytes)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(src: bytes) -> None:
    assert isinstance(format_source(src), bytes)


@settings(max_examples=300, deadline=None)
@given(_SOUP)
def test_only_blanks_change(src: bytes) -> None:
    # A leading byte-order mark is skipped by the lexer, so dropped like any
    # other gap between tokens.
    want = _strip_blanks(src.removeprefix(b"\xef\xbb\xbf"))
    assert _strip_blanks(format_source(src)) == want


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_random_templates_idempotent(rnd: random.Random) -> None:
    src = RandomHCL(rnd).template().encode("utf-8")
    once = format_source(src)
    assert format_source(once) == once
    assert _strip_blanks(once) == _strip_blanks(src)


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("abc", 3),
        ("a\r\nb", 3),
        ("日本", 2),
        ("e\u0301e", 2),
        ("👍🏽", 1),
        ("👨\u200d👩\u200d👧", 1),
        ("🇩🇪🇫🇷", 2),
        ("🇩🇪🇫", 2),
        ("\u1112\u1161\u11ab", 1),
        ("한국", 2),
        ("กำ", 1),
        ("\u0600\u0661", 1),
        ("क्षि", 2),
        ("1\ufe0f\u20e3", 1),
    ],
)
def test_grapheme_columns(text: str, width: int) -> None:
    assert columns(text.encode("utf-8")) == width
