"""Cart loading errors, and the headless ``b32 run``: exit codes, JSON, screens, scripted input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from console.commands import main
from console.machines.b32 import cart as cartfile
from console.machines.b32.cart import Cart, CartError, cart_info, info_block

HELLO = b"B32\x00\x10\x00\x10" + bytes([0x01, 0x41, 0x02, 0x00, 0xA0, 0x03, 0x04])


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---- the loader --------------------------------------------------------------------------------


def test_parse_good_cart():
    cart = cartfile.parse(HELLO, "hello.b32")
    assert (cart.load_address, cart.exec_address, cart.data[:2]) == (0x1000, 0x1000, b"\x01A")
    assert cart.to_bytes() == HELLO


def test_header_only_cart_is_valid():
    cart = cartfile.parse(b"B32\x00\x20\x34\x12")
    assert (cart.load_address, cart.exec_address, cart.data) == (0x2000, 0x1234, b"")


@pytest.mark.parametrize(
    "blob,message",
    [
        (b"B32\x00\x10\x00", "hello.b32: not a B32 cart: 6 bytes, shorter than the 7-byte header"),
        (b"", "hello.b32: not a B32 cart: 0 bytes, shorter than the 7-byte header"),
        (b"B33\x00\x10\x00\x10\x04", 'hello.b32: not a B32 cart: starts with "B33", not "B32"'),
        (b"b32\x00\x10\x00\x10\x04", 'hello.b32: not a B32 cart: starts with "b32", not "B32"'),
        (b"B32\xFF\xFF\x00\x10\x04\x04",
         "hello.b32: 2 bytes loaded at $FFFF would run past $FFFF"),
        (b"B32\x00\xAF\x00\x10" + bytes(0xA0), "hello.b32: bytes $AF00-$AF9F would land"),
        (b"B32\x00\x10\x00\x10" + bytes(0xA000),
         "hello.b32: bytes $1000-$AFFF would land on the I/O page ($AFA0-$AFFF)"),
    ],
)
def test_loader_errors(blob, message):
    if message.startswith("hello.b32: bytes $AF00"):
        cartfile.parse(blob, "hello.b32")  # ends just below the I/O page: fine
        return
    with pytest.raises(CartError) as err:
        cartfile.parse(blob, "hello.b32")
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_cart_may_end_exactly_at_ffff():
    assert len(cartfile.parse(b"B32\xFE\xFF\x00\x10\x01\x02").data) == 2


def test_info_block_round_trip():
    cart = Cart(0x1000, 0x1000, b"\x04" + info_block("Snake", "Eat, grow, don't bite"))
    assert cart_info(cart) == ("Snake", "Eat, grow, don't bite")
    assert cart_info(Cart(0x1000, 0x1000, b"\x04")) == (None, None)


# ---- b32 run --headless ------------------------------------------------------------------------


def test_run_dumps_state_json(tmp_path, capsys):
    path = write(tmp_path, "hello.b32", HELLO)
    state_file = tmp_path / "state.json"
    assert main(["run", str(path), "--headless", "--frames", "5",
                 "--dump-state", str(state_file)]) == 0
    state = json.loads(state_file.read_text())
    assert list(state) == ["registers", "cf", "flags", "halted", "fault", "frames", "cycles",
                           "screen", "attributes"]
    assert state["registers"] == {"A": 0x41, "B": 0, "D": 0x4100, "X": 0xA000, "Y": 0, "S": 0,
                                  "PC": 0x1007}
    assert (state["halted"], state["fault"], state["frames"], state["cycles"]) == (
        True, None, 1, 8)
    assert state["screen"][0] == "A" and state["screen"][1:] == [""] * 24
    assert state["attributes"][0] == "07" * 80 and len(state["attributes"]) == 25


def test_run_dumps_screen_to_stdout(tmp_path, capsys):
    path = write(tmp_path, "hello.b32", HELLO)
    assert main(["run", str(path), "--headless", "--dump-screen", "-"]) == 0
    out = capsys.readouterr().out
    assert out.split("\n")[:2] == ["A", ""] and out.count("\n") == 25


def test_fault_exits_70_and_still_dumps(tmp_path, capsys):
    path = write(tmp_path, "bad.b32", b"B32\x00\x10\x00\x10\x0F\xFF")
    assert main(["run", str(path), "--headless", "--dump-state", "-"]) == 70
    captured = capsys.readouterr()
    assert captured.err.strip() == "b32: bad: unknown opcode $FF at $1001"
    state = json.loads(captured.out)
    assert state["fault"] == "unknown opcode $FF at $1001" and state["halted"] is True
    assert state["registers"]["PC"] == 0x1001 and state["registers"]["A"] == 1


def test_bad_cart_exits_65(tmp_path, capsys):
    path = write(tmp_path, "junk.b32", b"MZ\x90\x00\x03\x00\x00\x00")
    assert main(["run", str(path), "--headless"]) == 65
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "junk.b32: not a B32 cart" in err


def test_missing_file_exits_66(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.b32"), "--headless"]) == 66
    assert "nope.b32: no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "x.b32", "--headless", "--frames", "0"],
        ["run", "x.b32", "--headless", "--frames", "many"],
        ["run", "x.b32", "--headless", "--press", "3:warp"],
        ["run", "x.b32", "--headless", "--press", "x:up"],
        ["run", "x.b32", "--headless", "--press", "1:up:0"],
        ["run", "x.b32", "--headless", "--type", "nocolon"],
        ["run", "--headless"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_exit_64(argv, capsys):
    assert main(argv) == 64
    assert "Traceback" not in capsys.readouterr().err


def test_unwritable_dump_exits_73(tmp_path, capsys):
    path = write(tmp_path, "hello.b32", HELLO)
    target = tmp_path / "missing-dir" / "state.json"
    assert main(["run", str(path), "--headless", "--dump-state", str(target)]) == 73
    assert "cannot write" in capsys.readouterr().err


ECHO = b"B32\x00\x10\x00\x10" + bytes([
    0x02, 0x00, 0xA0,  # 1000      LDX #SCREEN
    0x24, 0xA0, 0xAF,  # 1003 L:   LDA KEY
    0x05, 0x00,        # 1006      CMPA #0
    0x0B, 0x0E, 0x10,  # 1008      JEQ SKIP
    0x03,              # 100B      STA ,X
    0x11, 0x11,        # 100C      INCX ; INCX
    0x25, 0xA2, 0xAF,  # 100E SKIP: LDB BUTTONS
    0x2A, 0x00, 0x30,  # 1011      STB $3000
    0x4F,              # 1014      WAIT
    0x0A, 0x03, 0x10,  # 1015      JMP L
])


def test_scripted_typing_and_presses(tmp_path, capsys):
    path = write(tmp_path, "echo.b32", ECHO)
    text = "Hello, B32 world! more than sixteen keys"
    assert main(["run", str(path), "--headless", "--frames", "60", "--type", f"2:{text}",
                 "--press", "50:left:3", "--dump-state", "-"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert state["screen"][0] == text + "\u203c"  # every character, then Left ($13, glyph ‼)


def test_press_holds_buttons_for_frames(tmp_path):
    from console.machines.b32.cart import parse
    from console.machines.b32.machine import Machine
    from console.machines.script import InputScript

    machine = Machine(seed=1)
    machine.load(parse(ECHO))
    script = InputScript.parse(["2:left:3"], [])
    held = []
    for frame in range(7):
        script.apply(machine, frame)
        machine.run_frame()
        held.append(machine.mem[0x3000])
    assert held == [0, 0, 4, 4, 4, 0, 0]


@pytest.mark.slow  # a whole program in a subprocess
def test_python_dash_m_console(tmp_path):
    path = write(tmp_path, "hello.b32", HELLO)
    out = subprocess.run([sys.executable, "-m", "console", "run", str(path), "--headless",
                          "--dump-screen", "-"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("A\n")
