"""Fuzzing every input surface (issue 16): carts, assembly sources, argument lists and monitor
lines. The strategies and the checks are shared by the bounded tests in
tests/machines/test_fuzz.py and the full run in tools/fuzz.py.

Each check feeds one input and asserts what must hold for any input: a one-line error of the
expected kind (never a traceback, never "internal error"), no control character in a message,
and a bound on the time taken."""

from __future__ import annotations

import contextlib
import io
import random
import sys
import time
from pathlib import Path
from unittest import mock

from hypothesis import strategies as st

from console.machines.b32.cart import CartError, parse
from console.machines.text import printable
from console.resources import data_dir

CARTS = data_dir("carts")
SAMPLE_CARTS = sorted(CARTS.glob("*.b32"))
SAMPLE_SOURCES = sorted(CARTS.glob("*.asm"))
SECONDS = 5.0  # any one input


def _clean(text: str) -> bool:
    return printable(text) == text.replace("\n", "") or all(
        printable(line) == line for line in text.split("\n"))


# ---- carts -------------------------------------------------------------------------------------
def mutate(blob: bytes, rng: random.Random, edits: int) -> bytes:
    data = bytearray(blob)
    for _ in range(edits):
        if not data:
            data.append(rng.randrange(256))
        choice = rng.randrange(4)
        at = rng.randrange(len(data))
        if choice == 0:
            data[at] = rng.randrange(256)
        elif choice == 1:
            del data[at:at + rng.randrange(1, 64)]
        elif choice == 2:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        else:
            data[at:at] = data[rng.randrange(len(data)):][:rng.randrange(1, 256)]
    return bytes(data)


@st.composite
def carts(draw):
    if draw(st.booleans()) and SAMPLE_CARTS:
        base = draw(st.sampled_from(SAMPLE_CARTS)).read_bytes()
        rng = random.Random(draw(st.integers(0, 2**32)))
        return mutate(base, rng, draw(st.integers(1, 20)))
    head = draw(st.sampled_from([b"B32", b"B3", b"b32", b""]))
    return head + draw(st.binary(max_size=300))


def check_cart(blob: bytes, folder: Path) -> str:
    """Load ``blob`` as a file, disassemble and run it briefly; returns "ok" or "refused"."""
    from console.machines.b32.cart import cart_info, read
    from console.machines.b32.disasm import disassemble_cart
    from console.machines.b32.machine import Machine

    path = folder / "fuzz.b32"
    path.write_bytes(blob)
    try:
        cart = read(path)
    except CartError as err:
        assert "\n" not in str(err) and _clean(str(err))
        return "refused"
    assert parse(blob, "x").data == cart.data
    cart_info(cart)
    disassemble_cart(cart)
    machine = Machine(cycles_per_frame=2_000, seed=1)
    machine.load(cart)
    for _ in range(3):
        machine.run_frame()
    machine.screen_lines()
    return "ok"


# ---- sources -----------------------------------------------------------------------------------
SOURCE_WORDS = [
    "S", "L", "X", "Y", "A", "B", "D", "LDA", "LDX", "STA", "JMP", "JSR", "RTS", "WAIT", "END",
    "ORG", "EQU", "DB", "DW", "DS", "TITLE", "DESCRIPTION", "INCLUDE", "NOBYTE", "#", ",", ":",
    "(", ")", "+", "-", "*", "/", "$FF", "$FFFF", "$FFFFFFFF", "%101", "'A'", '"t"', "65535",
    "4294967295", "9" * 60, "(" * 120, ")" * 120, "-" * 150, ";", "\t", " ", "SCREEN", "KEY",
    "\x1b", "\f", "\x85", "\u2028", "\x00", "ldy", "TFR", "PUSH", "A,X", ",X", ",Y",
]


@st.composite
def sources(draw):
    if draw(st.integers(0, 3)) == 0 and SAMPLE_SOURCES:
        base = draw(st.sampled_from(SAMPLE_SOURCES)).read_bytes()
        rng = random.Random(draw(st.integers(0, 2**32)))
        return mutate(base, rng, draw(st.integers(1, 10))).decode("utf-8", "replace")
    lines = draw(st.lists(st.lists(st.one_of(st.sampled_from(SOURCE_WORDS), st.text(max_size=6)),
                                   max_size=8), max_size=12))
    out = []
    for words in lines:
        indent = draw(st.sampled_from(["", "    ", "\t"]))
        out.append(indent + draw(st.sampled_from([" ", ""])).join(words))
    return "\n".join(out)


def check_source(text: str) -> str:
    from console.machines.b32.asm import AsmError, assemble

    started = time.monotonic()
    try:
        assemble(text)
        result = "ok"
    except AsmError as err:
        assert err.errors and all(_clean(e) and "\n" not in e for e in err.errors)
        assert all(len(e) < 2_000 for e in err.errors)
        result = "refused"
    assert time.monotonic() - started < SECONDS
    return result


# ---- argument lists ----------------------------------------------------------------------------
OPTIONS = ["--headless", "--frames", "--cycles", "--seed", "--press", "--type", "--dump-state",
           "--dump-screen", "--screenshot", "--trace", "--trace-limit", "--symbols", "--scale",
           "--fullscreen", "--screenshot-scale", "--screenshot-dir", "-o", "--listing",
           "--origin", "--attract", "--switch", "--player-timeout", "--exit-chord",
           "--no-bundled", "--version", "-h"]
VALUES = ["0", "1", "2", "-1", "3", "1e308", "nan", "inf", "0x10", "$1000", "9" * 30, "",
          "-", "/dev/null", "/dev/full", "/dev/zero", "out.json", "out.png", "nodir/x",
          "hello", "snake", "carts/hello.b32", "carts/hello.asm", "fifo.b32", "zero.b32",
          "0:up", "1:x:2", "5:hello", "a:b", "ctrl+q", "\x1b[2J", "\udcff", ".", "x.asm"]
COMMANDS = ["run", "asm", "disasm", "browse", "kiosk", "monitor", "nope", ""]


STARTS = [["run", "carts/hello.b32", "--headless", "--frames", "2"],
          ["run", "x.asm", "--headless", "--frames", "1"], ["asm", "x.asm"],
          ["disasm", "carts/hello.b32"], ["browse", "carts", "--headless", "--frames", "2"],
          ["kiosk", "carts", "--headless", "--frames", "2"], ["monitor", "carts/hello.b32"]]


@st.composite
def argvs(draw):
    if draw(st.booleans()):
        argv = list(draw(st.sampled_from(STARTS)))
        for _ in range(draw(st.integers(0, 3))):
            argv += [draw(st.sampled_from(OPTIONS)), draw(st.sampled_from(VALUES))]
    else:
        argv = [draw(st.sampled_from(COMMANDS))]
        for _ in range(draw(st.integers(0, 8))):
            argv.append(draw(st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES),
                                       st.text(max_size=5))))
    return [a for a in argv if "\x00" not in a]


def prepare_argv_folder(folder: Path) -> None:
    """The files the argument vocabulary names, in the folder the command runs in."""
    import os
    import shutil

    from tests.hostile_helpers import special_files

    shutil.copytree(CARTS, folder / "carts")  # a copy: commands may write beside them
    (folder / "x.asm").write_text("S   NOP\n    END S\n", encoding="utf-8")
    specials = folder / "specials"
    special_files(specials)
    for name in ("fifo.b32", "zero.b32"):
        target = folder / name
        if not target.exists() and not target.is_symlink():
            os.symlink(specials / name, target)


def check_argv(argv: list[str], folder: Path) -> int:
    """Run ``b32 ARGV`` in ``folder`` (windows and the monitor's input replaced); returns the
    exit code, which must be one of the documented ones."""
    from console import commands as cli

    def no_window(command, play):
        return None, 0

    old = Path.cwd()
    stdout, stderr = io.StringIO(), io.StringIO()
    started = time.monotonic()
    try:
        import os

        os.chdir(folder)
        with mock.patch("console.commands.args.in_window", no_window), \
                mock.patch("console.commands.browse.in_window", no_window), \
                mock.patch("console.commands.run.in_window", no_window), \
                mock.patch.object(sys, "stdin", io.StringIO("q\n")), \
                contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(list(argv))
    finally:
        os.chdir(old)
    assert code in (0, 64, 65, 66, 70, 73, 74), (argv, code, stderr.getvalue())
    assert "Traceback" not in stderr.getvalue()
    assert time.monotonic() - started < 4 * SECONDS, argv
    return code


def safe_argv(argv: list[str]) -> bool:
    """Leave out runs that would take long by design (a huge --frames, a kiosk with no limit)."""
    for i, word in enumerate(argv[:-1]):
        if word in ("--frames", "--cycles", "--trace-limit") and argv[i + 1] not in (
                "0", "1", "2", "3", "-1", "0x10", "", "nan"):
            return False
    return True


# ---- monitor lines -----------------------------------------------------------------------------
MONITOR_WORDS = ["r", "s", "g", "frames", "b", "bc", "bl", "m", "e", "d", "a", "load", "reset",
                 "screen", "sym", "help", "A=", "PC=", "X=", "$", "%", "'", '"', "LDA", "#", "(",
                 ",X", "9" * 50, "-", "+", "0x", "all", "$FFFF", "65536", "carts/hello.b32",
                 "/dev/zero", "\x1b", "LOOP", "S", "1", "2", "3"]


@st.composite
def monitor_lines(draw):
    words = draw(st.lists(st.one_of(st.sampled_from(MONITOR_WORDS), st.text(max_size=8)),
                          max_size=6))
    return " ".join(words).replace("\n", " ").replace("\r", " ")


def check_monitor(line: str) -> None:
    from console.debug.monitor import Monitor
    from console.machines.b32.loader import load_cart
    from console.machines.b32.machine import Machine

    machine = Machine(cycles_per_frame=2_000, seed=1)
    machine.load(load_cart(CARTS / "hello.b32"))
    out = io.StringIO()
    monitor = Monitor(machine, stdin=io.StringIO(), stdout=out, interactive=False)
    words = line.split()
    if words[:1] in (["g"], ["frames"], ["s"], ["m"], ["d"]):  # counts: keep a run short
        line = words[0] + (f" {min(int(words[1]), 1000)}" if len(words) > 1 and
                           words[1].isascii() and words[1].isdigit() else "")
    started = time.monotonic()
    monitor.onecmd(monitor.precmd(line))
    text = out.getvalue()
    assert "internal error" not in text, (line, text)
    assert all(printable(row) == row for row in text.split("\n")), line
    assert time.monotonic() - started < 4 * SECONDS, line
