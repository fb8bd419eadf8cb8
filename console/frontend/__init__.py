"""The window front end: the only part of the console that imports pygame.

Pieces others build on (a shell, a kiosk, a debugger):

- ``font``       the code page 437 glyph bitmaps (no pygame)
- ``renderer``   ``Renderer``: screen cells + video registers -> a 640 x 400 Surface, dirty
                 cells only
- ``display``    ``Display``: window / fullscreen, integer scale, border, letterbox, present
- ``input``      ``map_event``: a pygame event -> plain key codes, button bits, console actions
- ``audio``      ``BeeperSound``: the beeper as a square wave, silent without an audio device
- ``screenshot`` PNG naming, no-overwrite saving, the default folder
- ``window``     ``FrameLoop``: the 60 Hz loop with hooks; ``play`` for ``b32 run``
"""

import os

# pygame prints a banner to stdout on import; a console command's stdout is not the place for it.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
