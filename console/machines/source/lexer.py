"""Split one source line into tokens (HARDWARE.md section 8).

Columns are 1-based character positions (a tab counts as one column). The lexer knows nothing
about mnemonics: it yields names, numbers, character literals, strings and punctuation, and stops
at a ``;`` comment.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class SourceError(Exception):
    """One problem at a column of the line being read (line and file are added by the caller)."""

    def __init__(self, col: int, message: str) -> None:
        super().__init__(message)
        self.col = col
        self.message = message


NAME = "name"
NUMBER = "number"
STRING = "string"
PUNCT = "punct"  # one of  # , : ( ) + - * /

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NUMBER_START = frozenset("0123456789$%")
_NUMBER = re.compile(r"[$%]?[0-9A-Za-z_]*")
_DIGITS = {"$": (16, "0123456789ABCDEFabcdef"), "%": (2, "01")}
VALUE_LIMIT = 1 << 32  # every number and every value computed from them is within +-(2^32 - 1)
_MAX_DIGITS = {16: 8, 2: 32, 10: 10}


class Token(NamedTuple):
    kind: str  # NAME, NUMBER, STRING or PUNCT
    text: str  # the source text (a NAME is kept as written)
    col: int  # 1-based column of its first character
    value: int | str | None = None  # NUMBER: its value; STRING: the text between the quotes


def cp437_byte(char: str, col: int) -> int:
    """The code page 437 byte of one character; raises SourceError when it has none."""
    try:
        return char.encode("cp437")[0]
    except UnicodeEncodeError:
        raise SourceError(col, f"character {char!r} has no code page 437 byte") from None


def parse_number(text: str, col: int) -> int:
    """The value of ``123``, ``$7F`` or ``%1010``; raises SourceError for anything else."""
    base, digits = _DIGITS.get(text[0], (10, "0123456789"))
    body = text[1:] if base != 10 else text
    if not body or any(c not in digits for c in body):
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise SourceError(col, f"bad number '{shown}'; expected decimal digits, $hex or %binary")
    significant = body.lstrip("0") or "0"
    if len(significant) > _MAX_DIGITS[base] or int(significant, base) >= VALUE_LIMIT:
        raise SourceError(col, too_big_message())
    return int(significant, base)


def too_big_message() -> str:
    return "value is beyond 32 bits; expected a number from -$FFFFFFFF to $FFFFFFFF"


def tokenize(line: str) -> list[Token]:
    """The tokens of ``line`` up to its comment; raises SourceError at the first bad one."""
    tokens: list[Token] = []
    pos = 0
    end = len(line)
    while pos < end:
        char = line[pos]
        if char in " \t\r\f\v":
            pos += 1
            continue
        col = pos + 1
        if char == ";":
            break
        if char in NAME_START:
            match = _NAME.match(line, pos)
            text = match.group()
            tokens.append(Token(NAME, text, col))
            pos = match.end()
        elif char in _NUMBER_START:
            match = _NUMBER.match(line, pos)
            text = match.group()
            tokens.append(Token(NUMBER, text, col, parse_number(text, col)))
            pos = match.end()
        elif char == '"':
            close = line.find('"', pos + 1)
            if close < 0:
                raise SourceError(col, 'unterminated string; expected a closing "')
            text = line[pos + 1 : close]
            tokens.append(Token(STRING, line[pos : close + 1], col, text))
            pos = close + 1
        elif char == "'":
            if pos + 2 < end and line[pos + 2] == "'":
                value = cp437_byte(line[pos + 1], col + 1)
                tokens.append(Token(NUMBER, line[pos : pos + 3], col, value))
                pos += 3
            elif line.find("'", pos + 1) < 0:
                raise SourceError(col, "unterminated character literal; expected 'c'")
            else:
                raise SourceError(
                    col,
                    "a character literal holds one character; expected 'c' (use \"...\" for text)",
                )
        elif char in "#,:()+-*/":
            tokens.append(Token(PUNCT, char, col))
            pos += 1
        else:
            raise SourceError(col, f"unexpected character {char!r}")
    return tokens
