"""What a command tells the window: plain options, never argparse (the command layer builds
them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class WindowOptions:
    scale: int | None = None  # None: the largest whole scale that fits, at most 3
    fullscreen: bool = False
    screenshot_dir: str | None = None  # None: Pictures/B32
    screenshot_scale: int = 1
    stats: bool = False  # print the frame figures on stderr when the window closes
    recording: bool = True  # Ctrl+F12 / Shift+F12 (a kiosk has none)
    record_scale: int = 1  # recordings at N x 640 x 400
    clip_seconds: int = 10  # what Shift+F12 saves
