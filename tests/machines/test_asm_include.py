"""INCLUDE "file": shared routines spliced in, errors still naming the file the person wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.machines.b32.asm import AsmError, assemble_file


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_include_splices_a_file_in_place(tmp_path):
    (tmp_path / "lib").mkdir()
    _write(tmp_path / "lib" / "put.asm", "; put A at X\nPUT STA ,X\n    RTS\n")
    main = _write(tmp_path / "main.asm",
                  "START LDA #65\n      LDX #SCREEN\n      JSR PUT\n      INCLUDE \"lib/put.asm\""
                  "  ; the library\nHALT  END START\n")
    assembly = assemble_file(main)
    assert assembly.cart.data == bytes.fromhex("01 41 02 00 A0 46 08 10 03 47 04")
    assert assembly.symbols["PUT"] == 0x1008 and assembly.symbols["HALT"] == 0x100A
    # the listing numbers each line as it stands in its own file
    assert "    2  PUT STA ,X" in assembly.listing
    assert "    5  HALT  END START" in assembly.listing


def test_error_in_an_included_file_names_it(tmp_path):
    _write(tmp_path / "lib.asm", "; ok\n    LDA #300\n")
    main = _write(tmp_path / "main.asm", "S   NOP\n    INCLUDE \"lib.asm\"\n    END S\n")
    with pytest.raises(AsmError) as err:
        assemble_file(main)
    assert err.value.errors == [
        f"{tmp_path / 'lib.asm'}:2:10: value 300 ($12C) is out of range for a byte; "
        "expected -128..255"
    ]


def test_duplicate_label_across_files(tmp_path):
    _write(tmp_path / "lib.asm", "S   NOP\n")
    main = _write(tmp_path / "main.asm", "S   NOP\n    INCLUDE \"lib.asm\"\n    END S\n")
    with pytest.raises(AsmError) as err:
        assemble_file(main)
    assert err.value.errors == [
        f"{tmp_path / 'lib.asm'}:1:1: 'S' is already defined at {main}:1; expected a new name"
    ]


@pytest.mark.parametrize(
    "line,message",
    [
        ('    INCLUDE "nope.asm"', "cannot INCLUDE 'nope.asm': no such file"),
        ("    INCLUDE", 'INCLUDE needs a file name; expected INCLUDE "file"'),
        ('    INCLUDE "main.asm"', "INCLUDE 'main.asm' includes itself"),
    ],
)
def test_include_errors_at_the_include_line(tmp_path, line, message):
    main = _write(tmp_path / "main.asm", f"S   NOP\n{line}\n    END S\n")
    with pytest.raises(AsmError) as err:
        assemble_file(main)
    assert len(err.value.errors) == 1
    assert err.value.errors[0].startswith(f"{main}:2:5: {message}")
