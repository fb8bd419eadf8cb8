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
    in_window,
    load_or_report,
    outputs_need_headless,
    window_options,
    write_headless_outputs,
)
from console.machines.b32.machine import Machine
from console.machines.b32.recorder import AudioRecorder
from console.machines.script import InputScript, ScriptError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cart", metavar="CART", help="a .b32 cart or .asm source")
    add_machine_arguments(parser)
    add_window_arguments(parser)
    add_headless_outputs(parser, "the final state (registers, flags, screen)")
    parser.add_argument("--record-audio", metavar="FILE.wav",
                        help="headless: write every frame's sound to a WAV file "
                             "(44,100 16-bit mono samples a second)")
    add_debug_arguments(parser)


def run_headless(machine: Machine, frames: int, script: InputScript) -> None:
    """Run up to ``frames`` frames, feeding ``script``; stop early on END or a fault."""
    for frame in range(frames):
        script.apply(machine, frame)
        machine.run_frame()
        if machine.halted:
            break


def run_recording(machine: Machine, args: argparse.Namespace, script: InputScript) -> int:
    """``run_headless``, recording the sound with ``--record-audio``; 0, or 73 when the WAV
    cannot be written (nothing is left behind then)."""
    frames = args.frames or DEFAULT_HEADLESS_FRAMES
    if not args.record_audio:
        run_headless(machine, frames, script)
        return ex.EX_OK
    try:
        recorder = AudioRecorder(machine, args.record_audio)
    except OSError as err:
        print(f"b32 run: cannot write {args.record_audio}: {err.strerror or err}",
              file=sys.stderr)
        return ex.EX_CANTCREAT
    try:
        run_headless(machine, frames, script)
        recorder.finish()
    except OSError as err:
        recorder.discard()
        print(f"b32 run: cannot write {args.record_audio}: {err.strerror or err}",
              file=sys.stderr)
        return ex.EX_CANTCREAT
    except BaseException:
        recorder.discard()
        raise
    return ex.EX_OK


def run(args: argparse.Namespace) -> int:
    try:
        script = InputScript.parse(args.press, args.type)
    except ScriptError as err:
        print(f"b32 run: {err}", file=sys.stderr)
        return ex.EX_USAGE
    status = outputs_need_headless(args, "run")
    if status:
        return status
    cart, status = load_or_report(args.cart)
    if cart is None:
        return status
    machine = Machine(cycles_per_frame=args.cycles, seed=args.seed)
    machine.load(cart)
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
        status = run_recording(machine, args, script)
        if status:
            return status
    finally:
        if trace is not None:
            trace.close()
    if machine.fault:
        print(f"b32: {cart.name}: {machine.fault}", file=sys.stderr)
    status = write_headless_outputs(args, "run", machine.state(), machine)
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


