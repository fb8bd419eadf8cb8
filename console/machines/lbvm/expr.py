"""NASM expressions for the LBVM assembler (LBVM.md section 7): numbers in NASM's spellings,
character constants, ``$`` and ``$$``, names, and the operators ``| ^ & << >> + - * / % ~``
with NASM's precedence and 64-bit arithmetic (``/`` and ``%`` unsigned, ``//`` and ``%%``
signed)."""

from __future__ import annotations

import re

_BITS = 1 << 64
_TOKEN = re.compile(r"""
    \s*(?:
      (?P<num>\$[0-9][0-9A-Fa-f_]*|[0-9][0-9A-Za-z_]*)
    | (?P<str>'[^']*'|"[^"]*"|`(?:[^`\\]|\\.)*`)
    | (?P<here>\$\$|\$)
    | (?P<name>[A-Za-z_.?@][A-Za-z0-9_$#@~.?]*)
    | (?P<op><<|>>|//|%%|[-+*/%&|^~!()])
    )""", re.VERBOSE)

_BINARY = [("|",), ("^",), ("&",), ("<<", ">>"), ("+", "-"), ("*", "/", "//", "%", "%%")]


class ExprError(ValueError):
    """A bad expression; ``token`` is the text the message is about (for its column)."""

    def __init__(self, message: str, token: str = "") -> None:
        super().__init__(message)
        self.token = token


class Undefined(ExprError):
    """A name with no value (yet)."""


def wrap(value: int) -> int:
    """``value`` as NASM's signed 64-bit number."""
    value %= _BITS
    return value - _BITS if value >= 1 << 63 else value


_ESCAPES = {"n": 10, "t": 9, "r": 13, "0": 0, "a": 7, "b": 8, "e": 27, "f": 12, "v": 11,
            "\\": 92, "'": 39, '"': 34, "`": 96, "?": 63}


def string_bytes(token: str) -> bytes:
    """The bytes of a quoted string token (backquotes take C-style escapes)."""
    body = token[1:-1]
    if token[0] != "`":
        return body.encode("utf-8", "surrogateescape")
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 == len(body):
            out += ch.encode("utf-8", "surrogateescape")
            i += 1
            continue
        nxt = body[i + 1]
        hexa = re.match(r"[xX]([0-9A-Fa-f]{1,2})", body[i + 1 :])
        octal = re.match(r"[0-7]{1,3}", body[i + 1 :])
        if hexa:
            out.append(int(hexa.group(1), 16))
            i += 1 + hexa.end()
        elif octal:
            out.append(int(octal.group(0), 8) & 0xFF)
            i += 1 + octal.end()
        elif nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        else:
            raise ExprError(f"unknown escape \\{nxt} in {token}", token)
    return bytes(out)


def parse_number(token: str) -> int:
    """A number as NASM spells it: 31, 0x1F, 0h1F, $1F, 1Fh, 0b101, 101b, 0o17, 17q, 12d."""
    text = token.lower().replace("_", "")
    try:
        if text.startswith("$"):
            return int(text[1:], 16)
        if text.endswith("h"):
            return int(text[:-1], 16)
        prefixes = {"0x": 16, "0h": 16, "0b": 2, "0y": 2, "0o": 8, "0q": 8, "0d": 10, "0t": 10}
        if text[:2] in prefixes and len(text) > 2:
            return int(text[2:], prefixes[text[:2]])
        suffixes = {"b": 2, "y": 2, "o": 8, "q": 8, "d": 10, "t": 10}
        if text[-1] in suffixes:
            return int(text[:-1], suffixes[text[-1]])
        return int(text, 10)
    except ValueError:
        raise ExprError(f"{token!r} is not a number", token) from None


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            bad = text[pos:].strip()[:1] or text[pos:]
            raise ExprError(f"unexpected {bad!r} in expression", bad)
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


class _Parser:
    """Values are (number, k): k counts the section starts in it (a label, ``$`` and ``$$``
    have k = 1). As in NASM, only + and - take such a value; the rest need plain numbers."""

    def __init__(self, text: str, lookup, here: int, start: int) -> None:
        self.tokens = tokenize(text)
        self.pos = 0
        self.lookup = lookup
        self.here = here
        self.start = start

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> tuple[int, int]:
        if not self.tokens:
            raise ExprError("expected an expression")
        value = self.binary(0)
        if self.peek() is not None:
            token = self.peek()[1]
            raise ExprError(f"unexpected {token!r} in expression", token)
        return value

    def binary(self, level: int) -> tuple[int, int]:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while (token := self.peek()) is not None and token in [("op", o) for o in _BINARY[level]]:
            self.pos += 1
            left = _apply(token[1], left, self.binary(level + 1))
        return left

    def unary(self) -> tuple[int, int]:
        token = self.peek()
        if token is None:
            raise ExprError("expression ends too soon")
        kind, text = token
        self.pos += 1
        if kind == "op" and text in "-+~!":
            value, k = self.unary()
            if k and text in "~!":
                raise ExprError(f"{text} works only on plain numbers, not on addresses", text)
            result = {"-": -value, "+": value, "~": ~value, "!": int(value == 0)}[text]
            return wrap(result), -k if text == "-" else k
        if kind == "op" and text == "(":
            value = self.binary(0)
            if self.peek() != ("op", ")"):
                raise ExprError("missing ')'", "(")
            self.pos += 1
            return value
        if kind == "num":
            return wrap(parse_number(text)), 0
        if kind == "str":
            data = string_bytes(text)
            if len(data) > 8:
                raise ExprError(f"character constant {text} is longer than 8 bytes", text)
            return wrap(int.from_bytes(data, "little")), 0
        if kind == "here":
            return (self.here if text == "$" else self.start), 1
        if kind == "name":
            return self.lookup(text)
        raise ExprError(f"unexpected {text!r} in expression", text)


def _apply(op: str, left: tuple[int, int], right: tuple[int, int]) -> tuple[int, int]:
    (a, ka), (b, kb) = left, right
    if op == "+":
        return wrap(a + b), ka + kb
    if op == "-":
        return wrap(a - b), ka - kb
    if op == "*":
        if ka and kb:
            raise ExprError("* of two addresses", op)
        return wrap(a * b), ka * b + kb * a
    if ka or kb:
        raise ExprError(f"{op} works only on plain numbers, not on addresses "
                        "(subtract $$ first)", op)
    if op in ("/", "//", "%", "%%") and b == 0:
        raise ExprError("division by zero", op)
    return _plain(op, a, b), 0


def _plain(op: str, a: int, b: int) -> int:
    if op == "|":
        return wrap(a | b)
    if op == "^":
        return wrap(a ^ b)
    if op == "&":
        return wrap(a & b)
    if op == "<<":
        return wrap(a << (b % _BITS)) if b % _BITS < 64 else 0
    if op == ">>":
        return wrap((a % _BITS) >> (b % _BITS)) if b % _BITS < 64 else 0
    if op == "/":
        return wrap((a % _BITS) // (b % _BITS))
    if op == "%":
        return wrap((a % _BITS) % (b % _BITS))
    quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)  # "//": signed, truncated
    return wrap(quotient) if op == "//" else wrap(a - quotient * b)


def evaluate_full(text: str, lookup, here: int = 0, start: int = 0) -> tuple[int, int]:
    """(value, k) of ``text``; ``lookup(name)`` gives a name's (value, k) or raises Undefined."""
    return _Parser(text, lookup, here, start).parse()


def evaluate(text: str, lookup, here: int = 0, start: int = 0) -> int:
    """The value of ``text``, which must be a number or one address (NASM's "simple or
    relocatable")."""
    value, k = evaluate_full(text, lookup, here, start)
    if k not in (-1, 0, 1):
        raise ExprError("expression is not a number or one address (NASM: not simple or "
                        "relocatable)", text.strip())
    return value
