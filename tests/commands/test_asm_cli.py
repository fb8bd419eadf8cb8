"""``b32 asm`` and ``b32 disasm``: files written or not, exit codes, one-line errors."""

from __future__ import annotations

from pathlib import Path

from console import commands as cli
from console.machines.b32.asm import read_symbols
from console.machines.b32.cart import read

HELLO = "START:\n LDA #65\n LDX #$A000\n STA ,X\n END START\n"
HELLO_CART = b"B32\x00\x10\x00\x10" + bytes.fromhex("01 41 02 00 A0 03 04")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_asm_writes_the_cart_next_to_the_source(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "hello.asm", HELLO)
    assert cli.main(["asm", str(source)]) == 0
    assert (tmp_path / "hello.b32").read_bytes() == HELLO_CART
    assert "7 bytes at $1000, exec $1000" in capsys.readouterr().out


def test_asm_output_origin_listing_and_symbols(tmp_path: Path) -> None:
    source = write(tmp_path / "hello.asm", HELLO)
    out, listing, symbols = tmp_path / "o.b32", tmp_path / "o.lst", tmp_path / "o.sym"
    argv = [
        "asm",
        str(source),
        "-o",
        str(out),
        "--origin",
        "$2000",
        "--listing",
        str(listing),
        "--symbols",
        str(symbols),
    ]
    assert cli.main(argv) == 0
    assert out.read_bytes()[3:7] == b"\x00\x20\x00\x20"
    assert "2000  01 41" in listing.read_text()
    assert symbols.read_text() == "START $2000\n"
    assert read_symbols(symbols) == {"START": 0x2000}
    for origin in ("0x3000", "3000"):
        assert cli.main(["asm", str(source), "-o", str(out), "--origin", origin]) == 0
        assert read(out).load_address == 0x3000


def test_asm_errors_exit_65_and_write_nothing(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "bad.asm", " LDQ #1\n JMP NOWHERE\n")
    assert (
        cli.main(
            ["asm", str(source), "--listing", str(tmp_path / "l"), "--symbols", str(tmp_path / "s")]
        )
        == 65
    )
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{source}:1:2: unknown mnemonic 'LDQ'; expected an instruction or directive"
    assert err[1].startswith(f"{source}:2:6: undefined name 'NOWHERE'")
    assert err[2].startswith(f"{source}:2:13: missing END")
    assert err[3] == "b32 asm: 3 errors; nothing written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.asm"]


def test_asm_errors_leave_an_existing_cart_untouched(tmp_path: Path) -> None:
    source = write(tmp_path / "game.asm", HELLO)
    assert cli.main(["asm", str(source)]) == 0
    symbols = (tmp_path / "game.sym").read_bytes()
    write(source, " BROKEN\n END\n")
    assert cli.main(["asm", str(source)]) == 65
    assert (tmp_path / "game.b32").read_bytes() == HELLO_CART
    assert (tmp_path / "game.sym").read_bytes() == symbols
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.asm", "game.b32", "game.sym"]


def test_asm_writes_the_symbols_beside_the_cart_unless_told_not_to(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "game.asm", "START: WAIT\nLOOP: JMP LOOP\nVALUE EQU -5\n END START\n")
    assert cli.main(["asm", str(source), "-o", str(tmp_path / "out.b32")]) == 0
    assert (tmp_path / "out.sym").read_text() == "LOOP $1001\nSTART $1000\nVALUE -$0005\n"
    assert cli.main(["asm", str(source), "--no-symbols"]) == 0
    assert not (tmp_path / "game.sym").exists() and (tmp_path / "game.b32").exists()
    assert cli.main(["asm", str(source), "--symbols", str(tmp_path / "names.txt")]) == 0
    assert (tmp_path / "names.txt").read_text().startswith("LOOP $1001\n")
    assert not (tmp_path / "game.sym").exists()
    capsys.readouterr()
    assert cli.main(["asm", str(source), "--symbols", "x.sym", "--no-symbols"]) == 64
    assert capsys.readouterr().err == "b32 asm: --symbols and --no-symbols cannot go together\n"
    assert cli.main(["asm", str(source), "--symbols", str(source)]) == 64
    assert "would overwrite the input" in capsys.readouterr().err


def test_asm_missing_source_exits_66(tmp_path: Path, capsys) -> None:
    assert cli.main(["asm", str(tmp_path / "nope.asm")]) == 66
    assert capsys.readouterr().err == f"b32 asm: {tmp_path / 'nope.asm'}: no such file\n"


def test_asm_unreadable_source_exits_65(tmp_path: Path, capsys) -> None:
    assert cli.main(["asm", str(tmp_path)]) == 65
    assert "is a folder, not a source file" in capsys.readouterr().err


def test_asm_unwritable_output_exits_73(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "hello.asm", HELLO)
    target = tmp_path / "missing-folder" / "x.b32"
    assert cli.main(["asm", str(source), "-o", str(target)]) == 73
    err = capsys.readouterr().err
    assert err.startswith(f"b32 asm: cannot write {target}: ") and err.count("\n") == 1
    assert cli.main(["asm", str(source), "-o", str(tmp_path)]) == 73  # a folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hello.asm"]


def test_asm_bad_origin_is_a_usage_error(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "hello.asm", HELLO)
    assert cli.main(["asm", str(source), "--origin", "zz"]) == 64
    assert cli.main(["asm", str(source), "--origin", "10000"]) == 64
    assert "Traceback" not in capsys.readouterr().err


def test_disasm_prints_source_that_reassembles(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "hello.asm", HELLO)
    assert cli.main(["asm", str(source), "--symbols", str(tmp_path / "hello.sym")]) == 0
    capsys.readouterr()
    assert (
        cli.main(["disasm", str(tmp_path / "hello.b32"), "--symbols", str(tmp_path / "hello.sym")])
        == 0
    )
    text = capsys.readouterr().out
    assert "START:\n        LDA #$41" in text
    again = write(tmp_path / "again.asm", text)
    assert cli.main(["asm", str(again)]) == 0
    assert (tmp_path / "again.b32").read_bytes() == HELLO_CART


def test_disasm_to_a_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "c.b32").write_bytes(HELLO_CART)
    out = tmp_path / "c.asm"
    assert cli.main(["disasm", str(tmp_path / "c.b32"), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text().endswith("END START               ; 1006  04\n")
    assert cli.main(["disasm", str(tmp_path / "c.b32"), "-o", str(tmp_path / "no" / "x")]) == 73


def test_disasm_bad_cart_exits_65_with_the_loaders_message(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.b32"
    bad.write_bytes(b"XYZ\x00\x10\x00\x10\x04")
    assert cli.main(["disasm", str(bad)]) == 65
    assert capsys.readouterr().err == f'{bad}: not a B32 cart: starts with "XYZ", not "B32"\n'


def test_disasm_missing_files_exit_66(tmp_path: Path, capsys) -> None:
    assert cli.main(["disasm", str(tmp_path / "none.b32")]) == 66
    assert capsys.readouterr().err == f"b32 disasm: {tmp_path / 'none.b32'}: no such file\n"
    (tmp_path / "c.b32").write_bytes(HELLO_CART)
    assert cli.main(["disasm", str(tmp_path / "c.b32"), "--symbols", str(tmp_path / "x.sym")]) == 66


def test_disasm_bad_symbols_file_exits_65(tmp_path: Path, capsys) -> None:
    (tmp_path / "c.b32").write_bytes(HELLO_CART)
    write(tmp_path / "x.sym", "START $1000\nthis is not it\n")
    assert cli.main(["disasm", str(tmp_path / "c.b32"), "--symbols", str(tmp_path / "x.sym")]) == 65
    assert capsys.readouterr().err == (
        f"{tmp_path / 'x.sym'}:2: expected 'NAME $XXXX', found 'this is not it'\n"
    )


def test_asm_refuses_to_overwrite_its_source(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "odd.b32", HELLO)
    assert cli.main(["asm", str(source)]) == 64
    assert source.read_text() == HELLO
    assert "would overwrite the input" in capsys.readouterr().err


def test_asm_listing_and_symbols_to_stdout(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "hello.asm", HELLO)
    assert cli.main(["asm", str(source), "--listing", "-", "--symbols", "-"]) == 0
    out = capsys.readouterr().out
    assert "1002  02 00 A0" in out and "START $1000" in out
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_asm_failed_side_file_leaves_the_old_cart(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "hello.asm", HELLO)
    cart = tmp_path / "hello.b32"
    cart.write_bytes(b"old cart")
    missing = tmp_path / "no-such-dir" / "hello.lst"
    assert cli.main(["asm", str(source), "--listing", str(missing)]) == 73
    assert cart.read_bytes() == b"old cart"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hello.asm", "hello.b32"]
    assert "cannot write" in capsys.readouterr().err
