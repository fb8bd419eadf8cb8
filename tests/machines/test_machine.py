"""The machine around the CPU: reset state, the cycle budget, the I/O page, self-modifying code."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import strategies as st

from console.machines.b32 import memmap as mm
from console.machines.b32.asm import assemble
from console.machines.b32.cart import Cart
from console.machines.b32.machine import Machine
from tests.cpu_helpers import make_machine
from tests.depth import property_test

# ---- reset -------------------------------------------------------------------------------------


def test_reset_state():
    m = make_machine(b"\x04")
    assert m.mem[mm.SCREEN : mm.SCREEN_END] == bytes([0x20, 0x07]) * 2000
    assert m.mem[0:0x1000] == bytes(0x1000)
    assert m.mem[0xB000:] == bytes(0x5000)
    assert m.cpu.registers() == {"A": 0, "B": 0, "D": 0, "X": 0, "Y": 0, "S": 0, "PC": 0x1000}
    assert (m.cpu.f, m.cpu.cf) == (0, 0)


def test_reset_reloads_cart_and_clears_state():
    m = make_machine(b"\x01\x41\x02\x00\xA0\x03\x04")
    m.run_frame()
    assert m.screen_lines()[0] == "A" and m.halted
    m.mem[0x1001] = 0x42  # scribble over the program
    m.reset()
    assert not m.halted and m.cpu.pc == 0x1000 and m.screen_lines()[0] == ""
    m.run_frame()
    assert m.screen_lines()[0] == "A"


def test_cart_bytes_on_screen_show_at_once():
    m = Machine()
    m.load(Cart(0xA000, 0x1000, b"H\x1fI\x1f"))
    assert m.screen_lines()[0] == "HI"
    assert m.attribute_lines()[0].startswith("1f1f0707")


# ---- time --------------------------------------------------------------------------------------


def test_budget_bounds_an_endless_loop():
    m = make_machine(b"\x0A\x00\x10", cycles=1000)  # JMP to itself
    frame = m.run_frame()
    # each JMP costs 3; the one that starts at 999 overshoots to 1002, and is the last
    assert (frame.reason, frame.cycles) == ("budget", 1002)
    assert m.run_frame().cycles == 1002  # the overshoot is not carried


def test_instruction_starts_only_below_budget():
    m = make_machine(b"\x0F" * 10 + b"\x04", cycles=4)  # INCA costs 1
    frame = m.run_frame()
    assert (frame.cycles, m.cpu.a) == (4, 4)
    m.run_frame()
    assert m.cpu.a == 8


def test_budget_exact_inside_translated_loop():
    # L: INCX ; JMP L  -- 4 cycles a turn; budget 10 runs INCX,JMP,INCX,JMP,INCX,(JMP starts at 9)
    m = make_machine(b"\x11\x0A\x00\x10", cycles=10)
    frame = m.run_frame()
    assert (frame.cycles, m.cpu.x, m.cpu.pc) == (12, 3, 0x1000)


def test_frame_counter_reads_completed_frames():
    # LDD FRAME ; STD $3000 ; WAIT ; JMP 0
    m = make_machine(b"\x26\xA4\xAF\x2B\x00\x30\x4F\x0A\x00\x10")
    seen = []
    for _ in range(3):
        m.run_frame()
        seen.append(m.mem[0x3000] | m.mem[0x3001] << 8)
    assert seen == [0, 1, 2]


# ---- the I/O page ------------------------------------------------------------------------------


def _io_program(*body: bytes) -> Machine:
    return make_machine(b"".join(body) + b"\x04")


def test_key_queue_reads_oldest_and_counts():
    m = _io_program(b"\x25\xA1\xAF", b"\x24\xA0\xAF", b"\x29\x00\x30", b"\x24\xA0\xAF",
                    b"\x29\x01\x30", b"\x24\xA0\xAF", b"\x29\x02\x30")
    m.queue_key(0x41)
    m.queue_key(0x42)
    m.run_frame()
    assert m.cpu.b == 2
    assert bytes(m.mem[0x3000:0x3003]) == b"AB\x00"


def test_key_queue_holds_sixteen_and_write_clears():
    m = Machine()
    for code in range(20):
        m.queue_key(code + 1)
    assert m.bus.read(mm.KEYCOUNT) == 16
    m.bus.write(mm.KEY, 0)
    assert m.bus.read(mm.KEYCOUNT) == 0 and m.bus.read(mm.KEY) == 0


def test_buttons_and_pressed():
    m = make_machine(b"\x24\xA2\xAF\x25\xA3\xAF\x4F\x0A\x00\x10")
    m.button_down(mm.BUTTON_LEFT | mm.BUTTON_A)
    m.run_frame()
    assert (m.cpu.a, m.cpu.b) == (0x14, 0x14)
    m.run_frame()  # still held: no longer newly pressed
    assert (m.cpu.a, m.cpu.b) == (0x14, 0)
    m.button_up(mm.BUTTON_LEFT | mm.BUTTON_A)
    m.button_down(mm.BUTTON_UP)
    m.button_up(mm.BUTTON_UP)  # a tap between two frames is not lost
    m.run_frame()
    assert (m.cpu.a, m.cpu.b) == (0, mm.BUTTON_UP)


def test_random_is_seedable_and_reseeds_on_write():
    def sequence(seed):
        m = Machine(seed=seed)
        return [m.bus.read(mm.RANDOM) for _ in range(8)]

    assert sequence(7) == sequence(7)
    assert sequence(7) != sequence(8)
    m = Machine(seed=1)
    m.bus.write(mm.RANDOM, 99)
    first = [m.bus.read(mm.RANDOM) for _ in range(4)]
    m.bus.write(mm.RANDOM, 99)
    assert [m.bus.read(mm.RANDOM) for _ in range(4)] == first
    values = {m.bus.read(mm.RANDOM) for _ in range(2000)}
    assert len(values) > 200


def test_writable_registers_read_back():
    m = Machine()
    for addr, value in [(mm.CURSOR, 1), (mm.CURSORPOS, 0xCF), (mm.CURSORPOS + 1, 0x07),
                        (mm.BORDER, 4), (mm.VIDEOMODE, 2), (mm.TONE, 0xB8), (mm.TONE + 1, 1),
                        (mm.TONETIME, 30), (mm.VOLUME, 12)]:
        m.bus.write(addr, value)
        assert m.bus.read(addr) == value
    assert m.video.cursor_pos == 0x07CF and m.beeper.tone == 440
    assert m.video.border == 4 and m.video.video_mode == 2


def test_read_only_and_unused_addresses():
    m = Machine()
    m.bus.write(mm.BUTTONS, 0xFF)
    m.bus.write(mm.FRAME, 0xFF)
    assert m.bus.read(mm.BUTTONS) == 0 and m.bus.read(mm.FRAME) == 0
    for addr in (0xAFA7, 0xAFAD, 0xAFB4, 0xAFFF):
        m.bus.write(addr, 0x55)
        assert m.bus.read(addr) == 0
        assert m.mem[addr] == 0


def test_tonetime_counts_down_and_silences():
    m = make_machine(b"\x35\xB8\x01\x2B\xB0\xAF\x01\x0F\x29\xB3\xAF\x01\x03\x29\xB2\xAF"
                     b"\x4F\x0A\x10\x10")
    m.run_frame()
    assert (m.beeper.frequency, m.bus.read(mm.TONETIME)) == (440, 2)
    m.run_frame()
    assert m.beeper.frequency == 440
    m.run_frame()
    assert m.beeper.frequency == 0 and m.bus.read(mm.TONE) == 0xB8


def test_stack_and_words_go_through_the_io_page():
    # LDS #$AFA2 ; PUSH X  -> writes $AFA0 (clears the key queue) and $AFA1 (read-only)
    m = make_machine(b"\x51\xA2\xAF\x23\x00\x00\x44\x03\x04")
    m.queue_key(1)
    m.run_frame()
    assert m.bus.read(mm.KEYCOUNT) == 0


def test_instruction_fetch_through_io_page():
    # JMP $AFA0: the fetch reads KEY, which pops the queue; a queued $04 (END) halts there
    m = make_machine(b"\x0A\xA0\xAF")
    m.queue_key(0x04)
    frame = m.run_frame()
    assert (frame.reason, m.cpu.pc) == ("end", 0xAFA1)
    m = make_machine(b"\x0A\xA0\xAF")
    frame = m.run_frame()
    assert m.fault == "unknown opcode $00 at $AFA0"


# ---- self-modifying code -----------------------------------------------------------------------


def test_self_modifying_code_is_seen():
    # 1000: LDA #1 ; ADDA #1 ; STA $1001 (its own operand) ; JMP 1000 -- 11 cycles a turn
    m = make_machine(b"\x01\x01\x1F\x01\x29\x01\x10\x0A\x00\x10", cycles=110)
    m.run_frame()
    assert (m.cpu.a, m.mem[0x1001]) == (11, 11)


def test_patched_operand_in_hot_loop():
    # X counts up; each turn writes X's low byte into the operand of "LDA #0" then runs it.
    program = bytes([
        0x11,              # 1000 INCX
        0x43, 0x30,        # 1001 TFR X,A
        0x29, 0x07, 0x10,  # 1003 STA $1007
        0x01, 0x00,        # 1006 LDA #0  (operand patched)
        0x29, 0x00, 0x30,  # 1008 STA $3000
        0x07, 0xE8, 0x03,  # 100B CMPX #1000
        0x0C, 0x00, 0x10,  # 100E JNE $1000
        0x04,
    ])
    m = make_machine(program)
    frame = m.run_frame()
    assert frame.reason == "end"
    assert m.mem[0x3000] == 1000 & 0xFF


# ---- equivalence of the translated blocks and single steps -------------------------------------

_SAFE_OPS = [op for op in range(0x01, 0x52) if op not in (0x04, 0x4F)]


@property_test(150, st.lists(st.integers(0, 255), min_size=1, max_size=60),
               st.integers(0, 0xFFFF), st.integers(0, 0xFFFF), st.integers(0, 0xFFFF))
def test_blocks_and_steps_agree(program, x, y, d):
    """Any byte string runs to the same state translated in blocks or one step at a time."""
    budget = 400

    def start():
        m = make_machine(bytes(program), cycles=budget)
        m.cpu.x, m.cpu.y, m.cpu.d, m.cpu.s = x, y, d, 0xC000
        return m

    fast = start()
    frame = fast.run_frame()
    slow = start()
    spent = 0
    while spent < budget:
        result = slow.step()
        spent += result.cycles
        if result.reason in ("wait", "end", "fault"):
            break
    assert (fast.cpu.registers(), fast.cpu.f, fast.cpu.cf) == (
        slow.cpu.registers(), slow.cpu.f, slow.cpu.cf)
    assert (fast.fault, fast.halted) == (slow.fault, slow.halted)
    assert frame.cycles == spent
    assert fast.mem == slow.mem


@pytest.mark.slow  # a whole program in a subprocess
def test_core_never_imports_pygame():
    """Every module outside console/frontend (machines, debug, shell, author, commands)
    imports without pygame."""
    code = (
        "import sys, pkgutil, importlib, console\n"
        "names = [m.name for m in pkgutil.walk_packages(console.__path__, 'console.')\n"
        "         if '.frontend' not in m.name and '__main__' not in m.name]\n"
        "for n in names: importlib.import_module(n)\n"
        "bad = [m for m in sys.modules if m == 'pygame' or m.startswith('pygame.')]\n"
        "print(len(names), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert int(out.stdout.split()[0]) >= 10


def _instruction(draw_op, operand):
    from console.machines.b32.isa import DECODE

    op = DECODE[draw_op]
    size = op.length - 1
    return bytes([draw_op]) + operand.to_bytes(2, "little")[:size]


_DEFINED = [op.byte for op in __import__("console.machines.b32.isa", fromlist=["OPCODES"]).OPCODES
            if op.byte != 0x04]
_ADDRESSES = st.one_of(
    st.integers(0x1000, 0x1040),  # the program itself: self-modifying code
    st.integers(0xAFA0, 0xAFB4),  # the I/O page
    st.integers(0xFFF0, 0xFFFF),  # wrap-around
    st.integers(0, 0xFFFF),
)


@st.composite
def _programs(draw):
    count = draw(st.integers(1, 25))
    parts = []
    for _ in range(count):
        op = draw(st.sampled_from(_DEFINED))
        if op in (0x43,):
            operand = draw(st.integers(0, 5)) << 4 | draw(st.integers(0, 5))
        elif op in (0x44, 0x45):
            operand = draw(st.integers(0, 5))
        else:
            operand = draw(_ADDRESSES)
        parts.append(_instruction(op, operand))
    return b"".join(parts) + b"\x04"


@property_test(300, _programs(), st.integers(0, 0xFFFF), st.integers(0, 0xFFFF),
               st.integers(1, 700))
def test_valid_programs_agree_in_blocks_and_steps(program, x, d, budget):
    """Programs of real instructions (jumps into themselves, stores onto their own code, the
    I/O page and the top of memory) reach the same state both ways, on any budget."""

    def start():
        m = make_machine(program, cycles=budget)
        m.queue_key(5)
        m.cpu.x, m.cpu.y, m.cpu.d, m.cpu.s = x, 0x1010, d, 0xC000
        return m

    fast = start()
    frames_fast = [fast.run_frame() for _ in range(3)]
    slow = start()
    frames_slow = []
    for _ in range(3):
        slow.bus.start_frame()
        spent, reason = 0, "budget"
        while spent < budget and not slow.halted:
            result = slow.step()
            spent += result.cycles
            if result.reason in ("wait", "end", "fault"):
                reason = result.reason
                break
        if slow.halted and spent == 0 and reason == "budget":
            reason = "halted"
        slow.bus.end_frame()
        frames_slow.append((spent, reason))
    assert [(f.cycles, f.reason) for f in frames_fast] == frames_slow
    assert (fast.cpu.registers(), fast.cpu.f, fast.cpu.cf, fast.fault) == (
        slow.cpu.registers(), slow.cpu.f, slow.cpu.cf, slow.fault)
    assert fast.mem == slow.mem


def test_data_dirs_prefer_the_checkout_then_the_install(tmp_path):
    from console.resources import SOURCE_ROOT, data_dir

    checkout, installed = tmp_path / "src", tmp_path / "share"
    (installed / "fonts").mkdir(parents=True)
    assert data_dir("fonts", (checkout, installed)) == installed / "fonts"
    (checkout / "fonts").mkdir(parents=True)
    assert data_dir("fonts", (checkout, installed)) == checkout / "fonts"
    assert data_dir("nothing", (checkout, installed)) == checkout / "nothing"
    assert (data_dir("fonts") / "moderndos-8x16.bin").is_file()
    assert data_dir("carts") == SOURCE_ROOT / "carts"


# ---- the I/O page as a port table ----------------------------------------------------------------


def test_a_device_attached_to_a_free_address_sees_the_cpus_reads_and_writes():
    from console.machines.b32.devices import Device

    class Latch(Device):
        SIZE = 2

        def __init__(self):
            self.values = [0, 0]
            self.reads = 0

        def reset(self):
            self.values = [0, 0]

        def read(self, port):
            self.reads += 1
            return self.values[port]

        def peek(self, port):
            return self.values[port]

        def write(self, port, value):
            self.values[port] = value

    m = Machine(seed=1)
    latch = m.bus.attach(0xAFB8, Latch())
    m.load(assemble(" ORG $1000\nSTART: LDA #$5A\n STA $AFB9\n LDA $AFB9\n STA $2000\n"
                    " END START\n").cart)
    m.run_frame()
    assert latch.values == [0, 0x5A] and m.mem[0x2000] == 0x5A and latch.reads == 1
    assert m.peek(0xAFB9) == 0x5A and latch.reads == 1  # peeking is not reading
    m.reset()
    assert latch.values == [0, 0]


def test_ports_cannot_overlap_or_leave_the_io_page():
    from console.machines.b32.devices import Video

    m = Machine(seed=1)
    with pytest.raises(ValueError, match="already belongs"):
        m.bus.attach(mm.BORDER, Video())
    with pytest.raises(ValueError, match="not on the I/O page"):
        m.bus.attach(0x1000, Video())


def test_unused_io_addresses_read_zero_and_ignore_writes():
    m = Machine(seed=1)
    m.bus.write(0xAFF0, 0x77)
    assert m.bus.read(0xAFF0) == 0 and m.peek(0xAFF0) == 0 and m.mem[0xAFF0] == 0


def test_the_b32_machine_offers_the_whole_protocol():
    from console.machines import base

    m = Machine(seed=1)
    assert isinstance(m, base.Machine)
    members = [name for name in dir(base.Machine) if not name.startswith("_")]
    members += list(base.Machine.__annotations__)
    missing = [name for name in members if not hasattr(m, name)]
    assert missing == []
    assert [r.name for r in m.REGISTERS if r.counter] == ["PC"]
    assert {r.name for r in m.REGISTERS if r.flags} == {"CF", "F"}
