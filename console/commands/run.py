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
    add_save_arguments,
    add_window_arguments,
    find_cart,
    headless_only,
    headless_outputs,
    in_window,
    load_or_report,
    save_store,
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
    parser.add_argument("--record-audio", metavar="FILE.wav",
                        help="headless: write every frame's sound to a WAV file "
                             "(44,100 16-bit mono samples a second)")
    add_debug_arguments(parser)
    add_save_arguments(parser)
    parser.add_argument("--load-state", metavar="FILE",
                        help="start from the save state in FILE (docs/STATES.md) instead of "
                             "the reset state")
    parser.add_argument("--save-state", metavar="FILE",
                        help="headless: write the final state to FILE, to resume it with "
                             "--load-state")
    add_machine_choice(parser)
    parser.add_argument("--watch", action="store_true",
                        help="reassemble and reload whenever the source or a file it INCLUDEs "
                             "is saved; errors show over the running cart (docs/WINDOW.md)")
    parser.add_argument("--keep-ram", action="store_true",
                        help="with --watch: reload the code keeping RAM and registers when the "
                             "layout allows it (else reset, and say why)")


def run_headless(machine: Machine, frames: int, script: InputScript, on_frame=None) -> int:
    """Run up to ``frames`` frames, feeding ``script`` (its frames count from reset, so a run
    resumed from a state goes on with the same script); stop early on END or a fault. Calls
    ``on_frame(machine, frame)`` after each frame. Returns the number of frames run."""
    for frame in range(frames):
        if machine.halted:  # a state saved after the end: nothing more runs
            return frame
        script.apply(machine, machine.frames)
        machine.run_frame()
        if on_frame is not None:
            on_frame(machine, frame)
        if machine.halted:
            return frame + 1
    return frames


def load_state(machine: Machine, path: str) -> int:
    """Put ``machine`` in the state saved in ``path``; returns 0, or an exit code after a
    one-line message (the machine is then unchanged)."""
    from console.machines import states
    from console.machines.base import StateError
    from console.machines.files import STATE_LIMIT, UnreadableFile, read_bounded

    try:
        states.load(machine, read_bounded(path, max(STATE_LIMIT, states.MAX_STATE_FILE),
                                          "a state file"))
    except FileNotFoundError:
        print(printable(f"b32 run: {path}: no such file"), file=sys.stderr)
        return ex.EX_NOINPUT
    except UnreadableFile as err:
        print(printable(f"b32 run: {path}: {err.reason}"), file=sys.stderr)
        return ex.EX_NOINPUT
    except StateError as err:
        print(printable(f"b32 run: {path}: {err}"), file=sys.stderr)
        return ex.EX_DATAERR
    return ex.EX_OK


def _check_state_options(args: argparse.Namespace) -> int:
    if args.save_state == "-" or args.load_state == "-":
        print("b32 run: a state is a file: give its name, not '-'", file=sys.stderr)
        return ex.EX_USAGE
    if args.save_state and not args.headless:
        print("b32 run: --save-state needs --headless", file=sys.stderr)
        return ex.EX_USAGE
    return ex.EX_OK


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
    status = headless_only(args, "run") or _check_state_options(args)
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
    saves = save_store(args)
    try:
        return _run_cart(machine, cart, path, args, script, session, saves)
    finally:
        if saves is not None:
            saves.close()  # the last save is written even after a fault or an exception


def _run_cart(machine: Machine, cart, path: str, args: argparse.Namespace, script: InputScript,
              session, saves) -> int:
    machine.load(cart, saves.slot(path) if saves is not None else None)
    if args.load_state:
        status = load_state(machine, args.load_state)
        if status:
            return status
    symbols, status = _symbols(machine, path, args.symbols, session)
    if symbols is None:
        return status
    outputs, trace, status = _open_outputs(machine, path, args, symbols)
    if outputs is None:
        return status
    recording, audio, status = _start_recordings(machine, args)
    if status:
        outputs.abort()
        return status
    try:
        status, machine, frames_run = _play_and_listen(machine, args, script, symbols, session,
                                                       recording, audio)
    finally:
        if trace is not None:
            trace.close()
    if status:
        outputs.abort()
        return status
    if machine.fault and args.headless:
        print(printable(f"b32: {cart.name}: {machine.fault}"), file=sys.stderr)
    status = _finish(outputs, args, machine, frames_run, recording, audio)
    if status:
        return status
    return ex.EX_SOFTWARE if machine.fault else ex.EX_OK


def _open_outputs(machine: Machine, path: str, args: argparse.Namespace, symbols):
    """(the outputs, the trace writer or None, 0): every output checked before any work; or
    (None, None, exit code) after a one-line message."""
    from console.debug.debugger import TraceWriter, symbols_beside

    outputs = None
    try:
        outputs = headless_outputs(args, "run", [path, args.symbols, symbols_beside(path),
                                                 args.load_state])
        if args.save_state:
            outputs.add("--save-state", args.save_state, binary=True)
        if args.output is not None:
            outputs.add("--output", args.output, binary=True)
        trace = None
        if args.trace is not None:
            stream = outputs.stream(outputs.get("--trace"))
            trace = TraceWriter(machine, stream, args.trace_limit, symbols).attach()
        return outputs, trace, ex.EX_OK
    except OutputError as err:
        if outputs is not None:
            outputs.abort()
        print(err, file=sys.stderr)
        return None, None, err.code
    except OSError as err:
        if outputs is not None:
            outputs.abort()
        print(printable(f"b32 run: cannot write {args.trace}: {err.strerror or err}"),
              file=sys.stderr)
        return None, None, ex.EX_CANTCREAT


def _play_and_listen(machine: Machine, args: argparse.Namespace, script: InputScript, symbols,
                     session, recording, audio):
    """``_play``, with the ``--record-audio`` file removed when the run does not end (and a
    failed write of it reported: 73)."""
    try:
        return _play(machine, args, script, symbols, session, recording)
    except BaseException as err:
        if audio is None:
            raise
        audio.discard()
        if not isinstance(err, OSError):
            raise
        print(printable(f"b32 run: cannot write {audio.path}: {err.strerror or err}"),
              file=sys.stderr)
        return ex.EX_CANTCREAT, machine, 0


def _start_recordings(machine: Machine, args: argparse.Namespace):
    """(the --record recording or None, the --record-audio recorder or None, 0), or an exit
    code after a one-line message in the last place."""
    if not args.headless:
        return None, None, ex.EX_OK
    recording, status = start_recording(args)
    audio = None
    if not status and args.record_audio:
        audio, status = _start_audio(machine, args.record_audio)
    return recording, audio, status


def _start_audio(machine: Machine, path: str):
    """(the ``--record-audio`` recorder, 0), or (None, 73) after a one-line message."""
    from console.machines.b32.recorder import AudioRecorder  # numpy: only when recording

    try:
        return AudioRecorder(machine, path), ex.EX_OK
    except OSError as err:
        print(printable(f"b32 run: cannot write {path}: {err.strerror or err}"), file=sys.stderr)
        return None, ex.EX_CANTCREAT


def _finish(outputs, args: argparse.Namespace, machine: Machine, frames_run: int,
            recording: HeadlessRecording | None, audio=None) -> int:
    """The dumps and the screenshot (the frame the window would show, drawn at its tick), then
    the recordings (pictures, sound), renamed into place last so that a failing command leaves
    none; 0, or an exit code after a one-line message."""
    status = recording.finish(frames_run) if recording is not None else ex.EX_OK
    if not status and args.save_state:
        from console.machines import states

        outputs.put(outputs.get("--save-state"), states.encode(machine))
    if status:
        outputs.abort()
    else:
        if args.output is not None:
            outputs.put(outputs.get("--output"), machine.output())
        status = write_headless(outputs, args, machine.state(), machine,
                                tick=max(frames_run - 1, 0))
    if status:
        if recording is not None:
            recording.recording.discard()
        if audio is not None:
            audio.discard()
        return status
    status = recording.commit() if recording is not None else ex.EX_OK
    if audio is not None:
        return _finish_audio(audio) if not status else (audio.discard() or status)
    return status


def _finish_audio(audio) -> int:
    try:
        audio.finish()
    except OSError as err:
        audio.discard()
        print(printable(f"b32 run: cannot write {audio.path}: {err.strerror or err}"),
              file=sys.stderr)
        return ex.EX_CANTCREAT
    return ex.EX_OK


def _machine(args: argparse.Namespace, path: str):
    """(the machine for the file (``--machine``, else the kinds table), not yet loaded, the
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
    return machine, cart, session, ex.EX_OK


def _load(args: argparse.Namespace, path: str, kind: str):
    """(the watch session or None, the cart, 0), or (None, None, exit code) after a message."""
    if args.watch or args.keep_ram:
        return start_watching(args)
    cart, status = load_or_report(path, kind=kind)
    return None, cart, status


def start_watching(args: argparse.Namespace):
    """Watch mode's checks of the arguments and first build (``--watch``, ``b32 watch``):
    (session, cart to start with, 0), or (None, None, exit code) after a one-line error.
    A source with errors still opens the window (the errors in its panel, and on stderr)."""
    from console.author.session import RELOADED, WatchSession, waiting_cart

    if not args.watch:
        print("b32 run: --keep-ram needs --watch", file=sys.stderr)
        return None, None, ex.EX_USAGE
    if args.headless:
        print("b32 run: --watch needs a window (leave out --headless)", file=sys.stderr)
        return None, None, ex.EX_USAGE
    session = WatchSession(args.cart)
    try:
        event = session.start()
    except FileNotFoundError:
        print(f"b32: {args.cart}: no such file", file=sys.stderr)
        return None, None, ex.EX_NOINPUT
    if event.kind == RELOADED:
        return session, event.build.cart, ex.EX_OK
    for line in event.errors or (event.note,):
        print(line, file=sys.stderr)
    waiting = waiting_cart(session.path)
    if waiting is None:
        return None, None, ex.EX_DATAERR
    print(f"b32: {session.path.name} does not build yet; watching it", file=sys.stderr)
    return session, waiting, ex.EX_OK


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
    from console.machines.saves import states_dir

    options = window_options(args)
    options.state_dir = str(states_dir(args.save_dir))
    options.cart_path = str(args.cart)
    options.rewind = True
    loop, status = in_window("run", lambda: play(
        machine, options, script,
        prepare=lambda loop: prepare_window(loop, symbols, session, args.keep_ram)))
    if loop is None:
        return status, machine, 0
    return status, loop.machine, loop.frames_run
