"""The B32 CPU: registers, and execution on a cycle budget (HARDWARE.md sections 1, 4, 5).

Execution goes through code translated by ``console.machines.b32.jit``: blocks for running, and
one-instruction functions for stepping, both generated from the effects in
``console.machines.b32.isa``.
The interface is small on purpose (``reset``, ``run``, ``step`` and the register attributes),
so that a faster engine can replace this one without touching anything else.
"""

from __future__ import annotations

from bisect import bisect_left

from console.machines.b32.bus import WATCH_CODE, Bus
from console.machines.b32.decoder import Decoded, decode
from console.machines.b32.isa import REGISTER_LIST
from console.machines.b32.jit import MAX_BLOCK, NEED_STEP, STOPPED, Trace, compile_block, scan
from console.machines.base import RunResult, Stop

# Why a slice of execution ended (console.machines.base.Stop), by their short names.
BUDGET, WAIT, END, FAULT, HALTED, BREAK = (Stop.BUDGET, Stop.WAIT, Stop.END, Stop.FAULT,
                                           Stop.HALTED, Stop.BREAK)

_SMC_LIMIT = 4  # translations of one block thrown away by stores onto its opcode bytes (or
#                 onto operands that cannot be read at run time) before it is only ever stepped
_STEP_CACHE_LIMIT = 65536
_BLOCK_LIMIT = 16384  # translations kept (blocks and the shorter ones that end a frame)
_BY_NAME = {r.name: r for r in REGISTER_LIST}
_VALUE_REGISTERS = tuple(r.name for r in REGISTER_LIST if not r.flags)


class CPU:
    __slots__ = (
        "bus", "mem", "watch", "a", "b", "x", "y", "s", "pc", "f", "cf",
        "halted", "fault", "stop", "cycles", "breakpoints", "last",
        "_blocks", "_covers", "_steps", "_smc_count", "_no_translate", "_broke_at", "_live",
        "_stores_to",
    )

    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self.mem = bus.mem
        self.watch = bus.watch
        bus.on_code_write = self.code_written
        self.breakpoints: set[int] = set()
        self.last: Decoded | None = None  # the instruction the last single step ran
        self._blocks: dict[int, object] = {}
        self._covers: dict[int, set[int]] = {}  # address -> starts of blocks holding it
        self._steps: dict[tuple[int, bytes], object] = {}
        self._smc_count: dict[int, int] = {}
        self._no_translate: set[int] = set()
        # addresses of instructions whose operand was patched: translated to read it at run time
        self._live: set[int] = set()
        # address -> starts of blocks that store there without checking for code
        self._stores_to: dict[int, set[int]] = {}
        self.reset()

    # ---- state -------------------------------------------------------------------------------
    def reset(self, pc: int = 0) -> None:
        self.a = self.b = self.x = self.y = self.s = 0
        self.f = self.cf = 0
        self.pc = pc & 0xFFFF
        self._broke_at: int | None = None  # where the last run stopped at a breakpoint
        self.halted = False
        self.fault: str | None = None
        self.stop: str | None = None
        self.cycles = 0
        self.flush()

    @property
    def d(self) -> int:
        return self.a << 8 | self.b

    @d.setter
    def d(self, value: int) -> None:
        self.a = value >> 8 & 0xFF
        self.b = value & 0xFF

    def registers(self) -> dict[str, int]:
        """The value registers of ``isa.REGISTER_LIST`` (A B D X Y S PC), by name."""
        return {name: getattr(self, name.lower()) for name in _VALUE_REGISTERS}

    def set_register(self, name: str, value: int) -> None:
        """Set a register of ``isa.REGISTER_LIST`` by name (cut to its width)."""
        register = _BY_NAME.get(name.upper())
        if register is None:
            raise KeyError(name)
        setattr(self, register.name.lower(), value & register.mask)

    # ---- translated code ---------------------------------------------------------------------
    def flush(self) -> None:
        """Forget every translation (after the memory was rewritten as a whole)."""
        for addr in self._covers:
            self.watch[addr] &= ~WATCH_CODE
        self._blocks.clear()
        self._covers.clear()
        self._steps.clear()
        self._smc_count.clear()
        self._no_translate.clear()
        self._live.clear()
        self._stores_to.clear()

    def code_written(self, addr: int) -> None:
        """A write landed on translated code: drop every block holding that byte. When the
        byte is an operand that can be read at run time, its instruction becomes live and the
        block's next translation no longer bakes it in (so it is not counted against the
        block)."""
        for start in self._covers.pop(addr, ()):
            fn = self._blocks.get(start)
            owner = None if fn is None else fn.baked_operands.get(addr)
            if owner is not None:
                self._live.add(owner)
            self._drop_block(start, counted=owner is None)
        self.watch[addr] &= ~WATCH_CODE

    def _drop_block(self, start, counted: bool = True) -> None:
        fn = self._blocks.pop(start, None)
        if fn is None:
            return
        if counted and isinstance(start, int):  # not a frame's end (pc, length)
            count = self._smc_count.get(start, 0) + 1
            self._smc_count[start] = count
            if count >= _SMC_LIMIT:
                self._no_translate.add(start)
        for addr in fn.unchecked:
            storers = self._stores_to.get(addr)
            if storers is not None:
                storers.discard(start)
        for addr in fn.covers:
            holders = self._covers.get(addr)
            if holders is not None:
                holders.discard(start)
                if not holders:
                    del self._covers[addr]
                    self.watch[addr] &= ~WATCH_CODE

    def add_breakpoint(self, addr: int) -> None:
        self.breakpoints.add(addr & 0xFFFF)
        self.flush()

    def remove_breakpoint(self, addr: int) -> None:
        self.breakpoints.discard(addr & 0xFFFF)
        self.flush()

    def _translate(self, pc: int, limit: int | None = None):
        """The block at ``pc`` (translated now), or, with ``limit``, the block of its first
        ``limit`` instructions (kept under the key ``(pc, limit)``); ``_step_one`` when there
        is none."""
        if pc in self._no_translate or pc in self.breakpoints:
            return self._step_one
        trace = scan(self.mem, pc, self._no_translate | self.breakpoints, limit or MAX_BLOCK)
        if trace is None:
            return self._step_one
        key = pc if limit is None else (pc, limit)
        live = trace.live(self._live)
        fn = compile_block(self, trace, live=live)
        costs = [ins.cycles for ins in trace.instructions]
        fn.starts = [sum(costs[:i]) for i in range(len(costs))]  # where each one starts
        fn.baked_operands = trace.baked_operands(live)
        covers = fn.covers = trace.covers(live)
        for addr in covers:
            # blocks that store here unchecked (it was not code when they were translated)
            for start in self._stores_to.pop(addr, ()):
                self._drop_block(start, counted=False)
            self._covers.setdefault(addr, set()).add(key)
            self.watch[addr] |= WATCH_CODE
        for addr in fn.unchecked:
            self._stores_to.setdefault(addr, set()).add(key)
        self._blocks[key] = fn
        return fn

    def _frame_end(self, fn, pc: int, cycles: int, budget: int) -> int:
        """Run what fits before ``budget`` when the block ``fn`` at ``pc`` does not: its
        longest first part that does (translated once per length), else one step."""
        starts = getattr(fn, "starts", None)
        if starts is not None:
            fits = bisect_left(starts, budget - cycles)  # instructions that start in time
            if 0 < fits < len(starts):
                part = self._blocks.get((pc, fits))
                if part is None and len(self._blocks) < _BLOCK_LIMIT:
                    part = self._translate(pc, fits)
                if part is not None:
                    result = part(self, cycles, budget)
                    if result != NEED_STEP:
                        return result
        return self._step_one(self, cycles, budget)

    # ---- execution ---------------------------------------------------------------------------
    def decode(self) -> Decoded | None:
        """Fetch the instruction at PC through the bus (as the CPU does), or None on a fault,
        setting ``fault``."""
        ins = decode(self.bus.read, self.pc)
        if isinstance(ins, str):
            self.fault = f"{ins} at ${self.pc:04X}"
            return None
        return ins

    def _step_one(self, c: CPU, cycles: int, budget: int) -> int:
        """Run the one instruction at PC; the same contract as a translated block."""
        ins = self.last = self.decode()
        if ins is None:
            self.halted = True
            self.stop = FAULT
            self.cycles = cycles
            return STOPPED
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
            return RunResult(0, HALTED)
        self.stop = None
        result = self._step_one(self, 0, 1)
        self._broke_at = self.pc  # a run from where a step left off goes on from there
        if result == STOPPED:
            return RunResult(self.cycles, self.stop)
        return RunResult(result, BUDGET)

    def run_observed(self, budget: int, observe) -> RunResult:
        """Like ``run``, one instruction at a time, calling ``observe(decoded)`` after each
        instruction that ran (for traces). Breakpoints stop it as they stop ``run``."""
        if self.halted:
            return RunResult(0, HALTED)
        self.stop = None
        cycles = 0
        resume = self._resume_from()
        while cycles < budget:
            if self.breakpoints and self.pc in self.breakpoints and self.pc != resume:
                return self._break(cycles)
            resume = None
            result = self._step_one(self, cycles, budget)
            if result == STOPPED:
                if self.stop != FAULT:
                    observe(self.last)
                return RunResult(self.cycles, self.stop)
            cycles = result
            observe(self.last)
        return RunResult(cycles, BUDGET)

    def _resume_from(self) -> int | None:
        """Where the previous run stopped at a breakpoint (or a single step left off), when PC
        is still there: the run goes on from there instead of stopping again. Any other
        breakpoint stops before its instruction, also the first of a run (the one after the
        WAIT that ended the previous frame)."""
        broke, self._broke_at = self._broke_at, None
        return broke if broke == self.pc else None

    def _break(self, cycles: int) -> RunResult:
        self._broke_at = self.pc
        return RunResult(cycles, BREAK)

    def run(self, budget: int) -> RunResult:
        """Run until ``budget`` cycles are spent, or WAIT, END, a fault or a breakpoint."""
        if self.halted:
            return RunResult(0, HALTED)
        self.stop = None
        blocks = self._blocks
        translate = self._translate
        breakpoints = self.breakpoints
        cycles = 0
        resume = self._resume_from()
        while cycles < budget:
            pc = self.pc
            if breakpoints and pc in breakpoints and pc != resume:
                return self._break(cycles)
            resume = None
            fn = blocks.get(pc) or translate(pc)
            result = fn(self, cycles, budget)
            if result >= 0:
                cycles = result
            elif result == NEED_STEP:
                # the block's last instruction would start past the budget: run what fits
                result = self._frame_end(fn, pc, cycles, budget)
                if result == STOPPED:
                    return RunResult(self.cycles, self.stop)
                cycles = result
            else:
                return RunResult(self.cycles, self.stop)
        return RunResult(cycles, BUDGET)
