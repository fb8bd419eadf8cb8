"""The assembler: original tutorial programs byte for byte, every opcode, and section 8's syntax."""

from __future__ import annotations

import pytest

from console.machines.b32 import isa
from console.machines.b32 import memmap as mm
from console.machines.b32.asm import assemble
from console.machines.b32.cart import cart_info, info_block


def cart_bytes(source: str, origin: int = 0x1000) -> bytes:
    return assemble(source, origin=origin).cart.to_bytes()


def header(load: int, start: int) -> bytes:
    return b"B32" + load.to_bytes(2, "little") + start.to_bytes(2, "little")


# ---- programs in the style of the 2009 tutorial --------------------------------------------------


def test_tutorial_first_program() -> None:
    source = "START:\n LDA #65\n LDX #$A000\n STA ,X\n END START\n"
    assert cart_bytes(source) == b"B32\x00\x10\x00\x10" + bytes.fromhex("01 41 02 00 A0 03 04")


def test_tutorial_loop_with_incx_and_jne() -> None:
    source = (
        "START:\n"
        " LDX #$A000\n"
        " LDA #65\n"
        "LOOP:\n"
        " STA ,X\n"
        " INCX\n"
        " INCX\n"
        " INCA\n"
        " CMPA #91\n"
        " JNE #LOOP\n"
        " END START\n"
    )
    expected = bytes.fromhex("02 00 A0 01 41 03 11 11 0F 05 5B 0C 05 10 04")
    assert cart_bytes(source) == header(0x1000, 0x1000) + expected


def test_tutorial_comparisons_rola_and_two_byte_adda() -> None:
    source = (
        "Start:\n"
        " LDA #$10\n"
        " ROLA\n"
        " ADDA #3\n"  # two bytes here; the 2009 assembler wrote a third, 00 (HARDWARE.md 5.3)
        " CMPA #$23\n"
        " JGT #Big\n"
        " JLT #Small\n"
        " JMP #Done\n"
        "Big:\n"
        " LDB #66\n"
        " JMP #Done\n"
        "Small:\n"
        " LDB #83\n"
        "Done:\n"
        " LDY #$A000\n"
        " END Start\n"
    )
    expected = bytes.fromhex(
        "01 10 19 1F 03 05 23 0D 10 10 0E 15 10 0A 17 10 22 42 0A 17 10 22 53 23 00 A0 04"
    )
    assert cart_bytes(source) == header(0x1000, 0x1000) + expected


def test_tutorial_compares_of_every_register_and_jeq() -> None:
    source = (
        "Begin:\n"
        " LDD #$1234\n"
        " CMPD #$1234\n"
        " JEQ #Same\n"
        " CMPB #1\n"
        " CMPX #$A000\n"
        " CMPY #2\n"
        "Same:\n"
        " RORA\n"
        " RORB\n"
        " ROLB\n"
        " ADCA\n"
        " ADCB\n"
        " ADDB #200\n"
        " ADDAB\n"
        " DECA\n"
        " DECB\n"
        " DECX\n"
        " DECY\n"
        " DECD\n"
        " INCB\n"
        " INCY\n"
        " INCD\n"
        " END Begin\n"
    )
    expected = bytes.fromhex(
        "35 34 12 09 34 12 0B 11 10 06 01 07 00 A0 08 02 00"
        "1B 1C 1A 1D 1E 20 C8 21 14 15 16 17 18 10 12 13 04"
    )
    assert cart_bytes(source) == header(0x1000, 0x1000) + expected


def test_execution_starts_at_the_end_label_not_the_first_byte() -> None:
    source = 'MSG:\n DB "HI",0\nGO:\n LDA #1\n END GO\n'
    assert cart_bytes(source) == header(0x1000, 0x1003) + b"HI\x00\x01\x01\x04"


def test_end_without_label_starts_at_first_byte_assembled() -> None:
    source = " ORG $2000\n NOP\n ORG $1F00\n INCA\n END\n"
    cart = assemble(source).cart
    assert cart.load_address == 0x1F00
    assert cart.exec_address == 0x2000  # the first byte in source order, not the lowest
    assert cart.data[0] == 0x0F and cart.data[0x100] == 0x50 and len(cart.data) == 0x101
    assert cart.data[1] == 0x04 and cart.data[2:0x100] == bytes(0xFE)  # the gap is zeros


def test_lines_after_end_are_ignored() -> None:
    assert (
        cart_bytes(" NOP\n END\n this is not assembled ((\n")
        == header(0x1000, 0x1000) + b"\x50\x04"
    )


def test_origin_argument() -> None:
    assert cart_bytes("S:\n NOP\n END S\n", origin=0x4000) == header(0x4000, 0x4000) + b"\x50\x04"


# ---- every opcode of the table -------------------------------------------------------------------

SAMPLE_OPERANDS = {
    isa.Form.INHERENT: ("", b""),
    isa.Form.IMM8: ("#$12", b"\x12"),
    isa.Form.IMM16: ("#$1234", b"\x34\x12"),
    isa.Form.ABS: ("$1234", b"\x34\x12"),
    isa.Form.JUMP: ("$1234", b"\x34\x12"),
    isa.Form.IDX_X: (",X", b""),
    isa.Form.IDX_Y: (",Y", b""),
    isa.Form.REG: ("D", b"\x02"),
    isa.Form.REG_PAIR: ("A,X", b"\x03"),
}


@pytest.mark.parametrize("op", isa.OPCODES, ids=lambda op: f"{op.byte:02X}-{op.mnemonic}")
def test_every_opcode_assembles_from_text(op: isa.Opcode) -> None:
    text, operand = SAMPLE_OPERANDS[op.form]
    if op.flow is isa.Flow.END:  # the END directive emits this opcode
        assert assemble(" END\n").cart.data == bytes([op.byte])
        return
    data = assemble(f" {op.mnemonic} {text}\n END\n").cart.data
    assert data == bytes([op.byte]) + operand + b"\x04"
    assert len(data) - 1 == op.length


def test_jumps_take_both_the_original_hash_form_and_a_bare_address() -> None:
    for op in isa.OPCODES:
        if op.form is isa.Form.JUMP:
            bare = assemble(f"T:\n {op.mnemonic} T\n END\n").cart.data
            hashed = assemble(f"T:\n {op.mnemonic} #T\n END\n").cart.data
            assert bare == hashed == bytes([op.byte, 0x00, 0x10, 0x04])


def test_every_register_code_and_pair() -> None:
    for name, code in isa.REGISTER_CODES.items():
        assert assemble(f" PUSH {name.lower()}\n END\n").cart.data == bytes([0x44, code, 4])
        for other, other_code in isa.REGISTER_CODES.items():
            data = assemble(f" TFR {name},{other}\n END\n").cart.data
            assert data == bytes([0x43, code << 4 | other_code, 4])


# ---- syntax of section 8 -------------------------------------------------------------------------


def test_labels_in_every_shape_and_case_insensitive_names() -> None:
    source = (
        "one\n"  # column 1, no colon
        "Two: NOP\n"  # label and instruction on one line
        "three INCA ; column 1 without colon, then a statement\n"
        "   four: DECA\n"  # indented NAME: is a label too
        " jmp ONE\n JMP two\n JMP Three\n JMP FOUR\n"
        " end\n"
    )
    assembly = assemble(source)
    assert assembly.symbols == {"ONE": 0x1000, "TWO": 0x1000, "THREE": 0x1001, "FOUR": 0x1002}
    assert assembly.cart.data[3:] == bytes.fromhex("0A 00 10 0A 00 10 0A 01 10 0A 02 10 04")


def test_forward_references_in_every_operand() -> None:
    source = (
        " LDA #VAL\n LDX #DATA\n LDA DATA\n JMP LATER\n DB VAL\n DW DATA\n"
        " ORG START2\n"  # ORG, DS and EQU may look ahead too
        "LATER: DS COUNT\n"
        "DATA: NOP\n"
        "VAL EQU COUNT*2\n"
        "COUNT EQU 3\n"
        "START2 EQU $2000\n"
        " END LATER\n"
    )
    assembly = assemble(source)
    assert assembly.symbols["DATA"] == 0x2003 and assembly.symbols["VAL"] == 6
    data = assembly.cart.data
    assert data[:14] == bytes.fromhex("01 06 02 03 20 24 03 20 0A 00 20 06 03 20")
    assert assembly.cart.exec_address == 0x2000


def test_numbers_characters_and_expressions() -> None:
    source = (
        " DB 10, $1F, %1010, 'A', 'é', '''\n"
        " DW SCREEN+160*12, (2+3)*4, -1, -7/2, 7/-2, 100/7, -(-5)\n"
        ' DB "Hi; there", -128, 255\n'
        " END\n"
    )
    data = assemble(source).cart.data
    words = [int.from_bytes(data[6 + 2 * i : 8 + 2 * i], "little") for i in range(7)]
    assert data[:6] == bytes([10, 0x1F, 10, 0x41, 0x82, 0x27])
    assert words == [0xA000 + 1920, 20, 0xFFFF, 0xFFFD, 0xFFFD, 14, 5]
    assert data[20:] == b"Hi; there\x80\xff\x04"


def test_predefined_names_and_shadowing() -> None:
    source = " LDA KEY\n STA BORDER\n LDX #SCREEN\n LDA TONE\n END\n"
    data = assemble(source).cart.data
    assert data == bytes.fromhex("24 A0 AF 29 AB AF 02 00 A0 24 B0 AF 04")
    for name, address in mm.IO_NAMES.items():
        assert assemble(f" LDX #{name}\n END\n").cart.data[1:3] == address.to_bytes(2, "little")
    shadowed = assemble("KEY EQU $1234\n LDA KEY\n END\n")
    assert shadowed.cart.data[:3] == bytes.fromhex("24 34 12")
    assert shadowed.symbols == {"KEY": 0x1234}


def test_db_dw_ds_and_org_backwards() -> None:
    source = " ORG $3000\n DW $1234\n ORG $2FFD\n DS 2\n DB 1\n ORG $3005\n DB 9\n END\n"
    cart = assemble(source).cart
    assert cart.load_address == 0x2FFD
    assert cart.data == bytes.fromhex("00 00 01 34 12 00 00 00 09 04")


def test_screen_bytes_are_allowed_up_to_the_io_page() -> None:
    cart = assemble(" ORG $AF9E\n DB 1\n ORG $1000\n END\n").cart
    assert cart.load_address == 0x1000 and cart.end_address == 0xAF9F


def test_last_byte_of_memory() -> None:
    cart = assemble(" ORG $FFFE\n NOP\n END\n").cart
    assert cart.load_address == 0xFFFE and cart.data == b"\x50\x04"


def test_title_and_description_append_an_info_block_after_the_highest_byte() -> None:
    source = ' TITLE "Snake"\n ORG $2000\n NOP\n ORG $1000\n DESCRIPTION "Eat; grow"\n END\n'
    cart = assemble(source).cart
    assert cart.load_address == 0x1000
    assert cart.data[0x1000:] == b"\x50" + info_block("Snake", "Eat; grow")
    assert cart_info(cart) == ("Snake", "Eat; grow")
    assert assemble(' TITLE "T"\n END\n').cart.data == b"\x04" + info_block("T")


def test_listing_shows_address_bytes_and_source() -> None:
    listing = assemble("START:\n LDA #65\nN EQU 5\n DB 1,2,3,4,5,6,7,8,9\n END START\n").listing
    rows = listing.splitlines()
    assert rows[1].startswith("1000  01 41 ") and rows[1].endswith("2   LDA #65")
    assert rows[2].startswith("=0005") and rows[2].endswith("N EQU 5")
    assert rows[3].startswith("1002  01 02 03 04 05 06 07 08") and rows[4] == "100A  09"
    assert rows[5].startswith("100B  04") and rows[5].endswith("END START")


def test_bom_and_crlf_line_ends() -> None:
    assert assemble("\ufeffS:\r\n NOP\r\n END S\r\n").cart.data == b"\x50\x04"
