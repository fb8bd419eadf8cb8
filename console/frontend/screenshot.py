"""Screenshots: PNGs of the 640 x 400 screen, named ``CART-YYYYMMDD-HHMMSS.png``.

Several in one second get ``-2``, ``-3``...; a file is created exclusively, so an existing one is
never overwritten, even by another program racing for the same name. The default folder is
``B32`` in the user's pictures folder, created when missing; when a folder cannot be written
the current folder is used instead, and the caller is told so it can say where the file went.
"""

from __future__ import annotations

import io
import os
import re
import sys
from datetime import datetime
from pathlib import Path

import pygame

from console.frontend.font import load_font
from console.frontend.renderer import render_screen

MAX_SAME_SECOND = 10_000
FALLBACK_NOTE = "screenshot folder not writable, saved in the current folder"


def pictures_dir() -> Path:
    """The user's pictures folder: XDG_PICTURES_DIR on Linux and BSD, else ~/Pictures."""
    home = Path.home()
    if sys.platform not in ("win32", "darwin"):
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        try:
            text = (config / "user-dirs.dirs").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        match = re.search(r'^XDG_PICTURES_DIR="([^"]*)"', text, re.MULTILINE)
        if match:
            value = match.group(1).replace("$HOME", str(home))
            if value and Path(value) != home:
                return Path(value)
    return home / "Pictures"


def default_dir() -> Path:
    return pictures_dir() / "B32"


def safe_name(name: str) -> str:
    """A cart name usable in a file name on every system."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
    return cleaned or "b32"


def candidate_names(cart_name: str, when: datetime, suffix: str = ".png"):
    """``CART-YYYYMMDD-HHMMSS.png``, then ``...-2.png``, ``...-3.png``... (or another suffix)"""
    stem = f"{safe_name(cart_name)}-{when:%Y%m%d-%H%M%S}"
    yield f"{stem}{suffix}"
    for n in range(2, MAX_SAME_SECOND):
        yield f"{stem}-{n}{suffix}"


def writable_dir(requested: str | Path | None) -> tuple[Path, bool]:
    """(folder to save in, whether it is the fallback): ``requested`` (default: Pictures/B32),
    created when missing; the current folder when that cannot be made or written."""
    folder = Path(requested) if requested else default_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
            return folder, False
    except OSError:
        pass
    return Path.cwd(), True


def scaled(surface: pygame.Surface, scale: int) -> pygame.Surface:
    if scale == 1:
        return surface
    w, h = surface.get_size()
    return pygame.transform.scale(surface, (w * scale, h * scale))


def save_png(surface: pygame.Surface, folder: Path, cart_name: str,
             when: datetime | None = None, scale: int = 1) -> Path:
    """Save ``surface`` (times ``scale``) as the first free name in ``folder``; returns its path.
    Raises OSError when the folder cannot be written."""
    when = when or datetime.now()
    data = png_bytes(surface, scale)
    for name in candidate_names(cart_name, when):
        path = folder / name
        try:
            with open(path, "xb") as out:
                out.write(data)
        except FileExistsError:
            continue
        except OSError:
            _remove_partial(path)
            raise
        return path
    raise FileExistsError(f"{folder}: too many screenshots named {cart_name} in one second")


def _remove_partial(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


class Screenshots:
    """F12's saver: picks the folder on first use (with the current-folder fallback) and
    remembers it. ``save`` returns (path, note): note is non-empty after a fallback."""

    def __init__(self, requested: str | Path | None = None, scale: int = 1) -> None:
        self.requested = requested
        self.scale = scale
        self.folder: Path | None = None
        self.fell_back = False

    def save(self, surface: pygame.Surface, cart_name: str, when: datetime | None = None
             ) -> tuple[Path, str]:
        if self.folder is None:
            self.folder, self.fell_back = writable_dir(self.requested)
        try:
            path = save_png(surface, self.folder, cart_name, when, self.scale)
        except OSError:
            if self.folder == Path.cwd():
                raise
            self.folder, self.fell_back = Path.cwd(), True
            path = save_png(surface, self.folder, cart_name, when, self.scale)
        return path, FALLBACK_NOTE if self.fell_back else ""


class ScreenshotError(Exception):
    """A screenshot that cannot be made (too big for memory); the message is one line."""


def png_bytes(surface: pygame.Surface, scale: int = 1) -> bytes:
    """``surface`` times ``scale`` as PNG bytes. Raises ScreenshotError when it cannot be made
    (pygame out of memory at a huge scale)."""
    try:
        out = io.BytesIO()
        pygame.image.save(scaled(surface, scale), out, "png")
    except (pygame.error, MemoryError, ValueError) as err:
        raise ScreenshotError(f"cannot make a screenshot at scale {scale}: {err}") from None
    return out.getvalue()


def machine_screenshot_png(machine, scale: int = 1, tick: int = 0) -> bytes:
    """Headless ``--screenshot FILE``: the machine's screen as PNG bytes (640 x 400 times
    ``scale``), drawn at ``tick`` (the blink and cursor phase). Raises FontError when the font
    is missing, ScreenshotError."""
    return png_bytes(render_screen(machine, load_font(), tick), scale)


def save_machine_screenshot(machine, path: str | Path, scale: int = 1, tick: int = 0) -> None:
    """``machine_screenshot_png`` written to ``path`` (OSError when it cannot be)."""
    data = machine_screenshot_png(machine, scale, tick)
    with open(path, "wb") as out:
        out.write(data)
