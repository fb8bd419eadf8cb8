"""Arguments and helpers the commands share: machine and window options, headless outputs,
loading a cart with its one-line error."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from console.commands import exitcodes as ex
from console.machines import MACHINES, create, kind_of
from console.machines.b32 import memmap as mm
from console.machines.base import CartError

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


def add_machine_choice(parser: argparse.ArgumentParser) -> None:
    """--machine: which machine a file is for, whatever its name says."""
    parser.add_argument("--machine", choices=sorted(MACHINES), default=None,
                        help="the machine to run or assemble for (default: by the file's "
                             "suffix, .b32 or .lbvm; a source that includes instructions.asm "
                             "is LBVM)")


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", type=positive_int, default=None, metavar="N",
                        help="window scale (default: the largest that fits, at most 3)")
    parser.add_argument("--fullscreen", action="store_true", help="start fullscreen")
    parser.add_argument("--screenshot-dir", default=None, metavar="DIR",
                        help="where F12 saves screenshots (default: Pictures/B32)")
    parser.add_argument("--screenshot-scale", type=positive_int, default=1, metavar="N",
                        help="screenshots at N times 640 x 400")


def add_headless_outputs(parser: argparse.ArgumentParser, state: str) -> None:
    """--dump-state, --dump-screen and --screenshot: what a headless run leaves behind."""
    parser.add_argument("--dump-state", metavar="FILE|-", help=f"headless: write {state} as JSON")
    parser.add_argument("--dump-screen", metavar="FILE|-",
                        help="headless: write the final screen as 25 lines of text")
    parser.add_argument("--screenshot", metavar="FILE",
                        help="headless: save the final screen as a PNG")


def add_debug_arguments(parser: argparse.ArgumentParser) -> None:
    """--trace, --trace-limit and --symbols (docs/DEBUGGER.md)."""
    from console.debug.debugger import DEFAULT_TRACE_LIMIT

    parser.add_argument("--trace", metavar="FILE|-",
                        help="write a line per executed instruction (docs/DEBUGGER.md)")
    parser.add_argument("--trace-limit", type=positive_int, default=DEFAULT_TRACE_LIMIT,
                        metavar="N",
                        help=f"stop tracing after N lines (default {DEFAULT_TRACE_LIMIT})")
    parser.add_argument("--symbols", metavar="FILE",
                        help="names for the debugger and trace (default: CART.sym beside the cart)")


def write_output(target: str, text: str) -> None:
    """Write ``text`` to the file ``target``, or to standard output for ``-``."""
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(target).write_text(text, encoding="utf-8")


def outputs_need_headless(args: argparse.Namespace, command: str) -> int:
    """EX_USAGE (after saying so) when a headless output is asked for a window run; else 0."""
    if not args.headless:
        for option in ("dump_state", "dump_screen", "screenshot", "output"):  # output: run's
            if getattr(args, option, None):
                print(f"b32 {command}: --{option.replace('_', '-')} needs --headless",
                      file=sys.stderr)
                return ex.EX_USAGE
    return 0


def write_headless_outputs(args: argparse.Namespace, command: str, state: dict, screen) -> int:
    """``--dump-state`` (``state`` as JSON), ``--dump-screen`` and ``--screenshot`` of ``screen``
    (anything with ``screen_lines()``, ``screen_bytes()`` and ``video``) after a headless run;
    0, or an exit code after a one-line message."""
    try:
        if args.dump_state:
            write_output(args.dump_state, json.dumps(state, indent=1) + "\n")
        if args.dump_screen:
            write_output(args.dump_screen, "\n".join(screen.screen_lines()) + "\n")
        if args.screenshot:
            from console.frontend.font import FontError
            from console.frontend.screenshot import save_machine_screenshot

            try:
                save_machine_screenshot(screen, args.screenshot, args.screenshot_scale)
            except FontError as err:
                print(err, file=sys.stderr)
                return ex.EX_IOERR
    except OSError as err:
        print(f"b32 {command}: cannot write {err.filename}: {err.strerror}", file=sys.stderr)
        return ex.EX_CANTCREAT
    return 0


def write_bytes(target: str, data: bytes) -> None:
    """Write ``data`` to the file ``target``, or to standard output for ``-``."""
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(target).write_bytes(data)


def load_or_report(path: str, forced: str | None = None, cycles: int | None = None,
                   seed: int | None = None) -> tuple[object | None, int]:
    """(a machine of the right kind with the cart at ``path`` loaded, 0), or (None, exit
    code) after printing the one-line reason."""
    machine = create(kind_of(path, forced), cycles, seed)
    try:
        cart = machine.read_cart(path)
    except FileNotFoundError:
        print(f"b32: {path}: no such file", file=sys.stderr)
        return None, ex.EX_NOINPUT
    except CartError as err:
        print(err, file=sys.stderr)
        return None, ex.EX_DATAERR
    machine.load(cart)
    return machine, ex.EX_OK


def window_options(args: argparse.Namespace):
    """The window options of ``args`` (from ``add_window_arguments``, or a command's defaults)."""
    from console.frontend.options import WindowOptions

    return WindowOptions(scale=args.scale, fullscreen=args.fullscreen,
                         screenshot_dir=args.screenshot_dir,
                         screenshot_scale=args.screenshot_scale)


def in_window(command: str, play) -> tuple[object | None, int]:
    """Run ``play()`` (a front end's play function, which opens and runs a window) and return
    (its loop, 0), or (None, 74) after a one-line error when the font is missing or no window
    can be opened."""
    from console.frontend.font import FontError
    from console.frontend.window import WindowError

    try:
        return play(), ex.EX_OK
    except FontError as err:
        print(err, file=sys.stderr)
    except WindowError as err:
        print(f"b32 {command}: {err}", file=sys.stderr)
    return None, ex.EX_IOERR
