"""The symbols file format: written sorted, read back by a debugger."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from console.machines.b32.asm import format_symbols, read_symbols
from console.machines.symbols import SymbolFileError, parse_symbols
from tests.depth import property_test


def test_format_is_one_sorted_name_and_hex_value_per_line() -> None:
    assert format_symbols({"START": 0x1000, "LOOP": 0x1005, "NEG": -5}) == (
        "LOOP $1005\nNEG -$0005\nSTART $1000\n"
    )


def test_reader_ignores_comments_and_blank_lines_and_accepts_equals(tmp_path) -> None:
    path = tmp_path / "a.sym"
    path.write_text("; from b32 asm\n\nstart $1000\nLOOP = $10AB ; the loop\n", encoding="utf-8")
    assert read_symbols(path) == {"START": 0x1000, "LOOP": 0x10AB}


def test_reader_errors_name_the_line(tmp_path) -> None:
    with pytest.raises(SymbolFileError, match=r"^f.sym:2: expected 'NAME \$XXXX', found '12 \$4'$"):
        parse_symbols("A $1\n12 $4\n", "f.sym")
    with pytest.raises(FileNotFoundError):
        read_symbols(tmp_path / "missing.sym")


@property_test(100, st.dictionaries(
    st.from_regex(r"[A-Z_][A-Z0-9_]{0,10}", fullmatch=True), st.integers(-32768, 0x1FFFF)))
def test_round_trip(symbols: dict[str, int]) -> None:
    assert parse_symbols(format_symbols(symbols)) == symbols
