"""Self-modifying code: translated blocks (with live operands) against single stepping.

The fast path (``CPU.run``: translated blocks, operands patched at run time read from memory)
and the slow path (``CPU.step``: one instruction at a time, decoded afresh each time) must end
in the same state: every register, both flag bytes, PC, halted / fault / stop, the cycle count
of every slice and all 64 KiB of memory.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.machines.b32.asm.assembler import assemble
from console.machines.b32.cart import Cart
from console.machines.b32.cpu import BUDGET, HALTED
from console.machines.b32.machine import Machine
from console.machines.base import RunResult
from tests.depth import property_test

ORIGIN = 0x1000
DATA = 0x2000
STATE = ("a", "b", "x", "y", "s", "f", "cf", "pc", "halted", "fault", "stop")


def machine_for(code: bytes) -> Machine:
    machine = Machine(seed=7)
    machine.load(Cart(ORIGIN, ORIGIN, code))
    return machine


def stepped_run(cpu, budget: int) -> RunResult:
    """What ``cpu.run(budget)`` must do, one ``step`` at a time."""
    if cpu.halted:
        return RunResult(0, HALTED)
    cycles = 0
    while cycles < budget:
        result = cpu.step()
        if result.reason != BUDGET:
            return RunResult(cycles + result.cycles, result.reason)
        cycles += result.cycles
    return RunResult(cycles, BUDGET)


def compare(code: bytes, budgets: list[int]) -> tuple[Machine, Machine]:
    fast, slow = machine_for(code), machine_for(code)
    for n, budget in enumerate(budgets):
        got = fast.cpu.run(budget)
        want = stepped_run(slow.cpu, budget)
        where = f"slice {n} (budget {budget})"
        assert (got.cycles, got.reason) == (want.cycles, want.reason), where
        for name in STATE:
            assert getattr(fast.cpu, name) == getattr(slow.cpu, name), f"{where}: {name}"
        assert fast.mem == slow.mem, f"{where}: memory differs at " + ", ".join(
            f"${i:04X}" for i in range(65536) if fast.mem[i] != slow.mem[i])[:200]
    return fast, slow


def program(source: str) -> bytes:
    return assemble(source + "\n        END START\n", origin=ORIGIN).cart.data


# ---- the cases the issue names -----------------------------------------------------------------

def test_a_patched_operand_is_read_at_run_time_and_stops_invalidating():
    code = program("""
START:  LDS #$C000
L:      LDA #0          ; the loop patches this operand every turn
        INCA
        STA L+1
        CMPA #200
        JNE L
        STA $2000
        WAIT
        JMP START
""")
    fast, _ = compare(code, [5000, 5000, 100_000])
    assert fast.mem[0x2000] == 200
    assert fast.cpu.a == 200
    assert 0x1003 in fast.cpu._live  # LDA # now reads its operand from memory
    assert not fast.cpu._no_translate  # and nothing fell back to single stepping


def test_a_block_patches_its_own_next_instruction():
    # STA writes the operand of the ADDA right after it, inside the same block
    code = program("""
START:  LDS #$C000
        LDB #0
L:      LDA #5
        STA NEXT+1
NEXT:   ADDA #0         ; becomes ADDA #5: A = 10
        TFR A,B
        STB $2000
        END
""")
    fast, _ = compare(code, [100_000])
    assert fast.mem[0x2000] == 10


def test_a_patch_changes_instruction_boundaries():
    # the loop rewrites the opcode of SEL: first LDA # (2 bytes), then LDD # (3 bytes), so the
    # following bytes decode differently
    code = program("""
START:  LDS #$C000
        LDY #0
L:      INCY
SEL:    DB $01, $35, $50, $50   ; LDA #$35 / NOP / NOP  or, patched, LDD #$5035 / NOP
        CMPY #3
        JEQ DONE
        LDA #$35
        STA SEL
        JMP L
DONE:   STD $2000
        END
""")
    fast, _ = compare(code, [100_000])
    assert fast.cpu.d == 0x5035
    assert fast.mem[0x2000:0x2002] == bytes([0x35, 0x50])


def test_a_patch_inside_the_running_loop_changes_what_it_stores():
    # a 16-bit STD address patched by the loop itself: a table walk without indexed stores
    code = program("""
START:  LDS #$C000
        LDD #$2000
        STD DST+1
        LDX #0
L:      TFR X,D
DST:    STD $0000
        LDD DST+1
        ADDD #2
        STD DST+1
        INCX
        CMPX #8
        JNE L
        END
""")
    fast, _ = compare(code, [300, 700, 100_000])
    assert list(fast.mem[0x2000:0x2010]) == [b for i in range(8) for b in (i & 255, i >> 8)]


def test_writes_to_opcode_bytes_still_invalidate():
    code = program("""
START:  LDS #$C000
L:      INCA            ; becomes DECA ($14) after the first turn
        LDB #$14
        STB L
        CMPA #250
        JNE L
        END
""")
    fast, _ = compare(code, [100, 100, 100_000])
    assert fast.cpu.a == 250  # 1, then down from 1 by DECA through 0 to 250


# ---- generated self-modifying programs ----------------------------------------------------------

IMM8 = (0x01, 0x22, 0x1F, 0x37, 0x05, 0x06, 0x38, 0x3B, 0x3C)  # LDA LDB ADDA SUBB CMPA CMPB ...
IMM16 = (0x02, 0x23, 0x35, 0x3E, 0x3F, 0x07, 0x09, 0x40)  # LDX LDY LDD ADDD SUBD CMPX CMPD ADDX
INHERENT = (0x0F, 0x10, 0x11, 0x15, 0x19, 0x1B, 0x21, 0x42, 0x4E, 0x50, 0x13)
LOADS = (0x24, 0x25, 0x26, 0x27, 0x28)  # LDA LDB LDD LDX LDY absolute
STORES = (0x29, 0x2A, 0x2B, 0x2C, 0x2D)  # STA STB STD STX STY absolute
INDEXED = (0x03, 0x2E, 0x30, 0x31, 0x33, 0x34)  # STA ,X  LDA ,X  STB ,X  LDA ,Y  STA ,Y  STB ,Y
BRANCHES = (0x0B, 0x0C, 0x0D, 0x0E, 0x4A, 0x4B, 0x0A)  # JEQ JNE JGT JLT JCS JCC JMP

REGISTER_OPS = (0x43, 0x44, 0x45)  # TFR r,r  PUSH r  POP r (A B D X Y)

# an address operand: ("code", offset into the program) or ("data", offset) or a raw word;
# ("ahead", k): the address of the instruction k places further on (a forward skip)
addresses = st.one_of(
    st.tuples(st.just("code"), st.integers(0, 255)),
    st.tuples(st.just("data"), st.integers(0, 15)),
)
instruction = st.one_of(
    st.tuples(st.sampled_from(IMM8), st.integers(0, 255)),
    st.tuples(st.sampled_from(IMM16), st.one_of(st.integers(0, 0xFFFF), addresses)),
    st.tuples(st.sampled_from(INHERENT)),
    st.tuples(st.sampled_from(LOADS + STORES), addresses),
    st.tuples(st.sampled_from(STORES), st.tuples(st.just("code"), st.integers(0, 255))),
    st.tuples(st.sampled_from(INDEXED)),
    st.tuples(st.sampled_from(BRANCHES), st.tuples(st.just("code"), st.integers(0, 255))),
    st.tuples(st.sampled_from(BRANCHES[:-1]), st.tuples(st.just("ahead"), st.integers(1, 10))),
    st.tuples(st.just(0x43), st.tuples(st.integers(0, 4), st.integers(0, 4))),
    st.tuples(st.sampled_from(REGISTER_OPS[1:]), st.tuples(st.integers(0, 4))),
    st.tuples(st.just(0x46), st.tuples(st.just("code"), st.integers(0, 255))),  # JSR
    st.tuples(st.just(0x47)),  # RTS
    st.tuples(st.just(0x4F)),  # WAIT
)


def layout(body: list[tuple]) -> bytes:
    """``LDS #$C000``, the body, ``JMP`` back to the body: a self-modifying program."""
    sizes = [1 + (0 if len(i) == 1 else 1 if i[0] in IMM8 + REGISTER_OPS else 2) for i in body]
    length = 3 + sum(sizes) + 3
    starts = [3 + sum(sizes[:n]) for n in range(len(body) + 1)]  # the last: the final JMP

    def word(value, n: int) -> int:
        if isinstance(value, tuple):
            kind, offset = value
            if kind == "ahead":
                return ORIGIN + starts[min(n + offset, len(body))]
            return ORIGIN + offset % length if kind == "code" else DATA + offset
        return value

    out = bytearray([0x51, 0x00, 0xC0])
    for n, (ins, size) in enumerate(zip(body, sizes, strict=True)):
        out.append(ins[0])
        if ins[0] in REGISTER_OPS:
            regs = ins[1]
            out.append(regs[0] << 4 | regs[1] if len(regs) == 2 else regs[0])
        elif size == 2:
            out.append(ins[1])
        elif size == 3:
            w = word(ins[1], n)
            out += bytes([w & 255, w >> 8])
    out += bytes([0x0A, (ORIGIN + 3) & 255, (ORIGIN + 3) >> 8])
    return bytes(out)


@property_test(400, body=st.lists(instruction, min_size=1, max_size=24),
               budgets=st.lists(st.integers(1, 3000), min_size=1, max_size=5))
def test_generated_self_modifying_programs_match_single_stepping(body, budgets):
    compare(layout(body), budgets)


@property_test(100, value_op=st.sampled_from(IMM8 + IMM16 + LOADS + STORES),
               patcher=st.sampled_from(STORES),
               values=st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=4),
               budgets=st.lists(st.integers(1, 2000), min_size=1, max_size=4))
def test_generated_operand_patching_loops_match_single_stepping(value_op, patcher, values,
                                                                 budgets):
    # a loop that patches the operand of one instruction with a register's changing value,
    # the way carts walk tables: the patched instruction comes after the store in the loop
    size = 2 if value_op in IMM8 else 3
    body: list[tuple] = [(0x35, v) for v in values[:1]]  # LDD #v
    body += [(0x02, ("data", 0)), (0x23, ("data", 4))]  # LDX #data, LDY #data+4
    loop = len(layout(body)) - 3
    body += [(patcher, ("code", loop + 11)), (0x40, 1), (0x3E, 257)]  # store; ADDX #1; ADDD
    body += [(0x50,), (value_op, values[-1] & 255) if size == 2 else (value_op, ("data", 2))]
    body += [(0x0A, ("code", loop))]
    compare(layout(body), budgets)


D_WORK = st.one_of(
    st.tuples(st.sampled_from((0x35, 0x3E, 0x3F, 0x09)), st.integers(0, 0xFFFF)),  # D, word
    st.tuples(st.sampled_from((0x26, 0x2B)), st.tuples(st.just("data"), st.integers(0, 6))),
    st.tuples(st.sampled_from((0x13, 0x18, 0x0F, 0x15, 0x4E, 0x21, 0x19, 0x1C))),
    st.tuples(st.sampled_from((0x01, 0x22, 0x1F, 0x20)), st.integers(0, 255)),
    st.tuples(st.just(0x43), st.tuples(st.integers(0, 4), st.integers(0, 4))),
    st.tuples(st.sampled_from(REGISTER_OPS[1:]), st.tuples(st.integers(0, 4))),
    st.tuples(st.sampled_from(BRANCHES[:-1]), st.tuples(st.just("ahead"), st.integers(1, 4))),
)


@property_test(500, body=st.lists(D_WORK, min_size=2, max_size=30),
               budgets=st.lists(st.integers(1, 400), min_size=1, max_size=4), explicit=[
                   dict(body=[(0x35, 0), (0x3E, 1), (0x43, (0, 1)), (0x3E, 0)],  # TFR A,B
                        budgets=[70]),
                   dict(body=[(0x26, ("data", 0)), (0x45, (2,)), (0x2B, ("data", 2))],  # POP D
                        budgets=[70])])
def test_generated_register_and_d_sequences_match_single_stepping(body, budgets):
    # straight-line work on A, B and D (and forward skips) in a loop: the translator keeps D
    # in a local while it holds A:B, and must notice every write to A or B
    compare(layout(body), budgets)


# ---- stores translated without a check, calls answered in the block, lazy flags ----------------

def test_a_store_translated_before_its_target_was_code_is_dropped_when_the_target_is_translated():
    # the first block stores to T while T is only data (no check is translated); then T is
    # run as code, which throws that block away; its next translation checks the store, so
    # the opcode it stores at T (INCB on even turns, DECB on odd ones) is always the one run
    code = program("""
START:  LDS #$C000
        LDX #0
        WAIT            ; so that a block starts at L
L:      LDB #$10        ; INCB
        TFR X,A
        ANDA #1
        CMPA #1
        JNE EVEN
        LDB #$15        ; DECB
EVEN:   STB T
        WAIT
        JMP T
BACK:   INCX
        CMPX #6
        JNE L
        JMP DONE
T:      DB $10
        JMP BACK
DONE:   STB $2000
        END
""")
    target = ORIGIN + len(code) - 8  # T: before JMP BACK, STB $2000, END
    fast = machine_for(code)
    fast.cpu.run(100)
    fast.cpu.run(100)  # the block at L, up to its WAIT
    assert target in fast.cpu._blocks[ORIGIN + 7].unchecked
    fast.cpu.run(100)  # T runs as code: the block at L that stores to it unchecked is gone
    assert not any(target in fn.unchecked for fn in fast.cpu._blocks.values())
    fast, _ = compare(code, [100, 100, 100, 37, 100, 100, 100, 100, 100, 100_000])
    assert fast.mem[0x2000] == 0x14  # the last turn (X = 5) ran DECB on $15
    assert fast.cpu.x == 6


@pytest.mark.parametrize("other", ["OTHER", "FAR"])
def test_a_subroutine_that_rewrites_its_return_address_leaves_for_the_new_one(other):
    # the return address sits at $BFFE; the subroutine stores over it, so the RTS in the
    # block that made the call must leave for the address the stack holds now (FAR differs
    # from the JSR's return address in its high byte only)
    code = program(f"""
START:  LDS #$C000
        LDX #0
L:      JSR SUB
RET:    INCA            ; skipped: SUB returns elsewhere
        JMP L
OTHER:  INCX
        CMPX #3
        JNE L
        JMP DONE
SUB:    LDD #{other}
        STB $BFFE       ; low byte first, as JSR stores it
        STA $BFFF
        RTS
        ORG RET + $100
FAR:    JMP OTHER
DONE:   END
""")
    fast, _ = compare(code, [30, 100_000])
    assert fast.cpu.x == 3 and fast.cpu.halted


def test_a_stack_on_the_io_page_goes_through_the_bus_in_a_call():
    code = program("""
START:  LDS #$AFB2      ; the stack on the I/O page
        JSR SUB
        STA $2000
        JMP DONE
SUB:    LDA #7
        RTS
DONE:   END
""")
    compare(code, [100_000])


FLAG_WORK = st.one_of(
    st.tuples(st.sampled_from((0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x18, 0x19, 0x1A,
                               0x1B, 0x1C, 0x1D, 0x1E, 0x21, 0x42))),  # INC DEC ROL ROR ADC ADDAB
    st.tuples(st.sampled_from((0x1F, 0x20, 0x36, 0x37, 0x05, 0x06)), st.integers(0, 255)),
    st.tuples(st.sampled_from((0x3E, 0x3F, 0x40, 0x41, 0x07, 0x08, 0x09)),
              st.integers(0, 0xFFFF)),  # ADDD SUBD ADDX ADDY CMPX CMPY CMPD
    st.tuples(st.sampled_from((0x0B, 0x0C, 0x0D, 0x0E, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D)),
              st.one_of(st.tuples(st.just("ahead"), st.integers(1, 6)),
                        st.tuples(st.just("code"), st.integers(0, 60)))),  # every Jcc
    st.tuples(st.sampled_from((0x29, 0x2B)), st.one_of(  # stores: data, or onto the code
        st.tuples(st.just("data"), st.integers(0, 6)), st.tuples(st.just("code"),
                                                                 st.integers(0, 60)))),
    st.tuples(st.just(0x46), st.tuples(st.just("code"), st.integers(0, 60))),  # JSR
    st.tuples(st.just(0x47)),  # RTS
)


@property_test(150, body=st.lists(FLAG_WORK, min_size=2, max_size=24),
               budgets=st.lists(st.integers(1, 500), min_size=1, max_size=5))
def test_generated_flag_work_matches_single_stepping(body, budgets):
    # every instruction that sets or reads OF, C or CF, with side exits, forward skips, loops,
    # calls and stores onto the code: flags left uncomputed in a block must be right wherever
    # the block leaves (a side exit, a store into code, a return, the budget) and where a
    # skipped body joins
    compare(layout(body), budgets)


@pytest.mark.parametrize("stack", ["$AFB2", "L+4", "$C000"])
def test_calls_whose_return_slot_is_checked_once_per_block(stack):
    # the loop's block (entered after the WAIT) makes every call with the same return slot,
    # checked when the block is entered: on the I/O page or over the code itself (the JSR
    # then overwrites the loop's own bytes) it is stepped instead, with the same result
    code = program(f"""
START:  LDS #{stack}
        LDX #0
        WAIT
L:      JSR SUB
        INCX
        CMPX #3
        JNE L
        JMP DONE
SUB:    INCA
        ADDD #$0101
        RTS
DONE:   STD $2000
        END
""")
    fast, _ = compare(code, [100, 100, 7, 100, 100_000])
    assert fast.cpu.halted  # END, or a fault where the JSR rewrote the loop


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(FLAG_WORK, min_size=2, max_size=40),
       budgets=st.lists(st.integers(1, 500), min_size=1, max_size=8))
def test_many_generated_flag_work_programs_match_single_stepping(body, budgets):
    compare(layout(body), budgets)


def test_the_end_of_a_frame_runs_the_part_of_a_block_that_fits():
    # the loop's block does not fit in what is left of each slice: the first instructions
    # that do are translated once as a block of their own (not stepped), with the same result
    code = program("""
START:  LDS #$C000
        LDX #$2000
L:      LDA ,X
        INCA
        STA ,X
        ADDD #3
        STD $2100
        INCX
        CMPX #$2040
        JNE L
        LDX #$2000
        JMP L
""")
    fast, _ = compare(code, [997, 1000, 1003, 1000, 1000, 1000])
    loop = ORIGIN + 6
    assert any(key[0] == loop for key in fast.cpu._blocks if isinstance(key, tuple))


@pytest.mark.parametrize("jump", ["JEQ", "JNE", "JLT", "JGT", "JGE", "JLE"])
@pytest.mark.parametrize("value", [4, 5, 6])
def test_a_jump_on_a_comparison_leaves_cf_right_on_both_paths_of_a_skip(jump, value):
    # CMPA then a forward jump over INCA (which changes what the comparison read): CF is
    # not computed before the jump; each path computes it where it is needed
    code = program(f"""
START:  LDS #$C000
        LDA #{value}
        CMPA #5
        {jump} SKIP
        INCA
SKIP:   WAIT
        CMPA #5
        {jump} OUT
        DECA
        CMPA #3
        JMP START
OUT:    END
""")
    compare(code, [100, 100, 100])
