"""Arguments and helpers the commands share: machine and window options, headless outputs,
loading a cart with its one-line error."""

from __future__ import annotations

import argparse
import json
import os
import sys

from console.commands import exitcodes as ex
from console.commands.outputs import OutputError, Outputs
from console.machines import MACHINES
from console.machines.b32 import memmap as mm
from console.machines.base import CartError
from console.machines.kinds import by_key
from console.machines.text import printable

DEFAULT_HEADLESS_FRAMES = 600


MAX_COUNT = 10**12  # any count an option takes (frames, cycles, trace lines)
MAX_CYCLES = 10**8  # cycles per frame: 1,000 times the default (a frame must still end)
MAX_SCREENSHOT_SCALE = 8  # 5120 x 3200 pixels


def whole_number(text: str, low: int = 1, high: int = MAX_COUNT) -> int:
    """``text`` as a whole number from ``low`` to ``high``, for argparse (a one-line error)."""
    shown = text if len(text) <= 24 else text[:24] + "..."
    value = None
    for base in (0, 10):  # 0x1F and 31, and 007 too
        try:
            value = int(text, base) if len(text) <= 40 else None
            break
        except ValueError:
            continue
    if value is None:
        raise argparse.ArgumentTypeError(f"{shown!r} is not a whole number")
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{shown} is not from {low} to {high:,}")
    return value


def positive_int(text: str) -> int:
    return whole_number(text)


def bounded(high: int, low: int = 1):
    """An argparse type: a whole number from ``low`` to ``high``."""
    def parse(text: str) -> int:
        return whole_number(text, low, high)
    parse.__name__ = "whole number"
    return parse


def non_negative_int(text: str) -> int:
    return whole_number(text, 0)


def add_machine_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments every command that runs carts shares (run, browse, kiosk)."""
    parser.add_argument("--cycles", type=bounded(MAX_CYCLES),
                        default=mm.DEFAULT_CYCLES_PER_FRAME,
                        metavar="N", help="cycle budget per frame (default 100000: 6 MHz)")
    parser.add_argument("--seed", type=bounded(2**64, -2**64), default=None, metavar="N",
                        help="seed the RANDOM register (default: a fresh seed each run)")
    parser.add_argument("--headless", action="store_true",
                        help="run without a window, for scripts and tests")
    parser.add_argument("--frames", type=positive_int, default=None, metavar="N",
                        help=f"headless: stop after N frames (default {DEFAULT_HEADLESS_FRAMES})")
    parser.add_argument("--press", action="append", default=[], metavar="FRAME:KEY[:FRAMES]",
                        help="hold a key from frame FRAME (counted from 0) for FRAMES frames")
    parser.add_argument("--type", action="append", default=[], metavar="FRAME:TEXT",
                        help="type TEXT's characters into the key queue from frame FRAME")


def add_save_arguments(parser: argparse.ArgumentParser) -> None:
    """--save-dir: where cart saves (and the window's save states) are kept."""
    parser.add_argument("--save-dir", metavar="DIR", default=None,
                        help="keep cart saves and save states in DIR (default: the platform's "
                             "data folder, e.g. ~/.local/share/b32; headless runs keep none "
                             "without it)")


def save_store(args: argparse.Namespace):
    """The ``console.machines.saves.SaveStore`` the command keeps cart saves in: ``--save-dir``,
    or the data folder in a window; None for a headless run without ``--save-dir`` (it touches
    no save file)."""
    from console.machines.saves import SaveStore, saves_dir

    if args.save_dir is None and args.headless:
        return None
    _exit_on_sigterm()
    return SaveStore(saves_dir(args.save_dir))


def _exit_on_sigterm() -> None:
    """A SIGTERM (a cabinet shutting down) ends the command as Ctrl-C would, through its
    ``finally`` blocks, so the last saves are written."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def add_machine_choice(parser: argparse.ArgumentParser) -> None:
    """--machine: which machine a file is for, whatever its name says."""
    parser.add_argument("--machine", choices=sorted(MACHINES), default=None,
                        help="the machine to run or assemble for (default: by the file's "
                             "suffix, .b32 or .lbvm; a source that includes instructions.asm "
                             "is LBVM)")


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", type=positive_int, default=None, metavar="N",
                        help="window scale (default: the largest that fits, at most 3)")
    parser.set_defaults(volume=100)  # the kiosk has --volume
    parser.add_argument("--fullscreen", action="store_true", help="start fullscreen")
    parser.add_argument("--screenshot-dir", default=None, metavar="DIR",
                        help="where F12 saves screenshots (default: Pictures/B32)")
    parser.add_argument("--screenshot-scale", type=bounded(MAX_SCREENSHOT_SCALE), default=1,
                        metavar="N", help=f"screenshots at N times 640 x 400 (1 to "
                                          f"{MAX_SCREENSHOT_SCALE})")
    add_stats_argument(parser)
    parser.add_argument("--mute", action="store_true",
                        help="start with the sound off (Ctrl+M turns it on and off)")
    parser.add_argument("--record-scale", type=bounded(MAX_SCREENSHOT_SCALE), default=1,
                        metavar="S",
                        help="recordings (Ctrl+F12, Shift+F12, --record) at S times 640 x 400")
    parser.add_argument("--clip-seconds", type=bounded(600), default=10, metavar="N",
                        help="Shift+F12 saves the last N seconds as a GIF (default 10)")


def add_stats_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stats", action="store_true",
                        help="when the window closes, print its frame rate and frame times "
                             "on stderr")


def add_record_arguments(parser: argparse.ArgumentParser) -> None:
    """--record and --record-from: a headless run as a GIF (or MP4 / WebM with the extra)."""
    parser.add_argument("--record", metavar="FILE",
                        help="headless: save the frames as FILE (.gif; .mp4 or .webm with "
                             "the video extra)")
    parser.add_argument("--record-from", type=non_negative_int, default=0, metavar="FRAME",
                        help="headless: start the recording at frame FRAME (default 0)")


def percent(text: str) -> int:
    """A volume: a whole number from 0 to 100, for argparse."""
    return whole_number(text, 0, 100)


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


def headless_outputs(args: argparse.Namespace, command: str, inputs) -> Outputs:
    """Every output ``args`` names (--dump-state, --dump-screen, --screenshot, --trace),
    checked before any work: raises OutputError (one of ``inputs``, a folder, no folder...)."""
    outputs = Outputs(command, [str(path) for path in inputs if path])
    for option in OUTPUT_OPTIONS:
        name = getattr(args, option, None)
        if name is not None:
            outputs.add(option_name(option), name, binary=option == "screenshot")
    return outputs


OUTPUT_OPTIONS = ("dump_state", "dump_screen", "screenshot", "trace")


def headless_only(args: argparse.Namespace, command: str) -> int:
    """64 after a message when a headless-only output is asked for in a window, else 0."""
    if not args.headless:
        for option in (*OUTPUT_OPTIONS[:3], "record_audio", "output"):  # output: LBVM's prints
            if getattr(args, option, None):
                print(f"b32 {command}: {option_name(option)} needs --headless", file=sys.stderr)
                return ex.EX_USAGE
    return ex.EX_OK


def option_name(option: str) -> str:
    return "--" + option.replace("_", "-")


def write_headless(outputs: Outputs, args: argparse.Namespace, state: dict, screen,
                   tick: int = 0) -> int:
    """Fill the dumps ``args`` asked for from ``state`` and the machine ``screen`` (whose
    screen is shown, drawn at ``tick``: the blink and cursor phase), put every output in place;
    returns the exit code (0, 73 or 74)."""
    by_option = {option: outputs.get(option) for option in map(option_name, OUTPUT_OPTIONS)}
    try:
        if args.dump_state:
            outputs.put(by_option["--dump-state"], json.dumps(state, indent=1) + "\n")
        if args.dump_screen:
            outputs.put(by_option["--dump-screen"], "\n".join(screen.screen_lines()) + "\n")
        if args.screenshot:
            from console.frontend.font import FontError
            from console.frontend.screenshot import ScreenshotError, machine_screenshot_png

            try:
                png = machine_screenshot_png(screen, args.screenshot_scale, tick)
            except FontError as err:
                outputs.abort()
                print(err, file=sys.stderr)
                return ex.EX_IOERR
            except ScreenshotError as err:
                raise OutputError(f"b32: cannot write {args.screenshot}: {err}") from None
            outputs.put(by_option["--screenshot"], png)
        outputs.commit()
    except OutputError as err:
        outputs.abort()
        print(err, file=sys.stderr)
        return err.code
    return ex.EX_OK


def find_cart(name: str) -> str:
    """The cart a person named: the file ``name`` when it exists, else a bundled cart of that
    name (``b32 run snake`` is ``carts/snake.b32``, ``b32 run count`` the LBVM program
    ``carts/lbvm/count.lbvm``), else ``name`` (whose load then fails)."""
    if not name or os.path.lexists(name) or os.sep in name or "\x00" in name:
        return name
    from console.shell.session import bundled_carts_dir

    folder = bundled_carts_dir()
    stem = name[:-4] if name.lower().endswith((".b32", ".asm")) else name
    stem = stem[:-5] if stem.lower().endswith(".lbvm") else stem
    for candidate in (folder / f"{stem}.b32", folder / f"{stem}.asm",
                      folder / "lbvm" / f"{stem}.lbvm"):
        if candidate.is_file():
            return str(candidate)
    return name


def load_or_report(path: str, command: str = "run", kind: str = "b32"
                   ) -> tuple[object | None, int]:
    """(the cart for the machine ``kind`` ("b32", "lbvm"), 0), or (None, exit code) after
    printing the one-line reason."""
    if not path:
        print(f"b32 {command}: the cart's name is empty; expected a .b32 cart or .asm source",
              file=sys.stderr)
        return None, ex.EX_USAGE
    try:
        return by_key(kind).load(path), ex.EX_OK
    except FileNotFoundError:
        print(printable(f"b32: {path}: no such file"), file=sys.stderr)
        return None, ex.EX_NOINPUT
    except CartError as err:
        print(err, file=sys.stderr)
        return None, ex.EX_DATAERR


def window_options(args: argparse.Namespace):
    """The window options of ``args`` (from ``add_window_arguments``, or a command's defaults)."""
    from console.frontend.options import WindowOptions

    return WindowOptions(scale=args.scale, fullscreen=args.fullscreen,
                         screenshot_dir=args.screenshot_dir,
                         screenshot_scale=args.screenshot_scale,
                         stats=getattr(args, "stats", False),
                         record_scale=getattr(args, "record_scale", 1),
                         clip_seconds=getattr(args, "clip_seconds", 10),
                         muted=getattr(args, "mute", False),
                         volume=getattr(args, "volume", 100) / 100)


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
