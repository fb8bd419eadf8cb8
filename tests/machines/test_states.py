"""Save states (console/machines/states.py, docs/STATES.md) and rewind
(console/machines/rewind.py): snapshots, state files, ``b32 run --load-state/--save-state``."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from console import commands as cli
from console.machines import states
from console.machines.b32 import memmap as mm
from console.machines.b32.asm import assemble
from console.machines.b32.cart import Cart, read
from console.machines.b32.machine import Machine
from console.machines.base import StateError
from console.machines.rewind import History
from console.machines.script import InputScript

ROOT = Path(__file__).resolve().parents[2]
INVADERS = ROOT / "carts" / "invaders.b32"
PRESSES = ["20:return", "60:left:30", "110:space", "130:right:10"]
TYPED = ["95:hello"]  # nothing reads KEY in invaders' play: the queue holds them at frame 100

# Never WAITs: a translated loop that runs across frames, counting in X and at $0200, and
# drawing the count's low byte on the screen.
SPIN = """
        ORG $1000
START   LDX #0
LOOP    INCX
        TFR X,D
        STB $0200
        STB SCREEN
        LDA RANDOM
        STA SCREEN+2
        JMP LOOP
        END START
"""


def invaders(seed: int = 3) -> Machine:
    machine = Machine(seed=seed)
    machine.load(read(INVADERS))
    return machine


def run(machine: Machine, frames: int, script: InputScript | None = None) -> Machine:
    for _ in range(frames):
        if script is not None:
            script.apply(machine, machine.frames)
        machine.run_frame()
    return machine


def everything(machine: Machine) -> tuple:
    """All a state must carry, as the tests compare it."""
    kb = machine.keyboard
    return (machine.state(), bytes(machine.mem), list(kb.queue), kb.held, kb.pressed,
            machine.random.state, machine.frame_counter.count, machine.save.flag,
            vars(machine.video), vars(machine.beeper))


# ---- snapshots -----------------------------------------------------------------------------------
def test_a_snapshot_resumes_exactly_with_rng_and_key_queue():
    script = InputScript.parse(PRESSES, TYPED)
    straight = run(invaders(), 150, InputScript.parse(PRESSES, TYPED))
    first = run(invaders(), 100, script)
    assert list(first.keyboard.queue)[-5:] == list(b"hello")  # return, left, hello: unread
    snap = first.snapshot()
    resumed = invaders(seed=99)  # another seed: the state's RNG wins
    resumed.restore(snap)
    run(resumed, 50, InputScript.parse(PRESSES, TYPED))
    assert everything(resumed) == everything(straight)
    assert resumed.state()["frames"] == 150


def test_a_state_saved_while_a_translated_loop_runs_across_frames():
    cart = assemble(SPIN, "spin").cart
    straight = Machine(seed=5)
    straight.load(cart)
    run(straight, 12)
    m = Machine(seed=5)
    m.load(cart)
    run(m, 5)
    assert not m.halted and m.cpu._blocks  # the loop runs translated, across frames
    snap = m.snapshot()
    run(m, 4)  # further on, with its translations ...
    m.restore(snap)  # ... thrown away: they were made from the memory as it was
    assert not m.cpu._blocks
    run(m, 7)
    assert everything(m) == everything(straight)
    fresh = Machine(seed=1)
    fresh.load(cart)
    fresh.restore(snap)
    run(fresh, 7)
    assert everything(fresh) == everything(straight)


def test_restoring_a_self_modifying_cart_flushes_stale_translations():
    # the loop's LDA #n operand is patched every frame: a stale translation would keep old n
    source = """
        ORG $1000
START   LDA #0
PATCH   EQU START+1
        INCA
        STA PATCH
        STA $0300
        WAIT
        JMP START
        END START
    """
    cart = assemble(source, "smc").cart
    m = Machine(seed=1)
    m.load(cart)
    run(m, 3)
    snap = m.snapshot()
    run(m, 3)
    m.restore(snap)
    run(m, 2)
    assert m.mem[0x300] == 5


def test_a_snapshot_refused_changes_nothing():
    m = run(invaders(), 30)
    before = m.snapshot()
    good = bytearray(before)
    for bad in (b"", b"B32M" + bytes(10), bytes(good[:-1]),
                good[:4] + b"\x02" + good[5:]):  # another snapshot version
        with pytest.raises(StateError):
            m.restore(bytes(bad))
        assert m.snapshot() == before
    head_length = struct.unpack_from("<I", good, 5)[0]
    head = json.loads(good[9 : 9 + head_length])
    head["cpu"]["pc"] = 70000
    text = json.dumps(head).encode()
    with pytest.raises(StateError, match="register PC"):
        m.restore(bytes(good[:5]) + struct.pack("<I", len(text)) + text + bytes(65536))
    assert m.snapshot() == before


# ---- state files ---------------------------------------------------------------------------------
def test_a_state_file_is_compact_and_says_what_it_is():
    m = run(invaders(), 100)
    blob = states.encode(m)
    assert len(blob) < 6 * 1024
    header, _ = states.read_header(blob)
    assert header["machine"] == "B32" and header["frames"] == 100
    assert header["cart"].startswith("invaders ")


def _other_machine_file(blob: bytes) -> bytes:
    header, packed = states.read_header(blob)
    header["machine"] = "LBVM"
    text = json.dumps(header).encode()
    return states.MAGIC + struct.pack("<HH", states.FORMAT_VERSION, len(text)) + text + packed


@pytest.mark.parametrize("change, words", [
    (lambda b: b[:8] + struct.pack("<H", 0) + b[10:], "an older format (0"),
    (lambda b: b"PNG" + b[3:], "not a state file"),
    (lambda b: b[:-10], "damaged"),
    (lambda b: b[:-5] + bytes([b[-5] ^ 0xFF]) + b[-4:], "damaged"),
    (_other_machine_file, "a state of the LBVM machine, not B32"),
])
def test_a_bad_state_file_is_refused_and_changes_nothing(change, words):
    blob = states.encode(run(invaders(), 40))
    m = run(invaders(), 10)
    before = m.snapshot()
    with pytest.raises(StateError, match=words.replace("(", r"\(")):
        states.load(m, change(blob))
    assert m.snapshot() == before


def test_a_state_of_another_cart_or_a_rebuilt_one_is_refused():
    blob = states.encode(run(invaders(), 40))
    snake = Machine(seed=1)
    snake.load(read(ROOT / "carts" / "snake.b32"))
    with pytest.raises(StateError, match=r"another cart \(invaders\), not snake"):
        states.load(snake, blob)
    cart = read(INVADERS)
    rebuilt = Machine(seed=1)
    rebuilt.load(Cart(cart.load_address, cart.exec_address, cart.data + b"\0", cart.name))
    with pytest.raises(StateError, match="another cart"):
        states.load(rebuilt, blob)


# ---- the command ---------------------------------------------------------------------------------
def _script_args() -> list[str]:
    args = []
    for press in PRESSES:
        args += ["--press", press]
    for typed in TYPED:
        args += ["--type", typed]
    return args


def test_saving_at_100_and_resuming_50_frames_is_150_straight(tmp_path):
    straight, resumed, state = tmp_path / "s.json", tmp_path / "r.json", tmp_path / "100.state"
    base = ["run", str(INVADERS), "--headless", "--seed", "3"] + _script_args()
    assert cli.main(base + ["--frames", "150", "--dump-state", str(straight)]) == 0
    assert cli.main(base + ["--frames", "100", "--save-state", str(state)]) == 0
    assert cli.main(["run", str(INVADERS), "--headless", "--seed", "8", "--frames", "50",
                     "--load-state", str(state), "--dump-state", str(resumed)]
                    + _script_args()) == 0
    assert resumed.read_text() == straight.read_text()
    assert json.loads(resumed.read_text())["frames"] == 150
    assert sorted(p.name for p in tmp_path.iterdir()) == ["100.state", "r.json", "s.json"]


def test_a_bad_state_file_exits_65_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.state"
    bad.write_bytes(b"B32STATE\x01\x00\x02\x00{}")
    assert cli.main(["run", str(INVADERS), "--headless", "--load-state", str(bad)]) == 65
    err = capsys.readouterr().err
    assert err == f"b32 run: {bad}: damaged state file (bad header)\n"
    missing = tmp_path / "none.state"
    assert cli.main(["run", str(INVADERS), "--headless", "--load-state", str(missing)]) == 66
    assert capsys.readouterr().err == f"b32 run: {missing}: no such file\n"


def test_save_state_needs_headless_and_an_unwritable_one_is_73(tmp_path, capsys):
    assert cli.main(["run", str(INVADERS), "--save-state", str(tmp_path / "x")]) == 64
    assert "--save-state needs --headless" in capsys.readouterr().err
    assert cli.main(["run", str(INVADERS), "--headless", "--save-state", "-"]) == 64
    assert capsys.readouterr().err == "b32 run: a state is a file: give its name, not '-'\n"
    target = tmp_path / "no-such-folder-file"
    target.write_text("a file where a folder should be")
    status = cli.main(["run", str(INVADERS), "--headless", "--frames", "2",
                       "--save-state", str(target / "x.state")])
    assert status == 73
    assert capsys.readouterr().err.count("\n") == 1
    assert target.read_text() == "a file where a folder should be"


# ---- rewind --------------------------------------------------------------------------------------
def test_rewind_returns_exactly_the_state_of_n_frames_ago():
    script = InputScript.parse(PRESSES, TYPED)
    m = invaders()
    history = History()
    history.record(m)
    seen = [m.snapshot()]
    for _ in range(140):
        script.apply(m, m.frames)
        m.run_frame()
        history.record(m)
        seen.append(m.snapshot())
    for n in (1, 7, 30):
        assert history.back(m, n) == n
        seen = seen[:-n]
        assert m.snapshot() == seen[-1]
    assert m.frames == 140 - 38
    run(m, 38, InputScript.parse(PRESSES, TYPED))  # play resumes from there
    straight = run(invaders(), 140, InputScript.parse(PRESSES, TYPED))
    assert everything(m) == everything(straight)


def test_rewind_stops_at_the_oldest_frame_and_respects_its_bounds():
    m = invaders()
    history = History(frames=20)
    for _ in range(50):
        m.run_frame()
        history.record(m)
    assert len(history) == 20
    assert history.back(m, 100) == 19 and m.frames == 31
    assert history.back(m, 1) == 0 and m.frames == 31
    small = History(max_bytes=8_000)
    for _ in range(60):
        m.run_frame()
        small.record(m)
    assert 1 < len(small) < 60 and small.bytes <= small.max_bytes
    assert small.bytes == held_bytes(small)


def held_bytes(history: History) -> int:
    """The history's pages counted once each, as ``History.bytes`` should count them."""
    pages = {id(page): page for entry in history._entries for page in entry}
    return sum(len(page) + 48 for page in pages.values())


def test_pages_that_did_not_change_are_shared_and_counted_once():
    m = invaders()
    history = History()
    for _ in range(200):
        m.run_frame()
        history.record(m)
        if m.frames % 50 == 0:
            history.back(m, 13)
    assert history.bytes == held_bytes(history)
    one = len(b"".join(history._entries[-1]))
    assert history.bytes < len(history) * one / 3  # most pages are shared


def test_rewind_after_a_debugger_step_goes_back_to_the_frame_start():
    m = invaders()
    history = History()
    run(m, 10)
    history.record(m)
    start = m.snapshot()
    m.step()
    m.step()
    assert m.snapshot() != start
    assert history.back(m, 1) == 1
    assert m.snapshot() == start


def test_save_register_value_is_part_of_the_state():
    cart = assemble(" ORG $1000\nSTART LDA #1\n STA SAVE\nL WAIT\n JMP L\n END START\n",
                    "s").cart
    m = Machine(seed=1)
    m.load(cart)
    m.run_frame()
    snap = m.snapshot()
    other = Machine(seed=1)
    other.load(cart)
    assert other.peek(mm.SAVE) == 0
    other.restore(snap)
    assert other.peek(mm.SAVE) == 1


def test_a_fifo_or_folder_named_as_the_state_is_refused_without_blocking(tmp_path, capsys):
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (fifo, tmp_path):
        assert cli.main(["run", str(INVADERS), "--headless", "--load-state", str(path)]) == 66
        err = capsys.readouterr().err
        kind = "a FIFO (named pipe)" if path == fifo else "a folder"
        assert err == f"b32 run: {path}: is {kind}, not a state file\n"
