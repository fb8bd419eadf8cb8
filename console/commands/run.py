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
    add_window_arguments,
    find_cart,
    headless_only,
    headless_outputs,
    in_window,
    load_or_report,
    window_options,
    write_headless,
)
from console.commands.outputs import OutputError
from console.machines.b32.machine import Machine
from console.machines.script import InputScript, ScriptError
from console.machines.text import printable, shortened


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cart", metavar="CART", help="a .b32 cart or .asm source")
    add_machine_arguments(parser)
    add_window_arguments(parser)
    add_headless_outputs(parser, "the final state (registers, flags, screen)")
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
        print(f"b32 run: {shortened(err)}", file=sys.stderr)
        return ex.EX_USAGE
    status = headless_only(args, "run")
    if status:
        return status
    path = find_cart(args.cart)
    cart, status = load_or_report(path)
    if cart is None:
        return status
    machine = Machine(cycles_per_frame=args.cycles, seed=args.seed)
    machine.load(cart)
    from console.debug.debugger import TraceWriter, symbols_beside

    symbols, status = _symbols(machine, path, args.symbols)
    if symbols is None:
        return status
    try:
        outputs = headless_outputs(args, "run", [path, args.symbols, symbols_beside(path)])
        trace = None
        if args.trace is not None:
            stream = outputs.stream(outputs.get("--trace"))
            trace = TraceWriter(machine, stream, args.trace_limit, symbols).attach()
    except OutputError as err:
        print(err, file=sys.stderr)
        return err.code
    except OSError as err:
        outputs.abort()
        print(printable(f"b32 run: cannot write {args.trace}: {err.strerror or err}"),
              file=sys.stderr)
        return ex.EX_CANTCREAT
    try:
        status = _play(machine, args, script, symbols)
    finally:
        if trace is not None:
            trace.close()
    if status:
        outputs.abort()
        return status
    if machine.fault and args.headless:
        print(printable(f"b32: {cart.name}: {machine.fault}"), file=sys.stderr)
    status = write_headless(outputs, args, machine.state(), machine)
    if status:
        return status
    return ex.EX_SOFTWARE if machine.fault else ex.EX_OK


def _symbols(machine: Machine, path: str, symbols_path: str | None):
    """(the symbols for the cart, 0), or (None, exit code) after a one-line message."""
    from console.debug.debugger import DebugError, load_symbols

    try:
        return load_symbols(machine, path, symbols_path), ex.EX_OK
    except FileNotFoundError as err:
        print(printable(f"b32 run: {err.filename}: no such file"), file=sys.stderr)
        return None, ex.EX_NOINPUT
    except DebugError as err:
        print(printable(f"b32 run: {err}"), file=sys.stderr)
        return None, ex.EX_DATAERR


def _play(machine: Machine, args: argparse.Namespace, script: InputScript, symbols) -> int:
    """Run the cart in a window or headless; returns 0, or the window's failure code."""
    if args.headless:
        run_headless(machine, args.frames or DEFAULT_HEADLESS_FRAMES, script)
        return ex.EX_OK
    from console.frontend.debugger_overlay import attach
    from console.frontend.window import play

    _, status = in_window("run", lambda: play(machine, window_options(args), script,
                                              prepare=lambda loop: attach(loop, symbols)))
    return status
