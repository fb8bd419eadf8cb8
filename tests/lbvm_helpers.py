"""Building and running small LBVM programs in tests."""

from __future__ import annotations

from console.machines.lbvm.asm import assemble
from console.machines.lbvm.machine import Machine
from console.machines.lbvm.program import Program


def program(source: str) -> bytes:
    return assemble('%include "instructions.asm"\n' + source, "t.asm").data


def machine_with(data: bytes | str, cycles: int = 100_000) -> Machine:
    machine = Machine(cycles)
    machine.load(Program(program(data) if isinstance(data, str) else data, "t"))
    return machine


def run(source: str | bytes, frames: int = 1, cycles: int = 100_000) -> Machine:
    machine = machine_with(source, cycles)
    for _ in range(frames):
        machine.run_frame()
        if machine.halted:
            break
    return machine


def stepped(machine: Machine, budget: int) -> int:
    """Step ``machine`` while the cycles spent are below ``budget`` (the frame rule); returns
    the cycles spent."""
    spent = 0
    while spent < budget and not machine.halted:
        spent += machine.step().cycles
    return spent
