"""Diagnostics for tokens that never belong in HCL (Go's `checkInvalidTokens`).

Run over the whole token list before parsing, so the parser itself need not
special-case stray characters, bitwise operators, bad encodings and the like.
Repeats of the same complaint are limited as Go limits them.
"""

from __future__ import annotations

from kiln.hcl._tt import TT
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.lexer import Token

T = TT

_BITWISE_HINT = {
    T.BitwiseAnd: ' Did you mean boolean AND ("&&")?',
    T.BitwiseOr: ' Did you mean boolean OR ("||")?',
    T.BitwiseNot: ' Did you mean boolean NOT ("!")?',
    T.BitwiseXor: "",
}
_INTERESTING = frozenset(
    (
        T.BitwiseAnd,
        T.BitwiseOr,
        T.BitwiseNot,
        T.BitwiseXor,
        T.StarStar,
        T.Backtick,
        T.Apostrophe,
        T.Semicolon,
        T.Tabs,
        T.BadUTF8,
        T.QuotedNewline,
        T.Invalid,
    )
)


def check_invalid_tokens(tokens: list[Token]) -> Diagnostics:
    """Error diagnostics for invalid tokens in `tokens`, in source order."""
    diags = Diagnostics()
    told = dict.fromkeys(("bitwise", "exp", "backtick", "apos", "semi", "tabs", "utf8"), 0)
    for tok in tokens:
        ty = tok.type
        if ty not in _INTERESTING:
            continue
        rng = tok.range
        if ty in _BITWISE_HINT:
            if told["bitwise"] < 4:
                diags.append(
                    Diagnostic.error(
                        "Unsupported operator",
                        f"Bitwise operators are not supported.{_BITWISE_HINT[ty]}",
                        rng,
                    )
                )
                told["bitwise"] += 1
        elif ty is T.StarStar:
            if told["exp"] < 1:
                diags.append(
                    Diagnostic.error(
                        "Unsupported operator",
                        '"**" is not a supported operator. Exponentiation is not supported as '
                        "an operator.",
                        rng,
                    )
                )
                told["exp"] += 1
        elif ty is T.Backtick:
            if told["backtick"] % 2 == 0:
                diags.append(
                    Diagnostic.error(
                        "Invalid character",
                        'The "`" character is not valid. To create a multi-line string, use '
                        'the "heredoc" syntax, like "<<EOT".',
                        rng,
                    )
                )
            if told["backtick"] <= 2:
                told["backtick"] += 1
        elif ty is T.Apostrophe:
            if told["apos"] % 2 == 0:
                diags.append(
                    Diagnostic.error(
                        "Invalid character",
                        'Single quotes are not valid. Use double quotes (") to enclose strings.',
                        rng,
                    )
                )
            if told["apos"] <= 2:
                told["apos"] += 1
        elif ty is T.Semicolon:
            if told["semi"] < 1:
                diags.append(
                    Diagnostic.error(
                        "Invalid character",
                        'The ";" character is not valid. Use newlines to separate arguments '
                        "and blocks, and commas to separate items in collection values.",
                        rng,
                    )
                )
                told["semi"] += 1
        elif ty is T.Tabs:
            if told["tabs"] < 1:
                diags.append(
                    Diagnostic.error(
                        "Invalid character",
                        "Tab characters may not be used. The recommended indentation style is "
                        "two spaces per indent.",
                        rng,
                    )
                )
                told["tabs"] += 1
        elif ty is T.BadUTF8:
            if told["utf8"] < 1:
                diags.append(
                    Diagnostic.error(
                        "Invalid character encoding",
                        "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is "
                        "selected in your editor.",
                        rng,
                    )
                )
                told["utf8"] += 1
        elif ty is T.QuotedNewline:
            diags.append(
                Diagnostic.error(
                    "Invalid multi-line string",
                    "Quoted strings may not be split over multiple lines. To produce a "
                    "multi-line string, either use the \\n escape to represent a newline "
                    'character or use the "heredoc" multi-line template syntax.',
                    rng,
                )
            )
        else:
            diags.append(
                Diagnostic.error(
                    "Invalid character", "This character is not used within the language.", rng
                )
            )
    return diags
