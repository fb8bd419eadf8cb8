"""The code page 437 8 x 16 font in ``fonts/``: 256 glyphs of 16 bytes, bit 7 the leftmost pixel.

No pygame here: a glyph is 16 row bytes, so tests and other tools can read it plainly.
"""

from __future__ import annotations

from pathlib import Path

from console.machines import screen as mm
from console.machines.files import FONT_LIMIT, UnreadableFile, read_bounded
from console.resources import data_dir

FONT_DIR = data_dir("fonts")
DEFAULT_FONT = FONT_DIR / "moderndos-8x16.bin"
GLYPHS = 256
FONT_SIZE = GLYPHS * mm.GLYPH_HEIGHT  # 4096 bytes


class FontError(Exception):
    """The font file is missing or is not 256 glyphs of 8 x 16; the message says which file."""


class Font:
    """256 glyphs, each ``mm.GLYPH_HEIGHT`` row bytes (bit 7 = leftmost pixel)."""

    def __init__(self, data: bytes, name: str = "font") -> None:
        if len(data) != FONT_SIZE:
            raise FontError(
                f"b32: {name}: not an 8 x 16 font: {len(data)} bytes, expected {FONT_SIZE}"
            )
        self.data = bytes(data)
        self.name = name

    def rows(self, char: int) -> bytes:
        """The 16 row bytes of glyph ``char`` (0-255)."""
        start = (char & 0xFF) * mm.GLYPH_HEIGHT
        return self.data[start : start + mm.GLYPH_HEIGHT]

    def pixel(self, char: int, x: int, y: int) -> bool:
        """Whether pixel (x, y) of glyph ``char`` is set (foreground)."""
        return bool(self.rows(char)[y] & (0x80 >> x))


def load_font(path: str | Path | None = None) -> Font:
    """The font at ``path`` (default: the console's own); raises FontError (one line) when it
    is missing, unreadable (not a regular file, too big) or the wrong size."""
    path = Path(path) if path is not None else DEFAULT_FONT
    try:
        data = read_bounded(path, FONT_LIMIT)
    except FileNotFoundError:
        raise FontError(f"b32: font {path}: no such file (the console's fonts/ folder is "
                        "missing)") from None
    except UnreadableFile as err:
        raise FontError(f"b32: font {path}: {err.reason}") from None
    return Font(data, str(path))
