"""Watch mode without a window: the poller, the session's rebuilds and --keep-ram's rules, all
through the real file system in a temporary folder."""

import os
from datetime import datetime
from pathlib import Path

import pytest

from console.author.session import (
    FAILED,
    MISSING,
    RELOADED,
    WatchSession,
    build_file,
    keep_ram,
    keep_ram_problem,
    waiting_cart,
)
from console.author.watch import FileWatcher
from console.machines.b32.asm.include import source_files
from console.machines.b32.machine import Machine

# A cart that counts frames in COUNT (a byte of its own) and shows the count's low byte as the
# character of cell 0; ``{n}`` is what it adds each frame, ``{extra}`` extra code (moves things).
COUNTER = """\
START:
{extra} LDA #$41
 STA SCREEN
LOOP:
 WAIT
 LDA COUNT
 ADDA #{n}
 STA COUNT
 STA SCREEN+2
 JMP LOOP
COUNT: DB 0
 END START
"""


def counter(n=1, extra=""):
    return COUNTER.format(n=n, extra=extra)


def write(path, text):
    path.write_text(text, encoding="utf-8")


def run_session(session, frames, start=0):
    """Poll for ``frames`` frames from ``start``; the events that came."""
    events = []
    for frame in range(start, start + frames):
        event = session.poll(frame)
        if event is not None:
            events.append((frame, event))
    return events


# ---- the poller ----------------------------------------------------------------------------------
def test_watcher_reports_a_change_once_after_it_settles(tmp_path):
    source = tmp_path / "a.asm"
    write(source, "one")
    watcher = FileWatcher([source], poll_every=2, settle=4)
    assert not any(watcher.poll(f) for f in range(10))
    write(source, "two")
    reports = [f for f in range(10, 30) if watcher.poll(f)]
    # seen at the poll at frame 10, settled by the poll at 14; reported at every poll until
    # the caller says it loaded
    assert reports[0] == 14
    watcher.loaded(watcher.snapshot())
    assert not any(watcher.poll(f) for f in range(30, 60))


def test_watcher_burst_of_write_rename_touch_is_one_change(tmp_path):
    source = tmp_path / "a.asm"
    write(source, "one")
    watcher = FileWatcher([source], poll_every=2, settle=6)
    reports = []
    temp = tmp_path / ".a.asm.tmp"
    steps = {0: lambda: write(temp, "two!"), 3: lambda: os.replace(temp, source),
             6: lambda: os.utime(source)}
    for frame in range(40):
        if frame in steps:
            steps[frame]()
        if watcher.poll(frame):
            reports.append(frame)
            watcher.loaded(watcher.snapshot())
    assert len(reports) == 1 and reports[0] >= 6 + 6


def test_same_size_same_tick_saves_still_differ(tmp_path):
    source = tmp_path / "a.asm"
    write(source, "LDA #1")
    watcher = FileWatcher([source], poll_every=1, settle=0)
    stat = os.stat(source)
    write(source, "LDA #2")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same time and size
    assert watcher.poll(0) is False  # seen...
    assert watcher.poll(1) is True  # ...and settled


def test_source_files_names_nested_and_missing_includes(tmp_path):
    (tmp_path / "lib").mkdir()
    write(tmp_path / "main.asm", ' INCLUDE "lib/a.asm"\n INCLUDE "nope.asm"\n END\n')
    write(tmp_path / "lib" / "a.asm", ' INCLUDE "b.asm"\n')
    write(tmp_path / "lib" / "b.asm", " NOP\n")
    names = [p.relative_to(tmp_path).as_posix() for p in source_files(tmp_path / "main.asm")]
    assert names == ["main.asm", "lib/a.asm", "lib/b.asm", "nope.asm"]


# ---- the session ---------------------------------------------------------------------------
def session_for(path):
    return WatchSession(path, poll_every=2, settle=4, clock=lambda: datetime(2026, 1, 2, 8, 9, 10))


def test_session_rebuilds_on_save_counts_reloads_and_keeps_the_last_good_build(tmp_path,
                                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)  # errors name the source as it was given: game.asm
    source = Path("game.asm")
    write(source, counter(1))
    session = session_for(source)
    first = session.start()
    assert first.kind == RELOADED and session.reloads == 0 and session.title_text == "watching"
    assert run_session(session, 20) == []

    write(source, counter(2))
    events = run_session(session, 20, 20)
    assert [e.kind for _, e in events] == [RELOADED]
    assert session.reloads == 1 and session.title_text == "reload 1 at 08:09:10"
    assert events[0][1].build.cart.data != first.build.cart.data

    good = session.build
    write(source, counter(2).replace(" STA COUNT", " STA COUNT,,\n BOGUS"))
    events = run_session(session, 20, 40)
    assert [e.kind for _, e in events] == [FAILED]
    errors = events[0][1].errors
    assert len(errors) == 2
    assert errors[0].startswith(f"{source}:8:") and errors[1].startswith(f"{source}:9:2: ")
    assert events[0][1].build is None and session.build is good  # the last good one is kept
    assert session.rebuilds == 2 and session.reloads == 1
    assert session.watcher.polls == 60 // 2  # one stat pass every poll_every frames
    assert session.reloads == 1
    panel = session.panel_lines(80)
    assert panel[0] == "2 errors in game.asm - the cart shown is the last good build"
    assert panel[1:] and all(len(line) <= 80 for line in panel)
    assert any(line.startswith(f"{source}:9:2:") for line in panel)


def test_session_watches_included_files_and_new_ones(tmp_path):
    source = tmp_path / "game.asm"
    write(source, ' INCLUDE "lib.asm"\n END START\n')
    write(tmp_path / "lib.asm", "START: WAIT\n JMP START\n")
    session = session_for(source)
    assert session.start().kind == RELOADED
    assert session.files == [source, tmp_path / "lib.asm"]
    write(tmp_path / "lib.asm", "START: WAIT\n LDA #1\n JMP START\n")
    assert [e.kind for _, e in run_session(session, 20)] == [RELOADED]
    # a new INCLUDE of a file that does not exist yet: an error, and the file is watched
    write(source, ' INCLUDE "lib.asm"\n INCLUDE "more.asm"\n END START\n')
    events = run_session(session, 20, 20)
    assert [e.kind for _, e in events] == [FAILED]
    assert "cannot INCLUDE 'more.asm': no such file" in events[0][1].errors[0]
    write(tmp_path / "more.asm", "; nothing yet\n")
    assert [e.kind for _, e in run_session(session, 20, 40)] == [RELOADED]
    assert session.reloads == 2 and session.errors == []


def test_a_deleted_source_is_a_note_and_its_return_reloads(tmp_path):
    source = tmp_path / "game.asm"
    write(source, counter(1))
    session = session_for(source)
    session.start()
    source.unlink()
    events = run_session(session, 20)
    assert [e.kind for _, e in events] == [MISSING]
    assert session.note == "game.asm: no such file (deleted or renamed?); still watching it"
    assert session.panel_lines(80) == ["The source is not there", session.note]
    assert run_session(session, 20, 20) == []  # no repeats while it stays gone
    write(source, counter(3))
    events = run_session(session, 20, 40)
    assert [e.kind for _, e in events] == [RELOADED]
    assert session.note == "" and session.panel_lines(80) == []


def test_an_unreadable_source_is_a_note(tmp_path):
    source = tmp_path / "game.asm"
    write(source, counter(1))
    session = session_for(source)
    session.start()
    source.unlink()
    source.mkdir()  # a folder where the source was: it exists but cannot be read as a file
    events = run_session(session, 20)
    assert [e.kind for _, e in events] == [MISSING]
    assert session.note == "game.asm: is a folder; still watching it"


def test_start_raises_for_a_missing_source_and_waiting_cart_only_waits(tmp_path):
    with pytest.raises(FileNotFoundError):
        WatchSession(tmp_path / "nope.asm").start()
    machine = Machine(seed=1)
    machine.load(waiting_cart("x.asm"))
    screen = machine.screen_bytes()
    for _ in range(5):
        machine.run_frame()
    assert not machine.halted and machine.screen_bytes() == screen


def test_a_b32_cart_is_watched_too(tmp_path):
    source = tmp_path / "game.asm"
    write(source, counter(1))
    cart_path = tmp_path / "game.b32"
    cart_path.write_bytes(build_file(source).cart.to_bytes())
    session = session_for(cart_path)
    assert session.start().kind == RELOADED
    cart_path.write_bytes(b"B3")
    events = run_session(session, 20)
    assert [e.kind for _, e in events] == [FAILED]
    assert "not a B32 cart" in events[0][1].errors[0]


# ---- --keep-ram ----------------------------------------------------------------------------------
def running(text, tmp_path, frames=5):
    source = tmp_path / "k.asm"
    write(source, text)
    build = build_file(source)
    machine = Machine(seed=1)
    machine.load(build.cart)
    for _ in range(frames):
        machine.run_frame()
    return machine, build, source


def test_keep_ram_writes_only_changed_bytes_and_keeps_registers_and_variables(tmp_path):
    machine, old, source = running(counter(1), tmp_path)
    count_at = old.symbols["COUNT"]
    assert machine.mem[count_at] == 4  # the first frame ends at the WAIT before counting
    registers = machine.cpu.registers()
    write(source, counter(7))
    new = build_file(source)
    assert keep_ram_problem(machine, old, new) is None
    assert keep_ram(machine, old, new) == 1  # only the ADDA operand
    assert machine.cpu.registers() == registers and machine.mem[count_at] == 4
    machine.run_frame()
    assert machine.mem[count_at] == 11  # the new code runs on the kept count
    assert machine.cart is new.cart
    machine.reset()
    assert machine.mem[count_at] == 0


def test_keep_ram_refuses_when_the_layout_moves_or_the_cart_stopped(tmp_path):
    machine, old, source = running(counter(1), tmp_path)
    write(source, counter(1, extra=" LDB #1\n"))
    moved = build_file(source)
    assert keep_ram_problem(machine, old, moved) == "the code at $1002 moved or changed size"
    assert keep_ram_problem(machine, None, moved) == "there was no good build running"
    write(source, " ORG $2000\n" + counter(1))
    elsewhere = build_file(source)
    assert keep_ram_problem(machine, old, elsewhere).startswith("the cart moved (load $1000")
    write(source, counter(1).replace("COUNT: DB 0", "COUNT: DB 0\nMORE: DB 1,2"))
    grown = build_file(source)
    assert keep_ram_problem(machine, old, grown) is None  # added at the end: safe
    assert "is gone" in keep_ram_problem(machine, grown, old)
    machine.cpu.halted = True
    assert keep_ram_problem(machine, old, grown) == "the cart had ended"
    machine.cpu.fault = "boom"
    assert keep_ram_problem(machine, old, grown) == "the cart had faulted"


def test_keep_ram_refuses_a_b32_without_layout(tmp_path):
    machine, old, source = running(counter(1), tmp_path)
    cart_path = tmp_path / "k.b32"
    cart_path.write_bytes(old.cart.to_bytes())
    assert keep_ram_problem(machine, build_file(cart_path), old) == (
        "a .b32 cart has no source layout to compare")


def test_an_lbvm_source_is_watched_and_its_errors_name_the_line(tmp_path):
    source = tmp_path / "hello.asm"
    program = '%include "instructions.asm"\nlbSET r1, {c}\nlbOUT r1\nl: lbSET IP, l\n'
    write(source, program.format(c="'A'"))
    session = session_for(source)
    first = session.start()
    assert first.kind == RELOADED and bytes(first.build.cart.data)[:4] == bytes([3, 1, 65, 0])
    write(source, program.format(c="'B'"))
    events = run_session(session, 20)
    assert [e.kind for _, e in events] == [RELOADED]
    assert bytes(events[0][1].build.cart.data)[:4] == bytes([3, 1, 66, 0])
    write(source, program.format(c="'B'") + "lbBOGUS r1\n")
    events = run_session(session, 20, 20)
    assert [e.kind for _, e in events] == [FAILED]
    assert events[0][1].errors[0].startswith(f"{source}:5:")
    assert bytes(session.build.cart.data)[:4] == bytes([3, 1, 66, 0])  # the last good build
