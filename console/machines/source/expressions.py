"""Operand expressions: numbers, names, ``+ - * /``, parentheses and unary minus.

An expression is an ``int`` (a constant), a ``Name`` or an ``Op``; ``evaluate`` computes it with
a lookup function for names. Parsing lives here too, over the tokens of one line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, Union

from console.machines.source.lexer import (
    NAME,
    NUMBER,
    PUNCT,
    VALUE_LIMIT,
    SourceError,
    Token,
    tokenize,
    too_big_message,
)

MAX_NESTING = 100  # parentheses and signs inside each other in one expression


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
    SourceError for a division by zero or a value beyond 32 bits (checked at every step, so
    no value ever grows without bound). ``/`` truncates toward zero. Iterative: an expression
    as deep as a line can make needs no recursion."""
    if type(expr) is int:
        return expr
    values: list[int] = []
    todo: list = [expr]
    while todo:
        item = todo.pop()
        kind = type(item)
        if kind is int:
            values.append(item)
        elif kind is Name:
            value = lookup(item.name)
            if value is None:
                raise Undefined(item)
            values.append(value)
        elif kind is Op:
            todo.append(_Apply(item))
            if item.right is not None:
                todo.append(item.right)
            todo.append(item.left)
        else:  # _Apply: its operands are computed
            op = item.op
            if op.right is None:
                values.append(_checked(-values.pop(), op.col))
            else:
                right = values.pop()
                values.append(_checked(_binary(op, values.pop(), right), op.col))
    return values[0]


class _Apply(NamedTuple):
    op: Op


def _binary(op: Op, left: int, right: int) -> int:
    if op.op == "+":
        return left + right
    if op.op == "-":
        return left - right
    if op.op == "*":
        return left * right
    if right == 0:
        raise SourceError(op.col, "division by zero")
    quotient = abs(left) // abs(right)
    return quotient if (left < 0) == (right < 0) else -quotient


def _checked(value: int, col: int) -> int:
    if -VALUE_LIMIT < value < VALUE_LIMIT:
        return value
    raise SourceError(col, too_big_message())


class TokenStream:
    """The tokens of one line with a cursor; ``end_col`` is where the line's text ends."""

    def __init__(self, tokens: list[Token], end_col: int) -> None:
        self.tokens = tokens
        self.count = len(tokens)
        self.pos = 0
        self.end_col = end_col
        self.depth = 0  # parentheses and signs open around the cursor

    def enter(self, col: int) -> None:
        """One more level of nesting; past MAX_NESTING a SourceError, never a deep recursion."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise SourceError(col, f"expression nests too deep: more than {MAX_NESTING} "
                                   "parentheses or signs inside each other")

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
    if stream.at_punct("-") or stream.at_punct("+"):
        token = stream.next()
        stream.enter(token.col)
        inner = _unary(stream)
        stream.depth -= 1
        return inner if token.text == "+" else _fold(Op("neg", inner, None, token.col))
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
            stream.enter(token.col)
            inner = parse_expression(stream)
            if not stream.at_punct(")"):
                raise SourceError(stream.col(), f"expected ')', found {stream.found()}")
            stream.next()
            stream.depth -= 1
            return inner
    raise SourceError(stream.col(), f"expected a number, name or '(', found {stream.found()}")


def _fold(op: Op) -> Expr:
    """Compute constant parts at once, so ``#SCREEN+160*12`` costs one lookup later."""
    if type(op.left) is int and (op.right is None or type(op.right) is int):
        return evaluate(op, lambda name: None)
    return op
