"""The window front end: the only part of the console that imports pygame.

Pieces others build on (a shell, a kiosk, a debugger):

- ``font``       the code page 437 glyph bitmaps (no pygame)
- ``renderer``   ``Renderer``: screen cells + video registers -> a 640 x 400 Surface, dirty
                 cells only; ``paint`` draws them again into the window at its scale
- ``display``    ``Display``: window / fullscreen, integer scale, border, letterbox, present
- ``input``      ``map_event``: a pygame event -> plain key codes, button bits, console actions
- ``audio``      ``Speaker``: the synthesizer's blocks on the mixer, silent without an audio device
- ``screenshot`` PNG naming, no-overwrite saving, the default folder
- ``window``     ``FrameLoop``: the 60 Hz loop; ``play`` for ``b32 run``
- ``plugin``     ``Plugin``: the one way to extend the loop (its hooks), the status colours
- the plugins:   ``timekeys`` (save states, rewind), ``recorder`` (GIF / MP4 / WebM
                 recordings), ``debugger_overlay`` (the F6 panel), ``author`` (drops, watch
                 mode), ``shell_window`` (the browser and kiosk: the shell steps the frames)
"""

import contextlib
import os
import sys

# pygame prints a banner to stdout on import; a console command's stdout is not the place for it.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


@contextlib.contextmanager
def quiet_stderr():
    """Send what C libraries write to file descriptor 2 (ALSA's and Wayland's complaints while
    SDL probes for devices) to the null device for the duration, then put stderr back: it is
    never closed. pygame's own failures still arrive as exceptions."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
