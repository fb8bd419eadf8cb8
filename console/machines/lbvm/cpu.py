"""The LBVM CPU: registers, flags, 1 MiB of memory and execution on a cycle budget (LBVM.md
sections 1-4).

Execution goes through code translated by ``console.machines.lbvm.jit``: blocks for running and
one-instruction functions for stepping, both generated from ``console.machines.lbvm.isa``.
Ending (running off the program, an unknown opcode) and the faults found before an instruction
starts (a bad register, operand bytes past memory) are decided here, once, by ``decode_at``.
"""

from __future__ import annotations

from console.machines.base import RunResult, Stop
from console.machines.lbvm.isa import FLAG_BITS, INITIAL_SP, MEMORY_SIZE, REGISTER_COUNT, SP
from console.machines.lbvm.jit import (
    NEED_STEP,
    STOPPED,
    Decoded,
    Trace,
    compile_block,
    decode_at,
    scan,
)
from console.machines.translation import BlockCache


class CPU:
    __slots__ = ("mem", "watch", "r", "zf", "cf", "of", "length", "out", "halted", "fault",
                 "ended", "stop", "cycles", "breakpoints", "last", "code", "live")

    def __init__(self, out) -> None:
        self.mem = bytearray(MEMORY_SIZE)
        self.watch = bytearray(MEMORY_SIZE)  # 1 where a byte belongs to translated code
        self.out = out  # called with each printed byte
        self.length = 0  # the program's length: IP at or past it ends the program
        self.breakpoints: set[int] = set()
        self.last: Decoded | None = None
        self.code = BlockCache(self.watch)  # the translated code
        self.live: set[int] = set()  # instructions whose word operand was stored to
        self.reset()

    def reset(self) -> None:
        self.r = [0] * REGISTER_COUNT
        self.r[SP] = INITIAL_SP
        self.zf = self.cf = self.of = 0
        self.halted = False
        self.fault: str | None = None
        self.ended: str | None = None
        self.stop: Stop | None = None
        self.cycles = 0
        self.flush()

    @property
    def ip(self) -> int:
        return self.r[9]

    @property
    def flags(self) -> int:
        """The article's EFLAG: bit 0 ZF, bit 1 CF, bit 2 OF."""
        return self.zf | self.cf << 1 | self.of << 2

    @flags.setter
    def flags(self, value: int) -> None:
        self.zf, self.cf, self.of = (1 if value & FLAG_BITS[n] else 0 for n in ("ZF", "CF", "OF"))

    # ---- translated code ---------------------------------------------------------------------
    def flush(self) -> None:
        """Forget every translation (after memory was rewritten as a whole)."""
        self.code.clear()
        self.live.clear()

    def code_written(self, addr: int) -> None:
        """A store landed on translated code (the translated stores call this). A store onto
        an instruction's word operand makes it read the word at run time from then on, so
        that patching it again costs what any store costs."""
        owner = self.code.written(addr)
        if owner is not None:
            self.live.add(owner)

    def set_breakpoint(self, addr: int, on: bool) -> None:
        """Set or clear a breakpoint; blocks are made again around it."""
        if on:
            self.breakpoints.add(addr)
        else:
            self.breakpoints.discard(addr)
        self.code.clear()

    def _translate(self, pc: int):
        """The block at ``pc``, made now; or the stepper where no block may start."""
        code = self.code
        if pc in code.refused or pc in self.breakpoints:
            return self._step_one
        trace = scan(self.mem, pc, self.length, code.refused | self.breakpoints)
        if trace is None:
            return self._step_one
        live = trace.live(self.live)
        return code.add(pc, compile_block(self, trace, live=live), trace.covers(live),
                        trace.baked_operands(live))

    # ---- execution ---------------------------------------------------------------------------
    def _stop_here(self, reason: Stop, why: str, cycles: int) -> int:
        if reason is Stop.END:
            self.ended = why
        else:
            self.fault = why
        self.halted = True
        self.stop = reason
        self.cycles = cycles
        return STOPPED

    def _step_one(self, c: CPU, cycles: int, budget: int) -> int:
        """Run the one instruction at IP; the same contract as a translated block."""
        ins = decode_at(self.mem, self.r[9], self.length)
        if not isinstance(ins, Decoded):
            self.last = None
            return self._stop_here(*ins, cycles)
        self.last = ins
        fn = self.code.stepper((ins.address, ins.raw),
                               lambda: compile_block(self, Trace.single(ins), single=True))
        return fn(self, cycles, budget)

    def step(self) -> RunResult:
        """Run exactly one instruction (or report why none ran)."""
        if self.halted:
            return RunResult(0, Stop.HALTED)
        self.stop = None
        result = self._step_one(self, 0, 1)
        if result == STOPPED:
            return RunResult(self.cycles, self.stop)
        return RunResult(result, Stop.BUDGET)

    def run_observed(self, budget: int, observe) -> RunResult:
        """Like ``run``, one instruction at a time, calling ``observe(decoded)`` after each
        one that ran (for traces)."""
        if self.halted:
            return RunResult(0, Stop.HALTED)
        self.stop = None
        cycles = 0
        first = True
        while cycles < budget:
            if self.breakpoints and self.r[9] in self.breakpoints and not first:
                return RunResult(cycles, Stop.BREAK)
            first = False
            result = self._step_one(self, cycles, budget)
            if result == STOPPED:
                return RunResult(self.cycles, self.stop)
            cycles = result
            observe(self.last)
        return RunResult(cycles, Stop.BUDGET)

    def run(self, budget: int) -> RunResult:
        """Run until ``budget`` cycles are spent, the program ends or faults, or a breakpoint."""
        if self.halted:
            return RunResult(0, Stop.HALTED)
        self.stop = None
        blocks = self.code.blocks
        translate = self._translate
        step_one = self._step_one
        breakpoints = self.breakpoints
        r = self.r
        cycles = 0
        first = True
        while cycles < budget:
            pc = r[9]
            if breakpoints and pc in breakpoints and not first:
                return RunResult(cycles, Stop.BREAK)
            first = False
            fn = blocks.get(pc) or translate(pc)
            result = fn(self, cycles, budget)
            if result >= 0:
                cycles = result
                continue
            if result == NEED_STEP:
                result = step_one(self, cycles, budget)
                if result >= 0:
                    cycles = result
                    continue
            return RunResult(self.cycles, self.stop)
        return RunResult(cycles, Stop.BUDGET)
