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
    muted: bool = False  # start with the sound off (Ctrl+M turns it on)
    volume: float = 1.0  # 0.0-1.0 of the synthesized samples' level
