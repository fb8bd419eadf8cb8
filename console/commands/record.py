"""``b32 run --record FILE``: a headless run's frames as a GIF (or MP4 / WebM with the extra),
drawn as the window would have drawn them; the file is put in place only when the whole command
succeeded."""

from __future__ import annotations

import argparse
import sys

from console.commands import exitcodes as ex
from console.commands.args import DEFAULT_HEADLESS_FRAMES
from console.machines.b32.machine import Machine


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


def run_recorded(run_headless, recording: HeadlessRecording | None) -> int:
    """``run_headless(on_frame)`` feeding ``recording``; interrupted (Ctrl+C), the
    recording's temporary file is removed. Returns the frames run."""
    try:
        return run_headless(recording)
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
