"""Token kinds as plain class attributes, for speed.

Looking a member up on an `Enum` class (`TokenType.Ident`) goes through the
enum metaclass and costs over 100 ns; the scanner and parser do it hundreds
of thousands of times per file. `TT.Ident` is the same member, found as an
ordinary class attribute in a fraction of the time.
"""

from __future__ import annotations

from typing import Final

from kiln.hcl.lexer import TokenType

__all__ = ["TT"]


class TT:
    """`TokenType`'s members, one plain class attribute each."""

    OBrace: Final = TokenType.OBrace
    CBrace: Final = TokenType.CBrace
    OBrack: Final = TokenType.OBrack
    CBrack: Final = TokenType.CBrack
    OParen: Final = TokenType.OParen
    CParen: Final = TokenType.CParen
    OQuote: Final = TokenType.OQuote
    CQuote: Final = TokenType.CQuote
    OHeredoc: Final = TokenType.OHeredoc
    CHeredoc: Final = TokenType.CHeredoc
    Star: Final = TokenType.Star
    Slash: Final = TokenType.Slash
    Plus: Final = TokenType.Plus
    Minus: Final = TokenType.Minus
    Percent: Final = TokenType.Percent
    Equal: Final = TokenType.Equal
    EqualOp: Final = TokenType.EqualOp
    NotEqual: Final = TokenType.NotEqual
    LessThan: Final = TokenType.LessThan
    LessThanEq: Final = TokenType.LessThanEq
    GreaterThan: Final = TokenType.GreaterThan
    GreaterThanEq: Final = TokenType.GreaterThanEq
    And: Final = TokenType.And
    Or: Final = TokenType.Or
    Bang: Final = TokenType.Bang
    Dot: Final = TokenType.Dot
    Comma: Final = TokenType.Comma
    DoubleColon: Final = TokenType.DoubleColon
    Ellipsis: Final = TokenType.Ellipsis
    FatArrow: Final = TokenType.FatArrow
    Question: Final = TokenType.Question
    Colon: Final = TokenType.Colon
    TemplateInterp: Final = TokenType.TemplateInterp
    TemplateControl: Final = TokenType.TemplateControl
    TemplateSeqEnd: Final = TokenType.TemplateSeqEnd
    QuotedLit: Final = TokenType.QuotedLit
    StringLit: Final = TokenType.StringLit
    NumberLit: Final = TokenType.NumberLit
    Ident: Final = TokenType.Ident
    Comment: Final = TokenType.Comment
    Newline: Final = TokenType.Newline
    EOF: Final = TokenType.EOF
    BitwiseAnd: Final = TokenType.BitwiseAnd
    BitwiseOr: Final = TokenType.BitwiseOr
    BitwiseNot: Final = TokenType.BitwiseNot
    BitwiseXor: Final = TokenType.BitwiseXor
    StarStar: Final = TokenType.StarStar
    Apostrophe: Final = TokenType.Apostrophe
    Backtick: Final = TokenType.Backtick
    Semicolon: Final = TokenType.Semicolon
    Tabs: Final = TokenType.Tabs
    Invalid: Final = TokenType.Invalid
    BadUTF8: Final = TokenType.BadUTF8
    QuotedNewline: Final = TokenType.QuotedNewline
    Nil: Final = TokenType.Nil
