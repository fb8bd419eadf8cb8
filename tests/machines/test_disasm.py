"""The disassembler: every opcode, non-instruction bytes, labels, and byte-exact round trips."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from console.machines.b32 import isa
from console.machines.b32 import memmap as mm
from console.machines.b32.asm import assemble
from console.machines.b32.cart import Cart, info_block
from console.machines.b32.disasm import disassemble, disassemble_cart, format_lines
from tests.depth import property_test
from tests.machines.test_asm import SAMPLE_OPERANDS

EXPECTED_TEXT = {
    isa.Form.INHERENT: "",
    isa.Form.IMM8: " #$12",
    isa.Form.IMM16: " #$1234",
    isa.Form.ABS: " $1234",
    isa.Form.JUMP: " $1234",
    isa.Form.IDX_X: " ,X",
    isa.Form.IDX_Y: " ,Y",
    isa.Form.REG: " D",
    isa.Form.REG_PAIR: " A,X",
}


def roundtrip(cart: Cart, symbols: dict[str, int] | None = None) -> bytes:
    """The cart file of the disassembly of ``cart``, assembled again."""
    text = disassemble_cart(cart, symbols)
    return assemble(text, "roundtrip.asm").cart.to_bytes()


@pytest.mark.parametrize("op", isa.OPCODES, ids=lambda op: f"{op.byte:02X}-{op.mnemonic}")
def test_every_opcode_text_to_bytes_to_text(op: isa.Opcode) -> None:
    text, operand = SAMPLE_OPERANDS[op.form]
    source = " END\n" if op.flow is isa.Flow.END else f" {op.mnemonic} {text}\n END\n"
    data = assemble(source).cart.data
    first = disassemble(data, 0x1000, auto_labels=False)[0]
    assert first.opcode is op
    assert first.data == bytes([op.byte]) + operand
    assert first.text == op.mnemonic + EXPECTED_TEXT[op.form]
    assert assemble(f" {first.text}\n END\n").cart.data[: op.length] == first.data


def test_each_defined_byte_decodes_to_its_own_opcode() -> None:
    for byte in range(256):
        lines = disassemble(bytes([byte, 0x01, 0x02]), 0x1000, auto_labels=False)
        op = isa.BY_BYTE.get(byte)
        if op is None:
            assert lines[0].text == f"DB ${byte:02X}" and lines[0].opcode is None
        elif op.form not in (isa.Form.REG, isa.Form.REG_PAIR) or byte == 0x44 or byte == 0x45:
            assert lines[0].opcode is op


def test_bytes_that_are_no_instruction_become_db() -> None:
    data = bytes([0x00, 0xFF, 0x44, 0x06, 0x43, 0x61, 0x43, 0x50, 0x02, 0xFF])
    texts = [line.text for line in disassemble(data, 0x1000)]
    assert texts == [
        "DB $00",
        "DB $FF",
        "DB $44",
        "CMPB #$43",  # PUSH with register code 6 is no instruction
        "DB $61",
        "TFR S,A",  # $43 $50: source 5, dest 0
        "DB $02",
        "DB $FF",  # LDX cut off by the end of the data
    ]


def test_zero_runs_become_ds() -> None:
    lines = disassemble(bytes(7) + b"\x50" + bytes(20), 0x2000)
    assert [line.text for line in lines] == ["DB $00"] * 7 + ["NOP", "DS 20"]
    assert format_lines(lines).splitlines()[-1] == "2008  00 * 20   DS 20"


def test_symbols_label_lines_and_name_operands() -> None:
    data = bytes.fromhex("24 A0 AF 0F 0C 03 10 29 00 30 46 00 40 04")
    symbols = {"start": 0x1000, "Loop": 0x1003, "COUNT": 0x3000}
    text = format_lines(disassemble(data, 0x1000, symbols))
    assert text.splitlines() == [
        "START:",
        "1000  24 A0 AF  LDA KEY",
        "LOOP:",
        "1003  0F        INCA",
        "1004  0C 03 10  JNE LOOP",
        "1007  29 00 30  STA COUNT",
        "100A  46 00 40  JSR $4000",
        "100D  04        END",
    ]


def test_a_label_inside_an_instruction_splits_it() -> None:
    lines = disassemble(bytes.fromhex("02 00 A0 04"), 0x1000, {"MID": 0x1001})
    assert [(line.text, line.labels) for line in lines] == [
        ("DB $02", ()),
        ("DB $00", ("MID",)),
        ("DB $A0", ()),
        ("END", ()),
    ]


def test_jump_targets_get_labels() -> None:
    lines = disassemble(bytes.fromhex("0F 0A 00 10"), 0x1000)
    assert lines[0].labels == ("L1000",) and lines[1].text == "JMP L1000"


def test_cart_source_has_org_labels_and_end() -> None:
    cart = assemble("START:\n LDA #65\n LDX #$A000\n STA ,X\n END START\n").cart
    assert disassemble_cart(cart).splitlines() == [
        "; B32 disassembly of cart: load $1000, exec $1000, 7 bytes",
        "        ORG $1000",
        "START:",
        "        LDA #$41                ; 1000  01 41",
        "        LDX #$A000              ; 1002  02 00 A0",
        "        STA ,X                  ; 1005  03",
        "        END START               ; 1006  04",
    ]


def test_end_taken_from_the_middle_when_the_cart_does_not_end_with_it() -> None:
    cart = Cart(0x1000, 0x1001, bytes.fromhex("50 04 0F 01 04 05"))
    text = disassemble_cart(cart)
    assert "        ORG $1002" in text
    assert text.splitlines()[-3:] == [
        "        ORG $1001",
        "START:",
        "        END START               ; 1001  04",
    ]
    assert roundtrip(cart) == cart.to_bytes()


def test_end_split_out_of_an_operand() -> None:
    cart = Cart(0x1000, 0x1234, bytes.fromhex("01 04"))
    text = disassemble_cart(cart)
    assert "DB $01" in text and text.rstrip().endswith("END $1234               ; 1001  04")
    assert roundtrip(cart) == cart.to_bytes()


def test_cart_without_any_04_ends_with_nobyte() -> None:
    cart = Cart(0x3000, 0x1234, b"\x50\x0f")
    assert disassemble_cart(cart).splitlines()[-1] == "        END $1234, NOBYTE"
    assert roundtrip(cart) == cart.to_bytes()
    empty = Cart(0x2000, 0x0000, b"")
    assert roundtrip(empty) == empty.to_bytes()


def test_info_block_becomes_title_and_description() -> None:
    source = ' TITLE "Snake"\n DESCRIPTION "Eat the dots"\nS: NOP\n END S\n'
    cart = assemble(source).cart
    text = disassemble_cart(cart)
    assert '        TITLE "Snake"' in text and '        DESCRIPTION "Eat the dots"' in text
    assert roundtrip(cart) == cart.to_bytes()


def test_symbols_outside_the_image_become_equates() -> None:
    assembly = assemble("COUNT EQU $3000\nS: INC:\n STA COUNT\n JMP INC\n END S\n")
    text = disassemble_cart(assembly.cart, assembly.symbols)
    assert "COUNT EQU $3000" in text and "STA COUNT" in text
    assert roundtrip(assembly.cart, assembly.symbols) == assembly.cart.to_bytes()


# ---- hypothesis: byte-exact round trips ----------------------------------------------------------


@st.composite
def carts(draw) -> Cart:
    data = draw(st.binary(max_size=300))
    low_region = draw(st.booleans())
    if low_region:
        load = draw(st.integers(0, mm.IO_START - len(data)))
    else:
        load = draw(st.integers(mm.IO_END, min(0xFFFF, mm.MEMORY_SIZE - len(data))))
    if draw(st.booleans()):
        text = st.text(st.characters(codec="cp437", exclude_characters='"'), max_size=12)
        text = text.filter(lambda s: all(ord(c) >= 32 and c != "\x7f" for c in s))
        block = info_block(draw(text), draw(text))
        if load + len(data) + len(block) <= (mm.IO_START if low_region else mm.MEMORY_SIZE):
            data += block
    exec_address = draw(st.one_of(st.integers(0, 0xFFFF), st.just(load)))
    return Cart(load, exec_address, data)


names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)


@property_test(300, carts(),
               st.one_of(st.none(), st.dictionaries(names, st.integers(0, 0xFFFF), max_size=6)))
def test_random_carts_reassemble_to_identical_bytes(cart: Cart, symbols) -> None:
    assert roundtrip(cart, symbols) == cart.to_bytes()


_NUMBER_FORMS = [str, lambda v: f"${v:X}", lambda v: f"%{v:b}"]


@st.composite
def operand_value(draw, low: int, high: int) -> str:
    value = draw(st.integers(low, high))
    if value < 0:
        return str(value)
    if 32 < value < 127 and value not in (0x27,) and draw(st.booleans()):
        return f"'{chr(value)}'"
    return draw(st.sampled_from(_NUMBER_FORMS))(value)


_INSTRUCTIONS = [op for op in isa.OPCODES if op.flow is not isa.Flow.END]


@st.composite
def programs(draw) -> str:
    labels = [f"L{i}" for i in range(draw(st.integers(1, 6)))]
    lines = []
    unplaced = list(labels)
    segments = [" ORG $2000"] + ([" ORG $1000"] if draw(st.booleans()) else [])
    for segment in segments:
        lines.append(segment)
        for _ in range(draw(st.integers(0, 25))):
            if unplaced and draw(st.integers(0, 3)) == 0:
                label = unplaced.pop()
                lines.append(draw(st.sampled_from([f"{label}:", label.lower(), f"  {label}:"])))
            kind = draw(st.integers(0, 9))
            if kind == 0:
                items = draw(st.lists(operand_value(-128, 255), min_size=1, max_size=4))
                if draw(st.booleans()):
                    items.append('"' + draw(st.text("ABCxyz ;,'", max_size=5)) + '"')
                lines.append(" DB " + ", ".join(items))
            elif kind == 1:
                items = draw(
                    st.lists(
                        st.one_of(operand_value(-32768, 65535), st.sampled_from(labels)),
                        min_size=1,
                        max_size=3,
                    )
                )
                lines.append(" DW " + ", ".join(items))
            elif kind == 2:
                lines.append(f" DS {draw(st.integers(0, 12))}")
            else:
                op = draw(st.sampled_from(_INSTRUCTIONS))
                lines.append(" " + op.mnemonic.lower() + " " + draw(_operand(op)))
    lines.extend(f"{label}: NOP" for label in unplaced)
    if draw(st.booleans()):
        lines.append(' TITLE "Random"')
    lines.append(" END " + draw(st.sampled_from(["", *labels])))
    return "\n".join(lines) + "\n"


@st.composite
def _operand(draw, op: isa.Opcode) -> str:
    form = op.form
    if form is isa.Form.INHERENT:
        return ""
    if form is isa.Form.IMM8:
        return "#" + draw(operand_value(-128, 255))
    if form is isa.Form.IMM16:
        return "#" + draw(operand_value(-32768, 65535))
    if form in (isa.Form.ABS, isa.Form.JUMP):
        prefix = "#" if form is isa.Form.JUMP and draw(st.booleans()) else ""
        return prefix + draw(
            st.one_of(operand_value(0, 0xFFFF), st.sampled_from(["KEY", "SCREEN+2"]))
        )
    if form is isa.Form.IDX_X:
        return ",X"
    if form is isa.Form.IDX_Y:
        return ",Y"
    registers = st.sampled_from(list(isa.REGISTER_CODES))
    if form is isa.Form.REG:
        return draw(registers)
    return f"{draw(registers)},{draw(registers)}"


@property_test(150, programs())
def test_random_programs_reassemble_identically_from_their_disassembly(source: str) -> None:
    first = assemble(source)
    assert roundtrip(first.cart, first.symbols) == first.cart.to_bytes()
    assert roundtrip(first.cart) == first.cart.to_bytes()
    if '"' not in source and "'" not in source:  # names and mnemonics ignore case, text does not
        assert assemble(source.upper()).cart.to_bytes() == first.cart.to_bytes()


def test_symbols_colliding_with_predefined_and_generated_names() -> None:
    cart = Cart(0x1000, 0x1003, bytes.fromhex("24 A0 AF 0A 00 10 29 00 A0 0C 03 10 04"))
    symbols = {"KEY": 0x1000, "L1003": 0x0005, "START": 0x1234, "screen": 7, "bad name": 1}
    text = disassemble_cart(cart, symbols)
    assert "LDA $AFA0" in text  # KEY is the user's name here, not the I/O register
    assert "STA $A000" in text and "JMP KEY" in text
    assert roundtrip(cart, symbols) == cart.to_bytes()
