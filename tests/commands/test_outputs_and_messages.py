"""Issue 16: a failing command changes nothing and no command overwrites what it reads; a kiosk
folder cannot reach outside itself; text from a cart or a file never reaches the terminal raw;
messages name the right file and line."""

from __future__ import annotations

import io
import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from console import commands as cli
from console.commands.outputs import OutputError, Outputs
from console.machines.b32.asm import AsmError, assemble, assemble_file
from console.machines.b32.cart import CartError, parse
from console.machines.text import printable, screen_text, source_lines
from console.shell.session import scan_library
from tests.hostile_helpers import HALTING, SECRET, cart_bytes, hostile_sources

SOURCE = "S   LDA #65\n    STA $A000\n    END S\n"


def _source(tmp_path: Path, name: str = "v.asm") -> Path:
    path = tmp_path / name
    path.write_text(SOURCE, encoding="utf-8")
    return path


def _cart(tmp_path: Path, name: str = "c.b32", source: str = HALTING) -> Path:
    path = tmp_path / name
    path.write_bytes(cart_bytes(source))
    return path


# ---- no command overwrites what it reads -----------------------------------------------------
@pytest.mark.parametrize("extra", [["--listing", "{src}"], ["--symbols", "{src}"],
                                   ["-o", "{src}"], ["-o", "{lib}"], ["--listing", "{lib}"]])
def test_asm_never_writes_over_its_inputs(tmp_path, capsys, extra):
    lib = tmp_path / "lib.asm"
    lib.write_text("    NOP\n", encoding="utf-8")
    src = tmp_path / "v.asm"
    src.write_text('S   NOP\n    INCLUDE "lib.asm"\n    END S\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in (src, lib)}
    args = [a.format(src=src, lib=lib) for a in extra]
    assert cli.main(["asm", str(src), "-o", str(tmp_path / "v.b32"), *args]
                    if "-o" not in extra else ["asm", str(src), *args]) == 64
    assert "would overwrite the input" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (src, lib)} == before
    assert not (tmp_path / "v.b32").exists()


def test_two_outputs_on_one_file_are_refused(tmp_path, capsys):
    src = _source(tmp_path)
    same = tmp_path / "same.b32"
    assert cli.main(["asm", str(src), "-o", str(same), "--listing", str(same)]) == 64
    assert "is also the -o output" in capsys.readouterr().err
    assert not same.exists()
    (tmp_path / "alias").symlink_to(same)
    assert cli.main(["asm", str(src), "-o", str(same), "--symbols",
                     str(tmp_path / "alias")]) == 64


@pytest.mark.parametrize("argv", [
    ["run", "{cart}", "--headless", "--dump-state", "{cart}"],
    ["run", "{cart}", "--headless", "--dump-screen", "{cart}"],
    ["run", "{cart}", "--headless", "--screenshot", "{cart}"],
    ["run", "{cart}", "--headless", "--trace", "{cart}"],
    ["run", "{cart}", "--headless", "--symbols", "{sym}", "--dump-state", "{sym}"],
    ["disasm", "{cart}", "-o", "{cart}"],
    ["disasm", "{cart}", "--symbols", "{sym}", "-o", "{sym}"],
    ["browse", "{dir}", "--headless", "--frames", "1", "--dump-state", "{cart}"],
    ["kiosk", "{dir}", "--headless", "--frames", "1", "--dump-screen", "{cart}"],
])
def test_no_command_overwrites_its_cart_or_symbols(tmp_path, capsys, argv):
    cart = _cart(tmp_path)
    sym = tmp_path / "c.sym"
    sym.write_text("S $1000\n", encoding="utf-8")
    before = (cart.read_bytes(), sym.read_bytes())
    args = [a.format(cart=cart, sym=sym, dir=tmp_path) for a in argv]
    assert cli.main(args) == 64
    assert "would overwrite the input" in capsys.readouterr().err
    assert (cart.read_bytes(), sym.read_bytes()) == before


def test_outputs_are_all_or_nothing(tmp_path, capsys):
    cart = _cart(tmp_path)
    exists = tmp_path / "exists.json"
    exists.write_text("keep me", encoding="utf-8")
    assert cli.main(["run", str(cart), "--headless", "--dump-state", str(exists),
                     "--screenshot", str(tmp_path / "nodir" / "x.png")]) == 73
    assert "no folder" in capsys.readouterr().err
    assert exists.read_text() == "keep me"
    # a failure while writing (a device that is full) leaves the regular files as they were
    assert cli.main(["run", str(cart), "--headless", "--dump-state", str(exists),
                     "--dump-screen", "/dev/full", "--trace", str(tmp_path / "t.txt")]) == 73
    assert exists.read_text() == "keep me" and not (tmp_path / "t.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    # and when everything can be written, everything is
    assert cli.main(["run", str(cart), "--headless", "--dump-state", str(exists),
                     "--trace", str(tmp_path / "t.txt")]) == 0
    assert json.loads(exists.read_text())["halted"] is True
    assert "NOP" in (tmp_path / "t.txt").read_text()


def test_asm_failing_leaves_every_output_as_it_was(tmp_path):
    src = tmp_path / "bad.asm"
    src.write_text("S   LDA #300\n    END S\n", encoding="utf-8")
    out = tmp_path / "bad.b32"
    out.write_bytes(b"old")
    assert cli.main(["asm", str(src), "--listing", str(tmp_path / "l.txt")]) == 65
    assert out.read_bytes() == b"old" and not (tmp_path / "l.txt").exists()


@pytest.mark.parametrize("device", ["/dev/null"])
def test_a_device_target_is_written_in_place_never_renamed_over(tmp_path, device):
    src = _source(tmp_path)
    before = os.stat(device)
    assert cli.main(["asm", str(src), "-o", device, "--listing", str(tmp_path / "l.txt")]) == 0
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert cli.main(["disasm", str(_cart(tmp_path)), "-o", device]) == 0
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_fifo_target_is_written_in_place(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got = []
    cart = _cart(tmp_path)
    assert cli.main(["disasm", str(cart), "-o", str(fifo)]) == 73  # nobody reads: no hang
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    time.sleep(0.3)  # the reader is waiting in open()
    assert cli.main(["disasm", str(cart), "-o", str(fifo)]) == 0
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert b"NOP" in got[0]


def test_a_symlinked_target_keeps_its_link(tmp_path):
    real = tmp_path / "real.b32"
    real.write_bytes(b"old")
    link = tmp_path / "link.b32"
    link.symlink_to(real)
    assert cli.main(["asm", str(_source(tmp_path)), "-o", str(link)]) == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"B32")


@pytest.mark.slow  # a whole program in a subprocess
def test_binary_outputs_never_reach_a_terminal(tmp_path, monkeypatch, capsys):
    import sys

    src = _source(tmp_path)
    cart = _cart(tmp_path)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert cli.main(["asm", str(src), "-o", "-"]) == 64
    assert cli.main(["run", str(cart), "--headless", "--screenshot", "-"]) == 64
    assert "will not write binary data to a terminal" in capsys.readouterr().err
    import subprocess

    done = subprocess.run([sys.executable, "-m", "console", "asm", str(src), "-o", "-"],
                          capture_output=True, timeout=30)  # a pipe takes it
    assert done.returncode == 0 and done.stdout.startswith(b"B32\x00\x10")


def test_outputs_check_folders_up_front(tmp_path):
    outputs = Outputs("test", [])
    with pytest.raises(OutputError, match="is a folder"):
        outputs.add("-o", str(tmp_path))
    with pytest.raises(OutputError, match="no folder"):
        outputs.add("-o", str(tmp_path / "a" / "b"))
    assert outputs.add("-o", "-").special


# ---- a kiosk folder is untrusted --------------------------------------------------------------
def test_browse_includes_only_files_inside_the_folder(tmp_path):
    hostile_sources(tmp_path / "kiosk", tmp_path / "outside")
    entries = {e.name: e for e in scan_library(tmp_path / "kiosk")}
    for name in ("abs", "dotdot", "symlink", "passwd"):
        assert not entries[name].available
        assert "is outside the folder kiosk" in entries[name].reason
    assert "not B32 assembly source" in entries["token"].reason
    for entry in entries.values():
        assert SECRET not in (entry.reason or "") and "root:" not in (entry.reason or "")
        assert "hunter2" not in (entry.reason or "")


def test_a_source_linked_to_a_secret_outside_is_not_quoted(tmp_path):
    folder = tmp_path / "kiosk"
    folder.mkdir()
    secret = tmp_path / "token.txt"
    secret.write_text("password: hunter2\n  sk-live-abc\n", encoding="utf-8")
    (folder / "linked.asm").symlink_to(secret)
    (entry,) = scan_library(folder)
    assert not entry.available and "not B32 assembly source" in entry.reason
    assert "hunter2" not in entry.reason and "sk-live" not in entry.reason


def test_the_command_line_still_includes_by_any_path(tmp_path):
    lib = tmp_path / "elsewhere" / "lib.asm"
    lib.parent.mkdir()
    lib.write_text("    NOP\n", encoding="utf-8")
    main = tmp_path / "src" / "main.asm"
    main.parent.mkdir()
    main.write_text(f'S   NOP\n    INCLUDE "{lib}"\n    INCLUDE "../elsewhere/lib.asm"\n'
                    "    END S\n", encoding="utf-8")
    assert assemble_file(main).cart.data == b"PPP\x04"  # NOP is $50


def test_a_file_that_is_not_source_is_never_quoted(tmp_path):
    (tmp_path / "token.inc").write_text("password: hunter2\nsk-live-abc\n", encoding="utf-8")
    main = tmp_path / "main.asm"
    main.write_text('S   NOP\n    INCLUDE "token.inc"\n    END S\n', encoding="utf-8")
    with pytest.raises(AsmError) as err:
        assemble_file(main)
    text = str(err.value)
    assert "hunter2" not in text and "sk-live" not in text
    assert "not B32 assembly source" in text and "token.inc:1:1" in text
    # a real source with a mistake still gets its detailed errors
    (tmp_path / "lib.inc").write_text("    NOP\n    LDA #300\n", encoding="utf-8")
    main.write_text('S   NOP\n    INCLUDE "lib.inc"\n    END S\n', encoding="utf-8")
    with pytest.raises(AsmError, match="value 300"):
        assemble_file(main)


# ---- text never reaches the terminal raw ------------------------------------------------------
def test_dump_screen_maps_screen_bytes_to_glyphs(tmp_path, capsys):
    cart = tmp_path / "esc.b32"
    cart.write_bytes(cart_bytes("S   LDX #$A000\n    LDA #$1B\n    STA ,X\n    LDX #$A002\n"
                                "    LDA #$07\n    STA ,X\n    END S\n"))
    assert cli.main(["run", str(cart), "--headless", "--dump-screen", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\u2190\u2022\n") and "\x1b" not in out and "\x07" not in out


def test_glyph_map_covers_every_byte():
    text = screen_text(bytes(range(256)))
    assert len(text) == 256 and printable(text) == text  # no control character at all
    assert text[1] == "\u263a" and text[0x1B] == "\u2190" and text[0x7F] == "\u2302"
    assert text[0xDB] == "\u2588" and text[0x41] == "A"


def test_browse_dump_shows_a_hostile_title_as_glyphs(tmp_path, capsys):
    folder = tmp_path / "carts"
    folder.mkdir()
    (folder / "evil.asm").write_text(
        '    TITLE "\x1b[2J evil"\n    DESCRIPTION "\x1b]0;x\x07"\nS   NOP\n    END S\n',
        encoding="utf-8")
    assert cli.main(["browse", str(folder), "--no-bundled", "--headless", "--frames", "1",
                     "--dump-screen", "-"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u2190[2J evil" in out


def test_assembler_messages_escape_control_characters():
    with pytest.raises(AsmError) as err:
        assemble("S   NOP\n    \x1b]0;owned\x07\n    END S\n")
    assert err.value.errors == ["<source>:2:5: unexpected character '\\x1b'"]
    assert printable("a\x1b[31mb\u2028c\x85d\udcff\te") == "a\\x1b[31mb\\u2028c\\x85d\\xff\te"


def test_monitor_screen_and_messages_are_escaped():
    from console.debug.monitor import Monitor
    from console.machines.b32.machine import Machine

    machine = Machine()
    machine.load(parse(cart_bytes("S   LDX #$A000\n    LDA #$1B\n    STA ,X\n    END S\n")))
    machine.run_frame()
    out = io.StringIO()
    Monitor(machine, stdin=io.StringIO("screen\nload \x1b[2J.b32\n"), stdout=out,
            interactive=False).run()
    assert "\x1b" not in out.getvalue() and "\u2190" in out.getvalue()


# ---- messages ----------------------------------------------------------------------------------
@pytest.mark.parametrize("breaker", ["\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
                                     "\v"])
def test_only_lf_and_cr_break_lines(breaker):
    source = f"S   NOP ; a comment with {breaker} inside\n    LDA #300\n    END S\n"
    with pytest.raises(AsmError) as err:
        assemble(source)
    assert err.value.errors[0].startswith("<source>:2:10: value 300")
    assert source_lines("a\r\nb\rc\nd\x85e") == ["a", "b", "c", "d\x85e"]


def test_cart_errors_are_one_line_whatever_the_bytes_or_name(tmp_path):
    with pytest.raises(CartError) as err:
        parse(b"\n]\x10GHIJK", "x.b32")
    assert "\n" not in str(err.value) and '"\\x0a]\\x10"' in str(err.value)
    from console.machines.b32.loader import load_cart

    odd = tmp_path / "two\nlines\x1b.b32"
    odd.write_bytes(b"nope")
    with pytest.raises(CartError) as err:
        load_cart(odd)
    assert "\n" not in str(err.value) and "\x1b" not in str(err.value)


def test_a_bad_magic_reason_shows_text_not_python_bytes():
    with pytest.raises(CartError) as err:
        parse(b"gar\x00\x10\x00\x10", "x.b32")
    assert str(err.value) == 'x.b32: not a B32 cart: starts with "gar", not "B32"'
    with pytest.raises(CartError) as err:
        parse(b"\x1b[2\x00\x10\x00\x10", "x.b32")
    assert "\x1b" not in str(err.value) and "\\x1b[2" in str(err.value)
