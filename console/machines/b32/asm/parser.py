"""Turn source lines into statements (HARDWARE.md section 8).

A line is: an optional label in column 1 (colon optional), any number of ``NAME:`` labels, then
an optional statement (an instruction or a directive), then an optional ``;`` comment. An
indented ``NAME EQU value`` defines NAME too. Parsing stops after ``END``.

Operand syntax picks the opcode among a mnemonic's forms in ``console.machines.b32.isa``:
``#expr`` an immediate (or a jump target, the original form), a bare ``expr`` an address (or
jump target), ``,X`` / ``,Y`` indexed, registers for TFR, PUSH and POP.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from console.machines.b32 import isa
from console.machines.source.expressions import Expr, Name, TokenStream, parse_expression
from console.machines.source.lexer import (
    NAME,
    NAME_START,
    PUNCT,
    STRING,
    SourceError,
    Token,
    cp437_byte,
    tokenize,
)
from console.machines.text import source_lines

# statement kinds besides "op" (an instruction)
DIRECTIVES = frozenset({"ORG", "EQU", "DB", "DW", "DS", "END", "TITLE", "DESCRIPTION"})
#: the word after ``END label,`` that makes END emit no byte (for carts that hold no $04)
NOBYTE = "NOBYTE"

# operand syntax -> the forms it may select, in order of preference
_IMMEDIATE = (isa.Form.IMM8, isa.Form.IMM16, isa.Form.JUMP)
_BARE = (isa.Form.ABS, isa.Form.JUMP)
_SYNTAX_FORMS = {
    "none": (isa.Form.INHERENT,),
    "immediate": _IMMEDIATE,
    "address": _BARE,
    ",X": (isa.Form.IDX_X,),
    ",Y": (isa.Form.IDX_Y,),
}
_SYNTAX_NAMES = {
    "none": "no operand",
    "immediate": "an immediate operand (#)",
    "address": "an address operand",
    ",X": "',X'",
    ",Y": "',Y'",
}
FORM_SHAPES = {
    isa.Form.INHERENT: "no operand",
    isa.Form.IMM8: "#byte",
    isa.Form.IMM16: "#word",
    isa.Form.ABS: "address",
    isa.Form.JUMP: "address or #address",
    isa.Form.IDX_X: ",X",
    isa.Form.IDX_Y: ",Y",
    isa.Form.REG: "a register (A, B, D, X, Y, S)",
    isa.Form.REG_PAIR: "two registers (like A,X)",
}


#: mnemonic -> operand syntax -> the opcode it selects, worked out once from the table
_CHOICES: dict[str, dict[str, isa.Opcode]] = {
    mnemonic: {
        syntax: next(forms[form] for form in candidates if form in forms)
        for syntax, candidates in _SYNTAX_FORMS.items()
        if any(form in forms for form in candidates)
    }
    for mnemonic, forms in isa.BY_MNEMONIC.items()
}


@dataclass(slots=True)
class Statement:
    """One line's statement, with the labels it defines. ``kind`` is "op", a directive name or
    "" for a line holding only labels."""

    line: int
    col: int  # column of the mnemonic or directive (of the first label for a bare label line)
    labels: list[Name]
    kind: str = ""
    opcode: isa.Opcode | None = None
    # Expr; register codes; for DB/DW (Expr, column) pairs and, in DB, bytes for text
    operands: list = field(default_factory=list)
    operand_col: int = 0
    size: int = 0  # bytes it emits; DS computes its size while laying out
    address: int = 0  # set by the assembler


@dataclass
class ParsedSource:
    statements: list[Statement]
    errors: list[tuple[int, int, str]]  # (line, col, message)
    lines: list[str]  # the source lines read (up to and including END)
    end: Statement | None  # the END statement, None when missing


def parse_source(source: str | list[str]) -> ParsedSource:
    """Parse every line up to END; each line's problem becomes one error, and the line still
    defines its labels so that one mistake does not cascade into "undefined name" errors."""
    statements: list[Statement] = []
    errors: list[tuple[int, int, str]] = []
    lines = source_lines(source) if isinstance(source, str) else list(source)
    end: Statement | None = None
    for number, text in enumerate(lines, 1):
        statement, error = parse_line(text, number)
        if error is not None:
            errors.append((number, error.col, error.message))
        if statement is not None:
            statements.append(statement)
            if statement.kind == "END":
                end = statement
                lines = lines[:number]
                break
    return ParsedSource(statements, errors, lines, end)


def parse_line(text: str, number: int) -> tuple[Statement | None, SourceError | None]:
    """The statement of one line (None for a blank or comment line) and its error, if any."""
    if text and not (text[0].isspace() or text[0] == ";" or text[0] in NAME_START):
        shown = text.split(None, 1)[0].split(";", 1)[0]
        return None, SourceError(
            1, f"expected a label in column 1 or an indented statement, found '{shown}'"
        )
    try:
        tokens = tokenize(text)
    except SourceError as error:
        try:  # keep the labels in front of the bad token
            tokens = tokenize(text[: error.col - 1])
        except SourceError:
            return None, error
        try:
            labels, _ = _labels(text, tokens, number)
        except SourceError:
            return None, error
        return (Statement(number, 1, labels) if labels else None), error
    if not tokens:
        if text and not text[0].isspace() and text[0] != ";":
            return None, SourceError(1, f"unexpected character {text[0]!r}")
        return None, None
    try:
        labels, pos = _labels(text, tokens, number)
    except SourceError as error:
        return None, error
    statement = Statement(number, tokens[pos].col if pos < len(tokens) else 1, labels)
    if pos == len(tokens):
        return statement, None
    try:
        _statement(statement, tokens, pos, len(text) + 1, text)
    except SourceError as error:
        statement.kind, statement.size, statement.operands = "", 0, []
        return statement, error
    return statement, None


def _labels(text: str, tokens: list[Token], number: int) -> tuple[list[Name], int]:
    """The labels at the start of a line and the index of the first token after them."""
    labels: list[Name] = []
    pos = 0
    if text and not text[0].isspace():
        first = tokens[0] if tokens else None
        if first is None or first.col != 1 or first.kind != NAME:
            shown = first.text if first is not None and first.col == 1 else text[0]
            raise SourceError(
                1, f"expected a label in column 1 or an indented statement, found '{shown}'"
            )
        labels.append(Name(first.text.upper(), 1))
        pos = 1
        if _is_punct(tokens, pos, ":"):
            pos += 1
    while pos + 1 < len(tokens) and tokens[pos].kind == NAME and _is_punct(tokens, pos + 1, ":"):
        labels.append(Name(tokens[pos].text.upper(), tokens[pos].col))
        pos += 2
    return labels, pos


def _is_punct(tokens: list[Token], pos: int, char: str) -> bool:
    return pos < len(tokens) and tokens[pos].kind == PUNCT and tokens[pos].text == char


def _statement(st: Statement, tokens: list[Token], pos: int, end_col: int, text: str) -> None:
    head = tokens[pos]
    if head.kind != NAME:
        raise SourceError(head.col, f"expected a mnemonic or directive, found '{head.text}'")
    word = head.text.upper()
    # an indented "NAME EQU value" names its value like a column-1 label would
    if (
        word not in isa.BY_MNEMONIC
        and word not in DIRECTIVES
        and pos + 1 < len(tokens)
        and tokens[pos + 1].kind == NAME
        and tokens[pos + 1].text.upper() == "EQU"
    ):
        st.labels.append(Name(word, head.col))
        pos += 1
        head = tokens[pos]
        word = "EQU"
    st.col = head.col
    stream = TokenStream(tokens, end_col)
    stream.pos = pos + 1
    st.operand_col = stream.col()
    forms = isa.BY_MNEMONIC.get(word)
    if word in DIRECTIVES:  # before instructions: END is both, and the directive form wins
        _directive(st, word, stream)
    elif forms is not None:
        _instruction(st, word, forms, stream)
    else:
        hint = ""
        if st.labels and st.labels[0].col == 1 and _known(st.labels[0].name):
            hint = (
                f" ('{st.labels[0].name}' in column 1 is read as a label: "
                "indent instructions and directives)"
            )
        raise SourceError(
            head.col,
            f"unknown mnemonic '{head.text}'; expected an instruction or directive{hint}",
        )
    if stream.peek() is not None:
        raise SourceError(
            stream.col(),
            f"unexpected {stream.found()} after the operand; expected end of line or a ; comment",
        )


def _known(word: str) -> bool:
    return word in isa.BY_MNEMONIC or word in DIRECTIVES


def _instruction(
    st: Statement, mnemonic: str, forms: dict[isa.Form, isa.Opcode], stream: TokenStream
) -> None:
    st.kind = "op"
    if isa.Form.REG in forms or isa.Form.REG_PAIR in forms:
        form = isa.Form.REG if isa.Form.REG in forms else isa.Form.REG_PAIR
        st.operands = [_register(stream, mnemonic)]
        if form is isa.Form.REG_PAIR:
            if not stream.at_punct(","):
                raise SourceError(
                    stream.col(), f"expected ',' and a second register, found {stream.found()}"
                )
            stream.next()
            st.operands.append(_register(stream, mnemonic))
        st.opcode = forms[form]
        st.size = st.opcode.length
        return
    token = stream.peek()
    operand_col = stream.col()
    if token is None:
        syntax = "none"
    elif stream.at_punct("#"):
        stream.next()
        syntax = "immediate"
        st.operand_col = stream.col()
        st.operands = [parse_expression(stream)]
    elif stream.at_punct(","):
        stream.next()
        index = stream.next()
        if index is None or index.kind != NAME or index.text.upper() not in ("X", "Y"):
            raise SourceError(
                operand_col + 1 if index is None else index.col,
                f"expected X or Y after ',', found "
                f"{'end of line' if index is None else repr(index.text)}",
            )
        syntax = "," + index.text.upper()
    else:
        syntax = "address"
        st.operands = [parse_expression(stream)]
    opcode = _CHOICES[mnemonic].get(syntax)
    if opcode is not None:
        st.opcode = opcode
        st.size = opcode.length
        return
    allowed = _either([FORM_SHAPES[form] for form in sorted(forms, key=_FORM_ORDER.index)])
    if syntax == "none":
        message = f"{mnemonic} needs an operand; expected {allowed}"
    else:
        message = f"{mnemonic} does not take {_SYNTAX_NAMES[syntax]}; expected {allowed}"
    raise SourceError(st.col if syntax == "none" else operand_col, message)


_FORM_ORDER = list(isa.Form)


def _either(choices: list[str]) -> str:
    return choices[0] if len(choices) == 1 else ", ".join(choices[:-1]) + " or " + choices[-1]


def _register(stream: TokenStream, mnemonic: str) -> int:
    token = stream.peek()
    if token is None or token.kind != NAME or token.text.upper() not in isa.REGISTER_CODES:
        raise SourceError(
            stream.col(),
            f"{mnemonic} expected a register (A, B, D, X, Y or S), found {stream.found()}",
        )
    stream.next()
    return isa.REGISTER_CODES[token.text.upper()]


def _directive(st: Statement, word: str, stream: TokenStream) -> None:
    st.kind = word
    if word in ("ORG", "DS"):
        st.operands = [_required_expression(stream, word)]
    elif word == "EQU":
        if not st.labels:
            raise SourceError(st.col, "EQU needs a name; expected NAME EQU value")
        st.operands = [_required_expression(stream, word)]
    elif word in ("DB", "DW"):
        _data(st, word, stream)
    elif word in ("TITLE", "DESCRIPTION"):
        token = stream.next()
        if token is None or token.kind != STRING:
            raise SourceError(
                st.operand_col,
                f"{word} expected a string in double quotes, found "
                f"{'end of line' if token is None else repr(token.text)}",
            )
        _encode_text(token)  # check it now, so the error points at the string
        st.operands = [token.value]
    elif word == "END":
        st.size = 1
        if stream.peek() is not None:
            st.operands = [parse_expression(stream)]
            if stream.at_punct(","):
                stream.next()
                token = stream.next()
                if token is None or token.kind != NAME or token.text.upper() != NOBYTE:
                    col = stream.end_col if token is None else token.col
                    found = "end of line" if token is None else repr(token.text)
                    raise SourceError(col, f"expected {NOBYTE} after 'END label,', found {found}")
                st.size = 0


def _required_expression(stream: TokenStream, word: str) -> Expr:
    if stream.peek() is None:
        raise SourceError(stream.col(), f"{word} needs a value; found end of line")
    return parse_expression(stream)


def _data(st: Statement, word: str, stream: TokenStream) -> None:
    items: list = []
    size = 0
    width = 1 if word == "DB" else 2
    while True:
        token = stream.peek()
        if token is None:
            raise SourceError(stream.col(), f"{word} expected a value, found end of line")
        if token.kind == STRING:
            if word == "DW":
                raise SourceError(token.col, "DW takes words, not strings; expected a value")
            stream.next()
            text = _encode_text(token)
            items.append(text)
            size += len(text)
        else:
            items.append((parse_expression(stream), token.col))
            size += width
        if not stream.at_punct(","):
            break
        stream.next()
    st.operands = items
    st.size = size


def _encode_text(token: Token) -> bytes:
    return bytes(cp437_byte(char, token.col + 1 + i) for i, char in enumerate(token.value))
