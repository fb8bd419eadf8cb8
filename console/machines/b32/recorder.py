"""``--record-audio FILE.wav``: every block the synthesizer makes, into a WAV file.

The samples go to a temporary file beside the target as the machine runs (44,100 16-bit mono
samples a second, Python's ``wave`` module); ``finish`` renames it over the target, ``discard``
removes it, so a failed run never leaves half a file or clobbers an old one.
"""

from __future__ import annotations

import os
import tempfile
import wave
from pathlib import Path

from console.machines.b32 import memmap as mm
from console.machines.b32.synth import Synth


class AudioRecorder:
    """Records ``machine``'s sound from now on. Raises OSError when FILE cannot be written."""

    def __init__(self, machine, path: str | os.PathLike) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise IsADirectoryError(21, "is a directory", str(self.path))
        folder = self.path.parent
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=folder)
        self.temp = Path(temp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(fd, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        self._file = os.fdopen(fd, "wb")
        self._wav = wave.open(self._file, "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(mm.SAMPLE_RATE)
        self.synth = Synth()
        self.blocks = 0
        self.machine = machine
        machine.on_sound = self.record

    def record(self, tones) -> None:
        self._wav.writeframesraw(self.synth.render_bytes(tones))
        self.blocks += 1

    def finish(self) -> Path:
        """Close the file and put it in place; returns the path."""
        self._close()
        os.replace(self.temp, self.path)
        return self.path

    def discard(self) -> None:
        self._close()
        self.temp.unlink(missing_ok=True)

    def _close(self) -> None:
        if self.machine.on_sound == self.record:
            self.machine.on_sound = None
        if not self._file.closed:
            try:
                self._wav.close()
            finally:
                self._file.close()
