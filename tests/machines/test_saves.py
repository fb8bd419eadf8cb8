"""Cart saves: the SAVE register and the save page (HARDWARE.md section 6), and the files that
keep them (console/machines/saves.py), through real files in a temporary folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from console import commands as cli
from console.machines.b32 import memmap as mm
from console.machines.b32.asm import assemble
from console.machines.b32.cart import write
from console.machines.b32.machine import Machine
from console.machines.saves import (
    SaveSlot,
    SaveStore,
    cart_key,
    decode_save,
    encode_save,
    saves_dir,
)

ROOT = Path(__file__).resolve().parents[2]

# Each frame: the page's first byte := FRAME's low byte, SAVE := 1; at frame {fault_at} (if
# given), a fault ($00). At $9F10 the cart loads "CART" (what the page keeps without a save).
SAVER = """
        ORG $1000
START   LDA FRAME
        CMPA #{fault_at}
        JEQ BAD
        STA $9F00
        LDA #1
        STA SAVE
        WAIT
        JMP START
BAD     DB 0
        ORG $9F10
        DB "CART"
        END START
"""


def saver_cart(name: str = "saver", fault_at: int | None = None):
    """SAVER; without ``fault_at`` it never faults."""
    source = SAVER.replace("{fault_at}", str(fault_at))
    if fault_at is None:
        source = source.replace("        CMPA #None\n        JEQ BAD\n", "")
    return assemble(source, name).cart


def poke_program(*writes: tuple[int, int], name: str = "poker"):
    """A cart that writes (address, value) pairs in order, then waits for ever."""
    lines = [" ORG $1000", "START NOP"]
    for address, value in writes:
        lines += [f" LDA #{value}", f" STA ${address:04X}"]
    lines += ["IDLE WAIT", " JMP IDLE", " ORG $9F10", ' DB "CART"', " END START", ""]
    return assemble("\n".join(lines), name).cart


class Reports(list):
    def __call__(self, text: str) -> None:
        self.append(text)


# ---- the register, in the machine ----------------------------------------------------------------
def test_without_a_save_save_reads_0_and_the_page_keeps_the_carts_bytes():
    m = Machine(seed=1)
    m.load(poke_program())
    assert m.peek(mm.SAVE) == 0
    assert bytes(m.mem[0x9F10:0x9F14]) == b"CART"


def test_storing_then_reset_brings_the_page_back_and_save_reads_1():
    m = Machine(seed=1)
    m.load(poke_program((0x9F00, 0x42), (0x9F10, ord("X")), (mm.SAVE, 1)))
    m.run_frame()
    assert m.peek(mm.SAVE) == 1
    m.reset()  # the cart's bytes load again ("CART"), then the save over them
    assert m.peek(mm.SAVE) == 1
    assert m.mem[0x9F00] == 0x42 and bytes(m.mem[0x9F10:0x9F14]) == b"XART"


def test_erase_reads_0_leaves_the_page_and_is_gone_after_reset():
    m = Machine(seed=1)
    m.load(poke_program((0x9F00, 7), (mm.SAVE, 1), (mm.SAVE, 2), (mm.SAVE, 3), (mm.SAVE, 0)))
    m.run_frame()
    assert m.peek(mm.SAVE) == 0 and m.mem[0x9F00] == 7  # erased; the page unchanged
    m.reset()
    assert m.peek(mm.SAVE) == 0 and m.mem[0x9F00] == 0


def test_other_values_are_ignored_and_save_is_a_predefined_name():
    m = Machine(seed=1)
    m.load(poke_program((mm.SAVE, 0x81), (mm.SAVE, 0)))
    m.run_frame()
    assert m.peek(mm.SAVE) == 0 and m.save.saved is None
    assert m.PREDEFINED["SAVE"] == 0xAFB4
    lines = m.disassemble(bytes([0x29, 0xB4, 0xAF]), 0x1000)
    assert lines[0].text == "STA SAVE"


# ---- files ---------------------------------------------------------------------------------------
def test_a_save_round_trips_through_a_real_file(tmp_path):
    cart_file = tmp_path / "carts" / "saver.b32"
    cart_file.parent.mkdir()
    write(cart_file, saver_cart())
    store = SaveStore(tmp_path / "saves")
    m = Machine(seed=1)
    m.load(saver_cart(), store.slot(cart_file))
    for _ in range(5):
        m.run_frame()
    store.close()
    path = tmp_path / "saves" / f"{cart_key(cart_file)}.sav"
    assert decode_save(cart_key(cart_file), path.read_bytes())[0] == 4  # FRAME in frame 4

    again = Machine(seed=1)
    again.load(saver_cart(), SaveStore(tmp_path / "saves").slot(cart_file))
    assert again.peek(mm.SAVE) == 1 and again.mem[0x9F00] == 4


def test_keys_keep_a_rebuilt_cart_and_part_carts_of_one_name(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert cart_key(tmp_path / "a" / "game.b32") == cart_key(tmp_path / "a" / "game.asm")
    assert cart_key(tmp_path / "a" / "game.b32") != cart_key(tmp_path / "b" / "game.b32")
    assert cart_key(tmp_path / "a" / "game.b32").startswith("game-")


def test_a_cart_saving_every_frame_writes_about_once_a_second(tmp_path):
    now = [0.0]
    slot = SaveSlot(tmp_path / "k.sav", "k", clock=lambda: now[0])
    for frame in range(600):  # ten seconds at 60 frames a second
        slot.store(bytes([frame & 0xFF]) * 256)
        slot.poll()
        now[0] += 1 / 60
    assert 9 <= slot.writes <= 11
    slot.flush()  # the window closes: the last page is written
    assert decode_save("k", (tmp_path / "k.sav").read_bytes()) == bytes([599 & 0xFF]) * 256


def test_the_last_save_is_written_on_close_even_after_a_fault(tmp_path, capsys):
    source = tmp_path / "saver.b32"
    write(source, saver_cart(fault_at=20))
    saves = tmp_path / "saves"
    status = cli.main(["run", str(source), "--headless", "--frames", "100",
                       "--save-dir", str(saves)])
    assert status == cli.EX_SOFTWARE
    assert "unknown opcode $00" in capsys.readouterr().err
    page = decode_save(cart_key(source), (saves / f"{cart_key(source)}.sav").read_bytes())
    assert page[0] == 19  # the last frame before the fault; not the first (written at once)


def test_a_headless_run_touches_no_save_file_without_save_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    source = tmp_path / "saver.b32"
    write(source, saver_cart())
    assert cli.main(["run", str(source), "--headless", "--frames", "10"]) == 0
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["saver.b32"]
    assert saves_dir() == tmp_path / "data" / "b32" / "saves"  # where a window keeps them


def test_a_damaged_save_is_one_warning_no_save_and_never_deleted(tmp_path):
    reports = Reports()
    path = tmp_path / "k.sav"
    good = encode_save("k", bytes(range(256)))
    path.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))  # one bit of the checksum flipped
    slot = SaveSlot(path, "k", report=reports)
    assert slot.load() is None
    assert len(reports) == 1 and "damaged" in reports[0] and "\n" not in reports[0]
    assert path.exists()
    slot.store(bytes(256))  # the cart saves: the damaged file is moved aside, not lost
    assert (tmp_path / "k.sav.bad").read_bytes() == good[:-1] + bytes([good[-1] ^ 1])
    assert decode_save("k", path.read_bytes()) == bytes(256)


@pytest.mark.parametrize("blob, words", [
    (b"hello, not a save at all", "not a B32 save"),
    (encode_save("other-12345678", bytes(256)), "another cart (other-12345678)"),
    (encode_save("k", bytes(256))[:100], "damaged"),
    (b"\0" * 5000, "not a B32 save"),
])
def test_foreign_or_short_files_are_refused_in_one_line(tmp_path, blob, words):
    reports = Reports()
    path = tmp_path / "k.sav"
    path.write_bytes(blob)
    m = Machine(seed=1)
    m.load(poke_program(), SaveSlot(path, "k", report=reports))
    assert m.peek(mm.SAVE) == 0 and bytes(m.mem[0x9F10:0x9F14]) == b"CART"
    assert len(reports) == 1 and words in reports[0]
    assert path.read_bytes() == blob


def test_erase_removes_the_file_the_cart_asked_to_erase(tmp_path):
    store = SaveStore(tmp_path)
    slot = store.slot(tmp_path / "c.b32")
    slot.store(bytes(256))
    assert slot.path.exists()
    slot.erase()
    store.close()
    assert not slot.path.exists()


_WRITER = """
import sys
from pathlib import Path
from console.machines.saves import SaveSlot
slot = SaveSlot(Path(sys.argv[1]), "k", interval=0)
n = 0
while True:
    n = (n + 1) % 256
    slot.store(bytes([n]) * 256)
    if n == 1:
        print("writing", flush=True)
"""


@pytest.mark.slow  # a whole program in a subprocess
def test_kill_9_while_writing_leaves_the_old_save_or_the_new(tmp_path):
    path = tmp_path / "k.sav"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for delay in (0.0, 0.013, 0.031, 0.057, 0.089, 0.15):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], env=env,
                                stdout=subprocess.PIPE)
        assert proc.stdout.readline() == b"writing\n"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        page = decode_save("k", path.read_bytes())  # raises if torn
        assert page == bytes([page[0]]) * 256


@pytest.mark.slow  # a whole program in a subprocess
def test_sigterm_ends_the_command_through_its_finally_and_the_save_is_kept(tmp_path):
    source = tmp_path / "saver.b32"
    write(source, saver_cart())
    saves = tmp_path / "saves"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    code = "import sys; from console import commands as cli; sys.exit(cli.main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, "-c", code, "run", str(source), "--headless",
                             "--frames", "10000000", "--save-dir", str(saves)], env=env)
    path = saves / f"{cart_key(source)}.sav"
    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=20) == 128 + signal.SIGTERM
    decode_save(cart_key(source), path.read_bytes())


def test_the_monitor_shows_save_like_the_other_io_registers():
    import io

    from console.debug.monitor import Monitor

    m = Machine(seed=1)
    m.load(poke_program((mm.SAVE, 1)))
    out = io.StringIO()
    commands = "m SAVE 1\nframes 1\nm SAVE 1\nm BORDER 1\nd $1000 3\nq\n"
    assert Monitor(m, stdin=io.StringIO(commands), stdout=out).run() == 0
    text = out.getvalue()
    assert "$AFB4  00" in text and "$AFB4  01" in text and "$AFAB  00" in text
    assert "STA SAVE" in text


def test_temporary_files_left_by_a_killed_console_are_cleared_once_old(tmp_path):
    old, young = tmp_path / ".k.sav.abc123.tmp", tmp_path / ".k.sav.def456.tmp"
    for temp in (old, young):
        temp.write_bytes(b"half a save")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    slot = SaveSlot(tmp_path / "k.sav", "k")
    slot.store(bytes(256))
    assert not old.exists() and young.exists()
    assert decode_save("k", (tmp_path / "k.sav").read_bytes()) == bytes(256)
