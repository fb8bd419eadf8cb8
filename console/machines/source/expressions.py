"""Operand expressions: numbers, names, ``+ - * /``, parentheses and unary minus.

An expression is an ``int`` (a constant), a ``Name`` or an ``Op``; ``evaluate`` computes it with
a lookup function for names. Parsing lives here too, over the tokens of one line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, Union

from console.machines.source.lexer import NAME, NUMBER, PUNCT, SourceError, Token, tokenize


class Name(NamedTuple):
    name: str  # upper case: names are case-insensitive
    col: int


class Op(NamedTuple):
    op: str  # "+", "-", "*", "/" or "neg"
    left: "Expr"
    right: "Expr | None"
    col: int


Expr = Union[int, Name, Op]


class Undefined(Exception):
    """A name with no value (yet)."""

    def __init__(self, name: Name) -> None:
        super().__init__(name.name)
        self.ref = name


def evaluate(expr: Expr, lookup: Callable[[str], int | None]) -> int:
    """The value of ``expr``; raises Undefined for a name ``lookup`` returns None for, and
    SourceError for a division by zero. ``/`` truncates toward zero."""
    if type(expr) is int:
        return expr
    if type(expr) is Name:
        value = lookup(expr.name)
        if value is None:
            raise Undefined(expr)
        return value
    left = evaluate(expr.left, lookup)
    if expr.op == "neg":
        return -left
    right = evaluate(expr.right, lookup)
    if expr.op == "+":
        return left + right
    if expr.op == "-":
        return left - right
    if expr.op == "*":
        return left * right
    if right == 0:
        raise SourceError(expr.col, "division by zero")
    quotient = abs(left) // abs(right)
    return quotient if (left < 0) == (right < 0) else -quotient


class TokenStream:
    """The tokens of one line with a cursor; ``end_col`` is where the line's text ends."""

    def __init__(self, tokens: list[Token], end_col: int) -> None:
        self.tokens = tokens
        self.count = len(tokens)
        self.pos = 0
        self.end_col = end_col

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < self.count else None

    def next(self) -> Token | None:
        pos = self.pos
        if pos < self.count:
            self.pos = pos + 1
            return self.tokens[pos]
        return None

    def at_punct(self, char: str) -> bool:
        # only punctuation tokens have a one-character text like "#" or "+"
        return self.pos < self.count and self.tokens[self.pos].text == char

    def col(self) -> int:
        """Column of the next token, or of the end of the line."""
        token = self.peek()
        return token.col if token is not None else self.end_col

    def found(self) -> str:
        """How to name the next token in a message."""
        token = self.peek()
        return f"'{token.text}'" if token is not None else "end of line"


def parse_text(text: str) -> Expr:
    """``text`` as one whole expression (the monitor's numbers and addresses); raises
    SourceError."""
    stream = TokenStream(tokenize(text), len(text) + 1)
    expr = parse_expression(stream)
    if stream.peek() is not None:
        raise SourceError(stream.col(), f"expected an operator, found {stream.found()}")
    return expr


def parse_expression(stream: TokenStream) -> Expr:
    """expr := term (('+' | '-') term)*"""
    return _chain(stream, "+-", _term)


def _term(stream: TokenStream) -> Expr:
    """term := unary (('*' | '/') unary)*"""
    return _chain(stream, "*/", _unary)


def _chain(stream: TokenStream, ops: str, operand: Callable[[TokenStream], Expr]) -> Expr:
    """operand (op operand)*, left to right, for the operators in ``ops``."""
    left = operand(stream)
    while any(stream.at_punct(op) for op in ops):
        token = stream.next()
        right = operand(stream)
        left = _fold(Op(token.text, left, right, token.col))
    return left


def _unary(stream: TokenStream) -> Expr:
    if stream.at_punct("-"):
        token = stream.next()
        return _fold(Op("neg", _unary(stream), None, token.col))
    if stream.at_punct("+"):
        stream.next()
        return _unary(stream)
    return _primary(stream)


def _primary(stream: TokenStream) -> Expr:
    token = stream.peek()
    if token is not None:
        if token.kind == NUMBER:
            stream.next()
            return token.value
        if token.kind == NAME:
            stream.next()
            return Name(token.text.upper(), token.col)
        if token.kind == PUNCT and token.text == "(":
            stream.next()
            inner = parse_expression(stream)
            if not stream.at_punct(")"):
                raise SourceError(stream.col(), f"expected ')', found {stream.found()}")
            stream.next()
            return inner
    raise SourceError(stream.col(), f"expected a number, name or '(', found {stream.found()}")


def _fold(op: Op) -> Expr:
    """Compute constant parts at once, so ``#SCREEN+160*12`` costs one lookup later."""
    if type(op.left) is int and (op.right is None or type(op.right) is int):
        return evaluate(op, lambda name: None)
    return op
