"""``b32 run CART``: play a cart in a window, or run it headless for scripts and tests."""

from __future__ import annotations

import argparse
import sys

from console.commands import exitcodes as ex
from console.commands.args import (
    DEFAULT_HEADLESS_FRAMES,
    add_debug_arguments,
    add_headless_outputs,
    add_machine_arguments,
    add_machine_choice,
    add_window_arguments,
    in_window,
    load_or_report,
    outputs_need_headless,
    window_options,
    write_bytes,
    write_headless_outputs,
)
from console.machines.base import Machine, has_output
from console.machines.script import InputScript, ScriptError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cart", metavar="CART",
                        help="a .b32 cart, an .lbvm program, or .asm source")
    add_machine_choice(parser)
    add_machine_arguments(parser)
    add_window_arguments(parser)
    add_headless_outputs(parser, "the final state (registers, flags, screen)")
    parser.add_argument("--output", metavar="FILE|-",
                        help="headless: write the bytes the program printed (LBVM), raw")
    add_debug_arguments(parser)


def run_headless(machine: Machine, frames: int, script: InputScript) -> None:
    """Run up to ``frames`` frames, feeding ``script``; stop early on END or a fault."""
    for frame in range(frames):
        script.apply(machine, frame)
        machine.run_frame()
        if machine.halted:
            break


def run(args: argparse.Namespace) -> int:
    try:
        script = InputScript.parse(args.press, args.type)
    except ScriptError as err:
        print(f"b32 run: {err}", file=sys.stderr)
        return ex.EX_USAGE
    status = outputs_need_headless(args, "run")
    if status:
        return status
    machine, status = loaded(args)
    if machine is None:
        return status
    cart = machine.cart
    symbols, trace, status = open_debugging(machine, args)
    if status:
        return status
    try:
        if not args.headless:
            from console.frontend.debugger_overlay import attach
            from console.frontend.window import play

            _, status = in_window("run", lambda: play(machine, window_options(args), script,
                                                     prepare=lambda loop: attach(loop, symbols)))
            if status:
                return status
            return ex.EX_SOFTWARE if machine.fault else ex.EX_OK
        run_headless(machine, args.frames or DEFAULT_HEADLESS_FRAMES, script)
    finally:
        if trace is not None:
            trace.close()
    if machine.fault:
        print(f"b32: {cart.name}: {machine.fault}", file=sys.stderr)
    status = write_headless_outputs(args, "run", machine.state(), machine) or \
        write_printed(args, machine)
    return status or (ex.EX_SOFTWARE if machine.fault else ex.EX_OK)


def loaded(args: argparse.Namespace) -> tuple[Machine | None, int]:
    """(the machine for the file, with it loaded, 0), or (None, exit code) after a one-line
    message: the file cannot be loaded, or --output asks a machine that prints nothing."""
    machine, status = load_or_report(args.cart, args.machine, args.cycles, args.seed)
    if machine is not None and args.output and not has_output(machine):
        print(f"b32 run: --output: a {machine.name} program prints nothing (it is for LBVM)",
              file=sys.stderr)
        return None, ex.EX_USAGE
    return machine, status


def write_printed(args: argparse.Namespace, machine: Machine) -> int:
    """--output: the bytes the program printed; 0, or 73 after a one-line message."""
    if not args.output:
        return ex.EX_OK
    try:
        write_bytes(args.output, machine.output())
    except OSError as err:
        print(f"b32 run: cannot write {args.output}: {err.strerror}", file=sys.stderr)
        return ex.EX_CANTCREAT
    return ex.EX_OK


def open_debugging(machine: Machine, args: argparse.Namespace):
    """(symbols, the trace writer or None, 0), or (None, None, an exit code) after a one-line
    message."""
    from console.debug.debugger import DebugError, load_symbols, open_trace

    try:
        symbols = load_symbols(machine, args.cart, args.symbols)
    except FileNotFoundError as err:
        print(f"b32 run: {err.filename}: no such file", file=sys.stderr)
        return None, None, ex.EX_NOINPUT
    except DebugError as err:
        print(f"b32 run: {err}", file=sys.stderr)
        return None, None, ex.EX_DATAERR
    try:
        trace = open_trace(machine, args.trace, args.trace_limit, symbols)
    except OSError as err:
        print(f"b32 run: cannot write {args.trace}: {err.strerror or err}", file=sys.stderr)
        return None, None, ex.EX_CANTCREAT
    return symbols, trace, 0


