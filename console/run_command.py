"""``b32 run CART``: play a cart in a window, or run it headless for scripts and tests."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from console import cli
from console import memmap as mm
from console.cart import CartError
from console.loader import load_cart
from console.machine import Machine
from console.script import InputScript, ScriptError

DEFAULT_HEADLESS_FRAMES = 600


def positive_int(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def add_machine_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments every command that runs carts shares (run, browse, kiosk)."""
    parser.add_argument("--cycles", type=positive_int, default=mm.DEFAULT_CYCLES_PER_FRAME,
                        metavar="N", help="cycle budget per frame (default 100000: 6 MHz)")
    parser.add_argument("--seed", type=int, default=None, metavar="N",
                        help="seed the RANDOM register (default: a fresh seed each run)")
    parser.add_argument("--headless", action="store_true",
                        help="run without a window, for scripts and tests")
    parser.add_argument("--frames", type=positive_int, default=None, metavar="N",
                        help=f"headless: stop after N frames (default {DEFAULT_HEADLESS_FRAMES})")
    parser.add_argument("--press", action="append", default=[], metavar="FRAME:KEY[:FRAMES]",
                        help="hold a key from frame FRAME (counted from 0) for FRAMES frames")
    parser.add_argument("--type", action="append", default=[], metavar="FRAME:TEXT",
                        help="type TEXT's characters into the key queue from frame FRAME")


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", type=positive_int, default=None, metavar="N",
                        help="window scale (default: the largest that fits, at most 3)")
    parser.add_argument("--fullscreen", action="store_true", help="start fullscreen")
    parser.add_argument("--screenshot-dir", default=None, metavar="DIR",
                        help="where F12 saves screenshots (default: Pictures/B32)")
    parser.add_argument("--screenshot-scale", type=positive_int, default=1, metavar="N",
                        help="screenshots at N times 640 x 400")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cart", metavar="CART", help="a .b32 cart or .asm source")
    add_machine_arguments(parser)
    add_window_arguments(parser)
    add_headless_outputs(parser, "the final state (registers, flags, screen)")
    add_debug_arguments(parser)


def add_headless_outputs(parser: argparse.ArgumentParser, state: str) -> None:
    """--dump-state, --dump-screen and --screenshot: what a headless run leaves behind."""
    parser.add_argument("--dump-state", metavar="FILE|-", help=f"headless: write {state} as JSON")
    parser.add_argument("--dump-screen", metavar="FILE|-",
                        help="headless: write the final screen as 25 lines of text")
    parser.add_argument("--screenshot", metavar="FILE",
                        help="headless: save the final screen as a PNG")


def add_debug_arguments(parser: argparse.ArgumentParser) -> None:
    """--trace, --trace-limit and --symbols (docs/DEBUGGER.md)."""
    from console.debugger import DEFAULT_TRACE_LIMIT

    parser.add_argument("--trace", metavar="FILE|-",
                        help="write a line per executed instruction (docs/DEBUGGER.md)")
    parser.add_argument("--trace-limit", type=positive_int, default=DEFAULT_TRACE_LIMIT,
                        metavar="N", help=f"stop tracing after N lines (default {DEFAULT_TRACE_LIMIT})")
    parser.add_argument("--symbols", metavar="FILE",
                        help="names for the debugger and trace (default: CART.sym beside the cart)")


def write_output(target: str, text: str) -> None:
    """Write ``text`` to the file ``target``, or to standard output for ``-``."""
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(target).write_text(text, encoding="utf-8")


def load_or_report(path: str) -> tuple[object | None, int]:
    """(cart, 0), or (None, exit code) after printing the one-line reason."""
    try:
        return load_cart(path), cli.EX_OK
    except FileNotFoundError:
        print(f"b32: {path}: no such file", file=sys.stderr)
        return None, cli.EX_NOINPUT
    except CartError as err:
        print(err, file=sys.stderr)
        return None, cli.EX_DATAERR


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
        return cli.EX_USAGE
    if not args.headless:
        for option in ("dump_state", "dump_screen", "screenshot"):
            if getattr(args, option):
                print(f"b32 run: --{option.replace('_', '-')} needs --headless",
                      file=sys.stderr)
                return cli.EX_USAGE
    cart, status = load_or_report(args.cart)
    if cart is None:
        return status
    machine = Machine(cycles_per_frame=args.cycles, seed=args.seed)
    machine.load(cart)
    from console.debugger import DebugError, load_symbols, open_trace

    try:
        symbols = load_symbols(args.cart, args.symbols)
    except FileNotFoundError as err:
        print(f"b32 run: {err.filename}: no such file", file=sys.stderr)
        return cli.EX_NOINPUT
    except DebugError as err:
        print(f"b32 run: {err}", file=sys.stderr)
        return cli.EX_DATAERR
    try:
        trace = open_trace(machine, args.trace, args.trace_limit, symbols)
    except OSError as err:
        print(f"b32 run: cannot write {args.trace}: {err.strerror or err}", file=sys.stderr)
        return cli.EX_CANTCREAT
    try:
        if not args.headless:
            from console.frontend.debugger_overlay import attach
            from console.frontend.window import play

            return play(machine, args, script, prepare=lambda loop: attach(loop, symbols))
        run_headless(machine, args.frames or DEFAULT_HEADLESS_FRAMES, script)
    finally:
        if trace is not None:
            trace.close()
    if machine.fault:
        print(f"b32: {cart.name}: {machine.fault}", file=sys.stderr)
    try:
        if args.dump_state:
            write_output(args.dump_state, json.dumps(machine.state(), indent=1) + "\n")
        if args.dump_screen:
            write_output(args.dump_screen, "\n".join(machine.screen_lines()) + "\n")
        if args.screenshot:
            from console.frontend.font import FontError
            from console.frontend.screenshot import save_machine_screenshot

            try:
                save_machine_screenshot(machine, args.screenshot, args.screenshot_scale)
            except FontError as err:
                print(err, file=sys.stderr)
                return cli.EX_IOERR
    except OSError as err:
        print(f"b32 run: cannot write {err.filename}: {err.strerror}", file=sys.stderr)
        return cli.EX_CANTCREAT
    return cli.EX_SOFTWARE if machine.fault else cli.EX_OK
