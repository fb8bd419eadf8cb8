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
    add_record_arguments,
    add_window_arguments,
    in_window,
    load_or_report,
    outputs_need_headless,
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
    add_record_arguments(parser)
    add_debug_arguments(parser)


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


class HeadlessRecording:
    """``--record FILE``: the frames from ``--record-from`` on, as the window would have drawn
    them (frame N at tick N), written by the recorder's worker thread to a temporary file that
    is renamed to FILE only when the whole command succeeded."""

    def __init__(self, args: argparse.Namespace) -> None:
        from console.frontend.recorder import Recording

        self.start = args.record_from
        self.recording = Recording(args.record, args.record_scale, process=False)
        self._last = None

    def __call__(self, machine: Machine, frame: int) -> None:
        from console.frontend.recorder import take_snapshot

        if frame >= self.start:
            self._last = take_snapshot(machine, frame, self._last)
            self.recording.add(self._last, wait=True)

    def finish(self, frames_run: int) -> int:
        """Wait for the file to be complete; 0, or the exit code after a one-line error."""
        from console.frontend.recorder import RecordError

        rec = self.recording
        rec.finish()
        if rec.frames == 0:
            rec.discard()
            print(f"b32 run: nothing recorded: the run ended after {frames_run} frames, "
                  f"before --record-from {self.start}", file=sys.stderr)
            return ex.EX_USAGE
        if isinstance(rec.error, (OSError, RecordError)):
            rec.discard()
            err = rec.error
            print(f"b32 run: cannot write {rec.target}: {getattr(err, 'strerror', None) or err}",
                  file=sys.stderr)
            return ex.EX_CANTCREAT
        return ex.EX_OK

    def commit(self) -> int:
        """Rename the finished file into place; 0, or 73 after a one-line error."""
        try:
            self.recording.commit()
        except OSError as err:
            print(f"b32 run: cannot write {self.recording.target}: {err.strerror or err}",
                  file=sys.stderr)
            return ex.EX_CANTCREAT
        return ex.EX_OK


def run_recorded(machine: Machine, frames: int, script: InputScript,
                 recording: HeadlessRecording | None) -> int:
    """``run_headless`` feeding ``recording``; interrupted (Ctrl+C), the recording's temporary
    file is removed."""
    try:
        return run_headless(machine, frames, script, recording)
    except BaseException:
        if recording is not None:
            recording.recording.finish()  # the worker is done with the file before it goes
            recording.recording.discard()
        raise


def start_recording(args: argparse.Namespace) -> tuple[HeadlessRecording | None, int]:
    """(the recording ``--record`` asks for, 0), or (None, exit code) after a one-line error:
    64 for a file type the console does not write, 73 for a file that cannot be written or a
    video without the ``[video]`` extra, 74 for a missing font."""
    if not args.record:
        return None, ex.EX_OK
    from console.frontend.font import FontError
    from console.frontend.recorder import RecordError, VideoUnavailable

    frames = args.frames or DEFAULT_HEADLESS_FRAMES
    if args.record_from >= frames:
        print(f"b32 run: --record-from {args.record_from} is not before the last frame "
              f"({frames} frames run)", file=sys.stderr)
        return None, ex.EX_USAGE
    try:
        return HeadlessRecording(args), ex.EX_OK
    except VideoUnavailable as err:
        print(f"b32 run: --record {args.record}: {err}", file=sys.stderr)
        return None, ex.EX_CANTCREAT
    except RecordError as err:
        print(f"b32 run: --record {err}", file=sys.stderr)
        return None, ex.EX_USAGE
    except OSError as err:
        print(f"b32 run: cannot write {args.record}: {err.strerror or err}", file=sys.stderr)
        return None, ex.EX_CANTCREAT
    except FontError as err:
        print(err, file=sys.stderr)
        return None, ex.EX_IOERR


def check_arguments(args: argparse.Namespace) -> tuple[InputScript | None, int]:
    """(the input script, 0), or (None, 64) after a one-line error."""
    try:
        script = InputScript.parse(args.press, args.type)
    except ScriptError as err:
        print(f"b32 run: {err}", file=sys.stderr)
        return None, ex.EX_USAGE
    status = outputs_need_headless(args, "run")
    if not status and args.record and not args.headless:
        print("b32 run: --record needs --headless", file=sys.stderr)
        status = ex.EX_USAGE
    return (None if status else script), status


def run(args: argparse.Namespace) -> int:
    script, status = check_arguments(args)
    if script is None:
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
        recording, status = start_recording(args)
        if status:
            return status
        frames_run = run_recorded(machine, args.frames or DEFAULT_HEADLESS_FRAMES, script,
                                  recording)
    finally:
        if trace is not None:
            trace.close()
    if machine.fault:
        print(f"b32: {cart.name}: {machine.fault}", file=sys.stderr)
    status = finish_headless(args, machine, frames_run, recording)
    return status or (ex.EX_SOFTWARE if machine.fault else ex.EX_OK)


def finish_headless(args: argparse.Namespace, machine: Machine, frames_run: int,
                    recording: HeadlessRecording | None) -> int:
    """The dumps and the screenshot (the frame the window would show, drawn at its tick), then
    the recording, renamed into place last so that a failing command leaves none; 0, or an
    exit code after a one-line message."""
    status = recording.finish(frames_run) if recording is not None else ex.EX_OK
    if status:
        return status
    status = write_headless_outputs(args, "run", machine.state(), machine, tick=frames_run - 1)
    if recording is None:
        return status
    if status:
        recording.recording.discard()
        return status
    return recording.commit()


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
