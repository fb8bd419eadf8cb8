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
    add_record_arguments,
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
from console.commands.record import HeadlessRecording, run_recorded, start_recording
from console.machines import create, kind_of
from console.machines.base import Machine, has_output
from console.machines.script import InputScript, ScriptError
from console.machines.text import printable, shortened


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cart", metavar="CART",
                        help="a .b32 cart, an .lbvm program, or .asm source")
    add_machine_arguments(parser)
    add_window_arguments(parser)
    add_headless_outputs(parser, "the final state (registers, flags, screen)")
    parser.add_argument("--output", metavar="FILE|-",
                        help="headless: write the bytes the program printed (LBVM), raw")
    add_record_arguments(parser)
    add_debug_arguments(parser)
    add_machine_choice(parser)
    parser.add_argument("--watch", action="store_true",
                        help="reassemble and reload whenever the source or a file it INCLUDEs "
                             "is saved; errors show over the running cart (docs/WINDOW.md)")
    parser.add_argument("--keep-ram", action="store_true",
                        help="with --watch: reload the code keeping RAM and registers when the "
                             "layout allows it (else reset, and say why)")


def run_headless(machine: Machine, frames: int, script: InputScript, on_frame=None) -> int:
    """Run up to ``frames`` frames, feeding ``script``; stop early on END or a fault. Calls
    ``on_frame(machine, frame)`` after each frame. Returns the number of frames run."""
    for frame in range(frames):
        script.apply(machine, frame)
        machine.run_frame()
        if on_frame is not None:
            on_frame(machine, frame)
        if machine.halted:
            return frame + 1
    return frames


def prepare_window(loop, symbols, session=None, keep_ram: bool = False):
    """The run window's plugins: the debugger (it sees the keys first), then drops and, with a
    session, watching. Returns the author tools."""
    from console.frontend.author import attach_author
    from console.frontend.debugger_overlay import attach

    debugger = attach(loop, symbols)
    tools = attach_author(loop, session, keep_ram, debugger)
    if session is not None:
        loop.name = session.path.stem
    return tools


def _check_arguments(args: argparse.Namespace) -> tuple[InputScript | None, int]:
    """(the input script, 0), or (None, 64) after a one-line error."""
    try:
        script = InputScript.parse(args.press, args.type)
    except ScriptError as err:
        print(f"b32 run: {shortened(err)}", file=sys.stderr)
        return None, ex.EX_USAGE
    status = headless_only(args, "run")
    if not status and args.record and not args.headless:
        print("b32 run: --record needs --headless", file=sys.stderr)
        status = ex.EX_USAGE
    return (None if status else script), status


def run(args: argparse.Namespace) -> int:
    script, status = _check_arguments(args)
    if script is None:
        return status
    path = find_cart(args.cart)
    machine, cart, session, status = _machine(args, path)
    if machine is None:
        return status
    from console.debug.debugger import TraceWriter, symbols_beside

    symbols, status = _symbols(machine, path, args.symbols, session)
    if symbols is None:
        return status
    try:
        outputs = _outputs(args, [path, args.symbols, symbols_beside(path)])
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
    recording, status = start_recording(args) if args.headless else (None, ex.EX_OK)
    if status:
        outputs.abort()
        return status
    try:
        status, machine, frames_run = _play(machine, args, script, symbols, session, recording)
    finally:
        if trace is not None:
            trace.close()
    if status:
        outputs.abort()
        return status
    if machine.fault and args.headless:
        print(printable(f"b32: {cart.name}: {machine.fault}"), file=sys.stderr)
    status = _finish(outputs, args, machine, frames_run, recording)
    if status:
        return status
    return ex.EX_SOFTWARE if machine.fault else ex.EX_OK


def _outputs(args: argparse.Namespace, inputs):
    """The headless outputs, and --output (the bytes an LBVM program printed), checked before
    any work; raises OutputError."""
    outputs = headless_outputs(args, "run", inputs)
    if args.output is not None:
        outputs.add("--output", args.output, binary=True)
    return outputs


def _finish(outputs, args: argparse.Namespace, machine: Machine, frames_run: int,
            recording: HeadlessRecording | None) -> int:
    """The dumps and the screenshot (the frame the window would show, drawn at its tick), then
    the recording, renamed into place last so that a failing command leaves none; 0, or an
    exit code after a one-line message."""
    status = recording.finish(frames_run) if recording is not None else ex.EX_OK
    if status:
        outputs.abort()
        return status
    if args.output is not None:
        outputs.put(outputs.get("--output"), machine.output())
    status = write_headless(outputs, args, machine.state(), machine, tick=max(frames_run - 1, 0))
    if recording is None:
        return status
    if status:
        recording.recording.discard()
        return status
    return recording.commit()


def _machine(args: argparse.Namespace, path: str):
    """(the machine for the file (``--machine``, else the kinds table) with the cart loaded, the
    cart, the watch session or None, 0), or (None, None, None, exit code) after a one-line
    message: the file cannot be loaded, or --output asks a machine that prints nothing."""
    kind = kind_of(path, args.machine) if path else "b32"
    session, cart, status = _load(args, path, kind)
    if cart is None:
        return None, None, None, status
    machine = create(kind, args.cycles, args.seed)
    if args.output is not None and not has_output(machine):
        print(f"b32 run: --output: a {machine.name} program prints nothing (it is for LBVM)",
              file=sys.stderr)
        return None, None, None, ex.EX_USAGE
    machine.load(cart)
    return machine, cart, session, ex.EX_OK


def _load(args: argparse.Namespace, path: str, kind: str):
    """(the watch session or None, the cart, 0), or (None, None, exit code) after a message."""
    if args.watch or args.keep_ram:
        from console.commands.watch import start_watching

        return start_watching(args)
    cart, status = load_or_report(path, kind=kind)
    return None, cart, status


def _symbols(machine: Machine, path: str, symbols_path: str | None, session=None):
    """(the symbols for the cart, 0), or (None, exit code) after a one-line message. Watching,
    the names come from the build unless ``--symbols`` names a file."""
    from console.debug.debugger import DebugError, Symbols, load_symbols

    try:
        if session is not None and not symbols_path:
            return Symbols(session.build.symbols if session.build else {}), ex.EX_OK
        return load_symbols(machine, path, symbols_path), ex.EX_OK
    except FileNotFoundError as err:
        print(printable(f"b32 run: {err.filename}: no such file"), file=sys.stderr)
        return None, ex.EX_NOINPUT
    except DebugError as err:
        print(printable(f"b32 run: {err}"), file=sys.stderr)
        return None, ex.EX_DATAERR


def _play(machine: Machine, args: argparse.Namespace, script: InputScript, symbols,
          session=None, recording: HeadlessRecording | None = None
          ) -> tuple[int, Machine, int]:
    """Run the cart in a window or headless. Returns (0, or the window's failure code; the
    machine that ran last: watching replaces it in the window at each reload; frames run)."""
    if args.headless:
        frames = args.frames or DEFAULT_HEADLESS_FRAMES
        frames_run = run_recorded(
            lambda on_frame: run_headless(machine, frames, script, on_frame), recording)
        return ex.EX_OK, machine, frames_run
    from console.frontend.window import play

    loop, status = in_window("run", lambda: play(
        machine, window_options(args), script,
        prepare=lambda loop: prepare_window(loop, symbols, session, args.keep_ram)))
    if loop is None:
        return status, machine, 0
    return status, loop.machine, loop.frames_run
