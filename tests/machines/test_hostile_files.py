"""Issue 16, robustness: files that are not regular files or are too big, assembly work without
bound, and the inputs that used to end in a traceback. Every hostile file here is real: a FIFO
made with os.mkfifo, the device nodes /dev/zero, /dev/null and /dev/full, and symlinks in
tmp_path. Each test of a class tries several members of it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from console import commands as cli
from console.machines.b32.asm import AsmError, assemble, assemble_file, include, read_symbols
from console.machines.b32.asm.include import MAX_DEPTH, MAX_LINES
from console.machines.b32.cart import CartError
from console.machines.b32.loader import load_cart
from console.machines.b32.machine import Machine
from console.machines.files import CART_LIMIT, UnreadableFile, read_bounded, read_text
from tests.depth import DEEP, depths
from tests.hostile_helpers import HALTING, cart_bytes, special_files

ROOT = Path(__file__).resolve().parents[2]


def b32(*args: str, timeout: float = 30, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", **env}
    return subprocess.run([sys.executable, "-m", "console", *args], capture_output=True,
                          timeout=timeout, cwd=ROOT, env=environment)


# ---- the bounded, type-checked reader ------------------------------------------------------
@pytest.mark.parametrize("name,reason", [
    ("fifo.b32", "is a FIFO (named pipe), not a file"),
    ("zero.b32", "is a character device, not a file"),
    ("null.b32", "is a character device, not a file"),
    ("urandom.b32", "is a character device, not a file"),
    ("stdin.asm", "not a file"),
    ("loop-a.b32", "cannot be read: Too many levels of symbolic links"),
    ("folder.b32", "is a folder, not a file"),
])
def test_reader_refuses_what_is_not_a_regular_file(tmp_path, name, reason):
    made = special_files(tmp_path)
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as err:
        read_bounded(made[name], 1000)
    assert reason in err.value.reason
    assert time.monotonic() - started < 1


def test_reader_reads_at_most_its_bound(tmp_path):
    exact = tmp_path / "exact.b32"
    exact.write_bytes(b"x" * CART_LIMIT)
    assert read_bounded(exact, CART_LIMIT) == b"x" * CART_LIMIT
    (tmp_path / "big.b32").write_bytes(b"x" * (CART_LIMIT + 1))
    with pytest.raises(UnreadableFile, match="too big: more than 65,543 bytes"):
        read_bounded(tmp_path / "big.b32", CART_LIMIT)
    with pytest.raises(UnreadableFile, match="NUL"):
        read_bounded("a\x00b", 10)
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "missing", 10)


def test_reader_never_quotes_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "bin.asm"
    path.write_bytes(b"ok\nsecret \xff\xfe here\n")
    with pytest.raises(UnreadableFile) as err:
        read_text(path, 100)
    assert err.value.reason == "line 2: not UTF-8 text (byte $FF)"


@pytest.mark.parametrize("name", ["fifo.b32", "fifo.asm", "zero.b32", "zero.asm", "null.b32",
                                  "urandom.b32", "stdin.asm", "loop-a.b32"])
def test_every_loader_refuses_special_files(tmp_path, name):
    made = special_files(tmp_path)
    with pytest.raises(CartError) as err:
        load_cart(made[name])
    assert str(err.value).startswith(str(made[name]))
    assert "\n" not in str(err.value)


def test_a_cart_bigger_than_any_cart_is_refused(tmp_path):
    path = tmp_path / "huge.b32"
    path.write_bytes(b"B32\x00\x00\x00\x00" + bytes(70_000))
    with pytest.raises(CartError, match="too big: more than 65,543 bytes"):
        load_cart(path)


@pytest.mark.parametrize("command", [
    ["run", "{p}", "--headless", "--frames", "1"],
    ["disasm", "{p}"],
    ["monitor", "{p}"],
])
@pytest.mark.parametrize("name", ["fifo.b32", "zero.b32", "fifo.asm", "zero.asm"])
def test_commands_refuse_special_files_at_once(tmp_path, capsys, command, name):
    made = special_files(tmp_path)
    argv = [part.format(p=made[name]) for part in command]
    started = time.monotonic()
    assert cli.main(argv) == 65
    assert time.monotonic() - started < 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a" in err


def test_asm_refuses_a_fifo_source_and_a_fifo_symbols_file(tmp_path, capsys):
    made = special_files(tmp_path)
    assert cli.main(["asm", str(made["fifo.asm"]), "-o", str(tmp_path / "x.b32")]) == 65
    assert "is a FIFO (named pipe), not a source file" in capsys.readouterr().err
    cart = tmp_path / "ok.b32"
    cart.write_bytes(cart_bytes(HALTING))
    assert cli.main(["disasm", str(cart), "--symbols", str(made["fifo.b32"])]) == 65
    assert "not a symbols file" in capsys.readouterr().err
    assert cli.main(["run", str(cart), "--headless", "--symbols", str(made["zero.b32"])]) == 65
    with pytest.raises(Exception, match="not a symbols file"):
        read_symbols(made["zero.b32"])


def test_monitor_load_refuses_special_files(tmp_path):
    import io

    from console.debug.monitor import Monitor

    made = special_files(tmp_path)
    out = io.StringIO()
    lines = "".join(f"load {made[n]}\n" for n in ("fifo.b32", "zero.asm", "loop-a.b32"))
    Monitor(Machine(), stdin=io.StringIO(lines), stdout=out, interactive=False).run()
    text = out.getvalue()
    assert text.count("? ") == 3 and "internal error" not in text
    assert "is a FIFO (named pipe), not a cart" in text


def test_browse_and_kiosk_reach_their_first_frame_past_special_files(tmp_path, capsys):
    special_files(tmp_path / "carts")
    (tmp_path / "carts" / "good.b32").write_bytes(cart_bytes(HALTING))
    dump = tmp_path / "state.json"
    for command in ("browse", "kiosk"):
        started = time.monotonic()
        assert cli.main([command, str(tmp_path / "carts"), "--no-bundled", "--headless",
                         "--frames", "2", "--dump-state", str(dump)]) == 0
        assert time.monotonic() - started < 5
        import json

        state = json.loads(dump.read_text())
        by_name = {e["name"]: e for e in state["entries"]}
        assert by_name["good"]["available"]
        assert "FIFO" in by_name["fifo"]["reason"]
        assert "character device" in by_name["zero"]["reason"]


# ---- INCLUDE of special files ------------------------------------------------------------------
@pytest.mark.parametrize("target,reason", [
    ("fifo.asm", "is a FIFO (named pipe), not a source file"),
    ("/dev/stdin", "not a source file"),
    ("/dev/zero", "is a character device, not a source file"),
    ("loop-a.b32", "Too many levels of symbolic links"),
])
def test_include_refuses_special_files(tmp_path, target, reason):
    special_files(tmp_path)
    main = tmp_path / "main.asm"
    main.write_text(f'S   NOP\n    INCLUDE "{target}"\n    END S\n', encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(AsmError) as err:
        assemble_file(main)
    assert time.monotonic() - started < 1
    assert len(err.value.errors) == 1 and reason in err.value.errors[0]
    assert err.value.errors[0].startswith(f"{main}:2:5: cannot INCLUDE")


@pytest.mark.parametrize("name,message", [
    ("a\x00b.asm", "is not a file name"),
    ("", "is not a file name"),
])
def test_include_of_a_bad_name_is_one_error(tmp_path, name, message):
    main = tmp_path / "main.asm"
    main.write_text(f'S   NOP\n    INCLUDE "{name}"\n    END S\n', encoding="utf-8")
    with pytest.raises(AsmError) as err:
        assemble_file(main)
    assert len(err.value.errors) == 1 and message in err.value.errors[0]


# ---- assembly work without bound -----------------------------------------------------------
def test_squaring_equs_stop_at_32_bits_at_once():
    source = "A0 EQU 3\n" + "".join(f"A{i} EQU A{i - 1}*A{i - 1}\n" for i in range(1, 23))
    started = time.monotonic()
    with pytest.raises(AsmError) as err:
        assemble(source + "S   NOP\n    END S\n")
    assert time.monotonic() - started < 1
    assert err.value.errors[0] == ("<source>:6:10: value is beyond 32 bits; expected a number "
                                   "from -$FFFFFFFF to $FFFFFFFF")


@pytest.mark.parametrize("operand", [
    "$FFFFFFFF*$FFFFFFFF", "-$FFFFFFFF-2", "4294967296", "$100000000", "%1" + "0" * 32,
    "9" * 5000, "65536*65536", "0" * 5000 + "1",
])
def test_values_beyond_32_bits_are_one_clear_error(operand):
    source = f"S   LDA #{operand}\n    END S\n"
    if operand.startswith("0" * 100):  # leading zeros are not digits of value
        assert assemble(source).cart.data[:2] == b"\x01\x01"
        return
    with pytest.raises(AsmError) as err:
        assemble(source)
    assert len(err.value.errors) == 1
    assert "beyond 32 bits" in err.value.errors[0] and len(err.value.errors[0]) < 200


@pytest.mark.parametrize("operand", ["(" * 300 + "1" + ")" * 300, "-" * 1000 + "1",
                                     "+" * 5000 + "1", "-(" * 400 + "1" + ")" * 400])
def test_deep_expressions_are_an_error_not_a_recursion(operand):
    with pytest.raises(AsmError) as err:
        assemble(f"S   LDA #{operand}\n    END S\n")
    assert "expression nests too deep: more than 100" in err.value.errors[0]


def test_long_flat_expressions_evaluate_without_recursion():
    terms = "+".join(["S"] * 3000)
    with pytest.raises(AsmError, match="out of range for a byte"):
        assemble(f"S   LDA #{terms}\n    END S\n")
    assert assemble(f"S   LDA #{'+'.join(['1'] * 3000)}-2999\n    END S\n").cart.data[:2] == (
        b"\x01\x01")


@depths
def test_include_fan_out_ends_with_the_line_budget(tmp_path, monkeypatch, depth):
    # the quick tier holds the program to a tenth of the budget: the same ending, sooner
    budget = MAX_LINES if depth == DEEP else MAX_LINES // 10
    monkeypatch.setattr(include, "MAX_LINES", budget)
    for n in range(8):
        lines = "".join(f'    INCLUDE "f{n + 1}.asm"\n' for _ in range(8)) if n < 7 else "  NOP\n"
        (tmp_path / f"f{n}.asm").write_text(lines, encoding="utf-8")
    main = tmp_path / "main.asm"
    main.write_text('S   NOP\n    INCLUDE "f0.asm"\n    END S\n', encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(AsmError) as err:
        assemble_file(main)
    assert time.monotonic() - started < 10
    assert any(f"over {budget:,} lines with its INCLUDEs" in e for e in err.value.errors)
    assert len(err.value.errors) < 5


def test_include_depth_has_its_own_message(tmp_path):
    for n in range(MAX_DEPTH + 2):
        (tmp_path / f"d{n}.asm").write_text(f'    INCLUDE "d{n + 1}.asm"\n', encoding="utf-8")
    main = tmp_path / "main.asm"
    main.write_text('S   NOP\n    INCLUDE "d0.asm"\n    END S\n', encoding="utf-8")
    with pytest.raises(AsmError) as err:
        assemble_file(main)
    assert len(err.value.errors) == 1
    assert f"nests too deep: more than {MAX_DEPTH} files" in err.value.errors[0]
    assert "includes itself" not in err.value.errors[0]
    # exactly MAX_DEPTH levels is fine
    (tmp_path / f"d{MAX_DEPTH - 1}.asm").write_text("    NOP\n", encoding="utf-8")
    assert assemble_file(main).cart.data


def test_a_real_cycle_still_says_it_includes_itself(tmp_path):
    (tmp_path / "a.asm").write_text('    INCLUDE "b.asm"\n', encoding="utf-8")
    (tmp_path / "b.asm").write_text('    INCLUDE "a.asm"\n', encoding="utf-8")
    main = tmp_path / "main.asm"
    main.write_text('S   NOP\n    INCLUDE "a.asm"\n    END S\n', encoding="utf-8")
    with pytest.raises(AsmError, match="INCLUDE 'a.asm' includes itself"):
        assemble_file(main)


# ---- the rest of the tracebacks ------------------------------------------------------------
def test_trace_and_outputs_to_dev_full_are_one_line_errors(tmp_path, capsys):
    cart = tmp_path / "halt.b32"
    cart.write_bytes(cart_bytes(HALTING))
    for option in ("--trace", "--dump-state", "--dump-screen", "--screenshot"):
        assert cli.main(["run", str(cart), "--headless", option, "/dev/full"]) == 73
        err = capsys.readouterr().err
        assert err == "b32 run: cannot write /dev/full: No space left on device\n", option


@pytest.mark.slow  # a whole program in a subprocess
def test_stdout_to_dev_full_is_one_line_naming_standard_output(tmp_path):
    cart = tmp_path / "halt.b32"
    cart.write_bytes(cart_bytes(HALTING))
    with open("/dev/full", "w") as full:
        for args in (["disasm", str(cart)], ["run", str(cart), "--headless", "--dump-screen", "-"],
                     ["run", str(cart), "--headless", "--trace", "-"]):
            done = subprocess.run([sys.executable, "-m", "console", *args], stdout=full,
                                  stderr=subprocess.PIPE, timeout=30, cwd=ROOT,
                                  env={**os.environ, "SDL_VIDEODRIVER": "dummy"})
            assert done.returncode == 73, args
            assert done.stderr.decode().endswith(
                "cannot write standard output: No space left on device\n"), args
            assert b"Traceback" not in done.stderr and b"None" not in done.stderr


@pytest.mark.parametrize("argv", [
    ["run", "x.b32", "--screenshot-scale", "100000"],
    ["kiosk", "--attract", "1e308"], ["kiosk", "--switch", "inf"],
    ["kiosk", "--player-timeout", "nan"], ["run", "x", "--cycles", "9" * 5000],
    ["run", "x", "--frames", "9" * 50], ["run", "x", "--seed", "9" * 5000],
    ["run", "x", "--press", "9" * 5000 + ":up"], ["browse", "--type", "9" * 5000 + ":hi"],
])
def test_huge_numbers_in_arguments_are_usage_errors(capsys, argv):
    assert cli.main(argv) == 64
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 400


def test_monitor_with_an_empty_name(capsys):
    assert cli.main(["monitor", ""]) == 64
    assert capsys.readouterr().err == ("b32 monitor: the cart's name is empty; expected a .b32 "
                                       "cart or .asm source\n")
    assert cli.main(["run", "", "--headless"]) == 64


def test_a_huge_screenshot_scale_in_the_window_is_a_notice(monkeypatch):
    import pygame

    from console.frontend import screenshot as shots

    def out_of_memory(*_args):
        raise pygame.error("Out of memory")

    monkeypatch.setattr(pygame.transform, "scale", out_of_memory)
    with pytest.raises(shots.ScreenshotError, match="cannot make a screenshot at scale 100000"):
        shots.png_bytes(pygame.Surface((8, 8)), 100000)


@pytest.mark.slow  # a whole program in a subprocess
def test_a_non_utf8_file_name_on_a_strict_utf8_stdout(tmp_path):
    source = tmp_path / os.fsdecode(b"\xff\xfe-name.asm")
    source.write_text("S   NOP\n    END S\n", encoding="utf-8")
    done = b32("asm", str(source), PYTHONIOENCODING="utf-8:strict")
    assert done.returncode == 0, done.stderr
    assert b"\\xff\\xfe-name.b32: 2 bytes" in done.stdout
    bad = tmp_path / os.fsdecode(b"\xff-bad.b32")
    bad.write_bytes(b"nope")
    done = b32("run", str(bad), "--headless", PYTHONIOENCODING="utf-8:strict")
    assert done.returncode == 65 and b"Traceback" not in done.stderr
    assert b"\\xff-bad.b32" in done.stderr


def test_the_monitor_fixes_causes_not_just_catches_them():
    import io

    from console.debug.monitor import Monitor

    lines = ["r PC=" + "9" * 5000, "m " + "$" + "F" * 60, "a $1000 LDA #" + "(" * 300 + "1",
             "a $1000 LDA #" + "9" * 5000, "e 0 " + "9" * 5000, "d " + "%" + "1" * 100]
    out = io.StringIO()
    Monitor(Machine(), stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out,
            interactive=False).run()
    text = out.getvalue()
    assert "internal error" not in text
    assert text.count("? ") == len(lines)
