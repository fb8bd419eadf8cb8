"""Set a state, run one instruction, check every register, both flag bytes, PC and cycles.

Each case runs twice: single-stepped (the one-instruction translation) and inside a translated
block (the instruction followed by END, run on a frame budget), so both paths of the engine are
held to the same expectations.
"""

from __future__ import annotations

from console.machines.b32.cart import Cart
from console.machines.b32.machine import Machine

ORIGIN = 0x1000
REGS = ("a", "b", "x", "y", "s", "f", "cf")


def make_machine(program: bytes, origin: int = ORIGIN, seed: int = 1,
                 cycles: int = 100_000) -> Machine:
    machine = Machine(cycles_per_frame=cycles, seed=seed)
    machine.load(Cart(origin, origin, bytes(program)))
    return machine


def _prepare(program, regs, mem, origin):
    machine = make_machine(program, origin)
    cpu = machine.cpu
    for name, value in regs.items():
        if name == "d":
            cpu.d = value
        else:
            setattr(cpu, name, value)
    for addr, value in (mem or {}).items():
        if isinstance(value, (bytes, list)):
            for i, byte in enumerate(value):
                machine.mem[(addr + i) & 0xFFFF] = byte
        else:
            machine.mem[addr] = value
    return machine


def check(program: bytes, regs: dict | None = None, expect: dict | None = None,
          mem: dict | None = None, expect_mem: dict | None = None, cycles: int | None = None,
          pc: int | None = None, origin: int = ORIGIN) -> Machine:
    """Run ``program``'s first instruction both ways and assert the whole resulting state.

    ``expect`` lists the registers that change (the others must keep their ``regs`` value);
    ``pc`` defaults to the address after the instruction; ``expect_mem`` maps addresses to
    bytes (or byte strings) that must be in memory afterwards.
    """
    regs = dict(regs or {})
    want = {r: 0 for r in REGS}
    for name, value in regs.items():
        if name == "d":
            want["a"], want["b"] = value >> 8, value & 0xFF
        else:
            want[name] = value
    for name, value in (expect or {}).items():
        if name == "d":
            want["a"], want["b"] = value >> 8, value & 0xFF
        else:
            want[name] = value
    from console.machines.b32.isa import DECODE

    length = DECODE[program[0]].length
    next_pc = (origin + length) & 0xFFFF
    want_pc = next_pc if pc is None else pc

    results = []
    # 1: single step
    machine = _prepare(program, regs, mem, origin)
    result = machine.step()
    assert machine.fault is None, machine.fault
    got = {r: getattr(machine.cpu, r) for r in REGS}
    assert got == want, f"step: registers {got} != {want}"
    assert machine.cpu.pc == want_pc, f"step: PC ${machine.cpu.pc:04X} != ${want_pc:04X}"
    if cycles is not None:
        assert result.cycles == cycles, f"step: {result.cycles} cycles, not {cycles}"
    results.append(machine)

    # 2: inside a translated block, when the instruction falls through to an END
    if pc is None or pc == next_pc:
        block_program = bytes(program[:length]) + b"\x04" + bytes(program[length + 1:])
        machine = _prepare(block_program, regs, mem, origin)
        frame = machine.run_frame()
        assert machine.fault is None, machine.fault
        assert frame.reason == "end", frame.reason
        got = {r: getattr(machine.cpu, r) for r in REGS}
        assert got == want, f"block: registers {got} != {want}"
        assert machine.cpu.pc == (next_pc + 1) & 0xFFFF
        if cycles is not None:
            assert frame.cycles == cycles + 1, f"block: {frame.cycles - 1} cycles, not {cycles}"
        results.append(machine)

    for machine in results:
        for addr, value in (expect_mem or {}).items():
            data = value if isinstance(value, (bytes, list)) else [value]
            for i, byte in enumerate(data):
                actual = machine.mem[(addr + i) & 0xFFFF]
                where = (addr + i) & 0xFFFF
                assert actual == byte, f"mem[${where:04X}] = {actual:#x}, not {byte:#x}"
    return results[0]
