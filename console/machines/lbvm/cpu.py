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

_SMC_LIMIT = 4  # translations of one block thrown away before it is only ever stepped
_STEP_CACHE_LIMIT = 65536


class CPU:
    __slots__ = ("mem", "watch", "r", "zf", "cf", "of", "length", "out", "halted", "fault",
                 "ended", "stop", "cycles", "breakpoints", "last",
                 "_blocks", "_covers", "_steps", "_smc_count", "_no_translate")

    def __init__(self, out) -> None:
        self.mem = bytearray(MEMORY_SIZE)
        self.watch = bytearray(MEMORY_SIZE)  # 1 where a byte belongs to translated code
        self.out = out  # called with each printed byte
        self.length = 0  # the program's length: IP at or past it ends the program
        self.breakpoints: set[int] = set()
        self.last: Decoded | None = None
        self._blocks: dict[int, object] = {}
        self._covers: dict[int, set[int]] = {}
        self._steps: dict[tuple[int, bytes], object] = {}
        self._smc_count: dict[int, int] = {}
        self._no_translate: set[int] = set()
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
        for addr in self._covers:
            self.watch[addr] = 0
        self._blocks.clear()
        self._covers.clear()
        self._steps.clear()
        self._smc_count.clear()
        self._no_translate.clear()

    def code_written(self, addr: int) -> None:
        """A store landed on translated code: drop every block holding that byte."""
        for start in self._covers.pop(addr, ()):
            fn = self._blocks.pop(start, None)
            if fn is None:
                continue
            count = self._smc_count[start] = self._smc_count.get(start, 0) + 1
            if count >= _SMC_LIMIT:
                self._no_translate.add(start)
            for other in fn.covers:
                holders = self._covers.get(other)
                if holders is not None:
                    holders.discard(start)
                    if not holders:
                        del self._covers[other]
                        self.watch[other] = 0
        self.watch[addr] = 0

    def add_breakpoint(self, addr: int) -> None:
        self.breakpoints.add(addr)
        self.flush()

    def remove_breakpoint(self, addr: int) -> None:
        self.breakpoints.discard(addr)
        self.flush()

    def _translate(self, pc: int):
        if pc in self._no_translate or pc in self.breakpoints:
            return self._step_one
        trace = scan(self.mem, pc, self.length, self._no_translate | self.breakpoints)
        if trace is None:
            return self._step_one
        fn = compile_block(self, trace)
        covers = fn.covers = trace.covers()
        for addr in covers:
            self._covers.setdefault(addr, set()).add(pc)
            self.watch[addr] = 1
        self._blocks[pc] = fn
        return fn

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
        key = (ins.address, ins.raw)
        fn = self._steps.get(key)
        if fn is None:
            if len(self._steps) >= _STEP_CACHE_LIMIT:
                self._steps.clear()
            fn = self._steps[key] = compile_block(self, Trace.single(ins), single=True)
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
        blocks = self._blocks
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
