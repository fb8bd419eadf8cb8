"""Every kind of assembler error, with its exact line and column, and all of a file's errors."""

from __future__ import annotations

import pytest

from console.machines.b32.asm import AsmError, assemble, assemble_file


def errors_of(source: str, filename: str = "t.asm") -> list[str]:
    with pytest.raises(AsmError) as caught:
        assemble(source, filename)
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value.errors


CASES = [
    # (what, source, expected first error)
    (
        "undefined label",
        " NOP\n JMP NOWHERE\n END\n",
        "t.asm:2:6: undefined name 'NOWHERE'; expected a label, an EQU name or a predefined name",
    ),
    (
        "undefined in an expression",
        " LDA #1+FOO*2\n END\n",
        "t.asm:1:9: undefined name 'FOO'; expected a label, an EQU name or a predefined name",
    ),
    (
        "duplicate label",
        "LOOP: NOP\n NOP\nloop: INCA\n END\n",
        "t.asm:3:1: 'LOOP' is already defined at line 1; expected a new name",
    ),
    (
        "duplicate indented label",
        "A: NOP\n  B: NOP\n  b: NOP\n END\n",
        "t.asm:3:3: 'B' is already defined at line 2; expected a new name",
    ),
    (
        "duplicate EQU",
        "N EQU 1\nN EQU 2\n END\n",
        "t.asm:2:1: 'N' is already defined at line 1; expected a new name",
    ),
    (
        "unknown mnemonic",
        "START:\n LDQ #1\n END START\n",
        "t.asm:2:2: unknown mnemonic 'LDQ'; expected an instruction or directive",
    ),
    (
        "instruction in column 1",
        "START:\nEND START\n",
        "t.asm:2:5: unknown mnemonic 'START'; expected an instruction or directive "
        "('END' in column 1 is read as a label: indent instructions and directives)",
    ),
    (
        "immediate not allowed",
        " STA #5\n END\n",
        "t.asm:1:6: STA does not take an immediate operand (#); expected address, ,X or ,Y",
    ),
    (
        "address not allowed",
        " ADDA 5\n END\n",
        "t.asm:1:7: ADDA does not take an address operand; expected #byte",
    ),
    (
        "index not allowed",
        " LDX ,X\n END\n",
        "t.asm:1:6: LDX does not take ',X'; expected #word or address",
    ),
    (
        "operand missing",
        " LDA\n END\n",
        "t.asm:1:2: LDA needs an operand; expected #byte, address, ,X or ,Y",
    ),
    (
        "operand not wanted",
        " INCA #1\n END\n",
        "t.asm:1:7: INCA does not take an immediate operand (#); expected no operand",
    ),
    ("bad index register", " LDA ,Z\n END\n", "t.asm:1:7: expected X or Y after ',', found 'Z'"),
    (
        "bad register",
        " PUSH Q\n END\n",
        "t.asm:1:7: PUSH expected a register (A, B, D, X, Y or S), found 'Q'",
    ),
    (
        "byte out of range",
        " LDA #256\n END\n",
        "t.asm:1:7: value 256 ($100) is out of range for a byte; expected -128..255",
    ),
    (
        "negative byte out of range",
        " LDB #-129\n END\n",
        "t.asm:1:7: value -129 is out of range for a byte; expected -128..255",
    ),
    (
        "word out of range",
        " LDX #65536\n END\n",
        "t.asm:1:7: value 65536 ($10000) is out of range for a word; expected -32768..65535",
    ),
    (
        "address out of range",
        " JMP -32769\n END\n",
        "t.asm:1:6: value -32769 is out of range for a word; expected -32768..65535",
    ),
    (
        "DB item out of range",
        " DB 1, 2, 300\n END\n",
        "t.asm:1:11: value 300 ($12C) is out of range for a byte; expected -128..255",
    ),
    (
        "ORG out of range",
        " ORG $10000\n END\n",
        "t.asm:1:6: value 65536 ($10000) is out of range for an ORG address; expected 0..65535",
    ),
    (
        "unterminated string",
        ' DB "HELLO\n END\n',
        't.asm:1:5: unterminated string; expected a closing "',
    ),
    (
        "unterminated character",
        " LDA #'A\n END\n",
        "t.asm:1:7: unterminated character literal; expected 'c'",
    ),
    (
        "long character literal",
        " LDA #'AB'\n END\n",
        "t.asm:1:7: a character literal holds one character; expected 'c' (use \"...\" for text)",
    ),
    ("not code page 437", ' DB "a€"\n END\n', "t.asm:1:7: character '€' has no code page 437 byte"),
    (
        "junk after an operand",
        " LDA #1 2\n END\n",
        "t.asm:1:9: unexpected '2' after the operand; expected end of line or a ; comment",
    ),
    (
        "junk after an index",
        " STA ,X+1\n END\n",
        "t.asm:1:8: unexpected '+' after the operand; expected end of line or a ; comment",
    ),
    (
        "missing END",
        "START:\n NOP\n",
        "t.asm:2:5: missing END; expected 'END [label]' as the last statement",
    ),
    (
        "bad hex number",
        " LDA #$G1\n END\n",
        "t.asm:1:7: bad number '$G1'; expected decimal digits, $hex or %binary",
    ),
    (
        "bad decimal number",
        " LDX #12AB\n END\n",
        "t.asm:1:7: bad number '12AB'; expected decimal digits, $hex or %binary",
    ),
    (
        "bad binary number",
        " DB %102\n END\n",
        "t.asm:1:5: bad number '%102'; expected decimal digits, $hex or %binary",
    ),
    ("division by zero", " DB 4/0\n END\n", "t.asm:1:6: division by zero"),
    ("missing parenthesis", " DB (1+2\n END\n", "t.asm:1:9: expected ')', found end of line"),
    (
        "missing operand value",
        " LDA #\n END\n",
        "t.asm:1:7: expected a number, name or '(', found end of line",
    ),
    (
        "overlapping bytes",
        " ORG $1000\n LDX #1\n ORG $1002\n INCA\n END\n",
        "t.asm:4:2: byte $1002 was already written by line 2; expected each byte written once",
    ),
    ("past $FFFF", " ORG $FFFE\n LDX #1\n", "t.asm:2:2: bytes $FFFE-$10000 would run past $FFFF"),
    (
        "onto the I/O page",
        " ORG $AF9F\n LDX #1\n ORG $1000\n END\n",
        "t.asm:2:2: bytes $AF9F-$AFA1 would land on the I/O page ($AFA0-$AFFF)",
    ),
    (
        "bad first column",
        "1ABC NOP\n END\n",
        "t.asm:1:1: expected a label in column 1 or an indented statement, found '1ABC'",
    ),
    (
        "EQU without a name",
        " EQU 5\n END\n",
        "t.asm:1:2: EQU needs a name; expected NAME EQU value",
    ),
    (
        "DW with text",
        ' DW "AB"\n END\n',
        "t.asm:1:5: DW takes words, not strings; expected a value",
    ),
    (
        "second TITLE",
        ' TITLE "A"\n TITLE "B"\n END\n',
        "t.asm:2:2: a second TITLE; expected one per program",
    ),
    (
        "TITLE without text",
        " TITLE Snake\n END\n",
        "t.asm:1:8: TITLE expected a string in double quotes, found 'Snake'",
    ),
    (
        "info block onto the I/O page",
        ' TITLE "A long title"\n ORG $AF90\n DS 15\n END\n',
        "t.asm:1:2: the TITLE/DESCRIPTION info block $AFA0-$AFB5 would land on the I/O page "
        "($AFA0-$AFFF)",
    ),
    (
        "bad NOBYTE",
        " END 0, NOTHING\n",
        "t.asm:1:9: expected NOBYTE after 'END label,', found 'NOTHING'",
    ),
]


@pytest.mark.parametrize(
    "source, expected", [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_error_names_file_line_column_and_what_was_expected(source: str, expected: str) -> None:
    assert errors_of(source)[0] == expected


def test_all_errors_of_a_file_are_collected_in_line_order() -> None:
    source = 'x: lda #300\n foo\n lda #5 6\n jmp nowhere\nx: nop\n db "abc\n lda $G\n'
    errors = errors_of(source)
    assert [error.split(": ")[0] for error in errors] == [
        "t.asm:1:9",
        "t.asm:2:2",
        "t.asm:3:9",
        "t.asm:4:6",
        "t.asm:5:1",
        "t.asm:6:5",
        "t.asm:7:6",
        "t.asm:7:8",
    ]
    assert errors[-1].endswith("missing END; expected 'END [label]' as the last statement")


def test_a_bad_line_still_defines_its_label() -> None:
    # LOOP's line has an error; using LOOP elsewhere must not add "undefined name" noise
    assert errors_of("LOOP: LDA #999\n JMP LOOP\n END\n") == [
        "t.asm:1:12: value 999 ($3E7) is out of range for a byte; expected -128..255"
    ]
    assert len(errors_of('MSG: DB "oops\n LDX #MSG\n END\n')) == 1


def test_end_bytes_on_the_io_page_and_past_the_end_of_memory() -> None:
    assert errors_of(" ORG $AF9F\n NOP\n END\n") == [
        "t.asm:3:2: bytes $AFA0-$AFA0 would land on the I/O page ($AFA0-$AFFF)"
    ]
    assert errors_of(" ORG $FFFF\n NOP\n END\n") == [
        "t.asm:3:2: bytes $10000-$10000 would run past $FFFF"
    ]


def test_values_that_never_settle_are_an_error() -> None:
    assert errors_of(" ORG A+1\nA: DS 1\n END\n") == [
        "t.asm:1:6: this value never settles: it depends on itself through names defined "
        "further down; expected a value that can be computed"
    ]
    # a consistent answer is found even when it needs a look ahead
    assert assemble(" ORG A\nA: DS 1\n END\n").symbols == {"A": 0x1000}


def test_empty_source_misses_end() -> None:
    assert errors_of("") == ["t.asm:1:1: missing END; expected 'END [label]' as the last statement"]


def test_assemble_file_missing_unreadable_and_not_utf8(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        assemble_file(tmp_path / "missing.asm")
    with pytest.raises(AsmError) as caught:
        assemble_file(tmp_path)
    assert caught.value.errors == [f"{tmp_path}: is a folder, not a source file"]
    bad = tmp_path / "bad.asm"
    bad.write_bytes(b' NOP\n DB "\xff"\n END\n')
    with pytest.raises(AsmError) as caught:
        assemble_file(bad)
    assert caught.value.errors == [f"{bad}:2:1: not UTF-8 text (byte $FF)"]
    good = tmp_path / "good.asm"
    good.write_text("S: NOP\n END S\n", encoding="utf-8")
    assembly = assemble_file(good)
    assert assembly.cart.data == b"\x50\x04" and assembly.cart.name == "good"
