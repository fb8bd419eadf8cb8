"""A plain screen buffer: 80 x 25 cells of (code page 437 byte, attribute byte) with a border
colour, and text drawn into it. The shell draws its menu here (and the kiosk's "why it stopped"
box over a copy of a stopped cart's screen); the window and ``--screenshot`` show it as they
show a machine: it offers ``screen_bytes()``, ``screen_lines()``, ``video`` and a silent
``beeper``.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.machines.screen import CELLS, COLUMNS, ROWS
from console.machines.text import screen_text

BLANK = bytes([0x20, 0x07])  # a space, light grey on black


@dataclass
class Video:
    """The ``VideoRegisters`` of a buffer: border colour, cursor (bit 0 shows it), video mode."""

    border: int = 0
    cursor: int = 0
    cursor_pos: int = 0
    video_mode: int = 0


class Silence:
    """A buffer plays nothing."""

    frequency = 0
    volume = 0


class ScreenBuffer:
    def __init__(self, border: int = 0) -> None:
        self.cells = bytearray(BLANK * CELLS)
        self.video = Video(border=border)
        self.beeper = Silence()

    @classmethod
    def copy_of(cls, machine) -> ScreenBuffer:
        """What ``machine`` (anything with ``screen_bytes()`` and ``video``) shows now."""
        buffer = cls()
        buffer.cells[:] = machine.screen_bytes()
        video = machine.video
        buffer.video = Video(video.border, video.cursor, video.cursor_pos, video.video_mode)
        return buffer

    # ---- what is shown -----------------------------------------------------------------------
    def screen_bytes(self) -> bytes:
        return bytes(self.cells)

    def screen_lines(self) -> list[str]:
        """The 25 rows as text: every byte as its code page 437 glyph
        (``console.machines.text``), byte 0 as a space, trailing spaces stripped."""
        text = screen_text(self.cells[0::2])
        return [text[r * COLUMNS : (r + 1) * COLUMNS].rstrip(" ") for r in range(ROWS)]

    def attribute_lines(self) -> list[str]:
        """The 25 rows' attribute bytes, each as 160 lowercase hex digits."""
        attrs = bytes(self.cells[1::2])
        return [attrs[r * COLUMNS : (r + 1) * COLUMNS].hex() for r in range(ROWS)]

    # ---- drawing -----------------------------------------------------------------------------
    def fill(self, attr: int, char: int = 0x20, rows: range = range(ROWS)) -> None:
        for row in rows:
            at = 2 * COLUMNS * row
            self.cells[at : at + 2 * COLUMNS] = bytes([char, attr]) * COLUMNS

    def put(self, row: int, col: int, text: str, attr: int, width: int | None = None) -> None:
        """``text`` at (row, col), cut or padded to ``width`` cells, clipped at the right edge."""
        if width is not None:
            text = text[:width].ljust(width)
        data = text.encode("cp437", errors="replace")[: max(0, COLUMNS - col)]
        at = 2 * (COLUMNS * row + col)
        cells = bytearray(2 * len(data))
        cells[0::2] = data
        cells[1::2] = bytes([attr]) * len(data)
        self.cells[at : at + len(cells)] = cells

    def box(self, top: int, left: int, bottom: int, right: int, attr: int,
            title: str = "") -> None:
        """A double-line box, its inside filled with spaces, ``title`` centred on the top edge."""
        inner = right - left - 1
        self.put(top, left, "\u2554" + "\u2550" * inner + "\u2557", attr)
        for row in range(top + 1, bottom):
            self.put(row, left, "\u2551" + " " * inner + "\u2551", attr)
        self.put(bottom, left, "\u255a" + "\u2550" * inner + "\u255d", attr)
        if title:
            text = f" {title[: inner - 2]} "
            self.put(top, left + 1 + (inner - len(text)) // 2, text, attr)
