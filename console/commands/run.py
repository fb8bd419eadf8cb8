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
    add_save_arguments,
    add_window_arguments,
    in_window,
    load_or_report,
    outputs_need_headless,
    save_store,
    window_options,
    write_headless_outputs,
)
from console.machines.b32.machine import Machine
from console.machines.script import InputScript, ScriptError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cart", metavar="CART", help="a .b32 cart or .asm source")
    add_machine_arguments(parser)
    add_window_arguments(parser)
    add_headless_outputs(parser, "the final state (registers, flags, screen)")
    add_save_arguments(parser)
    parser.add_argument("--load-state", metavar="FILE",
                        help="start from the save state in FILE (docs/STATES.md) instead of "
                             "the reset state")
    parser.add_argument("--save-state", metavar="FILE",
                        help="headless: write the final state to FILE, to resume it with "
                             "--load-state")
    add_debug_arguments(parser)


def run_headless(machine: Machine, frames: int, script: InputScript) -> None:
    """Run up to ``frames`` frames, feeding ``script`` (its frames count from reset, so a run
    resumed from a state goes on with the same script); stop early on END or a fault."""
    for _ in range(frames):
        script.apply(machine, machine.frames)
        machine.run_frame()
        if machine.halted:
            break


def load_state(machine: Machine, path: str) -> int:
    """Put ``machine`` in the state saved in ``path``; returns 0, or an exit code after a
    one-line message (the machine is then unchanged)."""
    from console.machines import states
    from console.machines.base import StateError
    from console.machines.saves import read_bounded

    try:
        states.load(machine, read_bounded(path, states.MAX_STATE_FILE))
    except FileNotFoundError:
        print(f"b32 run: {path}: no such file", file=sys.stderr)
        return ex.EX_NOINPUT
    except OSError as err:
        print(f"b32 run: {path}: cannot be read: {err.strerror or err}", file=sys.stderr)
        return ex.EX_NOINPUT
    except StateError as err:
        print(f"b32 run: {path}: {err}", file=sys.stderr)
        return ex.EX_DATAERR
    return ex.EX_OK


def save_state(machine: Machine, path: str) -> int:
    """``--save-state``: the machine's state file, written atomically; 0, or 73 after a
    one-line message."""
    from console.machines import states
    from console.machines.saves import atomic_write

    try:
        atomic_write(path, states.encode(machine))
    except OSError as err:
        print(f"b32 run: cannot write {path}: {err.strerror or err}", file=sys.stderr)
        return ex.EX_CANTCREAT
    return ex.EX_OK


def _check_state_options(args: argparse.Namespace) -> int:
    if args.save_state == "-" or args.load_state == "-":
        print("b32 run: a state is a file: give its name, not '-'", file=sys.stderr)
        return ex.EX_USAGE
    if args.save_state and not args.headless:
        print("b32 run: --save-state needs --headless", file=sys.stderr)
        return ex.EX_USAGE
    return ex.EX_OK


def _play_window(machine: Machine, args: argparse.Namespace, script, symbols) -> int:
    from console.frontend.debugger_overlay import attach
    from console.frontend.window import play
    from console.machines.saves import states_dir

    options = window_options(args)
    options.state_dir = str(states_dir(args.save_dir))
    options.cart_path = args.cart
    options.rewind = True
    _, status = in_window("run", lambda: play(machine, options, script,
                                             prepare=lambda loop: attach(loop, symbols)))
    if status:
        return status
    return ex.EX_SOFTWARE if machine.fault else ex.EX_OK


def run(args: argparse.Namespace) -> int:
    try:
        script = InputScript.parse(args.press, args.type)
    except ScriptError as err:
        print(f"b32 run: {err}", file=sys.stderr)
        return ex.EX_USAGE
    status = outputs_need_headless(args, "run") or _check_state_options(args)
    if status:
        return status
    cart, status = load_or_report(args.cart)
    if cart is None:
        return status
    saves = save_store(args)
    try:
        return _run_cart(cart, args, script, saves)
    finally:
        if saves is not None:
            saves.close()  # the last save is written even after a fault or an exception


def _run_cart(cart, args: argparse.Namespace, script: InputScript, saves) -> int:
    machine = Machine(cycles_per_frame=args.cycles, seed=args.seed)
    machine.load(cart, saves.slot(args.cart) if saves is not None else None)
    if args.load_state:
        status = load_state(machine, args.load_state)
        if status:
            return status
    symbols, trace, status = open_debugging(machine, args)
    if status:
        return status
    try:
        if not args.headless:
            return _play_window(machine, args, script, symbols)
        run_headless(machine, args.frames or DEFAULT_HEADLESS_FRAMES, script)
    finally:
        if trace is not None:
            trace.close()
    if machine.fault:
        print(f"b32: {cart.name}: {machine.fault}", file=sys.stderr)
    status = save_state(machine, args.save_state) if args.save_state else ex.EX_OK
    status = status or write_headless_outputs(args, "run", machine.state(), machine)
    return status or (ex.EX_SOFTWARE if machine.fault else ex.EX_OK)


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
