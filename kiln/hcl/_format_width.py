"""Column width of token text, counted in grapheme clusters as hclwrite does.

hclwrite aligns `=` signs and trailing comments by counting grapheme clusters
(go-textseg), not bytes, code points or East Asian display width.  Python's
standard library has no grapheme segmentation, so this module implements the
rules of UAX #29 (as of the Unicode version Packer 1.6.6's go-textseg uses, so
without the newer Indic conjunct rule): CR LF, combining marks and other
extenders, spacing marks, prepended characters, zero-width joiner emoji
sequences, emoji modifiers, regional-indicator pairs and Hangul syllables.
Extended_Pictographic is approximated by the emoji blocks.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ZWJ = 0x200D

# Hangul jamo classes (UAX #29 L, V, T) and precomposed syllables (LV, LVT).
_L, _V, _T, _LV, _LVT, _OTHER = range(6)
_SBASE = 0xAC00
_SCOUNT = 11172
_TCOUNT = 28


def _hangul_class(cp: int) -> int:
    """The Hangul_Syllable_Type of a code point (or _OTHER)."""
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return _L
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return _V
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return _T
    if _SBASE <= cp < _SBASE + _SCOUNT:
        return _LV if (cp - _SBASE) % _TCOUNT == 0 else _LVT
    return _OTHER


# Spacing combining marks (Mc) that UAX #29 does not treat as SpacingMark,
# so they do start a new cluster (mostly Myanmar and Tai Tham vowels).
_MC_NOT_SPACING = frozenset(
    [
        *(0x102B, 0x102C, 0x1038, 0x1062, 0x1063, 0x1064, 0x1083, 0x108F),
        *(0x1A61, 0x1A63, 0x1A64, 0xAA7B, 0xAA7D, 0x11720, 0x11721),
        *range(0x1067, 0x106E),
        *range(0x1087, 0x108D),
        *range(0x109A, 0x109D),
    ]
)

# Letters that UAX #29 lists as SpacingMark although they are not Mc.
_EXTRA_SPACING = frozenset([0x0E33, 0x0EB3])  # Thai and Lao SARA AM

# Prepend: characters that attach to the *following* character.
_PREPEND = frozenset(
    [*(0x06DD, 0x070F, 0x08E2, 0x0D4E, 0x110BD, 0x110CD, 0x111C2, 0x111C3), *range(0x0600, 0x0606)]
)


def _is_extend(cp: int) -> bool:
    """Grapheme_Extend, ZWJ, SpacingMark and emoji modifiers: never start a cluster."""
    if cp == _ZWJ or 0xFE00 <= cp <= 0xFE0F or 0xE0020 <= cp <= 0xE007F:
        return True
    if 0x1F3FB <= cp <= 0x1F3FF or cp in _EXTRA_SPACING:  # skin tones, SARA AM
        return True
    category = unicodedata.category(chr(cp))
    if category == "Mc":
        return cp not in _MC_NOT_SPACING
    return category in ("Mn", "Me")


def _is_pictographic(cp: int) -> bool:
    """A rough Extended_Pictographic test, enough for ZWJ emoji sequences."""
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2190 <= cp <= 0x21FF
        or 0x2300 <= cp <= 0x23FF
        or cp in (0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139)
    )


def _is_regional(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _joins(prev: int, cp: int, regional_run: int) -> bool:
    """Whether `cp` continues the cluster that ended with `prev`."""
    if prev == 0x0D and cp == 0x0A:
        return True
    if prev in (0x0A, 0x0D) or cp in (0x0A, 0x0D):
        return False
    if _is_extend(cp) or prev in _PREPEND:
        return True
    if prev == _ZWJ and _is_pictographic(cp):
        return True
    if _is_regional(prev) and _is_regional(cp):
        return regional_run % 2 == 1
    hp, hc = _hangul_class(prev), _hangul_class(cp)
    if hp == _L:
        return hc in (_L, _V, _LV, _LVT)
    if hp in (_LV, _V):
        return hc in (_V, _T)
    if hp in (_LVT, _T):
        return hc == _T
    return False


@lru_cache(maxsize=4096)
def _count_clusters(text: str) -> int:
    count = 0
    prev = -1
    regional_run = 0
    for ch in text:
        cp = ord(ch)
        if prev < 0 or not _joins(prev, cp, regional_run):
            count += 1
        regional_run = regional_run + 1 if _is_regional(cp) else 0
        prev = cp
    return count


def columns(text: bytes) -> int:
    """Number of grapheme clusters in UTF-8 `text` (bytes of one token)."""
    if text.isascii():
        # Only CR LF can merge two ASCII characters into one cluster.
        return len(text) - text.count(b"\r\n")
    return _count_clusters(text.decode("utf-8", "replace"))
